//! A resident's monthly bill in a public care home (公办养老机构).
//!
//! 1. Charges: 床位费 by room type, 护理费 by care tier (from the assessed ability level), 伙食费
//!    when the resident takes the meals; each charged for the days of stay by the tariff's
//!    partial-month rule and rounded once.
//! 2. The resident group's rule (handbook §7): 特困 residents pay nothing (structure: the bed,
//!    care and meal fees are all waived); 低保, 低保边缘, 优抚 and 计生特殊家庭 residents have a
//!    share of the bed and care fees waived (illustrative parameters; meals are at cost and not
//!    reduced); other residents pay the tariff.
//! 3. 长期护理保险 pays its share of the care (and, where allowed, bed) fee left to the resident
//!    ([`super::ltc`]).
//! 4. Other subsidies given in the request, in order, never beyond what is left.
//!
//! Out of pocket = charges − deductions; every line is explained.

use rust_decimal::Decimal;

use super::ltc;
use super::tariff::{fees, period, prorate};
use super::wire::{BillRequest, BillResult, ResidentGroup};
use crate::context::Context;
use crate::error::Error;
use crate::money::{Money, Number, round_payable};
use crate::params::{ParamRef, ParameterStore};
use crate::wire::{Input, LineItem, Step};

/// A fee of the tariff: key, Chinese and English names, monthly amount and its parameter.
type FeeRow<'a> = (
    &'static str,
    &'static str,
    &'static str,
    (Money, Option<ParamRef<'a>>),
);

/// A charge line and its exact rounded amount.
struct Charge {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    amount: Decimal,
}

/// Most other subsidies one bill may list (a resident has a handful; the bound keeps the result,
/// one line item each, proportionate to a request).
pub const MAX_SUBSIDIES: usize = 20;

/// Other subsidies: at most [`MAX_SUBSIDIES`], each with a non-empty id used once (the id names
/// its line item, `care_home.subsidy.<id>`; a repeated id would make two lines one name).
fn check_subsidies(subsidies: &[crate::care_home::wire::Subsidy]) -> Result<(), Error> {
    if subsidies.len() > MAX_SUBSIDIES {
        return Err(Error::new(
            crate::error::ErrorCode::InputTooLarge,
            "other_subsidies",
            format!(
                "{} subsidies given; at most {MAX_SUBSIDIES} are accepted",
                subsidies.len()
            ),
        ));
    }
    let mut ids = crate::validate::UniqueIds::new("subsidy");
    for (i, s) in subsidies.iter().enumerate() {
        ids.check(&s.id, || format!("other_subsidies[{i}].id"))?;
    }
    Ok(())
}

/// Computes a bill with the given parameter store.
pub fn bill(store: &ParameterStore, req: &BillRequest) -> Result<BillResult, Error> {
    let period = period(req.calculation_date, req.stay_from, req.stay_to)?;
    if let Some(cover) = &req.ltc {
        ltc::check(cover)?;
    }
    check_subsidies(&req.other_subsidies)?;
    let mut ctx = Context::new(store, req.calculation_date, None, None, req.options.explain);
    let tier = req.resident.ability_level.care_tier();
    let f = fees(
        &mut ctx,
        req.tariff.as_ref(),
        &req.resident.room_type,
        tier,
        req.resident.meals,
    )?;

    // 1. Charges.
    let mut charges = Vec::new();
    let mut charged = Vec::new();
    let mut items: Vec<FeeRow<'_>> = vec![
        ("bed_fee", "床位费", "Bed fee", f.bed),
        ("care_fee", "护理费", "Care fee", f.care),
    ];
    if let Some(meal) = f.meal {
        items.push(("meal_fee", "伙食费", "Meal fee", meal));
    }
    for (key, zh, en, (monthly, param)) in items {
        let (exact, fz, fe) = prorate(monthly, f.partial_month, &period);
        let amount = round_payable(exact);
        let (zh_label, en_label) = match key {
            "bed_fee" => (
                format!("{zh}（{}）", req.resident.room_type),
                format!("{en} ({})", req.resident.room_type),
            ),
            "care_fee" => (
                format!("{zh}（{}）", tier.name_zh()),
                format!("{en} ({} tier)", tier.as_str()),
            ),
            _ => (zh.to_string(), en.to_string()),
        };
        charges.push(LineItem {
            id: format!("care_home.{key}"),
            person_id: None,
            label_zh: zh_label,
            label_en: en_label,
            amount,
            formula_zh: format!("{fz} = {amount}元"),
            formula_en: format!("{fe} = {amount}"),
            parameters: ctx.uses(&param.into_iter().collect::<Vec<_>>()),
        });
        charged.push(Charge {
            key,
            zh,
            en,
            amount: amount.0,
        });
    }
    let total_charges: Decimal = charged.iter().map(|c| c.amount).sum();

    // 2. The resident group's rule.
    let mut deductions = Vec::new();
    let group = req.resident.group;
    let reduction_key = match group {
        ResidentGroup::General => None,
        ResidentGroup::Tekun => Some("care_home.reduction.tekun"),
        ResidentGroup::Dibao => Some("care_home.reduction.dibao"),
        ResidentGroup::DibaoMarginal => Some("care_home.reduction.dibao_marginal"),
        ResidentGroup::Youfu => Some("care_home.reduction.youfu"),
        ResidentGroup::JishengSpecial => Some("care_home.reduction.jisheng_special"),
    };
    let left = |key: &str| -> Decimal {
        charged
            .iter()
            .find(|c| c.key == key)
            .map_or(Decimal::ZERO, |c| c.amount)
    };
    let mut care_left = left("care_fee");
    let mut bed_left = left("bed_fee");
    if let Some(k) = reduction_key {
        let p = ctx.param(k)?;
        let r = p.get();
        for c in &charged {
            if c.key == "meal_fee" && group != ResidentGroup::Tekun {
                continue;
            }
            let amount = round_payable(c.amount * r);
            match c.key {
                "care_fee" => care_left -= amount.0,
                "bed_fee" => bed_left -= amount.0,
                _ => {}
            }
            deductions.push(LineItem {
                id: format!("care_home.reduction.{}", c.key),
                person_id: None,
                label_zh: format!("{}{}减免", group.name_zh(), c.zh),
                label_en: format!("{} waived ({} resident)", c.en, group.as_str()),
                amount,
                formula_zh: format!("{}{}元 × 减免比例{r} = {amount}元", c.zh, c.amount),
                formula_en: format!("{} {} × waived share {r} = {amount}", c.en, c.amount),
                parameters: ctx.uses(&[p]),
            });
        }
    }

    // 3. Long-term care insurance.
    let mut steps = Vec::new();
    let mut ltc_outcome = None;
    if let Some(cover) = &req.ltc {
        let share = ltc::share(&mut ctx, cover, care_left, bed_left, period.days)?;
        deductions.extend(share.line);
        steps.extend(share.step);
        ltc_outcome = Some(share.outcome);
    }

    // 4. Other subsidies.
    let mut remaining = total_charges - deductions.iter().map(|d| d.amount.0).sum::<Decimal>();
    for s in &req.other_subsidies {
        let amount = round_payable(s.amount.0.min(remaining));
        remaining -= amount.0;
        let capped = amount.0 < s.amount.0;
        deductions.push(LineItem {
            id: format!("care_home.subsidy.{}", s.id),
            person_id: None,
            label_zh: s.name.clone(),
            label_en: s.name.clone(),
            amount,
            formula_zh: if capped {
                format!("补贴{}元，以尚需支付的{amount}元为限", s.amount)
            } else {
                format!("补贴{amount}元")
            },
            formula_en: if capped {
                format!("subsidy {}, limited to the {amount} left to pay", s.amount)
            } else {
                format!("subsidy {amount}")
            },
            parameters: Vec::new(),
        });
    }

    let total_deductions: Decimal = deductions.iter().map(|d| d.amount.0).sum();
    if ctx.explain {
        steps.insert(
            0,
            Step {
                id: "care_home.period".into(),
                label_zh: "计费天数".into(),
                label_en: "Days billed".into(),
                value: Number(period.days.into()),
                formula_zh: format!(
                    "{}至{}，共{}天（当月{}天）",
                    period.from, period.to, period.days, period.days_in_month
                ),
                formula_en: format!(
                    "{} to {}: {} days (of {} in the month)",
                    period.from, period.to, period.days, period.days_in_month
                ),
                inputs: Vec::new(),
                parameters: Vec::new(),
                passed: None,
                citation: None,
            },
        );
        steps.push(Step {
            id: "care_home.out_of_pocket".into(),
            label_zh: "个人自付".into(),
            label_en: "Out of pocket".into(),
            value: Number(total_charges - total_deductions),
            formula_zh: format!("收费合计{total_charges}元 − 减免及补贴合计{total_deductions}元"),
            formula_en: format!("charges {total_charges} − deductions {total_deductions}"),
            inputs: vec![
                Input {
                    name: "total_charges".into(),
                    value: Number(total_charges),
                },
                Input {
                    name: "total_deductions".into(),
                    value: Number(total_deductions),
                },
            ],
            parameters: Vec::new(),
            passed: None,
            citation: None,
        });
    }
    let (warnings, used) = ctx.finish();
    Ok(BillResult {
        calculation_date: req.calculation_date,
        period,
        tariff_name: f.name,
        sample_tariff: f.sample,
        resident_group: group,
        care_tier: tier,
        charges,
        total_charges: Money(total_charges),
        deductions,
        total_deductions: Money(total_deductions),
        out_of_pocket: Money(total_charges - total_deductions),
        ltc: ltc_outcome,
        steps,
        warnings,
        receipt: crate::receipt::receipt(req, &used),
    })
}
