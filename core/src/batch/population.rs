//! A population given as columns: a household table and a person table, each column named by
//! the field path it fills in the request (`district`, `assets.deposits` for households;
//! `id`, `age`, `income.wages`, `disability.grade`, `flags.serious_illness` for persons).
//!
//! Each household's request is built as the JSON a caller would have written, then decoded by
//! the same serde code as a single request, so every field the household model has (including
//! fields added later) is reachable by naming its path, and every check and error code is the
//! single-household one (an error's path is the request's: `household.members[1].income.wages`).
//! A missing value (`None`) leaves the field out, so the request's defaults apply.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::{map_chunks, thread_count};
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::programmes::income::counted_income;
use crate::wire::CalculationRequest;

/// One column: a field path and one value per row (`None` when missing).
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The column's name, which is the dotted field path (`income.wages`).
    pub name: String,
    path: Vec<String>,
    /// One value per row.
    pub values: Vec<Option<Value>>,
}

impl Column {
    /// A column; `name` is a dotted path of field names (no empty segment, no index).
    pub fn new(table: &str, name: &str, values: Vec<Option<Value>>) -> Result<Column, Error> {
        let path: Vec<String> = name.split('.').map(str::to_string).collect();
        let valid = path
            .iter()
            .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        if !valid {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!("{table}.{name}"),
                format!(
                    "`{name}` is not a field path such as `income.wages` (names of letters, digits and _, joined by dots)"
                ),
            ));
        }
        Ok(Column {
            name: name.to_string(),
            path,
            values,
        })
    }
}

/// A population: households and their members, as columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    households: Vec<Column>,
    persons: Vec<Column>,
    /// `starts[h]..starts[h + 1]` are household `h`'s person rows.
    starts: Vec<usize>,
}

impl Population {
    /// A population of `members.len()` households; the person rows are in household order,
    /// `members[h]` of them for household `h`.
    pub fn new(
        households: Vec<Column>,
        persons: Vec<Column>,
        members: &[usize],
    ) -> Result<Population, Error> {
        let mut starts = Vec::with_capacity(members.len() + 1);
        let mut total = 0usize;
        starts.push(0);
        for m in members {
            total = total.saturating_add(*m);
            starts.push(total);
        }
        for c in &households {
            check_length("households", c, members.len())?;
            if c.path.first().is_some_and(|s| s == "members") {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    format!("households.{}", c.name),
                    "members come from the person table, not from a household column",
                ));
            }
        }
        for c in &persons {
            check_length("persons", c, total)?;
        }
        Ok(Population {
            households,
            persons,
            starts,
        })
    }

    /// The number of households.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether there is no household.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The person rows of household `index`.
    pub fn person_rows(&self, index: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(index).copied().unwrap_or_default();
        let end = self.starts.get(index + 1).copied().unwrap_or(start);
        start..end
    }

    /// Household `index`'s request as JSON: `common` (request-level fields such as
    /// `price_indices`), the calculation date, and the household built from the columns.
    pub fn request_value(
        &self,
        index: usize,
        date: Date,
        common: &Map<String, Value>,
    ) -> Result<Value, Error> {
        let mut household = Map::new();
        for c in &self.households {
            if let Some(Some(v)) = c.values.get(index) {
                insert(&mut household, &c.path, v.clone(), "households", &c.name)?;
            }
        }
        let rows = self.person_rows(index);
        let mut members = Vec::with_capacity(rows.len());
        for row in rows {
            let mut person = Map::new();
            for c in &self.persons {
                if let Some(Some(v)) = c.values.get(row) {
                    insert(&mut person, &c.path, v.clone(), "persons", &c.name)?;
                }
            }
            members.push(Value::Object(person));
        }
        household.insert("members".into(), Value::Array(members));
        let mut request = common.clone();
        request.insert("calculation_date".into(), Value::String(date.to_string()));
        request.insert("household".into(), Value::Object(household));
        Ok(Value::Object(request))
    }

    /// Household `index`'s decoded request.
    pub fn request(
        &self,
        index: usize,
        date: Date,
        common: &Map<String, Value>,
    ) -> Result<CalculationRequest, Error> {
        decode_value(self.request_value(index, date, common)?)
    }

    /// Every household's decoded request (or its error), decoded on `threads` threads.
    pub fn requests(
        &self,
        date: Date,
        common: &Map<String, Value>,
        threads: usize,
    ) -> Result<Vec<Result<CalculationRequest, Error>>, Error> {
        let mut out: Vec<Option<Result<CalculationRequest, Error>>> =
            (0..self.len()).map(|_| None).collect();
        map_chunks(&mut out, 1, thread_count(threads), |rows, slots| {
            for (index, slot) in rows.zip(slots.iter_mut()) {
                *slot = Some(self.request(index, date, common));
            }
        })?;
        Ok(out
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    Err(Error::new(
                        ErrorCode::InvalidParameterData,
                        "",
                        "a household was not decoded",
                    ))
                })
            })
            .collect())
    }
}

fn check_length(table: &str, c: &Column, rows: usize) -> Result<(), Error> {
    if c.values.len() == rows {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidValue,
        format!("{table}.{}", c.name),
        format!("the column has {} values for {rows} rows", c.values.len()),
    ))
}

fn insert(
    map: &mut Map<String, Value>,
    path: &[String],
    value: Value,
    table: &str,
    name: &str,
) -> Result<(), Error> {
    let conflict = || {
        Error::new(
            ErrorCode::ConflictingFields,
            format!("{table}.{name}"),
            format!("the column `{name}` sets a field another column already sets"),
        )
    };
    match path {
        [] => Err(conflict()),
        [last] => {
            if map.contains_key(last) {
                return Err(conflict());
            }
            map.insert(last.clone(), value);
            Ok(())
        }
        [first, rest @ ..] => {
            let entry = map
                .entry(first.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            match entry {
                Value::Object(inner) => insert(inner, rest, value, table, name),
                _ => Err(conflict()),
            }
        }
    }
}

/// Decodes a request from its JSON value, with the single-request error codes and paths.
pub fn decode_value(value: Value) -> Result<CalculationRequest, Error> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| Error::from_serde(crate::field_path(e.path()), e.inner()))
}

/// The household's monthly income as the dibao rules count it (《最低生活保障审核确认办法》第十三条),
/// over every member, before any benefit: the income that analysts rank households by.
pub fn counted_household_income(request: &CalculationRequest) -> Decimal {
    request
        .household
        .members
        .iter()
        .map(|p| counted_income(&p.income).counted)
        .sum()
}
