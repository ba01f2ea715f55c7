//! 公办养老机构 (public care homes): a resident's monthly bill and the dynamic adjustment of a
//! price (policy handbook §7).
//!
//! - [`tariff`]: a home's tariff as data (bed fee by room type, care fee by care tier, meal fee,
//!   partial-month rule), or the shipped sample tariff (illustrative parameters);
//! - [`bill`]: the monthly bill: charges, the resident group's rule, 长期护理保险 ([`ltc`]),
//!   other subsidies, out of pocket;
//! - [`adjustment`]: 动态调整, the cost-based price and the cap on one adjustment.
//!
//! Wire APIs: `care_home_bill` ([`care_home_bill_json`]) and `care_home_price_adjustment`
//! ([`care_home_price_adjustment_json`]).
#![doc(alias("公办养老机构", "公办养老机构收费", "养老机构收费"))]

pub mod adjustment;
pub mod bill;
pub mod ltc;
pub mod tariff;
pub mod wire;

use crate::error::Error;
use crate::params::ParameterStore;
pub use wire::{BillRequest, BillResult, PriceAdjustmentRequest, PriceAdjustmentResult};

/// Computes a monthly bill with the embedded parameters.
#[doc(alias("公办养老机构收费", "养老机构收费"))]
pub fn care_home_bill(request: &BillRequest) -> Result<BillResult, Error> {
    bill::bill(ParameterStore::embedded()?, request)
}

/// The wire entry point of `care_home_bill`.
pub fn care_home_bill_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(care_home_bill_wire, json)
}

/// The `care_home_bill` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn care_home_bill_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request: BillRequest = crate::decode(json)?;
    crate::sink::emit(&care_home_bill(&request)?, sink)
}

/// Computes a price adjustment with the embedded parameters.
#[doc(alias("动态调整", "收费动态调整"))]
pub fn care_home_price_adjustment(
    request: &PriceAdjustmentRequest,
) -> Result<PriceAdjustmentResult, Error> {
    adjustment::adjust(ParameterStore::embedded()?, request)
}

/// The wire entry point of `care_home_price_adjustment`.
pub fn care_home_price_adjustment_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(care_home_price_adjustment_wire, json)
}

/// The `care_home_price_adjustment` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn care_home_price_adjustment_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request: PriceAdjustmentRequest = crate::decode(json)?;
    crate::sink::emit(&care_home_price_adjustment(&request)?, sink)
}
