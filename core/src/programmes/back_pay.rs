//! 低保补发: when a yearly notice raises the standard back to 1 January, dibao recipients are
//! paid the difference for the months approved: (new − old standard) × persons × months.
//! 分类救济 is not back-paid (policy handbook §1, "Yearly notices carry two effective dates").

use rust_decimal::Decimal;

use super::dibao::DibaoOutcome;
use super::{reason, result, with_one_off};
use crate::context::Context;
use crate::error::Error;
use crate::money::round_payable;
use crate::wire::{BackPay, Eligibility, LineItem, Programme, ProgrammeResult};

const SRC: &str = "GZ-2025-STD";
const ART: &str = "一(一)";

/// Assesses back pay for the persons dibao is paid for.
pub fn assess(
    ctx: &mut Context<'_>,
    back_pay: Option<&BackPay>,
    dibao: &DibaoOutcome,
) -> Result<ProgrammeResult, Error> {
    let Some(bp) = back_pay else {
        let why = reason(
            ctx,
            "input_not_given",
            "未提供原低保标准和补发月数（back_pay），未计算补发".into(),
            "No previous standard and months (back_pay) were given; back pay was not calculated"
                .into(),
            SRC,
            ART,
        );
        return Ok(result(
            Programme::DibaoBackPay,
            Eligibility::NotAssessed,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    };
    if dibao.recipients.is_empty() {
        let why = reason(
            ctx,
            "no_dibao_paid",
            "本户没有领取低保的人员，无补发".into(),
            "No one in the household receives dibao, so nothing is back-paid".into(),
            SRC,
            ART,
        );
        return Ok(result(
            Programme::DibaoBackPay,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    }
    let standard = ctx.param("dibao.standard")?;
    let (new, old) = (standard.get(), bp.previous_standard.0);
    let rise = new - old;
    if rise <= Decimal::ZERO {
        let why = reason(
            ctx,
            "no_increase",
            format!("现行标准{new}元不高于原标准{old}元，无补发"),
            format!(
                "The standard {new} 元 is not above the previous {old} 元; nothing is back-paid"
            ),
            SRC,
            ART,
        );
        return Ok(result(
            Programme::DibaoBackPay,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    }
    let persons = Decimal::from(dibao.recipients.len());
    let months = Decimal::from(bp.months);
    let amount = round_payable(rise * persons * months);
    let item = LineItem {
        id: "dibao_back_pay.difference".into(),
        person_id: None,
        label_zh: "低保标准提高补发（一次性）".into(),
        label_en: "Back pay of the raised standard (one-off)".into(),
        amount,
        formula_zh: text!(
            ctx,
            "(现行标准{new} − 原标准{old}) × {persons}人 × {months}个月 = {amount}元（分类救济不补发）"
        ),
        formula_en: text!(
            ctx,
            "(standard {new} − previous {old}) × {persons} persons × {months} months = {amount} 元 (classified relief is not back-paid)"
        ),
        parameters: ctx.uses(&[standard]),
    };
    let r = result(
        Programme::DibaoBackPay,
        Eligibility::Eligible,
        None,
        Vec::new(),
        Vec::new(),
    );
    Ok(with_one_off(r, vec![item]))
}
