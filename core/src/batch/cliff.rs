//! The benefit cliff: one household, one input swept over a range (for example the applicant's
//! monthly wages from 0 to 10,000 元), every programme's status and amount at each point, and the
//! exact points where a programme's eligibility starts or ends.
//!
//! The input is named by its path in the request (`household.members[0].income.wages`). Money
//! and other decimal inputs move in steps of 0.01 (one fen); an input that is a whole number in
//! the request (an age, a count) moves in steps of 1. The grid is `from`, `from + step`, … up to
//! and including `to`.
//!
//! Eligibility is compared as a programme's status together with the members it pays (the keys
//! of its monthly line items, `tekun.basic[p1]`), so a member losing 特困 support inside a
//! household that keeps it is a change too. Between two neighbouring grid points whose
//! eligibility differs, the change is located exactly by bisection to the resolution: `at` is the
//! first value with the new eligibility and `last_before` the value one resolution step below.
//! Two changes closer together than `step` are found only when the grid points on either side
//! differ (a programme that starts and stops again between two grid points is not seen), and
//! bisection finds one change per interval: choose `step` accordingly.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::population::decode_value;
use super::{ProgrammeColumn, assess, map_chunks, thread_count};
use crate::error::{Error, ErrorCode};
use crate::money::{Money, Number};
use crate::params::ParameterStore;
use crate::reform::{DecimalValue, Reform};
use crate::wire::{Eligibility, ProgrammeResult};

pub use crate::limits::MAX_SWEEP_POINTS as MAX_POINTS;

/// A sweep request (the wire form of [`cliff`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CliffRequest {
    /// The household's calculation request.
    pub request: Value,
    /// The path of the input to vary (`household.members[0].income.wages`).
    pub vary: String,
    /// First value.
    pub from: DecimalValue,
    /// Last value (included).
    pub to: DecimalValue,
    /// Distance between grid points.
    pub step: DecimalValue,
    /// A reform to apply, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reform: Option<Reform>,
}

/// One programme's status and amounts at one point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PointProgramme {
    /// Wire name of the programme.
    pub programme: String,
    /// Status.
    pub status: Eligibility,
    /// Monthly amount.
    pub monthly_amount: Money,
    /// One-off amount, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_off_amount: Option<Money>,
}

/// One grid point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Point {
    /// The input's value.
    pub value: Number,
    /// Sum of the monthly amounts.
    pub monthly_total: Money,
    /// Every programme, in the engine's order.
    pub programmes: Vec<PointProgramme>,
}

/// Where a programme's eligibility changes: its status, or which members it pays (its
/// monthly line items).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// Wire name of the programme.
    pub programme: String,
    /// Status up to `last_before`.
    pub status_before: Eligibility,
    /// Status from `at`.
    pub status_after: Eligibility,
    /// Monthly line items (`id[person]`) present from `at` but not before: a member who
    /// becomes entitled inside a programme.
    pub lines_started: Vec<String>,
    /// Monthly line items present up to `last_before` but not from `at`.
    pub lines_ended: Vec<String>,
    /// The last value with the old status.
    pub last_before: Number,
    /// The first value with the new status.
    pub at: Number,
    /// The programme's monthly amount at `last_before` and at `at`.
    pub monthly_before: Money,
    /// See `monthly_before`.
    pub monthly_after: Money,
    /// The household's monthly total at `last_before` and at `at`: a drop larger than the
    /// input's rise is a cliff.
    pub total_before: Money,
    /// See `total_before`.
    pub total_after: Money,
}

/// The outcome of a sweep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cliff {
    /// The input varied.
    pub vary: String,
    /// The smallest step of the input (0.01 for money, 1 for whole numbers).
    pub resolution: Number,
    /// The grid points.
    pub points: Vec<Point>,
    /// Every status change, in order of value then programme.
    pub changes: Vec<Change>,
}

/// A parsed step of a path: a field or an index.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Field(String),
    Index(usize),
}

fn bad_path(vary: &str, why: &str) -> Error {
    Error::new(
        ErrorCode::InvalidValue,
        "vary",
        format!("`{vary}` {why}; name an input such as household.members[0].income.wages"),
    )
}

fn parse_path(vary: &str) -> Result<Vec<Step>, Error> {
    let mut steps = Vec::new();
    for part in vary.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(bad_path(vary, "is not a field path"));
        }
        steps.push(Step::Field(name.to_string()));
        while !rest.is_empty() {
            let (index, after) = rest
                .split_once(']')
                .ok_or_else(|| bad_path(vary, "has an unclosed ["))?;
            let index: usize = index
                .parse()
                .map_err(|_| bad_path(vary, "has an index that is not a number"))?;
            steps.push(Step::Index(index));
            rest = after.strip_prefix('[').unwrap_or(after);
            if !after.is_empty() && !after.starts_with('[') {
                return Err(bad_path(vary, "has text after an index"));
            }
        }
    }
    Ok(steps)
}

/// The value at `path`, if present.
fn get<'a>(mut v: &'a Value, path: &[Step]) -> Option<&'a Value> {
    for step in path {
        v = match step {
            Step::Field(f) => v.get(f)?,
            Step::Index(i) => v.get(*i)?,
        };
    }
    Some(v)
}

/// Sets the value at `path`, creating missing objects (never array elements).
fn set(root: &mut Value, path: &[Step], value: Value, vary: &str) -> Result<(), Error> {
    let mut v = root;
    for step in path {
        v = match step {
            Step::Field(f) => {
                let Value::Object(map) = v else {
                    return Err(bad_path(
                        vary,
                        &format!("does not lead to an object at `{f}`"),
                    ));
                };
                map.entry(f.clone()).or_insert(Value::Null)
            }
            Step::Index(i) => v.get_mut(*i).ok_or_else(|| {
                bad_path(vary, &format!("names element {i}, which does not exist"))
            })?,
        };
        if v.is_null() {
            *v = Value::Object(serde_json::Map::new());
        }
    }
    *v = value;
    Ok(())
}

/// Sweeps one input of one household; see the module documentation.
pub fn cliff(
    store: &ParameterStore,
    request: &CliffRequest,
    threads: usize,
) -> Result<Cliff, Error> {
    let path = parse_path(&request.vary)?;
    if !matches!(path.first(), Some(Step::Field(f)) if f == "household" || f == "back_pay" || f == "price_indices")
    {
        return Err(bad_path(
            &request.vary,
            "is not an input of the household, back_pay or price_indices",
        ));
    }
    let whole = get(&request.request, &path).is_some_and(|v| v.is_i64() || v.is_u64());
    let resolution = if whole {
        Decimal::ONE
    } else {
        Decimal::new(1, 2)
    };
    let (from, to, step) = (request.from.0, request.to.0, request.step.0);
    for (name, v) in [("from", from), ("to", to), ("step", step)] {
        if (v / resolution).fract() != Decimal::ZERO {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                name,
                format!("{v} is not a multiple of the input's resolution {resolution}"),
            ));
        }
    }
    if step <= Decimal::ZERO || to < from {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "step",
            "the step must be positive and `to` not below `from`",
        ));
    }
    let count = ((to - from) / step).floor();
    if count >= Decimal::from(MAX_POINTS) {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            "step",
            format!("the sweep has more than {MAX_POINTS} points; use a larger step"),
        ));
    }
    let mut values: Vec<Decimal> = Vec::new();
    let mut x = from;
    while x <= to {
        values.push(x);
        x += step;
    }
    if values.last() != Some(&to) {
        values.push(to);
    }
    let sweep = Sweep {
        base: &request.request,
        path: &path,
        vary: &request.vary,
        whole,
    };
    let mut evaluated: Vec<Option<Result<Vec<ProgrammeResult>, Error>>> =
        values.iter().map(|_| None).collect();
    map_chunks(&mut evaluated, 1, thread_count(threads), |rows, slots| {
        for (i, slot) in rows.zip(slots.iter_mut()) {
            let x = values.get(i).copied().unwrap_or_default();
            *slot = Some(sweep.results(store, x).map_err(|mut e| {
                e.message = format!("at {} = {x}: {}", request.vary, e.message);
                e
            }));
        }
    })?;
    let mut results = Vec::with_capacity(values.len());
    for r in evaluated {
        results.push(r.unwrap_or_else(|| {
            Err(Error::new(
                ErrorCode::Internal,
                "",
                "a point was not calculated",
            ))
        })?);
    }
    let programmes: Vec<ProgrammeColumn> = results
        .first()
        .map(|r| r.iter().map(ProgrammeColumn::of).collect())
        .unwrap_or_default();
    let points: Vec<Point> = values
        .iter()
        .zip(&results)
        .map(|(v, r)| point(*v, r))
        .collect();
    let mut changes = Vec::new();
    for (k, pair) in results.windows(2).enumerate() {
        let ([a, b], Some(xa), Some(xb)) = (pair, values.get(k), values.get(k + 1)) else {
            continue;
        };
        for column in &programmes {
            if signature(a, column) != signature(b, column) {
                changes.push(sweep.locate(
                    store,
                    column,
                    *xa,
                    signature(a, column),
                    *xb,
                    resolution,
                )?);
            }
        }
    }
    Ok(Cliff {
        vary: request.vary.clone(),
        resolution: Number(resolution),
        points,
        changes,
    })
}

/// What eligibility looks like for a programme at a point: its status and the keys of its
/// monthly line items (`tekun.basic[p1]`), so that a member gaining or losing an entitlement
/// inside a programme that stays eligible is a change too.
type Signature = (Eligibility, Vec<String>);

fn signature(results: &[ProgrammeResult], column: &ProgrammeColumn) -> Signature {
    match results.iter().find(|r| r.programme == column.programme) {
        Some(r) => {
            let mut keys: Vec<String> = r
                .line_items
                .iter()
                .map(|i| match &i.person_id {
                    Some(p) => format!("{}[{p}]", i.id),
                    None => i.id.clone(),
                })
                .collect();
            keys.sort();
            (r.status, keys)
        }
        None => (Eligibility::NotAssessed, Vec::new()),
    }
}

fn point(value: Decimal, results: &[ProgrammeResult]) -> Point {
    Point {
        value: Number(value),
        monthly_total: Money(results.iter().map(|r| r.monthly_amount.0).sum()),
        programmes: results
            .iter()
            .map(|r| PointProgramme {
                programme: ProgrammeColumn::of(r).name,
                status: r.status,
                monthly_amount: r.monthly_amount,
                one_off_amount: r.one_off_amount,
            })
            .collect(),
    }
}

struct Sweep<'a> {
    base: &'a Value,
    path: &'a [Step],
    vary: &'a str,
    whole: bool,
}

impl Sweep<'_> {
    fn request(&self, x: Decimal) -> Result<crate::CalculationRequest, Error> {
        let mut v = self.base.clone();
        let value = if self.whole {
            let n: i64 = x
                .trunc()
                .try_into()
                .map_err(|_| bad_path(self.vary, "cannot hold the value"))?;
            Value::from(n)
        } else {
            Value::String(Money(x).to_string())
        };
        set(&mut v, self.path, value, self.vary)?;
        decode_value(v)
    }

    fn results(&self, store: &ParameterStore, x: Decimal) -> Result<Vec<ProgrammeResult>, Error> {
        assess(store, &self.request(x)?)
    }

    /// Bisects between `lo` (with signature `before`) and `hi` (another) to the resolution.
    fn locate(
        &self,
        store: &ParameterStore,
        column: &ProgrammeColumn,
        mut lo: Decimal,
        before: Signature,
        mut hi: Decimal,
        resolution: Decimal,
    ) -> Result<Change, Error> {
        while hi - lo > resolution {
            let steps = ((hi - lo) / resolution / Decimal::TWO).floor();
            let mid = lo + steps * resolution;
            if signature(&self.results(store, mid)?, column) == before {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let (rl, rh) = (self.results(store, lo)?, self.results(store, hi)?);
        let of = |rs: &[ProgrammeResult]| {
            let own = rs.iter().find(|r| r.programme == column.programme);
            (
                own.map_or(Money::ZERO, |r| r.monthly_amount),
                Money(rs.iter().map(|r| r.monthly_amount.0).sum()),
            )
        };
        let ((monthly_before, total_before), (monthly_after, total_after)) = (of(&rl), of(&rh));
        let (status_before, lines_before) = signature(&rl, column);
        let (status_after, lines_after) = signature(&rh, column);
        Ok(Change {
            programme: column.name.clone(),
            status_before,
            status_after,
            lines_started: lines_after
                .iter()
                .filter(|l| !lines_before.contains(l))
                .cloned()
                .collect(),
            lines_ended: lines_before
                .iter()
                .filter(|l| !lines_after.contains(l))
                .cloned()
                .collect(),
            last_before: Number(lo),
            at: Number(hi),
            monthly_before,
            monthly_after,
            total_before,
            total_after,
        })
    }
}

/// The wire form of [`cliff`]: a [`CliffRequest`] as JSON in, a [`Cliff`] as JSON out (the
/// `cliff` row of [`crate::api::APIS`]; on every core natively, on one thread in WASM).
pub fn cliff_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(cliff_wire, json)
}

/// The `cliff` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn cliff_wire(json: crate::Request<'_>, sink: &mut dyn crate::sink::Sink) -> Result<(), Error> {
    let request: CliffRequest = crate::decode(json)?;
    let result = match &request.reform {
        Some(reform) => cliff(&crate::reform::reformed_store(reform)?, &request, 0)?,
        None => cliff(crate::ParameterStore::embedded()?, &request, 0)?,
    };
    crate::sink::emit(&result, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths_with_indices() {
        assert_eq!(
            parse_path("household.members[1].income.wages").unwrap(),
            vec![
                Step::Field("household".into()),
                Step::Field("members".into()),
                Step::Index(1),
                Step::Field("income".into()),
                Step::Field("wages".into()),
            ]
        );
        for bad in ["", "a..b", "a[x]", "a[1", "a[1]b", "a b"] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
    }
}
