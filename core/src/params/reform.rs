//! Applying a [`Reform`] to a store (the rules are described in [`crate::reform`]). This lives
//! under `params` because it rebuilds the store's private maps.

use rust_decimal::Decimal;

use super::{Parameter, ParameterStore, ParameterValue, Source, Status, Unit};
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::reform::{Override, Reform};
use crate::region::{Area, Region};

/// Issuer named by the source every reform value cites.
const REFORM_ISSUER: &str = "hypothetical reform — not in force (假设的改革方案，非现行政策)";

/// One series of a parameter: the values of one region and area.
type Series = (Region, Option<Area>);

/// Largest override of a parameter in 元 (any period): the request limit on amounts.
pub const MAX_REFORM_YUAN: i64 = crate::money::MAX_AMOUNT_YUAN;
/// Largest override of any other parameter (a ratio, months, days, a count, points).
pub const MAX_REFORM_OTHER: i64 = 1_000_000;

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

impl ParameterStore {
    /// A new, validated store with `reform`'s overrides applied in order (see [`crate::reform`]).
    pub fn with_reform(&self, reform: &Reform) -> Result<ParameterStore, Error> {
        let name = reform.name.trim();
        if name.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                "reform.name",
                "a reform needs a non-empty name",
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
                key: source_key.clone(),
                title,
                issuer: REFORM_ISSUER.to_string(),
                number: String::new(),
                url: String::new(),
                in_force: None,
                expires: None,
            },
        );
        let mut applied: Vec<(usize, Vec<Series>)> = Vec::new();
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
            let Some(parameter) = store.params.get_mut(&o.key) else {
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
            let series = select_series(parameter, region, o.area);
            for (j, earlier) in &applied {
                let Some(prev) = reform.overrides.get(*j) else {
                    continue;
                };
                if prev.key == o.key
                    && periods_overlap(prev, o)
                    && earlier.iter().any(|s| series.contains(s))
                {
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
            }
            apply(parameter, &series, o, &source_key, i);
            check_series(parameter)
                .map_err(|message| Error::new(ErrorCode::ConflictingFields, at("from"), message))?;
            applied.push((i, series));
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

fn periods_overlap(a: &Override, b: &Override) -> bool {
    a.to.is_none_or(|to| b.from <= to) && b.to.is_none_or(|to| a.from <= to)
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

/// The series an override touches: every existing series matching the given region and area;
/// when none matches, new series for the given region (or every region defining the key).
fn select_series(parameter: &Parameter, region: Option<Region>, area: Option<Area>) -> Vec<Series> {
    let mut existing: Vec<Series> = Vec::new();
    for v in &parameter.values {
        if !existing.contains(&(v.region, v.area)) {
            existing.push((v.region, v.area));
        }
    }
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
            for (r, _) in &existing {
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

/// Replaces, in each series, the values the override covers and splits the ones it overlaps.
fn apply(parameter: &mut Parameter, series: &[Series], o: &Override, source: &str, index: usize) {
    let old = std::mem::take(&mut parameter.values);
    let mut order: Vec<Series> = Vec::new();
    for v in &old {
        if !order.contains(&(v.region, v.area)) {
            order.push((v.region, v.area));
        }
    }
    for s in series {
        if !order.contains(s) {
            order.push(*s);
        }
    }
    let mut values = Vec::with_capacity(old.len() + 2 * series.len());
    for s in order {
        let mut kept: Vec<ParameterValue> = Vec::new();
        let in_series = old.iter().filter(|v| (v.region, v.area) == s);
        if !series.contains(&s) {
            values.extend(in_series.cloned());
            continue;
        }
        let mut replaced: Vec<String> = Vec::new();
        for v in in_series {
            let before = o.to.is_some_and(|to| v.from > to);
            let after = v.to.is_some_and(|to| to < o.from);
            if before || after {
                kept.push(v.clone());
                continue;
            }
            replaced.push(describe(v));
            if v.from < o.from {
                if let Some(end) = previous_day(o.from) {
                    kept.push(ParameterValue {
                        to: Some(end),
                        ..v.clone()
                    });
                }
            }
            if let Some(to) = o.to {
                if v.to.is_none_or(|vt| vt > to) {
                    if let Some(start) = next_day(to) {
                        kept.push(ParameterValue {
                            from: start,
                            ..v.clone()
                        });
                    }
                }
            }
        }
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
        kept.push(ParameterValue {
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
        });
        kept.sort_by_key(|v| v.from);
        values.extend(kept);
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
