//! Shared code of the runnable examples: a result and an error as people read them (in Chinese or
//! English, short or fully explained), the JSON Schemas and the generated figure tables.

use std::fmt::Write;

/// Writes one line of output with every control character of its text escaped (see
/// [`terminal_safe`]): ids, labels and messages come from the request, and a crafted file must
/// not be able to move the cursor, colour the screen or print lines of its own.
macro_rules! emit {
    ($out:expr, $($arg:tt)*) => {{
        let text = format!($($arg)*);
        $out.push_str(&terminal_safe(&text));
        $out.push('\n');
        Ok::<(), std::fmt::Error>(())
    }};
}

/// Text made safe to print on a terminal: every control character (C0 including CR, LF, tab
/// and ESC; DEL; C1) and every bidirectional override or isolate (which can reorder what a
/// reader sees) is written as a visible escape `\u{1b}`; everything else is kept.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The household calculated when no file is given.
pub const DEFAULT_HOUSEHOLD: &str = include_str!("../households/default.json");

mod text;
pub use text::{Lang, error_text, explain, summary};

/// The JSON Schemas of the wire API, as (file name, pretty JSON) pairs: for each API
/// `<api>.request.schema.json` and `<api>.result.schema.json` (`request.schema.json` and
/// `result.schema.json` for `calculate`), and `error.schema.json`. Requests are described as
/// they are read (fields with defaults are optional); results as they are written (fields left
/// out when empty are not required).
pub fn schemas() -> Vec<(&'static str, String)> {
    use minzheng::{assessment, care_home, programmes, star_rating};
    use schemars::generate::SchemaSettings;
    fn input<T: schemars::JsonSchema>() -> String {
        let schema = SchemaSettings::draft2020_12()
            .for_deserialize()
            .into_generator()
            .into_root_schema_for::<T>();
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
    fn output<T: schemars::JsonSchema>() -> String {
        let schema = SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<T>();
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
    vec![
        (
            "request.schema.json",
            input::<minzheng::CalculationRequest>(),
        ),
        (
            "result.schema.json",
            output::<minzheng::CalculationResult>(),
        ),
        ("error.schema.json", output::<minzheng::Error>()),
        (
            "temporary_assistance.request.schema.json",
            input::<programmes::temporary::TemporaryRequest>(),
        ),
        (
            "temporary_assistance.result.schema.json",
            output::<programmes::temporary::ProgrammeCalculation>(),
        ),
        (
            "rescue_food_allowance.request.schema.json",
            input::<programmes::rescue::RescueRequest>(),
        ),
        (
            "rescue_food_allowance.result.schema.json",
            output::<programmes::temporary::ProgrammeCalculation>(),
        ),
        (
            "assess_ability.request.schema.json",
            input::<assessment::AssessmentRequest>(),
        ),
        (
            "assess_ability.result.schema.json",
            output::<assessment::AssessmentResult>(),
        ),
        (
            "care_home_bill.request.schema.json",
            input::<care_home::BillRequest>(),
        ),
        (
            "care_home_bill.result.schema.json",
            output::<care_home::BillResult>(),
        ),
        (
            "care_home_price_adjustment.request.schema.json",
            input::<care_home::PriceAdjustmentRequest>(),
        ),
        (
            "care_home_price_adjustment.result.schema.json",
            output::<care_home::PriceAdjustmentResult>(),
        ),
        (
            "star_rating.request.schema.json",
            input::<star_rating::StarRatingRequest>(),
        ),
        (
            "star_rating.result.schema.json",
            output::<star_rating::StarRatingResult>(),
        ),
        (
            "star_reward.request.schema.json",
            input::<star_rating::StarRewardRequest>(),
        ),
        (
            "star_reward.result.schema.json",
            output::<star_rating::StarRewardResult>(),
        ),
        (
            "star_card.request.schema.json",
            input::<star_rating::StarCardRequest>(),
        ),
        (
            "star_card.result.schema.json",
            output::<star_rating::Card>(),
        ),
        (
            "calculate_reform.request.schema.json",
            input::<minzheng::reform::ReformRequest>(),
        ),
        (
            "calculate_reform.result.schema.json",
            output::<minzheng::reform::ReformResult>(),
        ),
        (
            "cliff.request.schema.json",
            input::<minzheng::batch::cliff::CliffRequest>(),
        ),
        (
            "cliff.result.schema.json",
            output::<minzheng::batch::cliff::Cliff>(),
        ),
        (
            "difference.request.schema.json",
            input::<minzheng::difference::DifferenceRequest>(),
        ),
        (
            "difference.result.schema.json",
            output::<minzheng::difference::Difference>(),
        ),
        ("reasons.json", reason_catalogue()),
        ("warnings.json", warning_catalogue()),
    ]
}

/// `schema/warnings.json`: every warning code a result can give, with its short Chinese and
/// English title.
pub fn warning_catalogue() -> String {
    use minzheng::warnings::WarningCode;
    let warnings: Vec<serde_json::Value> = WarningCode::ALL
        .iter()
        .map(|w| {
            serde_json::json!({
                "code": w.code(),
                "title_zh": w.title_zh(),
                "title_en": w.title_en(),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "description": "Warning codes of minzheng results (generated from minzheng::warnings).",
        "warnings": warnings,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The generated tables of `docs/engine.md`: each marker's name and its table.
pub fn code_tables() -> [(&'static str, String); 2] {
    [
        ("reason-codes", reason_table()),
        ("warning-codes", warning_table()),
    ]
}

/// The lines that open and close a generated table of `docs/engine.md`.
pub fn table_markers(marker: &str) -> (String, String) {
    (
        format!("<!-- {marker}: generated by `cargo run -p minzheng-examples --bin schema` -->\n"),
        format!("<!-- /{marker} -->"),
    )
}

/// The warning-code table of `docs/engine.md` (between its `warning-codes` markers).
pub fn warning_table() -> String {
    use minzheng::warnings::WarningCode;
    let mut out = String::from("| code | 中文 | English |\n| --- | --- | --- |\n");
    for w in WarningCode::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            w.code(),
            w.title_zh(),
            w.title_en()
        ));
    }
    out
}

/// `schema/reasons.json`: every reason code a result can give, with its short Chinese and English
/// title, in the order of the reason columns of a population run (column code = position + 1).
pub fn reason_catalogue() -> String {
    use minzheng::engine::reasons::ReasonCode;
    let reasons: Vec<serde_json::Value> = ReasonCode::ALL
        .iter()
        .map(|r| {
            serde_json::json!({
                "code": r.code(),
                "title_zh": r.title_zh(),
                "title_en": r.title_en(),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "description": "Reason codes of minzheng results (generated from minzheng::engine::reasons); \
            a population run's reason column holds position + 1, 0 for none.",
        "reasons": reasons,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The reason-code table of `docs/engine.md` (between its `reason-codes` markers).
pub fn reason_table() -> String {
    use minzheng::engine::reasons::ReasonCode;
    let mut out =
        String::from("| column code | code | 中文 | English |\n| --- | --- | --- | --- |\n");
    for (i, r) in ReasonCode::ALL.iter().enumerate() {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            i + 1,
            r.code(),
            r.title_zh(),
            r.title_en()
        ));
    }
    out
}

/// `docs/figures.md`: every parameter of `core/parameters/` with its value per period, unit,
/// status, source and link, and the counts by status; generated by
/// `cargo run -p minzheng-examples --bin figures`, and a test checks the committed file is current.
pub fn figures_markdown() -> String {
    use minzheng::params::{ParameterStore, Status};
    use std::fmt::Write as _;
    let Ok(store) = ParameterStore::embedded() else {
        return String::from("The embedded parameters do not load.\n");
    };
    fn name<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
    fn cell(text: &str) -> String {
        text.replace('|', "\\|").replace('\n', " ")
    }
    let params: Vec<_> = store.parameters().collect();
    let statuses = [
        Status::Verified,
        Status::Reported,
        Status::Structure,
        Status::Illustrative,
    ];
    let count = |s: Status| {
        params
            .iter()
            .flat_map(|p| &p.values)
            .filter(|v| v.status == s)
            .count()
    };
    let values: usize = params.iter().map(|p| p.values.len()).sum();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Figures: every parameter, per period, with its status and source\n"
    );
    let _ = writeln!(
        out,
        "Generated from `core/parameters/*.toml` by `cargo run -p minzheng-examples --bin figures`; \
         a test (`examples/tests/figures.rs`) fails when this file is not current with the data. \
         Do not edit by hand. Statuses: **verified** read in the official text; **reported** \
         secondary sources (or an official text read only through a copy); **structure** the rule's \
         shape only; **illustrative** a placeholder, flagged in every result that uses it. A value \
         with an *uncertain until* date has an effective-from date that was not seen: from `from` \
         to that date the previous figure may still have applied, and results say so. Links are \
         official pages only.\n"
    );
    let _ = writeln!(
        out,
        "{} parameters, {values} dated values: {}.\n",
        params.len(),
        statuses
            .iter()
            .map(|s| format!("{} {}", count(*s), name(s)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(out, "| status | values |\n|---|---|");
    for s in statuses {
        let _ = writeln!(out, "| {} | {} |", name(&s), count(s));
    }
    let _ = writeln!(out);
    for p in &params {
        let _ = writeln!(out, "## `{}` — {} / {}\n", p.key, p.label_zh, p.label_en);
        let _ = writeln!(out, "Unit: `{}`.\n", name(&p.unit));
        let _ = writeln!(
            out,
            "| region | area | from | to | uncertain until | value | status | source | article | note |\n|---|---|---|---|---|---|---|---|---|---|"
        );
        for v in &p.values {
            let source = store.source(&v.source);
            let cited = match source {
                Some(s) if !s.url.is_empty() => format!("[{} {}]({})", s.key, s.number, s.url),
                Some(s) => format!("{} {}", s.key, s.number),
                None => v.source.clone(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                v.region,
                v.area.map(|a| name(&a)).unwrap_or_else(|| "all".into()),
                v.from,
                v.to.map(|d| d.to_string())
                    .unwrap_or_else(|| "(open)".into()),
                v.uncertain_until.map(|d| d.to_string()).unwrap_or_default(),
                v.value,
                name(&v.status),
                cell(cited.trim()),
                cell(&v.article),
                cell(&v.note)
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Sources\n");
    let _ = writeln!(
        out,
        "| key | document | issuer | number | in force | expires | link |\n|---|---|---|---|---|---|---|"
    );
    let mut keys: Vec<&str> = params
        .iter()
        .flat_map(|p| p.values.iter().map(|v| v.source.as_str()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        if let Some(s) = store.source(key) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                s.key,
                cell(&s.title),
                cell(&s.issuer),
                cell(&s.number),
                s.in_force.map(|d| d.to_string()).unwrap_or_default(),
                s.expires.map(|d| d.to_string()).unwrap_or_default(),
                s.url
            );
        }
    }
    out
}

/// The portal's figures module (`examples/portal/figures.js`), read by its about page: every
/// parameter with its value per period, unit, status and source, and the counts by status. The
/// same data as [`figures_markdown`], as a JavaScript module, so the page's table cannot drift
/// from `core/parameters/` (`examples/tests/figures.rs` checks the committed file is current).
pub fn figures_portal_js() -> String {
    use minzheng::params::ParameterStore;
    use serde_json::{Value, json};
    let Ok(store) = ParameterStore::embedded() else {
        return String::from("export const FIGURES = null;\n");
    };
    fn name<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).unwrap_or(Value::Null)
    }
    let date = |d: Option<minzheng::Date>| d.map_or(Value::Null, |d| Value::String(d.to_string()));
    let mut counts = serde_json::Map::new();
    let mut sources = std::collections::BTreeSet::new();
    let parameters: Vec<Value> = store
        .parameters()
        .map(|p| {
            let values: Vec<Value> = p
                .values
                .iter()
                .map(|v| {
                    let status = name(&v.status);
                    if let Value::String(s) = &status {
                        let n = counts.get(s).and_then(Value::as_u64).unwrap_or(0);
                        counts.insert(s.clone(), json!(n + 1));
                    }
                    sources.insert(v.source.clone());
                    json!([
                        v.region.to_string(),
                        v.area.map_or(Value::Null, |a| name(&a)),
                        v.from.to_string(),
                        date(v.to),
                        date(v.uncertain_until),
                        v.value.to_string(),
                        status,
                        v.source,
                        v.article
                    ])
                })
                .collect();
            json!([p.key, p.label_zh, p.label_en, name(&p.unit), values])
        })
        .collect();
    let sources: serde_json::Map<String, Value> = sources
        .into_iter()
        .filter_map(|k| {
            store.source(&k).map(|s| {
                (
                    k,
                    json!([
                        s.title,
                        s.issuer,
                        s.number,
                        s.url,
                        date(s.in_force),
                        date(s.expires)
                    ]),
                )
            })
        })
        .collect();
    let data = json!({ "counts": counts, "parameters": parameters, "sources": sources });
    format!(
        "// Generated from core/parameters/ by `cargo run -p minzheng-examples --bin figures`; do not edit.\n\
         // parameters: [key, label_zh, label_en, unit, [[region, area, from, to, uncertain_until, value, status, source, article], …]]\n\
         // sources: {{ key: [title, issuer, number, url, in_force, expires] }}\n\
         export const FIGURES = {data};\n"
    )
}

/// The portal's `examples/portal/latest.js`: the last day on which every figure in force rests on
/// a document still valid. It is the day before the earliest expiry among the sources of the
/// values in force at the end of the data (values without an end date); the portal's date field
/// defaults to it (or to today, when earlier), and later dates get one notice naming the source.
pub fn latest_verified_js() -> String {
    use minzheng::params::ParameterStore;
    use serde_json::json;
    let Ok(store) = ParameterStore::embedded() else {
        return String::from("export const LATEST = null;\n");
    };
    let earliest = store
        .parameters()
        .flat_map(|p| p.values.iter().filter(|v| v.to.is_none()))
        .filter_map(|v| store.source(&v.source))
        .filter_map(|s| s.expires.map(|e| (e, s)))
        .min_by_key(|(e, s)| (*e, s.key.clone()));
    let data = match earliest {
        Some((expires, s)) => {
            json!({ "expires": expires.to_string(), "source": s.key, "title": s.title, "number": s.number,
            "in_force": s.in_force.map(|d| d.to_string()) })
        }
        None => serde_json::Value::Null,
    };
    format!(
        "// Generated from core/parameters/ by `cargo run -p minzheng-examples --bin figures`; do not edit.\n\
         // The earliest expiry among the sources of the figures in force at the end of the data:\n\
         // the page's date defaults to the day before it (the latest date with current figures).\n\
         export const LATEST = {data};\n"
    )
}
