"""A seeded synthetic population of Guangzhou-like households, for examples and benchmarks.

SYNTHETIC: every household and person is made up by a pseudo-random generator. The shares below
(districts, household types, ages, disability, incomes, assets) are round, plausible figures
chosen by hand so that examples look like a large city with a low-income tail; they are NOT
statistics of Guangzhou, and results computed on this population say nothing about real costs or
caseloads. Low-income households are deliberately over-represented so that every programme has
recipients. Every table it returns carries a ``synthetic`` column set to ``True``.

The same ``seed`` gives the same population: it draws only from :class:`random.Random` (whose
sequence Python keeps stable across versions), and money is whole fen from integer draws (or from
a log-normal draw truncated to whole 元).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import InputError
from ._tables import build, check_kind

#: Districts with an illustrative share of households and share living in rural areas.
DISTRICTS: tuple[tuple[str, float, float], ...] = (
    ("baiyun", 0.20, 0.10),
    ("panyu", 0.15, 0.15),
    ("tianhe", 0.12, 0.0),
    ("haizhu", 0.10, 0.0),
    ("huadu", 0.08, 0.25),
    ("zengcheng", 0.08, 0.30),
    ("huangpu", 0.07, 0.10),
    ("yuexiu", 0.06, 0.0),
    ("liwan", 0.06, 0.0),
    ("nansha", 0.05, 0.30),
    ("conghua", 0.03, 0.45),
)

#: Household types with an illustrative share.
HOUSEHOLD_TYPES: tuple[tuple[str, float], ...] = (
    ("single_elderly", 0.10),
    ("single_adult", 0.13),
    ("couple_elderly", 0.12),
    ("couple", 0.14),
    ("couple_children", 0.30),
    ("single_parent", 0.05),
    ("three_generation", 0.13),
    ("other", 0.03),
)

DISABILITY_CATEGORIES: tuple[tuple[str, float], ...] = (
    ("physical", 0.35),
    ("visual", 0.12),
    ("hearing", 0.18),
    ("speech", 0.01),
    ("intellectual", 0.08),
    ("mental", 0.10),
    ("multiple", 0.16),
)

#: Economic classes: share of households (deliberately rich in low incomes).
CLASSES: tuple[tuple[str, float], ...] = (("low", 0.04), ("lower_middle", 0.20), ("middle", 0.76))

#: The sum the weights are scaled to: an illustrative order of magnitude, not a statistic.
WEIGHTED_HOUSEHOLDS = 6_000_000


@dataclass
class Population:
    """A population as two tables: ``households`` (one row per household) and ``persons`` (one
    row per member, with ``household_id``). ``synthetic`` is ``True`` for generated data, whose
    tables also carry a ``synthetic`` column."""

    households: Any
    persons: Any
    synthetic: bool = False
    seed: int | None = None
    description: str = field(default="")


def _choice(rng: random.Random, items: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    x = rng.random()
    acc = 0.0
    for item in items:
        acc += item[1]
        if x < acc:
            return item
    return items[-1]


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def _lognormal_fen(rng: random.Random, median_yuan: int, sigma: float, cap_yuan: int) -> int:
    value = median_yuan * rng.lognormvariate(0.0, sigma)
    return min(int(value) * 100, cap_yuan * 100)


def _disability_probability(age: int) -> float:
    if age < 18:
        return 0.015
    if age < 60:
        return 0.04
    if age < 80:
        return 0.10
    return 0.20


def _members(rng: random.Random, kind: str) -> list[tuple[int, str]]:
    """(age, relationship) of each member, the applicant first."""
    r = rng.randint
    if kind == "single_elderly":
        return [(r(60, 95), "applicant")]
    if kind == "single_adult":
        return [(r(18, 59), "applicant")]
    if kind == "couple_elderly":
        a = r(60, 90)
        return [(a, "applicant"), (max(55, min(99, a + r(-5, 5))), "spouse")]
    if kind == "couple":
        a = r(22, 59)
        return [(a, "applicant"), (max(20, a + r(-5, 5)), "spouse")]
    if kind in ("couple_children", "single_parent"):
        a = r(25, 55)
        people = [(a, "applicant")]
        if kind == "couple_children":
            people.append((max(22, a + r(-4, 4)), "spouse"))
        for _ in range(r(1, 3 if kind == "couple_children" else 2)):
            people.append((r(0, min(22, a - 19)), "child"))
        return people
    if kind == "three_generation":
        a = r(30, 55)
        people = [(a, "applicant"), (max(26, a + r(-4, 4)), "spouse")]
        for _ in range(r(1, 2)):
            people.append((r(0, min(22, a - 19)), "child"))
        for _ in range(r(1, 2)):
            people.append((min(99, a + r(22, 35)), "parent"))
        return people
    return [(r(18, 70), "applicant")] + [(r(16, 75), "sibling") for _ in range(r(1, 3))]


#: The most synthetic households one call makes.
MAX_SYNTHETIC = 10**8


def synthetic_population(n: int, seed: int = 0, *, kind: str = "pandas") -> Population:
    """``n`` synthetic households (see the module documentation), as tables of ``kind``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputError("invalid_type", "n", f"n must be an int, not {type(n).__name__}")
    if not 1 <= n <= MAX_SYNTHETIC:
        raise InputError("out_of_range", "n", f"n must be 1–{MAX_SYNTHETIC}, not {n}")
    check_kind(kind)
    rng = random.Random(seed)
    weight = max(1, round(WEIGHTED_HOUSEHOLDS / n))
    hh: dict[str, list[Any]] = {
        k: [] for k in ("household_id", "district", "area", "deposits", "weight")
    }
    pp: dict[str, list[Any]] = {
        k: []
        for k in (
            "household_id",
            "person_id",
            "age",
            "hukou",
            "relationship",
            "category",
            "grade",
            "supporters",
            "wages",
            "employment_costs",
            "pension",
            "basic_pension_central",
            "ill",
        )
    }
    for h in range(1, n + 1):
        district, _, rural_share = _choice(rng, DISTRICTS)
        area = "rural" if rng.random() < rural_share else "urban"
        kind_of_household = _choice(rng, HOUSEHOLD_TYPES)[0]
        klass = _choice(rng, CLASSES)[0]
        hukou = (
            "guangzhou"
            if rng.random() < 0.85
            else ("other_guangdong" if rng.random() < 0.67 else "other")
        )
        people = _members(rng, kind_of_household)
        has_earner_age = any(18 <= a < 60 for a, _ in people)
        for k, (age, relationship) in enumerate(people, start=1):
            category = grade = None
            if rng.random() < _disability_probability(age):
                category = _choice(rng, DISABILITY_CATEGORIES)[0]
                grade = _choice(rng, ((1, 0.12), (2, 0.23), (3, 0.30), (4, 0.35)))[0]
            wages = costs = pension = basic = None
            working_age = 18 <= age < 60 and (age >= 23 or rng.random() < 0.5)
            employed_share = {"low": 0.5, "lower_middle": 0.85, "middle": 0.92}[klass]
            if grade is not None and grade <= 2:
                employed_share *= 0.3
            if working_age and rng.random() < employed_share:
                if klass == "low":
                    wages = rng.randint(0, 260) * 1000
                elif klass == "lower_middle":
                    wages = rng.randint(300, 800) * 1000
                else:
                    wages = _lognormal_fen(rng, 9000, 0.5, 60000)
                if klass != "low":
                    costs = wages * 105 // 1000
            if age >= 60:
                x = rng.random()
                if klass == "low":
                    if x < 0.6:
                        basic = rng.randint(200, 450) * 100
                elif klass == "lower_middle":
                    if x < 0.85:
                        pension = rng.randint(1500, 3500) * 100
                    else:
                        basic = rng.randint(200, 450) * 100
                elif x < 0.9:
                    pension = _lognormal_fen(rng, 5000, 0.4, 30000)
            supporters = None
            if age >= 60 or (grade is not None and grade <= 2) or age < 16:
                if has_earner_age and relationship != "applicant":
                    supporters = "able" if rng.random() < 0.7 else "unknown"
                else:
                    supporters = _choice(
                        rng, (("none", 0.3), ("unable", 0.2), ("able", 0.3), ("unknown", 0.2))
                    )[0]
            ill = rng.random() < (0.05 if age >= 60 else 0.02)
            pp["household_id"].append(h)
            pp["person_id"].append(f"p{k}")
            pp["age"].append(age)
            pp["hukou"].append(hukou)
            pp["relationship"].append(relationship)
            pp["category"].append(category)
            pp["grade"].append(grade)
            pp["supporters"].append(supporters)
            pp["wages"].append(None if wages is None else _yuan(wages))
            pp["employment_costs"].append(None if costs is None else _yuan(costs))
            pp["pension"].append(None if pension is None else _yuan(pension))
            pp["basic_pension_central"].append(None if basic is None else _yuan(basic))
            pp["ill"].append(ill)
        if klass == "low":
            deposits = rng.randint(0, 15_000) * 100
        elif klass == "lower_middle":
            deposits = rng.randint(5_000, 80_000) * 100
        else:
            deposits = _lognormal_fen(rng, 150_000, 0.8, 5_000_000)
        hh["household_id"].append(h)
        hh["district"].append(district)
        hh["area"].append(area)
        hh["deposits"].append(_yuan(deposits))
        hh["weight"].append(weight)
    households = build(
        kind,
        [
            ("household_id", "int", hh["household_id"]),
            ("district", "str", hh["district"]),
            ("area", "str", hh["area"]),
            ("assets.deposits", "money", hh["deposits"]),
            ("weight", "int", hh["weight"]),
        ],
        synthetic=True,
    )
    persons = build(
        kind,
        [
            ("household_id", "int", pp["household_id"]),
            ("person_id", "str", pp["person_id"]),
            ("age", "int", pp["age"]),
            ("hukou", "str", pp["hukou"]),
            ("relationship", "str", pp["relationship"]),
            ("disability.category", "str", pp["category"]),
            ("disability.grade", "int", pp["grade"]),
            ("supporters", "str", pp["supporters"]),
            ("income.wages", "money", pp["wages"]),
            ("income.employment_costs", "money", pp["employment_costs"]),
            ("income.pension", "money", pp["pension"]),
            ("income.basic_pension_central", "money", pp["basic_pension_central"]),
            ("flags.serious_illness", "bool", pp["ill"]),
        ],
        synthetic=True,
    )
    return Population(
        households=households,
        persons=persons,
        synthetic=True,
        seed=seed,
        description=(
            f"SYNTHETIC population of {n} Guangzhou-like households (seed {seed}); made-up data, "
            "not statistics of Guangzhou"
        ),
    )
