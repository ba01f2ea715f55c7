//! Applying a [`Reform`] to a store (the rules are described in [`crate::reform`]). This lives
//! under `params` because it rebuilds the store's private maps.

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Bound;

use super::{Parameter, ParameterStore, ParameterValue, Source, Status, Unit};
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::reform::{Override, Reform};
use crate::region::{Area, Region};

/// Issuer named by the source every reform value cites.
const REFORM_ISSUER: &str = "hypothetical reform — not in force (假设的改革方案，非现行政策)";

/// One series of a parameter: the values of one region and area.
type Series = (Region, Option<Area>);

use crate::limits::{MAX_OVERRIDES, MAX_REFORM_OTHER, MAX_REFORM_YUAN};

/// The largest value a reform may give a parameter of `unit`. The bounds keep every product the
/// rules form (a figure × a ratio × members × months …) far inside `Decimal`'s range, whose
/// overflow would panic; a 28-digit `dibao.standard` did.
fn max_value(unit: Unit) -> Decimal {
    match unit {
        Unit::YuanPerPersonMonth
        | Unit::YuanPerMonth
        | Unit::YuanPerDay
        | Unit::YuanPerYear
        | Unit::Yuan => Decimal::from(MAX_REFORM_YUAN),
        Unit::Ratio | Unit::Months | Unit::Years | Unit::Days | Unit::Count | Unit::Points => {
            Decimal::from(MAX_REFORM_OTHER)
        }
    }
}

/// The periods already set in one series by earlier overrides, by first day: last day (`None`:
/// open-ended) and the override's index. They never overlap one another (an override that
/// would is rejected), so their last days ascend with their first days.
type Periods = BTreeMap<Date, (Option<Date>, usize)>;

/// A few values by series, found by a scan: a key has a few series (a region and an area
/// each), and a scan compiles to far less than a hash map in the WASM bundle.
struct BySeries<T>(Vec<(Series, T)>);

impl<T: Default> BySeries<T> {
    fn new() -> BySeries<T> {
        BySeries(Vec::new())
    }

    fn get(&self, series: &Series) -> Option<&T> {
        self.0.iter().find(|(s, _)| s == series).map(|(_, v)| v)
    }

    /// The value of `series` (a default one added if there is none), moved last.
    fn entry(&mut self, series: Series) -> Option<&mut T> {
        let entry = match self.0.iter().position(|(s, _)| *s == series) {
            Some(at) => self.0.swap_remove(at),
            None => (series, T::default()),
        };
        self.0.push(entry);
        self.0.last_mut().map(|(_, v)| v)
    }

    fn remove(&mut self, series: &Series) -> Option<T> {
        let at = self.0.iter().position(|(s, _)| s == series)?;
        Some(self.0.swap_remove(at).1)
    }
}

/// What the overrides of one key do, gathered in order before the key's values are rebuilt.
struct KeyPlan {
    /// Every series of the key, in order of first appearance (the encoded ones, then those the
    /// overrides create).
    series: Vec<Series>,
    /// The periods set in each series.
    periods: BySeries<Periods>,
    /// The last override of the key, for an error found when its values are rebuilt.
    last: usize,
}

impl KeyPlan {
    fn new(parameter: &Parameter) -> KeyPlan {
        let mut series: Vec<Series> = Vec::new();
        for v in &parameter.values {
            if !series.contains(&(v.region, v.area)) {
                series.push((v.region, v.area));
            }
        }
        KeyPlan {
            series,
            periods: BySeries::new(),
            last: 0,
        }
    }
}

/// The earliest override among `periods` whose period overlaps `from`–`to`, if any. The
/// periods are disjoint and sorted: only the one starting at or before `from` and those
/// starting within `from`–`to` can overlap.
fn earliest_overlap(periods: &Periods, from: Date, to: Option<Date>) -> Option<usize> {
    let before = periods
        .range(..=from)
        .next_back()
        .filter(|(_, (end, _))| end.is_none_or(|end| end >= from))
        .map(|(_, (_, j))| *j);
    let upper = match to {
        Some(to) => Bound::Included(to),
        None => Bound::Unbounded,
    };
    let within = periods
        .range((Bound::Excluded(from), upper))
        .map(|(_, (_, j))| *j)
        .min();
    match (before, within) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl ParameterStore {
    /// A new, validated store with `reform`'s overrides applied (see [`crate::reform`]). The
    /// overrides are checked in order (the first bad one is the error) and then applied
    /// together, which gives the same values as applying them one by one because overrides of
    /// one series may not overlap. O(n log n) in the number of overrides, at most
    /// [`MAX_OVERRIDES`] (`input_too_large` at `reform.overrides`).
    pub fn with_reform(&self, reform: &Reform) -> Result<ParameterStore, Error> {
        let name = reform.name.trim();
        if name.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                "reform.name",
                "a reform needs a non-empty name",
            ));
        }
        if reform.overrides.len() > MAX_OVERRIDES {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                "reform.overrides",
                format!(
                    "{} overrides given; a reform may have at most {MAX_OVERRIDES}",
                    reform.overrides.len()
                ),
            ));
        }
        let mut store = self.clone();
        let source_key = format!("reform:{name}");
        let title = if reform.description.trim().is_empty() {
            format!("Reform `{name}`")
        } else {
            format!("Reform `{name}`: {}", reform.description.trim())
        };
        store.sources.insert(
            source_key.clone(),
            Source {
                key: source_key.as_str().into(),
                title: title.into(),
                issuer: REFORM_ISSUER.into(),
                number: "".into(),
                url: "".into(),
                in_force: None,
                expires: None,
            },
        );
        let mut plans: BTreeMap<&str, KeyPlan> = BTreeMap::new();
        for (i, o) in reform.overrides.iter().enumerate() {
            let at = |field: &str| format!("reform.overrides[{i}].{field}");
            let region = match o.region.as_deref() {
                None => None,
                Some(text) => Some(Region::parse(text).ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidValue,
                        at("region"),
                        format!(
                            "unknown region `{text}`; use national, guangdong, guangzhou or guangzhou/<district>"
                        ),
                    )
                })?),
            };
            if o.to.is_some_and(|to| to < o.from) {
                return Err(Error::new(
                    ErrorCode::ConflictingFields,
                    at("to"),
                    format!("`to` {} is before `from` {}", fmt_opt(o.to), o.from),
                ));
            }
            if o.value.0 < Decimal::ZERO {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("value"),
                    format!(
                        "{} is negative; parameter values are never below zero",
                        o.value.0
                    ),
                ));
            }
            let Some(parameter) = self.params.get(&o.key) else {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    at("key"),
                    unknown_key_message(self, &o.key),
                ));
            };
            let limit = max_value(parameter.unit);
            if o.value.0 > limit {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("value"),
                    format!(
                        "{} is above {limit}, the largest value a reform may give a parameter in {:?}",
                        o.value.0, parameter.unit
                    ),
                ));
            }
            let plan = plans
                .entry(o.key.as_str())
                .or_insert_with(|| KeyPlan::new(parameter));
            let series = select_series(&plan.series, region, o.area);
            let conflict = series
                .iter()
                .filter_map(|s| earliest_overlap(plan.periods.get(s)?, o.from, o.to))
                .min();
            if let Some(j) = conflict {
                let prev = reform.overrides.get(j).unwrap_or(o);
                return Err(Error::new(
                    ErrorCode::ConflictingFields,
                    at("from"),
                    format!(
                        "overrides[{i}] and overrides[{j}] both set `{}` for {}–{}",
                        o.key,
                        o.from.max(prev.from),
                        fmt_opt(min_end(o.to, prev.to))
                    ),
                ));
            }
            for s in series {
                if !plan.series.contains(&s) {
                    plan.series.push(s);
                }
                if let Some(periods) = plan.periods.entry(s) {
                    periods.insert(o.from, (o.to, i));
                }
            }
            plan.last = i;
        }
        for (key, plan) in &plans {
            let ordinal = store.ordinal(key);
            let Some(parameter) = store.params.get_mut(*key) else {
                continue;
            };
            rebuild(parameter, plan, reform, &source_key);
            parameter.seal(ordinal);
            check_series(parameter).map_err(|message| {
                Error::new(
                    ErrorCode::ConflictingFields,
                    format!("reform.overrides[{}].from", plan.last),
                    message,
                )
            })?;
        }
        Ok(store)
    }
}

fn fmt_opt(date: Option<Date>) -> String {
    date.map_or_else(|| "…".to_string(), |d| d.to_string())
}

fn min_end(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// The message for an unknown key, listing keys that share its first segment.
fn unknown_key_message(store: &ParameterStore, key: &str) -> String {
    let prefix = key.split('.').next().unwrap_or(key);
    let similar: Vec<&str> = store
        .params
        .keys()
        .filter(|k| k.split('.').next() == Some(prefix))
        .map(String::as_str)
        .take(12)
        .collect();
    if similar.is_empty() {
        format!("no parameter has the key `{key}`")
    } else {
        format!(
            "no parameter has the key `{key}`; keys starting with `{prefix}.`: {}",
            similar.join(", ")
        )
    }
}

/// The series an override touches: every existing series (`existing`, in order) matching the
/// given region and area; when none matches, new series for the given region (or every region
/// defining the key).
fn select_series(existing: &[Series], region: Option<Region>, area: Option<Area>) -> Vec<Series> {
    let matching: Vec<Series> = existing
        .iter()
        .copied()
        .filter(|(r, a)| {
            region.is_none_or(|want| *r == want) && area.is_none_or(|want| *a == Some(want))
        })
        .collect();
    if !matching.is_empty() {
        return matching;
    }
    match region {
        Some(r) => vec![(r, area)],
        None => {
            let mut regions: Vec<Region> = Vec::new();
            for (r, _) in existing {
                if !regions.contains(r) {
                    regions.push(*r);
                }
            }
            regions.into_iter().map(|r| (r, area)).collect()
        }
    }
}

fn previous_day(date: Date) -> Option<Date> {
    if date.day() > 1 {
        return Date::new(date.year(), date.month(), date.day() - 1);
    }
    let (year, month) = if date.month() == 1 {
        (date.year().checked_sub(1)?, 12)
    } else {
        (date.year(), date.month() - 1)
    };
    Date::new(year, month, 1).map(Date::end_of_month)
}

fn next_day(date: Date) -> Option<Date> {
    if date < date.end_of_month() {
        return Date::new(date.year(), date.month(), date.day() + 1);
    }
    let (year, month) = if date.month() == 12 {
        (date.year().checked_add(1)?, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    Date::new(year, month, 1)
}

fn describe(v: &ParameterValue) -> String {
    let status = serde_json::to_value(v.status)
        .ok()
        .and_then(|s| s.as_str().map(str::to_string))
        .unwrap_or_default();
    format!(
        "{} ({}–{}, {} {}, {status})",
        v.value,
        v.from,
        fmt_opt(v.to),
        v.source,
        v.article
    )
}

/// Rebuilds a parameter's values with every override of `plan`: in each series an override
/// touches, the encoded values minus the overridden periods (a value an override overlaps is
/// split around it), and the overrides' values, by first day. Series no override touches keep
/// their values as they are. Each override's note names the encoded values it replaces, with
/// their own period, citation and status. One pass over the values and the overrides.
fn rebuild(parameter: &mut Parameter, plan: &KeyPlan, reform: &Reform, source: &str) {
    let old = std::mem::take(&mut parameter.values);
    let mut by_series: BySeries<Vec<ParameterValue>> = BySeries::new();
    for v in old {
        if let Some(values) = by_series.entry((v.region, v.area)) {
            values.push(v);
        }
    }
    let mut values = Vec::new();
    for s in &plan.series {
        let encoded = by_series.remove(s).unwrap_or_default();
        let Some(periods) = plan.periods.get(s) else {
            values.extend(encoded);
            continue;
        };
        // The overrides of this series, by first day (their periods are disjoint).
        let overrides: Vec<(usize, &Override)> = periods
            .values()
            .filter_map(|(_, i)| reform.overrides.get(*i).map(|o| (*i, o)))
            .collect();
        let mut replaced: Vec<Vec<String>> = vec![Vec::new(); overrides.len()];
        let mut series_values: Vec<ParameterValue> = Vec::new();
        for v in &encoded {
            // The first override that does not end before `v` starts.
            let first = overrides.partition_point(|(_, o)| o.to.is_some_and(|to| to < v.from));
            let mut cursor = Some(v.from);
            for (k, (_, o)) in overrides.iter().enumerate().skip(first) {
                if v.to.is_some_and(|vt| o.from > vt) {
                    break;
                }
                if let Some(r) = replaced.get_mut(k) {
                    r.push(describe(v));
                }
                if let Some(c) = cursor.filter(|c| *c < o.from) {
                    if let Some(end) = previous_day(o.from) {
                        series_values.push(ParameterValue {
                            from: c,
                            to: Some(end),
                            ..v.clone()
                        });
                    }
                }
                cursor = o.to.and_then(next_day);
            }
            if let Some(c) = cursor.filter(|c| v.to.is_none_or(|vt| *c <= vt)) {
                series_values.push(ParameterValue {
                    from: c,
                    ..v.clone()
                });
            }
        }
        for ((index, o), replaced) in overrides.iter().zip(replaced) {
            let replaces = if replaced.is_empty() {
                "no encoded value (a new period)".to_string()
            } else {
                format!("replaces {}", replaced.join("; "))
            };
            let note = if o.note.trim().is_empty() {
                format!("Reform override: {replaces}.")
            } else {
                format!("Reform override: {replaces}. {}", o.note.trim())
            };
            series_values.push(ParameterValue {
                region: s.0,
                area: s.1,
                from: o.from,
                to: o.to,
                value: o.value.0,
                status: Status::Illustrative,
                source: source.to_string(),
                article: format!("overrides[{index}]"),
                note,
                uncertain_until: None,
                receipt: Default::default(),
            });
        }
        series_values.sort_by_key(|v| v.from);
        values.extend(series_values);
    }
    parameter.values = values;
}

/// Within each series, values ascend and do not overlap (as the loader requires).
fn check_series(parameter: &Parameter) -> Result<(), String> {
    let mut last: Vec<(Series, &ParameterValue)> = Vec::new();
    for v in &parameter.values {
        let s = (v.region, v.area);
        if let Some((_, prev)) = last.iter().find(|(k, _)| *k == s) {
            if v.from <= prev.from || prev.to.is_none_or(|to| to >= v.from) {
                return Err(format!(
                    "the values of `{}` for {} overlap at {} after the override",
                    parameter.key, v.region, v.from
                ));
            }
        }
        last.retain(|(k, _)| *k != s);
        last.push((s, v));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic_crosses_months_and_years() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(previous_day(d("2025-03-01")), Some(d("2025-02-28")));
        assert_eq!(previous_day(d("2025-01-01")), Some(d("2024-12-31")));
        assert_eq!(previous_day(d("1900-01-01")), None);
        assert_eq!(next_day(d("2024-02-28")), Some(d("2024-02-29")));
        assert_eq!(next_day(d("2025-12-31")), Some(d("2026-01-01")));
        assert_eq!(next_day(d("2199-12-31")), None);
    }
}
