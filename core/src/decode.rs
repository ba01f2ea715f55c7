//! Decoding wire requests with the path of the offending field.
//!
//! A request is parsed once into a `serde_json::Value` (one generic parser, which also enforces
//! JSON syntax, trailing content and the nesting limit), then read into the request type by
//! `Node`, a small deserializer over the value that knows where it is
//! (`household.members[1].income.wages`) and attaches that path to the first error. This replaces
//! a per-type wrapper of every deserializer and visitor (serde_path_to_error), which made the WASM
//! bundle about a quarter larger, and it classifies errors by the serde constructor that raised
//! them rather than by their message.
//!
//! Paths: object keys joined by `.`, array indices as `[i]`, `""` for the request as a whole. A
//! missing field is reported at the object that lacks it; an unknown field at the field itself.

use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

use crate::error::{Error, ErrorCode, split_tag};
use crate::limits::MAX_REQUEST_BYTES;
/// The derive of [`Decode`] for structs (crate `minzheng-derive`).
pub(crate) use minzheng_derive::Decode;

/// A decoding error: its code (when the serde constructor tells), the path once known, and the
/// message.
#[derive(Debug)]
pub(crate) struct DeError {
    code: ErrorCode,
    path: Option<String>,
    message: String,
}

impl DeError {
    fn new(code: ErrorCode, message: String) -> DeError {
        DeError {
            code,
            path: None,
            message,
        }
    }

    /// Sets the path if no deeper node has set it. Out of line, as every helper below that the
    /// generic readers call: they are compiled once per type read, these once.
    #[inline(never)]
    fn at(mut self, path: &str) -> DeError {
        if self.path.is_none() {
            self.path = Some(path.to_string());
        }
        self
    }

    fn into_error(self) -> Error {
        Error::new(self.code, self.path.unwrap_or_default(), self.message)
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> DeError {
        let text = msg.to_string();
        match split_tag(&text) {
            Some((code, message)) => DeError::new(code, message),
            None => DeError::new(ErrorCode::InvalidValue, text),
        }
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> DeError {
        // A whole number beyond 64 bits reaches an integer field as a float: it is out of the
        // field's range, not "a number with a fraction".
        if let de::Unexpected::Float(x) = unexp {
            if is_whole(x) {
                if let Some(range) = integer_range(&exp.to_string()) {
                    return DeError::new(
                        ErrorCode::OutOfRange,
                        format!("the whole number is outside {range}, the range of this field"),
                    );
                }
            }
        }
        DeError::new(
            ErrorCode::InvalidType,
            format!("invalid type: {}, expected {exp}", Unexpected(unexp)),
        )
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> DeError {
        // An integer that does not fit the field's type (300 for a count of stars held in a
        // byte) is out of range, as one that fits the type but not the rule is.
        if let de::Unexpected::Unsigned(_) | de::Unexpected::Signed(_) = unexp {
            if let Some(range) = integer_range(&exp.to_string()) {
                return DeError::new(
                    ErrorCode::OutOfRange,
                    format!(
                        "{} is outside {range}, the range of this field",
                        Unexpected(unexp)
                    ),
                );
            }
        }
        DeError::new(
            ErrorCode::InvalidValue,
            format!("invalid value: {}, expected {exp}", Unexpected(unexp)),
        )
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> DeError {
        DeError::new(
            ErrorCode::InvalidValue,
            format!("invalid length {len}, expected {exp}"),
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> DeError {
        DeError::new(
            ErrorCode::InvalidValue,
            format!(
                "unknown variant `{variant}`, expected one of: {}",
                expected.join(", ")
            ),
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> DeError {
        DeError::new(
            ErrorCode::UnknownField,
            format!(
                "unknown field `{field}`, expected one of: {}",
                expected.join(", ")
            ),
        )
    }

    fn missing_field(field: &'static str) -> DeError {
        DeError::new(ErrorCode::MissingField, format!("missing field `{field}`"))
    }

    fn duplicate_field(field: &'static str) -> DeError {
        DeError::new(
            ErrorCode::InvalidValue,
            format!("duplicate field `{field}`"),
        )
    }
}

/// Whether a float is a whole number (a JSON integer too large for 64 bits arrives as one).
fn is_whole(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0
}

/// The range of a primitive integer type, by the name serde's visitors give it as "expected".
fn integer_range(expected: &str) -> Option<&'static str> {
    Some(match expected {
        "u8" => "0–255",
        "u16" => "0–65535",
        "u32" => "0–4294967295",
        "u64" => "0–18446744073709551615",
        "i8" => "-128–127",
        "i16" => "-32768–32767",
        "i32" => "-2147483648–2147483647",
        "i64" => "-9223372036854775808–9223372036854775807",
        _ => return None,
    })
}

/// serde's description of an unexpected value, except that a float is not printed: formatting
/// floats would pull float-printing code into the WASM bundle for one error message.
struct Unexpected<'a>(de::Unexpected<'a>);

impl fmt::Display for Unexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use de::Unexpected as U;
        match self.0 {
            U::Bool(b) => write!(f, "boolean `{b}`"),
            U::Unsigned(n) => write!(f, "integer `{n}`"),
            U::Signed(n) => write!(f, "integer `{n}`"),
            U::Float(x) if is_whole(x) => f.write_str("a whole number beyond 64 bits"),
            U::Float(_) => f.write_str("a number with a fraction"),
            U::Char(c) => write!(f, "character `{c}`"),
            U::Str(s) => write!(f, "string {s:?}"),
            U::Bytes(_) => f.write_str("bytes"),
            U::Unit => f.write_str("null"),
            U::Option => f.write_str("an optional value"),
            U::NewtypeStruct => f.write_str("a newtype struct"),
            U::Seq => f.write_str("an array"),
            U::Map => f.write_str("an object"),
            U::Enum => f.write_str("an enum"),
            U::UnitVariant => f.write_str("a unit variant"),
            U::NewtypeVariant => f.write_str("a newtype variant"),
            U::TupleVariant => f.write_str("a tuple variant"),
            U::StructVariant => f.write_str("a struct variant"),
            U::Other(other) => f.write_str(other),
        }
    }
}

/// Parses `json` and decodes it as a `T`: the size limit, JSON syntax, then the typed decoding
/// with the path of the offending field. A request is always a JSON object.
pub(crate) fn decode<T: Decode>(json: &str) -> Result<T, Error> {
    if json.len() > MAX_REQUEST_BYTES {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            "",
            format!(
                "the request is {} bytes; at most {MAX_REQUEST_BYTES} are accepted",
                json.len()
            ),
        ));
    }
    let value: StrictValue =
        serde_json::from_str(json).map_err(|e| Error::from_serde(String::new(), &e))?;
    from_value(&value.0)
}

/// A JSON value read with one rule more than `serde_json::Value`: an object may not repeat a
/// key (the last one would silently win).
struct StrictValue(Value);

impl<'de> de::Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StrictValue, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "duplicate key `{key}` in an object"
                )));
            }
            let StrictValue(v) = map.next_value()?;
            object.insert(key, v);
        }
        Ok(Value::Object(object))
    }
}

/// Reads an optional field that has a default: `null` means "not given", as it does for every
/// optional field, and gives the default. Used for booleans, text, lists, maps and nested
/// objects; never for amounts and counts, where `null` is what `JSON.stringify` makes of `NaN`
/// and `±Infinity` and is refused (`invalid_type`) so that a failed computation cannot become
/// a zero.
pub(crate) fn null_is_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// [`null_is_default`] for a flag whose default is `true` (`options.explain`).
pub(crate) fn null_is_true<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(true))
}

/// Decodes a parsed JSON value as a `T`, with the path of the offending field on error.
pub(crate) fn from_value<T: Decode>(value: &Value) -> Result<T, Error> {
    request_object(value)?;
    T::decode(Node {
        value,
        path: String::new(),
    })
    .map_err(DeError::into_error)
}

/// A type read from a request: a struct by `#[derive(Decode)]` (crate `minzheng-derive`), which
/// walks the object with [`Node::fields`] instead of a serde visitor of its own; a leaf (text,
/// numbers, amounts, dates, enums) by its serde `Deserialize` over [`Node`]; lists, optional
/// values and maps by the impls below. Every impl gives the error serde's derived code would
/// give through [`Node`] (code, path and message), so the choice is invisible on the wire; it
/// only keeps the generic code per type small, which is most of the WASM bundle.
pub(crate) trait Decode: Sized {
    /// Reads the value at `node`.
    fn decode(node: Node<'_>) -> Result<Self, DeError>;
}

/// [`Decode`] through the type's serde `Deserialize` over [`Node`]. The decoder knows only the
/// primitive types; a domain type that decodes as serde would (a money, date or ratio string)
/// states it beside its definition with this macro, so the decoder imports no domain module.
macro_rules! decode_with_serde {
    ($($ty:ty),* $(,)?) => {
        $(impl $crate::decode::Decode for $ty {
            // Out of line: called from every struct with a field of the type.
            #[inline(never)]
            fn decode(node: $crate::decode::Node<'_>) -> Result<Self, $crate::decode::DeError> {
                <$ty as serde::de::Deserialize>::deserialize(node)
            }
        })*
    };
}
pub(crate) use decode_with_serde;

decode_with_serde!(
    bool,
    u8,
    u16,
    u32,
    u64,
    usize,
    i32,
    i64,
    String,
    Value,
    rust_decimal::Decimal,
);

/// serde's `Option`: `null` is `None`, anything else the value.
impl<T: Decode> Decode for Option<T> {
    fn decode(node: Node<'_>) -> Result<Self, DeError> {
        match node.value {
            Value::Null => Ok(None),
            _ => T::decode(node).map(Some),
        }
    }
}

/// serde's `Vec`: an array, each element named `[i]` in errors.
impl<T: Decode> Decode for Vec<T> {
    fn decode(node: Node<'_>) -> Result<Self, DeError> {
        let Value::Array(items) = node.value else {
            return Err(node.wrong_type("a sequence"));
        };
        let mut out = Vec::with_capacity(items.len().min(4096));
        for (index, value) in items.iter().enumerate() {
            let child = Node {
                value,
                path: element_path(&node.path, index),
            };
            out.push(T::decode(child).map_err(|e| at_index(e, &node.path, index))?);
        }
        Ok(out)
    }
}

/// serde's `BTreeMap` with text keys: an object, each value named by its key in errors.
impl<T: Decode> Decode for std::collections::BTreeMap<String, T> {
    fn decode(node: Node<'_>) -> Result<Self, DeError> {
        let Value::Object(map) = node.value else {
            return Err(node.wrong_type("a map"));
        };
        let mut out = std::collections::BTreeMap::new();
        for (key, value) in map {
            let child = Node {
                value,
                path: child_key(&node.path, key),
            };
            let item = T::decode(child).map_err(|e| at_key(e, &node.path, key))?;
            out.insert(key.clone(), item);
        }
        Ok(out)
    }
}

/// Where a `#[derive(Decode)]` struct reads one field: an `Option` of the field's type, filled
/// when the key is present. Through `dyn`, so the walk of an object ([`Node::fields`]) is
/// compiled once and each field type's reading once, not once per struct and field.
pub(crate) trait Slot {
    /// Reads the value at `node` into the slot.
    fn fill(&mut self, node: Node<'_>) -> Result<(), DeError>;

    /// Whether a value was read.
    fn filled(&self) -> bool;
}

impl<T: Decode> Slot for Option<T> {
    fn fill(&mut self, node: Node<'_>) -> Result<(), DeError> {
        *self = Some(T::decode(node)?);
        Ok(())
    }

    fn filled(&self) -> bool {
        self.is_some()
    }
}

/// The slot of a field read with [`null_is_default`]: `null` gives the default.
pub(crate) struct NullIsDefault<T>(pub(crate) Option<T>);

impl<T: Decode + Default> Slot for NullIsDefault<T> {
    fn fill(&mut self, node: Node<'_>) -> Result<(), DeError> {
        self.0 = Some(Option::<T>::decode(node)?.unwrap_or_default());
        Ok(())
    }

    fn filled(&self) -> bool {
        self.0.is_some()
    }
}

/// The slot of a field read with [`null_is_true`]: `null` gives `true`.
pub(crate) struct NullIsTrue(pub(crate) Option<bool>);

impl Slot for NullIsTrue {
    fn fill(&mut self, node: Node<'_>) -> Result<(), DeError> {
        self.0 = Some(Option::<bool>::decode(node)?.unwrap_or(true));
        Ok(())
    }

    fn filled(&self) -> bool {
        self.0.is_some()
    }
}

/// The error of a missing field `key` of the object at `path` (serde's `missing_field`).
#[inline(never)]
pub(crate) fn missing_field(path: &str, key: &'static str) -> DeError {
    <DeError as de::Error>::missing_field(key).at(path)
}

/// A visitor that accepts nothing: its only use is serde's "invalid type" error for a value
/// that is not what `expected` names, exactly as a serde visitor expecting it would word it.
struct Expecting(&'static str);

impl<'de> Visitor<'de> for Expecting {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A request must be an object.
#[inline(never)]
fn request_object(value: &Value) -> Result<(), Error> {
    if value.is_object() {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidType,
        "",
        format!(
            "invalid type: {}; a request is a JSON object {{…}}",
            kind(value)
        ),
    ))
}

/// The error of a value that is not an object where one is expected.
#[inline(never)]
fn not_an_object(value: &Value) -> DeError {
    DeError::new(
        ErrorCode::InvalidType,
        format!("invalid type: {}, expected an object {{…}}", kind(value)),
    )
}

/// The error of a value that is not a string where an enumeration is expected.
#[inline(never)]
fn not_a_name(value: &Value) -> DeError {
    DeError::new(
        ErrorCode::InvalidType,
        format!(
            "invalid type: {}, expected one of the allowed strings",
            kind(value)
        ),
    )
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[inline(never)]
fn child_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        // Every field read names its node: joined directly, without the formatting machinery.
        let mut out = String::with_capacity(path.len() + 1 + key.len());
        out.push_str(path);
        out.push('.');
        out.push_str(key);
        out
    }
}

/// The path of element `index` of `parent`.
#[inline(never)]
fn element_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// Names the element `parent[index]` in an error that has no path yet. Out of line: the
/// element readers are compiled once per element type, this once.
#[inline(never)]
fn at_index(e: DeError, parent: &str, index: usize) -> DeError {
    if e.path.is_some() {
        return e;
    }
    e.at(&format!("{parent}[{index}]"))
}

/// Names the field `parent.key` in an error that has no path yet (see [`at_index`]).
#[inline(never)]
fn at_key(e: DeError, parent: &str, key: &str) -> DeError {
    if e.path.is_some() {
        return e;
    }
    e.at(&child_key(parent, key))
}

/// A value and where it is in the request.
pub(crate) struct Node<'v> {
    value: &'v Value,
    path: String,
}

impl<'v> Node<'v> {
    /// Walks an object for a `#[derive(Decode)]` struct whose keys are `names`: each entry, in
    /// the object's (key) order, is read into the slot of its name (`slots[i]` for `names[i]`),
    /// stopping at the first error; then the first field marked `required` that was absent is
    /// `missing_field` at the object (declaration order, after the walk, as serde does); a key
    /// not in `names` is `unknown_field` when `deny_unknown`, else skipped unread, as serde does.
    /// Returns the object's path, for the missing-field errors the caller raises afterwards.
    /// Not generic: compiled once for every struct.
    #[inline(never)]
    pub(crate) fn fields(
        self,
        names: &'static [&'static str],
        required: &'static [bool],
        deny_unknown: bool,
        slots: &mut [&mut dyn Slot],
    ) -> Result<String, DeError> {
        let path = self.path;
        let Value::Object(map) = self.value else {
            return Err(not_an_object(self.value).at(&path));
        };
        for (key, value) in map {
            let slot = names
                .iter()
                .position(|name| name == key)
                .and_then(|index| slots.get_mut(index));
            match slot {
                Some(slot) => {
                    let child = Node {
                        value,
                        path: child_key(&path, key),
                    };
                    slot.fill(child).map_err(|e| at_key(e, &path, key))?;
                }
                None if deny_unknown => {
                    let e = <DeError as de::Error>::unknown_field(key, names);
                    return Err(at_key(e, &path, key));
                }
                None => {}
            }
        }
        for ((name, required), slot) in names.iter().zip(required).zip(slots.iter()) {
            if *required && !slot.filled() {
                return Err(missing_field(&path, name));
            }
        }
        Ok(path)
    }

    /// serde's "invalid type" error of this value where `expected` was wanted, with its path.
    #[inline(never)]
    fn wrong_type(self, expected: &'static str) -> DeError {
        match self.deserialize_any(Expecting(expected)) {
            Err(e) => e,
            Ok(()) => DeError::new(ErrorCode::InvalidType, format!("expected {expected}")),
        }
    }
}

impl<'de> Node<'de> {
    /// Reads an object with the visitor's `visit_map` alone. A struct is only ever read from an
    /// object, so its visitor's other entry points (notably `visit_seq`, serde's reading of a
    /// struct from an array, a second copy of every field's decoding) are never instantiated.
    fn read_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let path = self.path;
        let out = match self.value {
            Value::Object(map) => visitor.visit_map(Map {
                entries: map.iter(),
                pending: None,
                path: &path,
            }),
            other => Err(not_an_object(other)),
        };
        out.map_err(|e| e.at(&path))
    }
}

impl<'de> Deserializer<'de> for Node<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let path = self.path;
        let out = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else if n.as_f64() == Some(0.0) {
                    // JSON `-0` (and `0.0`): the number zero, whole, as JavaScript reads it.
                    visitor.visit_u64(0)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visitor.visit_seq(Seq {
                items: items.iter(),
                index: 0,
                path: &path,
            }),
            Value::Object(map) => visitor.visit_map(Map {
                entries: map.iter(),
                pending: None,
                path: &path,
            }),
        };
        out.map_err(|e| e.at(&path))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            Value::Null => visitor.visit_none().map_err(|e: DeError| e.at(&self.path)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // serde would also read a struct from an array, field by field; the format is objects.
        self.read_map(visitor)
    }

    /// Every enum of the wire format is a set of strings (`"tianhe"`); serde's other form of an
    /// enum, a one-key object (`{"tianhe": null}`), is not in the schema and is refused
    /// (`invalid_type`), as any other non-string is.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let path = self.path;
        let out = match self.value {
            Value::String(s) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<DeError>::new(s))
            }
            other => Err(not_a_name(other)),
        };
        out.map_err(|e| e.at(&path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

struct Seq<'v, 'p> {
    items: std::slice::Iter<'v, Value>,
    index: usize,
    path: &'p str,
}

impl<'de> SeqAccess<'de> for Seq<'de, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        let path = element_path(self.path, index);
        // A type that reads the value and then rejects it (a date, an amount) raises its error
        // here, after the node has returned: name the element (formatted only on error).
        seed.deserialize(Node { value, path })
            .map(Some)
            .map_err(|e| at_index(e, self.path, index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'v, 'p> {
    entries: serde_json::map::Iter<'v>,
    pending: Option<(&'v String, &'v Value)>,
    path: &'p str,
}

impl<'de> Map<'de, '_> {
    /// The next entry's key, its value kept for [`Map::next_value`].
    #[inline(never)]
    fn next_key(&mut self) -> Option<&'de str> {
        let (key, value) = self.entries.next()?;
        self.pending = Some((key, value));
        Some(key.as_str())
    }

    /// The pending entry's value as a node, and its key.
    #[inline(never)]
    fn next_value(&mut self) -> Result<(Node<'de>, &'de str), DeError> {
        match self.pending.take() {
            Some((key, value)) => Ok((
                Node {
                    value,
                    path: child_key(self.path, key),
                },
                key.as_str(),
            )),
            None => Err(DeError::new(
                ErrorCode::InvalidJson,
                "a value was read before its key".into(),
            )),
        }
    }
}

impl<'de> MapAccess<'de> for Map<'de, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(key) = self.next_key() else {
            return Ok(None);
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::<DeError>::new(key))
            .map(Some)
            .map_err(|e| at_key(e, self.path, key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (node, key) = self.next_value()?;
        // As for elements: a value rejected after it was read is named here.
        seed.deserialize(node)
            .map_err(|e| at_key(e, self.path, key))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod same_as_serde {
    //! The `Decode` impls against serde's derived `Deserialize` over the same [`Node`]: for every
    //! request of the golden vectors and of the malformed-input corpus, both give the same value
    //! or the same error (code, path and message).

    use super::*;
    use std::fmt::Debug;
    use std::path::Path;

    fn both<T: Decode + de::DeserializeOwned + PartialEq + Debug>(value: &Value, name: &str) {
        let ours = from_value::<T>(value);
        let serde = request_object(value).and_then(|()| {
            T::deserialize(Node {
                value,
                path: String::new(),
            })
            .map_err(DeError::into_error)
        });
        match (ours, serde) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
            (Err(a), Err(b)) => assert_eq!(
                (a.code, a.path, a.message),
                (b.code, b.path, b.message),
                "{name}"
            ),
            (a, b) => panic!("{name}: Decode gives {a:?}, serde {b:?}"),
        }
    }

    fn check(api: &str, text: &str, name: &str) {
        let Ok(StrictValue(value)) = serde_json::from_str::<StrictValue>(text) else {
            return;
        };
        match api {
            "calculate" => both::<crate::CalculationRequest>(&value, name),
            "temporary_assistance" => {
                both::<crate::programmes::temporary::TemporaryRequest>(&value, name)
            }
            "rescue_food_allowance" => {
                both::<crate::programmes::rescue::RescueRequest>(&value, name)
            }
            "assess_ability" => {
                both::<crate::assessment::wire::Gbt42195Request>(&value, name);
                both::<crate::assessment::wire::Mzt039Request>(&value, name);
            }
            "care_home_bill" => both::<crate::care_home::wire::BillRequest>(&value, name),
            "care_home_price_adjustment" => {
                both::<crate::care_home::wire::PriceAdjustmentRequest>(&value, name)
            }
            "star_rating" => both::<crate::star_rating::wire::StarRatingRequest>(&value, name),
            "star_reward" => both::<crate::star_rating::reward::StarRewardRequest>(&value, name),
            "calculate_reform" => both::<crate::reform::ReformRequest>(&value, name),
            "cliff" => both::<crate::batch::cliff::CliffRequest>(&value, name),
            _ => {}
        }
    }

    #[test]
    fn every_vector_and_malformed_request_decodes_as_serde_would() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
        let mut seen = 0;
        for dir in ["vectors", "malformed"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Ok(case) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                let api = case
                    .get("api")
                    .and_then(Value::as_str)
                    .unwrap_or("calculate");
                let name = path.display().to_string();
                let request = match (case.get("request_json"), case.get("request")) {
                    (Some(Value::String(json)), _) => json.clone(),
                    (_, Some(request)) => request.to_string(),
                    _ => continue,
                };
                check(api, &request, &name);
                seen += 1;
            }
        }
        assert!(seen > 300, "only {seen} requests found");
    }
}
