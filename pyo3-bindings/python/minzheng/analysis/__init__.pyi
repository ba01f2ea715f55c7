"""Population microsimulation and reforms for analysts (民政 benefits, Guangzhou).

Every household is calculated by the same Rust core as :func:`minzheng.calculate`, on all
cores; amounts are exact (whole fen inside, :class:`decimal.Decimal` or decimal128 outside,
never floats). Tables come in as pandas DataFrames, pyarrow Tables or polars DataFrames and go
out as the same kind. Input schema, money types, reform format and the definitions of every
summary: ``docs/analysis.md``.
"""

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

__all__ = [
    "Cliff",
    "Difference",
    "Population",
    "Simulation",
    "Summary",
    "cliff",
    "explain_difference",
    "load_reform",
    "reform",
    "pair_batches",
    "scale",
    "simulate",
    "simulate_batches",
    "summarise",
    "synthetic_population",
]

from . import scale as scale

Table = Any
"""A pandas ``DataFrame``, a pyarrow ``Table`` or a polars ``DataFrame``."""

ReformLike = Mapping[str, Any] | str | os.PathLike[str]
"""A reform as a dict, as JSON text, or as the path of a JSON file. Format::

    {"name": "dibao_1400", "description": "…",
     "overrides": [{"key": "dibao.standard", "value": "1400", "from": "2025-07-01",
                    "to": "2025-12-31", "region": "guangzhou", "area": "urban", "note": "…"}]}

``to``, ``region``, ``area`` and ``note`` are optional; ``value`` is a decimal string (or an
int, or a :class:`decimal.Decimal`), never a float.
"""

@dataclass
class Population:
    """A population as two tables of one kind.

    ``households``: one row per household: ``household_id`` (unique), ``district``, ``area`` and
    any other household field by its dotted path (``assets.deposits``,
    ``rigid_expenditure.education``); optional ``weight``. ``persons``: one row per member:
    ``household_id``, ``person_id`` (becomes the member's ``id``; generated when absent),
    ``age`` or ``birth_date``, ``hukou`` and any other person field by its dotted path
    (``income.wages``, ``disability.category``, ``disability.grade``, ``flags.serious_illness``,
    ``supporters``). A missing value (``None``, ``NaN``, ``pd.NA``) leaves the field out.
    Columns named ``synthetic``, columns starting with ``_`` and the weight column are not sent.
    """

    households: Table
    persons: Table
    synthetic: bool = ...
    seed: int | None = ...
    description: str = ...

def synthetic_population(
    n: int, seed: int = 0, *, kind: Literal["pandas", "pyarrow", "polars"] = "pandas"
) -> Population:
    """``n`` SYNTHETIC Guangzhou-like households, the same for the same ``seed``.

    Household types and sizes, ages, hukou, disability (by age; category and grade), wages,
    employment costs, pensions, deposits, supporters, serious illness and district/area are
    drawn from round, hand-chosen shares that look plausible for a large city with a low-income
    tail deliberately over-represented (so that every programme has recipients). They are NOT
    statistics of Guangzhou: results on this population say nothing about real costs or
    caseloads. Both tables carry a ``synthetic`` column set to ``True``, the population has
    ``synthetic=True``, and every output derived from it is labelled the same way. The
    ``weight`` column (a whole number, equal for all) scales totals to an illustrative order of
    magnitude (six million households).
    """

def reform(
    name: str,
    changes: Mapping[str, Any],
    *,
    start: str,
    end: str | None = None,
    region: str | None = None,
    area: str | None = None,
    description: str = "",
) -> dict[str, Any]:
    """A reform dict: each ``key → value`` of ``changes`` applies from ``start`` (to ``end``,
    inclusive; open-ended without), in ``region``/``area`` (everywhere the key is defined
    without). Example: ``reform("dibao_1400", {"dibao.standard": "1400"}, start="2025-07-01")``.
    """

def load_reform(source: ReformLike) -> dict[str, Any]:
    """A reform as a dict from a dict, JSON text or a file path, checked by the engine.

    :raises minzheng.InputError: with the path of the faulty field
        (``reform.overrides[0].key`` for an unknown key, ``…from`` for a bad date,
        ``…value`` for a value that is not a decimal, ``conflicting_fields`` for overlapping
        overrides of one parameter).
    """

class Simulation:
    """Every household under the baseline and each reform (from :func:`simulate`)."""

    kind: str
    """The kind of table returned: ``"pandas"``, ``"pyarrow"`` or ``"polars"``."""
    date: str | None
    """The calculation date (``None`` when the population was a list of requests)."""
    scenarios: list[str]
    """``"baseline"`` then each reform's name."""
    reforms: dict[str, str]
    """Each reform's JSON text, by name."""
    programmes: list[dict[str, Any]]
    """The engine's programmes: ``programme`` (wire name), ``label_zh``, ``label_en``, ``form``
    (``cash``, ``voucher`` or ``status``)."""
    household_ids: list[Any]
    """The households' ids, in input order."""
    synthetic: bool
    """Whether the population was synthetic (outputs then carry a ``synthetic`` column)."""
    weights: list[int | Decimal] | None
    """Each household's weight, when a weight was given."""
    errors: dict[Any, tuple[str, str, str]]
    """Households that could not be calculated (``errors="record"``): ``(code, path, message)``
    by household id, the path in the caller's tables (``persons[12].income.wages``). They are
    left out of every summary."""
    traces: dict[Any, dict[str, dict[str, Any]]]
    """Full explained results of the traced households: ``traces[household_id][scenario]``."""
    statuses: list[str]
    outcome: Any
    """The engine's native outcome (``minzheng._native.Columns``): per scenario and programme the
    status, reason, monthly and one-off columns (whole fen, programme-major), and the household
    columns (members, district, counted income), for summaries computed from columns."""
    def arrow(self, money: str = "decimal") -> Any:
        """The engine's results as one ``pyarrow.Table`` (built once per ``money``), one row per
        household and scenario (scenario-major): ``household_id`` (as given), ``scenario``,
        ``members``, ``district``, ``income``, ``monthly_total``, ``one_off_total``,
        ``annual_total``, ``annual_change``, and per programme ``<name>.status`` and
        ``<name>.reason`` (dictionary-encoded strings), ``<name>.monthly`` and, where any is
        paid, ``<name>.one_off``. ``money="decimal"``: ``decimal128(18, 2)`` yuan (annual columns
        ``decimal128(38, 2)``); ``money="fen"``: ``int64`` whole fen in columns named ``…_fen``,
        sharing the engine's memory without a copy."""
    @property
    def n(self) -> int:
        """Number of households."""
    def index_of(self, household_id: Any) -> int:
        """The position of a household in input order."""
    def households(self) -> Table:
        """One row per household and scenario: ``household_id``, ``scenario``, ``weight`` (if
        given), ``district``, ``members``, ``income`` (monthly counted income, 元),
        ``income_decile``, ``monthly_total``, ``one_off_total``, ``annual_total`` (12 × monthly +
        one-off), ``annual_change`` (against the baseline), ``error`` (if any), and per programme
        ``<programme>.status``, ``<programme>.monthly`` and, when any is paid,
        ``<programme>.one_off``. Money columns are exact decimals."""
    def summarise(self) -> Summary:
        """The summaries; same as :func:`summarise`."""
    def change_by(self, column: str) -> Table:
        """Change under each reform grouped by any household column (as ``by_district``), or by
        ``"income_decile"``."""
    def request(self, household_id: Any) -> dict[str, Any]:
        """The request the engine calculated for one household (money as strings), e.g. to pass
        to :func:`cliff` or :func:`minzheng.calculate`."""
    def explain_difference(self, household_id: Any, reform: str | None = None) -> Difference:
        """Why this household's amounts differ under ``reform`` (a reform's name; may be omitted
        when there is exactly one). See :func:`explain_difference`."""

def simulate(
    population: Population | tuple[Table, Table] | Sequence[Mapping[str, Any]],
    *,
    date: str | None = None,
    reforms: ReformLike | Sequence[ReformLike] | Mapping[str, ReformLike] | None = None,
    weight: str | Sequence[Any] | None = None,
    trace: Iterable[Any] = (),
    common: Mapping[str, Any] | None = None,
    errors: Literal["raise", "record"] = "raise",
    threads: int | None = None,
    progress: bool | None = None,
    ignore: Iterable[str] = (),
    programmes: Iterable[str] | None = None,
) -> Simulation:
    """Runs every household through every programme under the baseline and each reform.

    :param population: a :class:`Population`, a ``(households, persons)`` pair of tables (see
        :class:`Population` for the schema; pandas, pyarrow, polars, or DuckDB relations, which
        give pyarrow results), a pair of Parquet paths or pyarrow datasets sorted by
        ``household_id`` (streamed, see :func:`simulate_batches`), or a list of request dicts
        (each a full ``calculate`` request; ``date`` must then be omitted).
    :param date: the calculation date ``"YYYY-MM-DD"`` (required with tables).
    :param reforms: one reform, a list of reforms, or a dict name → reform (the key names it).
        Each is compared with the baseline (the embedded parameters); names must differ and not
        be ``"baseline"``.
    :param weight: the name of a household column (or, with requests, a list) of non-negative
        weights: ints, Decimals, or floats (weights are not money; a float is read by its
        shortest decimal representation).
    :param trace: household ids whose full explained results to keep (in :attr:`Simulation.traces`).
    :param common: request fields added to every household (``price_indices``, ``back_pay``).
    :param errors: ``"raise"`` (default): the first household that cannot be calculated raises
        :class:`minzheng.InputError` / :class:`minzheng.ParameterError` with the path in the
        caller's tables (``persons[12].income.wages``) and the household named; ``"record"``:
        such households are listed in :attr:`Simulation.errors` and left out of summaries.
    :param threads: worker threads (default: one per core).
    :param progress: a progress bar (tqdm if installed, else plain stderr); by default from
        100,000 households.
    :param ignore: further columns not to send to the engine.
    :param programmes: the household programmes to decide, by wire name (``["dibao",
        "tekun"]``; default: every one). Only their rules and those they rest on run (dibao
        needs 特困 and the child allowance; what builds on dibao needs dibao); each is decided
        exactly as in a run of every programme. The others are ``not_assessed`` with no
        amount in the tables and are left out of the cost summary; traces stay complete. An
        unknown name is ``invalid_value`` at ``programmes[i]``.
    :raises minzheng.InputError: bad tables, reforms or households (codes and paths as above);
        a float money column is rejected (``invalid_money``), never rounded.
    """

def simulate_batches(
    pairs: Iterable[tuple[Table, Table]],
    *,
    date: str | None = None,
    reforms: ReformLike | Sequence[ReformLike] | Mapping[str, ReformLike] | None = None,
    weight: str | None = None,
    trace: Iterable[Any] = (),
    common: Mapping[str, Any] | None = None,
    errors: Literal["raise", "record"] = "raise",
    threads: int | None = None,
    progress: bool | None = None,
    ignore: Iterable[str] = (),
    total: int | None = None,
    keep: Literal["all", "summary"] = "all",
    programmes: Iterable[str] | None = None,
) -> Simulation:
    """:func:`simulate` over a stream of ``(households, persons)`` pairs, each holding whole
    households (tables of any kind, e.g. from :func:`pair_batches`); one pair is held at a time.
    Results equal the run on the concatenated tables (error paths are their rows) and are pyarrow
    tables. ``total`` (households) sizes the progress bar. :meth:`Simulation.request` works for
    traced households, and for every household when the persons came from a Parquet file.
    ``keep="summary"`` keeps only what :meth:`Simulation.summarise` needs; ``programmes`` is
    :func:`simulate`'s."""

def pair_batches(
    households: Any, persons: Any, *, batch_size: int = 100_000
) -> Iterator[tuple[Table, Table]]:
    """Pairs of whole households from two sources sorted by ``household_id`` (Parquet paths,
    pyarrow datasets or ``ParquetFile``s, record-batch readers, tables): up to ``batch_size``
    households per pair with all their person rows. Unsorted input raises ``invalid_value``."""

@dataclass
class Summary:
    """Summaries of a simulation, each a table of the simulation's kind.

    ``cost``: per scenario and programme (and ``total``): ``recipients`` (Σ weight of eligible
    households), ``recipients_change``, ``monthly_cost``, ``annual_cost`` (12 × monthly +
    one-off), ``annual_cost_change`` (against the baseline). ``winners_losers``: per reform:
    ``households``, ``winners``, ``losers``, ``unchanged``, ``gain``, ``loss`` (negative),
    ``net_change``, ``mean_gain_per_winner``. ``by_decile`` / ``by_district``: per reform and
    group: ``households``, ``winners``, ``losers``, ``baseline_annual``, ``reformed_annual``,
    ``change``, ``mean_change``. Deciles rank households by counted monthly income per member.
    """

    cost: Table
    winners_losers: Table
    by_decile: Table
    by_district: Table
    synthetic: bool = ...

def summarise(simulation: Simulation) -> Summary:
    """Cost and recipients by programme, winners and losers, change by income decile and by
    district; exact, weighted (definitions in ``docs/analysis.md``)."""

class Difference:
    """One household's difference between the baseline and a reform, and why."""

    reform: str
    """The reform's name."""
    baseline: dict[str, Any]
    """The full explained result under the baseline."""
    reformed: dict[str, Any]
    """The full explained result under the reform."""
    difference: dict[str, Any]
    """``changed``, ``monthly_total`` / ``one_off_total`` (``baseline``, ``reformed``,
    ``change`` as Decimals), ``programmes`` (each with ``status``, ``monthly_amount``,
    ``reason`` when it changed, ``line_items`` that changed with the ``parameters`` that made
    them change, and the programme's changed ``parameters``) and ``parameters`` (every
    parameter whose value differs, with its baseline and reformed use: value, effective period,
    status and citation)."""
    @property
    def changed(self) -> bool:
        """Whether anything changed."""
    @property
    def programmes(self) -> list[dict[str, Any]]:
        """The programmes that changed."""
    @property
    def parameters(self) -> list[dict[str, Any]]:
        """Every parameter whose value differs."""
    def __str__(self) -> str:
        """A readable account: each changed programme, line, and the parameter behind it with
        its old and new value and citation."""

def explain_difference(request: Mapping[str, Any], reform: ReformLike) -> Difference:
    """Calculates one household (a ``calculate`` request) under the baseline and under
    ``reform``, with explanations, and explains the difference: for each programme the old and
    new status and amounts; the line items whose amount changed, appeared or disappeared; and the
    parameters whose values differ, naming each parameter with its old and new value and their
    citations (the law's, and the reform's).

    :raises minzheng.InputError: a bad request (paths under ``request.``) or reform (paths under
        ``reform.``).
    """

class Cliff:
    """A sweep of one input for one household (from :func:`cliff`)."""

    raw: dict[str, Any]
    """The engine's result."""
    vary: str
    """The input varied."""
    kind: str
    programmes: list[str]
    @property
    def points(self) -> Table:
        """One row per value: ``value``, ``monthly_total`` and per programme
        ``<programme>.status`` and ``<programme>.monthly``."""
    @property
    def changes(self) -> Table:
        """Every change of a programme's eligibility (its status, or the members it pays):
        ``programme``, ``status_before``, ``status_after``, ``lines_started``, ``lines_ended``,
        ``last_before``, ``at`` (the first value with the new eligibility, exact to the fen, or
        to 1 for a whole-number input), ``monthly_before``, ``monthly_after``,
        ``total_before``, ``total_after``."""
    @property
    def cliffs(self) -> Table:
        """The points where the household's monthly total falls by more than the input rises:
        ``last_before``, ``at``, ``total_before``, ``total_after``, ``drop`` and the
        ``programmes`` whose eligibility changes there."""

def cliff(
    request: Mapping[str, Any],
    vary: str = "household.members[0].income.wages",
    *,
    start: int | Decimal | str = 0,
    stop: int | Decimal | str = 10_000,
    step: int | Decimal | str = 10,
    reform: ReformLike | None = None,
    kind: Literal["pandas", "pyarrow", "polars"] = "pandas",
) -> Cliff:
    """Sweeps one input of one household from ``start`` to ``stop`` (included) by ``step``,
    calculating every programme at each point (under ``reform`` if given), and locates exactly
    where each programme's eligibility starts or ends.

    ``vary`` is the input's path in the request (``household.members[0].income.wages``; the
    ``household.`` prefix may be left out). Money moves in fen; an input that is a whole number
    in the request (an age) moves in steps of 1. At most 100,001 points.

    :raises minzheng.InputError: an unknown path (``invalid_value`` at ``vary``), bounds that
        are not multiples of the resolution, a float bound, or too many points
        (``input_too_large``).
    """
