//! WebAssembly binding of [`minzheng`] for portal pages and Node.
//!
//! A thin shim over the one wire entry point, [`minzheng::calculate_json`]: a request object is
//! turned into JSON text with the host's own `JSON.stringify`, so decoding always goes through the
//! core's serde_json path and gives the same error codes and paths as the Rust and Python
//! packages. Results come back as plain JSON data (objects, arrays, strings, numbers, booleans,
//! `null`; never a `Map` or a `BigInt`); money stays a decimal string.
//!
//! Errors are thrown as real JavaScript `Error` objects carrying the stable `code` and the
//! offending field's `path` as properties:
//!
//! ```js
//! try {
//!   calculate(request);
//! } catch (e) {
//!   if (e.code === "invalid_value") highlight(e.path); // e.g. "household.district"
//! }
//! ```

use js_sys::{Array, JSON, Reflect};
use minzheng::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

/// Calculates every programme for a request given as a plain JavaScript object.
///
/// The object is serialised with `JSON.stringify` (so `NaN` and `Infinity` become `null` and are
/// rejected with a typed error) and decoded by the core. Returns the result as a plain object.
/// Throws an `Error` with `code` and `path` properties when the request cannot be calculated,
/// including `code: "invalid_json"` when the value cannot be serialised at all (a cyclic object,
/// `undefined`, a `BigInt`, a function).
#[wasm_bindgen]
pub fn calculate(request: JsValue) -> Result<JsValue, JsValue> {
    let json = stringify(&request)?;
    let result = minzheng::calculate_json(&json).map_err(|e| to_js_error(&e))?;
    JSON::parse(&result).map_err(|_| {
        to_js_error(&Error::new(
            ErrorCode::InvalidParameterData,
            "",
            "the engine produced a result that is not valid JSON",
        ))
    })
}

/// Calculates every programme for a request given as JSON text and returns the result as JSON
/// text (identical to `JSON.stringify(calculate(JSON.parse(request)))`).
///
/// Throws an `Error` with `code` and `path` properties when the request cannot be calculated.
#[wasm_bindgen(js_name = calculateJson)]
pub fn calculate_json(request: &str) -> Result<String, JsValue> {
    minzheng::calculate_json(request).map_err(|e| to_js_error(&e))
}

/// The engine version (the core crate's version), as recorded in every receipt.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    minzheng::receipt::ENGINE_VERSION.to_string()
}

/// Every stable error code the engine can throw, as an array of strings.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Array {
    ErrorCode::ALL
        .iter()
        .map(|code| JsValue::from_str(code.as_str()))
        .collect()
}

/// Serialises a JavaScript value with the host's `JSON.stringify`; a value it rejects (throws on,
/// or turns into `undefined`) is an `invalid_json` error.
fn stringify(value: &JsValue) -> Result<String, JsValue> {
    let invalid = |detail: String| {
        to_js_error(&Error::new(
            ErrorCode::InvalidJson,
            "",
            format!("the request cannot be serialised as JSON: {detail}"),
        ))
    };
    let text = JSON::stringify(value).map_err(|e| invalid(describe(&e)))?;
    JsValue::from(text)
        .as_string()
        .ok_or_else(|| invalid("JSON.stringify returned undefined".to_string()))
}

/// A short description of a thrown JavaScript value, for error messages.
fn describe(thrown: &JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "JSON.stringify threw".to_string())
}

/// Converts a core error into a JavaScript `Error` with `code` and `path` properties.
fn to_js_error(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(&error.message);
    // Setting a property on a fresh, ordinary Error object cannot fail.
    let _ = Reflect::set(&js_error, &"code".into(), &error.code.as_str().into());
    let _ = Reflect::set(&js_error, &"path".into(), &error.path.as_str().into());
    js_error.into()
}
