//! 流浪乞讨人员伙食费: the monthly food allowance for persons in a rescue station, adult 785.4
//! and minor 916.3 元 (穗民规字〔2025〕2号 一(五)).
#![doc(alias("流浪乞讨人员伙食费", "流浪乞讨", "救助站"))]

use crate::engine::reasons::ReasonCode;
use serde::{Deserialize, Serialize};

use super::temporary::ProgrammeCalculation;
use super::{reason, result};
use crate::context::Context;
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::money::round_payable;
use crate::params::ParameterStore;
use crate::wire::{Eligibility, LineItem, Options, Programme};

/// Persons staying in a rescue station.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RescueRequest {
    /// The month's date.
    pub calculation_date: Date,
    /// The persons.
    pub persons: Vec<RescuedPerson>,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// A person in a rescue station.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RescuedPerson {
    /// Identifier.
    pub id: String,
    /// Age in completed years (under 18: the minor's allowance).
    pub age: i64,
}

/// The wire entry point `rescue_food_allowance`.
pub fn rescue_food_allowance_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(rescue_food_allowance_wire, json)
}

/// The `rescue_food_allowance` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn rescue_food_allowance_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request: RescueRequest = crate::decode(json)?;
    crate::sink::emit(
        &rescue_food_allowance(ParameterStore::embedded()?, &request)?,
        sink,
    )
}

/// Calculates the month's food allowance for each person.
#[doc(alias("流浪乞讨人员伙食费"))]
pub fn rescue_food_allowance(
    store: &ParameterStore,
    r: &RescueRequest,
) -> Result<ProgrammeCalculation, Error> {
    if r.persons.len() > crate::validate::MAX_MEMBERS {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            "persons",
            format!(
                "at most {} persons per request",
                crate::validate::MAX_MEMBERS
            ),
        ));
    }
    // A person listed twice would be paid twice: ids are unique, as a household's members are.
    let mut ids = crate::validate::UniqueIds::new("person");
    for (i, p) in r.persons.iter().enumerate() {
        ids.check(&p.id, || format!("persons[{i}].id"))?;
        if !(0..=crate::validate::MAX_AGE).contains(&p.age) {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                format!("persons[{i}].age"),
                format!("age {} is outside 0–{}", p.age, crate::validate::MAX_AGE),
            ));
        }
    }
    let mut ctx = Context::new(store, r.calculation_date, None, None, r.options.explain);
    let mut items = Vec::new();
    for p in &r.persons {
        let (key, zh, en) = if p.age < 18 {
            ("rescue.food_allowance.minor", "未成年人", "minor")
        } else {
            ("rescue.food_allowance.adult", "成年人", "adult")
        };
        let allowance = ctx.param(key)?;
        let amount = round_payable(allowance.get());
        items.push(LineItem {
            id: "rescue.food".into(),
            person_id: Some(p.id.clone()),
            label_zh: format!("伙食费（{}，{zh}）", p.id),
            label_en: format!("Food allowance ({}, {en})", p.id),
            amount,
            formula_zh: text!(ctx, "{zh}标准每月{amount}元"),
            formula_en: text!(ctx, "the {en} figure, {amount} 元 a month"),
            parameters: ctx.uses(&[allowance]),
        });
    }
    let programme = if items.is_empty() {
        let why = reason(
            &ctx,
            ReasonCode::NoPersons,
            "未列出受助人员".into(),
            "No persons were listed".into(),
            "GZ-2025-STD",
            "一(五)",
        );
        result(
            Programme::RescueFoodAllowance,
            Eligibility::NotEligible,
            Some(why),
            items,
            Vec::new(),
        )
    } else {
        result(
            Programme::RescueFoodAllowance,
            Eligibility::Eligible,
            None,
            items,
            Vec::new(),
        )
    };
    let (warnings, used) = ctx.finish();
    Ok(ProgrammeCalculation {
        calculation_date: r.calculation_date,
        programme,
        warnings,
        receipt: crate::receipt::receipt(r, &used),
    })
}
