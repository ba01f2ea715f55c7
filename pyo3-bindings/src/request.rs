//! Requests read from Python objects directly: a `dict` request becomes the engine's JSON value
//! in Rust, with no walk in Python and no JSON text in between, and is decoded by the same typed
//! decoder as the text (`minzheng::Request::Value`), as the WASM package does with JavaScript
//! objects.
//!
//! The reader takes the common shapes only, and takes them exactly as the pure-Python encoder
//! (`minzheng/_convert.py`, `encode_request`) followed by the engine's JSON parser would:
//! `dict` (exactly, with `str` keys), `list` and `tuple`, `str`, `bool`, `None`, an `int` of at
//! most 64 bits and a `decimal.Decimal` whose `str` is already plain decimal text (`"785.40"`).
//! The size budget (`_Budget`), the nesting limit and the 1 MiB limit of the request text are
//! counted as the encoder counts them. Anything else — a float, a value of another type, a key
//! that is not a `str`, a lone surrogate, a `Mapping` that is not a `dict`, a subclass, a larger
//! `int`, a `Decimal` written with an exponent, a request near a limit — is declined
//! ([`Declined`]), and the caller takes the encoder's path, which gives today's answer or error
//! (code, path and message) for it. Declining is never an error by itself.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::sync::Mutex;

/// The deepest nesting of objects and arrays taken: the engine's JSON parser's
/// ([`minzheng::limits::MAX_DEPTH`]; one more is `_convert.MAX_DEPTH`, refused by the parser of
/// the text with the position in the text, which the text path reports).
const MAX_DEPTH: usize = minzheng::limits::MAX_DEPTH;

/// The request text's limit in bytes (`_convert.MAX_REQUEST_BYTES`, the engine's).
const MAX_REQUEST_BYTES: usize = minzheng::limits::MAX_REQUEST_BYTES;

/// The largest request (by the encoder's count of its text) whose value is kept for the next
/// reading; a larger one is freed.
const MAX_KEPT_REQUEST: usize = 64 * 1024;

/// The reader did not take the request: the encoder's path must (see the module text).
#[derive(Debug)]
pub(crate) struct Declined;

/// `decimal.Decimal`, imported once.
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Slots of [`Texts`].
const SLOTS: usize = 512;

/// The longest text kept in [`Texts`], in bytes.
const MAX_KEPT: usize = 128;

/// The UTF-8 of `str` objects met in requests (field names, district and area names, ids), by
/// object: the keys of a request written in Python are the same interned objects call after
/// call. An entry holds its object, so no other object can take its address while it is kept,
/// and a `str` never changes: an entry whose object is the one met holds its text.
struct Texts(Vec<Option<(Py<PyString>, Box<str>)>>);

/// The texts and the value between readings; a reading takes them (one running meanwhile
/// starts afresh).
static KEPT: Mutex<Option<Kept>> = Mutex::new(None);

impl Texts {
    fn new() -> Texts {
        Texts(std::iter::repeat_with(|| None).take(SLOTS).collect())
    }

    fn slot(text: &Bound<'_, PyString>) -> usize {
        let address = text.as_ptr() as usize;
        (address.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize) >> 7) % SLOTS
    }

    /// The text of `text`, or `None` when it is not valid Unicode (a lone surrogate).
    fn get<'t>(&'t mut self, text: &'t Bound<'_, PyString>) -> Option<Cow<'t, str>> {
        let slot = Texts::slot(text);
        let hit =
            matches!(self.0.get(slot), Some(Some((object, _))) if object.as_ptr() == text.as_ptr());
        if !hit {
            let utf8 = text.to_cow().ok()?;
            if utf8.len() > MAX_KEPT {
                return Some(utf8);
            }
            if let Some(entry) = self.0.get_mut(slot) {
                *entry = Some((text.clone().unbind(), utf8.as_ref().into()));
            }
        }
        match self.0.get(slot) {
            Some(Some((_, utf8))) => Some(Cow::Borrowed(utf8)),
            _ => text.to_cow().ok(),
        }
    }
}

/// What one reading leaves for the next: the texts met, and the value read (whose strings,
/// arrays and objects the next reading fills again where the request has the same shape,
/// rather than allocating them anew and freeing the old ones).
struct Kept {
    texts: Texts,
    value: Value,
}

/// Sets `out` to the string `text`, in its room when it is a string already.
fn set_string(out: &mut Value, text: &str) {
    match out {
        Value::String(old) => {
            old.clear();
            old.push_str(text);
        }
        _ => *out = Value::String(text.to_owned()),
    }
}

/// Calls `f` with the request `request` read as a JSON value, or gives [`Declined`].
pub(crate) fn with_request_value<R>(
    request: &Bound<'_, PyAny>,
    f: impl FnOnce(&Value) -> R,
) -> Result<R, Declined> {
    let py = request.py();
    let decimal = DECIMAL
        .import(py, "decimal", "Decimal")
        .map_err(|_| Declined)?;
    if !request.is_exact_instance_of::<PyDict>() {
        // `encode_request` explains a request that is not a mapping (and takes other mappings).
        return Err(Declined);
    }
    let kept = KEPT.lock().ok().and_then(|mut t| t.take());
    let (texts, mut value) = match kept {
        Some(Kept { texts, value }) => (texts, value),
        None => (Texts::new(), Value::Null),
    };
    let mut reader = Reader {
        decimal: decimal.as_ptr() as usize,
        budget: MAX_REQUEST_BYTES,
        text: 0,
        texts,
    };
    let read = reader.value(request, 1, &mut value);
    let out = match read {
        Ok(()) => Ok(f(&value)),
        Err(Declined) => Err(Declined),
    };
    if out.is_err() || MAX_REQUEST_BYTES - reader.budget > MAX_KEPT_REQUEST {
        // Partly filled, or large: not kept.
        value = Value::Null;
    }
    if let Ok(mut kept) = KEPT.lock() {
        *kept = Some(Kept {
            texts: reader.texts,
            value,
        });
    }
    out
}

/// One reading: what is left of the encoder's budget and the most the JSON text can take.
struct Reader {
    /// The address of `decimal.Decimal`'s type object.
    decimal: usize,
    /// What is left of `_Budget.left` (the encoder's lower bound of the text's size).
    budget: usize,
    /// An upper bound of the length in bytes of the request's JSON text as `encode_request`
    /// writes it (every character of a string counted as an escape of 6 bytes).
    text: usize,
    /// The texts of `str` objects met before.
    texts: Texts,
}

impl Reader {
    /// Spends `n` of the encoder's budget, and adds `most` to the upper bound of the text:
    /// declined where the encoder would refuse the request as too large, or where the text
    /// might be over the engine's limit (both then give their exact error or answer).
    fn spend(&mut self, n: usize, most: usize) -> Result<(), Declined> {
        self.budget = self.budget.checked_sub(n).ok_or(Declined)?;
        self.text = self.text.saturating_add(most);
        if self.text > MAX_REQUEST_BYTES {
            return Err(Declined);
        }
        Ok(())
    }

    /// Reads `value` into `out` (filling the room of what `out` holds where it can).
    fn value(
        &mut self,
        value: &Bound<'_, PyAny>,
        depth: usize,
        out: &mut Value,
    ) -> Result<(), Declined> {
        if value.is_none() {
            self.spend(4, 4)?;
            *out = Value::Null;
            return Ok(());
        }
        if let Ok(b) = value.cast_exact::<PyBool>() {
            self.spend(4, 5)?;
            *out = Value::Bool(b.is_true());
            return Ok(());
        }
        if let Ok(s) = value.cast_exact::<PyString>() {
            let text = self.texts.get(s).ok_or(Declined)?;
            let (chars, len) = (text.chars().count(), text.len());
            set_string(out, &text);
            // A text's budget (its length in code points and quotes) and the upper bound of
            // its JSON.
            return self.spend(chars + 2, len.saturating_mul(6).saturating_add(2));
        }
        if let Ok(dict) = value.cast_exact::<PyDict>() {
            return self.object(dict, depth, out);
        }
        if let Ok(list) = value.cast_exact::<PyList>() {
            let n = list.len();
            self.array_start(n, depth)?;
            let items = array(out, n)?;
            for (item, slot) in list.iter().zip(items.iter_mut()) {
                self.value(&item, depth + 1, slot)?;
            }
            return Ok(());
        }
        if let Ok(tuple) = value.cast_exact::<PyTuple>() {
            let n = tuple.len();
            self.array_start(n, depth)?;
            let items = array(out, n)?;
            for (item, slot) in tuple.iter().zip(items.iter_mut()) {
                self.value(&item, depth + 1, slot)?;
            }
            return Ok(());
        }
        if value.is_exact_instance_of::<PyInt>() {
            *out = self.int(value)?;
            return Ok(());
        }
        if value.get_type().as_ptr() as usize == self.decimal {
            return self.decimal(value, out);
        }
        // A float (refused as `invalid_money`), a subclass, any other type: the encoder's.
        Err(Declined)
    }

    /// The budget of `[…]` of `n` items (brackets and commas), after the nesting check.
    fn array_start(&mut self, n: usize, depth: usize) -> Result<(), Declined> {
        if depth > MAX_DEPTH {
            return Err(Declined);
        }
        self.spend(1 + n.max(1), 2 + n)
    }

    fn object(
        &mut self,
        dict: &Bound<'_, PyDict>,
        depth: usize,
        out: &mut Value,
    ) -> Result<(), Declined> {
        if depth > MAX_DEPTH {
            return Err(Declined);
        }
        let n = dict.len();
        // Braces, and a colon, a comma and two quotes per entry.
        self.spend(1 + n.saturating_mul(4), 2 + n.saturating_mul(4))?;
        if !matches!(out, Value::Object(_)) {
            *out = Value::Object(Map::new());
        }
        let Value::Object(map) = out else {
            return Err(Declined);
        };
        // The entries of the value kept are filled again when it has as many keys as the dict
        // and each key of the dict is one of them (the dict's keys are distinct, so they are
        // the same keys). At another key, what was spent on the entries filled is given back
        // and the object is built anew.
        if map.len() == n {
            let spent = (self.budget, self.text);
            if self.refill(dict, depth, map)? {
                return Ok(());
            }
            (self.budget, self.text) = spent;
        }
        map.clear();
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast_exact::<PyString>() else {
                return Err(Declined);
            };
            let key = self.texts.get(key).ok_or(Declined)?.into_owned();
            // The key's length in code points (its quotes were counted with the braces).
            self.spend(key.chars().count(), key.len().saturating_mul(6))?;
            let mut value = Value::Null;
            self.value(&item, depth + 1, &mut value)?;
            if map.insert(key, value).is_some() {
                // Two equal keys (a key's `__eq__` of its own): the encoder's.
                return Err(Declined);
            }
        }
        Ok(())
    }

    /// Reads the entries of `dict` into those of `map` of the same keys; `false` at a key
    /// that `map` does not have (the entries before it are then filled, to be read anew).
    fn refill(
        &mut self,
        dict: &Bound<'_, PyDict>,
        depth: usize,
        map: &mut Map<String, Value>,
    ) -> Result<bool, Declined> {
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast_exact::<PyString>() else {
                return Err(Declined);
            };
            let key = self.texts.get(key).ok_or(Declined)?;
            let (chars, len) = (key.chars().count(), key.len());
            let Some(slot) = map.get_mut(key.as_ref()) else {
                return Ok(false);
            };
            self.spend(chars, len.saturating_mul(6))?;
            self.value(&item, depth + 1, slot)?;
        }
        Ok(true)
    }

    /// An `int` of at most 64 bits: the budget of its digits (`max(1, bits * 3 // 10)`), the
    /// same JSON number the engine's parser reads from its text.
    fn int(&mut self, value: &Bound<'_, PyAny>) -> Result<Value, Declined> {
        let number = if let Ok(i) = value.extract::<i64>() {
            Number::from(i)
        } else if let Ok(u) = value.extract::<u64>() {
            Number::from(u)
        } else {
            return Err(Declined);
        };
        let bits = match (number.as_i64(), number.as_u64()) {
            (Some(i), _) => 64 - i.unsigned_abs().leading_zeros() as usize,
            (None, Some(u)) => 64 - u.leading_zeros() as usize,
            (None, None) => return Err(Declined),
        };
        self.spend((bits * 3 / 10).max(1), 21)?;
        Ok(Value::Number(number))
    }

    /// A `Decimal` whose `str` is plain decimal text (digits, a point, a sign): that text is
    /// what `format(value, "f")` gives. Written with an exponent, or not finite: the encoder's.
    fn decimal(&mut self, value: &Bound<'_, PyAny>, out: &mut Value) -> Result<(), Declined> {
        let text = value.str().map_err(|_| Declined)?;
        let text = text.to_cow().map_err(|_| Declined)?;
        let plain = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
        if !plain {
            return Err(Declined);
        }
        // The encoder spends the exponent's size first when it is over what is left; plain
        // text is at least as long as the exponent is large, so the outcome is the same.
        self.spend(text.len() + 2, text.len() + 2)?;
        set_string(out, &text);
        Ok(())
    }
}

/// `out` as an array of `n` items (those it holds kept, to be filled again).
fn array(out: &mut Value, n: usize) -> Result<&mut Vec<Value>, Declined> {
    if !matches!(out, Value::Array(_)) {
        *out = Value::Array(Vec::with_capacity(n));
    }
    match out {
        Value::Array(items) => {
            items.truncate(n);
            items.resize(n, Value::Null);
            Ok(items)
        }
        _ => Err(Declined),
    }
}
