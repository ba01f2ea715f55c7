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
//! the district's current figure (穗民规字〔2025〕2号 一(三)); care = the standard for the
//! self-care tier (an illustrative share of the minimum wage), or the home-care subsidy already granted if higher; residents of an
//! institution get at least 20 % of the basic standard as pocket money.

use rust_decimal::Decimal;

use super::dibao::AssetTest;
use super::{Member, reason, result};
use crate::care_level::SelfCareLevel;
use crate::context::Context;
use crate::error::Error;
use crate::household::{DisabilityCategory, Household, Person, Supporters};
use crate::money::{Number, round_payable};
use crate::wire::{Eligibility, Input, LineItem, Programme, ProgrammeResult, Reason, Step};

const TK: &str = "MCA-TK-2021";

/// The 特困 result and, per member, whether the member is supported as 特困.
pub struct TekunOutcome {
    /// The programme result.
    pub result: ProgrammeResult,
    /// Per member (in order): supported as 特困.
    pub supported: Vec<bool>,
}

/// No capacity to work (第五条): by age or by disability.
pub fn no_capacity_to_work(person: &Person, age: u32) -> bool {
    let by_disability = person.disability.is_some_and(|d| match d.category {
        DisabilityCategory::Intellectual | DisabilityCategory::Mental => d.grade <= 3,
        DisabilityCategory::Physical => d.grade <= 2,
        DisabilityCategory::Visual => d.grade == 1,
        _ => false,
    });
    !(16..60).contains(&age) || by_disability
}

/// Whether the person is an orphan or de facto unsupported child under 18 who keeps the child
/// allowance (and so is not 特困).
pub fn on_child_allowance(member: &Member<'_>) -> bool {
    let f = &member.person.flags;
    member.age < 18 && (f.orphan || f.de_facto_unsupported_child) && !f.child_chooses_tekun
}

/// The self-care tier: the most severe of the assessment, disability and six-ADL routes;
/// 全自理 when none applies.
pub fn self_care_level(person: &Person) -> SelfCareLevel {
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

enum Verdict {
    Eligible,
    Not(Reason),
    Undetermined(Reason),
}

/// Assesses every member.
pub fn assess(
    ctx: &mut Context<'_>,
    household: &Household,
    members: &[Member<'_>],
) -> Result<TekunOutcome, Error> {
    let standard = ctx.param("dibao.standard")?;

    let s = standard.get();
    let n = Decimal::from(members.len());
    let assets = AssetTest::run(ctx, household, s, n)?;
    let assets_ok = assets.passed;

    let mut supported = Vec::with_capacity(members.len());
    let mut items = Vec::new();
    let mut steps = Vec::new();
    let mut reasons: Vec<Reason> = Vec::new();
    let mut undetermined: Vec<Reason> = Vec::new();
    for m in members {
        let p = m.person;
        let work = no_capacity_to_work(p, m.age);
        let income_ok = m.income.tekun_counted < s;
        let verdict = if on_child_allowance(m) {
            Verdict::Not(reason(
                ctx,
                "child_allowance_chosen",
                format!(
                    "{}领取孤儿/事实无人抚养儿童基本生活补贴，不同时认定为特困人员",
                    p.id
                ),
                format!(
                    "{} receives the orphan / unsupported-child allowance and is not also tekun",
                    p.id
                ),
                "GZ-2025-STD",
                "一(四)",
            ))
        } else if !work {
            Verdict::Not(reason(
                ctx,
                "capacity_to_work",
                format!(
                    "{}（{}岁）不属于无劳动能力（60周岁以上、未满16周岁或符合条件的重度残疾）",
                    p.id, m.age
                ),
                format!(
                    "{} (aged {}) is not without capacity to work (60+, under 16, or a qualifying severe disability)",
                    p.id, m.age
                ),
                TK,
                "第五条",
            ))
        } else if !income_ok {
            let own = m.income.tekun_counted;
            Verdict::Not(reason(
                ctx,
                "income_not_below_standard",
                format!("{}本人月收入{own}元不低于低保标准{s}元", p.id),
                format!(
                    "{}'s own monthly income {own} 元 is not below the dibao standard {s} 元",
                    p.id
                ),
                TK,
                "第六条",
            ))
        } else if !assets_ok {
            Verdict::Not(assets.reason(ctx, TK, "第六条"))
        } else {
            match p.supporters {
                Supporters::None | Supporters::Unable => Verdict::Eligible,
                Supporters::Able => Verdict::Not(reason(
                    ctx,
                    "able_supporter",
                    format!("{}有具备履行能力的法定赡养、抚养、扶养义务人", p.id),
                    format!(
                        "{} has a person with a legal duty of support who is able to support",
                        p.id
                    ),
                    TK,
                    "第七条",
                )),
                Supporters::Unknown => Verdict::Undetermined(reason(
                    ctx,
                    "supporters_unknown",
                    format!(
                        "{}符合无劳动能力和无生活来源条件；请说明是否有具备履行能力的法定义务人（supporters）",
                        p.id
                    ),
                    format!(
                        "{} meets the work and means conditions; say whether anyone with a legal duty of support can support (supporters)",
                        p.id
                    ),
                    TK,
                    "第七条",
                )),
            }
        };
        if ctx.explain {
            steps.push(Step {
                id: "tekun.conditions".into(),
                label_zh: format!("特困三项条件（{}）", p.id),
                label_en: format!("The three tekun conditions ({})", p.id),
                value: Number(m.income.tekun_counted),
                formula_zh: text!(ctx, "无劳动能力：{}；本人月收入{} {} 低保标准{s}，金融资产{}；法定义务人：{:?}", yes_no(work), m.income.tekun_counted, if income_ok { "<" } else { "≥" }, if assets_ok { "未超上限" } else { "超过上限" }, p.supporters),
                formula_en: text!(ctx, "no capacity to work: {work}; own income {} {} standard {s}, assets {}; supporters: {:?}", m.income.tekun_counted, if income_ok { "<" } else { "≥" }, if assets_ok { "within the limit" } else { "above the limit" }, p.supporters),
                inputs: vec![Input { name: "age".into(), value: Number(Decimal::from(m.age)) }],
                parameters: ctx.uses(&[standard, assets.months]),
                passed: match verdict { Verdict::Eligible => Some(true), Verdict::Not(_) => Some(false), Verdict::Undetermined(_) => None },
                citation: Some(ctx.cite(TK, "第四条至第八条")),
            });
        }
        match verdict {
            Verdict::Eligible => {
                items.extend(amounts(ctx, m, &mut steps)?);
                supported.push(true);
            }
            Verdict::Not(r) => {
                reasons.push(r);
                supported.push(false);
            }
            Verdict::Undetermined(r) => {
                undetermined.push(r);
                supported.push(false);
            }
        }
    }
    let result = if !items.is_empty() {
        result(Programme::Tekun, Eligibility::Eligible, None, items, steps)
    } else if let Some(r) = undetermined.into_iter().next() {
        result(
            Programme::Tekun,
            Eligibility::Undetermined,
            Some(r),
            Vec::new(),
            steps,
        )
    } else {
        let why = if reasons.len() == 1 {
            reasons.into_iter().next()
        } else {
            Some(reason(
                ctx,
                "no_member_qualifies",
                "没有成员同时符合特困人员的三项条件（详见各成员的审核步骤）".into(),
                "No member meets all three tekun conditions (see each member's step)".into(),
                TK,
                "第四条",
            ))
        };
        result(
            Programme::Tekun,
            Eligibility::NotEligible,
            why,
            Vec::new(),
            steps,
        )
    };
    Ok(TekunOutcome { result, supported })
}

fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// The basic-living and care line items of an eligible member.
fn amounts(
    ctx: &mut Context<'_>,
    m: &Member<'_>,
    steps: &mut Vec<Step>,
) -> Result<Vec<LineItem>, Error> {
    let p = m.person;
    let standard = ctx.param("dibao.standard")?;
    let multiplier = ctx.param("tekun.basic_multiplier")?;
    let floor = ctx.param("tekun.basic_standard")?;
    let by_rule = multiplier.get() * standard.get();
    let basic = by_rule.max(floor.get());
    let basic_amount = round_payable(basic);
    let tier = self_care_level(p);
    let share_key = match tier {
        SelfCareLevel::FullSelfCare => "tekun.care_share.full_self_care",
        SelfCareLevel::PartialSelfCare => "tekun.care_share.partial_self_care",
        SelfCareLevel::FullCare => "tekun.care_share.full_care",
    };
    let share = ctx.param(share_key)?;
    let wage = ctx.param("guangzhou.minimum_wage")?;
    let care_standard = share.get() * wage.get();
    let granted = p.home_care_subsidy.0;
    let care_amount = round_payable(care_standard.max(granted));
    let id = &p.id;
    let mut items = vec![
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
        },
        LineItem {
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
        },
    ];
    items.retain(|i| i.amount.0 > Decimal::ZERO);
    if p.flags.lives_in_institution {
        let share = ctx.param("tekun.pocket_money_share")?;
        let pocket = share.get() * basic;
        if ctx.explain {
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
