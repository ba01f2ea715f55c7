//! The Node build's results as plain JavaScript objects, built in JavaScript from one tape of
//! JSON tokens (feature `node`).
//!
//! The web build (src/object.rs) makes every property with a call from WebAssembly into
//! JavaScript (`object[key] = value`), some 1,100 calls a household, each with its reference
//! table traffic: in Node that was half the time of `calculate(object)`. Here the core's token
//! stream is written into memory as words ([`Tape`]), and one call into `js/tape.cjs` builds
//! the objects from it in JavaScript. The result is the same: what `JSON.parse` of the text
//! result gives, key for key and in the same order, objects with `Object.prototype`, money as
//! decimal strings, a key `__proto__` an own property, an integer beyond 2^53 the nearest
//! number.
//!
//! Strings are cached as in the web build (src/object.rs), the JavaScript strings held in the
//! helper's table and named here by slot: field and variant names by address (two slots a set),
//! other strings (up to 512 bytes) by content in 4,096 slots. A string new to its slot is
//! defined on the tape, as UTF-16 code units that Node copies into a string (`Buffer`'s
//! `toString("utf16le")`), before its first use. A tape that is never built (the call failed)
//! forgets the slots it defined.
//!
//! The helper is CommonJS and uses Node's `Buffer`, so the feature is for the nodejs target
//! only (scripts/wasm-env.sh turns it on there).

use crate::hash::{K, hash, slot};
use minzheng::sink::Sink;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/tape.cjs")]
extern "C" {
    /// Builds the value of a tape (js/tape.cjs).
    #[wasm_bindgen(js_name = build)]
    fn build_tape(
        memory: &JsValue,
        ops_at: u32,
        ops_len: u32,
        nums_at: u32,
        nums_len: u32,
        units_at: u32,
        units_len: u32,
    ) -> JsValue;
}

/// The tape's words (js/tape.cjs reads them).
const NULL: u32 = 0;
const TRUE: u32 = 1;
const FALSE: u32 = 2;
const NUMBER: u32 = 3;
const STRING: u32 = 4;
const DEFINE: u32 = 5;
const BEGIN_ARRAY: u32 = 6;
const END_ARRAY: u32 = 7;
const BEGIN_OBJECT: u32 = 8;
const END_OBJECT: u32 = 9;
const KEY: u32 = 10;
const DEFINE_KEY: u32 = 11;

/// Slots of the string cache (a power of two), then of the field names, then one slot for the
/// strings that are not cached.
const SLOTS: usize = 4096;
const FIELD_SLOTS: usize = 1024;
const SCRATCH: u32 = (SLOTS + FIELD_SLOTS) as u32;
/// Strings longer than this (in UTF-8 bytes) are not cached.
const MAX_CACHED_LEN: usize = 512;

/// What the JavaScript table holds, slot by slot; and the tape's buffers, kept between calls.
#[derive(Default)]
struct Cache {
    texts: Vec<Option<Box<str>>>,
    fields: Vec<Option<(usize, usize)>>,
    ops: Vec<u32>,
    nums: Vec<f64>,
    units: Vec<u16>,
}

thread_local! {
    /// The cache, while no tape holds it (`None` while one does).
    static CACHE: RefCell<Option<Cache>> = RefCell::new(Some(Cache::default()));
}

/// A [`Sink`] writing the tape of a result; [`Tape::finish`] builds its value.
pub(crate) struct Tape {
    cache: Cache,
    /// The slots this tape defined: forgotten if it is not built.
    defined: Vec<usize>,
    built: bool,
    /// Opened while another tape was: the cache is the other's.
    nested: bool,
}

impl Tape {
    /// A tape with the cache; or, for a call made while another tape is open (from a setter
    /// the helper ran), one without, every string on it in the scratch slot, so that it
    /// changes no slot the open tape relies on.
    pub(crate) fn new() -> Tape {
        let taken = CACHE.with(|cell| cell.borrow_mut().take());
        let nested = taken.is_none();
        let mut cache = taken.unwrap_or_default();
        if !nested && cache.texts.is_empty() {
            cache.texts.resize_with(SLOTS, || None);
            cache.fields.resize_with(FIELD_SLOTS, || None);
        }
        cache.ops.clear();
        cache.nums.clear();
        cache.units.clear();
        Tape {
            cache,
            defined: Vec::new(),
            built: false,
            nested,
        }
    }

    /// The value written (`null` if nothing was).
    pub(crate) fn finish(mut self) -> JsValue {
        let Cache {
            ops, nums, units, ..
        } = &self.cache;
        // wasm32: addresses and lengths fit 32 bits.
        let value = build_tape(
            &wasm_bindgen::memory(),
            ops.as_ptr() as u32,
            ops.len() as u32,
            nums.as_ptr() as u32,
            nums.len() as u32,
            units.as_ptr() as u32,
            units.len() as u32,
        );
        self.built = true;
        value
    }

    /// Defines `slot` as `text` on the tape (`how`: [`DEFINE`], or [`DEFINE_KEY`] for a key).
    fn define(&mut self, how: u32, slot: u32, text: &str) {
        let start = self.cache.units.len();
        self.cache.units.extend(text.encode_utf16());
        let len = self.cache.units.len() - start;
        self.cache
            .ops
            .extend_from_slice(&[how, slot, start as u32, len as u32]);
    }

    /// The slot of any text, defined first (`how`) unless the table has it.
    fn text_slot(&mut self, how: u32, text: &str) -> u32 {
        if text.len() > MAX_CACHED_LEN || self.cache.texts.is_empty() {
            self.define(how, SCRATCH, text);
            return SCRATCH;
        }
        let at = slot(hash(text.as_bytes()), SLOTS);
        let (at, hit) = pick(&self.cache.texts, at, |cached| same(cached, text));
        if !hit {
            if let Some(entry) = self.cache.texts.get_mut(at) {
                *entry = Some(text.into());
            }
            self.defined.push(at);
            self.define(how, at as u32, text);
        }
        at as u32
    }

    /// The slot of a field name, defined first unless the table has it.
    fn field_slot(&mut self, name: &'static str) -> u32 {
        if self.cache.fields.is_empty() {
            self.define(DEFINE_KEY, SCRATCH, name);
            return SCRATCH;
        }
        let key = (name.as_ptr() as usize, name.len());
        let at = slot((key.0 as u64).wrapping_mul(K), FIELD_SLOTS);
        let (at, hit) = pick(&self.cache.fields, at, |cached| *cached == key);
        if !hit {
            if let Some(entry) = self.cache.fields.get_mut(at) {
                *entry = Some(key);
            }
            self.defined.push(SLOTS + at);
            self.define(DEFINE_KEY, (SLOTS + at) as u32, name);
        }
        (SLOTS + at) as u32
    }

    fn number(&mut self, value: f64) {
        let at = self.cache.nums.len() as u32;
        self.cache.nums.push(value);
        self.cache.ops.extend_from_slice(&[NUMBER, at]);
    }
}

/// The slot of an entry among the two slots of its set (`at` and its neighbour, so that two
/// strings of a result that share a slot do not evict each other on every call), and whether
/// it is there; else the slot it is to take: an empty one, or the neighbour.
fn pick<T>(slots: &[Option<T>], at: usize, is: impl Fn(&T) -> bool) -> (usize, bool) {
    let other = at ^ 1;
    let entry = |i: usize| slots.get(i).and_then(Option::as_ref);
    match (entry(at), entry(other)) {
        (Some(e), _) if is(e) => (at, true),
        (_, Some(e)) if is(e) => (other, true),
        (None, _) => (at, false),
        _ => (other, false),
    }
}

/// Whether two strings are the same, eight bytes at a step (the byte loop of WebAssembly's
/// `memcmp` was a tenth of `calculate`).
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (x, y) = (a.chunks_exact(8), b.chunks_exact(8));
    let tails = x.remainder() == y.remainder();
    tails
        && x.zip(y).all(|(p, q)| {
            let word = |w: &[u8]| <[u8; 8]>::try_from(w).map(u64::from_le_bytes).unwrap_or(0);
            word(p) == word(q)
        })
}

impl Drop for Tape {
    fn drop(&mut self) {
        if !self.built {
            for &at in &self.defined {
                if let Some(entry) = self.cache.texts.get_mut(at) {
                    *entry = None;
                } else if let Some(entry) = self.cache.fields.get_mut(at - SLOTS) {
                    *entry = None;
                }
            }
        }
        if !self.nested {
            let cache = std::mem::take(&mut self.cache);
            CACHE.with(|cell| *cell.borrow_mut() = Some(cache));
        }
    }
}

impl Sink for Tape {
    fn null(&mut self) {
        self.cache.ops.push(NULL);
    }

    fn boolean(&mut self, value: bool) {
        self.cache.ops.push(if value { TRUE } else { FALSE });
    }

    fn unsigned(&mut self, value: u64) {
        // The nearest number, as JSON.parse reads the digits.
        self.number(value as f64);
    }

    fn signed(&mut self, value: i64) {
        self.number(value as f64);
    }

    fn float(&mut self, value: f64, _text: &str) {
        // JSON text writes a number that is not finite as null.
        if value.is_finite() {
            self.number(value);
        } else {
            self.null();
        }
    }

    fn string(&mut self, value: &str) {
        let at = self.text_slot(DEFINE, value);
        self.cache.ops.extend_from_slice(&[STRING, at]);
    }

    fn begin_array(&mut self) {
        self.cache.ops.push(BEGIN_ARRAY);
    }

    fn end_array(&mut self) {
        self.cache.ops.push(END_ARRAY);
    }

    fn begin_object(&mut self) {
        self.cache.ops.push(BEGIN_OBJECT);
    }

    fn field(&mut self, name: &'static str) {
        let at = self.field_slot(name);
        self.cache.ops.extend_from_slice(&[KEY, at]);
    }

    fn key(&mut self, name: &str) {
        let at = self.text_slot(DEFINE_KEY, name);
        self.cache.ops.extend_from_slice(&[KEY, at]);
    }

    fn end_object(&mut self) {
        self.cache.ops.push(END_OBJECT);
    }
}
