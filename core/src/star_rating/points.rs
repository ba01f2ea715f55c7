//! Exact scorecard figures: [`Points`] (awarded points, maxima, thresholds) and the occupancy
//! share, [`Ratio`] (the one share type of every calculator, [`crate::money::Ratio`]). Both are
//! exact decimals (`rust_decimal`), never floats: they cross the wire as decimal strings
//! (`"12.5"`), whole JSON integers are accepted, and a JSON number with a fraction is rejected
//! (`invalid_value`) because it is not exact.

use rust_decimal::Decimal;

use crate::error::tagged;

pub use crate::limits::RATIO_DECIMALS;
pub use crate::limits::{MAX_CARD_POINTS as MAX_POINTS, POINT_DECIMALS};
pub use crate::money::Ratio;

/// A number of points on a scorecard: exact, not negative, at most [`MAX_POINTS`], at most two
/// decimals. Serialized as a normalized decimal string (`"12.5"`, `"120"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub Decimal);

impl Points {
    /// Parses an input figure; the error message carries a stable code tag.
    pub fn parse_input(text: &str) -> Result<Points, String> {
        let value = crate::money::parse_plain(text, POINT_DECIMALS, "a number of points", "12.5")?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(tagged(
                "out_of_range",
                &format!("`{text}` is negative; points are never below zero"),
            ));
        }
        if value > Decimal::from(MAX_POINTS) {
            return Err(tagged(
                "out_of_range",
                &format!("`{text}` is above the limit of {MAX_POINTS} points"),
            ));
        }
        Ok(Points(value.abs().normalize()))
    }
}

crate::money::decimal_wire!(
    Points,
    "a number of points as a decimal string such as \"12.5\"",
    "\"12.5\""
);

#[cfg(feature = "schema")]
mod schema {
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for super::Points {
        fn schema_name() -> Cow<'static, str> {
            "Points".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "Points as an exact decimal string with at most two decimals, 0 to 100000 (whole JSON integers are accepted in requests; fractional JSON numbers are rejected).",
                "type": ["string", "integer"],
                "pattern": "^[0-9]{1,6}(\\.[0-9]{1,2})?$"
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_points_exactly() {
        let ok = |s: &str| Points::parse_input(s).map(|p| p.to_string());
        assert_eq!(ok("12.50"), Ok("12.5".into()));
        assert_eq!(ok("120"), Ok("120".into()));
        assert_eq!(ok("0"), Ok("0".into()));
        for (bad, code) in [
            ("1.234", "invalid_value"),
            ("1e3", "invalid_value"),
            ("", "invalid_value"),
            ("+1", "invalid_value"),
            ("-1", "out_of_range"),
            ("100000.01", "out_of_range"),
        ] {
            let err = Points::parse_input(bad).err().unwrap_or_default();
            assert!(err.contains(code), "{bad}: {err}");
        }
    }
}
