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
