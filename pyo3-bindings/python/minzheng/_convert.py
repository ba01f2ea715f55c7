"""Conversion between Python values and the engine's JSON wire format.

Requests: ``dict``/``list``/``tuple``/``str``/``int``/``bool``/``None`` pass through,
:class:`decimal.Decimal` becomes a plain decimal string (``Decimal("1.5E+3")`` → ``"1500"``), a
``float`` is rejected (``invalid_money``), anything else is rejected (``invalid_type``), and so is
text that is not valid Unicode (a lone surrogate, ``invalid_json``). Errors carry the path of the
offending value in the engine's notation (``household.members[0].income.wages``).

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
    wire = _to_wire(request, "", 1)
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


def _to_wire(value: object, path: str, depth: int) -> object:
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return _check_text(value, path)
    if isinstance(value, float):
        raise InputError(
            "invalid_money",
            path,
            f"{value!r} is a float, which is not exact; pass numbers as str or decimal.Decimal "
            f'such as "785.40" (or a whole int)',
        )
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (Mapping, list, tuple)):
        if depth > MAX_DEPTH:
            raise InputError("invalid_json", path, "the JSON is nested too deeply")
        if isinstance(value, Mapping):
            return _mapping_to_wire(value, path, depth)
        return [_to_wire(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
    raise InputError(
        "invalid_type",
        path,
        f"a {type(value).__name__} is not a JSON value; use dict, list, str, int, bool, None "
        "or decimal.Decimal",
    )


def _mapping_to_wire(value: Mapping[object, object], path: str, depth: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise InputError(
                "invalid_type",
                path,
                f"the key {key!r} is a {type(key).__name__}; object keys must be str",
            )
        _check_text(key, path)
        out[key] = _to_wire(item, _child(path, key), depth + 1)
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
