"""Summaries of a simulation: cost and recipients by programme, winners and losers, change by
income decile and by district. Definitions (also in docs/analysis.md):

- A household's **annual amount** of a programme is 12 × its monthly amount plus its one-off
  amount: the month assessed, held for a year (a static calculation, no behavioural response).
- **Weights**: each household counts ``weight`` times (1 when no weight is given). Households with
  an error (``errors="record"``) are left out of every summary.
- **Cost** of a programme: Σ weight × amount (monthly, annual). **Recipients**: Σ weight over the
  households whose status is ``eligible`` (for the ``total`` row: eligible for at least one
  programme). Vouchers (``form`` = ``voucher``) are costs too; status-only programmes cost 0.
- **Winners / losers** under a reform: households whose annual amount over all programmes is
  higher / lower than under the baseline. **Gain** and **loss**: Σ weight × the change over the
  winners (positive) and over the losers (negative); **net change** = gain + loss.
- **Income decile**: households ranked by their monthly income as the dibao rules count it
  (《最低生活保障审核确认办法》第十三条, before any benefit) per member, ties in input order;
  household ``i`` in that order with cumulative weight ``C`` (itself included) of total ``W`` is in
  decile ⌈10 × C / W⌉ (1 = poorest). With equal weights each decile holds a tenth.
- Money is exact: sums are of whole fen (× exact decimal weights) and are rounded once, to the
  fen, half away from zero, only when a weight has a fraction. A mean is rounded the same way.
  Weighted counts are whole numbers with whole weights, else decimals rounded to 0.01.

The sums are the native aggregates (``minzheng._native.aggregate_columns``, the core's
``columnar::aggregate``): exact integers of fen × weight units (weights × 10^scale), which this
module only rounds and lays out as tables. :func:`_columns` is the one place that knows how a
:class:`Simulation` holds its cells.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any

from .. import _native
from ..errors import InputError
from . import _tables

if TYPE_CHECKING:
    from ._simulate import Simulation

_FEN = Decimal(1)
_CENT = Decimal("0.01")
_NO_GROUP = 0xFFFFFFFF
_money_cache: dict[int, Decimal] = {}


def money(fen: int | Decimal) -> Decimal:
    """Whole fen (or an exact decimal number of fen) as 元 to the fen."""
    if isinstance(fen, int):
        d = _money_cache.get(fen)
        if d is None:
            d = Decimal(fen).scaleb(-2)
            if len(_money_cache) < 200_000:
                _money_cache[fen] = d
        return d
    with localcontext() as ctx:
        ctx.prec = 60
        return fen.quantize(_FEN, rounding=ROUND_HALF_UP).scaleb(-2)


def count(x: int | Decimal) -> int | Decimal:
    if isinstance(x, int):
        return x
    if x == x.to_integral_value():
        return int(x)
    return x.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass
class Summary:
    """The summaries of a simulation, each a table of the simulation's kind (see the module
    documentation for the definitions)."""

    cost: Any
    winners_losers: Any
    by_decile: Any
    by_district: Any
    synthetic: bool = False


# -- the columns --------------------------------------------------------------------------------


@dataclass
class _Columns:
    """A simulation's columns as ``aggregate_columns`` reads them (little-endian bytes)."""

    households: int
    width: int
    #: Per scenario ``(status, monthly, one_off)``: household-major bytes, or per-programme lists.
    scenarios: list[tuple[Any, Any, Any]]
    income: bytes
    members: bytes
    weights: bytes | None
    scale: int
    excluded: bytes | None


def _le(values: array) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _u32(values: list[int]) -> bytes:
    a = array("I", values)
    if a.itemsize != 4:
        return b"".join(v.to_bytes(4, "little") for v in values)
    return _le(a)


def _weight_units(weights: list[int | Decimal] | None) -> tuple[bytes | None, int]:
    """The weights as i64 units of 10^-scale, exactly; ``scale`` the most decimal places of a
    weight as given (trailing zeros included: the units are exact either way)."""
    if weights is None:
        return None, 0
    exponents = [w.as_tuple().exponent for w in weights if isinstance(w, Decimal)]
    scale = max(0, -min((e for e in exponents if isinstance(e, int)), default=0))
    units: list[int] | list[int | Decimal] = weights
    if scale > 0:
        exact = Context(prec=100)
        factor = 10**scale
        dfactor = Decimal(factor)
        units = [w * factor if type(w) is int else int(exact.multiply(w, dfactor)) for w in weights]
    elif exponents:
        units = [int(w) for w in weights]
    try:
        return _le(array("q", units)), scale
    except OverflowError:
        raise InputError(
            "out_of_range",
            "weight",
            f"the weights need {scale} decimal places and then do not fit in 64 bits; give "
            "them with fewer significant digits",
        ) from None


def _columns(sim: Simulation) -> _Columns:
    """The simulation's columns for the native aggregates.

    This is the adapter from what a :class:`Simulation` holds today: per scenario household-major
    buffers (``width`` cells per household) with status codes indexing ``sim.statuses``, the
    counted income, members per household, weights as ints or Decimals and errors by household
    id. When the simulation holds the native columns, only this function changes."""
    n, width = sim.n, len(sim.programmes)
    codes = _native.aggregate_statuses()
    table = bytes(codes.index(s) if s in codes else 255 for s in sim.statuses)
    table += bytes([255]) * (256 - len(table))
    scenarios = [
        (sim._status[s].translate(table), _le(sim._monthly[s]), _le(sim._one_off[s]))
        for s in sim.scenarios
    ]
    cached = getattr(sim, "_weight_units_cache", None)
    if cached is None or cached[0] is not sim.weights:
        cached = (sim.weights, *_weight_units(sim.weights))
        sim._weight_units_cache = cached  # type: ignore[attr-defined]
    _, weights, scale = cached
    excluded = None
    if sim.errors:
        mask = bytearray(n)
        index = sim._index
        for h in sim.errors:
            mask[index[h]] = 1
        excluded = bytes(mask)
    return _Columns(
        households=n,
        width=width,
        scenarios=scenarios,
        income=_le(sim._income) if len(sim._income) == n else bytes(8 * n),
        members=_u32(sim._input.members),
        weights=weights,
        scale=scale,
        excluded=excluded,
    )


def _weights_and_excluded(sim: Simulation) -> tuple[Any, int, bytes | None]:
    """The simulation's weights as integer units (cached) and its mask of households with an
    error."""
    cached = getattr(sim, "_weight_units_cache", None)
    if cached is None or cached[0] is not sim.weights:
        cached = (sim.weights, *_weight_units(sim.weights))
        sim._weight_units_cache = cached  # type: ignore[attr-defined]
    _, weights, scale = cached
    excluded = None
    if sim.errors:
        mask = bytearray(sim.n)
        index = sim._index
        for h in sim.errors:
            mask[index[h]] = 1
        excluded = bytes(mask)
    return weights, scale, excluded


def _aggregate(sim: Simulation, groupings: list[bytes]) -> dict[str, Any]:
    outcome = getattr(sim, "outcome", None)
    if outcome is not None and list(outcome.scenarios) == list(sim.scenarios):
        # The engine's own columns, read in place.
        weights, scale, excluded = _weights_and_excluded(sim)
        return _native.aggregate_outcome(outcome, weights, scale, excluded, groupings)
    c = _columns(sim)
    return _native.aggregate_columns(
        c.households,
        c.width,
        c.scenarios,
        c.income,
        c.members,
        c.weights,
        c.scale,
        c.excluded,
        groupings,
    )


def _group_codes(key: list[Any]) -> tuple[bytes, list[Any]]:
    """Each household's group as a code (first-seen order; ``None``: no group) and the groups."""
    groups = [g for g in dict.fromkeys(key) if g is not None]
    index: dict[Any, int] = {g: c for c, g in enumerate(groups)}
    index[None] = _NO_GROUP
    return _le(array("I", map(index.__getitem__, key))), groups


def _summary_aggregates(sim: Simulation) -> tuple[dict[str, Any], list[Any]]:
    """The aggregates of :func:`summarise` (with the districts as the one extra grouping), once
    per simulation."""
    cached = getattr(sim, "_aggregate_cache", None)
    if cached is None:
        outcome = getattr(sim, "outcome", None)
        if outcome is not None and outcome.households == sim.n:
            # The engine's own district column (households with an error in no group).
            codes, names = outcome.district_groups()
            groups: list[Any] = list(names)
        else:
            districts = sim._input.districts or [None] * sim.n
            codes, groups = _group_codes([None if d is None else str(d) for d in districts])
        cached = (_aggregate(sim, [codes]), groups)
        sim._aggregate_cache = cached  # type: ignore[attr-defined]
    return cached


def _deciles(sim: Simulation) -> list[int | None]:
    deciles = _summary_aggregates(sim)[0]["deciles"]
    return [d or None for d in deciles]


# -- exact figures to table values --------------------------------------------------------------


class _Figures:
    """Rounds the exact sums (× 10^scale) the native aggregates return, as documented."""

    def __init__(self, scale: int) -> None:
        self.scale = scale
        self.one = 10**scale

    def fen(self, x: int) -> int:
        """x / 10^scale to the fen, half away from zero."""
        if self.scale == 0:
            return x
        q, r = divmod(abs(x), self.one)
        if 2 * r >= self.one:
            q += 1
        return q if x >= 0 else -q

    def money(self, x: int) -> Decimal:
        return money(self.fen(x))

    def count(self, x: int) -> int | Decimal:
        if x % self.one == 0:
            return x // self.one
        with localcontext() as ctx:
            ctx.prec = 60
            return Decimal(x).scaleb(-self.scale).quantize(_CENT, rounding=ROUND_HALF_UP)

    def mean(self, total: int, households: int) -> Decimal | None:
        """total / households (both × 10^scale) to the fen, half away from zero."""
        if households == 0:
            return None
        q, r = divmod(abs(total), households)
        if 2 * r >= households:
            q += 1
        return money(q if total >= 0 else -q)


# Tally fields, as aggregate_columns returns them.
_COUNT, _HOUSEHOLDS, _WINNERS, _LOSERS, _BASELINE, _REFORMED, _GAIN, _LOSS = range(8)


def _cost(sim: Simulation, agg: dict[str, Any]) -> Any:
    x = _Figures(agg["scale"])
    rows: list[tuple[Any, ...]] = []
    for s, (programmes, total) in zip(sim.scenarios, agg["cost"]):
        for p, (recipients, monthly, one_off) in zip(sim.programmes, programmes):
            if sim.decided is not None and p["programme"] not in sim.decided:
                continue  # not decided in this run (``programmes=``): no row
            rows.append(
                (
                    s,
                    p["programme"],
                    p["label_zh"],
                    p["label_en"],
                    p.get("form"),
                    recipients,
                    monthly,
                    12 * monthly + one_off,
                )
            )
        recipients, monthly, one_off = total
        rows.append(
            (s, "total", "合计", "Total", None, recipients, monthly, 12 * monthly + one_off)
        )
    base_cost = {r[1]: (r[5], r[7]) for r in rows if r[0] == "baseline"}
    table: list[_tables.Column] = [
        ("scenario", "str", [r[0] for r in rows]),
        ("programme", "str", [r[1] for r in rows]),
        ("label_zh", "str", [r[2] for r in rows]),
        ("label_en", "str", [r[3] for r in rows]),
        ("form", "str", [r[4] for r in rows]),
        ("recipients", "count", [x.count(r[5]) for r in rows]),
        ("recipients_change", "count", [x.count(r[5] - base_cost[r[1]][0]) for r in rows]),
        ("monthly_cost", "total", [x.money(r[6]) for r in rows]),
        ("annual_cost", "total", [x.money(r[7]) for r in rows]),
        ("annual_cost_change", "total", [x.money(r[7] - base_cost[r[1]][1]) for r in rows]),
    ]
    return _tables.build(sim.kind, table, synthetic=sim.synthetic)


def _winners_losers(sim: Simulation, agg: dict[str, Any]) -> Any:
    x = _Figures(agg["scale"])
    reforms = sim.scenarios[1:]
    ts = agg["winners_losers"]
    columns: list[_tables.Column] = [
        ("scenario", "str", reforms),
        ("households", "count", [x.count(t[_HOUSEHOLDS]) for t in ts]),
        ("winners", "count", [x.count(t[_WINNERS]) for t in ts]),
        ("losers", "count", [x.count(t[_LOSERS]) for t in ts]),
        (
            "unchanged",
            "count",
            [x.count(t[_HOUSEHOLDS] - t[_WINNERS] - t[_LOSERS]) for t in ts],
        ),
        ("gain", "total", [x.money(t[_GAIN]) for t in ts]),
        ("loss", "total", [x.money(t[_LOSS]) for t in ts]),
        ("net_change", "total", [x.money(t[_GAIN] + t[_LOSS]) for t in ts]),
        ("mean_gain_per_winner", "money", [x.mean(t[_GAIN], t[_WINNERS]) for t in ts]),
    ]
    return _tables.build(sim.kind, columns, synthetic=sim.synthetic)


def _grouped(
    sim: Simulation,
    scale: int,
    name: str,
    groups: list[Any],
    tallies: list[list[tuple[int, ...]]],
    typ: str,
) -> Any:
    """The change table of a grouping: ``tallies[reform][code]`` for the groups in code order;
    a group with no household counted is left out; groups sorted by value."""
    x = _Figures(scale)
    order = sorted(range(len(groups)), key=lambda c: (str(type(groups[c])), groups[c]))
    rows = [
        (s, groups[c], per_group[c])
        for s, per_group in zip(sim.scenarios[1:], tallies)
        for c in order
        if c < len(per_group) and per_group[c][_COUNT] > 0
    ]

    def change(t: tuple[int, ...]) -> int:
        return t[_REFORMED] - t[_BASELINE]

    columns: list[_tables.Column] = [
        ("scenario", "str", [s for s, _, _ in rows]),
        (name, typ, [g for _, g, _ in rows]),
        ("households", "count", [x.count(t[_HOUSEHOLDS]) for _, _, t in rows]),
        ("winners", "count", [x.count(t[_WINNERS]) for _, _, t in rows]),
        ("losers", "count", [x.count(t[_LOSERS]) for _, _, t in rows]),
        ("baseline_annual", "total", [x.money(t[_BASELINE]) for _, _, t in rows]),
        ("reformed_annual", "total", [x.money(t[_REFORMED]) for _, _, t in rows]),
        ("change", "total", [x.money(change(t)) for _, _, t in rows]),
        ("mean_change", "money", [x.mean(change(t), t[_HOUSEHOLDS]) for _, _, t in rows]),
    ]
    return _tables.build(sim.kind, columns, synthetic=sim.synthetic)


def _by_decile(sim: Simulation, agg: dict[str, Any]) -> Any:
    return _grouped(sim, agg["scale"], "income_decile", list(range(1, 11)), agg["by_decile"], "int")


def change_by(sim: Simulation, column: str) -> Any:
    """Change under each reform by the values of a household column (e.g. ``area``)."""
    if column == "income_decile":
        return _by_decile(sim, _summary_aggregates(sim)[0])
    values = sim._input.household_column(column)
    if values is None:
        raise InputError("invalid_value", "column", f"no household column {column!r}")
    typ = (
        "int"
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values if v is not None)
        else "str"
    )
    key = values if typ == "int" else [None if v is None else str(v) for v in values]
    codes, groups = _group_codes(key)
    agg = _aggregate(sim, [codes])
    return _grouped(sim, agg["scale"], column, groups, agg["groups"][0], typ)


def summarise(sim: Simulation) -> Summary:
    """Cost and recipients by programme, winners and losers, and change by income decile and by
    district (see the module documentation)."""
    agg, districts = _summary_aggregates(sim)
    return Summary(
        cost=_cost(sim, agg),
        winners_losers=_winners_losers(sim, agg),
        by_decile=_by_decile(sim, agg),
        by_district=_grouped(sim, agg["scale"], "district", districts, agg["groups"][0], "str"),
        synthetic=sim.synthetic,
    )


def _id_type(ids: list[Any]) -> str:
    return "int" if all(isinstance(i, int) and not isinstance(i, bool) for i in ids) else "str"


def households_table(sim: Simulation) -> Any:
    n, width = sim.n, len(sim.programmes)
    rows = [(s, i) for s in sim.scenarios for i in range(n)]
    ids = sim.household_ids
    id_type = _id_type(ids)
    columns: list[_tables.Column] = [
        ("household_id", id_type, [ids[i] if id_type == "int" else str(ids[i]) for _, i in rows]),
        ("scenario", "str", [s for s, _ in rows]),
    ]
    if sim.weights is not None:
        columns.append(("weight", "count", [sim.weights[i] for _, i in rows]))
    district = sim._input.districts
    if district is not None:
        columns.append(("district", "str", [district[i] for _, i in rows]))
    members = sim._input.members
    deciles = _deciles(sim)
    columns += [
        ("members", "int", [members[i] for _, i in rows]),
        ("income", "money", [money(sim._income[i]) for _, i in rows]),
        ("income_decile", "int", [deciles[i] for _, i in rows]),
    ]
    monthly_total = {
        s: [sum(sim._monthly[s][i * width : (i + 1) * width]) for i in range(n)]
        for s in sim.scenarios
    }
    one_off_total = {
        s: [sum(sim._one_off[s][i * width : (i + 1) * width]) for i in range(n)]
        for s in sim.scenarios
    }
    annual = {
        s: [12 * m + o for m, o in zip(monthly_total[s], one_off_total[s])] for s in sim.scenarios
    }
    base = annual["baseline"]
    columns += [
        ("monthly_total", "money", [money(monthly_total[s][i]) for s, i in rows]),
        ("one_off_total", "money", [money(one_off_total[s][i]) for s, i in rows]),
        ("annual_total", "total", [money(annual[s][i]) for s, i in rows]),
        ("annual_change", "total", [money(annual[s][i] - base[i]) for s, i in rows]),
    ]
    if sim.errors:
        index = sim._index
        message = {index[h]: f"{c} at {p}: {m}" for h, (c, p, m) in sim.errors.items()}
        columns.append(("error", "str", [message.get(i) for _, i in rows]))
    names = sim.statuses
    for c, p in enumerate(sim.programmes):
        name = p["programme"]
        columns.append(
            (f"{name}.status", "str", [names[sim._status[s][i * width + c]] for s, i in rows])
        )
        columns.append(
            (f"{name}.monthly", "money", [money(sim._monthly[s][i * width + c]) for s, i in rows])
        )
        if any(sim._one_off_given[s][c::width].count(1) for s in sim.scenarios):
            columns.append(
                (
                    f"{name}.one_off",
                    "money",
                    [
                        money(sim._one_off[s][i * width + c])
                        if sim._one_off_given[s][i * width + c]
                        else None
                        for s, i in rows
                    ],
                )
            )
    return _tables.build(sim.kind, columns, synthetic=sim.synthetic)
