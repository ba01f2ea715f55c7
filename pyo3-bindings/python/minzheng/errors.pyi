"""Exceptions raised by minzheng, each with a stable ``code``, a ``path`` and a ``message``."""

__all__ = [
    "MinzhengError",
    "InputError",
    "ParameterError",
    "InternalError",
    "PARAMETER_ERROR_CODES",
    "INTERNAL_ERROR_CODE",
    "error_class",
]

PARAMETER_ERROR_CODES: frozenset[str]
"""The codes raised as :class:`ParameterError`; ``internal_error`` is an :class:`InternalError`;
every other code is an :class:`InputError`."""

INTERNAL_ERROR_CODE: str
"""The code raised as :class:`InternalError` (``"internal_error"``)."""

class MinzhengError(Exception):
    """Base class of every error raised by minzheng."""

    code: str
    """Stable machine code, e.g. ``"invalid_value"`` (see ``minzheng.ERROR_CODES``)."""
    path: str
    """Path of the offending request field, e.g. ``"household.district"``; ``""`` for the whole
    request."""
    message: str
    """Explanation for people."""

    def __init__(self, code: str, path: str, message: str) -> None: ...

class InputError(MinzhengError, ValueError):
    """The request cannot be calculated: malformed, wrong type, out of range, inconsistent."""

class ParameterError(MinzhengError):
    """No parameter covers the calculation date (``parameter_not_in_force``), or the embedded
    parameter data is invalid (``invalid_parameter_data``)."""

class InternalError(MinzhengError):
    """A defect of the engine itself (``internal_error``), never caused by the request."""

def error_class(code: str) -> type[MinzhengError]:
    """The exception class the engine raises for ``code``."""
