//! Reforms: hypothetical parameter values for analysts, compared with the law as encoded.
//!
//! A [`Reform`] is a named list of [`Override`]s. Each override gives a parameter key, a value
//! (an exact decimal, written as a string), the first day it applies (`from`), optionally the last
//! (`to`, inclusive; open-ended when absent), and optionally the region and area it applies to.
//! [`ParameterStore::with_reform`] turns the embedded store into a new, validated store in which
//! each override replaces the values it covers and splits the ones it overlaps:
//!
//! ```text
//! dibao.standard (guangzhou)   2025-01-01 ────────────── 1309 ──────────────▶
//! override from 2025-07-01, 1400
//! reformed                     2025-01-01 ── 1309 ── 2025-06-30 │ 2025-07-01 ── 1400 ──▶
//! ```
//!
//! Which series an override touches: with neither `region` nor `area`, every region and area
//! that defines the key (the value applies everywhere); with `region`, every series of that
//! region; with `area`, only series limited to that area. When no series matches, one is created
//! for the given region (and area), so a district-level reform of a city-wide figure is a new
//! district series, which the nearest-region rule then prefers.
//!
//! **How an override is marked.** The new value has status `illustrative` and cites a source
//! made for the reform (`reform:<name>`, issuer "hypothetical reform — not in force"), article
//! `overrides[i]`, and a note naming the value(s) it replaced with their own citation and status.
//! The existing statuses are kept closed (a fifth `reform` status would change the wire schema
//! every binding types against), and `illustrative` is the status whose meaning fits: a figure
//! that is not from an official text, which every result that used it names in its warnings
//! (`illustrative_parameter`), so a result under a reform cannot be mistaken for a determination
//! under the law. The replaced value's citation stays available: in the note, and in the
//! differential explanation ([`crate::difference`]), which shows the baseline value with its
//! citation beside the reformed one.
//!
//! Errors have stable codes and paths (`reform.overrides[0].key`): an unknown key
//! (`invalid_value`), a malformed date (`invalid_date`) or value (`invalid_value`), a negative
//! value or one above the bound of its unit (`out_of_range`; 10^12 for amounts in 元, 10^6 for
//! ratios, months, counts…, so that no product the rules form can overflow), an unknown region
//! (`invalid_value`), `to` before `from` (`conflicting_fields`), two overrides of one series
//! whose periods overlap (`conflicting_fields`, at the later one's `from`) and a blank name
//! (`invalid_value` at `reform.name`).

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::date::Date;
use crate::error::{Error, tagged};
use crate::params::ParameterStore;
use crate::region::Area;
use crate::wire::{CalculationRequest, CalculationResult};

/// The name a reform gets when none is given.
pub const DEFAULT_NAME: &str = "reform";

/// A named set of parameter overrides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reform {
    /// Short name, used in the reform's citation (`reform:<name>`) and as the scenario's name.
    #[serde(default = "default_name")]
    pub name: String,
    /// What the reform does, for readers (becomes the title of its citation).
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "crate::decode::null_is_default"
    )]
    pub description: String,
    /// The overrides, applied in order.
    pub overrides: Vec<Override>,
}

fn default_name() -> String {
    DEFAULT_NAME.to_string()
}

/// One parameter override.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Override {
    /// The parameter's dotted key (`dibao.standard`).
    pub key: String,
    /// The new value, an exact decimal written as a string (`"1400"`, `"1.6"`) or a whole JSON
    /// number; never a fractional JSON number.
    pub value: DecimalValue,
    /// First day the value applies.
    pub from: Date,
    /// Last day it applies (inclusive); open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// Region (`guangzhou`, `guangzhou/huangpu`, `guangdong`, `national`); every region that
    /// defines the key when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Area (`urban` or `rural`); every area when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
    /// A remark kept in the new value's note.
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "crate::decode::null_is_default"
    )]
    pub note: String,
}

/// An exact decimal in an analyst's request (a reform value, a sweep bound): a decimal string or
/// a whole JSON number, never a fractional JSON number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecimalValue(pub Decimal);

crate::decode::decode_with_serde!(DecimalValue);

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DecimalValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DecimalValue".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact decimal written as a string (\"1400\", \"1.6\") or a whole JSON number; never a fractional JSON number.",
            "type": ["string", "integer"],
            "pattern": "^-?[0-9]+(\\.[0-9]+)?$"
        })
    }
}

impl Serialize for DecimalValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.normalize())
    }
}

impl<'de> Deserialize<'de> for DecimalValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl serde::de::Visitor<'_> for ValueVisitor {
    type Value = DecimalValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal written as a string such as \"1400\" or \"1.6\"")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DecimalValue, E> {
        parse_decimal(v).map(DecimalValue).ok_or_else(|| {
            E::custom(tagged(
                "invalid_value",
                &format!("`{v}` is not a decimal such as \"1400\" or \"1.6\""),
            ))
        })
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<DecimalValue, E> {
        Ok(DecimalValue(Decimal::from(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<DecimalValue, E> {
        Ok(DecimalValue(Decimal::from(v)))
    }

    fn visit_f64<E: serde::de::Error>(self, _v: f64) -> Result<DecimalValue, E> {
        Err(E::custom(tagged(
            "invalid_value",
            "a JSON number with a fraction is not exact; write the value as a string such as \"1.6\"",
        )))
    }
}

/// Parses a plain decimal (`-`, digits, optionally `.` and digits; no exponent, at most 28
/// significant digits).
fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let shaped = crate::money::plain_decimal(t)
        .is_some_and(|d| d.int.len() + d.frac.len() <= crate::limits::MAX_SIGNIFICANT_DIGITS);
    if shaped { t.parse().ok() } else { None }
}

impl Reform {
    /// Decodes a reform from JSON; errors name the field as `reform.overrides[0].from`.
    pub fn from_json(json: &str) -> Result<Reform, Error> {
        crate::decode::<Reform>(json).map_err(|e| under("reform", e))
    }

    /// A reform with no overrides (its results equal the baseline's).
    pub fn empty(name: &str) -> Reform {
        Reform {
            name: name.to_string(),
            description: String::new(),
            overrides: Vec::new(),
        }
    }
}

/// Re-roots an error's path under `prefix` (`overrides[0].key` → `reform.overrides[0].key`).
pub(crate) fn under(prefix: &str, mut error: Error) -> Error {
    error.path = if error.path.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}.{}", error.path)
    };
    error
}

/// The embedded store with `reform` applied.
pub fn reformed_store(reform: &Reform) -> Result<ParameterStore, Error> {
    ParameterStore::embedded()?.with_reform(reform)
}

/// The request of the `calculate_reform` wire function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReformRequest {
    /// The household calculation.
    pub request: CalculationRequest,
    /// The reform to compare with the law as encoded.
    pub reform: Reform,
}

/// The result of the `calculate_reform` wire function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReformResult {
    /// The reform's name.
    pub reform: String,
    /// The result under the embedded parameters.
    pub baseline: CalculationResult,
    /// The result under the reform.
    pub reformed: CalculationResult,
    /// What changed and why, programme by programme.
    pub difference: crate::difference::Difference,
}

/// Calculates a household under the embedded parameters and under a reform, and explains the
/// difference.
pub fn calculate_reform(request: &ReformRequest) -> Result<ReformResult, Error> {
    let store = reformed_store(&request.reform)?;
    let baseline = crate::calculate(&request.request)?;
    let reformed = crate::calculate_with(&store, &request.request)?;
    let difference = crate::difference::difference(&baseline, &reformed)?;
    Ok(ReformResult {
        reform: request.reform.name.clone(),
        baseline,
        reformed,
        difference,
    })
}

/// The wire form of [`calculate_reform`]: `{"request": {…}, "reform": {…}}` in, `{"reform",
/// "baseline", "reformed", "difference"}` out: the `calculate_reform` row of [`crate::api::APIS`].
pub fn calculate_reform_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(calculate_reform_wire, json)
}

/// The `calculate_reform` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn calculate_reform_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request: ReformRequest = crate::decode(json)?;
    crate::sink::emit(&calculate_reform(&request)?, sink)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(parse_decimal("1400"), Some(Decimal::from(1400)));
        assert_eq!(parse_decimal("1.6"), "1.6".parse().ok());
        assert_eq!(parse_decimal("-0.5"), "-0.5".parse().ok());
        for bad in ["", "1.", ".5", "1e3", "abc", "1,400", "--1"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn decodes_with_paths_under_reform() {
        let e = Reform::from_json(
            r#"{"overrides":[{"key":"dibao.standard","value":"x","from":"2025-07-01"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidValue, "reform.overrides[0].value")
        );
        let e = Reform::from_json(
            r#"{"overrides":[{"key":"dibao.standard","value":"1","from":"2025-7-1"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidDate, "reform.overrides[0].from")
        );
        let e = Reform::from_json(
            r#"{"overrides":[{"key":"dibao.standard","value":1.5,"from":"2025-07-01"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidValue, "reform.overrides[0].value")
        );
        let r = Reform::from_json(r#"{"overrides":[]}"#).unwrap();
        assert_eq!(r.name, "reform");
    }
}
