//! The one rule set: every household programme as a kernel over [`facts`] and [`rates`], in
//! whole fen, run by both front doors.
//!
//! Each programme module (`crate::programmes::*`) has two halves:
//!
//! - its **kernel**, `decide` (and, for per-person programmes, a per-member function): the
//!   rules of the law, written once, over `Copy` facts and resolved parameters, exact integer
//!   arithmetic, no allocation, no text. It returns a small decision record: the [`Verdict`]
//!   (status, reason code, amounts) and the figures the determination rests on.
//! - its **explanation**, `assess`: a sink that renders a decision record into the explained
//!   result (line items, steps, citations, parameters used). It formats and cites; it decides
//!   nothing.
//!
//! [`decide`] runs every kernel in the stacking order of [`crate::programmes`]. The explained
//! calculation ([`crate::calculate`]) calls it and then each explanation; a population run
//! ([`crate::columnar`]) calls it and keeps only the verdicts, so the explanation costs nothing
//! there. `core/tests/columnar.rs` checks that both give the same statuses, reasons and amounts
//! to the fen.

pub mod exact;
pub mod facts;
pub mod rates;
pub mod reasons;
pub mod selection;

use crate::programmes;
use crate::wire::{Eligibility, Programme};
use exact::Fen;
use facts::HouseholdFacts;
use rates::{Key, Rates};
use reasons::ReasonCode;

/// A programme's outcome for one household: what a population run keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Eligibility.
    pub status: Eligibility,
    /// The reason code ([`ReasonCode::IncomeNotBelowStandard`]), when the result gives one.
    pub reason: Option<ReasonCode>,
    /// Monthly amount, fen (rounded once, to the fen).
    pub monthly: Fen,
    /// One-off amount, fen, when the programme pays one.
    pub one_off: Option<Fen>,
}

impl Default for Verdict {
    /// Not assessed, no amount: the verdict of a programme a run did not decide.
    fn default() -> Verdict {
        Verdict::of(Eligibility::NotAssessed, None)
    }
}

impl Verdict {
    /// A verdict with no amount.
    pub const fn of(status: Eligibility, reason: Option<ReasonCode>) -> Verdict {
        Verdict {
            status,
            reason,
            monthly: 0,
            one_off: None,
        }
    }

    /// Not eligible, for `reason`.
    pub const fn not(reason: ReasonCode) -> Verdict {
        Verdict::of(Eligibility::NotEligible, Some(reason))
    }

    /// Eligible for `monthly` fen.
    pub const fn paid(monthly: Fen, reason: Option<ReasonCode>) -> Verdict {
        Verdict {
            status: Eligibility::Eligible,
            reason,
            monthly,
            one_off: None,
        }
    }
}

/// What the kernels learn about each member that later programmes read (stacking rules).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemberState {
    /// Receives the orphan / unsupported-child allowance.
    pub child_allowance: bool,
    /// Supported as 特困 (and so not counted in the dibao household).
    pub tekun_supported: bool,
    /// Dibao is paid for this member (a counted member of a dibao household, or a 单人保 member
    /// of a marginal one).
    pub dibao_recipient: bool,
}

/// The household programmes, in the order of every result and every column.
pub const PROGRAMMES: [Programme; 13] = [
    Programme::Dibao,
    Programme::DibaoMarginal,
    Programme::ClassifiedRelief,
    Programme::DibaoBackPay,
    Programme::Tekun,
    Programme::OrphanAllowance,
    Programme::PriceSubsidy,
    Programme::RigidExpenditureHardship,
    Programme::DisabilityLivingSubsidy,
    Programme::DisabilityCareSubsidy,
    Programme::HomeCareFunding,
    Programme::MealAid,
    Programme::LongevityAllowance,
];

/// A missing parameter: the kernel needed `Key` and it is not in force on the date.
pub type Missing = Key;

/// Resets `state` to one default entry per member: the buffer the kernels fill, reused across
/// households by a population run.
pub fn members_state(state: &mut Vec<MemberState>, members: usize) {
    state.clear();
    state.resize(members, MemberState::default());
}

/// Every household programme's decision for one household (by default none assessed).
#[derive(Clone, Copy, Debug, Default)]
pub struct Decisions {
    /// 孤儿 / 事实无人抚养儿童基本生活补贴.
    pub orphan: programmes::orphan::Decision,
    /// 特困人员救助供养.
    pub tekun: programmes::tekun::Decision,
    /// 最低生活保障 and 低保边缘家庭.
    pub dibao: programmes::dibao::Decision,
    /// 分类救济.
    pub relief: programmes::classified_relief::Decision,
    /// 低保补发.
    pub back_pay: programmes::back_pay::Decision,
    /// 价格临时补贴.
    pub price: programmes::price_subsidy::Decision,
    /// 刚性支出困难家庭.
    pub rigid: programmes::rigid_expenditure::Decision,
    /// 残疾人两项补贴.
    pub disability: programmes::disability::Decision,
    /// 居家社区养老服务资助.
    pub home_care: Verdict,
    /// 助餐.
    pub meals: Verdict,
    /// 长寿保健金.
    pub longevity: Verdict,
}

impl Decisions {
    /// Keeps a decision as [`decide_into`] hands it on.
    pub fn keep(&mut self, decided: Decided<'_>) {
        match decided {
            Decided::Orphan(d) => self.orphan = *d,
            Decided::Tekun(d) => self.tekun = *d,
            Decided::Dibao(d) => self.dibao = *d,
            Decided::Relief(d) => self.relief = *d,
            Decided::BackPay(d) => self.back_pay = *d,
            Decided::Price(d) => self.price = *d,
            Decided::Rigid(d) => self.rigid = *d,
            Decided::Disability(d) => self.disability = *d,
            Decided::HomeCare(v) => self.home_care = v,
            Decided::Meals(v) => self.meals = v,
            Decided::Longevity(v) => self.longevity = v,
        }
    }
}

/// A kernel's decision, as [`decide_into`] hands it on.
#[derive(Clone, Copy, Debug)]
pub enum Decided<'d> {
    /// 孤儿 / 事实无人抚养儿童基本生活补贴.
    Orphan(&'d programmes::orphan::Decision),
    /// 特困人员救助供养.
    Tekun(&'d programmes::tekun::Decision),
    /// 最低生活保障 and 低保边缘家庭.
    Dibao(&'d programmes::dibao::Decision),
    /// 分类救济.
    Relief(&'d programmes::classified_relief::Decision),
    /// 低保补发.
    BackPay(&'d programmes::back_pay::Decision),
    /// 价格临时补贴.
    Price(&'d programmes::price_subsidy::Decision),
    /// 刚性支出困难家庭.
    Rigid(&'d programmes::rigid_expenditure::Decision),
    /// 残疾人两项补贴.
    Disability(&'d programmes::disability::Decision),
    /// 居家社区养老服务资助.
    HomeCare(Verdict),
    /// 助餐.
    Meals(Verdict),
    /// 长寿保健金.
    Longevity(Verdict),
}

impl Decided<'_> {
    /// Calls `f` with each programme the decision is about and its verdict (two for dibao and
    /// the marginal status, two for the disability subsidies).
    #[inline]
    pub fn each_verdict(self, mut f: impl FnMut(Programme, Verdict)) {
        match self {
            Decided::Orphan(d) => f(Programme::OrphanAllowance, d.verdict),
            Decided::Tekun(d) => f(Programme::Tekun, d.verdict),
            Decided::Dibao(d) => {
                f(Programme::Dibao, d.dibao);
                f(Programme::DibaoMarginal, d.marginal);
            }
            Decided::Relief(d) => f(Programme::ClassifiedRelief, d.verdict),
            Decided::BackPay(d) => f(Programme::DibaoBackPay, d.verdict),
            Decided::Price(d) => f(Programme::PriceSubsidy, d.verdict),
            Decided::Rigid(d) => f(Programme::RigidExpenditureHardship, d.verdict),
            Decided::Disability(d) => {
                f(Programme::DisabilityLivingSubsidy, d.living);
                f(Programme::DisabilityCareSubsidy, d.care);
            }
            Decided::HomeCare(v) => f(Programme::HomeCareFunding, v),
            Decided::Meals(v) => f(Programme::MealAid, v),
            Decided::Longevity(v) => f(Programme::LongevityAllowance, v),
        }
    }
}

/// Runs the kernels of the programmes of `run` in the stacking order of [`crate::programmes`],
/// handing each decision to `sink` as it is made: 特困 and the child allowance first (a person
/// supported as 特困 is not also counted in the dibao household), then dibao and the marginal
/// status, then what builds on them. This is the one place the order is written: the explained
/// calculation ([`decide_all`]), a population run and a run of some programmes
/// ([`selection::decide_selected`]) all come through it.
///
/// `run` must hold every programme its programmes rest on ([`selection::Selection::closure`]);
/// `state` must hold one default entry per member ([`members_state`]); the kernels fill it.
#[inline]
pub fn decide_into(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &mut [MemberState],
    run: selection::Selection,
    sink: &mut impl FnMut(Decided<'_>),
) -> Result<(), Missing> {
    use programmes::*;
    if run.contains(Programme::OrphanAllowance) {
        sink(Decided::Orphan(&orphan::decide(rates, household, state)?));
    }
    if run.contains(Programme::Tekun) {
        sink(Decided::Tekun(&tekun::decide(rates, household, state)?));
    }
    if run.contains(Programme::Dibao) {
        let dibao = dibao::decide(rates, household, state)?;
        sink(Decided::Dibao(&dibao));
        if run.contains(Programme::ClassifiedRelief) {
            let relief = classified_relief::decide(rates, household, state, &dibao)?;
            sink(Decided::Relief(&relief));
        }
        if run.contains(Programme::DibaoBackPay) {
            sink(Decided::BackPay(&back_pay::decide(
                rates, household, state,
            )?));
        }
        if run.contains(Programme::PriceSubsidy) {
            sink(Decided::Price(&price_subsidy::decide(
                rates, household, state,
            )?));
        }
        if run.contains(Programme::RigidExpenditureHardship) {
            let rigid = rigid_expenditure::decide(rates, household, state, &dibao)?;
            sink(Decided::Rigid(&rigid));
        }
        if run.contains(Programme::DisabilityLivingSubsidy)
            || run.contains(Programme::DisabilityCareSubsidy)
        {
            let disability = disability::decide(rates, household, state, &dibao)?;
            sink(Decided::Disability(&disability));
        }
    }
    if run.contains(Programme::HomeCareFunding) {
        sink(Decided::HomeCare(home_care::decide(rates, household)?));
    }
    if run.contains(Programme::MealAid) {
        sink(Decided::Meals(meal_aid::decide(rates, household)?));
    }
    if run.contains(Programme::LongevityAllowance) {
        sink(Decided::Longevity(longevity::decide(rates, household)?));
    }
    Ok(())
}

/// Every household programme's decision ([`decide_into`] with every programme): what the
/// explained calculation renders.
pub fn decide_all(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &mut [MemberState],
) -> Result<Decisions, Missing> {
    let mut decisions = Decisions::default();
    decide_into(
        rates,
        household,
        state,
        selection::Selection::ALL,
        &mut |d| decisions.keep(d),
    )?;
    Ok(decisions)
}

/// The verdicts of every household programme, in [`PROGRAMMES`] order.
#[inline]
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &mut [MemberState],
) -> Result<[Verdict; 13], Missing> {
    let mut verdicts = [Verdict::default(); 13];
    selection::decide_selected(
        rates,
        household,
        state,
        selection::Selection::ALL,
        &mut verdicts,
    )?;
    Ok(verdicts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programme_order_is_the_results_order() {
        assert_eq!(PROGRAMMES.len(), 13);
        assert_eq!(Key::ALL.len(), rates::KEYS);
        let dibao = Verdict::not(ReasonCode::IncomeNotBelowStandard);
        assert_eq!(dibao.status, Eligibility::NotEligible);
        assert_eq!(Verdict::paid(5, None).monthly, 5);
    }
}
