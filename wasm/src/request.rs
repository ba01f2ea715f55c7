//! The Node build's reader of request objects (feature `node`): the object walked in
//! JavaScript (`readRequest` in js/tape.cjs) into one tape of its values, which this module
//! reads into the JSON value, with no JSON text in between.
//!
//! src/value.rs reads the object from WebAssembly, some 250 calls into JavaScript for a
//! household (each property's value, each string's text, each object's prototype and
//! `toJSON`): in Node a fifth of `calculate(object)`. Here one call gives the whole request:
//! the tape's words, its numbers, its strings as one text. The walk is src/value.rs's, in the
//! same order, and this reader applies the same rules in that order ([`crate::value::Budget`]
//! for the size limit and the numbers), so it gives the same value, or declines the same
//! request for the same reason.

use crate::value::{Budget, Declined};
use js_sys::{Array, Float64Array, Uint8Array, Uint32Array};
use minzheng::limits::MAX_DEPTH;
use serde_json::{Map, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/tape.cjs")]
extern "C" {
    /// The tape of a request (js/tape.cjs): `[words, numbers, string lengths, lone-surrogate
    /// flags, text]`.
    #[wasm_bindgen(js_name = readRequest)]
    fn read_request(request: &JsValue, max_depth: u32) -> Array;
}

const NULL: u32 = 0;
const TRUE: u32 = 1;
const FALSE: u32 = 2;
const NUMBER: u32 = 3;
const STRING: u32 = 4;
const LEFT_OUT: u32 = 5;
const BEGIN_ARRAY: u32 = 6;
const END_ARRAY: u32 = 7;
const BEGIN_OBJECT: u32 = 8;
const END_OBJECT: u32 = 9;
const KEY: u32 = 10;

/// The request's JSON value, or why it is left to the text path (as [`crate::value::from_js`]).
pub(crate) fn from_js(request: &JsValue) -> Result<Value, Declined> {
    let tape = read_request(request, MAX_DEPTH as u32);
    let ops = tape.get(0).unchecked_into::<Uint32Array>().to_vec();
    let nums = tape.get(1).unchecked_into::<Float64Array>().to_vec();
    let lens = tape.get(2).unchecked_into::<Uint32Array>().to_vec();
    let lone = tape.get(3).unchecked_into::<Uint8Array>().to_vec();
    // A lone surrogate came as U+FFFD (one UTF-16 unit for one), its string flagged.
    let text = tape.get(4).as_string().unwrap_or_default();
    let mut reader = Reader {
        ops: ops.into_iter(),
        nums,
        strings: split(&text, &lens),
        lone,
        budget: Budget::default(),
    };
    reader.read()?.ok_or(Declined::Other)
}

/// The strings of `text`, of the UTF-16 lengths `lens`.
fn split<'t>(text: &'t str, lens: &[u32]) -> Vec<&'t str> {
    let mut strings = Vec::with_capacity(lens.len());
    let mut rest = text;
    let ascii = text.is_ascii();
    for &len in lens {
        let len = len as usize;
        let cut = if ascii {
            len.min(rest.len())
        } else {
            let mut units = 0;
            rest.char_indices()
                .find(|(_, c)| {
                    let done = units >= len;
                    units += c.len_utf16();
                    done
                })
                .map_or(rest.len(), |(at, _)| at)
        };
        let (string, after) = rest.split_at_checked(cut).unwrap_or((rest, ""));
        strings.push(string);
        rest = after;
    }
    strings
}

struct Reader<'t> {
    ops: std::vec::IntoIter<u32>,
    nums: Vec<f64>,
    strings: Vec<&'t str>,
    lone: Vec<u8>,
    budget: Budget,
}

impl Reader<'_> {
    /// The next word; the tape's end (after a declined value) declines.
    fn next(&mut self) -> Result<u32, Declined> {
        self.ops.next().ok_or(Declined::Other)
    }

    /// A value; `None` for one `JSON.stringify` leaves out.
    fn read(&mut self) -> Result<Option<Value>, Declined> {
        match self.next()? {
            STRING => {
                let at = self.next()?;
                self.string(at).map(|s| Some(Value::String(s)))
            }
            NUMBER => {
                let at = self.next()? as usize;
                let n = self.nums.get(at).copied().ok_or(Declined::Other)?;
                self.budget.number(n).map(Some)
            }
            TRUE => self.budget.spend(4).map(|()| Some(Value::Bool(true))),
            FALSE => self.budget.spend(5).map(|()| Some(Value::Bool(false))),
            NULL => self.budget.spend(4).map(|()| Some(Value::Null)),
            LEFT_OUT => Ok(None),
            BEGIN_ARRAY => {
                let len = self.next()? as usize;
                self.budget.spend(2 + len.saturating_sub(1))?;
                let mut items = Vec::with_capacity(len.min(1024));
                for _ in 0..len {
                    match self.read()? {
                        Some(value) => items.push(value),
                        None => {
                            self.budget.spend(4)?;
                            items.push(Value::Null);
                        }
                    }
                }
                match self.next()? {
                    END_ARRAY => Ok(Some(Value::Array(items))),
                    _ => Err(Declined::Other),
                }
            }
            BEGIN_OBJECT => {
                self.budget.spend(2)?;
                let mut map = Map::new();
                loop {
                    match self.next()? {
                        END_OBJECT => return Ok(Some(Value::Object(map))),
                        KEY => {
                            let at = self.next()?;
                            let Some(value) = self.read()? else {
                                continue;
                            };
                            let name = self.string(at)?;
                            // The colon, and a comma before every entry but the first.
                            self.budget.spend(if map.is_empty() { 1 } else { 2 })?;
                            map.insert(name, value);
                        }
                        _ => return Err(Declined::Other),
                    }
                }
            }
            // Declined by the walk, or a word of another kind.
            _ => Err(Declined::Other),
        }
    }

    /// String `at`: a lone surrogate declines; counted as its escaped text.
    fn string(&mut self, at: u32) -> Result<String, Declined> {
        let at = at as usize;
        if self.lone.get(at).copied().unwrap_or(0) != 0 {
            return Err(Declined::LoneSurrogate);
        }
        let text = self.strings.get(at).copied().ok_or(Declined::Other)?;
        self.budget.string(text)?;
        Ok(text.to_string())
    }
}
