//! Results as plain JavaScript objects, built straight from the core's token stream
//! ([`minzheng::sink`]), with no JSON text in between.
//!
//! The objects are what `JSON.parse` of the text result gives, key for key and in the same
//! order: objects with `Object.prototype`, arrays, strings, numbers, booleans and `null`; money
//! stays a decimal string; an integer beyond 2^53 becomes the nearest number, as `JSON.parse`
//! reads it (no `BigInt`, no `Map`).
//!
//! Making a JavaScript string from Rust text is the costly part of a crossing (Node decodes
//! UTF-8 at a few hundred MB/s, per call), and most strings of a result are the same from one
//! call to the next: programme names, reasons, citations, field names. Field names are cached by
//! address (they are `&'static str`), other strings by content in a bounded cache that is
//! emptied when full, so a page or a server that calls the engine again and again decodes each
//! label once.

use js_sys::{Array, Object};
use minzheng::sink::Sink;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A plain object, written to with `object[key] = value` (no `Reflect` round trip).
    #[wasm_bindgen(extends = Object)]
    type Plain;

    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Plain, key: &JsValue, value: &JsValue);
}

/// At most this many strings are kept by content; the cache is emptied when it is full.
const MAX_CACHED: usize = 4096;
/// Strings longer than this (in UTF-8 bytes) are not cached by content.
const MAX_CACHED_LEN: usize = 512;

/// A small multiplicative hash (FxHash's), much cheaper in WebAssembly than SipHash; the keys
/// are the engine's own output, not an attacker's choice of collisions to a server.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

#[derive(Default)]
struct Strings {
    /// Field and variant names, by the address and length of the `&'static str`.
    fields: FxMap<(usize, usize), JsValue>,
    /// Other strings, by content.
    texts: FxMap<Box<str>, JsValue>,
}

thread_local! {
    static STRINGS: RefCell<Strings> = RefCell::default();
}

/// The JavaScript string of a field name.
fn field_string(name: &'static str) -> JsValue {
    STRINGS.with(|cell| {
        let mut strings = cell.borrow_mut();
        strings
            .fields
            .entry((name.as_ptr() as usize, name.len()))
            .or_insert_with(|| JsValue::from_str(name))
            .clone()
    })
}

/// The JavaScript string of any text, from the cache when it is there.
fn text_string(text: &str) -> JsValue {
    if text.len() > MAX_CACHED_LEN {
        return JsValue::from_str(text);
    }
    STRINGS.with(|cell| {
        let mut strings = cell.borrow_mut();
        if let Some(value) = strings.texts.get(text) {
            return value.clone();
        }
        if strings.texts.len() >= MAX_CACHED {
            strings.texts.clear();
        }
        let value = JsValue::from_str(text);
        strings.texts.insert(text.into(), value.clone());
        value
    })
}

/// An open array or object.
enum Frame {
    Array(Array),
    /// The object and the key of its next value (and whether that key is `__proto__`).
    Object(Plain, Option<(JsValue, bool)>),
}

/// A [`Sink`] that builds the JavaScript value of a result.
#[derive(Default)]
pub(crate) struct Builder {
    stack: Vec<Frame>,
    root: Option<JsValue>,
}

impl Builder {
    /// The value built (`null` if nothing was written).
    pub(crate) fn finish(self) -> JsValue {
        self.root.unwrap_or(JsValue::NULL)
    }

    fn put(&mut self, value: JsValue) {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Array(array)) => {
                array.push(&value);
            }
            Some(Frame::Object(object, key)) => match key.take() {
                Some((key, false)) => object.set(&key, &value),
                Some((key, true)) => define_own(object, &key, &value),
                None => {}
            },
        }
    }

    fn close(&mut self) {
        let value = match self.stack.pop() {
            Some(Frame::Array(array)) => JsValue::from(array),
            Some(Frame::Object(object, _)) => JsValue::from(object),
            None => return,
        };
        self.put(value);
    }

    fn set_key(&mut self, key: JsValue, proto: bool) {
        if let Some(Frame::Object(_, pending)) = self.stack.last_mut() {
            *pending = Some((key, proto));
        }
    }
}

/// The key `__proto__` as `JSON.parse` sets it: an own property, not the object's prototype
/// (which `object[key] = value` would set).
fn define_own(object: &Plain, key: &JsValue, value: &JsValue) {
    let descriptor: Plain = Object::new().unchecked_into();
    for (name, v) in [
        ("value", value.clone()),
        ("writable", JsValue::TRUE),
        ("enumerable", JsValue::TRUE),
        ("configurable", JsValue::TRUE),
    ] {
        descriptor.set(&name.into(), &v);
    }
    Object::define_property(object, key, &descriptor);
}

impl Sink for Builder {
    fn null(&mut self) {
        self.put(JsValue::NULL);
    }

    fn boolean(&mut self, value: bool) {
        self.put(JsValue::from_bool(value));
    }

    fn unsigned(&mut self, value: u64) {
        // The nearest number, as JSON.parse reads the digits.
        self.put(JsValue::from_f64(value as f64));
    }

    fn signed(&mut self, value: i64) {
        self.put(JsValue::from_f64(value as f64));
    }

    fn float(&mut self, value: f64) {
        // JSON text writes a number that is not finite as null.
        self.put(if value.is_finite() {
            JsValue::from_f64(value)
        } else {
            JsValue::NULL
        });
    }

    fn string(&mut self, value: &str) {
        self.put(text_string(value));
    }

    fn begin_array(&mut self) {
        self.stack.push(Frame::Array(Array::new()));
    }

    fn end_array(&mut self) {
        self.close();
    }

    fn begin_object(&mut self) {
        self.stack
            .push(Frame::Object(Object::new().unchecked_into(), None));
    }

    fn field(&mut self, name: &'static str) {
        self.set_key(field_string(name), false);
    }

    fn key(&mut self, name: &str) {
        self.set_key(text_string(name), name == "__proto__");
    }

    fn end_object(&mut self) {
        self.close();
    }
}
