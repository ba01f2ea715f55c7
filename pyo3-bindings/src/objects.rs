//! Results as Python objects directly: a serde serializer that builds the `dict`s, `list`s,
//! `str`s and `decimal.Decimal`s a caller of `minzheng.calculate` gets, without writing the
//! result as JSON text and parsing it again in Python.
//!
//! It gives exactly what `json.loads` of the engine's JSON text gives with the package's
//! decimal hook: the same keys in the same order, and a string is a `Decimal` where its key is
//! one of [`minzheng::DECIMAL_FIELDS`] (the test `test_objects.py` compares both over every
//! golden vector).
//!
//! What one result shares with the next is kept ([`Cache`]): the `str` and `Decimal` objects
//! of texts and amounts met before; for a dict met again with the same keys and immutable
//! values, a template it is copied from ([`Frozen`]); and for each programme's result, the
//! summary, the warnings and the receipt, a memo by their print ([`crate::memo`]) of how to
//! make their objects again ([`Plan`]). Only immutable objects are ever shared: every `dict`
//! and `list` handed out is new.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyList, PyString, PyType};
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

/// Slots of each table of [`Cache`]: more than the distinct field names, texts and amounts of
/// a result.
const SLOTS: usize = 1024;

/// The longest text kept in [`Cache`], in bytes (longer ones are made each time).
const MAX_CACHED: usize = 1024;

/// One entry of a [`Cache`] table: where the text was met, the text itself, its Python object
/// (a `str`, or a `Decimal` for an amount) and whether it is the name of a decimal field.
struct Slot {
    address: usize,
    text: Box<str>,
    object: Py<PyAny>,
    money: bool,
}

type Table = Vec<Option<Slot>>;

/// Python objects kept from one conversion to the next, so that a text met again (a field
/// name, a label, a reason, a citation, an amount such as `"0.00"`) is not decoded from UTF-8
/// and allocated again: field names (interned, so each dict insert reuses its hash) and texts
/// by the address they are met at (the `'static` literals of the engine, met again and again)
/// and by their content, amounts (`Decimal`) by their content; dict templates ([`Frozen`])
/// and the memo of a result's parts ([`Memo`]). Only immutable objects are shared (`str`,
/// `Decimal`); every `dict` and `list` is new. An entry is used only when its text equals the
/// one met, so an address reused for other text is a miss, never a wrong object.
pub(crate) struct Cache {
    keys: Table,
    texts: Table,
    contents: Table,
    decimals: Table,
    shapes: Vec<Option<Shape>>,
    frozen: Vec<Option<Frozen>>,
    memos: Vec<Option<Memo>>,
    /// The way of each memo slot to be taken next when all are in use.
    turns: Vec<u8>,
    /// The print being written (kept for its room).
    scratch: Vec<u8>,
}

/// Slots of [`Cache`]'s memo: one per programme of a result (by its place in the list), then
/// the summary, the warnings and the receipt.
const MEMOS: usize = 32 + 3;

/// The parts kept per slot of the memo: a programme's few usual outcomes (not assessed, not
/// eligible for the same reason, …) met in turn across households.
const MEMO_WAYS: usize = 4;

/// The memo's slot of a result's summary, warnings and receipt.
const SUMMARY_AT: usize = 32;
const WARNINGS_AT: usize = 33;
const RECEIPT_AT: usize = 34;

/// A part of a result as met at its place (one of [`MEMO_WAYS`]): its print ([`crate::memo`])
/// and, once met again, how to make its Python objects again ([`Plan`]).
struct Memo {
    print: Vec<u8>,
    plan: Option<Plan>,
}

/// How to make a part of a result again, from objects made of it once: every `dict` and `list`
/// new, the other objects (immutable: `str`, `Decimal`, `bool`, `None`, `int`) shared.
enum Plan {
    /// A copy of `template` (the dict's keys and immutable values, `None` where a dict or a list
    /// goes; never handed out), in which each of `children` is set.
    Dict {
        template: Py<PyDict>,
        children: Box<[(Py<PyAny>, Plan)]>,
    },
    /// A new list of these items.
    List(Box<[Plan]>),
    /// This object itself.
    Same(Py<PyAny>),
}

impl Plan {
    /// The plan of `object` (objects made for a result and not changed since).
    fn of(object: &Bound<'_, PyAny>) -> PyResult<Plan> {
        if let Ok(dict) = object.cast_exact::<PyDict>() {
            let template = dict.copy()?;
            let mut children = Vec::new();
            for (key, value) in dict.iter() {
                if mutable(&value) {
                    children.push((key.clone().unbind(), Plan::of(&value)?));
                    template.set_item(key, object.py().None())?;
                }
            }
            return Ok(Plan::Dict {
                template: template.unbind(),
                children: children.into(),
            });
        }
        if let Ok(list) = object.cast_exact::<PyList>() {
            let items = list.iter().map(|item| Plan::of(&item));
            return Ok(Plan::List(items.collect::<PyResult<_>>()?));
        }
        Ok(Plan::Same(object.clone().unbind()))
    }

    /// The objects again.
    fn make<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Plan::Dict { template, children } => {
                let dict = template.bind(py).copy()?;
                for (key, child) in children {
                    dict.set_item(key.bind(py), child.make(py)?)?;
                }
                Ok(dict.into_any())
            }
            Plan::List(items) => {
                let mut made = Vec::with_capacity(items.len());
                for item in items {
                    made.push(item.make(py)?);
                }
                Ok(PyList::new(py, made)?.into_any())
            }
            Plan::Same(object) => Ok(object.bind(py).clone()),
        }
    }
}

/// Slots of [`Cache`]'s frozen dicts.
const FROZEN: usize = 1024;

/// The fewest entries of a dict built from a frozen one: a smaller one is built as fast by
/// inserting its entries.
const MIN_FROZEN: usize = 2;

/// A dict met before with the same keys and the same immutable values (the same `str`,
/// `Decimal`, `bool` and `None` objects, which the text and amount tables hand out again call
/// after call): a citation, a reason, a programme's result that did not change. `values` holds
/// the address of each immutable value and 0 where the value is a `dict` or a `list` (made new
/// for each result, never shared). Its `template` is made the second time the dict is met (a
/// dict met once, such as one holding an amount of this call only, costs no template): a dict
/// of the keys and the immutable values, `None` where a `dict` or `list` goes, which it keeps
/// alive, so an address in `values` names one object while the template is kept. A dict met
/// again is a copy of the template (CPython copies a dict's table at once) in which only the
/// `dict`s and `list`s are set; the template itself is never handed out.
struct Frozen {
    hash: u64,
    keys: Box<[usize]>,
    values: Box<[usize]>,
    template: Option<Py<PyDict>>,
}

/// Whether a value built for a result is a `dict` or a `list` (new in every result, so never
/// part of a template).
fn mutable(value: &Bound<'_, PyAny>) -> bool {
    value.is_exact_instance_of::<PyDict>() || value.is_exact_instance_of::<PyList>()
}

/// The address a value is known by in [`Frozen::values`].
fn frozen_value(value: &Bound<'_, PyAny>) -> usize {
    if mutable(value) {
        0
    } else {
        value.as_ptr() as usize
    }
}

impl Frozen {
    fn matches(&self, hash: u64, entries: &[(Bound<'_, PyAny>, Bound<'_, PyAny>)]) -> bool {
        self.hash == hash
            && self.keys.len() == entries.len()
            && self.keys.iter().zip(self.values.iter()).zip(entries).all(
                |((&k, &v), (key, value))| k == key.as_ptr() as usize && v == frozen_value(value),
            )
    }
}

/// The hash of a dict's keys and immutable values (see [`Frozen`]).
fn frozen_hash(entries: &[(Bound<'_, PyAny>, Bound<'_, PyAny>)]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = entries.len() as u64;
    for (key, value) in entries {
        h = (h.rotate_left(7) ^ key.as_ptr() as usize as u64).wrapping_mul(K);
        h = (h.rotate_left(7) ^ frozen_value(value) as u64).wrapping_mul(K);
    }
    h
}

/// Slots of [`Cache`]'s dict shapes.
const SHAPES: usize = 256;

/// The fewest entries of a dict built from a shape: a smaller one is built as fast by inserting
/// its entries (a new dict grows its table at the sixth).
const MIN_SHAPED: usize = 6;

/// A dict's shape: its keys, in order (by the address of their interned objects, which the
/// template keeps alive, so an address names one key), and a template dict of those keys, each
/// with the value `None`. A dict of that shape is a copy of the template (its table copied at
/// its final size, as a presized dict) whose values are then set: the template is never handed
/// out, and every copy is a new dict.
struct Shape {
    keys: Box<[usize]>,
    template: Py<PyDict>,
}

/// The cache between conversions; a conversion takes it (another one running meanwhile, on a
/// thread that took the GIL when this one gave it up, uses a fresh cache).
static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

fn table() -> Table {
    std::iter::repeat_with(|| None).take(SLOTS).collect()
}

/// The slots an entry may take, from its first one on: a text whose first slot is taken is
/// kept in the next free one of its group (so two texts of one slot do not evict each other
/// call after call).
const WAYS: usize = 4;

/// The first slot of an address (Fibonacci hashing, from the product's high bits: the
/// literals lie close together in memory, and the low bits of their product repeat).
fn address_slot(address: usize) -> usize {
    ((address as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize % SLOTS
}

/// The slots of the group that starts at `slot`.
fn group(slot: usize) -> impl Iterator<Item = usize> {
    (0..WAYS).map(move |i| (slot + i) % SLOTS)
}

/// Where an entry of group `slot` is stored: the first free slot of the group, else the one
/// `victim` picks (entries met at different addresses take turns rather than one slot).
fn place(table: &Table, slot: usize, victim: usize) -> usize {
    group(slot)
        .find(|&i| matches!(table.get(i), Some(None)))
        .unwrap_or((slot + victim % WAYS) % SLOTS)
}

/// The slot of a text by its content (a multiplicative hash over 8 bytes at a time).
fn content_slot(text: &str) -> usize {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let bytes = text.as_bytes();
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in words.by_ref() {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    for &b in words.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    ((h ^ (h >> 29)) as usize) % SLOTS
}

/// The entry of `table` at `slot` if it holds `text` (and, when `address` is given, was met at
/// that address).
fn lookup<'py>(
    py: Python<'py>,
    table: &Table,
    slot: usize,
    address: Option<usize>,
    text: &str,
) -> Option<(Bound<'py, PyAny>, bool)> {
    group(slot).find_map(|i| match table.get(i) {
        Some(Some(entry))
            if address.is_none_or(|a| a == entry.address)
                && same(entry.text.as_bytes(), text.as_bytes()) =>
        {
            Some((entry.object.bind(py).clone(), entry.money))
        }
        _ => None,
    })
}

/// `a == b`, compared inline 8 bytes at a time: the texts are short, and most compare equal,
/// where a call of `memcmp` for each costs more than the comparison.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in x.by_ref().zip(y.by_ref()) {
        if p != q {
            return false;
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

fn store(
    table: &mut Table,
    slot: usize,
    address: usize,
    text: &str,
    object: &Bound<'_, PyAny>,
    money: bool,
) {
    let at = place(table, slot, address ^ text.len());
    if let Some(s) = table.get_mut(at) {
        *s = Some(Slot {
            address,
            text: text.into(),
            object: object.clone().unbind(),
            money,
        });
    }
}

impl Cache {
    fn new() -> Cache {
        Cache {
            keys: table(),
            texts: table(),
            contents: table(),
            decimals: table(),
            shapes: std::iter::repeat_with(|| None).take(SHAPES).collect(),
            frozen: std::iter::repeat_with(|| None).take(FROZEN).collect(),
            memos: std::iter::repeat_with(|| None)
                .take(MEMOS * MEMO_WAYS)
                .collect(),
            turns: vec![0; MEMOS],
            scratch: Vec::new(),
        }
    }

    /// Runs `f` with the cache kept between conversions.
    pub(crate) fn with<R>(f: impl FnOnce(&RefCell<Cache>) -> R) -> R {
        let taken = CACHE.lock().ok().and_then(|mut c| c.take());
        let cache = RefCell::new(taken.unwrap_or_else(Cache::new));
        let out = f(&cache);
        if let Ok(mut kept) = CACHE.lock() {
            *kept = Some(cache.into_inner());
        }
        out
    }

    /// The Python key of a field name, interned, and whether it is a decimal field. A name
    /// that lives as long as the program (a struct's field, a variant) is known by its address
    /// and length alone: no other text can ever be met there.
    fn key<'py>(&mut self, py: Python<'py>, key: &'static str) -> (Bound<'py, PyAny>, bool) {
        let address = key.as_ptr() as usize;
        let slot = address_slot(address);
        for i in group(slot) {
            if let Some(Some(entry)) = self.keys.get(i) {
                if entry.address == address && entry.text.len() == key.len() {
                    return (entry.object.bind(py).clone(), entry.money);
                }
            }
        }
        let name = PyString::intern(py, key).into_any();
        let money = money_keys().contains(key);
        store(&mut self.keys, slot, address, key, &name, money);
        (name, money)
    }

    /// The dict of `entries`, in their order: a copy of its frozen template when one was made
    /// (see [`Frozen`]), else built from its shape or entry by entry.
    fn dict<'py>(
        &mut self,
        py: Python<'py>,
        entries: &[(Bound<'py, PyAny>, Bound<'py, PyAny>)],
    ) -> PyResult<Bound<'py, PyDict>> {
        if entries.len() < MIN_FROZEN {
            return self.build(py, entries);
        }
        let hash = frozen_hash(entries);
        let first = (hash >> 40) as usize % FROZEN;
        let ways = [first, (first + 1) % FROZEN];
        let met = ways
            .into_iter()
            .find(|&i| matches!(self.frozen.get(i), Some(Some(f)) if f.matches(hash, entries)));
        let Some(at) = met else {
            // Met for the first time: only noted.
            let dict = self.build(py, entries)?;
            let at = ways
                .into_iter()
                .find(|&i| matches!(self.frozen.get(i), Some(None)))
                .unwrap_or((first + (hash & 1) as usize) % FROZEN);
            if let Some(slot) = self.frozen.get_mut(at) {
                *slot = Some(Frozen {
                    hash,
                    keys: entries.iter().map(|(k, _)| k.as_ptr() as usize).collect(),
                    values: entries.iter().map(|(_, v)| frozen_value(v)).collect(),
                    template: None,
                });
            }
            return Ok(dict);
        };
        let Some(Some(frozen)) = self.frozen.get_mut(at) else {
            return self.build(py, entries);
        };
        if let Some(template) = &frozen.template {
            let dict = template.bind(py).copy()?;
            for (key, value) in entries {
                if mutable(value) {
                    dict.set_item(key, value)?;
                }
            }
            return Ok(dict);
        }
        // Met a second time: its template is made.
        let template = PyDict::new(py);
        for (key, value) in entries {
            if mutable(value) {
                template.set_item(key, py.None())?;
            } else {
                template.set_item(key, value)?;
            }
        }
        frozen.template = Some(template.unbind());
        self.build(py, entries)
    }

    /// The dict of `entries` built from its shape or entry by entry.
    fn build<'py>(
        &mut self,
        py: Python<'py>,
        entries: &[(Bound<'py, PyAny>, Bound<'py, PyAny>)],
    ) -> PyResult<Bound<'py, PyDict>> {
        let dict = match self.shaped(py, entries)? {
            Some(dict) => dict,
            None => PyDict::new(py),
        };
        for (key, value) in entries {
            dict.set_item(key, value)?;
        }
        Ok(dict)
    }

    /// A new dict holding the keys of `entries` in their order (with the value `None`, each to
    /// be set), copied from the template of their shape; `None` when the shape is new (its
    /// template is made for the next time) or too small to gain from one.
    fn shaped<'py>(
        &mut self,
        py: Python<'py>,
        entries: &[(Bound<'py, PyAny>, Bound<'py, PyAny>)],
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        if entries.len() < MIN_SHAPED {
            return Ok(None);
        }
        let mut h = entries.len() as u64;
        for (key, _) in entries {
            h = (h.rotate_left(7) ^ key.as_ptr() as usize as u64)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        let slot = ((h >> 32) as usize) % SHAPES;
        if let Some(Some(shape)) = self.shapes.get(slot) {
            let same = shape.keys.len() == entries.len()
                && shape
                    .keys
                    .iter()
                    .zip(entries)
                    .all(|(a, (key, _))| *a == key.as_ptr() as usize);
            if same {
                return Ok(Some(shape.template.bind(py).copy()?));
            }
        }
        let template = PyDict::new(py);
        for (key, _) in entries {
            template.set_item(key, py.None())?;
        }
        if let Some(s) = self.shapes.get_mut(slot) {
            *s = Some(Shape {
                keys: entries.iter().map(|(k, _)| k.as_ptr() as usize).collect(),
                template: template.unbind(),
            });
        }
        Ok(None)
    }

    /// The Python `str` of a text.
    fn text<'py>(&mut self, py: Python<'py>, text: &str) -> Bound<'py, PyAny> {
        if text.len() > MAX_CACHED {
            return PyString::new(py, text).into_any();
        }
        let address = text.as_ptr() as usize;
        let slot = address_slot(address);
        if let Some((hit, _)) = lookup(py, &self.texts, slot, Some(address), text) {
            return hit;
        }
        // By content: a text made for this call (a reason naming a member, an id) is met at a
        // new address each time. Kept by address too only where it was first met at this one
        // (a literal whose slot another text took), not for every address a text is made at.
        let by_content = content_slot(text);
        let met = group(by_content).find_map(|i| match self.contents.get(i) {
            Some(Some(entry)) if same(entry.text.as_bytes(), text.as_bytes()) => {
                Some((entry.object.bind(py).clone(), entry.address))
            }
            _ => None,
        });
        let (object, first_address) = match met {
            Some(met) => met,
            None => {
                let object = PyString::new(py, text).into_any();
                store(
                    &mut self.contents,
                    by_content,
                    address,
                    text,
                    &object,
                    false,
                );
                (object, address)
            }
        };
        if first_address == address {
            store(&mut self.texts, slot, address, text, &object, false);
        }
        object
    }

    /// The `Decimal` of an amount's text.
    fn decimal<'py>(
        &mut self,
        py: Python<'py>,
        decimal: &Bound<'py, PyAny>,
        text: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        if text.len() > MAX_CACHED {
            return decimal.call1((text,));
        }
        let slot = content_slot(text);
        if let Some((hit, _)) = lookup(py, &self.decimals, slot, None, text) {
            return Ok(hit);
        }
        let object = decimal.call1((text,))?;
        store(&mut self.decimals, slot, 0, text, &object, true);
        Ok(object)
    }
}

/// What every part of one conversion shares: the interpreter, `decimal.Decimal` and the cache.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a, 'py> {
    py: Python<'py>,
    decimal: &'a Bound<'py, PyAny>,
    cache: &'a RefCell<Cache>,
    /// The entries of the dicts being built, innermost last (see [`Map`]).
    entries: &'a RefCell<Entries<'py>>,
}

/// Keys and values of dicts being built.
pub(crate) type Entries<'py> = Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>;

impl<'a, 'py> Context<'a, 'py> {
    pub(crate) fn new(
        py: Python<'py>,
        decimal: &'a Bound<'py, PyAny>,
        cache: &'a RefCell<Cache>,
        entries: &'a RefCell<Entries<'py>>,
    ) -> Context<'a, 'py> {
        Context {
            py,
            decimal,
            cache,
            entries,
        }
    }

    /// The dict of the entries from `start` on, which it takes off the stack.
    fn dict_from(self, start: usize) -> PyResult<Bound<'py, PyDict>> {
        let mut stack = self.entries.borrow_mut();
        let entries = stack.get(start..).unwrap_or_default();
        let dict = self.cache.borrow_mut().dict(self.py, entries)?;
        stack.truncate(start);
        Ok(dict)
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

    /// `value` as Python objects, from the memo's slot `at`: a copy of the objects made when
    /// it was last met there if its print is the same (see [`Memo`]).
    fn memoised<T: Serialize + ?Sized>(self, at: usize, value: &T) -> Out<'py> {
        let mut print = std::mem::take(&mut self.cache.borrow_mut().scratch);
        print.clear();
        if crate::memo::print(&mut print, value).is_err() {
            return self.convert(value);
        }
        let mut cache = self.cache.borrow_mut();
        let ways = at * MEMO_WAYS..(at + 1) * MEMO_WAYS;
        let met = ways
            .clone()
            .find(|&i| matches!(cache.memos.get(i), Some(Some(memo)) if memo.print == print));
        if let Some(Some(Some(Memo {
            plan: Some(plan), ..
        }))) = met.map(|i| cache.memos.get(i))
        {
            let made = plan.make(self.py);
            cache.scratch = print;
            return Ok(made?);
        }
        drop(cache);
        let object = self.convert(value)?;
        let mut cache = self.cache.borrow_mut();
        if let Some(i) = met {
            // Met again: how to make its objects is kept.
            let plan = Plan::of(&object)?;
            if let Some(Some(memo)) = cache.memos.get_mut(i) {
                memo.plan = Some(plan);
            }
            cache.scratch = print;
            return Ok(object);
        }
        // Met for the first time here: only its print is noted, in a free way, else in place of
        // one noted only, else in the next way in turn.
        let free = ways
            .clone()
            .find(|&i| matches!(cache.memos.get(i), Some(None)));
        let noted = ways
            .clone()
            .find(|&i| matches!(cache.memos.get(i), Some(Some(Memo { plan: None, .. }))));
        let turn = cache.turns.get(at).copied().unwrap_or(0);
        let victim = free
            .or(noted)
            .unwrap_or(ways.start + usize::from(turn) % MEMO_WAYS);
        if free.is_none() && noted.is_none() {
            if let Some(t) = cache.turns.get_mut(at) {
                *t = t.wrapping_add(1);
            }
        }
        if let Some(slot) = cache.memos.get_mut(victim) {
            if let Some(old) = slot.replace(Memo { print, plan: None }) {
                cache.scratch = old.print;
            }
        }
        Ok(object)
    }

    /// The entry `key: value` of the innermost dict being built, value made already.
    fn made_entry(self, key: &'static str, value: Bound<'py, PyAny>) {
        let (name, _) = self.cache.borrow_mut().key(self.py, key);
        self.entries.borrow_mut().push((name, value));
    }

    /// The entry `key: value` of the innermost dict being built, for a field's name.
    fn entry<T: Serialize + ?Sized>(self, key: &'static str, value: &T) -> Result<(), ObjectError> {
        let (name, money) = self.cache.borrow_mut().key(self.py, key);
        let value = value.serialize(ToPy { cx: self, money })?;
        self.entries.borrow_mut().push((name, value));
        Ok(())
    }

    /// The entry `key: value` of the innermost dict being built, for a map's key (text made for
    /// the call).
    fn map_entry<T: Serialize + ?Sized>(self, key: &str, value: &T) -> Result<(), ObjectError> {
        let name = PyString::intern(self.py, key).into_any();
        let money = money_keys().contains(key);
        let value = value.serialize(ToPy { cx: self, money })?;
        self.entries.borrow_mut().push((name, value));
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
        let mut cache = self.cx.cache.borrow_mut();
        if self.money {
            return Ok(cache.decimal(self.cx.py, self.cx.decimal, v)?);
        }
        Ok(cache.text(self.cx.py, v))
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
        let start = self.cx.entries.borrow().len();
        self.cx.entry(variant, value)?;
        Ok(self.cx.dict_from(start)?.into_any())
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
///
/// Its entries are kept on the context's stack from `start` on (an entry's value, a dict
/// itself, is done and off the stack before the entry is pushed) and made into the dict at the
/// end, when its keys are all known: so a dict of a shape met before is built at its final
/// size (see [`Shape`]).
struct Map<'a, 'py> {
    cx: Context<'a, 'py>,
    start: usize,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl<'a, 'py> Map<'a, 'py> {
    fn new(cx: Context<'a, 'py>, variant: Option<&'static str>) -> Map<'a, 'py> {
        Map {
            cx,
            start: cx.entries.borrow().len(),
            key: None,
            variant,
        }
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ObjectError> {
        self.cx.entry(key, value)
    }

    fn done(self) -> Out<'py> {
        let dict = self.cx.dict_from(self.start)?;
        wrap(self.cx, self.variant, dict.into_any())
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
        self.cx.map_entry(&key, value)
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

/// The entries [`calculation_objects`] has room for before its stack grows (16 bytes each).
const ENTRIES: usize = 48;

/// A calculation's result as Python objects, with the cache kept between conversions: each
/// programme's result, the summary, the warnings and the receipt through the memo (see
/// [`Memo`]), the rest converted as they are.
pub(crate) fn calculation_objects<'py>(
    py: Python<'py>,
    result: &minzheng::CalculationResult,
) -> PyResult<Bound<'py, PyAny>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let decimal = DECIMAL.import(py, "decimal", "Decimal")?.as_any();
    let entries = RefCell::new(Vec::with_capacity(ENTRIES));
    // The fields of `CalculationResult` in their order, as its derived `Serialize` writes them
    // (`test_objects.py` compares both over every golden vector).
    let minzheng::CalculationResult {
        calculation_date,
        region,
        programmes,
        monthly_total,
        one_off_total,
        summary,
        warnings,
        receipt,
    } = result;
    Cache::with(|cache| {
        let cx = Context::new(py, decimal, cache, &entries);
        cx.entry("calculation_date", calculation_date)?;
        cx.entry("region", region)?;
        let mut items = Vec::with_capacity(programmes.len());
        for (i, programme) in programmes.iter().enumerate() {
            items.push(if i < SUMMARY_AT {
                cx.memoised(i, programme)?
            } else {
                cx.convert(programme)?
            });
        }
        cx.made_entry("programmes", PyList::new(py, items)?.into_any());
        cx.entry("monthly_total", monthly_total)?;
        cx.entry("one_off_total", one_off_total)?;
        cx.made_entry("summary", cx.memoised(SUMMARY_AT, summary)?);
        cx.made_entry("warnings", cx.memoised(WARNINGS_AT, warnings)?);
        cx.made_entry("receipt", cx.memoised(RECEIPT_AT, receipt)?);
        Ok::<_, ObjectError>(cx.dict_from(0)?.into_any())
    })
    .map_err(|e| e.0)
}
