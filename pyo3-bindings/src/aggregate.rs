//! Native summaries behind `minzheng.analysis.summarise`: the exact aggregates of
//! [`minzheng::columnar::aggregate`] over columns handed over as bytes.
//!
//! Columns cross as byte strings (`bytes`, or anything `bytes()` accepts: `bytearray`,
//! `memoryview`, `array.array`, a NumPy array), little-endian: amounts and weight units `i64`,
//! members and group codes `u32`, status codes and the excluded mask `u8`. A scenario's
//! columns are given either programme-major (a list with one column per programme) or
//! household-major (one byte string of `households × width` values, household by household, as
//! `run_population` returns them). Results are plain Python ints (exact, × 10^scale for weighted
//! figures) for the Python layer to round and format.

use minzheng::columnar::aggregate::{Aggregator, Codes, NO_GROUP, ScenarioView, Tally, Weights};
use minzheng::columnar::{STATUSES, status_code};
use minzheng::wire::Eligibility;
use minzheng::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use crate::error::to_py_err;

/// A byte string argument: borrowed from a `bytes`, else copied with `bytes(value)`.
fn bytes_of<'py>(value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(b.clone());
    }
    let b = value.py().get_type::<PyBytes>().call1((value,))?;
    Ok(b.cast_into::<PyBytes>()?)
}

/// A scenario part (status, monthly or one-off): one byte string, household-major, or a list of
/// one per programme.
enum Part<'py> {
    Interleaved(Bound<'py, PyBytes>),
    Columns(Vec<Bound<'py, PyBytes>>),
}

fn part<'py>(value: &Bound<'py, PyAny>) -> PyResult<Part<'py>> {
    if let Ok(list) = value.cast::<PyList>() {
        return list
            .iter()
            .map(|c| bytes_of(&c))
            .collect::<PyResult<Vec<_>>>()
            .map(Part::Columns);
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return tuple
            .iter()
            .map(|c| bytes_of(&c))
            .collect::<PyResult<Vec<_>>>()
            .map(Part::Columns);
    }
    bytes_of(value).map(Part::Interleaved)
}

enum View<'a> {
    Interleaved(&'a [u8]),
    Columns(Vec<&'a [u8]>),
}

impl<'py> Part<'py> {
    fn view(&self) -> View<'_> {
        match self {
            Part::Interleaved(b) => View::Interleaved(b.as_bytes()),
            Part::Columns(c) => View::Columns(c.iter().map(|b| b.as_bytes()).collect()),
        }
    }
}

fn bad(path: String, message: String) -> Error {
    Error::new(ErrorCode::InvalidValue, path, message)
}

fn i64s(bytes: &[u8], n: usize, path: &dyn Fn() -> String) -> Result<Vec<i64>, Error> {
    if bytes.len() != n * 8 {
        return Err(bad(
            path(),
            format!("{} bytes for {n} values of 8 bytes", bytes.len()),
        ));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0_u8; 8];
            b.copy_from_slice(c);
            i64::from_le_bytes(b)
        })
        .collect())
}

fn u32s(bytes: &[u8], n: usize, path: &str) -> Result<Vec<u32>, Error> {
    if bytes.len() != n * 4 {
        return Err(bad(
            path.to_string(),
            format!("{} bytes for {n} values of 4 bytes", bytes.len()),
        ));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| {
            let mut b = [0_u8; 4];
            b.copy_from_slice(c);
            u32::from_le_bytes(b)
        })
        .collect())
}

/// The columns of one scenario part, programme-major: `width` columns of `n` values of `size`
/// bytes, decoded by `decode`.
fn columns<T: Copy + Default>(
    view: &View<'_>,
    n: usize,
    width: usize,
    size: usize,
    path: &str,
    decode: impl Fn(&[u8]) -> T,
) -> Result<Vec<Vec<T>>, Error> {
    match view {
        View::Columns(cols) => {
            if cols.len() != width {
                return Err(bad(
                    path.to_string(),
                    format!("{} columns for {width} programmes", cols.len()),
                ));
            }
            cols.iter()
                .enumerate()
                .map(|(p, c)| {
                    if c.len() != n * size {
                        return Err(bad(
                            format!("{path}[{p}]"),
                            format!("{} bytes for {n} values of {size} bytes", c.len()),
                        ));
                    }
                    Ok(c.chunks_exact(size).map(&decode).collect())
                })
                .collect()
        }
        View::Interleaved(bytes) => {
            if bytes.len() != n * width * size {
                return Err(bad(
                    path.to_string(),
                    format!(
                        "{} bytes for {n} households × {width} programmes of {size} bytes",
                        bytes.len()
                    ),
                ));
            }
            // Transposed a block of households at a time (the block's rows stay in cache).
            const BLOCK: usize = 512;
            let mut out: Vec<Vec<T>> = (0..width).map(|_| vec![T::default(); n]).collect();
            let row = width * size;
            if row > 0 {
                for (b, rows) in bytes.chunks(BLOCK * row).enumerate() {
                    for (p, col) in out.iter_mut().enumerate() {
                        let Some(dst) = col.get_mut(b * BLOCK..) else {
                            continue;
                        };
                        for (slot, r) in dst.iter_mut().zip(rows.chunks_exact(row)) {
                            if let Some(cell) = r.get(p * size..(p + 1) * size) {
                                *slot = decode(cell);
                            }
                        }
                    }
                }
            }
            Ok(out)
        }
    }
}

fn le_i64(c: &[u8]) -> i64 {
    let mut b = [0_u8; 8];
    b.copy_from_slice(c);
    i64::from_le_bytes(b)
}

fn first_byte(c: &[u8]) -> u8 {
    c.first().copied().unwrap_or(u8::MAX)
}

/// Everything the native summary computes.
pub(crate) struct Computed {
    pub(crate) scale: u32,
    pub(crate) cost: Vec<minzheng::columnar::aggregate::ScenarioCost>,
    pub(crate) winners_losers: Vec<Tally>,
    pub(crate) deciles: Vec<u8>,
    pub(crate) by_decile: Vec<Vec<Tally>>,
    pub(crate) groups: Vec<Vec<Vec<Tally>>>,
}

/// The scenarios' columns: bytes from Python (per scenario), or a run's own outcome.
enum Scenarios<'a> {
    Bytes(Vec<[View<'a>; 3]>),
    Run(&'a minzheng::columnar::Outcome),
}

/// Per-household numbers: bytes from Python, or a run's own columns.
enum Numbers<'a, T> {
    Bytes(&'a [u8]),
    Native(&'a [T]),
}

struct Inputs<'a> {
    households: usize,
    width: usize,
    scenarios: Scenarios<'a>,
    income: Numbers<'a, i64>,
    members: Numbers<'a, u32>,
    weights: Option<&'a [u8]>,
    scale: u32,
    excluded: Option<&'a [u8]>,
    groupings: Vec<&'a [u8]>,
}

fn compute(inputs: &Inputs<'_>) -> Result<Computed, Error> {
    let n = inputs.households;
    let width = inputs.width;
    let units = match inputs.weights {
        Some(w) => Some(i64s(w, n, &|| "weights".to_string())?),
        None => None,
    };
    let excluded: Vec<bool> = match inputs.excluded {
        Some(x) => {
            if x.len() != n {
                return Err(bad(
                    "excluded".to_string(),
                    format!("{} bytes for {n} households", x.len()),
                ));
            }
            x.iter().map(|b| *b != 0).collect()
        }
        None => Vec::new(),
    };
    let weights = units.as_deref().map(|units| Weights {
        units,
        scale: inputs.scale,
    });
    let a = match &inputs.scenarios {
        // A run's own columns, summed in place (nothing copied), its scenarios on threads of
        // their own, each household's annual totals those the run summed.
        Scenarios::Run(outcome) => Aggregator::of_outcome_excluding(outcome, weights, &excluded)?,
        Scenarios::Bytes(parts) => {
            let mut a = Aggregator::new(n, weights, &excluded)?;
            for (s, [status, monthly, one_off]) in parts.iter().enumerate() {
                let path = |what: &str| format!("scenarios[{s}].{what}");
                let status = columns(status, n, width, 1, &path("status"), first_byte)?;
                let monthly = columns(monthly, n, width, 8, &path("monthly"), le_i64)?;
                let one_off = columns(one_off, n, width, 8, &path("one_off"), le_i64)?;
                a.add_scenario(&ScenarioView {
                    status: status.iter().map(Vec::as_slice).collect(),
                    monthly: monthly.iter().map(Vec::as_slice).collect(),
                    one_off: one_off.iter().map(Vec::as_slice).collect(),
                })?;
            }
            a
        }
    };
    let income = match inputs.income {
        Numbers::Bytes(b) => std::borrow::Cow::Owned(i64s(b, n, &|| "income".to_string())?),
        Numbers::Native(v) => std::borrow::Cow::Borrowed(v),
    };
    let members = match inputs.members {
        Numbers::Bytes(b) => std::borrow::Cow::Owned(u32s(b, n, "members")?),
        Numbers::Native(v) => std::borrow::Cow::Borrowed(v),
    };
    let deciles = a.deciles(&income, &members)?;
    let codes = inputs
        .groupings
        .iter()
        .enumerate()
        .map(|(g, codes)| u32s(codes, n, &format!("groupings[{g}]")))
        .collect::<Result<Vec<_>, Error>>()?;
    // Each grouping's groups: one more than its largest code in a group.
    let groupings: Vec<(Codes<'_>, usize)> = codes
        .iter()
        .map(|codes| {
            let count = codes
                .iter()
                .filter(|c| **c != NO_GROUP)
                .max()
                .map_or(0, |c| *c as usize + 1);
            (Codes::U32(codes), count)
        })
        .collect();
    // The deciles and every grouping in one pass per reform.
    let (summary, groups) = a.summary_grouped(&deciles, None, &groupings)?;
    Ok(Computed {
        scale: summary.scale,
        cost: summary.cost,
        winners_losers: summary.winners_losers,
        deciles,
        by_decile: summary.by_decile,
        groups,
    })
}

type TallyTuple = (u64, i128, i128, i128, i128, i128, i128, i128);

fn tally(t: &Tally) -> TallyTuple {
    (
        t.count,
        t.households,
        t.winners,
        t.losers,
        t.baseline,
        t.reformed,
        t.gain,
        t.loss,
    )
}

fn tallies(ts: &[Tally]) -> Vec<TallyTuple> {
    ts.iter().map(tally).collect()
}

/// Exact summaries of a population's columns (see the module documentation for the layout).
///
/// `scenarios` is a list of `(status, monthly, one_off)` per scenario (the baseline first),
/// each part household-major bytes or a list of per-programme bytes, with `width` programmes;
/// status codes are those of `aggregate_statuses()` (`0` = eligible). `weights` are the
/// weights × 10^`scale` (`None`: all 1); `excluded` marks the households left out (non-zero
/// bytes). `groupings` are extra groupings of households, `u32` codes from 0 (`0xFFFFFFFF`: in
/// no group).
///
/// Returns a dict: `scale`; `cost`, per scenario `(programmes, total)` with a `(recipients,
/// monthly, one_off)` triple per programme; `winners_losers`, a tally per reform; `deciles`,
/// bytes with each household's decile (0: not ranked); `by_decile`, per reform ten tallies;
/// `groups`, per grouping, per reform, a tally per code. A tally is `(count, households,
/// winners, losers, baseline, reformed, gain, loss)`. The GIL is released while summing.
#[pyfunction]
#[pyo3(signature = (households, width, scenarios, income, members, weights=None, scale=0, excluded=None, groupings=Vec::new()))]
#[allow(clippy::too_many_arguments)]
pub fn aggregate_columns<'py>(
    py: Python<'py>,
    households: usize,
    width: usize,
    scenarios: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    income: Bound<'py, PyAny>,
    members: Bound<'py, PyAny>,
    weights: Option<Bound<'py, PyAny>>,
    scale: u32,
    excluded: Option<Bound<'py, PyAny>>,
    groupings: Vec<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let parts = scenarios
        .iter()
        .map(|(s, m, o)| Ok([part(s)?, part(m)?, part(o)?]))
        .collect::<PyResult<Vec<_>>>()?;
    let income = bytes_of(&income)?;
    let members = bytes_of(&members)?;
    let (weights, excluded, groupings) = options(weights, excluded, &groupings)?;
    let inputs = Inputs {
        households,
        width,
        scenarios: Scenarios::Bytes(
            parts
                .iter()
                .map(|[s, m, o]| [s.view(), m.view(), o.view()])
                .collect(),
        ),
        income: Numbers::Bytes(income.as_bytes()),
        members: Numbers::Bytes(members.as_bytes()),
        weights: weights.as_ref().map(|w| w.as_bytes()),
        scale,
        excluded: excluded.as_ref().map(|x| x.as_bytes()),
        groupings: groupings.iter().map(|g| g.as_bytes()).collect(),
    };
    let computed = py
        .detach(|| compute(&inputs))
        .map_err(|e| to_py_err(py, &e))?;
    to_dict(py, &computed)
}

/// The summaries of a run held natively (`minzheng._native.Columns`), read in place: the same
/// result as [`aggregate_columns`] without handing the columns over as bytes.
#[pyfunction]
#[pyo3(signature = (columns, weights=None, scale=0, excluded=None, groupings=Vec::new()))]
pub fn aggregate_outcome<'py>(
    py: Python<'py>,
    columns: &Bound<'py, crate::columnar::Columns>,
    weights: Option<Bound<'py, PyAny>>,
    scale: u32,
    excluded: Option<Bound<'py, PyAny>>,
    groupings: Vec<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let outcome = &columns.get().outcome;
    let (weights, excluded, groupings) = options(weights, excluded, &groupings)?;
    let inputs = Inputs {
        households: outcome.households,
        width: minzheng::columnar::WIDTH,
        scenarios: Scenarios::Run(outcome),
        income: Numbers::Native(&outcome.facts.income),
        members: Numbers::Native(&outcome.facts.members),
        weights: weights.as_ref().map(|w| w.as_bytes()),
        scale,
        excluded: excluded.as_ref().map(|x| x.as_bytes()),
        groupings: groupings.iter().map(|g| g.as_bytes()).collect(),
    };
    let computed = py
        .detach(|| compute(&inputs))
        .map_err(|e| to_py_err(py, &e))?;
    to_dict(py, &computed)
}

/// The optional inputs of both entry points (weights, excluded mask, groupings) as bytes.
#[allow(clippy::type_complexity)]
fn options<'py>(
    weights: Option<Bound<'py, PyAny>>,
    excluded: Option<Bound<'py, PyAny>>,
    groupings: &[Bound<'py, PyAny>],
) -> PyResult<(
    Option<Bound<'py, PyBytes>>,
    Option<Bound<'py, PyBytes>>,
    Vec<Bound<'py, PyBytes>>,
)> {
    Ok((
        weights.as_ref().map(bytes_of).transpose()?,
        excluded.as_ref().map(bytes_of).transpose()?,
        groupings
            .iter()
            .map(bytes_of)
            .collect::<PyResult<Vec<_>>>()?,
    ))
}

pub(crate) fn to_dict<'py>(py: Python<'py>, computed: &Computed) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("scale", computed.scale)?;
    let cost = PyList::empty(py);
    for s in &computed.cost {
        let programmes: Vec<(i128, i128, i128)> = s
            .programmes
            .iter()
            .map(|c| (c.recipients, c.monthly, c.one_off))
            .collect();
        let total = (s.total.recipients, s.total.monthly, s.total.one_off);
        cost.append((programmes, total))?;
    }
    out.set_item("cost", cost)?;
    out.set_item("winners_losers", tallies(&computed.winners_losers))?;
    out.set_item("deciles", PyBytes::new(py, &computed.deciles))?;
    let by_decile: Vec<Vec<TallyTuple>> = computed.by_decile.iter().map(|r| tallies(r)).collect();
    out.set_item("by_decile", by_decile)?;
    let groups: Vec<Vec<Vec<TallyTuple>>> = computed
        .groups
        .iter()
        .map(|g| g.iter().map(|r| tallies(r)).collect())
        .collect();
    out.set_item("groups", groups)?;
    Ok(out)
}

/// The status names in the order of their codes in the columns `aggregate_columns` reads
/// (`eligible` is 0).
#[pyfunction]
pub fn aggregate_statuses() -> Vec<String> {
    debug_assert_eq!(status_code(Eligibility::Eligible), 0);
    STATUSES
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect()
}
