//! Shared checks for the Node and browser wasm-bindgen tests.
//!
//! Every golden vector goes through the exported entry points, `call` / `calculate` (a plain
//! object in, a plain object out) and `callJson` / `calculateJson` (text in, text out), and is
//! matched as `tests/vectors/README.md` describes: `expect` as a subset of the result,
//! `expect_error` against the thrown `Error`'s `code` and `path` properties.

use js_sys::{Array, JSON, Object, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// What a vector expects.
enum Expected<'a> {
    /// A subset of the result.
    Result(&'a Value),
    /// An error with this code and path.
    Error { code: &'a str, path: &'a str },
}

/// Runs one golden vector and fails the test with a readable message if it does not match.
pub fn assert_vector((name, text): (&str, &str)) {
    assert_eq!(check_vector(text), Ok(()), "golden vector {name}");
}

/// Runs one golden vector through the API it names (default `calculate`): `callJson` with the
/// request text and, for a `request` object, `call` with the object; for the `calculate` API
/// also the named `calculateJson` and `calculate`.
pub fn check_vector(text: &str) -> Result<(), String> {
    let vector: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let field = |key: &str| vector.get(key);
    let api = field("api").and_then(Value::as_str).unwrap_or("calculate");
    let (request, object_form) = match (field("request"), field("request_json")) {
        (Some(r), None) => (serde_json::to_string(r).map_err(|e| e.to_string())?, true),
        (None, Some(Value::String(raw))) => (raw.clone(), false),
        _ => return Err("needs exactly one of `request` / `request_json` (a string)".into()),
    };
    let expected = match (field("expect"), field("expect_error")) {
        (Some(e), None) => Expected::Result(e),
        (None, Some(e)) => Expected::Error {
            code: e
                .get("code")
                .and_then(Value::as_str)
                .ok_or("expect_error.code")?,
            path: e
                .get("path")
                .and_then(Value::as_str)
                .ok_or("expect_error.path")?,
        },
        _ => return Err("needs exactly one of `expect` / `expect_error`".into()),
    };
    let named = api == "calculate";

    let text_out = as_text(minzheng_wasm::call_json(
        api.into(),
        request.as_str().into(),
    ));
    check_text(&text_out, &expected).map_err(|e| format!("callJson: {e}"))?;
    check_core_text(&text_out, api, &request).map_err(|e| format!("callJson: {e}"))?;
    if named {
        let out = as_text(minzheng_wasm::calculate_json(request.as_str().into()));
        check_text(&out, &expected).map_err(|e| format!("calculateJson: {e}"))?;
    }
    if !object_form {
        return Ok(());
    }
    let object = || JSON::parse(&request).map_err(|_| "JSON.parse of the request failed");
    let out = minzheng_wasm::call(api.into(), object()?);
    check_object(out, &text_out, &expected).map_err(|e| format!("call: {e}"))?;
    if named {
        let out = minzheng_wasm::calculate(object()?);
        check_object(out, &text_out, &expected).map_err(|e| format!("calculate: {e}"))?;
    }
    Ok(())
}

/// A text API's result as Rust text (the Node build gives a JavaScript string, the web build
/// Rust text).
pub fn as_text<T: Into<String>>(result: Result<T, JsValue>) -> Result<String, JsValue> {
    result.map(Into::into)
}

/// Checks that a text API's result is the core's JSON text for the same call, character for
/// character (the binding writes its text in UTF-16 itself).
pub fn check_core_text(
    text_out: &Result<String, JsValue>,
    api: &str,
    request: &str,
) -> Result<(), String> {
    match (text_out, minzheng::call_json(api, request)) {
        (Ok(text), Ok(core)) if *text == core => Ok(()),
        (Ok(_), Ok(_)) => Err("the text differs from the core's JSON text".into()),
        (Err(_), Err(_)) => Ok(()),
        (Ok(_), Err(e)) => Err(format!(
            "a result where the core raises {}",
            e.code.as_str()
        )),
        (Err(_), Ok(_)) => Err("an error where the core gives a result".into()),
    }
}

/// Checks the outcome of a text API.
fn check_text(outcome: &Result<String, JsValue>, expected: &Expected<'_>) -> Result<(), String> {
    match outcome {
        Ok(json) => check_outcome(Ok(from_json(json)?), expected),
        Err(thrown) => check_outcome(Err(thrown), expected),
    }
}

/// Checks the outcome of an object API: plain data, identical to the text API's result, and
/// matching the vector.
fn check_object(
    outcome: Result<JsValue, JsValue>,
    text_out: &Result<String, JsValue>,
    expected: &Expected<'_>,
) -> Result<(), String> {
    let result = match outcome {
        Ok(result) => result,
        Err(thrown) => return check_outcome(Err(&thrown), expected),
    };
    check_plain(&result, "result")?;
    let json = stringify(&result)?;
    if text_out.as_ref().ok() != Some(&json) {
        return Err("JSON.stringify of the result differs from the text API's result".into());
    }
    check_outcome(Ok(from_json(&json)?), expected)
}

/// Parses a result returned as JSON text.
fn from_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("the result is not JSON: {e}"))
}

/// Matches a result or a thrown value against what the vector expects.
fn check_outcome(actual: Result<Value, &JsValue>, expected: &Expected<'_>) -> Result<(), String> {
    match (actual, expected) {
        (Ok(value), Expected::Result(subset)) => check_subset(subset, &value, ""),
        (Err(thrown), Expected::Error { code, path }) => check_error(thrown, code, path),
        (Ok(_), Expected::Error { code, .. }) => Err(format!("returned a result, expected {code}")),
        (Err(thrown), Expected::Result(_)) => Err(format!("threw {}", describe(thrown))),
    }
}

/// `expected` is a subset of `actual`: objects by key, arrays element-wise with equal length,
/// scalars by equality (money strings compare as strings).
pub fn check_subset(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => want.iter().try_for_each(|(key, value)| {
            let path = format!("{at}.{key}");
            let got = have.get(key).ok_or_else(|| format!("{path}: missing"))?;
            check_subset(value, got, &path)
        }),
        (Value::Array(want), Value::Array(have)) => {
            if want.len() != have.len() {
                return Err(format!(
                    "{at}: {} elements, expected {}",
                    have.len(),
                    want.len()
                ));
            }
            want.iter()
                .zip(have)
                .enumerate()
                .try_for_each(|(i, (w, h))| check_subset(w, h, &format!("{at}[{i}]")))
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{at}: got {actual}, expected {expected}")),
    }
}

/// The thrown value is a JS `Error` whose `code` and `path` properties are as expected.
pub fn check_error(thrown: &JsValue, code: &str, path: &str) -> Result<(), String> {
    if !thrown.is_instance_of::<js_sys::Error>() {
        return Err(format!("threw a non-Error value {thrown:?}"));
    }
    let got_code = property(thrown, "code");
    let got_path = property(thrown, "path");
    if got_code.as_deref() != Some(code) || got_path.as_deref() != Some(path) {
        return Err(format!(
            "threw {}, expected code {code} at {path:?}",
            describe(thrown)
        ));
    }
    Ok(())
}

/// The value is plain JSON data: no `Map`, `BigInt`, class instance, function or `undefined`.
pub fn check_plain(value: &JsValue, at: &str) -> Result<(), String> {
    if value.is_null() || value.is_string() || value.as_bool().is_some() {
        return Ok(());
    }
    if let Some(n) = value.as_f64() {
        return if n.is_finite() {
            Ok(())
        } else {
            Err(format!("{at}: non-finite number"))
        };
    }
    if let Some(array) = value.dyn_ref::<Array>() {
        return array
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| check_plain(&item, &format!("{at}[{i}]")));
    }
    if let Some(object) = value.dyn_ref::<Object>() {
        if Object::get_prototype_of(value) != Object::get_prototype_of(&Object::new()) {
            return Err(format!("{at}: not a plain object"));
        }
        return Object::entries(object).iter().try_for_each(|entry| {
            let key = Reflect::get_u32(&entry, 0).ok().and_then(|k| k.as_string());
            let item = Reflect::get_u32(&entry, 1).unwrap_or(JsValue::UNDEFINED);
            check_plain(&item, &format!("{at}.{}", key.unwrap_or_default()))
        });
    }
    Err(format!("{at}: not JSON data ({value:?})"))
}

/// `JSON.stringify` of a value, as a Rust string.
pub fn stringify(value: &JsValue) -> Result<String, String> {
    JSON::stringify(value)
        .ok()
        .and_then(|s| JsValue::from(s).as_string())
        .ok_or_else(|| "JSON.stringify failed".into())
}

/// A string property of a JS value.
pub fn property(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &key.into()).ok()?.as_string()
}

/// `code at path: message` of a thrown value, for failure messages.
fn describe(thrown: &JsValue) -> String {
    let get = |key| property(thrown, key).unwrap_or_else(|| format!("<no {key}>"));
    format!("{} at {:?}: {}", get("code"), get("path"), get("message"))
}
