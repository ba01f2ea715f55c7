//! A stream of `(households, persons)` pairs summarised without keeping its results: behind
//! `minzheng.analysis.simulate_batches(..., keep="summary")`.
//!
//! Each pair runs through the columnar engine as `simulate_arrow_batches` runs it, into columns
//! for that pair alone; its aggregates ([`Aggregator`]) are appended to the stream's, and the
//! pair's columns are dropped. What is kept per household is what the summaries need across
//! pairs (the weight, each scenario's annual total, income, members and district, about 40
//! bytes with one reform), so memory is bounded by the largest pair plus that. The summaries
//! are exactly those of the whole population run at once: sums are exact integers, and the
//! deciles are ranked over every household at the end.

use arrow_array::ArrowPrimitiveType;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type,
    UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch, UInt32Array};
use arrow_schema::DataType;
use minzheng::columnar::aggregate::{
    Aggregator, Codes, DecileBoundaries, RankHistogram, RankedRows, Summary, Tally, Weights,
};
use minzheng::columnar::{Households, Outcome};
use minzheng::engine::rates::RateTable;
use minzheng::engine::selection::Selection;
use minzheng::region::District;
use minzheng::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use pyo3_arrow::PyArray;

use crate::aggregate::{Computed, to_dict};
use crate::analysis::Scenario;
use crate::columnar::{Run, common_of, for_each_pair, parse_date, rate_tables, shifted, stores};
use crate::error::to_py_err;
use minzheng::columnar::aggregate::district_groups;

/// An integer column's values, widened.
fn ints<T: ArrowPrimitiveType>(column: &ArrayRef) -> Vec<i128>
where
    T::Native: Into<i128>,
{
    column
        .as_primitive::<T>()
        .values()
        .iter()
        .map(|v| (*v).into())
        .collect()
}

/// A pair's weights as integer units and their scale, from its `weight` column: integers
/// (scale 0) or `decimal128` (the column's scale). Errors name the row of the whole stream.
fn weights_of(batch: &RecordBatch, name: &str, row0: usize) -> Result<(Vec<i64>, u32), Error> {
    let path = |row: Option<usize>| match row {
        Some(r) => format!("households[{}].{name}", row0 + r),
        None => format!("households.{name}"),
    };
    let Some(column) = batch.column_by_name(name) else {
        return Err(Error::new(
            ErrorCode::MissingField,
            path(None),
            format!("no household column named `{name}`"),
        ));
    };
    if let Some(r) = (0..column.len()).find(|r| column.is_null(*r)) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            path(Some(r)),
            "every household needs a weight",
        ));
    }
    let (units, scale): (Vec<i128>, u32) = match column.data_type() {
        DataType::Decimal128(_, s) if *s >= 0 => (
            column.as_primitive::<Decimal128Type>().values().to_vec(),
            u32::try_from(*s).unwrap_or(0),
        ),
        DataType::Int8 => (ints::<Int8Type>(column), 0),
        DataType::Int16 => (ints::<Int16Type>(column), 0),
        DataType::Int32 => (ints::<Int32Type>(column), 0),
        DataType::Int64 => (ints::<Int64Type>(column), 0),
        DataType::UInt8 => (ints::<UInt8Type>(column), 0),
        DataType::UInt16 => (ints::<UInt16Type>(column), 0),
        DataType::UInt32 => (ints::<UInt32Type>(column), 0),
        DataType::UInt64 => (ints::<UInt64Type>(column), 0),
        dt => {
            return Err(Error::new(
                ErrorCode::InvalidType,
                path(None),
                format!(
                    "the weight column is {dt}; a summary-only stream reads weights as integers \
                     or decimal128 (exactly), so cast it to one of them"
                ),
            ));
        }
    };
    let mut out = Vec::with_capacity(units.len());
    for (r, u) in units.iter().enumerate() {
        if *u < 0 {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                path(Some(r)),
                "a weight cannot be negative",
            ));
        }
        out.push(i64::try_from(*u).map_err(|_| {
            Error::new(
                ErrorCode::OutOfRange,
                path(Some(r)),
                "the weight does not fit in 64 bits at its scale",
            )
        })?);
    }
    Ok((out, scale))
}

/// What the stream keeps per household besides the aggregator's own columns.
#[derive(Default)]
struct Kept {
    income: Vec<i64>,
    members: Vec<u32>,
    district: Vec<u8>,
    failed: Vec<bool>,
    /// `(index in the stream, code, path, message)` of each household that failed.
    errors: Vec<(usize, &'static str, String, String)>,
    /// The failed households' ids, per pair.
    failed_ids: Vec<ArrayRef>,
}

/// Runs a stream of `(households, persons)` pairs (each pair whole households) against every
/// scenario on `date` and returns the summaries of the whole stream (the dict of
/// `aggregate_outcome`, plus `households`, `district_names` and `district_codes` (the by-district
/// grouping), `errors` as `(index, code, path, message)` and `error_ids`, a pyarrow array of the
/// failed households' ids in the same order). `weight` names an integer or `decimal128` household
/// column (`None`: every household weighs 1); it is not a request field. `expected`, the number
/// of households when known (0 otherwise), sizes what is kept once.
#[pyfunction]
#[pyo3(signature = (pairs, date, scenarios, common=None, weight=None, threads=0, block=0, progress=None, expected=0, programmes=None))]
#[allow(clippy::too_many_arguments)]
pub fn summarise_arrow_batches<'py>(
    py: Python<'py>,
    pairs: &Bound<'py, PyAny>,
    date: &str,
    scenarios: Vec<Bound<'py, Scenario>>,
    common: Option<&str>,
    weight: Option<String>,
    threads: usize,
    block: usize,
    progress: Option<Bound<'py, PyAny>>,
    expected: usize,
    programmes: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyDict>> {
    let stream = Stream {
        programmes: crate::columnar::selection(py, programmes)?,
        date,
        common,
        weight,
        threads,
        block,
        progress,
        expected,
    };
    let (total, kept, households) = stream.aggregate(py, pairs, &scenarios)?;
    finish(py, &total, kept, households)
}

/// The arguments of a stream run, as `summarise_arrow_batches` takes them.
struct Stream<'a, 'py> {
    date: &'a str,
    common: Option<&'a str>,
    weight: Option<String>,
    threads: usize,
    block: usize,
    progress: Option<Bound<'py, PyAny>>,
    expected: usize,
    programmes: Selection,
}

impl<'py> Stream<'_, 'py> {
    /// Runs every pair and appends its aggregates: the stream's [`Aggregator`], what is kept per
    /// household, and the number of households.
    fn aggregate(
        &self,
        py: Python<'py>,
        pairs: &Bound<'py, PyAny>,
        scenarios: &[Bound<'py, Scenario>],
    ) -> PyResult<(Aggregator, Kept, usize)> {
        let expected = self.expected;
        let date = parse_date(self.date).map_err(|e| to_py_err(py, &e))?;
        let common = common_of(date, self.common).map_err(|e| to_py_err(py, &e))?;
        let (names, stores) = stores(scenarios);
        let resolved = rate_tables(py, &stores, date);
        let tables: Vec<&RateTable<'_>> = resolved.iter().collect();
        let run = Run {
            tables: &tables,
            common,
            threads: self.threads,
            block: self.block,
            progress: self.progress.as_ref(),
            programmes: self.programmes,
        };
        let mut total = Aggregator::new(0, None, &[]).map_err(|e| to_py_err(py, &e))?;
        let mut kept = Kept::default();
        kept.income.reserve_exact(expected);
        kept.members.reserve_exact(expected);
        kept.district.reserve_exact(expected);
        kept.failed.reserve_exact(expected);
        let weight = &self.weight;
        let skip = |n: &str| weight.as_deref() == Some(n);
        let households = for_each_pair(py, pairs, date, &skip, |pair| {
            let (h0, p0) = (pair.households, pair.persons);
            let weights = match weight {
                Some(name) => {
                    Some(weights_of(pair.batch, name, h0).map_err(|e| to_py_err(py, &e))?)
                }
                None => None,
            };
            let mut part = Outcome::new(pair.population.len(), names.len());
            run.blocks(py, pair.population, &mut part, 0, &|e| shifted(e, h0, p0))?;
            let aggregated = py.detach(|| {
                let w = weights.as_ref().map(|(units, scale)| Weights {
                    units,
                    scale: *scale,
                });
                let a = Aggregator::of_outcome(&part, w)?;
                let first = total.households() == 0;
                total.append(a)?;
                if first {
                    total.reserve(expected.saturating_sub(total.households()));
                }
                Ok::<(), Error>(())
            });
            aggregated.map_err(|e| to_py_err(py, &e))?;
            keep(&mut kept, part, pair.batch, h0);
            Ok(())
        })?;
        Ok((total, kept, households))
    }
}

/// One partition of a population run in partitions (a Spark task, a stream's batch), as
/// `summarise_arrow_batches` runs a stream: pass 1 (`boundaries=None`) returns the partition's
/// rank histogram ([`RankHistogram::to_bytes`]); pass 2 (`boundaries`, the bytes of
/// `decile_boundaries`) returns its partial summary, with the deciles of the whole population
/// (for `merge_partials`). `partition` is the partition's position in the population's order.
/// The first household that cannot be calculated is raised (its path a row of the partition).
#[pyfunction]
#[pyo3(signature = (pairs, date, scenarios, partition, boundaries=None, common=None, weight=None, threads=0, block=0))]
#[allow(clippy::too_many_arguments)]
pub fn partition_partial<'py>(
    py: Python<'py>,
    pairs: &Bound<'py, PyAny>,
    date: &str,
    scenarios: Vec<Bound<'py, Scenario>>,
    partition: u64,
    boundaries: Option<Vec<u8>>,
    common: Option<&str>,
    weight: Option<String>,
    threads: usize,
    block: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let boundaries = boundaries
        .map(|b| DecileBoundaries::from_bytes(&b))
        .transpose()
        .map_err(|e| to_py_err(py, &e))?;
    let stream = Stream {
        date,
        common,
        weight,
        threads,
        block,
        progress: None,
        expected: 0,
        programmes: Selection::ALL,
    };
    let (total, kept, households) = aggregate_partition(py, &stream, pairs, &scenarios)?;
    let bytes = py
        .detach(|| match &boundaries {
            None => RankHistogram::of(&kept.income, &kept.members, total.weights())
                .map(|h| h.to_bytes()),
            Some(b) => {
                let deciles = b.deciles(partition, &kept.income, &kept.members, total.weights())?;
                partial_bytes(&total, &kept, households, &deciles)
            }
        })
        .map_err(|e| to_py_err(py, &e))?;
    Ok(PyBytes::new(py, &bytes))
}

/// One partition's households aggregated under every programme: the aggregator, what is kept
/// per household and the count. The first household that cannot be calculated is raised (its
/// path a row of the partition): a partition's summary is of every household or of none.
fn aggregate_partition(
    py: Python<'_>,
    stream: &Stream<'_, '_>,
    pairs: &Bound<'_, PyAny>,
    scenarios: &[Bound<'_, Scenario>],
) -> PyResult<(Aggregator, Kept, usize)> {
    let (total, mut kept, households) = stream.aggregate(py, pairs, scenarios)?;
    if let Some((_, code, path, message)) = kept.errors.drain(..).next() {
        let code = ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
            .unwrap_or(ErrorCode::InvalidValue);
        return Err(to_py_err(py, &Error::new(code, path, message)));
    }
    Ok((total, kept, households))
}

/// A pass-2 partial's bytes: households, the districts in the order they first appear, the
/// summary with the deciles given.
fn partial_bytes(
    total: &Aggregator,
    kept: &Kept,
    households: usize,
    deciles: &[u8],
) -> Result<Vec<u8>, Error> {
    let summary = total.summary_of(deciles, Some(&kept.district))?;
    let (_, seen) = district_groups(&kept.district, &kept.failed);
    let mut out = PARTIAL.to_vec();
    out.extend_from_slice(&u64::try_from(households).unwrap_or(0).to_le_bytes());
    out.extend_from_slice(&u64::try_from(seen.len()).unwrap_or(0).to_le_bytes());
    for name in seen {
        let code = District::ALL.iter().position(|d| d.as_str() == name);
        out.push(code.and_then(|c| u8::try_from(c).ok()).unwrap_or(u8::MAX));
    }
    out.extend_from_slice(&summary.to_bytes());
    Ok(out)
}

/// One partition of a population summarised in **one pass** (no decile boundaries first):
/// `(partial, rows)`, the partial as pass 2's of `partition_partial` with every decile
/// empty, and the partition's ranked households ([`RankedRows::to_bytes`]: income, members,
/// weight and each scenario's annual total of each household ranked), for `merge_one_pass`,
/// which ranks them as one population. The first household that cannot be calculated is
/// raised (its path a row of the partition).
#[pyfunction]
#[pyo3(signature = (pairs, date, scenarios, common=None, weight=None, threads=0, block=0))]
#[allow(clippy::too_many_arguments)]
pub fn partition_one_pass<'py>(
    py: Python<'py>,
    pairs: &Bound<'py, PyAny>,
    date: &str,
    scenarios: Vec<Bound<'py, Scenario>>,
    common: Option<&str>,
    weight: Option<String>,
    threads: usize,
    block: usize,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let stream = Stream {
        date,
        common,
        weight,
        threads,
        block,
        progress: None,
        expected: 0,
        programmes: Selection::ALL,
    };
    let (total, kept, households) = aggregate_partition(py, &stream, pairs, &scenarios)?;
    let (partial, rows) = py
        .detach(|| {
            let rows = RankedRows::of(&total, &kept.income, &kept.members)?;
            let partial = partial_bytes(&total, &kept, households, &vec![0; households])?;
            Ok::<_, Error>((partial, rows.to_bytes()))
        })
        .map_err(|e| to_py_err(py, &e))?;
    Ok((PyBytes::new(py, &partial), PyBytes::new(py, &rows)))
}

/// The header of `partition_partial`'s pass-2 bytes.
const PARTIAL: &[u8; 5] = b"MZPPS";

/// The decile boundaries of a population from its partitions' pass-1 bytes
/// (`partition_partial` without boundaries), each with its partition's position.
#[pyfunction]
pub fn decile_boundaries<'py>(
    py: Python<'py>,
    histograms: Vec<(u64, Vec<u8>)>,
) -> PyResult<Bound<'py, PyBytes>> {
    let parts = histograms
        .iter()
        .map(|(p, b)| RankHistogram::from_bytes(b).map(|h| (*p, h)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| to_py_err(py, &e))?;
    let located = DecileBoundaries::locate(&parts).map_err(|e| to_py_err(py, &e))?;
    Ok(PyBytes::new(py, &located.to_bytes()))
}

/// A pass-2 partial: households, the districts in the order they first appear, the summary.
fn read_partial(bytes: &[u8]) -> Result<(u64, Vec<u8>, Summary), Error> {
    let bad = || {
        Error::new(
            ErrorCode::InvalidValue,
            "partial",
            "not a partial summary of this version of minzheng",
        )
    };
    let rest = bytes.strip_prefix(PARTIAL.as_slice()).ok_or_else(bad)?;
    let word = |b: &[u8]| -> Option<u64> { Some(u64::from_le_bytes(b.get(..8)?.try_into().ok()?)) };
    let households = word(rest).ok_or_else(bad)?;
    let n = word(rest.get(8..).ok_or_else(bad)?).ok_or_else(bad)?;
    let n = usize::try_from(n).map_err(|_| bad())?;
    let seen = rest.get(16..16 + n.min(256)).ok_or_else(bad)?.to_vec();
    if n > 256 {
        return Err(bad());
    }
    let summary = Summary::from_bytes(rest.get(16 + n..).ok_or_else(bad)?)?;
    Ok((households, seen, summary))
}

/// The summaries of a population from its partitions' pass-2 bytes, in partition order: the
/// dict of `summarise_arrow_batches` (districts numbered in the order they first appear).
#[pyfunction]
pub fn merge_partials<'py>(
    py: Python<'py>,
    partials: Vec<Vec<u8>>,
) -> PyResult<Bound<'py, PyDict>> {
    merged_dict(py, &partials, None)
}

/// The summaries of a population from its partitions' `partition_one_pass` results, in
/// partition order (consecutive ranges of the population in order): `merge_partials`' dict,
/// the deciles ranked over every partition's rows at once (the single-process deciles).
#[pyfunction]
pub fn merge_one_pass<'py>(
    py: Python<'py>,
    partials: Vec<Vec<u8>>,
    rows: Vec<Vec<u8>>,
) -> PyResult<Bound<'py, PyDict>> {
    let by_decile = py
        .detach(|| {
            let parts = rows
                .iter()
                .map(|b| RankedRows::from_bytes(b))
                .collect::<Result<Vec<_>, _>>()?;
            RankedRows::by_decile(&parts)
        })
        .map_err(|e| to_py_err(py, &e))?;
    merged_dict(py, &partials, Some(by_decile))
}

fn merged_dict<'py>(
    py: Python<'py>,
    partials: &[Vec<u8>],
    by_decile: Option<Vec<Vec<Tally>>>,
) -> PyResult<Bound<'py, PyDict>> {
    let merged = py
        .detach(|| {
            let mut households = 0_u64;
            let mut order: Vec<u8> = Vec::new();
            let mut total: Option<Summary> = None;
            for bytes in partials {
                let (n, seen, summary) = read_partial(bytes)?;
                households += n;
                for d in seen {
                    if !order.contains(&d) {
                        order.push(d);
                    }
                }
                match total.as_mut() {
                    None => total = Some(summary),
                    Some(t) => t.merge(&summary)?,
                }
            }
            Ok::<_, Error>((households, order, total.unwrap_or_default()))
        })
        .map_err(|e| to_py_err(py, &e))?;
    let (households, order, mut summary) = merged;
    if let Some(by_decile) = by_decile {
        if by_decile.len() != summary.by_decile.len() {
            let e = Error::new(
                ErrorCode::InvalidValue,
                "rows",
                "the ranked rows and the partials list different numbers of reforms",
            );
            return Err(to_py_err(py, &e));
        }
        summary.by_decile = by_decile;
    }
    let groups: Vec<Vec<Tally>> = summary
        .by_district
        .iter()
        .map(|per| {
            order
                .iter()
                .map(|d| per.get(usize::from(*d)).copied().unwrap_or_default())
                .collect()
        })
        .collect();
    let names: Vec<&'static str> = order
        .iter()
        .filter_map(|d| District::ALL.get(usize::from(*d)).map(|x| x.as_str()))
        .collect();
    let computed = Computed {
        scale: summary.scale,
        cost: summary.cost,
        winners_losers: summary.winners_losers,
        deciles: Vec::new(),
        by_decile: summary.by_decile,
        groups: vec![groups],
    };
    let out = to_dict(py, &computed)?;
    out.set_item("households", households)?;
    out.set_item("district_names", names)?;
    out.set_item("errors", PyList::empty(py))?;
    out.set_item("error_ids", PyList::empty(py))?;
    Ok(out)
}

/// Keeps a pair's per-household columns and errors; drops the rest of its outcome.
fn keep(kept: &mut Kept, part: Outcome, hb: &RecordBatch, h0: usize) {
    let start = kept.failed.len();
    kept.income.extend(part.facts.income);
    kept.members.extend(part.facts.members);
    kept.district.extend(part.facts.district);
    kept.failed.resize(start + part.households, false);
    let mut rows = Vec::with_capacity(part.errors.len());
    for (i, e) in part.errors {
        if let Some(f) = kept.failed.get_mut(start + i) {
            *f = true;
        }
        kept.errors
            .push((h0 + i, e.code.as_str(), e.path, e.message));
        rows.push(u32::try_from(i).unwrap_or(u32::MAX));
    }
    if let (false, Some(ids)) = (rows.is_empty(), hb.column_by_name("household_id")) {
        if let Ok(taken) = arrow_select::take::take(ids, &UInt32Array::from(rows), None) {
            kept.failed_ids.push(taken);
        }
    }
}

/// The summaries of the whole stream, as a dict (see [`summarise_arrow_batches`]).
fn finish<'py>(
    py: Python<'py>,
    total: &Aggregator,
    kept: Kept,
    households: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let computed = py
        .detach(|| {
            let deciles = total.deciles(&kept.income, &kept.members)?;
            let summary = total.summary_of(&deciles, None)?;
            let (codes, districts) = district_groups(&kept.district, &kept.failed);
            let by_district = total.change_by(Codes::U32(&codes), districts.len())?;
            Ok::<_, Error>((
                Computed {
                    scale: summary.scale,
                    cost: summary.cost,
                    winners_losers: summary.winners_losers,
                    deciles,
                    by_decile: summary.by_decile,
                    groups: vec![by_district],
                },
                districts,
            ))
        })
        .map_err(|e| to_py_err(py, &e))?;
    let (computed, districts) = computed;
    let out = to_dict(py, &computed)?;
    out.set_item("households", households)?;
    out.set_item("district_names", districts)?;
    out.set_item("errors", kept.errors)?;
    let ids = PyList::empty(py);
    for array in kept.failed_ids {
        ids.append(PyArray::from_array_ref(array).to_pyarrow(py)?)?;
    }
    out.set_item("error_ids", ids)?;
    Ok(out)
}
