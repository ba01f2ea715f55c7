//! A JavaScript request as a JSON value, read straight from the object with no JSON text in
//! between, and exactly the value the core would parse from `JSON.stringify` of it.
//!
//! The object path's contract is the text path's: `call(api, object)` gives what
//! `callJson(api, JSON.stringify(object))` gives, the same result or the same error code and
//! path. This reader covers what requests are made of: plain objects, arrays, strings, finite
//! numbers, booleans and `null`, with `JSON.stringify`'s rules (an `undefined`, function or
//! symbol member is left out, and is `null` in an array; `NaN` and `±Infinity` are `null`; a
//! whole number is an integer, as its text would be; `-0` is `0`). Whatever it does not model
//! exactly it hands back ([`from_js`] returns `None`) and the binding takes the text path of
//! `JSON.stringify`'s own output, which is right by construction:
//!
//! - an object whose prototype is not `Object.prototype` (a `Date`, a `Map`, a class instance, a
//!   boxed number or string, an object without prototype) and an array whose prototype is not
//!   `Array.prototype`;
//! - anything with a `toJSON` method, a `BigInt`, a getter or proxy trap that throws;
//! - nesting beyond 127 levels (a cycle included);
//! - a request whose JSON text could exceed 1 MiB (counted generously: a number with a fraction
//!   as 24 characters);
//! - a string with a lone surrogate (a real U+FFFD is kept).
//!
//! So a getter or a proxy trap may run twice on such a request; on the requests of the wire
//! format they run once.

use minzheng::limits::MAX_REQUEST_BYTES;
use serde_json::{Number, Value};
#[cfg(not(feature = "node"))]
use {
    js_sys::{Array, JsString, Object, Reflect},
    minzheng::limits::MAX_DEPTH,
    serde_json::Map,
    wasm_bindgen::{JsCast, JsValue},
};

/// Why the reader handed a request back to the text path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Declined {
    /// A string has a lone surrogate.
    LoneSurrogate,
    /// Anything else the reader leaves to `JSON.stringify` (see the module docs).
    Other,
}

/// The request's JSON value, or why the reader leaves it to the text path. (The Node build
/// reads the same with one call into JavaScript: src/request.rs.)
#[cfg(not(feature = "node"))]
pub(crate) fn from_js(value: &JsValue) -> Result<Value, Declined> {
    let mut reader = Reader {
        budget: Budget::default(),
        to_json: JsValue::from_str("toJSON"),
        object_prototype: Object::get_prototype_of(&Object::new().into()).into(),
        array_prototype: Object::get_prototype_of(&Array::new().into()).into(),
    };
    reader.read(value, 0)?.ok_or(Declined::Other)
}

#[cfg(not(feature = "node"))]
struct Reader {
    budget: Budget,
    to_json: JsValue,
    object_prototype: JsValue,
    array_prototype: JsValue,
}

/// The JSON text a request may still take, counted as `JSON.stringify` would write it; and the
/// values as serde_json reads that text. Shared with the Node build's reader of a request tape
/// (src/request.rs), which reads the same values in the same order.
pub(crate) struct Budget {
    /// Bytes of JSON text the request may still take.
    left: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            left: MAX_REQUEST_BYTES,
        }
    }
}

/// The most characters `JSON.stringify` writes for a number that is not a whole number below
/// 10^21 (`-1.2345678901234567e-308`).
const MAX_NUMBER_TEXT: usize = 24;

impl Budget {
    /// Spends `n` bytes of text; declines once the request could be over the limit.
    pub(crate) fn spend(&mut self, n: usize) -> Result<(), Declined> {
        self.left = self.left.checked_sub(n).ok_or(Declined::Other)?;
        Ok(())
    }

    /// A string (its lone surrogates already looked for), counted as its escaped text.
    pub(crate) fn string(&mut self, text: &str) -> Result<(), Declined> {
        self.spend(escaped_len(text))
    }

    /// A number as serde_json reads `JSON.stringify`'s text of it.
    pub(crate) fn number(&mut self, n: f64) -> Result<Value, Declined> {
        if !n.is_finite() {
            self.spend(4)?;
            return Ok(Value::Null);
        }
        // JSON.stringify writes a whole number below 10^21 as plain digits ("-0" as "0"):
        // an integer for serde_json when it fits 64 bits.
        if n.trunc() == n && n.abs() < 1e21 {
            if (0.0..18_446_744_073_709_551_616.0).contains(&n) {
                let u = n as u64;
                self.spend(digits(u))?;
                return Ok(Value::Number(u.into()));
            }
            if (-9_223_372_036_854_775_808.0..0.0).contains(&n) {
                let i = n as i64;
                self.spend(1 + digits(i.unsigned_abs()))?;
                return Ok(Value::Number(i.into()));
            }
        }
        // Any other number: its shortest text reads back as the same double.
        self.spend(MAX_NUMBER_TEXT)?;
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }
}

#[cfg(not(feature = "node"))]
impl Reader {
    fn spend(&mut self, n: usize) -> Result<(), Declined> {
        self.budget.spend(n)
    }

    /// The value of `v` as `JSON.stringify` writes it; `None` for what it leaves out
    /// (`undefined`, a function, a symbol).
    fn read(&mut self, v: &JsValue, depth: usize) -> Result<Option<Value>, Declined> {
        if let Some(text) = v.as_string() {
            return self.string(v, text).map(|s| Some(Value::String(s)));
        }
        if let Some(n) = v.as_f64() {
            return self.number(n).map(Some);
        }
        if v.is_object() {
            if depth >= MAX_DEPTH {
                return Err(Declined::Other);
            }
            if Reflect::get(v, &self.to_json)
                .map_err(|_| Declined::Other)?
                .is_function()
            {
                return Err(Declined::Other);
            }
            let prototype = JsValue::from(Object::get_prototype_of(v));
            return if Array::is_array(v) {
                if prototype != self.array_prototype {
                    return Err(Declined::Other);
                }
                self.array(v.unchecked_ref(), depth).map(Some)
            } else {
                if prototype != self.object_prototype {
                    return Err(Declined::Other);
                }
                self.object(v.unchecked_ref(), depth).map(Some)
            };
        }
        if let Some(b) = v.as_bool() {
            self.spend(if b { 4 } else { 5 })?;
            return Ok(Some(Value::Bool(b)));
        }
        if v.is_null() {
            self.spend(4)?;
            return Ok(Some(Value::Null));
        }
        if v.is_undefined() || v.is_function() || v.is_symbol() {
            return Ok(None);
        }
        // A BigInt (which JSON.stringify refuses unless it has a toJSON), or a kind of value
        // to come.
        Err(Declined::Other)
    }

    /// A string: checked for lone surrogates, counted as its escaped text.
    fn string(&mut self, v: &JsValue, text: String) -> Result<String, Declined> {
        // wasm-bindgen's conversion turns a lone surrogate into U+FFFD; only then is the
        // JavaScript string itself looked at (a real U+FFFD is allowed).
        if text.contains('\u{FFFD}') && !v.unchecked_ref::<JsString>().is_valid_utf16() {
            return Err(Declined::LoneSurrogate);
        }
        self.budget.string(&text)?;
        Ok(text)
    }

    fn number(&mut self, n: f64) -> Result<Value, Declined> {
        self.budget.number(n)
    }

    /// An array: every index up to its length, a hole or a left-out value as `null`.
    fn array(&mut self, array: &Array, depth: usize) -> Result<Value, Declined> {
        let len = array.length();
        self.spend(2 + (len as usize).saturating_sub(1))?;
        let mut items = Vec::with_capacity((len as usize).min(1024));
        for i in 0..len {
            let item = Reflect::get_u32(array, i).map_err(|_| Declined::Other)?;
            match self.read(&item, depth + 1)? {
                Some(value) => items.push(value),
                None => {
                    self.spend(4)?;
                    items.push(Value::Null);
                }
            }
        }
        Ok(Value::Array(items))
    }

    /// An object: its own enumerable string keys (`Object.keys`), left-out values skipped.
    fn object(&mut self, object: &Object, depth: usize) -> Result<Value, Declined> {
        let keys = Object::keys(object);
        self.spend(2)?;
        let mut map = Map::new();
        for key in keys.iter() {
            let value = Reflect::get(object, &key).map_err(|_| Declined::Other)?;
            let Some(value) = self.read(&value, depth + 1)? else {
                continue;
            };
            let Some(name) = key.as_string() else {
                return Err(Declined::Other);
            };
            let name = self.string(&key, name)?;
            // The colon, and a comma before every entry but the first.
            self.spend(if map.is_empty() { 1 } else { 2 })?;
            map.insert(name, value);
        }
        Ok(Value::Object(map))
    }
}

/// The length of a string's JSON text as `JSON.stringify` writes it: the quotes, two characters
/// for `"`, `\` and the short control escapes, six for other control characters.
fn escaped_len(text: &str) -> usize {
    let extra: usize = text
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | 0x08 | 0x0c | b'\n' | b'\r' | b'\t' => 1,
            0..0x20 => 5,
            _ => 0,
        })
        .sum();
    text.len() + 2 + extra
}

/// The number of decimal digits of `n`.
fn digits(mut n: u64) -> usize {
    let mut count = 1;
    while n >= 10 {
        n /= 10;
        count += 1;
    }
    count
}
