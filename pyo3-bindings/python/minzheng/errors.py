"""Exceptions raised by minzheng.

Every error carries the engine's stable machine ``code`` (e.g. ``"invalid_value"``), the
``path`` of the offending request field (e.g. ``"household.district"``, ``""`` for the request
as a whole) and a human-readable ``message``.

- :class:`InputError` (also a :class:`ValueError`): the request cannot be calculated.
- :class:`ParameterError`: no parameter is in force on the calculation date
  (``parameter_not_in_force``) or the embedded parameter data is invalid
  (``invalid_parameter_data``).
- :class:`InternalError`: a defect of the engine itself (``internal_error``), never of the
  request or the parameter data.
"""

from __future__ import annotations

__all__ = [
    "MinzhengError",
    "InputError",
    "ParameterError",
    "InternalError",
    "PARAMETER_ERROR_CODES",
    "INTERNAL_ERROR_CODE",
    "error_class",
]

#: The codes raised as :class:`ParameterError`; ``internal_error`` is an :class:`InternalError`;
#: every other code is an :class:`InputError`.
PARAMETER_ERROR_CODES = frozenset({"parameter_not_in_force", "invalid_parameter_data"})
#: The code raised as :class:`InternalError`.
INTERNAL_ERROR_CODE = "internal_error"


class MinzhengError(Exception):
    """Base class of every error raised by minzheng."""

    def __init__(self, code: str, path: str, message: str) -> None:
        super().__init__(code, path, message)
        self.code = code
        self.path = path
        self.message = message

    def __str__(self) -> str:
        if self.path:
            return f"{self.code} at {self.path}: {self.message}"
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.path!r}, {self.message!r})"


class InputError(MinzhengError, ValueError):
    """The request cannot be calculated: malformed, wrong type, out of range, inconsistent."""


class ParameterError(MinzhengError):
    """No parameter covers the calculation date, or the embedded parameter data is invalid."""


class InternalError(MinzhengError):
    """A defect of the engine itself (``internal_error``): a worker thread stopped, a result
    could not be encoded. Never caused by the request; worth reporting."""


def error_class(code: str) -> type[MinzhengError]:
    """The exception class the engine raises for ``code``."""
    if code == INTERNAL_ERROR_CODE:
        return InternalError
    return ParameterError if code in PARAMETER_ERROR_CODES else InputError
