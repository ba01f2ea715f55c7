"""minzheng (民政): a rules-as-code engine for Chinese civil-affairs benefits.

Money is exact: send amounts as ``str`` or :class:`decimal.Decimal` (or a whole ``int``); a
``float`` anywhere in a request is rejected with :class:`InputError` code ``"invalid_money"``.
Results carry :class:`decimal.Decimal` for the fields in :data:`DECIMAL_FIELDS`.
"""

from collections.abc import Mapping
from typing import Any

from .errors import InputError as InputError
from .errors import InternalError as InternalError
from .errors import MinzhengError as MinzhengError
from .errors import ParameterError as ParameterError

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

__version__: str
"""Version of this Python package."""

DECIMAL_FIELDS: frozenset[str]
"""Result fields whose values are exact decimals, returned as :class:`decimal.Decimal`:
``value``, ``amount``, ``monthly_amount``, ``monthly_total``."""

API_NAMES: tuple[str, ...]
"""The names of every wire API, for :func:`call` and :func:`call_json` (``"calculate"``, …)."""

ERROR_CODES: tuple[str, ...]
"""Every stable error code the engine can raise."""

REASON_CODES: dict[str, tuple[str, str]]
"""Every reason code a result can give, mapped to its (Chinese, English) title, in the order of
the reason columns of a population run."""

WARNING_CODES: dict[str, tuple[str, str]]
"""Every warning code a result can give, mapped to its (Chinese, English) title."""

def call(api: str, request: Mapping[str, Any]) -> dict[str, Any]:
    """Calls the wire API named ``api`` (one of :data:`API_NAMES`) with a ``dict`` request.

    Requests and results are converted as for :func:`calculate`.

    :raises InputError: ``"invalid_value"`` at path ``"api"`` for an unknown API,
        ``"invalid_type"`` at path ``"api"`` if ``api`` is not a ``str``, and as :func:`calculate`.
    :raises ParameterError: as :func:`calculate`.
    """

def call_json(api: str, request: str) -> str:
    """Calls the wire API named ``api`` with a request given as JSON text; returns JSON text.

    :raises InputError: as :func:`call` and :func:`calculate_json`.
    :raises ParameterError: as :func:`calculate`.
    """

def calculate(request: Mapping[str, Any]) -> dict[str, Any]:
    """Calculates every programme for a request given as a ``dict``; returns the result.

    Request values may be ``dict``, ``list``, ``tuple``, ``str``, ``int``, ``bool``, ``None`` or
    :class:`decimal.Decimal` (sent as a plain decimal string).

    :raises InputError: ``"invalid_type"`` if ``request`` is not a mapping or holds a value of
        another type, ``"invalid_money"`` if it holds a ``float`` (anywhere), ``"invalid_json"``
        if a string is not valid Unicode, and the engine's codes for bad input.
    :raises ParameterError: ``"parameter_not_in_force"`` when no parameter covers the
        calculation date, ``"invalid_parameter_data"`` for a defect of the embedded data.
    :returns: the result as plain JSON types, with :class:`decimal.Decimal` values for the
        :data:`DECIMAL_FIELDS` keys.
    """

def calculate_json(request: str) -> str:
    """Calculates every programme for a request given as JSON text; returns JSON text.

    This is the engine's wire API unchanged (money stays a decimal string). A JSON number with a
    fraction in a money field is rejected by the engine (``"invalid_money"``).

    :raises InputError: ``"invalid_type"`` if ``request`` is not a ``str``, ``"invalid_json"`` if
        it is not valid JSON or not valid Unicode, and the engine's codes for bad input.
    :raises ParameterError: as :func:`calculate`.
    """

def engine_version() -> str:
    """The engine version recorded in every result's receipt."""
