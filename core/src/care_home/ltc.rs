//! 长期护理保险 (long-term care insurance) on a care-home bill: 《广州市长期护理保险试行办法》
//! 穗医保规字〔2024〕1号 (GZ-LTC-2024; policy handbook §7, verified figures).
//!
//! Residential care (机构护理) costs count towards the insurance up to a cap by grade and scheme:
//! grade 3: 120 元/天 (employee scheme; the bed fee counts for at most 35 元/天 inside it) or
//! 60 元/天 (resident scheme); grade 2: 30 / 15 元/天; grade 1: 300 / 200 元/月. The fund pays
//! 75 % (employee) or 70 % (resident) of the counted costs.
//!
//! What counts: the care fee left to the resident after the group's reduction, plus the bed fee
//! where a bed-fee allowance is recorded (employee scheme, grade 3). Meals never count. The
//! engine charges the insurance on the fees as billed to the resident, so it never pays more than
//! the resident owes. A monthly cap (grade 1) applies in full to a part month.
#![doc(alias("长期护理保险", "长护险"))]

use crate::engine::reasons::ReasonCode;
use crate::warnings::WarningCode;
use rust_decimal::Decimal;

use super::wire::{LtcCover, LtcOutcome, LtcScheme, LtcStatus};
use crate::context::Context;
use crate::error::{Error, ErrorCode};
use crate::money::{Money, Number, round_payable};
use crate::params::ParamRef;
use crate::wire::{Input, LineItem, Reason, Step};

const SRC: &str = "GZ-LTC-2024";

/// The insurance's share of a bill, as an outcome, a deduction line when it pays, and a step.
pub struct LtcShare {
    /// The outcome.
    pub outcome: LtcOutcome,
    /// The deduction, when the fund pays.
    pub line: Option<LineItem>,
    /// The explanation (when explaining).
    pub step: Option<Step>,
}

/// Checks the cover: the grade is 1–3.
pub fn check(cover: &LtcCover) -> Result<u8, Error> {
    u8::try_from(cover.grade)
        .ok()
        .filter(|g| crate::limits::LTC_GRADES.contains(&i64::from(*g)))
        .ok_or_else(|| {
            Error::new(
                ErrorCode::OutOfRange,
                "ltc.grade",
                format!(
                    "长期护理保险失能等级为1–3级，而申报为{} / the LTC disability grade is 1–3, not {}",
                    cover.grade, cover.grade
                ),
            )
        })
}

fn outcome(cover: &LtcCover, grade: u8, status: LtcStatus, reason: Option<Reason>) -> LtcOutcome {
    LtcOutcome {
        status,
        scheme: cover.scheme,
        grade,
        counted_costs: Money::ZERO,
        paid: Money::ZERO,
        reason,
    }
}

/// What the insurance pays towards `care` and `bed` (the fees left to the resident, already
/// rounded) for `days` of stay.
pub fn share(
    ctx: &mut Context<'_>,
    cover: &LtcCover,
    care: Decimal,
    bed: Decimal,
    days: u32,
) -> Result<LtcShare, Error> {
    let grade = check(cover)?;
    let scheme = cover.scheme.as_str();
    let cap_key = format!("ltc.residential.cap.grade{grade}.{scheme}");
    let rate_key = format!("ltc.rate.residential.{scheme}");
    let bed_cap_key = (grade == 3 && cover.scheme == LtcScheme::Employee)
        .then(|| "ltc.residential.bed_fee_cap.grade3.employee".to_string());
    let none = |outcome| LtcShare {
        outcome,
        line: None,
        step: None,
    };

    if care + bed == Decimal::ZERO {
        let reason = Reason {
            code: ReasonCode::NothingToPay.code().into(),
            message_zh: "护理费和床位费无需本人负担，长期护理保险不在本账单中结算".into(),
            message_en: "No care or bed fee is left to the resident, so long-term care insurance is not settled on this bill".into(),
            citation: ctx.cite(SRC, "待遇支付：机构护理"),
        };
        return Ok(none(outcome(
            cover,
            grade,
            LtcStatus::NothingToPay,
            Some(reason),
        )));
    }

    let cap = ctx.param_if_in_force(&cap_key)?;
    let rate = ctx.param_if_in_force(&rate_key)?;
    let bed_cap = match &bed_cap_key {
        Some(k) => ctx.param_if_in_force(k)?,
        None => None,
    };
    let (Some(cap), Some(rate)) = (cap, rate) else {
        let reason = Reason {
            code: ReasonCode::LtcNotInForce.code().into(),
            message_zh: format!("{}尚无已收录的长期护理保险待遇标准", ctx.date),
            message_en: format!(
                "No long-term care insurance benefit rule is encoded for {}",
                ctx.date
            ),
            citation: ctx.cite(SRC, "待遇支付"),
        };
        return Ok(none(outcome(
            cover,
            grade,
            LtcStatus::NotInForce,
            Some(reason),
        )));
    };
    if grade == 3 && cover.scheme == LtcScheme::Resident {
        ctx.warn(
            WarningCode::RuleNotEncoded,
            Some("ltc.residential.cap.grade3.resident"),
            "居民医保参保人机构护理床位费是否及按何限额纳入长期护理保险支付，尚未收录；本结果未计床位费",
            "Whether and up to what limit the bed fee counts for the resident scheme is not encoded; the bed fee was not counted",
        );
    }

    let days_d = Decimal::from(days);
    let (counted_bed, bed_text_zh, bed_text_en) = match bed_cap {
        Some(b) => {
            let limit = b.get() * days_d;
            let counted = bed.min(limit);
            (
                counted,
                format!(
                    "床位费计入min({bed}, {}元/天 × {days}天) = {counted}元",
                    b.get()
                ),
                format!(
                    "bed fee counted min({bed}, {} a day × {days} days) = {counted}",
                    b.get()
                ),
            )
        }
        None => (
            Decimal::ZERO,
            "床位费不计入".to_string(),
            "bed fee not counted".to_string(),
        ),
    };
    let monthly_cap = grade == 1;
    let limit = if monthly_cap {
        cap.get()
    } else {
        cap.get() * days_d
    };
    let limit_zh = if monthly_cap {
        format!("月限额{}元", cap.get())
    } else {
        format!("{}元/天 × {days}天 = {limit}元", cap.get())
    };
    let limit_en = if monthly_cap {
        format!("monthly cap {}", cap.get())
    } else {
        format!("{} a day × {days} days = {limit}", cap.get())
    };
    let uncapped = care + counted_bed;
    let counted = uncapped.min(limit);
    let paid = round_payable(rate.get() * counted);
    let r = rate.get();
    let mut used: Vec<ParamRef<'_>> = vec![cap, rate];
    used.extend(bed_cap);
    let label = format!("{}{grade}级", cover.scheme.name_zh());
    let line = LineItem {
        id: "care_home.ltc".into(),
        person_id: None,
        label_zh: format!("长期护理保险基金支付（{label}，机构护理）"),
        label_en: format!(
            "Long-term care insurance ({} scheme, grade {grade}, residential)",
            scheme
        ),
        amount: paid,
        formula_zh: format!(
            "计入费用min(护理费{care}元 + {bed_text_zh}, {limit_zh}) = {counted}元；基金支付{counted}元 × {r} = {paid}元"
        ),
        formula_en: format!(
            "counted min(care fee {care} + {bed_text_en}, {limit_en}) = {counted}; the fund pays {counted} × {r} = {paid}"
        ),
        parameters: ctx.uses(&used),
    };
    let step = ctx.explain.then(|| Step {
        id: "care_home.ltc_counted_costs".into(),
        label_zh: "长期护理保险计入费用".into(),
        label_en: "Costs counted by long-term care insurance".into(),
        value: Number(counted),
        formula_zh: format!("min({care} + {counted_bed}, {limit}) = {counted}"),
        formula_en: format!("min({care} + {counted_bed}, {limit}) = {counted}"),
        inputs: vec![
            Input {
                name: "care_fee_after_reduction".into(),
                value: Number(care),
            },
            Input {
                name: "bed_fee_after_reduction".into(),
                value: Number(bed),
            },
            Input {
                name: "days".into(),
                value: Number(days_d),
            },
        ],
        parameters: ctx.uses(&used),
        passed: None,
        citation: Some(ctx.cite(SRC, "待遇支付：机构护理")),
    });
    Ok(LtcShare {
        outcome: LtcOutcome {
            status: LtcStatus::Paid,
            scheme: cover.scheme,
            grade,
            counted_costs: Money(counted),
            paid,
            reason: None,
        },
        line: Some(line),
        step,
    })
}
