//! Exact scorecard figures: [`Points`] (awarded points, maxima, thresholds) and the occupancy
//! share, [`Ratio`] (the one share type of every calculator, [`crate::money::Ratio`]). Both are
//! exact decimals (`rust_decimal`), never floats: they cross the wire as decimal strings
//! (`"12.5"`), whole JSON integers are accepted, and a JSON number with a fraction is rejected
//! (`invalid_value`) because it is not exact.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::error::tagged;

pub use crate::limits::RATIO_DECIMALS;
pub use crate::limits::{MAX_CARD_POINTS as MAX_POINTS, POINT_DECIMALS};
pub use crate::money::Ratio;

/// Parses a plain decimal (`12`, `12.5`, `-3`): optional minus sign, digits, optional fraction.
/// No exponent, no `+`, no separators. Returns a tagged message on failure.
fn parse_plain(text: &str, decimals: u32, what: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let Some(frac_part) = crate::money::plain_decimal(t)
        .filter(|d| d.int.len() <= 12)
        .map(|d| d.frac)
    else {
        return Err(tagged(
            "invalid_value",
            &format!("`{text}` is not {what} written as a decimal such as \"12.5\""),
        ));
    };
    if frac_part.len() > decimals as usize {
        return Err(tagged(
            "invalid_value",
            &format!("`{text}` has more than {decimals} decimals"),
        ));
    }
    t.parse::<Decimal>().map_err(|_| {
        tagged(
            "invalid_value",
            &format!("`{text}` is not {what} written as a decimal"),
        )
    })
}

/// A number of points on a scorecard: exact, not negative, at most [`MAX_POINTS`], at most two
/// decimals. Serialized as a normalized decimal string (`"12.5"`, `"120"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub Decimal);

impl Points {
    /// Parses an input figure; the error message carries a stable code tag.
    pub fn parse_input(text: &str) -> Result<Points, String> {
        let value = parse_plain(text, POINT_DECIMALS, "a number of points")?;
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

macro_rules! decimal_wire {
    ($ty:ident, $expecting:literal) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0.normalize())
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl crate::decode::Decode for $ty {
            fn decode(node: crate::decode::Node<'_>) -> Result<Self, crate::decode::DeError> {
                <$ty as Deserialize>::deserialize(node)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        $ty::parse_input(v).map_err(E::custom)
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$ty, E> {
                        $ty::parse_input(&v.to_string()).map_err(E::custom)
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$ty, E> {
                        $ty::parse_input(&v.to_string()).map_err(E::custom)
                    }
                    fn visit_f64<E: serde::de::Error>(self, _v: f64) -> Result<$ty, E> {
                        Err(E::custom(tagged(
                            "invalid_value",
                            "a JSON number with a fraction is not exact; write it as a string such as \"12.5\"",
                        )))
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

decimal_wire!(
    Points,
    "a number of points as a decimal string such as \"12.5\""
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
