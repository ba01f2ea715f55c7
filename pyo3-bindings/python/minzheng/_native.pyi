"""The native (Rust) module behind minzheng; use the functions of ``minzheng`` instead."""

from typing import Any

__all__ = [
    "call_json",
    "calculate_json",
    "api_names",
    "engine_version",
    "decimal_fields",
    "error_codes",
    "__version__",
    "Scenario",
    "baseline_scenario",
    "reform_scenario",
    "run_population",
    "run_requests",
    "population_requests",
    "calculate_reform_json",
    "cliff_json",
    "aggregate_columns",
    "aggregate_statuses",
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

class Scenario:
    """A parameter store to run households against: the embedded parameters or a reform."""

    @property
    def name(self) -> str:
        """``"baseline"`` or the reform's name."""

def baseline_scenario() -> Scenario:
    """The embedded parameters, as the scenario ``baseline``."""

def reform_scenario(reform: str) -> Scenario:
    """The embedded parameters with a reform (JSON text) applied. Raises ``InputError`` with the
    path of the faulty field (``reform.overrides[0].key``)."""

def run_population(
    date: str,
    household_columns: list[tuple[str, list[Any]]],
    person_columns: list[tuple[str, list[Any]]],
    members: list[int],
    common: str | None,
    scenarios: list[Scenario],
    trace: list[int],
    threads: int,
) -> dict[str, Any]:
    """Runs a population given as columns (field path, values) against every scenario.

    Persons are in household order, ``members[h]`` of them for household ``h``. Returns
    ``programmes`` (list of dicts), ``statuses`` (names of the status codes), ``income``
    (bytes: counted monthly income per household, i64 fen little-endian), ``errors``
    (``(index, code, path, message)`` of households that could not be decoded) and
    ``scenarios``: per scenario ``status`` (bytes, one code per household and programme),
    ``monthly`` and ``one_off`` (bytes, i64 fen little-endian), ``one_off_given`` (bytes, 0/1),
    ``errors`` and ``traces`` (``(index, result JSON)``). Releases the GIL while calculating.
    """

def run_requests(
    requests: list[str], scenarios: list[Scenario], trace: list[int], threads: int
) -> dict[str, Any]:
    """As :func:`run_population` for requests given as JSON text."""

def population_requests(
    date: str,
    household_columns: list[tuple[str, list[Any]]],
    person_columns: list[tuple[str, list[Any]]],
    members: list[int],
    common: str | None,
    indices: list[int],
) -> list[str]:
    """The decoded requests (JSON text) of chosen households of a population given as columns."""

def calculate_reform_json(request: str) -> str:
    """``{"request": …, "reform": …}`` as JSON text in; ``reform``, ``baseline``, ``reformed``
    and ``difference`` as JSON text out."""

def cliff_json(request: str) -> str:
    """A benefit-cliff sweep (``{"request", "vary", "from", "to", "step", "reform"?}`` as JSON
    text); the points and the exact changes as JSON text."""

def aggregate_columns(
    households: int,
    width: int,
    scenarios: list[tuple[Any, Any, Any]],
    income: Any,
    members: Any,
    weights: Any | None = None,
    scale: int = 0,
    excluded: Any | None = None,
    groupings: list[Any] = ...,
) -> dict[str, Any]:
    """Exact summaries of a population's columns, given as little-endian bytes (or anything
    ``bytes()`` accepts): per scenario ``(status, monthly, one_off)``, each household-major bytes
    or a list of per-programme bytes (status ``u8`` codes of :func:`aggregate_statuses`, amounts
    ``i64`` fen); ``income`` ``i64`` fen, ``members`` ``u32``; ``weights`` ``i64`` units of
    10^-``scale`` (``None``: all 1); ``excluded`` ``u8`` (non-zero: left out); ``groupings``
    ``u32`` codes (``0xFFFFFFFF``: no group). Returns ``scale``, ``cost`` (per scenario
    ``(programmes, total)``, each ``(recipients, monthly, one_off)``), ``winners_losers`` (a
    tally per reform), ``deciles`` (bytes, 0 = not ranked), ``by_decile`` (per reform ten
    tallies), ``groups`` (per grouping, per reform, a tally per code); a tally is ``(count,
    households, winners, losers, baseline, reformed, gain, loss)``, exact ints × 10^scale."""

def aggregate_statuses() -> list[str]:
    """The status names in the order of the codes ``aggregate_columns`` reads (0 = eligible)."""
