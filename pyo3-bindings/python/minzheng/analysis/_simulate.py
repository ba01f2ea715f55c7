"""Population runs: a household table and a person table (or a list of requests) through every
programme, under the baseline and any number of reforms.

Tables go to the engine as Arrow (pandas through ``pyarrow.Table.from_pandas``, polars through
``to_arrow()``, DuckDB relations through ``arrow()``, pyarrow as is); the engine reads the
arrays in place (``minzheng._native.simulate_arrow``) and keeps its results as native columns
(:attr:`Simulation.outcome`), exported as one Arrow table (:meth:`Simulation.arrow`). No cell
becomes a Python object until a table of another kind is asked for."""

from __future__ import annotations

import json
import os
import re
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .. import _native
from .._convert import decode_result, encode_request
from ..errors import InputError, MinzhengError, error_class
from . import _guard, _tables
from ._progress import progress_bar
from ._reform import Difference, explain_difference, normalise_reforms
from ._synthetic import Population

#: Household columns that are never request fields.
RESERVED_HOUSEHOLD = frozenset({"household_id", "weight", "synthetic"})
#: Person columns that are never request fields (``person_id`` becomes the member's ``id``).
RESERVED_PERSON = frozenset({"household_id", "synthetic"})
#: Households per native block (and per progress-bar step).
BLOCK = 65_536
#: Households per pair when streaming Parquet files or datasets.
STREAM_BATCH = 100_000
# Bytes a Parquet file is read through when streamed (see `_record_batches`).
READ_BUFFER = 1 << 20

_TABLE_PATH = re.compile(r"^(households|persons)\[(\d+)\](?:\.(.*))?$")
_COLUMN_PATH = re.compile(r"^(households|persons)\.(.+)$")


def _weight_value(value: Any, row: int) -> int | Decimal:
    if isinstance(value, bool) or _tables.is_missing(value):
        raise InputError(
            "invalid_value", f"households[{row}].weight", "every household needs a weight"
        )
    if isinstance(value, (int, Decimal, float)):
        # Weights are not money: a float weight is read by its shortest decimal representation;
        # a non-finite or huge weight is out of range (_guard.weight).
        w: int | Decimal = _guard.weight(value, f"households[{row}].weight")
    elif hasattr(value, "item"):
        return _weight_value(value.item(), row)
    else:
        raise InputError(
            "invalid_type",
            f"households[{row}].weight",
            f"a weight is a number, not {type(value).__name__}",
        )
    if w < 0:
        raise InputError("out_of_range", f"households[{row}].weight", "a weight cannot be negative")
    return w


def _weights_of(values: Any, offset: int = 0) -> list[int | Decimal]:
    """Weights from a pyarrow column (fast for a complete non-negative integer column)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_integer(values.type) and values.null_count == 0:
        if len(values) == 0 or pc.min(values).as_py() >= 0:
            return values.to_pylist()  # type: ignore[no-any-return]
    return [_weight_value(v, offset + i) for i, v in enumerate(values.to_pylist())]


# -- tables to Arrow ------------------------------------------------------------------------------


def _kind(table: object) -> str:
    """The kind of a caller's table: pandas, pyarrow, polars or duckdb."""
    module = type(table).__module__.split(".")[0]
    name = type(table).__name__
    if module == "duckdb" and hasattr(table, "arrow"):
        return "duckdb"
    if module == "pyarrow" and name == "RecordBatch":
        return "pyarrow"
    return _tables.kind_of(table)


def _plain_strings(values: list[Any], table: str, name: str) -> Any:
    """A column of mixed Python values as exact strings (never through a float)."""
    import pyarrow as pa

    out: list[str | None] = []
    for row, v in enumerate(values):
        if _tables.is_missing(v):
            out.append(None)
        elif isinstance(v, float):
            raise InputError(
                "invalid_money" if "." in name or name.endswith("subsidy") else "invalid_type",
                f"{table}[{row}].{name}",
                f"a float ({v!r}) cannot carry an exact value: use decimal.Decimal, str or int",
            )
        elif isinstance(v, Decimal):
            out.append(format(v, "f"))
        elif hasattr(v, "isoformat"):
            out.append(v.isoformat()[:10])
        else:
            out.append(str(v))
    return pa.array(out, type=pa.string())


def _decimal_objects(series: Any) -> bool:
    """Whether an ``object`` column holds ``decimal.Decimal`` values (judged by its first)."""
    if str(series.dtype) != "object":
        return False
    present = series.notna()
    if not present.any():
        return False
    return isinstance(series.iloc[int(present.to_numpy().argmax())], Decimal)


#: How the engine reads each field column (``core/src/columnar/arrow.rs``), for checking the
#: cells of pandas ``object`` columns one by one (``person_id`` is the members' ``id``).
_MONEY_COLUMNS = frozenset(
    [f"assets.{n}" for n in ("deposits", "securities", "funds", "commercial_insurance")]
    + [f"assets.{n}" for n in ("receivables", "online_financial", "vehicles")]
    + [
        f"rigid_expenditure.{n}"
        for n in ("basic_living", "medical_out_of_pocket", "education", "rehabilitation")
    ]
    + ["home_care_subsidy", "elderly_care_subsidy", "meal_aid.meal_price"]
    + [
        f"income.{n}"
        for n in (
            "wages", "employment_costs", "business_net", "property_net", "transfer_net", "other",
            "rigid_expenditure_deduction", "pension", "social_insurance_benefits",
            "longevity_allowance", "preferential_pension", "family_planning_award", "scholarship",
            "heroism_award", "social_assistance", "basic_pension_central", "disability_subsidies",
        )
    ]
)
_INT_COLUMNS = frozenset(
    [
        "assets.extra_dwellings", "assets.non_residential_properties", "age",
        "disability.grade", "adl_unmet",
        "service_disability_grade", "meal_aid.meals", "meal_aid.delivered_meals",
        "meal_aid.care_level",
    ]
)
_BOOL_COLUMNS = frozenset(
    [
        f"flags.{n}"
        for n in (
            "serious_illness", "orphan", "de_facto_unsupported_child", "lives_in_institution",
            "child_chooses_tekun", "unemployment_benefit", "preferential_care_recipient",
            "work_injury_care_allowance", "retired_cadre_lixiu", "full_time_student",
            "childless", "outpatient_special_disease",
        )
    ]
    + ["assets.business_registration", "assets.livelihood_vehicle"]
)
_DATE_COLUMNS = frozenset(["birth_date", "disability_subsidy_approved"])
_ENUM_COLUMNS = frozenset(
    [
        "district", "area", "person_id", "hukou", "relationship", "sex", "disability.category",
        "ability_level", "supporters", "home_care_funding",
    ]
)
_WANT = {
    "money": "an amount (use decimal.Decimal, str or a whole int)",
    "int": "a whole number (int)",
    "bool": "a bool",
    "date": "a date (datetime.date or 'YYYY-MM-DD')",
    "enum": "text (str)",
}
_I64 = 2**63


def _column_kind(name: str) -> str | None:
    """How the engine reads a column: money, int, bool, date or enum; ``None`` for a column
    that is not a field (ids, weights, ignored or unknown columns)."""
    if name in _MONEY_COLUMNS:
        return "money"
    if name in _INT_COLUMNS:
        return "int"
    if name in _BOOL_COLUMNS:
        return "bool"
    if name in _DATE_COLUMNS:
        return "date"
    if name in _ENUM_COLUMNS:
        return "enum"
    return None


def _cell_problem(v: Any, kind: str) -> tuple[str, str] | None:
    """Why one cell of an ``object`` column cannot be sent as a value of a ``kind`` column:
    ``(code, message)``, or ``None`` if it can (a missing value included). Nothing is coerced:
    a float is never an exact amount, text is never a number, bytes are never text."""
    if isinstance(v, Decimal):
        if not v.is_finite():
            return (
                "invalid_money" if kind == "money" else "invalid_value",
                f"{v} is not a finite number",
            )
        return None if kind == "money" else ("invalid_type", f"a Decimal ({v}) is not {_WANT[kind]}")
    if isinstance(v, float) or type(v).__name__ in ("float16", "float32", "float64", "longdouble"):
        if v != v:
            return None  # NaN: pandas' mark of a missing value
        what = "a non-finite number" if v in (float("inf"), float("-inf")) else "a float"
        return (
            "invalid_money" if kind == "money" else "invalid_type",
            f"{what} ({v!r}) cannot carry an exact value: use decimal.Decimal, str or int",
        )
    if _tables.is_missing(v):
        return None
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError as e:
            return ("invalid_value", f"the text is not valid Unicode ({e.reason} at index {e.start})")
        if kind in ("money", "enum", "date"):
            return None
        return ("invalid_type", f"text ({v[:40]!r}) is not {_WANT[kind]}")
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return None if kind == "bool" else ("invalid_type", f"a bool ({v}) is not {_WANT[kind]}")
    if isinstance(v, int) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu"):
        if kind == "int":
            return None if -_I64 <= int(v) < _I64 else ("out_of_range", f"{v} is out of range")
        if kind == "money":
            return None
        return ("invalid_type", f"a number ({v}) is not {_WANT[kind]}")
    if hasattr(v, "isoformat") and hasattr(v, "year"):
        return None if kind == "date" else ("invalid_type", f"a date ({v}) is not {_WANT[kind]}")
    return ("invalid_type", f"a {type(v).__name__} value is not {_WANT[kind]}")


def _checked_column(
    values: list[Any], table: str, name: str, kind: str, cells: list[Any]
) -> Any:
    """An ``object`` column of field ``name`` whose cells have been found unsendable: those cells
    (recorded in ``cells`` as ``(table, row, column, code, message)``) become missing, the rest
    is converted as usual. The household of each recorded cell is reported as an error after the
    run (:func:`_record_errors`), like a value the engine rejects."""
    import pyarrow as pa

    clean = list(values)
    for row, v in enumerate(values):
        problem = _cell_problem(v, kind)
        if problem is not None:
            cells.append((table, row, name, *problem))
            clean[row] = None
    try:
        return pa.array(clean, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        # Mixed but sendable values (Decimal and int amounts, dates and date text): exact text.
        return _plain_strings(clean, table, name)


def _unsendable(series: Any, kind: str) -> bool:
    """Whether an ``object`` column has a cell :func:`_cell_problem` refuses. The usual columns
    are recognised at C speed first: text only, or amounts that are all ``Decimal`` and convert
    exactly at two decimals; anything else is checked cell by cell."""
    import pyarrow as pa

    values = series.tolist()
    kinds = set(map(type, values))
    if kinds <= {str, type(None)} and kind not in ("money", "int", "bool", "date"):
        return False
    if kind == "money" and kinds <= {Decimal, type(None)}:
        try:
            pa.array(values, type=pa.decimal128(38, 2))
            return False
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    return any(_cell_problem(v, kind) is not None for v in values)


def _household_id_cells(series: Any, table: str) -> None:
    """A household id of an ``object`` column is an int or text: anything else (bytes, a float)
    is an error of the whole run, as no household can be named for it."""
    if str(series.dtype) != "object":
        return
    for row, v in enumerate(series.tolist()):
        if _tables.is_missing(v) or isinstance(v, str):
            continue
        if isinstance(v, int) and not isinstance(v, bool):
            continue
        if hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu":
            continue
        raise InputError(
            "invalid_type",
            f"{table}[{row}].household_id",
            f"a household id is an int or a str, not {type(v).__name__} ({v!r})",
        )


def _from_pandas(frame: Any, table: str, cells: list[Any] | None = None) -> Any:
    """A pandas DataFrame as Arrow (``from_pandas``, no index). Columns of Decimal objects are
    converted at scale 2 first (much faster than inferring their precision); a column that does
    not fit (more decimals, mixed values) is inferred, or else sent as exact strings.

    A cell of an ``object`` field column that cannot be sent exactly (bytes, a float, an
    infinite Decimal, text in an integer column) is recorded in ``cells`` as ``(table, row,
    column, code, message)`` and sent as missing: its household becomes an error after the run
    and every other household is calculated. Without ``cells`` the first such cell is raised."""
    import pyarrow as pa

    frame = frame.rename(columns=str)
    if "household_id" in frame.columns:
        _household_id_cells(frame["household_id"], table)
    found: list[Any] = []
    typed: dict[str, Any] = {}
    for name in frame.columns:
        kind = _column_kind(name)
        series = frame[name]
        if kind is None or str(series.dtype) != "object" or not _unsendable(series, kind):
            continue
        typed[name] = _checked_column(series.tolist(), table, name, kind, found)
    if found and cells is None:
        t, row, column, code, message = found[0]
        raise InputError(code, f"{t}[{row}].{column}", message)
    decimal = [n for n in frame.columns if n not in typed and _decimal_objects(frame[n])]
    for name in decimal:
        try:
            typed[name] = pa.array(frame[name], type=pa.decimal128(38, 2), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    rest = frame[[n for n in frame.columns if n not in typed]] if typed else frame
    try:
        converted = pa.Table.from_pandas(rest, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        arrays, names = [], []
        for name in rest.columns:
            series = rest[name]
            try:
                arrays.append(pa.array(series, from_pandas=True))
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
                arrays.append(_plain_strings(series.tolist(), table, name))
            names.append(name)
        converted = pa.Table.from_arrays(arrays, names=names)
    if typed:
        columns = [typed[n] if n in typed else converted.column(n) for n in frame.columns]
        converted = pa.Table.from_arrays(columns, names=list(frame.columns))
    if found and cells is not None:
        ids = converted.column("household_id") if "household_id" in frame.columns else None
        for t, row, column, code, message in found:
            hid = ids[row].as_py() if ids is not None else None
            cells.append((t, row, column, code, message, hid))
    return converted


def _dates(table: Any) -> Any:
    """Timestamp columns as dates (the engine reads dates; a time of day means nothing here)."""
    import pyarrow as pa

    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.date32(), safe=False))
    return table


def to_arrow(
    table: Any, kind: str, name: str = "households", cells: list[Any] | None = None
) -> Any:
    """A caller's table as a ``pyarrow.Table``; cells a pandas frame cannot send are recorded
    in ``cells`` (see :func:`_from_pandas`), or raised without it."""
    import pyarrow as pa

    if kind == "pyarrow":
        out = pa.Table.from_batches([table]) if isinstance(table, pa.RecordBatch) else table
    elif kind == "polars":
        out = table.to_arrow()
    elif kind == "duckdb":
        out = table.arrow()
        if hasattr(out, "read_all"):
            out = out.read_all()
    else:
        out = _from_pandas(table, name, cells)
    return _dates(out)


def _is_float(table: Any, name: str) -> bool:
    import pyarrow as pa

    return pa.types.is_floating(table.schema.field(name).type)


class _Input:
    """A population prepared for the engine: Arrow tables, their columns sent or kept."""

    def __init__(self) -> None:
        self.kind = "pandas"
        self.synthetic = False
        self.requests: list[str] | None = None
        self.request_dicts: Sequence[Mapping[str, Any]] | None = None
        self.households_table: Any = None
        self.harrow: Any = None
        self.parrow: Any = None
        self.hsend: Any = None
        self.psend: Any = None
        self.float_columns: set[str] = set()
        self.passthrough: dict[str, list[Any]] = {}
        self.parquet_persons: Any = None
        self.kept_persons: Any = None
        self.skip: set[str] = set()
        #: Cells of pandas object columns that could not be sent (sent as missing): ``(table,
        #: row, column, code, message, household_id)``, rows of the caller's whole tables.
        self.cells: list[Any] = []
        self._ids: list[Any] | None = None
        self._members: list[int] | None = None
        self._districts: list[Any] | None = None
        self.outcome: Any = None
        self.n = 0

    @property
    def ids(self) -> list[Any]:
        if self._ids is None:
            if self.requests is not None:
                self._ids = list(range(len(self.requests)))
            elif self.harrow is not None:
                self._ids = self.harrow.column("household_id").to_pylist()
            else:
                self._ids = []
        return self._ids

    @ids.setter
    def ids(self, value: list[Any]) -> None:
        self._ids = list(value)
        self.n = len(self._ids)

    @property
    def members(self) -> list[int]:
        """Members per household (person rows; for requests, listed members)."""
        if self._members is None:
            if self.request_dicts is not None:
                self._members = [
                    len(r.get("household", {}).get("members", [])) for r in self.request_dicts
                ]
            else:
                members = self.outcome.members() if self.outcome is not None else []
                failed = [i for i, *_ in self.outcome.errors()] if self.outcome else []
                if failed and self.parrow is not None:
                    import pyarrow.compute as pc

                    counts = pc.value_counts(self.parrow.column("household_id"))
                    by_id = {c["values"].as_py(): c["counts"].as_py() for c in counts}
                    for i in failed:
                        members[i] = by_id.get(self.ids[i], 0)
                self._members = members
        return self._members

    @members.setter
    def members(self, value: list[int]) -> None:
        self._members = list(value)

    @property
    def districts(self) -> list[Any] | None:
        if self._districts is None:
            if self.request_dicts is not None:
                self._districts = [
                    r.get("household", {}).get("district") for r in self.request_dicts
                ]
            else:
                self._districts = self.household_column("district")
        return self._districts

    @districts.setter
    def districts(self, value: list[Any] | None) -> None:
        self._districts = value

    def household_column(self, name: str) -> list[Any] | None:
        """A household column's values, sent to the engine or not (``None`` if absent)."""
        if name in self.passthrough:
            return self.passthrough[name]
        if self.request_dicts is not None and name == "district":
            return self.districts
        table = self.harrow
        if table is None or name not in table.column_names:
            return None
        import pyarrow as pa

        column = table.column(name)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        values = column.to_pylist()
        self.passthrough[name] = values
        return values


def _sent(table: Any, reserved: frozenset[str], skip: set[str]) -> Any:
    keep = [
        n
        for n in table.column_names
        if n == "household_id" or not (n in reserved or n in skip or n.startswith("_"))
    ]
    return table.select(keep)


def _from_tables(
    households: Any, persons: Any, ignore: Iterable[str], weight: str | None
) -> _Input:
    inp = _Input()
    kind = _kind(households)
    if _kind(persons) != kind:
        raise InputError(
            "invalid_type", "persons", "give the household and person tables as the same kind"
        )
    inp.kind = "pyarrow" if kind == "duckdb" else kind
    for name, t in (("households", households), ("persons", persons)):
        names = getattr(t, "column_names", None) if kind in ("pyarrow", "duckdb") else None
        if names is None and kind in ("pandas", "polars"):
            names = list(t.columns)
        _guard.unique_columns(list(names or []), name)
    harrow = to_arrow(households, kind, "households", inp.cells)
    parrow = to_arrow(persons, kind, "persons", inp.cells)
    inp.households_table = households if kind != "duckdb" else harrow
    for table, t in (("households", harrow), ("persons", parrow)):
        if "household_id" not in t.column_names:
            raise InputError(
                "missing_field",
                f"{table}.household_id",
                f"the {table} table needs a household_id column",
            )
    inp.synthetic = "synthetic" in harrow.column_names
    skip = set(ignore) | ({weight} if weight else set())
    inp.harrow, inp.parrow = harrow, parrow
    inp.hsend = _sent(harrow, RESERVED_HOUSEHOLD, skip)
    inp.psend = _sent(parrow, RESERVED_PERSON, skip)
    for name in inp.hsend.column_names + inp.psend.column_names:
        table = inp.hsend if name in inp.hsend.column_names else inp.psend
        if _is_float(table, name):
            inp.float_columns.add(name)
    inp.n = harrow.num_rows
    return inp


def _from_requests(requests: Sequence[Mapping[str, Any]]) -> _Input:
    inp = _Input()
    inp.kind = "pandas"
    inp.requests = [encode_request(r) for r in requests]
    inp.request_dicts = requests
    inp.n = len(requests)
    return inp


# -- the result -----------------------------------------------------------------------------------


class Simulation:
    """The result of :func:`simulate`: every household under every scenario.

    The engine's results stay native (:attr:`outcome`, programme-major columns of whole fen); see
    :meth:`arrow` for them as one Arrow table, :meth:`households` for the per-household table of
    the caller's kind, :meth:`summarise` for the summaries and :meth:`explain_difference` for one
    household's explanation.
    """

    def __init__(self) -> None:
        self.kind = "pandas"
        self.date: str | None = None
        self.scenarios: list[str] = ["baseline"]
        self.reforms: dict[str, str] = {}
        self.programmes: list[dict[str, Any]] = []
        # The household programmes decided (wire names), None for every one.
        self.decided: list[str] | None = None
        self.synthetic = False
        self.weights: list[int | Decimal] | None = None
        self.errors: dict[Any, tuple[str, str, str]] = {}
        self.traces: dict[Any, dict[str, dict[str, Any]]] = {}
        self.statuses: list[str] = []
        #: The native outcome (``minzheng._native.Columns``): per scenario and programme the
        #: status, reason, monthly and one-off columns, and the household columns.
        self.outcome: Any = None
        self._input = _Input()
        self._common: str | None = None
        self._scenario_objects: list[Any] = []
        self._arrow: dict[str, Any] = {}
        self._legacy: dict[str, Any] | None = None
        self._household_ids: list[Any] | None = None

    # -- access -------------------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Number of households."""
        if self._household_ids is not None:
            return len(self._household_ids)
        return int(self._input.n)

    @property
    def household_ids(self) -> list[Any]:
        """The households' ids, in input order."""
        if self._household_ids is not None:
            return self._household_ids
        return self._input.ids

    @household_ids.setter
    def household_ids(self, value: list[Any]) -> None:
        self._household_ids = list(value)

    def arrow(self, money: str = "decimal") -> Any:
        """The engine's results as one ``pyarrow.Table``, one row per household and scenario
        (scenario-major): ``household_id``, ``scenario``, ``members``, ``district``, ``income``,
        ``monthly_total``, ``one_off_total``, ``annual_total``, ``annual_change``, and per
        programme ``<name>.status``, ``<name>.reason`` (dictionary-encoded strings),
        ``<name>.monthly`` and, where any is paid, ``<name>.one_off``.

        ``money="decimal"`` gives the amounts as ``decimal128`` yuan; ``money="fen"`` as
        ``int64`` whole fen in columns named ``…_fen`` (``dibao.monthly_fen``), which share the
        engine's own memory: no copy, and numpy or polars read them without conversion."""
        if money not in ("decimal", "fen"):
            raise ValueError(f'money must be "decimal" or "fen", not {money!r}')
        table = self._arrow.get(money)
        if table is None:
            table = self.outcome.table(money)
            self._arrow[money] = table
        return table

    def _buffers(self) -> dict[str, Any]:
        """Household-major buffers (status codes, whole fen) of every scenario, built once."""
        if self._legacy is None:
            status, monthly, one_off, given = {}, {}, {}, {}
            if self.outcome is None:
                # Filled by whoever builds a Simulation by hand (tests, adapters).
                self._legacy = {
                    "status": status,
                    "monthly": monthly,
                    "one_off": one_off,
                    "given": given,
                    "income": array("q"),
                }
                return self._legacy
            for k, s in enumerate(self.scenarios):
                a, b, c, d = self.outcome.household_major(k)
                status[s], monthly[s], one_off[s], given[s] = a, _int64(b), _int64(c), d
            self._legacy = {
                "status": status,
                "monthly": monthly,
                "one_off": one_off,
                "given": given,
                "income": _int64(self.outcome.income()),
            }
        return self._legacy

    @property
    def _status(self) -> dict[str, bytes]:
        return self._buffers()["status"]  # type: ignore[no-any-return]

    @property
    def _monthly(self) -> dict[str, array]:
        return self._buffers()["monthly"]  # type: ignore[no-any-return]

    @property
    def _one_off(self) -> dict[str, array]:
        return self._buffers()["one_off"]  # type: ignore[no-any-return]

    @property
    def _one_off_given(self) -> dict[str, bytes]:
        return self._buffers()["given"]  # type: ignore[no-any-return]

    @property
    def _income(self) -> array:
        return self._buffers()["income"]  # type: ignore[no-any-return]

    @_income.setter
    def _income(self, value: array) -> None:
        self._buffers()["income"] = value

    def _valid(self) -> list[bool]:
        bad = {self._index[h] for h in self.errors}
        return [i not in bad for i in range(self.n)]

    @property
    def _index(self) -> dict[Any, int]:
        cached = getattr(self, "_index_cache", None)
        if cached is None:
            cached = {h: i for i, h in enumerate(self.household_ids)}
            self._index_cache = cached
        return cached

    def index_of(self, household_id: Any) -> int:
        try:
            return self._index[household_id]
        except (KeyError, TypeError):
            raise InputError(
                "invalid_value", "household_id", f"no household has id {household_id!r}"
            ) from None

    def request(self, household_id: Any) -> dict[str, Any]:
        """The request the engine calculated for ``household_id`` (a dict, money as strings)."""
        i = self.index_of(household_id)
        inp = self._input
        if inp.requests is not None:
            return json.loads(inp.requests[i])  # type: ignore[no-any-return]
        import pyarrow.compute as pc

        hid = self.household_ids[i]
        if inp.hsend is not None and inp.psend is not None:
            h = inp.hsend.slice(i, 1)
            persons = inp.psend.filter(pc.equal(inp.psend.column("household_id"), hid))
        else:
            h = inp.harrow.slice(i, 1)
            h = _sent(h, RESERVED_HOUSEHOLD, inp.skip)
            persons = _stream_persons(inp, hid)
        hcols = [
            (name, _pylist(h.column(name))) for name in h.column_names if name != "household_id"
        ]
        pcols = [
            ("id" if name == "person_id" else name, _pylist(persons.column(name)))
            for name in persons.column_names
            if name != "household_id"
        ]
        if not any(name == "id" for name, _ in pcols):
            pcols.append(("id", [f"p{k + 1}" for k in range(persons.num_rows)]))
        texts = _native.population_requests(
            self.date, hcols, pcols, [persons.num_rows], self._common, [0]
        )
        return json.loads(texts[0])  # type: ignore[no-any-return]

    def explain_difference(self, household_id: Any, reform: str | None = None) -> Difference:
        """Why ``household_id``'s amounts differ under ``reform`` (a reform's name; may be
        omitted when there is exactly one)."""
        if reform is None:
            if len(self.reforms) != 1:
                raise InputError(
                    "invalid_value", "reform", f"name one of the reforms: {list(self.reforms)}"
                )
            reform = next(iter(self.reforms))
        if reform not in self.reforms:
            raise InputError(
                "invalid_value",
                "reform",
                f"no reform named {reform!r}; known: {list(self.reforms)}",
            )
        return explain_difference(self.request(household_id), self.reforms[reform])

    def households(self) -> Any:
        """One row per household and scenario (see the stub for the columns)."""
        if self.outcome is None:
            from ._summary import households_table

            return households_table(self)
        return _households_table(self)

    def summarise(self) -> Any:
        """The summaries (see :func:`summarise`)."""
        from ._summary import summarise

        return summarise(self)

    def change_by(self, column: str) -> Any:
        """Change under each reform grouped by a household column (as ``by_district``)."""
        from ._summary import change_by

        return change_by(self, column)

    def __repr__(self) -> str:
        label = " SYNTHETIC" if self.synthetic else ""
        return (
            f"<Simulation{label}: {self.n} households, scenarios {self.scenarios}, "
            f"{len(self.programmes)} programmes, {len(self.errors)} errors>"
        )


def _pylist(column: Any) -> list[Any]:
    import pyarrow as pa

    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.to_pylist()  # type: ignore[no-any-return]


def _stream_persons(inp: _Input, hid: Any) -> Any:
    """A streamed household's person rows: kept while streaming (traced households) or read
    again from the Parquet file."""
    import pyarrow.compute as pc

    kept = inp.kept_persons
    if kept is not None:
        rows = kept.filter(pc.equal(kept.column("household_id"), hid))
        if rows.num_rows:
            return rows
    if inp.parquet_persons is not None:
        import pyarrow.parquet as pq

        table = pq.read_table(inp.parquet_persons, filters=[("household_id", "=", hid)])
        return _sent(table, RESERVED_PERSON, inp.skip)
    raise InputError(
        "invalid_value",
        "household_id",
        f"the person rows of household {hid!r} were streamed and not kept: trace it, or stream "
        "from Parquet files",
    )


# -- households() ---------------------------------------------------------------------------------


def income_deciles(sim: Simulation) -> list[int | None]:
    """Each household's income decile (see ``docs/analysis.md``), computed from the columns."""
    cached = getattr(sim, "_deciles_cache", None)
    if cached is None:
        from ._summary import _weights_and_excluded

        weights, scale, _ = _weights_and_excluded(sim)
        cached = list(sim.outcome.income_deciles(weights, scale))
        sim._deciles_cache = cached  # type: ignore[attr-defined]
    return cached  # type: ignore[no-any-return]


def _households_table(sim: Simulation) -> Any:
    """The per-household table of the caller's kind, from the Arrow result."""
    import pyarrow as pa

    result = sim.arrow()
    n, repeat = sim.n, len(sim.scenarios)
    names: list[str] = []
    arrays: list[Any] = []

    def add(name: str, values: Any) -> None:
        names.append(name)
        arrays.append(values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values)

    def tiled(values: Any, typ: Any = None) -> Any:
        array = values if isinstance(values, pa.Array) else pa.array(values, type=typ)
        return pa.concat_arrays([array] * repeat) if repeat > 1 else array

    ids = result.column("household_id")
    if sim._input.requests is not None or pa.types.is_integer(ids.type):
        add("household_id", ids.cast(pa.int64()))
    else:
        add("household_id", ids.cast(pa.string()))
    add("scenario", result.column("scenario").cast(pa.string()))
    if sim.weights is not None:
        if any(isinstance(v, Decimal) for v in sim.weights):
            w = pa.array(
                [Decimal(v) if isinstance(v, int) else v for v in sim.weights],
                type=pa.decimal128(38, 2),
            )
        else:
            w = pa.array(sim.weights, type=pa.int64())
        add("weight", tiled(w))
    harrow = sim._input.harrow
    if harrow is not None and "district" in harrow.column_names:
        district = harrow.column("district")
        if pa.types.is_dictionary(district.type):
            district = district.cast(district.type.value_type)
        add("district", tiled(district.cast(pa.string()).combine_chunks()))
    elif sim._input.districts is not None:
        add(
            "district",
            tiled([None if d is None else str(d) for d in sim._input.districts], pa.string()),
        )
    add("members", tiled(sim._input.members, pa.int64()))
    add("income", result.column("income"))
    add("income_decile", tiled(income_deciles(sim), pa.int64()))
    for name in ("monthly_total", "one_off_total", "annual_total", "annual_change"):
        add(name, result.column(name))
    if sim.errors:
        index = sim._index
        message = {index[h]: f"{c} at {p}: {m}" for h, (c, p, m) in sim.errors.items()}
        add("error", tiled([message.get(i) for i in range(n)], pa.string()))
    for p in sim.programmes:
        name = p["programme"]
        add(f"{name}.status", result.column(f"{name}.status").cast(pa.string()))
        add(f"{name}.monthly", result.column(f"{name}.monthly"))
        if f"{name}.one_off" in result.column_names:
            add(f"{name}.one_off", result.column(f"{name}.one_off"))
    if sim.synthetic:
        add("synthetic", pa.array([True] * (n * repeat), type=pa.bool_()))
    metadata = {b"minzheng.synthetic": b"true"} if sim.synthetic else None
    table = pa.Table.from_arrays(arrays, names=names, metadata=metadata)
    return _as_kind(table, sim.kind, sim.synthetic)


def _as_kind(table: Any, kind: str, synthetic: bool) -> Any:
    """An Arrow table as a table of ``kind``: pandas with object columns of Decimal and str and
    nullable Int64/boolean, polars with Decimal columns."""
    if kind == "pyarrow":
        return table
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    import pandas as pd
    import pyarrow as pa

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    frame = table.to_pandas(types_mapper=mapping.get)
    for field in table.schema:
        if pa.types.is_string(field.type):
            values = frame[field.name].astype(object)
            frame[field.name] = values.where(values.notna(), None)
    frame.attrs.clear()
    if synthetic:
        frame.attrs["synthetic"] = True
    return frame


# -- errors ---------------------------------------------------------------------------------------


def _first_row(inp: _Input, table: str, column: str) -> int:
    """The first row where a table's column has a value (0 if none)."""
    import pyarrow.compute as pc

    t = inp.harrow if table == "households" else inp.parrow
    if t is None or column not in t.column_names:
        return 0
    row = pc.index(pc.is_valid(t.column(column)), True).as_py()
    return max(int(row), 0)


def _locate(
    inp: _Input, code: str, path: str, message: str, h: int | None
) -> InputError | MinzhengError:
    """The error with a path in the caller's tables (or ``requests[h]``) and the household named."""
    column = None
    m = _TABLE_PATH.match(path)
    c = _COLUMN_PATH.match(path)
    if inp.requests is not None:
        if h is not None:
            path = f"requests[{h}]" + (f".{path}" if path else "")
            message = f"household {h!r}: {message}"
    elif m:
        column = m.group(3)
    elif c and inp.harrow is not None:
        # A whole column (unknown, or of a type that cannot hold the field): its first value.
        table, column = c.group(1), c.group(2)
        path = f"{table}[{_first_row(inp, table, column)}].{column}"
    elif path in ("calculation_date", ""):
        path = "date" if code == "parameter_not_in_force" or path else path
        if h is not None and 0 <= h < inp.n:
            message = f"household {inp.ids[h]!r}: {message}"
    if column is not None and column in inp.float_columns:
        message += (
            f" (the column `{column}` has a float type: money and counts must be exact; use "
            "decimal.Decimal, str or int values, e.g. a pandas object column of Decimal, pyarrow "
            "decimal128 or polars Decimal, or a nullable integer type such as pandas Int64)"
        )
    return error_class(code)(code, path, message)


def _with_cell_errors(sim: Simulation, inp: _Input) -> None:
    """The cells :func:`_from_pandas` could not send become errors of their households (the
    household's cells reset as for an error the engine records; the cell's error replaces any
    the engine found for the household, which saw the cell as missing)."""
    if not inp.cells or sim.outcome is None:
        return
    ids = inp.ids
    index: dict[Any, int] | None = None
    extra = []
    for table, row, column, code, message, hid in inp.cells:
        if table == "households":
            i = row
        else:
            if index is None:
                index = {}
                for k, h in enumerate(ids):
                    index.setdefault(h, k)
            found = index.get(hid)
            if found is None:
                continue  # a person of no household: the engine has refused the run already
            i = found
        if 0 <= i < len(ids):
            extra.append((i, code, f"{table}[{row}].{column}", f"household {ids[i]!r}: {message}"))
    inp.cells = []
    if extra:
        sim.outcome = inp.outcome = _native.columns_with_errors(sim.outcome, extra)
        inp._members = None


def _record_errors(sim: Simulation, inp: _Input, errors: str) -> None:
    _with_cell_errors(sim, inp)
    located = {
        i: _locate(inp, code, path, message, i) for i, code, path, message in sim.outcome.errors()
    }
    if located and errors == "raise":
        raise next(iter(located.values()))
    # The ids as Python objects only when a household failed (a million of them cost ~50 ms).
    ids = inp.ids if located else []
    sim.errors = {ids[i]: (e.code, e.path, e.message) for i, e in located.items()}


# -- simulate -------------------------------------------------------------------------------------


def _population_parts(population: Any) -> tuple[Any, Any] | None:
    if isinstance(population, Population):
        return population.households, population.persons
    if isinstance(population, tuple) and len(population) == 2:
        return population[0], population[1]
    return None


def _is_stream_source(value: Any) -> bool:
    if isinstance(value, (str, os.PathLike)):
        return True
    module = type(value).__module__
    return module.startswith("pyarrow") and type(value).__name__ in (
        "FileSystemDataset",
        "Dataset",
        "UnionDataset",
        "RecordBatchReader",
        "ParquetFile",
    )


def _rows_of(source: Any) -> int | None:
    """The number of rows of a Parquet path or dataset, from its metadata."""
    try:
        if isinstance(source, (str, os.PathLike)):
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(source).metadata.num_rows)
        if hasattr(source, "count_rows"):
            return int(source.count_rows())
    except Exception:  # pragma: no cover - a count only sizes the progress bar
        return None
    return None


def _common_text(common: Mapping[str, Any] | None) -> str | None:
    """The ``common`` argument as request JSON; an error names it (``common.price_indices…``)."""
    if common is None:
        return None
    try:
        return encode_request(common)
    except MinzhengError as e:
        path = "common" + (f".{e.path}" if e.path else "")
        raise error_class(e.code)(e.code, path, e.message) from None


def _scenarios(sim: Simulation, reforms: Any) -> list[Any]:
    reform_list = normalise_reforms(reforms)
    scenarios = [_native.baseline_scenario()]
    for i, (name, text) in enumerate(reform_list):
        try:
            scenarios.append(_native.reform_scenario(text))
        except MinzhengError as e:
            where = (
                f"reforms[{i}]" + e.path[len("reform") :] if e.path.startswith("reform") else e.path
            )
            raise error_class(e.code)(e.code, where, f"reform {name!r}: {e.message}") from None
        sim.reforms[name] = text
    sim.scenarios = ["baseline"] + [name for name, _ in reform_list]
    sim.programmes = list(_native.columnar_programmes())
    sim.statuses = list(_native.status_names())
    return scenarios


def simulate(
    population: Any,
    *,
    date: str | None = None,
    reforms: Any = None,
    weight: str | Sequence[Any] | None = None,
    trace: Iterable[Any] = (),
    common: Mapping[str, Any] | None = None,
    errors: str = "raise",
    threads: int | None = None,
    progress: bool | None = None,
    ignore: Iterable[str] = (),
    programmes: Iterable[str] | None = None,
) -> Simulation:
    """Runs a population through every programme under the baseline and each reform (see the
    stub for the full description)."""
    date, threads = _guard.calculation_date(date), _guard.threads(threads)
    decided = _guard.programmes(programmes)
    if errors not in ("raise", "record"):
        raise InputError("invalid_value", "errors", "errors must be 'raise' or 'record'")
    parts = _population_parts(population)
    if parts is not None and _is_stream_source(parts[0]) and _is_stream_source(parts[1]):
        return simulate_batches(
            pair_batches(parts[0], parts[1]),
            total=_rows_of(parts[0]),
            date=date,
            reforms=reforms,
            weight=weight if isinstance(weight, str) else None,
            trace=trace,
            common=common,
            errors=errors,
            threads=threads,
            progress=progress,
            ignore=ignore,
            programmes=decided,
            _parquet_persons=parts[1] if isinstance(parts[1], (str, os.PathLike)) else None,
        )
    sim = Simulation()
    if parts is not None:
        if date is None:
            raise InputError(
                "missing_field", "date", "give the calculation date, e.g. date='2025-07-01'"
            )
        inp = _from_tables(parts[0], parts[1], ignore, weight if isinstance(weight, str) else None)
        if isinstance(population, Population) and population.synthetic:
            inp.synthetic = True
    elif isinstance(population, Sequence) and not isinstance(population, (str, bytes)):
        if date is not None:
            raise InputError(
                "conflicting_fields", "date", "requests carry their own calculation_date"
            )
        inp = _from_requests(population)
    else:
        raise InputError(
            "invalid_type",
            "population",
            "give a Population, a (households, persons) pair of tables (or of Parquet paths), "
            "or a list of request dicts",
        )
    sim.kind, sim.synthetic, sim.date = inp.kind, inp.synthetic, date
    sim._input = inp
    sim._common = _common_text(common)
    if weight is not None:
        if isinstance(weight, str):
            if parts is None:
                raise InputError(
                    "invalid_type", "weight", "with requests, give the weights as a list"
                )
            if weight not in inp.harrow.column_names:
                raise InputError(
                    "missing_field", f"households.{weight}", f"no household column named {weight!r}"
                )
            sim.weights = _weights_of(inp.harrow.column(weight))
        else:
            values = list(weight)
            if len(values) != inp.n:
                raise InputError(
                    "invalid_value", "weight", f"{len(values)} weights for {inp.n} households"
                )
            sim.weights = [_weight_value(v, i) for i, v in enumerate(values)]
    scenarios = _scenarios(sim, reforms)
    sim._scenario_objects = scenarios
    index = {h: i for i, h in enumerate(inp.ids)} if trace else {}
    wanted = []
    for t in trace:
        if t not in index:
            raise InputError("invalid_value", "trace", f"no household has id {t!r}")
        wanted.append(t)
    threads = 0 if threads is None else threads
    bar = progress_bar(inp.n, progress)
    try:
        if inp.requests is not None:
            sim.outcome = _native.simulate_requests(
                inp.requests, scenarios, threads, BLOCK, bar.update, decided
            )
        else:
            try:
                sim.outcome = _native.simulate_arrow(
                    inp.hsend,
                    inp.psend,
                    date,
                    scenarios,
                    sim._common,
                    threads,
                    BLOCK,
                    bar.update,
                    decided,
                )
            except MinzhengError as e:
                raise _locate(inp, e.code, e.path, e.message, None) from None
    finally:
        bar.close()
    sim.decided = decided
    inp.outcome = sim.outcome
    _record_errors(sim, inp, errors)
    _traces(sim, wanted, threads)
    return sim


def _traces(sim: Simulation, wanted: Iterable[Any], threads: int) -> None:
    """Full explained results of the traced households, through the single-household path."""
    for hid in dict.fromkeys(wanted):
        if hid in sim.errors:
            continue
        request = encode_request(sim.request(hid))
        out = _native.run_requests([request], sim._scenario_objects, [0], threads)
        for s, res in zip(sim.scenarios, out["scenarios"]):
            for _, text in res["traces"]:
                sim.traces.setdefault(hid, {})[s] = decode_result(text)


# -- streaming ------------------------------------------------------------------------------------


def _lean_scan(dataset: Any) -> dict[str, Any]:
    """Scan options that keep a streamed Parquet dataset's memory near one batch: no
    pre-buffering of whole row groups, and read-ahead of one batch and one file (a dataset of
    another format scans with its defaults)."""
    import pyarrow.dataset as ds

    if not isinstance(getattr(dataset, "format", None), ds.ParquetFileFormat):
        return {}
    return {
        "fragment_scan_options": ds.ParquetFragmentScanOptions(
            pre_buffer=False, buffer_size=READ_BUFFER
        ),
        "batch_readahead": 1,
        "fragment_readahead": 1,
    }


def _record_batches(source: Any, batch_size: int) -> Iterator[Any]:
    """Record batches of a Parquet path, a dataset, a reader, a table or an iterable of those."""
    import pyarrow as pa

    if isinstance(source, (str, os.PathLike)):
        import pyarrow.parquet as pq

        # Read column chunks through a bounded buffer, not pre-buffered: with pre-buffering,
        # iterating every row group fetches the whole file into memory up front (Arrow's
        # `pre_buffer` reads each requested row group's columns at once), which would make the
        # stream's memory follow the file size instead of the batch size.
        yield from pq.ParquetFile(source, pre_buffer=False, buffer_size=READ_BUFFER).iter_batches(
            batch_size=batch_size
        )
        return
    name = type(source).__name__
    if name in ("FileSystemDataset", "Dataset", "UnionDataset"):
        yield from source.to_batches(batch_size=batch_size, **_lean_scan(source))
    elif name == "ParquetFile":
        yield from source.iter_batches(batch_size=batch_size)
    elif isinstance(source, pa.Table):
        yield from source.to_batches(max_chunksize=batch_size)
    elif isinstance(source, pa.RecordBatch):
        yield source
    else:
        for item in source:
            if isinstance(item, pa.Table):
                yield from item.to_batches()
            else:
                yield item


def pair_batches(
    households: Any, persons: Any, *, batch_size: int = STREAM_BATCH
) -> Iterator[tuple[Any, Any]]:
    """``(households, persons)`` pairs of whole households from two sources sorted by
    ``household_id`` (Parquet paths, pyarrow datasets, record-batch readers or tables): each
    pair holds up to ``batch_size`` households and all their person rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    people = _record_batches(persons, batch_size)
    pending: list[Any] = []
    previous = None
    hrow = prow = 0
    schema = None
    for hb in _record_batches(households, batch_size):
        schema = hb.schema
        if hb.num_rows == 0:
            continue
        hids = hb.column(hb.schema.get_field_index("household_id"))
        first, last = hids[0], hids[-1]
        if (previous is not None and not pc.greater(first, previous).as_py()) or (
            len(hids) > 1 and not pc.all(pc.greater(hids[1:], hids[:-1])).as_py()
        ):
            raise InputError(
                "invalid_value",
                f"households[{hrow}].household_id",
                "to stream, the household table must be sorted by household_id (ascending, unique)",
            )
        previous = last
        while True:
            rows = sum(b.num_rows for b in pending)
            if rows and pc.greater(pending[-1].column("household_id")[-1], last).as_py():
                break
            nxt = next(people, None)
            if nxt is None:
                break
            if nxt.num_rows:
                pending.append(nxt)
        persons_now = pa.Table.from_batches(pending) if pending else None
        if persons_now is None:
            take = 0
        else:
            pids = persons_now.column("household_id")
            if (
                len(pids) > 1
                and not pc.all(
                    pc.greater_equal(pids.slice(1), pids.slice(0, len(pids) - 1))
                ).as_py()
            ):
                raise InputError(
                    "invalid_value",
                    f"persons[{prow}].household_id",
                    "to stream, the person table must be sorted by household_id",
                )
            take = int(pc.sum(pc.less_equal(pids, last)).as_py() or 0)
        if persons_now is None:
            chunk = None
        else:
            chunk = persons_now.slice(0, take)
            rest = persons_now.slice(take)
            pending = rest.to_batches() if rest.num_rows else []
        yield pa.Table.from_batches([hb]), chunk
        hrow += hb.num_rows
        prow += take
    rest = pa.Table.from_batches(pending) if pending else None
    for nxt in people:
        rest = (
            pa.Table.from_batches([nxt])
            if rest is None
            else pa.concat_tables([rest, pa.Table.from_batches([nxt])])
        )
    if rest is not None and rest.num_rows and schema is not None:
        # Person rows of no household: the engine names the first.
        yield schema.empty_table(), rest


def simulate_batches(
    pairs: Iterable[tuple[Any, Any]],
    *,
    date: str | None = None,
    reforms: Any = None,
    weight: str | None = None,
    trace: Iterable[Any] = (),
    common: Mapping[str, Any] | None = None,
    errors: str = "raise",
    threads: int | None = None,
    progress: bool | None = None,
    ignore: Iterable[str] = (),
    total: int | None = None,
    keep: str = "all",
    programmes: Iterable[str] | None = None,
    _parquet_persons: Any = None,
) -> Simulation:
    """Runs a population given as a stream of ``(households, persons)`` pairs (each pair whole
    households; tables of any supported kind, e.g. from :func:`pair_batches`), holding one pair
    at a time; the result equals :func:`simulate` on the concatenated tables (paths are rows of
    the concatenated tables). Results are pyarrow tables.

    ``keep="summary"`` keeps only what :meth:`Simulation.summarise` needs (about 40 bytes per
    household with one reform, instead of every programme's columns and the household tables):
    the summaries are the same, exactly; ``households()``, ``arrow()`` and traces are not
    available. There the weight column must be integers or ``decimal128``, and a pandas cell that
    cannot be sent stops the run (with ``errors="record"`` too)."""
    date, threads = _guard.calculation_date(date), _guard.threads(threads)
    decided = _guard.programmes(programmes)
    import pyarrow as pa

    if errors not in ("raise", "record"):
        raise InputError("invalid_value", "errors", "errors must be 'raise' or 'record'")
    if keep not in ("all", "summary"):
        raise InputError("invalid_value", "keep", "keep must be 'all' or 'summary'")
    if keep == "summary":
        if list(trace):
            raise InputError(
                "conflicting_fields", "trace", "a summary-only stream keeps no household to trace"
            )
        return _summary_stream(
            pairs, date, reforms, weight, common, errors, threads, progress, ignore, total, decided
        )
    if date is None:
        raise InputError(
            "missing_field", "date", "give the calculation date, e.g. date='2025-07-01'"
        )
    if weight is not None and not isinstance(weight, str):
        raise InputError("invalid_type", "weight", "when streaming, name the weight column")
    sim = Simulation()
    inp = _Input()
    inp.kind = "pyarrow"
    inp.parquet_persons = _parquet_persons
    skip = set(ignore) | ({weight} if weight else set())
    inp.skip = skip
    sim._input, sim.kind, sim.date = inp, "pyarrow", date
    sim._common = _common_text(common)
    scenarios = _scenarios(sim, reforms)
    sim._scenario_objects = scenarios
    traced = list(dict.fromkeys(trace))
    kept_h: list[Any] = []
    kept_p: list[Any] = []
    weights: list[int | Decimal] = []
    state = {"rows": 0, "prows": 0}

    def sent_pairs() -> Iterator[tuple[Any, Any]]:
        import pyarrow.compute as pc

        for households, persons in pairs:
            cells: list[Any] = []
            h, p = _pair_tables(households, persons, inp, weight, cells)
            offset = {"households": state["rows"], "persons": state["prows"]}
            inp.cells.extend((t, r + offset[t], *rest) for t, r, *rest in cells)
            state["prows"] += p.num_rows
            if weight is not None:
                weights.extend(_weights_of(h.column(weight), state["rows"]))
            hs = _sent(h, RESERVED_HOUSEHOLD, skip)
            ps = _sent(p, RESERVED_PERSON, skip)
            for t in (hs, ps):
                for name in t.column_names:
                    if _is_float(t, name):
                        inp.float_columns.add(name)
            kept_h.append(h)
            if traced and "household_id" in p.column_names:
                mask = pc.is_in(
                    p.column("household_id"),
                    value_set=pa.array(traced, type=p.schema.field("household_id").type),
                )
                kept_p.append(ps.filter(mask))
            state["rows"] += h.num_rows
            yield hs, ps

    bar = progress_bar(total or 0, progress if progress is not None else bool(total))
    try:
        sim.outcome = _native.simulate_arrow_batches(
            sent_pairs(),
            date,
            scenarios,
            sim._common,
            0 if threads is None else threads,
            BLOCK,
            bar.update,
            decided,
        )
    except MinzhengError as e:
        raise _locate(inp, e.code, e.path, e.message, None) from None
    finally:
        bar.close()
    sim.decided = decided
    inp.n = sim.outcome.households
    inp.outcome = sim.outcome
    inp.harrow = pa.concat_tables(kept_h, promote_options="permissive") if kept_h else None
    if kept_p:
        inp.kept_persons = pa.concat_tables(kept_p, promote_options="permissive")
    sim.synthetic = inp.synthetic
    if weight is not None:
        sim.weights = weights
    _record_errors(sim, inp, errors)
    index = set(inp.ids) if traced else set()
    for t in traced:
        if t not in index:
            raise InputError("invalid_value", "trace", f"no household has id {t!r}")
    _traces(sim, traced, 0 if threads is None else threads)
    return sim


def _pair_tables(
    households: Any, persons: Any, inp: _Input, weight: str | None, cells: list[Any] | None = None
) -> tuple[Any, Any]:
    """One streamed pair as pyarrow tables (no persons: an empty person table), checked for
    its ``household_id`` and weight columns; notes a synthetic population in ``inp``. Cells a
    pandas frame cannot send are recorded in ``cells`` (or raised without it)."""
    import pyarrow as pa

    h = to_arrow(households, _kind(households), "households", cells)
    if persons is None:
        p = pa.table({"household_id": pa.array([], type=h.schema.field("household_id").type)})
    else:
        p = to_arrow(persons, _kind(persons), "persons", cells)
    if "household_id" not in h.column_names:
        raise InputError(
            "missing_field",
            "households.household_id",
            "the households table needs a household_id column",
        )
    if "synthetic" in h.column_names:
        inp.synthetic = True
    if weight is not None and weight not in h.column_names:
        raise InputError(
            "missing_field", f"households.{weight}", f"no household column named {weight!r}"
        )
    return h, p


class _SummaryOnly:
    """The native outcome of a summary-only stream: it has no per-household columns."""

    def __init__(self, households: int) -> None:
        self.households = households

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise InputError(
            "invalid_value",
            "keep",
            "this simulation kept only its summaries (keep='summary'); run it with keep='all' "
            "for per-household results",
        )


def _summary_stream(
    pairs: Iterable[tuple[Any, Any]],
    date: str | None,
    reforms: Any,
    weight: str | None,
    common: Mapping[str, Any] | None,
    errors: str,
    threads: int | None,
    progress: bool | None,
    ignore: Iterable[str],
    total: int | None,
    decided: list[str] | None = None,
) -> Simulation:
    """:func:`simulate_batches` with ``keep="summary"``: every pair summarised natively
    (``minzheng._native.summarise_arrow_batches``) and dropped."""
    if date is None:
        raise InputError(
            "missing_field", "date", "give the calculation date, e.g. date='2025-07-01'"
        )
    if weight is not None and not isinstance(weight, str):
        raise InputError("invalid_type", "weight", "when streaming, name the weight column")
    sim = Simulation()
    inp = _Input()
    inp.kind = "pyarrow"
    skip = set(ignore) | ({weight} if weight else set())
    inp.skip = skip
    sim._input, sim.kind, sim.date = inp, "pyarrow", date
    sim._common = _common_text(common)
    scenarios = _scenarios(sim, reforms)
    sim._scenario_objects = scenarios

    def sent_pairs() -> Iterator[tuple[Any, Any]]:
        for households, persons in pairs:
            h, p = _pair_tables(households, persons, inp, weight)
            hs = _sent(h, RESERVED_HOUSEHOLD, skip)
            if weight is not None:
                hs = hs.append_column(weight, h.column(weight))
            yield hs, _sent(p, RESERVED_PERSON, skip)

    bar = progress_bar(total or 0, progress if progress is not None else bool(total))
    try:
        agg = _native.summarise_arrow_batches(
            sent_pairs(),
            date,
            scenarios,
            sim._common,
            weight,
            0 if threads is None else threads,
            BLOCK,
            bar.update,
            total or 0,
            decided,
        )
    except MinzhengError as e:
        raise _locate(inp, e.code, e.path, e.message, None) from None
    finally:
        bar.close()
    n = agg.pop("households")
    failed = agg.pop("errors")
    ids = [i for array in agg.pop("error_ids") for i in array.to_pylist()]
    if failed and errors == "raise":
        _, code, path, message = failed[0]
        raise InputError(code, path, message)
    sim.errors = {hid: (code, path, message) for hid, (_, code, path, message) in zip(ids, failed)}
    sim.outcome = _SummaryOnly(n)
    sim.decided = decided
    inp.n = n
    sim.synthetic = inp.synthetic
    sim._aggregate_cache = (agg, list(agg.pop("district_names")))  # type: ignore[attr-defined]
    return sim


def _int64(data: bytes | bytearray) -> array:
    values = array("q")
    values.frombytes(bytes(data))
    if sys.byteorder == "big":
        values.byteswap()
    return values
