"""Population runs: a household table and a person table (or a list of requests) through every
programme, under the baseline and any number of reforms."""

from __future__ import annotations

import json
import re
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .. import _native
from .._convert import decode_result, encode_request
from ..errors import InputError, MinzhengError, error_class
from . import _tables
from ._progress import progress_bar
from ._reform import Difference, explain_difference, normalise_reforms
from ._synthetic import Population

#: Household columns that are never request fields.
RESERVED_HOUSEHOLD = frozenset({"household_id", "weight", "synthetic"})
#: Person columns that are never request fields (``person_id`` becomes the member's ``id``).
RESERVED_PERSON = frozenset({"household_id", "synthetic"})
#: Households per native call (and per progress-bar step).
BLOCK = 16_384

_MEMBER_PATH = re.compile(r"^household\.members\[(\d+)\](?:\.(.*))?$")
_TABLE_PATH = re.compile(r"^(households|persons)\[(\d+)\](?:\.(.*))?$")


def _weight_value(value: Any, row: int) -> int | Decimal:
    if isinstance(value, bool) or _tables.is_missing(value):
        raise InputError(
            "invalid_value", f"households[{row}].weight", "every household needs a weight"
        )
    if isinstance(value, int):
        w: int | Decimal = value
    elif isinstance(value, Decimal):
        w = int(value) if value == value.to_integral_value() else value
    elif isinstance(value, float):
        # Weights are not money: a float weight is read by its shortest decimal representation.
        d = Decimal(repr(value))
        w = int(d) if d == d.to_integral_value() else d
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


class _Input:
    """A population prepared for the engine: columns, grouping and pass-through values."""

    def __init__(self) -> None:
        self.kind = "pandas"
        self.synthetic = False
        self.ids: list[Any] = []
        self.hcols: list[tuple[str, list[Any]]] = []
        self.pcols: list[tuple[str, list[Any]]] = []
        self.person_rows: list[int] = []
        self.members: list[int] = []
        self.starts: list[int] = [0]
        self.requests: list[str] | None = None
        self.districts: list[Any] | None = None
        self.passthrough: dict[str, list[Any]] = {}
        self.float_columns: set[str] = set()
        self.households_table: Any = None

    def household_column(self, name: str) -> list[Any] | None:
        """A household column's values, sent to the engine or not (``None`` if absent)."""
        if name in self.passthrough:
            return self.passthrough[name]
        table = self.households_table
        if table is None or name not in _tables.column_names(table, self.kind):
            return None
        values = _tables.column_values(table, self.kind, name)
        self.passthrough[name] = values
        return values

    @property
    def n(self) -> int:
        return len(self.ids)


def _from_tables(
    households: Any, persons: Any, ignore: Iterable[str], weight: str | None
) -> _Input:
    inp = _Input()
    kind = _tables.kind_of(households)
    if _tables.kind_of(persons) != kind:
        raise InputError(
            "invalid_type", "persons", "give the household and person tables as the same kind"
        )
    inp.kind = kind
    inp.households_table = households
    ignored = set(ignore)
    hnames = _tables.column_names(households, kind)
    pnames = _tables.column_names(persons, kind)
    for table, names in (("households", hnames), ("persons", pnames)):
        if "household_id" not in names:
            raise InputError(
                "missing_field",
                f"{table}.household_id",
                f"the {table} table needs a household_id column",
            )
    inp.synthetic = "synthetic" in hnames
    ids = _tables.column_values(households, kind, "household_id")
    index: dict[Any, int] = {}
    for i, hid in enumerate(ids):
        if hid in index:
            raise InputError(
                "duplicate_id",
                f"households[{i}].household_id",
                f"household_id {hid!r} is used twice",
            )
        index[hid] = i
    inp.ids = ids
    pids = _tables.column_values(persons, kind, "household_id")
    buckets: list[list[int]] = [[] for _ in ids]
    previous = -1
    ordered = True
    for r, hid in enumerate(pids):
        h = index.get(hid)
        if h is None:
            raise InputError(
                "invalid_value",
                f"persons[{r}].household_id",
                f"household_id {hid!r} is not in the household table",
            )
        if h < previous:
            ordered = False
        previous = h
        buckets[h].append(r)
    inp.members = [len(b) for b in buckets]
    for m in inp.members:
        inp.starts.append(inp.starts[-1] + m)
    inp.person_rows = list(range(len(pids))) if ordered else [r for b in buckets for r in b]

    def gather(values: list[Any]) -> list[Any]:
        return values if ordered else [values[r] for r in inp.person_rows]

    for name in hnames:
        if name in RESERVED_HOUSEHOLD or name == weight or name in ignored or name.startswith("_"):
            continue
        values = _tables.column_values(households, kind, name)
        inp.hcols.append((name, values))
        inp.passthrough[name] = values
        if _tables.is_float_column(households, kind, name):
            inp.float_columns.add(name)
    for name in pnames:
        if name in RESERVED_PERSON or name in ignored or name.startswith("_"):
            continue
        values = gather(_tables.column_values(persons, kind, name))
        path = "id" if name == "person_id" else name
        inp.pcols.append((path, values))
        if _tables.is_float_column(persons, kind, name):
            inp.float_columns.add(path)
    if "person_id" not in pnames and "id" not in pnames:
        inp.pcols.append(("id", [f"p{k + 1}" for m in inp.members for k in range(m)]))
    inp.districts = inp.passthrough.get("district")
    return inp


def _from_requests(requests: Sequence[Mapping[str, Any]]) -> _Input:
    inp = _Input()
    inp.ids = list(range(len(requests)))
    inp.requests = [encode_request(r) for r in requests]
    inp.districts = [r.get("household", {}).get("district") for r in requests]
    inp.members = [len(r.get("household", {}).get("members", [])) for r in requests]
    inp.passthrough["district"] = inp.districts
    return inp


class Simulation:
    """The result of :func:`simulate`: every household under every scenario.

    Amounts are kept as whole fen internally and returned as exact decimals; see
    :meth:`households` for the per-household table, :meth:`summarise` for the summaries and
    :meth:`explain_difference` for one household's explanation.
    """

    def __init__(self) -> None:
        self.kind = "pandas"
        self.date: str | None = None
        self.scenarios: list[str] = ["baseline"]
        self.reforms: dict[str, str] = {}
        self.programmes: list[dict[str, Any]] = []
        self.household_ids: list[Any] = []
        self.synthetic = False
        self.weights: list[int | Decimal] | None = None
        self.errors: dict[Any, tuple[str, str, str]] = {}
        self.traces: dict[Any, dict[str, dict[str, Any]]] = {}
        self.statuses: list[str] = []
        self._status: dict[str, bytes] = {}
        self._monthly: dict[str, array] = {}
        self._one_off: dict[str, array] = {}
        self._one_off_given: dict[str, bytes] = {}
        self._income: array = array("q")
        self._input = _Input()
        self._common: str | None = None

    # -- access -------------------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Number of households."""
        return len(self.household_ids)

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
        except KeyError:
            raise InputError(
                "invalid_value", "household_id", f"no household has id {household_id!r}"
            ) from None

    def request(self, household_id: Any) -> dict[str, Any]:
        """The request the engine calculated for ``household_id`` (a dict, money as strings)."""
        i = self.index_of(household_id)
        inp = self._input
        if inp.requests is not None:
            return json.loads(inp.requests[i])
        p0, p1 = inp.starts[i], inp.starts[i + 1]
        texts = _native.population_requests(
            self.date,
            [(name, values[i : i + 1]) for name, values in inp.hcols],
            [(name, values[p0:p1]) for name, values in inp.pcols],
            [inp.members[i]],
            self._common,
            [0],
        )
        return json.loads(texts[0])

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
        from ._summary import households_table

        return households_table(self)

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


def _population_parts(population: Any) -> tuple[Any, Any] | None:
    if isinstance(population, Population):
        return population.households, population.persons
    if isinstance(population, tuple) and len(population) == 2:
        return population[0], population[1]
    return None


def _locate(
    inp: _Input, code: str, path: str, message: str, h: int | None, offsets: tuple[int, int]
) -> InputError | MinzhengError:
    """The error with a path in the caller's tables and the household named."""
    a, p0 = offsets
    column = None
    m = _TABLE_PATH.match(path)
    if m and inp.requests is None:
        table, row, rest = m.group(1), int(m.group(2)), m.group(3)
        if table == "households":
            h = a + row
            path = f"households[{h}]" + (f".{rest}" if rest else "")
        else:
            original = inp.person_rows[p0 + row] if p0 + row < len(inp.person_rows) else row
            path = f"persons[{original}]" + (f".{rest}" if rest else "")
            h = next((i for i in range(len(inp.members)) if inp.starts[i + 1] > p0 + row), None)
        column = rest
    elif h is not None and inp.requests is None:
        m = _MEMBER_PATH.match(path)
        if m:
            k, rest = int(m.group(1)), m.group(2)
            row = inp.person_rows[inp.starts[h] + k]
            path = f"persons[{row}]" + (f".{rest}" if rest else "")
            column = rest
        elif path.startswith("household."):
            column = path[len("household.") :]
            path = f"households[{h}].{column}"
        elif path == "calculation_date":
            path = "date"
    elif h is not None:
        path = f"requests[{h}]" + (f".{path}" if path else "")
    if column is not None and column in inp.float_columns:
        message += (
            f" (the column `{column}` has a float type: money and counts must be exact; use "
            "decimal.Decimal, str or int values, e.g. a pandas object column of Decimal, pyarrow "
            "decimal128 or polars Decimal, or a nullable integer type such as pandas Int64)"
        )
    if h is not None and 0 <= h < len(inp.ids):
        message = f"household {inp.ids[h]!r}: {message}"
    return error_class(code)(code, path, message)


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
) -> Simulation:
    """Runs a population through every programme under the baseline and each reform (see the
    stub for the full description)."""
    if errors not in ("raise", "record"):
        raise InputError("invalid_value", "errors", "errors must be 'raise' or 'record'")
    parts = _population_parts(population)
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
            "give a Population, a (households, persons) pair of tables, or a list of request dicts",
        )
    sim.kind, sim.synthetic, sim.date = inp.kind, inp.synthetic, date
    sim.household_ids = inp.ids
    sim._input = inp
    sim._common = encode_request(common) if common is not None else None
    if weight is not None:
        if isinstance(weight, str):
            if parts is None:
                raise InputError(
                    "invalid_type", "weight", "with requests, give the weights as a list"
                )
            names = _tables.column_names(parts[0], inp.kind)
            if weight not in names:
                raise InputError(
                    "missing_field", f"households.{weight}", f"no household column named {weight!r}"
                )
            values = _tables.column_values(parts[0], inp.kind, weight)
        else:
            values = list(weight)
        if len(values) != inp.n:
            raise InputError(
                "invalid_value", "weight", f"{len(values)} weights for {inp.n} households"
            )
        sim.weights = [_weight_value(v, i) for i, v in enumerate(values)]
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
    _run(sim, inp, scenarios, trace, errors, 0 if threads is None else threads, progress)
    return sim


def _run(
    sim: Simulation,
    inp: _Input,
    scenarios: list[Any],
    trace: Iterable[Any],
    errors: str,
    threads: int,
    progress: bool | None,
) -> None:
    index = {h: i for i, h in enumerate(inp.ids)}
    wanted: set[int] = set()
    for t in trace:
        if t not in index:
            raise InputError("invalid_value", "trace", f"no household has id {t!r}")
        wanted.add(index[t])
    blocks: list[tuple[int, int, dict[str, Any]]] = []
    bar = progress_bar(inp.n, progress)
    try:
        for a in range(0, inp.n, BLOCK):
            b = min(inp.n, a + BLOCK)
            p0 = inp.starts[a] if inp.requests is None else 0
            p1 = inp.starts[b] if inp.requests is None else 0
            local_trace = sorted(i - a for i in wanted if a <= i < b)
            try:
                if inp.requests is not None:
                    out = _native.run_requests(inp.requests[a:b], scenarios, local_trace, threads)
                else:
                    out = _native.run_population(
                        sim.date,
                        [(name, values[a:b]) for name, values in inp.hcols],
                        [(name, values[p0:p1]) for name, values in inp.pcols],
                        inp.members[a:b],
                        sim._common,
                        scenarios,
                        local_trace,
                        threads,
                    )
            except MinzhengError as e:
                raise _locate(inp, e.code, e.path, e.message, None, (a, p0)) from None
            blocks.append((a, b, out))
            bar.update(b - a)
    finally:
        bar.close()
    _assemble(sim, inp, blocks, errors)


def _assemble(
    sim: Simulation, inp: _Input, blocks: list[tuple[int, int, dict[str, Any]]], errors: str
) -> None:
    """Joins the blocks' buffers, mapping each block's status codes to one table."""
    for _, _, out in blocks:
        if not out["programmes"]:
            continue
        if not sim.programmes:
            sim.programmes = out["programmes"]
        elif out["programmes"] != sim.programmes:
            raise InputError(
                "invalid_value", "", "the engine listed different programmes for two blocks"
            )
    width = len(sim.programmes)
    statuses: list[str] = []
    status = {s: bytearray() for s in sim.scenarios}
    monthly = {s: bytearray() for s in sim.scenarios}
    one_off = {s: bytearray() for s in sim.scenarios}
    given = {s: bytearray() for s in sim.scenarios}
    income = bytearray()
    found: dict[int, tuple[str, str, str, tuple[int, int]]] = {}
    for a, b, out in blocks:
        p0 = inp.starts[a] if inp.requests is None else 0
        table = bytearray(range(256))
        for code, name in enumerate(out["statuses"]):
            table[code] = _code(statuses, name)
        for i, code, path, message in out["errors"]:
            found.setdefault(a + i, (code, path, message, (a, p0)))
        income += out["income"]
        cells = (b - a) * width
        for s, res in zip(sim.scenarios, out["scenarios"]):
            if out["programmes"]:
                status[s] += bytes(res["status"]).translate(table)
                monthly[s] += res["monthly"]
                one_off[s] += res["one_off"]
                given[s] += res["one_off_given"]
            else:
                # Every household of the block failed: empty rows.
                status[s] += bytes([_code(statuses, "not_assessed")]) * cells
                monthly[s] += bytes(8 * cells)
                one_off[s] += bytes(8 * cells)
                given[s] += bytes(cells)
            for i, code, path, message in res["errors"]:
                found.setdefault(a + i, (code, path, message, (a, p0)))
            for i, text in res["traces"]:
                sim.traces.setdefault(inp.ids[a + i], {})[s] = decode_result(text)
    sim.statuses = statuses
    for s in sim.scenarios:
        sim._status[s] = bytes(status[s])
        sim._monthly[s] = _int64(monthly[s])
        sim._one_off[s] = _int64(one_off[s])
        sim._one_off_given[s] = bytes(given[s])
    sim._income = _int64(income)
    located = {
        i: _locate(inp, code, path, message, i, offsets)
        for i, (code, path, message, offsets) in sorted(found.items())
    }
    if located and errors == "raise":
        raise next(iter(located.values()))
    sim.errors = {inp.ids[i]: (e.code, e.path, e.message) for i, e in located.items()}


def _code(statuses: list[str], name: str) -> int:
    if name not in statuses:
        statuses.append(name)
    return statuses.index(name)


def _int64(data: bytes | bytearray) -> array:
    values = array("q")
    values.frombytes(bytes(data))
    if sys.byteorder == "big":
        values.byteswap()
    return values
