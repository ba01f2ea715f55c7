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
    let text = common::as_text(minzheng_wasm::calculate_json(REQUEST.into())).ok();
    assert_eq!(common::stringify(&result).ok(), text);
}

/// Strings of every kind (escapes, control characters, text beyond ASCII and beyond the BMP, at
/// every offset of the eight-byte steps the UTF-16 writer takes) come out of the text APIs as
/// the core writes them, and the object APIs agree.
#[wasm_bindgen_test]
fn text_is_the_core_text_for_any_string() {
    // As JSON text, inside the quotes of the member's id.
    let pieces = [r#"\""#, r#"\\"#, r#"\n"#, r#"\t"#, r#"\r"#, r#"\b"#, r#"\f"#, r#"\u0001"#, r#"\u001f"#, "\u{7f}", "é", "最低", "😀", r#"\ud83d\ude00"#, r#"\/"#, "a"];
    for (i, piece) in pieces.iter().enumerate() {
        for pad in 0..10 {
            let id = format!("{}{piece}{}{piece}", "x".repeat(pad), "y".repeat(i));
            let request = format!(
                r#"{{"calculation_date": "2025-07-01", "household": {{"district": "tianhe", "area": "urban",
                  "members": [{{"id": "{id}", "age": 45, "hukou": "guangzhou", "income": {{"wages": "1500"}}}}]}}}}"#
            );
            let text = common::as_text(minzheng_wasm::calculate_json(request.as_str().into()));
            assert_eq!(common::check_core_text(&text, "calculate", &request), Ok(()), "id {id:?}");
            assert!(text.is_ok(), "id {id:?}");
            let object = JSON::parse(&request).unwrap_or(JsValue::UNDEFINED);
            let result = minzheng_wasm::calculate(object).unwrap_or(JsValue::NULL);
            assert_eq!(common::stringify(&result).ok(), text.ok(), "id {id:?}");
        }
    }
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
    let thrown = minzheng_wasm::call("no_such_api".into(), JsValue::UNDEFINED)
        .err()
        .unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_value", "api"), Ok(()));
    let thrown = minzheng_wasm::call_json("no_such_api".into(), "{".into()).err().unwrap_or(JsValue::NULL);
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

/// Every exported function checks its arguments' types: a wrong type is the typed
/// `invalid_type` error naming the argument, never a trap of the module.
#[wasm_bindgen_test]
fn wrong_argument_types_are_typed_errors() {
    let object = request_object();
    let cases: Vec<(&str, Result<JsValue, JsValue>, &str, &str)> = vec![
        ("callJson(api, object)", minzheng_wasm::call_json("calculate".into(), object.clone()).map(JsValue::from), "invalid_type", ""),
        ("callJson(api, 42)", minzheng_wasm::call_json("calculate".into(), 42.into()).map(JsValue::from), "invalid_type", ""),
        ("callJson(42, text)", minzheng_wasm::call_json(42.into(), REQUEST.into()).map(JsValue::from), "invalid_type", "api"),
        ("callJson(api)", minzheng_wasm::call_json("calculate".into(), JsValue::UNDEFINED).map(JsValue::from), "invalid_type", ""),
        ("call(42, request)", minzheng_wasm::call(42.into(), object.clone()), "invalid_type", "api"),
        ("call(null, request)", minzheng_wasm::call(JsValue::NULL, object.clone()), "invalid_type", "api"),
        ("calculateJson(object)", minzheng_wasm::calculate_json(object.clone()).map(JsValue::from), "invalid_type", ""),
        ("calculateJson(null)", minzheng_wasm::calculate_json(JsValue::NULL).map(JsValue::from), "invalid_type", ""),
    ];
    for (name, outcome, code, path) in cases {
        let thrown = outcome.err().unwrap_or(JsValue::NULL);
        assert_eq!(common::check_error(&thrown, code, path), Ok(()), "{name}");
    }
    assert!(minzheng_wasm::calculate(request_object()).is_ok(), "the module still works");
}

/// A lone surrogate in request text is `invalid_json`, as in Rust and Python (wasm-bindgen's
/// lossy conversion would make it U+FFFD); a real U+FFFD is text like any other.
#[wasm_bindgen_test]
fn lone_surrogates_are_invalid_json() {
    let lone = js_sys::JsString::from_char_code1(0xD800);
    let (before, after) = REQUEST.split_once("\"a\"").unwrap_or((REQUEST, ""));
    let with_lone = js_sys::JsString::from(format!("{before}\"a").as_str())
        .concat(&lone)
        .concat(&JsValue::from_str(&format!("\"{after}")));
    let thrown = minzheng_wasm::calculate_json(with_lone.into()).err().unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_json", ""), Ok(()));
    let replacement = REQUEST.replace("\"a\"", "\"a\u{FFFD}\"");
    assert!(minzheng_wasm::calculate_json(replacement.as_str().into()).is_ok());
    let bytes = js_sys::Uint8Array::from(&b"{\"calculation_date\":\"\xff\"}"[..]);
    let thrown = minzheng_wasm::calculate_json(bytes.into()).err().unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_json", ""), Ok(()));
    let bytes = js_sys::Uint8Array::from(REQUEST.as_bytes());
    assert!(minzheng_wasm::calculate_json(bytes.into()).is_ok());
}

/// Calls an API with JSON text through the binding and parses the result.
fn call_text(api: &str, request: &str) -> serde_json::Value {
    let text = common::as_text(minzheng_wasm::call_json(api.into(), request.into())).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

/// The value at a JSON pointer (`null` when absent).
fn at(value: &serde_json::Value, pointer: &str) -> serde_json::Value {
    value.pointer(pointer).cloned().unwrap_or_default()
}

/// `cliff` is a wire API: a sweep of the first member's wages, each point the household's
/// monthly total as `calculate` gives it, and the same result through `call` (objects) as
/// through `callJson` (text).
#[wasm_bindgen_test]
fn cliff_sweeps_an_input() {
    let request = format!(
        r#"{{"request": {REQUEST}, "vary": "household.members[0].income.wages",
        "from": "0", "to": "3000", "step": "1000"}}"#
    );
    let sweep = call_text("cliff", &request);
    let points = at(&sweep, "/points").as_array().map_or(0, Vec::len);
    assert_eq!(points, 4);
    assert_eq!(at(&sweep, "/points/0/value"), "0");
    let at_1500 = call_text("calculate", REQUEST);
    let with_1000 = call_text("calculate", &REQUEST.replace("\"1500\"", "\"1000\""));
    assert_eq!(at(&sweep, "/points/1/monthly_total"), at(&with_1000, "/monthly_total"));
    assert_ne!(at(&sweep, "/points/1/monthly_total"), at(&at_1500, "/monthly_total"));
    assert!(at(&sweep, "/changes").is_array());
    let object = JSON::parse(&request).unwrap_or(JsValue::UNDEFINED);
    let via_call = minzheng_wasm::call("cliff".into(), object).unwrap_or(JsValue::NULL);
    let via_call = JSON::stringify(&via_call).ok().and_then(|s| s.as_string()).unwrap_or_default();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&via_call).ok(), Some(sweep));
    // A bad bound is a typed error at its field.
    let bad = request.replace(r#""step": "1000""#, r#""step": 1.5"#);
    let thrown = minzheng_wasm::call_json("cliff".into(), bad.as_str().into()).err().unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_value", "step"), Ok(()));
}

/// `calculate_reform` is a wire API: a raised 低保 standard raises the household's top-up, and
/// the difference says so.
#[wasm_bindgen_test]
fn calculate_reform_compares_with_the_law() {
    let request = format!(
        r#"{{"request": {REQUEST}, "reform": {{"name": "higher",
        "overrides": [{{"key": "dibao.standard", "value": "2000", "from": "2025-01-01"}}]}}}}"#
    );
    let result = call_text("calculate_reform", &request);
    assert_eq!(at(&result, "/reform"), "higher");
    assert_eq!(at(&result, "/baseline"), call_text("calculate", REQUEST));
    assert_eq!(at(&result, "/difference/changed"), true);
    assert_ne!(at(&result, "/baseline/monthly_total"), at(&result, "/reformed/monthly_total"));
    let bad = request.replace("dibao.standard", "dibao.no_such_key");
    let thrown = minzheng_wasm::call_json("calculate_reform".into(), bad.as_str().into())
        .err()
        .unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_value", "reform.overrides[0].key"), Ok(()));
}

/// `difference` is a wire API: two results in, what changed out; the difference of the results
/// `calculate_reform` returns is the one it reports.
#[wasm_bindgen_test]
fn difference_explains_two_results() {
    let request = format!(
        r#"{{"request": {REQUEST}, "reform": {{"name": "higher",
        "overrides": [{{"key": "dibao.standard", "value": "2000", "from": "2025-01-01"}}]}}}}"#
    );
    let reform = call_text("calculate_reform", &request);
    let pair = serde_json::json!({"baseline": at(&reform, "/baseline"), "reformed": at(&reform, "/reformed")});
    assert_eq!(call_text("difference", &pair.to_string()), at(&reform, "/difference"));
    let same = serde_json::json!({"baseline": at(&reform, "/baseline"), "reformed": at(&reform, "/baseline")});
    assert_eq!(at(&call_text("difference", &same.to_string()), "/changed"), false);
    let thrown = minzheng_wasm::call_json("difference".into(), r#"{"baseline": {}, "reformed": []}"#.into())
        .err()
        .unwrap_or(JsValue::NULL);
    assert_eq!(common::check_error(&thrown, "invalid_type", "reformed"), Ok(()));
}
