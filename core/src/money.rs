//! Exact money (元, to the fen) and the one rounding rule.
//!
//! Money is a [`rust_decimal::Decimal`] everywhere in the core and crosses every boundary as a
//! decimal string such as `"1963.50"`. Floats never carry money: a JSON float in a request is
//! rejected with [`ErrorCode::InvalidMoney`](crate::ErrorCode::InvalidMoney).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::error::tagged;

/// The largest amount, defined in [`crate::limits`] and kept here under its earlier path.
pub use crate::limits::MAX_AMOUNT_YUAN;

/// Rounds a payable amount to the fen (0.01 元), half away from zero (四舍五入).
///
/// This is the single rounding rule of the engine and is applied once, to each amount that is
/// paid (a programme's monthly amount and its line items), never to intermediate values or
/// thresholds. Legal basis: the Guangzhou notices state amounts in 元 to at most two decimals
/// (e.g. 2094.4, 785.4 in 穗民规字〔2025〕2号 一) and prescribe no other rule, so the customary
/// 四舍五入 to the fen applies; the project's design guide records this choice. Where a document
/// prescribes otherwise (e.g. whole 元 for the price-linked subsidy) the programme says so.
pub fn round_payable(amount: Decimal) -> Money {
    Money(amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// A non-negative amount of money in 元 with at most two decimal places (input), or any exact
/// decimal (computed). Serialized as a string with two decimals: `"1309.00"`. Input amounts are
/// held at the fen (scale 2) whatever their spelling (`"1500"`, `"1500.00"`, absent), so
/// explanations built from them read the same for the same amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

crate::decode::decode_with_serde!(Money);

impl Default for Money {
    fn default() -> Money {
        Money::ZERO
    }
}

impl Money {
    /// Zero 元, at the fen.
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));

    /// The amount as a decimal.
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// Parses an input amount: digits with at most two decimals, not negative, not above
    /// [`MAX_AMOUNT_YUAN`]. Returns a message starting with a stable error code tag on failure.
    pub fn parse_input(text: &str) -> Result<Money, String> {
        let t = text.trim();
        let Some(PlainDecimal {
            negative,
            int: digits,
            frac: frac_part,
        }) = plain_decimal(t)
        else {
            return Err(tagged(
                "invalid_money",
                &format!("`{text}` is not an amount in 元 such as \"1309\" or \"785.40\""),
            ));
        };
        if frac_part.len() > crate::limits::MONEY_DECIMALS as usize {
            return Err(tagged(
                "invalid_money",
                &format!("`{text}` has more than two decimals; amounts are in 元 to the fen"),
            ));
        }
        if digits.trim_start_matches('0').len() > 13 {
            return Err(tagged(
                "invalid_money",
                &format!("`{text}` is larger than {MAX_AMOUNT_YUAN} 元"),
            ));
        }
        let value: Decimal = t.parse().map_err(|_| {
            tagged(
                "invalid_money",
                &format!("`{text}` is not an amount in 元 such as \"1309\""),
            )
        })?;
        if negative && !value.is_zero() {
            return Err(tagged(
                "negative_amount",
                &format!("`{text}` is negative; amounts are never below zero"),
            ));
        }
        if value > Decimal::from(MAX_AMOUNT_YUAN) {
            return Err(tagged(
                "invalid_money",
                &format!("`{text}` is larger than {MAX_AMOUNT_YUAN} 元"),
            ));
        }
        let mut value = value.abs();
        value.rescale(2);
        Ok(Money(value))
    }
}

/// The parts of a plain decimal text, `-?[0-9]+(\.[0-9]+)?`: the minus sign, the integer digits
/// and the fraction digits (empty for none).
pub(crate) struct PlainDecimal<'a> {
    /// A leading `-`.
    pub negative: bool,
    /// The digits before the point (at least one).
    pub int: &'a str,
    /// The digits after the point (none when there is no point).
    pub frac: &'a str,
}

/// Splits a plain decimal text (see [`PlainDecimal`]); `None` for anything else: an exponent, a
/// `+`, separators, `5.`, `.5`, empty text. The one lexer behind every exact decimal of the wire
/// (amounts, percentages, points, shares, reform values and sweep bounds); each caller then
/// applies its own limits, codes and messages. The caller trims where its format allows spaces.
pub(crate) fn plain_decimal(text: &str) -> Option<PlainDecimal<'_>> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let shaped = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.contains('.') && frac.is_empty());
    shaped.then_some(PlainDecimal {
        negative,
        int,
        frac,
    })
}

/// Room for the text of any amount held at the fen: a sign, 29 digits and the point.
const TEXT: usize = 32;

impl Money {
    /// The amount's units of one fen when it is held at the fen or coarser (scale 0–2).
    fn fen_units(self) -> Option<i128> {
        let d = self.0;
        match d.scale() {
            0 => d.mantissa().checked_mul(100),
            1 => d.mantissa().checked_mul(10),
            2 => Some(d.mantissa()),
            _ => None,
        }
    }

    /// The amount in whole fen when it is held at the fen or coarser and fits an `i64`.
    fn whole_fen(self) -> Option<i64> {
        i64::try_from(self.fen_units()?).ok()
    }

    /// The amount's text written into `buf` when it is held at the fen or coarser (every amount
    /// the rules produce): the digits directly, without the formatting machinery, which
    /// results and receipts call for every amount. `None` for a finer scale.
    fn fen_text(self, buf: &mut [u8; TEXT]) -> Option<&str> {
        let fen = self.fen_units()?;
        // Beyond 96 bits `Decimal` cannot hold the fen and its own text keeps the coarser scale.
        if fen.unsigned_abs() > Decimal::MAX.mantissa().unsigned_abs() {
            return None;
        }
        let mut rest = fen.unsigned_abs();
        let mut at = TEXT;
        let mut put = |b: u8, at: &mut usize| {
            *at -= 1;
            if let Some(slot) = buf.get_mut(*at) {
                *slot = b;
            }
        };
        for _ in 0..2 {
            put(b'0' + (rest % 10) as u8, &mut at);
            rest /= 10;
        }
        put(b'.', &mut at);
        loop {
            put(b'0' + (rest % 10) as u8, &mut at);
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if self.0.is_sign_negative() {
            put(b'-', &mut at);
        }
        std::str::from_utf8(buf.get(at..)?).ok()
    }

    /// The text through `Decimal`'s own formatting: any scale.
    fn decimal_text(self) -> String {
        let mut d = self.0;
        if d.scale() < 2 {
            d.rescale(2);
        }
        d.to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0_u8; TEXT];
        match self.fen_text(&mut buf) {
            Some(text) => f.write_str(text),
            None => f.write_str(&self.decimal_text()),
        }
    }
}

impl Serialize for Money {
    /// A decimal string in 元 (`"1963.50"`); to an encoder that is not human-readable (the
    /// receipt's, [`crate::receipt`]) the whole number of fen when the amount is held at the
    /// fen or coarser.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            if let Some(fen) = self.whole_fen() {
                return serializer.serialize_i64(fen);
            }
        }
        let mut buf = [0_u8; TEXT];
        match self.fen_text(&mut buf) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_str(&self.decimal_text()),
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

struct MoneyVisitor;

impl serde::de::Visitor<'_> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount in 元 as a decimal string such as \"1309.00\"")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Money, E> {
        Money::parse_input(v).map_err(E::custom)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
        Money::parse_input(&v.to_string()).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
        Money::parse_input(&v.to_string()).map_err(E::custom)
    }

    fn visit_f64<E: serde::de::Error>(self, _v: f64) -> Result<Money, E> {
        Err(E::custom(tagged(
            "invalid_money",
            "a JSON number with a fraction is not exact; pass money as a string such as \"785.40\"",
        )))
    }
}

/// A signed percentage given in a request (a price-index change such as `"3.6"` or `"-0.4"`):
/// a decimal string with at most four decimals, between −1000 and 1000.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(pub Decimal);

crate::decode::decode_with_serde!(Percent);

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.normalize())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let bad = || {
            serde::de::Error::custom(tagged(
                "invalid_value",
                &format!(
                    "`{text}` is not a percentage such as \"3.6\" (at most four decimals, within ±1000)"
                ),
            ))
        };
        let shaped = plain_decimal(&text).is_some_and(|d| {
            d.int.len() <= 4 && d.frac.len() <= crate::limits::PERCENT_DECIMALS as usize
        });
        if !shaped {
            return Err(bad());
        }
        let value: Decimal = text.parse().map_err(|_| bad())?;
        if value.abs() > Decimal::from(crate::limits::MAX_PERCENT) {
            return Err(bad());
        }
        Ok(Percent(value))
    }
}

/// Display (normalized), serialization as a string, and decoding of an exact decimal wire type
/// with a `parse_input(&str) -> Result<Self, String>` (a tagged message): decimal strings and
/// whole JSON integers are parsed, a JSON number with a fraction is `invalid_value` (it is not
/// exact; `$example` is the string to write instead).
macro_rules! decimal_wire {
    ($ty:ident, $expecting:literal, $example:literal) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0.normalize())
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl $crate::decode::Decode for $ty {
            fn decode(node: $crate::decode::Node<'_>) -> Result<Self, $crate::decode::DeError> {
                <$ty as serde::Deserialize>::deserialize(node)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
                        Err(E::custom($crate::error::tagged(
                            "invalid_value",
                            concat!(
                                "a JSON number with a fraction is not exact; write it as a string such as ",
                                $example
                            ),
                        )))
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}
pub(crate) use decimal_wire;

/// Parses a plain decimal (`12`, `12.5`, `-3`; surrounding spaces allowed): optional minus
/// sign, digits, optional fraction of at most `decimals` places. No exponent, no `+`, no
/// separators. A tagged `invalid_value` message on failure, naming `what` and an `example`.
pub(crate) fn parse_plain(
    text: &str,
    decimals: u32,
    what: &str,
    example: &str,
) -> Result<Decimal, String> {
    let t = text.trim();
    let Some(frac_part) = plain_decimal(t)
        .filter(|d| d.int.len() <= 12)
        .map(|d| d.frac)
    else {
        return Err(tagged(
            "invalid_value",
            &format!("`{text}` is not {what} written as a decimal such as \"{example}\""),
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

/// A share between 0 and 1 inclusive given in a request (an occupancy of `"0.85"` = 85 %, a
/// price change capped at `"0.15"`): a decimal string with at most
/// [`RATIO_DECIMALS`](crate::limits::RATIO_DECIMALS) decimals, or the JSON integers 0 and 1.
/// Held and serialized normalized (`"0.3500"` is `"0.35"`). The one share type of every
/// calculator: a text that is not such a decimal is `invalid_value`, a decimal outside 0–1
/// `out_of_range`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratio(pub Decimal);

impl Ratio {
    /// Parses an input share (surrounding spaces allowed); the error message carries a stable
    /// code tag.
    pub fn parse_input(text: &str) -> Result<Ratio, String> {
        let decimals = crate::limits::RATIO_DECIMALS;
        let value = parse_plain(text, decimals, "a share", "0.85")?;
        if (value.is_sign_negative() && !value.is_zero()) || value > Decimal::ONE {
            return Err(tagged(
                "out_of_range",
                &format!("`{text}` is not between 0 and 1 (a share, e.g. \"0.85\" for 85 %)"),
            ));
        }
        Ok(Ratio(value.abs().normalize()))
    }
}

decimal_wire!(
    Ratio,
    "a share between 0 and 1 as a decimal string such as \"0.85\"",
    "\"0.85\""
);

/// Rounds an amount to whole 元, half away from zero. Used only where a document prescribes whole
/// 元: the price-linked subsidy (policy handbook §3: "rounded to whole yuan").
pub fn round_whole_yuan(amount: Decimal) -> Money {
    let mut d = amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    Money(d)
}

/// A decimal that is not money (a ratio, a count of months) serialized as a plain string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Number(pub Decimal);

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "schema")]
mod schema {
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for super::Money {
        fn schema_name() -> Cow<'static, str> {
            "Money".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "Amount in 元 as a decimal string with at most two decimals (whole JSON integers are accepted in requests; fractional JSON numbers are rejected).",
                "type": ["string", "integer"],
                "pattern": "^[0-9]{1,13}(\\.[0-9]{1,2})?$"
            })
        }
    }

    impl JsonSchema for super::Percent {
        fn schema_name() -> Cow<'static, str> {
            "Percent".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"description": "A signed percentage as a decimal string, e.g. \"3.6\".", "type": "string", "pattern": "^-?[0-9]{1,4}(\\.[0-9]{1,4})?$"})
        }
    }

    impl JsonSchema for super::Ratio {
        fn schema_name() -> Cow<'static, str> {
            "Ratio".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A share between 0 and 1 as an exact decimal string with at most four decimals (\"0.85\" = 85 %; the JSON integers 0 and 1 are accepted in requests; fractional JSON numbers are rejected).",
                "type": ["string", "integer"],
                "pattern": "^[01](\\.[0-9]{1,4})?$"
            })
        }
    }

    impl JsonSchema for super::Number {
        fn schema_name() -> Cow<'static, str> {
            "Number".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"description": "An exact decimal as a string.", "type": "string"})
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_fast_text_of_an_amount_is_decimals_own() {
        let mut cases: Vec<Decimal> = Vec::new();
        for m in [
            0_i64,
            1,
            9,
            10,
            99,
            100,
            101,
            130_900,
            999_999,
            1_000_000_007,
            i64::MAX,
        ] {
            for scale in 0..=4 {
                cases.push(Decimal::new(m, scale));
                cases.push(Decimal::new(-m, scale));
            }
        }
        let mut negative_zero = Decimal::new(0, 2);
        negative_zero.set_sign_negative(true);
        cases.push(negative_zero);
        cases.push(Decimal::MAX);
        cases.push(Decimal::MIN);
        for d in cases {
            let money = Money(d);
            assert_eq!(money.to_string(), money.decimal_text(), "{d:?}");
            let json = serde_json::to_string(&money).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", money.decimal_text()), "{d:?}");
        }
    }
    use super::*;

    #[test]
    fn parses_and_displays_to_the_fen() {
        assert_eq!(
            Money::parse_input("1309").map(|m| m.to_string()),
            Ok("1309.00".into())
        );
        assert_eq!(
            Money::parse_input("785.4").map(|m| m.to_string()),
            Ok("785.40".into())
        );
        assert_eq!(
            Money::parse_input("0.01").map(|m| m.to_string()),
            Ok("0.01".into())
        );
    }

    #[test]
    fn rejects_bad_amounts_with_codes() {
        for (text, code) in [
            ("1.234", "invalid_money"),
            ("abc", "invalid_money"),
            ("", "invalid_money"),
            ("1.", "invalid_money"),
            ("-5", "negative_amount"),
            ("123456789012345678901234567890", "invalid_money"),
            ("NaN", "invalid_money"),
            ("1e5", "invalid_money"),
        ] {
            let err = Money::parse_input(text).err().unwrap_or_default();
            assert!(err.contains(code), "{text}: {err}");
        }
    }

    #[test]
    fn parses_shares_between_zero_and_one_with_codes() {
        let ok = |s: &str| Ratio::parse_input(s).map(|r| r.to_string());
        assert_eq!(ok("0.3500"), Ok("0.35".into()));
        assert_eq!(ok(" 0.85 "), Ok("0.85".into()));
        assert_eq!(ok("1"), Ok("1".into()));
        assert_eq!(ok("-0"), Ok("0".into()));
        for (text, code) in [
            ("0.12345", "invalid_value"),
            ("eighty", "invalid_value"),
            ("", "invalid_value"),
            ("1e-1", "invalid_value"),
            (".5", "invalid_value"),
            ("1.01", "out_of_range"),
            ("1.2", "out_of_range"),
            ("-0.1", "out_of_range"),
        ] {
            let err = Ratio::parse_input(text).err().unwrap_or_default();
            assert!(err.contains(code), "{text}: {err}");
        }
        let json = |s: &str| serde_json::from_str::<Ratio>(s).map(|r| r.to_string());
        assert_eq!(json("1").ok(), Some("1".into()));
        assert_eq!(json("\"0.50\"").ok(), Some("0.5".into()));
        assert!(json("0.5").is_err_and(|e| e.to_string().contains("invalid_value")));
        assert!(json("2").is_err_and(|e| e.to_string().contains("out_of_range")));
    }

    #[test]
    fn rounds_half_away_from_zero_once() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert_eq!(round_payable(d("45.815")).to_string(), "45.82");
        assert_eq!(round_payable(d("45.814")).to_string(), "45.81");
        assert_eq!(round_payable(d("1963.5")).to_string(), "1963.50");
    }
}
