//! Calendar dates (`YYYY-MM-DD`), the only time type the rules need.
//!
//! A small proleptic-Gregorian date keeps the WASM bundle free of a date library. Dates cross
//! every boundary as ISO strings.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::error::CODE_TAG;

/// A calendar date between 1900-01-01 and 2199-12-31.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

crate::decode::decode_with_serde!(Date);

impl Date {
    /// Builds a date, checking the calendar (leap years included).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(crate::limits::MIN_YEAR..=crate::limits::MAX_YEAR).contains(&year)
            || !(1..=12).contains(&month)
        {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (Arrow's `date32`), if within the accepted range.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Civil-from-days (H. Hinnant's algorithm), integers only.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |s: &str| -> Option<u16> {
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        let year = num(text.get(0..4)?)?;
        let month = u8::try_from(num(text.get(5..7)?)?).ok()?;
        let day = u8::try_from(num(text.get(8..10)?)?).ok()?;
        Date::new(year, month, day)
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The same day `months` months later (the last day of the month when it has fewer days),
    /// or `None` past 2199.
    pub fn add_months(self, months: u32) -> Option<Date> {
        let total = u32::from(self.month) - 1 + months;
        let year = u16::try_from(u32::from(self.year) + total / 12).ok()?;
        let month = u8::try_from(total % 12 + 1).ok()?;
        let day = self.day.min(days_in_month(year, month));
        Date::new(year, month, day)
    }

    /// The last day of this date's month.
    pub fn end_of_month(self) -> Date {
        Date {
            day: days_in_month(self.year, self.month),
            ..self
        }
    }

    /// Completed years of age on `on` for a person born on `self` (a person born on 29 February
    /// completes a year on 1 March in common years). `None` when `on` is before the birth.
    pub fn age_on(self, on: Date) -> Option<u32> {
        if on < self {
            return None;
        }
        let mut years = u32::from(on.year - self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years = years.saturating_sub(1);
        }
        Some(years)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    /// `YYYY-MM-DD`; to an encoder that is not human-readable (the receipt's,
    /// [`crate::receipt`]) the whole number `YYYYMMDD`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            let packed = u32::from(self.year) * 10_000 + u32::from(self.month) * 100;
            return serializer.serialize_u32(packed + u32::from(self.day));
        }
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{CODE_TAG}invalid_date{CODE_TAG}`{text}` is not a date YYYY-MM-DD between 1900 and 2199"
            ))
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date", "description": "A date YYYY-MM-DD between 1900 and 2199."})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days() {
        assert_eq!(Date::from_unix_days(0), Date::new(1970, 1, 1));
        assert_eq!(Date::from_unix_days(20_089), Date::new(2025, 1, 1));
        assert_eq!(Date::from_unix_days(-25_567), Date::new(1900, 1, 1));
        assert_eq!(Date::from_unix_days(-25_568), None);
        assert_eq!(Date::from_unix_days(11_016), Date::new(2000, 2, 29));
    }

    #[test]
    fn parses_valid_and_rejects_invalid() {
        assert_eq!(
            Date::parse("2025-06-01").map(|d| d.to_string()),
            Some("2025-06-01".into())
        );
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2025-13-01").is_none());
        assert!(Date::parse("2025-6-1").is_none());
        assert!(Date::parse("+025-06-01").is_none());
        assert!(Date::parse("1899-12-31").is_none());
    }

    #[test]
    fn adds_months_clamping_the_day() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2025-01-31").add_months(1), Some(d("2025-02-28")));
        assert_eq!(d("2024-12-15").add_months(12), Some(d("2025-12-15")));
        assert_eq!(d("2199-12-01").add_months(1), None);
    }

    #[test]
    fn computes_completed_years() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("1965-06-01").age_on(d("2025-06-01")), Some(60));
        assert_eq!(d("1965-06-02").age_on(d("2025-06-01")), Some(59));
        assert_eq!(d("2025-06-02").age_on(d("2025-06-01")), None);
    }
}
