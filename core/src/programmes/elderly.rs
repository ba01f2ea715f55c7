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

use rust_decimal::Decimal;

use super::{Member, reason, result, with_one_off};
use crate::care_level::AbilityLevel;
use crate::context::Context;
use crate::error::Error;
use crate::household::{HomeCareType, Hukou};
use crate::money::{Money, round_payable};
use crate::region::District;
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult};

/// Age in completed years at the end of the calculation month: benefits that start "from the
/// month of the birthday" use it. Without a birth date, the age given.
pub fn age_for_month(ctx: &Context<'_>, m: &Member<'_>) -> u32 {
    m.person
        .birth_date
        .and_then(|b| b.age_on(ctx.date.end_of_month()))
        .unwrap_or(m.age)
}

/// 居家社区养老服务资助 for every member with a category.
pub fn home_care(ctx: &mut Context<'_>, members: &[Member<'_>]) -> Result<ProgrammeResult, Error> {
    let mut items = Vec::new();
    for m in members
        .iter()
        .filter(|m| !m.person.home_care_funding.is_empty())
    {
        let p = m.person;
        let mut best = None;
        for t in &p.home_care_funding {
            let key = match t {
                HomeCareType::Type1 => "home_care.type1",
                HomeCareType::Type2 => "home_care.type2",
            };
            let v = ctx.param(key)?;
            if best
                .as_ref()
                .is_none_or(|b: &crate::params::ParamRef<'_>| v.get() > b.get())
            {
                best = Some(v);
            }
        }
        let Some(base) = best else { continue };
        let severe = p.ability_level.is_some_and(|l| l >= AbilityLevel::Severe);
        let mut used = vec![base];
        let mut amount = base.get();
        let mut zh = format!("资助类别取高：{}元", base.get());
        let mut en = format!("the higher category: {} 元", base.get());
        if severe {
            let extra = ctx.param("home_care.severe_disability_supplement")?;
            amount += extra.get();
            zh.push_str(&format!(" + 重度失能增加{}元", extra.get()));
            en.push_str(&format!(" + {} 元 for severe disability", extra.get()));
            used.push(extra);
        }
        let paid = round_payable(amount);
        items.push(LineItem {
            id: "home_care.vouchers".into(),
            person_id: Some(p.id.clone()),
            label_zh: format!("居家社区养老服务资助（{}，服务券）", p.id),
            label_en: format!("Home care funding ({}, vouchers)", p.id),
            amount: paid,
            formula_zh: text!(ctx, "{zh} = {paid}元/月，以服务券形式发放"),
            formula_en: text!(ctx, "{en} = {paid} 元 a month, as service vouchers"),
            parameters: ctx.uses(&used),
        });
    }
    if items.is_empty() {
        let why = reason(
            ctx,
            "no_funded_member",
            "没有成员被认定为居家社区养老服务资助对象（home_care_funding）".into(),
            "No member was found to be in a home-care funding category (home_care_funding)".into(),
            "GZ-JJSQ-2022",
            "资助对象",
        );
        return Ok(result(
            Programme::HomeCareFunding,
            Eligibility::NotEligible,
            Some(why),
            items,
            Vec::new(),
        ));
    }
    Ok(result(
        Programme::HomeCareFunding,
        Eligibility::Eligible,
        None,
        items,
        Vec::new(),
    ))
}

/// 助餐 for every member aged 60+ with Guangzhou hukou who took meals.
pub fn meal_aid(ctx: &mut Context<'_>, members: &[Member<'_>]) -> Result<ProgrammeResult, Error> {
    let mut items = Vec::new();
    let mut why = None;
    for m in members {
        let p = m.person;
        let Some(use_) = &p.meal_aid else { continue };
        if p.hukou != Hukou::Guangzhou || age_for_month(ctx, m) < 60 {
            why = Some(reason(
                ctx,
                "not_covered",
                format!("{}须为60周岁以上的广州市户籍老年人", p.id),
                format!(
                    "{} must be a Guangzhou hukou resident aged 60 or over",
                    p.id
                ),
                "GZ-ZC-2024",
                "补贴对象",
            ));
            continue;
        }
        let share = ctx.param("meal_aid.share_of_meal")?;
        let cap = ctx.param("meal_aid.cap_per_meal")?;
        let per_meal = (share.get() * use_.meal_price.0).min(cap.get());
        let meals = Decimal::from(use_.meals);
        let mut amount = per_meal * meals;
        let mut used = vec![share, cap];
        let mut zh = format!(
            "{meals}餐 × min({} × 餐费{}, {}) = {meals} × {per_meal}",
            share.get(),
            use_.meal_price,
            cap.get()
        );
        let mut en = format!(
            "{meals} meals × min({} × price {}, {}) = {meals} × {per_meal}",
            share.get(),
            use_.meal_price,
            cap.get()
        );
        if use_.delivered_meals > 0 {
            let level = use_.care_level.unwrap_or(1);
            let delivery = ctx.param(if level <= 2 {
                "meal_aid.delivery.levels_1_2"
            } else {
                "meal_aid.delivery.levels_3_5"
            })?;
            let delivered = Decimal::from(use_.delivered_meals);
            amount += delivered * delivery.get();
            zh.push_str(&format!(
                " + 送餐{delivered}餐 × {}元（照护等级{level}）",
                delivery.get()
            ));
            en.push_str(&format!(
                " + {delivered} delivered × {} 元 (care level {level})",
                delivery.get()
            ));
            used.push(delivery);
        }
        let paid = round_payable(amount);
        if paid == Money::ZERO {
            continue;
        }
        items.push(LineItem {
            id: "meal_aid.month".into(),
            person_id: Some(p.id.clone()),
            label_zh: format!("助餐补贴（{}）", p.id),
            label_en: format!("Meal aid ({})", p.id),
            amount: paid,
            formula_zh: text!(ctx, "{zh} = {paid}元"),
            formula_en: text!(ctx, "{en} = {paid} 元"),
            parameters: ctx.uses(&used),
        });
    }
    if items.is_empty() {
        let why = why.unwrap_or_else(|| {
            reason(
                ctx,
                "no_meals",
                "没有成员在长者饭堂用餐（meal_aid）".into(),
                "No member took subsidised meals (meal_aid)".into(),
                "GZ-ZC-2024",
                "补贴对象",
            )
        });
        return Ok(result(
            Programme::MealAid,
            Eligibility::NotEligible,
            Some(why),
            items,
            Vec::new(),
        ));
    }
    Ok(result(
        Programme::MealAid,
        Eligibility::Eligible,
        None,
        items,
        Vec::new(),
    ))
}

/// 长寿保健金 for every member aged 70+ with Guangzhou hukou.
pub fn longevity(ctx: &mut Context<'_>, members: &[Member<'_>]) -> Result<ProgrammeResult, Error> {
    let mut items = Vec::new();
    let mut lumps = Vec::new();
    for m in members {
        let p = m.person;
        let age = age_for_month(ctx, m);
        if p.hukou != Hukou::Guangzhou || age < 70 {
            continue;
        }
        if ctx.district == Some(District::Huangpu) {
            let why = reason(
                ctx,
                "district_rule_not_encoded",
                "黄埔区自行规定长寿保健金标准，尚未收录".into(),
                "黄埔区 sets its own longevity amounts, which are not encoded".into(),
                "GZ-LONGEVITY",
                "黄埔区",
            );
            return Ok(result(
                Programme::LongevityAllowance,
                Eligibility::Undetermined,
                Some(why),
                Vec::new(),
                Vec::new(),
            ));
        }
        let key = match age {
            70..=79 => "longevity.age_70_79",
            80..=89 => "longevity.age_80_89",
            90..=99 => "longevity.age_90_99",
            _ => "longevity.age_100_plus",
        };
        let band = ctx.param(key)?;
        let paid = round_payable(band.get());
        items.push(LineItem {
            id: "longevity.month".into(),
            person_id: Some(p.id.clone()),
            label_zh: format!("长寿保健金（{}，{age}岁）", p.id),
            label_en: format!("Longevity allowance ({}, aged {age})", p.id),
            amount: paid,
            formula_zh: text!(ctx, "{age}岁所在档次每月{paid}元（自70周岁生日当月起发放）"),
            formula_en: text!(
                ctx,
                "{paid} 元 a month for the band of age {age} (from the month of the 70th birthday)"
            ),
            parameters: ctx.uses(&[band]),
        });
        if age >= 100 && ctx.date.month() == 10 {
            let lump = ctx.param("longevity.centenarian_october_lump_sum")?;
            let amount = round_payable(lump.get());
            lumps.push(LineItem {
                id: "longevity.october_lump_sum".into(),
                person_id: Some(p.id.clone()),
                label_zh: format!("百岁老人十月一次性长寿保健金（{}）", p.id),
                label_en: format!("Centenarian's October lump sum ({})", p.id),
                amount,
                formula_zh: text!(ctx, "100周岁以上，每年10月一次性发放{amount}元"),
                formula_en: text!(ctx, "aged 100 or over: {amount} 元 once each October"),
                parameters: ctx.uses(&[lump]),
            });
        }
    }
    if items.is_empty() {
        let why = reason(
            ctx,
            "no_member_70_plus",
            "没有70周岁以上的广州市户籍成员".into(),
            "No member with Guangzhou hukou is aged 70 or over".into(),
            "GZ-LONGEVITY",
            "发放对象",
        );
        return Ok(result(
            Programme::LongevityAllowance,
            Eligibility::NotEligible,
            Some(why),
            items,
            Vec::new(),
        ));
    }
    let r = result(
        Programme::LongevityAllowance,
        Eligibility::Eligible,
        None,
        items,
        Vec::new(),
    );
    Ok(with_one_off(r, lumps))
}
