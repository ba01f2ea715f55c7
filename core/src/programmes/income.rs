//! Income as counted for social assistance (《最低生活保障审核确认办法》第十三条; 《特困人员认定办法》).
#![doc(alias("收入核算", "家庭收入"))]

use rust_decimal::Decimal;

use crate::engine::exact::{Fen, yuan};
use crate::engine::facts::IncomeFen;
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
    counted_income_of(&IncomeFen::of(income))
}

/// [`counted_income`] of an income already in fen (the household facts hold it).
pub fn counted_income_of(income: &IncomeFen) -> CountedIncome {
    let fen = counted_fen(income);
    CountedIncome {
        counted: yuan(fen.counted),
        tekun_counted: yuan(fen.tekun_counted),
        excluded: yuan(fen.excluded),
    }
}

/// A member's income as each test counts it, in fen: the rule itself (see [`counted_income`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CountedFen {
    /// Counted for dibao.
    pub counted: Fen,
    /// Counted for 特困.
    pub tekun_counted: Fen,
    /// Excluded kinds.
    pub excluded: Fen,
}

/// Splits a member's income (in fen) into counted and excluded parts (第十三条; see
/// [`counted_income`]).
#[inline]
pub fn counted_fen(income: &IncomeFen) -> CountedFen {
    let wages_net = (income.wages - income.employment_costs).max(0);
    let core = wages_net + income.other_counted;
    let rigid = income.rigid_deduction;
    CountedFen {
        counted: (core + income.pensions - rigid).max(0),
        tekun_counted: (core - rigid).max(0),
        excluded: income.excluded,
    }
}
