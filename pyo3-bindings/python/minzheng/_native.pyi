"""The native (Rust) module behind minzheng; use the functions of ``minzheng`` instead."""

from typing import Any

__all__ = [
    "call_json",
    "calculate_json",
    "calculate_object",
    "calculate_dict",
    "call_dict",
    "api_names",
    "engine_version",
    "decimal_fields",
    "error_codes",
    "reason_codes",
    "warning_codes",
    "__version__",
    "Scenario",
    "baseline_scenario",
    "reform_scenario",
    "run_population",
    "run_requests",
    "population_requests",
    "calculate_reform_json",
    "cliff_json",
    "Columns",
    "columns_with_errors",
    "simulate_arrow",
    "simulate_arrow_batches",
    "summarise_arrow_batches",
    "partition_partial",
    "decile_boundaries",
    "merge_partials",
    "partition_one_pass",
    "merge_one_pass",
    "simulate_requests",
    "columnar_programmes",
    "status_names",
    "aggregate_columns",
    "aggregate_outcome",
    "aggregate_statuses",
]

__version__: str
"""Version of the Python package (the binding crate's version)."""

def call_json(api: str, request: str) -> str:
    """Calls the wire API named ``api`` with JSON text; returns JSON text.

    Releases the GIL during the calculation. Raises ``minzheng.InputError`` or
    ``minzheng.ParameterError``.
    """

def calculate_object(request: str) -> dict[str, Any]:
    """Calculates a request given as JSON text; returns the result as Python objects built
    directly (``decimal.Decimal`` for the decimal fields), as ``json.loads`` of
    ``calculate_json`` with the package's decimal hook would give it."""

def calculate_dict(request: object) -> Any:
    """Calculates a request given as a ``dict``, read in Rust without JSON text; returns the
    result as ``calculate_object`` does, or ``NotImplemented`` when the request holds
    something the Rust reader leaves to ``encode_request`` (which then gives the result or the
    error)."""

def call_dict(api: str, request: object) -> Any:
    """Calls the wire API named ``api`` with a request given as a ``dict``, read as
    ``calculate_dict`` reads it; returns JSON text, or ``NotImplemented`` as ``calculate_dict``
    does."""

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

def reason_codes() -> list[tuple[str, str, str]]:
    """Every reason code with its Chinese and English title, in reason-column order."""

def warning_codes() -> list[tuple[str, str, str]]:
    """Every warning code with its Chinese and English title."""

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

class Columns:
    """The outcome of a columnar run, held natively (programme-major columns of whole fen)."""

    @property
    def households(self) -> int:
        """Number of households."""
    @property
    def scenarios(self) -> list[str]:
        """Scenario names, ``baseline`` first."""
    def errors(self) -> list[tuple[int, str, str, str]]:
        """``(index, code, path, message)`` of the households that could not be calculated; paths
        are rows of the caller's tables (``persons[12].income.wages``) or request paths."""
    def table(self, money: str = "decimal") -> Any:
        """The results as a ``pyarrow.Table``, one row per household and scenario
        (scenario-major): ``household_id`` (as given), ``scenario``, ``members``, ``district``,
        ``income``, ``monthly_total``, ``one_off_total``, ``annual_total``, ``annual_change``,
        and per programme ``<name>.status`` and ``<name>.reason`` (dictionary-encoded strings),
        ``<name>.monthly`` and, where any is paid, ``<name>.one_off``: ``decimal128(18, 2)``
        yuan (annual columns ``decimal128(38, 2)``) with ``money="decimal"``, ``int64`` whole
        fen in columns named ``…_fen`` with ``money="fen"`` (the engine's columns, shared)."""
    def household_major(self, scenario: int) -> tuple[bytes, bytes, bytes, bytes]:
        """One scenario household-major: status codes (into :func:`status_names`), monthly and
        one-off amounts (i64 fen little-endian), one-off given (0/1)."""
    def income(self) -> bytes:
        """Counted monthly income per household (i64 fen little-endian)."""
    def members(self) -> list[int]:
        """Members per household (0 where the household could not be read)."""
    def district_groups(self) -> tuple[bytes, list[str]]:
        """Each household's district as a u32 group code (first-seen order; a household with
        an error in none, ``0xFFFFFFFF``) and the districts in code order."""

def columns_with_errors(
    columns: Columns, errors: list[tuple[int, str, str, str]]
) -> Columns:
    """``columns`` with more households recorded as errors, ``(index, code, path, message)``
    (replacing one the engine recorded for the household), their cells reset as for an error
    the engine records (``not_assessed``, amounts, members and income zero)."""

def simulate_arrow(
    households: Any,
    persons: Any,
    date: str,
    scenarios: list[Scenario],
    common: str | None = None,
    threads: int = 0,
    block: int = 0,
    progress: Any = None,
) -> Columns:
    """Runs a household and a person table (anything with ``__arrow_c_stream__`` or
    ``__arrow_c_array__``; columns named by request field paths, ``household_id`` joining them)
    against every scenario, in blocks of ``block`` households with the GIL released, calling
    ``progress(n)`` after each. Errors of a column or of the join are raised; a household's error
    is recorded in :meth:`Columns.errors`."""

def simulate_arrow_batches(
    pairs: Any,
    date: str,
    scenarios: list[Scenario],
    common: str | None = None,
    threads: int = 0,
    block: int = 0,
    progress: Any = None,
) -> Columns:
    """As :func:`simulate_arrow` for an iterable of ``(households, persons)`` pairs, each holding
    whole households; one pair is held at a time; paths are rows of the concatenated tables."""

def summarise_arrow_batches(
    pairs: Any,
    date: str,
    scenarios: list[Scenario],
    common: str | None = None,
    weight: str | None = None,
    threads: int = 0,
    block: int = 0,
    progress: Any = None,
    expected: int = 0,
) -> dict[str, Any]:
    """A stream of ``(households, persons)`` pairs summarised without keeping its results: the
    dict of ``aggregate_outcome`` plus ``households``, ``district_names``, ``errors`` and
    ``error_ids``."""

def partition_partial(
    pairs: Any,
    date: str,
    scenarios: list[Scenario],
    partition: int,
    boundaries: bytes | None = None,
    common: str | None = None,
    weight: str | None = None,
    threads: int = 0,
    block: int = 0,
) -> bytes:
    """One partition of a population run in partitions, as ``summarise_arrow_batches`` runs a
    stream: without ``boundaries`` (pass 1) its rank histogram, with them (pass 2, the bytes of
    :func:`decile_boundaries`) its partial summary for :func:`merge_partials`. ``partition`` is
    its position in the population's order. The first household that cannot be calculated is
    raised."""

def decile_boundaries(histograms: list[tuple[int, bytes]]) -> bytes:
    """The decile boundaries of a population from its partitions' pass-1 bytes, each with its
    partition's position."""

def merge_partials(partials: list[bytes]) -> dict[str, Any]:
    """The summaries of a population from its partitions' pass-2 bytes in partition order: the
    dict of ``summarise_arrow_batches``."""

def partition_one_pass(
    pairs: Any,
    date: str,
    scenarios: list[Scenario],
    common: str | None = None,
    weight: str | None = None,
    threads: int = 0,
    block: int = 0,
) -> tuple[bytes, bytes]:
    """One partition of a population summarised in one pass: ``(partial, rows)``, the partial
    as pass 2's of :func:`partition_partial` with every decile empty, and the partition's
    ranked households (income, members, weight and each scenario's annual total of each
    household of positive weight with members) for :func:`merge_one_pass`. The first household
    that cannot be calculated is raised."""

def merge_one_pass(partials: list[bytes], rows: list[bytes]) -> dict[str, Any]:
    """The summaries of a population from its partitions' :func:`partition_one_pass` results
    in partition order: the dict of :func:`merge_partials`, the deciles ranked over every
    partition's rows at once (the single-process deciles)."""

def simulate_requests(
    requests: list[str],
    scenarios: list[Scenario],
    threads: int = 0,
    block: int = 0,
    progress: Any = None,
) -> Columns:
    """As :func:`simulate_arrow` for requests given as JSON text (grouped by date and common
    fields); a request that cannot be decoded is an error of its household."""

def columnar_programmes() -> list[dict[str, Any]]:
    """The household programmes in column order: ``programme``, ``label_zh``, ``label_en``,
    ``form``."""

def status_names() -> list[str]:
    """The names of the status codes of :meth:`Columns.household_major`."""

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

def aggregate_outcome(
    columns: Columns,
    weights: Any | None = None,
    scale: int = 0,
    excluded: Any | None = None,
    groupings: list[Any] = ...,
) -> dict[str, Any]:
    """:func:`aggregate_columns` over a run held natively, its columns read in place."""

def aggregate_statuses() -> list[str]:
    """The status names in the order of the codes ``aggregate_columns`` reads (0 = eligible)."""
