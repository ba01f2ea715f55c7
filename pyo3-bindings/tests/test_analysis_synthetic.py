"""The synthetic population: seeded, labelled, plausible in shape, and calculable."""

from __future__ import annotations

import pytest

from analysis_support import require, rows
from minzheng import analysis as mza

require("pandas")  # every analysis test returns tables; skipped without pandas

DISTRICTS = {
    "yuexiu",
    "haizhu",
    "liwan",
    "tianhe",
    "baiyun",
    "huangpu",
    "panyu",
    "huadu",
    "nansha",
    "conghua",
    "zengcheng",
}


def test_same_seed_same_population_and_labelled_synthetic() -> None:
    pd = require("pandas")
    a = mza.synthetic_population(200, seed=4)
    b = mza.synthetic_population(200, seed=4)
    c = mza.synthetic_population(200, seed=5)
    pd.testing.assert_frame_equal(a.persons, b.persons)
    pd.testing.assert_frame_equal(a.households, b.households)
    assert not a.persons.equals(c.persons)
    assert a.synthetic and "SYNTHETIC" in a.description
    assert a.households["synthetic"].all() and a.persons["synthetic"].all()
    assert a.households.attrs["synthetic"] is True


def test_shape_is_plausible() -> None:
    require("pandas")
    pop = mza.synthetic_population(2_000, seed=1)
    households, persons = rows(pop.households), rows(pop.persons)
    assert len(households) == 2_000
    assert {h["district"] for h in households} == DISTRICTS
    assert {h["area"] for h in households} == {"urban", "rural"}
    sizes = {}
    for p in persons:
        sizes[p["household_id"]] = sizes.get(p["household_id"], 0) + 1
    assert set(sizes.values()) <= set(range(1, 7)) and 2.0 < len(persons) / 2_000 < 3.5
    ages = [p["age"] for p in persons]
    assert min(ages) >= 0 and max(ages) <= 99
    disabled = sum(p["disability.category"] is not None for p in persons) / len(persons)
    assert 0.02 < disabled < 0.12
    assert all(
        (p["disability.grade"] is None) == (p["disability.category"] is None) for p in persons
    )
    assert all(
        p["income.wages"] is None or p["income.wages"].as_tuple().exponent == -2 for p in persons
    )


def test_the_population_calculates_and_outputs_stay_labelled() -> None:
    require("pandas")
    pop = mza.synthetic_population(500, seed=9)
    sim = mza.simulate(
        pop,
        date="2025-07-01",
        reforms=mza.reform("r", {"dibao.standard": "1400"}, start="2025-07-01"),
        weight="weight",
    )
    assert sim.synthetic and not sim.errors and "SYNTHETIC" in repr(sim)
    summary = sim.summarise()
    assert summary.synthetic
    for table in (sim.households(), summary.cost, summary.by_decile, summary.by_district):
        assert table["synthetic"].all()
    cost = {(r["scenario"], r["programme"]): r for r in rows(summary.cost)}
    assert cost[("baseline", "dibao")]["recipients"] > 0
    assert cost[("r", "dibao")]["annual_cost_change"] > 0


@pytest.mark.parametrize("kind", ["pyarrow", "polars"])
def test_other_kinds(kind: str) -> None:
    require(kind)
    pop = mza.synthetic_population(50, seed=2, kind=kind)
    assert type(pop.households).__module__.split(".")[0] == kind
    sim = mza.simulate(pop, date="2025-07-01")
    assert sim.kind == kind and not sim.errors
    if kind == "pyarrow":
        assert pop.households.schema.metadata[b"minzheng.synthetic"] == b"true"
        assert str(pop.persons.schema.field("income.wages").type) == "decimal128(18, 2)"


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        mza.synthetic_population(0)
    with pytest.raises(Exception) as info:
        mza.synthetic_population(10, kind="excel")
    assert getattr(info.value, "code", None) == "invalid_value"
