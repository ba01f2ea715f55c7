//! 长寿保健金 (the longevity allowance, reported): Guangzhou hukou aged 70+, 30 / 100 / 200 /
//! 300 元 a month for 70–79 / 80–89 / 90–99 / 100+, from the month of the 70th birthday, plus
//! 1000 元 each October at 100+; 黄埔区 sets its own amounts (not encoded: undetermined there).
#![doc(alias("长寿保健金", "高龄津贴", "高龄补贴"))]

use super::{Member, reason};
use crate::context::Context;
use crate::engine::exact::{Fen, money};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{Missing, Verdict};
use crate::error::Error;
use crate::household::Hukou;
use crate::region::District;
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult};

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// 长寿保健金 for one member aged 70 or over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Longevity {
    /// Age at the end of the calculation month.
    pub age: u32,
    /// The age band's parameter.
    pub band: Key,
    /// Fen a month (rounded once).
    pub monthly: Fen,
    /// The centenarians' October lump sum, fen, when due.
    pub lump_sum: Option<Fen>,
}

/// The age of `p` at the end of the calculation month when `p` is covered (Guangzhou hukou, 70
/// or over: paid from the month of the 70th birthday).
fn covered_age(rates: &Rates<'_>, p: &PersonFacts) -> Option<u32> {
    let age = p.age_for_month(rates.date);
    (p.hukou == Hukou::Guangzhou && age >= 70).then_some(age)
}

/// 长寿保健金 for `p` by the city's bands (`None` when not covered): the band, then, at 100 or
/// over in October, the lump sum.
pub fn person(rates: &Rates<'_>, p: &PersonFacts) -> Result<Option<Longevity>, Missing> {
    let Some(age) = covered_age(rates, p) else {
        return Ok(None);
    };
    let band = match age {
        70..=79 => Key::Longevity70,
        80..=89 => Key::Longevity80,
        90..=99 => Key::Longevity90,
        _ => Key::Longevity100,
    };
    let monthly = rates.get(band)?.round();
    let lump_sum = if age >= 100 && rates.date.month() == 10 {
        Some(rates.get(Key::LongevityCentenarianLump)?.round())
    } else {
        None
    };
    Ok(Some(Longevity {
        age,
        band,
        monthly,
        lump_sum,
    }))
}

/// 长寿保健金 for the household: the monthly sum and the October lump sums; undetermined in
/// 黄埔区 when a member is covered (its own amounts are not encoded).
pub fn decide(rates: &Rates<'_>, household: &HouseholdFacts<'_>) -> Result<Verdict, Missing> {
    let covered = |p: &&PersonFacts| covered_age(rates, p).is_some();
    if rates.district == District::Huangpu && household.members.iter().any(|p| covered(&p)) {
        return Ok(Verdict::of(
            Eligibility::Undetermined,
            Some(ReasonCode::DistrictRuleNotEncoded),
        ));
    }
    let (mut any, mut monthly, mut one_off) = (false, 0, None::<Fen>);
    for p in household.members {
        if let Some(o) = person(rates, p)? {
            any = true;
            monthly += o.monthly;
            if let Some(lump) = o.lump_sum {
                one_off = Some(one_off.unwrap_or(0) + lump);
            }
        }
    }
    if !any {
        return Ok(Verdict::not(ReasonCode::NoMember70Plus));
    }
    Ok(Verdict {
        status: Eligibility::Eligible,
        reason: None,
        monthly,
        one_off,
    })
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// Explains 长寿保健金 as decided in `verdict`.
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    verdict: &Verdict,
) -> Result<ProgrammeResult, Error> {
    let programme = Programme::LongevityAllowance;
    match verdict.reason {
        Some(ReasonCode::DistrictRuleNotEncoded) => {
            let why = reason(
                ctx,
                ReasonCode::DistrictRuleNotEncoded,
                "黄埔区自行规定长寿保健金标准，尚未收录".into(),
                "黄埔区 sets its own longevity amounts, which are not encoded".into(),
                "GZ-LONGEVITY",
                "黄埔区",
            );
            return Ok(super::render(
                programme,
                *verdict,
                Some(why),
                Vec::new(),
                Vec::new(),
            ));
        }
        Some(code) => {
            let why = reason(
                ctx,
                code,
                "没有70周岁以上的广州市户籍成员".into(),
                "No member with Guangzhou hukou is aged 70 or over".into(),
                "GZ-LONGEVITY",
                "发放对象",
            );
            return Ok(super::render(
                programme,
                *verdict,
                Some(why),
                Vec::new(),
                Vec::new(),
            ));
        }
        None => {}
    }
    let mut items = Vec::new();
    let mut lumps = Vec::new();
    for m in members {
        let Some(o) = person(rates, m.facts).map_err(|k| rates.error(k))? else {
            continue;
        };
        let (id, age) = (&m.person.id, o.age);
        let band = super::used(ctx, rates, o.band)?;
        let paid = money(o.monthly);
        items.push(LineItem {
            id: "longevity.month".into(),
            person_id: Some(id.clone()),
            label_zh: format!("长寿保健金（{id}，{age}岁）"),
            label_en: format!("Longevity allowance ({id}, aged {age})"),
            amount: paid,
            formula_zh: text!(ctx, "{age}岁所在档次每月{paid}元（自70周岁生日当月起发放）"),
            formula_en: text!(
                ctx,
                "{paid} 元 a month for the band of age {age} (from the month of the 70th birthday)"
            ),
            parameters: ctx.uses(&[band]),
        });
        if let Some(fen) = o.lump_sum {
            let lump = super::used(ctx, rates, Key::LongevityCentenarianLump)?;
            let amount = money(fen);
            lumps.push(LineItem {
                id: "longevity.october_lump_sum".into(),
                person_id: Some(id.clone()),
                label_zh: format!("百岁老人十月一次性长寿保健金（{id}）"),
                label_en: format!("Centenarian's October lump sum ({id})"),
                amount,
                formula_zh: text!(ctx, "100周岁以上，每年10月一次性发放{amount}元"),
                formula_en: text!(ctx, "aged 100 or over: {amount} 元 once each October"),
                parameters: ctx.uses(&[lump]),
            });
        }
    }
    let mut r = super::render(programme, *verdict, None, items, Vec::new());
    r.one_off_items = lumps;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::programmes::testing::{household, rates};

    #[test]
    fn longevity_bands_october_lump_sum_and_birthday_month() -> Result<(), String> {
        let r = rates("2025-10-01", District::Tianhe)?;
        // Born 1955-10-20: 69 on 1 October, 70 by the end of October: paid 30 元.
        let mut turning = PersonFacts::new(69, Hukou::Guangzhou);
        turning.birth_date = Date::parse("1955-10-20");
        let o = person(&r, &turning).map_err(|k| k.name())?;
        assert_eq!(o.map(|o| (o.age, o.monthly)), Some((70, 3_000)));
        // 85: 100 元; 101 in October: 300 元 and the 1000 元 lump sum.
        let members = [
            turning,
            PersonFacts::new(85, Hukou::Guangzhou),
            PersonFacts::new(101, Hukou::Guangzhou),
            PersonFacts::new(90, Hukou::Other),
        ];
        let v = decide(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!(
            v,
            Verdict {
                status: Eligibility::Eligible,
                reason: None,
                monthly: 3_000 + 10_000 + 30_000,
                one_off: Some(100_000),
            }
        );
        // Not in November.
        let r = rates("2025-11-01", District::Tianhe)?;
        let v = decide(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!((v.monthly, v.one_off), (43_000, None));
        // 黄埔区: undetermined; nobody covered: not eligible.
        let r = rates("2025-10-01", District::Huangpu)?;
        let v = decide(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!(v.status, Eligibility::Undetermined);
        let young = [PersonFacts::new(69, Hukou::Guangzhou)];
        let v = decide(&r, &household(&young)).map_err(|k| k.name())?;
        assert_eq!(v, Verdict::not(ReasonCode::NoMember70Plus));
        Ok(())
    }
}
