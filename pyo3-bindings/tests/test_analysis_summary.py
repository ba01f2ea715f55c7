"""Summaries against hand-computed small populations (see ``analysis_support.SMALL``).

Weights 2, 3 and 5 (H1, H2, H3); annual = 12 × monthly. Baseline dibao: 2 × 1118 + 5 × 309 =
3781.00 a month, 45372.00 a year; under 1400: 2 × 1300 + 5 × 400 = 4600.00, 55200.00.
No 分类救济 (no member is in one of its published groups).
H1 gains 12 × (1300 − 1118) = 2184.00 a year, H3 12 × 91 = 1092.00, H2 nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from analysis_support import DIBAO_1400, SMALL, require, rows, small_tables
from minzheng import InputError
from minzheng import analysis as mza

require("pandas")  # every analysis test returns tables; skipped without pandas

D = Decimal


def by(table_rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [r for r in table_rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, table_rows)
    return found[0]


@pytest.fixture(params=["pandas", "pyarrow", "polars"])
def summary(request: pytest.FixtureRequest) -> Any:
    households, persons = small_tables(request.param)
    sim = mza.simulate(
        (households, persons), date="2025-07-01", reforms=[DIBAO_1400], weight="weight"
    )
    assert sim.kind == request.param
    return sim.summarise()


def test_cost_and_recipients_by_programme(summary: Any) -> None:
    cost = rows(summary.cost)
    dibao = by(cost, scenario="baseline", programme="dibao")
    assert (dibao["recipients"], dibao["monthly_cost"], dibao["annual_cost"]) == (
        7,
        D("3781.00"),
        D("45372.00"),
    )
    assert dibao["annual_cost_change"] == 0
    reformed = by(cost, scenario="dibao_1400", programme="dibao")
    assert (reformed["monthly_cost"], reformed["annual_cost"]) == (D("4600.00"), D("55200.00"))
    assert (reformed["annual_cost_change"], reformed["recipients_change"]) == (D("9828.00"), 0)
    relief = by(cost, scenario="dibao_1400", programme="classified_relief")
    assert (relief["recipients"], relief["annual_cost"], relief["annual_cost_change"]) == (0, 0, 0)
    total = by(cost, scenario="dibao_1400", programme="total")
    assert total["monthly_cost"] == D("4600.00")
    assert total["annual_cost_change"] == D("9828.00")
    assert total["recipients"] == 7  # H1 and H3 are eligible for something
    # Money is exact decimal, never float, in every kind.
    assert all(isinstance(r["annual_cost"], Decimal) for r in cost)


def test_winners_and_losers(summary: Any) -> None:
    (w,) = rows(summary.winners_losers)
    assert w["scenario"] == "dibao_1400"
    assert (w["households"], w["winners"], w["losers"], w["unchanged"]) == (10, 7, 0, 3)
    assert (w["gain"], w["loss"], w["net_change"]) == (D("9828.00"), D("0.00"), D("9828.00"))
    # 9828.00 / 7 = 1404
    assert w["mean_gain_per_winner"] == D("1404.00")


def test_change_by_income_decile(summary: Any) -> None:
    # Counted income per member: H1 750, H3 1000, H2 5000. Cumulative weights 2, 7, 10 of 10:
    # deciles ⌈10 × 2/10⌉ = 2, ⌈10 × 7/10⌉ = 7, 10.
    deciles = rows(summary.by_decile)
    assert [r["income_decile"] for r in deciles] == [2, 7, 10]
    d2 = by(deciles, income_decile=2)
    assert (d2["households"], d2["winners"], d2["change"], d2["mean_change"]) == (
        2,
        2,
        D("4368.00"),
        D("2184.00"),
    )
    assert d2["baseline_annual"] == D("26832.00")  # 2 × 12 × 1118
    d7 = by(deciles, income_decile=7)
    assert (d7["households"], d7["change"], d7["mean_change"]) == (5, D("5460.00"), D("1092.00"))
    d10 = by(deciles, income_decile=10)
    assert (d10["winners"], d10["losers"], d10["change"]) == (0, 0, D("0.00"))


def test_change_by_district(summary: Any) -> None:
    districts = rows(summary.by_district)
    tianhe = by(districts, district="tianhe")
    assert (tianhe["households"], tianhe["winners"], tianhe["change"]) == (5, 2, D("4368.00"))
    assert tianhe["mean_change"] == D("873.60")  # 4368.00 / 5
    yuexiu = by(districts, district="yuexiu")
    assert (yuexiu["households"], yuexiu["change"], yuexiu["mean_change"]) == (
        5,
        D("5460.00"),
        D("1092.00"),
    )


def test_unweighted_counts_each_household_once() -> None:
    sim = mza.simulate(SMALL, reforms=DIBAO_1400)
    cost = rows(sim.summarise().cost)
    dibao = by(cost, scenario="baseline", programme="dibao")
    assert (dibao["recipients"], dibao["monthly_cost"]) == (2, D("1427.00"))  # 1118 + 309
    (w,) = rows(sim.summarise().winners_losers)
    assert (w["households"], w["winners"], w["gain"]) == (3, 2, D("3276.00"))  # 2184 + 1092


def test_fractional_weights_are_exact_and_rounded_once() -> None:
    require("pandas")
    # Weights 0.5, 1.25 and 2 (as Decimal, str-free): dibao 0.5 × 1118 + 2 × 309 = 1177.00;
    # recipients 2.5; no 分类救济.
    sim = mza.simulate(SMALL, reforms=DIBAO_1400, weight=[D("0.5"), D("1.25"), 2])
    cost = rows(sim.summarise().cost)
    dibao = by(cost, scenario="baseline", programme="dibao")
    assert (dibao["recipients"], dibao["monthly_cost"]) == (D("2.50"), D("1177.00"))
    assert by(cost, scenario="baseline", programme="classified_relief")["monthly_cost"] == 0
    # Float weights are read by their shortest decimal form (weights are not money).
    again = mza.simulate(SMALL, reforms=DIBAO_1400, weight=[0.5, 1.25, 2.0])
    assert rows(again.summarise().cost) == cost
    # A third of a household: 1118 / 3 = 372.666… rounds once, half away from zero.
    third = mza.simulate(SMALL[:1], weight=[D("0.333333")])
    one = by(rows(third.summarise().cost), scenario="baseline", programme="dibao")
    assert one["monthly_cost"] == D("372.67")  # 372.666294 → 372.67


def test_households_table_has_exact_amounts_per_scenario() -> None:
    households, persons = small_tables("pandas")
    sim = mza.simulate(
        (households, persons), date="2025-07-01", reforms=[DIBAO_1400], weight="weight"
    )
    table = rows(sim.households())
    assert len(table) == 6
    h1 = by(table, household_id=11, scenario="dibao_1400")
    assert (h1["dibao.status"], h1["dibao.monthly"], h1["classified_relief.monthly"]) == (
        "eligible",
        D("1300.00"),
        D("0.00"),
    )
    assert (h1["monthly_total"], h1["annual_total"], h1["annual_change"]) == (
        D("1300.00"),
        D("15600.00"),
        D("2184.00"),
    )
    assert (h1["income"], h1["income_decile"], h1["members"], h1["weight"]) == (
        D("1500.00"),
        2,
        2,
        2,
    )
    h2 = by(table, household_id=12, scenario="baseline")
    assert h2["dibao.status"] == "not_eligible" and h2["monthly_total"] == D("0.00")


def test_change_by_any_household_column() -> None:
    households, persons = small_tables("pandas")
    households["area_group"] = ["a", "b", "a"]
    sim = mza.simulate(
        (households, persons),
        date="2025-07-01",
        reforms=[DIBAO_1400],
        weight="weight",
        ignore=["area_group"],
    )
    groups = rows(sim.change_by("area_group"))
    assert by(groups, area_group="a")["change"] == D("9828.00")
    with pytest.raises(InputError) as info:
        sim.change_by("nope")
    assert info.value.code == "invalid_value"
