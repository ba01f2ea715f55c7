//! JavaScript values as JSON text, with the host's own `JSON.stringify`.

use crate::error::to_js_error;
use js_sys::JSON;
use minzheng::{Error, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};

/// Serialises a JavaScript value with `JSON.stringify`; a value it rejects (throws on, or turns
/// into `undefined`) is an `invalid_json` error at the root.
pub(crate) fn stringify(value: &JsValue) -> Result<String, JsValue> {
    let invalid = |detail: String| {
        to_js_error(&Error::new(
            ErrorCode::InvalidJson,
            "",
            format!("the request cannot be serialised as JSON: {detail}"),
        ))
    };
    let text = JSON::stringify(value).map_err(|thrown| invalid(describe(&thrown)))?;
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
