//! Reforms: overrides replace and split dated values, several reforms side by side, the
//! differential explanation, and the errors with their codes and paths.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use minzheng::batch::{self, Options};
use minzheng::reform::{Reform, calculate_reform_json};
use minzheng::region::{Area, District};
use minzheng::{Date, ErrorCode, ParameterStore};
use serde_json::{Value, json};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn reform(value: Value) -> Reform {
    Reform::from_json(&value.to_string()).unwrap()
}

fn store(value: Value) -> ParameterStore {
    ParameterStore::embedded()
        .unwrap()
        .with_reform(&reform(value))
        .unwrap()
}

fn standard(store: &ParameterStore, district: District, on: &str) -> (String, String) {
    let p = store
        .lookup(
            "dibao.standard",
            Some(district),
            Some(Area::Urban),
            date(on),
        )
        .unwrap();
    (p.get().to_string(), p.value.source.clone())
}

/// Two members, 1500 元 wages: dibao 1309 × 2 − 1500 = 1118, 分类救济 0.1 × 1309 = 130.90.
fn base_request() -> Value {
    json!({
        "calculation_date": "2025-07-01",
        "household": {"district": "tianhe", "area": "urban", "members": [
            {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "1500"}},
            {"id": "b", "age": 12, "hukou": "guangzhou", "flags": {"full_time_student": true}}
        ]}
    })
}

fn dibao_1400() -> Value {
    json!({"name": "dibao_1400", "description": "Raise the dibao standard to 1400",
           "overrides": [{"key": "dibao.standard", "value": "1400", "from": "2025-07-01"}]})
}

fn amounts(result: &minzheng::CalculationResult) -> Vec<(String, String)> {
    let v = serde_json::to_value(result).unwrap();
    v["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["programme"].as_str().unwrap().to_string(),
                p["monthly_amount"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_open_override_splits_the_value_it_starts_inside() {
    let s = store(dibao_1400());
    assert_eq!(
        standard(&s, District::Tianhe, "2025-06-30"),
        ("1309".into(), "GZ-2025-STD".into())
    );
    assert_eq!(
        standard(&s, District::Tianhe, "2025-07-01"),
        ("1400".into(), "reform:dibao_1400".into())
    );
    assert_eq!(standard(&s, District::Tianhe, "2030-01-01").0, "1400");
    // Earlier periods are untouched, and the baseline store is unchanged.
    assert_eq!(standard(&s, District::Tianhe, "2021-05-01").0, "1120");
    let base = ParameterStore::embedded().unwrap();
    assert_eq!(standard(base, District::Tianhe, "2025-07-01").0, "1309");
    // The new value is marked: illustrative, cites the reform, names what it replaced.
    let p = s
        .lookup(
            "dibao.standard",
            Some(District::Tianhe),
            Some(Area::Urban),
            date("2025-07-01"),
        )
        .unwrap();
    assert_eq!(p.value.status, minzheng::params::Status::Illustrative);
    assert_eq!(p.value.article, "overrides[0]");
    assert!(p.value.note.contains("1309"), "{}", p.value.note);
    assert!(p.value.note.contains("GZ-2025-STD"), "{}", p.value.note);
    assert!(
        p.source.title.contains("Raise the dibao standard"),
        "{}",
        p.source.title
    );
}

#[test]
fn a_bounded_override_restores_the_old_value_after_it() {
    let s = store(json!({"name": "h2", "overrides": [
        {"key": "dibao.standard", "value": "1400", "from": "2025-07-01", "to": "2025-12-31"}]}));
    assert_eq!(standard(&s, District::Tianhe, "2025-06-30").0, "1309");
    assert_eq!(standard(&s, District::Tianhe, "2025-12-31").0, "1400");
    let after = standard(&s, District::Tianhe, "2026-01-01");
    assert_eq!(after, ("1309".into(), "GZ-2025-STD".into()));
}

#[test]
fn an_override_can_fill_a_period_with_no_encoded_value() {
    let base = ParameterStore::embedded().unwrap();
    let on = date("2018-03-01");
    let err = base
        .lookup(
            "dibao.standard",
            Some(District::Tianhe),
            Some(Area::Urban),
            on,
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ParameterNotInForce);
    let s = store(json!({"name": "gap", "overrides": [
        {"key": "dibao.standard", "value": "1200", "from": "2018-01-01", "to": "2018-12-31"}]}));
    assert_eq!(standard(&s, District::Tianhe, "2018-03-01").0, "1200");
    assert_eq!(standard(&s, District::Tianhe, "2025-03-01").0, "1309");
}

#[test]
fn a_district_override_applies_to_that_district_only() {
    let s = store(json!({"name": "huangpu", "overrides": [
        {"key": "dibao.standard", "value": "1500", "from": "2025-07-01", "region": "guangzhou/huangpu"}]}));
    assert_eq!(standard(&s, District::Huangpu, "2025-07-01").0, "1500");
    assert_eq!(standard(&s, District::Tianhe, "2025-07-01").0, "1309");
}

#[test]
fn several_overrides_and_several_reforms_give_their_own_results() {
    let request: minzheng::CalculationRequest = serde_json::from_value(base_request()).unwrap();
    let baseline = minzheng::calculate(&request).unwrap();
    let a = minzheng::calculate_with(&store(dibao_1400()), &request).unwrap();
    let b = minzheng::calculate_with(
        &store(json!({"name": "both", "overrides": [
            {"key": "dibao.standard", "value": "1500", "from": "2025-01-01"},
            {"key": "dibao.marginal_multiplier", "value": "2", "from": "2025-06-01"}]})),
        &request,
    )
    .unwrap();
    let get = |r: &minzheng::CalculationResult, p: &str| {
        amounts(r).into_iter().find(|(n, _)| n == p).unwrap().1
    };
    // 1309 × 2 − 1500 = 1118; 1400 × 2 − 1500 = 1300; 1500 × 2 − 1500 = 1500.
    assert_eq!(get(&baseline, "dibao"), "1118.00");
    assert_eq!(get(&a, "dibao"), "1300.00");
    assert_eq!(get(&b, "dibao"), "1500.00");
    // 分类救济 for the child: 0.1 × the standard.
    assert_eq!(get(&baseline, "classified_relief"), "261.80");
    assert_eq!(get(&a, "classified_relief"), "280.00");
    assert_eq!(get(&b, "classified_relief"), "300.00");
    // The reformed result says a non-official figure was used.
    let warned = a.warnings.iter().any(|w| {
        w.code == "illustrative_parameter" && w.parameter.as_deref() == Some("dibao.standard")
    });
    assert!(warned);
}

#[test]
fn an_empty_reform_equals_the_baseline() {
    let request: minzheng::CalculationRequest = serde_json::from_value(base_request()).unwrap();
    let s = store(json!({"name": "nothing", "overrides": []}));
    assert_eq!(
        amounts(&minzheng::calculate(&request).unwrap()),
        amounts(&minzheng::calculate_with(&s, &request).unwrap())
    );
    let requests = vec![request];
    let base = batch::run(
        ParameterStore::embedded().unwrap(),
        &requests,
        &Options::default(),
    )
    .unwrap();
    let same = batch::run(&s, &requests, &Options::default()).unwrap();
    assert_eq!(base.cells, same.cells);
}

#[test]
fn the_difference_names_the_line_the_parameter_and_both_citations() {
    let out = calculate_reform_json(
        &json!({"request": base_request(), "reform": dibao_1400()}).to_string(),
    )
    .unwrap();
    let out: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(out["reform"], "dibao_1400");
    let d = &out["difference"];
    assert_eq!(d["changed"], true);
    assert_eq!(d["monthly_total"]["baseline"], "1379.80");
    assert_eq!(d["monthly_total"]["reformed"], "1580.00");
    assert_eq!(d["monthly_total"]["change"], "200.20");
    let dibao = d["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["programme"] == "dibao")
        .unwrap();
    assert_eq!(dibao["changed"], true);
    assert_eq!(dibao["monthly_amount"]["change"], "182.00");
    let item = &dibao["line_items"][0];
    assert_eq!(item["id"], "dibao.top_up");
    assert_eq!(
        (
            item["amount"]["baseline"].as_str(),
            item["amount"]["reformed"].as_str()
        ),
        (Some("1118.00"), Some("1300.00"))
    );
    let param = &item["parameters"][0];
    assert_eq!(param["key"], "dibao.standard");
    assert_eq!(param["baseline_values"], json!(["1309"]));
    assert_eq!(param["reformed_values"], json!(["1400"]));
    assert_eq!(param["baseline"]["citation"]["source"], "GZ-2025-STD");
    assert_eq!(param["baseline"]["status"], "verified");
    assert_eq!(param["reformed"]["citation"]["source"], "reform:dibao_1400");
    assert_eq!(param["reformed"]["status"], "illustrative");
    // Unchanged programmes are listed as unchanged.
    let meal = d["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["programme"] == "meal_aid");
    assert!(meal.is_none_or(|m| m["changed"] == false));
    // The top-level list names dibao.standard once.
    let keys: Vec<&str> = d["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.iter().filter(|k| **k == "dibao.standard").count(), 1);
}

#[test]
fn a_status_change_shows_both_reasons() {
    // 3000 元 wages: not dibao (3000 ≥ 2618) but marginal (< 3927); at 1600, 3000 < 3200: dibao.
    let mut request = base_request();
    request["household"]["members"][0]["income"]["wages"] = json!("3000");
    let out = calculate_reform_json(
        &json!({"request": request, "reform": {"name": "r", "overrides": [
        {"key": "dibao.standard", "value": "1600", "from": "2025-01-01"}]}})
        .to_string(),
    )
    .unwrap();
    let out: Value = serde_json::from_str(&out).unwrap();
    let dibao = out["difference"]["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["programme"] == "dibao")
        .unwrap()
        .clone();
    assert_eq!(
        dibao["status"],
        json!({"baseline": "not_eligible", "reformed": "eligible"})
    );
    assert_eq!(
        dibao["reason"]["baseline"]["code"],
        "income_not_below_standard"
    );
    assert!(dibao["reason"]["reformed"].is_null());
    assert_eq!(dibao["line_items"][0]["presence"], "reformed_only");
    assert_eq!(dibao["line_items"][0]["amount"]["reformed"], "200.00");
    // Why the new line: the standard, as the baseline's determination used it and as now.
    let why = &dibao["line_items"][0]["parameters"][0];
    assert_eq!(why["key"], "dibao.standard");
    assert_eq!(
        (
            why["baseline_values"].clone(),
            why["reformed_values"].clone()
        ),
        (json!(["1309"]), json!(["1600"]))
    );
}

fn error_of(value: Value) -> (ErrorCode, String) {
    let e = match Reform::from_json(&value.to_string()) {
        Ok(r) => ParameterStore::embedded()
            .unwrap()
            .with_reform(&r)
            .unwrap_err(),
        Err(e) => e,
    };
    (e.code, e.path)
}

#[test]
fn errors_have_codes_and_paths() {
    let one = |o: Value| json!({"name": "e", "overrides": [o]});
    let cases = [
        (
            one(json!({"key": "dibao.standrd", "value": "1", "from": "2025-01-01"})),
            ErrorCode::InvalidValue,
            "reform.overrides[0].key",
        ),
        (
            one(json!({"key": "dibao.standard", "value": "1", "from": "2025-02-30"})),
            ErrorCode::InvalidDate,
            "reform.overrides[0].from",
        ),
        (
            one(json!({"key": "dibao.standard", "value": "1", "from": "2025-01-01", "to": "soon"})),
            ErrorCode::InvalidDate,
            "reform.overrides[0].to",
        ),
        (
            one(json!({"key": "dibao.standard", "value": "1,400", "from": "2025-01-01"})),
            ErrorCode::InvalidValue,
            "reform.overrides[0].value",
        ),
        (
            one(json!({"key": "dibao.standard", "value": 1400.5, "from": "2025-01-01"})),
            ErrorCode::InvalidValue,
            "reform.overrides[0].value",
        ),
        (
            one(json!({"key": "dibao.standard", "value": "-1", "from": "2025-01-01"})),
            ErrorCode::OutOfRange,
            "reform.overrides[0].value",
        ),
        (
            one(
                json!({"key": "dibao.standard", "value": "1", "from": "2025-07-01", "to": "2025-06-30"}),
            ),
            ErrorCode::ConflictingFields,
            "reform.overrides[0].to",
        ),
        (
            one(
                json!({"key": "dibao.standard", "value": "1", "from": "2025-07-01", "region": "shenzhen"}),
            ),
            ErrorCode::InvalidValue,
            "reform.overrides[0].region",
        ),
        (
            one(
                json!({"key": "dibao.standard", "value": "1", "from": "2025-07-01", "colour": "red"}),
            ),
            ErrorCode::UnknownField,
            "reform.overrides[0].colour",
        ),
        (
            json!({"name": "e", "overrides": [
                {"key": "dibao.standard", "value": "1400", "from": "2025-07-01"},
                {"key": "dibao.standard", "value": "1500", "from": "2026-01-01"}]}),
            ErrorCode::ConflictingFields,
            "reform.overrides[1].from",
        ),
        (
            json!({"name": " ", "overrides": []}),
            ErrorCode::InvalidValue,
            "reform.name",
        ),
        (json!({"name": "e"}), ErrorCode::MissingField, "reform"),
    ];
    for (value, code, path) in cases {
        assert_eq!(error_of(value.clone()), (code, path.to_string()), "{value}");
    }
    // Consecutive periods of one key, and the same period in two districts, do not overlap.
    let ok = json!({"name": "ok", "overrides": [
        {"key": "dibao.standard", "value": "1400", "from": "2025-07-01", "to": "2025-12-31"},
        {"key": "dibao.standard", "value": "1500", "from": "2026-01-01"},
        {"key": "dibao.standard", "value": "1600", "from": "2025-07-01", "region": "guangzhou/nansha"}]});
    let s = store(ok);
    assert_eq!(standard(&s, District::Tianhe, "2026-02-01").0, "1500");
    assert_eq!(standard(&s, District::Nansha, "2026-02-01").0, "1600");
}

#[test]
fn the_unknown_key_message_lists_similar_keys() {
    let r = reform(
        json!({"name": "e", "overrides": [{"key": "dibao.standrd", "value": "1", "from": "2025-01-01"}]}),
    );
    let e = ParameterStore::embedded()
        .unwrap()
        .with_reform(&r)
        .unwrap_err();
    assert!(e.message.contains("dibao.standard"), "{}", e.message);
}

/// The day `n` days after 2030-01-01 (one-day overrides far from any encoded change).
fn day(n: u32) -> Date {
    Date::from_unix_days(21_915 + i64::from(n)).unwrap()
}

/// Applying a reform is O(n log n) in its overrides: the documented maximum of one-day
/// overrides, given in a shuffled order, applies in well under a second (quadratic application
/// took 15–19 s for 10^4), and every day reads its own override while the days between keep the
/// encoded value.
#[test]
fn ten_thousand_one_day_overrides_apply_quickly_and_exactly() {
    let n = minzheng::params::MAX_OVERRIDES as u32;
    // Every other day, in an order that is neither ascending nor descending.
    let order: Vec<u32> = (0..n).map(|i| (i * 7919) % n).collect();
    let days: Vec<Date> = (0..2 * n).map(day).collect();
    let overrides: Vec<Value> = order
        .iter()
        .map(|&k| {
            let on = days[2 * k as usize].to_string();
            json!({"key": "dibao.standard", "value": (1400 + k).to_string(), "from": on, "to": on})
        })
        .collect();
    let r = reform(json!({"name": "daily", "overrides": overrides}));
    let start = std::time::Instant::now();
    let reformed = ParameterStore::embedded().unwrap().with_reform(&r).unwrap();
    let took = start.elapsed();
    assert!(took.as_secs_f64() < 2.0, "applying took {took:?}");
    let baseline = standard(
        ParameterStore::embedded().unwrap(),
        District::Tianhe,
        "2030-01-02",
    );
    for k in (0..n).step_by(97) {
        let on = days[2 * k as usize].to_string();
        let (value, source) = standard(&reformed, District::Tianhe, &on);
        assert_eq!(value, (1400 + k).to_string(), "on {on}");
        assert_eq!(source, "reform:daily");
        let between = days[2 * k as usize + 1].to_string();
        assert_eq!(
            standard(&reformed, District::Tianhe, &between),
            baseline,
            "on {between}"
        );
    }
    assert_eq!(day(0), date("2030-01-01"));
}

#[test]
fn a_reform_over_the_override_limit_is_input_too_large() {
    let n = minzheng::params::MAX_OVERRIDES + 1;
    let overrides: Vec<Value> = (0..n)
        .map(|_| json!({"key": "dibao.standard", "value": "1400", "from": "2030-01-01"}))
        .collect();
    let r = reform(json!({"name": "many", "overrides": overrides}));
    let start = std::time::Instant::now();
    let e = ParameterStore::embedded()
        .unwrap()
        .with_reform(&r)
        .unwrap_err();
    assert!(start.elapsed().as_secs_f64() < 1.0);
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InputTooLarge, "reform.overrides")
    );
    assert!(e.message.contains("10000"), "{}", e.message);
}

/// Checked in order: the first override that overlaps an earlier one is the error, naming the
/// earliest it overlaps, however many overrides precede it.
#[test]
fn the_first_overlapping_override_is_reported_with_the_earliest_it_overlaps() {
    let mut overrides: Vec<Value> = (0..500)
        .map(|k| {
            let on = day(2 * k).to_string();
            json!({"key": "dibao.standard", "value": "1400", "from": on, "to": on})
        })
        .collect();
    // Overlaps overrides 3 and 4 (days 6 and 8).
    overrides.push(json!({"key": "dibao.standard", "value": "1500",
        "from": day(5).to_string(), "to": day(8).to_string()}));
    overrides.push(json!({"key": "dibao.standard", "value": "1500", "from": day(0).to_string()}));
    let r = reform(json!({"name": "clash", "overrides": overrides}));
    let e = ParameterStore::embedded()
        .unwrap()
        .with_reform(&r)
        .unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::ConflictingFields, "reform.overrides[500].from")
    );
    assert!(e.message.contains("overrides[3]"), "{}", e.message);
}
