//! The Node build's text results (feature `node`): JSON text written in UTF-16, the form of a
//! JavaScript string, and made into a string by Node without decoding UTF-8.
//!
//! A result is mostly Chinese labels, reasons and citations, and Node 20 turns UTF-8 that is not
//! ASCII into a string slowly (a few hundred MB/s: some 25 µs a household, as long as the engine
//! takes to calculate it). UTF-16 code units are copied into the string as they are
//! (`Buffer`'s `toString("utf16le")`, at memory speed), so [`Text16`] writes the JSON text as
//! UTF-16 from the start: the same text as the core's [`minzheng::sink::JsonText`] (serde_json's
//! compact form), code unit for code unit. Browsers decode UTF-8 fast; the web build keeps the
//! core's text.

use js_sys::{JsString, WebAssembly};
use minzheng::sink::{Sink, decimal_digits, json_escape};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Node's `Buffer`.
    type Buffer;

    #[wasm_bindgen(static_method_of = Buffer, js_name = from)]
    fn from_array_buffer(buffer: &JsValue, byte_offset: u32, length: u32) -> Buffer;

    #[wasm_bindgen(method, js_name = toString)]
    fn to_string_in(this: &Buffer, encoding: &JsString) -> JsString;
}

thread_local! {
    static UTF16LE: JsString = JsString::from("utf16le");
}

/// The JavaScript string of UTF-16 code units (a whole result: no lone surrogate in it, since
/// it was written from Rust text).
fn string(units: &[u16]) -> JsString {
    if units.is_empty() {
        return JsString::from("");
    }
    let buffer = wasm_bindgen::memory()
        .unchecked_into::<WebAssembly::Memory>()
        .buffer();
    // wasm32: addresses and lengths fit 32 bits.
    let at = units.as_ptr() as u32;
    let bytes = units.len() as u32 * 2;
    let units = Buffer::from_array_buffer(&buffer, at, bytes);
    UTF16LE.with(|encoding| units.to_string_in(encoding))
}

/// Eight copies of a byte.
const fn repeat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

const HIGH: u64 = repeat(0x80);

/// Whether a byte of `w` is zero.
const fn has_zero(w: u64) -> bool {
    w.wrapping_sub(repeat(1)) & !w & HIGH != 0
}

/// Whether the eight bytes of `w` are ASCII that JSON writes as it is in a string (no `"`, `\`
/// or control character).
const fn plain(w: u64) -> bool {
    // With every byte below 0x80, subtracting 0x20 from each borrows exactly where one is below
    // 0x20.
    w & HIGH == 0
        && w.wrapping_sub(repeat(0x20)) & HIGH == 0
        && !has_zero(w ^ repeat(b'"'))
        && !has_zero(w ^ repeat(b'\\'))
}

/// A [`Sink`] writing compact JSON text in UTF-16: what [`minzheng::sink::JsonText`] writes.
#[derive(Default)]
pub(crate) struct Text16 {
    out: Vec<u16>,
}

impl Text16 {
    /// The text written, as a JavaScript string.
    pub(crate) fn finish(&self) -> JsString {
        string(&self.out)
    }

    fn ascii(&mut self, text: &str) {
        self.out.extend(text.bytes().map(u16::from));
    }

    fn unit(&mut self, b: u8) {
        self.out.push(u16::from(b));
    }

    /// A comma before a value that follows another value of the same array.
    fn before_value(&mut self) {
        if !matches!(self.out.last(), None | Some(0x5b | 0x3a)) {
            self.unit(b',');
        }
    }

    /// A comma before a key that follows another entry of the same object.
    fn before_key(&mut self) {
        if !matches!(self.out.last(), None | Some(0x7b)) {
            self.unit(b',');
        }
    }

    /// `text` quoted and escaped as serde_json escapes it: `"`, `\` and the control characters
    /// (the short forms, else `\u00xx` in lowercase hex); everything else as it is.
    fn quoted(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // A string has at most as many UTF-16 units as UTF-8 bytes (escapes aside).
        self.out.reserve(bytes.len() + 2);
        self.unit(b'"');
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if let Some(word) = bytes
                    .get(i..i + 8)
                    .and_then(|w| <[u8; 8]>::try_from(w).ok())
                    .filter(|w| plain(u64::from_le_bytes(*w)))
                {
                    self.out.extend_from_slice(&word.map(u16::from));
                    i += 8;
                } else {
                    self.escaped(b);
                    i += 1;
                }
                continue;
            }
            // A character beyond ASCII, from valid UTF-8: a lead byte and its continuation
            // bytes' low six bits.
            let next = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3f);
            let lead = u32::from(b);
            if b < 0xe0 {
                self.out.push((((lead & 0x1f) << 6) | next(1)) as u16);
                i += 2;
            } else if b < 0xf0 {
                self.out
                    .push((((lead & 0x0f) << 12) | (next(1) << 6) | next(2)) as u16);
                i += 3;
            } else {
                let c = ((lead & 0x07) << 18) | (next(1) << 12) | (next(2) << 6) | next(3);
                let c = c - 0x1_0000;
                self.out.extend_from_slice(&[
                    (0xd800 | (c >> 10)) as u16,
                    (0xdc00 | (c & 0x3ff)) as u16,
                ]);
                i += 4;
            }
        }
        self.unit(b'"');
    }

    /// One ASCII byte of a string, escaped if JSON needs it (as the core's text writer does).
    fn escaped(&mut self, b: u8) {
        let mut buf = [0; 6];
        for &unit in json_escape(b, &mut buf) {
            self.unit(unit);
        }
    }

    fn digits(&mut self, value: u64) {
        let mut buf = [0; 20];
        for &digit in decimal_digits(value, &mut buf) {
            self.unit(digit);
        }
    }
}

impl Sink for Text16 {
    fn null(&mut self) {
        self.before_value();
        self.ascii("null");
    }

    fn boolean(&mut self, value: bool) {
        self.before_value();
        self.ascii(if value { "true" } else { "false" });
    }

    fn unsigned(&mut self, value: u64) {
        self.before_value();
        self.digits(value);
    }

    fn signed(&mut self, value: i64) {
        self.before_value();
        if value < 0 {
            self.unit(b'-');
        }
        self.digits(value.unsigned_abs());
    }

    fn float(&mut self, _value: f64, text: &str) {
        self.before_value();
        self.ascii(text);
    }

    fn string(&mut self, value: &str) {
        self.before_value();
        self.quoted(value);
    }

    fn begin_array(&mut self) {
        self.before_value();
        self.unit(b'[');
    }

    fn end_array(&mut self) {
        self.unit(b']');
    }

    fn begin_object(&mut self) {
        self.before_value();
        self.unit(b'{');
    }

    fn field(&mut self, name: &'static str) {
        self.key(name);
    }

    fn key(&mut self, name: &str) {
        self.before_key();
        self.quoted(name);
        self.unit(b':');
    }

    fn end_object(&mut self) {
        self.unit(b'}');
    }
}
