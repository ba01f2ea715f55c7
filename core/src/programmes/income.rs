//! Income as counted for social assistance (《最低生活保障审核确认办法》第十三条; 《特困人员认定办法》).

use rust_decimal::Decimal;

use crate::household::Income;

/// One member's monthly income split into what each test counts and what is excluded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CountedIncome {
    /// Counted for dibao: wages net of necessary employment costs (not below zero), plus net
    /// business, property and transfer income (pensions, social-insurance benefits and the
    /// longevity allowance included), other income, less recognised rigid expenditure of
    /// disability or illness (not below zero).
    pub counted: Decimal,
    /// Counted for 特困: as for dibao, but without pensions, social-insurance benefits and the
    /// longevity allowance, which the 特困 rules do not count.
    pub tekun_counted: Decimal,
    /// Income kinds the dibao rules exclude (第十三条; 两项补贴实施办法 二(八)).
    pub excluded: Decimal,
}

/// Splits a member's income into counted and excluded parts.
///
/// 第十三条: 工资性收入 (less 必要的就业成本), 经营净收入, 财产净收入, 转移净收入 and 其他收入 are
/// counted; 优待抚恤金, 计划生育奖励与扶助金, 奖学金, 见义勇为等奖励性补助, 政府发放的各类社会救助款物,
/// the 基础养老金 of 城乡居民基本养老保险 and the two disability subsidies are not. 因残因病刚性支出
/// may be deducted. For 特困 (policy handbook §2) basic pensions, social insurance, 优待抚恤金 and
/// 高龄津贴 are not counted either.
pub fn counted_income(income: &Income) -> CountedIncome {
    let wages_net = (income.wages.0 - income.employment_costs.0).max(Decimal::ZERO);
    let core = wages_net
        + income.business_net.0
        + income.property_net.0
        + income.transfer_net.0
        + income.other.0;
    let pensions =
        income.pension.0 + income.social_insurance_benefits.0 + income.longevity_allowance.0;
    let rigid = income.rigid_expenditure_deduction.0;
    let counted = (core + pensions - rigid).max(Decimal::ZERO);
    let tekun_counted = (core - rigid).max(Decimal::ZERO);
    let excluded = income.preferential_pension.0
        + income.family_planning_award.0
        + income.scholarship.0
        + income.heroism_award.0
        + income.social_assistance.0
        + income.basic_pension_central.0
        + income.disability_subsidies.0;
    CountedIncome {
        counted,
        tekun_counted,
        excluded,
    }
}
