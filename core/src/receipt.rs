//! The receipt: engine version and hashes of the parameters and inputs used, so that a decision
//! can be reproduced years later.
//!
//! # Receipt format, version 2
//!
//! Both hashes are SHA-256, written as 64 lowercase hexadecimal digits. Each hashes a byte
//! string that starts with a version line naming what it covers, so a receipt of one format can
//! never be mistaken for another (format 1, before this one, hashed Rust `Debug` text):
//!
//! - `parameters_sha256` hashes `minzheng receipt 2 parameters\n` followed by one line per
//!   distinct parameter value the calculation used, each ended by `\n`:
//!
//!   ```text
//!   key|region|area|from|value|status
//!   dibao.standard|guangzhou|all|2025-01-01|1309|verified
//!   ```
//!
//!   `region` is the wire name of the region that set the value (`national`, `guangdong`,
//!   `guangzhou`, `guangzhou/tianhe`), `area` its wire name (`urban`, `rural`) or `all` for a
//!   value that holds for both, `from` the first day in force (`YYYY-MM-DD`), `value` the exact
//!   decimal without trailing zeros or exponent (`1309`, `0.2`), `status` the wire name of its
//!   status (`verified`, `reported`, `structure`, `illustrative`). Every name is the stable
//!   string the wire and the parameter files use, never a Rust identifier, so renaming a type
//!   or a variant changes no receipt. The lines are sorted by parameter key (bytewise), then
//!   bytewise. Each value's line is written once, when the store is built
//!   ([`crate::ParameterStore`]); a calculation only sorts the lines it used and hashes them (or,
//!   for a set of lines hashed before on the same thread, compares them and reuses the hash).
//!
//! - `input_sha256` hashes `minzheng receipt 2 input\n` followed by the canonical encoding of
//!   the request as the engine decoded it (so the same request gives the same hash whatever
//!   its spacing, key order, omitted defaults or runtime), a compact binary form:
//!
//!   | value | bytes |
//!   | --- | --- |
//!   | struct | `{`, then for each field that is not empty, its number (1 for the first field declared, LEB128) and its value; then a 0 byte |
//!   | empty field (omitted) | `null`, `false`, `0`, an amount of 0, `""`, `[]` |
//!   | `true` / `false` | `T` / `F` |
//!   | whole number | `I` and the ZigZag LEB128 of the value (`U` and LEB128 for unsigned) |
//!   | amount of money | as the whole number of fen; an amount finer than the fen as its decimal string |
//!   | date | as the whole number `YYYYMMDD` |
//!   | text, decimal | `S`, the length in bytes (LEB128), the UTF-8 bytes |
//!   | enumeration | `E` and its wire name as text (`urban`, `tianhe`) |
//!   | value present (`Some`) | `Y` and the value (so `0` and absent differ) |
//!   | absent, in a list | `N` |
//!   | list | `L`, the count (LEB128), the items |
//!   | map | `M`, the count, then each key and value |
//!
//!   Field numbers follow the declaration order of the request types (`schema/*.schema.json`
//!   lists the fields in that order), so a field added at the end of a request type in a later
//!   version changes the input hash of no request that leaves it empty.
//!
//! SHA-256 stays: it is the digest every archive and court system can recompute, and nothing
//! shorter or faster would be safer for a record kept for years. What was slow was what the
//! hash was fed (Debug text formatted per request; the whole request re-encoded as JSON with
//! every default written out, some 3.5 KB for a household of three), not the hash.

use serde::Serialize;
use serde::ser::{self, Serializer};
use sha2::{Digest, Sha256};

use crate::params::{ParamRef, ParameterValue};
use crate::wire::Receipt;

/// Engine version, from Cargo.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The receipt format (the version line of both hashed byte strings).
pub const RECEIPT_FORMAT: u32 = 2;

/// The version line hashed before the parameter lines.
const PARAMETERS_PREFIX: &[u8] = b"minzheng receipt 2 parameters\n";

/// The version line hashed before the request's canonical encoding.
const INPUT_PREFIX: &[u8] = b"minzheng receipt 2 input\n";

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

/// A parameter value's line in `parameters_sha256`, without its newline (see the module docs).
/// Called once per value when a store is built.
pub(crate) fn parameter_line(key: &str, v: &ParameterValue) -> String {
    let area = v.area.map_or("all", |a| a.as_str());
    format!(
        "{key}|{}|{area}|{}|{}|{}",
        v.region,
        v.from,
        v.value.normalize(),
        v.status.as_str()
    )
}

/// Builds the receipt from a decoded request (of any API) and the parameter values used.
pub fn receipt<T: Serialize>(request: &T, used: &[ParamRef<'_>]) -> Receipt {
    let mut input = Vec::with_capacity(512);
    input.extend_from_slice(INPUT_PREFIX);
    // Encoding a decoded request cannot fail: the encoder's only error is a message from a
    // type's own `Serialize`, and no request type raises one. Were one to, the bytes written
    // so far are hashed, which still differs from every complete encoding.
    let _ = request.serialize(Canonical { out: &mut input });
    finish(&input, used)
}

/// [`receipt`] once the request is encoded: the part compiled once.
fn finish(input: &[u8], used: &[ParamRef<'_>]) -> Receipt {
    let mut lines: Vec<(u64, &str)> = used
        .iter()
        .map(|p| (p.value.receipt_rank(), p.value.receipt_line()))
        .collect();
    lines.sort_unstable_by_key(|(rank, _)| *rank);
    lines.dedup_by_key(|(rank, _)| *rank);
    Receipt {
        engine: "minzheng".to_string(),
        engine_version: ENGINE_VERSION.to_string(),
        parameters_sha256: parameters_sha256(&lines),
        input_sha256: hex(&Sha256::digest(input)),
    }
}

/// How many sets of parameter lines [`parameters_sha256`] remembers per thread.
const REMEMBERED: usize = 8;

/// The parameter lines last hashed on this thread (each set as the bytes hashed after the
/// version line) and their hash, newest last.
type Remembered = Vec<(Vec<u8>, String)>;

thread_local! {
    static PARAMETER_HASHES: std::cell::RefCell<Remembered> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `parameters_sha256` of the sorted, distinct lines. Households calculated on one date in one
/// district and area use the same parameter values, so the hash of the same lines is asked for
/// again and again: the last few sets are remembered with their hash, and a set met again is
/// compared byte for byte (as cheap as reading it) instead of hashed.
fn parameters_sha256(lines: &[(u64, &str)]) -> String {
    PARAMETER_HASHES.with(|remembered| {
        let mut remembered = remembered.borrow_mut();
        if let Some((_, hash)) = remembered
            .iter()
            .find(|(bytes, _)| same_lines(bytes, lines))
        {
            return hash.clone();
        }
        let mut bytes = Vec::with_capacity(lines.iter().map(|(_, l)| l.len() + 1).sum());
        for (_, line) in lines {
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
        }
        let mut params = Sha256::new();
        params.update(PARAMETERS_PREFIX);
        params.update(&bytes);
        let hash = hex(&params.finalize());
        if remembered.len() >= REMEMBERED {
            remembered.remove(0);
        }
        remembered.push((bytes, hash.clone()));
        hash
    })
}

/// Whether `bytes` are the lines, each ended by a newline.
fn same_lines(bytes: &[u8], lines: &[(u64, &str)]) -> bool {
    let mut rest = bytes;
    for (_, line) in lines {
        match rest
            .strip_prefix(line.as_bytes())
            .and_then(|r| r.strip_prefix(b"\n"))
        {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// The encoder's error: a message from a type's own `Serialize` (none of the request types
/// raises one); the result serializer's own error type.
pub type EncodeError = crate::sink::EmitError;

/// The canonical encoder of the module docs' table. A value's `Ok` says whether it was empty
/// (and so is left out when it is a struct's field).
struct Canonical<'b> {
    out: &'b mut Vec<u8>,
}

type Done = Result<bool, EncodeError>;

fn leb128(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn text(out: &mut Vec<u8>, tag: u8, s: &str) {
    out.push(tag);
    leb128(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn signed(out: &mut Vec<u8>, v: i64) -> bool {
    out.push(b'I');
    // ZigZag: small magnitudes of either sign stay short.
    leb128(out, ((v << 1) ^ (v >> 63)) as u64);
    v == 0
}

fn unsigned(out: &mut Vec<u8>, v: u64) -> bool {
    out.push(b'U');
    leb128(out, v);
    v == 0
}

impl<'b> Serializer for Canonical<'b> {
    type Ok = bool;
    type Error = EncodeError;
    type SerializeSeq = Seq<'b>;
    type SerializeTuple = Seq<'b>;
    type SerializeTupleStruct = Seq<'b>;
    type SerializeTupleVariant = Seq<'b>;
    type SerializeMap = Seq<'b>;
    type SerializeStruct = Fields<'b>;
    type SerializeStructVariant = Fields<'b>;

    /// Amounts as fen and dates as `YYYYMMDD` (`Money` and `Date` ask).
    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Done {
        self.out.push(if v { b'T' } else { b'F' });
        Ok(!v)
    }
    fn serialize_i8(self, v: i8) -> Done {
        Ok(signed(self.out, i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Done {
        Ok(signed(self.out, i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Done {
        Ok(signed(self.out, i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Done {
        Ok(signed(self.out, v))
    }
    fn serialize_i128(self, v: i128) -> Done {
        match i64::try_from(v) {
            Ok(v) => Ok(signed(self.out, v)),
            Err(_) => {
                text(self.out, b'S', &v.to_string());
                Ok(false)
            }
        }
    }
    fn serialize_u8(self, v: u8) -> Done {
        Ok(unsigned(self.out, u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Done {
        Ok(unsigned(self.out, u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Done {
        Ok(unsigned(self.out, u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Done {
        Ok(unsigned(self.out, v))
    }
    fn serialize_u128(self, v: u128) -> Done {
        match u64::try_from(v) {
            Ok(v) => Ok(unsigned(self.out, v)),
            Err(_) => {
                text(self.out, b'S', &v.to_string());
                Ok(false)
            }
        }
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Done {
        // No request holds a float (money is exact); written bit for bit should one appear.
        self.out.push(b'D');
        self.out.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(false)
    }
    fn serialize_char(self, v: char) -> Done {
        self.serialize_str(v.encode_utf8(&mut [0_u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Done {
        text(self.out, b'S', v);
        Ok(v.is_empty())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.out.push(b'B');
        leb128(self.out, v.len() as u64);
        self.out.extend_from_slice(v);
        Ok(v.is_empty())
    }
    fn serialize_none(self) -> Done {
        self.out.push(b'N');
        Ok(true)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.out.push(b'Y');
        value.serialize(self)?;
        Ok(false)
    }
    fn serialize_unit(self) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Done {
        text(self.out, b'E', variant);
        Ok(false)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        text(self.out, b'V', variant);
        value.serialize(self)?;
        Ok(false)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'b>, EncodeError> {
        Seq::start(self.out, b'L', len)
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'b>, EncodeError> {
        Seq::start(self.out, b'L', Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'b>, EncodeError> {
        Seq::start(self.out, b'L', Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'b>, EncodeError> {
        text(self.out, b'V', variant);
        Seq::start(self.out, b'L', Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Seq<'b>, EncodeError> {
        Seq::start(self.out, b'M', len)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Fields<'b>, EncodeError> {
        self.out.push(b'{');
        Ok(Fields {
            out: self.out,
            number: 0,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Fields<'b>, EncodeError> {
        text(self.out, b'V', variant);
        self.serialize_struct("", 0)
    }
}

/// A list or map being encoded. Every serde collection here states its length up front; one
/// that does not is an error (the encoding writes the count first).
struct Seq<'b> {
    out: &'b mut Vec<u8>,
    empty: bool,
}

impl<'b> Seq<'b> {
    fn start(out: &'b mut Vec<u8>, tag: u8, len: Option<usize>) -> Result<Seq<'b>, EncodeError> {
        let len = len
            .ok_or_else(|| <EncodeError as ser::Error>::custom("a collection of unknown length"))?;
        out.push(tag);
        leb128(out, len as u64);
        Ok(Seq {
            out,
            empty: len == 0,
        })
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        value.serialize(Canonical { out: self.out }).map(|_| ())
    }
}

macro_rules! seq_impl {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for Seq<'_> {
            type Ok = bool;
            type Error = EncodeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
                self.item(value)
            }
            fn end(self) -> Done {
                Ok(self.empty)
            }
        }
    };
}

seq_impl!(SerializeSeq, serialize_element);
seq_impl!(SerializeTuple, serialize_element);
seq_impl!(SerializeTupleStruct, serialize_field);
seq_impl!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for Seq<'_> {
    type Ok = bool;
    type Error = EncodeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), EncodeError> {
        self.item(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.item(value)
    }
    fn end(self) -> Done {
        Ok(self.empty)
    }
}

/// A struct being encoded: `number` is the last field's number.
struct Fields<'b> {
    out: &'b mut Vec<u8>,
    number: u64,
}

impl Fields<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.number += 1;
        let start = self.out.len();
        leb128(self.out, self.number);
        let empty = value.serialize(Canonical { out: self.out })?;
        if empty {
            self.out.truncate(start);
        }
        Ok(())
    }

    fn end(self) -> Done {
        self.out.push(0);
        Ok(false)
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = bool;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.field(value)
    }
    /// A field skipped when serializing (`skip_serializing_if`) keeps its number.
    fn skip_field(&mut self, _key: &'static str) -> Result<(), EncodeError> {
        self.number += 1;
        Ok(())
    }
    fn end(self) -> Done {
        Fields::end(self)
    }
}

impl ser::SerializeStructVariant for Fields<'_> {
    type Ok = bool;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.field(value)
    }
    fn skip_field(&mut self, _key: &'static str) -> Result<(), EncodeError> {
        self.number += 1;
        Ok(())
    }
    fn end(self) -> Done {
        Fields::end(self)
    }
}

/// The canonical encoding of `value` (without the version line), for tests and for anyone
/// checking an input hash by hand.
pub fn canonical_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::new();
    value.serialize(Canonical { out: &mut out })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::params::ParameterStore;
    use crate::region::{Area, District};

    const REQUEST: &str = r#"{
      "calculation_date": "2025-07-01",
      "household": {"district": "tianhe", "area": "urban", "members": [
        {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "1500"}}]}
    }"#;

    /// The parameters hash of lines computed afresh, without the remembered hashes.
    fn fresh(lines: &[(u64, &str)]) -> String {
        let mut h = Sha256::new();
        h.update(PARAMETERS_PREFIX);
        for (_, line) in lines {
            h.update(line.as_bytes());
            h.update(b"\n");
        }
        hex(&h.finalize())
    }

    #[test]
    fn remembered_parameter_hashes_are_the_hashes_of_their_lines() {
        let a: &[(u64, &str)] = &[(1, "a|x"), (2, "b|y")];
        let b: &[(u64, &str)] = &[(1, "a|x"), (2, "b|y"), (3, "c")];
        let c: &[(u64, &str)] = &[(1, "a|x"), (2, "b|")];
        let d: &[(u64, &str)] = &[(1, "a|xb|y")];
        let e: &[(u64, &str)] = &[];
        let sets: Vec<&[(u64, &str)]> = (0..3 * REMEMBERED)
            .map(|i| [a, b, c, d, e][i % 5])
            .chain([a, e, d, c, b, a])
            .collect();
        for (i, lines) in sets.iter().enumerate() {
            assert_eq!(parameters_sha256(lines), fresh(lines), "set {i}");
        }
        // Lines whose concatenation is the same are still different lines.
        assert_ne!(fresh(a), fresh(d));
        // More sets than are remembered: each still hashes to its own lines' hash.
        for n in 0..(2 * REMEMBERED) {
            let owned: Vec<String> = (0..=n).map(|i| format!("k{i}|v")).collect();
            let lines: Vec<(u64, &str)> = owned.iter().map(|l| (0, l.as_str())).collect();
            assert_eq!(parameters_sha256(&lines), fresh(&lines));
            assert_eq!(parameters_sha256(&lines), fresh(&lines));
        }
    }

    fn hex_bytes(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .filter_map(|i| text.get(i..i + 2))
            .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
            .collect()
    }

    /// The request's encoding, written out by hand from the table of the module docs (and
    /// checked with an encoder of the table in Python, which also gave the hash below):
    /// `{`, 1 date 20250701, 2 household `{` 1 `tianhe`, 2 `urban`, 3 one member `{` 1 `"a"`,
    /// 2 `Some(45)`, 4 `guangzhou`, 10 supporters `unknown`, 17 income `{` 1 150000 fen `}`,
    /// 18 flags `{}` `}`, 4 assets `{}` `}`, 5 options `{` 1 explain true `}` `}`; every
    /// other field is empty and left out.
    const ENCODED: &str = concat!(
        "7b0155cd80d409027b0145067469616e6865024505757262616e034c017b015301610259495a04",
        "45096775616e677a686f750a4507756e6b6e6f776e117b0149e0a71200127b0000047b0000057b",
        "01540000",
    );

    #[test]
    fn the_input_encoding_and_hash_are_pinned() {
        let request = crate::parse_request(REQUEST).unwrap();
        assert_eq!(canonical_bytes(&request).unwrap(), hex_bytes(ENCODED));
        assert_eq!(
            receipt(&request, &[]).input_sha256,
            "91324f9d639c74fe985a3c1634f49f1dec28b71393fead742f3e8385c5269584"
        );
        // Spacing, key order, explicit defaults and trailing zeros do not change it.
        let same = r#"{"options": {"explain": true}, "household": {"members": [{"income":
            {"wages": "1500.00", "pension": "0"}, "hukou": "guangzhou", "age": 45, "id": "a",
            "flags": {"orphan": false}}], "area": "urban", "district": "tianhe",
            "assets": {"deposits": "0.00"}}, "calculation_date": "2025-07-01"}"#;
        let same = crate::parse_request(same).unwrap();
        assert_eq!(receipt(&same, &[]), receipt(&request, &[]));
        // Any decoded difference does, even to a value that is zero or false by default.
        for changed in [
            REQUEST.replace("\"1500\"", "\"1500.01\""),
            REQUEST.replace("\"age\": 45", "\"age\": 0"),
            REQUEST.replace("\"urban\"", "\"rural\""),
            REQUEST.replace("\"guangzhou\", \"income\"", "\"other\", \"income\""),
            REQUEST.replace(
                "\"household\"",
                "\"options\": {\"explain\": false}, \"household\"",
            ),
        ] {
            let other = crate::parse_request(&changed).unwrap();
            assert_ne!(
                receipt(&other, &[]).input_sha256,
                receipt(&request, &[]).input_sha256,
                "{changed}"
            );
        }
    }

    #[test]
    fn the_parameter_lines_and_hash_are_pinned() {
        let store = ParameterStore::embedded().unwrap();
        let date = |s| Date::parse(s).unwrap();
        let dibao = store
            .lookup(
                "dibao.standard",
                Some(District::Tianhe),
                Some(Area::Urban),
                date("2025-07-01"),
            )
            .unwrap();
        let share = store
            .lookup(
                "tekun.care_share.partial_self_care",
                Some(District::Tianhe),
                None,
                date("2025-07-01"),
            )
            .unwrap();
        let conghua = store
            .lookup(
                "tekun.basic_standard",
                Some(District::Conghua),
                Some(Area::Rural),
                date("2020-06-01"),
            )
            .unwrap();
        // Wire names, `all` for both areas, the value without trailing zeros (`0.30`).
        assert_eq!(
            dibao.value.receipt_line(),
            "dibao.standard|guangzhou|all|2025-01-01|1309|verified"
        );
        assert_eq!(
            share.value.receipt_line(),
            "tekun.care_share.partial_self_care|guangzhou|all|2021-01-01|0.3|reported"
        );
        assert_eq!(
            conghua.value.receipt_line(),
            "tekun.basic_standard|guangzhou/conghua|rural|2020-01-01|1728|reported"
        );
        // Used in any order and more than once: each line once, sorted by key. The hash is
        // SHA-256 of the version line and the three lines above in key order, each ended by a
        // newline (computed with Python's hashlib).
        let request = crate::parse_request(REQUEST).unwrap();
        let r = receipt(&request, &[share, conghua, dibao, share, dibao]);
        assert_eq!(
            r.parameters_sha256,
            "e71156403f4a977f0f731cdb85d6faf0b20738acb0a9275f15014f1a6cd70731"
        );
        assert_eq!(r, receipt(&request, &[dibao, conghua, share]));
        assert_ne!(r, receipt(&request, &[dibao, share]));
        assert_eq!(r.engine_version, ENGINE_VERSION);
    }

    #[test]
    fn a_reform_reseals_the_values_it_rebuilds() {
        let store = ParameterStore::embedded().unwrap();
        let reform: crate::reform::Reform = serde_json::from_str(
            r#"{"name": "r", "overrides": [{"key": "dibao.standard", "from": "2025-07-01",
                "value": "1400.00"}]}"#,
        )
        .unwrap();
        let reformed = store.with_reform(&reform).unwrap();
        let date = Date::parse("2025-08-01").unwrap();
        let p = reformed
            .lookup("dibao.standard", Some(District::Tianhe), None, date)
            .unwrap();
        assert_eq!(
            p.value.receipt_line(),
            "dibao.standard|guangzhou|all|2025-07-01|1400|illustrative"
        );
        // The encoded value the override cuts short keeps its line (its `from` is unchanged).
        let before = reformed
            .lookup(
                "dibao.standard",
                Some(District::Tianhe),
                None,
                Date::parse("2025-03-01").unwrap(),
            )
            .unwrap();
        assert_eq!(
            before.value.receipt_line(),
            "dibao.standard|guangzhou|all|2025-01-01|1309|verified"
        );
        assert!(before.value.receipt_rank() < p.value.receipt_rank());
    }
}
