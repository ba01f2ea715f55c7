//! The catalogue of reason codes: every code a result gives a programme's decision, with its stable
//! wire string, a short Chinese and English title, and its code in the reason columns of a
//! population run (0 means no reason).
//!
//! A kernel's [`Verdict`](super::Verdict) carries a [`ReasonCode`] (one byte); the explained
//! result renders it as the reason's `code` with a message that gives the household's own figures
//! and the legal basis. The wire strings are stable: a result, a column and a test name the same
//! code. The catalogue is listed in the docs (`docs/engine.md`) and exported to the bindings.

crate::catalogue::code_catalogue! {
    /// Why a programme decided as it did: a code of the catalogue (its column code is its
    /// place in [`ReasonCode::ALL`] plus one).
    pub enum ReasonCode;
    /// 有具备履行能力的法定义务人.
    AbleSupporter => "able_supporter", "有具备履行能力的法定义务人", "a legal supporter is able to support",
    /// 全部成员已按特困人员供养.
    AllMembersTekun => "all_members_tekun", "全部成员已按特困人员供养", "every member is supported as 特困",
    /// 已是低保、特困或低保边缘家庭.
    AlreadyAssisted => "already_assisted", "已是低保、特困或低保边缘家庭", "already a dibao, 特困 or marginal household",
    /// 家庭财产超过上限.
    AssetsAboveLimit => "assets_above_limit", "家庭财产超过上限", "assets above the limit",
    /// 有工商登记.
    BusinessRegistered => "business_registered", "有工商登记", "a business is registered",
    /// 不属于无劳动能力.
    CapacityToWork => "capacity_to_work", "不属于无劳动能力", "not without capacity to work",
    /// 事由超过申请期限.
    CauseOutsideWindow => "cause_outside_window", "事由超过申请期限", "the cause lies outside the application window",
    /// 已领取孤儿或事实无人抚养儿童基本生活补贴.
    ChildAllowance => "child_allowance", "已领取孤儿或事实无人抚养儿童基本生活补贴", "receives the orphan / unsupported-child allowance",
    /// 选择孤儿或事实无人抚养儿童基本生活补贴.
    ChildAllowanceChosen => "child_allowance_chosen", "选择孤儿或事实无人抚养儿童基本生活补贴", "the child allowance is chosen instead",
    /// 属于低保家庭.
    DibaoHousehold => "dibao_household", "属于低保家庭", "a dibao household",
    /// 本区规定尚未收录.
    DistrictRuleNotEncoded => "district_rule_not_encoded", "本区规定尚未收录", "the district's own rule is not encoded",
    /// 已领取的老年人护理补贴不低于本项补贴.
    ElderlyCareSubsidyHigher => "elderly_care_subsidy_higher", "已领取的老年人护理补贴不低于本项补贴", "the elderly care subsidy received is not lower",
    /// 已达家庭年度上限.
    FamilyCapReached => "family_cap_reached", "已达家庭年度上限", "the family's yearly cap is reached",
    /// 家庭救助身份无法判断.
    HouseholdStatusUndetermined => "household_status_undetermined", "家庭救助身份无法判断", "the household's assistance status cannot be decided",
    /// 住房超过规定.
    HousingAboveLimit => "housing_above_limit", "住房超过规定", "housing above the limit",
    /// 收入不低于认定线.
    IncomeNotBelowLine => "income_not_below_line", "收入不低于认定线", "income not below the line",
    /// 收入不低于低保边缘收入线.
    IncomeNotBelowMarginalThreshold => "income_not_below_marginal_threshold", "收入不低于低保边缘收入线", "income not below the marginal threshold",
    /// 收入不低于标准.
    IncomeNotBelowStandard => "income_not_below_standard", "收入不低于标准", "income not below the standard",
    /// 未提供所需资料.
    InputNotGiven => "input_not_given", "未提供所需资料", "the input needed was not given",
    /// 该日期尚无长期护理保险待遇标准.
    LtcNotInForce => "ltc_not_in_force", "该日期尚无长期护理保险待遇标准", "no long-term care insurance rates in force",
    /// 该日期尚无低保边缘认定标准.
    MarginalThresholdNotInForce => "marginal_threshold_not_in_force", "该日期尚无低保边缘认定标准", "no marginal threshold in force on the date",
    /// 家庭中没有补贴对象.
    NoCoveredPerson => "no_covered_person", "家庭中没有补贴对象", "no member is covered",
    /// 没有领取低保的人员.
    NoDibaoPaid => "no_dibao_paid", "没有领取低保的人员", "no member receives dibao",
    /// 没有残疾人证.
    NoDisabilityCertificate => "no_disability_certificate", "没有残疾人证", "no disability certificate",
    /// 家庭中没有持证残疾人.
    NoDisabledMember => "no_disabled_member", "家庭中没有持证残疾人", "no member with a disability certificate",
    /// 没有符合条件的儿童.
    NoEligibleChild => "no_eligible_child", "没有符合条件的儿童", "no eligible child",
    /// 没有成员被认定为资助对象.
    NoFundedMember => "no_funded_member", "没有成员被认定为资助对象", "no member is a funded recipient",
    /// 不是本市户籍.
    NoGuangzhouHukou => "no_guangzhou_hukou", "不是本市户籍", "no local hukou",
    /// 标准未提高.
    NoIncrease => "no_increase", "标准未提高", "the standard did not rise",
    /// 没有用餐记录.
    NoMeals => "no_meals", "没有用餐记录", "no meals taken",
    /// 没有70周岁以上的成员.
    NoMember70Plus => "no_member_70_plus", "没有70周岁以上的成员", "no member aged 70 or over",
    /// 家庭中没有属于救济类别的成员.
    NoMemberInCategory => "no_member_in_category", "家庭中没有属于救济类别的成员", "no member in a relief group",
    /// 没有成员符合条件.
    NoMemberQualifies => "no_member_qualifies", "没有成员符合条件", "no member qualifies",
    /// 未列出受助人员.
    NoPersons => "no_persons", "未列出受助人员", "no person listed",
    /// 有非居住类房产.
    NonResidentialProperty => "non_residential_property", "有非居住类房产", "non-residential property owned",
    /// 不是星级提升.
    NotAnUpgrade => "not_an_upgrade", "不是星级提升", "not an upgrade",
    /// 不是社区居家养老服务机构.
    NotCommunityProvider => "not_community_provider", "不是社区居家养老服务机构", "not a community home-care provider",
    /// 不属于补贴对象.
    NotCovered => "not_covered", "不属于补贴对象", "not covered",
    /// 不是低保或低保边缘家庭.
    NotDibaoOrMarginal => "not_dibao_or_marginal", "不是低保或低保边缘家庭", "not a dibao or marginal household",
    /// 不属于困难人员.
    NotInHardship => "not_in_hardship", "不属于困难人员", "not in hardship",
    /// 不属于重度残疾.
    NotSevere => "not_severe", "不属于重度残疾", "not a severe disability",
    /// 未达到启动条件.
    NotTriggered => "not_triggered", "未达到启动条件", "the trigger was not reached",
    /// 无需本人负担.
    NothingToPay => "nothing_to_pay", "无需本人负担", "nothing for the resident to pay",
    /// 该日期尚无已收录的标准.
    ParameterNotInForce => "parameter_not_in_force", "该日期尚无已收录的标准", "no standard in force on the date",
    /// 自审批次月起发放.
    PaymentStartsNextMonth => "payment_starts_next_month", "自审批次月起发放", "paid from the month after approval",
    /// 此前星级已期满或终止.
    PreviousRatingLapsed => "previous_rating_lapsed", "此前星级已期满或终止", "the previous rating lapsed or was stopped",
    /// 星级评定终止.
    RatingStopped => "rating_stopped", "星级评定终止", "the rating is stopped",
    /// 离休干部.
    RetiredCadre => "retired_cadre", "离休干部", "a retired (离休) cadre",
    /// 未填写性别.
    SexNotGiven => "sex_not_given", "未填写性别", "sex not given",
    /// 按单人户纳入低保.
    SinglePersonRoute => "single_person_route", "按单人户纳入低保", "dibao as a single-person household",
    /// 刚性支出未超过规定比例.
    SpendingNotAboveShare => "spending_not_above_share", "刚性支出未超过规定比例", "rigid spending not above the share",
    /// 法定义务人情况未填写.
    SupportersUnknown => "supporters_unknown", "法定义务人情况未填写", "the legal supporters are not given",
    /// 已纳入特困人员供养.
    TekunSupported => "tekun_supported", "已纳入特困人员供养", "supported as 特困",
    /// 有效期内星级提升.
    UpgradeWithinValidity => "upgrade_within_validity", "有效期内星级提升", "an upgrade within the validity period",
    /// 有不允许的机动车.
    VehicleNotAllowed => "vehicle_not_allowed", "有不允许的机动车", "a vehicle that is not allowed",
    /// 领取工伤护理费.
    WorkInjuryCare => "work_injury_care", "领取工伤护理费", "receives work-injury nursing pay",
}

/// Every wire string, in column-code order (code `i + 1`).
pub const CATALOGUE: &[&str] = &CODES;

// Evaluated when compiling: an index out of range fails the build, it cannot panic.
#[allow(clippy::indexing_slicing)]
const CODES: [&str; ReasonCode::ALL.len()] = {
    let mut codes = [""; ReasonCode::ALL.len()];
    let mut i = 0;
    while i < codes.len() {
        codes[i] = ReasonCode::ALL[i].code();
        i += 1;
    }
    codes
};

/// A reason column's code for a reason missing from the catalogue (never written by the
/// engine; kept for readers of older columns).
pub const UNKNOWN: u8 = u8::MAX;

// Every code fits a `u8` column, with 0 for none and [`UNKNOWN`] kept apart.
const _: () = assert!(CATALOGUE.len() < UNKNOWN as usize);
// A verdict's reason is one byte.
const _: () = assert!(std::mem::size_of::<Option<ReasonCode>>() == 1);

impl ReasonCode {
    /// The code of a wire string, if it is in the catalogue.
    pub fn parse(code: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// The code of a reason column's value (`None` for 0 and for values outside the catalogue).
    pub fn of_column(index: u8) -> Option<ReasonCode> {
        usize::from(index)
            .checked_sub(1)
            .and_then(|i| ReasonCode::ALL.get(i))
            .copied()
    }
}

impl std::fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The column code of a reason: its position in the catalogue plus one, 0 for none.
#[inline]
pub const fn index(reason: Option<ReasonCode>) -> u8 {
    match reason {
        Some(r) => r as u8 + 1,
        None => 0,
    }
}

/// The wire string of a column code.
pub fn code(index: u8) -> Option<&'static str> {
    ReasonCode::of_column(index).map(ReasonCode::code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_sorted_unique_and_round_trips() {
        assert!(
            CATALOGUE.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicate"
        );
        for (i, r) in ReasonCode::ALL.iter().enumerate() {
            assert_eq!(CATALOGUE[i], r.code());
            assert_eq!(ReasonCode::parse(r.code()), Some(*r));
            assert_eq!(ReasonCode::of_column(index(Some(*r))), Some(*r));
            assert!(!r.title_zh().is_empty() && !r.title_en().is_empty());
            assert!(
                r.title_zh()
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            );
        }
        assert_eq!(index(None), 0);
        assert_eq!(ReasonCode::of_column(0), None);
        assert_eq!(ReasonCode::of_column(UNKNOWN), None);
        assert_eq!(ReasonCode::parse("no_such_reason"), None);
    }
}
