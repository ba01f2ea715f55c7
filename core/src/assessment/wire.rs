//! Wire types of the `assess_ability` API: one request per standard (chosen by its `standard`
//! field) and one result type for both.

use serde::{Deserialize, Serialize};

use crate::care_level::{AbilityLevel, CareTier, SelfCareLevel};
use crate::params::Citation;
use crate::wire::{Options, Receipt, Step, Warning};

/// The assessment standard a form follows.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, crate::decode::Decode,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Standard {
    /// GB/T 42195-2022《老年人能力评估规范》: 26 items, total 0–90, five levels.
    #[serde(rename = "gbt_42195_2022")]
    Gbt42195,
    /// MZ/T 039-2013《老年人能力评估》: four domains, four levels.
    #[serde(rename = "mzt_039_2013")]
    Mzt039,
}

impl Standard {
    /// Key of the standard in `sources.toml`.
    pub fn source_key(self) -> &'static str {
        match self {
            Standard::Gbt42195 => "GB/T 42195-2022",
            Standard::Mzt039 => "MZ/T 039-2013",
        }
    }
}

/// `"standard": "gbt_42195_2022"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Gbt42195Tag {
    /// GB/T 42195-2022.
    #[serde(rename = "gbt_42195_2022")]
    Gbt42195,
}

/// `"standard": "mzt_039_2013"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Mzt039Tag {
    /// MZ/T 039-2013.
    #[serde(rename = "mzt_039_2013")]
    Mzt039,
}

/// An ability-assessment request: a completed form of either standard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AssessmentRequest {
    /// A GB/T 42195-2022 form.
    Gbt42195(Gbt42195Request),
    /// An MZ/T 039-2013 form.
    Mzt039(Mzt039Request),
}

/// A GB/T 42195-2022 form: the 26 item scores (附录B; higher is more able) and the
/// circumstances of 附录C C.4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Gbt42195Request {
    /// `"gbt_42195_2022"`.
    pub standard: Gbt42195Tag,
    /// The item scores.
    pub items: Gbt42195Items,
    /// 处于昏迷状态 (in a coma): 完全失能. Needs 意识水平 (`items.consciousness`) scored 0.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub coma: bool,
    /// Diagnosed dementia (F00–F03) or another mental and behavioural disorder diagnosed by a
    /// psychiatrist (F04–F99): one level up.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub dementia_or_psychiatric_diagnosis: bool,
    /// Care-risk events (falls, choking, suicide, self-harm, wandering off) in the last 30 days;
    /// two or more: one level up.
    #[serde(default)]
    pub risk_events_30_days: u32,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// GB/T 42195-2022 附录B item scores. Ranges: 0–4 unless stated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Gbt42195Items {
    /// B.1.1 进食 0–4.
    pub eating: i64,
    /// B.1.2 修饰 0–4.
    pub grooming: i64,
    /// B.1.3 洗澡 0–4.
    pub bathing: i64,
    /// B.1.4 穿/脱上衣 0–4.
    pub dressing_upper: i64,
    /// B.1.5 穿/脱裤子和鞋袜 0–4.
    pub dressing_lower: i64,
    /// B.1.6 小便控制 0–4.
    pub urination_control: i64,
    /// B.1.7 大便控制 0–4.
    pub bowel_control: i64,
    /// B.1.8 如厕 0–4.
    pub toileting: i64,
    /// B.2.1 床上体位转移 0–4.
    pub bed_position_change: i64,
    /// B.2.2 床椅转移 0–4.
    pub bed_chair_transfer: i64,
    /// B.2.3 平地行走 0–4.
    pub walking: i64,
    /// B.2.4 上下楼梯 0–3.
    pub stairs: i64,
    /// B.3.1 时间定向 0–4.
    pub time_orientation: i64,
    /// B.3.2 空间定向 0–4.
    pub place_orientation: i64,
    /// B.3.3 人物定向 0–4.
    pub person_orientation: i64,
    /// B.3.4 记忆 0–4.
    pub memory: i64,
    /// B.3.5 理解能力 0–4.
    pub comprehension: i64,
    /// B.3.6 表达能力 0–4.
    pub expression: i64,
    /// B.3.7 攻击行为 0–1 (1: none).
    pub aggression: i64,
    /// B.3.8 抑郁症状 0–1 (1: none).
    pub depression: i64,
    /// B.3.9 意识水平 0–2 (2 神志清醒; 1 嗜睡或意识模糊; 0 昏睡或昏迷).
    pub consciousness: i64,
    /// B.4.1 视力 0–2.
    pub vision: i64,
    /// B.4.2 听力 0–2.
    pub hearing: i64,
    /// B.4.3 执行日常事务 0–4.
    pub daily_affairs: i64,
    /// B.4.4 使用交通工具外出 0–3.
    pub transport: i64,
    /// B.4.5 社会交往能力 0–4.
    pub social_interaction: i64,
}

/// An MZ/T 039-2013 form: the 22 item scores (附录B) and the circumstances of the 等级变更条款.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mzt039Request {
    /// `"mzt_039_2013"`.
    pub standard: Mzt039Tag,
    /// The item scores.
    pub items: Mzt039Items,
    /// 处于昏迷状态 (in a coma): 重度失能. Also implied by 意识水平 scored 3 (昏迷).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub coma: bool,
    /// 有认知障碍/痴呆、精神疾病: one level up.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub dementia_or_psychiatric_diagnosis: bool,
    /// Accidents (falls, choking, suicide, wandering off) in the last 30 days; two or more: one
    /// level up.
    #[serde(default)]
    pub risk_events_30_days: u32,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// MZ/T 039-2013 附录B item scores. 日常生活活动 is the Barthel index (higher is more able, only
/// the listed values); the other domains count impairment (higher is less able).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mzt039Items {
    /// B.1.1 进食: 0, 5 or 10.
    pub eating: i64,
    /// B.1.2 洗澡: 0 or 5.
    pub bathing: i64,
    /// B.1.3 修饰: 0 or 5.
    pub grooming: i64,
    /// B.1.4 穿衣: 0, 5 or 10.
    pub dressing: i64,
    /// B.1.5 大便控制: 0, 5 or 10.
    pub bowel_control: i64,
    /// B.1.6 小便控制: 0, 5 or 10.
    pub urination_control: i64,
    /// B.1.7 如厕: 0, 5 or 10.
    pub toileting: i64,
    /// B.1.8 床椅转移: 0, 5, 10 or 15.
    pub bed_chair_transfer: i64,
    /// B.1.9 平地行走: 0, 5, 10 or 15.
    pub walking: i64,
    /// B.1.10 上下楼梯: 0, 5 or 10.
    pub stairs: i64,
    /// B.2.1 认知功能 0–2.
    pub cognition: i64,
    /// B.2.2 攻击行为 0–2.
    pub aggression: i64,
    /// B.2.3 抑郁症状 0–2.
    pub depression: i64,
    /// B.3.1 意识水平 0–3 (0 神志清醒, 1 嗜睡, 2 昏睡, 3 昏迷).
    pub consciousness: i64,
    /// B.3.2 视力 0–4.
    pub vision: i64,
    /// B.3.3 听力 0–4.
    pub hearing: i64,
    /// B.3.4 沟通交流 0–3.
    pub communication: i64,
    /// B.4.1 生活能力 0–4.
    pub daily_living: i64,
    /// B.4.2 工作能力 0–4.
    pub work: i64,
    /// B.4.3 时间/空间定向 0–4.
    pub time_space_orientation: i64,
    /// B.4.4 人物定向 0–4.
    pub person_orientation: i64,
    /// B.4.5 社会交往能力 0–4.
    pub social_interaction: i64,
}

/// The result of an ability assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssessmentResult {
    /// The standard applied.
    pub standard: Standard,
    /// Its title in Chinese.
    pub standard_label_zh: String,
    /// Its title in English.
    pub standard_label_en: String,
    /// The groups (GB/T 42195: 一级指标) or domains (MZ/T 039) with their items.
    pub groups: Vec<GroupScore>,
    /// GB/T 42195: the total score 0–90 (absent for MZ/T 039, which has no total).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_score: Option<u32>,
    /// The preliminary level (初步等级), from the scores alone.
    pub preliminary_level: LevelInfo,
    /// Every level-changing circumstance (等级变更依据), whether it applied and its effect.
    pub adjustments: Vec<Adjustment>,
    /// The final level (最终等级).
    pub final_level: LevelInfo,
    /// The 特困 self-care tier for the final level (全自理 / 半自理 / 全护理).
    pub self_care_level: SelfCareLevel,
    /// The care-home care tier for the final level (the tier a tariff's care fee is charged by).
    pub care_tier: CareTier,
    /// How the level was reached, step by step (empty when `explain` is off).
    pub steps: Vec<Step>,
    /// Things the reader must know.
    pub warnings: Vec<Warning>,
    /// What is needed to reproduce the result.
    pub receipt: Receipt,
}

/// A level with its number and names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LevelInfo {
    /// The level.
    pub level: AbilityLevel,
    /// Its number in the standard (0–4 for GB/T 42195, 0–3 for MZ/T 039).
    pub number: u8,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
}

/// A group of items (GB/T 42195 一级指标) or a domain (MZ/T 039) with its subtotal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroupScore {
    /// Stable id (`self_care`).
    pub id: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// Subtotal of the items (absent for MZ/T 039 感知觉与沟通, graded by combination).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// Highest possible subtotal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_score: Option<u32>,
    /// MZ/T 039: the domain level 0–3 (分级).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// MZ/T 039: the domain level's name (能力完好 / 轻度受损 / 中度受损 / 重度受损).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_label_zh: Option<String>,
    /// The items.
    pub items: Vec<ItemScore>,
}

/// One item of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemScore {
    /// Field name in the request (`eating`).
    pub id: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// The score given.
    pub score: u32,
    /// The highest score of the item.
    pub max_score: u32,
}

/// A level-changing circumstance (等级变更依据) and its effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Adjustment {
    /// `coma`, `dementia_or_psychiatric` or `risk_events`.
    pub code: String,
    /// Whether the circumstance is present.
    pub applies: bool,
    /// The level number before this adjustment.
    pub level_before: u8,
    /// The level number after it.
    pub level_after: u8,
    /// Chinese explanation.
    pub message_zh: String,
    /// English explanation.
    pub message_en: String,
    /// Legal basis.
    pub citation: Citation,
}
