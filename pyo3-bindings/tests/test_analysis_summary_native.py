"""The native summaries (``minzheng._native.aggregate_columns`` behind ``summarise``) against the
pure-Python recomputation of ``summary_reference``, cell by cell, on random weighted populations
with fractional Decimal weights, errors, ties, households without members and zero weights."""

from __future__ import annotations

import random
from array import array
from decimal import Decimal
from typing import Any

import pytest
import summary_reference as ref

from analysis_support import require, rows
from minzheng import InputError, _native
from minzheng import analysis as mza
from minzheng.analysis import _summary
from minzheng.analysis._simulate import Simulation, _Input

require("pandas")


def typed(table: Any) -> list[dict[str, tuple[type, Any]]]:
    """Rows with each value's type, so that an int and an equal Decimal differ."""
    return [{k: (type(v), v) for k, v in r.items()} for r in rows(table)]


def same_summaries(sim: Simulation) -> None:
    got, want = sim.summarise(), ref.summarise(sim)
    for part in ("cost", "winners_losers", "by_decile", "by_district"):
        assert typed(getattr(got, part)) == typed(getattr(want, part)), part


PROGRAMMES = [
    {"programme": "dibao", "label_zh": "低保", "label_en": "Dibao", "form": "cash"},
    {"programme": "marginal", "label_zh": "低边", "label_en": "Marginal", "form": "status"},
    {"programme": "relief", "label_zh": "分类救济", "label_en": "Relief", "form": "cash"},
    {"programme": "care", "label_zh": "居家养老", "label_en": "Care", "form": "voucher"},
]
# Not the native code order: the adapter translates status codes by name.
STATUSES = ["not_assessed", "not_eligible", "eligible", "undetermined"]


def random_simulation(
    rng: random.Random, n: int, weights: str, kind: str = "pandas", reforms: int = 2
) -> Simulation:
    sim = Simulation()
    sim.kind = kind
    sim.scenarios = ["baseline"] + [f"reform_{r}" for r in range(reforms)]
    sim.programmes = PROGRAMMES
    sim.household_ids = list(range(100, 100 + n))
    sim.statuses = list(STATUSES)
    width = len(PROGRAMMES)
    base_status = [rng.choice([0, 1, 1, 2, 2, 3]) for _ in range(n * width)]
    base_monthly = [rng.choice([0, 0, rng.randrange(1, 300_000)]) for _ in range(n * width)]
    for s in sim.scenarios:
        status = list(base_status)
        monthly = list(base_monthly)
        one_off = [0] * (n * width)
        if s != "baseline":
            for k in rng.sample(range(n * width), n * width // 3):
                status[k] = rng.choice([0, 1, 2, 3])
                monthly[k] = max(0, monthly[k] + rng.randrange(-50_000, 50_000))
        for k in rng.sample(range(n * width), n * width // 10):
            one_off[k] = rng.randrange(0, 1_000_000)
        sim._status[s] = bytes(status)
        sim._monthly[s] = array("q", monthly)
        sim._one_off[s] = array("q", one_off)
        sim._one_off_given[s] = bytes(1 if o else 0 for o in one_off)
    # Incomes with many ties per member (small set of values), members 0–6.
    sim._income = array(
        "q", [rng.choice([0, 0, 50_000, 120_000, 300_000, 777_777]) for _ in range(n)]
    )
    inp = _Input()
    inp.ids = sim.household_ids
    inp.members = [rng.choice([0, 1, 1, 2, 3, 4, 6]) for _ in range(n)]
    inp.districts = [rng.choice(["tianhe", "yuexiu", "haizhu", None]) for _ in range(n)]
    inp.passthrough["district"] = inp.districts
    inp.passthrough["area"] = [rng.choice(["urban", "rural"]) for _ in range(n)]
    inp.passthrough["size"] = [rng.choice([1, 2, 3, None]) for _ in range(n)]
    sim._input = inp
    if weights == "decimal":
        sim.weights = [
            rng.choice(
                [
                    Decimal(rng.randrange(1, 10**6)) / 1000,
                    Decimal("0.333333"),
                    Decimal(rng.randrange(1, 10**4)).scaleb(-4),
                    Decimal(rng.randrange(0, 5)),
                    rng.randrange(1, 40),
                    0,
                ]
            )
            for _ in range(n)
        ]
        sim.weights = [int(w) if w == int(w) else w for w in sim.weights]
    elif weights == "int":
        sim.weights = [rng.randrange(0, 50) for _ in range(n)]
    errors = rng.sample(sim.household_ids, n // 20)
    sim.errors = {h: ("invalid_value", "household.x", "bad") for h in errors}
    return sim


@pytest.mark.parametrize("weights", ["decimal", "int", "none"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_native_summaries_equal_the_python_recomputation(weights: str, seed: int) -> None:
    sim = random_simulation(random.Random(seed), 600, weights)
    same_summaries(sim)
    for column in ("area", "size", "income_decile"):
        assert typed(sim.change_by(column)) == typed(ref.change_by(sim, column)), column


@pytest.mark.parametrize("kind", ["pyarrow", "polars"])
def test_native_summaries_in_every_table_kind(kind: str) -> None:
    require(kind)
    same_summaries(random_simulation(random.Random(7), 200, "decimal", kind=kind))


def test_one_household_and_no_reform() -> None:
    same_summaries(random_simulation(random.Random(4), 1, "decimal", reforms=0))
    same_summaries(random_simulation(random.Random(5), 25, "decimal", reforms=1))


def test_a_simulated_synthetic_population_with_fractional_weights() -> None:
    population = mza.synthetic_population(400, seed=3)
    rng = random.Random(11)
    weights = [Decimal(rng.randrange(1, 10**5)) / 100 for _ in range(400)]
    reform = {
        "name": "dibao_1400",
        "overrides": [{"key": "dibao.standard", "value": "1400", "from": "2025-07-01"}],
    }
    sim = mza.simulate(population, date="2025-07-01", reforms=[reform], weight=weights)
    same_summaries(sim)
    (wl,) = rows(sim.summarise().winners_losers)
    assert wl["winners"] > 0


def test_weights_too_precise_for_64_bits_are_refused() -> None:
    sim = random_simulation(random.Random(6), 10, "int")
    assert sim.weights is not None
    sim.weights[0] = Decimal("1E-20")
    with pytest.raises(InputError) as info:
        sim.summarise()
    assert info.value.code == "out_of_range"


def test_programme_major_columns_give_the_same_aggregates() -> None:
    sim = random_simulation(random.Random(8), 300, "decimal")
    c = _summary._columns(sim)
    width = c.width
    major = []
    for status, monthly, one_off in c.scenarios:
        m, o = _bytes_to_q(monthly), _bytes_to_q(one_off)
        major.append(
            (
                [status[p::width] for p in range(width)],
                [m[p::width].tobytes() for p in range(width)],
                [o[p::width].tobytes() for p in range(width)],
            )
        )
    args = (c.income, c.members, c.weights, c.scale, c.excluded, [])
    a = _native.aggregate_columns(c.households, width, c.scenarios, *args)
    b = _native.aggregate_columns(c.households, width, major, *args)
    assert a == b
    with pytest.raises(InputError) as info:
        _native.aggregate_columns(c.households, width, [(b"", b"", b"")], *args)
    assert info.value.path == "scenarios[0].status"


def _bytes_to_q(data: bytes) -> array:
    a = array("q")
    a.frombytes(data)
    return a
