//! Populations as columns: every household of a population through the rule kernels, under any
//! number of scenarios, into preallocated columns of exact amounts.
//!
//! This is the analysts' engine. It runs the same kernels as the explained calculation
//! ([`crate::engine`]): parameters are resolved once per scenario for every district and area
//! ([`RateTable`]); each household's facts are gathered once (from Arrow columns,
//! [`arrow`](self) with the `arrow` feature, or from decoded requests, [`requests`]) into a
//! buffer reused for the whole run, and every scenario's kernels run on them; only the verdicts
//! are kept, programme-major (`monthly[p][h]`), so each programme's amounts are one contiguous
//! column that can be handed to Arrow as is, with each household's totals summed as they are
//! written. A scenario after the first decides again only the programmes whose parameters
//! differ from the first scenario's in the household's district and area
//! ([`Selection::touched_by`]); the others keep the first scenario's verdicts. Households are
//! split into contiguous chunks, one per thread; nothing is shared but read-only inputs.
//!
//! A household that cannot be calculated (a bad value, a parameter not in force) gets an error
//! with a stable code and the path of the value in the caller's tables
//! (`persons[12].income.wages`); its cells stay `not_assessed` and zero, and every other
//! household is calculated ([`Outcome::errors`]).

pub mod aggregate;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod requests;

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::engine::facts::{Common, HouseholdFacts, PersonFacts};
use crate::engine::rates::RateTable;
use crate::engine::selection::{Selection, decide_selected};
use crate::engine::{self, MemberState, PROGRAMMES, Verdict};
use crate::error::Error;
use crate::wire::{Eligibility, Programme};

/// Number of household programmes (columns per scenario).
pub const WIDTH: usize = PROGRAMMES.len();

/// A source of households: anything that can write one household's facts.
pub trait Households: Sync {
    /// Number of households.
    fn len(&self) -> usize;

    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Clears `members` and fills it with household `index`'s members; returns the household's
    /// own facts (its `members` field is ignored: the caller points it at `members`). A bad value
    /// is an error naming its place in the caller's input.
    fn gather(
        &self,
        index: usize,
        members: &mut Vec<PersonFacts>,
    ) -> Result<HouseholdFacts<'static>, Error>;

    /// Fills `block` with the facts of the households of `range`, in order: what a run reads.
    /// Each household's entry must be what [`Households::gather`] gives for it (the same facts,
    /// or the same first error). The default gathers them one by one; a columnar source reads
    /// a column at a time instead.
    fn gather_block(&self, range: Range<usize>, block: &mut Block) {
        gather_each(self, range, block);
    }
}

/// Fills `block` with the households of `range` gathered one by one ([`Households::gather`]):
/// the default [`Households::gather_block`], for sources that read a household at a time.
pub fn gather_each<H: Households + ?Sized>(households: &H, range: Range<usize>, block: &mut Block) {
    block.clear();
    let mut members = Vec::new();
    for index in range {
        let entry = households.gather(index, &mut members).map(|base| {
            let start = block.persons.len();
            block.persons.extend_from_slice(&members);
            (base, start..block.persons.len())
        });
        block.households.push(entry);
    }
}

/// The facts of consecutive households, gathered together ([`Households::gather_block`]).
#[derive(Debug, Default)]
pub struct Block {
    /// Every member of the block's households, household after household.
    pub persons: Vec<PersonFacts>,
    /// Per household: its own facts (`members` empty) and its members' range in `persons`, or
    /// the first error of its values.
    pub households: Vec<Result<(HouseholdFacts<'static>, Range<usize>), Error>>,
}

impl Block {
    /// Empties the block, keeping its buffers.
    pub fn clear(&mut self) {
        self.persons.clear();
        self.households.clear();
    }
}

/// Households gathered per [`Block`] by a run: small enough for the block's facts to stay in
/// cache, large enough for a column's loop to pay.
pub const BLOCK: usize = 512;

/// Status codes of the status columns (`u8`), in this order.
pub const STATUSES: [Eligibility; 4] = [
    Eligibility::Eligible,
    Eligibility::NotEligible,
    Eligibility::Undetermined,
    Eligibility::NotAssessed,
];

/// The `u8` code of a status.
pub const fn status_code(status: Eligibility) -> u8 {
    match status {
        Eligibility::Eligible => 0,
        Eligibility::NotEligible => 1,
        Eligibility::Undetermined => 2,
        Eligibility::NotAssessed => 3,
    }
}

/// Whether each programme (in [`PROGRAMMES`] order) can pay a one-off amount: 低保补发 (the
/// back payment of a raised standard) and 长寿保健金 (the lump sum at 100). Only these have
/// one-off columns; the differential test (`core/tests/columnar.rs`) checks every other
/// programme's explained result pays none.
// Evaluated when compiling: an index out of range fails the build, it cannot panic.
#[allow(clippy::indexing_slicing)]
pub const ONE_OFF: [bool; WIDTH] = {
    let mut one_off = [false; WIDTH];
    let mut p = 0;
    while p < WIDTH {
        one_off[p] = matches!(
            PROGRAMMES[p],
            Programme::DibaoBackPay | Programme::LongevityAllowance
        );
        p += 1;
    }
    one_off
};

/// The columns of one scenario: per programme (in [`PROGRAMMES`] order), one value per household.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScenarioColumns {
    /// Status codes ([`status_code`]).
    pub status: Vec<Vec<u8>>,
    /// Reason codes: [`reasons::index`](crate::engine::reasons::index) (the position in the
    /// catalogue plus one), 0 for none.
    pub reason: Vec<Vec<u8>>,
    /// Monthly amounts, whole fen.
    pub monthly: Vec<Vec<i64>>,
    /// One-off amounts, whole fen (0 where none is paid), for the programmes of [`ONE_OFF`];
    /// empty for the others (they pay none).
    pub one_off: Vec<Vec<i64>>,
    /// Whether a one-off amount is paid; empty as `one_off` is.
    pub has_one_off: Vec<Vec<bool>>,
    /// Per household, the monthly amounts of every programme added up, whole fen, summed while
    /// the run holds the household's verdicts (no second pass over the programmes' columns).
    /// A sum beyond `i64` is held as [`TOTAL_OVERFLOW`] (`i64::MAX`, or `i64::MIN` below).
    pub monthly_total: Vec<i64>,
    /// Per household, the one-off amounts added up, whole fen (as `monthly_total`).
    pub one_off_total: Vec<i64>,
    /// Per programme, whether its monthly or one-off column may hold a non-zero amount: false
    /// only while every amount of both is zero. A run sets it for each programme it pays
    /// something to, so the summaries skip the columns of programmes nobody received (their
    /// pages were never written: reading them would only fault in zeros). Whoever writes a
    /// non-zero amount into a column by other means sets it too.
    pub paid: Vec<bool>,
}

/// A household total that does not fit `i64` (its sum saturates there): `i64::MAX`, and
/// `i64::MIN` below. No amount the kernels compute comes near it; a reader that needs the total
/// exactly treats either value as an overflow ([`ScenarioColumns::totals_fit`]).
pub const TOTAL_OVERFLOW: i64 = i64::MAX;

impl ScenarioColumns {
    /// `households` households, every cell not assessed.
    ///
    /// The zero-filled columns (reasons, amounts, one-off flags) are allocated zeroed
    /// (`vec![0; n]`, which the allocator takes from fresh pages) rather than written: a page
    /// of a column becomes resident only when a run writes a block with a non-zero cell into
    /// it (a run does not write a block of zeros), so the columns of rarely paid programmes
    /// (长寿保健金, 低保补发, 孤儿基本生活费 …) cost little memory and few page faults.
    pub fn new(households: usize) -> ScenarioColumns {
        let zeroed = |wanted: bool| if wanted { households } else { 0 };
        let missing = status_code(Eligibility::NotAssessed);
        ScenarioColumns {
            status: (0..WIDTH).map(|_| vec![missing; households]).collect(),
            reason: (0..WIDTH).map(|_| vec![0; households]).collect(),
            monthly: (0..WIDTH).map(|_| vec![0; households]).collect(),
            one_off: ONE_OFF.iter().map(|o| vec![0; zeroed(*o)]).collect(),
            has_one_off: ONE_OFF.iter().map(|o| vec![false; zeroed(*o)]).collect(),
            monthly_total: vec![0; households],
            one_off_total: vec![0; households],
            paid: vec![false; WIDTH],
        }
    }

    /// Grows (or shrinks) every column to `households`, new cells not assessed.
    pub fn resize(&mut self, households: usize) {
        let missing = status_code(Eligibility::NotAssessed);
        for p in 0..WIDTH {
            let one_off = ONE_OFF.get(p).copied().unwrap_or(false);
            let n = if one_off { households } else { 0 };
            if let Some(c) = self.status.get_mut(p) {
                c.resize(households, missing);
            }
            if let Some(c) = self.reason.get_mut(p) {
                c.resize(households, 0);
            }
            if let Some(c) = self.monthly.get_mut(p) {
                c.resize(households, 0);
            }
            if let Some(c) = self.one_off.get_mut(p) {
                c.resize(n, 0);
            }
            if let Some(c) = self.has_one_off.get_mut(p) {
                c.resize(n, false);
            }
        }
        self.monthly_total.resize(households, 0);
        self.one_off_total.resize(households, 0);
    }

    /// Whether every household's totals fit `i64` (none saturated at [`TOTAL_OVERFLOW`]).
    pub fn totals_fit(&self) -> bool {
        let fits = |c: &[i64]| {
            c.iter()
                .fold(true, |ok, v| ok & (*v != i64::MAX) & (*v != i64::MIN))
        };
        fits(&self.monthly_total) && fits(&self.one_off_total)
    }

    /// Household `h`'s monthly total over every programme, fen.
    pub fn monthly_total(&self, h: usize) -> i64 {
        self.monthly_total.get(h).copied().unwrap_or(0)
    }

    /// Household `h`'s one-off total, fen.
    pub fn one_off_total(&self, h: usize) -> i64 {
        self.one_off_total.get(h).copied().unwrap_or(0)
    }
}

/// What every household has whatever the scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HouseholdColumns {
    /// Members.
    pub members: Vec<u32>,
    /// District, as its index in [`crate::region::District::ALL`].
    pub district: Vec<u8>,
    /// Monthly income as the dibao rules count it (before any benefit), whole fen.
    pub income: Vec<i64>,
}

/// The outcome of a run.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Households.
    pub households: usize,
    /// Per-household columns that do not depend on the scenario.
    pub facts: HouseholdColumns,
    /// One set of columns per scenario, in the order given.
    pub scenarios: Vec<ScenarioColumns>,
    /// Households that could not be calculated, by index, with the first error.
    pub errors: Vec<(usize, Error)>,
}

impl Outcome {
    /// `households` households under `scenarios` scenarios, every cell not assessed: the
    /// columns [`run_into`] fills.
    pub fn new(households: usize, scenarios: usize) -> Outcome {
        Outcome {
            households,
            facts: HouseholdColumns {
                members: vec![0; households],
                district: vec![0; households],
                income: vec![0; households],
            },
            scenarios: (0..scenarios)
                .map(|_| ScenarioColumns::new(households))
                .collect(),
            errors: Vec::new(),
        }
    }

    /// Household `h`'s cells as for a household the run could not calculate: every programme
    /// not assessed, amounts and totals zero, no members, district and income zero (for a
    /// household found bad after the run; the caller records its error).
    pub fn clear(&mut self, h: usize) {
        fn set<T: Copy>(column: &mut [T], h: usize, value: T) {
            if let Some(cell) = column.get_mut(h) {
                *cell = value;
            }
        }
        let missing = status_code(Eligibility::NotAssessed);
        for s in &mut self.scenarios {
            s.status.iter_mut().for_each(|c| set(c, h, missing));
            s.reason.iter_mut().for_each(|c| set(c, h, 0));
            s.monthly.iter_mut().for_each(|c| set(c, h, 0));
            s.one_off.iter_mut().for_each(|c| set(c, h, 0));
            s.has_one_off.iter_mut().for_each(|c| set(c, h, false));
            set(&mut s.monthly_total, h, 0);
            set(&mut s.one_off_total, h, 0);
        }
        set(&mut self.facts.members, h, 0);
        set(&mut self.facts.district, h, 0);
        set(&mut self.facts.income, h, 0);
    }

    /// Writes household `k` of `part` (a run of some of this outcome's households, under the
    /// same scenarios) at household `at[k]` of this one, every column and the totals, and takes
    /// its errors (renumbered the same way) and what it paid ([`ScenarioColumns::paid`]). A
    /// position past the end is skipped.
    pub fn scatter(&mut self, part: Outcome, at: &[usize]) {
        fn put<T: Copy>(dst: &mut [T], src: &[T], at: &[usize]) {
            for (v, i) in src.iter().zip(at) {
                if let Some(d) = dst.get_mut(*i) {
                    *d = *v;
                }
            }
        }
        fn each<T: Copy>(dst: &mut [Vec<T>], src: &[Vec<T>], at: &[usize]) {
            for (d, s) in dst.iter_mut().zip(src) {
                put(d, s, at);
            }
        }
        put(&mut self.facts.members, &part.facts.members, at);
        put(&mut self.facts.district, &part.facts.district, at);
        put(&mut self.facts.income, &part.facts.income, at);
        for (dst, src) in self.scenarios.iter_mut().zip(&part.scenarios) {
            each(&mut dst.status, &src.status, at);
            each(&mut dst.reason, &src.reason, at);
            each(&mut dst.monthly, &src.monthly, at);
            each(&mut dst.one_off, &src.one_off, at);
            each(&mut dst.has_one_off, &src.has_one_off, at);
            put(&mut dst.monthly_total, &src.monthly_total, at);
            put(&mut dst.one_off_total, &src.one_off_total, at);
            // What the part paid, the whole now holds (a flag the part lacks: maybe paid).
            dst.paid.resize(WIDTH, true);
            for (p, d) in dst.paid.iter_mut().enumerate() {
                *d |= src.paid.get(p).copied().unwrap_or(true);
            }
        }
        self.errors.extend(
            part.errors
                .into_iter()
                .map(|(i, e)| (at.get(i).copied().unwrap_or(i), e)),
        );
    }

    /// Grows every column to `households` (new cells not assessed), for a run that appends
    /// batch after batch.
    pub fn resize(&mut self, households: usize) {
        self.households = households;
        self.facts.members.resize(households, 0);
        self.facts.district.resize(households, 0);
        self.facts.income.resize(households, 0);
        for s in &mut self.scenarios {
            s.resize(households);
        }
    }
}

/// Options of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Worker threads; 0 means one per available core (always 1 on `wasm32`).
    pub threads: usize,
    /// The programmes decided (every household programme by default): the others' cells stay
    /// `not_assessed` and zero, and only the kernels of these and of what they rest on run
    /// ([`engine::selection`]).
    pub programmes: Selection,
}

/// The per-thread output: mutable windows of every column for one chunk of households.
struct Window<'o> {
    status: Vec<&'o mut [u8]>,
    reason: Vec<&'o mut [u8]>,
    monthly: Vec<&'o mut [i64]>,
    one_off: Vec<&'o mut [i64]>,
    has_one_off: Vec<&'o mut [bool]>,
    monthly_total: &'o mut [i64],
    one_off_total: &'o mut [i64],
}

/// One thread's work: its households, its scenario windows, its household-column windows.
type Job<'o> = (Range<usize>, Vec<Window<'o>>, FactsWindow<'o>);

/// The household columns' windows of one chunk: members, district, income.
type FactsWindow<'o> = (&'o mut [u32], &'o mut [u8], &'o mut [i64]);

/// The cells `at..` of a column (none for an empty column).
fn tail<T>(column: &mut [T], at: usize) -> &mut [T] {
    column.get_mut(at..).unwrap_or(&mut [])
}

/// Splits each column, from cell `at`, into the chunks of `ranges`; returns one list of windows
/// per chunk.
fn split<'o, T>(
    columns: &'o mut [Vec<T>],
    at: usize,
    ranges: &[Range<usize>],
) -> Vec<Vec<&'o mut [T]>> {
    let mut per_chunk: Vec<Vec<&'o mut [T]>> = ranges.iter().map(|_| Vec::new()).collect();
    for column in columns.iter_mut() {
        let mut rest: &'o mut [T] = tail(column, at);
        for (chunk, range) in per_chunk.iter_mut().zip(ranges) {
            let (head, tail) = rest.split_at_mut(range.len().min(rest.len()));
            chunk.push(head);
            rest = tail;
        }
    }
    per_chunk
}

fn split_one<'o, T>(column: &'o mut [T], ranges: &[Range<usize>]) -> Vec<&'o mut [T]> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut rest = column;
    for range in ranges {
        let (head, tail) = rest.split_at_mut(range.len().min(rest.len()));
        out.push(head);
        rest = tail;
    }
    out
}

/// Contiguous chunks of `n` items for `threads` threads.
fn chunks(n: usize, threads: usize) -> Vec<Range<usize>> {
    let threads = threads.clamp(1, n.max(1));
    let per = n.div_ceil(threads).max(1);
    (0..threads)
        .map(|k| (k * per).min(n)..((k + 1) * per).min(n))
        .collect()
}

/// Runs every household of `households` under every scenario of `scenarios` (each a
/// [`RateTable`] for the run's date), with the request-level inputs `common`.
pub fn run<H: Households + ?Sized>(
    households: &H,
    scenarios: &[&RateTable<'_>],
    common: Common,
    options: Options,
) -> Result<Outcome, Error> {
    let mut out = Outcome::new(households.len(), scenarios.len());
    run_into(households, scenarios, common, options, &mut out, 0)?;
    Ok(out)
}

/// Runs every household of `households` as [`run`] does, writing household `i`'s cells at
/// household `at + i` of `out` (made by [`Outcome::new`] or grown by [`Outcome::resize`] to
/// hold them) and appending its errors with that index: a long run in parts, each written in
/// place, nothing copied. The cells written must be fresh (not assessed and zero, as `new` and
/// `resize` make them): a zero amount is not written over them.
pub fn run_into<H: Households + ?Sized>(
    households: &H,
    scenarios: &[&RateTable<'_>],
    common: Common,
    options: Options,
    out: &mut Outcome,
    at: usize,
) -> Result<(), Error> {
    let n = households.len();
    if out.scenarios.len() != scenarios.len() || at.saturating_add(n) > out.households {
        return Err(Error::new(
            crate::ErrorCode::InvalidValue,
            "",
            format!(
                "the outcome holds {} households under {} scenarios; households {at}..{} under {} do not fit",
                out.households,
                out.scenarios.len(),
                at.saturating_add(n),
                scenarios.len()
            ),
        ));
    }
    let ranges = chunks(n, crate::batch::thread_count(options.threads));
    // Windows: [chunk][scenario] for the scenario columns, [chunk] for the household columns.
    let mut windows: Vec<Vec<Window<'_>>> = ranges.iter().map(|_| Vec::new()).collect();
    let mut members = split_one(tail(&mut out.facts.members, at), &ranges).into_iter();
    let mut district = split_one(tail(&mut out.facts.district, at), &ranges).into_iter();
    let mut income = split_one(tail(&mut out.facts.income, at), &ranges).into_iter();
    let mut facts_windows = Vec::with_capacity(ranges.len());
    for _ in &ranges {
        facts_windows.push((
            members.next().unwrap_or_default(),
            district.next().unwrap_or_default(),
            income.next().unwrap_or_default(),
        ));
    }
    for columns in out.scenarios.iter_mut() {
        let status = split(&mut columns.status, at, &ranges);
        let reason = split(&mut columns.reason, at, &ranges);
        let monthly = split(&mut columns.monthly, at, &ranges);
        let one_off = split(&mut columns.one_off, at, &ranges);
        let has_one_off = split(&mut columns.has_one_off, at, &ranges);
        let mut monthly_total =
            split_one(tail(&mut columns.monthly_total, at), &ranges).into_iter();
        let mut one_off_total =
            split_one(tail(&mut columns.one_off_total, at), &ranges).into_iter();
        for (k, ((((s, r), m), o), h)) in status
            .into_iter()
            .zip(reason)
            .zip(monthly)
            .zip(one_off)
            .zip(has_one_off)
            .enumerate()
        {
            if let Some(list) = windows.get_mut(k) {
                list.push(Window {
                    status: s,
                    reason: r,
                    monthly: m,
                    one_off: o,
                    has_one_off: h,
                    monthly_total: monthly_total.next().unwrap_or_default(),
                    one_off_total: one_off_total.next().unwrap_or_default(),
                });
            }
        }
    }
    let jobs: Vec<Job<'_>> = ranges
        .iter()
        .cloned()
        .zip(windows)
        .zip(facts_windows)
        .map(|((r, w), f)| (r, w, f))
        .collect();
    let programmes = options.programmes;
    let decided = decided_per_place(scenarios, programmes);
    let decided = &decided;
    // Per scenario and programme, whether any thread wrote a non-zero amount.
    let paid: Vec<Vec<AtomicBool>> = scenarios
        .iter()
        .map(|_| (0..WIDTH).map(|_| AtomicBool::new(false)).collect())
        .collect();
    let paid = &paid;
    let work = move |(range, w, f): Job<'_>| {
        let run = Run {
            scenarios,
            common,
            programmes,
            decided,
            paid,
        };
        fill(households, &run, range, w, f)
    };
    let errors = if jobs.len() <= 1 || cfg!(target_arch = "wasm32") {
        jobs.into_iter().map(work).collect::<Vec<_>>()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .into_iter()
                .map(|job| std::thread::Builder::new().spawn_scoped(scope, move || work(job)))
                .collect();
            handles
                .into_iter()
                .map(|h| match h {
                    Ok(h) => h.join().unwrap_or_else(|_| {
                        vec![(
                            0,
                            Error::new(
                                crate::ErrorCode::Internal,
                                "",
                                "a worker thread stopped unexpectedly",
                            ),
                        )]
                    }),
                    Err(e) => vec![(
                        0,
                        Error::new(
                            crate::ErrorCode::Internal,
                            "",
                            format!("a worker thread could not be started: {e}"),
                        ),
                    )],
                })
                .collect()
        })
    };
    let mut errors: Vec<(usize, Error)> = errors
        .into_iter()
        .flatten()
        .map(|(i, e)| (at + i, e))
        .collect();
    errors.sort_by_key(|(i, _)| *i);
    out.errors.extend(errors);
    for (columns, written) in out.scenarios.iter_mut().zip(paid) {
        columns.paid.resize(WIDTH, true);
        for (flag, written) in columns.paid.iter_mut().zip(written) {
            *flag |= written.load(Ordering::Relaxed);
        }
    }
    Ok(())
}

/// Every programme not assessed, no amount: a household's verdicts before (or without) a run.
const UNASSESSED: [Verdict; WIDTH] = [Verdict::of(Eligibility::NotAssessed, None); WIDTH];

/// Per scenario after the first, per place of its rate table ([`RateTable::index`]): the
/// programmes of `programmes` the scenario decides again, those whose parameters (or those of
/// what they rest on) differ from the first scenario's there ([`Selection::touched_by`]). The
/// others keep the first scenario's verdicts: their kernels would read the same facts and the
/// same values and decide the same. Empty for the first scenario.
fn decided_per_place(scenarios: &[&RateTable<'_>], programmes: Selection) -> Vec<Vec<Selection>> {
    let Some(base) = scenarios.first() else {
        return Vec::new();
    };
    scenarios
        .iter()
        .enumerate()
        .map(|(s, table)| {
            if s == 0 {
                return Vec::new();
            }
            base.differing(table)
                .into_iter()
                .map(|changed| programmes.touched_by(changed))
                .collect()
        })
        .collect()
}

/// What every household of a run is decided under.
struct Run<'r, 'p> {
    scenarios: &'r [&'r RateTable<'p>],
    common: Common,
    /// The programmes decided.
    programmes: Selection,
    /// [`decided_per_place`].
    decided: &'r [Vec<Selection>],
    /// Per scenario and programme: a non-zero amount was written ([`ScenarioColumns::paid`]).
    paid: &'r [Vec<AtomicBool>],
}

/// Calculates the households of `range` into their windows; returns the households that failed.
///
/// A block's verdicts are kept per scenario, household after household, and written out after
/// the block a column at a time ([`flush`]).
fn fill<H: Households + ?Sized>(
    households: &H,
    run: &Run<'_, '_>,
    range: Range<usize>,
    mut windows: Vec<Window<'_>>,
    facts: FactsWindow<'_>,
) -> Vec<(usize, Error)> {
    let (members_out, district_out, income_out) = facts;
    let mut errors = Vec::new();
    let mut block = Block::default();
    let mut state: Vec<MemberState> = Vec::with_capacity(16);
    // Per scenario, a block's verdicts. A programme not selected is never written, so it stays
    // not assessed; every other entry is written for each household (not assessed where the
    // household is not calculated), so nothing of an earlier block is left.
    let Run {
        scenarios,
        common,
        programmes,
        decided,
        paid,
    } = *run;
    let mut verdicts: Vec<Vec<[Verdict; WIDTH]>> =
        scenarios.iter().map(|_| vec![UNASSESSED; BLOCK]).collect();
    let mut start = range.start;
    while start < range.end {
        let end = range.end.min(start + BLOCK);
        households.gather_block(start..end, &mut block);
        for (k, entry) in block.households.iter().enumerate() {
            let index = start + k;
            let offset = index - range.start;
            let (base, members) = match entry {
                Ok((base, members)) => (base, block.persons.get(members.clone()).unwrap_or(&[])),
                Err(e) => {
                    for cell in verdicts.iter_mut().filter_map(|list| list.get_mut(k)) {
                        *cell = UNASSESSED;
                    }
                    errors.push((index, e.clone()));
                    continue;
                }
            };
            let hh = HouseholdFacts {
                members,
                common,
                ..*base
            };
            if let Some(m) = members_out.get_mut(offset) {
                *m = u32::try_from(members.len()).unwrap_or(u32::MAX);
            }
            if let Some(d) = district_out.get_mut(offset) {
                *d = hh.district as u8;
            }
            if let Some(i) = income_out.get_mut(offset) {
                *i = members
                    .iter()
                    .map(|p| crate::programmes::income::counted_fen(&p.income).counted)
                    .sum();
            }
            let mut failed = false;
            let place = RateTable::index(hh.district, hh.area);
            for (s, table) in scenarios.iter().enumerate() {
                let (first, later) = verdicts.split_at_mut(s);
                let Some(cell) = later.first_mut().and_then(|list| list.get_mut(k)) else {
                    continue;
                };
                let rates = match table.get(hh.district, hh.area) {
                    Some(rates) if !failed => rates,
                    // After a scenario fails, the household's later scenarios are not run.
                    _ => {
                        *cell = UNASSESSED;
                        continue;
                    }
                };
                let base = first.first().and_then(|list| list.get(k));
                let again = match (base, decided.get(s).and_then(|d| d.get(place))) {
                    (Some(_), Some(again)) => *again,
                    _ => programmes,
                };
                if !again.is_empty() {
                    engine::members_state(&mut state, members.len());
                    if let Err(key) = decide_selected(rates, &hh, &mut state, again, cell) {
                        // Nothing of a scenario that failed is kept.
                        *cell = UNASSESSED;
                        errors.push((index, rates.error(key)));
                        failed = true;
                        continue;
                    }
                }
                // What the scenario's parameters leave as they were: the first scenario's
                // verdicts.
                if let Some(base) = base {
                    let kept = programmes.without(again);
                    for ((v, b), p) in cell.iter_mut().zip(base).zip(0..) {
                        if kept.contains_index(p) {
                            *v = *b;
                        }
                    }
                }
            }
        }
        let (at, len) = (start - range.start, block.households.len());
        for ((window, list), paid) in windows.iter_mut().zip(&verdicts).zip(paid) {
            flush(window, at, list.get(..len).unwrap_or(list), paid);
        }
        start = end;
    }
    errors
}

/// The cells `at..at + n` of `column` (fewer at its end).
fn cells<T>(column: &mut [T], at: usize, n: usize) -> &mut [T] {
    let end = column.len().min(at.saturating_add(n));
    column.get_mut(at.min(end)..end).unwrap_or(&mut [])
}

/// Writes `value` of each verdict of `verdicts` into `column` from cell `at`, unless every one
/// is zero: the cells a run writes are fresh, not assessed and zero ([`Outcome::new`],
/// [`Outcome::resize`]), so a block of zeros is left unwritten and the page of a zeroed column
/// it lies in stays untouched (see [`ScenarioColumns::new`]). Returns whether it wrote.
#[inline]
fn put<T: Copy + Default + PartialEq>(
    column: &mut [T],
    at: usize,
    verdicts: &[[Verdict; WIDTH]],
    value: impl Fn(&[Verdict; WIDTH]) -> T,
) -> bool {
    if verdicts.iter().all(|v| value(v) == T::default()) {
        return false;
    }
    for (cell, v) in cells(column, at, verdicts.len()).iter_mut().zip(verdicts) {
        *cell = value(v);
    }
    true
}

/// Writes a block's verdicts (household after household, from household `at` of the window)
/// into the window's columns, a column at a time.
fn flush(w: &mut Window<'_>, at: usize, verdicts: &[[Verdict; WIDTH]], paid: &[AtomicBool]) {
    let at_p = |p: usize| move |v: &[Verdict; WIDTH]| v.get(p).copied().unwrap_or(UNASSESSED[0]);
    for p in 0..WIDTH {
        let verdict = at_p(p);
        if let Some(c) = w.status.get_mut(p) {
            let cells = cells(c, at, verdicts.len());
            for (cell, v) in cells.iter_mut().zip(verdicts) {
                *cell = status_code(verdict(v).status);
            }
        }
        if let Some(c) = w.reason.get_mut(p) {
            put(c, at, verdicts, |v| {
                engine::reasons::index(verdict(v).reason)
            });
        }
        let mut wrote = false;
        if let Some(c) = w.monthly.get_mut(p) {
            wrote |= put(c, at, verdicts, |v| verdict(v).monthly);
        }
        debug_assert!(
            ONE_OFF.get(p).copied().unwrap_or(false)
                || verdicts.iter().all(|v| verdict(v).one_off.is_none()),
            "programme {p} paid a one-off amount but has no one-off column"
        );
        if let Some(c) = w.one_off.get_mut(p) {
            wrote |= put(c, at, verdicts, |v| verdict(v).one_off.unwrap_or(0));
        }
        if let (true, Some(flag)) = (wrote, paid.get(p)) {
            flag.store(true, Ordering::Relaxed);
        }
        if let Some(c) = w.has_one_off.get_mut(p) {
            put(c, at, verdicts, |v| verdict(v).one_off.is_some());
        }
    }
    // Summed in i128 (13 amounts of i64 cannot leave it) and saturated into i64: a sum beyond
    // i64 stays at its bound, which readers take as an overflow.
    let saturated = |t: i128| i64::try_from(t).unwrap_or(if t < 0 { i64::MIN } else { i64::MAX });
    put(w.monthly_total, at, verdicts, |v| {
        saturated(v.iter().map(|v| i128::from(v.monthly)).sum())
    });
    // Only the programmes of ONE_OFF pay one.
    put(w.one_off_total, at, verdicts, |v| {
        let one_off = v.iter().zip(ONE_OFF).filter(|(_, o)| *o);
        saturated(
            one_off
                .map(|(v, _)| i128::from(v.one_off.unwrap_or(0)))
                .sum(),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_of_zeros_is_left_unwritten() {
        let paid = |fen| {
            let mut v = UNASSESSED;
            v[0] = Verdict::paid(fen, None);
            v
        };
        // A column of cells the run must not write: a zero block leaves it as it is.
        let mut column = vec![7_i64; 4];
        put(&mut column, 1, &[paid(0), paid(0)], |v| v[0].monthly);
        assert_eq!(column, vec![7, 7, 7, 7]);
        // A block with one amount is written whole, zeros included, from its place.
        put(&mut column, 1, &[paid(0), paid(130_900)], |v| v[0].monthly);
        assert_eq!(column, vec![7, 0, 130_900, 7]);
        // A block running past the column's end is cut at it.
        put(&mut column, 3, &[paid(5), paid(6)], |v| v[0].monthly);
        assert_eq!(column, vec![7, 0, 130_900, 5]);
    }

    #[test]
    fn totals_add_every_programme_and_saturate_beyond_i64() {
        let mut columns = ScenarioColumns::new(3);
        let mut v = UNASSESSED;
        v[0] = Verdict::paid(130_900, None);
        v[5] = Verdict::paid(70_000, None);
        let back_pay = ONE_OFF.iter().position(|o| *o).unwrap_or(0);
        v[back_pay].one_off = Some(2_500);
        let mut huge = UNASSESSED;
        huge[0] = Verdict::paid(i64::MAX - 1, None);
        huge[1] = Verdict::paid(5, None);
        {
            let (monthly_total, one_off_total) = (
                &mut columns.monthly_total[..],
                &mut columns.one_off_total[..],
            );
            let mut w = Window {
                status: columns.status.iter_mut().map(Vec::as_mut_slice).collect(),
                reason: columns.reason.iter_mut().map(Vec::as_mut_slice).collect(),
                monthly: columns.monthly.iter_mut().map(Vec::as_mut_slice).collect(),
                one_off: columns.one_off.iter_mut().map(Vec::as_mut_slice).collect(),
                has_one_off: columns
                    .has_one_off
                    .iter_mut()
                    .map(Vec::as_mut_slice)
                    .collect(),
                monthly_total,
                one_off_total,
            };
            let paid: Vec<AtomicBool> = (0..WIDTH).map(|_| AtomicBool::new(false)).collect();
            flush(&mut w, 0, &[v, UNASSESSED, huge], &paid);
            // Programmes 0, 1, 5 and back pay were paid something; the others nothing.
            let paid: Vec<bool> = paid.iter().map(|f| f.load(Ordering::Relaxed)).collect();
            let expected: Vec<bool> = (0..WIDTH)
                .map(|p| [0, 1, 5, back_pay].contains(&p))
                .collect();
            assert_eq!(paid, expected);
        }
        assert_eq!(columns.monthly_total, [200_900, 0, TOTAL_OVERFLOW]);
        assert_eq!(columns.one_off_total, [2_500, 0, 0]);
        assert_eq!(columns.monthly_total(0), 200_900);
        assert!(!columns.totals_fit());
        columns.monthly_total[2] = 1;
        assert!(columns.totals_fit());
    }

    #[test]
    fn a_part_scattered_lands_at_its_households_with_its_errors_and_what_it_paid() {
        let mut full = Outcome::new(4, 2);
        let mut part = Outcome::new(2, 2);
        part.facts.members = vec![3, 1];
        part.facts.district = vec![5, 2];
        part.facts.income = vec![100, 200];
        for s in &mut part.scenarios {
            s.status[0] = vec![0, 1];
            s.reason[0] = vec![0, 4];
            s.monthly[0] = vec![130_900, 0];
            s.monthly_total = vec![130_900, 0];
            s.paid[0] = true;
        }
        part.errors
            .push((1, Error::new(crate::ErrorCode::InvalidValue, "x", "bad")));
        full.scatter(part, &[3, 2]);
        assert_eq!(full.facts.members, [0, 0, 1, 3]);
        assert_eq!(full.facts.district, [0, 0, 2, 5]);
        assert_eq!(full.facts.income, [0, 0, 200, 100]);
        let missing = status_code(Eligibility::NotAssessed);
        for s in &full.scenarios {
            assert_eq!(s.status[0], [missing, missing, 1, 0]);
            assert_eq!(s.reason[0], [0, 0, 4, 0]);
            assert_eq!(s.monthly[0], [0, 0, 0, 130_900]);
            assert_eq!(s.monthly_total, [0, 0, 0, 130_900]);
            assert_eq!(s.paid.iter().filter(|p| **p).count(), 1);
            assert!(s.paid[0]);
        }
        // The part's household 1 is the whole's household 2.
        assert_eq!(full.errors.len(), 1);
        assert_eq!(full.errors[0].0, 2);
    }

    #[test]
    fn a_cleared_household_is_not_assessed_with_nothing_left() {
        let mut o = Outcome::new(2, 2);
        for s in &mut o.scenarios {
            for p in 0..WIDTH {
                s.status[p] = vec![0, 0];
                s.reason[p] = vec![3, 3];
                s.monthly[p] = vec![100, 200];
            }
            for c in s.one_off.iter_mut().filter(|c| !c.is_empty()) {
                *c = vec![5, 6];
            }
            for c in s.has_one_off.iter_mut().filter(|c| !c.is_empty()) {
                *c = vec![true, true];
            }
            s.monthly_total = vec![1_300, 2_600];
            s.one_off_total = vec![10, 12];
        }
        o.facts = HouseholdColumns {
            members: vec![3, 4],
            district: vec![2, 5],
            income: vec![90, 80],
        };
        o.clear(1);
        let fresh = Outcome::new(1, 2);
        for (s, f) in o.scenarios.iter().zip(&fresh.scenarios) {
            for p in 0..WIDTH {
                assert_eq!(
                    (s.status[p][1], s.reason[p][1], s.monthly[p][1]),
                    (f.status[p][0], 0, 0)
                );
                assert_eq!(s.status[p][0], 0, "household 0 is left as it was");
                assert_eq!(s.one_off[p].get(1).copied().unwrap_or(0), 0);
                assert!(!s.has_one_off[p].get(1).copied().unwrap_or(false));
            }
            assert_eq!((s.monthly_total[1], s.one_off_total[1]), (0, 0));
            assert_eq!(s.monthly_total[0], 1_300);
        }
        assert_eq!(
            (o.facts.members[1], o.facts.district[1], o.facts.income[1]),
            (0, 0, 0)
        );
        assert_eq!(o.facts.members[0], 3);
    }

    #[test]
    fn new_columns_are_not_assessed_and_zero() {
        let columns = ScenarioColumns::new(3);
        let missing = status_code(Eligibility::NotAssessed);
        assert!(columns.status.iter().all(|c| c == &vec![missing; 3]));
        assert!(columns.monthly.iter().all(|c| c == &vec![0; 3]));
        assert!(columns.reason.iter().all(|c| c == &vec![0; 3]));
        for (p, one_off) in ONE_OFF.iter().enumerate() {
            let n = if *one_off { 3 } else { 0 };
            assert_eq!(columns.one_off.get(p).map(Vec::len), Some(n));
            assert_eq!(columns.has_one_off.get(p).map(Vec::len), Some(n));
        }
        // `resize` gives the same columns as `new`.
        let mut grown = ScenarioColumns::new(0);
        grown.resize(3);
        assert_eq!(grown, columns);
    }
}
