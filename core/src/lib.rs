//! # minzheng (民政)
//!
//! A rules-as-code engine for Chinese civil-affairs benefits, starting with Guangzhou's
//! 最低生活保障 (dibao) and 低保边缘 (marginal households).
//!
//! - Money is exact ([`rust_decimal`]), crosses every boundary as a string, and is rounded once
//!   ([`money::round_payable`]).
//! - Every figure is a dated, cited parameter with a status ([`params`]); every amount explains
//!   itself with the parameters it used; results that used an illustrative figure say so.
//! - One wire API ([`calculate_json`]) serves the Rust crate, the WASM package and the Python
//!   package, so all three give the same answer to the fen.
//!
//! ```
//! let request = r#"{
//!   "calculation_date": "2025-07-01",
//!   "household": {
//!     "district": "tianhe", "area": "urban",
//!     "members": [
//!       {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "1500"}},
//!       {"id": "b", "age": 12, "hukou": "guangzhou"}
//!     ]
//!   }
//! }"#;
//! let result = minzheng::calculate_json(request).unwrap();
//! let value: serde_json::Value = serde_json::from_str(&result).unwrap();
//! // 1309 × 2 − 1500 = 1118
//! assert_eq!(value["programmes"][0]["monthly_amount"], "1118.00");
//! ```

#![forbid(unsafe_code)]

pub mod api;
pub mod assessment;
pub mod batch;
pub mod care_home;
pub mod care_level;
mod catalogue;
pub mod columnar;
pub mod context;
pub mod date;
pub mod decode;
pub mod difference;
pub mod engine;
pub mod error;
pub mod household;
pub mod limits;
pub mod money;
pub mod params;
pub mod programmes;
pub mod receipt;
pub mod reform;
pub mod region;
pub mod sink;
pub mod star_rating;
pub mod summary;
pub mod validate;
pub mod warnings;
pub mod wire;

pub use api::{Request, api_names, call, call_json, call_value, request_text};
pub use date::Date;
pub use error::{Error, ErrorCode};
pub use money::Money;
pub use params::ParameterStore;
pub use wire::{CalculationRequest, CalculationResult, DECIMAL_FIELDS};

use context::Context;

/// The crate README's example, compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Decodes a JSON request, with the path of the offending field on error.
pub fn parse_request(json: &str) -> Result<CalculationRequest, Error> {
    decode(json)
}

/// Decodes a request already built as a JSON value (a binding's object path), with the same
/// decoding, errors and paths as [`parse_request`] of its text (the binding applies the text's
/// limits itself: size, nesting, no lone surrogates; see [`Request::Value`]).
pub fn parse_request_value(value: &serde_json::Value) -> Result<CalculationRequest, Error> {
    decode(Request::Value(value))
}

/// Decodes the request of any wire API, given as text or as a value (see [`decode`](mod@decode)).
pub(crate) fn decode<'a, T: decode::Decode>(request: impl Into<Request<'a>>) -> Result<T, Error> {
    match request.into() {
        Request::Json(json) => decode::decode(json),
        Request::Value(value) => decode::from_value(value),
    }
}

/// Calculates every programme for a decoded request with the embedded parameters.
pub fn calculate(request: &CalculationRequest) -> Result<CalculationResult, Error> {
    calculate_with(ParameterStore::embedded()?, request)
}

/// Calculates every programme for a decoded request with the given parameter store.
pub fn calculate_with(
    store: &ParameterStore,
    request: &CalculationRequest,
) -> Result<CalculationResult, Error> {
    let ages = validate::validate(request)?;
    let household = &request.household;
    let mut ctx = Context::new(
        store,
        request.calculation_date,
        Some(household.district),
        Some(household.area),
        request.options.explain,
    );
    let programmes = programmes::assess_household(&mut ctx, request, &ages)?;
    let monthly_total = Money(programmes.iter().map(|p| p.monthly_amount.0).sum());
    let one_off_total = Money(
        programmes
            .iter()
            .filter_map(|p| p.one_off_amount.map(|m| m.0))
            .sum(),
    );
    let summary = summary::summarise(household, &programmes);
    let (warnings, used) = ctx.finish();
    Ok(CalculationResult {
        calculation_date: request.calculation_date,
        region: ["guangzhou/", household.district.as_str()].concat(),
        programmes,
        monthly_total,
        one_off_total,
        summary,
        warnings,
        receipt: receipt::receipt(request, &used),
    })
}

/// The wire entry point: a JSON request in, a JSON result out. Every binding calls this.
pub fn calculate_json(json: &str) -> Result<String, Error> {
    api::text_of(calculate_wire, json)
}

/// The `calculate` row of [`api::APIS`]: a request as text or as a value, the result into a
/// sink.
pub fn calculate_wire(request: Request<'_>, sink: &mut dyn sink::Sink) -> Result<(), Error> {
    let request: CalculationRequest = decode(request)?;
    sink::emit(&calculate(&request)?, sink)
}

/// Encodes a result of any wire API as JSON text (through [`sink::JsonText`], the same bytes as
/// `serde_json::to_string`).
pub(crate) fn encode<T: serde::Serialize>(result: &T) -> Result<String, Error> {
    sink::to_json(result)
}
