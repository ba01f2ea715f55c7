//! 养老机构等级评定 / 星级 (care-home grading and star ratings), the GB 38600-2019 safety
//! checklist, and Guangzhou's one-off reward for rated community providers.
//!
//! - A general scorecard engine ([`card`], [`score`], [`gap`]): sections of items with maximum
//!   and awarded points, section caps, level thresholds on the total, on each section and on
//!   occupancy, prerequisites that veto any level (一票否决), and a gap report giving the smallest
//!   set of missing points, by item, that reaches the next level.
//! - The built-in card of 《养老机构等级划分与评定》GB/T 37276-2018 (`cards/gbt37276-2018.json`):
//!   four sections 环境 120, 设施设备 130, 运营管理 150, 服务 600 (reported); five levels 一级 …
//!   五级 whose thresholds are illustrative (not read in the standard); occupancy minimums
//!   30 / 35 / 40 % for 一级 / 二级 / 三级 (reported). A city's own card (a local star scheme) is
//!   loaded from the request instead, without code changes.
//! - 《养老机构服务安全基本规范》GB 38600-2019 ([`safety`]) as a checklist feeding the card's
//!   `gb38600` prerequisite.
//! - 穗府办规〔2022〕13号 第三十六条 ([`reward`]): 5★ 100,000 … 1★ 10,000 元, once; an upgrade within
//!   validity pays the difference.
//!
//! Wire APIs (rows of [`crate::api::APIS`]): `star_rating` ([`star_rating_json`]),
//! `star_reward` ([`star_reward_json`]) and `star_card` ([`star_card_json`], the built-in card,
//! as a starting point for a city's own).
#![doc(alias("养老机构等级评定", "等级评定", "星级评定", "星级"))]

pub mod card;
pub mod gap;
pub mod points;
pub mod rating;
pub mod reward;
pub mod safety;
pub mod score;
pub mod wire;

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

pub use card::Card;
pub use points::{Points, Ratio};
pub use reward::{StarRewardRequest, StarRewardResult};
pub use wire::{StarRatingRequest, StarRatingResult};

use crate::error::{Error, ErrorCode};
use crate::params::ParameterStore;

/// The built-in GB/T 37276-2018 card, as JSON (the format of a request's `card`).
pub const BUILTIN_CARD_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/gbt37276-2018.json"));

static BUILTIN: OnceLock<Result<Card, Error>> = OnceLock::new();

/// The built-in GB/T 37276-2018 card, parsed once.
pub fn builtin_card() -> Result<&'static Card, Error> {
    BUILTIN
        .get_or_init(|| {
            // Read through the same decoder as requests, so the card types are compiled once.
            crate::decode::decode::<Card>(BUILTIN_CARD_JSON).map_err(|e| {
                Error::new(
                    ErrorCode::InvalidParameterData,
                    "",
                    format!("the built-in card does not parse: {e}"),
                )
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Decodes a JSON request of any of this module's APIs, with the path of the offending field
/// (the engine's one decoder: size limit, error codes and paths as for every wire API).
fn decode<T: crate::decode::Decode>(json: crate::Request<'_>) -> Result<T, Error> {
    crate::decode(json)
}

/// Scores a care home: the wire entry point of `star_rating`.
pub fn star_rating_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(star_rating_wire, json)
}

/// The `star_rating` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn star_rating_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request: StarRatingRequest = decode(json)?;
    crate::sink::emit(&rating::rate(ParameterStore::embedded()?, &request)?, sink)
}

/// The Guangzhou community star reward: the wire entry point of `star_reward`.
pub fn star_reward_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(star_reward_wire, json)
}

/// The `star_reward` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn star_reward_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request: StarRewardRequest = decode(json)?;
    crate::sink::emit(
        &reward::reward(ParameterStore::embedded()?, &request)?,
        sink,
    )
}

/// A request for the built-in card (`star_card`): an empty object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StarCardRequest {}

/// Returns the built-in GB/T 37276-2018 card (`star_card`), to read or to adapt into a city's
/// own card.
pub fn star_card_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(star_card_wire, json)
}

/// The `star_card` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn star_card_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let _: StarCardRequest = decode(json)?;
    crate::sink::emit(builtin_card()?, sink)
}

#[cfg(test)]
mod tests;
