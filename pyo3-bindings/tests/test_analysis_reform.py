"""Reforms from a dict, JSON text or a file; several reforms in one call; the differential
explanation; errors with codes and paths."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from analysis_support import DIBAO_1400, SMALL, person, request, require, rows, small_tables
from minzheng import InputError
from minzheng import analysis as mza

require("pandas")  # every analysis test returns tables; skipped without pandas

D = Decimal


def dibao(sim: mza.Simulation, scenario: str) -> list[Decimal]:
    require("pandas")
    return [r["dibao.monthly"] for r in rows(sim.households()) if r["scenario"] == scenario]


def test_a_reform_from_a_dict_json_text_or_file_gives_the_same_result(tmp_path: Path) -> None:
    path = tmp_path / "dibao_1400.json"
    path.write_text(json.dumps(DIBAO_1400), encoding="utf-8")
    expected = [D("1300.00"), D("0.00"), D("400.00")]
    for given in (DIBAO_1400, json.dumps(DIBAO_1400), path, str(path)):
        sim = mza.simulate(SMALL, reforms=given)
        assert sim.scenarios == ["baseline", "dibao_1400"]
        assert dibao(sim, "dibao_1400") == expected
    assert mza.load_reform(path) == DIBAO_1400


def test_the_reform_helper_builds_the_format() -> None:
    r = mza.reform(
        "r",
        {"dibao.standard": D("1400"), "dibao.marginal_multiplier": "2"},
        start="2025-07-01",
        end="2025-12-31",
    )
    assert r == {
        "name": "r",
        "overrides": [
            {"key": "dibao.standard", "value": D("1400"), "from": "2025-07-01", "to": "2025-12-31"},
            {
                "key": "dibao.marginal_multiplier",
                "value": "2",
                "from": "2025-07-01",
                "to": "2025-12-31",
            },
        ],
    }
    assert dibao(mza.simulate(SMALL, reforms=r), "r") == [D("1300.00"), D("0.00"), D("400.00")]


def test_several_reforms_in_one_call_each_against_the_baseline() -> None:
    reforms = {
        "r1400": DIBAO_1400,
        "r1500": mza.reform("x", {"dibao.standard": "1500"}, start="2025-01-01"),
        "empty": {"overrides": []},
    }
    sim = mza.simulate(SMALL, reforms=reforms, weight=[2, 3, 5])
    assert sim.scenarios == ["baseline", "r1400", "r1500", "empty"]
    assert dibao(sim, "baseline") == [D("1118.00"), D("0.00"), D("309.00")]
    assert dibao(sim, "r1500") == [D("1500.00"), D("0.00"), D("500.00")]
    assert dibao(sim, "empty") == dibao(sim, "baseline")
    cost = {(r["scenario"], r["programme"]): r for r in rows(sim.summarise().cost)}
    # 12 × (2 × 1500 + 5 × 500) − 45372 = 66000 − 45372
    assert cost[("r1500", "dibao")]["annual_cost_change"] == D("20628.00")
    assert cost[("empty", "total")]["annual_cost_change"] == D("0.00")
    wl = {r["scenario"]: r for r in rows(sim.summarise().winners_losers)}
    assert wl["empty"]["winners"] == 0 and wl["r1500"]["winners"] == 7


def test_a_reform_limited_to_a_district() -> None:
    r = mza.reform(
        "yuexiu_only", {"dibao.standard": "1400"}, start="2025-07-01", region="guangzhou/yuexiu"
    )
    assert dibao(mza.simulate(SMALL, reforms=r), "yuexiu_only") == [
        D("1118.00"),
        D("0.00"),
        D("400.00"),
    ]


@pytest.mark.parametrize(
    ("override", "code", "path"),
    [
        (
            {"key": "dibao.standrd", "value": "1400", "from": "2025-07-01"},
            "invalid_value",
            "reforms[0].overrides[0].key",
        ),
        (
            {"key": "dibao.standard", "value": "1400", "from": "2025-13-01"},
            "invalid_date",
            "reforms[0].overrides[0].from",
        ),
        (
            {"key": "dibao.standard", "value": "abc", "from": "2025-07-01"},
            "invalid_value",
            "reforms[0].overrides[0].value",
        ),
        (
            {"key": "dibao.standard", "value": "-1", "from": "2025-07-01"},
            "out_of_range",
            "reforms[0].overrides[0].value",
        ),
        (
            {"key": "dibao.standard", "value": "1", "from": "2025-07-01", "to": "2025-01-01"},
            "conflicting_fields",
            "reforms[0].overrides[0].to",
        ),
        (
            {"key": "dibao.standard", "value": "1", "from": "2025-07-01", "region": "x"},
            "invalid_value",
            "reforms[0].overrides[0].region",
        ),
    ],
)
def test_reform_errors_have_codes_and_paths(override: dict[str, Any], code: str, path: str) -> None:
    with pytest.raises(InputError) as info:
        mza.simulate(SMALL, reforms=[{"name": "bad", "overrides": [override]}])
    assert (info.value.code, info.value.path) == (code, path)
    assert "reform 'bad'" in info.value.message


def test_reform_format_errors() -> None:
    overlap = {
        "name": "o",
        "overrides": [
            {"key": "dibao.standard", "value": "1400", "from": "2025-07-01"},
            {"key": "dibao.standard", "value": "1500", "from": "2025-09-01", "to": "2025-10-31"},
        ],
    }
    with pytest.raises(InputError) as info:
        mza.load_reform(overlap)
    assert (info.value.code, info.value.path) == ("conflicting_fields", "reform.overrides[1].from")
    with pytest.raises(InputError) as info:
        mza.load_reform(
            {
                "name": "f",
                "overrides": [{"key": "dibao.standard", "value": 1400.0, "from": "2025-07-01"}],
            }
        )
    assert (info.value.code, info.value.path) == ("invalid_value", "reform.overrides[0].value")
    with pytest.raises(InputError) as info:
        mza.load_reform("/nonexistent/reform.json")
    assert info.value.code == "invalid_value"
    with pytest.raises(InputError) as info:
        mza.simulate(SMALL, reforms=[DIBAO_1400, DIBAO_1400])
    assert info.value.code == "invalid_value" and "twice" not in info.value.message
    with pytest.raises(InputError):
        mza.simulate(SMALL, reforms={"baseline": DIBAO_1400})


def test_the_differential_explanation_names_line_parameter_values_and_citations() -> None:
    d = mza.explain_difference(SMALL[0], DIBAO_1400)
    assert d.changed and d.reform == "dibao_1400"
    total = d.difference["monthly_total"]
    assert (total["baseline"], total["reformed"], total["change"]) == (
        D("1118.00"),
        D("1300.00"),
        D("182.00"),
    )
    changed = {p["programme"]: p for p in d.programmes}
    assert set(changed) == {"dibao"}
    (line,) = changed["dibao"]["line_items"]
    assert line["id"] == "dibao.top_up" and line["presence"] == "both"
    assert (line["amount"]["baseline"], line["amount"]["reformed"], line["amount"]["change"]) == (
        D("1118.00"),
        D("1300.00"),
        D("182.00"),
    )
    (param,) = line["parameters"]
    assert param["key"] == "dibao.standard"
    assert (param["baseline_values"], param["reformed_values"]) == (["1309"], ["1400"])
    assert param["baseline"]["citation"]["source"] == "GZ-2025-STD"
    assert param["baseline"]["citation"]["article"] == "一(一)"
    assert param["baseline"]["status"] == "verified"
    assert param["reformed"]["citation"]["source"] == "reform:dibao_1400"
    assert param["reformed"]["status"] == "illustrative"
    assert "1309" in param["reformed"]["note"]
    assert [p["key"] for p in d.parameters] == ["dibao.standard"]
    text = str(d)
    for expected in (
        "dibao.top_up",
        "1118.00 → 1300.00",
        "dibao.standard",
        "1309 (verified",
        "GZ-2025-STD",
        "1400 (illustrative",
        "reform:dibao_1400",
    ):
        assert expected in text, (expected, text)


def test_a_status_change_is_explained_with_both_reasons() -> None:
    # 3000 元: not dibao under 1309 (3000 ≥ 2618) but under 1600 (3000 < 3200): top-up 200.
    household = request("tianhe", [person("a", 45, "3000"), person("b", 12)])
    d = mza.explain_difference(
        household, mza.reform("r", {"dibao.standard": "1600"}, start="2025-01-01")
    )
    (dibao_change,) = [p for p in d.programmes if p["programme"] == "dibao"]
    assert dibao_change["status"] == {"baseline": "not_eligible", "reformed": "eligible"}
    assert dibao_change["reason"]["baseline"]["code"] == "income_not_below_standard"
    assert dibao_change["line_items"][0]["presence"] == "reformed_only"
    assert dibao_change["line_items"][0]["amount"]["reformed"] == D("200.00")
    (why,) = dibao_change["line_items"][0]["parameters"]
    assert (why["key"], why["baseline_values"], why["reformed_values"]) == (
        "dibao.standard",
        ["1309"],
        ["1600"],
    )
    assert "baseline reason: income_not_below_standard" in str(d)


def test_no_change_says_so_and_errors_name_the_side() -> None:
    d = mza.explain_difference(SMALL[1], DIBAO_1400)
    assert not d.changed and d.programmes == [] and "nothing changed" in str(d)
    with pytest.raises(InputError) as info:
        mza.explain_difference(
            {**SMALL[0], "household": {**SMALL[0]["household"], "district": "x"}}, DIBAO_1400
        )
    assert info.value.path == "request.household.district"
    with pytest.raises(InputError) as info:
        mza.explain_difference(
            SMALL[0], {"overrides": [{"key": "nope", "value": "1", "from": "2025-01-01"}]}
        )
    assert info.value.path == "reform.overrides[0].key"


def test_simulation_explains_a_household_by_id() -> None:
    households, persons = small_tables("pandas")
    sim = mza.simulate((households, persons), date="2025-07-01", reforms=[DIBAO_1400])
    d = sim.explain_difference(13)
    assert d.difference["monthly_total"]["change"] == D("91.00")
    with pytest.raises(InputError):
        sim.explain_difference(13, reform="other")
