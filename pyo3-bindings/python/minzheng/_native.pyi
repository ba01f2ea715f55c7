"""The native (Rust) module behind minzheng; use the functions of ``minzheng`` instead."""

__all__ = [
    "call_json",
    "calculate_json",
    "api_names",
    "engine_version",
    "decimal_fields",
    "error_codes",
    "__version__",
]

__version__: str
"""Version of the Python package (the binding crate's version)."""

def call_json(api: str, request: str) -> str:
    """Calls the wire API named ``api`` with JSON text; returns JSON text.

    Releases the GIL during the calculation. Raises ``minzheng.InputError`` or
    ``minzheng.ParameterError``.
    """

def calculate_json(request: str) -> str:
    """Calculates every programme for a request given as JSON text; returns JSON text.

    Releases the GIL during the calculation. Raises ``minzheng.InputError`` or
    ``minzheng.ParameterError``.
    """

def api_names() -> list[str]:
    """The names of every wire API."""

def engine_version() -> str:
    """The engine version (the core crate's version), as recorded in every receipt."""

def decimal_fields() -> list[str]:
    """The result fields whose values are always exact decimal strings."""

def error_codes() -> list[str]:
    """Every stable error code the engine can raise."""
