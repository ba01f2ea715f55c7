//! The household as the rule kernels read it: plain `Copy` facts, amounts in whole fen.
//!
//! Both front doors produce these: the explained calculation from a decoded request
//! ([`PersonFacts::of`], [`HouseholdFacts::of`]) and the columnar engine from typed columns
//! ([`crate::columnar`]). The kernels never see a request, a string or an allocation.

use crate::care_level::AbilityLevel;
use crate::date::Date;
use crate::engine::exact::{Fen, fen_of};
use crate::household::{
    Disability, HomeCareType, Hukou, Income, Person, PersonFlags, Relationship, Sex, Supporters,
};
use crate::region::{Area, District};
use crate::wire::CalculationRequest;

/// A member's monthly income in fen by the kinds the rules distinguish
/// (《最低生活保障审核确认办法》第十三条; see [`crate::programmes::income`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IncomeFen {
    /// 工资性收入.
    pub wages: Fen,
    /// 必要的就业成本.
    pub employment_costs: Fen,
    /// 经营净收入 + 财产净收入 + 转移净收入 + 其他收入.
    pub other_counted: Fen,
    /// Pensions, social-insurance benefits and the longevity allowance (counted for dibao, not
    /// for 特困).
    pub pensions: Fen,
    /// 因残因病刚性支出 deducted.
    pub rigid_deduction: Fen,
    /// Kinds the dibao rules exclude.
    pub excluded: Fen,
}

impl IncomeFen {
    /// The fen of a request's income (validated amounts are whole fen).
    pub fn of(income: &Income) -> IncomeFen {
        let f = |m: crate::money::Money| fen_of(m.0).unwrap_or(0);
        IncomeFen {
            wages: f(income.wages),
            employment_costs: f(income.employment_costs),
            other_counted: f(income.business_net)
                + f(income.property_net)
                + f(income.transfer_net)
                + f(income.other),
            pensions: f(income.pension)
                + f(income.social_insurance_benefits)
                + f(income.longevity_allowance),
            rigid_deduction: f(income.rigid_expenditure_deduction),
            excluded: f(income.preferential_pension)
                + f(income.family_planning_award)
                + f(income.scholarship)
                + f(income.heroism_award)
                + f(income.social_assistance)
                + f(income.basic_pension_central)
                + f(income.disability_subsidies),
        }
    }
}

/// Meals at a 长者饭堂 in the month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MealFacts {
    /// Meals taken.
    pub meals: i64,
    /// Price of one meal, fen.
    pub meal_price: Fen,
    /// Meals delivered.
    pub delivered_meals: i64,
    /// Care level 1–5 (needed when meals are delivered).
    pub care_level: Option<i64>,
}

/// One member's facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonFacts {
    /// Completed years on the calculation date.
    pub age: u32,
    /// Date of birth, when given (benefits paid "from the month of the birthday" read the age at
    /// the end of the calculation month: [`PersonFacts::age_for_month`]).
    pub birth_date: Option<Date>,
    /// 户籍.
    pub hukou: Hukou,
    /// Relationship to the applicant.
    pub relationship: Option<Relationship>,
    /// Sex, when given.
    pub sex: Option<Sex>,
    /// 残疾人证.
    pub disability: Option<Disability>,
    /// GB/T 42195 ability level.
    pub ability_level: Option<AbilityLevel>,
    /// Six-ADL activities not met.
    pub adl_unmet: Option<i64>,
    /// Legal supporters.
    pub supporters: Supporters,
    /// Home-care subsidy already granted, fen/month.
    pub home_care_subsidy: Fen,
    /// 残疾军人证 / 伤残人民警察证 grade.
    pub service_disability_grade: Option<i64>,
    /// Elderly care subsidy already received, fen/month.
    pub elderly_care_subsidy: Fen,
    /// Approval date of the disability subsidies.
    pub disability_subsidy_approved: Option<Date>,
    /// 居家社区养老服务资助, first category.
    pub home_care_type1: bool,
    /// 居家社区养老服务资助, second category.
    pub home_care_type2: bool,
    /// Meals at a 长者饭堂.
    pub meal_aid: Option<MealFacts>,
    /// Income by kind.
    pub income: IncomeFen,
    /// Circumstances.
    pub flags: PersonFlags,
}

impl PersonFacts {
    /// Facts of a decoded, validated person aged `age`.
    pub fn of(person: &Person, age: u32) -> PersonFacts {
        let f = |m: crate::money::Money| fen_of(m.0).unwrap_or(0);
        PersonFacts {
            age,
            birth_date: person.birth_date,
            hukou: person.hukou,
            relationship: person.relationship,
            sex: person.sex,
            disability: person.disability,
            ability_level: person.ability_level,
            adl_unmet: person.adl_unmet,
            supporters: person.supporters,
            home_care_subsidy: f(person.home_care_subsidy),
            service_disability_grade: person.service_disability_grade,
            elderly_care_subsidy: f(person.elderly_care_subsidy),
            disability_subsidy_approved: person.disability_subsidy_approved,
            home_care_type1: person.home_care_funding.contains(&HomeCareType::Type1),
            home_care_type2: person.home_care_funding.contains(&HomeCareType::Type2),
            meal_aid: person.meal_aid.as_ref().map(|m| MealFacts {
                meals: m.meals,
                meal_price: f(m.meal_price),
                delivered_meals: m.delivered_meals,
                care_level: m.care_level,
            }),
            income: IncomeFen::of(&person.income),
            flags: person.flags,
        }
    }

    /// A person with nothing but an age and a hukou (the defaults of every other field).
    pub fn new(age: u32, hukou: Hukou) -> PersonFacts {
        PersonFacts {
            age,
            birth_date: None,
            hukou,
            relationship: None,
            sex: None,
            disability: None,
            ability_level: None,
            adl_unmet: None,
            supporters: Supporters::default(),
            home_care_subsidy: 0,
            service_disability_grade: None,
            elderly_care_subsidy: 0,
            disability_subsidy_approved: None,
            home_care_type1: false,
            home_care_type2: false,
            meal_aid: None,
            income: IncomeFen::default(),
            flags: PersonFlags::default(),
        }
    }

    /// Age in completed years at the end of the month of `date`: benefits that start "from the
    /// month of the birthday" use it. Without a birth date, the age given.
    pub fn age_for_month(&self, date: Date) -> u32 {
        self.birth_date
            .and_then(|b| b.age_on(date.end_of_month()))
            .unwrap_or(self.age)
    }
}

/// Household assets in fen (《最低生活保障审核确认办法》第十四条).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AssetFacts {
    /// Financial assets: deposits, securities, funds, commercial insurance, receivables, online.
    pub financial: Fen,
    /// Vehicles.
    pub vehicles: Fen,
    /// Residential units owned beyond one.
    pub extra_dwellings: i64,
    /// Non-residential properties (shops, garages, parking spaces).
    pub non_residential: i64,
    /// A business registration.
    pub business_registration: bool,
    /// The vehicle is one small commercial vehicle, the household's only means of living.
    pub livelihood_vehicle: bool,
}

/// Rigid spending over 12 months, fen (《刚性支出困难家庭认定办法》).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RigidFacts {
    /// Total over the four kinds.
    pub total: Fen,
}

/// Request-level inputs shared by every household of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Common {
    /// 低保补发: the previous standard (fen) and the months.
    pub back_pay: Option<(Fen, i64)>,
    /// 价格临时补贴: CPI and food-CPI year-on-year rises, in percent (exact).
    pub price_indices: Option<(crate::engine::exact::Exact, crate::engine::exact::Exact)>,
}

impl Common {
    /// The request-level inputs of a request.
    pub fn of(request: &CalculationRequest) -> Common {
        use crate::engine::exact::Exact;
        Common {
            back_pay: request
                .back_pay
                .as_ref()
                .map(|b| (fen_of(b.previous_standard.0).unwrap_or(0), b.months)),
            price_indices: request.price_indices.as_ref().map(|p| {
                (
                    Exact::from_decimal(p.cpi_yoy_percent.0).unwrap_or(Exact::int(0)),
                    Exact::from_decimal(p.food_cpi_yoy_percent.0).unwrap_or(Exact::int(0)),
                )
            }),
        }
    }
}

/// One household: where it is, its assets and its members.
#[derive(Clone, Copy, Debug)]
pub struct HouseholdFacts<'m> {
    /// District.
    pub district: District,
    /// Area.
    pub area: Area,
    /// Assets.
    pub assets: AssetFacts,
    /// Rigid spending, when given.
    pub rigid_expenditure: Option<RigidFacts>,
    /// Members, in order.
    pub members: &'m [PersonFacts],
    /// Request-level inputs.
    pub common: Common,
}

impl<'m> HouseholdFacts<'m> {
    /// The facts of a decoded request whose members' facts are `members`.
    pub fn of(request: &CalculationRequest, members: &'m [PersonFacts]) -> HouseholdFacts<'m> {
        let h = &request.household;
        let f = |m: crate::money::Money| fen_of(m.0).unwrap_or(0);
        HouseholdFacts {
            district: h.district,
            area: h.area,
            assets: AssetFacts {
                financial: fen_of(h.assets.financial()).unwrap_or(0),
                vehicles: f(h.assets.vehicles),
                extra_dwellings: h.assets.extra_dwellings,
                non_residential: h.assets.non_residential_properties,
                business_registration: h.assets.business_registration,
                livelihood_vehicle: h.assets.livelihood_vehicle,
            },
            rigid_expenditure: h.rigid_expenditure.as_ref().map(|r| RigidFacts {
                total: fen_of(r.total()).unwrap_or(0),
            }),
            members,
            common: Common::of(request),
        }
    }
}
