//! The wire API: one request type in, one result type out, as JSON.
//!
//! Every binding (WASM, Python) and every test goes through [`crate::calculate_json`], so the
//! three runtimes decode, validate and encode identically. Money and decimals are strings; field
//! names are snake_case; unknown request fields are rejected.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::household::Household;
use crate::money::{Money, Number, Percent};
use crate::params::{Citation, ParameterUse};

/// Fields of a result whose values are always exact decimal strings. Bindings convert these to
/// their native exact type (Python `decimal.Decimal`); everything else stays as decoded.
pub const DECIMAL_FIELDS: [&str; 6] = [
    "value",
    "amount",
    "monthly_amount",
    "monthly_total",
    "one_off_amount",
    "one_off_total",
];

/// A calculation request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CalculationRequest {
    /// The date the entitlement is assessed for (the month containing it).
    pub calculation_date: Date,
    /// The household.
    pub household: Household,
    /// Back pay of a new yearly standard applied back to 1 January (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_pay: Option<BackPay>,
    /// The month's price indices, for the price-linked subsidy (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_indices: Option<PriceIndices>,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// The standard that applied before the new yearly one, and the months it is paid back for
/// (policy handbook §1: back pay = (new − old) × months approved, 分类救济 excluded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BackPay {
    /// The previous monthly standard per person (元).
    pub previous_standard: Money,
    /// Months approved for back pay, 1–12.
    pub months: i64,
}

/// Year-on-year rises of the consumer price indices for the month, in percent (e.g. "3.6").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceIndices {
    /// CPI year-on-year change, percent.
    pub cpi_yoy_percent: Percent,
    /// Food CPI year-on-year change, percent.
    pub food_cpi_yoy_percent: Percent,
}

/// Output options.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Options {
    /// Include the explanation (default true): the steps of each determination, and the
    /// formulas and parameters of each line item. Amounts, reasons with their citations,
    /// warnings and the receipt are always present.
    #[serde(default = "yes", deserialize_with = "crate::decode::null_is_true")]
    pub explain: bool,
}

fn yes() -> bool {
    true
}

impl Default for Options {
    fn default() -> Options {
        Options { explain: true }
    }
}

/// The result of a calculation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CalculationResult {
    /// The calculation date.
    pub calculation_date: Date,
    /// Region whose rules applied (`guangzhou/tianhe`).
    pub region: String,
    /// One result per programme, eligible or not.
    pub programmes: Vec<ProgrammeResult>,
    /// Sum of the programmes' monthly amounts.
    pub monthly_total: Money,
    /// Sum of the programmes' one-off amounts (back pay).
    pub one_off_total: Money,
    /// What each member receives this month, and what is paid to the household as a whole.
    pub summary: BenefitSummary,
    /// Things the reader must know: illustrative figures used, expired sources, rules not encoded.
    pub warnings: Vec<Warning>,
    /// What is needed to reproduce the result.
    pub receipt: Receipt,
}

/// The programmes the engine assesses.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Programme {
    /// 最低生活保障
    #[doc(alias("低保", "最低生活保障"))]
    Dibao,
    /// 低保边缘家庭
    #[doc(alias("低保边缘", "低保边缘家庭"))]
    DibaoMarginal,
    /// 低保补发 (back pay of a new yearly standard)
    #[doc(alias("低保补发"))]
    DibaoBackPay,
    /// 分类救济 (category add-ons)
    #[doc(alias("分类救济"))]
    ClassifiedRelief,
    /// 特困人员救助供养
    #[doc(alias("特困", "特困人员"))]
    Tekun,
    /// 孤儿 / 事实无人抚养儿童基本生活补贴
    #[doc(alias("孤儿", "事实无人抚养儿童"))]
    OrphanAllowance,
    /// 价格临时补贴
    #[doc(alias("价格临时补贴"))]
    PriceSubsidy,
    /// 刚性支出困难家庭
    #[doc(alias("刚性支出", "刚性支出困难家庭"))]
    RigidExpenditureHardship,
    /// 困难残疾人生活补贴
    #[doc(alias("困难残疾人生活补贴", "残疾人两项补贴"))]
    DisabilityLivingSubsidy,
    /// 重度残疾人护理补贴
    #[doc(alias("重度残疾人护理补贴", "残疾人两项补贴"))]
    DisabilityCareSubsidy,
    /// 居家社区养老服务资助 (vouchers)
    #[doc(alias("居家养老", "居家社区养老服务资助"))]
    HomeCareFunding,
    /// 老年人助餐补贴
    #[doc(alias("助餐", "老年人助餐补贴"))]
    MealAid,
    /// 长寿保健金 (高龄津贴)
    #[doc(alias("长寿保健金", "高龄津贴"))]
    LongevityAllowance,
    /// 临时救助 (its own API)
    #[doc(alias("临时救助"))]
    TemporaryAssistance,
    /// 流浪乞讨人员伙食费 (its own API)
    #[doc(alias("流浪乞讨人员伙食费"))]
    RescueFoodAllowance,
}

impl Programme {
    /// Chinese and English names.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Programme::Dibao => ("最低生活保障", "Minimum living allowance (dibao)"),
            Programme::DibaoMarginal => ("低保边缘家庭", "Marginal (near-dibao) household"),
            Programme::DibaoBackPay => {
                ("低保标准提高补发", "Back pay of the raised dibao standard")
            }
            Programme::ClassifiedRelief => ("分类救济", "Classified relief (category add-ons)"),
            Programme::Tekun => (
                "特困人员救助供养",
                "Support for extremely poor persons (tekun)",
            ),
            Programme::OrphanAllowance => (
                "孤儿及事实无人抚养儿童基本生活补贴",
                "Orphan and de facto unsupported child allowance",
            ),
            Programme::PriceSubsidy => ("价格临时补贴", "Price-linked temporary subsidy"),
            Programme::RigidExpenditureHardship => (
                "刚性支出困难家庭",
                "Household in hardship from rigid spending",
            ),
            Programme::DisabilityLivingSubsidy => (
                "困难残疾人生活补贴",
                "Living subsidy for disabled persons in hardship",
            ),
            Programme::DisabilityCareSubsidy => (
                "重度残疾人护理补贴",
                "Care subsidy for severely disabled persons",
            ),
            Programme::HomeCareFunding => (
                "居家社区养老服务资助",
                "Home and community care funding (vouchers)",
            ),
            Programme::MealAid => ("老年人助餐补贴", "Meal aid for older people"),
            Programme::LongevityAllowance => ("长寿保健金", "Longevity allowance"),
            Programme::TemporaryAssistance => ("临时救助", "Temporary assistance"),
            Programme::RescueFoodAllowance => {
                ("流浪乞讨人员伙食费", "Rescue-station food allowance")
            }
        }
    }
}

/// Eligibility outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Eligibility {
    /// Entitled (the amount may still be zero for a status-only programme).
    Eligible,
    /// Not entitled; `reason` says why.
    NotEligible,
    /// Cannot be decided on this date or with these inputs; `reason` says what is missing.
    Undetermined,
    /// Not assessed: the inputs it needs were not given (e.g. no price indices).
    NotAssessed,
}

/// One programme's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProgrammeResult {
    /// Which programme.
    pub programme: Programme,
    // The labels are the programme's own (`Programme::labels`), borrowed rather than copied.
    /// Chinese name.
    pub label_zh: std::borrow::Cow<'static, str>,
    /// English name.
    pub label_en: std::borrow::Cow<'static, str>,
    /// Eligible, not eligible or undetermined.
    pub status: Eligibility,
    /// How it is given: cash, service vouchers, or a status that opens other help.
    pub form: BenefitForm,
    /// Monthly amount payable, rounded once to the fen.
    pub monthly_amount: Money,
    /// A one-off amount (back pay, a lump sum), when the programme pays one; the sum of
    /// `one_off_items`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_off_amount: Option<Money>,
    /// Why not eligible or undetermined (or a note on the route when eligible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// Monthly payable components; they sum to `monthly_amount`.
    pub line_items: Vec<LineItem>,
    /// One-off payable components; they sum to `one_off_amount`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_off_items: Vec<LineItem>,
    /// How the determination was reached, step by step (empty when `explain` is off).
    pub steps: Vec<Step>,
}

/// How a programme is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum BenefitForm {
    /// Money paid to the person or household.
    Cash,
    /// Service vouchers (服务券), not cash.
    Voucher,
    /// A status (e.g. 低保边缘家庭) that opens other help; no amount of its own.
    Status,
}

impl Programme {
    /// How the programme is given.
    pub fn form(self) -> BenefitForm {
        match self {
            Programme::HomeCareFunding => BenefitForm::Voucher,
            Programme::DibaoMarginal | Programme::RigidExpenditureHardship => BenefitForm::Status,
            _ => BenefitForm::Cash,
        }
    }
}

/// A reason with its legal basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    /// Stable code (`income_not_below_standard`).
    pub code: String,
    /// Chinese explanation.
    pub message_zh: String,
    /// English explanation.
    pub message_en: String,
    /// Legal basis.
    pub citation: Citation,
}

/// A payable amount with its explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LineItem {
    /// Stable id (`dibao.top_up`).
    pub id: String,
    /// Member concerned, for per-person amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// The amount, rounded once to the fen.
    pub amount: Money,
    /// The formula in Chinese, with the numbers.
    pub formula_zh: String,
    /// The formula in English, with the numbers.
    pub formula_en: String,
    /// Every parameter used, with value, date, citation and status.
    pub parameters: Vec<ParameterUse>,
}

/// One step of a determination: a computed value, and the test it decides when it is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// Stable id (`dibao.household_income`).
    pub id: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// The computed value (exact, unrounded).
    pub value: Number,
    /// The formula in Chinese, with the numbers.
    pub formula_zh: String,
    /// The formula in English, with the numbers.
    pub formula_en: String,
    /// The inputs that went in.
    pub inputs: Vec<Input>,
    /// Parameters used.
    pub parameters: Vec<ParameterUse>,
    /// For a test: whether it was met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// Legal basis of the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
}

/// A named input value of a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Input {
    /// What it is (`members[0].wages`).
    pub name: String,
    /// Its exact value.
    pub value: Number,
}

/// A warning attached to a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Warning {
    /// Stable code, one of the catalogue [`crate::warnings::WarningCode`]
    /// (`illustrative_parameter`, `source_expired`, `input_not_given` …).
    pub code: String,
    /// The parameter concerned, if the warning is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// The source document concerned (`source_expired`, `effective_date_uncertain`: one warning
    /// per source).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The parameters used that rest on `source`, in the order first used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<String>,
    /// Chinese text.
    pub message_zh: String,
    /// English text.
    pub message_en: String,
}

/// The household benefits summary for the month: every programme line by member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BenefitSummary {
    /// Per member, in request order.
    pub persons: Vec<PersonSummary>,
    /// Amounts paid to the household as a whole (the dibao top-up, back pay).
    pub household: Vec<SummaryLine>,
    /// Monthly cash across everything.
    pub cash_monthly_total: Money,
    /// Monthly service vouchers across everything.
    pub voucher_monthly_total: Money,
}

/// What one member receives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonSummary {
    /// The member.
    pub person_id: String,
    /// One line per programme amount.
    pub lines: Vec<SummaryLine>,
    /// The member's monthly total (cash and vouchers).
    pub monthly_total: Money,
}

/// One amount of one programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryLine {
    /// The programme.
    pub programme: Programme,
    /// The line item's id.
    pub id: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// Cash or vouchers.
    pub form: BenefitForm,
    /// The amount (monthly, or one-off for back pay).
    pub amount: Money,
    /// Whether the amount is one-off rather than monthly.
    pub one_off: bool,
}

/// Reproducibility receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Receipt {
    /// Engine name.
    pub engine: String,
    /// Engine version.
    pub engine_version: String,
    /// SHA-256 of the parameter values used (key, region, area, start date, value, status).
    pub parameters_sha256: String,
    /// SHA-256 of the request as decoded and re-encoded canonically.
    pub input_sha256: String,
}
