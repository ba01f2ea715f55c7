// The test suite shared by `node.rs` and `browser.rs`, which `include!` it after `mod common;`.
// It is not a module of its own so that each file's `#[wasm_bindgen_test]` functions are its own.

use js_sys::{JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

// `VECTORS` and one `vector_…` test per file of `tests/vectors/` (written by `build.rs`).
include!(concat!(env!("OUT_DIR"), "/vectors.rs"));

/// A valid request whose first member has wages, for the hand-made cases below.
const REQUEST: &str = r#"{"calculation_date": "2025-07-01", "household": {"district": "tianhe",
  "area": "urban", "members": [{"id": "a", "age": 45, "hukou": "guangzhou",
  "income": {"wages": "1500"}}]}}"#;

/// The request above as a fresh JS object.
fn request_object() -> JsValue {
    JSON::parse(REQUEST).unwrap_or(JsValue::UNDEFINED)
}

/// Every file of the vector directory was embedded, and every one passes.
#[wasm_bindgen_test]
fn all_vectors_pass() {
    assert!(!VECTORS.is_empty(), "no golden vectors were embedded");
    let failures: Vec<String> = VECTORS
        .iter()
        .filter_map(|(name, text)| common::check_vector(text).err().map(|e| format!("{name}: {e}")))
        .collect();
    console_log!("{} of {} golden vectors passed", VECTORS.len() - failures.len(), VECTORS.len());
    assert_eq!(failures, Vec::<String>::new());
}

/// A cyclic object cannot be stringified: `invalid_json` at the root.
#[wasm_bindgen_test]
fn cyclic_object_is_invalid_json() {
    let object = request_object();
    assert!(Reflect::set(&object, &"self".into(), &object).is_ok());
    let thrown = minzheng_wasm::calculate(object).err().unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_json", ""), Ok(()));
}

/// `undefined` (which `JSON.stringify` turns into `undefined`) is `invalid_json` at the root.
#[wasm_bindgen_test]
fn undefined_is_invalid_json() {
    let thrown = minzheng_wasm::calculate(JsValue::UNDEFINED).err().unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_json", ""), Ok(()));
}

/// A `BigInt` anywhere makes `JSON.stringify` throw: `invalid_json` at the root.
#[wasm_bindgen_test]
fn bigint_is_invalid_json() {
    let object = request_object();
    assert!(Reflect::set(&object, &"extra".into(), &js_sys::BigInt::from(1u64).into()).is_ok());
    let thrown = minzheng_wasm::calculate(object).err().unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_json", ""), Ok(()));
}

/// A `NaN` amount becomes `null` and is rejected with a typed error at its path.
#[wasm_bindgen_test]
fn nan_amount_is_typed_error() {
    let object = request_object();
    let income = JSON::parse(r#"{"wages": 0}"#).unwrap_or(JsValue::UNDEFINED);
    assert!(Reflect::set(&income, &"wages".into(), &f64::NAN.into()).is_ok());
    let member = Reflect::get(&object, &"household".into())
        .and_then(|h| Reflect::get(&h, &"members".into()))
        .and_then(|m| Reflect::get_u32(&m, 0))
        .unwrap_or(JsValue::UNDEFINED);
    assert!(Reflect::set(&member, &"income".into(), &income).is_ok());
    let thrown = minzheng_wasm::calculate(object).err().unwrap_or(JsValue::NULL);
    let path = "household.members[0].income.wages";
    assert_eq!(common::check_error(&thrown, "invalid_type", path), Ok(()));
}

/// A valid request gives plain data identical to the text API's result.
#[wasm_bindgen_test]
fn result_is_plain_json_data() {
    let result = minzheng_wasm::calculate(request_object()).unwrap_or(JsValue::NULL);
    assert!(result.is_instance_of::<Object>());
    assert_eq!(common::check_plain(&result, "result"), Ok(()));
    let text = minzheng_wasm::calculate_json(REQUEST).ok();
    assert_eq!(common::stringify(&result).ok(), text);
}

/// `errorCodes()` lists the core's stable codes in order.
#[wasm_bindgen_test]
fn error_codes_are_the_core_codes() {
    let codes: Vec<String> =
        minzheng_wasm::error_codes().iter().filter_map(|c| c.as_string()).collect();
    let expected: Vec<&str> = minzheng::ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, expected);
}

/// `engineVersion()` is the core's version.
#[wasm_bindgen_test]
fn engine_version_is_the_core_version() {
    assert_eq!(minzheng_wasm::engine_version(), minzheng::receipt::ENGINE_VERSION);
}

/// The matcher itself rejects what the README says must not match.
#[wasm_bindgen_test]
fn matcher_rejects_mismatches() {
    let actual = serde_json::json!({"total": "1118.00", "items": [{"id": "a"}, {"id": "b"}]});
    let check = |expected| common::check_subset(&expected, &actual, "");
    assert_eq!(check(serde_json::json!({"items": [{}, {"id": "b"}]})), Ok(()));
    assert!(check(serde_json::json!({"total": "1118.0"})).is_err());
    assert!(check(serde_json::json!({"total": 1118})).is_err());
    assert!(check(serde_json::json!({"missing": null})).is_err());
    assert!(check(serde_json::json!({"items": [{"id": "a"}]})).is_err());
    let wrong_code = r#"{"request_json": "{", "expect_error": {"code": "invalid_type", "path": ""}}"#;
    assert!(common::check_vector(wrong_code).is_err());
    let wrong_path = r#"{"request_json": "{", "expect_error": {"code": "invalid_json", "path": "x"}}"#;
    assert!(common::check_vector(wrong_path).is_err());
    let expected_result = format!(r#"{{"request": {REQUEST}, "expect_error": {{"code": "invalid_json", "path": ""}}}}"#);
    assert!(common::check_vector(&expected_result).is_err());
}

/// An unknown API is reported before anything about the request, as in the other runtimes.
#[wasm_bindgen_test]
fn unknown_api_comes_before_request_errors() {
    let thrown = minzheng_wasm::call("no_such_api", JsValue::UNDEFINED)
        .err()
        .unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_value", "api"), Ok(()));
    let thrown = minzheng_wasm::call_json("no_such_api", "{").err().unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_value", "api"), Ok(()));
}

/// `apiNames()` lists the core's APIs, `calculate` among them.
#[wasm_bindgen_test]
fn api_names_are_the_core_apis() {
    let names: Vec<String> = minzheng_wasm::api_names()
        .iter()
        .filter_map(|c| c.as_string())
        .collect();
    assert_eq!(names, minzheng::api_names());
    assert!(names.iter().any(|n| n == "calculate"));
}
