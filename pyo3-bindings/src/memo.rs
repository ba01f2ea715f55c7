//! Prints of values: a byte string that serde walks out of a value, equal for two values exactly
//! when the serializer of [`crate::objects`] would build equal Python objects from them (the
//! same keys, strings, numbers and nesting, in the same order). A part of a result whose print
//! is the one of a part met before (a programme's result that did not change from one household
//! to the next, say) is a copy of the objects made then ([`crate::objects`]'s memo), without
//! walking the value's strings and amounts again.
//!
//! A print writes each value as a tag and its content: strings and byte strings with their
//! length, numbers in full, a struct's field names by the address and length of their
//! `'static` text (one address holds one text while the program runs), collections with an end
//! mark. Tags: `T` `F` booleans, `i` `u` integers, `f` floats, `s` strings, `b` bytes, `n`
//! none, `V` `W` a variant's name, `[` a sequence, `{` a map or struct, `k` `l` a field's
//! name, `K` a map's key, `.` the end of a collection. Values that the object serializer makes
//! the same (`None` and `()`, an `Option` and its value, a unit variant and its name) print the
//! same; no two that it makes different do.

use std::fmt;

use serde::ser::{self, Serialize};

/// A print's failure: only a value's own `Serialize` failing (which the object serializer then
/// reports itself).
#[derive(Debug)]
pub(crate) struct PrintError;

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value could not be printed")
    }
}

impl std::error::Error for PrintError {}

impl ser::Error for PrintError {
    fn custom<T: fmt::Display>(_msg: T) -> PrintError {
        PrintError
    }
}

/// Appends the print of `value` to `out`.
pub(crate) fn print<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), PrintError> {
    value.serialize(Print { out })
}

/// The serializer writing a print.
struct Print<'b> {
    out: &'b mut Vec<u8>,
}

/// A tag and a number, written at once.
fn tagged(out: &mut Vec<u8>, tag: u8, n: u64) {
    let mut bytes = [tag; 9];
    if let Some(rest) = bytes.get_mut(1..) {
        rest.copy_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&bytes);
}

fn text(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    tagged(out, tag, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// A `'static` name (a field or a variant), by where its text lies and its length (in 48 and
/// 16 bits when they fit, which they do for the names of a program's own structs; in full
/// otherwise).
fn name(out: &mut Vec<u8>, tags: [u8; 2], name: &'static str) {
    let (address, len) = (name.as_ptr() as usize as u64, name.len() as u64);
    let [short, long] = tags;
    if address < 1 << 48 && len < 1 << 16 {
        tagged(out, short, address << 16 | len);
    } else {
        tagged(out, long, address);
        tagged(out, long, len);
    }
}

/// The tags of a variant's name and a field's name.
const VARIANT: [u8; 2] = [b'V', b'W'];
const FIELD: [u8; 2] = [b'k', b'l'];

type Done = Result<(), PrintError>;

impl<'b> ser::Serializer for Print<'b> {
    type Ok = ();
    type Error = PrintError;
    type SerializeSeq = Items<'b>;
    type SerializeTuple = Items<'b>;
    type SerializeTupleStruct = Items<'b>;
    type SerializeTupleVariant = Items<'b>;
    type SerializeMap = Items<'b>;
    type SerializeStruct = Items<'b>;
    type SerializeStructVariant = Items<'b>;

    fn serialize_bool(self, v: bool) -> Done {
        self.out.push(if v { b'T' } else { b'F' });
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
        self.serialize_i128(i128::from(v))
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.out.push(b'i');
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
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
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u128(self, v: u128) -> Done {
        // A Python int either way: the same number prints the same whatever its Rust type.
        match i128::try_from(v) {
            Ok(v) => self.serialize_i128(v),
            Err(_) => {
                self.out.push(b'u');
                self.out.extend_from_slice(&v.to_le_bytes());
                Ok(())
            }
        }
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.out.push(b'f');
        self.out.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.serialize_str(v.encode_utf8(&mut [0_u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Done {
        text(self.out, b's', v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        text(self.out, b'b', v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.out.push(b'n');
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Done {
        self.serialize_str(variant)
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
        name(self.out, VARIANT, variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Items<'b>, PrintError> {
        Ok(Items::start(self.out, b'[', None))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Items<'b>, PrintError> {
        Ok(Items::start(self.out, b'[', None))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Items<'b>, PrintError> {
        Ok(Items::start(self.out, b'[', None))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Items<'b>, PrintError> {
        Ok(Items::start(self.out, b'[', Some(variant)))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Items<'b>, PrintError> {
        Ok(Items::start(self.out, b'{', None))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Items<'b>, PrintError> {
        Ok(Items::start(self.out, b'{', None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Items<'b>, PrintError> {
        Ok(Items::start(self.out, b'{', Some(variant)))
    }
}

/// A collection, map or struct being printed: its items follow its opening tag, and an end
/// mark closes it.
struct Items<'b> {
    out: &'b mut Vec<u8>,
}

impl<'b> Items<'b> {
    fn start(out: &'b mut Vec<u8>, tag: u8, variant: Option<&'static str>) -> Items<'b> {
        if let Some(variant) = variant {
            name(out, VARIANT, variant);
        }
        out.push(tag);
        Items { out }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(Print {
            out: &mut *self.out,
        })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        name(self.out, FIELD, key);
        self.item(value)
    }

    fn end(self) -> Done {
        self.out.push(b'.');
        Ok(())
    }
}

macro_rules! items_impl {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for Items<'_> {
            type Ok = ();
            type Error = PrintError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                self.item(value)
            }
            fn end(self) -> Done {
                Items::end(self)
            }
        }
    };
}

items_impl!(SerializeSeq, serialize_element);
items_impl!(SerializeTuple, serialize_element);
items_impl!(SerializeTupleStruct, serialize_field);
items_impl!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for Items<'_> {
    type Ok = ();
    type Error = PrintError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        self.out.push(b'K');
        self.item(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.item(value)
    }
    fn end(self) -> Done {
        Items::end(self)
    }
}

impl ser::SerializeStruct for Items<'_> {
    type Ok = ();
    type Error = PrintError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.field(key, value)
    }
    fn end(self) -> Done {
        Items::end(self)
    }
}

impl ser::SerializeStructVariant for Items<'_> {
    type Ok = ();
    type Error = PrintError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.field(key, value)
    }
    fn end(self) -> Done {
        Items::end(self)
    }
}
