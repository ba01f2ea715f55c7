//! The exported functions' arguments, checked before anything reads them.
//!
//! wasm-bindgen's own `&str` parameters trust the caller: an object, a number or `undefined`
//! passed where text is declared reaches the module's memory as garbage and traps it
//! (`RuntimeError: memory access out of bounds`). Every argument is therefore taken as a
//! `JsValue` and checked here: anything but the declared kind is the typed `invalid_type` error
//! naming the argument (path `api` for the API name, `""` for the request, as in Python).
//!
//! Text is also checked before it is decoded: wasm-bindgen turns a JavaScript string into UTF-8
//! lossily, a lone surrogate becoming U+FFFD, which would change an id without a word. A
//! string with a lone surrogate is `invalid_json`, as the same text is in Rust and Python. A
//! request may also be given as bytes (`Uint8Array`, Node's `Buffer`), read as strict UTF-8
//! ([`minzheng::request_text`]), so that a file read without decoding gets the same error.

use crate::error::to_js_error;
use js_sys::{JsString, Uint8Array};
use minzheng::{Error, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};

/// `typeof`-style name of a value, for messages.
fn kind(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if js_sys::Array::is_array(value) {
        return "an array".into();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("object") => "an object".into(),
        Some("undefined") => "undefined".into(),
        Some(t @ ("number" | "bigint" | "boolean" | "symbol" | "function" | "string")) => {
            format!("a {t}")
        }
        _ => "a value of another kind".into(),
    }
}

fn wrong_type(path: &str, what: &str, value: &JsValue, hint: &str) -> JsValue {
    to_js_error(&Error::new(
        ErrorCode::InvalidType,
        path,
        format!(
            "{what} must be {}, not {}{hint}",
            expected(path),
            kind(value)
        ),
    ))
}

fn expected(path: &str) -> &'static str {
    if path == "api" {
        "a string (see apiNames())"
    } else {
        "JSON text (a string or a Uint8Array of UTF-8)"
    }
}

/// Reads a JavaScript string without loss: a lone surrogate is `invalid_json` at `path`.
fn exact_string(text: &JsString, path: &str) -> Result<String, JsValue> {
    let decoded = String::from(text);
    // The lossy conversion only ever inserts U+FFFD; without one the text is exact. With one,
    // look at the UTF-16 itself (a real U+FFFD is allowed).
    if decoded.contains('\u{FFFD}') && !text.is_valid_utf16() {
        return Err(lone_surrogate(path));
    }
    Ok(decoded)
}

/// The error of text with a lone surrogate: `invalid_json` at `path`, the same for a request
/// given as text and one given as an object.
pub(crate) fn lone_surrogate(path: &str) -> JsValue {
    to_js_error(&Error::new(
        ErrorCode::InvalidJson,
        path,
        "the text is not valid Unicode: it contains a lone surrogate (half of a UTF-16 pair)",
    ))
}

/// The API name argument: a string.
pub(crate) fn api_name(value: &JsValue) -> Result<String, JsValue> {
    match value.dyn_ref::<JsString>() {
        Some(text) => exact_string(text, "api"),
        None => Err(wrong_type("api", "the API name", value, "")),
    }
}

/// The request text argument of the `…Json` functions: a string, or UTF-8 bytes.
pub(crate) fn request_text(value: &JsValue) -> Result<String, JsValue> {
    if let Some(text) = value.dyn_ref::<JsString>() {
        return exact_string(text, "");
    }
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        let limit = minzheng::validate::MAX_REQUEST_BYTES;
        if bytes.length() as usize > limit {
            return Err(to_js_error(&Error::new(
                ErrorCode::InputTooLarge,
                "",
                format!(
                    "the request is {} bytes; at most {limit} are accepted",
                    bytes.length()
                ),
            )));
        }
        let bytes = bytes.to_vec();
        return minzheng::request_text(&bytes)
            .map(str::to_string)
            .map_err(|e| to_js_error(&e));
    }
    let hint = if value.is_object() && !value.is_function() {
        "; pass objects to call() or calculate()"
    } else {
        ""
    };
    Err(wrong_type("", "the request", value, hint))
}
