//! Loads every parameter file and checks the store's validation rules on broken data.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use minzheng::params::Status;
use minzheng::{ErrorCode, ParameterStore};
use serde_json::json;

fn store_with(values: serde_json::Value, unit: &str) -> Result<ParameterStore, minzheng::Error> {
    let doc = json!({
        "sources": {"S": {"title": "t", "issuer": "i", "number": "", "url": "", "in_force": "2020-01-01"}},
        "files": [{"file": "x.toml", "content": {"parameter": [
            {"key": "x.value", "label_zh": "某值", "label_en": "a value", "unit": unit, "values": values}
        ]}}]
    });
    ParameterStore::from_json(&doc.to_string())
}

fn value(from: &str, to: Option<&str>) -> serde_json::Value {
    let mut v = json!({"region": "guangzhou", "from": from, "value": "1", "status": "verified", "source": "S", "article": "一"});
    if let Some(to) = to {
        v["to"] = json!(to);
    }
    v
}

#[test]
fn every_embedded_file_loads_and_every_value_is_cited() {
    let store = ParameterStore::embedded().expect("embedded parameters load");
    let mut count = 0;
    for p in store.parameters() {
        for v in &p.values {
            count += 1;
            let source = store.source(&v.source).expect("cited source exists");
            assert!(!source.title.is_empty(), "{}: source without title", p.key);
            assert!(!v.article.is_empty(), "{}: value without article", p.key);
            if v.status == Status::Illustrative {
                assert!(
                    !v.note.is_empty(),
                    "{}: an illustrative value must say why",
                    p.key
                );
            }
        }
    }
    assert!(count >= 5, "only {count} values loaded");
}

#[test]
fn the_2025_standard_is_1309_verified() {
    let store = ParameterStore::embedded().unwrap();
    let date = minzheng::Date::parse("2025-01-01").unwrap();
    let p = store
        .lookup(
            "dibao.standard",
            Some(minzheng::region::District::Huangpu),
            Some(minzheng::region::Area::Rural),
            date,
        )
        .unwrap();
    assert_eq!(p.get().to_string(), "1309");
    assert_eq!(p.value.status, Status::Verified);
    assert_eq!(p.source.number, "穗民规字〔2025〕2号");
}

#[test]
fn a_well_formed_file_loads() {
    assert!(
        store_with(
            json!([
                value("2020-01-01", Some("2020-12-31")),
                value("2021-01-01", None)
            ]),
            "ratio"
        )
        .is_ok()
    );
}

#[test]
fn rejects_unsorted_dates() {
    let err = store_with(
        json!([
            value("2021-01-01", None),
            value("2020-01-01", Some("2020-12-31"))
        ]),
        "ratio",
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterData);
    assert!(err.message.contains("ascending"), "{}", err.message);
}

#[test]
fn rejects_overlapping_dates() {
    let err = store_with(
        json!([
            value("2020-01-01", Some("2021-06-30")),
            value("2021-01-01", None)
        ]),
        "ratio",
    )
    .unwrap_err();
    assert!(err.message.contains("overlap"), "{}", err.message);
    let open_then_more = store_with(
        json!([value("2020-01-01", None), value("2021-01-01", None)]),
        "ratio",
    )
    .unwrap_err();
    assert!(
        open_then_more.message.contains("overlap"),
        "{}",
        open_then_more.message
    );
}

#[test]
fn rejects_a_value_without_citation_or_status() {
    let mut v = value("2020-01-01", None);
    v["article"] = json!("");
    assert!(
        store_with(json!([v]), "ratio")
            .unwrap_err()
            .message
            .contains("article")
    );
    let mut v = value("2020-01-01", None);
    v.as_object_mut().unwrap().remove("status");
    assert_eq!(
        store_with(json!([v]), "ratio").unwrap_err().code,
        ErrorCode::InvalidParameterData
    );
    let mut v = value("2020-01-01", None);
    v["status"] = json!("guessed");
    assert!(
        store_with(json!([v]), "ratio")
            .unwrap_err()
            .message
            .contains("status")
    );
    let mut v = value("2020-01-01", None);
    v["source"] = json!("NOPE");
    assert!(
        store_with(json!([v]), "ratio")
            .unwrap_err()
            .message
            .contains("source")
    );
}

#[test]
fn rejects_an_unknown_unit_and_float_values() {
    assert!(
        store_with(json!([value("2020-01-01", None)]), "furlongs")
            .unwrap_err()
            .message
            .contains("unit")
    );
    let mut v = value("2020-01-01", None);
    v["value"] = json!(1.5);
    assert!(
        store_with(json!([v]), "ratio")
            .unwrap_err()
            .message
            .contains("string")
    );
}

#[test]
fn the_nearest_region_wins() {
    let mut district = value("2020-01-01", None);
    district["region"] = json!("guangzhou/huangpu");
    district["value"] = json!("2");
    let store = store_with(json!([value("2020-01-01", None), district]), "ratio").unwrap();
    let date = minzheng::Date::parse("2024-01-01").unwrap();
    use minzheng::region::{Area, District};
    assert_eq!(
        store
            .lookup("x.value", Some(District::Huangpu), Some(Area::Urban), date)
            .unwrap()
            .get()
            .to_string(),
        "2"
    );
    assert_eq!(
        store
            .lookup("x.value", Some(District::Tianhe), Some(Area::Urban), date)
            .unwrap()
            .get()
            .to_string(),
        "1"
    );
    let before = minzheng::Date::parse("2019-01-01").unwrap();
    assert_eq!(
        store
            .lookup("x.value", None, None, before)
            .unwrap_err()
            .code,
        ErrorCode::ParameterNotInForce
    );
}
