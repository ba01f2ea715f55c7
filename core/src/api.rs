//! The table of wire APIs. Each takes a JSON request string and returns a JSON result string;
//! the bindings expose them all through one `call(api, request)` function (plus named
//! conveniences), and the golden vectors name the API they exercise (`"api"`, default
//! `"calculate"`). Adding an API means adding a row here.

use crate::error::{Error, ErrorCode};

/// A wire API: JSON in, JSON out.
pub type WireFn = fn(&str) -> Result<String, Error>;

/// Every API by name.
pub const APIS: &[(&str, WireFn)] = &[
    ("calculate", crate::calculate_json),
    (
        "temporary_assistance",
        crate::programmes::temporary::temporary_assistance_json,
    ),
    (
        "rescue_food_allowance",
        crate::programmes::rescue::rescue_food_allowance_json,
    ),
    ("assess_ability", crate::assessment::assess_ability_json),
    ("care_home_bill", crate::care_home::care_home_bill_json),
    (
        "care_home_price_adjustment",
        crate::care_home::care_home_price_adjustment_json,
    ),
    ("star_rating", crate::star_rating::star_rating_json),
    ("star_reward", crate::star_rating::star_reward_json),
    ("star_card", crate::star_rating::star_card_json),
    // The analysis operations: in every native build, and in a wasm32 build with the
    // `wasm-analysis` feature (the Node package; the portal's web package leaves them out for
    // its size budget).
    #[cfg(any(not(target_arch = "wasm32"), feature = "wasm-analysis"))]
    ("calculate_reform", crate::reform::calculate_reform_json),
    #[cfg(any(not(target_arch = "wasm32"), feature = "wasm-analysis"))]
    ("cliff", crate::batch::cliff::cliff_json),
    #[cfg(any(not(target_arch = "wasm32"), feature = "wasm-analysis"))]
    ("difference", crate::difference::difference_json),
];

/// Calls the API named `api` with a JSON request.
pub fn call_json(api: &str, request: &str) -> Result<String, Error> {
    match APIS.iter().find(|(name, _)| *name == api) {
        Some((_, f)) => f(request),
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
