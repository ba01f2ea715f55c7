"""The benefit cliff: exact eligibility thresholds, hand-computed.

Two members (45, earning W; a child of 12), tianhe, 2025-07-01, standard 1309 元:
dibao while W < 2 × 1309 = 2618; 低保边缘 from 2618 while W < 1.5 × 2618 = 3927; with the child a
full-time student, 分类救济 (0.2 × 1309 = 261.80) while dibao or marginal, so the household's
total falls from 261.80 to 0 when W reaches 3927: a cliff.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from analysis_support import SMALL, person, request, require, rows
from minzheng import InputError
from minzheng import analysis as mza

require("pandas")  # every analysis test returns tables; skipped without pandas

D = Decimal


def changes(c: mza.Cliff) -> list[tuple[str, Decimal, str, str]]:
    return [
        (r["programme"], r["at"], r["status_before"], r["status_after"]) for r in rows(c.changes)
    ]


def _student_household() -> dict[str, Any]:
    """SMALL[0] with its child a full-time student: 分类救济 0.2 × 1309 = 261.80 while the
    household is 低保 or 低保边缘."""
    household = copy.deepcopy(SMALL[0])
    household["household"]["members"][1]["flags"] = {"full_time_student": True}
    return household


def test_eligibility_starts_and_ends_at_the_exact_fen() -> None:
    require("pandas")
    c = mza.cliff(_student_household(), "members[0].income.wages", start=0, stop=10_000, step=100)
    found = changes(c)
    for expected in [
        ("dibao", D("2618"), "eligible", "not_eligible"),
        ("dibao_marginal", D("2618"), "not_eligible", "eligible"),
        ("dibao_marginal", D("3927"), "eligible", "not_eligible"),
        ("classified_relief", D("3927"), "eligible", "not_eligible"),
    ]:
        assert expected in found, found
    relief = [r for r in rows(c.changes) if r["programme"] == "classified_relief"][0]
    assert relief["last_before"] == D("3926.99")
    assert (relief["total_before"], relief["total_after"]) == (D("261.80"), D("0.00"))
    (cliff,) = rows(c.cliffs)
    assert (cliff["at"], cliff["drop"]) == (D("3927"), D("261.80"))
    assert cliff["programmes"] == "dibao_marginal, classified_relief"
    points = rows(c.points)
    assert len(points) == 101
    assert points[0]["value"] == 0 and points[0]["monthly_total"] == D("2879.80")  # 2618 + 261.80
    assert points[15]["dibao.monthly"] == D("1118.00")  # W = 1500
    assert points[15]["dibao.status"] == "eligible"


def test_a_reform_moves_the_thresholds() -> None:
    require("pandas")
    c = mza.cliff(
        SMALL[0],
        "household.members[0].income.wages",
        start=0,
        stop=6_000,
        step=200,
        reform=mza.reform("r", {"dibao.standard": "1400"}, start="2025-01-01"),
    )
    found = changes(c)
    assert ("dibao", D("2800"), "eligible", "not_eligible") in found
    assert ("dibao_marginal", D("4200"), "eligible", "not_eligible") in found  # 1.5 × 2800


def test_a_member_losing_an_entitlement_inside_a_programme_is_a_change() -> None:
    require("pandas")
    # Two 特困 elders; the first one's wages count for 特困 (pensions do not): from 1309 she is
    # no longer supported, her husband still is, so the programme stays eligible.
    household = request(
        "panyu",
        [
            {**person("p1", 70), "supporters": "none", "income": {"pension": "1715"}},
            {**person("p2", 75), "supporters": "none", "income": {"pension": "2519"}},
        ],
    )
    c = mza.cliff(household, "members[0].income.wages", start=0, stop=3000, step=500)
    (tekun,) = [r for r in rows(c.changes) if r["programme"] == "tekun"]
    assert (tekun["status_before"], tekun["status_after"], tekun["at"]) == (
        "eligible",
        "eligible",
        D("1309"),
    )
    assert "tekun.basic[p1]" in tekun["lines_ended"]


def test_whole_number_inputs_move_by_one() -> None:
    require("pandas")
    # 长寿保健金 starts at 70: the change is found at the whole year, not between grid points.
    c = mza.cliff(SMALL[0], "members[0].age", start=65, stop=75, step=5)
    longevity = [r for r in rows(c.changes) if r["programme"] == "longevity_allowance"]
    assert longevity[0]["at"] == 70 and longevity[0]["last_before"] == 69


@pytest.mark.parametrize("kind", ["pyarrow", "polars"])
def test_other_kinds(kind: str) -> None:
    require(kind)
    c = mza.cliff(SMALL[0], start=2000, stop=3000, step=500, kind=kind)
    assert type(c.points).__module__.split(".")[0] == kind
    assert ("dibao", D("2618"), "eligible", "not_eligible") in changes(c)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"vary": "members[7].income.wages"}, "invalid_value"),
        ({"vary": "members[0].income..wages"}, "invalid_value"),
        ({"step": 0}, "out_of_range"),
        ({"step": "0.001"}, "invalid_value"),
        ({"step": "0.01"}, "input_too_large"),
        ({"stop": 10.5}, "invalid_value"),
    ],
)
def test_errors(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(InputError) as info:
        mza.cliff(SMALL[0], **kwargs)
    assert info.value.code == code
