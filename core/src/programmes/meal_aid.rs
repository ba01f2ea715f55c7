//! 助餐 (meal aid), 《广州市老年人助餐配餐服务管理办法》穗民规字〔2024〕3号: Guangzhou hukou
//! residents aged 60+ get ¼ of each meal (lunch and dinner), at most 3 元 a meal; delivery 2 元
//! (care level 1–2) or 4 元 (3–5) a meal.
#![doc(alias("助餐", "老年人助餐补贴", "助餐配餐", "长者饭堂"))]

use super::{Member, reason};
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{Missing, Verdict};
use crate::error::Error;
use crate::household::Hukou;
use crate::wire::{LineItem, Programme, ProgrammeResult};

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// 助餐 for one member who took meals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meals {
    /// Not a Guangzhou hukou resident aged 60 or over in the month.
    NotCovered,
    /// The month's aid.
    Aid(MealAid),
}

/// The month's meal aid of one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MealAid {
    /// Aid per meal, fen (exact): min(share × price, cap).
    pub per_meal: Exact,
    /// The delivery subsidy read, when meals were delivered.
    pub delivery: Option<Key>,
    /// The care level the delivery subsidy is read for (1 when not given).
    pub care_level: i64,
    /// Fen for the month (rounded once); no aid when 0.
    pub monthly: Fen,
}

/// 助餐 for `p`: `None` when `p` took no meals. Reads the share, the cap, then the delivery
/// subsidy of the care level when meals were delivered.
pub fn person(rates: &Rates<'_>, p: &PersonFacts) -> Result<Option<Meals>, Missing> {
    let Some(meals) = p.meal_aid else {
        return Ok(None);
    };
    if p.hukou != Hukou::Guangzhou || p.age_for_month(rates.date) < 60 {
        return Ok(Some(Meals::NotCovered));
    }
    let share = rates.get(Key::MealShare)?;
    let cap = rates.get(Key::MealCap)?;
    let by_share = share.mul(Exact::int(meals.meal_price));
    let per_meal = if cap.lt(by_share) { cap } else { by_share };
    let mut amount = per_meal.times(meals.meals);
    let care_level = meals.care_level.unwrap_or(1);
    let mut delivery = None;
    if meals.delivered_meals > 0 {
        let key = if care_level <= 2 {
            Key::MealDeliveryLevels12
        } else {
            Key::MealDeliveryLevels35
        };
        amount = amount.add(rates.get(key)?.times(meals.delivered_meals));
        delivery = Some(key);
    }
    Ok(Some(Meals::Aid(MealAid {
        per_meal,
        delivery,
        care_level,
        monthly: amount.round(),
    })))
}

/// 助餐 for the household: the sum over the members aided; otherwise `not_covered` when a member
/// who took meals is not covered, else `no_meals`.
pub fn decide(rates: &Rates<'_>, household: &HouseholdFacts<'_>) -> Result<Verdict, Missing> {
    let (mut any, mut total, mut not_covered) = (false, 0, false);
    for p in household.members {
        match person(rates, p)? {
            Some(Meals::Aid(a)) if a.monthly != 0 => {
                any = true;
                total += a.monthly;
            }
            Some(Meals::NotCovered) => not_covered = true,
            _ => {}
        }
    }
    Ok(if any {
        Verdict::paid(total, None)
    } else if not_covered {
        Verdict::not(ReasonCode::NotCovered)
    } else {
        Verdict::not(ReasonCode::NoMeals)
    })
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// Explains 助餐 as decided in `verdict`.
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    verdict: &Verdict,
) -> Result<ProgrammeResult, Error> {
    let mut items = Vec::new();
    let mut not_covered = None;
    for m in members {
        let p = m.facts;
        let id = &m.person.id;
        let (Some(meals), Some(outcome)) =
            (p.meal_aid, person(rates, p).map_err(|k| rates.error(k))?)
        else {
            continue;
        };
        let Meals::Aid(aid) = outcome else {
            not_covered = Some(id);
            continue;
        };
        let share = super::used(ctx, rates, Key::MealShare)?;
        let cap = super::used(ctx, rates, Key::MealCap)?;
        let mut used = vec![share, cap];
        let (n, price, per_meal) = (
            meals.meals,
            money(meals.meal_price),
            aid.per_meal.fen_to_yuan(),
        );
        let (s, c) = (share.get(), cap.get());
        let mut zh = format!("{n}餐 × min({s} × 餐费{price}, {c}) = {n} × {per_meal}");
        let mut en = format!("{n} meals × min({s} × price {price}, {c}) = {n} × {per_meal}");
        if let Some(key) = aid.delivery {
            let delivery = super::used(ctx, rates, key)?;
            let (delivered, level, d) = (meals.delivered_meals, aid.care_level, delivery.get());
            zh.push_str(&format!(" + 送餐{delivered}餐 × {d}元（照护等级{level}）"));
            en.push_str(&format!(
                " + {delivered} delivered × {d} 元 (care level {level})"
            ));
            used.push(delivery);
        }
        if aid.monthly == 0 {
            continue;
        }
        let paid = money(aid.monthly);
        items.push(LineItem {
            id: "meal_aid.month".into(),
            person_id: Some(id.clone()),
            label_zh: format!("助餐补贴（{id}）"),
            label_en: format!("Meal aid ({id})"),
            amount: paid,
            formula_zh: text!(ctx, "{zh} = {paid}元"),
            formula_en: text!(ctx, "{en} = {paid} 元"),
            parameters: ctx.uses(&used),
        });
    }
    let why = match verdict.reason {
        Some(ReasonCode::NotCovered) => {
            let id = not_covered.map(String::as_str).unwrap_or_default();
            Some(reason(
                ctx,
                ReasonCode::NotCovered,
                format!("{id}须为60周岁以上的广州市户籍老年人"),
                format!("{id} must be a Guangzhou hukou resident aged 60 or over"),
                "GZ-ZC-2024",
                "补贴对象",
            ))
        }
        Some(code) => Some(reason(
            ctx,
            code,
            "没有成员在长者饭堂用餐（meal_aid）".into(),
            "No member took subsidised meals (meal_aid)".into(),
            "GZ-ZC-2024",
            "补贴对象",
        )),
        None => None,
    };
    Ok(super::render(
        Programme::MealAid,
        *verdict,
        why,
        items,
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::facts::MealFacts;
    use crate::programmes::testing::{household, rates};
    use crate::region::District;

    fn diner(age: u32, meals: i64, price: Fen, delivered: i64, level: i64) -> PersonFacts {
        let mut p = PersonFacts::new(age, Hukou::Guangzhou);
        p.meal_aid = Some(MealFacts {
            meals,
            meal_price: price,
            delivered_meals: delivered,
            care_level: (delivered > 0).then_some(level),
        });
        p
    }

    #[test]
    fn meal_aid_quarter_cap_delivery_and_one_rounding() -> Result<(), String> {
        let r = rates("2025-07-01", District::Tianhe)?;
        let monthly = |p: &PersonFacts| match person(&r, p) {
            Ok(Some(Meals::Aid(a))) => Ok(a.monthly),
            other => Err(format!("{other:?}")),
        };
        // 40 meals at 10 元: ¼ = 2.50 元 a meal, 100 元; 10 delivered at care level 3: 4 元 each.
        assert_eq!(monthly(&diner(70, 40, 1_000, 10, 3))?, 14_000);
        // Care level 2: 2 元 a delivered meal.
        assert_eq!(monthly(&diner(70, 40, 1_000, 10, 2))?, 12_000);
        // 12.01 元: ¼ is 3.0025 元, capped at 3 元.
        assert_eq!(monthly(&diner(60, 40, 1_201, 0, 1))?, 12_000);
        // 11.98 元: 2.995 元 × 3 = 8.985 元, rounded once, half up: 8.99 元.
        assert_eq!(monthly(&diner(60, 3, 1_198, 0, 1))?, 899);
        // Aged 59, or no Guangzhou hukou: not covered.
        let young = diner(59, 40, 1_000, 0, 1);
        let mut elsewhere = diner(70, 40, 1_000, 0, 1);
        elsewhere.hukou = Hukou::Other;
        let members = [young, elsewhere, diner(70, 0, 1_000, 0, 1)];
        let v = decide(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!(v, Verdict::not(ReasonCode::NotCovered));
        let members = [diner(65, 2, 1_000, 0, 1), diner(66, 1, 1_198, 0, 1)];
        let v = decide(&r, &household(&members)).map_err(|k| k.name())?;
        // 2 × 2.50 + 2.995 = 7.995 → 5.00 + 3.00 (each member rounded once) = 8.00 元.
        assert_eq!(v, Verdict::paid(800, None));
        // Before 2024-04-01 the share is not in force.
        let r = rates("2024-03-31", District::Tianhe)?;
        assert_eq!(person(&r, &diner(70, 1, 1_000, 0, 1)), Err(Key::MealShare));
        Ok(())
    }
}
