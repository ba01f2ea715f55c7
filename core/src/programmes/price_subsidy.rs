//! 价格临时补贴 (发改价格〔2021〕1553号, the national linkage mechanism).
//!
//! Triggered in a month when the CPI's year-on-year rise reaches 3.5 % (3.0 % from September 2022
//! to March 2023) **or** the food CPI's reaches 6 % (reported). Covered: dibao and 特困
//! recipients, unemployment-benefit recipients, 优抚对象 with regular pensions, orphans and
//! unsupported children. Amount (illustrative for Guangzhou): dibao standard × the triggering
//! index's rise, rounded to whole 元, the higher if both trigger, per person per month.
#![doc(alias("价格临时补贴", "价格补贴"))]

use super::{Member, reason};
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::Error;
use crate::money::Number;
use crate::warnings::WarningCode;
use crate::wire::{Eligibility, Input, LineItem, PriceIndices, Programme, ProgrammeResult, Step};

const SRC: &str = "NDRC-PRICE-2021";

/// One percent.
const PERCENT: Exact = Exact { units: 1, scale: 2 };

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// Whether a member is covered: supported as 特困, paid dibao, receiving the child allowance,
/// unemployment benefit or a regular 优抚 pension.
pub fn covered(person: &PersonFacts, state: &MemberState) -> bool {
    state.tekun_supported
        || state.dibao_recipient
        || state.child_allowance
        || person.flags.unemployment_benefit
        || person.flags.preferential_care_recipient
}

/// The month's amount per covered person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PerPerson {
    /// The food CPI's rise gives the amount (it gives more than the CPI's).
    pub by_food: bool,
    /// Standard × the rise, fen, exact (before rounding).
    pub raw: Exact,
    /// Rounded to whole 元, fen.
    pub amount: Fen,
}

/// The amount per person at the monthly `standard` (fen) for the indices' rises (percent) that
/// trigger: standard × rise, the higher of the two, rounded to whole 元.
pub fn per_person(
    standard: Exact,
    (cpi, food): (Exact, Exact),
    cpi_hit: bool,
    food_hit: bool,
) -> PerPerson {
    let by = |hit: bool, rise: Exact| {
        if hit {
            standard.mul(rise).mul(PERCENT)
        } else {
            Exact::int(0)
        }
    };
    let (by_cpi, by_food) = (by(cpi_hit, cpi), by(food_hit, food));
    let food_higher = by_food.gt(by_cpi);
    let raw = if food_higher { by_food } else { by_cpi };
    PerPerson {
        by_food: food_higher,
        raw,
        amount: raw.round_to_yuan(),
    }
}

/// The price-subsidy determination.
///
/// The default is the record of a household whose programme was not assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Decision {
    /// The verdict; the monthly amount is the per-person amount × persons covered.
    pub verdict: Verdict,
    /// The CPI's rise reaches its trigger.
    pub cpi_hit: bool,
    /// The food CPI's rise reaches its trigger.
    pub food_hit: bool,
    /// The amount per covered person, when triggered and someone is covered.
    pub per_person: Option<PerPerson>,
}

/// Decides the month's subsidy for the covered members.
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &[MemberState],
) -> Result<Decision, Missing> {
    let mut d = Decision {
        verdict: Verdict::of(Eligibility::NotAssessed, Some(ReasonCode::InputNotGiven)),
        cpi_hit: false,
        food_hit: false,
        per_person: None,
    };
    let Some((cpi, food)) = household.common.price_indices else {
        return Ok(d);
    };
    let cpi_trigger = rates.get(Key::PriceCpiTrigger)?;
    let food_trigger = rates.get(Key::PriceFoodCpiTrigger)?;
    d.cpi_hit = !cpi.lt(cpi_trigger);
    d.food_hit = !food.lt(food_trigger);
    if !d.cpi_hit && !d.food_hit {
        d.verdict = Verdict::not(ReasonCode::NotTriggered);
        return Ok(d);
    }
    let persons = household
        .members
        .iter()
        .zip(state)
        .filter(|(p, st)| covered(p, st))
        .count() as i64;
    if persons == 0 {
        d.verdict = Verdict::not(ReasonCode::NoCoveredPerson);
        return Ok(d);
    }
    let standard = rates.get(Key::DibaoStandard)?;
    let each = per_person(standard, (cpi, food), d.cpi_hit, d.food_hit);
    d.per_person = Some(each);
    d.verdict = Verdict::paid(each.amount.saturating_mul(persons), None);
    Ok(d)
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// Explains the determination `d`; `indices` are the request's, for display.
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    indices: Option<&PriceIndices>,
    members: &[Member<'_>],
    state: &[MemberState],
    d: &Decision,
) -> Result<ProgrammeResult, Error> {
    let programme = Programme::PriceSubsidy;
    let Some(ix) = indices else {
        let why = reason(
            ctx,
            ReasonCode::InputNotGiven,
            "未提供当月CPI和食品CPI同比涨幅（price_indices），未计算价格临时补贴".into(),
            "No CPI and food-CPI rises (price_indices) were given; the subsidy was not calculated"
                .into(),
            SRC,
            "启动条件",
        );
        return Ok(super::render(
            programme,
            d.verdict,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    };
    let cpi_trigger = super::used(ctx, rates, Key::PriceCpiTrigger)?;
    let food_trigger = super::used(ctx, rates, Key::PriceFoodCpiTrigger)?;
    let (cpi, food) = (ix.cpi_yoy_percent.0, ix.food_cpi_yoy_percent.0);
    let (cpi_hit, food_hit) = (d.cpi_hit, d.food_hit);
    let mut steps = Vec::new();
    if ctx.explain {
        steps.push(Step {
            id: "price_subsidy.trigger".into(),
            label_zh: "启动条件（CPI或食品CPI同比涨幅达到阈值）".into(),
            label_en: "Trigger (CPI or food-CPI rise reaches its threshold)".into(),
            value: Number(cpi.max(food)),
            formula_zh: text!(
                ctx,
                "CPI {cpi}% {} {}%；食品CPI {food}% {} {}%",
                if cpi_hit { "≥" } else { "<" },
                cpi_trigger.get(),
                if food_hit { "≥" } else { "<" },
                food_trigger.get()
            ),
            formula_en: text!(
                ctx,
                "CPI {cpi}% {} {}%; food CPI {food}% {} {}%",
                if cpi_hit { "≥" } else { "<" },
                cpi_trigger.get(),
                if food_hit { "≥" } else { "<" },
                food_trigger.get()
            ),
            inputs: vec![
                Input {
                    name: "cpi_yoy_percent".into(),
                    value: Number(cpi),
                },
                Input {
                    name: "food_cpi_yoy_percent".into(),
                    value: Number(food),
                },
            ],
            parameters: ctx.uses(&[cpi_trigger, food_trigger]),
            passed: Some(cpi_hit || food_hit),
            citation: Some(ctx.cite(SRC, "启动条件")),
        });
    }
    match d.verdict.reason {
        Some(ReasonCode::NotTriggered) => {
            let why = reason(
                ctx,
                ReasonCode::NotTriggered,
                format!("CPI涨幅{cpi}%、食品CPI涨幅{food}%均未达到启动条件"),
                format!(
                    "Neither the CPI rise {cpi}% nor the food-CPI rise {food}% reaches its trigger"
                ),
                SRC,
                "启动条件",
            );
            return Ok(super::render(
                programme,
                d.verdict,
                Some(why),
                Vec::new(),
                steps,
            ));
        }
        Some(ReasonCode::NoCoveredPerson) => {
            let why = reason(ctx, ReasonCode::NoCoveredPerson,
                "家庭中没有低保、特困、失业保险金领取人员、定期抚恤补助优抚对象或孤儿、事实无人抚养儿童".into(),
                "No member is a dibao, tekun, unemployment-benefit, regular-pension 优抚 or orphan / unsupported-child recipient".into(), SRC, "保障范围");
            return Ok(super::render(
                programme,
                d.verdict,
                Some(why),
                Vec::new(),
                steps,
            ));
        }
        _ => {}
    }
    ctx.warn(
        WarningCode::IllustrativeRule,
        Some("price_subsidy.amount"),
        "价格临时补贴金额按“低保标准 × 触发指数涨幅，取整到元”的示例规则计算；广州市的具体规则尚未收录",
        "The price-linked subsidy uses the illustrative rule 'dibao standard × the triggering index's rise, to whole 元'; Guangzhou's own rule is not encoded",
    );
    let standard = super::used(ctx, rates, Key::DibaoStandard)?;
    let s = standard.get();
    let Some(each) = d.per_person else {
        return Ok(super::render(programme, d.verdict, None, Vec::new(), steps));
    };
    let (which, rise) = if each.by_food {
        ("食品CPI", food)
    } else {
        ("CPI", cpi)
    };
    let raw = each.raw.fen_to_yuan();
    let amount = money(each.amount);
    let items = members
        .iter()
        .zip(state)
        .filter(|(m, st)| covered(m.facts, st))
        .map(|(m, _)| {
            let id = &m.person.id;
            LineItem {
                id: "price_subsidy.person".into(),
                person_id: Some(id.clone()),
                label_zh: format!("价格临时补贴（{id}）"),
                label_en: format!("Price-linked subsidy ({id})"),
                amount,
                formula_zh: text!(
                    ctx,
                    "低保标准{s} × {which}涨幅{rise}% = {raw}，取整到元 = {amount}元"
                ),
                formula_en: text!(
                    ctx,
                    "dibao standard {s} × {which} rise {rise}% = {raw}, to whole 元 = {amount} 元"
                ),
                parameters: ctx.uses(&[standard]),
            }
        })
        .collect();
    Ok(super::render(programme, d.verdict, None, items, steps))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::engine::facts::{AssetFacts, Common};
    use crate::household::Hukou;
    use crate::params::ParameterStore;
    use crate::region::{Area, District};

    #[test]
    fn covered_members_at_the_trigger() {
        let store = ParameterStore::embedded().unwrap();
        let date = Date::new(2025, 7, 1).unwrap();
        let rates = Rates::resolve(store, date, District::Yuexiu, Area::Urban);
        let mut jobless = PersonFacts::new(50, Hukou::Guangzhou);
        jobless.flags.unemployment_benefit = true;
        let members = [
            PersonFacts::new(40, Hukou::Guangzhou),
            jobless,
            PersonFacts::new(8, Hukou::Guangzhou),
        ];
        let mut state = [MemberState::default(); 3];
        if let Some(st) = state.get_mut(2) {
            st.child_allowance = true;
        }
        let at = |cpi: Exact, food: Exact| {
            let hh = HouseholdFacts {
                district: District::Yuexiu,
                area: Area::Urban,
                assets: AssetFacts::default(),
                rigid_expenditure: None,
                members: &members,
                common: Common {
                    back_pay: None,
                    price_indices: Some((cpi, food)),
                },
            };
            decide(&rates, &hh, &state).unwrap()
        };
        // CPI exactly at its 3.5 % trigger: 1309 × 3.5 % = 45.815 元 → 46 元 for each of the two
        // covered members (unemployment benefit, child allowance) = 92 元.
        let d = at(pct(35, 1), pct(1, 0));
        assert!(d.cpi_hit && !d.food_hit);
        assert_eq!(d.verdict, Verdict::paid(9_200, None));
        assert_eq!(d.per_person.map(|p| p.amount), Some(4_600));
        // Just below both triggers.
        let d = at(pct(349, 2), pct(599, 2));
        assert_eq!(d.verdict, Verdict::not(ReasonCode::NotTriggered));
    }

    fn pct(units: i128, scale: u32) -> Exact {
        Exact { units, scale }
    }

    #[test]
    fn per_person_amount_is_the_higher_rise_to_whole_yuan() {
        let s = Exact::int(130_900);
        // CPI 3.7 %: 1309 × 3.7 % = 48.433 元 → 48 元; food 6.3 %: 82.467 元 → 82 元.
        let both = per_person(s, (pct(37, 1), pct(63, 1)), true, true);
        assert!(both.by_food);
        assert_eq!(both.raw.fen_to_yuan().to_string(), "82.467");
        assert_eq!(both.amount, 8_200);
        let cpi_only = per_person(s, (pct(37, 1), pct(63, 1)), true, false);
        assert!(!cpi_only.by_food);
        assert_eq!(cpi_only.amount, 4_800);
        // 1309 × 4.5 % = 58.905 元 → 59 元.
        assert_eq!(
            per_person(s, (pct(45, 1), pct(0, 0)), true, false).amount,
            5_900
        );
        // 1000 × 3.55 % = 35.5 元 → 36 元 (half away from zero at the 元).
        assert_eq!(
            per_person(Exact::int(100_000), (pct(355, 2), pct(0, 0)), true, false).amount,
            3_600
        );
        // 1000 × 3.5 % = 35 元 exactly.
        assert_eq!(
            per_person(Exact::int(100_000), (pct(35, 1), pct(0, 0)), true, false).amount,
            3_500
        );
    }
}
