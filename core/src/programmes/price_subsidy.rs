//! 价格临时补贴 (发改价格〔2021〕1553号, the national linkage mechanism).
//!
//! Triggered in a month when the CPI's year-on-year rise reaches 3.5 % (3.0 % from September 2022
//! to March 2023) **or** the food CPI's reaches 6 % (reported). Covered: dibao and 特困
//! recipients, unemployment-benefit recipients, 优抚对象 with regular pensions, orphans and
//! unsupported children. Amount (illustrative for Guangzhou): dibao standard × the triggering
//! index's rise, rounded to whole 元, the higher if both trigger, per person per month.

use rust_decimal::Decimal;

use super::dibao::DibaoOutcome;
use super::{Member, reason, result};
use crate::context::Context;
use crate::error::Error;
use crate::money::{Number, round_whole_yuan};
use crate::wire::{Eligibility, Input, LineItem, PriceIndices, Programme, ProgrammeResult, Step};

const SRC: &str = "NDRC-PRICE-2021";

/// Assesses the month's subsidy for the covered members.
pub fn assess(
    ctx: &mut Context<'_>,
    indices: Option<&PriceIndices>,
    members: &[Member<'_>],
    dibao: &DibaoOutcome,
    tekun: &[bool],
    children: &[String],
) -> Result<ProgrammeResult, Error> {
    let Some(ix) = indices else {
        let why = reason(
            ctx,
            "input_not_given",
            "未提供当月CPI和食品CPI同比涨幅（price_indices），未计算价格临时补贴".into(),
            "No CPI and food-CPI rises (price_indices) were given; the subsidy was not calculated"
                .into(),
            SRC,
            "启动条件",
        );
        return Ok(result(
            Programme::PriceSubsidy,
            Eligibility::NotAssessed,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    };
    let cpi_trigger = ctx.param("price_subsidy.cpi_trigger_percent")?;
    let food_trigger = ctx.param("price_subsidy.food_cpi_trigger_percent")?;
    let (cpi, food) = (ix.cpi_yoy_percent.0, ix.food_cpi_yoy_percent.0);
    let cpi_hit = cpi >= cpi_trigger.get();
    let food_hit = food >= food_trigger.get();
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
    if !cpi_hit && !food_hit {
        let why = reason(
            ctx,
            "not_triggered",
            format!("CPI涨幅{cpi}%、食品CPI涨幅{food}%均未达到启动条件"),
            format!(
                "Neither the CPI rise {cpi}% nor the food-CPI rise {food}% reaches its trigger"
            ),
            SRC,
            "启动条件",
        );
        return Ok(result(
            Programme::PriceSubsidy,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            steps,
        ));
    }
    let covered: Vec<&Member<'_>> = members
        .iter()
        .zip(tekun)
        .filter(|(m, t)| {
            let f = &m.person.flags;
            **t || dibao.recipients.contains(&m.person.id)
                || children.contains(&m.person.id)
                || f.unemployment_benefit
                || f.preferential_care_recipient
        })
        .map(|(m, _)| m)
        .collect();
    if covered.is_empty() {
        let why = reason(ctx, "no_covered_person",
            "家庭中没有低保、特困、失业保险金领取人员、定期抚恤补助优抚对象或孤儿、事实无人抚养儿童".into(),
            "No member is a dibao, tekun, unemployment-benefit, regular-pension 优抚 or orphan / unsupported-child recipient".into(), SRC, "保障范围");
        return Ok(result(
            Programme::PriceSubsidy,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            steps,
        ));
    }
    ctx.warn(
        "illustrative_rule",
        Some("price_subsidy.amount"),
        "价格临时补贴金额按“低保标准 × 触发指数涨幅，取整到元”的示例规则计算；广州市的具体规则尚未收录",
        "The price-linked subsidy uses the illustrative rule 'dibao standard × the triggering index's rise, to whole 元'; Guangzhou's own rule is not encoded",
    );
    let standard = ctx.param("dibao.standard")?;
    let s = standard.get();
    let hundred = Decimal::from(100);
    let by_cpi = if cpi_hit {
        s * cpi / hundred
    } else {
        Decimal::ZERO
    };
    let by_food = if food_hit {
        s * food / hundred
    } else {
        Decimal::ZERO
    };
    let (raw, which, rise) = if by_food > by_cpi {
        (by_food, "食品CPI", food)
    } else {
        (by_cpi, "CPI", cpi)
    };
    let amount = round_whole_yuan(raw);
    let items = covered
        .into_iter()
        .map(|m| {
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
    Ok(result(
        Programme::PriceSubsidy,
        Eligibility::Eligible,
        None,
        items,
        steps,
    ))
}
