//! The scorecard (评分表) as data, and its validation.
//!
//! A card has sections (部分) of items (评分项), each item with its maximum points; a section may
//! cap its score (`max`, e.g. 环境 120 in GB/T 37276-2018); levels (等级) from lowest to highest,
//! each with a minimum total, optional minimums per section and an optional minimum occupancy;
//! and prerequisites (评定前提) whose failure vetoes any level (一票否决). Every figure carries a
//! status (verified / reported / structure / illustrative): the element's own `status`, else the
//! card's `status`, else `illustrative`, so a figure is never taken as verified unless the card
//! says so.
//!
//! Levels are cumulative: a level requires everything the levels below it require (an omitted
//! section minimum or occupancy is inherited from the level below). A card is rejected when it
//! is malformed: duplicate ids ([`ErrorCode::DuplicateId`]), a threshold or section maximum that
//! cannot be reached ([`ErrorCode::OutOfRange`]), levels out of order or unknown section names
//! ([`ErrorCode::InvalidValue`]), or a card above the input limits
//! ([`ErrorCode::InputTooLarge`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use super::points::{Points, Ratio};
use crate::error::{Error, ErrorCode};
use crate::params::{Citation, ParameterStore, Status};

pub use crate::limits::{MAX_ID_LEN, MAX_ITEMS, MAX_LEVELS, MAX_PREREQUISITES, MAX_SECTIONS};

/// The status of a card figure, as written in a card (see the policy handbook).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FigureStatus {
    /// Read in the official text.
    Verified,
    /// Several independent secondary reports agree.
    Reported,
    /// The rule's shape is known, the number is not.
    Structure,
    /// A placeholder; results that use it carry a warning.
    Illustrative,
}

impl From<FigureStatus> for Status {
    fn from(s: FigureStatus) -> Status {
        match s {
            FigureStatus::Verified => Status::Verified,
            FigureStatus::Reported => Status::Reported,
            FigureStatus::Structure => Status::Structure,
            FigureStatus::Illustrative => Status::Illustrative,
        }
    }
}

/// A scorecard: the built-in GB/T 37276-2018 card or a city's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Card {
    /// Short id (`gbt37276-2018`, `guangzhou-community-stars`).
    pub id: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name (defaults to the Chinese one).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub label_en: String,
    /// Default status of the card's figures (default `illustrative`).
    #[serde(default)]
    pub status: Option<FigureStatus>,
    /// The document the card comes from.
    pub source: CardSource,
    /// Rules of the scheme the card does not encode; each becomes a `rule_not_encoded` warning.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub caveats: Vec<Caveat>,
    /// Sections of items, in the order of the document.
    pub sections: Vec<Section>,
    /// Levels from lowest to highest.
    pub levels: Vec<Level>,
    /// Conditions whose failure vetoes any level (一票否决).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub prerequisites: Vec<Prerequisite>,
}

/// The document a card comes from. `key` may name a source of the engine's `sources.toml`, whose
/// fields then fill the ones left empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CardSource {
    /// Short key (`GB/T 37276-2018`).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub key: String,
    /// Document title (required unless `key` names a known source).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub document: String,
    /// Issuing body.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub issuer: String,
    /// Document number (文号 or standard number).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub number: String,
    /// Address of the text.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub url: String,
}

/// A rule of the scheme that the card does not encode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Caveat {
    /// Chinese text.
    pub zh: String,
    /// English text.
    pub en: String,
}

/// A section (部分) of a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    /// Id, unique among sections.
    pub id: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name (defaults to the Chinese one).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub label_en: String,
    /// The section's maximum, which caps its score; when absent, the sum of its items' maxima.
    /// It may not exceed that sum (it could never be reached).
    #[serde(default)]
    pub max: Option<Points>,
    /// Status of `max` (default: the card's).
    #[serde(default)]
    pub status: Option<FigureStatus>,
    /// Article or clause of the source.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub article: String,
    /// The items, in the order of the document.
    pub items: Vec<Item>,
}

/// An item (评分项) of a section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Item {
    /// Id, unique in the whole card; scores are given by this id.
    pub id: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name (defaults to the Chinese one).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub label_en: String,
    /// Maximum points (above zero).
    pub max: Points,
    /// Status of `max` (default: the card's).
    #[serde(default)]
    pub status: Option<FigureStatus>,
}

/// A level (等级 / 星级), listed from lowest to highest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Level {
    /// Chinese name (`三级`, `三星`).
    pub label_zh: String,
    /// English name (defaults to the Chinese one).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub label_en: String,
    /// Minimum total score; strictly above the level below's.
    pub min_total: Points,
    /// Minimum score per section id (inherited from the level below when omitted).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub min_sections: BTreeMap<String, Points>,
    /// Minimum occupancy (入住率) as a share (inherited from the level below when omitted).
    #[serde(default)]
    pub min_occupancy: Option<Ratio>,
    /// Status of `min_total` and `min_sections` (default: the card's).
    #[serde(default)]
    pub status: Option<FigureStatus>,
    /// Status of `min_occupancy` (default: the card's).
    #[serde(default)]
    pub occupancy_status: Option<FigureStatus>,
    /// Article or clause of the source.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub article: String,
}

/// How a prerequisite is decided.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PrerequisiteKind {
    /// The request answers it (`prerequisites.<id>`: true / false).
    #[default]
    Declared,
    /// Compliance with GB 38600-2019, decided by the request's `safety` checklist.
    Gb38600,
}

/// A prerequisite (评定前提): when not met, no level is awarded whatever the score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Prerequisite {
    /// Id, unique among prerequisites.
    pub id: String,
    /// Chinese text.
    pub label_zh: String,
    /// English text (defaults to the Chinese one).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub label_en: String,
    /// How it is decided (default `declared`).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub kind: PrerequisiteKind,
    /// Status of the rule (default: the card's).
    #[serde(default)]
    pub status: Option<FigureStatus>,
    /// The document the rule comes from, when not the card's: the key of a known source
    /// (`MCA-DJPD-2019`) or a document title.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub source: String,
    /// Article or clause of the source.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub article: String,
}

/// A validated section: its effective maximum and the statuses of its figures.
#[derive(Clone, Debug)]
pub(crate) struct CheckedSection {
    /// The cap: the declared maximum, else the sum of the items' maxima.
    pub max: Decimal,
    /// Status of the cap (for a sum, the least certain item status).
    pub status: Status,
    /// Each item's maximum.
    pub item_max: Vec<Decimal>,
    /// Status of each item's maximum.
    pub item_status: Vec<Status>,
}

/// A validated level with its cumulative requirements.
#[derive(Clone, Debug)]
pub(crate) struct CheckedLevel {
    /// Minimum total.
    pub min_total: Decimal,
    /// Minimum per section, in section order (0 when none, inherited from below).
    pub min_sections: Vec<Decimal>,
    /// Minimum occupancy, inherited from below.
    pub min_occupancy: Option<Decimal>,
    /// Status of the point thresholds.
    pub status: Status,
    /// Status of the occupancy minimum.
    pub occupancy_status: Status,
}

/// A validated card.
#[derive(Clone, Debug)]
pub(crate) struct CheckedCard {
    /// Per section.
    pub sections: Vec<CheckedSection>,
    /// Per level, lowest first.
    pub levels: Vec<CheckedLevel>,
    /// Sum of the sections' caps.
    pub total_max: Decimal,
    /// Status of each prerequisite rule.
    pub prerequisite_status: Vec<Status>,
    /// Item id → (section index, item index).
    pub items: BTreeMap<String, (usize, usize)>,
    /// The card's citation.
    pub citation: Citation,
}

fn err(code: ErrorCode, path: String, message: String) -> Error {
    Error::new(code, path, message)
}

fn check_id(path: String, id: &str) -> Result<(), Error> {
    let ok = !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'));
    if ok {
        Ok(())
    } else {
        Err(err(
            ErrorCode::InvalidValue,
            path,
            format!(
                "`{id}` is not an id: 1 to {MAX_ID_LEN} ASCII letters, digits, `_`, `-`, `.` or `/`"
            ),
        ))
    }
}

fn check_label(path: String, label: &str) -> Result<(), Error> {
    if label.trim().is_empty() {
        Err(err(
            ErrorCode::InvalidValue,
            path,
            "a label must not be empty".into(),
        ))
    } else {
        Ok(())
    }
}

fn too_large(path: String, what: &str, n: usize, max: usize) -> Error {
    err(
        ErrorCode::InputTooLarge,
        path,
        format!("the card has {n} {what}; at most {max} are accepted"),
    )
}

/// Validates `card`; `prefix` is the path of the card in the request (`card`). The store
/// resolves a source key.
pub(crate) fn check(
    card: &Card,
    prefix: &str,
    store: &ParameterStore,
) -> Result<CheckedCard, Error> {
    let p = |rest: &str| format!("{prefix}.{rest}");
    let default_status: Status = card.status.map_or(Status::Illustrative, Status::from);
    let status_of = |s: Option<FigureStatus>| s.map_or(default_status, Status::from);

    // Limits first, so that nothing below runs on an oversized card.
    if card.sections.len() > MAX_SECTIONS {
        return Err(too_large(
            p("sections"),
            "sections",
            card.sections.len(),
            MAX_SECTIONS,
        ));
    }
    let item_count: usize = card.sections.iter().map(|s| s.items.len()).sum();
    if item_count > MAX_ITEMS {
        return Err(too_large(p("sections"), "items", item_count, MAX_ITEMS));
    }
    if card.levels.len() > MAX_LEVELS {
        return Err(too_large(
            p("levels"),
            "levels",
            card.levels.len(),
            MAX_LEVELS,
        ));
    }
    if card.prerequisites.len() > MAX_PREREQUISITES {
        return Err(too_large(
            p("prerequisites"),
            "prerequisites",
            card.prerequisites.len(),
            MAX_PREREQUISITES,
        ));
    }
    check_id(p("id"), &card.id)?;
    check_label(p("label_zh"), &card.label_zh)?;
    let citation = citation(card, prefix, store)?;
    if card.sections.is_empty() {
        return Err(err(
            ErrorCode::InvalidValue,
            p("sections"),
            "a card needs at least one section".into(),
        ));
    }
    if card.levels.is_empty() {
        return Err(err(
            ErrorCode::InvalidValue,
            p("levels"),
            "a card needs at least one level".into(),
        ));
    }

    let mut section_ids = BTreeMap::new();
    let mut items = BTreeMap::new();
    let mut sections = Vec::with_capacity(card.sections.len());
    for (i, s) in card.sections.iter().enumerate() {
        let sp = p(&format!("sections[{i}]"));
        check_id(format!("{sp}.id"), &s.id)?;
        check_label(format!("{sp}.label_zh"), &s.label_zh)?;
        if section_ids.insert(s.id.as_str(), i).is_some() {
            return Err(err(
                ErrorCode::DuplicateId,
                format!("{sp}.id"),
                format!("two sections have the id `{}`", s.id),
            ));
        }
        if s.items.is_empty() {
            return Err(err(
                ErrorCode::InvalidValue,
                format!("{sp}.items"),
                format!("section `{}` has no items", s.id),
            ));
        }
        let mut sum = Decimal::ZERO;
        let mut item_status = Vec::with_capacity(s.items.len());
        let mut item_max = Vec::with_capacity(s.items.len());
        for (j, item) in s.items.iter().enumerate() {
            let ip = format!("{sp}.items[{j}]");
            check_id(format!("{ip}.id"), &item.id)?;
            check_label(format!("{ip}.label_zh"), &item.label_zh)?;
            if items.insert(item.id.clone(), (i, j)).is_some() {
                return Err(err(
                    ErrorCode::DuplicateId,
                    format!("{ip}.id"),
                    format!(
                        "two items have the id `{}`; item ids are unique in a card",
                        item.id
                    ),
                ));
            }
            if item.max.0 <= Decimal::ZERO {
                return Err(err(
                    ErrorCode::OutOfRange,
                    format!("{ip}.max"),
                    format!(
                        "item `{}` has a maximum of 0; an item's maximum is above zero",
                        item.id
                    ),
                ));
            }
            sum += item.max.0;
            item_max.push(item.max.0);
            item_status.push(status_of(item.status));
        }
        let (max, status) = match s.max {
            Some(m) => {
                if m.0 <= Decimal::ZERO || m.0 > sum {
                    return Err(err(
                        ErrorCode::OutOfRange,
                        format!("{sp}.max"),
                        format!(
                            "section `{}` has a maximum of {m} but its items' maxima sum to {sum}: the maximum must be above 0 and at most that sum",
                            s.id
                        ),
                    ));
                }
                (m.0, status_of(s.status))
            }
            None => (
                sum,
                item_status.iter().copied().max().unwrap_or(default_status),
            ),
        };
        sections.push(CheckedSection {
            max,
            status,
            item_max,
            item_status,
        });
    }
    let total_max: Decimal = sections.iter().map(|s| s.max).sum();

    let mut levels: Vec<CheckedLevel> = Vec::with_capacity(card.levels.len());
    for (k, level) in card.levels.iter().enumerate() {
        let lp = p(&format!("levels[{k}]"));
        check_label(format!("{lp}.label_zh"), &level.label_zh)?;
        let below = levels.last();
        if level.min_total.0 > total_max {
            return Err(err(
                ErrorCode::OutOfRange,
                format!("{lp}.min_total"),
                format!(
                    "level `{}` needs a total of {} but the card's maximum is {total_max}",
                    level.label_zh, level.min_total
                ),
            ));
        }
        if let Some(b) = below.filter(|b| level.min_total.0 <= b.min_total) {
            return Err(err(
                ErrorCode::InvalidValue,
                format!("{lp}.min_total"),
                format!(
                    "levels are listed from lowest to highest with increasing totals: {} is not above the level below's {}",
                    level.min_total, b.min_total
                ),
            ));
        }
        let mut min_sections: Vec<Decimal> = match below {
            Some(b) => b.min_sections.clone(),
            None => vec![Decimal::ZERO; sections.len()],
        };
        for (sid, min) in &level.min_sections {
            let path = format!("{lp}.min_sections.{sid}");
            let Some(&i) = section_ids.get(sid.as_str()) else {
                return Err(err(
                    ErrorCode::InvalidValue,
                    path,
                    format!("the card has no section `{sid}`"),
                ));
            };
            let (Some(cap), Some(slot)) = (sections.get(i).map(|s| s.max), min_sections.get_mut(i))
            else {
                continue;
            };
            if min.0 > cap {
                return Err(err(
                    ErrorCode::OutOfRange,
                    path,
                    format!("section `{sid}` needs {min} but its maximum is {cap}"),
                ));
            }
            if min.0 < *slot {
                return Err(err(
                    ErrorCode::InvalidValue,
                    path,
                    format!(
                        "a level cannot need less than the level below: section `{sid}` minimum {min} is below {slot}"
                    ),
                ));
            }
            *slot = min.0;
        }
        let below_occupancy = below.and_then(|b| b.min_occupancy);
        let min_occupancy = match (level.min_occupancy, below_occupancy) {
            (Some(own), Some(b)) if own.0 < b => {
                return Err(err(
                    ErrorCode::InvalidValue,
                    format!("{lp}.min_occupancy"),
                    format!(
                        "a level cannot need less occupancy than the level below: {own} is below {b}"
                    ),
                ));
            }
            (Some(own), _) => Some(own.0),
            (None, b) => b,
        };
        let occupancy_status = match (level.min_occupancy, below) {
            (None, Some(b)) => b.occupancy_status,
            _ => status_of(level.occupancy_status),
        };
        levels.push(CheckedLevel {
            min_total: level.min_total.0,
            min_sections,
            min_occupancy,
            status: status_of(level.status),
            occupancy_status,
        });
    }

    let mut prerequisite_ids = BTreeSet::new();
    let mut prerequisite_status = Vec::with_capacity(card.prerequisites.len());
    for (i, pre) in card.prerequisites.iter().enumerate() {
        let pp = p(&format!("prerequisites[{i}]"));
        check_id(format!("{pp}.id"), &pre.id)?;
        check_label(format!("{pp}.label_zh"), &pre.label_zh)?;
        if !prerequisite_ids.insert(pre.id.as_str()) {
            return Err(err(
                ErrorCode::DuplicateId,
                format!("{pp}.id"),
                format!("two prerequisites have the id `{}`", pre.id),
            ));
        }
        prerequisite_status.push(status_of(pre.status));
    }

    Ok(CheckedCard {
        sections,
        levels,
        total_max,
        prerequisite_status,
        items,
        citation,
    })
}

fn citation(card: &Card, prefix: &str, store: &ParameterStore) -> Result<Citation, Error> {
    let s = &card.source;
    let known = if s.key.is_empty() {
        None
    } else {
        store.source(&s.key)
    };
    let pick = |own: &str, from_store: Option<&str>| {
        if own.is_empty() {
            from_store.unwrap_or_default().to_string()
        } else {
            own.to_string()
        }
    };
    let document = pick(&s.document, known.map(|k| &*k.title));
    if document.trim().is_empty() {
        return Err(err(
            ErrorCode::MissingField,
            format!("{prefix}.source.document"),
            "a card names its source document (or the key of a known source)".into(),
        ));
    }
    Ok(Citation {
        source: if s.key.is_empty() {
            card.id.as_str().into()
        } else {
            s.key.as_str().into()
        },
        document: document.into(),
        issuer: pick(&s.issuer, known.map(|k| &*k.issuer)).into(),
        number: pick(&s.number, known.map(|k| &*k.number)).into(),
        article: "".into(),
        url: pick(&s.url, known.map(|k| &*k.url)).into(),
    })
}

/// The English label, or the Chinese one when none is given.
pub(crate) fn en<'a>(en: &'a str, zh: &'a str) -> &'a str {
    if en.trim().is_empty() { zh } else { en }
}
