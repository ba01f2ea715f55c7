//! Native functions behind the columnar `minzheng.analysis.simulate`: populations as Arrow
//! tables (or decoded requests) through [`minzheng::columnar`], results back as Arrow.
//!
//! Tables cross through the Arrow PyCapsule interface (`__arrow_c_array__` /
//! `__arrow_c_stream__`: pyarrow, polars, DuckDB, nanoarrow, arro3), so no cell becomes a Python
//! object on the way in: [`ArrowPopulation`] reads the arrays' buffers in place. The run is split
//! into blocks of households so that a progress callback can be called (with the GIL) between
//! them; each block runs with the GIL released on every core. The outcome stays native
//! ([`Columns`]: programme-major columns of whole fen, kept for summaries computed from columns)
//! and is exported on request as one pyarrow table, one record batch per scenario, with
//! dictionary-encoded statuses and reasons and `decimal128` amounts (the fen are the decimal's
//! units at scale 2, so no value is converted).
//!
//! A stream of `(households, persons)` pairs, each holding whole households, runs pair by pair:
//! only one pair's input is held at a time; error paths are rows of the concatenated tables.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch};
use arrow_schema::{ArrowError, SchemaRef};

use minzheng::columnar::aggregate::{Aggregator, Weights};
use minzheng::columnar::arrow::ArrowPopulation;
use minzheng::columnar::requests::Requests;
use minzheng::columnar::{
    self, Block, Households, Options, Outcome, STATUSES, ScenarioColumns, WIDTH, status_code,
};
use minzheng::engine::PROGRAMMES;
use minzheng::engine::facts::{Common, HouseholdFacts, PersonFacts};
use minzheng::engine::rates::RateTable;
use minzheng::engine::selection::Selection;
use minzheng::wire::Eligibility;
use minzheng::{CalculationRequest, Date, Error, ErrorCode, ParameterStore};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;
use serde_json::Value;

use crate::analysis::Scenario;
use crate::error::to_py_err;
use crate::parts::Chunk;

/// Households per block when the caller gives none.
pub(crate) const DEFAULT_BLOCK: usize = 65_536;

/// One scenario household-major: status codes, monthly and one-off fen, one-off given.
type Buffers<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
);

/// The outcome of a columnar run, held natively: every household under every scenario.
#[pyclass(frozen, module = "minzheng._native")]
pub struct Columns {
    /// The engine's columns (programme-major, whole fen), households in input order.
    /// Shared with the Arrow arrays exported from it (`export`), so never changed.
    pub(crate) outcome: Arc<Outcome>,
    /// Scenario names, in the order of `outcome.scenarios`.
    pub(crate) scenarios: Vec<String>,
    /// The caller's `household_id` values (`0, 1, …` for requests).
    pub(crate) ids: ArrayRef,
}

pub(crate) fn wire_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn arrow_err(e: ArrowError) -> Error {
    Error::new(
        ErrorCode::InvalidType,
        "",
        format!("the Arrow data could not be read: {e}"),
    )
}

#[pymethods]
impl Columns {
    /// Number of households.
    #[getter]
    fn households(&self) -> usize {
        self.outcome.households
    }

    /// Scenario names (`baseline` first).
    #[getter]
    fn scenarios(&self) -> Vec<String> {
        self.scenarios.clone()
    }

    /// The households that could not be calculated: `(index, code, path, message)`, by index.
    fn errors(&self) -> Vec<(usize, &'static str, String, String)> {
        self.outcome
            .errors
            .iter()
            .map(|(i, e)| (*i, e.code.as_str(), e.path.clone(), e.message.clone()))
            .collect()
    }

    /// The results as a `pyarrow.Table`: one row per household and scenario (scenario-major),
    /// columns `household_id`, `scenario`, `members`, `district`, `income`, `monthly_total`,
    /// `one_off_total`, `annual_total`, `annual_change`, and per programme `<name>.status`,
    /// `<name>.reason`, `<name>.monthly` and, where any is paid, `<name>.one_off`. `money` is
    /// `"decimal"` (amounts as `decimal128` yuan) or `"fen"` (`int64` fen, columns named
    /// `…_fen`, the engine's columns shared without a copy).
    #[pyo3(signature = (money="decimal"))]
    fn table<'py>(&self, py: Python<'py>, money: &str) -> PyResult<Bound<'py, PyAny>> {
        let money = crate::export::Money::parse(money).map_err(|e| to_py_err(py, &e))?;
        let (batches, schema) = py
            .detach(|| self.record_batches(money))
            .map_err(|e| to_py_err(py, &arrow_err(e)))?;
        PyTable::try_new(batches, schema)?.into_pyarrow(py)
    }

    /// One scenario's results household-major, as in `run_population`: status codes (indices
    /// into `status_names()`), monthly and one-off amounts (i64 fen, little-endian) and whether a
    /// one-off amount is given, each `households × programmes` cells.
    fn household_major<'py>(&self, py: Python<'py>, scenario: usize) -> PyResult<Buffers<'py>> {
        let n = self.outcome.households;
        let empty = ScenarioColumns::default();
        let c = self.outcome.scenarios.get(scenario).unwrap_or(&empty);
        let (status, monthly, one_off, given) = py.detach(|| {
            let cells = n * WIDTH;
            let mut status = vec![status_code(Eligibility::NotAssessed); cells];
            let mut monthly = vec![0u8; cells * 8];
            let mut one_off = vec![0u8; cells * 8];
            let mut given = vec![0u8; cells];
            for p in 0..WIDTH {
                let (Some(s), Some(m), Some(o), Some(g)) = (
                    c.status.get(p),
                    c.monthly.get(p),
                    c.one_off.get(p),
                    c.has_one_off.get(p),
                ) else {
                    continue;
                };
                for h in 0..n {
                    let k = h * WIDTH + p;
                    if let (Some(dst), Some(v)) = (status.get_mut(k), s.get(h)) {
                        *dst = *v;
                    }
                    if let (Some(dst), Some(v)) = (monthly.get_mut(k * 8..k * 8 + 8), m.get(h)) {
                        dst.copy_from_slice(&v.to_le_bytes());
                    }
                    if let (Some(dst), Some(v)) = (one_off.get_mut(k * 8..k * 8 + 8), o.get(h)) {
                        dst.copy_from_slice(&v.to_le_bytes());
                    }
                    if let (Some(dst), Some(v)) = (given.get_mut(k), g.get(h)) {
                        *dst = u8::from(*v);
                    }
                }
            }
            (status, monthly, one_off, given)
        });
        Ok((
            PyBytes::new(py, &status),
            PyBytes::new(py, &monthly),
            PyBytes::new(py, &one_off),
            PyBytes::new(py, &given),
        ))
    }

    /// Counted monthly income per household (i64 fen, little-endian).
    fn income<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes: Vec<u8> = self
            .outcome
            .facts
            .income
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        PyBytes::new(py, &bytes)
    }

    /// Each household's income decile (1 poorest … 10), by the core's definition and code
    /// (`minzheng::columnar::aggregate`, as the summaries): `weights` little-endian `i64` units
    /// of 10^-`scale` (`None`: 1 each). A household with an error, no members or weight 0 has
    /// none.
    #[pyo3(signature = (weights=None, scale=0))]
    fn income_deciles(
        &self,
        py: Python<'_>,
        weights: Option<Vec<u8>>,
        scale: u32,
    ) -> PyResult<Vec<Option<u8>>> {
        let n = self.outcome.households;
        let units: Option<Vec<i64>> = weights.map(|b| {
            b.chunks_exact(8)
                .map(|c| {
                    let mut w = [0_u8; 8];
                    w.copy_from_slice(c);
                    i64::from_le_bytes(w)
                })
                .collect()
        });
        let mut excluded = vec![false; n];
        for (i, _) in &self.outcome.errors {
            if let Some(x) = excluded.get_mut(*i) {
                *x = true;
            }
        }
        let facts = &self.outcome.facts;
        let deciles = Aggregator::new(
            n,
            units.as_deref().map(|units| Weights { units, scale }),
            &excluded,
        )
        .and_then(|a| a.deciles(&facts.income, &facts.members))
        .map_err(|e| to_py_err(py, &e))?;
        Ok(deciles.into_iter().map(|d| (d > 0).then_some(d)).collect())
    }

    /// Each household's district as a group code (u32 little-endian; districts numbered in the
    /// order they first appear, a household that could not be calculated in none,
    /// `0xFFFFFFFF`) and the districts' wire names in that order: the summaries' by-district
    /// grouping, from the engine's own district column.
    fn district_groups<'py>(&self, py: Python<'py>) -> (Bound<'py, PyBytes>, Vec<&'static str>) {
        let n = self.outcome.households;
        let (codes, names) = py.detach(|| {
            let mut failed = vec![false; n];
            for (i, _) in &self.outcome.errors {
                if let Some(f) = failed.get_mut(*i) {
                    *f = true;
                }
            }
            minzheng::columnar::aggregate::district_groups(&self.outcome.facts.district, &failed)
        });
        let codes: Vec<u8> = codes.iter().flat_map(|c| c.to_le_bytes()).collect();
        (PyBytes::new(py, &codes), names)
    }

    /// Members per household (0 for a household that could not be read).
    fn members(&self) -> Vec<u32> {
        self.outcome.facts.members.clone()
    }
}

/// The household programmes, in column order: `programme`, `label_zh`, `label_en`, `form`.
#[pyfunction]
pub fn columnar_programmes(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for p in PROGRAMMES {
        let d = PyDict::new(py);
        let (zh, en) = p.labels();
        d.set_item("programme", wire_name(p))?;
        d.set_item("label_zh", zh)?;
        d.set_item("label_en", en)?;
        d.set_item("form", wire_name(p.form()))?;
        out.append(d)?;
    }
    Ok(out)
}

/// The names of the status codes of [`Columns::household_major`].
#[pyfunction]
pub fn status_names() -> Vec<String> {
    STATUSES.iter().map(wire_name).collect()
}

/// Households `start..start + len` of another source.
pub(crate) struct Slice<'h, H: ?Sized> {
    inner: &'h H,
    start: usize,
    len: usize,
}

impl<H: Households + ?Sized> Households for Slice<'_, H> {
    fn len(&self) -> usize {
        self.len
    }

    fn gather(
        &self,
        index: usize,
        members: &mut Vec<PersonFacts>,
    ) -> Result<HouseholdFacts<'static>, Error> {
        self.inner.gather(self.start + index, members)
    }

    fn gather_block(&self, range: std::ops::Range<usize>, block: &mut Block) {
        self.inner
            .gather_block(self.start + range.start..self.start + range.end, block);
    }
}

/// Moves the row of a table path (`persons[12].income.wages`) by the rows of earlier batches.
fn shift_path(path: &str, households: usize, persons: usize) -> String {
    for (table, by) in [("households[", households), ("persons[", persons)] {
        if let Some(rest) = path.strip_prefix(table) {
            if let Some(end) = rest.find(']') {
                if let Ok(row) = rest[..end].parse::<usize>() {
                    return format!("{table}{}{}", row + by, &rest[end..]);
                }
            }
        }
    }
    path.to_string()
}

pub(crate) fn shifted(e: Error, households: usize, persons: usize) -> Error {
    if households == 0 && persons == 0 {
        return e;
    }
    Error::new(e.code, shift_path(&e.path, households, persons), e.message)
}

/// What every block of a run shares.
pub(crate) struct Run<'a, 'py> {
    pub(crate) tables: &'a [&'a RateTable<'a>],
    pub(crate) common: Common,
    pub(crate) threads: usize,
    pub(crate) block: usize,
    pub(crate) progress: Option<&'a Bound<'py, PyAny>>,
    /// The programmes decided.
    pub(crate) programmes: Selection,
}

/// The `programmes` argument: the household programmes to decide by wire name (`None`: every
/// one); an unknown name is `invalid_value` at `programmes[i]`.
pub(crate) fn selection(py: Python<'_>, programmes: Option<Vec<String>>) -> PyResult<Selection> {
    match programmes {
        None => Ok(Selection::ALL),
        Some(names) => Selection::parse(&names).map_err(|e| to_py_err(py, &e)),
    }
}

impl Run<'_, '_> {
    /// Runs `households` block by block (GIL released), writing household `i` at household
    /// `at + i` of `acc` (which must hold them) and moving the paths of its errors by `shift`;
    /// calls `progress` with each block's size.
    pub(crate) fn blocks<H: Households + ?Sized>(
        &self,
        py: Python<'_>,
        households: &H,
        acc: &mut Outcome,
        at: usize,
        shift: &dyn Fn(Error) -> Error,
    ) -> PyResult<()> {
        let n = households.len();
        let block = if self.block == 0 {
            DEFAULT_BLOCK
        } else {
            self.block
        };
        let mut start = 0;
        while start < n {
            let end = n.min(start + block);
            let slice = Slice {
                inner: households,
                start,
                len: end - start,
            };
            let (tables, common, threads) = (self.tables, self.common, self.threads);
            let programmes = self.programmes;
            let before = acc.errors.len();
            py.detach(|| {
                columnar::run_into(
                    &slice,
                    tables,
                    common,
                    Options {
                        threads,
                        programmes,
                    },
                    acc,
                    at + start,
                )
            })
            .map_err(|e| to_py_err(py, &e))?;
            if acc.errors.len() > before {
                let added = acc.errors.split_off(before);
                acc.errors
                    .extend(added.into_iter().map(|(i, e)| (i, shift(e))));
            }
            if let Some(callback) = self.progress {
                callback.call1((end - start,))?;
            }
            py.check_signals()?;
            start = end;
        }
        Ok(())
    }
}

pub(crate) fn parse_date(date: &str) -> Result<Date, Error> {
    Date::parse(date).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidDate,
            "date",
            format!("`{date}` is not a date YYYY-MM-DD between 1900 and 2199"),
        )
    })
}

/// The request-level inputs given as JSON text (`{"price_indices": …, "back_pay": …}`), decoded
/// and checked as a request's own fields are; errors at `common.<field>`.
pub(crate) fn common_of(date: Date, common: Option<&str>) -> Result<Common, Error> {
    let Some(text) = common else {
        return Ok(Common::default());
    };
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(text) else {
        return Err(Error::new(
            ErrorCode::InvalidType,
            "common",
            "the common request fields must be a JSON object",
        ));
    };
    let mut request = serde_json::json!({
        "calculation_date": date.to_string(),
        "household": {
            "district": "yuexiu",
            "area": "urban",
            "members": [{"id": "p1", "age": 30, "hukou": "guangzhou"}],
        },
    });
    for (key, value) in fields {
        if key == "calculation_date" || key == "household" {
            return Err(Error::new(
                ErrorCode::ConflictingFields,
                format!("common.{key}"),
                format!("`{key}` is per household, not a common request field"),
            ));
        }
        if let Some(map) = request.as_object_mut() {
            map.insert(key, value);
        }
    }
    let request = minzheng::parse_request(&request.to_string()).map_err(|e| {
        let path = if e.path.is_empty() {
            "common".to_string()
        } else {
            format!("common.{}", e.path)
        };
        Error::new(e.code, path, e.message)
    })?;
    Ok(Common::of(&request))
}

/// One record batch from an Arrow table or batch (chunks concatenated).
pub(crate) fn one_batch(input: AnyRecordBatch) -> PyResult<RecordBatch> {
    let table = input.into_table()?;
    let (mut batches, schema) = table.into_inner();
    if batches.len() == 1 {
        if let Some(batch) = batches.pop() {
            return Ok(batch);
        }
    }
    Ok(arrow_select::concat::concat_batches(&schema, &batches)
        .map_err(pyo3_arrow::error::PyArrowError::from)?)
}

/// Every scenario's parameters resolved for `date`, without the GIL.
pub(crate) fn rate_tables<'a>(
    py: Python<'_>,
    stores: &[&'a ParameterStore],
    date: Date,
) -> Vec<RateTable<'a>> {
    py.detach(|| stores.iter().map(|s| RateTable::resolve(s, date)).collect())
}

pub(crate) fn stores<'a>(
    scenarios: &'a [Bound<'_, Scenario>],
) -> (Vec<String>, Vec<&'a ParameterStore>) {
    let names = scenarios.iter().map(|s| s.get().name.clone()).collect();
    let stores = scenarios.iter().map(|s| &s.get().store).collect();
    (names, stores)
}

fn household_ids(py: Python<'_>, batch: &RecordBatch) -> PyResult<ArrayRef> {
    batch
        .column_by_name("household_id")
        .cloned()
        .ok_or_else(|| {
            to_py_err(
                py,
                &Error::new(
                    ErrorCode::MissingField,
                    "households.household_id",
                    "the households table needs a household_id column",
                ),
            )
        })
}

fn concat_ids(py: Python<'_>, ids: Vec<ArrayRef>) -> PyResult<ArrayRef> {
    match ids.len() {
        0 => Ok(Arc::new(Int64Array::from(Vec::<i64>::new()))),
        1 => Ok(ids
            .into_iter()
            .next()
            .unwrap_or_else(|| Arc::new(Int64Array::from(Vec::<i64>::new())))),
        _ => {
            let refs: Vec<&dyn Array> = ids.iter().map(|a| a.as_ref()).collect();
            arrow_select::concat::concat(&refs).map_err(|e| {
                to_py_err(
                    py,
                    &Error::new(
                        ErrorCode::InvalidType,
                        "households.household_id",
                        format!("household_id has a different type in two batches: {e}"),
                    ),
                )
            })
        }
    }
}

/// Runs a household table and a person table (anything exporting Arrow data) against every
/// scenario on `date`. `common` is the request-level fields as JSON text; households are run in
/// blocks of `block`, `progress(n)` called after each. Errors of a whole column or of the join
/// are raised; a household's error is recorded in the result ([`Columns::errors`]).
#[pyfunction]
#[pyo3(signature = (households, persons, date, scenarios, common=None, threads=0, block=0, progress=None, programmes=None))]
#[allow(clippy::too_many_arguments)]
pub fn simulate_arrow<'py>(
    py: Python<'py>,
    households: AnyRecordBatch,
    persons: AnyRecordBatch,
    date: &str,
    scenarios: Vec<Bound<'py, Scenario>>,
    common: Option<&str>,
    threads: usize,
    block: usize,
    progress: Option<Bound<'py, PyAny>>,
    programmes: Option<Vec<String>>,
) -> PyResult<Columns> {
    let programmes = selection(py, programmes)?;
    let date = parse_date(date).map_err(|e| to_py_err(py, &e))?;
    let common = common_of(date, common).map_err(|e| to_py_err(py, &e))?;
    let (names, stores) = stores(&scenarios);
    let resolved = rate_tables(py, &stores, date);
    let tables: Vec<&RateTable<'_>> = resolved.iter().collect();
    let run = Run {
        tables: &tables,
        common,
        threads,
        block,
        progress: progress.as_ref(),
        programmes,
    };
    let (pairs, schema) = pairs_of(py, households, persons)?;
    let total = pairs.iter().map(|pair| pair.households.num_rows()).sum();
    let mut outcome = Outcome::new(total, names.len());
    let (mut h0, mut p0) = (0, 0);
    let mut ids = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let hb = &pair.households;
        let pb = py
            .detach(|| pair.persons(&schema))
            .map_err(|e| to_py_err(py, &arrow_err(e)))?;
        let population = py
            .detach(|| ArrowPopulation::bind_threads(hb, &pb, date, &|_| false, threads))
            .map_err(|e| to_py_err(py, &shifted(e, h0, p0)))?;
        run.blocks(py, &population, &mut outcome, h0, &|e| shifted(e, h0, p0))?;
        ids.push(household_ids(py, hb)?);
        h0 += hb.num_rows();
        p0 += pb.num_rows();
    }
    Ok(Columns {
        outcome: Arc::new(outcome),
        scenarios: names,
        ids: concat_ids(py, ids)?,
    })
}

/// The tables as pairs of whole households (and the person schema): as they are when each is
/// one batch, cut along the household chunks when the layout allows
/// ([`crate::parts::aligned`]: the persons of a pair are joined only when it runs), else each
/// table concatenated.
fn pairs_of(
    py: Python<'_>,
    households: AnyRecordBatch,
    persons: AnyRecordBatch,
) -> PyResult<(Vec<Chunk>, SchemaRef)> {
    let (mut hbatches, hschema) = households.into_table()?.into_inner();
    let (mut pbatches, pschema) = persons.into_table()?.into_inner();
    if hbatches.len() == 1 && pbatches.len() == 1 {
        if let (Some(h), Some(p)) = (hbatches.pop(), pbatches.pop()) {
            return Ok((vec![Chunk::whole(h, p)], pschema));
        }
    }
    if let Some(pairs) = py.detach(|| crate::parts::aligned(&hbatches, &pbatches)) {
        if !pairs.is_empty() {
            return Ok((pairs, pschema));
        }
    }
    let arrow = |e: ArrowError| to_py_err(py, &arrow_err(e));
    let h = arrow_select::concat::concat_batches(&hschema, &hbatches).map_err(arrow)?;
    let p = arrow_select::concat::concat_batches(&pschema, &pbatches).map_err(arrow)?;
    Ok((vec![Chunk::whole(h, p)], pschema))
}

/// Runs a stream of `(households, persons)` pairs (each pair whole households, anything
/// exporting Arrow data) as one population; only one pair is held at a time. Paths of errors
/// are rows of the tables as if the pairs were concatenated.
#[pyfunction]
#[pyo3(signature = (pairs, date, scenarios, common=None, threads=0, block=0, progress=None, programmes=None))]
#[allow(clippy::too_many_arguments)]
pub fn simulate_arrow_batches<'py>(
    py: Python<'py>,
    pairs: &Bound<'py, PyAny>,
    date: &str,
    scenarios: Vec<Bound<'py, Scenario>>,
    common: Option<&str>,
    threads: usize,
    block: usize,
    progress: Option<Bound<'py, PyAny>>,
    programmes: Option<Vec<String>>,
) -> PyResult<Columns> {
    let programmes = selection(py, programmes)?;
    let date = parse_date(date).map_err(|e| to_py_err(py, &e))?;
    let common = common_of(date, common).map_err(|e| to_py_err(py, &e))?;
    let (names, stores) = stores(&scenarios);
    let resolved = rate_tables(py, &stores, date);
    let tables: Vec<&RateTable<'_>> = resolved.iter().collect();
    let run = Run {
        tables: &tables,
        common,
        threads,
        block,
        progress: progress.as_ref(),
        programmes,
    };
    let mut outcome = Outcome::new(0, names.len());
    let mut ids = Vec::new();
    for_each_pair(py, pairs, date, &|_| false, |pair| {
        let (h0, p0) = (pair.households, pair.persons);
        outcome.resize(h0 + pair.population.len());
        run.blocks(py, pair.population, &mut outcome, h0, &|e| {
            shifted(e, h0, p0)
        })?;
        ids.push(household_ids(py, pair.batch)?);
        Ok(())
    })?;
    Ok(Columns {
        outcome: Arc::new(outcome),
        scenarios: names,
        ids: concat_ids(py, ids)?,
    })
}

/// One pair of a stream, bound: its household batch and population, and the rows of the
/// stream before it (for the paths of its errors).
pub(crate) struct Pair<'a> {
    pub(crate) batch: &'a RecordBatch,
    pub(crate) population: &'a ArrowPopulation<'a>,
    pub(crate) households: usize,
    pub(crate) persons: usize,
}

/// Binds each `(households, persons)` pair of `pairs` in turn (`skip` names columns that are not
/// request fields) and hands it to `each`; only one pair is held at a time. A binding error's
/// path is a row of the tables as if the pairs were concatenated. Returns the households seen.
pub(crate) fn for_each_pair(
    py: Python<'_>,
    pairs: &Bound<'_, PyAny>,
    date: Date,
    skip: &(dyn Fn(&str) -> bool + Sync),
    mut each: impl FnMut(Pair<'_>) -> PyResult<()>,
) -> PyResult<usize> {
    let (mut h_rows, mut p_rows) = (0_usize, 0_usize);
    for item in pairs.try_iter()? {
        let (households, persons): (AnyRecordBatch, AnyRecordBatch) = item?.extract()?;
        let hb = one_batch(households)?;
        let pb = one_batch(persons)?;
        let (h0, p0) = (h_rows, p_rows);
        let population = py
            .detach(|| ArrowPopulation::bind(&hb, &pb, date, skip))
            .map_err(|e| to_py_err(py, &shifted(e, h0, p0)))?;
        each(Pair {
            batch: &hb,
            population: &population,
            households: h0,
            persons: p0,
        })?;
        h_rows += hb.num_rows();
        p_rows += pb.num_rows();
    }
    Ok(h_rows)
}

/// Runs requests given as JSON text (each with its own date and request-level fields) against
/// every scenario: the households of each date and set of common fields together. A request
/// that cannot be decoded is an error of its household.
#[pyfunction]
#[pyo3(signature = (requests, scenarios, threads=0, block=0, progress=None, programmes=None))]
pub fn simulate_requests<'py>(
    py: Python<'py>,
    requests: Vec<String>,
    scenarios: Vec<Bound<'py, Scenario>>,
    threads: usize,
    block: usize,
    progress: Option<Bound<'py, PyAny>>,
    programmes: Option<Vec<String>>,
) -> PyResult<Columns> {
    let programmes = selection(py, programmes)?;
    let n = requests.len();
    let (names, stores) = stores(&scenarios);
    let decoded: Vec<Result<CalculationRequest, Error>> = py.detach(|| {
        requests
            .iter()
            .map(|r| minzheng::parse_request(r))
            .collect()
    });
    drop(requests);
    let mut failed: Vec<(usize, Error)> = Vec::new();
    let mut decoded_ok: Vec<CalculationRequest> = Vec::with_capacity(n);
    let mut position: Vec<usize> = Vec::with_capacity(n);
    for (i, r) in decoded.into_iter().enumerate() {
        match r {
            Ok(request) => {
                decoded_ok.push(request);
                position.push(i);
            }
            Err(e) => failed.push((i, e)),
        }
    }
    let groups = minzheng::columnar::requests::groups(&decoded_ok);
    let mut parts = Vec::with_capacity(groups.len());
    for group in &groups {
        let resolved = rate_tables(py, &stores, group.date);
        let tables: Vec<&RateTable<'_>> = resolved.iter().collect();
        let run = Run {
            tables: &tables,
            common: group.common,
            threads,
            block,
            progress: progress.as_ref(),
            programmes,
        };
        let subset = Requests::subset(&decoded_ok, &group.indices);
        let mut part = Outcome::new(subset.len(), names.len());
        run.blocks(py, &subset, &mut part, 0, &|e| e)?;
        let at: Vec<usize> = group
            .indices
            .iter()
            .map(|k| position.get(*k).copied().unwrap_or(usize::MAX))
            .collect();
        parts.push((at, part));
    }
    if let Some(callback) = progress.as_ref() {
        if !failed.is_empty() {
            callback.call1((failed.len(),))?;
        }
    }
    let identity = failed.is_empty() && parts.len() == 1;
    let outcome = if identity {
        parts
            .pop()
            .map(|(_, part)| part)
            .unwrap_or_else(|| Outcome::new(0, names.len()))
    } else {
        let mut full = Outcome::new(n, names.len());
        for (at, part) in parts {
            full.scatter(part, &at);
        }
        full.errors.extend(failed);
        full.errors.sort_by_key(|(i, _)| *i);
        full
    };
    let ids: ArrayRef = Arc::new(Int64Array::from_iter_values(
        (0..n).map(|i| i64::try_from(i).unwrap_or(i64::MAX)),
    ));
    Ok(Columns {
        outcome: Arc::new(outcome),
        scenarios: names,
        ids,
    })
}
