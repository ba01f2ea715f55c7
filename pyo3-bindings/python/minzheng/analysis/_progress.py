"""A progress bar for long runs: tqdm when it is installed, otherwise a plain one on stderr."""

from __future__ import annotations

import sys
import time
from typing import Any

#: Runs of at least this many households show a progress bar unless told otherwise.
AUTO_THRESHOLD = 100_000


class _Plain:
    """A minimal stderr bar: ``simulate  43% |████████▌          | 43000/100000 households``."""

    def __init__(self, total: int, desc: str) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.desc = desc
        self.start = time.monotonic()
        self._draw()

    def update(self, n: int) -> None:
        self.done += n
        self._draw()

    def _draw(self) -> None:
        width = 30
        filled = width * self.done // self.total
        bar = "█" * filled + " " * (width - filled)
        elapsed = time.monotonic() - self.start
        sys.stderr.write(
            f"\r{self.desc} {100 * self.done // self.total:3d}% |{bar}| "
            f"{self.done}/{self.total} households [{elapsed:.1f}s]"
        )
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


class _Silent:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, enabled: bool | None, desc: str = "simulate") -> Any:
    """A bar with ``update(n)`` and ``close()``; ``enabled=None`` shows one from
    :data:`AUTO_THRESHOLD` households."""
    if enabled is None:
        enabled = total >= AUTO_THRESHOLD
    if not enabled:
        return _Silent()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _Plain(total, desc)
    return tqdm(total=total, desc=desc, unit="households")
