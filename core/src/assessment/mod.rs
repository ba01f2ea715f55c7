//! 老年人能力评估 (elderly ability assessment): the `assess_ability` wire API.
//!
//! Two standards, chosen by the request's `standard` field:
//!
//! - GB/T 42195-2022《老年人能力评估规范》([`gbt42195`]): 26 items in four groups, total 0–90,
//!   five levels by cut-offs of the total;
//! - MZ/T 039-2013《老年人能力评估》([`mzt039`]): four domains each graded 0–3, four levels by
//!   the combination rules.
//!
//! Both then apply the level-changing circumstances (等级变更依据; GB/T 42195 附录C C.4,
//! MZ/T 039 等级变更条款), each listed as its own clause:
//!
//! 1. 处于昏迷状态 (coma): the last level of the standard (GB/T 完全失能; MZ/T 重度失能);
//! 2. 确诊为痴呆, or another mental or behavioural disorder diagnosed by a psychiatrist: one level
//!    up;
//! 3. two or more care-risk events (跌倒、噎食、自杀、自伤、走失) in the last 30 days: one level
//!    up.
//!
//! The clauses are applied in this order, each on the level the previous one left, and never
//! beyond the last level (MZ/T 039: a preliminary 重度失能 is not raised). When clauses 2 and 3
//! both apply they raise the level twice: the standards list them as separate clauses, each raising
//! "在原有能力级别上" by one (policy handbook §6).
//!
//! The final level maps to the 特困 self-care tier ([`AbilityLevel::self_care`]) and to the
//! care-home care tier ([`AbilityLevel::care_tier`]).
#![doc(alias("老年人能力评估", "能力评估"))]

pub mod gbt42195;
pub mod mzt039;
pub mod wire;

use serde::Deserialize;

use crate::care_level::AbilityLevel;
use crate::error::{Error, ErrorCode};
use crate::money::Number;
use crate::params::{Citation, ParameterStore};
use crate::wire::{Input, Step};
pub use wire::{
    Adjustment, AssessmentRequest, AssessmentResult, Gbt42195Request, GroupScore, ItemScore,
    LevelInfo, Mzt039Request, Standard,
};

/// The allowed scores of an item.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Allowed {
    /// Every whole number from 0 to the maximum.
    UpTo(u32),
    /// Only these values (the Barthel items of MZ/T 039), ascending.
    OneOf(&'static [u32]),
}

impl Allowed {
    fn max(self) -> u32 {
        match self {
            Allowed::UpTo(max) => max,
            Allowed::OneOf(values) => values.last().copied().unwrap_or(0),
        }
    }

    fn describe(self) -> String {
        match self {
            Allowed::UpTo(max) => format!("0–{max}"),
            Allowed::OneOf(values) => values
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// An item of a form: its request field, labels and allowed scores.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ItemDef {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub allowed: Allowed,
}

/// Checks one item's score; an out-of-range score is an error naming the item (`items.eating`).
pub(crate) fn check_item(def: &ItemDef, score: i64) -> Result<ItemScore, Error> {
    let ok = match def.allowed {
        Allowed::UpTo(max) => (0..=i64::from(max)).contains(&score),
        Allowed::OneOf(values) => values.iter().any(|v| i64::from(*v) == score),
    };
    let value = u32::try_from(score).ok().filter(|_| ok).ok_or_else(|| {
        Error::new(
            ErrorCode::OutOfRange,
            format!("items.{}", def.id),
            format!(
                "{}（{}）的得分{score}不在允许范围内 / the score {score} of `{}` is not allowed: {}",
                def.zh,
                def.en,
                def.id,
                def.allowed.describe()
            ),
        )
    })?;
    Ok(ItemScore {
        id: def.id.to_string(),
        label_zh: def.zh.to_string(),
        label_en: def.en.to_string(),
        score: value,
        max_score: def.allowed.max(),
    })
}

/// Checks a group of items given in order; returns the item scores and their sum.
pub(crate) fn check_group(
    defs: &[ItemDef],
    scores: &[i64],
) -> Result<(Vec<ItemScore>, u32), Error> {
    let items = defs
        .iter()
        .zip(scores)
        .map(|(d, s)| check_item(d, *s))
        .collect::<Result<Vec<_>, _>>()?;
    let sum = items.iter().map(|i| i.score).sum();
    Ok((items, sum))
}

/// A step reporting a computed number with its formula.
pub(crate) fn step(
    id: &str,
    (label_zh, label_en): (&str, &str),
    value: u32,
    (formula_zh, formula_en): (String, String),
    inputs: Vec<Input>,
    citation: Option<Citation>,
) -> Step {
    Step {
        id: id.to_string(),
        label_zh: label_zh.to_string(),
        label_en: label_en.to_string(),
        value: Number(value.into()),
        formula_zh,
        formula_en,
        inputs,
        parameters: Vec::new(),
        passed: None,
        citation,
    }
}

/// The level with its names, numbered as in the standards (0 能力完好 …).
pub(crate) fn level_info(level: AbilityLevel) -> LevelInfo {
    LevelInfo {
        level,
        number: level.number(),
        label_zh: level.name_zh().to_string(),
        label_en: level.name_en().to_string(),
    }
}

/// The circumstances of a form, after its own consistency checks.
pub(crate) struct Circumstances {
    /// In a coma (given, or implied by the form).
    pub coma: bool,
    /// Why the form counts as a coma (for the explanation).
    pub coma_basis_zh: &'static str,
    /// The same in English.
    pub coma_basis_en: &'static str,
    /// Diagnosed dementia or psychiatric disorder.
    pub dementia: bool,
    /// Care-risk events in the last 30 days.
    pub risk_events: u32,
}

/// Applies the level-changing clauses to `preliminary` (see the module documentation); `last` is
/// the last level of the standard and `article` the clause's place in it.
pub(crate) fn adjust(
    store: &ParameterStore,
    standard: Standard,
    preliminary: AbilityLevel,
    last: AbilityLevel,
    c: &Circumstances,
    article: &str,
) -> (AbilityLevel, Vec<Adjustment>) {
    let citation = store.cite(standard.source_key(), article);
    let up = |l: AbilityLevel| l.one_up().min(last);
    let mut level = preliminary;
    let mut out = Vec::with_capacity(3);

    let before = level;
    if c.coma {
        level = last;
    }
    out.push(Adjustment {
        code: "coma".into(),
        applies: c.coma,
        level_before: before.number(),
        level_after: level.number(),
        message_zh: if c.coma {
            format!(
                "处于昏迷状态（{}），直接评定为{}",
                c.coma_basis_zh,
                last.name_zh()
            )
        } else {
            "未处于昏迷状态".into()
        },
        message_en: if c.coma {
            format!(
                "In a coma ({}): rated {} directly",
                c.coma_basis_en,
                last.name_en()
            )
        } else {
            "Not in a coma".into()
        },
        citation: citation.clone(),
    });

    let raise = |level: &mut AbilityLevel, applies: bool| -> (u8, u8) {
        let before = level.number();
        if applies {
            *level = up(*level);
        }
        (before, level.number())
    };
    let effect_zh = |b: u8, a: u8| {
        if b == a {
            format!("已为最高等级{}，不再提高", last.name_zh())
        } else {
            format!("等级由{b}级提高一级至{a}级")
        }
    };
    let effect_en = |b: u8, a: u8| {
        if b == a {
            format!("already at the last level ({}); not raised", last.name_en())
        } else {
            format!("raised one level, from {b} to {a}")
        }
    };

    let (b, a) = raise(&mut level, c.dementia);
    out.push(Adjustment {
        code: "dementia_or_psychiatric".into(),
        applies: c.dementia,
        level_before: b,
        level_after: a,
        message_zh: if c.dementia {
            format!(
                "确诊为痴呆或经精神科专科医生诊断的其他精神和行为障碍疾病：{}",
                effect_zh(b, a)
            )
        } else {
            "无痴呆或精神和行为障碍疾病诊断".into()
        },
        message_en: if c.dementia {
            format!(
                "Diagnosed dementia or another mental and behavioural disorder: {}",
                effect_en(b, a)
            )
        } else {
            "No diagnosis of dementia or of a mental and behavioural disorder".into()
        },
        citation: citation.clone(),
    });

    let events = c.risk_events >= 2;
    let n = c.risk_events;
    let (b, a) = raise(&mut level, events);
    out.push(Adjustment {
        code: "risk_events".into(),
        applies: events,
        level_before: b,
        level_after: a,
        message_zh: if events {
            format!(
                "近30天内发生照护风险事件{n}次（2次及以上）：{}",
                effect_zh(b, a)
            )
        } else {
            format!("近30天内发生照护风险事件{n}次，未达2次")
        },
        message_en: if events {
            format!(
                "{n} care-risk events in the last 30 days (two or more): {}",
                effect_en(b, a)
            )
        } else {
            format!("{n} care-risk events in the last 30 days, fewer than two")
        },
        citation,
    });
    (level, out)
}

#[derive(Deserialize, crate::decode::Decode)]
struct Header {
    standard: Standard,
}

/// Decodes an assessment request: the `standard` field chooses the form.
pub fn parse_assessment_request(json: &str) -> Result<AssessmentRequest, Error> {
    parse_assessment(crate::Request::Json(json))
}

/// [`parse_assessment_request`] of a request given as text or as a value.
fn parse_assessment(json: crate::Request<'_>) -> Result<AssessmentRequest, Error> {
    let header: Header = crate::decode(json)?;
    Ok(match header.standard {
        Standard::Gbt42195 => AssessmentRequest::Gbt42195(crate::decode(json)?),
        Standard::Mzt039 => AssessmentRequest::Mzt039(crate::decode(json)?),
    })
}

/// Assesses a decoded form with the embedded sources.
#[doc(alias("老年人能力评估", "能力评估"))]
pub fn assess_ability(request: &AssessmentRequest) -> Result<AssessmentResult, Error> {
    let store = ParameterStore::embedded()?;
    match request {
        AssessmentRequest::Gbt42195(r) => gbt42195::assess(store, r),
        AssessmentRequest::Mzt039(r) => mzt039::assess(store, r),
    }
}

/// The wire entry point of `assess_ability`.
pub fn assess_ability_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(assess_ability_wire, json)
}

/// The `assess_ability` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn assess_ability_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request = parse_assessment(json)?;
    let result = assess_ability(&request)?;
    crate::sink::emit(&result, sink)
}

/// The closing steps shared by both standards: the final level and its two mappings.
pub(crate) fn final_steps(
    store: &ParameterStore,
    standard: Standard,
    preliminary: AbilityLevel,
    level: AbilityLevel,
    article: &str,
) -> Vec<Step> {
    let src = standard.source_key();
    vec![
        step(
            "assessment.final_level",
            ("能力最终等级", "Final level"),
            level.number().into(),
            (
                format!(
                    "初步等级{}（{}）经等级变更依据调整后为{}（{}）",
                    preliminary.number(),
                    preliminary.name_zh(),
                    level.number(),
                    level.name_zh()
                ),
                format!(
                    "preliminary level {} ({}) after the level-changing clauses: {} ({})",
                    preliminary.number(),
                    preliminary.name_en(),
                    level.number(),
                    level.name_en()
                ),
            ),
            Vec::new(),
            Some(store.cite(src, article)),
        ),
        step(
            "assessment.self_care_level",
            ("特困人员生活自理能力", "特困 self-care tier"),
            level.number().into(),
            (
                format!(
                    "{} → {}（能力完好 → 全自理；轻度或中度失能 → 半自理；重度或完全失能 → 全护理；政策手册第2节）",
                    level.name_zh(),
                    level.self_care().name_zh()
                ),
                format!(
                    "{} → {} (intact → full self-care; mild or moderate → partial self-care; severe or complete → full care; policy handbook §2)",
                    level.name_en(),
                    level.self_care().name_zh()
                ),
            ),
            Vec::new(),
            None,
        ),
        step(
            "assessment.care_tier",
            ("养老机构护理等级", "Care-home care tier"),
            level.number().into(),
            (
                format!(
                    "{} → 护理费按“{}”档收取（每个能力等级一档；具体分档未见官方文件）",
                    level.name_zh(),
                    level.care_tier().name_zh()
                ),
                format!(
                    "{} → the care fee is charged at the `{}` tier (one tier per ability level; no official grouping was found)",
                    level.name_en(),
                    level.care_tier().as_str()
                ),
            ),
            Vec::new(),
            None,
        ),
    ]
}
