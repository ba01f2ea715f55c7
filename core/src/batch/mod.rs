//! Batch runs: many households through every programme, on all cores, for analysts.
//!
//! [`run`] calculates each request against one parameter store (the embedded one, or one with a
//! [reform](crate::reform) applied) and keeps per household, per programme, only the status, the
//! monthly amount and the one-off amount ([`Cell`]), in one flat table allocated once for the
//! whole batch. The hot path ([`assess`]) is [`crate::calculate_with`] without what a batch does
//! not read: explanations are off (whatever the request says), and the receipt (a SHA-256 of the
//! re-encoded request), the warnings and the household summary are not built. The programmes
//! themselves still build their result values (labels, reasons, formulas) as the single-household
//! path does, so a batch gives exactly the single-household amounts; `core/tests/batch.rs`
//! checks that on every golden vector and a generated sample.
//!
//! Parallelism: contiguous chunks of households on `std::thread::scope` threads, each writing its
//! own rows of the table (no locks, no shared mutable state). On `wasm32` (no threads) and with
//! one thread the same code runs inline.
//!
//! Households chosen for a trace ([`Options::trace`]) are also calculated in full, with the
//! explanation, through [`crate::calculate_with`].
//!
//! The programmes are columns discovered from the results ([`ProgrammeColumn`], by wire name),
//! never a fixed list: a programme added to the engine appears in batches without change here.

pub mod cliff;
pub mod population;

use std::ops::Range;

use crate::context::Context;
use crate::error::{Error, ErrorCode};
use crate::money::Money;
use crate::params::ParameterStore;
use crate::wire::{CalculationRequest, CalculationResult, Eligibility, Programme, ProgrammeResult};

/// Options of a batch run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Worker threads; 0 means one per available core (always 1 on `wasm32`).
    pub threads: usize,
    /// Indices of households to also calculate in full, with the explanation.
    pub trace: Vec<usize>,
}

/// A programme column of a batch: the programme and its names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeColumn {
    /// The programme.
    pub programme: Programme,
    /// Its wire name (`dibao`).
    pub name: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
    /// How it is given (`cash`, `voucher`, `status`), when the result says.
    pub form: Option<String>,
}

impl ProgrammeColumn {
    fn of(result: &ProgrammeResult) -> ProgrammeColumn {
        let value = serde_json::to_value(result).unwrap_or_default();
        let field = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
        ProgrammeColumn {
            programme: result.programme,
            name: field("programme").unwrap_or_default(),
            label_zh: result.label_zh.clone(),
            label_en: result.label_en.clone(),
            form: field("form"),
        }
    }
}

/// One household's result for one programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Eligibility.
    pub status: Eligibility,
    /// Monthly amount, rounded to the fen as in the full result.
    pub monthly_amount: Money,
    /// One-off amount, when the programme pays one.
    pub one_off_amount: Option<Money>,
}

impl Default for Cell {
    fn default() -> Cell {
        Cell {
            status: Eligibility::NotAssessed,
            monthly_amount: Money::ZERO,
            one_off_amount: None,
        }
    }
}

/// The outcome of a batch.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The programme columns, in the engine's order.
    pub programmes: Vec<ProgrammeColumn>,
    /// `households × programmes` cells, row by row; rows of failed households are defaults
    /// (`not_assessed`, zero).
    pub cells: Vec<Cell>,
    /// Households that could not be calculated, by index, with the error.
    pub errors: Vec<(usize, Error)>,
    /// Full explained results of the traced households, by index.
    pub traces: Vec<(usize, CalculationResult)>,
}

impl Outcome {
    /// The cells of household `index`.
    pub fn row(&self, index: usize) -> Option<&[Cell]> {
        let width = self.programmes.len();
        self.cells
            .get(index.checked_mul(width)?..index.checked_add(1)?.checked_mul(width)?)
    }

    /// The sum of household `index`'s monthly amounts.
    pub fn monthly_total(&self, index: usize) -> Money {
        Money(
            self.row(index)
                .unwrap_or_default()
                .iter()
                .map(|c| c.monthly_amount.0)
                .sum(),
        )
    }
}

/// An amount in whole fen (分), for bindings that carry money as integers: exact, or `None` when
/// the amount is not a whole number of fen or does not fit.
pub fn fen(amount: Money) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let scaled = amount.0.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)?;
    if scaled.fract().is_zero() {
        scaled.to_i64()
    } else {
        None
    }
}

/// The number of threads `threads` asks for (0: one per available core; 1 on `wasm32`).
pub fn thread_count(threads: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    if threads > 0 {
        return threads;
    }
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Calculates one household's programmes as [`crate::calculate_with`] does, without the
/// explanation, warnings, summary and receipt: the batch hot path.
pub fn assess(
    store: &ParameterStore,
    request: &CalculationRequest,
) -> Result<Vec<ProgrammeResult>, Error> {
    let ages = crate::validate::validate(request)?;
    let household = &request.household;
    let mut ctx = Context::new(
        store,
        request.calculation_date,
        Some(household.district),
        Some(household.area),
        false,
    );
    crate::programmes::assess_household(&mut ctx, request, &ages)
}

/// Runs `requests` against `store`.
pub fn run(
    store: &ParameterStore,
    requests: &[CalculationRequest],
    options: &Options,
) -> Result<Outcome, Error> {
    // The first household that calculates gives the programme columns.
    let mut programmes = Vec::new();
    for request in requests {
        if let Ok(results) = assess(store, request) {
            programmes = results.iter().map(ProgrammeColumn::of).collect();
            break;
        }
    }
    let width = programmes.len();
    let mut cells = vec![Cell::default(); requests.len().saturating_mul(width)];
    let columns: Vec<Programme> = programmes.iter().map(|p| p.programme).collect();
    let chunk_errors = if width == 0 {
        vec![
            requests
                .iter()
                .enumerate()
                .filter_map(|(i, r)| assess(store, r).err().map(|e| (i, e)))
                .collect(),
        ]
    } else {
        map_chunks(
            &mut cells,
            width,
            thread_count(options.threads),
            |rows, out| {
                fill(
                    store,
                    requests.get(rows.clone()).unwrap_or_default(),
                    rows.start,
                    &columns,
                    out,
                )
            },
        )?
    };
    let mut errors: Vec<(usize, Error)> = chunk_errors.into_iter().flatten().collect();
    errors.sort_by_key(|(i, _)| *i);
    let mut traces = Vec::new();
    let mut wanted = options.trace.clone();
    wanted.sort_unstable();
    wanted.dedup();
    for index in wanted {
        let Some(request) = requests.get(index) else {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "trace",
                format!(
                    "household {index} is not in the batch of {}",
                    requests.len()
                ),
            ));
        };
        if errors.iter().any(|(i, _)| *i == index) {
            continue;
        }
        let mut explained = request.clone();
        explained.options.explain = true;
        traces.push((index, crate::calculate_with(store, &explained)?));
    }
    Ok(Outcome {
        programmes,
        cells,
        errors,
        traces,
    })
}

/// Calculates `requests` (starting at household `first`) into `out`, `columns.len()` cells per
/// household; returns the households that failed.
fn fill(
    store: &ParameterStore,
    requests: &[CalculationRequest],
    first: usize,
    columns: &[Programme],
    out: &mut [Cell],
) -> Vec<(usize, Error)> {
    let mut errors = Vec::new();
    for ((offset, request), row) in requests
        .iter()
        .enumerate()
        .zip(out.chunks_mut(columns.len()))
    {
        let index = first + offset;
        match assess(store, request) {
            Ok(results) => {
                if let Err(e) = place(&results, columns, row) {
                    errors.push((index, e));
                }
            }
            Err(e) => errors.push((index, e)),
        }
    }
    errors
}

/// Writes one household's results into its row, by programme (the engine's order is the fast
/// path; a programme found elsewhere is still placed by name).
fn place(
    results: &[ProgrammeResult],
    columns: &[Programme],
    row: &mut [Cell],
) -> Result<(), Error> {
    for (position, result) in results.iter().enumerate() {
        let column = if columns.get(position) == Some(&result.programme) {
            position
        } else {
            columns
                .iter()
                .position(|p| *p == result.programme)
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidParameterData,
                        "",
                        format!(
                            "programme {:?} is missing from the batch's columns",
                            result.programme
                        ),
                    )
                })?
        };
        if let Some(cell) = row.get_mut(column) {
            *cell = Cell {
                status: result.status,
                monthly_amount: result.monthly_amount,
                one_off_amount: result.one_off_amount,
            };
        }
    }
    Ok(())
}

/// Splits `out` (items of `width` cells each) into one contiguous chunk per thread and runs `f`
/// on each with the item range it covers; returns each chunk's value, in order. Runs inline with
/// one thread and on `wasm32`; a thread that cannot be started or that stops is an error.
pub fn map_chunks<T, R, F>(
    out: &mut [T],
    width: usize,
    threads: usize,
    f: F,
) -> Result<Vec<R>, Error>
where
    T: Send,
    R: Send,
    F: Fn(Range<usize>, &mut [T]) -> R + Sync,
{
    let width = width.max(1);
    let items = out.len() / width;
    let threads = threads.clamp(1, items.max(1));
    if threads == 1 || cfg!(target_arch = "wasm32") {
        return Ok(vec![f(0..items, out)]);
    }
    let per = items.div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let mut pending = Vec::with_capacity(threads);
        for (k, chunk) in out.chunks_mut(per * width).enumerate() {
            let start = k * per;
            let range = start..start + chunk.len() / width;
            let job = move || f(range, chunk);
            pending.push(std::thread::Builder::new().spawn_scoped(scope, job));
        }
        // Join every thread before reporting, so that none is left for the scope to join.
        let joined: Vec<Result<R, Error>> = pending
            .into_iter()
            .map(|handle| match handle {
                Ok(h) => h.join().map_err(|_| {
                    Error::new(
                        ErrorCode::InvalidParameterData,
                        "",
                        "a batch worker thread stopped unexpectedly",
                    )
                }),
                Err(e) => Err(Error::new(
                    ErrorCode::InvalidParameterData,
                    "",
                    format!("a batch worker thread could not be started: {e}"),
                )),
            })
            .collect();
        let results = joined.into_iter().collect::<Result<Vec<R>, Error>>()?;
        Ok(results)
    })
}
