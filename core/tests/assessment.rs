//! Integration tests of `assess_ability` (GB/T 42195-2022 and MZ/T 039-2013).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use minzheng::assessment::{gbt42195, mzt039};
use minzheng::call_json;
use serde_json::{Value, json};

fn gbt(items: Value, extra: Value) -> Value {
    let mut req = json!({"standard": "gbt_42195_2022", "items": items});
    if let (Some(r), Some(e)) = (req.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            r.insert(k.clone(), v.clone());
        }
    }
    req
}

/// A GB/T form with every item at its maximum (total 90).
fn gbt_full() -> Value {
    let mut m = serde_json::Map::new();
    for id in gbt42195::item_ids() {
        let max = match id {
            "stairs" | "transport" => 3,
            "aggression" | "depression" => 1,
            "consciousness" | "vision" | "hearing" => 2,
            _ => 4,
        };
        m.insert(id.to_string(), json!(max));
    }
    Value::Object(m)
}

fn run(req: &Value) -> Value {
    let out = call_json("assess_ability", &req.to_string()).unwrap();
    serde_json::from_str(&out).unwrap()
}

#[test]
fn full_marks_are_intact() {
    let r = run(&gbt(gbt_full(), json!({})));
    assert_eq!(r["total_score"], 90);
    assert_eq!(r["final_level"]["level"], "intact");
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
}

#[test]
fn cut_offs_match_the_standard() {
    use minzheng::care_level::AbilityLevel::*;
    let expect = [
        (90, Intact),
        (89, Mild),
        (66, Mild),
        (65, Moderate),
        (46, Moderate),
        (45, Severe),
        (30, Severe),
        (29, Complete),
        (0, Complete),
    ];
    for (total, level) in expect {
        assert_eq!(gbt42195::preliminary_level(total), level, "{total}");
    }
}

#[test]
fn item_ids_match_the_request_fields() {
    // Every id listed is accepted as a field, and the form is complete with exactly these.
    let r = run(&gbt(gbt_full(), json!({})));
    let n: usize = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, 26);
    assert_eq!(mzt039::item_ids().len(), 22);
}
