//! Every limit a request meets, in one place: sizes, list lengths and the ranges of single
//! fields. Each is checked before any calculation, and a request beyond one is an error with a
//! stable code (`input_too_large` for sizes and list lengths, `out_of_range`, `invalid_money`,
//! `invalid_date` … for values), never a panic or an unbounded computation.
//!
//! The README's list "Limits, all checked before any calculation" is this module in prose, line
//! for line, in the same order: `core/tests/limits_readme.rs` renders each README line from the
//! constants below and fails when either side changes alone. A new limit is added here, used
//! where it is checked, and given its README line in the same change.
//!
//! Internal arithmetic bounds that no caller can reach (the exact engine's largest scale,
//! `engine::exact::MAX_SCALE`; the aggregates' overflow bound) stay beside the arithmetic
//! they protect.

use std::ops::RangeInclusive;

// README: "a request of at most 1 MiB of JSON, nested at most 127 levels;"

/// Largest request accepted by [`crate::calculate_json`] and every other JSON entry point, in
/// bytes (1 MiB).
pub const MAX_REQUEST_BYTES: usize = 1 << 20;
/// Deepest nesting of a request's JSON, in levels: `serde_json`'s recursion limit, which the
/// decoder keeps (a deeper request is `invalid_json`).
pub const MAX_DEPTH: usize = 127;

// README: "at most 100 household members, 100 persons in `temporary_assistance` and
// `rescue_food_allowance`; ages 0–150;"

/// Most members a household may have; also the most persons of a temporary-assistance or
/// rescue-food request.
pub const MAX_MEMBERS: usize = 100;
/// Oldest age accepted, in years (ages are 0–`MAX_AGE`).
pub const MAX_AGE: i64 = 150;

// README: "amounts 0 – 10^12 元 with at most two decimals (strings, or whole JSON integers);"

/// Largest amount accepted in a request: one trillion 元. Anything larger is a typing error, and
/// the bound keeps every sum over a household far from `Decimal`'s limits.
pub const MAX_AMOUNT_YUAN: i64 = 1_000_000_000_000;
/// Most decimals of an amount in 元 (the fen).
pub const MONEY_DECIMALS: u32 = 2;

// README: "dates 1900-01-01 – 2199-12-31; percentages ±1000 with at most four decimals;"

/// First year of a date ([`crate::Date`] holds 1900-01-01 – 2199-12-31).
pub const MIN_YEAR: u16 = 1900;
/// Last year of a date.
pub const MAX_YEAR: u16 = 2199;
/// Largest magnitude of a percentage (a price index's change), in per cent.
pub const MAX_PERCENT: i64 = 1000;
/// Most decimals of a percentage.
pub const PERCENT_DECIMALS: u32 = 4;

// README: "ranges: disability grade 1–4, service-disability grade 1–10, ADL not met 0–6, meals
// 0–62, care level 1–5, back-pay months 1–12, temporary-assistance months 1–12 and hospital days
// 0–366, LTC grade 1–3, beds 1–100,000, stars 1–5;"

/// Disability grade on a certificate (残疾人证: 一级 most severe … 四级).
pub const DISABILITY_GRADES: RangeInclusive<i64> = 1..=4;
/// Service-related disability grade (伤残等级 of 《军人抚恤优待条例》: 一级 … 十级).
pub const SERVICE_DISABILITY_GRADES: RangeInclusive<i64> = 1..=10;
/// Activities of daily living not met, of the national six-ADL test.
pub const ADL_UNMET: RangeInclusive<i64> = 0..=6;
/// Meals in a month of meal aid (助餐): two a day of a 31-day month.
pub const MEALS: RangeInclusive<i64> = 0..=62;
/// Care level of a meal-aid recipient (1–5).
pub const CARE_LEVELS: RangeInclusive<i64> = 1..=5;
/// Months of a back-payment (补发).
pub const BACK_PAY_MONTHS: RangeInclusive<i64> = 1..=12;
/// Months of temporary assistance (checked by `programmes::temporary`).
pub const TEMPORARY_MONTHS: RangeInclusive<i64> = 1..=12;
/// Hospital days of temporary assistance (checked by `programmes::temporary`).
pub const HOSPITAL_DAYS: RangeInclusive<i64> = 0..=366;
/// Long-term care insurance grade (失能等级; 3 the most severe).
pub const LTC_GRADES: RangeInclusive<i64> = 1..=3;
/// Most beds of a care home in a price adjustment (a typing guard).
pub const MAX_BEDS: i64 = 100_000;
/// Stars of a care-home rating (星级).
pub const STARS: RangeInclusive<u8> = 1..=5;

// README: "scorecards: at most 20 sections, 500 items, 10 levels, 50 prerequisites, ids of 64
// bytes, points 0–100,000 with two decimals, occupancy 0–1 with four decimals; 100,000 residents;"

/// Most sections a card may have.
pub const MAX_SECTIONS: usize = 20;
/// Most items a card may have, over all sections. Bounds the gap search (`star_rating::gap`).
pub const MAX_ITEMS: usize = 500;
/// Most levels a card may have.
pub const MAX_LEVELS: usize = 10;
/// Most prerequisites a card may have.
pub const MAX_PREREQUISITES: usize = 50;
/// Longest id (section, item, prerequisite, card), in bytes.
pub const MAX_ID_LEN: usize = 64;
/// Largest figure a card or a score may hold (points per item, section or total).
pub const MAX_CARD_POINTS: i64 = 100_000;
/// Most decimals a point figure may have (half and quarter points are common, 0.01 is the limit).
pub const POINT_DECIMALS: u32 = 2;
/// Most decimals of a share such as an occupancy rate (0–1).
pub const RATIO_DECIMALS: u32 = 4;
/// Most residents accepted (a typing guard).
pub const MAX_RESIDENTS: u32 = 100_000;
// README: "star rewards: at most 100 incidents;"

/// Most incidents accepted in a star-reward request.
pub const MAX_INCIDENTS: usize = 100;

// README: "reforms: values with at most 28 significant digits, at most 10^12 for parameters in 元
// and 10^6 for the others (ratios, months, days, counts, points);"

/// Most significant digits of a reform value or a sweep bound (a `Decimal` holds 28).
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;
/// Largest override of a parameter in 元 (any period): the request limit on amounts.
pub const MAX_REFORM_YUAN: i64 = MAX_AMOUNT_YUAN;
/// Largest override of any other parameter (a ratio, months, days, a count, points).
pub const MAX_REFORM_OTHER: i64 = 1_000_000;

// README: "reforms: at most 10,000 overrides (`input_too_large` at `reform.overrides`); …"

/// Most overrides one reform may give. Applying a reform costs O(n log n) in its number of
/// overrides n (each is checked against the earlier ones of its series in an ordered map, and
/// each series is rebuilt once); the bound keeps the reformed store, whose series every lookup
/// reads, proportionate: 10,000 one-day overrides are 27 years of daily values of one figure.
pub const MAX_OVERRIDES: usize = 10_000;

// README: "cliff sweeps: at most 100,001 points (`input_too_large` at `step`);"

/// Most grid points a cliff sweep may have.
pub const MAX_SWEEP_POINTS: usize = 100_001;

// README: "a care-home bill: at most 20 other subsidies;"

/// Most other subsidies one bill may list (a resident has a handful; the bound keeps the result,
/// one line item each, proportionate to a request).
pub const MAX_SUBSIDIES: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    /// The nesting limit is the JSON parser's own: `MAX_DEPTH` levels are read (a nested array
    /// is then the wrong type for a request), one more is `invalid_json`.
    #[test]
    fn the_depth_limit_is_the_parsers() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let code = |n: usize| crate::calculate_json(&nested(n)).err().map(|e| e.code);
        assert_eq!(code(MAX_DEPTH), Some(crate::ErrorCode::InvalidType));
        assert_eq!(code(MAX_DEPTH + 1), Some(crate::ErrorCode::InvalidJson));
    }

    /// The date bounds are the type's.
    #[test]
    fn dates_span_the_years() {
        assert!(crate::Date::new(MIN_YEAR, 1, 1).is_some());
        assert!(crate::Date::new(MAX_YEAR, 12, 31).is_some());
        assert!(crate::Date::new(MIN_YEAR - 1, 12, 31).is_none());
        assert!(crate::Date::new(MAX_YEAR + 1, 1, 1).is_none());
    }
}
