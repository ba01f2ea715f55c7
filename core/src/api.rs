//! The table of wire APIs. Each takes a request, as JSON text or as a JSON value a binding built
//! from its host's own data ([`Request`]), and writes its result into a [`Sink`]: as JSON text
//! ([`call_json`]) or as the binding's own objects (the WASM package's plain JavaScript
//! objects). The bindings expose them all through one `call(api, request)` function (plus named
//! conveniences), and the golden vectors name the API they exercise (`"api"`, default
//! `"calculate"`). Adding an API means adding a row here.

use crate::error::{Error, ErrorCode};
use crate::sink::{JsonText, Sink};

/// A request as a binding holds it. Both forms go through the same typed decoder
/// ([`crate::decode`](mod@crate::decode)), so a request gives the same result, or the same error
/// code and path, whichever form it arrives in.
#[derive(Clone, Copy, Debug)]
pub enum Request<'a> {
    /// JSON text: checked for its size, its syntax and repeated keys before it is decoded.
    Json(&'a str),
    /// A JSON value already built, as the WASM package builds one from a JavaScript object
    /// (it applies the text form's limits itself: size, nesting, no lone surrogates).
    Value(&'a serde_json::Value),
}

impl<'a> From<&'a str> for Request<'a> {
    fn from(json: &'a str) -> Request<'a> {
        Request::Json(json)
    }
}

/// A wire API: a request in, its result written into the sink (nothing is written when it fails).
pub type WireFn = fn(Request<'_>, &mut dyn Sink) -> Result<(), Error>;

/// Every API by name.
pub const APIS: &[(&str, WireFn)] = &[
    ("calculate", crate::calculate_wire),
    (
        "temporary_assistance",
        crate::programmes::temporary::temporary_assistance_wire,
    ),
    (
        "rescue_food_allowance",
        crate::programmes::rescue::rescue_food_allowance_wire,
    ),
    ("assess_ability", crate::assessment::assess_ability_wire),
    ("care_home_bill", crate::care_home::care_home_bill_wire),
    (
        "care_home_price_adjustment",
        crate::care_home::care_home_price_adjustment_wire,
    ),
    ("star_rating", crate::star_rating::star_rating_wire),
    ("star_reward", crate::star_rating::star_reward_wire),
    ("star_card", crate::star_rating::star_card_wire),
    // The analysis operations: in every native build, and in a wasm32 build with the
    // `wasm-analysis` feature (the Node package; the portal's web package leaves them out for
    // its size budget).
    #[cfg(any(not(target_arch = "wasm32"), feature = "wasm-analysis"))]
    ("calculate_reform", crate::reform::calculate_reform_wire),
    #[cfg(any(not(target_arch = "wasm32"), feature = "wasm-analysis"))]
    ("cliff", crate::batch::cliff::cliff_wire),
    #[cfg(any(not(target_arch = "wasm32"), feature = "wasm-analysis"))]
    ("difference", crate::difference::difference_wire),
];

/// Calls the API named `api` with a JSON request.
pub fn call_json(api: &str, request: &str) -> Result<String, Error> {
    call_text(api, Request::Json(request))
}

/// Calls the API named `api` with a request already built as a JSON value (the WASM package's
/// object path); the same decoding, results and errors as [`call_json`] of its text.
pub fn call_value(api: &str, request: &serde_json::Value) -> Result<String, Error> {
    call_text(api, Request::Value(request))
}

/// [`call`] with the result as JSON text.
fn call_text(api: &str, request: Request<'_>) -> Result<String, Error> {
    let mut text = JsonText::default();
    call(api, request, &mut text)?;
    Ok(text.finish())
}

/// Runs one row of the table on JSON text, the result as JSON text: each API's `…_json`
/// function.
pub(crate) fn text_of(wire: WireFn, json: &str) -> Result<String, Error> {
    let mut text = JsonText::default();
    wire(Request::Json(json), &mut text)?;
    Ok(text.finish())
}

/// Calls the API named `api` with a request in either form, writing the result into `sink`
/// (see [`crate::sink`]); nothing is written when the call fails.
pub fn call(api: &str, request: Request<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
    match APIS.iter().find(|(name, _)| *name == api) {
        Some((_, f)) => f(request, sink),
        None => Err(Error::new(
            ErrorCode::InvalidValue,
            "api",
            format!(
                "unknown API `{api}`; known: {}",
                APIS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// The names of every API.
pub fn api_names() -> Vec<&'static str> {
    APIS.iter().map(|(n, _)| *n).collect()
}

/// Reads a request given as bytes as UTF-8 text, strictly: bytes that are not UTF-8 are
/// `invalid_json` at the root, never replaced by U+FFFD (which would change an id or a name
/// without a word). The bindings use it for requests handed over as bytes (a Node `Buffer` or
/// `Uint8Array`, a Python `bytes`), so that every runtime refuses the same bytes the same way.
pub fn request_text(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            "",
            format!(
                "the request is not valid UTF-8 (invalid bytes at byte {})",
                e.valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_bytes_must_be_utf8() {
        assert_eq!(request_text(b"{}").ok(), Some("{}"));
        let e = request_text(b"{\"id\":\"\xff\"}").err();
        assert_eq!(
            e.map(|e| (e.code, e.path)),
            Some((ErrorCode::InvalidJson, String::new()))
        );
        // A UTF-8-encoded surrogate (CESU-8 / WTF-8) is not UTF-8 either.
        assert!(request_text(b"\"\xed\xa0\x80\"").is_err());
    }
}
