//! 临时救助 (temporary assistance), 《广州市临时救助实施细则》穗府办规〔2021〕19号 第五、十二条.
//!
//! - Types: 支出型 (expenditure: the cause within the last 12 months) and 急难型 (emergency:
//!   within the last month).
//! - Amount: persons × the monthly dibao standard × months. Months per person at most 12 for
//!   支出型 and 3 for 急难型; aid paid first (先行救助) at most 2; monthly continuing aid at most 6;
//!   an individual in principle at least 2 months. 支出型 aid never exceeds the actual spending.
//! - Hospital care add-on: at most 240 元 a day for a 特困 person, 120 元 for others.
//! - Family cap: 50,000 元 per calendar year, counting aid already received this year.
#![doc(alias("临时救助", "急难", "急难型", "支出型"))]

use crate::engine::reasons::ReasonCode;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{reason, result, with_one_off};
use crate::context::Context;
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::money::{Money, Number, round_payable};
use crate::params::ParameterStore;
use crate::region::{Area, District};
use crate::wire::{
    Eligibility, Input, LineItem, Options, Programme, ProgrammeResult, Receipt, Step, Warning,
};

const SRC: &str = "GZ-LSJZ-2021";

/// A temporary-assistance application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TemporaryRequest {
    /// The date of the decision.
    pub calculation_date: Date,
    /// District of the applicant.
    pub district: District,
    /// Urban or rural.
    pub area: Area,
    /// 支出型 or 急难型.
    pub assistance_type: TemporaryType,
    /// How the aid is paid.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub payment: TemporaryPayment,
    /// Persons assisted (the household members, or 1 for an individual).
    pub persons: i64,
    /// Months of the standard applied for.
    pub months: i64,
    /// When the cause (illness, accident, disaster…) occurred.
    pub cause_date: Date,
    /// For 支出型: the actual rigid spending the household bore (元); the aid never exceeds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_spending: Option<Money>,
    /// Hospital care days to add, if a person needs care in hospital.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_care: Option<HospitalCare>,
    /// Temporary assistance the family already received this calendar year (元).
    #[serde(default)]
    pub aid_received_this_year: Money,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// The two types of temporary assistance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum TemporaryType {
    /// 支出型: sudden rigid spending (medical, education…).
    Expenditure,
    /// 急难型: an emergency (accident, disaster, sudden illness…).
    Emergency,
}

/// How the aid is paid.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum TemporaryPayment {
    /// A one-off grant.
    #[default]
    LumpSum,
    /// 先行救助: paid first, before the full review.
    Advance,
    /// 按月救助: paid monthly while the hardship lasts.
    Monthly,
}

/// Hospital care to add.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HospitalCare {
    /// Days of care.
    pub days: i64,
    /// Whether the person cared for is a 特困 person.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub tekun: bool,
}

/// The result of a single-programme API (temporary assistance, rescue food allowance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProgrammeCalculation {
    /// The calculation date.
    pub calculation_date: Date,
    /// The programme's result.
    pub programme: ProgrammeResult,
    /// Warnings (illustrative figures, expired sources).
    pub warnings: Vec<Warning>,
    /// Reproducibility receipt.
    pub receipt: Receipt,
}

fn validate(r: &TemporaryRequest) -> Result<(), Error> {
    let range = |value: i64, lo: i64, hi: i64, path: &str| {
        if (lo..=hi).contains(&value) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::OutOfRange,
                path,
                format!("{value} is outside {lo}–{hi}"),
            ))
        }
    };
    range(r.persons, 1, crate::validate::MAX_MEMBERS as i64, "persons")?;
    range(r.months, 1, 12, "months")?;
    if let Some(h) = &r.hospital_care {
        range(h.days, 0, 366, "hospital_care.days")?;
    }
    if r.cause_date > r.calculation_date {
        return Err(Error::new(
            ErrorCode::ConflictingFields,
            "cause_date",
            format!(
                "the cause ({}) is after the calculation date ({})",
                r.cause_date, r.calculation_date
            ),
        ));
    }
    if r.assistance_type == TemporaryType::Expenditure && r.actual_spending.is_none() {
        return Err(Error::new(
            ErrorCode::MissingField,
            "actual_spending",
            "支出型 assistance needs the actual spending it covers",
        ));
    }
    Ok(())
}

/// The wire entry point `temporary_assistance`.
pub fn temporary_assistance_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(temporary_assistance_wire, json)
}

/// The `temporary_assistance` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn temporary_assistance_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request: TemporaryRequest = crate::decode(json)?;
    let out = temporary_assistance(ParameterStore::embedded()?, &request)?;
    crate::sink::emit(&out, sink)
}

/// Calculates a temporary-assistance grant.
#[doc(alias("临时救助", "急难型", "支出型"))]
pub fn temporary_assistance(
    store: &ParameterStore,
    r: &TemporaryRequest,
) -> Result<ProgrammeCalculation, Error> {
    validate(r)?;
    let mut ctx = Context::new(
        store,
        r.calculation_date,
        Some(r.district),
        Some(r.area),
        r.options.explain,
    );
    let programme = assess(&mut ctx, r)?;
    let (warnings, used) = ctx.finish();
    Ok(ProgrammeCalculation {
        calculation_date: r.calculation_date,
        programme,
        warnings,
        receipt: crate::receipt::receipt(r, &used),
    })
}

fn assess(ctx: &mut Context<'_>, r: &TemporaryRequest) -> Result<ProgrammeResult, Error> {
    let (window_key, cap_key) = match r.assistance_type {
        TemporaryType::Expenditure => (
            "temporary.window_months.expenditure",
            "temporary.cap_months.expenditure",
        ),
        TemporaryType::Emergency => (
            "temporary.window_months.emergency",
            "temporary.cap_months.emergency",
        ),
    };
    let window = ctx.param(window_key)?;
    let window_months = u32::try_from(window.get().trunc().mantissa()).unwrap_or(0);
    let deadline = r.cause_date.add_months(window_months);
    if deadline.is_none_or(|d| r.calculation_date > d) {
        let why = reason(
            ctx,
            ReasonCode::CauseOutsideWindow,
            format!(
                "事由发生于{}，已超过{}个月的申请期限",
                r.cause_date,
                window.get()
            ),
            format!(
                "The cause occurred on {}, more than {} months ago",
                r.cause_date,
                window.get()
            ),
            SRC,
            "第五条",
        );
        return Ok(result(
            Programme::TemporaryAssistance,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    }
    let cap_key = match r.payment {
        TemporaryPayment::LumpSum => cap_key,
        TemporaryPayment::Advance => "temporary.cap_months.advance",
        TemporaryPayment::Monthly => "temporary.cap_months.monthly",
    };
    let cap = ctx.param(cap_key)?;
    let standard = ctx.param("dibao.standard")?;
    let s = standard.get();
    let persons = Decimal::from(r.persons);
    let mut months = Decimal::from(r.months);
    let mut used = vec![standard, cap];
    if r.persons == 1 {
        let floor = ctx.param("temporary.min_months.individual")?;
        months = months.max(floor.get());
        used.push(floor);
    }
    let months = months.min(cap.get());
    let by_standard = persons * s * months;
    let mut base = by_standard;
    let mut formula_zh = format!(
        "{persons}人 × 低保标准{s}元 × {months}个月（上限{}个月）= {by_standard}元",
        cap.get()
    );
    let mut formula_en = format!(
        "{persons} persons × standard {s} × {months} months (cap {}) = {by_standard} 元",
        cap.get()
    );
    if let (TemporaryType::Expenditure, Some(spent)) = (r.assistance_type, r.actual_spending) {
        if spent.0 < base {
            base = spent.0;
            formula_zh.push_str(&format!("，不超过实际支出{}元", spent));
            formula_en.push_str(&format!(", not above the actual spending {spent} 元"));
        }
    }
    let mut items = vec![LineItem {
        id: "temporary.base".into(),
        person_id: None,
        label_zh: "临时救助金".into(),
        label_en: "Temporary assistance".into(),
        amount: Money(base),
        formula_zh,
        formula_en,
        parameters: ctx.uses(&used),
    }];
    if let Some(h) = r.hospital_care.as_ref().filter(|h| h.days > 0) {
        let daily = ctx.param(if h.tekun {
            "temporary.hospital_care_daily.tekun"
        } else {
            "temporary.hospital_care_daily.other"
        })?;
        let days = Decimal::from(h.days);
        let add = daily.get() * days;
        items.push(LineItem {
            id: "temporary.hospital_care".into(),
            person_id: None,
            label_zh: "住院护理费补助".into(),
            label_en: "Hospital care add-on".into(),
            amount: Money(add),
            formula_zh: text!(ctx, "{days}天 × 每天{}元 = {add}元", daily.get()),
            formula_en: text!(ctx, "{days} days × {} 元 a day = {add} 元", daily.get()),
            parameters: ctx.uses(&[daily]),
        });
    }
    let subtotal: Decimal = items.iter().map(|i| i.amount.0).sum();
    let family_cap = ctx.param("temporary.family_cap_per_year")?;
    let remaining = (family_cap.get() - r.aid_received_this_year.0).max(Decimal::ZERO);
    let mut steps = Vec::new();
    if subtotal > remaining {
        let cut = subtotal - remaining;
        items.push(LineItem {
            id: "temporary.family_cap".into(),
            person_id: None,
            label_zh: "家庭年度累计上限扣减".into(),
            label_en: "Reduction to the family's yearly cap".into(),
            amount: Money(-cut),
            formula_zh: text!(
                ctx,
                "上限{}元 − 本年已获{}元 = 尚可{remaining}元；扣减{cut}元",
                family_cap.get(),
                r.aid_received_this_year
            ),
            formula_en: text!(
                ctx,
                "cap {} − received this year {} = {remaining} 元 left; {cut} 元 less",
                family_cap.get(),
                r.aid_received_this_year
            ),
            parameters: ctx.uses(&[family_cap]),
        });
    } else if ctx.explain {
        steps.push(Step {
            id: "temporary.family_cap".into(),
            label_zh: "家庭年度累计上限".into(),
            label_en: "Family's yearly cap".into(),
            value: Number(remaining),
            formula_zh: text!(
                ctx,
                "上限{}元 − 本年已获{}元 = 尚可{remaining}元，未触及",
                family_cap.get(),
                r.aid_received_this_year
            ),
            formula_en: text!(
                ctx,
                "cap {} − received this year {} = {remaining} 元 left; not reached",
                family_cap.get(),
                r.aid_received_this_year
            ),
            inputs: vec![Input {
                name: "subtotal".into(),
                value: Number(subtotal),
            }],
            parameters: ctx.uses(&[family_cap]),
            passed: Some(true),
            citation: Some(ctx.cite(SRC, "第十二条")),
        });
    }
    for item in &mut items {
        item.amount = round_payable(item.amount.0);
    }
    let total: Decimal = items.iter().map(|i| i.amount.0).sum();
    if total <= Decimal::ZERO {
        let why = reason(
            ctx,
            ReasonCode::FamilyCapReached,
            format!(
                "本年已获临时救助{}元，已达家庭年度上限{}元",
                r.aid_received_this_year,
                family_cap.get()
            ),
            format!(
                "{} 元 received this year already reaches the family cap of {} 元",
                r.aid_received_this_year,
                family_cap.get()
            ),
            SRC,
            "第十二条",
        );
        return Ok(result(
            Programme::TemporaryAssistance,
            Eligibility::NotEligible,
            Some(why),
            Vec::new(),
            steps,
        ));
    }
    // The grant is reported as one total, also when it is paid out month by month.
    let out = result(
        Programme::TemporaryAssistance,
        Eligibility::Eligible,
        None,
        Vec::new(),
        steps,
    );
    Ok(with_one_off(out, items))
}
