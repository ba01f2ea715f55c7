//! 刚性支出困难家庭 (《刚性支出困难家庭认定办法》, in force 2025-01-01): a household that is not
//! dibao, 特困 or marginal, whose per-capita income is below last year's local per-capita
//! disposable income, and whose rigid spending over the past 12 months (basic living,
//! out-of-pocket medical, education, rehabilitation) exceeds a locally set share of its income.
//! The local figures are illustrative. A status, not a cash programme.

use rust_decimal::Decimal;

use super::dibao::{DibaoOutcome, HouseholdStatus};
use super::tekun::TekunOutcome;
use super::{Member, reason, result};
use crate::context::Context;
use crate::error::Error;
use crate::household::Household;
use crate::money::Number;
use crate::wire::{Eligibility, Input, Programme, ProgrammeResult, Step};

const SRC: &str = "MCA-GX-2025";

/// Assesses the household.
pub fn assess(
    ctx: &mut Context<'_>,
    household: &Household,
    members: &[Member<'_>],
    dibao: &DibaoOutcome,
    tekun: &TekunOutcome,
) -> Result<ProgrammeResult, Error> {
    let Some(spending) = &household.rigid_expenditure else {
        let why = reason(ctx, "input_not_given",
            "未提供近12个月刚性支出（household.rigid_expenditure），未认定".into(),
            "No rigid spending over the past 12 months (household.rigid_expenditure) was given; not assessed".into(), SRC, "认定条件");
        return Ok(result(
            Programme::RigidExpenditureHardship,
            Eligibility::NotAssessed,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    };
    let assisted = matches!(
        dibao.status,
        HouseholdStatus::Dibao | HouseholdStatus::Marginal
    ) || tekun.supported.iter().any(|s| *s);
    if assisted {
        let why = reason(ctx, "already_assisted",
            "低保、特困或低保边缘家庭不再认定为刚性支出困难家庭".into(),
            "Dibao, tekun and marginal households are not assessed as rigid-spending hardship households".into(), SRC, "认定条件");
        return Ok(result(
            Programme::RigidExpenditureHardship,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    }
    if dibao.status == HouseholdStatus::Undetermined {
        let why = reason(
            ctx,
            "household_status_undetermined",
            "家庭是否属于低保边缘家庭无法判断，刚性支出困难认定随之无法判断".into(),
            "The household's marginal status cannot be decided, so neither can this test".into(),
            SRC,
            "认定条件",
        );
        return Ok(result(
            Programme::RigidExpenditureHardship,
            Eligibility::Undetermined,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    }
    let disposable = ctx.param("rigid.per_capita_disposable_income")?;
    let share = ctx.param("rigid.spending_share_of_income")?;
    let n = Decimal::from(members.len());
    let annual_income: Decimal =
        members.iter().map(|m| m.income.counted).sum::<Decimal>() * Decimal::from(12);
    let income_line = disposable.get() * n;
    let income_ok = annual_income < income_line;
    let total = spending.total();
    let spending_line = share.get() * annual_income;
    let spending_ok = total > spending_line;
    let steps = if ctx.explain {
        vec![
            Step {
                id: "rigid.income_test".into(),
                label_zh: "收入条件：家庭年收入低于上年人均可支配收入 × 人数".into(),
                label_en: "Income: annual household income below last year's per-capita disposable income × members".into(),
                value: Number(annual_income),
                formula_zh: text!(ctx, "月收入 × 12 = {annual_income}元 {} {} × {n}人 = {income_line}元", if income_ok { "<" } else { "≥" }, disposable.get()),
                formula_en: text!(ctx, "monthly income × 12 = {annual_income} {} {} × {n} = {income_line} 元", if income_ok { "<" } else { "≥" }, disposable.get()),
                inputs: vec![Input { name: "members".into(), value: Number(n) }],
                parameters: ctx.uses(&[disposable]),
                passed: Some(income_ok),
                citation: Some(ctx.cite(SRC, "认定条件（收入）")),
            },
            Step {
                id: "rigid.spending_test".into(),
                label_zh: "支出条件：近12个月刚性支出超过家庭收入的认定比例".into(),
                label_en: "Spending: rigid spending over 12 months above the set share of income".into(),
                value: Number(total),
                formula_zh: text!(ctx, "刚性支出{total}元 {} {} × 年收入{annual_income} = {spending_line}元", if spending_ok { ">" } else { "≤" }, share.get()),
                formula_en: text!(ctx, "rigid spending {total} {} {} × annual income {annual_income} = {spending_line} 元", if spending_ok { ">" } else { "≤" }, share.get()),
                inputs: vec![
                    Input { name: "basic_living".into(), value: Number(spending.basic_living.0) },
                    Input { name: "medical_out_of_pocket".into(), value: Number(spending.medical_out_of_pocket.0) },
                    Input { name: "education".into(), value: Number(spending.education.0) },
                    Input { name: "rehabilitation".into(), value: Number(spending.rehabilitation.0) },
                ],
                parameters: ctx.uses(&[share]),
                passed: Some(spending_ok),
                citation: Some(ctx.cite(SRC, "认定条件（刚性支出）")),
            },
        ]
    } else {
        Vec::new()
    };
    if !income_ok {
        let why = reason(
            ctx,
            "income_not_below_line",
            format!("家庭年收入{annual_income}元不低于{income_line}元"),
            format!("Annual household income {annual_income} 元 is not below {income_line} 元"),
            SRC,
            "认定条件（收入）",
        );
        return Ok(result(
            Programme::RigidExpenditureHardship,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            steps,
        ));
    }
    if !spending_ok {
        let why = reason(
            ctx,
            "spending_not_above_share",
            format!("刚性支出{total}元未超过{spending_line}元"),
            format!("Rigid spending {total} 元 does not exceed {spending_line} 元"),
            SRC,
            "认定条件（刚性支出）",
        );
        return Ok(result(
            Programme::RigidExpenditureHardship,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            steps,
        ));
    }
    Ok(result(
        Programme::RigidExpenditureHardship,
        Eligibility::Eligible,
        None,
        Vec::new(),
        steps,
    ))
}
