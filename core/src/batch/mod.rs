//! Batch runs: many decoded requests through every household programme, on all cores.
//!
//! [`run`] is the request-list front door of the columnar engine ([`crate::columnar`]): the
//! requests are grouped by calculation date and request-level inputs, each group runs through the
//! rule kernels with its parameters resolved once ([`crate::engine::rates::RateTable`]), and per
//! household, per programme, only the status, the monthly and the one-off amount are kept
//! ([`Cell`]), in one flat table allocated once. The kernels are the ones the explained
//! calculation renders, so a batch gives exactly the single-household amounts;
//! `core/tests/columnar.rs` and `core/tests/batch.rs` check that.
//!
//! Households chosen for a trace ([`Options::trace`]) are also calculated in full, with the
//! explanation, through [`crate::calculate_with`].

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
    /// The column of `programme`.
    pub fn of_programme(programme: Programme) -> ProgrammeColumn {
        let text = |v: serde_json::Value| v.as_str().map(str::to_string);
        let (label_zh, label_en) = programme.labels();
        ProgrammeColumn {
            programme,
            name: serde_json::to_value(programme)
                .ok()
                .and_then(text)
                .unwrap_or_default(),
            label_zh: label_zh.to_string(),
            label_en: label_en.to_string(),
            form: serde_json::to_value(programme.form()).ok().and_then(text),
        }
    }

    /// The column of a result's programme.
    pub fn of(result: &ProgrammeResult) -> ProgrammeColumn {
        ProgrammeColumn::of_programme(result.programme)
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
    use crate::columnar::{self, STATUSES, WIDTH};
    use crate::engine::rates::RateTable;

    let programmes: Vec<ProgrammeColumn> = crate::engine::PROGRAMMES
        .iter()
        .map(|p| ProgrammeColumn::of_programme(*p))
        .collect();
    let mut cells = vec![Cell::default(); requests.len().saturating_mul(WIDTH)];
    let mut errors: Vec<(usize, Error)> = Vec::new();
    for group in columnar::requests::groups(requests) {
        let table = RateTable::resolve(store, group.date);
        let subset = columnar::requests::Requests::subset(requests, &group.indices);
        let outcome = columnar::run(
            &subset,
            &[&table],
            group.common,
            columnar::Options {
                threads: options.threads,
                ..columnar::Options::default()
            },
        )?;
        let failed: Vec<usize> = outcome.errors.iter().map(|(k, _)| *k).collect();
        for (k, e) in outcome.errors {
            if let Some(&i) = group.indices.get(k) {
                errors.push((i, e));
            }
        }
        let Some(columns) = outcome.scenarios.first() else {
            continue;
        };
        for (k, &i) in group.indices.iter().enumerate() {
            if failed.binary_search(&k).is_ok() {
                continue;
            }
            for p in 0..WIDTH {
                let get = |c: &Vec<Vec<i64>>| c.get(p).and_then(|c| c.get(k)).copied();
                let status = columns
                    .status
                    .get(p)
                    .and_then(|c| c.get(k))
                    .and_then(|s| STATUSES.get(usize::from(*s)))
                    .copied()
                    .unwrap_or(Eligibility::NotAssessed);
                let has = columns
                    .has_one_off
                    .get(p)
                    .and_then(|c| c.get(k))
                    .copied()
                    .unwrap_or(false);
                if let Some(cell) = cells.get_mut(i * WIDTH + p) {
                    *cell = Cell {
                        status,
                        monthly_amount: crate::engine::exact::money(
                            get(&columns.monthly).unwrap_or(0),
                        ),
                        one_off_amount: has.then(|| {
                            crate::engine::exact::money(get(&columns.one_off).unwrap_or(0))
                        }),
                    };
                }
            }
        }
    }
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
                        ErrorCode::Internal,
                        "",
                        "a batch worker thread stopped unexpectedly",
                    )
                }),
                Err(e) => Err(Error::new(
                    ErrorCode::Internal,
                    "",
                    format!("a batch worker thread could not be started: {e}"),
                )),
            })
            .collect();
        let results = joined.into_iter().collect::<Result<Vec<R>, Error>>()?;
        Ok(results)
    })
}
