"""The summaries recomputed in pure Python, cell by cell, from a simulation's per-household cells:
the reference the native summaries (``minzheng.analysis._summary``) are tested against. Same
definitions (docs/analysis.md, "Summaries"), same tables.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from minzheng.analysis import _tables
from minzheng.errors import InputError

if TYPE_CHECKING:
    from minzheng.analysis._simulate import Simulation

_FEN = Decimal(1)
_CENT = Decimal("0.01")
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


def _weighted_sum(values: Any, weights: list[Any] | None) -> int | Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        if weights is None:
            return sum(values)
        return sum(map(operator.mul, values, weights))


@dataclass
class Summary:
    """The summaries of a simulation, each a table of the simulation's kind (see the module
    documentation for the definitions)."""

    cost: Any
    winners_losers: Any
    by_decile: Any
    by_district: Any
    synthetic: bool = False


class _Frame:
    """Per-scenario vectors over households, exact (whole fen), computed once."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        n, width = sim.n, len(sim.programmes)
        self.width = width
        valid = sim._valid()
        base = sim.weights if sim.weights is not None else [1] * n
        self.weights: list[Any] = [w if ok else 0 for w, ok in zip(base, valid)]
        self.weighted = sim.weights is not None or not all(valid)
        self.annual: dict[str, list[int]] = {}
        for s in sim.scenarios:
            total = [0] * n
            for c in range(width):
                monthly = sim._monthly[s][c::width]
                total = list(map(operator.add, total, map(operator.mul, monthly, [12] * n)))
                total = list(map(operator.add, total, sim._one_off[s][c::width]))
            self.annual[s] = total
        self._deciles: list[int | None] | None = None

    def eligible(self, s: str, c: int) -> bytes:
        """1 where programme ``c`` is eligible under ``s``, else 0, per household."""
        code = self.sim.statuses.index("eligible") if "eligible" in self.sim.statuses else 255
        table = bytes(1 if i == code else 0 for i in range(256))
        return self.sim._status[s][c :: self.width].translate(table)

    def deciles(self) -> list[int | None]:
        if self._deciles is not None:
            return self._deciles
        sim = self.sim
        income, members = sim._income, sim._input.members
        biggest = max([m for m in members if m > 0], default=1)
        scale = math.lcm(*range(1, biggest + 1))
        order = [i for i in range(sim.n) if self.weights[i] != 0 and members[i] > 0]
        order.sort(key=lambda i: income[i] * scale // members[i])
        total = Fraction(sum(Fraction(self.weights[i]) for i in order))
        out: list[int | None] = [None] * sim.n
        cumulative = Fraction(0)
        for i in order:
            cumulative += Fraction(self.weights[i])
            out[i] = min(10, max(1, math.ceil(10 * cumulative / total))) if total else None
        self._deciles = out
        return out


def _frame(sim: Simulation) -> _Frame:
    cached = getattr(sim, "_reference_frame", None)
    if cached is None:
        cached = _Frame(sim)
        sim._reference_frame = cached  # type: ignore[attr-defined]
    return cached


def _cost(sim: Simulation, f: _Frame) -> Any:
    width = f.width
    w = f.weights if f.weighted else None
    rows: list[tuple[Any, ...]] = []
    base_cost: dict[str, tuple[Any, Any]] = {}
    for s in sim.scenarios:
        any_eligible = bytes(sim.n)
        monthly_sum: Any = 0
        annual_sum: Any = 0
        for c, p in enumerate(sim.programmes):
            elig = f.eligible(s, c)
            any_eligible = bytes(map(operator.or_, any_eligible, elig))
            recipients = _weighted_sum(elig, w)
            monthly = _weighted_sum(sim._monthly[s][c::width], w)
            one_off = _weighted_sum(sim._one_off[s][c::width], w)
            annual = 12 * monthly + one_off
            monthly_sum += monthly
            annual_sum += annual
            rows.append(
                (
                    s,
                    p["programme"],
                    p["label_zh"],
                    p["label_en"],
                    p.get("form"),
                    recipients,
                    monthly,
                    annual,
                )
            )
        rows.append(
            (
                s,
                "total",
                "合计",
                "Total",
                None,
                _weighted_sum(any_eligible, w),
                monthly_sum,
                annual_sum,
            )
        )
    for r in rows:
        if r[0] == "baseline":
            base_cost[r[1]] = (r[5], r[7])
    table: list[_tables.Column] = [
        ("scenario", "str", [r[0] for r in rows]),
        ("programme", "str", [r[1] for r in rows]),
        ("label_zh", "str", [r[2] for r in rows]),
        ("label_en", "str", [r[3] for r in rows]),
        ("form", "str", [r[4] for r in rows]),
        ("recipients", "count", [count(r[5]) for r in rows]),
        ("recipients_change", "count", [count(r[5] - base_cost[r[1]][0]) for r in rows]),
        ("monthly_cost", "total", [money(r[6]) for r in rows]),
        ("annual_cost", "total", [money(r[7]) for r in rows]),
        ("annual_cost_change", "total", [money(r[7] - base_cost[r[1]][1]) for r in rows]),
    ]
    return _tables.build(sim.kind, table, synthetic=sim.synthetic)


class _Tally:
    __slots__ = ("households", "winners", "losers", "base", "reformed", "gain", "loss")

    def __init__(self) -> None:
        self.households: Any = 0
        self.winners: Any = 0
        self.losers: Any = 0
        self.base: Any = 0
        self.reformed: Any = 0
        self.gain: Any = 0
        self.loss: Any = 0

    def add(self, w: Any, base: int, reformed: int) -> None:
        change = reformed - base
        self.households += w
        self.base += w * base
        self.reformed += w * reformed
        if change > 0:
            self.winners += w
            self.gain += w * change
        elif change < 0:
            self.losers += w
            self.loss += w * change


def _tallies(sim: Simulation, f: _Frame, key: list[Any] | None) -> dict[tuple[str, Any], _Tally]:
    out: dict[tuple[str, Any], _Tally] = {}
    base = f.annual["baseline"]
    with localcontext() as ctx:
        ctx.prec = 60
        for s in sim.scenarios[1:]:
            reformed = f.annual[s]
            for i in range(sim.n):
                w = f.weights[i]
                if w == 0:
                    continue
                group = None if key is None else key[i]
                t = out.get((s, group))
                if t is None:
                    t = out[(s, group)] = _Tally()
                t.add(w, base[i], reformed[i])
    return out


def _mean(total: Any, households: Any) -> Decimal | None:
    if households == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        return money(Decimal(total) / Decimal(households))


def _winners_losers(sim: Simulation, f: _Frame) -> Any:
    tallies = _tallies(sim, f, None)
    reforms = sim.scenarios[1:]
    ts = [tallies.get((s, None), _Tally()) for s in reforms]
    columns: list[_tables.Column] = [
        ("scenario", "str", reforms),
        ("households", "count", [count(t.households) for t in ts]),
        ("winners", "count", [count(t.winners) for t in ts]),
        ("losers", "count", [count(t.losers) for t in ts]),
        ("unchanged", "count", [count(t.households - t.winners - t.losers) for t in ts]),
        ("gain", "total", [money(t.gain) for t in ts]),
        ("loss", "total", [money(t.loss) for t in ts]),
        ("net_change", "total", [money(t.gain + t.loss) for t in ts]),
        ("mean_gain_per_winner", "money", [_mean(t.gain, t.winners) for t in ts]),
    ]
    return _tables.build(sim.kind, columns, synthetic=sim.synthetic)


def _grouped(sim: Simulation, f: _Frame, name: str, key: list[Any], typ: str) -> Any:
    tallies = _tallies(sim, f, key)
    groups = sorted({g for (_, g) in tallies if g is not None}, key=lambda g: (str(type(g)), g))
    rows = [(s, g, tallies[(s, g)]) for s in sim.scenarios[1:] for g in groups if (s, g) in tallies]
    columns: list[_tables.Column] = [
        ("scenario", "str", [s for s, _, _ in rows]),
        (name, typ, [g for _, g, _ in rows]),
        ("households", "count", [count(t.households) for _, _, t in rows]),
        ("winners", "count", [count(t.winners) for _, _, t in rows]),
        ("losers", "count", [count(t.losers) for _, _, t in rows]),
        ("baseline_annual", "total", [money(t.base) for _, _, t in rows]),
        ("reformed_annual", "total", [money(t.reformed) for _, _, t in rows]),
        ("change", "total", [money(t.reformed - t.base) for _, _, t in rows]),
        ("mean_change", "money", [_mean(t.reformed - t.base, t.households) for _, _, t in rows]),
    ]
    return _tables.build(sim.kind, columns, synthetic=sim.synthetic)


def change_by(sim: Simulation, column: str) -> Any:
    """Change under each reform by the values of a household column (e.g. ``area``)."""
    if column == "income_decile":
        return _grouped(sim, _frame(sim), column, _frame(sim).deciles(), "int")
    values = sim._input.household_column(column)
    if values is None:
        raise InputError("invalid_value", "column", f"no household column {column!r}")
    typ = (
        "int"
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values if v is not None)
        else "str"
    )
    key = values if typ == "int" else [None if v is None else str(v) for v in values]
    return _grouped(sim, _frame(sim), column, key, typ)


def summarise(sim: Simulation) -> Summary:
    """Cost and recipients by programme, winners and losers, and change by income decile and by
    district (see the module documentation)."""
    f = _frame(sim)
    districts = sim._input.districts or [None] * sim.n
    return Summary(
        cost=_cost(sim, f),
        winners_losers=_winners_losers(sim, f),
        by_decile=_grouped(sim, f, "income_decile", f.deciles(), "int"),
        by_district=_grouped(
            sim, f, "district", [None if d is None else str(d) for d in districts], "str"
        ),
        synthetic=sim.synthetic,
    )
