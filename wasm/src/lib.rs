//! WebAssembly binding of [`minzheng`] for portal pages and Node.
//!
//! A thin shim over the core's wire APIs ([`minzheng::call`]). A request object is read into a
//! JSON value as `JSON.stringify` would write it ([`value`]; what the reader does not model
//! exactly goes through `JSON.stringify` itself) and decoded by the core's one typed decoder,
//! so it gives the same error codes and paths as the text APIs and the Rust and Python packages.
//! Results are built as plain JavaScript data straight from the core's token stream (src/object.rs;
//! in the nodejs target's build, feature `node`, in JavaScript from one tape of the tokens,
//! src/tape.rs): objects, arrays, strings, numbers, booleans, `null`; never a `Map` or a
//! `BigInt`; money stays a decimal string. The text APIs (`callJson`, `calculateJson`) take and
//! give JSON text for callers who hold text (in the Node build written in UTF-16, src/text.rs,
//! so that Node need not decode UTF-8, which it does slowly).
//!
//! Every API is reachable through `call(api, request)` / `callJson(api, text)`; `calculate` and
//! `calculateJson` are the named conveniences for the `"calculate"` API.
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

mod args;
mod error;
mod hash;
mod json;
#[cfg(not(feature = "node"))]
mod object;
#[cfg(feature = "node")]
mod request;
#[cfg(feature = "node")]
mod tape;
#[cfg(feature = "node")]
mod text;
mod value;

use error::to_js_error;
use js_sys::Array;
use minzheng::{ErrorCode, Request};
use wasm_bindgen::prelude::*;

/// Calls the wire API named `api` with a request given as a plain JavaScript object and returns
/// the result as a plain object.
///
/// The object is read as `JSON.stringify` would write it (so `NaN` and `Infinity` become `null`
/// and are rejected with a typed error), without JSON text in between, and the result is built
/// as objects directly: the same result, or the same error code and path, as
/// `callJson(api, JSON.stringify(request))`. Throws an `Error` with `code` and `path`
/// properties when the request cannot be handled: `code: "invalid_type", path: "api"` when `api`
/// is not a string, `code: "invalid_value", path: "api"` for an unknown API (see `apiNames()`),
/// `code: "invalid_json", path: ""` when the value cannot be serialised at all (a cyclic object,
/// `undefined`, a `BigInt`, a function) or has a string with a lone surrogate.
#[wasm_bindgen]
pub fn call(
    #[wasm_bindgen(unchecked_param_type = "string")] api: JsValue,
    #[wasm_bindgen(unchecked_param_type = "any")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let api = args::api_name(&api)?;
    // As in every runtime, an unknown API is reported before anything about the request.
    if !minzheng::api_names().contains(&api.as_str()) {
        return run(&api, "").map(JsValue::from);
    }
    // The result's builder is made once the request is read (the reading may run a getter).
    #[cfg(not(feature = "node"))]
    let new_result = object::Builder::default;
    #[cfg(feature = "node")]
    let new_result = tape::Tape::new;
    #[cfg(not(feature = "node"))]
    let read = value::from_js;
    #[cfg(feature = "node")]
    let read = request::from_js;
    let mut result;
    let called = match read(&request) {
        Ok(value) => {
            result = new_result();
            minzheng::call(&api, Request::Value(&value), &mut result)
        }
        // What the reader leaves to JSON.stringify: the text path of its output.
        Err(declined) => {
            let text = json::stringify(&request)?;
            if declined == value::Declined::LoneSurrogate
                && text.len() <= minzheng::limits::MAX_REQUEST_BYTES
            {
                return Err(args::lone_surrogate(""));
            }
            result = new_result();
            minzheng::call(&api, Request::Json(&text), &mut result)
        }
    };
    called.map_err(|e| to_js_error(&e))?;
    Ok(result.finish())
}

/// Calls the wire API named `api` with a request given as JSON text and returns the result as
/// JSON text (identical to `JSON.stringify(call(api, JSON.parse(request)))`).
///
/// The text may also be given as UTF-8 bytes (a `Uint8Array` or Node `Buffer`), read strictly.
/// Throws an `Error` with `code` and `path` properties when the request cannot be handled:
/// `invalid_type` when an argument is not text (path `api` or `""`), `invalid_json` when the
/// text is not valid Unicode (a lone surrogate, bytes that are not UTF-8).
#[wasm_bindgen(js_name = callJson)]
pub fn call_json(
    #[wasm_bindgen(unchecked_param_type = "string")] api: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] request: JsValue,
) -> Result<Text, JsValue> {
    let api = args::api_name(&api)?;
    if !minzheng::api_names().contains(&api.as_str()) {
        return run(&api, "");
    }
    run(&api, &args::request_text(&request)?)
}

/// Calls the core once on JSON text and maps its error; the result as a JavaScript string
/// (written in UTF-16, [`text`]).
#[cfg(feature = "node")]
fn run(api: &str, text: &str) -> Result<Text, JsValue> {
    let mut out = text::Text16::default();
    minzheng::call(api, Request::Json(text), &mut out).map_err(|e| to_js_error(&e))?;
    Ok(out.finish())
}

/// Calls the core once on JSON text and maps its error.
#[cfg(not(feature = "node"))]
fn run(api: &str, text: &str) -> Result<Text, JsValue> {
    minzheng::call_json(api, text).map_err(|e| to_js_error(&e))
}

/// A text result: in the Node build a JavaScript string made from UTF-16 ([`text`]); elsewhere
/// Rust text, which the host decodes from UTF-8 (fast in browsers, and less code).
#[cfg(feature = "node")]
type Text = js_sys::JsString;
#[cfg(not(feature = "node"))]
type Text = String;

/// Calculates every programme for a request given as a plain JavaScript object: `call` with the
/// `"calculate"` API.
///
/// Throws an `Error` with `code` and `path` properties when the request cannot be calculated,
/// including `code: "invalid_json"` when the value cannot be serialised at all.
#[wasm_bindgen]
pub fn calculate(
    #[wasm_bindgen(unchecked_param_type = "any")] request: JsValue,
) -> Result<JsValue, JsValue> {
    call(JsValue::from_str("calculate"), request)
}

/// Calculates every programme for a request given as JSON text (or UTF-8 bytes) and returns the
/// result as JSON text (identical to `JSON.stringify(calculate(JSON.parse(request)))`).
///
/// Throws an `Error` with `code` and `path` properties when the request cannot be calculated.
#[wasm_bindgen(js_name = calculateJson)]
pub fn calculate_json(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] request: JsValue,
) -> Result<Text, JsValue> {
    run("calculate", &args::request_text(&request)?)
}

/// The names of every wire API `call` accepts.
#[wasm_bindgen(js_name = apiNames, unchecked_return_type = "string[]")]
pub fn api_names() -> Array {
    minzheng::api_names()
        .into_iter()
        .map(JsValue::from_str)
        .collect()
}

/// The engine version (the core crate's version), as recorded in every receipt.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    minzheng::receipt::ENGINE_VERSION.to_string()
}

/// Every stable error code the engine can throw, as an array of strings.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "string[]")]
pub fn error_codes() -> Array {
    ErrorCode::ALL
        .iter()
        .map(|code| JsValue::from_str(code.as_str()))
        .collect()
}
