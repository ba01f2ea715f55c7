//! 动态调整 (dynamic adjustment) of a public care-home price.
//!
//! Handbook §7: a price is recomputed from cost (depreciation, staff, running costs, occupancy)
//! and the change of one adjustment is capped. The cost formula is structure; the cap is
//! illustrative (`care_home.adjustment.max_change`, overridable per request).
//!
//! - cost-based price (元 per bed per month) = (depreciation + staff + running − offsets) ÷
//!   (beds × occupancy × 12), never below zero;
//! - new price = the cost-based price kept within current × (1 − cap) and current × (1 + cap).
//!
//! The computed and the new price are each rounded once to the fen.
#![doc(alias("动态调整", "收费动态调整"))]

use rust_decimal::Decimal;

use super::wire::{AdjustedFee, PriceAdjustmentRequest, PriceAdjustmentResult};
use crate::context::Context;
use crate::error::{Error, ErrorCode};
use crate::money::{Number, round_payable};
use crate::params::ParameterStore;
use crate::wire::{Input, LineItem, Step};

const SRC: &str = "HANDBOOK-7-CARE-HOME";

pub use crate::limits::MAX_BEDS;

fn check(req: &PriceAdjustmentRequest) -> Result<(), Error> {
    if !(1..=MAX_BEDS).contains(&req.beds) {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "beds",
            format!("beds must be 1–{MAX_BEDS}, not {}", req.beds),
        ));
    }
    if req.occupancy_rate.0 <= Decimal::ZERO {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "occupancy_rate",
            "the occupancy rate must be above 0 (costs are spread over occupied beds)",
        ));
    }
    if req.current_price.0 <= Decimal::ZERO {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "current_price",
            "the current price must be above 0: the cap is a share of it",
        ));
    }
    Ok(())
}

/// Computes a price adjustment with the given parameter store.
pub fn adjust(
    store: &ParameterStore,
    req: &PriceAdjustmentRequest,
) -> Result<PriceAdjustmentResult, Error> {
    check(req)?;
    let mut ctx = Context::new(store, req.calculation_date, None, None, req.options.explain);
    let c = &req.annual_costs;
    let gross = c.depreciation.0 + c.staff.0 + c.running.0;
    let net = (gross - c.offsets.0).max(Decimal::ZERO);
    let beds = Decimal::from(req.beds);
    let occ = req.occupancy_rate.0;
    let bed_months = (beds * occ * Decimal::from(12)).normalize();
    let computed_exact = net / bed_months;
    let computed = round_payable(computed_exact);

    let (cap, cap_param) = match req.max_change {
        Some(r) => (r.0, None),
        None => {
            let p = ctx.param("care_home.adjustment.max_change")?;
            (p.get(), Some(p))
        }
    };
    let old = req.current_price.0;
    let lower = (old * (Decimal::ONE - cap)).normalize();
    let upper = (old * (Decimal::ONE + cap)).normalize();
    let new_exact = computed_exact.clamp(lower, upper);
    let cap_binds = computed_exact < lower || computed_exact > upper;
    let new = round_payable(new_exact);
    let direction = match new.0.cmp(&old) {
        std::cmp::Ordering::Greater => "increase",
        std::cmp::Ordering::Less => "decrease",
        std::cmp::Ordering::Equal => "unchanged",
    };
    let (fee_zh, fee_en) = match req.fee {
        AdjustedFee::Bed => ("床位费", "bed fee"),
        AdjustedFee::Care => ("护理费", "care fee"),
    };
    let cap_source_zh = if cap_param.is_some() {
        "示例参数"
    } else {
        "请求给定"
    };
    let cap_source_en = if cap_param.is_some() {
        "illustrative parameter"
    } else {
        "given in the request"
    };
    let used: Vec<_> = cap_param.into_iter().collect();

    let prices = vec![
        LineItem {
            id: "care_home.adjustment.computed_price".into(),
            person_id: None,
            label_zh: format!("按成本核定的{fee_zh}"),
            label_en: format!("Cost-based {fee_en}"),
            amount: computed,
            formula_zh: format!(
                "（折旧{} + 人员经费{} + 运行费用{} − 政府投入及捐赠{}）÷（{beds}张床 × 入住率{occ} × 12个月）= {net} ÷ {bed_months} = {computed}元/床/月",
                c.depreciation, c.staff, c.running, c.offsets
            ),
            formula_en: format!(
                "(depreciation {} + staff {} + running {} − offsets {}) ÷ ({beds} beds × occupancy {occ} × 12 months) = {net} ÷ {bed_months} = {computed} per bed per month",
                c.depreciation, c.staff, c.running, c.offsets
            ),
            parameters: Vec::new(),
        },
        LineItem {
            id: "care_home.adjustment.new_price".into(),
            person_id: None,
            label_zh: format!("调整后的{fee_zh}"),
            label_en: format!("New {fee_en}"),
            amount: new,
            formula_zh: format!(
                "单次调整幅度上限{cap}（{cap_source_zh}）：允许区间{old} × (1 − {cap}) = {lower}至{old} × (1 + {cap}) = {upper}；核定价格{computed}元{}，新价格{new}元",
                if cap_binds {
                    "超出区间，按上限调整"
                } else {
                    "在区间内，按核定价格"
                }
            ),
            formula_en: format!(
                "cap on one adjustment {cap} ({cap_source_en}): allowed {old} × (1 − {cap}) = {lower} to {old} × (1 + {cap}) = {upper}; the cost-based price {computed} {}, new price {new}",
                if cap_binds {
                    "is outside, so the cap applies"
                } else {
                    "is inside, so it applies"
                }
            ),
            parameters: ctx.uses(&used),
        },
    ];
    let mut steps = Vec::new();
    if ctx.explain {
        steps.push(Step {
            id: "care_home.adjustment.net_costs".into(),
            label_zh: "年度核定成本".into(),
            label_en: "Yearly costs counted".into(),
            value: Number(net),
            formula_zh: format!("{gross} − {} = {net}（不低于0）", c.offsets),
            formula_en: format!("{gross} − {} = {net} (not below 0)", c.offsets),
            inputs: vec![
                Input {
                    name: "annual_costs.depreciation".into(),
                    value: Number(c.depreciation.0),
                },
                Input {
                    name: "annual_costs.staff".into(),
                    value: Number(c.staff.0),
                },
                Input {
                    name: "annual_costs.running".into(),
                    value: Number(c.running.0),
                },
                Input {
                    name: "annual_costs.offsets".into(),
                    value: Number(c.offsets.0),
                },
            ],
            parameters: Vec::new(),
            passed: None,
            citation: Some(ctx.cite(SRC, "§7 动态调整（成本核定，结构性规则）")),
        });
        steps.push(Step {
            id: "care_home.adjustment.cap_test".into(),
            label_zh: "单次调整幅度检查".into(),
            label_en: "Cap on one adjustment".into(),
            value: Number(cap),
            formula_zh: format!(
                "核定价格{}在{lower}至{upper}之间？",
                computed_exact.normalize()
            ),
            formula_en: format!(
                "is the cost-based price {computed_exact} within {lower} to {upper}?"
            ),
            inputs: vec![Input {
                name: "current_price".into(),
                value: Number(old),
            }],
            parameters: ctx.uses(&used),
            passed: Some(!cap_binds),
            citation: Some(ctx.cite(SRC, "§7 动态调整")),
        });
    }
    let (warnings, used) = ctx.finish();
    Ok(PriceAdjustmentResult {
        calculation_date: req.calculation_date,
        fee: req.fee,
        old_price: req.current_price,
        computed_price: computed,
        new_price: new,
        direction: direction.into(),
        cap: Number(cap),
        cap_binds,
        prices,
        steps,
        warnings,
        receipt: crate::receipt::receipt(req, &used),
    })
}
