//! 居家社区养老服务资助 (home and community care funding, vouchers),
//! 《广州市居家社区养老服务管理办法》穗府办规〔2022〕13号: type 1 400 元, type 2 200 元 a month,
//! the higher if several apply, +200 元 for 重度失能; vouchers only. Who falls in each type is
//! decided under the measures; the request states the types.
#![doc(alias("居家社区养老服务资助", "居家养老", "居家养老服务资助", "养老服务券"))]

use super::{Member, reason};
use crate::care_level::AbilityLevel;
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{Missing, Verdict};
use crate::error::Error;
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult};

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// 居家社区养老服务资助 for one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HomeCare {
    /// The category paid (the higher of those that apply).
    pub base: Key,
    /// Whether the supplement for 重度失能 is added.
    pub supplement: bool,
    /// Fen a month, as vouchers (rounded once).
    pub monthly: Fen,
}

/// 居家社区养老服务资助 for `p`: the higher of its categories (type 1 read before type 2; the
/// first on a tie), plus the supplement for 重度失能 (GB/T 42195 重度 or 完全失能). `None` without
/// a category.
pub fn person(rates: &Rates<'_>, p: &PersonFacts) -> Result<Option<HomeCare>, Missing> {
    let mut best: Option<(Key, Exact)> = None;
    for (applies, key) in [
        (p.home_care_type1, Key::HomeCareType1),
        (p.home_care_type2, Key::HomeCareType2),
    ] {
        if !applies {
            continue;
        }
        let v = rates.get(key)?;
        if best.is_none_or(|(_, b)| v.gt(b)) {
            best = Some((key, v));
        }
    }
    let Some((base, mut amount)) = best else {
        return Ok(None);
    };
    let supplement = p.ability_level.is_some_and(|l| l >= AbilityLevel::Severe);
    if supplement {
        amount = amount.add(rates.get(Key::HomeCareSevereSupplement)?);
    }
    Ok(Some(HomeCare {
        base,
        supplement,
        monthly: amount.round(),
    }))
}

/// 居家社区养老服务资助 for the household: the sum over the members funded.
pub fn decide(rates: &Rates<'_>, household: &HouseholdFacts<'_>) -> Result<Verdict, Missing> {
    let (mut any, mut total) = (false, 0);
    for p in household.members {
        if let Some(o) = person(rates, p)? {
            any = true;
            total += o.monthly;
        }
    }
    Ok(if any {
        Verdict::paid(total, None)
    } else {
        Verdict::not(ReasonCode::NoFundedMember)
    })
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// Explains 居家社区养老服务资助 as decided in `verdict`.
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    verdict: &Verdict,
) -> Result<ProgrammeResult, Error> {
    let mut items = Vec::new();
    for m in members {
        let p = m.facts;
        let Some(o) = person(rates, p).map_err(|k| rates.error(k))? else {
            continue;
        };
        let mut base = None;
        for (applies, key) in [
            (p.home_care_type1, Key::HomeCareType1),
            (p.home_care_type2, Key::HomeCareType2),
        ] {
            if applies {
                let v = super::used(ctx, rates, key)?;
                if key == o.base {
                    base = Some(v);
                }
            }
        }
        let Some(base) = base else { continue };
        let mut used = vec![base];
        let mut zh = format!("资助类别取高：{}元", base.get());
        let mut en = format!("the higher category: {} 元", base.get());
        if o.supplement {
            let extra = super::used(ctx, rates, Key::HomeCareSevereSupplement)?;
            zh.push_str(&format!(" + 重度失能增加{}元", extra.get()));
            en.push_str(&format!(" + {} 元 for severe disability", extra.get()));
            used.push(extra);
        }
        let paid = money(o.monthly);
        let id = &m.person.id;
        items.push(LineItem {
            id: "home_care.vouchers".into(),
            person_id: Some(id.clone()),
            label_zh: format!("居家社区养老服务资助（{id}，服务券）"),
            label_en: format!("Home care funding ({id}, vouchers)"),
            amount: paid,
            formula_zh: text!(ctx, "{zh} = {paid}元/月，以服务券形式发放"),
            formula_en: text!(ctx, "{en} = {paid} 元 a month, as service vouchers"),
            parameters: ctx.uses(&used),
        });
    }
    let why = (verdict.status != Eligibility::Eligible).then(|| {
        reason(
            ctx,
            ReasonCode::NoFundedMember,
            "没有成员被认定为居家社区养老服务资助对象（home_care_funding）".into(),
            "No member was found to be in a home-care funding category (home_care_funding)".into(),
            "GZ-JJSQ-2022",
            "资助对象",
        )
    });
    Ok(super::render(
        Programme::HomeCareFunding,
        *verdict,
        why,
        items,
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::household::Hukou;
    use crate::programmes::testing::{household, rates};
    use crate::region::District;

    #[test]
    fn home_care_the_higher_category_and_the_supplement() -> Result<(), String> {
        let r = rates("2025-07-01", District::Tianhe)?;
        // Type 1 (400 元) and type 2 (200 元), 重度失能: 400 + 200 元.
        let mut both = PersonFacts::new(80, Hukou::Guangzhou);
        (both.home_care_type1, both.home_care_type2) = (true, true);
        both.ability_level = Some(AbilityLevel::Severe);
        let o = person(&r, &both).map_err(|k| k.name())?;
        assert_eq!(
            o,
            Some(HomeCare {
                base: Key::HomeCareType1,
                supplement: true,
                monthly: 60_000
            })
        );
        // Type 2, 中度失能: 200 元.
        let mut type2 = PersonFacts::new(75, Hukou::Guangzhou);
        type2.home_care_type2 = true;
        type2.ability_level = Some(AbilityLevel::Moderate);
        let members = [both, type2, PersonFacts::new(70, Hukou::Guangzhou)];
        let v = decide(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!(v, Verdict::paid(80_000, None));
        let none = [PersonFacts::new(70, Hukou::Guangzhou)];
        let v = decide(&r, &household(&none)).map_err(|k| k.name())?;
        assert_eq!(v, Verdict::not(ReasonCode::NoFundedMember));
        Ok(())
    }
}
