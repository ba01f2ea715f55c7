//! Integration tests of `assess_ability` (GB/T 42195-2022 and MZ/T 039-2013): the level rules
//! over every input, the error paths, and the explanation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use minzheng::assessment::{gbt42195, mzt039};
use minzheng::call_json;
use minzheng::care_level::AbilityLevel;
use proptest::prelude::*;
use serde_json::{Value, json};

const GBT_MAX: [u32; 26] = [
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 4, 4, 4, 4, 4, 4, 1, 1, 2, 2, 2, 4, 3, 4,
];

fn gbt_items(scores: &[u32]) -> Value {
    let ids = gbt42195::item_ids();
    Value::Object(
        ids.iter()
            .zip(scores)
            .map(|(id, s)| (id.to_string(), json!(s)))
            .collect(),
    )
}

fn run(req: &Value) -> Value {
    serde_json::from_str(&call_json("assess_ability", &req.to_string()).unwrap()).unwrap()
}

#[test]
fn the_form_has_26_items_whose_maxima_sum_to_90() {
    assert_eq!(gbt42195::item_ids().len(), 26);
    assert_eq!(GBT_MAX.iter().sum::<u32>(), 90);
    let r = run(&json!({"standard": "gbt_42195_2022", "items": gbt_items(&GBT_MAX)}));
    let maxima: Vec<_> = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["max_score"].as_u64().unwrap())
        .collect();
    assert_eq!(maxima, [32, 15, 28, 15]);
    assert_eq!(mzt039::item_ids().len(), 22);
}

#[test]
fn cut_offs_match_the_standard() {
    use AbilityLevel::*;
    for (total, level) in [
        (90, Intact),
        (89, Mild),
        (66, Mild),
        (65, Moderate),
        (46, Moderate),
        (45, Severe),
        (30, Severe),
        (29, Complete),
        (0, Complete),
    ] {
        assert_eq!(gbt42195::preliminary_level(total), level, "{total}");
    }
}

#[test]
fn mzt_domain_levels_match_the_standard() {
    assert_eq!(
        [100, 95, 65, 60, 45, 40, 0].map(mzt039::adl_level),
        [0, 1, 1, 2, 2, 3, 3]
    );
    assert_eq!(
        [0, 1, 2, 3, 4, 6].map(mzt039::mental_level),
        [0, 1, 2, 2, 3, 3]
    );
    assert_eq!(
        [0, 2, 3, 7, 8, 13, 14, 20].map(mzt039::social_level),
        [0, 0, 1, 1, 2, 2, 3, 3]
    );
    // (consciousness, vision, hearing, communication) → level, 表4.
    for (args, level) in [
        ((0, 1, 1, 0), 0),
        ((0, 2, 0, 0), 1),
        ((0, 0, 0, 1), 1),
        ((0, 0, 3, 0), 2),
        ((0, 0, 0, 2), 2),
        ((1, 3, 3, 2), 2),
        ((1, 4, 0, 0), 3),
        ((0, 0, 0, 3), 3),
        ((2, 0, 0, 0), 3),
        ((3, 0, 0, 0), 3),
    ] {
        let (c, v, h, m) = args;
        assert_eq!(mzt039::perception_level(c, v, h, m), level, "{args:?}");
    }
}

#[test]
fn mzt_combination_covers_every_case_as_the_clauses_state() {
    use AbilityLevel::*;
    for adl in 0..4u8 {
        for m in 0..4u8 {
            for p in 0..4u8 {
                for s in 0..4u8 {
                    let level = mzt039::overall_level(adl, m, p, s);
                    let others = [m, p, s];
                    // The unambiguous clauses of 5.2 hold.
                    if adl == 0 && m == 0 && p == 0 && s <= 1 {
                        assert_eq!(level, Intact);
                    }
                    if adl == 3 || (adl == 2 && others.contains(&3)) || [adl, m, p, s] == [2; 4] {
                        assert_eq!(level, Severe);
                    }
                    if adl == 1 && others.iter().all(|o| *o == 2) {
                        assert_eq!(level, Moderate);
                    }
                    if adl == 2 {
                        let mid = others.iter().filter(|o| (1..=2).contains(*o)).count();
                        if (1..=2).contains(&mid) && !others.contains(&3) {
                            assert_eq!(level, Moderate);
                        }
                    }
                    // ADL 0 is never worse than mild; ADL 1 never worse than moderate.
                    assert!(adl >= 2 || level <= Moderate);
                    assert!(adl >= 1 || level <= Mild);
                }
            }
        }
    }
}

proptest! {
    /// For any valid form: total 0–90, the subtotals add up, and the final level is never below
    /// the preliminary one nor beyond 完全失能; a coma always gives 完全失能.
    #[test]
    fn any_gbt_form_is_assessed_consistently(
        frac in proptest::collection::vec(0u32..=100, 26),
        dementia in any::<bool>(), events in 0u32..5, coma in any::<bool>(),
    ) {
        let mut scores: Vec<u32> = GBT_MAX.iter().zip(&frac).map(|(m, f)| m * f / 100).collect();
        if coma {
            scores[20] = 0; // 意识水平
        }
        let r = run(&json!({
            "standard": "gbt_42195_2022", "items": gbt_items(&scores), "coma": coma,
            "dementia_or_psychiatric_diagnosis": dementia, "risk_events_30_days": events,
        }));
        let total = r["total_score"].as_u64().unwrap();
        prop_assert_eq!(total, scores.iter().map(|s| u64::from(*s)).sum::<u64>());
        let subtotals: u64 = r["groups"].as_array().unwrap().iter().map(|g| g["score"].as_u64().unwrap()).sum();
        prop_assert_eq!(subtotals, total);
        let pre = r["preliminary_level"]["number"].as_u64().unwrap();
        let fin = r["final_level"]["number"].as_u64().unwrap();
        prop_assert!(fin >= pre && fin <= 4);
        let raises = u64::from(dementia) + u64::from(events >= 2);
        if coma {
            prop_assert_eq!(fin, 4);
        } else {
            prop_assert_eq!(fin, (pre + raises).min(4));
        }
    }
}

#[test]
fn every_out_of_range_item_is_named() {
    for (i, id) in gbt42195::item_ids().into_iter().enumerate() {
        let mut scores = GBT_MAX;
        scores[i] += 1;
        let err = call_json(
            "assess_ability",
            &json!({"standard": "gbt_42195_2022", "items": gbt_items(&scores)}).to_string(),
        )
        .unwrap_err();
        assert_eq!(err.code.as_str(), "out_of_range");
        assert_eq!(err.path, format!("items.{id}"));
    }
}

#[test]
fn the_explanation_walks_from_items_to_the_care_tier() {
    let r = run(&json!({
        "standard": "gbt_42195_2022", "items": gbt_items(&GBT_MAX),
        "dementia_or_psychiatric_diagnosis": true
    }));
    let ids: Vec<_> = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "assessment.self_care",
            "assessment.basic_mobility",
            "assessment.mental_state",
            "assessment.perception_and_social",
            "assessment.total",
            "assessment.preliminary_level",
            "assessment.final_level",
            "assessment.self_care_level",
            "assessment.care_tier",
        ]
    );
    assert_eq!(r["final_level"]["level"], "mild");
    assert_eq!(r["adjustments"][1]["citation"]["number"], "GB/T 42195-2022");
    let off = run(&json!({
        "standard": "gbt_42195_2022", "items": gbt_items(&GBT_MAX), "options": {"explain": false}
    }));
    assert_eq!(off["steps"], json!([]));
    assert_eq!(off["adjustments"].as_array().unwrap().len(), 3);
}

#[test]
fn a_request_is_decoded_by_its_standard() {
    let json = json!({"standard": "gbt_42195_2022", "items": gbt_items(&GBT_MAX)}).to_string();
    let request = minzheng::assessment::parse_assessment_request(&json).unwrap();
    assert!(matches!(
        request,
        minzheng::assessment::AssessmentRequest::Gbt42195(_)
    ));
    let result = minzheng::assessment::assess_ability(&request).unwrap();
    assert_eq!(result.total_score, Some(90));
    // An MZ/T request with GB/T items is rejected field by field.
    let err = call_json(
        "assess_ability",
        &json!({"standard": "mzt_039_2013", "items": gbt_items(&GBT_MAX)}).to_string(),
    )
    .unwrap_err();
    assert_eq!(err.code.as_str(), "unknown_field");
}
