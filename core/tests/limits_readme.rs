//! The README's list of limits is `minzheng::limits` in prose: each line of the list is rendered
//! here from the constants and compared with the README, so neither can change alone.

use minzheng::limits::*;
use std::ops::RangeInclusive;

/// The README's bullets after "Limits, all checked before any calculation", each with its
/// continuation lines joined and white space folded.
fn readme_limits() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    let readme = std::fs::read_to_string(path).unwrap_or_default();
    let mut lines = readme
        .lines()
        .skip_while(|l| !l.starts_with("Limits, all checked before any calculation"))
        .skip_while(|l| !l.starts_with("- "));
    let mut bullets: Vec<String> = Vec::new();
    for line in lines.by_ref() {
        if line.trim().is_empty() {
            break;
        }
        match line.strip_prefix("- ") {
            Some(first) => bullets.push(first.to_string()),
            None => {
                if let Some(last) = bullets.last_mut() {
                    last.push(' ');
                    last.push_str(line.trim());
                }
            }
        }
    }
    bullets
        .iter()
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// `100000` → `100,000`.
fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1_000_000_000_000` → `10^12` (the README writes large round bounds as powers of ten).
fn power_of_ten(n: i64) -> String {
    let exponent = n.to_string().len() - 1;
    assert_eq!(n, 10_i64.pow(exponent as u32), "{n} is not a power of ten");
    format!("10^{exponent}")
}

/// `1 << 20` → `1 MiB`.
fn mib(bytes: usize) -> String {
    assert_eq!(bytes % (1 << 20), 0, "{bytes} is not a whole number of MiB");
    format!("{} MiB", bytes >> 20)
}

/// A count of decimals as the README spells it.
fn decimals(n: u32) -> &'static str {
    match n {
        2 => "two",
        4 => "four",
        _ => "(no word for this count of decimals)",
    }
}

fn span(r: &RangeInclusive<i64>) -> String {
    format!("{}–{}", r.start(), r.end())
}

fn expected() -> Vec<String> {
    let members = MAX_MEMBERS;
    vec![
        format!(
            "a request of at most {} of JSON, nested at most {MAX_DEPTH} levels;",
            mib(MAX_REQUEST_BYTES)
        ),
        format!(
            "at most {members} household members, {members} persons in `temporary_assistance` and \
             `rescue_food_allowance`; ages 0–{MAX_AGE};"
        ),
        format!(
            "amounts 0 – {} 元 with at most {} decimals (strings, or whole JSON integers);",
            power_of_ten(MAX_AMOUNT_YUAN),
            decimals(MONEY_DECIMALS)
        ),
        format!(
            "dates {MIN_YEAR}-01-01 – {MAX_YEAR}-12-31; percentages ±{MAX_PERCENT} with at most {} \
             decimals;",
            decimals(PERCENT_DECIMALS)
        ),
        format!(
            "ranges: disability grade {}, service-disability grade {}, ADL not met {}, meals {}, \
             care level {}, back-pay months {}, temporary-assistance months {} and hospital days \
             {}, LTC grade {}, beds 1–{}, stars {}–{};",
            span(&DISABILITY_GRADES),
            span(&SERVICE_DISABILITY_GRADES),
            span(&ADL_UNMET),
            span(&MEALS),
            span(&CARE_LEVELS),
            span(&BACK_PAY_MONTHS),
            span(&TEMPORARY_MONTHS),
            span(&HOSPITAL_DAYS),
            span(&LTC_GRADES),
            grouped(MAX_BEDS),
            STARS.start(),
            STARS.end()
        ),
        format!(
            "scorecards: at most {MAX_SECTIONS} sections, {MAX_ITEMS} items, {MAX_LEVELS} levels, \
             {MAX_PREREQUISITES} prerequisites, ids of {MAX_ID_LEN} bytes, points 0–{} with {} \
             decimals, occupancy 0–1 with {} decimals; {} residents;",
            grouped(MAX_CARD_POINTS),
            decimals(POINT_DECIMALS),
            decimals(RATIO_DECIMALS),
            grouped(i64::from(MAX_RESIDENTS))
        ),
        format!("star rewards: at most {MAX_INCIDENTS} incidents;"),
        format!(
            "reforms: values with at most {MAX_SIGNIFICANT_DIGITS} significant digits, at most {} \
             for parameters in 元 and {} for the others (ratios, months, days, counts, points);",
            power_of_ten(MAX_REFORM_YUAN),
            power_of_ten(MAX_REFORM_OTHER)
        ),
        format!(
            "reforms: at most {} overrides (`input_too_large` at `reform.overrides`); applying a \
             reform is O(n log n) in its overrides, so the limit answers in milliseconds;",
            grouped(MAX_OVERRIDES as i64)
        ),
        format!(
            "cliff sweeps: at most {} points (`input_too_large` at `step`);",
            grouped(MAX_SWEEP_POINTS as i64)
        ),
        format!("a care-home bill: at most {MAX_SUBSIDIES} other subsidies;"),
        "results: bounded by these limits (a result is a few lines per member, person, subsidy or \
         scorecard item; the largest requests give results of a few MB)."
            .to_string(),
    ]
}

#[test]
fn the_readme_lists_the_limits_of_limits_rs_line_for_line() {
    let readme = readme_limits();
    let expected = expected();
    assert!(!readme.is_empty(), "README.md has no list of limits");
    for (i, (r, e)) in readme.iter().zip(&expected).enumerate() {
        assert_eq!(
            r,
            e,
            "README limits line {} differs from core/src/limits.rs",
            i + 1
        );
    }
    assert_eq!(
        readme.len(),
        expected.len(),
        "README lists {} limits, core/src/limits.rs renders {}",
        readme.len(),
        expected.len()
    );
}

/// Two of the size limits, one past each: `input_too_large` at the README's path.
#[test]
fn one_past_a_size_limit_is_input_too_large() {
    let members = (0..=MAX_MEMBERS)
        .map(|i| format!(r#"{{"id":"m{i}","age":30,"hukou":"guangzhou"}}"#))
        .collect::<Vec<_>>()
        .join(",");
    let request = format!(
        r#"{{"calculation_date":"2025-07-01","household":{{"district":"tianhe","area":"urban","members":[{members}]}}}}"#
    );
    let error = minzheng::calculate_json(&request).err();
    let error = error.map(|e| (e.code, e.path));
    assert_eq!(
        error,
        Some((
            minzheng::ErrorCode::InputTooLarge,
            "household.members".to_string()
        ))
    );
    let big = format!("\"{}\"", " ".repeat(MAX_REQUEST_BYTES));
    let error = minzheng::calculate_json(&big)
        .err()
        .map(|e| (e.code, e.path));
    assert_eq!(
        error,
        Some((minzheng::ErrorCode::InputTooLarge, String::new()))
    );
}
