//! The gap report: the smallest set of missing points, by item, that reaches a target level.
//!
//! # Definition
//!
//! Raise some items' awarded points (never above their maxima) so that the target level's total
//! and section minimums are met (points above a section's cap count for nothing). Among all such
//! raises the report gives the one that
//!
//! 1. adds the **fewest points** `P`; then
//! 2. raises the **fewest items** `K`; then
//! 3. breaks ties in a fixed order: **earlier sections first** (the vector of items raised per
//!    section, in card order, is the lexicographically largest), within a section **items with
//!    the most missing points first, then card order**; the points are placed by filling each
//!    section's section minimum first, then the rest in card order of sections, and within a
//!    section item by item in that preference order (each raised to its maximum before the next).
//!
//! `P` has a closed form: with `need_s = max(0, min_s − score_s)` per section,
//! `P = Σ need_s + max(0, T − Σ (score_s + need_s))`, because every usable point raises its section
//! and the total by exactly one.
//!
//! # Algorithm and bound
//!
//! Within a section, `k` raised items can add at most `v_s(k) = min(room to the cap, sum of the k
//! largest shortfalls)`, so only the `k` items with the most missing points need be considered.
//! A dynamic programme over sections then finds the fewest items: `best[j][K]` is the most
//! points sections `j..` can add with exactly `K` items (each section at least its minimum
//! count). It has `S × (N + 1)` states and `O(N)` transitions per section, so the search takes
//! `O(N × (N + S))` exact decimal operations for `N` items and `S` sections — at most about 260,000
//! for the card limits (500 items, 20 sections) — plus one sort per section.

use rust_decimal::Decimal;

use super::card::{CheckedCard, CheckedLevel};
use super::score::Scores;

/// The raises chosen for a target level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Fewest points to add.
    pub points: Decimal,
    /// (section index, item index, points to add), in card order; every add is above zero.
    pub raises: Vec<(usize, usize, Decimal)>,
}

struct SectionOptions {
    /// Item indices with missing points, most missing first, ties in card order.
    order: Vec<usize>,
    /// Missing points of those items, in the same order.
    room: Vec<Decimal>,
    /// `v(k)` for k = 0..=order.len().
    capacity: Vec<Decimal>,
    /// Points the section must gain to meet its minimum.
    need: Decimal,
    /// Fewest items that can give `need`.
    k_min: usize,
}

fn options(
    card: &CheckedCard,
    scores: &Scores,
    target: &CheckedLevel,
    s: usize,
) -> Option<SectionOptions> {
    let cap = card.sections.get(s)?.max;
    let raw = *scores.raw.get(s)?;
    let score = *scores.section.get(s)?;
    let min = target.min_sections.get(s).copied().unwrap_or_default();
    let usable = (cap - raw).max(Decimal::ZERO);
    let need = (min - score).max(Decimal::ZERO);
    let item_max = &card.sections.get(s)?.item_max;
    let awarded = scores.awarded.get(s)?;
    let mut order: Vec<(usize, Decimal)> = item_max
        .iter()
        .zip(awarded)
        .map(|(m, a)| *m - *a)
        .enumerate()
        .filter(|(_, r)| *r > Decimal::ZERO)
        .collect();
    order.sort_unstable_by(|(i, a), (j, b)| b.cmp(a).then(i.cmp(j)));
    let mut capacity = Vec::with_capacity(order.len() + 1);
    let mut prefix = Decimal::ZERO;
    capacity.push(Decimal::ZERO);
    for (_, r) in &order {
        prefix += *r;
        capacity.push(prefix.min(usable));
    }
    let k_min = capacity.iter().position(|v| *v >= need)?;
    Some(SectionOptions {
        order: order.iter().map(|(i, _)| *i).collect(),
        room: order.iter().map(|(_, r)| *r).collect(),
        capacity,
        need,
        k_min,
    })
}

/// The smallest raise reaching `target` (see the module documentation), or `None` when the
/// target cannot be reached (never for a validated card, whose thresholds are reachable).
pub(crate) fn plan(card: &CheckedCard, scores: &Scores, target: &CheckedLevel) -> Option<Plan> {
    let sections: Vec<SectionOptions> = (0..card.sections.len())
        .map(|s| options(card, scores, target, s))
        .collect::<Option<_>>()?;
    let need_total: Decimal = sections.iter().map(|o| o.need).sum();
    let after_needs: Decimal = scores.total + need_total;
    let points = need_total + (target.min_total - after_needs).max(Decimal::ZERO);

    // best[j][k]: the most points sections j.. can add with exactly k items; None = impossible.
    let n: usize = sections.iter().map(|o| o.order.len()).sum();
    let mut best: Vec<Vec<Option<Decimal>>> = vec![vec![None; n + 1]; sections.len() + 1];
    if let Some(first) = best.last_mut().and_then(|row| row.first_mut()) {
        *first = Some(Decimal::ZERO);
    }
    for (j, o) in sections.iter().enumerate().rev() {
        let next = best.get(j + 1)?.clone();
        let row = best.get_mut(j)?;
        for (total_k, cell) in row.iter_mut().enumerate() {
            for k in o.k_min..=o.order.len().min(total_k) {
                let (Some(Some(rest)), Some(v)) = (next.get(total_k - k), o.capacity.get(k)) else {
                    continue;
                };
                let candidate = *v + *rest;
                if cell.is_none_or(|c| candidate > c) {
                    *cell = Some(candidate);
                }
            }
        }
    }
    let first_row = best.first()?;
    let k_star = first_row
        .iter()
        .position(|b| b.is_some_and(|b| b >= points))?;

    // Reconstruct: the most items in earlier sections.
    let mut chosen = Vec::with_capacity(sections.len());
    let (mut rem_k, mut rem_p) = (k_star, points);
    for (j, o) in sections.iter().enumerate() {
        let next = best.get(j + 1)?;
        let k = (o.k_min..=o.order.len().min(rem_k)).rev().find(|&k| {
            match (next.get(rem_k - k), o.capacity.get(k)) {
                (Some(Some(rest)), Some(v)) => *v + *rest >= rem_p,
                _ => false,
            }
        })?;
        let v = *o.capacity.get(k)?;
        chosen.push((k, v));
        rem_k -= k;
        rem_p -= v;
    }

    // Distribute: each section's minimum first, the rest in card order.
    let mut extra = points - need_total;
    let mut raises = Vec::new();
    for (s, (o, (k, v))) in sections.iter().zip(&chosen).enumerate() {
        let more = extra.min(*v - o.need).max(Decimal::ZERO);
        extra -= more;
        let mut left = o.need + more;
        for (item, room) in o.order.iter().zip(&o.room).take(*k) {
            if left <= Decimal::ZERO {
                break;
            }
            let add = left.min(*room);
            raises.push((s, *item, add));
            left -= add;
        }
    }
    raises.sort_unstable_by_key(|(s, i, _)| (*s, *i));
    Some(Plan { points, raises })
}
