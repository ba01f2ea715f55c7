//! The household model shared by every programme.
//!
//! A household has a district, an area (urban/rural), members and assets. Later programmes add
//! fields (with `#[serde(default)]`) rather than new models, so old requests stay valid.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::money::Money;
use crate::region::{Area, District};

/// A household applying or being assessed (共同生活的家庭成员, 《最低生活保障审核确认办法》第七条).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Household {
    /// District of residence (户籍或居住地所在区).
    pub district: District,
    /// Urban or rural.
    pub area: Area,
    /// The members whose income and assets are counted together.
    pub members: Vec<Person>,
    /// Household assets by kind.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub assets: Assets,
    /// Rigid spending over the past 12 months, for the 刚性支出困难家庭 test (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rigid_expenditure: Option<RigidExpenditure>,
}

/// A household's rigid spending over the past 12 months, in 元 (《刚性支出困难家庭认定办法》).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RigidExpenditure {
    /// 基本生活支出.
    #[serde(default)]
    pub basic_living: Money,
    /// 自付医疗费用 (out of pocket).
    #[serde(default)]
    pub medical_out_of_pocket: Money,
    /// 教育支出.
    #[serde(default)]
    pub education: Money,
    /// 康复支出.
    #[serde(default)]
    pub rehabilitation: Money,
}

impl RigidExpenditure {
    /// The total over the four kinds.
    pub fn total(&self) -> rust_decimal::Decimal {
        self.basic_living.0
            + self.medical_out_of_pocket.0
            + self.education.0
            + self.rehabilitation.0
    }
}

/// A member of the household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    /// Identifier unique within the household (used in explanations).
    pub id: String,
    /// Age in completed years on the calculation date; give this or `birth_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<i64>,
    /// Date of birth; give this or `age`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    /// Household registration (户籍).
    pub hukou: Hukou,
    /// Relationship to the applicant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<Relationship>,
    /// Sex, read only by the 分类救济 group of childless elders (men from 60, women from 55).
    /// When not given for a childless member aged 55–59, the answer is missing: 分类救济 is
    /// `undetermined` (reason `sex_not_given`) or, when others are paid, a warning names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Disability certificate (残疾人证), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disability: Option<Disability>,
    /// Final level of an elderly ability assessment (GB/T 42195-2022), if assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ability_level: Option<crate::care_level::AbilityLevel>,
    /// Number of the six basic activities of daily living not met (0–6), if assessed by the
    /// national six-ADL test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adl_unmet: Option<i64>,
    /// Whether a person with a legal duty to support (法定赡养、抚养、扶养义务人) can do so.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub supporters: Supporters,
    /// A home-care (居家养老) subsidy already granted, 元 a month: the 特困 care allowance is the
    /// higher of this and the care standard.
    #[serde(default)]
    pub home_care_subsidy: Money,
    /// Grade on a 残疾军人证 or 伤残人民警察证 (1–10), if any: grades 1–4 qualify for the care
    /// subsidy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_disability_grade: Option<i64>,
    /// An elderly care subsidy already received (元/月): with the disability care subsidy only the
    /// higher of the two is paid.
    #[serde(default)]
    pub elderly_care_subsidy: Money,
    /// When the disability subsidies were approved: they are paid from the following month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disability_subsidy_approved: Option<Date>,
    /// The 居家社区养老服务资助 categories the person has been found to fall in
    /// (《广州市居家社区养老服务管理办法》): the higher applies.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::decode::null_is_default"
    )]
    pub home_care_funding: Vec<HomeCareType>,
    /// Meals taken at a 长者饭堂 in the month, for the meal aid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meal_aid: Option<MealUse>,
    /// Monthly income by kind.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub income: Income,
    /// Circumstances used by the rules.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub flags: PersonFlags,
}

/// Whether anyone with a legal duty to support the person can support them
/// (《特困人员认定办法》: 无法定义务人, or 法定义务人无履行义务能力).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Supporters {
    /// Not asked: 特困 eligibility is then undetermined when it is the deciding condition.
    #[default]
    Unknown,
    /// No one has a legal duty of support.
    None,
    /// Those with the duty are unable to support (the national list, plus Guangzhou's additions).
    Unable,
    /// Someone with the duty is able to support.
    Able,
}

/// A category of 居家社区养老服务资助.
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
pub enum HomeCareType {
    /// 第一类资助对象 (400 元/月).
    Type1,
    /// 第二类资助对象 (200 元/月).
    Type2,
}

/// Meals in the month (lunch and dinner count separately).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MealUse {
    /// Meals taken (0–62).
    pub meals: i64,
    /// Price of one meal (元).
    pub meal_price: Money,
    /// How many of them were delivered (0–meals).
    #[serde(default)]
    pub delivered_meals: i64,
    /// Care level 1–5, needed when meals are delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care_level: Option<i64>,
}

/// Household registration.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Hukou {
    /// 广州市户籍
    Guangzhou,
    /// 广东省内其他地市户籍
    OtherGuangdong,
    /// 省外户籍
    Other,
}

/// Sex (性别).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
}

/// Relationship to the applicant (申请人).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Relationship {
    /// 申请人本人
    Applicant,
    /// 配偶
    Spouse,
    /// 子女
    Child,
    /// 父母
    Parent,
    /// 孙子女 / 外孙子女
    Grandchild,
    /// 祖父母 / 外祖父母
    Grandparent,
    /// 兄弟姐妹
    Sibling,
    /// 其他
    Other,
}

/// Disability category on the certificate (残疾类别).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum DisabilityCategory {
    /// 视力残疾
    Visual,
    /// 听力残疾
    Hearing,
    /// 言语残疾
    Speech,
    /// 肢体残疾
    Physical,
    /// 智力残疾
    Intellectual,
    /// 精神残疾
    Mental,
    /// 多重残疾
    Multiple,
}

/// A disability certificate: category and grade (1 most severe … 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Disability {
    /// Category.
    pub category: DisabilityCategory,
    /// Grade 1–4 (一级 most severe).
    pub grade: i64,
}

impl Disability {
    /// Intellectual or mental disability (智力、精神残疾), which several rules treat apart.
    pub fn is_intellectual_or_mental(&self) -> bool {
        matches!(
            self.category,
            DisabilityCategory::Intellectual | DisabilityCategory::Mental
        )
    }
}

/// The disability route to a 特困 care tier, defined beside the certificate it reads so that
/// [`crate::care_level`] (the levels and tiers) depends on no household type.
impl crate::care_level::SelfCareLevel {
    /// The tier by the disability route, if the certificate gives one: grade 1–2 intellectual or
    /// mental → 全护理; grade 3 intellectual or mental → 半自理.
    pub fn from_disability(d: &Disability) -> Option<Self> {
        if !d.is_intellectual_or_mental() {
            return None;
        }
        match d.grade {
            1 | 2 => Some(Self::FullCare),
            3 => Some(Self::PartialSelfCare),
            _ => None,
        }
    }
}

/// Average monthly income by the national categories (《最低生活保障审核确认办法》第十三条), in 元.
///
/// Counted: wages (net of necessary employment costs), net business, property and transfer
/// income, other income. Not counted (listed so the explanation can show them): the excluded
/// kinds below.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Income {
    /// 工资性收入 (gross wages).
    #[serde(default)]
    pub wages: Money,
    /// 必要的就业成本 deducted from wages (social insurance contributions, commuting).
    #[serde(default)]
    pub employment_costs: Money,
    /// 净经营性收入.
    #[serde(default)]
    pub business_net: Money,
    /// 净财产性收入.
    #[serde(default)]
    pub property_net: Money,
    /// 净转移性收入 (pensions, maintenance received, …) other than the excluded kinds.
    #[serde(default)]
    pub transfer_net: Money,
    /// 其他应当计入家庭收入的项目.
    #[serde(default)]
    pub other: Money,
    /// 因残、因病刚性支出 recognised for deduction (第十三条: may be deducted).
    #[serde(default)]
    pub rigid_expenditure_deduction: Money,
    /// 基本养老金 (pensions other than the residents' scheme's basic pension). Counted as transfer
    /// income for dibao; not counted for 特困 (《特困人员认定办法》).
    #[serde(default)]
    pub pension: Money,
    /// 社会保险待遇 other than pensions (e.g. unemployment insurance). Counted for dibao; not for
    /// 特困.
    #[serde(default)]
    pub social_insurance_benefits: Money,
    /// 高龄津贴 / 长寿保健金. Counted for dibao (not among the listed exclusions); not for 特困.
    #[serde(default)]
    pub longevity_allowance: Money,
    /// Excluded: 优待抚恤金.
    #[serde(default)]
    pub preferential_pension: Money,
    /// Excluded: 计划生育奖励与扶助金.
    #[serde(default)]
    pub family_planning_award: Money,
    /// Excluded: 奖学金.
    #[serde(default)]
    pub scholarship: Money,
    /// Excluded: 见义勇为等奖励性补助.
    #[serde(default)]
    pub heroism_award: Money,
    /// Excluded: 政府发放的各类社会救助款物.
    #[serde(default)]
    pub social_assistance: Money,
    /// Excluded: 城乡居民基本养老保险中的基础养老金.
    #[serde(default)]
    pub basic_pension_central: Money,
    /// Excluded: 困难残疾人生活补贴和重度残疾人护理补贴.
    #[serde(default)]
    pub disability_subsidies: Money,
}

/// Circumstances of a person used by the rules. Later programmes add flags here.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonFlags {
    /// A recognised serious illness (重病患者), which allows 单人保.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub serious_illness: bool,
    /// An orphan (孤儿).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub orphan: bool,
    /// A child without de facto care (事实无人抚养儿童).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub de_facto_unsupported_child: bool,
    /// Living in a care institution (集中供养).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub lives_in_institution: bool,
    /// An orphan or de facto unsupported child who chooses 特困 support instead of the child
    /// allowance (the two are exclusive).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub child_chooses_tekun: bool,
    /// Receiving unemployment insurance benefit (covered by the price-linked subsidy).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub unemployment_benefit: bool,
    /// 优抚对象 with a regular pension (covered by the price-linked subsidy).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub preferential_care_recipient: bool,
    /// Receiving 工伤保险 nursing allowance (工伤护理费): excludes both disability subsidies.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub work_injury_care_allowance: bool,
    /// A retired cadre under 离休 rules: no disability living subsidy.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub retired_cadre_lixiu: bool,
    /// A full-time student (全日制在校学生) at any level up to and including a bachelor's degree
    /// (本科及以下; not a postgraduate): a 分类救济 group.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub full_time_student: bool,
    /// Without children (无子女): with `sex`, a man from 60 or a woman from 55 is a 分类救济 group.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub childless: bool,
    /// Recognised by a qualified hospital as a Guangzhou 一类 or 二类 门特 (outpatient special
    /// disease) patient: a 分类救济 group.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub outpatient_special_disease: bool,
}

/// Household assets, in 元 (《最低生活保障审核确认办法》第十四条).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Assets {
    /// 存款 (deposits, cash).
    #[serde(default)]
    pub deposits: Money,
    /// 有价证券 (securities).
    #[serde(default)]
    pub securities: Money,
    /// 基金.
    #[serde(default)]
    pub funds: Money,
    /// 商业保险 (cash value).
    #[serde(default)]
    pub commercial_insurance: Money,
    /// 债权 (debts owed to the household).
    #[serde(default)]
    pub receivables: Money,
    /// 互联网金融资产.
    #[serde(default)]
    pub online_financial: Money,
    /// 机动车辆 (value) other than the kinds Guangdong allows a dibao household (a disabled
    /// person's mobility vehicle, a fuel motorcycle, an e-bike: leave those out). Any such vehicle
    /// fails the dibao property rules, except, from 2026-01-01, one small commercial vehicle that
    /// is the household's only means of living (`livelihood_vehicle`).
    #[serde(default)]
    pub vehicles: Money,
    /// Residential units owned beyond one (a mud-brick house or an ancestral home not lived in is
    /// not counted): Guangdong allows a dibao household at most one.
    #[serde(default)]
    pub extra_dwellings: i64,
    /// Non-residential properties owned (shops, garages, parking spaces): a dibao household may
    /// own none.
    #[serde(default)]
    pub non_residential_properties: i64,
    /// A member holds a business registration (工商登记): fails the dibao property rules (a
    /// one-couple workshop or corner shop without employees may ask for review, not modelled).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub business_registration: bool,
    /// The vehicle given in `vehicles` is one small commercial vehicle (小型营运车辆) that is the
    /// household's only means of living: allowed from 2026-01-01 (its local value limit is not
    /// encoded, and results say so).
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub livelihood_vehicle: bool,
}

impl Assets {
    /// Financial assets (金融资产): deposits, securities, funds, commercial insurance,
    /// receivables and online financial assets.
    pub fn financial(&self) -> rust_decimal::Decimal {
        [
            self.deposits,
            self.securities,
            self.funds,
            self.commercial_insurance,
            self.receivables,
            self.online_financial,
        ]
        .iter()
        .map(|m| m.0)
        .sum()
    }
}
