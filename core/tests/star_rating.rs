//! The care-home grading APIs through the wire: a city's own card, explain off, input limits,
//! the GB 38600-2019 checklist, and the reward table.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use minzheng::call_json;
use serde_json::{Value, json};

fn call(api: &str, request: &Value) -> Value {
    let out = call_json(api, &request.to_string()).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&out).unwrap()
}

fn error(api: &str, request: &Value) -> (String, String) {
    let e = call_json(api, &request.to_string()).expect_err("an error");
    (e.code.as_str().to_string(), e.path)
}

fn safety() -> Value {
    json!({
        "residents": 10, "residents_assessed": 10,
        "risks": {"choking": true, "food_drug_misuse": true, "pressure_injury": true, "scald": true,
                  "fall_from_bed": true, "fall": true, "harm_to_others_and_self": true,
                  "wandering": true, "recreation_accident": true},
        "management": {"emergency_plans": true, "emergency_drills": true, "duty_24h": true, "records": true}
    })
}

fn builtin_request(service: &str) -> Value {
    json!({
        "assessment_date": "2025-06-01",
        "scores": {"environment.building": "40", "environment.natural": "20", "facilities.rooms": "30", "facilities.bathrooms": "25",
                   "management.safety": "40", "management.staff": "30",
                   "service.daily_care": service, "service.medical_nursing": "110", "service.meals": "70"},
        "occupancy": "0.5",
        "prerequisites": {"valid_registration": true, "no_serious_liability_accident": true},
        "safety": safety()
    })
}

#[test]
fn a_city_card_loads_from_the_request_without_code_changes() {
    // The built-in card, fetched with `star_card` and sent back as the caller's own card, gives
    // the same level, scores and gap: a city's card is just data in the same format.
    let card = call("star_card", &json!({}));
    let builtin = call("star_rating", &builtin_request("120"));
    let mut own = builtin_request("120");
    own["card"] = card;
    let own = call("star_rating", &own);
    for key in ["level", "total", "sections", "gap", "levels", "warnings"] {
        assert_eq!(builtin[key], own[key], "{key}");
    }
    assert_eq!(builtin["card"]["builtin"], true);
    assert_eq!(own["card"]["builtin"], false);
    // The receipt covers the card: same inputs, same hash; a changed card, another hash.
    assert_eq!(
        builtin["receipt"]["input_sha256"],
        call("star_rating", &builtin_request("120"))["receipt"]["input_sha256"]
    );
    let mut changed = builtin_request("120");
    let mut card = call("star_card", &json!({}));
    card["levels"][0]["min_total"] = json!("361");
    changed["card"] = card;
    assert_ne!(
        builtin["receipt"]["input_sha256"],
        call("star_rating", &changed)["receipt"]["input_sha256"]
    );
}

#[test]
fn explain_off_drops_the_level_tests_and_item_lists_but_not_the_gap() {
    let mut request = builtin_request("100");
    request["options"] = json!({"explain": false});
    let result = call("star_rating", &request);
    assert_eq!(result["levels"], json!([]));
    assert!(
        result["sections"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["items"] == json!([]))
    );
    // 环境 40 + 20 = 60, 设施设备 30 + 25 = 55, 运营管理 40 + 30 = 70, 服务 100 + 110 + 70 = 280:
    // total 465, 一级 (360; sections at 40 %: 60 ≥ 48, 55 ≥ 52, 70 ≥ 60, 280 ≥ 240) but not 二级
    // (450, and at 50 % 设施设备 55 < 65).
    assert_eq!(result["total"], "465");
    assert_eq!(result["level"], 1);
    assert!(result["gap"]["points"].is_string());
}

#[test]
fn each_of_the_nine_risks_is_a_finding_of_its_own() {
    let risks = [
        "choking",
        "food_drug_misuse",
        "pressure_injury",
        "scald",
        "fall_from_bed",
        "fall",
        "harm_to_others_and_self",
        "wandering",
        "recreation_accident",
    ];
    for risk in risks {
        let mut request = builtin_request("120");
        request["safety"]["risks"][risk] = json!(false);
        let result = call("star_rating", &request);
        assert_eq!(result["level"], 0, "{risk}");
        assert_eq!(result["vetoed_by"], json!(["gb38600_compliance"]));
        let findings = result["safety"]["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0]["id"], format!("risks.{risk}"));
        assert!(
            findings[0]["citation"]["article"]
                .as_str()
                .unwrap()
                .starts_with("第6章")
        );
    }
}

fn big_card(sections: usize, items: usize) -> Value {
    let sections: Vec<Value> = (0..sections)
        .map(|s| {
            let items: Vec<Value> = (0..items)
                .map(|i| json!({"id": format!("s{s}.i{i}"), "label_zh": "项", "max": "1"}))
                .collect();
            json!({"id": format!("s{s}"), "label_zh": "部分", "items": items})
        })
        .collect();
    json!({"id": "big", "label_zh": "大", "source": {"document": "d"}, "sections": sections,
           "levels": [{"label_zh": "一", "min_total": "1"}]})
}

#[test]
fn cards_above_the_limits_are_rejected() {
    let request = |card: Value| json!({"assessment_date": "2025-06-01", "card": card});
    // 500 items is the limit; 501 is too many.
    assert_eq!(call("star_rating", &request(big_card(20, 25)))["level"], 0);
    assert_eq!(
        error("star_rating", &request(big_card(3, 167))),
        ("input_too_large".into(), "card.sections".into())
    );
    assert_eq!(
        error("star_rating", &request(big_card(21, 1))),
        ("input_too_large".into(), "card.sections".into())
    );
    let mut many = big_card(1, 1);
    many["prerequisites"] = (0..51)
        .map(|i| json!({"id": format!("p{i}"), "label_zh": "前提"}))
        .collect();
    assert_eq!(
        error("star_rating", &request(many)),
        ("input_too_large".into(), "card.prerequisites".into())
    );
}

#[test]
fn malformed_figures_have_codes_and_paths() {
    let base = || json!({"assessment_date": "2025-06-01", "card": big_card(1, 2)});
    let mut r = base();
    r["scores"] = json!({"s0.i0": "0.125"});
    assert_eq!(
        error("star_rating", &r),
        ("invalid_value".into(), "scores.s0.i0".into())
    );
    let mut r = base();
    r["card"]["sections"][0]["items"][1]["max"] = json!("0");
    assert_eq!(
        error("star_rating", &r),
        (
            "out_of_range".into(),
            "card.sections[0].items[1].max".into()
        )
    );
    let mut r = base();
    r["card"]["levels"][0]["min_sections"] = json!({"nope": "1"});
    assert_eq!(
        error("star_rating", &r),
        (
            "invalid_value".into(),
            "card.levels[0].min_sections.nope".into()
        )
    );
    let mut r = base();
    r["card"]["sections"][0]["id"] = json!("has space");
    assert_eq!(
        error("star_rating", &r),
        ("invalid_value".into(), "card.sections[0].id".into())
    );
    let mut r = base();
    r["occupancy"] = json!("1.5");
    assert_eq!(
        error("star_rating", &r),
        ("out_of_range".into(), "occupancy".into())
    );
    let mut r = base();
    r["card"]["levels"][0]["min_occupancy"] = json!("0.3");
    assert_eq!(
        error("star_rating", &r),
        ("missing_field".into(), "occupancy".into())
    );
    let mut r = base();
    r["card"]["prerequisites"] = json!([{"id": "s", "label_zh": "安全", "kind": "gb38600"}]);
    r["safety"] = safety();
    r["prerequisites"] = json!({"s": true});
    assert_eq!(
        error("star_rating", &r),
        ("conflicting_fields".into(), "prerequisites.s".into())
    );
}

#[test]
fn every_star_level_has_its_reward() {
    for (stars, amount) in [
        (1, "10000.00"),
        (2, "20000.00"),
        (3, "30000.00"),
        (4, "50000.00"),
        (5, "100000.00"),
    ] {
        let result = call(
            "star_reward",
            &json!({"provider": "community", "rating": {"stars": stars, "rated_on": "2024-07-01"}}),
        );
        assert_eq!(result["amount"], amount);
        assert_eq!(result["line_items"][0]["amount"], amount);
        assert_eq!(
            result["line_items"][0]["parameters"][0]["status"],
            "verified"
        );
    }
}

#[test]
fn an_upgrade_pays_exactly_the_difference_of_the_table() {
    let table = [10_000, 20_000, 30_000, 50_000, 100_000];
    for from in 1..=5u8 {
        for to in 1..=5u8 {
            let result = call(
                "star_reward",
                &json!({"provider": "community",
                        "rating": {"stars": to, "rated_on": "2025-01-01"},
                        "previous": {"stars": from, "rated_on": "2023-01-02"}}),
            );
            let expected = table[usize::from(to - 1)] - table[usize::from(from - 1)];
            if to > from {
                assert_eq!(result["amount"], format!("{expected}.00"), "{from} → {to}");
            } else {
                assert_eq!(result["amount"], "0.00", "{from} → {to}");
                assert_eq!(result["reason"]["code"], "not_an_upgrade");
            }
        }
    }
}
