//! A resident's monthly bill in a public care home (公办养老机构).
//!
//! 1. Charges: 床位费 by room type, 护理费 by care tier (from the assessed ability level), 伙食费
//!    when the resident takes the meals; each charged for the days of stay by the tariff's
//!    partial-month rule and rounded once.
//! 2. The resident group's rule:
//!    - 特困 (三无 / 五保) residents live free: bed, care and meals are all waived (广州市发展改革委,
//!      letter of 2023-01-03, reported; handbook §7);
//!    - 失能 or 高龄 residents from 低保 or 低收入 (低保边缘) households pay a basic elderly-care
//!      charge of one urban dibao standard a month for bed, care and meals together, and city and
//!      district finance pay the gap to the home's charges, up to the financial-support standard
//!      for supported persons per head (same letter §三, under 穗发改规字〔2017〕7号; reported). The
//!      cap's amount was not read: the request gives it (`finance_cap`), or the gap is shown
//!      uncapped with a warning. Other 低保 / 低收入 residents pay the tariff;
//!    - 优抚 and 计生特殊家庭 residents have a share of the bed and care fees waived (illustrative
//!      parameters; meals at cost, not reduced); other residents pay the tariff.
//! 3. 长期护理保险 pays its share of the care (and, where allowed, bed) fee ([`super::ltc`]). For
//!    a resident on the basic charge it pays before finance, which makes up the gap that is left
//!    (insurance before assistance; the letter does not state the order).
//! 4. Other subsidies given in the request, in order, never beyond what is left.
//!
//! Out of pocket = charges − deductions; every line is explained.
#![doc(alias("公办养老机构收费", "月度账单", "床位费", "护理费"))]

use rust_decimal::Decimal;

use super::ltc;
use super::tariff::{fees, period, prorate};
use super::wire::{BillRequest, BillResult, PartialMonth, Period, ResidentGroup};
use crate::care_level::AbilityLevel;
use crate::context::Context;
use crate::error::Error;
use crate::money::{Money, Number, round_payable};
use crate::params::{ParamRef, ParameterStore};
use crate::warnings::WarningCode;
use crate::wire::{Input, LineItem, Step};

const LETTER: &str = "GZ-FGW-2023-LETTER";
const LETTER_ART: &str = "三";

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

pub use crate::limits::MAX_SUBSIDIES;

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
    if let Some(age) = req
        .resident
        .age
        .filter(|a| !(0..=crate::validate::MAX_AGE).contains(a))
    {
        return Err(Error::new(
            crate::error::ErrorCode::OutOfRange,
            "resident.age",
            format!("age {age} is outside 0–{}", crate::validate::MAX_AGE),
        ));
    }
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
    let mut steps = Vec::new();
    let group = req.resident.group;
    let reduction_key = match group {
        ResidentGroup::Tekun => Some("care_home.reduction.tekun"),
        ResidentGroup::Youfu => Some("care_home.reduction.youfu"),
        ResidentGroup::JishengSpecial => Some("care_home.reduction.jisheng_special"),
        ResidentGroup::General | ResidentGroup::Dibao | ResidentGroup::DibaoMarginal => None,
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
    let basic = match group {
        ResidentGroup::Dibao | ResidentGroup::DibaoMarginal => {
            basic_charge_applies(&mut ctx, req, &mut steps)?
        }
        _ => false,
    };

    // 3. Long-term care insurance.
    let mut ltc_outcome = None;
    if let Some(cover) = &req.ltc {
        let share = ltc::share(&mut ctx, cover, care_left, bed_left, period.days)?;
        deductions.extend(share.line);
        steps.extend(share.step);
        ltc_outcome = Some(share.outcome);
    }

    // 3b. The basic charge: finance pays the gap to the charges, up to its cap.
    if basic {
        let left = total_charges - deductions.iter().map(|d| d.amount.0).sum::<Decimal>();
        deductions.extend(finance_gap(
            &mut ctx,
            req,
            f.partial_month,
            &period,
            left,
            &mut steps,
        )?);
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

/// Whether a 低保 or 低收入 resident is on the basic charge: 失能 (any assessed level below
/// 能力完好), or 高龄 (the age of `care_home.advanced_age`, illustrative). Without an age, an
/// able resident's 高龄 is not known: the tariff applies and a warning names `resident.age`.
fn basic_charge_applies(
    ctx: &mut Context<'_>,
    req: &BillRequest,
    steps: &mut Vec<Step>,
) -> Result<bool, Error> {
    let r = &req.resident;
    let level = r.ability_level;
    let (applies, why_zh, why_en, parameters) = if level != AbilityLevel::Intact {
        let name = level.name_zh().to_string();
        (true, name.clone(), name, Vec::new())
    } else if let Some(age) = r.age {
        let p = ctx.param("care_home.advanced_age")?;
        let old = Decimal::from(age) >= p.get();
        let cmp = if old { "≥" } else { "<" };
        let (zh, en) = (
            format!("年龄 {age} 岁 {cmp} {} 岁", p.get()),
            format!("age {age} {cmp} {}", p.get()),
        );
        (old, zh, en, ctx.uses(&[p]))
    } else {
        ctx.warn(
            WarningCode::InputNotGiven,
            None,
            "未填写年龄（resident.age），无法判断是否高龄：按收费标准计算",
            "No age given (resident.age): whether the resident is 高龄 is not known; billed at the tariff",
        );
        (
            false,
            "未填写年龄".to_string(),
            "age ?".to_string(),
            Vec::new(),
        )
    };
    if ctx.explain {
        let verdict_zh = if applies { "适用" } else { "不适用" };
        let (formula_zh, formula_en) = (
            format!("{why_zh}：{verdict_zh}"),
            format!("{why_en}: {applies}"),
        );
        steps.push(Step {
            id: "care_home.basic_charge_test".into(),
            label_zh: "失能或高龄：按基本养老服务费收取".into(),
            label_en: "失能 or 高龄: the basic charge".into(),
            value: Number(Decimal::from(u8::from(applies))),
            formula_zh,
            formula_en,
            inputs: Vec::new(),
            parameters,
            passed: (level != AbilityLevel::Intact || r.age.is_some()).then_some(applies),
            citation: Some(ctx.cite(LETTER, LETTER_ART)),
        });
    }
    Ok(applies)
}

/// The basic charge of a resident on it: one urban dibao standard × the multiple a month, charged
/// for the days of stay by the tariff's partial-month rule and rounded once; finance pays what is
/// `left` above it, at most the request's `finance_cap` (without one, uncapped and a warning).
fn finance_gap(
    ctx: &mut Context<'_>,
    req: &BillRequest,
    rule: PartialMonth,
    period: &Period,
    left: Decimal,
    steps: &mut Vec<Step>,
) -> Result<Option<LineItem>, Error> {
    let multiple = ctx.param("care_home.basic_charge.dibao_standards")?;
    let standard = ctx.param("dibao.standard")?;
    let monthly = Money(standard.get() * multiple.get());
    let (exact, fz, fe) = prorate(monthly, rule, period);
    let charge = round_payable(exact);
    let pays = Money(charge.0.min(left));
    let gap = left - pays.0;
    let cap = req.finance_cap.map(|c| c.0);
    if cap.is_none() && gap > Decimal::ZERO {
        ctx.warn(
            WarningCode::InputNotGiven,
            None,
            "财政补足以财政供养人员供养标准为限，该数额未收录也未填写（finance_cap）：按全额补足计算",
            "Finance pays the gap up to a cap per head that is not encoded and was not given (finance_cap): shown uncapped",
        );
    }
    let finance = cap.map_or(gap, |c| c.min(gap));
    let params = ctx.uses(&[multiple, standard]);
    if ctx.explain {
        steps.push(Step {
            id: "care_home.basic_charge".into(),
            label_zh: "基本养老服务费（含床位、护理、伙食）".into(),
            label_en: "Basic charge (bed, care and meals)".into(),
            value: Number(pays.0),
            formula_zh: format!(
                "{fz} = {charge}元；自付 min({}, {charge}) = {pays}元",
                Money(left)
            ),
            formula_en: format!(
                "{fe} = {charge}; pays min({}, {charge}) = {pays}",
                Money(left)
            ),
            inputs: Vec::new(),
            parameters: params.clone(),
            passed: None,
            citation: Some(ctx.cite(LETTER, LETTER_ART)),
        });
    }
    if finance <= Decimal::ZERO {
        return Ok(None);
    }
    let amount = round_payable(finance);
    let capped = finance < gap;
    let formula_zh = format!(
        "{} − {pays} = {}{} → {amount}",
        Money(left),
        Money(gap),
        if capped { "（封顶）" } else { "" }
    );
    let formula_en = format!(
        "{} − {pays} = {}{} → {amount}",
        Money(left),
        Money(gap),
        if capped { " (cap)" } else { "" }
    );
    Ok(Some(LineItem {
        id: "care_home.finance_gap".into(),
        person_id: None,
        label_zh: "财政补足差额".into(),
        label_en: "Finance pays the gap".into(),
        amount,
        formula_zh,
        formula_en,
        parameters: params,
    }))
}
