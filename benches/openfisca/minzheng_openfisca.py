"""An OpenFisca model of a subset of minzheng's rules, written for the side-by-side benchmark.

Rules (same figures and dates as core/parameters/*.toml; formulas written from
core/src/programmes/{income,dibao,tekun,disability}.rs):

- income exclusions: wages net of employment costs (not below 0) + pensions are counted for dibao;
  pensions are not counted for 特困; the residents' basic pension (basic_pension_central) is excluded;
- 特困 (tekun): no capacity to work (age < 16 or >= 60, or the listed disabilities), own 特困 income
  below the dibao standard, household financial assets within 24 months × standard × members,
  no able supporter; basic = max(1.6 × standard, district floor), care = share(tier) × minimum wage;
- dibao top-up over the members not supported as 特困: standard × n − income when income is below
  it and assets are within the limit; in a marginal household (income < 1.5 × standard × n) the
  single-person route (grade 1–2, grade 3 intellectual/mental, serious illness) pays
  standard − own income;
- the two disability subsidies (living: members of dibao/marginal households or severe with own
  income below the subsidy; care: grade 1–2 or intellectual/mental), Guangzhou hukou, not 特困.

Only the inputs the synthetic population carries are modelled (no orphans, institutions, ADL
assessments, approval dates). OpenFisca stores float variables as float32; amounts are rounded to
the fen with numpy's round (half to even), as an OpenFisca model would.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import MONTH
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Household = build_entity(
    key="household",
    plural="households",
    label="Household",
    roles=[{"key": "member", "plural": "members", "label": "Member"}],
)
Person = build_entity(key="person", plural="persons", label="Person", is_person=True)

DISTRICT_FLOORS = {"huangpu": 2413.0, "panyu": 2512.0, "nansha": 2121.0}


def _values(*pairs):
    return {"values": {start: value for start, value in pairs}}


PARAMETERS = {
    "dibao": {
        "standard": _values(("2025-01-01", 1309.0)),
        "marginal_multiplier": _values(("2025-06-01", 1.5)),
        "financial_asset_limit_months": _values(("2020-01-01", 24.0)),
    },
    "tekun": {
        "basic_multiplier": _values(("2021-01-01", 1.6)),
        "basic_standard": {
            "default": _values(("2025-01-01", 2094.4)),
            **{d: _values(("2025-01-01", v)) for d, v in DISTRICT_FLOORS.items()},
        },
        "care_share": {
            "full_self_care": _values(("2025-01-01", 0.02)),
            "partial_self_care": _values(("2025-01-01", 0.30)),
            "full_care": _values(("2025-01-01", 0.60)),
        },
        "minimum_wage": _values(("2025-01-01", 2500.0)),
    },
    "disability": {
        "living_subsidy": _values(("2025-01-01", 209.0), ("2026-01-01", 217.0)),
        "care_subsidy": _values(("2025-01-01", 280.0), ("2026-01-01", 290.0)),
    },
}


class Category(Enum):
    none = "none"
    physical = "physical"
    visual = "visual"
    hearing = "hearing"
    speech = "speech"
    intellectual = "intellectual"
    mental = "mental"
    multiple = "multiple"


class Supporters(Enum):
    unknown = "unknown"
    none = "none"
    unable = "unable"
    able = "able"


class Hukou(Enum):
    guangzhou = "guangzhou"
    other_guangdong = "other_guangdong"
    other = "other"


def _pv(name, entity, value_type=float, default=0, **kw):
    attrs = {"value_type": value_type, "entity": entity, "definition_period": MONTH,
             "default_value": default, "label": name}
    attrs.update(kw)
    return type(name, (Variable,), attrs)


INPUTS = [
    _pv("age", Person, int),
    _pv("wages", Person),
    _pv("employment_costs", Person),
    _pv("pension", Person),
    _pv("basic_pension_central", Person),
    _pv("disability_grade", Person, int, 0),
    _pv("serious_illness", Person, bool, False),
    _pv("disability_category", Person, Enum, Category.none, possible_values=Category),
    _pv("supporters", Person, Enum, Supporters.unknown, possible_values=Supporters),
    _pv("hukou", Person, Enum, Hukou.guangzhou, possible_values=Hukou),
    _pv("deposits", Household),
    # 0 = the city-wide floor, else an index into DISTRICT_FLOORS (inputs as ints keep it simple)
    _pv("district_floor", Household, int, 0),
]


def fen(x):
    """Rounded to the fen, half to even (numpy)."""
    return np.round(x, 2)


class counted_income(Variable):
    value_type, entity, definition_period = float, Person, MONTH
    label = "Income counted for dibao (pensions in, basic pension central excluded)"

    def formula(person, period, parameters):
        wages_net = np.maximum(person("wages", period) - person("employment_costs", period), 0)
        return np.maximum(wages_net + person("pension", period), 0)


class tekun_counted_income(Variable):
    value_type, entity, definition_period = float, Person, MONTH
    label = "Income counted for tekun (pensions not counted)"

    def formula(person, period, parameters):
        return np.maximum(person("wages", period) - person("employment_costs", period), 0)


class disabled(Variable):
    value_type, entity, definition_period = bool, Person, MONTH

    def formula(person, period, parameters):
        return person("disability_category", period) != Category.none


class intellectual_or_mental(Variable):
    value_type, entity, definition_period = bool, Person, MONTH

    def formula(person, period, parameters):
        c = person("disability_category", period)
        return (c == Category.intellectual) + (c == Category.mental)


class financial_assets_ok(Variable):
    value_type, entity, definition_period = bool, Household, MONTH

    def formula(household, period, parameters):
        p = parameters(period).dibao
        n = household.nb_persons()
        return household("deposits", period) <= p.financial_asset_limit_months * p.standard * n


class tekun_supported(Variable):
    value_type, entity, definition_period = bool, Person, MONTH

    def formula(person, period, parameters):
        s = parameters(period).dibao.standard
        age = person("age", period)
        c = person("disability_category", period)
        g = person("disability_grade", period)
        by_disability = (
            (person("intellectual_or_mental", period) * (g <= 3))
            + ((c == Category.physical) * (g <= 2))
            + ((c == Category.visual) * (g == 1))
        )
        no_work = (age < 16) + (age >= 60) + by_disability
        income_ok = person("tekun_counted_income", period) < s
        assets_ok = person.household("financial_assets_ok", period)
        sup = person("supporters", period)
        supporters_ok = (sup == Supporters.none) + (sup == Supporters.unable)
        return no_work * income_ok * assets_ok * supporters_ok


class tekun_basic(Variable):
    value_type, entity, definition_period = float, Person, MONTH

    def formula(person, period, parameters):
        p = parameters(period)
        floors = np.array([p.tekun.basic_standard.default]
                          + [p.tekun.basic_standard[d] for d in DISTRICT_FLOORS])
        floor = floors[person.household("district_floor", period)]
        basic = np.maximum(p.tekun.basic_multiplier * p.dibao.standard, floor)
        return person("tekun_supported", period) * fen(basic)


class tekun_care(Variable):
    value_type, entity, definition_period = float, Person, MONTH

    def formula(person, period, parameters):
        p = parameters(period).tekun
        g = person("disability_grade", period)
        im = person("intellectual_or_mental", period)
        share = np.select(
            [im * (g <= 2), im * (g == 3)],
            [p.care_share.full_care, p.care_share.partial_self_care],
            p.care_share.full_self_care,
        )
        return person("tekun_supported", period) * fen(share * p.minimum_wage)


class tekun(Variable):
    value_type, entity, definition_period = float, Household, MONTH
    label = "特困 basic + care, household total"

    def formula(household, period, parameters):
        return household.sum(household.members("tekun_basic", period)
                             + household.members("tekun_care", period))


class counted_members(Variable):
    value_type, entity, definition_period = int, Household, MONTH

    def formula(household, period, parameters):
        return household.sum(~household.members("tekun_supported", period))


class dibao_income(Variable):
    value_type, entity, definition_period = float, Household, MONTH

    def formula(household, period, parameters):
        m = household.members
        return household.sum(m("counted_income", period) * ~m("tekun_supported", period))


class dibao_status(Variable):
    """0 neither, 1 dibao, 2 marginal."""

    value_type, entity, definition_period = int, Household, MONTH

    def formula(household, period, parameters):
        p = parameters(period).dibao
        n = household("counted_members", period)
        income = household("dibao_income", period)
        assets_ok = household("financial_assets_ok", period)
        is_dibao = assets_ok * (n > 0) * (income < p.standard * n)
        is_marginal = assets_ok * (n > 0) * ~is_dibao * (income < p.marginal_multiplier * p.standard * n)
        return is_dibao * 1 + is_marginal * 2


class single_person_route(Variable):
    value_type, entity, definition_period = bool, Person, MONTH

    def formula(person, period, parameters):
        g = person("disability_grade", period)
        disabled = person("disabled", period)
        return (disabled * ((g <= 2) + (g == 3) * person("intellectual_or_mental", period))
                + person("serious_illness", period))


class dibao(Variable):
    value_type, entity, definition_period = float, Household, MONTH
    label = "Dibao top-up (household) or single-person dibao in a marginal household"

    def formula(household, period, parameters):
        s = parameters(period).dibao.standard
        status = household("dibao_status", period)
        n = household("counted_members", period)
        top_up = fen(s * n - household("dibao_income", period))
        m = household.members
        single = (m("single_person_route", period) * ~m("tekun_supported", period)
                  * np.maximum(fen(s - m("counted_income", period)), 0))
        return (status == 1) * top_up + (status == 2) * household.sum(single)


class disability_eligible_common(Variable):
    value_type, entity, definition_period = bool, Person, MONTH

    def formula(person, period, parameters):
        return (person("disabled", period) * (person("hukou", period) == Hukou.guangzhou)
                * ~person("tekun_supported", period))


class severe(Variable):
    value_type, entity, definition_period = bool, Person, MONTH

    def formula(person, period, parameters):
        return person("disabled", period) * (
            (person("disability_grade", period) <= 2) + person("intellectual_or_mental", period))


class disability_living(Variable):
    value_type, entity, definition_period = float, Person, MONTH

    def formula(person, period, parameters):
        living = parameters(period).disability.living_subsidy
        assisted = person.household("dibao_status", period) > 0
        own = person("severe", period) * (person("counted_income", period) < living)
        return person("disability_eligible_common", period) * (assisted + own) * living


class disability_care(Variable):
    value_type, entity, definition_period = float, Person, MONTH

    def formula(person, period, parameters):
        care = parameters(period).disability.care_subsidy
        return person("disability_eligible_common", period) * person("severe", period) * care


class disability_living_subsidy(Variable):
    value_type, entity, definition_period = float, Household, MONTH

    def formula(household, period, parameters):
        return household.sum(household.members("disability_living", period))


class disability_care_subsidy(Variable):
    value_type, entity, definition_period = float, Household, MONTH

    def formula(household, period, parameters):
        return household.sum(household.members("disability_care", period))


OUTPUTS = ("dibao", "tekun", "disability_living_subsidy", "disability_care_subsidy")


class MinzhengTBS(TaxBenefitSystem):
    def __init__(self, standard: float | None = None):
        super().__init__([Person, Household])
        data = PARAMETERS
        if standard is not None:
            import copy

            data = copy.deepcopy(PARAMETERS)
            data["dibao"]["standard"]["values"]["2025-01-01"] = standard
        self.parameters = ParameterNode("", data=data)
        for v in INPUTS + [counted_income, tekun_counted_income, disabled, intellectual_or_mental,
                           financial_assets_ok, tekun_supported, tekun_basic, tekun_care, tekun,
                           counted_members, dibao_income, dibao_status, single_person_route,
                           dibao, disability_eligible_common, severe, disability_living,
                           disability_care, disability_living_subsidy, disability_care_subsidy]:
            self.add_variable(v)
