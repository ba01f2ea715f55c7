"""Exceptions raised by minzheng.

Every error carries the engine's stable machine ``code`` (e.g. ``"invalid_value"``), the
``path`` of the offending request field (e.g. ``"household.district"``, ``""`` for the request
as a whole) and a human-readable ``message``.

- :class:`InputError` (also a :class:`ValueError`): the request cannot be calculated.
- :class:`ParameterError`: no parameter is in force on the calculation date
  (``parameter_not_in_force``) or the embedded parameter data is invalid
  (``invalid_parameter_data``).
"""

from __future__ import annotations

__all__ = ["MinzhengError", "InputError", "ParameterError", "PARAMETER_ERROR_CODES", "error_class"]

#: The codes raised as :class:`ParameterError`; every other code is an :class:`InputError`.
PARAMETER_ERROR_CODES = frozenset({"parameter_not_in_force", "invalid_parameter_data"})


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


def error_class(code: str) -> type[MinzhengError]:
    """The exception class the engine raises for ``code``."""
    return ParameterError if code in PARAMETER_ERROR_CODES else InputError
