//! The parameter store: dated, cited policy figures.
//!
//! Values live in `core/parameters/*.toml`, are embedded at compile time (see `build.rs`) and
//! validated when first used. Each value carries its region, optional area, effective period,
//! unit, status and citation. [`ParameterStore::lookup`] picks the value in force on a date from
//! the nearest region that defines one.

mod load;
mod reform;

pub use crate::limits::MAX_OVERRIDES;

use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::money::Number;
use crate::region::{Area, District, Region};

/// How far a figure has been confirmed (see the policy handbook).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Status {
    /// Read in the official text.
    Verified,
    /// Several independent secondary reports agree; the official text was not read.
    Reported,
    /// The rule's shape is verified but the number is not published where it could be read.
    Structure,
    /// A placeholder so the calculation runs; results that use it carry a warning.
    Illustrative,
}

impl Status {
    /// The wire name (`verified`), as in the parameter files.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Reported => "reported",
            Status::Structure => "structure",
            Status::Illustrative => "illustrative",
        }
    }
}

/// The closed set of units a parameter may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Unit {
    /// 元 per person per month.
    YuanPerPersonMonth,
    /// 元 per month.
    YuanPerMonth,
    /// 元 per day.
    YuanPerDay,
    /// 元 per year.
    YuanPerYear,
    /// 元, once.
    Yuan,
    /// A multiple or share (1.5, 0.2).
    Ratio,
    /// A number of months.
    Months,
    /// A number of years.
    Years,
    /// A number of days.
    Days,
    /// A count.
    Count,
    /// Points on a scorecard.
    Points,
}

impl Unit {
    /// Parses the snake_case name used in parameter files.
    pub fn parse(text: &str) -> Option<Unit> {
        Some(match text {
            "yuan_per_person_month" => Unit::YuanPerPersonMonth,
            "yuan_per_month" => Unit::YuanPerMonth,
            "yuan_per_day" => Unit::YuanPerDay,
            "yuan_per_year" => Unit::YuanPerYear,
            "yuan" => Unit::Yuan,
            "ratio" => Unit::Ratio,
            "months" => Unit::Months,
            "years" => Unit::Years,
            "days" => Unit::Days,
            "count" => Unit::Count,
            "points" => Unit::Points,
            _ => return None,
        })
    }
}

/// Text shared by the parameter store and every result that cites it: a copy is a count, not
/// an allocation (or, for the embedded store's texts, which live as long as the program, a
/// plain copy of the reference: no count to keep). It reads as a `str` (`Deref`), compares
/// with strings and is written on the wire (and in the schemas) as a string.
#[derive(Clone)]
pub struct Shared(Repr);

#[derive(Clone)]
enum Repr {
    /// Text that lives as long as the program (the embedded store's).
    Static(&'static str),
    /// Text shared by count.
    Counted(std::sync::Arc<str>),
}

impl Shared {
    /// Text that lives as long as the program: copies of it count nothing.
    pub const fn from_static(text: &'static str) -> Shared {
        Shared(Repr::Static(text))
    }

    /// The same text made to live as long as the program (for a store that does: the
    /// embedded one, built once).
    fn leak(&mut self) {
        if let Repr::Counted(text) = &self.0 {
            let text: &'static str = Box::leak(Box::<str>::from(&**text));
            self.0 = Repr::Static(text);
        }
    }
}

impl std::ops::Deref for Shared {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Static(text) => text,
            Repr::Counted(text) => text,
        }
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        self
    }
}

impl PartialEq for Shared {
    fn eq(&self, other: &Shared) -> bool {
        **self == **other
    }
}

impl Eq for Shared {}

impl PartialOrd for Shared {
    fn partial_cmp(&self, other: &Shared) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Shared {
    fn cmp(&self, other: &Shared) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl std::hash::Hash for Shared {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl From<&str> for Shared {
    fn from(text: &str) -> Shared {
        if text.is_empty() {
            return Shared::from_static("");
        }
        Shared(Repr::Counted(text.into()))
    }
}

impl From<String> for Shared {
    fn from(text: String) -> Shared {
        if text.is_empty() {
            return Shared::from_static("");
        }
        Shared(Repr::Counted(text.into()))
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        **self == **other
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Shared {
    fn inline_schema() -> bool {
        <String as schemars::JsonSchema>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <String as schemars::JsonSchema>::json_schema(generator)
    }
}

/// A legal source (document) cited by parameter values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Short key (`GZ-2025-STD`).
    pub key: Shared,
    /// Document title.
    pub title: Shared,
    /// Issuing body.
    pub issuer: Shared,
    /// Document number (文号), empty when not known.
    pub number: Shared,
    /// Where it was read, empty when not known.
    pub url: Shared,
    /// When it took effect, if known.
    pub in_force: Option<Date>,
    /// When it stops being valid, if it has a term.
    pub expires: Option<Date>,
}

impl Source {
    /// Makes the texts live as long as the program (see [`Shared`]).
    fn leak(&mut self) {
        for text in [
            &mut self.key,
            &mut self.title,
            &mut self.issuer,
            &mut self.number,
            &mut self.url,
        ] {
            text.leak();
        }
    }
}

/// One dated value of a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterValue {
    /// Region that set it.
    pub region: Region,
    /// Area it is limited to, if any.
    pub area: Option<Area>,
    /// First day in force.
    pub from: Date,
    /// Last day in force (inclusive), if it has one.
    pub to: Option<Date>,
    /// The exact value.
    pub value: Decimal,
    /// Confirmation status.
    pub status: Status,
    /// Key of the cited [`Source`].
    pub source: String,
    /// Article or section of the source.
    pub article: String,
    /// Remarks for readers (how the figure was derived, caveats).
    pub note: String,
    /// When the true effective-from date is not known: the last day (inclusive) of the window,
    /// starting at `from`, in which the previous figure may still have applied. `from` is then
    /// the date taken (1 January, as the yearly notices back-date their standards), and a
    /// result for a date in the window says so (`effective_date_uncertain`).
    pub uncertain_until: Option<Date>,
    /// The value's line in a receipt and its place in the order the receipt hashes lines in,
    /// written when the store is built (see [`crate::receipt`]).
    receipt: ReceiptLine,
}

/// A parameter value's receipt line ([`crate::receipt::parameter_line`]) and its rank: the
/// parameter's place among the store's keys (high 32 bits), then the line's among the
/// parameter's lines, so that sorting ranks sorts the lines by key, then bytewise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ReceiptLine {
    rank: u64,
    line: Box<str>,
}

impl ParameterValue {
    /// Whether the value is in force on `date`.
    pub fn covers(&self, date: Date) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }

    /// The value's line in a receipt's `parameters_sha256` (see [`crate::receipt`]).
    pub fn receipt_line(&self) -> &str {
        &self.receipt.line
    }

    /// Where the value's line sorts among the lines of its store (see [`ReceiptLine`]).
    pub(crate) fn receipt_rank(&self) -> u64 {
        self.receipt.rank
    }

    /// Whether `date` lies in the value's uncertain window (its effective-from date not known).
    pub fn uncertain_on(&self, date: Date) -> bool {
        self.uncertain_until
            .is_some_and(|until| self.from <= date && date <= until)
    }
}

/// A parameter: a key, labels, a unit and its dated values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// Dotted key (`dibao.standard`).
    pub key: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// Unit of every value.
    pub unit: Unit,
    /// Values, sorted by region and area then by start date.
    pub values: Vec<ParameterValue>,
}

impl Parameter {
    /// Writes the receipt line and rank of every value; `ordinal` is the parameter's place
    /// among the store's keys. Called whenever the values change (loading, a reform).
    pub(crate) fn seal(&mut self, ordinal: u32) {
        let mut lines: Vec<(Box<str>, usize)> = self
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (crate::receipt::parameter_line(&self.key, v).into(), i))
            .collect();
        lines.sort_unstable();
        for (local, (line, i)) in lines.into_iter().enumerate() {
            if let Some(v) = self.values.get_mut(i) {
                let local = u32::try_from(local).unwrap_or(u32::MAX);
                v.receipt = ReceiptLine {
                    rank: (u64::from(ordinal) << 32) | u64::from(local),
                    line,
                };
            }
        }
    }
}

/// All parameters and sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterStore {
    params: BTreeMap<String, Parameter>,
    sources: BTreeMap<String, Source>,
}

/// A looked-up value with everything needed to explain it.
#[derive(Clone, Copy, Debug)]
pub struct ParamRef<'a> {
    /// The parameter.
    pub parameter: &'a Parameter,
    /// The value in force.
    pub value: &'a ParameterValue,
    /// Its source.
    pub source: &'a Source,
}

impl ParamRef<'_> {
    /// The exact value.
    pub fn get(&self) -> Decimal {
        self.value.value
    }
}

static EMBEDDED: OnceLock<Result<ParameterStore, Error>> = OnceLock::new();

/// Slots of the citations of the embedded store kept per thread ([`ParameterStore::cite`]).
const CITED: usize = 64;

/// Slots a citation may sit in, from its first ([`ParameterStore::cite`]).
const PROBES: usize = 4;

thread_local! {
    static CITATIONS: std::cell::RefCell<Vec<Option<Citation>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The JSON form of `core/parameters/*.toml`, produced by `build.rs`.
pub const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/parameters.json"));

impl ParameterStore {
    /// The store embedded in the crate, validated once on first use.
    pub fn embedded() -> Result<&'static ParameterStore, Error> {
        EMBEDDED
            .get_or_init(|| {
                // Built once and kept for the program's life: its sources' texts are made to
                // live as long, so that citing one copies references instead of counting.
                ParameterStore::from_json(EMBEDDED_JSON).map(|mut store| {
                    for source in store.sources.values_mut() {
                        source.leak();
                    }
                    store
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads and validates a store from the JSON form produced by `build.rs`.
    pub fn from_json(json: &str) -> Result<ParameterStore, Error> {
        load::from_json(json)
    }

    /// The place of the parameter `key` among the store's keys (their order in every receipt).
    fn ordinal(&self, key: &str) -> u32 {
        let place = self.params.keys().take_while(|k| k.as_str() < key).count();
        u32::try_from(place).unwrap_or(u32::MAX)
    }

    /// Seals every parameter (see [`Parameter::seal`]).
    fn seal(&mut self) {
        for (ordinal, parameter) in self.params.values_mut().enumerate() {
            parameter.seal(u32::try_from(ordinal).unwrap_or(u32::MAX));
        }
    }

    /// A parameter by key.
    pub fn parameter(&self, key: &str) -> Option<&Parameter> {
        self.params.get(key)
    }

    /// Every parameter, by key.
    pub fn parameters(&self) -> impl Iterator<Item = &Parameter> {
        self.params.values()
    }

    /// A citation of `article` in the source `key`; a key the sources do not list is cited by
    /// its key alone.
    pub fn cite(&self, key: &str, article: &str) -> Citation {
        if !self.is_embedded() {
            return self.cite_anew(key, article);
        }
        // The embedded store's citations, kept per thread: a programme cites the same few
        // articles in every calculation. An entry is used only when its texts equal the ones
        // asked for (the addresses only choose the slots). The slot comes from the high bits
        // of a multiplicative hash (its low bits follow the addresses' alignment), and a
        // citation may sit in any of `PROBES` slots from there, so two that meet on one slot
        // do not evict each other in every calculation.
        let hash = (key.as_ptr() as usize)
            .wrapping_add((article.as_ptr() as usize).rotate_left(17))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize);
        let first = (hash >> (usize::BITS / 2)) % CITED;
        CITATIONS.with(|kept| {
            let mut kept = kept.borrow_mut();
            if kept.is_empty() {
                kept.resize_with(CITED, || None);
            }
            let mut free = None;
            for slot in (0..PROBES).map(|i| (first + i) % CITED) {
                match kept.get(slot) {
                    Some(Some(c)) if *c.source == *key && *c.article == *article => {
                        return c.clone();
                    }
                    Some(None) => free = free.or(Some(slot)),
                    _ => {}
                }
            }
            let citation = self.cite_anew(key, article);
            // A free slot of the probed ones, else the first (the oldest choice).
            if let Some(entry) = kept.get_mut(free.unwrap_or(first)) {
                *entry = Some(citation.clone());
            }
            citation
        })
    }

    /// Whether this is the embedded store ([`ParameterStore::embedded`]).
    fn is_embedded(&self) -> bool {
        EMBEDDED
            .get()
            .and_then(|e| e.as_ref().ok())
            .is_some_and(|e| std::ptr::eq(e, self))
    }

    /// [`ParameterStore::cite`] without the kept citations.
    fn cite_anew(&self, key: &str, article: &str) -> Citation {
        match self.source(key) {
            Some(source) => Citation::of(source, article),
            None => Citation {
                source: key.into(),
                document: key.into(),
                issuer: "".into(),
                number: "".into(),
                article: article.into(),
                url: "".into(),
            },
        }
    }

    /// A source by key.
    pub fn source(&self, key: &str) -> Option<&Source> {
        self.sources.get(key)
    }

    /// The value of `key` in force on `date` in `district` and `area` (either may be unknown,
    /// e.g. for a city-wide care-home tariff): the nearest region first (district, city,
    /// province, nation); within a region a value limited to the area beats one for all areas.
    pub fn lookup(
        &self,
        key: &str,
        district: Option<District>,
        area: Option<Area>,
        date: Date,
    ) -> Result<ParamRef<'_>, Error> {
        let parameter = self.params.get(key).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidParameterData,
                "",
                format!("the rules use parameter `{key}`, which no parameter file defines"),
            )
        })?;
        for region in Region::chain(district) {
            let in_region = |want: Option<Area>| {
                parameter
                    .values
                    .iter()
                    .find(|v| v.region == region && v.area == want && v.covers(date))
            };
            let for_area = area.and_then(|a| in_region(Some(a)));
            if let Some(value) = for_area.or_else(|| in_region(None)) {
                let source = self.sources.get(&value.source).ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidParameterData,
                        "",
                        format!("`{key}` cites unknown source `{}`", value.source),
                    )
                })?;
                return Ok(ParamRef {
                    parameter,
                    value,
                    source,
                });
            }
        }
        let periods: Vec<String> = parameter
            .values
            .iter()
            .map(|v| match v.to {
                Some(to) => format!("{}–{}", v.from, to),
                None => format!("from {}", v.from),
            })
            .collect();
        Err(Error::new(
            ErrorCode::ParameterNotInForce,
            "calculation_date",
            format!(
                "no value of `{key}` ({}) is in force on {date} for {}; encoded periods: {}",
                parameter.label_zh,
                district.map_or("guangzhou".to_string(), |d| format!(
                    "guangzhou/{}",
                    d.as_str()
                )),
                periods.join(", ")
            ),
        ))
    }
}

/// A parameter as used in a calculation, with its citation: the explanation's unit of evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ParameterUse {
    /// Dotted key.
    pub key: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// The value used.
    pub value: Number,
    /// Its unit.
    pub unit: Unit,
    /// Region that set it (`guangzhou`).
    pub region: String,
    /// First day in force.
    pub effective_from: Date,
    /// Last day in force, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_to: Option<Date>,
    /// Confirmation status.
    pub status: Status,
    /// Legal basis.
    pub citation: Citation,
    /// Remarks (derivation, caveats).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A legal reference: document, number, article, address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Citation {
    /// Source key (`GZ-2025-STD`).
    pub source: Shared,
    /// Document title.
    pub document: Shared,
    /// Issuing body.
    pub issuer: Shared,
    /// Document number (文号), empty when not known.
    #[serde(skip_serializing_if = "is_empty")]
    pub number: Shared,
    /// Article or section.
    #[serde(skip_serializing_if = "is_empty")]
    pub article: Shared,
    /// Address of the text, empty when not known.
    #[serde(skip_serializing_if = "is_empty")]
    pub url: Shared,
}

fn is_empty(text: &Shared) -> bool {
    text.is_empty()
}

impl Citation {
    /// A citation of `article` in `source`.
    pub fn of(source: &Source, article: &str) -> Citation {
        Citation {
            source: source.key.clone(),
            document: source.title.clone(),
            issuer: source.issuer.clone(),
            number: source.number.clone(),
            article: article.into(),
            url: source.url.clone(),
        }
    }
}

impl From<&ParamRef<'_>> for ParameterUse {
    fn from(p: &ParamRef<'_>) -> ParameterUse {
        ParameterUse {
            key: p.parameter.key.clone(),
            label_zh: p.parameter.label_zh.clone(),
            label_en: p.parameter.label_en.clone(),
            value: Number(p.value.value),
            unit: p.parameter.unit,
            region: p.value.region.to_string(),
            effective_from: p.value.from,
            effective_to: p.value.to,
            status: p.value.status,
            citation: Citation::of(p.source, &p.value.article),
            note: p.value.note.clone(),
        }
    }
}
