//! Wire types of the `care_home_bill` and `care_home_price_adjustment` APIs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::care_level::{AbilityLevel, CareTier};
use crate::date::Date;
/// A share between 0 and 1: the one share type of every calculator.
pub use crate::money::Ratio;
use crate::money::{Money, Number};
use crate::wire::{LineItem, Options, Reason, Receipt, Step, Warning};

/// A resident's monthly bill request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BillRequest {
    /// A day of the month billed; parameters in force on this date apply.
    pub calculation_date: Date,
    /// First day of the stay in the month (default: the 1st). Must fall in the month billed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stay_from: Option<Date>,
    /// Last day of the stay in the month, inclusive (default: the month's last day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stay_to: Option<Date>,
    /// The home's tariff. Without one the sample tariff applies (illustrative figures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff: Option<Tariff>,
    /// The resident.
    pub resident: Resident,
    /// Long-term care insurance cover (长期护理保险), if the resident has an assessed grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ltc: Option<LtcCover>,
    /// For a 失能 or 高龄 resident of a 低保 or 低收入 household on the basic charge: the cap on
    /// what city and district finance pay towards the gap, 元 for the month billed (the
    /// financial-support standard for supported persons, 财政供养人员供养标准, per head; its amount
    /// is not encoded). Without it the gap is shown paid in full and a warning says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance_cap: Option<Money>,
    /// Other subsidies paid towards the bill (e.g. a district's voucher), applied in order and
    /// never beyond what is left to pay.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::decode::null_is_default"
    )]
    pub other_subsidies: Vec<Subsidy>,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// A care home's tariff (收费标准): monthly fees and the partial-month rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tariff {
    /// Name of the tariff, for the bill.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub name: String,
    /// 床位费 by room type (the home's own names, e.g. `single`, `double`), 元/月.
    pub bed_fee: BTreeMap<String, Money>,
    /// 护理费 by care tier, 元/月.
    pub care_fee: CareFees,
    /// 伙食费, 元/月.
    pub meal_fee: Money,
    /// How a partial month is charged.
    pub partial_month: PartialMonth,
}

/// 护理费 by care tier, 元/月.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CareFees {
    /// 自理 (能力完好).
    pub self_care: Money,
    /// 轻度失能.
    pub mild: Money,
    /// 中度失能.
    pub moderate: Money,
    /// 重度失能.
    pub severe: Money,
    /// 完全失能.
    pub complete: Money,
}

impl CareFees {
    /// The fee of a tier.
    pub fn of(&self, tier: CareTier) -> Money {
        match tier {
            CareTier::SelfCare => self.self_care,
            CareTier::Mild => self.mild,
            CareTier::Moderate => self.moderate,
            CareTier::Severe => self.severe,
            CareTier::Complete => self.complete,
        }
    }
}

/// How a month with fewer days of stay is charged. A stay covering the whole month is always
/// charged the monthly fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PartialMonth {
    /// Monthly fee × days of stay ÷ days in the month.
    CalendarDays,
    /// Monthly fee ÷ 30 × days of stay, never above the monthly fee.
    ThirtyDays,
    /// The whole monthly fee for any part of a month.
    FullMonth,
}

/// The resident billed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Resident {
    /// The resident group whose fee rule applies.
    pub group: ResidentGroup,
    /// Room type, a key of the tariff's `bed_fee` (the sample tariff: single, double, multi).
    pub room_type: String,
    /// The assessed ability level (final level of `assess_ability`); it sets the care tier.
    pub ability_level: AbilityLevel,
    /// Age in completed years (0–150). Read for a 低保 or 低收入 resident who is not 失能: a 高龄
    /// resident pays the basic charge. Without it, such a resident's bill is at the tariff and a
    /// warning names the missing answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<i64>,
    /// Whether the resident takes the home's meals (default true).
    #[serde(default = "yes", deserialize_with = "crate::decode::null_is_true")]
    pub meals: bool,
}

fn yes() -> bool {
    true
}

/// Resident groups with their own fee rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ResidentGroup {
    /// 社会老人: pays the tariff.
    General,
    /// 特困供养人员 (三无 / 五保): pays nothing.
    Tekun,
    /// 低保对象: if 失能 or 高龄, pays the basic charge of one urban dibao standard.
    Dibao,
    /// 低保边缘家庭 (低收入困难家庭): if 失能 or 高龄, pays the basic charge.
    DibaoMarginal,
    /// 优抚对象.
    Youfu,
    /// 计划生育特殊家庭.
    JishengSpecial,
}

impl ResidentGroup {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ResidentGroup::General => "general",
            ResidentGroup::Tekun => "tekun",
            ResidentGroup::Dibao => "dibao",
            ResidentGroup::DibaoMarginal => "dibao_marginal",
            ResidentGroup::Youfu => "youfu",
            ResidentGroup::JishengSpecial => "jisheng_special",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            ResidentGroup::General => "社会老人",
            ResidentGroup::Tekun => "特困供养人员",
            ResidentGroup::Dibao => "低保对象",
            ResidentGroup::DibaoMarginal => "低保边缘家庭老年人",
            ResidentGroup::Youfu => "优抚对象",
            ResidentGroup::JishengSpecial => "计划生育特殊家庭老年人",
        }
    }
}

/// 长期护理保险 cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LtcCover {
    /// The insurance scheme.
    pub scheme: LtcScheme,
    /// The assessed disability grade (失能等级) 1–3; 3 is the most severe.
    pub grade: i64,
}

/// 长期护理保险 schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LtcScheme {
    /// 职工医保参保人.
    Employee,
    /// 城乡居民医保参保人.
    Resident,
}

impl LtcScheme {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LtcScheme::Employee => "employee",
            LtcScheme::Resident => "resident",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            LtcScheme::Employee => "职工医保",
            LtcScheme::Resident => "居民医保",
        }
    }
}

/// Another subsidy paid towards the bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Subsidy {
    /// Stable id chosen by the caller (the line item is `care_home.subsidy.<id>`).
    pub id: String,
    /// Its name, shown on the bill.
    pub name: String,
    /// Amount for the month.
    pub amount: Money,
}

/// A resident's monthly bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BillResult {
    /// The calculation date.
    pub calculation_date: Date,
    /// The days billed.
    pub period: Period,
    /// The tariff's name.
    pub tariff_name: String,
    /// Whether the shipped sample tariff (illustrative figures) was used.
    pub sample_tariff: bool,
    /// The resident group.
    pub resident_group: ResidentGroup,
    /// The care tier charged.
    pub care_tier: CareTier,
    /// Fees charged, rounded once each.
    pub charges: Vec<LineItem>,
    /// Sum of the charges.
    pub total_charges: Money,
    /// Reductions, insurance and subsidies, in the order applied.
    pub deductions: Vec<LineItem>,
    /// Sum of the deductions.
    pub total_deductions: Money,
    /// What the resident pays: charges − deductions.
    pub out_of_pocket: Money,
    /// The long-term care insurance outcome, when cover was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ltc: Option<LtcOutcome>,
    /// How the bill was reached (empty when `explain` is off).
    pub steps: Vec<Step>,
    /// Illustrative figures used, rules not encoded.
    pub warnings: Vec<Warning>,
    /// What is needed to reproduce the result.
    pub receipt: Receipt,
}

/// The days billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Period {
    /// First day of stay.
    pub from: Date,
    /// Last day of stay (inclusive).
    pub to: Date,
    /// Days of stay.
    pub days: u32,
    /// Days in the month.
    pub days_in_month: u32,
    /// Whether the stay covers the whole month.
    pub whole_month: bool,
}

/// What long-term care insurance pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LtcOutcome {
    /// Paid, nothing to pay, or no rule in force.
    pub status: LtcStatus,
    /// The scheme.
    pub scheme: LtcScheme,
    /// The grade.
    pub grade: u8,
    /// Costs counted towards the insurance after the caps.
    pub counted_costs: Money,
    /// What the fund pays.
    pub paid: Money,
    /// Why nothing is paid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

/// The outcome of long-term care insurance on a bill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LtcStatus {
    /// The fund pays its share.
    Paid,
    /// No care or bed fee is left to the resident (e.g. a 特困 resident).
    NothingToPay,
    /// No LTC rule is encoded for the date.
    NotInForce,
}

/// A price-adjustment request (动态调整).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceAdjustmentRequest {
    /// The date of the adjustment; the cap in force on it applies.
    pub calculation_date: Date,
    /// Which fee is adjusted.
    pub fee: AdjustedFee,
    /// The current price, 元 per bed per month.
    pub current_price: Money,
    /// The home's yearly costs for this fee.
    pub annual_costs: AnnualCosts,
    /// Beds the costs are spread over.
    pub beds: i64,
    /// Average occupancy, a share such as `"0.85"` (above 0, at most 1).
    pub occupancy_rate: Ratio,
    /// The cap on one adjustment as a share of the current price (default: the illustrative
    /// parameter `care_home.adjustment.max_change`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_change: Option<Ratio>,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// The fee being adjusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AdjustedFee {
    /// 床位费.
    Bed,
    /// 护理费.
    Care,
}

/// A home's yearly costs (元 per year).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnnualCosts {
    /// 固定资产折旧.
    pub depreciation: Money,
    /// 人员经费.
    pub staff: Money,
    /// 运行费用 (utilities, upkeep, administration).
    pub running: Money,
    /// Government funding and donations deducted from the costs (扣除政府投入、社会捐赠).
    #[serde(default)]
    pub offsets: Money,
}

/// The result of a price adjustment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceAdjustmentResult {
    /// The date of the adjustment.
    pub calculation_date: Date,
    /// The fee adjusted.
    pub fee: AdjustedFee,
    /// The current price.
    pub old_price: Money,
    /// The cost-based price.
    pub computed_price: Money,
    /// The new price after the cap.
    pub new_price: Money,
    /// `increase`, `decrease` or `unchanged`.
    pub direction: String,
    /// The cap on one adjustment applied.
    pub cap: Number,
    /// Whether the cap changed the price.
    pub cap_binds: bool,
    /// The computed and the new price, each with its formula and parameters.
    pub prices: Vec<LineItem>,
    /// How the price was reached (empty when `explain` is off).
    pub steps: Vec<Step>,
    /// Illustrative figures used.
    pub warnings: Vec<Warning>,
    /// What is needed to reproduce the result.
    pub receipt: Receipt,
}
