//! 残疾人两项补贴: 困难残疾人生活补贴 (living subsidy) and 重度残疾人护理补贴 (care subsidy),
//! 《广州市困难残疾人生活补贴和重度残疾人护理补贴实施办法》; amounts 209 / 280 元 in 2025 and
//! 217 / 290 元 from 2026-01-01 (《广州市残疾人两项补贴2025年发放情况和2026年发放标准》), flat.
//!
//! - Living subsidy: Guangzhou hukou and either a disabled member (any grade) of a dibao or
//!   low-income (低保边缘) household, or a grade 1–2 (or grade 3–4 intellectual or mental) person
//!   whose own average monthly income is below the subsidy.
//! - Care subsidy: Guangzhou hukou and a grade 1–2 certificate, a grade 3–4 intellectual or mental
//!   one, or a 残疾军人证 / 伤残人民警察证 at grade 1–4.
//! - Exclusions: 工伤护理费 or 特困 → neither; a child on the orphan / unsupported-child allowance
//!   → no living subsidy (care allowed); 离休 cadres → no living subsidy; with an elderly care
//!   subsidy only the higher of it and the care subsidy is paid.
//! - Paid from the month after approval. Neither counts as dibao income.

use super::dibao::{DibaoOutcome, HouseholdStatus};
use super::{Member, reason, result};
use crate::context::Context;
use crate::error::Error;
use crate::household::Hukou;
use crate::money::round_payable;
use crate::params::ParamRef;
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult, Reason};

const IMPL: &str = "GZ-CJ-IMPL";

/// Facts from the other programmes the subsidies depend on.
pub struct Related<'r> {
    /// The dibao / marginal outcome over the members not supported as 特困.
    pub dibao: &'r DibaoOutcome,
    /// Per member: supported as 特困.
    pub tekun: &'r [bool],
    /// Ids of the child-allowance recipients.
    pub children: &'r [String],
    /// Ids of the members counted in the dibao household.
    pub counted: &'r [String],
}

fn severe(m: &Member<'_>) -> bool {
    m.person
        .disability
        .is_some_and(|d| d.grade <= 2 || d.is_intellectual_or_mental())
}

fn paid_yet(ctx: &Context<'_>, m: &Member<'_>) -> bool {
    m.person.disability_subsidy_approved.is_none_or(|approved| {
        (ctx.date.year(), ctx.date.month()) > (approved.year(), approved.month())
    })
}

/// Assesses both subsidies for every member: `[living, care]`.
pub fn assess(
    ctx: &mut Context<'_>,
    members: &[Member<'_>],
    facts: &Related<'_>,
) -> Result<[ProgrammeResult; 2], Error> {
    let mut living_items = Vec::new();
    let mut care_items = Vec::new();
    let mut living_reasons: Vec<Reason> = Vec::new();
    let mut care_reasons: Vec<Reason> = Vec::new();
    let low_income_household = matches!(
        facts.dibao.status,
        HouseholdStatus::Dibao | HouseholdStatus::Marginal
    );
    for (i, m) in members.iter().enumerate() {
        let p = m.person;
        let id = &p.id;
        let certified = p.disability.is_some();
        let care_route = severe(m) || p.service_disability_grade.is_some_and(|g| g <= 4);
        if !certified && p.service_disability_grade.is_none() {
            continue;
        }
        // Exclusions common to both.
        let common = if p.hukou != Hukou::Guangzhou {
            Some(reason(
                ctx,
                "no_guangzhou_hukou",
                format!("{id}不是广州市户籍"),
                format!("{id} has no Guangzhou hukou"),
                IMPL,
                "申请条件",
            ))
        } else if p.flags.work_injury_care_allowance {
            Some(reason(
                ctx,
                "work_injury_care",
                format!("{id}领取工伤护理费，不享受两项补贴"),
                format!("{id} receives a work-injury nursing allowance and gets neither subsidy"),
                IMPL,
                "不予发放情形",
            ))
        } else if facts.tekun.get(i).copied().unwrap_or(false) {
            Some(reason(
                ctx,
                "tekun_supported",
                format!("{id}已纳入特困人员救助供养，不享受两项补贴"),
                format!("{id} is supported as tekun and gets neither subsidy"),
                IMPL,
                "不予发放情形",
            ))
        } else if !paid_yet(ctx, m) {
            Some(reason(
                ctx,
                "payment_starts_next_month",
                format!("{id}的补贴自审批次月起发放"),
                format!("{id}'s subsidies are paid from the month after approval"),
                IMPL,
                "发放时间",
            ))
        } else {
            None
        };
        if let Some(r) = common {
            living_reasons.push(r.clone());
            care_reasons.push(r);
            continue;
        }
        // Living subsidy.
        if !certified {
            living_reasons.push(reason(
                ctx,
                "no_disability_certificate",
                format!("{id}没有残疾人证，生活补贴以残疾人证为准"),
                format!("{id} has no disability certificate, which the living subsidy requires"),
                IMPL,
                "生活补贴对象",
            ));
        } else {
            let living = ctx.param("disability.living_subsidy")?;
            let in_assisted_household = low_income_household && facts.counted.contains(id);
            let own_income_route = severe(m) && m.income.counted < living.get();
            let excluded = if facts.children.contains(id) {
                Some(reason(
                    ctx,
                    "child_allowance",
                    format!(
                        "{id}领取孤儿/事实无人抚养儿童基本生活补贴，不享受生活补贴（护理补贴不受影响）"
                    ),
                    format!(
                        "{id} receives the child allowance: no living subsidy (the care subsidy is not affected)"
                    ),
                    IMPL,
                    "不予发放情形",
                ))
            } else if p.flags.retired_cadre_lixiu {
                Some(reason(
                    ctx,
                    "retired_cadre",
                    format!("{id}为离休干部，不享受生活补贴"),
                    format!("{id} is a retired (离休) cadre: no living subsidy"),
                    IMPL,
                    "不予发放情形",
                ))
            } else if !in_assisted_household && !own_income_route {
                Some(reason(
                    ctx,
                    "not_in_hardship",
                    format!(
                        "{id}既非低保或低保边缘家庭成员，也不属于本人月收入{}元低于补贴标准{}元的重度残疾人",
                        m.income.counted,
                        living.get()
                    ),
                    format!(
                        "{id} is neither in a dibao or marginal household nor a severely disabled person with own income {} below the subsidy {}",
                        m.income.counted,
                        living.get()
                    ),
                    IMPL,
                    "生活补贴对象",
                ))
            } else {
                None
            };
            match excluded {
                Some(r) => living_reasons.push(r),
                None => living_items.push(item(
                    ctx,
                    "disability.living",
                    id,
                    "困难残疾人生活补贴",
                    "Living subsidy",
                    living,
                    if in_assisted_household {
                        "低保或低保边缘家庭中的残疾人"
                    } else {
                        "本人收入低于补贴标准的重度残疾人"
                    },
                    if in_assisted_household {
                        "a disabled member of a dibao or marginal household"
                    } else {
                        "a severely disabled person with own income below the subsidy"
                    },
                )),
            }
        }
        // Care subsidy.
        if care_route {
            let care = ctx.param("disability.care_subsidy")?;
            let elderly = p.elderly_care_subsidy.0;
            if elderly >= care.get() && elderly > rust_decimal::Decimal::ZERO {
                care_reasons.push(reason(ctx, "elderly_care_subsidy_higher",
                    format!("{id}已领取的老年人护理补贴{elderly}元不低于重度残疾人护理补贴{}元，只发放较高者", care.get()),
                    format!("{id}'s elderly care subsidy {elderly} is not below the care subsidy {}: only the higher is paid", care.get()),
                    IMPL, "就高发放"));
            } else {
                care_items.push(item(ctx, "disability.care", id, "重度残疾人护理补贴", "Care subsidy", care,
                    "一至二级残疾、三至四级智力或精神残疾，或一至四级残疾军人、伤残人民警察",
                    "grade 1–2, grade 3–4 intellectual or mental, or a grade 1–4 service disability"));
            }
        } else {
            care_reasons.push(reason(
                ctx,
                "not_severe",
                format!("{id}的残疾等级不属于护理补贴对象"),
                format!("{id}'s disability grade does not qualify for the care subsidy"),
                IMPL,
                "护理补贴对象",
            ));
        }
    }
    let finish =
        |ctx: &Context<'_>, programme: Programme, items: Vec<LineItem>, reasons: Vec<Reason>| {
            if !items.is_empty() {
                return result(programme, Eligibility::Eligible, None, items, Vec::new());
            }
            let why = match reasons.len() {
                0 => reason(
                    ctx,
                    "no_disabled_member",
                    "家庭中没有持残疾人证（或残疾军人证、伤残人民警察证）的成员".into(),
                    "No member holds a disability (or service-disability) certificate".into(),
                    IMPL,
                    "补贴对象",
                ),
                1 => reasons.into_iter().next().unwrap_or_else(|| {
                    reason(
                        ctx,
                        "no_member_qualifies",
                        String::new(),
                        String::new(),
                        IMPL,
                        "补贴对象",
                    )
                }),
                _ => reason(
                    ctx,
                    "no_member_qualifies",
                    "没有成员符合条件（各成员原因见上）".into(),
                    "No member qualifies".into(),
                    IMPL,
                    "补贴对象",
                ),
            };
            result(
                programme,
                Eligibility::NotEligible,
                Some(why),
                Vec::new(),
                Vec::new(),
            )
        };
    Ok([
        finish(
            ctx,
            Programme::DisabilityLivingSubsidy,
            living_items,
            living_reasons,
        ),
        finish(
            ctx,
            Programme::DisabilityCareSubsidy,
            care_items,
            care_reasons,
        ),
    ])
}

#[allow(clippy::too_many_arguments)]
fn item(
    ctx: &Context<'_>,
    id_prefix: &str,
    person: &str,
    zh: &str,
    en: &str,
    param: ParamRef<'_>,
    route_zh: &str,
    route_en: &str,
) -> LineItem {
    let amount = round_payable(param.get());
    LineItem {
        id: id_prefix.into(),
        person_id: Some(person.into()),
        label_zh: format!("{zh}（{person}）"),
        label_en: format!("{en} ({person})"),
        amount,
        formula_zh: text!(ctx, "每人每月{amount}元（{route_zh}）"),
        formula_en: text!(ctx, "{amount} 元 per person per month ({route_en})"),
        parameters: ctx.uses(&[param]),
    }
}
