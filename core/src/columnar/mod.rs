//! Populations as columns: every household of a population through the rule kernels, under any
//! number of scenarios, into preallocated columns of exact amounts.
//!
//! This is the analysts' engine. It runs the same kernels as the explained calculation
//! ([`crate::engine`]): parameters are resolved once per scenario for every district and area
//! ([`RateTable`]); each household's facts are gathered once (from Arrow columns,
//! [`arrow`](self) with the `arrow` feature, or from decoded requests, [`requests`]) into a
//! buffer reused for the whole run, and every scenario's kernels run on them; only the verdicts
//! are kept, programme-major (`monthly[p][h]`), so each programme's amounts are one contiguous
//! column that can be handed to Arrow as is. Households are split into contiguous chunks, one
//! per thread; nothing is shared but read-only inputs.
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

use crate::engine::facts::{Common, HouseholdFacts, PersonFacts};
use crate::engine::rates::RateTable;
use crate::engine::{self, MemberState, PROGRAMMES, Verdict};
use crate::error::Error;
use crate::wire::Eligibility;

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
}

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

/// The columns of one scenario: per programme (in [`PROGRAMMES`] order), one value per household.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScenarioColumns {
    /// Status codes ([`status_code`]).
    pub status: Vec<Vec<u8>>,
    /// Reason codes: indices into [`reasons::CATALOGUE`](crate::engine::reasons), 0 for none.
    pub reason: Vec<Vec<u16>>,
    /// Monthly amounts, whole fen.
    pub monthly: Vec<Vec<i64>>,
    /// One-off amounts, whole fen (0 where none is paid).
    pub one_off: Vec<Vec<i64>>,
    /// Whether a one-off amount is paid.
    pub has_one_off: Vec<Vec<bool>>,
}

impl ScenarioColumns {
    fn new(households: usize) -> ScenarioColumns {
        let col = |v| (0..WIDTH).map(|_| vec![v; households]).collect::<Vec<_>>();
        ScenarioColumns {
            status: (0..WIDTH)
                .map(|_| vec![status_code(Eligibility::NotAssessed); households])
                .collect(),
            reason: (0..WIDTH).map(|_| vec![0_u16; households]).collect(),
            monthly: col(0_i64),
            one_off: col(0_i64),
            has_one_off: (0..WIDTH).map(|_| vec![false; households]).collect(),
        }
    }

    /// Household `h`'s monthly total over every programme, fen.
    pub fn monthly_total(&self, h: usize) -> i64 {
        self.monthly
            .iter()
            .map(|c| c.get(h).copied().unwrap_or(0))
            .sum()
    }

    /// Household `h`'s one-off total, fen.
    pub fn one_off_total(&self, h: usize) -> i64 {
        self.one_off
            .iter()
            .map(|c| c.get(h).copied().unwrap_or(0))
            .sum()
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

/// Options of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Worker threads; 0 means one per available core (always 1 on `wasm32`).
    pub threads: usize,
}

/// The per-thread output: mutable windows of every column for one chunk of households.
struct Window<'o> {
    status: Vec<&'o mut [u8]>,
    reason: Vec<&'o mut [u16]>,
    monthly: Vec<&'o mut [i64]>,
    one_off: Vec<&'o mut [i64]>,
    has_one_off: Vec<&'o mut [bool]>,
}

/// One thread's work: its households, its scenario windows, its household-column windows.
type Job<'o> = (Range<usize>, Vec<Window<'o>>, FactsWindow<'o>);

/// The household columns' windows of one chunk: members, district, income.
type FactsWindow<'o> = (&'o mut [u32], &'o mut [u8], &'o mut [i64]);

/// Splits each column into the chunks of `ranges`; returns one list of windows per chunk.
fn split<'o, T>(columns: &'o mut [Vec<T>], ranges: &[Range<usize>]) -> Vec<Vec<&'o mut [T]>> {
    let mut per_chunk: Vec<Vec<&'o mut [T]>> = ranges.iter().map(|_| Vec::new()).collect();
    for column in columns.iter_mut() {
        let mut rest: &'o mut [T] = column.as_mut_slice();
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
    let n = households.len();
    let mut out = Outcome {
        households: n,
        facts: HouseholdColumns {
            members: vec![0; n],
            district: vec![0; n],
            income: vec![0; n],
        },
        scenarios: scenarios.iter().map(|_| ScenarioColumns::new(n)).collect(),
        errors: Vec::new(),
    };
    let ranges = chunks(n, crate::batch::thread_count(options.threads));
    // Windows: [chunk][scenario] for the scenario columns, [chunk] for the household columns.
    let mut windows: Vec<Vec<Window<'_>>> = ranges.iter().map(|_| Vec::new()).collect();
    let mut members = split_one(&mut out.facts.members, &ranges).into_iter();
    let mut district = split_one(&mut out.facts.district, &ranges).into_iter();
    let mut income = split_one(&mut out.facts.income, &ranges).into_iter();
    let mut facts_windows = Vec::with_capacity(ranges.len());
    for _ in &ranges {
        facts_windows.push((
            members.next().unwrap_or_default(),
            district.next().unwrap_or_default(),
            income.next().unwrap_or_default(),
        ));
    }
    for columns in out.scenarios.iter_mut() {
        let status = split(&mut columns.status, &ranges);
        let reason = split(&mut columns.reason, &ranges);
        let monthly = split(&mut columns.monthly, &ranges);
        let one_off = split(&mut columns.one_off, &ranges);
        let has_one_off = split(&mut columns.has_one_off, &ranges);
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
    let errors = if jobs.len() <= 1 || cfg!(target_arch = "wasm32") {
        jobs.into_iter()
            .map(|(range, w, f)| fill(households, scenarios, common, range, w, f))
            .collect::<Vec<_>>()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .into_iter()
                .map(|(range, w, f)| {
                    std::thread::Builder::new().spawn_scoped(scope, move || {
                        fill(households, scenarios, common, range, w, f)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h {
                    Ok(h) => h.join().unwrap_or_else(|_| {
                        vec![(
                            0,
                            Error::new(
                                crate::ErrorCode::InvalidParameterData,
                                "",
                                "a worker thread stopped unexpectedly",
                            ),
                        )]
                    }),
                    Err(e) => vec![(
                        0,
                        Error::new(
                            crate::ErrorCode::InvalidParameterData,
                            "",
                            format!("a worker thread could not be started: {e}"),
                        ),
                    )],
                })
                .collect()
        })
    };
    out.errors = errors.into_iter().flatten().collect();
    out.errors.sort_by_key(|(i, _)| *i);
    Ok(out)
}

/// Calculates the households of `range` into their windows; returns the households that failed.
fn fill<H: Households + ?Sized>(
    households: &H,
    scenarios: &[&RateTable<'_>],
    common: Common,
    range: Range<usize>,
    mut windows: Vec<Window<'_>>,
    facts: FactsWindow<'_>,
) -> Vec<(usize, Error)> {
    let (members_out, district_out, income_out) = facts;
    let mut errors = Vec::new();
    let mut members: Vec<PersonFacts> = Vec::with_capacity(16);
    let mut state: Vec<MemberState> = Vec::with_capacity(16);
    let mut reasons = engine::reasons::Cache::default();
    for (offset, index) in range.enumerate() {
        let base = match households.gather(index, &mut members) {
            Ok(base) => base,
            Err(e) => {
                errors.push((index, e));
                continue;
            }
        };
        let hh = HouseholdFacts {
            members: &members,
            common,
            ..base
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
        for (table, window) in scenarios.iter().zip(windows.iter_mut()) {
            let Some(rates) = table.get(hh.district, hh.area) else {
                continue;
            };
            engine::members_state(&mut state, members.len());
            match engine::decide(rates, &hh, &mut state) {
                Ok(verdicts) => write(window, offset, &verdicts, &mut reasons),
                Err(key) => {
                    errors.push((index, rates.error(key)));
                    break;
                }
            }
        }
    }
    errors
}

#[inline]
fn write(
    w: &mut Window<'_>,
    offset: usize,
    verdicts: &[Verdict; WIDTH],
    reasons: &mut engine::reasons::Cache,
) {
    for (p, v) in verdicts.iter().enumerate() {
        if let Some(c) = w.status.get_mut(p).and_then(|c| c.get_mut(offset)) {
            *c = status_code(v.status);
        }
        if let Some(c) = w.reason.get_mut(p).and_then(|c| c.get_mut(offset)) {
            *c = reasons.index(v.reason);
        }
        if let Some(c) = w.monthly.get_mut(p).and_then(|c| c.get_mut(offset)) {
            *c = v.monthly;
        }
        if let Some(o) = v.one_off {
            if let Some(c) = w.one_off.get_mut(p).and_then(|c| c.get_mut(offset)) {
                *c = o;
            }
            if let Some(c) = w.has_one_off.get_mut(p).and_then(|c| c.get_mut(offset)) {
                *c = true;
            }
        }
    }
}
