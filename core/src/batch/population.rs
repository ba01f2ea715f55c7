//! A population given as columns: a household table and a person table, each column named by
//! the field path it fills in the request (`district`, `assets.deposits` for households;
//! `id`, `age`, `income.wages`, `disability.grade`, `flags.serious_illness` for persons).
//!
//! Each household's request is written as the JSON text a caller would have written, then
//! decoded by the same code as a single request ([`crate::parse_request`]), so every field the household model has (including
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

/// A field of a request built from columns: a column, or an object of fields.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Leaf(usize),
    Branch(Vec<(String, Node)>),
}

/// The fields the columns of `table` fill, as a tree; two columns setting one field (or a field
/// and a field inside it) are an error.
fn tree(table: &str, columns: &[Column]) -> Result<Vec<(String, Node)>, Error> {
    let mut root: Vec<(String, Node)> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let conflict = || {
            Error::new(
                ErrorCode::ConflictingFields,
                format!("{table}.{}", c.name),
                format!(
                    "the column `{}` sets a field another column already sets",
                    c.name
                ),
            )
        };
        let mut level = &mut root;
        let Some((last, parents)) = c.path.split_last() else {
            return Err(conflict());
        };
        for segment in parents {
            let position = match level.iter().position(|(k, _)| k == segment) {
                Some(p) => p,
                None => {
                    level.push((segment.clone(), Node::Branch(Vec::new())));
                    level.len() - 1
                }
            };
            level = match level.get_mut(position) {
                Some((_, Node::Branch(children))) => children,
                _ => return Err(conflict()),
            };
        }
        if level.iter().any(|(k, _)| k == last) {
            return Err(conflict());
        }
        level.push((last.clone(), Node::Leaf(i)));
    }
    Ok(root)
}

/// Writes the fields of `row` that have a value as a JSON object's members (no braces);
/// returns whether any was written.
fn write_fields(
    out: &mut Vec<u8>,
    nodes: &[(String, Node)],
    columns: &[Column],
    row: usize,
    mut first: bool,
) -> bool {
    let start = first;
    for (key, node) in nodes {
        match node {
            Node::Leaf(i) => {
                let Some(Some(value)) = columns.get(*i).and_then(|c| c.values.get(row)) else {
                    continue;
                };
                write_key(out, key, &mut first);
                // Writing a Value into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *out, value);
            }
            Node::Branch(children) => {
                let mark = out.len();
                let mut probe = first;
                write_key(out, key, &mut probe);
                out.push(b'{');
                if write_fields(out, children, columns, row, true) {
                    out.push(b'}');
                    first = probe;
                } else {
                    out.truncate(mark);
                }
            }
        }
    }
    first != start
}

fn write_key(out: &mut Vec<u8>, key: &str, first: &mut bool) {
    if !*first {
        out.push(b',');
    }
    *first = false;
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

/// A population: households and their members, as columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    households: Vec<Column>,
    persons: Vec<Column>,
    household_tree: Vec<(String, Node)>,
    person_tree: Vec<(String, Node)>,
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
            household_tree: tree("households", &households)?,
            person_tree: tree("persons", &persons)?,
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

    /// Household `index`'s request as JSON text: `common` (request-level fields such as
    /// `price_indices`), the calculation date, and the household built from the columns.
    pub fn request_json(
        &self,
        index: usize,
        date: Date,
        common: &Map<String, Value>,
    ) -> Result<String, Error> {
        let mut out: Vec<u8> = Vec::with_capacity(512);
        out.push(b'{');
        for (key, value) in common {
            if key == "calculation_date" || key == "household" {
                return Err(Error::new(
                    ErrorCode::ConflictingFields,
                    format!("common.{key}"),
                    format!("`{key}` comes from the population, not from the common fields"),
                ));
            }
            let _ = serde_json::to_writer(&mut out, key);
            out.push(b':');
            let _ = serde_json::to_writer(&mut out, value);
            out.push(b',');
        }
        out.extend_from_slice(b"\"calculation_date\":\"");
        out.extend_from_slice(date.to_string().as_bytes());
        out.extend_from_slice(b"\",\"household\":{");
        let wrote = write_fields(
            &mut out,
            &self.household_tree,
            &self.households,
            index,
            true,
        );
        if wrote {
            out.push(b',');
        }
        out.extend_from_slice(b"\"members\":[");
        for (k, row) in self.person_rows(index).enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.push(b'{');
            write_fields(&mut out, &self.person_tree, &self.persons, row, true);
            out.push(b'}');
        }
        out.extend_from_slice(b"]}}");
        String::from_utf8(out).map_err(|e| Error::new(ErrorCode::InvalidJson, "", e.to_string()))
    }

    /// Household `index`'s decoded request (the single-request decoder, codes and paths).
    pub fn request(
        &self,
        index: usize,
        date: Date,
        common: &Map<String, Value>,
    ) -> Result<CalculationRequest, Error> {
        crate::parse_request(&self.request_json(index, date, common)?)
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
                        ErrorCode::Internal,
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

/// Decodes a request from its JSON value, with the single-request error codes and paths.
pub fn decode_value(value: Value) -> Result<CalculationRequest, Error> {
    crate::decode::from_value(&value)
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
