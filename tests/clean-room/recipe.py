#!/usr/bin/env python3
"""Prints the README's install commands for one package as a bash script.

    python3 tests/clean-room/recipe.py README.md python        (or python-pandas, npm, rust, …)

In README.md a recipe is the fenced blocks that follow its markers, in order:

    <!-- clean-room: NAME -->        the next ```sh block is run as it stands;
    <!-- clean-room: NAME FILE -->   the next block is written to FILE (relative to the directory
                                     the commands before it have changed to).

scripts/test-clean-room.sh runs the script in an empty directory holding a copy of dist/, so
what CI runs is the README's text, word for word. Fails when the recipe has no block, when a
marker is not followed by a fenced block, or when a fenced block of the README's "## Install"
section has no marker (other than the build command, `bash scripts/package.sh`, which the suites
run per package): nothing there goes untested.
"""

from __future__ import annotations

import re
import sys

MARKER = re.compile(r"^<!-- clean-room: (\S+)(?: (\S+))? -->$")
FENCE = re.compile(r"^```(\w*)$")
END = "MINZHENG_END_OF_FILE"


def blocks(text: str, recipe: str) -> list[tuple[str | None, str, list[str]]]:
    """(file or None, language, lines) for each block of ``recipe``."""
    lines = text.splitlines()
    found = []
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        i += 1
        if not m:
            continue
        while i < len(lines) and not lines[i].strip():
            i += 1
        fence = FENCE.match(lines[i]) if i < len(lines) else None
        if not fence:
            raise SystemExit(f"line {i}: the marker {m.group(0)} is not followed by a fenced block")
        start = i + 1
        end = start
        while end < len(lines) and lines[end] != "```":
            end += 1
        if end == len(lines):
            raise SystemExit(f"line {i + 1}: unterminated block")
        if m.group(1) == recipe:
            found.append((m.group(2), fence.group(1), lines[start:end]))
        i = end + 1
    return found


def unmarked_install_blocks(text: str) -> list[int]:
    """Line numbers of fenced blocks in the "## Install" section without a marker."""
    lines = text.splitlines()
    bad = []
    in_section = False
    inside = False
    previous = ""
    for n, line in enumerate(lines, 1):
        if not inside and line.startswith("## "):
            in_section = line == "## Install"
        if FENCE.match(line) and not inside:
            inside = True
            body = []
            opening = n
            marked = bool(MARKER.match(previous))
            continue
        if inside:
            if line == "```":
                inside = False
                build = len(body) == 1 and body[0].startswith("bash scripts/package.sh")
                if in_section and not marked and not build:
                    bad.append(opening)
            else:
                body.append(line)
            continue
        if line.strip():
            previous = line
    return bad


def script(text: str, recipe: str) -> str:
    unmarked = unmarked_install_blocks(text)
    if unmarked:
        raise SystemExit(f"README lines {unmarked}: a block of the Install section has no marker")
    out = [f"# The README's install commands: recipe {recipe!r}"]
    found = blocks(text, recipe)
    if not found:
        raise SystemExit(f"README has no block of recipe {recipe!r}")
    for file, language, lines in found:
        if file is None:
            if language != "sh":
                raise SystemExit(f"recipe {recipe!r}: a block to run must be sh, not {language!r}")
            out.extend(lines)
        else:
            if any(line == END for line in lines):
                raise SystemExit(f"{file}: a line equals the end marker {END}")
            out.append(f'mkdir -p "$(dirname {file})" && cat > {file} <<\'{END}\'')
            out.extend(lines)
            out.append(END)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: recipe.py README.md RECIPE")
    with open(sys.argv[1], encoding="utf-8") as f:
        sys.stdout.write(script(f.read(), sys.argv[2]))
