//! Scoring a card: section scores (capped at the section maximum), the total, and which levels
//! the scores and the occupancy reach.
//!
//! A section's score is the sum of its items' awarded points, capped at the section maximum. The
//! total is the sum of the section scores. A level is met when the total, every section minimum
//! and the occupancy minimum are met (the requirements are cumulative, see [`super::card`]), so
//! meeting a level implies meeting every level below it, and adding points never lowers the
//! level reached.

use rust_decimal::Decimal;

use super::card::{CheckedCard, CheckedLevel};

/// The scores of one request on one card.
#[derive(Clone, Debug)]
pub(crate) struct Scores {
    /// Awarded points per item, by section (0 for items not scored).
    pub awarded: Vec<Vec<Decimal>>,
    /// Sum of awarded points per section, before the cap.
    pub raw: Vec<Decimal>,
    /// Section scores after the cap.
    pub section: Vec<Decimal>,
    /// Total score.
    pub total: Decimal,
}

impl Scores {
    /// Scores from awarded points per item.
    pub fn new(card: &CheckedCard, awarded: Vec<Vec<Decimal>>) -> Scores {
        let raw: Vec<Decimal> = awarded.iter().map(|a| a.iter().copied().sum()).collect();
        let section: Vec<Decimal> = raw
            .iter()
            .zip(&card.sections)
            .map(|(r, s)| (*r).min(s.max))
            .collect();
        let total = section.iter().copied().sum();
        Scores {
            awarded,
            raw,
            section,
            total,
        }
    }
}

/// What a level needs that the scores or the occupancy do not give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Shortfall {
    /// The total is below the minimum.
    Total,
    /// A section (by index) is below its minimum.
    Section(usize),
    /// The occupancy is below the minimum.
    Occupancy,
}

/// The shortfalls of `scores` against `level` (empty: the level is met).
pub(crate) fn shortfalls(
    level: &CheckedLevel,
    scores: &Scores,
    occupancy: Option<Decimal>,
) -> Vec<Shortfall> {
    let mut out = Vec::new();
    if scores.total < level.min_total {
        out.push(Shortfall::Total);
    }
    for (i, (min, have)) in level.min_sections.iter().zip(&scores.section).enumerate() {
        if have < min {
            out.push(Shortfall::Section(i));
        }
    }
    if let Some(min) = level.min_occupancy {
        // A missing occupancy is rejected before scoring when any level needs one.
        if occupancy.is_none_or(|o| o < min) {
            out.push(Shortfall::Occupancy);
        }
    }
    out
}

/// The highest level met (1-based; 0 when none), before any veto.
pub(crate) fn level_reached(
    card: &CheckedCard,
    scores: &Scores,
    occupancy: Option<Decimal>,
) -> usize {
    card.levels
        .iter()
        .take_while(|l| shortfalls(l, scores, occupancy).is_empty())
        .count()
}
