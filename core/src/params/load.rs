//! Loading and validating the parameter data.
//!
//! Rejected: unknown fields, a unit outside the closed set, a status outside the four, a value
//! not written as a decimal string, a value without a source or article, a source that does not
//! exist, an unknown region, `to` before `from`, and values of one region and area that are not in
//! ascending order or overlap.

use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

use super::{Parameter, ParameterStore, ParameterValue, Source, Status, Unit};
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::region::{Area, Region};

#[derive(Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
struct RawRoot {
    sources: BTreeMap<String, RawSource>,
    files: Vec<RawFile>,
}

#[derive(Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    issuer: String,
    number: String,
    url: String,
    #[serde(default)]
    in_force: Option<String>,
    #[serde(default)]
    expires: Option<String>,
    #[serde(default)]
    year: Option<u16>,
}

#[derive(Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
struct RawFile {
    file: String,
    content: RawContent,
}

#[derive(Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
struct RawContent {
    #[serde(default)]
    parameter: Vec<RawParameter>,
}

#[derive(Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    key: String,
    label_zh: String,
    label_en: String,
    unit: String,
    values: Vec<RawValue>,
}

#[derive(Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
struct RawValue {
    region: String,
    #[serde(default)]
    area: Option<Area>,
    from: String,
    #[serde(default)]
    to: Option<String>,
    value: serde_json::Value,
    status: String,
    source: String,
    article: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    uncertain_until: Option<String>,
}

fn bad(path: String, message: String) -> Error {
    Error::new(ErrorCode::InvalidParameterData, path, message)
}

fn date(path: &str, text: &str) -> Result<Date, Error> {
    Date::parse(text).ok_or_else(|| bad(path.to_string(), format!("`{text}` is not a date")))
}

pub(super) fn from_json(json: &str) -> Result<ParameterStore, Error> {
    // Through the request decoder (not serde_json's typed reader), so the WASM bundle carries
    // one deserializer for every type.
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| bad(String::new(), format!("parameter data does not parse: {e}")))?;
    let raw: RawRoot = crate::decode::from_value(&value).map_err(|e| {
        bad(
            e.path,
            format!("parameter data does not parse: {}", e.message),
        )
    })?;

    let mut sources = BTreeMap::new();
    for (key, s) in raw.sources {
        let path = format!("sources.toml: {key}");
        if s.title.trim().is_empty() || s.issuer.trim().is_empty() {
            return Err(bad(path, "a source needs a title and an issuer".into()));
        }
        let in_force = s.in_force.as_deref().map(|t| date(&path, t)).transpose()?;
        let expires = s.expires.as_deref().map(|t| date(&path, t)).transpose()?;
        if s.year.is_some_and(|y| !(1900..=2199).contains(&y)) {
            return Err(bad(path, "`year` is outside 1900–2199".into()));
        }
        sources.insert(
            key.clone(),
            Source {
                key: key.as_str().into(),
                title: s.title.into(),
                issuer: s.issuer.into(),
                number: s.number.into(),
                url: s.url.into(),
                in_force,
                expires,
            },
        );
    }

    let mut params: BTreeMap<String, Parameter> = BTreeMap::new();
    for file in raw.files {
        for p in file.content.parameter {
            let path = format!("{}: {}", file.file, p.key);
            let parameter = parameter(&path, p, &sources)?;
            if params.contains_key(&parameter.key) {
                return Err(bad(path, "the key is defined twice".into()));
            }
            params.insert(parameter.key.clone(), parameter);
        }
    }
    let mut store = ParameterStore { params, sources };
    store.seal();
    Ok(store)
}

fn parameter(
    path: &str,
    p: RawParameter,
    sources: &BTreeMap<String, Source>,
) -> Result<Parameter, Error> {
    let unit = Unit::parse(&p.unit)
        .ok_or_else(|| bad(path.to_string(), format!("unknown unit `{}`", p.unit)))?;
    if p.label_zh.trim().is_empty() || p.label_en.trim().is_empty() {
        return Err(bad(path.to_string(), "labels must not be empty".into()));
    }
    if p.values.is_empty() {
        return Err(bad(
            path.to_string(),
            "a parameter needs at least one value".into(),
        ));
    }
    let mut values = Vec::with_capacity(p.values.len());
    for (i, v) in p.values.into_iter().enumerate() {
        values.push(value(&format!("{path}.values[{i}]"), v, sources)?);
    }
    check_periods(path, &values)?;
    Ok(Parameter {
        key: p.key,
        label_zh: p.label_zh,
        label_en: p.label_en,
        unit,
        values,
    })
}

fn value(
    path: &str,
    v: RawValue,
    sources: &BTreeMap<String, Source>,
) -> Result<ParameterValue, Error> {
    let region = Region::parse(&v.region)
        .ok_or_else(|| bad(path.to_string(), format!("unknown region `{}`", v.region)))?;
    let status = match v.status.as_str() {
        "verified" => Status::Verified,
        "reported" => Status::Reported,
        "structure" => Status::Structure,
        "illustrative" => Status::Illustrative,
        other => return Err(bad(path.to_string(), format!("unknown status `{other}`"))),
    };
    let text = v.value.as_str().ok_or_else(|| {
        bad(
            path.to_string(),
            "values are written as decimal strings (\"1309\"), never as floats".into(),
        )
    })?;
    let value: Decimal = text
        .parse()
        .map_err(|_| bad(path.to_string(), format!("`{text}` is not a decimal")))?;
    if !sources.contains_key(&v.source) {
        return Err(bad(
            path.to_string(),
            format!("unknown source `{}`", v.source),
        ));
    }
    if v.article.trim().is_empty() {
        return Err(bad(path.to_string(), "every value cites an article".into()));
    }
    let from = date(path, &v.from)?;
    let to = v.to.as_deref().map(|t| date(path, t)).transpose()?;
    if to.is_some_and(|to| to < from) {
        return Err(bad(path.to_string(), "`to` is before `from`".into()));
    }
    let uncertain_until = v
        .uncertain_until
        .as_deref()
        .map(|t| date(path, t))
        .transpose()?;
    if let Some(until) = uncertain_until {
        if until < from || to.is_some_and(|to| until > to) {
            return Err(bad(
                path.to_string(),
                "`uncertain_until` must lie between `from` and `to`".into(),
            ));
        }
        if v.note.trim().is_empty() {
            return Err(bad(
                path.to_string(),
                "a value with an uncertain start says why in its `note`".into(),
            ));
        }
    }
    Ok(ParameterValue {
        region,
        area: v.area,
        from,
        to,
        value,
        status,
        source: v.source,
        article: v.article,
        note: v.note,
        uncertain_until,
        receipt: Default::default(),
    })
}

/// Within one region and area, values must be listed in ascending order of `from` and must not
/// overlap (an open-ended value can only be the last).
fn check_periods(path: &str, values: &[ParameterValue]) -> Result<(), Error> {
    // The last value of each region and area (a parameter has a few: a scan).
    let mut last: Vec<((Region, Option<Area>), &ParameterValue)> = Vec::new();
    for v in values {
        let series = (v.region, v.area);
        if let Some((_, prev)) = last.iter().find(|(s, _)| *s == series) {
            if v.from <= prev.from {
                return Err(bad(
                    path.to_string(),
                    format!(
                        "values for {} are not in ascending date order at {}",
                        v.region, v.from
                    ),
                ));
            }
            if prev.to.is_none_or(|to| to >= v.from) {
                return Err(bad(
                    path.to_string(),
                    format!("values for {} overlap at {}", v.region, v.from),
                ));
            }
        }
        match last.iter_mut().find(|(s, _)| *s == series) {
            Some(entry) => entry.1 = v,
            None => last.push((series, v)),
        }
    }
    Ok(())
}
