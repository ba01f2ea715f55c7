//! The wire types of the `star_rating` API: the request and the result.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::card::{Card, PrerequisiteKind};
use super::points::{Points, Ratio};
use super::safety::{SafetyChecklist, SafetyResult};
use crate::date::Date;
use crate::money::Number;
use crate::params::{Citation, Status};
use crate::wire::{Options, Receipt, Warning};

/// A request to score a care home on a card (`star_rating`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StarRatingRequest {
    /// The assessment (评定) date.
    pub assessment_date: Date,
    /// The card; when absent, the built-in GB/T 37276-2018 card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// Awarded points by item id; items not listed score 0.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub scores: BTreeMap<String, Points>,
    /// Answers to the card's declared prerequisites, by id (true = met).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub prerequisites: BTreeMap<String, bool>,
    /// Occupancy (入住率) as a share, required when a level has a minimum occupancy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<Ratio>,
    /// The GB 38600-2019 checklist, required when the card has a `gb38600` prerequisite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety: Option<SafetyChecklist>,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// The result of `star_rating`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StarRatingResult {
    /// The assessment date.
    pub assessment_date: Date,
    /// The card used.
    pub card: CardSummary,
    /// The level awarded, 1 = lowest; 0 = none (scores too low, or vetoed).
    pub level: u8,
    /// Chinese name of the level (`未达到任何等级` for 0).
    pub level_label_zh: String,
    /// English name of the level.
    pub level_label_en: String,
    /// The level the scores and occupancy reach before the prerequisites are applied.
    pub level_before_veto: u8,
    /// Ids of the prerequisites not met, in card order; any one vetoes every level (一票否决).
    pub vetoed_by: Vec<String>,
    /// Total score (sum of the capped section scores).
    pub total: Number,
    /// The card's maximum total.
    pub total_max: Number,
    /// Status of the maximum total (the least certain section maximum).
    pub total_max_status: Status,
    /// Per section, in card order.
    pub sections: Vec<SectionScore>,
    /// Each level's test, lowest first (empty when `explain` is off).
    pub levels: Vec<LevelCheck>,
    /// Each prerequisite, in card order.
    pub prerequisites: Vec<PrerequisiteCheck>,
    /// The GB 38600-2019 checklist's outcome, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety: Option<SafetyResult>,
    /// What reaching the next level takes (`null` at the top level).
    pub gap: Option<GapReport>,
    /// Illustrative figures used, rules not encoded, standards not yet in force.
    pub warnings: Vec<Warning>,
    /// What is needed to reproduce the result (the input hash covers the card used).
    pub receipt: Receipt,
}

/// The card a result used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CardSummary {
    /// Card id.
    pub id: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
    /// Whether it is the engine's built-in card.
    pub builtin: bool,
    /// Its source.
    pub citation: Citation,
}

/// A section's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SectionScore {
    /// Section id.
    pub id: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
    /// The score: the items' sum capped at the maximum.
    pub score: Number,
    /// The items' sum before the cap.
    pub raw: Number,
    /// The section maximum.
    pub max: Number,
    /// Status of the maximum.
    pub status: Status,
    /// Whether the cap cut the score.
    pub capped: bool,
    /// Per item (empty when `explain` is off).
    pub items: Vec<ItemScore>,
}

/// An item's awarded points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemScore {
    /// Item id.
    pub id: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
    /// Points awarded.
    pub awarded: Number,
    /// Maximum points.
    pub max: Number,
    /// Status of the maximum.
    pub status: Status,
}

/// One level's test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LevelCheck {
    /// 1 = lowest.
    pub rank: u8,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
    /// Minimum total.
    pub min_total: Number,
    /// Minimum per section (cumulative: inherited from the levels below), sections without one
    /// left out.
    pub min_sections: Vec<SectionMinimum>,
    /// Minimum occupancy (cumulative), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_occupancy: Option<Number>,
    /// Status of the point thresholds.
    pub status: Status,
    /// Status of the occupancy minimum, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupancy_status: Option<Status>,
    /// Whether the scores and occupancy meet it (prerequisites aside).
    pub met: bool,
    /// What falls short: `total`, `section:<id>`, `occupancy`.
    pub shortfalls: Vec<String>,
    /// The test in Chinese, with the numbers.
    pub formula_zh: String,
    /// The test in English, with the numbers.
    pub formula_en: String,
    /// Legal basis.
    pub citation: Citation,
}

/// A section minimum of a level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SectionMinimum {
    /// Section id.
    pub section_id: String,
    /// Minimum score.
    pub min: Number,
}

/// A prerequisite's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PrerequisiteCheck {
    /// Prerequisite id.
    pub id: String,
    /// Chinese text.
    pub label_zh: String,
    /// English text.
    pub label_en: String,
    /// How it was decided.
    pub kind: PrerequisiteKind,
    /// Whether it is met; when not, no level is awarded.
    pub met: bool,
    /// Status of the rule.
    pub status: Status,
    /// Legal basis.
    pub citation: Citation,
}

/// The smallest set of missing points that reaches the next level (definition in
/// `docs/star-rating.md` and [`super::gap`]). Prerequisites are not points: a veto is reported
/// in `vetoed_by` and must be cleared besides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapReport {
    /// The level aimed at: one above `level_before_veto`.
    pub target_level: u8,
    /// Its Chinese name.
    pub target_label_zh: String,
    /// Its English name.
    pub target_label_en: String,
    /// Fewest points to add.
    pub points: Number,
    /// Fewest items to raise (for those points).
    pub item_count: u32,
    /// The items to raise, in card order.
    pub items: Vec<GapItem>,
    /// The total: now, required, after the raises.
    pub total: GapLine,
    /// Every section: now, required, after the raises.
    pub sections: Vec<GapSection>,
    /// The occupancy the target level needs, when it needs one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<GapOccupancy>,
    /// The report in a Chinese sentence.
    pub summary_zh: String,
    /// The report in an English sentence.
    pub summary_en: String,
}

/// One item of a gap report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapItem {
    /// Section id.
    pub section_id: String,
    /// Item id.
    pub item_id: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
    /// Points awarded now.
    pub awarded: Number,
    /// Maximum points.
    pub max: Number,
    /// Points to add.
    pub add: Number,
    /// Points after the raise.
    pub after: Number,
}

/// The total in a gap report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapLine {
    /// Now.
    pub score: Number,
    /// Required by the target level.
    pub required: Number,
    /// After the raises.
    pub after: Number,
}

/// A section in a gap report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapSection {
    /// Section id.
    pub section_id: String,
    /// Score now.
    pub score: Number,
    /// Required by the target level (0 when it sets no minimum).
    pub required: Number,
    /// Score after the raises.
    pub after: Number,
}

/// The occupancy condition of the target level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapOccupancy {
    /// Occupancy now.
    pub current: Number,
    /// Required.
    pub required: Number,
    /// Whether it is met already (points cannot change it).
    pub met: bool,
}
