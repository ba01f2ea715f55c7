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
//! address (they are `&'static str`), other strings by content in a cache of 4,096 slots
//! (a newcomer replaces the string in its slot), so a page or a server that calls the engine
//! again and again decodes each label once, and the cache's memory stays bounded.

use js_sys::{Array, Object};
use minzheng::sink::Sink;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::hash::{K, hash, slot};

#[wasm_bindgen]
extern "C" {
    /// A plain object, written to with `object[key] = value` (no `Reflect` round trip).
    #[wasm_bindgen(extends = Object)]
    type Plain;

    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Plain, key: &JsValue, value: &JsValue);
}

/// Slots of the string cache (a power of two): one string each, a newcomer replacing the string
/// in its slot, so the cache never holds more than this many.
const SLOTS: usize = 4096;
/// Slots of the field-name cache (a power of two).
const FIELD_SLOTS: usize = 1024;
/// Strings longer than this (in UTF-8 bytes) are not cached.
const MAX_CACHED_LEN: usize = 512;

#[derive(Default)]
struct Strings {
    /// Field and variant names, by the address and length of the `&'static str`.
    fields: Vec<Option<((usize, usize), JsValue)>>,
    /// Other strings, by content.
    texts: Vec<Option<(Box<str>, JsValue)>>,
}

thread_local! {
    static STRINGS: RefCell<Strings> = RefCell::default();
}

/// The JavaScript string of a field name.
fn field_string(name: &'static str) -> JsValue {
    let key = (name.as_ptr() as usize, name.len());
    STRINGS.with(|cell| {
        let mut strings = cell.borrow_mut();
        if strings.fields.is_empty() {
            strings.fields.resize_with(FIELD_SLOTS, || None);
        }
        let at = slot((key.0 as u64).wrapping_mul(K), FIELD_SLOTS);
        match strings.fields.get_mut(at) {
            Some(Some((k, value))) if *k == key => value.clone(),
            Some(entry) => {
                let value = JsValue::from_str(name);
                *entry = Some((key, value.clone()));
                value
            }
            None => JsValue::from_str(name),
        }
    })
}

/// The JavaScript string of any text, from the cache when it is there.
fn text_string(text: &str) -> JsValue {
    if text.len() > MAX_CACHED_LEN {
        return JsValue::from_str(text);
    }
    STRINGS.with(|cell| {
        let mut strings = cell.borrow_mut();
        if strings.texts.is_empty() {
            strings.texts.resize_with(SLOTS, || None);
        }
        let at = slot(hash(text.as_bytes()), SLOTS);
        match strings.texts.get_mut(at) {
            Some(Some((k, value))) if **k == *text => value.clone(),
            Some(entry) => {
                let value = JsValue::from_str(text);
                *entry = Some((text.into(), value.clone()));
                value
            }
            None => JsValue::from_str(text),
        }
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

    fn float(&mut self, value: f64, _text: &str) {
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
