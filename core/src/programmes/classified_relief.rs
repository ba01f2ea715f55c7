//! 分类救济: add-ons for elderly, minor, severely disabled and seriously ill members of dibao and
//! marginal households (穗民规字〔2025〕2号 二(二); 《最低生活保障审核确认办法》第二十七条).
//!
//! The categories and the 1 June 2025 start are verified; the amounts are illustrative shares of
//! the dibao standard. A member in several categories gets the highest one (an illustrative
//! choice: the rule for several categories was not found).

use rust_decimal::Decimal;

use super::dibao::{DibaoOutcome, HouseholdStatus};
use super::{Member, reason, result};
use crate::context::Context;
use crate::error::Error;
use crate::money::round_payable;
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult};

const SRC: &str = "GZ-2025-STD";
const ART: &str = "二(二)";

/// The categories a member falls in, as (parameter key, Chinese name).
fn categories(m: &Member<'_>) -> Vec<(&'static str, &'static str)> {
    let p = m.person;
    let mut out = Vec::new();
    if m.age >= 60 {
        out.push(("classified_relief.elderly_share", "老年人"));
    }
    if m.age < 18 {
        out.push(("classified_relief.minor_share", "未成年人"));
    }
    if p.disability
        .is_some_and(|d| d.grade <= 2 || (d.grade == 3 && d.is_intellectual_or_mental()))
    {
        out.push(("classified_relief.severe_disability_share", "重度残疾人"));
    }
    if p.flags.serious_illness {
        out.push(("classified_relief.serious_illness_share", "重病患者"));
    }
    out
}

/// Assesses the counted members of the dibao / marginal household.
pub fn assess(
    ctx: &mut Context<'_>,
    members: &[Member<'_>],
    dibao: &DibaoOutcome,
) -> Result<ProgrammeResult, Error> {
    match dibao.status {
        HouseholdStatus::Neither => {
            let why = reason(
                ctx,
                "not_dibao_or_marginal",
                "分类救济只面向低保家庭和低保边缘家庭的成员".into(),
                "Classified relief is only for members of dibao and marginal households".into(),
                SRC,
                ART,
            );
            return Ok(result(
                Programme::ClassifiedRelief,
                Eligibility::NotEligible,
                Some(why),
                Vec::new(),
                Vec::new(),
            ));
        }
        HouseholdStatus::Undetermined => {
            let why = reason(ctx, "household_status_undetermined",
                "家庭是否属于低保边缘家庭无法判断，分类救济随之无法判断".into(),
                "The household's marginal status cannot be decided, so neither can classified relief".into(), SRC, ART);
            return Ok(result(
                Programme::ClassifiedRelief,
                Eligibility::Undetermined,
                Some(why),
                Vec::new(),
                Vec::new(),
            ));
        }
        HouseholdStatus::Dibao | HouseholdStatus::Marginal => {}
    }
    let standard = ctx.param("dibao.standard")?;
    let mut items = Vec::new();
    for m in members {
        let mut best: Option<(Decimal, crate::params::ParamRef<'_>, &str)> = None;
        for (key, name) in categories(m) {
            let Some(share) = ctx.param_if_in_force(key)? else {
                let why = reason(
                    ctx,
                    "parameter_not_in_force",
                    format!(
                        "{}尚无已收录的分类救济标准（新标准自2025-06-01起执行）",
                        ctx.date
                    ),
                    format!(
                        "No classified-relief figures are encoded for {} (the current ones apply from 2025-06-01)",
                        ctx.date
                    ),
                    SRC,
                    ART,
                );
                return Ok(result(
                    Programme::ClassifiedRelief,
                    Eligibility::Undetermined,
                    Some(why),
                    Vec::new(),
                    Vec::new(),
                ));
            };
            let amount = share.get() * standard.get();
            if best.as_ref().is_none_or(|(b, _, _)| amount > *b) {
                best = Some((amount, share, name));
            }
        }
        if let Some((amount, share, name)) = best {
            let paid = round_payable(amount);
            let id = &m.person.id;
            items.push(LineItem {
                id: "classified_relief.add_on".into(),
                person_id: Some(id.clone()),
                label_zh: format!("分类救济（{id}，{name}）"),
                label_en: format!("Classified relief ({id})"),
                amount: paid,
                formula_zh: text!(
                    ctx,
                    "{} × 低保标准{} = {paid}元（同属多类时取最高一类）",
                    share.get(),
                    standard.get()
                ),
                formula_en: text!(
                    ctx,
                    "{} × dibao standard {} = {paid} 元 (the highest category when several apply)",
                    share.get(),
                    standard.get()
                ),
                parameters: ctx.uses(&[share, standard]),
            });
        }
    }
    if items.is_empty() {
        let why = reason(
            ctx,
            "no_member_in_category",
            "家庭中没有老年人、未成年人、重度残疾人或重病患者".into(),
            "No member is elderly, a minor, severely disabled or seriously ill".into(),
            SRC,
            ART,
        );
        return Ok(result(
            Programme::ClassifiedRelief,
            Eligibility::NotEligible,
            Some(why),
            items,
            Vec::new(),
        ));
    }
    Ok(result(
        Programme::ClassifiedRelief,
        Eligibility::Eligible,
        None,
        items,
        Vec::new(),
    ))
}
