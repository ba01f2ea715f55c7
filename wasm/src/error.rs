//! Core errors as JavaScript `Error` objects.

use js_sys::Reflect;
use minzheng::Error;
use wasm_bindgen::JsValue;

/// Converts a core error into a JavaScript `Error` whose message is the error's message and
/// which carries the stable `code` and the field `path` as properties.
pub(crate) fn to_js_error(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(&error.message);
    // Setting a property on a fresh, ordinary Error object cannot fail.
    let _ = Reflect::set(&js_error, &"code".into(), &error.code.as_str().into());
    let _ = Reflect::set(&js_error, &"path".into(), &error.path.as_str().into());
    js_error.into()
}
