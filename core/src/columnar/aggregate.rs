//! Exact summaries of a population run: cost and recipients per scenario and programme, winners
//! and losers under each reform, change by income decile and by any grouping of households
//! (district, or a caller's codes).
//!
//! # Definitions
//!
//! - A household's **annual amount** of a programme is 12 × its monthly amount plus its one-off
//!   amount; its annual total is the sum over every programme.
//! - **Weights** are exact decimals ([`Weights`]: `units[h] / 10^scale`), 1 for every household
//!   when none are given. An **excluded** household (one the run could not calculate) counts
//!   nowhere; neither does a household of weight 0.
//! - **Cost** of a programme ([`Cost`]): Σ weight × amount (monthly, one-off; annual =
//!   12 × monthly + one-off); **recipients**: Σ weight over the households whose status is
//!   eligible (code [`status_code`]`(Eligible)`, 0). The scenario's **total** sums the
//!   programmes, and its recipients are the households eligible for at least one programme.
//! - **Winners / losers** under a reform (scenario `r ≥ 1`, against the baseline, scenario 0):
//!   households whose annual total is higher / lower ([`Tally`]); `gain` and `loss` are
//!   Σ weight × change over them.
//! - **Income decile** ([`Aggregator::deciles`]): households of positive weight with members,
//!   ranked by income ÷ members (compared exactly), ties in input order; household `i` of that
//!   order with cumulative weight `C` (itself included) out of `W` is in decile ⌈10 × C / W⌉.
//!
//! Every figure is exact: an `i128` of fen × weight units, so a weighted figure is the value ×
//! 10^scale ([`Summary::scale`]); callers round once, to the fen, when they present it. No
//! floating point is used anywhere. Sums that could exceed what 128 bits hold exactly (weight
//! units × amounts × households beyond 2^120) are refused with `out_of_range` rather than
//! wrapped.
//!
//! # Cost
//!
//! One pass per scenario, a cache-sized chunk of households at a time (`aggregate/scenario.rs`):
//! for every programme, a bound of the chunk's largest magnitudes (a bitwise or), so that its
//! weighted sums can be accumulated in `i64` without overflow before being added into `i128` and
//! the overflow limit is checked before anything changes; then, while the chunk is in cache, every
//! programme's sums, each household's annual total (from the run's totals when the scenario is a
//! run's) and the count of programmes it is eligible for; chunks of zero amounts (programmes not
//! assessed) skip the amounts. The winners / losers and the groupings are one pass per reform.
//! Deciles need no full sort: households are bucketed by the top bits of their exact rank key, each
//! bucket's weight summed, and only the (at most nine) buckets holding a decile boundary are
//! sorted; past 42 members or 64-bit keys, a stable sort comparing the fractions by
//! cross-multiplication.
//!
//! # Merging partitions
//!
//! A population split into partitions (contiguous ranges of households, in order) can be
//! summarised per partition and the [`Summary`]s added with [`Summary::merge`]: every figure is a
//! sum over households. Deciles are the exception, as they depend on the ranking of the whole
//! population; they take two passes:
//!
//! 1. **Boundaries.** With a rank scale common to all partitions ([`rank_scale`] of the
//!    largest members count over all of them), each partition reports, for each distinct rank
//!    key ([`rank_key`]), the weight of its households with that key. Merged (keys sorted, weights of equal keys kept
//!    per partition in partition order), this gives for each key the weight of every household
//!    ranked before it (smaller keys, then equal keys of earlier partitions), and the total `W`.
//! 2. **Counts.** Each partition ranks its own households, starting each household's cumulative
//!    weight from that offset (plus the weight of the equal keys before it in the partition),
//!    assigns ⌈10 × C / W⌉ and tallies by decile as usual; the per-decile [`Tally`]s then merge
//!    like the others.
//!
//! [`Aggregator::deciles`] is the single-process case; [`partition`] implements the two passes
//! ([`RankHistogram`], [`DecileBoundaries`]) and carries the partials between processes as
//! bytes.

use crate::error::{Error, ErrorCode};
use crate::region::District;
use crate::wire::Eligibility;

use super::{Outcome, ScenarioColumns, status_code};

pub mod partition;
mod scenario;

pub use partition::{Boundary, DecileBoundaries, PerMember, RankHistogram, RankedRows};

/// The status code of an eligible household.
const ELIGIBLE: u8 = status_code(Eligibility::Eligible);

/// Number of income deciles.
pub const DECILES: usize = 10;

/// The group code meaning "in no group" for [`Aggregator::change_by`].
pub const NO_GROUP: u32 = u32::MAX;

/// Largest Σ_programmes (12 × max |monthly| + max |one-off|) of a scenario, in fen: household
/// annual totals and their changes stay far inside `i64`.
const AMOUNT_LIMIT: u128 = 1 << 60;

/// Households per chunk of a column pass (the chunk's columns stay in the first-level cache).
const CHUNK: usize = 2048;

/// Largest households × max weight units × max annual amount: every `i128` sum, difference and
/// 12 × monthly + one-off stays exact.
const SUM_LIMIT: u128 = 1 << 120;

/// Households' weights as exact decimals: household `h` counts `units[h] / 10^scale` times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights<'a> {
    /// Weight × 10^scale, per household; never negative.
    pub units: &'a [i64],
    /// Decimal places of the weights.
    pub scale: u32,
}

/// One scenario's columns, per programme (in the same order for every scenario), one value per
/// household: status codes ([`status_code`]), monthly and one-off amounts in whole fen.
#[derive(Clone, Debug, Default)]
pub struct ScenarioView<'a> {
    /// Status codes.
    pub status: Vec<&'a [u8]>,
    /// Monthly amounts, whole fen; an empty column is all zeros.
    pub monthly: Vec<&'a [i64]>,
    /// One-off amounts, whole fen (0 where none is paid); an empty column is all zeros.
    pub one_off: Vec<&'a [i64]>,
}

impl<'a> ScenarioView<'a> {
    /// The columns of a run's scenario.
    pub fn of(columns: &'a ScenarioColumns) -> ScenarioView<'a> {
        ScenarioView {
            status: columns.status.iter().map(Vec::as_slice).collect(),
            monthly: columns.monthly.iter().map(Vec::as_slice).collect(),
            one_off: columns.one_off.iter().map(Vec::as_slice).collect(),
        }
    }
}

/// Cost and recipients of one programme (or of a scenario's total), × 10^scale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cost {
    /// Σ weight of the eligible households.
    pub recipients: i128,
    /// Σ weight × monthly amount, fen.
    pub monthly: i128,
    /// Σ weight × one-off amount, fen.
    pub one_off: i128,
}

impl Cost {
    /// Σ weight × annual amount (12 × monthly + one-off), fen.
    pub fn annual(&self) -> i128 {
        12 * self.monthly + self.one_off
    }

    /// Adds another partition's figures.
    pub fn merge(&mut self, other: &Cost) {
        self.recipients += other.recipients;
        self.monthly += other.monthly;
        self.one_off += other.one_off;
    }
}

/// The cost of one scenario: per programme, and the total.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScenarioCost {
    /// Per programme, in column order.
    pub programmes: Vec<Cost>,
    /// Every programme together; `recipients` counts households eligible for at least one.
    pub total: Cost,
}

impl ScenarioCost {
    /// Adds another partition's figures (same programmes).
    pub fn merge(&mut self, other: &ScenarioCost) -> Result<(), Error> {
        if self.programmes.len() != other.programmes.len() {
            return Err(shape("cost", "programmes"));
        }
        for (a, b) in self.programmes.iter_mut().zip(&other.programmes) {
            a.merge(b);
        }
        self.total.merge(&other.total);
        Ok(())
    }
}

/// The change under a reform over a set of households, × 10^scale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Households counted (of positive weight), unweighted: a group with none is absent.
    pub count: u64,
    /// Σ weight.
    pub households: i128,
    /// Σ weight of the households whose annual total is higher under the reform.
    pub winners: i128,
    /// Σ weight of the households whose annual total is lower.
    pub losers: i128,
    /// Σ weight × baseline annual total, fen.
    pub baseline: i128,
    /// Σ weight × reformed annual total, fen.
    pub reformed: i128,
    /// Σ weight × change over the winners (≥ 0), fen.
    pub gain: i128,
    /// Σ weight × change over the losers (≤ 0), fen.
    pub loss: i128,
}

impl Tally {
    /// Σ weight of the households whose annual total is unchanged.
    pub fn unchanged(&self) -> i128 {
        self.households - self.winners - self.losers
    }

    /// Net change: gain + loss (= reformed − baseline), fen.
    pub fn net(&self) -> i128 {
        self.gain + self.loss
    }

    /// Adds another partition's figures.
    pub fn merge(&mut self, other: &Tally) {
        self.count += other.count;
        self.households += other.households;
        self.winners += other.winners;
        self.losers += other.losers;
        self.baseline += other.baseline;
        self.reformed += other.reformed;
        self.gain += other.gain;
        self.loss += other.loss;
    }

    #[inline]
    fn add(&mut self, w: i128, wa: i128, wd: i128, d: i64) {
        self.count += 1;
        self.households += w;
        self.baseline += wa;
        if d > 0 {
            self.winners += w;
            self.gain += wd;
        } else if d < 0 {
            self.losers += w;
            self.loss += wd;
        }
    }

    /// Sets `reformed` from the other sums (Σ w × reformed = Σ w × baseline + Σ w × change).
    fn close(&mut self) {
        self.reformed = self.baseline + self.gain + self.loss;
    }
}

fn merge_groups(a: &mut [Vec<Tally>], b: &[Vec<Tally>], what: &str) -> Result<(), Error> {
    if a.len() != b.len() {
        return Err(shape(what, "reforms"));
    }
    for (x, y) in a.iter_mut().zip(b) {
        if x.len() != y.len() {
            return Err(shape(what, "groups"));
        }
        for (t, u) in x.iter_mut().zip(y) {
            t.merge(u);
        }
    }
    Ok(())
}

fn shape(what: &str, of: &str) -> Error {
    Error::new(
        ErrorCode::InvalidValue,
        what,
        format!("the summaries to merge have different {of}"),
    )
}

/// Every summary of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Decimal places of the weights: every weighted figure is its value × 10^scale.
    pub scale: u32,
    /// Per scenario.
    pub cost: Vec<ScenarioCost>,
    /// Per reform (scenario 1, 2, …) against the baseline (scenario 0).
    pub winners_losers: Vec<Tally>,
    /// `[reform][decile − 1]`.
    pub by_decile: Vec<Vec<Tally>>,
    /// `[reform][district]`, districts as indices of [`District::ALL`]; empty without districts.
    pub by_district: Vec<Vec<Tally>>,
}

impl Summary {
    /// Adds the summary of another partition of the same population (same scenarios,
    /// programmes and weight scale). Deciles merge correctly only when each partition assigned
    /// them from the whole population's ranking (see the module documentation).
    pub fn merge(&mut self, other: &Summary) -> Result<(), Error> {
        if self.scale != other.scale {
            return Err(shape("scale", "weight scales"));
        }
        if self.cost.len() != other.cost.len()
            || self.winners_losers.len() != other.winners_losers.len()
        {
            return Err(shape("cost", "scenarios"));
        }
        for (a, b) in self.cost.iter_mut().zip(&other.cost) {
            a.merge(b)?;
        }
        for (a, b) in self.winners_losers.iter_mut().zip(&other.winners_losers) {
            a.merge(b);
        }
        merge_groups(&mut self.by_decile, &other.by_decile, "by_decile")?;
        merge_groups(&mut self.by_district, &other.by_district, "by_district")
    }
}

/// The change under each reform by group (`[reform][group]`), as [`Aggregator::change_by`]
/// gives it.
pub type ChangeBy = Vec<Vec<Tally>>;

/// Group codes of households for [`Aggregator::change_by`]: a code at or above the number of
/// groups (e.g. [`NO_GROUP`]) puts the household in no group.
#[derive(Clone, Copy, Debug)]
pub enum Codes<'a> {
    /// One byte per household (districts as indices of [`District::ALL`]).
    U8(&'a [u8]),
    /// Four bytes per household.
    U32(&'a [u32]),
    /// Deciles as [`Aggregator::deciles`] gives them (1–10, 0 for none): group = decile − 1.
    Decile(&'a [u8]),
}

impl Codes<'_> {
    fn len(&self) -> usize {
        match self {
            Codes::U8(c) | Codes::Decile(c) => c.len(),
            Codes::U32(c) => c.len(),
        }
    }

    #[inline]
    fn get(&self, h: usize) -> usize {
        match self {
            Codes::U8(c) => c.get(h).map_or(usize::MAX, |x| usize::from(*x)),
            Codes::U32(c) => c
                .get(h)
                .map_or(usize::MAX, |x| usize::try_from(*x).unwrap_or(usize::MAX)),
            Codes::Decile(c) => c
                .get(h)
                .map_or(usize::MAX, |x| usize::from(*x).wrapping_sub(1)),
        }
    }
}

/// Exact aggregates of a population, fed one scenario (or one programme column) at a time; see
/// the module documentation. Scenario 0 is the baseline.
#[derive(Clone, Debug)]
pub struct Aggregator {
    households: usize,
    scale: u32,
    /// Effective weight units: 0 for an excluded household.
    weights: Vec<i64>,
    max_weight: u128,
    /// `[scenario][programme]`.
    programmes: Vec<Vec<Cost>>,
    /// Per scenario, per household: annual total, fen.
    annual: Vec<Vec<i64>>,
    /// Per scenario, per household: the programmes it is eligible for.
    any: Vec<Vec<u16>>,
    /// Per scenario: Σ_programmes (12 × max |monthly| + max |one-off|).
    bound: Vec<u128>,
}

fn max_abs(column: &[i64]) -> u128 {
    u128::from(column.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0))
}

/// An upper bound of the largest |x| (at most twice it; 0 only if every value is) and whether
/// no value is negative: the bitwise or of the values when none is negative (one vectorised
/// pass), else the largest |x|.
fn magnitude(column: &[i64]) -> (u128, bool) {
    let or = column.iter().fold(0_u64, |a, x| a | *x as u64);
    if or >> 63 == 0 {
        (u128::from(or), true)
    } else {
        (max_abs(column), false)
    }
}

/// Σ w × x, exact, for 0 ≤ w ≤ `max_w` and |x| ≤ `max_x` (x ≥ 0 if `positive`), in blocks
/// short enough never to overflow: weights of 0 or 1 select (no multiplication); weights and
/// non-negative amounts below 2^32 multiply 32 × 32 → 64 bits; anything else in `i64` blocks,
/// or in `i128` per product when even one product may not fit.
fn dot(w: &[i64], x: &[i64], max_w: u128, max_x: u128, positive: bool) -> i128 {
    let per = max_w * max_x;
    if per == 0 {
        return 0;
    }
    let len = w.len().max(1);
    let blocks = |limit: u128| usize::try_from(limit / per).unwrap_or(usize::MAX).min(len);
    if max_w <= 1 {
        let block = blocks(u128::from(i64::MAX.unsigned_abs())).max(1);
        return w
            .chunks(block)
            .zip(x.chunks(block))
            .map(|(wc, xc)| {
                i128::from(
                    wc.iter()
                        .zip(xc)
                        .map(|(a, b)| if *a != 0 { *b } else { 0 })
                        .sum::<i64>(),
                )
            })
            .sum();
    }
    const U32: u128 = 1 << 32;
    if positive && max_w < U32 && max_x < U32 {
        let block = blocks(u128::from(u64::MAX)).max(1);
        return w
            .chunks(block)
            .zip(x.chunks(block))
            .map(|(wc, xc)| {
                let s: u64 = wc
                    .iter()
                    .zip(xc)
                    .map(|(a, b)| u64::from(*a as u32) * u64::from(*b as u32))
                    .sum();
                i128::from(s)
            })
            .sum();
    }
    let block = blocks(u128::from(i64::MAX.unsigned_abs()));
    if block == 0 {
        return w
            .iter()
            .zip(x)
            .map(|(a, b)| i128::from(*a) * i128::from(*b))
            .sum();
    }
    w.chunks(block)
        .zip(x.chunks(block))
        .map(|(wc, xc)| i128::from(wc.iter().zip(xc).map(|(a, b)| a * b).sum::<i64>()))
        .sum()
}

/// Σ w over the households where `mask` holds.
fn masked_sum<T: Copy>(w: &[i64], mask: &[T], max_w: u128, keep: impl Fn(T) -> bool) -> i128 {
    if max_w == 0 {
        return 0;
    }
    let block = usize::try_from(i64::MAX.unsigned_abs() as u128 / max_w)
        .unwrap_or(usize::MAX)
        .clamp(1, w.len().max(1));
    w.chunks(block)
        .zip(mask.chunks(block))
        .map(|(wc, mc)| {
            i128::from(
                wc.iter()
                    .zip(mc)
                    .map(|(w, m)| if keep(*m) { *w } else { 0 })
                    .sum::<i64>(),
            )
        })
        .sum()
}

/// Whether a scenario whose Σ_programmes (12 × max |monthly| + max |one-off|) is `bound` can be
/// summed exactly over `households` households of weight units at most `max_weight`.
fn sums_fit(households: usize, max_weight: u128, bound: u128) -> bool {
    bound <= AMOUNT_LIMIT
        && (households as u128)
            .checked_mul(max_weight)
            .and_then(|x| x.checked_mul(bound))
            .is_some_and(|x| x <= SUM_LIMIT)
}

fn length_error(path: impl Into<String>, got: usize, want: usize) -> Error {
    Error::new(
        ErrorCode::InvalidValue,
        path,
        format!("{got} values for {want} households"),
    )
}

impl Aggregator {
    /// An aggregator for `households` households with these weights (all 1 when `None`);
    /// `excluded` marks the households to leave out (empty: none).
    pub fn new(
        households: usize,
        weights: Option<Weights<'_>>,
        excluded: &[bool],
    ) -> Result<Aggregator, Error> {
        if !excluded.is_empty() && excluded.len() != households {
            return Err(length_error("excluded", excluded.len(), households));
        }
        let (mut units, scale) = match weights {
            Some(w) => {
                if w.units.len() != households {
                    return Err(length_error("weights", w.units.len(), households));
                }
                if let Some(h) = w.units.iter().position(|u| *u < 0) {
                    return Err(Error::new(
                        ErrorCode::OutOfRange,
                        format!("weights[{h}]"),
                        "a weight cannot be negative",
                    ));
                }
                (w.units.to_vec(), w.scale)
            }
            None => (vec![1_i64; households], 0),
        };
        for (u, x) in units.iter_mut().zip(excluded) {
            if *x {
                *u = 0;
            }
        }
        let max_weight = max_abs(&units);
        Ok(Aggregator {
            households,
            scale,
            weights: units,
            max_weight,
            programmes: Vec::new(),
            annual: Vec::new(),
            any: Vec::new(),
            bound: Vec::new(),
        })
    }

    /// An aggregator over a run's outcome: its households that failed are excluded, and every
    /// scenario is added.
    pub fn of_outcome(
        outcome: &Outcome,
        weights: Option<Weights<'_>>,
    ) -> Result<Aggregator, Error> {
        Aggregator::of_outcome_excluding(outcome, weights, &[])
    }

    /// [`Aggregator::of_outcome`], leaving out the households `excluded` marks (empty: none)
    /// as well as those that failed. The scenarios are added on threads of their own, each
    /// with the totals the run summed ([`Aggregator::add_run_scenario`]).
    pub fn of_outcome_excluding(
        outcome: &Outcome,
        weights: Option<Weights<'_>>,
        excluded: &[bool],
    ) -> Result<Aggregator, Error> {
        let n = outcome.households;
        if !excluded.is_empty() && excluded.len() != n {
            return Err(length_error("excluded", excluded.len(), n));
        }
        let mut left_out = vec![false; n];
        for (x, given) in left_out.iter_mut().zip(excluded) {
            *x = *given;
        }
        for (h, _) in &outcome.errors {
            if let Some(x) = left_out.get_mut(*h) {
                *x = true;
            }
        }
        let mut a = Aggregator::new(n, weights, &left_out)?;
        let threads = crate::batch::thread_count(0).min(outcome.scenarios.len());
        if threads < 2 {
            for s in &outcome.scenarios {
                a.add_run_scenario(s)?;
            }
            return Ok(a);
        }
        // The scenarios are independent: each thread adds its share to an aggregator of its
        // own (the same households and weights); they are joined in order.
        let mut shares = vec![(); outcome.scenarios.len()];
        let parts = crate::batch::map_chunks(&mut shares, 1, threads, |range, _| {
            let mut part = a.without_scenarios();
            for s in outcome.scenarios.get(range).unwrap_or(&[]) {
                part.add_run_scenario(s)?;
            }
            Ok::<Aggregator, Error>(part)
        })?;
        for part in parts {
            a.take_scenarios(part?);
        }
        Ok(a)
    }

    /// The same households and weights, with no scenario.
    fn without_scenarios(&self) -> Aggregator {
        Aggregator {
            households: self.households,
            scale: self.scale,
            weights: self.weights.clone(),
            max_weight: self.max_weight,
            programmes: Vec::new(),
            annual: Vec::new(),
            any: Vec::new(),
            bound: Vec::new(),
        }
    }

    /// Appends the scenarios of `other` (the same households and weights) after this one's.
    fn take_scenarios(&mut self, other: Aggregator) {
        self.programmes.extend(other.programmes);
        self.annual.extend(other.annual);
        self.any.extend(other.any);
        self.bound.extend(other.bound);
    }

    /// Appends the households of `other` (a later part of the same population, under the same
    /// scenarios and programmes, weights at the same scale) after this aggregator's: costs are
    /// merged exactly, each household's annual totals and weights kept, so every summary
    /// (deciles included) equals the one of the whole population aggregated at once. A stream
    /// of batches is summarised this way without keeping its per-programme columns. On an
    /// error the aggregator is left unchanged.
    pub fn append(&mut self, other: Aggregator) -> Result<(), Error> {
        if self.households == 0 && self.annual.is_empty() {
            *self = other;
            return Ok(());
        }
        let shape = |a: &Aggregator| a.programmes.iter().map(Vec::len).collect::<Vec<_>>();
        if shape(self) != shape(&other) {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                "scenarios",
                "the parts have different scenarios or programmes",
            ));
        }
        if other.households > 0 && self.scale != other.scale {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                "weights",
                format!(
                    "the parts' weights have {} and {} decimal places; give them at one scale",
                    self.scale, other.scale
                ),
            ));
        }
        let households = self.households + other.households;
        let max_weight = self.max_weight.max(other.max_weight);
        let bound: Vec<u128> = self
            .bound
            .iter()
            .zip(&other.bound)
            .map(|(a, b)| *a.max(b))
            .collect();
        let fits = bound.iter().all(|b| {
            (households as u128)
                .checked_mul(max_weight)
                .and_then(|x| x.checked_mul(*b))
                .is_some_and(|x| x <= SUM_LIMIT)
        });
        if !fits {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "weights",
                "the amounts (× the weights) are too large to be summed exactly",
            ));
        }
        for (mine, theirs) in self.programmes.iter_mut().zip(&other.programmes) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
        for (a, b) in self.annual.iter_mut().zip(other.annual) {
            a.extend(b);
        }
        for (a, b) in self.any.iter_mut().zip(other.any) {
            a.extend(b);
        }
        self.weights.extend(other.weights);
        self.households = households;
        self.max_weight = max_weight;
        self.bound = bound;
        Ok(())
    }

    /// Reserves room for `additional` more households in every per-household column, so that a
    /// stream whose size is known appends without growing them past it.
    pub fn reserve(&mut self, additional: usize) {
        self.weights.reserve_exact(additional);
        for column in &mut self.annual {
            column.reserve_exact(additional);
        }
        for column in &mut self.any {
            column.reserve_exact(additional);
        }
    }

    /// Households.
    pub fn households(&self) -> usize {
        self.households
    }

    /// Decimal places of the weights.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Scenarios added so far.
    pub fn scenarios(&self) -> usize {
        self.annual.len()
    }

    /// The effective weight units (0 for an excluded household).
    pub fn weights(&self) -> &[i64] {
        &self.weights
    }

    /// Each household's annual total under scenario `s`, fen.
    pub fn annual(&self, s: usize) -> Option<&[i64]> {
        self.annual.get(s).map(Vec::as_slice)
    }

    /// Appends a scenario read whole (`aggregate/scenario.rs`).
    fn push_scenario(&mut self, costs: Vec<Cost>, annual: Vec<i64>, any: Vec<u16>, bound: u128) {
        self.programmes.push(costs);
        self.annual.push(annual);
        self.any.push(any);
        self.bound.push(bound);
    }

    /// Starts a new scenario, to be filled by [`Aggregator::add_programme`].
    pub fn start_scenario(&mut self) {
        self.programmes.push(Vec::new());
        self.annual.push(vec![0; self.households]);
        self.any.push(vec![0; self.households]);
        self.bound.push(0);
    }

    /// Adds one programme's columns to the scenario last started (`one_off` empty: the
    /// programme pays no one-off amount). On an error the aggregator is left unchanged.
    pub fn add_programme(
        &mut self,
        status: &[u8],
        monthly: &[i64],
        one_off: &[i64],
    ) -> Result<(), Error> {
        let n = self.households;
        let s = self.scenarios().saturating_sub(1);
        let p = self.programmes.last().map_or(0, Vec::len);
        let at = |what: &str| format!("scenarios[{s}].{what}[{p}]");
        for (what, len) in [
            ("status", status.len()),
            ("monthly", monthly.len()),
            (
                "one_off",
                if one_off.is_empty() { n } else { one_off.len() },
            ),
        ] {
            if len != n {
                return Err(length_error(at(what), len, n));
            }
        }
        let (Some(costs), Some(annual), Some(any), Some(bound)) = (
            self.programmes.last_mut(),
            self.annual.last_mut(),
            self.any.last_mut(),
            self.bound.last_mut(),
        ) else {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                "scenarios",
                "start a scenario before adding programmes",
            ));
        };
        if costs.len() >= usize::from(u16::MAX) {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                at("status"),
                "a scenario has at most 65534 programmes",
            ));
        }
        // One pass over the columns, a cache-sized chunk at a time: the chunk's largest
        // amounts (so that its i64 sums cannot overflow and the running bound is checked before
        // anything is changed), then every update of the chunk while it is in cache.
        let max_w = self.max_weight;
        let limit = |b: u128| sums_fit(n, max_w, b);
        let (mut max_m, mut max_o) = (0_u128, 0_u128);
        let mut cost = Cost::default();
        let mut done = 0_usize;
        let mut failed = false;
        // An empty one-off column: a programme that pays none (columnar::ONE_OFF).
        let zeros = vec![0_i64; if one_off.is_empty() { CHUNK.min(n) } else { 0 }];
        let one_off_chunks = || -> Box<dyn Iterator<Item = &[i64]> + '_> {
            if one_off.is_empty() {
                Box::new(std::iter::repeat(zeros.as_slice()))
            } else {
                Box::new(one_off.chunks(CHUNK))
            }
        };
        let chunks = self
            .weights
            .chunks(CHUNK)
            .zip(status.chunks(CHUNK))
            .zip(monthly.chunks(CHUNK).zip(one_off_chunks()))
            .zip(annual.chunks_mut(CHUNK).zip(any.chunks_mut(CHUNK)));
        for (((w, s), (m, o)), (t, a)) in chunks {
            let ((cm, m_positive), (co, o_positive)) = (magnitude(m), magnitude(o));
            max_m = max_m.max(cm);
            max_o = max_o.max(co);
            if !limit(*bound + 12 * max_m + max_o) {
                failed = true;
                break;
            }
            if cm != 0 || co != 0 {
                for ((t, m), o) in t.iter_mut().zip(m).zip(o) {
                    *t += 12 * m + o;
                }
                cost.monthly += dot(w, m, max_w, cm, m_positive);
                cost.one_off += dot(w, o, max_w, co, o_positive);
            }
            for (a, s) in a.iter_mut().zip(s) {
                *a += u16::from(*s == ELIGIBLE);
            }
            cost.recipients += masked_sum(w, s, max_w, |s| s == ELIGIBLE);
            done += 1;
        }
        if failed {
            // Undo the chunks already added: the aggregator is left as it was.
            let chunks = status
                .chunks(CHUNK)
                .zip(monthly.chunks(CHUNK).zip(one_off_chunks()))
                .zip(annual.chunks_mut(CHUNK).zip(any.chunks_mut(CHUNK)))
                .take(done);
            for ((s, (m, o)), (t, a)) in chunks {
                for ((t, m), o) in t.iter_mut().zip(m).zip(o) {
                    *t -= 12 * m + o;
                }
                for (a, s) in a.iter_mut().zip(s) {
                    *a -= u16::from(*s == ELIGIBLE);
                }
            }
            return Err(Error::new(
                ErrorCode::OutOfRange,
                at("monthly"),
                "the amounts (× the weights) are too large to be summed exactly",
            ));
        }
        *bound += 12 * max_m + max_o;
        costs.push(cost);
        Ok(())
    }

    /// Cost and recipients per scenario and programme, and the scenario totals.
    pub fn cost(&self) -> Vec<ScenarioCost> {
        self.programmes
            .iter()
            .zip(&self.any)
            .map(|(programmes, any)| {
                let mut total = Cost::default();
                for c in programmes {
                    total.monthly += c.monthly;
                    total.one_off += c.one_off;
                }
                total.recipients = masked_sum(&self.weights, any, self.max_weight, |a| a > 0);
                ScenarioCost {
                    programmes: programmes.clone(),
                    total,
                }
            })
            .collect()
    }

    /// Winners and losers per reform (scenario 1, 2, …).
    pub fn winners_losers(&self) -> Vec<Tally> {
        self.change_by_all(&[]).0
    }

    /// Change per reform and group of `codes` (`[reform][group]`, `groups` groups).
    pub fn change_by(&self, codes: Codes<'_>, groups: usize) -> Result<Vec<Vec<Tally>>, Error> {
        if codes.len() != self.households {
            return Err(length_error("groups", codes.len(), self.households));
        }
        let (_, mut by) = self.change_by_all(&[(codes, groups)]);
        Ok(by.pop().unwrap_or_default())
    }

    /// Change by district (`[reform][index in District::ALL]`).
    pub fn change_by_district(&self, district: &[u8]) -> Result<Vec<Vec<Tally>>, Error> {
        if district.len() != self.households {
            return Err(length_error("district", district.len(), self.households));
        }
        if let Some(h) = district
            .iter()
            .zip(&self.weights)
            .position(|(d, w)| *w != 0 && usize::from(*d) >= District::ALL.len())
        {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!("district[{h}]"),
                "not an index of a district",
            ));
        }
        self.change_by(Codes::U8(district), District::ALL.len())
    }

    /// Overall and per-grouping tallies (`[grouping][reform][group]`), one pass per reform.
    fn change_by_all(
        &self,
        groupings: &[(Codes<'_>, usize)],
    ) -> (Vec<Tally>, Vec<Vec<Vec<Tally>>>) {
        let reforms = self.scenarios().saturating_sub(1);
        let mut overall = vec![Tally::default(); reforms];
        let mut by: Vec<Vec<Vec<Tally>>> = groupings
            .iter()
            .map(|(_, g)| vec![vec![Tally::default(); *g]; reforms])
            .collect();
        let Some(base) = self.annual.first() else {
            return (overall, by);
        };
        for (r, reformed) in self.annual.iter().skip(1).enumerate() {
            let Some(total) = overall.get_mut(r) else {
                continue;
            };
            let mut tables: Vec<(&Codes<'_>, &mut Vec<Tally>)> = groupings
                .iter()
                .zip(by.iter_mut())
                .filter_map(|((codes, _), per_reform)| per_reform.get_mut(r).map(|t| (codes, t)))
                .collect();
            for (h, ((w, a), b)) in self.weights.iter().zip(base).zip(reformed).enumerate() {
                if *w == 0 {
                    continue;
                }
                let d = b - a;
                let w = i128::from(*w);
                let (wa, wd) = (w * i128::from(*a), w * i128::from(d));
                total.add(w, wa, wd, d);
                for (codes, table) in tables.iter_mut() {
                    if let Some(t) = table.get_mut(codes.get(h)) {
                        t.add(w, wa, wd, d);
                    }
                }
            }
        }
        for t in overall.iter_mut().chain(by.iter_mut().flatten().flatten()) {
            t.close();
        }
        (overall, by)
    }

    /// Each household's income decile (1 = poorest … 10; 0 for a household not ranked: excluded,
    /// of weight 0, or without members), from the counted monthly income and members.
    pub fn deciles(&self, income: &[i64], members: &[u32]) -> Result<Vec<u8>, Error> {
        let n = self.households;
        if income.len() != n {
            return Err(length_error("income", income.len(), n));
        }
        if members.len() != n {
            return Err(length_error("members", members.len(), n));
        }
        Ok(
            deciles_by_buckets(income, members, &self.weights).unwrap_or_else(|| {
                deciles_in_order(&rank(income, members, &self.weights), &self.weights)
            }),
        )
    }

    /// Every summary: cost, winners / losers, by decile (from `income` and `members`) and, when
    /// `district` is given, by district; the reforms' tallies in one pass each.
    pub fn summary(
        &self,
        income: &[i64],
        members: &[u32],
        district: Option<&[u8]>,
    ) -> Result<Summary, Error> {
        self.summary_of(&self.deciles(income, members)?, district)
    }

    /// [`Aggregator::summary`] with the deciles given (as [`Aggregator::deciles`] returns them,
    /// e.g. assigned from a ranking over several partitions).
    pub fn summary_of(&self, deciles: &[u8], district: Option<&[u8]>) -> Result<Summary, Error> {
        self.summary_grouped(deciles, district, &[]).map(|(s, _)| s)
    }

    /// [`Aggregator::summary_of`] and the change by each of `groupings` (codes, number of
    /// groups: `[grouping][reform][group]`, as [`Aggregator::change_by`] gives each), all in the
    /// same one pass per reform.
    pub fn summary_grouped(
        &self,
        deciles: &[u8],
        district: Option<&[u8]>,
        groupings: &[(Codes<'_>, usize)],
    ) -> Result<(Summary, Vec<ChangeBy>), Error> {
        let n = self.households;
        if deciles.len() != n {
            return Err(length_error("deciles", deciles.len(), n));
        }
        let mut all = vec![(Codes::Decile(deciles), DECILES)];
        if let Some(district) = district {
            if district.len() != n {
                return Err(length_error("district", district.len(), n));
            }
            all.push((Codes::U8(district), District::ALL.len()));
        }
        for (g, (codes, groups)) in groupings.iter().enumerate() {
            if codes.len() != n {
                return Err(length_error(format!("groupings[{g}]"), codes.len(), n));
            }
            all.push((*codes, *groups));
        }
        let (winners_losers, mut by) = self.change_by_all(&all);
        let grouped = by.split_off(by.len().min(all.len() - groupings.len()));
        let by_district = if district.is_some() {
            by.pop().unwrap_or_default()
        } else {
            Vec::new()
        };
        let summary = Summary {
            scale: self.scale,
            cost: self.cost(),
            winners_losers,
            by_decile: by.pop().unwrap_or_default(),
            by_district,
        };
        Ok((summary, grouped))
    }
}

/// Each household's district (its index in `District::ALL`) as a group code, districts numbered
/// in the order they first appear; a `failed` household, or a code that is no district, in no
/// group ([`NO_GROUP`]). Returns the codes and the districts' wire names in code order.
pub fn district_groups(district: &[u8], failed: &[bool]) -> (Vec<u32>, Vec<&'static str>) {
    let mut number = [NO_GROUP; 256];
    let mut names: Vec<&'static str> = Vec::new();
    let codes = district
        .iter()
        .zip(failed.iter().copied().chain(std::iter::repeat(false)))
        .map(|(d, bad)| {
            let (Some(found), false) = (District::ALL.get(usize::from(*d)), bad) else {
                return NO_GROUP;
            };
            match number.get_mut(usize::from(*d)) {
                Some(c) if *c != NO_GROUP => *c,
                Some(c) => {
                    *c = u32::try_from(names.len()).unwrap_or(NO_GROUP);
                    names.push(found.as_str());
                    *c
                }
                None => NO_GROUP,
            }
        })
        .collect();
    (codes, names)
}

/// Every summary of a run's outcome (households that failed excluded; by district from the
/// run's district column).
pub fn summarise(outcome: &Outcome, weights: Option<Weights<'_>>) -> Result<Summary, Error> {
    let a = Aggregator::of_outcome(outcome, weights)?;
    a.summary(
        &outcome.facts.income,
        &outcome.facts.members,
        Some(&outcome.facts.district),
    )
}

/// The rank scale of a population whose largest household has `biggest` members:
/// lcm(1, …, biggest), if it fits in an `i64` (up to 42 members).
pub fn rank_scale(biggest: u32) -> Option<i64> {
    let mut l: i64 = 1;
    for m in 2..=i64::from(biggest.max(1)) {
        let (mut a, mut b) = (l, m);
        while b != 0 {
            (a, b) = (b, a % b);
        }
        l = l.checked_mul(m / a)?;
    }
    Some(l)
}

/// The rank key of a household: income × (scale / members), with `scale` from [`rank_scale`],
/// is income ÷ members × scale exactly (scale is a multiple of every members count), so keys
/// compare exactly as the incomes per member do, equal fractions giving equal keys. `None`
/// without members or if it overflows.
pub fn rank_key(income: i64, members: u32, scale: i64) -> Option<i64> {
    if members == 0 {
        return None;
    }
    income.checked_mul(scale / i64::from(members))
}

/// Deciles from a full ranking (`order`): decile d holds the households with
/// (d − 1) W < 10 C ≤ d W, found by walking the thresholds.
fn deciles_in_order(order: &[usize], weights: &[i64]) -> Vec<u8> {
    let mut out = vec![0_u8; weights.len()];
    let total: i128 = order
        .iter()
        .filter_map(|h| weights.get(*h))
        .map(|w| i128::from(*w))
        .sum();
    if total <= 0 {
        return out;
    }
    let mut cumulative = 0_i128;
    let mut decile = 1_u8;
    let mut threshold = total;
    for h in order {
        cumulative += weights.get(*h).map_or(0, |w| i128::from(*w));
        while 10 * cumulative > threshold && decile < 10 {
            decile += 1;
            threshold += total;
        }
        if let Some(slot) = out.get_mut(*h) {
            *slot = decile;
        }
    }
    out
}

/// ⌈10 C / W⌉ in 1–10, for 0 < C ≤ W.
fn decile_of(cumulative: i128, total: i128) -> u8 {
    u8::try_from(((10 * cumulative + total - 1) / total).clamp(1, 10)).unwrap_or(10)
}

/// Bits of the rank-key buckets of [`deciles_by_buckets`].
const BUCKET_BITS: u32 = 16;

/// Deciles without a full sort, when every rank key fits in an `i64`. Households are put in
/// 2^16 buckets of consecutive keys (the keys' top bits) and the weight of each bucket summed;
/// a bucket whose households all fall in one decile (the decile of its first possible
/// cumulative weight equals that of its last) gives it to them directly. At most nine buckets
/// hold a decile boundary: only their households are sorted (stably, by key), and their
/// cumulative weights counted from the weight of the buckets below. Every pass but those
/// sorts is sequential.
fn deciles_by_buckets(income: &[i64], members: &[u32], weights: &[i64]) -> Option<Vec<u8>> {
    let n = income.len();
    let biggest = members
        .iter()
        .zip(weights)
        .filter(|(m, w)| **w > 0 && **m > 0)
        .map(|(m, _)| *m)
        .max()
        .unwrap_or(1);
    let scale = rank_scale(biggest)?;
    // scale / m for every members count m ≤ biggest (no division per household).
    let per: Vec<i64> = (0..=i64::from(biggest))
        .map(|m| if m == 0 { 0 } else { scale / m })
        .collect();
    let mut keys = vec![0_i64; n];
    let (mut low, mut high) = (i64::MAX, i64::MIN);
    let mut total = 0_i128;
    for (((k, x), m), w) in keys.iter_mut().zip(income).zip(members).zip(weights) {
        if *w > 0 && *m > 0 {
            *k = x.checked_mul(*per.get(usize::try_from(*m).ok()?)?)?;
            low = low.min(*k);
            high = high.max(*k);
            total += i128::from(*w);
        }
    }
    let mut out = vec![0_u8; n];
    if total == 0 {
        return Some(out);
    }
    let key_bits = u64::BITS - high.abs_diff(low).leading_zeros();
    let shift = key_bits.saturating_sub(BUCKET_BITS);
    let buckets = 1_usize << (key_bits - shift);
    let bucket = |k: i64| usize::try_from(k.abs_diff(low) >> shift).unwrap_or(usize::MAX);
    let mut weight = vec![0_i128; buckets];
    for ((k, m), w) in keys.iter().zip(members).zip(weights) {
        if *w > 0 && *m > 0 {
            if let Some(b) = weight.get_mut(bucket(*k)) {
                *b += i128::from(*w);
            }
        }
    }
    // Per bucket: its decile if uniform (0 otherwise); boundary buckets get a slot.
    let mut uniform = vec![0_u8; buckets];
    let mut slot = vec![u8::MAX; buckets];
    let mut boundaries: Vec<(i128, Vec<usize>)> = Vec::new();
    let mut before = 0_i128;
    for ((h, u), s) in weight.iter().zip(uniform.iter_mut()).zip(slot.iter_mut()) {
        if *h == 0 {
            continue;
        }
        let (first, last) = (decile_of(before + 1, total), decile_of(before + h, total));
        if first == last {
            *u = first;
        } else {
            *s = u8::try_from(boundaries.len()).unwrap_or(u8::MAX);
            boundaries.push((before, Vec::new()));
        }
        before += h;
    }
    for (i, (((o, k), m), w)) in out
        .iter_mut()
        .zip(&keys)
        .zip(members)
        .zip(weights)
        .enumerate()
    {
        if *w > 0 && *m > 0 {
            let b = bucket(*k);
            match uniform.get(b) {
                Some(d) if *d != 0 => *o = *d,
                _ => {
                    let s = slot.get(b).copied().unwrap_or(u8::MAX);
                    if let Some((_, list)) = boundaries.get_mut(usize::from(s)) {
                        list.push(i);
                    }
                }
            }
        }
    }
    for (before, mut list) in boundaries {
        // Collected in input order; a stable sort by key keeps ties in input order.
        list.sort_by_key(|h| keys.get(*h).copied().unwrap_or(0));
        let mut cumulative = before;
        for h in list {
            cumulative += weights.get(h).map_or(0, |w| i128::from(*w));
            if let Some(o) = out.get_mut(h) {
                *o = decile_of(cumulative, total);
            }
        }
    }
    Some(out)
}

/// The households of positive weight with members, ranked by income ÷ members (compared by
/// cross-multiplication, exact for any members count), ties in input order.
fn rank(income: &[i64], members: &[u32], weights: &[i64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..income.len())
        .filter(|h| {
            weights.get(*h).is_some_and(|w| *w > 0) && members.get(*h).is_some_and(|m| *m > 0)
        })
        .collect();
    let fraction = |h: usize| {
        (
            i128::from(income.get(h).copied().unwrap_or(0)),
            i128::from(members.get(h).copied().unwrap_or(1)),
        )
    };
    // Stable: ties stay in input order.
    order.sort_by(|i, j| {
        let ((a, m), (b, q)) = (fraction(*i), fraction(*j));
        (a * q).cmp(&(b * m))
    });
    order
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    const E: u8 = 0; // eligible
    const N: u8 = 1; // not eligible

    /// Three households, two programmes, a baseline and a reform:
    ///
    /// | h | members | income | base p0 (status, monthly, one-off) | base p1 | reform p0 | reform p1 |
    /// |---|---------|--------|------------------------------------|---------|-----------|-----------|
    /// | 0 | 2       | 1500   | E 1118 0                           | E 130 0 | E 1300 0  | E 140 0   |
    /// | 1 | 1       | 5000   | N 0 0                              | N 0 0   | N 0 0     | N 0 0     |
    /// | 2 | 3       | 3000   | E 309 0                            | N 0 50  | E 400 0   | N 0 0     |
    ///
    /// (amounts in fen to keep the figures small).
    struct Fixture {
        status: [[Vec<u8>; 2]; 2],
        monthly: [[Vec<i64>; 2]; 2],
        one_off: [[Vec<i64>; 2]; 2],
        income: Vec<i64>,
        members: Vec<u32>,
        district: Vec<u8>,
    }

    fn fixture() -> Fixture {
        Fixture {
            status: [
                [vec![E, N, E], vec![E, N, N]],
                [vec![E, N, E], vec![E, N, N]],
            ],
            monthly: [
                [vec![1118, 0, 309], vec![130, 0, 0]],
                [vec![1300, 0, 400], vec![140, 0, 0]],
            ],
            one_off: [[vec![0, 0, 0], vec![0, 0, 50]], [vec![0; 3], vec![0; 3]]],
            income: vec![1500, 5000, 3000],
            members: vec![2, 1, 3],
            district: vec![3, 3, 0],
        }
    }

    fn aggregator(f: &Fixture, weights: Option<Weights<'_>>, excluded: &[bool]) -> Aggregator {
        let mut a = Aggregator::new(3, weights, excluded).unwrap();
        for s in 0..2 {
            a.add_scenario(&ScenarioView {
                status: f.status[s].iter().map(Vec::as_slice).collect(),
                monthly: f.monthly[s].iter().map(Vec::as_slice).collect(),
                one_off: f.one_off[s].iter().map(Vec::as_slice).collect(),
            })
            .unwrap();
        }
        a
    }

    #[test]
    fn districts_are_numbered_as_they_first_appear() {
        let (codes, names) =
            district_groups(&[5, 3, 5, 200, 0, 3], &[false, false, false, false, true]);
        assert_eq!(codes, [0, 1, 0, NO_GROUP, NO_GROUP, 1]);
        assert_eq!(
            names,
            [District::ALL[5].as_str(), District::ALL[3].as_str()]
        );
    }

    #[test]
    fn cost_and_recipients_unweighted() {
        let f = fixture();
        let cost = aggregator(&f, None, &[]).cost();
        assert_eq!(
            cost[0].programmes[0],
            Cost {
                recipients: 2,
                monthly: 1118 + 309,
                one_off: 0
            }
        );
        assert_eq!(
            cost[0].programmes[1],
            Cost {
                recipients: 1,
                monthly: 130,
                one_off: 50
            }
        );
        // Total: h0 and h2 eligible for something.
        assert_eq!(cost[0].total.recipients, 2);
        assert_eq!(cost[0].total.monthly, 1557);
        assert_eq!(cost[0].total.annual(), 12 * 1557 + 50);
        assert_eq!(cost[1].total.annual(), 12 * (1300 + 400 + 140));
    }

    #[test]
    fn parts_appended_summarise_as_the_whole() {
        let f = fixture();
        let whole = aggregator(&f, None, &[false, true, false]);
        let part = |range: std::ops::Range<usize>, excluded: &[bool]| {
            let mut a = Aggregator::new(range.len(), None, excluded).expect("an aggregator");
            for s in 0..f.status.len() {
                a.add_scenario(&ScenarioView {
                    status: f.status[s].iter().map(|c| &c[range.clone()]).collect(),
                    monthly: f.monthly[s].iter().map(|c| &c[range.clone()]).collect(),
                    one_off: f.one_off[s].iter().map(|c| &c[range.clone()]).collect(),
                })
                .expect("added");
            }
            a
        };
        let mut joined = Aggregator::new(0, None, &[]).expect("an empty aggregator");
        joined.append(part(0..1, &[false])).expect("appended");
        joined.append(part(1..3, &[true, false])).expect("appended");
        assert_eq!(joined.households(), 3);
        assert_eq!(joined.cost(), whole.cost());
        assert_eq!(joined.winners_losers(), whole.winners_losers());
        let (income, members) = ([100, 5, 70], [1, 2, 1]);
        assert_eq!(
            joined.summary(&income, &members, None).map(|s| s.by_decile),
            whole.summary(&income, &members, None).map(|s| s.by_decile)
        );
        // A part under other scenarios is refused.
        let mut other = Aggregator::new(1, None, &[]).expect("an aggregator");
        other.start_scenario();
        assert!(joined.append(other).is_err());
        assert_eq!(joined.households(), 3);
    }

    #[test]
    fn an_empty_one_off_column_pays_none() {
        let status = [ELIGIBLE, ELIGIBLE, 1];
        let monthly = [100, 250, 0];
        let sums = |one_off: &[i64]| {
            let mut a = Aggregator::new(3, None, &[]).expect("an aggregator");
            a.start_scenario();
            a.add_programme(&status, &monthly, one_off).expect("added");
            (a.cost(), a.annual.clone())
        };
        assert_eq!(sums(&[]), sums(&[0, 0, 0]));
        assert_eq!(sums(&[]).0[0].total.monthly, 350);
        let mut a = Aggregator::new(3, None, &[]).expect("an aggregator");
        a.start_scenario();
        assert!(a.add_programme(&status, &monthly, &[1]).is_err());
    }

    #[test]
    fn weighted_sums_are_exact_in_weight_units() {
        // Weights 0.5, 1.25, 2 at scale 2: units 50, 125, 200.
        let f = fixture();
        let units = [50, 125, 200];
        let a = aggregator(
            &f,
            Some(Weights {
                units: &units,
                scale: 2,
            }),
            &[],
        );
        let cost = a.cost();
        // dibao: 0.5 × 1118 + 2 × 309 = 1177 fen → 117700 at scale 2.
        assert_eq!(cost[0].programmes[0].monthly, 117_700);
        assert_eq!(cost[0].programmes[0].recipients, 250);
        assert_eq!(cost[0].programmes[1].one_off, 200 * 50);
        let (wl, _) = a.change_by_all(&[]);
        // h0: annual 12 × 1248 → 12 × 1440, change 2304; h2: 12 × 309 + 50 = 3758 → 4800,
        // change 1042; h1 unchanged.
        let t = wl[0];
        assert_eq!(t.count, 3);
        assert_eq!(t.households, 375);
        assert_eq!((t.winners, t.losers, t.unchanged()), (250, 0, 125));
        assert_eq!(t.gain, 50 * 2304 + 200 * 1042);
        assert_eq!(t.loss, 0);
        assert_eq!(t.baseline, 50 * 12 * 1248 + 200 * 3758);
        assert_eq!(t.reformed, 50 * 12 * 1440 + 200 * 4800);
        assert_eq!(t.net(), t.reformed - t.baseline);
    }

    #[test]
    fn losers_and_exclusions() {
        let mut f = fixture();
        // Under the reform h1 now loses nothing but h2 loses its one-off and p0 drops to 300.
        f.monthly[1][0][2] = 300;
        let a = aggregator(&f, None, &[false, true, false]);
        let t = a.winners_losers()[0];
        assert_eq!(t.count, 2); // h1 excluded
        assert_eq!((t.winners, t.losers), (1, 1));
        assert_eq!(t.gain, 2304);
        assert_eq!(t.loss, 12 * 300 - (12 * 309 + 50));
        // Excluded households count nowhere: not in cost either.
        assert_eq!(a.cost()[0].total.recipients, 2);
    }

    #[test]
    fn deciles_by_income_per_member_with_weights() {
        // Income per member: h0 750, h2 1000, h1 5000. Weights 2, 3, 5 (h0, h1, h2):
        // order h0 (C 2), h2 (C 7), h1 (C 10) of W 10 → deciles 2, 7, 10.
        let f = fixture();
        let units = [2, 3, 5];
        let a = aggregator(
            &f,
            Some(Weights {
                units: &units,
                scale: 0,
            }),
            &[],
        );
        assert_eq!(a.deciles(&f.income, &f.members).unwrap(), vec![2, 10, 7]);
        let s = a.summary(&f.income, &f.members, Some(&f.district)).unwrap();
        assert_eq!(s.by_decile[0][1].households, 2);
        assert_eq!(s.by_decile[0][1].gain, 2 * 2304);
        assert_eq!(s.by_decile[0][6].count, 1);
        assert_eq!(s.by_decile[0][9].winners, 0);
        assert_eq!(s.by_decile[0].iter().map(|t| t.count).sum::<u64>(), 3);
        // Districts: h0, h1 in 3 (tianhe), h2 in 0 (yuexiu).
        assert_eq!(s.by_district[0][3].households, 5);
        assert_eq!(s.by_district[0][3].net(), 2 * 2304);
        assert_eq!(s.by_district[0][0].net(), 5 * 1042);
        assert_eq!(s.by_district[0][1].count, 0);
    }

    #[test]
    fn deciles_equal_weights_hold_a_tenth_and_ties_keep_input_order() {
        let n = 20;
        let income: Vec<i64> = (0..n).map(|i| (i / 2) as i64 * 100).collect();
        let members = vec![1_u32; n];
        let a = Aggregator::new(n, None, &[]).unwrap();
        let d = a.deciles(&income, &members).unwrap();
        assert_eq!(d, (0..n).map(|i| (i / 2 + 1) as u8).collect::<Vec<_>>());
        // All tied: ranked in input order.
        let d = a.deciles(&vec![7; n], &members).unwrap();
        assert_eq!(d, (0..n).map(|i| (i / 2 + 1) as u8).collect::<Vec<_>>());
    }

    #[test]
    fn deciles_compare_fractions_exactly() {
        // 1/3 < 1/2 < 2/3 = 4/6 < 1; 1/3 vs 333/1000: 1/3 > 0.333.
        let income = vec![2, 1, 4, 1, 333, 1];
        let members = vec![3, 2, 6, 3, 1000, 1];
        let n = income.len();
        let a = Aggregator::new(n, None, &[]).unwrap();
        let order = rank(&income, &members, a.weights());
        assert_eq!(order, vec![4, 3, 1, 0, 2, 5]);
        // Households without members or of weight 0 are not ranked.
        let a = Aggregator::new(
            n,
            Some(Weights {
                units: &[1, 0, 1, 1, 1, 1],
                scale: 0,
            }),
            &[],
        )
        .unwrap();
        let d = a.deciles(&income, &[3, 2, 6, 0, 1000, 1]).unwrap();
        assert_eq!((d[1], d[3]), (0, 0));
        assert_eq!(d[4], 3); // first of 4: ⌈10/4⌉
    }

    #[test]
    fn bucketed_deciles_equal_deciles_of_the_full_ranking() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for (n, spread) in [
            (5000, 20_000_u64),
            (20_000, 1 << 40),
            (3000, 7),
            (1, 5),
            (40, 1),
        ] {
            // Incomes (some negative, many tied when the spread is small), members 0–8,
            // weights 0–3 and an occasional heavy one that straddles several deciles.
            let income: Vec<i64> = (0..n)
                .map(|_| (next() % spread) as i64 - (spread / 10) as i64)
                .collect();
            let members: Vec<u32> = (0..n).map(|_| (next() % 9) as u32).collect();
            let weights: Vec<i64> = (0..n)
                .map(|_| match next() % 50 {
                    0 => 10_000,
                    k => (k % 4) as i64,
                })
                .collect();
            let fast = deciles_by_buckets(&income, &members, &weights).unwrap();
            let slow = deciles_in_order(&rank(&income, &members, &weights), &weights);
            assert_eq!(fast, slow, "{n} households, spread {spread}");
        }
        // Keys that do not fit: no bucketed result (the caller ranks fully).
        assert!(deciles_by_buckets(&[i64::MAX, 1], &[2, 3], &[1, 1]).is_none());
        assert!(deciles_by_buckets(&[1], &[50], &[1]).is_none());
        let a = Aggregator::new(2, None, &[]).unwrap();
        assert_eq!(a.deciles(&[i64::MAX, 1], &[2, 3]).unwrap(), vec![10, 5]);
    }

    #[test]
    fn change_by_codes_and_merge() {
        let f = fixture();
        let a = aggregator(&f, None, &[]);
        let by = a.change_by(Codes::U32(&[1, NO_GROUP, 1]), 2).unwrap();
        assert_eq!(by[0][0].count, 0);
        assert_eq!(by[0][1].count, 2);
        assert_eq!(by[0][1].net(), 2304 + 1042);

        // Partitions {h0} and {h1, h2} merge to the whole (deciles aside).
        let whole = a.summary(&f.income, &f.members, Some(&f.district)).unwrap();
        let part = |range: std::ops::Range<usize>| {
            let mut p = Aggregator::new(range.len(), None, &[]).unwrap();
            for s in 0..2 {
                p.add_scenario(&ScenarioView {
                    status: f.status[s].iter().map(|c| &c[range.clone()]).collect(),
                    monthly: f.monthly[s].iter().map(|c| &c[range.clone()]).collect(),
                    one_off: f.one_off[s].iter().map(|c| &c[range.clone()]).collect(),
                })
                .unwrap();
            }
            p.summary(
                &f.income[range.clone()],
                &f.members[range.clone()],
                Some(&f.district[range]),
            )
            .unwrap()
        };
        let mut merged = part(0..1);
        merged.merge(&part(1..3)).unwrap();
        assert_eq!(merged.cost, whole.cost);
        assert_eq!(merged.winners_losers, whole.winners_losers);
        assert_eq!(merged.by_district, whole.by_district);
        let mut other_scale = part(1..3);
        other_scale.scale = 2;
        assert!(merged.merge(&other_scale).is_err());
    }

    #[test]
    fn bad_input_is_an_error() {
        assert_eq!(
            Aggregator::new(
                2,
                Some(Weights {
                    units: &[1, -1],
                    scale: 0
                }),
                &[]
            )
            .unwrap_err()
            .path,
            "weights[1]"
        );
        assert!(Aggregator::new(2, None, &[true]).is_err());
        let mut a = Aggregator::new(2, None, &[]).unwrap();
        assert!(a.add_programme(&[0, 0], &[1, 1], &[0, 0]).is_err()); // no scenario
        a.start_scenario();
        let e = a.add_programme(&[0, 0], &[1], &[0, 0]).unwrap_err();
        assert_eq!(e.path, "scenarios[0].monthly[0]");
        let e = a
            .add_programme(&[0, 0], &[i64::MAX, 0], &[0, 0])
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::OutOfRange);
        // Huge weights with large amounts: refused rather than wrapped.
        let mut a = Aggregator::new(
            2,
            Some(Weights {
                units: &[i64::MAX, i64::MAX],
                scale: 18,
            }),
            &[],
        )
        .unwrap();
        a.start_scenario();
        assert!(a.add_programme(&[0, 0], &[1 << 55, 0], &[0, 0]).is_err());
        // … but large weights with ordinary amounts are summed exactly in i128.
        a.add_programme(&[0, 0], &[100_000, 3], &[0, 0]).unwrap();
        let c = a.cost()[0].programmes[0];
        assert_eq!(c.monthly, i128::from(i64::MAX) * 100_003);
        assert_eq!(c.recipients, 2 * i128::from(i64::MAX));
    }

    #[test]
    fn dot_blocks_match_wide_sums() {
        let w: Vec<i64> = (0..1000).map(|i| (i * 7919) % 1_000_003).collect();
        let x: Vec<i64> = (0..1000)
            .map(|i| (i * 104_729) % 2_000_000_011 - 1_000_000_000)
            .collect();
        let wide: i128 = w
            .iter()
            .zip(&x)
            .map(|(a, b)| i128::from(*a) * i128::from(*b))
            .sum();
        assert_eq!(dot(&w, &x, max_abs(&w), max_abs(&x), false), wide);
        // The 32-bit path (non-negative), and 0/1 weights.
        let y: Vec<i64> = x.iter().map(|v| v.abs()).collect();
        let wide: i128 = w
            .iter()
            .zip(&y)
            .map(|(a, b)| i128::from(*a) * i128::from(*b))
            .sum();
        assert_eq!(dot(&w, &y, max_abs(&w), max_abs(&y), true), wide);
        let bits: Vec<i64> = w.iter().map(|v| v % 2).collect();
        let wide: i128 = bits
            .iter()
            .zip(&x)
            .map(|(a, b)| i128::from(*a) * i128::from(*b))
            .sum();
        assert_eq!(dot(&bits, &x, 1, max_abs(&x), false), wide);
    }

    #[test]
    fn summarise_an_outcome() {
        let f = fixture();
        let mut outcome = Outcome {
            households: 3,
            facts: super::super::HouseholdColumns {
                members: f.members.clone(),
                district: f.district.clone(),
                income: f.income.clone(),
            },
            scenarios: Vec::new(),
            errors: vec![(1, Error::new(ErrorCode::InvalidValue, "x", "bad"))],
        };
        for s in 0..2 {
            outcome.scenarios.push(ScenarioColumns {
                status: f.status[s].to_vec(),
                reason: vec![vec![0; 3]; 2],
                monthly: f.monthly[s].to_vec(),
                one_off: f.one_off[s].to_vec(),
                has_one_off: vec![vec![false; 3]; 2],
                ..ScenarioColumns::default()
            });
        }
        let s = summarise(&outcome, None).unwrap();
        assert_eq!(s.winners_losers[0].households, 2);
        // Ranked: h0 (750), h2 (1000): deciles 5 and 10.
        assert_eq!(s.by_decile[0][4].count, 1);
        assert_eq!(s.by_decile[0][9].count, 1);
        assert_eq!(s.by_district[0][3].count, 1);
    }

    /// This thread's CPU time (Linux), which a shared machine inflates less than wall time.
    fn thread_cpu() -> Option<std::time::Duration> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let ns = text.split_whitespace().next()?.parse().ok()?;
        Some(std::time::Duration::from_nanos(ns))
    }

    /// 10^6 households × 2 scenarios × 13 programmes, summarised (run with
    /// `cargo test --release -p minzheng aggregate::tests::timing -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn timing() {
        let n = 1_000_000;
        let width = super::super::WIDTH;
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let income: Vec<i64> = (0..n).map(|_| (next() % 1_000_000) as i64).collect();
        let members: Vec<u32> = (0..n).map(|_| (next() % 6 + 1) as u32).collect();
        let district: Vec<u8> = (0..n).map(|_| (next() % 11) as u8).collect();
        let units: Vec<i64> = (0..n).map(|_| (next() % 200_000 + 1) as i64).collect();
        // Dense (every programme column filled with non-zero amounts, the worst case) and as
        // the engine fills them today (dibao and its marginal status assessed, about 5% of
        // households paid; the other programmes not assessed, zero).
        let mut dense = |s: i64| ScenarioColumns {
            status: (0..width)
                .map(|_| (0..n).map(|_| (next() % 4) as u8).collect())
                .collect(),
            reason: Vec::new(),
            monthly: (0..width)
                .map(|_| (0..n).map(|_| (next() % 200_000) as i64 + s).collect())
                .collect(),
            one_off: (0..width)
                .map(|_| (0..n).map(|_| (next() % 50_000) as i64).collect())
                .collect(),
            has_one_off: Vec::new(),
            ..ScenarioColumns::default()
        };
        let dense: Vec<ScenarioColumns> = (0..2).map(&mut dense).collect();
        let mut y: u64 = 0x1234_5678_9ABC_DEF1;
        let mut today = |s: i64| {
            let mut c = ScenarioColumns::new(n);
            for h in 0..n {
                y ^= y << 13;
                y ^= y >> 7;
                y ^= y << 17;
                if y % 20 == 0 {
                    c.status[0][h] = 0;
                    c.monthly[0][h] = (y >> 8) as i64 % 130_000 + s * 9_100;
                } else {
                    c.status[0][h] = 1;
                }
                c.status[1][h] = if y % 20 == 1 { 0 } else { 1 };
            }
            c
        };
        let today: Vec<ScenarioColumns> = (0..2).map(&mut today).collect();
        // The machine may be shared: the best of five runs of each part.
        for ((label, scenarios), weighted) in [("dense", &dense), ("as today", &today)]
            .into_iter()
            .flat_map(|c| [(c, false), (c, true)])
        {
            let weights = weighted.then_some(Weights {
                units: &units,
                scale: 4,
            });
            let mut best = [std::time::Duration::MAX; 4];
            let mut best_cpu = std::time::Duration::MAX;
            let mut net = 0;
            for _ in 0..5 {
                let cpu = thread_cpu();
                let start = std::time::Instant::now();
                let mut a = Aggregator::new(n, weights, &[]).unwrap();
                for s in scenarios {
                    a.add_scenario(&ScenarioView::of(s)).unwrap();
                }
                let fed = start.elapsed();
                let t = std::time::Instant::now();
                let summary = a.summary(&income, &members, Some(&district)).unwrap();
                let summarised = t.elapsed();
                if let (Some(a), Some(b)) = (cpu, thread_cpu()) {
                    best_cpu = best_cpu.min(b - a);
                }
                let t = std::time::Instant::now();
                let d = a.deciles(&income, &members).unwrap();
                let ranked = t.elapsed();
                net = summary.winners_losers[0].net() + i128::from(d[0]);
                for (b, x) in best
                    .iter_mut()
                    .zip([fed + summarised, fed, summarised, ranked])
                {
                    *b = (*b).min(x);
                }
            }
            println!(
                "10^6 households × 2 scenarios × {width} programmes ({label}), weighted {weighted}: total {:?} = columns {:?} + summary {:?} (of which \
                 deciles {:?}); thread CPU time of the total {:?} [{net}]",
                best[0], best[1], best[2], best[3], best_cpu
            );
        }
    }
}
