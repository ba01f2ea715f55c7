//! Care levels shared by the ability assessment, 特困 care standards and care-home fees.
//!
//! - [`AbilityLevel`]: the five levels of 《老年人能力评估规范》GB/T 42195-2022 (0 能力完好 …
//!   4 完全失能); MZ/T 039-2013 uses the first four.
//! - [`SelfCareLevel`]: the three 特困 care tiers (全自理 / 半自理 / 全护理), GZ-TK-2021 三.
//!
//! Mapping (policy handbook §2): 能力完好 → 全自理; 轻度 or 中度失能 → 半自理; 重度 or 完全失能
//! → 全护理. By disability: grade 1–2 intellectual or mental → 全护理, grade 3 → 半自理. By the
//! national six-ADL test: all six met → 全自理; one to three not met → 半自理 (部分丧失); four or
//! more not met → 全护理 (完全丧失). The most severe route wins.

use serde::{Deserialize, Serialize};

/// GB/T 42195-2022 ability level (老年人能力等级).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AbilityLevel {
    /// 0 能力完好
    Intact,
    /// 1 轻度失能
    Mild,
    /// 2 中度失能
    Moderate,
    /// 3 重度失能
    Severe,
    /// 4 完全失能
    Complete,
}

impl AbilityLevel {
    /// The level number 0–4.
    pub fn number(self) -> u8 {
        match self {
            AbilityLevel::Intact => 0,
            AbilityLevel::Mild => 1,
            AbilityLevel::Moderate => 2,
            AbilityLevel::Severe => 3,
            AbilityLevel::Complete => 4,
        }
    }

    /// One level more severe, never beyond 完全失能.
    pub fn one_up(self) -> AbilityLevel {
        match self {
            AbilityLevel::Intact => AbilityLevel::Mild,
            AbilityLevel::Mild => AbilityLevel::Moderate,
            AbilityLevel::Moderate => AbilityLevel::Severe,
            AbilityLevel::Severe | AbilityLevel::Complete => AbilityLevel::Complete,
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            AbilityLevel::Intact => "能力完好",
            AbilityLevel::Mild => "轻度失能",
            AbilityLevel::Moderate => "中度失能",
            AbilityLevel::Severe => "重度失能",
            AbilityLevel::Complete => "完全失能",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            AbilityLevel::Intact => "ability intact",
            AbilityLevel::Mild => "mildly disabled",
            AbilityLevel::Moderate => "moderately disabled",
            AbilityLevel::Severe => "severely disabled",
            AbilityLevel::Complete => "completely disabled",
        }
    }

    /// The care-home care tier (护理等级) charged for this level: see [`CareTier`].
    pub fn care_tier(self) -> CareTier {
        match self {
            AbilityLevel::Intact => CareTier::SelfCare,
            AbilityLevel::Mild => CareTier::Mild,
            AbilityLevel::Moderate => CareTier::Moderate,
            AbilityLevel::Severe => CareTier::Severe,
            AbilityLevel::Complete => CareTier::Complete,
        }
    }

    /// The 特困 self-care tier for this level.
    pub fn self_care(self) -> SelfCareLevel {
        match self {
            AbilityLevel::Intact => SelfCareLevel::FullSelfCare,
            AbilityLevel::Mild | AbilityLevel::Moderate => SelfCareLevel::PartialSelfCare,
            AbilityLevel::Severe | AbilityLevel::Complete => SelfCareLevel::FullCare,
        }
    }
}

/// 特困 self-care tier (生活自理能力), from least to most care.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum SelfCareLevel {
    /// 全自理
    FullSelfCare,
    /// 半自理 (部分丧失生活自理能力)
    PartialSelfCare,
    /// 全护理 (完全丧失生活自理能力)
    FullCare,
}

impl SelfCareLevel {
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            SelfCareLevel::FullSelfCare => "全自理",
            SelfCareLevel::PartialSelfCare => "半自理",
            SelfCareLevel::FullCare => "全护理",
        }
    }

    /// The tier by the national six-ADL test, from the number of activities not met (0–6).
    pub fn from_adl_unmet(unmet: u8) -> SelfCareLevel {
        match unmet {
            0 => SelfCareLevel::FullSelfCare,
            1..=3 => SelfCareLevel::PartialSelfCare,
            _ => SelfCareLevel::FullCare,
        }
    }
}

/// The care tier (护理等级) a care-home tariff charges its care fee (护理费) by.
///
/// Public homes set the care fee by the resident's assessed ability (policy handbook §7: "care fee
/// by care level"), but no verified text fixes how the five GB/T 42195-2022 levels group into fee
/// tiers. The engine therefore keeps one tier per ability level (an MZ/T 039-2013 level maps to
/// the GB/T level of the same name), and a home whose tariff groups levels gives several tiers the
/// same fee.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CareTier {
    /// 自理（能力完好）
    SelfCare,
    /// 轻度失能照护
    Mild,
    /// 中度失能照护
    Moderate,
    /// 重度失能照护
    Severe,
    /// 完全失能照护
    Complete,
}

impl CareTier {
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            CareTier::SelfCare => "自理",
            CareTier::Mild => "轻度失能照护",
            CareTier::Moderate => "中度失能照护",
            CareTier::Severe => "重度失能照护",
            CareTier::Complete => "完全失能照护",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            CareTier::SelfCare => "self-care",
            CareTier::Mild => "mild-disability care",
            CareTier::Moderate => "moderate-disability care",
            CareTier::Severe => "severe-disability care",
            CareTier::Complete => "complete-disability care",
        }
    }

    /// The wire name (`self_care`).
    pub fn as_str(self) -> &'static str {
        match self {
            CareTier::SelfCare => "self_care",
            CareTier::Mild => "mild",
            CareTier::Moderate => "moderate",
            CareTier::Severe => "severe",
            CareTier::Complete => "complete",
        }
    }
}
