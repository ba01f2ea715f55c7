//! Results as Python objects directly: a serde serializer that builds the `dict`s, `list`s,
//! `str`s and `decimal.Decimal`s a caller of `minzheng.calculate` gets, without writing the
//! result as JSON text and parsing it again in Python.
//!
//! It gives exactly what `json.loads` of the engine's JSON text gives with the package's
//! decimal hook: the same keys in the same order, and a string is a `Decimal` where its key is
//! one of [`minzheng::DECIMAL_FIELDS`] (the test `test_objects.py` compares both over every
//! golden vector).

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyList, PyString};
use serde::ser::{self, Serialize};

/// A serializer's failure: a Python error, or a message from the value being serialized.
#[derive(Debug)]
pub(crate) struct ObjectError(pub(crate) PyErr);

impl fmt::Display for ObjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for ObjectError {}

impl ser::Error for ObjectError {
    fn custom<T: fmt::Display>(msg: T) -> ObjectError {
        ObjectError(pyo3::exceptions::PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for ObjectError {
    fn from(e: PyErr) -> ObjectError {
        ObjectError(e)
    }
}

fn money_keys() -> &'static HashSet<&'static str> {
    static KEYS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| minzheng::DECIMAL_FIELDS.iter().copied().collect())
}

/// Slots of [`Keys`]: more than the distinct field names of a result.
const SLOTS: usize = 512;

/// The Python key of each field name met in one conversion, interned (so each dict insert
/// reuses its hash), and whether it is a decimal field: looked up by the name's address, as
/// the names of struct fields are `'static` literals met again and again.
pub(crate) struct Keys<'py> {
    slots: RefCell<Vec<Option<Slot<'py>>>>,
}

/// A name's address and length, its Python key and whether it is a decimal field.
type Slot<'py> = (usize, usize, Bound<'py, PyString>, bool);

impl<'py> Keys<'py> {
    pub(crate) fn new() -> Keys<'py> {
        Keys {
            slots: RefCell::new(vec![None; SLOTS]),
        }
    }

    fn get(&self, py: Python<'py>, key: &str) -> (Bound<'py, PyString>, bool) {
        let (address, len) = (key.as_ptr() as usize, key.len());
        // Fibonacci hashing of the address: the literals lie close together in memory.
        let slot = (address.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize) >> 7) % SLOTS;
        let mut slots = self.slots.borrow_mut();
        if let Some(Some((a, l, name, money))) = slots.get(slot) {
            if *a == address && *l == len {
                return (name.clone(), *money);
            }
        }
        let entry = (PyString::intern(py, key), money_keys().contains(key));
        if let Some(s) = slots.get_mut(slot) {
            *s = Some((address, len, entry.0.clone(), entry.1));
        }
        entry
    }
}

/// What every part of one conversion shares: the interpreter, `decimal.Decimal` and the keys.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a, 'py> {
    py: Python<'py>,
    decimal: &'a Bound<'py, PyAny>,
    keys: &'a Keys<'py>,
}

impl<'a, 'py> Context<'a, 'py> {
    pub(crate) fn new(
        py: Python<'py>,
        decimal: &'a Bound<'py, PyAny>,
        keys: &'a Keys<'py>,
    ) -> Context<'a, 'py> {
        Context { py, decimal, keys }
    }

    /// `value` as Python objects.
    pub(crate) fn convert<T: Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<Bound<'py, PyAny>, ObjectError> {
        value.serialize(ToPy {
            cx: self,
            money: false,
        })
    }

    /// The entry `key: value` of a dict being built.
    fn entry<T: Serialize + ?Sized>(
        self,
        dict: &Bound<'py, PyDict>,
        key: &str,
        value: &T,
    ) -> Result<(), ObjectError> {
        let (name, money) = self.keys.get(self.py, key);
        let value = value.serialize(ToPy { cx: self, money })?;
        dict.set_item(name, value)?;
        Ok(())
    }
}

/// The serializer of one value; `money`: the value sits under a decimal field's key, so a
/// string there is a `Decimal`.
struct ToPy<'a, 'py> {
    cx: Context<'a, 'py>,
    money: bool,
}

type Out<'py> = Result<Bound<'py, PyAny>, ObjectError>;

impl<'a, 'py> ser::Serializer for ToPy<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ObjectError;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Map<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        Ok(PyBool::new(self.cx.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        Ok(v.into_pyobject(self.cx.py)
            .map(|o| o.into_any())
            .unwrap_or_else(|never| match never {}))
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        Ok(v.into_pyobject(self.cx.py)
            .map(|o| o.into_any())
            .unwrap_or_else(|never| match never {}))
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        Ok(v.into_pyobject(self.cx.py)
            .map(|o| o.into_any())
            .unwrap_or_else(|never| match never {}))
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        Ok(v.into_pyobject(self.cx.py)
            .map(|o| o.into_any())
            .unwrap_or_else(|never| match never {}))
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        Ok(PyFloat::new(self.cx.py, v).into_any())
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.serialize_str(v.encode_utf8(&mut [0_u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        if self.money {
            return Ok(self.cx.decimal.call1((v,))?);
        }
        Ok(PyString::new(self.cx.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        Ok(PyBytes::new(self.cx.py, v).into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.cx.py.None().into_bound(self.cx.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
    ) -> Out<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let dict = PyDict::new(self.cx.py);
        self.cx.entry(&dict, variant, value)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, ObjectError> {
        Ok(Seq::new(self.cx, len.unwrap_or(0), None))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, ObjectError> {
        Ok(Seq::new(self.cx, len, None))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, ObjectError> {
        Ok(Seq::new(self.cx, len, None))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, ObjectError> {
        Ok(Seq::new(self.cx, len, Some(variant)))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a, 'py>, ObjectError> {
        Ok(Map::new(self.cx, None))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Map<'a, 'py>, ObjectError> {
        Ok(Map::new(self.cx, None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Map<'a, 'py>, ObjectError> {
        Ok(Map::new(self.cx, Some(variant)))
    }
}

/// A list being built; `variant`: wrapped as `{variant: [...]}` when done.
struct Seq<'a, 'py> {
    cx: Context<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'a, 'py> Seq<'a, 'py> {
    fn new(cx: Context<'a, 'py>, len: usize, variant: Option<&'static str>) -> Seq<'a, 'py> {
        Seq {
            cx,
            items: Vec::with_capacity(len),
            variant,
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ObjectError> {
        self.items.push(self.cx.convert(value)?);
        Ok(())
    }

    fn done(self) -> Out<'py> {
        let list = PyList::new(self.cx.py, self.items)?.into_any();
        wrap(self.cx, self.variant, list)
    }
}

fn wrap<'py>(
    cx: Context<'_, 'py>,
    variant: Option<&'static str>,
    value: Bound<'py, PyAny>,
) -> Out<'py> {
    match variant {
        None => Ok(value),
        Some(name) => {
            let dict = PyDict::new(cx.py);
            dict.set_item(name, value)?;
            Ok(dict.into_any())
        }
    }
}

macro_rules! seq_impl {
    ($trait:ident, $method:ident) => {
        impl<'py> ser::$trait for Seq<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = ObjectError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ObjectError> {
                self.push(value)
            }
            fn end(self) -> Out<'py> {
                self.done()
            }
        }
    };
}

seq_impl!(SerializeSeq, serialize_element);
seq_impl!(SerializeTuple, serialize_element);
seq_impl!(SerializeTupleStruct, serialize_field);
seq_impl!(SerializeTupleVariant, serialize_field);

/// A dict being built (a struct or a map); `variant`: wrapped as `{variant: {...}}` when done.
struct Map<'a, 'py> {
    cx: Context<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl<'a, 'py> Map<'a, 'py> {
    fn new(cx: Context<'a, 'py>, variant: Option<&'static str>) -> Map<'a, 'py> {
        Map {
            cx,
            dict: PyDict::new(cx.py),
            key: None,
            variant,
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), ObjectError> {
        self.cx.entry(&self.dict, key, value)
    }

    fn done(self) -> Out<'py> {
        wrap(self.cx, self.variant, self.dict.into_any())
    }
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ObjectError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ObjectError> {
        // As JSON writes it: a string key as it is, a number as its text.
        let key = match serde_json::to_value(key).map_err(<ObjectError as ser::Error>::custom)? {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ObjectError> {
        let key = self.key.take().unwrap_or_default();
        self.field(&key, value)
    }
    fn end(self) -> Out<'py> {
        self.done()
    }
}

impl<'py> ser::SerializeStruct for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ObjectError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ObjectError> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.done()
    }
}

impl<'py> ser::SerializeStructVariant for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ObjectError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ObjectError> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.done()
    }
}
