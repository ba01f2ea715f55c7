//! Elderly benefits: 居家社区养老服务资助 (home and community care funding, vouchers), 助餐
//! (meal aid) and 长寿保健金 (the longevity allowance).
//!
//! - 居家社区养老服务资助 (《广州市居家社区养老服务管理办法》穗府办规〔2022〕13号): type 1 400 元,
//!   type 2 200 元 a month, the higher if several apply, +200 元 for 重度失能; vouchers only. Who
//!   falls in each type is decided under the measures; the request states the types.
//! - 助餐 (《广州市老年人助餐配餐服务管理办法》穗民规字〔2024〕3号): Guangzhou hukou residents aged
//!   60+ get ¼ of each meal (lunch and dinner), at most 3 元 a meal; delivery 2 元 (care level 1–2)
//!   or 4 元 (3–5) a meal.
//! - 长寿保健金 (reported): Guangzhou hukou aged 70+, 30 / 100 / 200 / 300 元 a month for 70–79 /
//!   80–89 / 90–99 / 100+, from the month of the 70th birthday, plus 1000 元 each October at 100+;
//!   黄埔区 sets its own amounts (not encoded: undetermined there).

use super::{Member, reason};
use crate::care_level::AbilityLevel;
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money};
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
pub fn home_care_person(rates: &Rates<'_>, p: &PersonFacts) -> Result<Option<HomeCare>, Missing> {
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
pub fn decide_home_care(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
) -> Result<Verdict, Missing> {
    let (mut any, mut total) = (false, 0);
    for p in household.members {
        if let Some(o) = home_care_person(rates, p)? {
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
pub fn meal_aid_person(rates: &Rates<'_>, p: &PersonFacts) -> Result<Option<Meals>, Missing> {
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
pub fn decide_meal_aid(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
) -> Result<Verdict, Missing> {
    let (mut any, mut total, mut not_covered) = (false, 0, false);
    for p in household.members {
        match meal_aid_person(rates, p)? {
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
fn longevity_age(rates: &Rates<'_>, p: &PersonFacts) -> Option<u32> {
    let age = p.age_for_month(rates.date);
    (p.hukou == Hukou::Guangzhou && age >= 70).then_some(age)
}

/// 长寿保健金 for `p` by the city's bands (`None` when not covered): the band, then, at 100 or
/// over in October, the lump sum.
pub fn longevity_person(rates: &Rates<'_>, p: &PersonFacts) -> Result<Option<Longevity>, Missing> {
    let Some(age) = longevity_age(rates, p) else {
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
pub fn decide_longevity(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
) -> Result<Verdict, Missing> {
    let covered = |p: &&PersonFacts| longevity_age(rates, p).is_some();
    if rates.district == District::Huangpu && household.members.iter().any(|p| covered(&p)) {
        return Ok(Verdict::of(
            Eligibility::Undetermined,
            Some(ReasonCode::DistrictRuleNotEncoded),
        ));
    }
    let (mut any, mut monthly, mut one_off) = (false, 0, None::<Fen>);
    for p in household.members {
        if let Some(o) = longevity_person(rates, p)? {
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

/// Explains 居家社区养老服务资助 as decided in `verdict`.
pub fn home_care<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    verdict: &Verdict,
) -> Result<ProgrammeResult, Error> {
    let mut items = Vec::new();
    for m in members {
        let p = m.facts;
        let Some(o) = home_care_person(rates, p).map_err(|k| rates.error(k))? else {
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

/// Explains 助餐 as decided in `verdict`.
pub fn meal_aid<'a>(
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
        let (Some(meals), Some(outcome)) = (
            p.meal_aid,
            meal_aid_person(rates, p).map_err(|k| rates.error(k))?,
        ) else {
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

/// Explains 长寿保健金 as decided in `verdict`.
pub fn longevity<'a>(
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
        let Some(o) = longevity_person(rates, m.facts).map_err(|k| rates.error(k))? else {
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
    use crate::engine::facts::MealFacts;
    use crate::params::ParameterStore;
    use crate::region::Area;

    fn rates(date: &str, district: District) -> Result<Rates<'static>, String> {
        let store = ParameterStore::embedded().map_err(|e| e.message)?;
        let date = Date::parse(date).ok_or("date")?;
        Ok(Rates::resolve(store, date, district, Area::Urban))
    }

    fn household(members: &[PersonFacts]) -> HouseholdFacts<'_> {
        HouseholdFacts {
            district: District::Tianhe,
            area: Area::Urban,
            assets: Default::default(),
            rigid_expenditure: None,
            members,
            common: Default::default(),
        }
    }

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
    fn home_care_the_higher_category_and_the_supplement() -> Result<(), String> {
        let r = rates("2025-07-01", District::Tianhe)?;
        // Type 1 (400 元) and type 2 (200 元), 重度失能: 400 + 200 元.
        let mut both = PersonFacts::new(80, Hukou::Guangzhou);
        (both.home_care_type1, both.home_care_type2) = (true, true);
        both.ability_level = Some(AbilityLevel::Severe);
        let o = home_care_person(&r, &both).map_err(|k| k.name())?;
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
        let v = decide_home_care(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!(v, Verdict::paid(80_000, None));
        let none = [PersonFacts::new(70, Hukou::Guangzhou)];
        let v = decide_home_care(&r, &household(&none)).map_err(|k| k.name())?;
        assert_eq!(v, Verdict::not(ReasonCode::NoFundedMember));
        Ok(())
    }

    #[test]
    fn meal_aid_quarter_cap_delivery_and_one_rounding() -> Result<(), String> {
        let r = rates("2025-07-01", District::Tianhe)?;
        let monthly = |p: &PersonFacts| match meal_aid_person(&r, p) {
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
        let v = decide_meal_aid(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!(v, Verdict::not(ReasonCode::NotCovered));
        let members = [diner(65, 2, 1_000, 0, 1), diner(66, 1, 1_198, 0, 1)];
        let v = decide_meal_aid(&r, &household(&members)).map_err(|k| k.name())?;
        // 2 × 2.50 + 2.995 = 7.995 → 5.00 + 3.00 (each member rounded once) = 8.00 元.
        assert_eq!(v, Verdict::paid(800, None));
        // Before 2024-04-01 the share is not in force.
        let r = rates("2024-03-31", District::Tianhe)?;
        assert_eq!(
            meal_aid_person(&r, &diner(70, 1, 1_000, 0, 1)),
            Err(Key::MealShare)
        );
        Ok(())
    }

    #[test]
    fn longevity_bands_october_lump_sum_and_birthday_month() -> Result<(), String> {
        let r = rates("2025-10-01", District::Tianhe)?;
        // Born 1955-10-20: 69 on 1 October, 70 by the end of October: paid 30 元.
        let mut turning = PersonFacts::new(69, Hukou::Guangzhou);
        turning.birth_date = Date::parse("1955-10-20");
        let o = longevity_person(&r, &turning).map_err(|k| k.name())?;
        assert_eq!(o.map(|o| (o.age, o.monthly)), Some((70, 3_000)));
        // 85: 100 元; 101 in October: 300 元 and the 1000 元 lump sum.
        let members = [
            turning,
            PersonFacts::new(85, Hukou::Guangzhou),
            PersonFacts::new(101, Hukou::Guangzhou),
            PersonFacts::new(90, Hukou::Other),
        ];
        let v = decide_longevity(&r, &household(&members)).map_err(|k| k.name())?;
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
        let v = decide_longevity(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!((v.monthly, v.one_off), (43_000, None));
        // 黄埔区: undetermined; nobody covered: not eligible.
        let r = rates("2025-10-01", District::Huangpu)?;
        let v = decide_longevity(&r, &household(&members)).map_err(|k| k.name())?;
        assert_eq!(v.status, Eligibility::Undetermined);
        let young = [PersonFacts::new(69, Hukou::Guangzhou)];
        let v = decide_longevity(&r, &household(&young)).map_err(|k| k.name())?;
        assert_eq!(v, Verdict::not(ReasonCode::NoMember70Plus));
        Ok(())
    }
}
