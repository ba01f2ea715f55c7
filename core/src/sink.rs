//! Results as a stream of JSON tokens, for every binding's own form of them.
//!
//! Every wire result is written once, by its serde `Serialize`, into a [`Sink`] through one
//! serializer ([`emit`]) whose only output is calls on `&mut dyn Sink`. The JSON text of the
//! wire APIs ([`crate::call_json`]) is one sink ([`JsonText`], byte for byte what `serde_json`'s
//! compact writer gives); the WASM package's plain JavaScript objects are another, built in the
//! binding from the same calls. So each result type's `Serialize` is compiled once, whatever
//! the number of output forms, which keeps the portal's WASM bundle within its budget, and every
//! form carries the same data: the same keys in the same order, money as the same decimal
//! strings.
//!
//! What the token stream is: `null`, booleans, integers (`u64`/`i64`), floats, strings, arrays
//! and objects, each object's keys given before their values, either as a struct's field name
//! (`&'static str`, which a sink may cache by address) or as a map's key computed at run time.
//! serde's other shapes map as `serde_json` maps them: `Option` and unit to `null` or the value,
//! a unit variant to its name, a newtype, tuple or struct variant to a one-key object, tuples
//! to arrays, bytes to an array of numbers, map keys that are numbers, booleans or characters to
//! their text.

use serde::ser::{self, Serialize};
use std::fmt;

use crate::error::{Error, ErrorCode};

/// Receives a wire result as JSON tokens, in document order.
pub trait Sink {
    /// `null`.
    fn null(&mut self);
    /// `true` or `false`.
    fn boolean(&mut self, value: bool);
    /// A whole number from 0 up.
    fn unsigned(&mut self, value: u64);
    /// A negative whole number (or any `i64` a type gives).
    fn signed(&mut self, value: i64);
    /// A float, with its JSON text (serde_json's: the shortest text that reads back as the same
    /// number, `null` when it is not finite).
    fn float(&mut self, value: f64, text: &str);
    /// A string.
    fn string(&mut self, value: &str);
    /// The start of an array; its elements follow, then [`Sink::end_array`].
    fn begin_array(&mut self);
    /// The end of the innermost open array.
    fn end_array(&mut self);
    /// The start of an object; its keys and values follow, then [`Sink::end_object`].
    fn begin_object(&mut self);
    /// The key of the next value of the innermost open object, known at compile time (a
    /// struct's field name or an enum variant's name): the same address every time.
    fn field(&mut self, name: &'static str);
    /// The key of the next value of the innermost open object, computed at run time (a map's).
    fn key(&mut self, name: &str);
    /// The end of the innermost open object.
    fn end_object(&mut self);

    /// This sink as a [`JsonText`], if it is one. Outside WebAssembly, [`emit`] then writes the
    /// text with serde_json itself (the same bytes, sooner than token by token through `dyn`);
    /// in WebAssembly, where one serializer for every sink keeps the bundle small, it does not
    /// ask.
    fn as_json_text(&mut self) -> Option<&mut JsonText> {
        None
    }
}

/// Writes `value` into `sink` as JSON tokens.
pub fn emit<T: Serialize + ?Sized>(value: &T, sink: &mut dyn Sink) -> Result<(), Error> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(text) = sink.as_json_text() {
        let json =
            serde_json::to_string(value).map_err(|e| EmitError(e.to_string()).into_error())?;
        if text.out.is_empty() {
            text.out = json;
        } else {
            text.before_value();
            text.out.push_str(&json);
        }
        return Ok(());
    }
    value
        .serialize(&mut Emitter { sink })
        .map_err(EmitError::into_error)
}

/// The compact JSON text of `value`: the same bytes as `serde_json::to_string`.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut text = JsonText::default();
    emit(value, &mut text)?;
    Ok(text.finish())
}

/// A [`Sink`] writing compact JSON text, as `serde_json::to_string` writes it.
#[derive(Debug, Default)]
pub struct JsonText {
    out: String,
}

impl JsonText {
    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    /// A comma before a value that follows another value of the same array (after `[`, `:` or
    /// at the start of the text no comma is due).
    #[inline]
    fn before_value(&mut self) {
        if !matches!(self.out.as_bytes().last(), None | Some(b'[' | b':')) {
            self.out.push(',');
        }
    }

    /// A comma before a key that follows another entry of the same object.
    #[inline]
    fn before_key(&mut self) {
        if !matches!(self.out.as_bytes().last(), None | Some(b'{')) {
            self.out.push(',');
        }
    }

    /// Writes `text` quoted and escaped as serde_json escapes it: `"`, `\` and the control
    /// characters below U+0020 (the usual short forms, else `\u00xx` in lowercase hex);
    /// everything else, including all non-ASCII text, as it is.
    #[inline(never)]
    fn quoted(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.out.reserve(bytes.len() + 2);
        self.out.push('"');
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b >= 0x20 && b != b'"' && b != b'\\' {
                continue;
            }
            self.out.push_str(text.get(start..i).unwrap_or_default());
            start = i + 1;
            let mut buf = [0; 6];
            for &unit in json_escape(b, &mut buf) {
                self.out.push(char::from(unit));
            }
        }
        self.out.push_str(text.get(start..).unwrap_or_default());
        self.out.push('"');
    }

    /// Writes the digits of `value`.
    fn digits(&mut self, value: u64) {
        let mut buf = [0; 20];
        for &digit in decimal_digits(value, &mut buf) {
            self.out.push(char::from(digit));
        }
    }
}

/// The ASCII characters JSON text writes for byte `b` inside a string, as serde_json writes
/// them: `b` itself, or for `"`, `\` and the control characters below U+0020 the usual short
/// escape (`\n`), else `\u00xx` in lowercase hex. Shared by every writer of the engine's text.
pub fn json_escape(b: u8, buf: &mut [u8; 6]) -> &[u8] {
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x20.. => {
            *buf = [b, 0, 0, 0, 0, 0];
            return buf.get(..1).unwrap_or_default();
        }
        _ => 0,
    };
    if short != 0 {
        *buf = [b'\\', short, 0, 0, 0, 0];
        return buf.get(..2).unwrap_or_default();
    }
    // b < 0x20: the first digit is 0 or 1.
    let low = b & 0xf;
    let hex = if low < 10 {
        b'0' + low
    } else {
        b'a' + low - 10
    };
    *buf = [b'\\', b'u', b'0', b'0', b'0' + (b >> 4), hex];
    buf
}

/// The decimal digits of `value`, written at the end of `buf`.
pub fn decimal_digits(mut value: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        if let Some(slot) = buf.get_mut(at) {
            *slot = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 {
            break;
        }
    }
    buf.get(at..).unwrap_or_default()
}

impl Sink for JsonText {
    fn null(&mut self) {
        self.before_value();
        self.out.push_str("null");
    }

    fn boolean(&mut self, value: bool) {
        self.before_value();
        self.out.push_str(if value { "true" } else { "false" });
    }

    fn unsigned(&mut self, value: u64) {
        self.before_value();
        self.digits(value);
    }

    fn signed(&mut self, value: i64) {
        self.before_value();
        if value < 0 {
            self.out.push('-');
        }
        self.digits(value.unsigned_abs());
    }

    fn float(&mut self, _value: f64, text: &str) {
        self.before_value();
        self.out.push_str(text);
    }

    fn string(&mut self, value: &str) {
        self.before_value();
        self.quoted(value);
    }

    fn begin_array(&mut self) {
        self.before_value();
        self.out.push('[');
    }

    fn end_array(&mut self) {
        self.out.push(']');
    }

    fn begin_object(&mut self) {
        self.before_value();
        self.out.push('{');
    }

    fn field(&mut self, name: &'static str) {
        self.key(name);
    }

    fn key(&mut self, name: &str) {
        self.before_key();
        self.quoted(name);
        self.out.push(':');
    }

    fn end_object(&mut self) {
        self.out.push('}');
    }

    fn as_json_text(&mut self) -> Option<&mut JsonText> {
        Some(self)
    }
}

/// An error raised while a result was written: a type's own `Serialize` failed, or a map key
/// was of a kind JSON cannot name.
#[derive(Debug)]
pub struct EmitError(pub(crate) String);

impl EmitError {
    fn into_error(self) -> Error {
        Error::new(
            ErrorCode::Internal,
            "",
            format!("the result could not be encoded: {}", self.0),
        )
    }
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EmitError {}

impl ser::Error for EmitError {
    fn custom<T: fmt::Display>(msg: T) -> EmitError {
        EmitError(msg.to_string())
    }
}

/// The one serializer: serde's data model onto a [`Sink`].
struct Emitter<'s> {
    sink: &'s mut dyn Sink,
}

/// A variant's one-key object, closed with its inner array or object.
struct Variant<'e, 's>(&'e mut Emitter<'s>);

type Done = Result<(), EmitError>;

impl<'e, 's> ser::Serializer for &'e mut Emitter<'s> {
    type Ok = ();
    type Error = EmitError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Variant<'e, 's>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Variant<'e, 's>;

    fn serialize_bool(self, v: bool) -> Done {
        self.sink.boolean(v);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Done {
        match u64::try_from(v) {
            Ok(u) => self.sink.unsigned(u),
            Err(_) => self.sink.signed(v),
        }
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(u), _) => self.serialize_u64(u),
            (_, Ok(i)) => self.serialize_i64(i),
            _ => Err(ser::Error::custom("an integer beyond 64 bits")),
        }
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.sink.unsigned(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        match u64::try_from(v) {
            Ok(u) => self.serialize_u64(u),
            Err(_) => Err(ser::Error::custom("an integer beyond 64 bits")),
        }
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Done {
        // Formatted here rather than in a sink, so that a build whose results have no float
        // (the portal's) compiles no float printer.
        let text = serde_json::to_string(&v).unwrap_or_else(|_| "null".into());
        self.sink.float(v, &text);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.sink.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.sink.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.sink.begin_array();
        for b in v {
            self.sink.unsigned(u64::from(*b));
        }
        self.sink.end_array();
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.sink.null();
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.sink.null();
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.sink.null();
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Done {
        self.sink.string(variant);
        Ok(())
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
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.sink.begin_object();
        self.sink.field(variant);
        value.serialize(&mut *self)?;
        self.sink.end_object();
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, EmitError> {
        self.sink.begin_array();
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, EmitError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, EmitError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'e, 's>, EmitError> {
        self.sink.begin_object();
        self.sink.field(variant);
        self.sink.begin_array();
        Ok(Variant(self))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, EmitError> {
        self.sink.begin_object();
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, EmitError> {
        self.sink.begin_object();
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'e, 's>, EmitError> {
        self.sink.begin_object();
        self.sink.field(variant);
        self.sink.begin_object();
        Ok(Variant(self))
    }
}

/// Sequences, tuples and tuple structs: their items, then the array's end.
macro_rules! array_impl {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for &mut Emitter<'_> {
            type Ok = ();
            type Error = EmitError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.sink.end_array();
                Ok(())
            }
        }
    };
}

array_impl!(SerializeSeq, serialize_element);
array_impl!(SerializeTuple, serialize_element);
array_impl!(SerializeTupleStruct, serialize_field);

impl ser::SerializeTupleVariant for Variant<'_, '_> {
    type Ok = ();
    type Error = EmitError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut *self.0)
    }
    fn end(self) -> Done {
        self.0.sink.end_array();
        self.0.sink.end_object();
        Ok(())
    }
}

impl ser::SerializeMap for &mut Emitter<'_> {
    type Ok = ();
    type Error = EmitError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(MapKey {
            sink: &mut *self.sink,
        })
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.sink.end_object();
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Emitter<'_> {
    type Ok = ();
    type Error = EmitError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.sink.field(key);
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.sink.end_object();
        Ok(())
    }
}

impl ser::SerializeStructVariant for Variant<'_, '_> {
    type Ok = ();
    type Error = EmitError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.0.sink.field(key);
        value.serialize(&mut *self.0)
    }
    fn end(self) -> Done {
        self.0.sink.end_object();
        self.0.sink.end_object();
        Ok(())
    }
}

/// A map's key: text, or a number, boolean or character written as text (as serde_json does);
/// anything else cannot be a JSON object key.
struct MapKey<'s> {
    sink: &'s mut dyn Sink,
}

impl MapKey<'_> {
    fn text(self, text: &str) -> Done {
        self.sink.key(text);
        Ok(())
    }
}

fn not_a_key() -> EmitError {
    ser::Error::custom("a map key must be a string")
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = EmitError;
    type SerializeSeq = ser::Impossible<(), EmitError>;
    type SerializeTuple = ser::Impossible<(), EmitError>;
    type SerializeTupleStruct = ser::Impossible<(), EmitError>;
    type SerializeTupleVariant = ser::Impossible<(), EmitError>;
    type SerializeMap = ser::Impossible<(), EmitError>;
    type SerializeStruct = ser::Impossible<(), EmitError>;
    type SerializeStructVariant = ser::Impossible<(), EmitError>;

    fn serialize_bool(self, v: bool) -> Done {
        self.text(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.text(&v.to_string())
    }
    fn serialize_f32(self, _v: f32) -> Done {
        Err(not_a_key())
    }
    fn serialize_f64(self, _v: f64) -> Done {
        Err(not_a_key())
    }
    fn serialize_char(self, v: char) -> Done {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Done {
        self.text(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Done {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Done {
        Err(not_a_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Done {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Done {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        Err(not_a_key())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Done {
        self.sink.field(variant);
        Ok(())
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
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Done {
        Err(not_a_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, EmitError> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, EmitError> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, EmitError> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, EmitError> {
        Err(not_a_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, EmitError> {
        Err(not_a_key())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, EmitError> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, EmitError> {
        Err(not_a_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_digits_are_serde_jsons() {
        for b in 0..0x80_u8 {
            let text = serde_json::to_string(&char::from(b).to_string()).expect("json");
            let mut buf = [0; 6];
            let escaped = std::str::from_utf8(json_escape(b, &mut buf)).expect("ascii");
            assert_eq!(format!("\"{escaped}\""), text, "byte {b:#x}");
        }
        for value in [0, 7, 10, 196_350, u64::from(u32::MAX), u64::MAX] {
            let mut buf = [0; 20];
            assert_eq!(
                decimal_digits(value, &mut buf),
                value.to_string().as_bytes()
            );
        }
    }
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    enum Shape {
        Unit,
        New(u8),
        Pair(i32, String),
        Named { a: Option<bool>, b: () },
    }

    #[derive(Serialize)]
    struct All {
        text: &'static str,
        numbers: (u64, i64, i8, u128, i128),
        floats: [f64; 4],
        shapes: Vec<Shape>,
        keys: BTreeMap<u16, char>,
        flags: BTreeMap<bool, Vec<u8>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        nothing: Option<u8>,
        value: serde_json::Value,
        bytes: serde_bytes_like::Bytes,
    }

    mod serde_bytes_like {
        /// Serialises through `serialize_bytes`.
        pub struct Bytes(pub &'static [u8]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }

    /// A sink that forwards every token to a [`JsonText`] without saying it is one, so the
    /// token-by-token path (the WebAssembly one) is what writes the text.
    #[derive(Default)]
    struct Tokens(JsonText);

    impl Sink for Tokens {
        fn null(&mut self) {
            self.0.null()
        }
        fn boolean(&mut self, value: bool) {
            self.0.boolean(value)
        }
        fn unsigned(&mut self, value: u64) {
            self.0.unsigned(value)
        }
        fn signed(&mut self, value: i64) {
            self.0.signed(value)
        }
        fn float(&mut self, value: f64, text: &str) {
            self.0.float(value, text)
        }
        fn string(&mut self, value: &str) {
            self.0.string(value)
        }
        fn begin_array(&mut self) {
            self.0.begin_array()
        }
        fn end_array(&mut self) {
            self.0.end_array()
        }
        fn begin_object(&mut self) {
            self.0.begin_object()
        }
        fn field(&mut self, name: &'static str) {
            self.0.field(name)
        }
        fn key(&mut self, name: &str) {
            self.0.key(name)
        }
        fn end_object(&mut self) {
            self.0.end_object()
        }
    }

    /// The text written token by token, as in WebAssembly.
    fn token_text<T: Serialize>(value: &T) -> Result<String, Error> {
        let mut tokens = Tokens::default();
        emit(value, &mut tokens)?;
        Ok(tokens.0.finish())
    }

    #[test]
    fn every_golden_vector_result_is_the_same_text_token_by_token() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Ok(case) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            if case.get("api").is_some_and(|a| a != "calculate") || case.get("expect").is_none() {
                continue;
            }
            let Some(request) = case.get("request") else {
                continue;
            };
            let Ok(request) = crate::parse_request(&request.to_string()) else {
                continue;
            };
            let Ok(result) = crate::calculate(&request) else {
                continue;
            };
            assert_eq!(
                token_text(&result).ok(),
                serde_json::to_string(&result).ok(),
                "{}",
                entry.path().display()
            );
            seen += 1;
        }
        assert!(seen > 100, "only {seen} results compared");
    }

    #[test]
    fn json_text_is_serde_json_byte_for_byte() {
        let all = All {
            text: "引号\"反斜杠\\ \u{0}\u{1f}\u{7f}\n\r\t\u{8}\u{c} é 🎉 </script>",
            numbers: (u64::MAX, i64::MIN, -7, 12, -12),
            floats: [0.5, -0.0, 1e300, f64::NAN],
            shapes: vec![
                Shape::Unit,
                Shape::New(3),
                Shape::Pair(-1, "x".into()),
                Shape::Named { a: None, b: () },
                Shape::Named {
                    a: Some(true),
                    b: (),
                },
            ],
            keys: BTreeMap::from([(1, 'a'), (65535, '键')]),
            flags: BTreeMap::from([(false, vec![]), (true, vec![1, 2])]),
            skipped: None,
            nothing: None,
            value: serde_json::json!({"z": [1, -2, 2.5, null, {"": "ok"}], "a": {}}),
            bytes: serde_bytes_like::Bytes(&[0, 255]),
        };
        let ours = token_text(&all).ok();
        let theirs = serde_json::to_string(&all).ok();
        assert!(ours.is_some());
        assert_eq!(ours, theirs);
        assert_eq!(to_json(&all).ok(), theirs);
    }

    #[test]
    fn a_key_that_json_cannot_name_is_an_error() {
        let map = BTreeMap::from([(vec![1u8], 1u8)]);
        let e = to_json(&map).err();
        assert_eq!(
            e.map(|e| (e.code, e.path)),
            Some((ErrorCode::Internal, String::new()))
        );
    }
}
