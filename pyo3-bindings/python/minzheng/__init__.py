"""minzheng (民政): a rules-as-code engine for Chinese civil-affairs benefits.

>>> from decimal import Decimal
>>> import minzheng
>>> result = minzheng.calculate({
...     "calculation_date": "2025-07-01",
...     "household": {"district": "tianhe", "area": "urban", "members": [
...         {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": Decimal("1500")}},
...         {"id": "b", "age": 30, "hukou": "guangzhou"}]},
... })
>>> result["monthly_total"]
Decimal('1118.00')

Every wire API of the engine is reachable through :func:`call` (a ``dict`` request) and
:func:`call_json` (JSON text); :func:`calculate` and :func:`calculate_json` are the
``"calculate"`` API. :data:`API_NAMES` lists them.

Money is exact: send amounts as ``str`` or :class:`decimal.Decimal` (or a whole ``int``); a
``float`` anywhere in a request is rejected with :class:`InputError` code ``"invalid_money"``,
never converted. Results carry :class:`decimal.Decimal` for the fields in
:data:`DECIMAL_FIELDS` and plain JSON types everywhere else.

For populations, reforms, summaries, differential explanations and benefit cliffs (pandas,
pyarrow or polars tables in and out), see :mod:`minzheng.analysis` (``docs/analysis.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _native
from ._convert import decode_result, encode_request
from .errors import InputError, InternalError, MinzhengError, ParameterError

__all__ = [
    "API_NAMES",
    "DECIMAL_FIELDS",
    "ERROR_CODES",
    "REASON_CODES",
    "WARNING_CODES",
    "InputError",
    "InternalError",
    "MinzhengError",
    "ParameterError",
    "__version__",
    "calculate",
    "calculate_json",
    "call",
    "call_json",
    "engine_version",
]

#: Version of this Python package.
__version__: str = _native.__version__

#: Result fields whose values are exact decimals (returned as :class:`decimal.Decimal`).
DECIMAL_FIELDS: frozenset[str] = frozenset(_native.decimal_fields())

#: The names of every wire API, for :func:`call` and :func:`call_json`.
API_NAMES: tuple[str, ...] = tuple(_native.api_names())

#: Every stable error code the engine can raise.
ERROR_CODES: tuple[str, ...] = tuple(_native.error_codes())

#: Every reason code a result can give (``programmes[i]["reason"]["code"]``), mapped to its short
#: Chinese and English titles, in the order of the reason columns of a population run.
REASON_CODES: dict[str, tuple[str, str]] = {
    code: (zh, en) for code, zh, en in _native.reason_codes()
}

#: Every warning code a result can give (``warnings[i]["code"]``), mapped to its short Chinese and
#: English titles.
WARNING_CODES: dict[str, tuple[str, str]] = {
    code: (zh, en) for code, zh, en in _native.warning_codes()
}


def call(api: str, request: Mapping[str, Any]) -> dict[str, Any]:
    """Calls the wire API named ``api`` with a request given as a ``dict``; returns the result.

    ``decimal.Decimal`` values are sent as plain decimal strings. A ``float`` anywhere raises
    :class:`InputError` (``"invalid_money"``); a request that is not a mapping raises
    :class:`InputError` (``"invalid_type"``); an unknown ``api`` raises :class:`InputError`
    (``"invalid_value"`` at path ``"api"``). The engine's own errors are raised as
    :class:`InputError` or :class:`ParameterError` with ``code``, ``path`` and ``message``.
    """
    if api not in API_NAMES:
        # The engine checks the API before the request: let it report the unknown name.
        return decode_result(_native.call_json(api, "{}"))
    if api == "calculate":
        # The request is read and the result built as Python objects in Rust, with no JSON
        # text in between; a request the Rust reader leaves to `encode_request` (a float, a
        # type JSON cannot hold, a value near a limit) takes the text path, which raises its
        # error or gives the same result.
        result = _native.calculate_dict(request)
        if result is NotImplemented:
            result = _native.calculate_object(encode_request(request))
        return result
    text = _native.call_dict(api, request)
    if text is NotImplemented:
        text = _native.call_json(api, encode_request(request))
    return decode_result(text)


def call_json(api: str, request: str) -> str:
    """Calls the wire API named ``api`` with a request given as JSON text; returns JSON text.

    This is the engine's wire API unchanged: money stays a decimal string in the result.
    """
    return _native.call_json(api, request)


def calculate(request: Mapping[str, Any]) -> dict[str, Any]:
    """Calculates every programme for a request given as a ``dict``; returns the result.

    Same as ``call("calculate", request)``.
    """
    # As `call` does for "calculate", without its dispatch (the most frequent call).
    result = _native.calculate_dict(request)
    if result is NotImplemented:
        result = _native.calculate_object(encode_request(request))
    return result


def calculate_json(request: str) -> str:
    """Calculates every programme for a request given as JSON text; returns JSON text.

    This is the engine's wire API unchanged: money stays a decimal string in the result.
    """
    return _native.calculate_json(request)


def engine_version() -> str:
    """The engine version recorded in every result's receipt."""
    return _native.engine_version()
