"""Conversion between Python values and the engine's JSON wire format.

Requests: ``dict``/``list``/``tuple``/``str``/``int``/``bool``/``None`` pass through,
:class:`decimal.Decimal` becomes a plain decimal string (``Decimal("1.5E+3")`` → ``"1500"``), a
``float`` is rejected (``invalid_money``), anything else is rejected (``invalid_type``), and so is
text that is not valid Unicode (a lone surrogate, ``invalid_json``). Errors carry the path of the
offending value in the engine's notation (``household.members[0].income.wages``).

Sizes are checked while converting, before the work grows with them: a request whose JSON text
would be over the engine's 1 MiB (a list of 10^6 members, a ``Decimal("1E-999999999")``) is
``input_too_large`` at path ``""`` as soon as the part converted so far proves it, as the engine
would answer for the text; a list's length is counted before its items are converted.

``calculate`` and ``call`` first hand a ``dict`` request to the Rust reader
(``_native.calculate_dict`` / ``_native.call_dict``, ``pyo3-bindings/src/request.rs``), which
builds the engine's JSON value with the rules below for the common shapes and declines
(``NotImplemented``) anything else; a declined request comes here, so this module defines the
behaviour of both, and every error is raised from here or by the engine.

Results: the values of :data:`DECIMAL_FIELDS` keys become :class:`decimal.Decimal`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import _native
from .errors import InputError

#: The deepest nesting of objects and arrays accepted, as in the engine's JSON decoder.
MAX_DEPTH = 128
#: The longest request text accepted, in bytes (``core/src/validate.rs``, ``MAX_REQUEST_BYTES``).
MAX_REQUEST_BYTES = 1 << 20
#: The longest whole number converted to text (longer ones are out of range for every field,
#: and Python refuses to print ints beyond 4,300 digits).
MAX_INT_BITS = 4096


class _Budget:
    """What is left of :data:`MAX_REQUEST_BYTES` for the request's JSON text: every value spends
    at least the bytes it takes in the text, so running out proves the text too large."""

    __slots__ = ("left",)

    def __init__(self) -> None:
        self.left = MAX_REQUEST_BYTES

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise InputError(
                "input_too_large",
                "",
                f"the request is over {MAX_REQUEST_BYTES} bytes of JSON; at most "
                f"{MAX_REQUEST_BYTES} are accepted",
            )

_DECIMAL_FIELDS = frozenset(_native.decimal_fields())


def encode_request(request: object) -> str:
    """Turns a request mapping into JSON text, rejecting floats and values JSON cannot hold."""
    if not isinstance(request, Mapping):
        hint = " (use calculate_json for JSON text)" if isinstance(request, str) else ""
        raise InputError(
            "invalid_type",
            "",
            f"the request must be a dict, not {type(request).__name__}{hint}",
        )
    wire = _to_wire(request, "", 1, _Budget())
    return json.dumps(wire, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def decode_result(text: str) -> dict[str, Any]:
    """Parses the engine's JSON result, turning decimal fields into :class:`decimal.Decimal`."""
    result: dict[str, Any] = json.loads(text, object_pairs_hook=_decode_object)
    return result


def _decode_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {
        key: Decimal(value) if key in _DECIMAL_FIELDS and isinstance(value, str) else value
        for key, value in pairs
    }


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _to_wire(value: object, path: str, depth: int, budget: _Budget) -> object:
    if value is None or isinstance(value, bool):
        budget.spend(4)  # null, true, false
        return value
    if isinstance(value, int):
        bits = value.bit_length()
        if bits > MAX_INT_BITS:
            raise InputError(
                "out_of_range", path, f"a whole number of {bits} bits is outside every range"
            )
        budget.spend(max(1, bits * 3 // 10))
        return value
    if isinstance(value, str):
        budget.spend(len(value) + 2)
        return _check_text(value, path)
    if isinstance(value, float):
        raise InputError(
            "invalid_money",
            path,
            f"{value!r} is a float, which is not exact; pass numbers as str or decimal.Decimal "
            f'such as "785.40" (or a whole int)',
        )
    if isinstance(value, Decimal):
        if value.is_finite() and abs(value.adjusted()) > budget.left:
            # The plain text has at least as many digits as the exponent is large: refused
            # before it is written out (1E+999999999999 would need a terabyte).
            budget.spend(abs(value.adjusted()))
        text = format(value, "f")
        budget.spend(len(text) + 2)
        return text
    if isinstance(value, (Mapping, list, tuple)):
        if depth > MAX_DEPTH:
            raise InputError("invalid_json", path, "the JSON is nested too deeply")
        n = len(value)
        if isinstance(value, Mapping):
            budget.spend(1 + 4 * n)  # braces, a colon, a comma and two quotes per entry
            return _mapping_to_wire(value, path, depth, budget)
        budget.spend(1 + max(n, 1))  # brackets and commas
        return [
            _to_wire(item, f"{path}[{i}]", depth + 1, budget) for i, item in enumerate(value)
        ]
    raise InputError(
        "invalid_type",
        path,
        f"a {type(value).__name__} is not a JSON value; use dict, list, str, int, bool, None "
        "or decimal.Decimal",
    )


def _mapping_to_wire(
    value: Mapping[object, object], path: str, depth: int, budget: _Budget
) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise InputError(
                "invalid_type",
                path,
                f"the key {key!r} is a {type(key).__name__}; object keys must be str",
            )
        budget.spend(len(key))
        _check_text(key, path)
        out[key] = _to_wire(item, _child(path, key), depth + 1, budget)
    return out


def _check_text(text: str, path: str) -> str:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise InputError(
                "invalid_json",
                path,
                f"the text is not valid Unicode ({e.reason} at index {e.start})",
            ) from None
    return text
