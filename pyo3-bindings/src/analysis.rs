//! Native functions behind `minzheng.analysis`: batch runs of a population given as columns or
//! as requests, scenarios (the embedded parameters, or a reform applied to them), the
//! differential explanation and the benefit cliff.
//!
//! Populations cross as columns: a list of `(field path, list of values)` per table, values being
//! `None`, `bool`, `int`, `str`, `decimal.Decimal`, `datetime.date`, or a float (`NaN` is a
//! missing value; any other float is passed on for the engine to reject where money is expected,
//! with `invalid_money` and the field's path). Results cross as compact buffers: per household
//! and programme a status code (`u8`), the monthly and one-off amounts in whole fen (`i64`,
//! little-endian; a one-off amount of 0 where the programme pays none) and whether a one-off
//! amount was given (`u8`, 0 or 1). Money stays exact: the amounts are the engine's, rounded to
//! the fen, as integers.

use minzheng::batch::population::{Column, Population, counted_household_income};
use minzheng::batch::{self, Options, Outcome, fen};
use minzheng::reform::Reform;
use minzheng::wire::Eligibility;
use minzheng::{CalculationRequest, Date, Error, ErrorCode, Money, ParameterStore};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString};
use serde_json::{Map, Value};

use crate::error::{text_arg, to_py_err};

/// A parameter store to run households against: the embedded parameters or a reform of them.
#[pyclass(frozen, module = "minzheng._native")]
pub struct Scenario {
    pub(crate) name: String,
    pub(crate) store: ParameterStore,
}

#[pymethods]
impl Scenario {
    /// The scenario's name (`baseline`, or the reform's name).
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }
}

/// The embedded parameters, as the scenario `baseline`.
#[pyfunction]
pub fn baseline_scenario(py: Python<'_>) -> PyResult<Scenario> {
    let store = ParameterStore::embedded().map_err(|e| to_py_err(py, &e))?;
    Ok(Scenario {
        name: "baseline".to_string(),
        store: store.clone(),
    })
}

/// The embedded parameters with a reform (JSON text) applied; errors name the field
/// (`reform.overrides[0].key`).
#[pyfunction]
pub fn reform_scenario(py: Python<'_>, reform: &Bound<'_, PyAny>) -> PyResult<Scenario> {
    let text = text_arg(py, reform, "reform")?;
    let text: &str = &text;
    let result = py.detach(|| -> Result<Scenario, Error> {
        let reform = Reform::from_json(text)?;
        let store = ParameterStore::embedded()?.with_reform(&reform)?;
        Ok(Scenario {
            name: reform.name,
            store,
        })
    });
    result.map_err(|e| to_py_err(py, &e))
}

fn input_error(path: String, message: String) -> Error {
    Error::new(ErrorCode::InvalidType, path, message)
}

/// Converts one cell of a table to JSON; `None` for a missing value. `decimal` is the type
/// `decimal.Decimal`, looked up once per call.
fn cell(
    value: &Bound<'_, PyAny>,
    decimal: &Bound<'_, PyAny>,
    path: &dyn Fn() -> String,
) -> Result<Option<Value>, Error> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(s) = value.cast::<PyString>() {
        let text = s.to_cow().map_err(|e| {
            Error::new(
                ErrorCode::InvalidJson,
                path(),
                format!("the text is not valid Unicode: {e}"),
            )
        })?;
        return Ok(Some(Value::String(text.into_owned())));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Some(Value::Bool(b.is_true())));
    }
    if let Ok(i) = value.cast::<PyInt>() {
        if let Ok(n) = i.extract::<i64>() {
            return Ok(Some(Value::from(n)));
        }
        return Err(Error::new(
            ErrorCode::OutOfRange,
            path(),
            "the integer is too large",
        ));
    }
    let kind = || {
        value
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let py_err = |e: PyErr| input_error(path(), format!("a {} could not be read: {e}", kind()));
    if value.get_type().is(decimal) {
        // str() of a Decimal is plain unless it has an exponent or is not a number.
        let text = value
            .str()
            .and_then(|t| t.to_cow().map(|c| c.into_owned()))
            .map_err(py_err)?;
        if text.contains('N') {
            return Ok(None);
        }
        if !text.contains(['E', 'e']) {
            return Ok(Some(Value::String(text)));
        }
        let plain: String = value
            .call_method1("__format__", ("f",))
            .and_then(|t| t.extract())
            .map_err(py_err)?;
        return Ok(Some(Value::String(plain)));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        let x = f.value();
        if x.is_nan() {
            return Ok(None);
        }
        // Passed on as a JSON float: the engine rejects it where money or a whole number is
        // expected (`invalid_money`, `invalid_type`), never rounding it.
        return Ok(serde_json::Number::from_f64(x).map(Value::Number));
    }
    let kind = kind();
    match kind.as_str() {
        "NAType" | "NaTType" => Ok(None),
        "date" => {
            let text: String = value
                .call_method0("isoformat")
                .and_then(|t| t.extract())
                .map_err(py_err)?;
            Ok(Some(Value::String(text)))
        }
        "datetime" | "Timestamp" => {
            let text: String = value
                .call_method0("date")
                .and_then(|d| d.call_method0("isoformat"))
                .and_then(|t| t.extract())
                .map_err(py_err)?;
            Ok(Some(Value::String(text)))
        }
        _ if value.hasattr("item").unwrap_or(false) && value.hasattr("dtype").unwrap_or(false) => {
            // A NumPy scalar: its Python value.
            let item = value.call_method0("item").map_err(py_err)?;
            cell(&item, decimal, path)
        }
        _ => Err(input_error(
            path(),
            format!(
                "a {kind} is not a value a request can hold; use str, int, bool, decimal.Decimal or datetime.date"
            ),
        )),
    }
}

fn columns(table: &str, given: Vec<(String, Bound<'_, PyList>)>) -> Result<Vec<Column>, Error> {
    let mut out = Vec::with_capacity(given.len());
    let Some(first) = given.first() else {
        return Ok(out);
    };
    let decimal = first
        .1
        .py()
        .import("decimal")
        .and_then(|m| m.getattr("Decimal"))
        .map_err(|e| {
            input_error(
                String::new(),
                format!("decimal.Decimal could not be loaded: {e}"),
            )
        })?;
    for (name, values) in given {
        let mut cells = Vec::with_capacity(values.len());
        for (row, v) in values.iter().enumerate() {
            cells.push(cell(&v, &decimal, &|| format!("{table}[{row}].{name}"))?);
        }
        out.push(Column::new(table, &name, cells)?);
    }
    Ok(out)
}

/// Per-household results of every scenario, as buffers (see the module documentation).
struct Compact {
    programmes: Vec<batch::ProgrammeColumn>,
    statuses: Vec<Eligibility>,
    income: Vec<i64>,
    errors: Vec<(usize, Error)>,
    scenarios: Vec<ScenarioCompact>,
}

struct ScenarioCompact {
    status: Vec<u8>,
    monthly: Vec<u8>,
    one_off: Vec<u8>,
    one_off_given: Vec<u8>,
    errors: Vec<(usize, Error)>,
    traces: Vec<(usize, String)>,
}

fn status_code(statuses: &mut Vec<Eligibility>, s: Eligibility) -> u8 {
    let i = match statuses.iter().position(|x| *x == s) {
        Some(i) => i,
        None => {
            statuses.push(s);
            statuses.len() - 1
        }
    };
    u8::try_from(i).unwrap_or(u8::MAX)
}

fn fen_of(m: Money) -> Result<i64, Error> {
    fen(m).ok_or_else(|| {
        Error::new(
            ErrorCode::Internal,
            "",
            format!("the amount {m} is not a whole number of fen"),
        )
    })
}

/// Runs `requests` (with their household indices among `total`) against every scenario.
fn run_all(
    total: usize,
    decoded: Vec<Result<CalculationRequest, Error>>,
    stores: &[&ParameterStore],
    trace: &[usize],
    threads: usize,
) -> Result<Compact, Error> {
    let mut errors = Vec::new();
    let mut indices = Vec::with_capacity(decoded.len());
    let mut requests = Vec::with_capacity(decoded.len());
    let mut income = vec![0i64; total];
    for (i, r) in decoded.into_iter().enumerate() {
        match r {
            Ok(request) => {
                if let Some(slot) = income.get_mut(i) {
                    *slot = fen(Money(counted_household_income(&request))).unwrap_or_default();
                }
                indices.push(i);
                requests.push(request);
            }
            Err(e) => errors.push((i, e)),
        }
    }
    let positions: Vec<usize> = trace
        .iter()
        .filter_map(|t| indices.iter().position(|i| i == t))
        .collect();
    let options = Options {
        threads,
        trace: positions,
    };
    let mut statuses = Vec::new();
    let mut programmes = Vec::new();
    let mut scenarios = Vec::with_capacity(stores.len());
    for store in stores {
        let outcome = batch::run(store, &requests, &options)?;
        if programmes.is_empty() {
            programmes.clone_from(&outcome.programmes);
        } else if !outcome.programmes.is_empty() && outcome.programmes != programmes {
            return Err(Error::new(
                ErrorCode::Internal,
                "",
                "the scenarios list different programmes",
            ));
        }
        scenarios.push(compact(
            &outcome,
            total,
            &indices,
            programmes.len(),
            &mut statuses,
        )?);
    }
    Ok(Compact {
        programmes,
        statuses,
        income,
        errors,
        scenarios,
    })
}

fn compact(
    outcome: &Outcome,
    total: usize,
    indices: &[usize],
    width: usize,
    statuses: &mut Vec<Eligibility>,
) -> Result<ScenarioCompact, Error> {
    let cells = total.saturating_mul(width);
    let missing = status_code(statuses, Eligibility::NotAssessed);
    let mut status = vec![missing; cells];
    let mut monthly = vec![0u8; cells * 8];
    let mut one_off = vec![0u8; cells * 8];
    let mut one_off_given = vec![0u8; cells];
    for (position, household) in indices.iter().enumerate() {
        let Some(row) = outcome.row(position) else {
            continue;
        };
        for (c, cell) in row.iter().enumerate() {
            let k = household * width + c;
            if let Some(s) = status.get_mut(k) {
                *s = status_code(statuses, cell.status);
            }
            let m = fen_of(cell.monthly_amount)?;
            let o = match cell.one_off_amount {
                Some(x) => {
                    if let Some(g) = one_off_given.get_mut(k) {
                        *g = 1;
                    }
                    fen_of(x)?
                }
                None => 0,
            };
            if let Some(dst) = monthly.get_mut(k * 8..k * 8 + 8) {
                dst.copy_from_slice(&m.to_le_bytes());
            }
            if let Some(dst) = one_off.get_mut(k * 8..k * 8 + 8) {
                dst.copy_from_slice(&o.to_le_bytes());
            }
        }
    }
    let at = |p: usize| indices.get(p).copied().unwrap_or_default();
    let errors = outcome
        .errors
        .iter()
        .map(|(p, e)| (at(*p), e.clone()))
        .collect();
    let traces = outcome
        .traces
        .iter()
        .map(|(p, r)| serde_json::to_string(r).map(|t| (at(*p), t)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                "",
                format!("a trace could not be encoded: {e}"),
            )
        })?;
    Ok(ScenarioCompact {
        status,
        monthly,
        one_off,
        one_off_given,
        errors,
        traces,
    })
}

fn error_tuple(py: Python<'_>, (i, e): &(usize, Error)) -> PyResult<Py<PyAny>> {
    Ok((*i, e.code.as_str(), e.path.as_str(), e.message.as_str())
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

fn to_python<'py>(py: Python<'py>, c: &Compact) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let programmes = PyList::empty(py);
    for p in &c.programmes {
        let d = PyDict::new(py);
        d.set_item("programme", &p.name)?;
        d.set_item("label_zh", &p.label_zh)?;
        d.set_item("label_en", &p.label_en)?;
        d.set_item("form", p.form.as_deref())?;
        programmes.append(d)?;
    }
    out.set_item("programmes", programmes)?;
    let statuses: Vec<String> = c
        .statuses
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    out.set_item("statuses", statuses)?;
    let income: Vec<u8> = c.income.iter().flat_map(|x| x.to_le_bytes()).collect();
    out.set_item("income", PyBytes::new(py, &income))?;
    let errors = c
        .errors
        .iter()
        .map(|e| error_tuple(py, e))
        .collect::<PyResult<Vec<_>>>()?;
    out.set_item("errors", errors)?;
    let scenarios = PyList::empty(py);
    for s in &c.scenarios {
        let d = PyDict::new(py);
        d.set_item("status", PyBytes::new(py, &s.status))?;
        d.set_item("monthly", PyBytes::new(py, &s.monthly))?;
        d.set_item("one_off", PyBytes::new(py, &s.one_off))?;
        d.set_item("one_off_given", PyBytes::new(py, &s.one_off_given))?;
        let errors = s
            .errors
            .iter()
            .map(|e| error_tuple(py, e))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item("errors", errors)?;
        d.set_item("traces", s.traces.clone())?;
        scenarios.append(d)?;
    }
    out.set_item("scenarios", scenarios)?;
    Ok(out)
}

fn common_fields(common: Option<&str>) -> Result<Map<String, Value>, Error> {
    match common {
        None => Ok(Map::new()),
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(Error::new(
                ErrorCode::InvalidType,
                "common",
                "the common request fields must be a JSON object",
            )),
        },
    }
}

fn parse_date(date: &str) -> Result<Date, Error> {
    Date::parse(date).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidDate,
            "calculation_date",
            format!("`{date}` is not a date YYYY-MM-DD between 1900 and 2199"),
        )
    })
}

/// A population as columns: household columns (one value per household), person columns (one
/// value per person, persons in household order) and the number of persons of each household.
type Tables<'py> = (
    Vec<(String, Bound<'py, PyList>)>,
    Vec<(String, Bound<'py, PyList>)>,
    Vec<usize>,
);

fn population(tables: Tables<'_>) -> Result<Population, Error> {
    let (households, persons, members) = tables;
    Population::new(
        columns("households", households)?,
        columns("persons", persons)?,
        &members,
    )
}

/// Runs a population given as columns against every scenario; see the module documentation for
/// the result's buffers.
#[pyfunction]
#[pyo3(signature = (date, household_columns, person_columns, members, common, scenarios, trace, threads))]
#[allow(clippy::too_many_arguments)]
pub fn run_population<'py>(
    py: Python<'py>,
    date: &str,
    household_columns: Vec<(String, Bound<'py, PyList>)>,
    person_columns: Vec<(String, Bound<'py, PyList>)>,
    members: Vec<usize>,
    common: Option<&str>,
    scenarios: Vec<Bound<'py, Scenario>>,
    trace: Vec<usize>,
    threads: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let prepared = (|| -> Result<_, Error> {
        Ok((
            parse_date(date)?,
            common_fields(common)?,
            population((household_columns, person_columns, members))?,
        ))
    })();
    let (date, common, population) = prepared.map_err(|e| to_py_err(py, &e))?;
    let stores: Vec<&ParameterStore> = scenarios.iter().map(|s| &s.get().store).collect();
    let compact = py
        .detach(|| {
            let decoded = population.requests(date, &common, threads)?;
            run_all(population.len(), decoded, &stores, &trace, threads)
        })
        .map_err(|e| to_py_err(py, &e))?;
    to_python(py, &compact)
}

/// Runs requests given as JSON text against every scenario (same result as [`run_population`]).
#[pyfunction]
#[pyo3(signature = (requests, scenarios, trace, threads))]
pub fn run_requests<'py>(
    py: Python<'py>,
    requests: Vec<String>,
    scenarios: Vec<Bound<'py, Scenario>>,
    trace: Vec<usize>,
    threads: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let stores: Vec<&ParameterStore> = scenarios.iter().map(|s| &s.get().store).collect();
    let compact = py
        .detach(|| {
            let decoded: Vec<Result<CalculationRequest, Error>> = requests
                .iter()
                .map(|r| minzheng::parse_request(r))
                .collect();
            run_all(requests.len(), decoded, &stores, &trace, threads)
        })
        .map_err(|e| to_py_err(py, &e))?;
    to_python(py, &compact)
}

/// The decoded requests (as JSON text) of chosen households of a population given as columns.
#[pyfunction]
#[pyo3(signature = (date, household_columns, person_columns, members, common, indices))]
pub fn population_requests<'py>(
    py: Python<'py>,
    date: &str,
    household_columns: Vec<(String, Bound<'py, PyList>)>,
    person_columns: Vec<(String, Bound<'py, PyList>)>,
    members: Vec<usize>,
    common: Option<&str>,
    indices: Vec<usize>,
) -> PyResult<Vec<String>> {
    let result = (|| -> Result<Vec<String>, Error> {
        let date = parse_date(date)?;
        let common = common_fields(common)?;
        let population = population((household_columns, person_columns, members))?;
        indices
            .iter()
            .map(|i| {
                let request = population.request(*i, date, &common)?;
                serde_json::to_string(&request)
                    .map_err(|e| Error::new(ErrorCode::Internal, "", e.to_string()))
            })
            .collect()
    })();
    result.map_err(|e| to_py_err(py, &e))
}

/// `{"request": …, "reform": …}` as JSON text in; baseline, reformed and their difference as JSON
/// text out.
#[pyfunction]
pub fn calculate_reform_json(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = text_arg(py, request, "")?;
    let text: &str = &text;
    py.detach(|| minzheng::reform::calculate_reform_json(text))
        .map_err(|e| to_py_err(py, &e))
}

/// A benefit-cliff sweep (`{"request", "vary", "from", "to", "step", "reform"?}` as JSON text,
/// on every core); the result as JSON text.
#[pyfunction]
pub fn cliff_json(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = text_arg(py, request, "")?;
    let text: &str = &text;
    py.detach(|| minzheng::batch::cliff::cliff_json(text))
        .map_err(|e| to_py_err(py, &e))
}

/// The outcome `columns` with more households recorded as errors: each `(index, code, path,
/// message)` household gets the error (replacing one the engine recorded for it) and its cells
/// are reset as for an error the engine records (every programme `not_assessed`, amounts,
/// members and income zero). Used for cells the Python side could not convert (a `bytes` cell of
/// a pandas object column): they are sent as missing and their households reported here, so one
/// bad cell costs its household, not the run.
#[pyfunction]
pub fn columns_with_errors(
    py: Python<'_>,
    columns: &Bound<'_, crate::columnar::Columns>,
    errors: Vec<(usize, String, String, String)>,
) -> PyResult<crate::columnar::Columns> {
    let given = columns.get();
    let mut outcome = (*given.outcome).clone();
    let n = outcome.households;
    let mut added: Vec<(usize, Error)> = Vec::with_capacity(errors.len());
    for (i, code, path, message) in errors {
        let code = ErrorCode::ALL
            .into_iter()
            .find(|c| c.as_str() == code)
            .unwrap_or(ErrorCode::InvalidValue);
        if i >= n {
            let message = format!("household index {i} is outside the {n} households");
            return Err(to_py_err(
                py,
                &Error::new(ErrorCode::InvalidValue, "", message),
            ));
        }
        outcome.clear(i);
        added.push((i, Error::new(code, path, message)));
    }
    added.sort_by_key(|(i, _)| *i);
    added.dedup_by_key(|(i, _)| *i);
    outcome
        .errors
        .retain(|(i, _)| added.binary_search_by_key(i, |(j, _)| *j).is_err());
    outcome.errors.extend(added);
    outcome.errors.sort_by_key(|(i, _)| *i);
    Ok(crate::columnar::Columns {
        outcome: std::sync::Arc::new(outcome),
        scenarios: given.scenarios.clone(),
        ids: given.ids.clone(),
    })
}
