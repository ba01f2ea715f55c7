"""The analysis API's boundary: arguments checked before use, and raw Python exceptions mapped
to :class:`minzheng.InputError` with a stable code and the path of the argument they concern.

Analysts pass whatever their data holds: ``float('inf')`` weights, ``Decimal('Infinity')``,
``10**30``, ``threads=-1``, a ``datetime.date``, duplicate column names, ``bytes`` cells. Each is
either accepted with a clear meaning (a date object is its ISO date) or refused as a typed
error; none escapes as an ``OverflowError``, ``AttributeError``, ``decimal.InvalidOperation``,
``TypeError``, ``ValueError`` or ``MemoryError``.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import functools
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from ..errors import InputError, MinzhengError

F = TypeVar("F", bound=Callable[..., Any])

#: The largest weight of one household (a weight is how many households it stands for).
MAX_WEIGHT = 10**9
#: The most threads a run may ask for (0 or None: every core).
MAX_THREADS = 1024


def boundary(argument: str = "") -> Callable[[F], F]:
    """Wraps a public function so that a raw Python exception raised inside it (a defect of
    a check, or a value no check foresaw) becomes :class:`InputError` at ``argument``: the
    caller always gets a :class:`MinzhengError` with a code and a path."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except MinzhengError:
                raise
            except MemoryError:
                raise InputError(
                    "input_too_large", argument, "the input needs more memory than is available"
                ) from None
            except RecursionError:
                raise InputError("invalid_json", argument, "the input is nested too deeply") from None
            except (OverflowError, decimal.InvalidOperation, ArithmeticError) as e:
                raise InputError(
                    "out_of_range", argument, f"a number is outside what can be used ({e})"
                ) from None
            except (TypeError, AttributeError, KeyError, IndexError) as e:
                raise InputError(
                    "invalid_type", argument, f"a value of an unexpected kind ({type(e).__name__}: {e})"
                ) from None
            except ValueError as e:
                raise InputError("invalid_value", argument, str(e) or type(e).__name__) from None

        return inner  # type: ignore[return-value]

    return wrap


def threads(value: Any) -> int:
    """``threads``: None or 0 for every core, else a whole number of threads."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(
            "invalid_type", "threads", f"threads must be an int or None, not {type(value).__name__}"
        )
    if not 0 <= value <= MAX_THREADS:
        raise InputError(
            "out_of_range",
            "threads",
            f"threads must be 0–{MAX_THREADS} (0 or None: every core), not {value}",
        )
    return value


def names(value: Any, field: str, what: str, example: str) -> list[str] | None:
    """An option naming some things (``programmes=``, ``columns=``): None for all of them, else
    their names (a list, tuple or set of strings); ``what`` names one (``programme``) and
    ``example`` shows the option given (``programmes=['dibao', 'tekun']``)."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InputError(
            "invalid_type", field, f"give the {field} as a list of names, e.g. {example}"
        )
    listed = list(value)
    for i, name in enumerate(listed):
        if not isinstance(name, str):
            raise InputError(
                "invalid_type",
                f"{field}[{i}]",
                f"a {what} is named by a string, not {type(name).__name__}",
            )
    return listed


def programmes(value: Any) -> list[str] | None:
    """``programmes``: None for every household programme, else their wire names (the engine
    rejects an unknown name with its position)."""
    return names(value, "programmes", "programme", "programmes=['dibao', 'tekun']")


def calculation_date(value: Any, name: str = "date") -> Any:
    """A calculation date: ``None``, ISO text, or a :class:`datetime.date` (a ``datetime`` is
    its date; a pandas ``Timestamp`` too), given back as ISO text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime) or hasattr(value, "to_pydatetime"):
        try:
            return value.date().isoformat()
        except Exception:  # NaT and the like
            raise InputError("invalid_date", name, f"{value!r} is not a date") from None
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise InputError(
        "invalid_type",
        name,
        f"{name} must be text such as '2025-07-01' or a datetime.date, not {type(value).__name__}",
    )


def weight(value: Any, path: str) -> int | Decimal:
    """One household weight, exact: a finite number from 0 to :data:`MAX_WEIGHT`."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError("out_of_range", path, f"a weight must be a finite number, not {value!r}")
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError("out_of_range", path, f"a weight must be a finite number, not {value}")
        if abs(value.adjusted()) > 18:
            raise InputError(
                "out_of_range", path, f"a weight must be 0–{MAX_WEIGHT}, not {value}"
            )
        w: int | Decimal = int(value) if value == value.to_integral_value() else value
    else:
        w = value
    if w > MAX_WEIGHT:
        raise InputError("out_of_range", path, f"a weight must be 0–{MAX_WEIGHT}, not {w}")
    return w


def decimal_argument(value: Any, name: str) -> Decimal:
    """An exact number argument (``start``, ``stop``, ``step``): int, Decimal or decimal text."""
    if isinstance(value, (bool, float)) or not isinstance(value, (int, Decimal, str)):
        raise InputError(
            "invalid_value", name, f"{name} must be an int, a Decimal or a decimal str, not {value!r}"
        )
    try:
        d = Decimal(value.strip() if isinstance(value, str) else value)
    except (decimal.InvalidOperation, ValueError):
        raise InputError("invalid_value", name, f"{value!r} is not a decimal number") from None
    if not d.is_finite() or abs(d.adjusted()) > 24:
        raise InputError("out_of_range", name, f"{name} must be a finite amount, not {value!r}")
    return d


def unique_columns(names: list[Any], table: str) -> None:
    """A table's column names are unique (pandas allows a name twice; the engine cannot tell
    which one is meant)."""
    seen: set[str] = set()
    for name in names:
        text = str(name)
        if text in seen:
            raise InputError(
                "invalid_value", f"{table}.{text}", f"the column {text!r} is given twice"
            )
        seen.add(text)


def exact_cells(frame: Any, table: str) -> None:
    """The ``object`` columns of a pandas frame hold exact values: a non-finite number
    (``float('inf')``, ``Decimal('Infinity')``, ``Decimal('NaN')``) or a finite ``float`` among
    them is an error naming the row and column (a float cannot carry an exact amount; NaN is
    pandas' mark of a missing value and stays missing)."""
    for name in frame.columns:
        series = frame[name]
        if str(series.dtype) != "object":
            continue
        for row, v in enumerate(series.tolist()):
            if isinstance(v, float):
                if v != v:
                    continue
                what = "a non-finite number" if math.isinf(v) else "a float"
                raise InputError(
                    "invalid_money" if "." in str(name) else "invalid_type",
                    f"{table}[{row}].{name}",
                    f"{what} ({v!r}) cannot carry an exact value: use decimal.Decimal, str or int",
                )
            if isinstance(v, Decimal) and not v.is_finite():
                raise InputError(
                    "invalid_money" if "." in str(name) else "invalid_value",
                    f"{table}[{row}].{name}",
                    f"{v} is not a finite number",
                )
