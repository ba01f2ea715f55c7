//! Integration tests of `care_home_bill` and `care_home_price_adjustment`: invariants over many
//! inputs, explanations, and the typed Rust entry points.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use minzheng::call_json;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn call(api: &str, req: &Value) -> Value {
    serde_json::from_str(&call_json(api, &req.to_string()).unwrap()).unwrap()
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

fn sum(items: &Value) -> Decimal {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| dec(&i["amount"]))
        .sum()
}

const LEVELS: [&str; 5] = ["intact", "mild", "moderate", "severe", "complete"];
const GROUPS: [&str; 6] = [
    "general",
    "tekun",
    "dibao",
    "dibao_marginal",
    "youfu",
    "jisheng_special",
];

fn tariff(rule: &str) -> Value {
    json!({
        "name": "test",
        "bed_fee": {"double": "1600.55", "ward": "1200"},
        "care_fee": {"self_care": "300", "mild": "800", "moderate": "1400.10", "severe": "2200", "complete": "3100"},
        "meal_fee": "960.33",
        "partial_month": rule
    })
}

proptest! {
    /// Lines add up, nothing is negative, and the resident never pays more than the charges.
    #[test]
    fn bills_add_up(
        group in 0usize..6, level in 0usize..5, rule in 0usize..3, from in 1u8..=31, len in 0u8..31,
        ltc in 0usize..7, subsidy in 0u32..5000, meals in any::<bool>(),
    ) {
        let to = (from + len).min(31);
        let rule = ["calendar_days", "thirty_days", "full_month"][rule];
        let mut req = json!({
            "calculation_date": "2025-07-01",
            "stay_from": format!("2025-07-{from:02}"),
            "stay_to": format!("2025-07-{to:02}"),
            "tariff": tariff(rule),
            "resident": {"group": GROUPS[group], "room_type": "double", "ability_level": LEVELS[level], "meals": meals},
            "other_subsidies": [{"id": "x", "name": "x", "amount": subsidy.to_string()}],
        });
        if ltc > 0 {
            let scheme = if ltc % 2 == 0 { "employee" } else { "resident" };
            req["ltc"] = json!({"scheme": scheme, "grade": ltc.div_ceil(2)});
        }
        let r = call("care_home_bill", &req);
        let charges = sum(&r["charges"]);
        let deductions = sum(&r["deductions"]);
        prop_assert_eq!(charges, dec(&r["total_charges"]));
        prop_assert_eq!(deductions, dec(&r["total_deductions"]));
        prop_assert_eq!(charges - deductions, dec(&r["out_of_pocket"]));
        prop_assert!(dec(&r["out_of_pocket"]) >= Decimal::ZERO);
        for line in r["deductions"].as_array().unwrap() {
            prop_assert!(dec(&line["amount"]) >= Decimal::ZERO);
        }
        if GROUPS[group] == "tekun" {
            prop_assert_eq!(dec(&r["out_of_pocket"]), Decimal::ZERO);
        }
    }

    /// A longer stay never costs less.
    #[test]
    fn longer_stays_cost_no_less(from in 1u8..=30, len in 0u8..29, rule in 0usize..3) {
        let rule = ["calendar_days", "thirty_days", "full_month"][rule];
        let bill = |to: u8| {
            let r = call("care_home_bill", &json!({
                "calculation_date": "2025-07-01",
                "stay_from": format!("2025-07-{from:02}"),
                "stay_to": format!("2025-07-{:02}", to.min(31)),
                "tariff": tariff(rule),
                "resident": {"group": "general", "room_type": "ward", "ability_level": "severe"},
            }));
            dec(&r["total_charges"])
        };
        let to = (from + len).min(30);
        prop_assert!(bill(to + 1) >= bill(to));
    }

    /// The new price stays within the cap and moves towards the cost-based price.
    #[test]
    fn adjustments_respect_the_cap(current in 1u32..5000, staff in 0u32..5_000_000, beds in 1i64..500, occ in 1u32..=100) {
        let r = call("care_home_price_adjustment", &json!({
            "calculation_date": "2025-07-01", "fee": "bed", "current_price": current.to_string(),
            "annual_costs": {"depreciation": "0", "staff": staff.to_string(), "running": "0"},
            "beds": beds, "occupancy_rate": format!("{}", Decimal::new(i64::from(occ), 2)),
        }));
        let old = Decimal::from(current);
        let new = dec(&r["new_price"]);
        let computed = dec(&r["computed_price"]);
        let cap = dec(&r["cap"]);
        prop_assert!(new >= old * (Decimal::ONE - cap) - Decimal::new(1, 2));
        prop_assert!(new <= old * (Decimal::ONE + cap) + Decimal::new(1, 2));
        prop_assert!((new - old) * (computed - old) >= Decimal::ZERO);
    }
}

#[test]
fn explain_off_drops_steps_and_parameters_but_keeps_amounts() {
    let req = json!({
        "calculation_date": "2025-07-01",
        "resident": {"group": "dibao", "room_type": "double", "ability_level": "severe"},
        "ltc": {"scheme": "employee", "grade": 3},
        "options": {"explain": false}
    });
    let r = call("care_home_bill", &req);
    assert_eq!(r["steps"], json!([]));
    assert_eq!(r["charges"][0]["parameters"], json!([]));
    assert!(!r["charges"][0]["formula_zh"].as_str().unwrap().is_empty());
    // The warnings do not depend on explanations.
    assert!(!r["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn every_amount_cites_its_parameters() {
    let req = json!({
        "calculation_date": "2025-07-01",
        "resident": {"group": "dibao", "room_type": "double", "ability_level": "severe"},
        "ltc": {"scheme": "employee", "grade": 3}
    });
    let r = call("care_home_bill", &req);
    for line in r["charges"].as_array().unwrap() {
        let p = &line["parameters"][0];
        assert_eq!(p["status"], "illustrative", "{line}");
    }
    let ltc = r["deductions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "care_home.ltc")
        .unwrap();
    for p in ltc["parameters"].as_array().unwrap() {
        assert_eq!(p["status"], "verified");
        assert_eq!(p["citation"]["number"], "穗医保规字〔2024〕1号");
    }
}

#[test]
fn typed_entry_points_match_the_wire() {
    let json = json!({
        "calculation_date": "2025-07-01",
        "resident": {"group": "general", "room_type": "single", "ability_level": "mild"}
    })
    .to_string();
    let request: minzheng::care_home::BillRequest = serde_json::from_str(&json).unwrap();
    let typed = minzheng::care_home::care_home_bill(&request).unwrap();
    let wire: Value = serde_json::from_str(&call_json("care_home_bill", &json).unwrap()).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), wire);
    // 1800 + 900 + 1050 (sample tariff).
    assert_eq!(typed.out_of_pocket.to_string(), "3750.00");
}

#[test]
fn february_is_a_whole_month_in_28_days() {
    let r = call(
        "care_home_bill",
        &json!({
            "calculation_date": "2025-02-01",
            "tariff": tariff("thirty_days"),
            "resident": {"group": "general", "room_type": "ward", "ability_level": "severe", "meals": false}
        }),
    );
    assert_eq!(r["period"]["days"], 28);
    assert_eq!(r["total_charges"], "3400.00");
}
