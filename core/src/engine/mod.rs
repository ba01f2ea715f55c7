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

use crate::wire::{Eligibility, Programme};
use exact::Fen;
use rates::Key;

/// A programme's outcome for one household: what a population run keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Eligibility.
    pub status: Eligibility,
    /// The reason code (`income_not_below_standard`), when the result gives one.
    pub reason: Option<&'static str>,
    /// Monthly amount, fen (rounded once, to the fen).
    pub monthly: Fen,
    /// One-off amount, fen, when the programme pays one.
    pub one_off: Option<Fen>,
}

impl Verdict {
    /// A verdict with no amount.
    pub const fn of(status: Eligibility, reason: Option<&'static str>) -> Verdict {
        Verdict {
            status,
            reason,
            monthly: 0,
            one_off: None,
        }
    }

    /// Not eligible, for `reason`.
    pub const fn not(reason: &'static str) -> Verdict {
        Verdict::of(Eligibility::NotEligible, Some(reason))
    }

    /// Eligible for `monthly` fen.
    pub const fn paid(monthly: Fen, reason: Option<&'static str>) -> Verdict {
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

/// Resolved rates and facts for one household, with the per-member state buffer the kernels
/// fill (reused across households by a population run).
pub fn members_state(state: &mut Vec<MemberState>, members: usize) {
    state.clear();
    state.resize(members, MemberState::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programme_order_is_the_results_order() {
        assert_eq!(PROGRAMMES.len(), 13);
        let _ = Key::ALL;
        let _: Option<&rates::Rates<'_>> = None;
        let _: Option<facts::HouseholdFacts<'_>> = None;
    }
}
