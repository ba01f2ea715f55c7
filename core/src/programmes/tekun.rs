//! 特困人员救助供养 (support for extremely poor persons).
//!
//! Eligibility (《特困人员认定办法》第四–八条), all three together, person by person:
//! 1. no capacity to work: aged 60 or over, under 16, or a grade 1–3 intellectual or mental,
//!    grade 1–2 physical or grade 1 visual disability;
//! 2. no means of living: own income below the dibao standard (basic pensions, social insurance,
//!    优待抚恤金 and 高龄津贴 not counted) and assets within the limit;
//! 3. no one with a legal duty of support able to support.
//!
//! A child on the orphan / unsupported-child allowance is not also 特困 (穗民规字〔2025〕2号
//! 一(四)). Amounts (穗府办规〔2021〕7号 三): basic living = 1.6 × the dibao standard, not below
//! the district's current figure (穗民规字〔2025〕2号 一(三)); before the 1.6 rule (2020) the
//! published figure alone. Care = the standard for the self-care tier, 2 % / 30 % / 60 % of the
//! city minimum wage for 全自理 / 半护理 / 全护理 (reported: the city's service guide, under
//! 粤民规字〔2018〕4号), or the home-care subsidy already granted if higher; on a date for which the
//! minimum wage (or the share) is not encoded, the care standard is undetermined: the basic
//! standard is paid and the result says so. Residents of an institution get at least 20 % of the
//! basic standard as pocket money.
#![doc(alias("特困", "特困人员", "特困人员救助供养", "特困供养"))]

use crate::engine::reasons::ReasonCode;
use crate::warnings::WarningCode;
use rust_decimal::Decimal;

use super::dibao::{AssetCheck, AssetTest, asset_check};
use super::{Member, reason};
use crate::care_level::SelfCareLevel;
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money, yuan};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::Error;
use crate::household::{DisabilityCategory, Supporters};
use crate::money::Number;
use crate::wire::{Eligibility, Input, LineItem, Programme, ProgrammeResult, Reason, Step};

const TK: &str = "MCA-TK-2021";

/// Reason: the child keeps the orphan / unsupported-child allowance.
pub const CHILD_ALLOWANCE_CHOSEN: ReasonCode = ReasonCode::ChildAllowanceChosen;
/// Reason: not without capacity to work (第五条).
pub const CAPACITY_TO_WORK: ReasonCode = ReasonCode::CapacityToWork;
/// Reason: own income not below the dibao standard (第六条).
pub const INCOME_NOT_BELOW_STANDARD: ReasonCode = ReasonCode::IncomeNotBelowStandard;
/// Reason: household financial assets above the limit (第六条).
pub const ASSETS_ABOVE_LIMIT: ReasonCode = ReasonCode::AssetsAboveLimit;
/// Reason: someone with a legal duty of support is able to support (第七条).
pub const ABLE_SUPPORTER: ReasonCode = ReasonCode::AbleSupporter;
/// Reason: whether anyone can support is not given (第七条).
pub const SUPPORTERS_UNKNOWN: ReasonCode = ReasonCode::SupportersUnknown;
/// Reason: no member meets the three conditions (or more than one fails them).
pub const NO_MEMBER_QUALIFIES: ReasonCode = ReasonCode::NoMemberQualifies;

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// No capacity to work (第五条): by age or by disability.
pub fn no_capacity_to_work(person: &PersonFacts) -> bool {
    let by_disability = person.disability.is_some_and(|d| match d.category {
        DisabilityCategory::Intellectual | DisabilityCategory::Mental => d.grade <= 3,
        DisabilityCategory::Physical => d.grade <= 2,
        DisabilityCategory::Visual => d.grade == 1,
        _ => false,
    });
    !(16..60).contains(&person.age) || by_disability
}

/// The self-care tier: the most severe of the assessment, disability and six-ADL routes;
/// 全自理 when none applies.
pub fn self_care_level(person: &PersonFacts) -> SelfCareLevel {
    let by_assessment = person.ability_level.map(|l| l.self_care());
    let by_disability = person
        .disability
        .as_ref()
        .and_then(SelfCareLevel::from_disability);
    let by_adl = person
        .adl_unmet
        .and_then(|n| u8::try_from(n).ok())
        .map(SelfCareLevel::from_adl_unmet);
    [by_assessment, by_disability, by_adl]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(SelfCareLevel::FullSelfCare)
}

/// The care-standard share of the minimum wage for a self-care tier.
pub const fn care_share_key(tier: SelfCareLevel) -> Key {
    match tier {
        SelfCareLevel::FullSelfCare => Key::TekunCareFullSelfCare,
        SelfCareLevel::PartialSelfCare => Key::TekunCarePartialSelfCare,
        SelfCareLevel::FullCare => Key::TekunCareFullCare,
    }
}

/// The verdict on one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonVerdict {
    /// Meets the three conditions: supported as 特困.
    Supported,
    /// Does not meet them (the reason says which).
    NotSupported,
    /// Meets the work and means conditions; whether anyone can support is not given.
    Undetermined,
}

/// The amounts of a supported member (穗府办规〔2021〕7号 三), fen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amounts {
    /// Multiplier × the dibao standard (exact), when the multiplier rule is in force.
    pub by_rule: Option<Exact>,
    /// The basic living standard: max(by rule, the district's figure) (exact).
    pub basic_standard: Exact,
    /// The basic living standard paid, rounded once.
    pub basic: Fen,
    /// The self-care tier.
    pub tier: SelfCareLevel,
    /// The care standard of the tier: share × the minimum wage (exact); `None` when the share
    /// or the minimum wage is not in force on the date (the care standard is undetermined).
    pub care_standard: Option<Exact>,
    /// The care standard paid: max(care standard, home-care subsidy already granted), rounded
    /// once; 0 when the care standard is undetermined.
    pub care: Fen,
    /// Pocket money for a resident of an institution: share × the basic standard (exact; part
    /// of the basic standard, not paid on top).
    pub pocket: Option<Exact>,
}

/// The determination for one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonOutcome {
    /// Supported, not supported or undetermined.
    pub verdict: PersonVerdict,
    /// The reason code when not supported or undetermined.
    pub reason: Option<ReasonCode>,
    /// Condition 1: no capacity to work.
    pub no_capacity_to_work: bool,
    /// Own monthly income as the 特困 rules count it, fen.
    pub own_income: Fen,
    /// Condition 2 (income part): own income below the dibao standard.
    pub income_below_standard: bool,
    /// The amounts, when supported.
    pub amounts: Option<Amounts>,
}

impl PersonOutcome {
    /// Basic living standard paid, fen (0 when not supported).
    pub fn basic(&self) -> Fen {
        self.amounts.map_or(0, |a| a.basic)
    }

    /// Care standard paid, fen (0 when not supported).
    pub fn care(&self) -> Fen {
        self.amounts.map_or(0, |a| a.care)
    }

    /// Pocket money, fen (exact), for a supported resident of an institution.
    pub fn pocket(&self) -> Option<Exact> {
        self.amounts.and_then(|a| a.pocket)
    }
}

/// The amounts of a member supported as 特困.
pub fn amounts(rates: &Rates<'_>, person: &PersonFacts) -> Result<Amounts, Missing> {
    let standard = rates.get(Key::DibaoStandard)?;
    let floor = rates.get(Key::TekunBasicStandard)?;
    // The 1.6 rule (穗府办规〔2021〕7号) from 2021; before it, the published figure alone.
    let by_rule = rates
        .try_get(Key::TekunBasicMultiplier)
        .map(|multiplier| multiplier.mul(standard));
    let basic_standard = match by_rule {
        Some(r) if !r.lt(floor) => r,
        _ => floor,
    };
    let tier = self_care_level(person);
    let care_standard = match (
        rates.try_get(care_share_key(tier)),
        rates.try_get(Key::MinimumWage),
    ) {
        (Some(share), Some(wage)) => Some(share.mul(wage)),
        _ => None,
    };
    let granted = Exact::int(person.home_care_subsidy);
    let care = match care_standard {
        Some(c) if c.lt(granted) => granted,
        Some(c) => c,
        None => Exact::int(0),
    };
    let pocket = if person.flags.lives_in_institution {
        Some(rates.get(Key::TekunPocketMoney)?.mul(basic_standard))
    } else {
        None
    };
    Ok(Amounts {
        by_rule,
        basic_standard,
        basic: basic_standard.round(),
        tier,
        care_standard,
        care: care.round(),
        pocket,
    })
}

/// The three conditions for one member (第四–八条), in the order they are tested, and the
/// amounts when all three are met. `assets` is the household's asset test; `state` says whether
/// the member keeps the child allowance (decided before, by [`super::orphan::decide`]).
#[inline]
pub fn person(
    rates: &Rates<'_>,
    assets: &AssetCheck,
    person: &PersonFacts,
    state: &MemberState,
) -> Result<PersonOutcome, Missing> {
    let standard = rates.get(Key::DibaoStandard)?;
    let work = no_capacity_to_work(person);
    let own_income = super::income::counted_fen(&person.income).tekun_counted;
    let income_ok = Exact::int(own_income).lt(standard);
    let (verdict, reason) = if state.child_allowance {
        (PersonVerdict::NotSupported, Some(CHILD_ALLOWANCE_CHOSEN))
    } else if !work {
        (PersonVerdict::NotSupported, Some(CAPACITY_TO_WORK))
    } else if !income_ok {
        (PersonVerdict::NotSupported, Some(INCOME_NOT_BELOW_STANDARD))
    } else if !assets.passed {
        (PersonVerdict::NotSupported, Some(ASSETS_ABOVE_LIMIT))
    } else {
        match person.supporters {
            Supporters::None | Supporters::Unable => (PersonVerdict::Supported, None),
            Supporters::Able => (PersonVerdict::NotSupported, Some(ABLE_SUPPORTER)),
            Supporters::Unknown => (PersonVerdict::Undetermined, Some(SUPPORTERS_UNKNOWN)),
        }
    };
    let amounts = match verdict {
        PersonVerdict::Supported => Some(amounts(rates, person)?),
        _ => None,
    };
    Ok(PersonOutcome {
        verdict,
        reason,
        no_capacity_to_work: work,
        own_income,
        income_below_standard: income_ok,
        amounts,
    })
}

/// The 特困 determination for a household.
///
/// The default is the record of a household whose programme was not assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Decision {
    /// 特困人员救助供养.
    pub verdict: Verdict,
    /// The asset test, over every member.
    pub assets: AssetCheck,
    /// Members supported.
    pub supported: usize,
    /// Members not supported.
    pub refused: usize,
    /// Members undetermined.
    pub undetermined: usize,
    /// Basic living standards paid, fen.
    pub basic: Fen,
    /// Care standards paid, fen.
    pub care: Fen,
}

/// Decides 特困 for every member; marks the members supported.
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &mut [MemberState],
) -> Result<Decision, Missing> {
    let standard = rates.get(Key::DibaoStandard)?;
    let members = i64::try_from(household.members.len()).unwrap_or(i64::MAX);
    let assets = asset_check(rates, household, standard, members)?;
    let mut d = Decision {
        verdict: Verdict::not(NO_MEMBER_QUALIFIES),
        assets,
        supported: 0,
        refused: 0,
        undetermined: 0,
        basic: 0,
        care: 0,
    };
    let mut paid = false;
    let mut first_refusal = None;
    for (p, st) in household.members.iter().zip(state.iter_mut()) {
        let o = person(rates, &assets, p, st)?;
        match o.verdict {
            PersonVerdict::Supported => {
                st.tekun_supported = true;
                d.supported += 1;
                d.basic = d.basic.saturating_add(o.basic());
                d.care = d.care.saturating_add(o.care());
                paid |= o.basic() > 0 || o.care() > 0;
            }
            PersonVerdict::NotSupported => {
                d.refused += 1;
                first_refusal = first_refusal.or(o.reason);
            }
            PersonVerdict::Undetermined => d.undetermined += 1,
        }
    }
    d.verdict = if paid {
        Verdict::paid(d.basic.saturating_add(d.care), None)
    } else if d.undetermined > 0 {
        Verdict::of(Eligibility::Undetermined, Some(SUPPORTERS_UNKNOWN))
    } else {
        match (d.refused, first_refusal) {
            (1, Some(code)) => Verdict::not(code),
            _ => Verdict::not(NO_MEMBER_QUALIFIES),
        }
    };
    Ok(d)
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// The 特困 result and, per member, whether the member is supported as 特困.
pub struct TekunOutcome {
    /// The programme result.
    pub result: ProgrammeResult,
    /// Per member (in order): supported as 特困.
    pub supported: Vec<bool>,
}

/// Explains the 特困 determination `d` for `members` (`state` as the kernels left it).
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    d: &Decision,
    state: &[MemberState],
) -> Result<TekunOutcome, Error> {
    let standard = super::used(ctx, rates, Key::DibaoStandard)?;
    let s = standard.get();
    let assets = AssetTest::render(ctx, rates, &d.assets)?;
    let assets_ok = assets.passed;

    let mut supported = Vec::with_capacity(members.len());
    let mut items = Vec::new();
    let mut steps = Vec::new();
    let mut first_refusal: Option<Reason> = None;
    let mut first_undetermined: Option<Reason> = None;
    for (m, st) in members.iter().zip(state) {
        let o = person(rates, &d.assets, m.facts, st).map_err(|k| rates.error(k))?;
        let p = m.person;
        let own = yuan(o.own_income);
        let work = o.no_capacity_to_work;
        let income_ok = o.income_below_standard;
        let pending = match o.verdict {
            PersonVerdict::Supported => false,
            PersonVerdict::NotSupported => first_refusal.is_none(),
            PersonVerdict::Undetermined => first_undetermined.is_none(),
        };
        let why = if pending {
            o.reason
                .map(|code| person_reason(ctx, m, code, own, s, &assets))
        } else {
            None
        };
        if ctx.explain {
            steps.push(Step {
                id: "tekun.conditions".into(),
                label_zh: format!("特困三项条件（{}）", p.id),
                label_en: format!("The three tekun conditions ({})", p.id),
                value: Number(own),
                formula_zh: text!(ctx, "无劳动能力：{}；本人月收入{own} {} 低保标准{s}，金融资产{}；法定义务人：{:?}", yes_no(work), if income_ok { "<" } else { "≥" }, if assets_ok { "未超上限" } else { "超过上限" }, m.facts.supporters),
                formula_en: text!(ctx, "no capacity to work: {work}; own income {own} {} standard {s}, assets {}; supporters: {:?}", if income_ok { "<" } else { "≥" }, if assets_ok { "within the limit" } else { "above the limit" }, m.facts.supporters),
                inputs: vec![Input { name: "age".into(), value: Number(Decimal::from(m.facts.age)) }],
                parameters: ctx.uses(&[standard, assets.months]),
                passed: match o.verdict {
                    PersonVerdict::Supported => Some(true),
                    PersonVerdict::NotSupported => Some(false),
                    PersonVerdict::Undetermined => None,
                },
                citation: Some(ctx.cite(TK, "第四条至第八条")),
            });
        }
        match (o.verdict, o.amounts) {
            (PersonVerdict::Supported, Some(a)) => {
                items.extend(render_amounts(ctx, rates, m, &a, &mut steps)?);
            }
            (PersonVerdict::Undetermined, _) => {
                first_undetermined = first_undetermined.or(why);
            }
            _ => first_refusal = first_refusal.or(why),
        }
        supported.push(st.tekun_supported);
    }
    let why = match d.verdict.status {
        Eligibility::Eligible => None,
        Eligibility::Undetermined => first_undetermined,
        _ if d.refused == 1 => first_refusal,
        _ => Some(reason(
            ctx,
            NO_MEMBER_QUALIFIES,
            "没有成员同时符合特困人员的三项条件（详见各成员的审核步骤）".into(),
            "No member meets all three tekun conditions (see each member's step)".into(),
            TK,
            "第四条",
        )),
    };
    let result = super::render(Programme::Tekun, d.verdict, why, items, steps);
    Ok(TekunOutcome { result, supported })
}

/// The reason `code` for member `m`, with its text and citation.
fn person_reason(
    ctx: &Context<'_>,
    m: &Member<'_>,
    code: ReasonCode,
    own: Decimal,
    s: Decimal,
    assets: &AssetTest<'_>,
) -> Reason {
    let id = &m.person.id;
    let age = m.facts.age;
    match code {
        CHILD_ALLOWANCE_CHOSEN => reason(
            ctx,
            code,
            format!("{id}领取孤儿/事实无人抚养儿童基本生活补贴，不同时认定为特困人员"),
            format!("{id} receives the orphan / unsupported-child allowance and is not also tekun"),
            "GZ-2025-STD",
            "一(四)",
        ),
        CAPACITY_TO_WORK => reason(
            ctx,
            code,
            format!(
                "{id}（{age}岁）不属于无劳动能力（60周岁以上、未满16周岁或符合条件的重度残疾）"
            ),
            format!(
                "{id} (aged {age}) is not without capacity to work (60+, under 16, or a qualifying severe disability)"
            ),
            TK,
            "第五条",
        ),
        INCOME_NOT_BELOW_STANDARD => reason(
            ctx,
            code,
            format!("{id}本人月收入{own}元不低于低保标准{s}元"),
            format!("{id}'s own monthly income {own} 元 is not below the dibao standard {s} 元"),
            TK,
            "第六条",
        ),
        ASSETS_ABOVE_LIMIT => assets.reason(ctx, TK, "第六条"),
        ABLE_SUPPORTER => reason(
            ctx,
            code,
            format!("{id}有具备履行能力的法定赡养、抚养、扶养义务人"),
            format!("{id} has a person with a legal duty of support who is able to support"),
            TK,
            "第七条",
        ),
        _ => reason(
            ctx,
            code,
            format!(
                "{id}符合无劳动能力和无生活来源条件；请说明是否有具备履行能力的法定义务人（supporters）"
            ),
            format!(
                "{id} meets the work and means conditions; say whether anyone with a legal duty of support can support (supporters)"
            ),
            TK,
            "第七条",
        ),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// The basic-living and care line items of a supported member (and the pocket-money step of a
/// resident of an institution), recording the parameters the amounts used.
fn render_amounts<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    m: &Member<'_>,
    a: &Amounts,
    steps: &mut Vec<Step>,
) -> Result<Vec<LineItem>, Error> {
    let standard = super::used(ctx, rates, Key::DibaoStandard)?;
    let floor = super::used(ctx, rates, Key::TekunBasicStandard)?;
    let tier = a.tier;
    let basic_amount = money(a.basic);
    let granted = yuan(m.facts.home_care_subsidy);
    let care_amount = money(a.care);
    let id = &m.person.id;
    let basic = match a.by_rule {
        Some(by_rule) => {
            let multiplier = super::used(ctx, rates, Key::TekunBasicMultiplier)?;
            let by_rule = by_rule.fen_to_yuan();
            LineItem {
                id: "tekun.basic".into(),
                person_id: Some(id.clone()),
                label_zh: format!("基本生活标准（{id}）"),
                label_en: format!("Basic living standard ({id})"),
                amount: basic_amount,
                formula_zh: text!(
                    ctx,
                    "max({} × 低保标准{} = {by_rule}, 本区现行标准{}) = {basic_amount}元",
                    multiplier.get(),
                    standard.get(),
                    floor.get()
                ),
                formula_en: text!(
                    ctx,
                    "max({} × dibao standard {} = {by_rule}, the district's current figure {}) = {basic_amount} 元",
                    multiplier.get(),
                    standard.get(),
                    floor.get()
                ),
                parameters: ctx.uses(&[multiplier, standard, floor]),
            }
        }
        None => LineItem {
            id: "tekun.basic".into(),
            person_id: Some(id.clone()),
            label_zh: format!("基本生活标准（{id}）"),
            label_en: format!("Basic living standard ({id})"),
            amount: basic_amount,
            formula_zh: text!(
                ctx,
                "本区公布的基本生活标准{} = {basic_amount}元（1.6倍规则自2021年起施行）",
                floor.get()
            ),
            formula_en: text!(
                ctx,
                "the district's published basic living standard {} = {basic_amount} 元 (the 1.6 × rule applies from 2021)",
                floor.get()
            ),
            parameters: ctx.uses(&[floor]),
        },
    };
    let mut items = vec![basic];
    match a.care_standard {
        Some(care_standard) => {
            let share = super::used(ctx, rates, care_share_key(tier))?;
            let wage = super::used(ctx, rates, Key::MinimumWage)?;
            let care_standard = care_standard.fen_to_yuan();
            items.push(LineItem {
                id: "tekun.care".into(),
                person_id: Some(id.clone()),
                label_zh: format!("照料护理标准（{id}，{}）", tier.name_zh()),
                label_en: format!("Care standard ({id}, {tier:?})"),
                amount: care_amount,
                formula_zh: text!(
                    ctx,
                    "max({}照料护理标准 {} × 最低工资{} = {care_standard}元, 已享受的居家养老服务补贴{granted}元) = {care_amount}元",
                    tier.name_zh(),
                    share.get(),
                    wage.get()
                ),
                formula_en: text!(
                    ctx,
                    "max(care standard for {tier:?} {} × minimum wage {} = {care_standard} 元, home-care subsidy already granted {granted} 元) = {care_amount} 元",
                    share.get(),
                    wage.get()
                ),
                parameters: ctx.uses(&[share, wage]),
            });
        }
        None => {
            let missing = [care_share_key(tier), Key::MinimumWage]
                .into_iter()
                .find(|k| rates.try_get(*k).is_none())
                .unwrap_or(Key::MinimumWage);
            let e = rates.error(missing);
            ctx.warn(
                WarningCode::CareStandardUndetermined,
                Some(missing.name()),
                &format!(
                    "{id}的照料护理标准（{}，最低工资的比例）无法确定：本计算日期的{}未收录；只计基本生活标准",
                    tier.name_zh(),
                    missing.name()
                ),
                &format!(
                    "The care standard of {id} ({tier:?}, a share of the minimum wage) cannot be determined: {} is not encoded for this date; only the basic living standard is counted. {}",
                    missing.name(),
                    e.message
                ),
            );
            if ctx.explain {
                steps.push(Step {
                    id: "tekun.care_undetermined".into(),
                    label_zh: format!("照料护理标准（{id}，{}）：未确定", tier.name_zh()),
                    label_en: format!("Care standard ({id}, {tier:?}): undetermined"),
                    value: Number(Decimal::ZERO),
                    formula_zh: format!("{}在本计算日期未收录", missing.name()),
                    formula_en: format!("{} is not encoded for this date", missing.name()),
                    inputs: Vec::new(),
                    parameters: Vec::new(),
                    passed: None,
                    citation: Some(ctx.cite("GZ-TK-2021", "三")),
                });
            }
        }
    }
    items.retain(|i| i.amount.0 > Decimal::ZERO);
    if let Some(pocket) = a.pocket {
        let share = super::used(ctx, rates, Key::TekunPocketMoney)?;
        if ctx.explain {
            let pocket = pocket.fen_to_yuan();
            let basic = a.basic_standard.fen_to_yuan();
            steps.push(Step {
                id: "tekun.pocket_money".into(),
                label_zh: format!("集中供养零用钱（{id}，含在基本生活标准内）"),
                label_en: format!(
                    "Pocket money in an institution ({id}, part of the basic standard)"
                ),
                value: Number(pocket),
                formula_zh: text!(
                    ctx,
                    "不低于 {} × 基本生活标准{basic} = {pocket}元，直接发给本人",
                    share.get()
                ),
                formula_en: text!(
                    ctx,
                    "at least {} × basic standard {basic} = {pocket} 元, paid to the resident",
                    share.get()
                ),
                inputs: Vec::new(),
                parameters: ctx.uses(&[share]),
                passed: None,
                citation: Some(ctx.cite("GZ-TK-2021", "三")),
            });
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::date::Date;
    use crate::household::{Disability, Hukou};
    use crate::params::ParameterStore;
    use crate::region::{Area, District};

    fn rates(district: District, area: Area) -> Rates<'static> {
        let store = ParameterStore::embedded().unwrap();
        Rates::resolve(store, Date::new(2025, 6, 1).unwrap(), district, area)
    }

    fn household<'m>(members: &'m [PersonFacts], financial: Fen) -> HouseholdFacts<'m> {
        let mut hh = HouseholdFacts {
            district: District::Huangpu,
            area: Area::Rural,
            assets: Default::default(),
            rigid_expenditure: None,
            members,
            common: Default::default(),
        };
        hh.assets.financial = financial;
        hh
    }

    fn elder(supporters: Supporters) -> PersonFacts {
        let mut p = PersonFacts::new(72, Hukou::Guangzhou);
        p.supporters = supporters;
        p
    }

    #[test]
    fn basic_standard_is_the_higher_of_the_rule_and_the_district_figure() {
        // Urban 天河: 1.6 × 1309 元 = 2094.40 元 = the district figure; 全自理 care 0.02 × 2500
        // = 50 元.
        let r = rates(District::Tianhe, Area::Urban);
        let a = amounts(&r, &elder(Supporters::None)).unwrap();
        assert_eq!(a.by_rule, Some(Exact::int(209_440)));
        assert_eq!(a.basic, 209_440);
        assert_eq!(a.care, 5_000);
        assert_eq!(a.pocket, None);
        // Rural 黄埔: the district figure 2413 元 is above 1.6 × 1309 元.
        let r = rates(District::Huangpu, Area::Rural);
        let mut p = elder(Supporters::None);
        p.flags.lives_in_institution = true;
        // A grade 2 intellectual disability: 全护理, 0.60 × 2500 = 1500 元.
        p.disability = Some(Disability {
            category: DisabilityCategory::Intellectual,
            grade: 2,
        });
        let a = amounts(&r, &p).unwrap();
        assert_eq!(a.basic, 241_300);
        assert_eq!(a.tier, SelfCareLevel::FullCare);
        assert_eq!(a.care, 150_000);
        // Pocket money 0.2 × 2413 元 = 482.60 元 (part of the basic standard).
        assert_eq!(a.pocket.map(Exact::round), Some(48_260));
        // A home-care subsidy already granted above the care standard is kept.
        p.home_care_subsidy = 150_050;
        assert_eq!(amounts(&r, &p).unwrap().care, 150_050);
    }

    #[test]
    fn published_figures_before_2025_and_the_care_standard_undetermined() {
        let store = ParameterStore::embedded().unwrap();
        let at = |y, m, d, district, area| {
            Rates::resolve(store, Date::new(y, m, d).unwrap(), district, area)
        };
        // 2020: no 1.6 rule yet; the published 1728 for urban 特困 and for rural 从化.
        let r = at(2020, 6, 1, District::Tianhe, Area::Urban);
        let a = amounts(&r, &elder(Supporters::None)).unwrap();
        assert_eq!((a.by_rule, a.basic), (None, 172_800));
        // No minimum wage is encoded before 2025: the care standard is undetermined, 0 paid.
        assert_eq!((a.care_standard, a.care), (None, 0));
        let r = at(2020, 6, 1, District::Conghua, Area::Rural);
        assert_eq!(
            amounts(&r, &elder(Supporters::None)).unwrap().basic,
            172_800
        );
        // Rural 白云 in 2020 kept a higher figure that was not found: not in force.
        let r = at(2020, 6, 1, District::Baiyun, Area::Rural);
        assert_eq!(
            amounts(&r, &elder(Supporters::None)),
            Err(Key::TekunBasicStandard)
        );
        // 2024: the published 2052, not 1.6 × 1282 = 2051.2; rural 番禺 2512.
        let r = at(2024, 9, 1, District::Haizhu, Area::Urban);
        let a = amounts(&r, &elder(Supporters::None)).unwrap();
        assert_eq!((a.by_rule, a.basic), (Some(Exact::int(205_120)), 205_200));
        let r = at(2024, 9, 1, District::Panyu, Area::Rural);
        assert_eq!(
            amounts(&r, &elder(Supporters::None)).unwrap().basic,
            251_200
        );
        // 2022: 白云's rural 特困 is in the uniform group.
        let r = at(2022, 9, 1, District::Baiyun, Area::Rural);
        assert_eq!(
            amounts(&r, &elder(Supporters::None)).unwrap().basic,
            191_400
        );
    }

    #[test]
    fn three_conditions_per_member_and_the_household_verdict() {
        let r = rates(District::Huangpu, Area::Rural);
        let mut worker = PersonFacts::new(40, Hukou::Guangzhou);
        worker.supporters = Supporters::None;
        let mut rich = elder(Supporters::None);
        rich.income.wages = 130_900; // not below the standard
        let members = [
            elder(Supporters::None),
            worker,
            rich,
            elder(Supporters::Unknown),
        ];
        let mut state = [MemberState::default(); 4];
        let d = decide(&r, &household(&members, 0), &mut state).unwrap();
        assert_eq!(d.verdict, Verdict::paid(241_300 + 5_000, None));
        assert_eq!((d.supported, d.refused, d.undetermined), (1, 2, 1));
        let supported: Vec<bool> = state.iter().map(|s| s.tekun_supported).collect();
        assert_eq!(supported, [true, false, false, false]);
        let reasons: Vec<Option<ReasonCode>> = members
            .iter()
            .zip(&state)
            .map(|(p, st)| person(&r, &d.assets, p, st).unwrap().reason)
            .collect();
        assert_eq!(
            reasons,
            [
                None,
                Some(CAPACITY_TO_WORK),
                Some(INCOME_NOT_BELOW_STANDARD),
                Some(SUPPORTERS_UNKNOWN)
            ]
        );

        // Without the supported member: undetermined.
        let rest = [worker, rich, elder(Supporters::Unknown)];
        let mut state = [MemberState::default(); 3];
        let d = decide(&r, &household(&rest, 0), &mut state).unwrap();
        assert_eq!(d.verdict.status, Eligibility::Undetermined);
        assert_eq!(d.verdict.reason, Some(SUPPORTERS_UNKNOWN));

        // One member refused: that member's reason; assets above 24 × 1309 × 1 元 (illustrative
        // limit months) fail the means test.
        let one = [elder(Supporters::None)];
        let mut state = [MemberState::default(); 1];
        let d = decide(&r, &household(&one, 100_000_000), &mut state).unwrap();
        assert!(!d.assets.passed);
        assert_eq!(d.verdict, Verdict::not(ASSETS_ABOVE_LIMIT));

        // A child on the child allowance (marked by the orphan kernel) is not also 特困.
        let mut child = PersonFacts::new(8, Hukou::Guangzhou);
        child.flags.orphan = true;
        child.supporters = Supporters::None;
        let kids = [child, worker];
        let mut state = [MemberState::default(); 2];
        let hh = household(&kids, 0);
        super::super::orphan::decide(&r, &hh, &mut state).unwrap();
        let d = decide(&r, &hh, &mut state).unwrap();
        assert_eq!(d.verdict, Verdict::not(NO_MEMBER_QUALIFIES));
        assert_eq!(
            person(&r, &d.assets, &child, &state[0]).unwrap().reason,
            Some(CHILD_ALLOWANCE_CHOSEN)
        );
        assert!(!state[0].tekun_supported);
    }
}
