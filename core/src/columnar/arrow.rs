//! Populations from Arrow: a household table and a person table as [`RecordBatch`]es, read in
//! place (the arrays' buffers are read directly; no value is copied into a row object).
//!
//! Column names are the request's field paths (`district`, `assets.deposits`,
//! `income.wages`, `disability.grade`, `flags.serious_illness`; see [`HOUSEHOLD_FIELDS`] and
//! [`PERSON_FIELDS`]), joined by `household_id` in both tables. Types:
//!
//! - money: `decimal128(p, s)` (exact; any scale, the value must be a whole number of fen),
//!   integers (whole 元), or decimal strings (`"1500.00"`); a float column is
//!   `invalid_money` at its first non-null value, never rounded;
//! - counts and grades: integers; flags: booleans; enumerations: strings or dictionaries of
//!   strings with the wire names (`"tianhe"`, `"physical"`); dates: `date32`, `date64` or
//!   `YYYY-MM-DD` strings;
//! - null is a missing value: the request's default applies (`disability.category` and
//!   `disability.grade` null together: no certificate).
//!
//! Persons may come in any order; each household's members keep their order in the table. When
//! the person table is grouped in the household table's order (the usual layout) no index is
//! built at all.

mod by_column;

use std::collections::HashMap;
use std::ops::Range;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;

use super::{Block, Households};
use crate::care_level::AbilityLevel;
use crate::date::Date;
use crate::engine::facts::{
    AssetFacts, Common, HouseholdFacts, MealFacts, PersonFacts, RigidFacts,
};
use crate::error::{Error, ErrorCode};
use crate::household::{
    Disability, DisabilityCategory, HomeCareType, Hukou, Relationship, Sex, Supporters,
};
use crate::money::MAX_AMOUNT_YUAN;
use crate::region::{Area, District};
use crate::validate::{MAX_AGE, MAX_MEMBERS};

/// How a field's values are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Money,
    Int,
    Bool,
    Enum,
    /// Strings read as they are: the members' ids, compared within a household only (coding a
    /// column of ids unique across the population would hash and copy every one of them).
    Text,
    Date,
}

macro_rules! fields {
    ($name:ident, $list:ident, $($variant:ident => ($path:literal, $kind:ident),)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum $name { $($variant,)* }
        impl $name {
            const ALL: &'static [($name, &'static str, Kind)] = &[$(($name::$variant, $path, Kind::$kind),)*];
        }
        /// Every column name this table accepts.
        pub const $list: &[&str] = &[$($path,)*];
    };
}

fields! { HField, HOUSEHOLD_FIELDS,
    District => ("district", Enum),
    Area => ("area", Enum),
    Deposits => ("assets.deposits", Money),
    Securities => ("assets.securities", Money),
    Funds => ("assets.funds", Money),
    CommercialInsurance => ("assets.commercial_insurance", Money),
    Receivables => ("assets.receivables", Money),
    OnlineFinancial => ("assets.online_financial", Money),
    Vehicles => ("assets.vehicles", Money),
    ExtraDwellings => ("assets.extra_dwellings", Int),
    NonResidential => ("assets.non_residential_properties", Int),
    BusinessRegistration => ("assets.business_registration", Bool),
    LivelihoodVehicle => ("assets.livelihood_vehicle", Bool),
    RigidBasicLiving => ("rigid_expenditure.basic_living", Money),
    RigidMedical => ("rigid_expenditure.medical_out_of_pocket", Money),
    RigidEducation => ("rigid_expenditure.education", Money),
    RigidRehabilitation => ("rigid_expenditure.rehabilitation", Money),
}

fields! { PField, PERSON_FIELDS,
    Id => ("id", Text),
    Age => ("age", Int),
    BirthDate => ("birth_date", Date),
    Hukou => ("hukou", Enum),
    Relationship => ("relationship", Enum),
    Sex => ("sex", Enum),
    DisabilityCategory => ("disability.category", Enum),
    DisabilityGrade => ("disability.grade", Int),
    AbilityLevel => ("ability_level", Enum),
    AdlUnmet => ("adl_unmet", Int),
    Supporters => ("supporters", Enum),
    HomeCareSubsidy => ("home_care_subsidy", Money),
    ServiceDisabilityGrade => ("service_disability_grade", Int),
    ElderlyCareSubsidy => ("elderly_care_subsidy", Money),
    DisabilitySubsidyApproved => ("disability_subsidy_approved", Date),
    HomeCareFunding => ("home_care_funding", Enum),
    Meals => ("meal_aid.meals", Int),
    MealPrice => ("meal_aid.meal_price", Money),
    DeliveredMeals => ("meal_aid.delivered_meals", Int),
    MealCareLevel => ("meal_aid.care_level", Int),
    Wages => ("income.wages", Money),
    EmploymentCosts => ("income.employment_costs", Money),
    BusinessNet => ("income.business_net", Money),
    PropertyNet => ("income.property_net", Money),
    TransferNet => ("income.transfer_net", Money),
    OtherIncome => ("income.other", Money),
    RigidDeduction => ("income.rigid_expenditure_deduction", Money),
    Pension => ("income.pension", Money),
    SocialInsurance => ("income.social_insurance_benefits", Money),
    LongevityAllowance => ("income.longevity_allowance", Money),
    PreferentialPension => ("income.preferential_pension", Money),
    FamilyPlanningAward => ("income.family_planning_award", Money),
    Scholarship => ("income.scholarship", Money),
    HeroismAward => ("income.heroism_award", Money),
    SocialAssistance => ("income.social_assistance", Money),
    BasicPensionCentral => ("income.basic_pension_central", Money),
    DisabilitySubsidies => ("income.disability_subsidies", Money),
    SeriousIllness => ("flags.serious_illness", Bool),
    Orphan => ("flags.orphan", Bool),
    DeFactoUnsupportedChild => ("flags.de_facto_unsupported_child", Bool),
    LivesInInstitution => ("flags.lives_in_institution", Bool),
    ChildChoosesTekun => ("flags.child_chooses_tekun", Bool),
    UnemploymentBenefit => ("flags.unemployment_benefit", Bool),
    PreferentialCareRecipient => ("flags.preferential_care_recipient", Bool),
    WorkInjuryCareAllowance => ("flags.work_injury_care_allowance", Bool),
    RetiredCadreLixiu => ("flags.retired_cadre_lixiu", Bool),
    FullTimeStudent => ("flags.full_time_student", Bool),
    Childless => ("flags.childless", Bool),
    OutpatientSpecialDisease => ("flags.outpatient_special_disease", Bool),
}

/// A value read from a column: missing, or the value, or an error message for the row.
enum Read<T> {
    Null,
    Value(T),
    Bad(ErrorCode, String),
}

/// An enumeration column, parsed once per distinct string.
struct Codes {
    /// Per row: the index into `names` ([`NULL_CODE`] for null).
    rows: Vec<u32>,
    /// The distinct strings.
    names: Vec<String>,
    /// Each distinct string parsed once, as the enumeration the column holds (or `None` when
    /// it is not one of its names); filled on first use by any thread.
    parsed: Vec<std::sync::OnceLock<Option<Box<dyn std::any::Any + Send + Sync>>>>,
}

impl Codes {
    fn new(rows: Vec<u32>, names: Vec<String>) -> Codes {
        let parsed = names.iter().map(|_| std::sync::OnceLock::new()).collect();
        Codes {
            rows,
            names,
            parsed,
        }
    }
}

/// Enumeration code `code` of a column parsed as `T` (once per code, by any thread); `None` when
/// the string is not one of `T`'s names.
fn parsed<T: serde::de::DeserializeOwned + Copy + Send + Sync + 'static>(
    codes: &Codes,
    code: usize,
) -> Option<T> {
    let (text, cell) = (codes.names.get(code)?, codes.parsed.get(code)?);
    cell.get_or_init(|| {
        serde_json::from_value::<T>(serde_json::Value::String(text.clone()))
            .ok()
            .map(|v| Box::new(v) as Box<dyn std::any::Any + Send + Sync>)
    })
    .as_ref()
    .and_then(|v| v.downcast_ref::<T>())
    .copied()
}

/// One member's values as read from their row, before the checks across fields
/// ([`ArrowPopulation::finish`]).
#[derive(Clone, Copy, Debug)]
struct Staged {
    p: PersonFacts,
    age: Option<i64>,
    birth: Option<Date>,
    hukou: Option<Hukou>,
    category: Option<DisabilityCategory>,
    grade: Option<i64>,
    meals: Option<i64>,
    meal_price: Option<i64>,
    delivered: Option<i64>,
    care_level: Option<i64>,
}

impl Default for Staged {
    fn default() -> Staged {
        Staged {
            p: PersonFacts::new(0, Hukou::Other),
            age: None,
            birth: None,
            hukou: None,
            category: None,
            grade: None,
            meals: None,
            meal_price: None,
            delivered: None,
            care_level: None,
        }
    }
}

/// A column's values as a typed slice, resolved once when the tables are bound, so a cell is
/// read without a per-cell downcast.
enum Fast<'a> {
    None,
    I64(&'a [i64]),
    Dec(&'a [i128], i8),
    Bool(arrow_buffer::BooleanBuffer),
    Date32(&'a [i32]),
}

fn fast(array: &ArrayRef) -> Fast<'_> {
    match array.data_type() {
        DataType::Int64 => Fast::I64(array.as_primitive::<Int64Type>().values()),
        DataType::Decimal128(_, scale) => {
            Fast::Dec(array.as_primitive::<Decimal128Type>().values(), *scale)
        }
        DataType::Boolean => Fast::Bool(array.as_boolean().values().clone()),
        DataType::Date32 => Fast::Date32(array.as_primitive::<Date32Type>().values()),
        _ => Fast::None,
    }
}

/// Whether cell `i` is null (`nulls` from [`Array::nulls`]).
#[inline]
fn null_at(nulls: Option<&arrow_buffer::NullBuffer>, i: usize) -> bool {
    nulls.is_some_and(|n| i < n.len() && n.is_null(i))
}

/// A column with its typed fast path and its nulls.
struct Typed<'a> {
    array: &'a ArrayRef,
    fast: Fast<'a>,
    nulls: Option<&'a arrow_buffer::NullBuffer>,
}

impl<'a> Typed<'a> {
    fn of(array: &'a ArrayRef) -> Typed<'a> {
        Typed {
            array,
            fast: fast(array),
            nulls: array.nulls(),
        }
    }
}

/// One column, typed.
enum Column<'a> {
    Null,
    Money {
        array: Typed<'a>,
        float: bool,
    },
    Int(Typed<'a>),
    Bool(Typed<'a>),
    Enum(Codes),
    /// Strings or a dictionary of strings, read in place ([`Kind::Text`]).
    Text(Strings<'a>),
    Date(Typed<'a>),
}

fn wrong_type(table: &str, name: &str, kind: Kind, dt: &DataType) -> Error {
    let want = match kind {
        Kind::Money => "decimal128, an integer type (whole 元) or decimal strings",
        Kind::Int => "an integer type",
        Kind::Bool => "booleans",
        Kind::Enum | Kind::Text => "strings or a dictionary of strings",
        Kind::Date => "date32, date64 or YYYY-MM-DD strings",
    };
    let code = if kind == Kind::Money
        && matches!(
            dt,
            DataType::Float16 | DataType::Float32 | DataType::Float64
        ) {
        ErrorCode::InvalidMoney
    } else {
        ErrorCode::InvalidType
    };
    Error::new(
        code,
        format!("{table}.{name}"),
        format!("the column `{name}` is {dt}; it must be {want}"),
    )
}

fn is_int(dt: &DataType) -> bool {
    matches!(
        dt,
        DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
    )
}

fn is_str(dt: &DataType) -> bool {
    match dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(k, v) => is_int(k) && is_str(v),
        _ => false,
    }
}

/// A string column, its type decided once: the cell reads of [`Strings::get`] do no downcast.
#[derive(Clone, Copy)]
enum Strings<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    /// Any other string array (a dictionary), read through [`str_at`].
    Other(&'a dyn Array),
}

impl<'a> Strings<'a> {
    fn of(array: &'a dyn Array) -> Strings<'a> {
        match array.data_type() {
            DataType::Utf8 => Strings::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Strings::Large(array.as_string::<i64>()),
            DataType::Utf8View => Strings::View(array.as_string_view()),
            _ => Strings::Other(array),
        }
    }

    /// The string at row `i`; `None` for a null or a row out of range.
    #[inline]
    fn get(&self, i: usize) -> Option<&'a str> {
        match *self {
            Strings::Utf8(a) => (i < a.len() && !a.is_null(i)).then(|| a.value(i)),
            Strings::Large(a) => (i < a.len() && !a.is_null(i)).then(|| a.value(i)),
            Strings::View(a) => (i < a.len() && !a.is_null(i)).then(|| a.value(i)),
            Strings::Other(a) => str_at(a, i),
        }
    }
}

/// The string at row `i` of a string or dictionary-of-strings array.
fn str_at(array: &dyn Array, i: usize) -> Option<&str> {
    if i >= array.len() || array.is_null(i) {
        return None;
    }
    match array.data_type() {
        DataType::Utf8 => Some(array.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => Some(array.as_string::<i64>().value(i)),
        DataType::Utf8View => Some(array.as_string_view().value(i)),
        DataType::Dictionary(..) => {
            let dict = array.as_any_dictionary_opt()?;
            let key = int_at(dict.keys(), i)?;
            str_at(dict.values().as_ref(), usize::try_from(key).ok()?)
        }
        _ => None,
    }
}

/// The integer at row `i` of an integer array.
fn int_at(array: &dyn Array, i: usize) -> Option<i128> {
    if i >= array.len() || array.is_null(i) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Int8 => i128::from(array.as_primitive::<Int8Type>().value(i)),
        DataType::Int16 => i128::from(array.as_primitive::<Int16Type>().value(i)),
        DataType::Int32 => i128::from(array.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => i128::from(array.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => i128::from(array.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => i128::from(array.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => i128::from(array.as_primitive::<UInt32Type>().value(i)),
        DataType::UInt64 => i128::from(array.as_primitive::<UInt64Type>().value(i)),
        _ => return None,
    })
}

/// The code of a null cell in [`Codes::rows`].
const NULL_CODE: u32 = u32::MAX;

fn codes(array: &dyn Array) -> Codes {
    let mut names: Vec<String> = Vec::new();
    let mut rows = Vec::with_capacity(array.len());
    if let Some(dict) = array.as_any_dictionary_opt() {
        // Parse the dictionary once; rows are its keys.
        let values = dict.values();
        for k in 0..values.len() {
            names.push(str_at(values.as_ref(), k).unwrap_or_default().to_string());
        }
        let keys = dict.keys();
        for i in 0..array.len() {
            let code = if array.is_null(i) {
                NULL_CODE
            } else {
                int_at(keys, i)
                    .and_then(|k| u32::try_from(k).ok())
                    .unwrap_or(NULL_CODE)
            };
            rows.push(code);
        }
        return Codes::new(rows, names);
    }
    // Plain string arrays: downcast once, then walk the values (a loop per array type, no
    // dynamic call per row); each distinct string is kept once.
    let n = array.len();
    match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            intern(n, |i| (!a.is_null(i)).then(|| a.value(i)))
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            intern(n, |i| (!a.is_null(i)).then(|| a.value(i)))
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            intern(n, |i| (!a.is_null(i)).then(|| a.value(i)))
        }
        _ => intern(n, |i| str_at(array, i)),
    }
}

/// The codes of the `n` strings `text(0..n)` (`None` for null): each distinct string gets the
/// next code, in the order first seen.
#[inline]
fn intern<'a>(n: usize, text: impl Fn(usize) -> Option<&'a str>) -> Codes {
    let mut names: Vec<String> = Vec::new();
    // The first names' short keys (see `short`), scanned before anything else.
    let mut keys: Vec<u128> = Vec::new();
    let mut rows = Vec::with_capacity(n);
    // A column of ids may hold millions of distinct strings: past a few, a map.
    let mut index: HashMap<&str, u32> = HashMap::new();
    for i in 0..n {
        let Some(text) = text(i) else {
            rows.push(NULL_CODE);
            continue;
        };
        // An enumeration has a few short names: comparing their keys as integers beats both
        // hashing and comparing bytes.
        let key = short(text);
        let known = match key {
            Some(k) => keys.iter().position(|n| *n == k),
            None => None,
        };
        let code = match known {
            Some(p) => u32::try_from(p).unwrap_or(NULL_CODE),
            None => *index.entry(text).or_insert_with(|| {
                if let (Some(k), true) = (key, keys.len() == names.len() && keys.len() < 16) {
                    keys.push(k);
                }
                names.push(text.to_string());
                u32::try_from(names.len() - 1).unwrap_or(NULL_CODE)
            }),
        };
        rows.push(code);
    }
    Codes::new(rows, names)
}

/// A string of at most 15 bytes as one integer (its bytes in the low 15 bytes, its length in the
/// top byte): two such strings are equal exactly when their keys are. `None` for a longer
/// string. Read with word loads rather than a copy (a call per string).
#[inline]
fn short(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let word = |s: Option<&[u8]>| {
        s.and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map(u64::from_le_bytes)
    };
    let half = |s: Option<&[u8]>| {
        s.and_then(|s| <[u8; 4]>::try_from(s).ok())
            .map(u32::from_le_bytes)
    };
    // The first bytes, then the last ones without those they share with the first.
    let low = match n {
        0..=3 => bytes
            .iter()
            .enumerate()
            .fold(0_u128, |v, (i, b)| v | u128::from(*b) << (8 * i)),
        4..=7 => {
            let (first, last) = (half(bytes.get(..4))?, half(bytes.get(n - 4..))?);
            // At 4 bytes the last ones are the first: nothing more (a shift by the whole width).
            let rest = last.checked_shr(8 * (8 - n) as u32).unwrap_or(0);
            u128::from(first) | u128::from(rest) << 32
        }
        8..=15 => {
            let (first, last) = (word(bytes.get(..8))?, word(bytes.get(n - 8..))?);
            let rest = last.checked_shr(8 * (16 - n) as u32).unwrap_or(0);
            u128::from(first) | u128::from(rest) << 64
        }
        _ => return None,
    };
    Some(low | (n as u128) << 120)
}

fn column<'a>(
    table: &str,
    name: &str,
    kind: Kind,
    array: &'a ArrayRef,
) -> Result<Column<'a>, Error> {
    let dt = array.data_type();
    if matches!(dt, DataType::Null) || array.null_count() == array.len() {
        return Ok(Column::Null);
    }
    let ok = match kind {
        Kind::Money => {
            if matches!(
                dt,
                DataType::Float16 | DataType::Float32 | DataType::Float64
            ) {
                return Ok(Column::Money {
                    array: Typed::of(array),
                    float: true,
                });
            }
            matches!(dt, DataType::Decimal128(..)) || is_int(dt) || is_str(dt)
        }
        Kind::Int => is_int(dt),
        Kind::Bool => matches!(dt, DataType::Boolean),
        Kind::Enum | Kind::Text => is_str(dt),
        Kind::Date => matches!(dt, DataType::Date32 | DataType::Date64) || is_str(dt),
    };
    if !ok {
        return Err(wrong_type(table, name, kind, dt));
    }
    Ok(match kind {
        Kind::Money => Column::Money {
            array: Typed::of(array),
            float: false,
        },
        Kind::Int => Column::Int(Typed::of(array)),
        Kind::Bool => Column::Bool(Typed::of(array)),
        Kind::Enum => Column::Enum(codes(array.as_ref())),
        Kind::Text => Column::Text(Strings::of(array.as_ref())),
        Kind::Date => Column::Date(Typed::of(array)),
    })
}

impl Column<'_> {
    /// A money value in fen.
    fn money(&self, i: usize) -> Read<i64> {
        let Column::Money {
            array: typed,
            float,
        } = self
        else {
            return Read::Null;
        };
        if null_at(typed.nulls, i) {
            return Read::Null;
        }
        // The usual column, decimal128 at the fen: the value is the fen.
        if let Fast::Dec(values, 2) = typed.fast {
            return match values.get(i) {
                Some(&f) if (0..=i128::from(MAX_AMOUNT_YUAN) * 100).contains(&f) => {
                    Read::Value(i64::try_from(f).unwrap_or(i64::MAX))
                }
                Some(&f) if f < 0 => Read::Bad(
                    ErrorCode::NegativeAmount,
                    "an amount cannot be negative".into(),
                ),
                _ => Read::Bad(
                    ErrorCode::InvalidMoney,
                    format!("an amount above {MAX_AMOUNT_YUAN} 元 is not accepted"),
                ),
            };
        }
        let array = typed.array;
        if *float {
            return Read::Bad(
                ErrorCode::InvalidMoney,
                "a float cannot carry money exactly: give decimal128, integers (whole 元) or decimal strings".into(),
            );
        }
        let max = i128::from(MAX_AMOUNT_YUAN) * 100;
        let fen = match array.data_type() {
            DataType::Decimal128(_, scale) => {
                let units = array.as_primitive::<Decimal128Type>().value(i);
                let scale = i32::from(*scale);
                if scale <= 2 {
                    units.checked_mul(10_i128.pow(u32::try_from(2 - scale).unwrap_or(0)))
                } else {
                    let p = 10_i128.pow(u32::try_from(scale - 2).unwrap_or(0));
                    (units % p == 0).then(|| units / p)
                }
                .ok_or("has more than two decimals")
            }
            dt if is_int(dt) => int_at(array.as_ref(), i)
                .and_then(|v| v.checked_mul(100))
                .ok_or("is not a whole number of 元"),
            _ => {
                let text = str_at(array.as_ref(), i).unwrap_or_default();
                match crate::money::Money::parse_input(text) {
                    Ok(m) => crate::engine::exact::fen_of(m.0)
                        .map(i128::from)
                        .ok_or("has more than two decimals"),
                    Err(message) => {
                        return match crate::error::split_tag(&message) {
                            Some((code, text)) => Read::Bad(code, text),
                            None => Read::Bad(ErrorCode::InvalidMoney, message),
                        };
                    }
                }
            }
        };
        match fen {
            Ok(f) if f < 0 => Read::Bad(
                ErrorCode::NegativeAmount,
                "an amount cannot be negative".into(),
            ),
            Ok(f) if f > max => Read::Bad(
                ErrorCode::InvalidMoney,
                format!("an amount above {MAX_AMOUNT_YUAN} 元 is not accepted"),
            ),
            Ok(f) => Read::Value(i64::try_from(f).unwrap_or(i64::MAX)),
            Err(why) => Read::Bad(ErrorCode::InvalidMoney, format!("the amount {why}")),
        }
    }

    fn int(&self, i: usize) -> Read<i64> {
        match self {
            Column::Int(typed) if null_at(typed.nulls, i) => Read::Null,
            Column::Int(Typed {
                fast: Fast::I64(values),
                ..
            }) => values.get(i).map_or(Read::Null, |v| Read::Value(*v)),
            Column::Int(typed) => match int_at(typed.array.as_ref(), i) {
                None => Read::Null,
                Some(v) => match i64::try_from(v) {
                    Ok(v) => Read::Value(v),
                    Err(_) => Read::Bad(ErrorCode::OutOfRange, format!("{v} is out of range")),
                },
            },
            _ => Read::Null,
        }
    }

    fn bool(&self, i: usize) -> Read<bool> {
        match self {
            Column::Bool(typed) if !null_at(typed.nulls, i) => match &typed.fast {
                Fast::Bool(bits) if i < bits.len() => Read::Value(bits.value(i)),
                _ => Read::Null,
            },
            _ => Read::Null,
        }
    }

    fn text(&self, i: usize) -> Option<&str> {
        match self {
            Column::Enum(c) => {
                let code = usize::try_from(*c.rows.get(i)?).ok()?;
                c.names.get(code).map(String::as_str)
            }
            _ => None,
        }
    }

    fn enumeration<T: serde::de::DeserializeOwned + Copy + Send + Sync + 'static>(
        &self,
        i: usize,
    ) -> Read<T> {
        let Column::Enum(c) = self else {
            return Read::Null;
        };
        let Some(code) = c.rows.get(i).and_then(|c| usize::try_from(*c).ok()) else {
            return Read::Null;
        };
        let Some(text) = c.names.get(code) else {
            return Read::Null;
        };
        match parsed::<T>(c, code) {
            Some(v) => Read::Value(v),
            None => Read::Bad(
                ErrorCode::InvalidValue,
                format!("`{text}` is not one of the allowed values"),
            ),
        }
    }

    fn date(&self, i: usize) -> Read<Date> {
        let Column::Date(typed) = self else {
            return Read::Null;
        };
        if null_at(typed.nulls, i) {
            return Read::Null;
        }
        if let Fast::Date32(values) = typed.fast {
            return match values
                .get(i)
                .and_then(|d| Date::from_unix_days(i64::from(*d)))
            {
                Some(d) => Read::Value(d),
                None => Read::Bad(
                    ErrorCode::InvalidDate,
                    "not a date between 1900-01-01 and 2199-12-31".into(),
                ),
            };
        }
        let array = typed.array;
        let days = match array.data_type() {
            DataType::Date32 => Some(i64::from(array.as_primitive::<Date32Type>().value(i))),
            DataType::Date64 => Some(
                array
                    .as_primitive::<Date64Type>()
                    .value(i)
                    .div_euclid(86_400_000),
            ),
            _ => None,
        };
        let date = match days {
            Some(d) => Date::from_unix_days(d),
            None => str_at(array.as_ref(), i).and_then(Date::parse),
        };
        match date {
            Some(d) => Read::Value(d),
            None => Read::Bad(
                ErrorCode::InvalidDate,
                "not a date between 1900-01-01 and 2199-12-31".into(),
            ),
        }
    }
}

/// A household id, for joining the tables and for messages.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Id<'a> {
    Int(i128),
    Text(&'a str),
}

/// The `household_id` column of `table`, checked to be there and of a key type.
fn id_column<'a>(table: &str, batch: &'a RecordBatch) -> Result<&'a ArrayRef, Error> {
    let Some(array) = batch.column_by_name("household_id") else {
        return Err(Error::new(
            ErrorCode::MissingField,
            format!("{table}.household_id"),
            format!("the {table} table needs a household_id column"),
        ));
    };
    let dt = array.data_type();
    if !(is_int(dt) || is_str(dt)) {
        return Err(Error::new(
            ErrorCode::InvalidType,
            format!("{table}.household_id"),
            format!("household_id is {dt}; it must be integers or strings"),
        ));
    }
    Ok(array)
}

/// The ids as they lie in the buffer when they are `int64` without nulls (the usual case): the
/// join then reads them in place.
fn plain_ids(array: &ArrayRef) -> Option<&[i64]> {
    match (array.data_type(), array.nulls()) {
        (DataType::Int64, None) => Some(array.as_primitive::<Int64Type>().values()),
        _ => None,
    }
}

fn ids<'a>(table: &str, array: &'a ArrayRef) -> Result<Vec<Id<'a>>, Error> {
    let dt = array.data_type();
    if let Some(values) = plain_ids(array) {
        return Ok(values.iter().map(|v| Id::Int(i128::from(*v))).collect());
    }
    (0..array.len())
        .map(|i| {
            let id = if is_int(dt) {
                int_at(array.as_ref(), i).map(Id::Int)
            } else {
                str_at(array.as_ref(), i).map(Id::Text)
            };
            id.ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingField,
                    format!("{table}[{i}].household_id"),
                    "every row needs a household_id",
                )
            })
        })
        .collect()
}

/// The person rows of each household as offsets (`offsets[h]..offsets[h + 1]`) when the usual
/// layout holds: household ids strictly increasing (so unique) and the persons grouped in the
/// same order. One merge walk, no index; `None` when the layout does not hold.
fn grouped<T: Ord>(hids: &[T], pids: &[T]) -> Option<Vec<usize>> {
    if !hids.windows(2).all(|w| matches!(w, [a, b] if a < b)) {
        return None;
    }
    let mut offsets = Vec::with_capacity(hids.len() + 1);
    offsets.push(0);
    let mut h = 0;
    for (r, pid) in pids.iter().enumerate() {
        while hids.get(h).is_some_and(|hid| hid < pid) {
            h += 1;
            offsets.push(r);
        }
        if hids.get(h) != Some(pid) {
            return None;
        }
    }
    while offsets.len() <= hids.len() {
        offsets.push(pids.len());
    }
    Some(offsets)
}

/// The person rows of each household through an index of the household ids, for any layout:
/// offsets as in [`grouped`] into `rows`, the person rows household by household.
fn index_join<'a>(hids: &[Id<'a>], pids: &[Id<'a>]) -> Result<(Vec<usize>, Vec<u32>), Error> {
    let mut index: HashMap<&Id<'a>, usize> = HashMap::with_capacity(hids.len());
    for (i, id) in hids.iter().enumerate() {
        if index.insert(id, i).is_some() {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                format!("households[{i}].household_id"),
                format!("household_id {id} is used twice"),
            ));
        }
    }
    let mut counts = vec![0_usize; hids.len() + 1];
    let mut of = Vec::with_capacity(pids.len());
    for (r, pid) in pids.iter().enumerate() {
        let Some(&h) = index.get(pid) else {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!("persons[{r}].household_id"),
                format!("household_id {pid} is not in the household table"),
            ));
        };
        if let Some(c) = counts.get_mut(h + 1) {
            *c += 1;
        }
        of.push(h);
    }
    for h in 0..hids.len() {
        let prev = counts.get(h).copied().unwrap_or(0);
        if let Some(c) = counts.get_mut(h + 1) {
            *c += prev;
        }
    }
    let offsets = counts.clone();
    let mut next = counts;
    let mut rows = vec![0_u32; pids.len()];
    for (r, h) in of.into_iter().enumerate() {
        if let Some(slot) = next.get_mut(h) {
            if let Some(row) = rows.get_mut(*slot) {
                *row = u32::try_from(r).unwrap_or(u32::MAX);
            }
            *slot += 1;
        }
    }
    Ok((offsets, rows))
}

impl std::fmt::Display for Id<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Id::Int(v) => write!(f, "{v}"),
            Id::Text(t) => write!(f, "{t:?}"),
        }
    }
}

/// A household table and a person table bound for a run.
pub struct ArrowPopulation<'a> {
    date: Date,
    /// The households' `household_id` column (for messages) and their number.
    ids: &'a ArrayRef,
    households: usize,
    household: Vec<(HField, &'static str, Column<'a>)>,
    person: Vec<(PField, &'static str, Column<'a>)>,
    /// Person rows by household: `rows[offsets[h]..offsets[h + 1]]` (`None`: the identity).
    rows: Option<Vec<u32>>,
    offsets: Vec<usize>,
    /// Whether the person table is read a column at a time (`by_column`).
    by_column: bool,
    /// The members' id column: its place in `person` and the caller's name for it.
    person_ids: Option<(usize, &'a str)>,
}

fn bind_columns<'a, F: Copy + Send + Sync>(
    table: &str,
    batch: &'a RecordBatch,
    all: &[(F, &'static str, Kind)],
    skip: &dyn Fn(&str) -> bool,
    alias: &dyn Fn(&str) -> &str,
    threads: usize,
) -> Result<Vec<(F, &'static str, Column<'a>)>, Error> {
    let schema = batch.schema();
    let mut wanted: Vec<(F, &'static str, Kind, String, &'a ArrayRef)> = Vec::new();
    for (field, array) in schema.fields().iter().zip(batch.columns()) {
        let name = field.name().as_str();
        if name == "household_id" || skip(name) {
            continue;
        }
        let target = alias(name);
        let Some((f, path, kind)) = all.iter().find(|(_, p, _)| *p == target) else {
            // The first unknown column is the error, unless an earlier column's type is wrong:
            // check those first, as a column-by-column bind would.
            for (_, _, kind, earlier, array) in &wanted {
                column(table, earlier, *kind, array)?;
            }
            return Err(Error::new(
                ErrorCode::UnknownField,
                format!("{table}.{name}"),
                format!("`{name}` is not a field of the {table} table"),
            ));
        };
        wanted.push((*f, *path, *kind, name.to_owned(), array));
    }
    let bound = bind_parallel(
        &wanted,
        batch.num_rows(),
        threads,
        |(_, _, kind, name, array)| column(table, name, *kind, array),
    );
    wanted
        .iter()
        .zip(bound)
        .map(|((f, path, ..), c)| c.map(|c| (*f, *path, c)))
        .collect()
}

/// Rows from which a table's columns are bound on several threads.
const PARALLEL_BIND_ROWS: usize = 1 << 16;

/// `bind` applied to every item, in order: on up to `threads` threads (0: the machine's, as a
/// run's [`Options`](crate::columnar::Options)) for a large table (a column of strings is coded
/// through a hash map, the costliest part of binding), else on this thread.
fn bind_parallel<T: Sync, R: Send>(
    items: &[T],
    rows: usize,
    threads: usize,
    bind: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = crate::batch::thread_count(threads);
    if rows < PARALLEL_BIND_ROWS || threads < 2 || items.len() < 2 {
        return items.iter().map(&bind).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut parts: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(items.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, bind(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    if parts.len() != items.len() {
        // A worker stopped short (it cannot, short of a defect): bind here rather than lose a
        // column.
        return items.iter().map(&bind).collect();
    }
    parts.sort_unstable_by_key(|(i, _)| *i);
    parts.into_iter().map(|(_, r)| r).collect()
}

impl<'a> ArrowPopulation<'a> {
    /// Binds the tables for a run on `date`. `skip` names columns that are not request fields
    /// (weights, pass-through columns); `person_id` is the members' `id`. Errors here concern a
    /// whole column (an unknown name, a wrong type) or the join (`household_id`).
    pub fn bind(
        households: &'a RecordBatch,
        persons: &'a RecordBatch,
        date: Date,
        skip: &dyn Fn(&str) -> bool,
    ) -> Result<ArrowPopulation<'a>, Error> {
        ArrowPopulation::bind_threads(households, persons, date, skip, 0)
    }

    /// [`ArrowPopulation::bind`] on up to `threads` threads (0: the machine's), as the run that
    /// follows is given.
    pub fn bind_threads(
        households: &'a RecordBatch,
        persons: &'a RecordBatch,
        date: Date,
        skip: &dyn Fn(&str) -> bool,
        threads: usize,
    ) -> Result<ArrowPopulation<'a>, Error> {
        let household = bind_columns("households", households, HField::ALL, skip, &|n| n, threads)?;
        let person = bind_columns(
            "persons",
            persons,
            PField::ALL,
            skip,
            &|n| if n == "person_id" { "id" } else { n },
            threads,
        )?;
        let (hcol, pcol) = (
            id_column("households", households)?,
            id_column("persons", persons)?,
        );
        let fast = match (plain_ids(hcol), plain_ids(pcol)) {
            (Some(h), Some(p)) => grouped(h, p),
            _ => None,
        };
        let (count, offsets, rows) = match fast {
            Some(offsets) => (hcol.len(), offsets, None),
            None => {
                let hids = ids("households", hcol)?;
                let pids = ids("persons", pcol)?;
                match grouped(&hids, &pids) {
                    Some(offsets) => (hids.len(), offsets, None),
                    None => {
                        let (offsets, rows) = index_join(&hids, &pids)?;
                        (hids.len(), offsets, Some(rows))
                    }
                }
            }
        };
        let mut names: Vec<&str> = person.iter().map(|(_, name, _)| *name).collect();
        names.sort_unstable();
        let unique = names.windows(2).all(|w| w.first() != w.get(1));
        let by_column = unique && person.iter().all(|(_, _, c)| by_column::by_column(c));
        let person_ids = person
            .iter()
            .position(|(f, _, c)| *f == PField::Id && matches!(c, Column::Text(_)))
            .map(|at| {
                let name = persons
                    .schema_ref()
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .find(|n| *n == "person_id")
                    .unwrap_or("id");
                (at, name)
            });
        Ok(ArrowPopulation {
            date,
            ids: hcol,
            households: count,
            household,
            person,
            rows,
            offsets,
            by_column,
            person_ids,
        })
    }

    /// The caller's id of household `index`, for messages.
    pub fn id(&self, index: usize) -> String {
        let array = self.ids.as_ref();
        let id = if is_int(array.data_type()) {
            int_at(array, index).map(Id::Int)
        } else {
            str_at(array, index).map(Id::Text)
        };
        id.map(|id| id.to_string()).unwrap_or_default()
    }

    fn row(&self, k: usize) -> usize {
        match &self.rows {
            None => k,
            Some(rows) => rows.get(k).map_or(usize::MAX, |r| *r as usize),
        }
    }
}

/// Member ids of a household held while its ids are checked (a larger household's later ids
/// are read again for each comparison).
const HELD_IDS: usize = 16;

/// Whether two ids are equal: ids of one household differ mostly in their length or their last
/// byte (`p1`, `p2`), tested before the bytes are compared.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

fn bad(table: &str, row: usize, column: &str, code: ErrorCode, message: &str, id: &str) -> Error {
    Error::new(
        code,
        format!("{table}[{row}].{column}"),
        format!("{message} (household {id})"),
    )
}

macro_rules! take {
    ($read:expr, $table:expr, $row:expr, $col:expr, $id:expr) => {
        match $read {
            Read::Null => None,
            Read::Value(v) => Some(v),
            Read::Bad(code, m) => return Err(bad($table, $row, $col, code, &m, &$id())),
        }
    };
}

impl Households for ArrowPopulation<'_> {
    fn len(&self) -> usize {
        self.households
    }

    fn gather(
        &self,
        index: usize,
        members: &mut Vec<PersonFacts>,
    ) -> Result<HouseholdFacts<'static>, Error> {
        members.clear();
        let id = || self.id(index);
        let (base, persons) = self.household(index)?;
        for k in persons.clone() {
            let r = self.row(k);
            members.push(self.person(r, &id)?);
        }
        self.check_ids(persons, &id)?;
        Ok(base)
    }

    fn gather_block(&self, range: Range<usize>, block: &mut Block) {
        if self.by_column {
            self.gather_columns(range, block);
        } else {
            super::gather_each(self, range, block);
        }
    }
}

impl ArrowPopulation<'_> {
    /// The positions of household `index`'s members in the person order ([`Self::row`]).
    fn person_range(&self, index: usize) -> Range<usize> {
        let start = self.offsets.get(index).copied().unwrap_or(0);
        start..self.offsets.get(index + 1).copied().unwrap_or(start)
    }

    /// The members' ids of one household (the person rows of `persons`), when given, are
    /// unique and not blank, as a request's member ids must be.
    fn check_ids(&self, persons: Range<usize>, id: &dyn Fn() -> String) -> Result<(), Error> {
        let Some((at, name)) = self.person_ids else {
            return Ok(());
        };
        let Some((_, _, Column::Text(array))) = self.person.get(at) else {
            return Ok(());
        };
        let text = |k: usize| array.get(self.row(k));
        // The first ids, read once: each is compared with every later one.
        let mut held: [Option<&str>; HELD_IDS] = [None; HELD_IDS];
        for (n, k) in persons.clone().enumerate() {
            let own = text(k);
            if let Some(slot) = held.get_mut(n) {
                *slot = own;
            }
            let Some(own) = own else {
                continue;
            };
            let r = self.row(k);
            if crate::validate::blank_id(own) {
                return Err(bad(
                    "persons",
                    r,
                    name,
                    ErrorCode::InvalidValue,
                    "a member needs a non-empty id",
                    &id(),
                ));
            }
            let used = match held.get(..n) {
                Some(earlier) => earlier.iter().any(|e| e.is_some_and(|e| same(e, own))),
                None => (persons.start..k).any(|j| text(j).is_some_and(|e| same(e, own))),
            };
            if used {
                return Err(bad(
                    "persons",
                    r,
                    name,
                    ErrorCode::DuplicateId,
                    &format!("the id `{own}` is used by another member"),
                    &id(),
                ));
            }
        }
        Ok(())
    }

    /// Household `index`'s own facts (`members` empty) and the range of its members in the
    /// person order (`row` gives their rows); an error for a bad household value or member
    /// count.
    fn household(&self, index: usize) -> Result<(HouseholdFacts<'static>, Range<usize>), Error> {
        let id = || self.id(index);
        let mut district = None;
        let mut area = None;
        let mut assets = AssetFacts::default();
        let mut rigid: Option<i64> = None;
        for (field, name, col) in &self.household {
            let (t, r) = ("households", index);
            match field {
                HField::District => {
                    district = take!(col.enumeration::<District>(r), t, r, name, id)
                }
                HField::Area => area = take!(col.enumeration::<Area>(r), t, r, name, id),
                HField::ExtraDwellings => {
                    if let Some(v) = take!(col.int(r), t, r, name, id) {
                        if v < 0 {
                            return Err(bad(
                                t,
                                r,
                                name,
                                ErrorCode::OutOfRange,
                                "the number of dwellings cannot be negative",
                                &id(),
                            ));
                        }
                        assets.extra_dwellings = v;
                    }
                }
                HField::Vehicles => {
                    assets.vehicles = take!(col.money(r), t, r, name, id).unwrap_or(0)
                }
                HField::NonResidential => {
                    if let Some(v) = take!(col.int(r), t, r, name, id) {
                        if v < 0 {
                            return Err(bad(
                                t,
                                r,
                                name,
                                ErrorCode::OutOfRange,
                                "the number of properties cannot be negative",
                                &id(),
                            ));
                        }
                        assets.non_residential = v;
                    }
                }
                HField::BusinessRegistration => {
                    assets.business_registration =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                HField::LivelihoodVehicle => {
                    assets.livelihood_vehicle = take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                HField::RigidBasicLiving
                | HField::RigidMedical
                | HField::RigidEducation
                | HField::RigidRehabilitation => {
                    if let Some(v) = take!(col.money(r), t, r, name, id) {
                        rigid = Some(rigid.unwrap_or(0).saturating_add(v));
                    }
                }
                _ => {
                    assets.financial = assets
                        .financial
                        .saturating_add(take!(col.money(r), t, r, name, id).unwrap_or(0))
                }
            }
        }
        let Some(district) = district else {
            return Err(Error::new(
                ErrorCode::MissingField,
                format!("households[{index}].district"),
                format!("every household needs a district (household {})", id()),
            ));
        };
        let Some(area) = area else {
            return Err(Error::new(
                ErrorCode::MissingField,
                format!("households[{index}].area"),
                format!("every household needs an area (household {})", id()),
            ));
        };
        let (start, end) = (
            self.offsets.get(index).copied().unwrap_or(0),
            self.offsets.get(index + 1).copied().unwrap_or(0),
        );
        if start == end {
            return Err(Error::new(
                ErrorCode::NoMembers,
                format!("households[{index}]"),
                format!("household {} has no members in the person table", id()),
            ));
        }
        if end - start > MAX_MEMBERS {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                format!("households[{index}]"),
                format!(
                    "household {} has {} members; at most {MAX_MEMBERS} are accepted",
                    id(),
                    end - start
                ),
            ));
        }
        Ok((
            HouseholdFacts {
                district,
                area,
                assets,
                rigid_expenditure: rigid.map(|total| RigidFacts { total }),
                members: &[],
                common: Common::default(),
            },
            start..end,
        ))
    }
}

impl ArrowPopulation<'_> {
    fn person(&self, r: usize, id: &dyn Fn() -> String) -> Result<PersonFacts, Error> {
        let t = "persons";
        let mut st = Staged::default();
        let Staged {
            p,
            age,
            birth,
            hukou,
            category,
            grade,
            meals,
            meal_price,
            delivered,
            care_level,
        } = &mut st;
        let inc = &mut p.income;
        for (field, name, col) in &self.person {
            let money = |c: &Column<'_>| c.money(r);
            match field {
                PField::Id => {}
                PField::Age => *age = take!(col.int(r), t, r, name, id),
                PField::BirthDate => *birth = take!(col.date(r), t, r, name, id),
                PField::Hukou => *hukou = take!(col.enumeration::<Hukou>(r), t, r, name, id),
                PField::Relationship => {
                    p.relationship = take!(col.enumeration::<Relationship>(r), t, r, name, id)
                }
                PField::Sex => p.sex = take!(col.enumeration::<Sex>(r), t, r, name, id),
                PField::DisabilityCategory => {
                    *category = take!(col.enumeration::<DisabilityCategory>(r), t, r, name, id)
                }
                PField::DisabilityGrade => *grade = take!(col.int(r), t, r, name, id),
                PField::AbilityLevel => {
                    p.ability_level = take!(col.enumeration::<AbilityLevel>(r), t, r, name, id)
                }
                PField::AdlUnmet => p.adl_unmet = take!(col.int(r), t, r, name, id),
                PField::Supporters => {
                    p.supporters =
                        take!(col.enumeration::<Supporters>(r), t, r, name, id).unwrap_or_default()
                }
                PField::HomeCareSubsidy => {
                    p.home_care_subsidy = take!(money(col), t, r, name, id).unwrap_or(0)
                }
                PField::ServiceDisabilityGrade => {
                    p.service_disability_grade = take!(col.int(r), t, r, name, id)
                }
                PField::ElderlyCareSubsidy => {
                    p.elderly_care_subsidy = take!(money(col), t, r, name, id).unwrap_or(0)
                }
                PField::DisabilitySubsidyApproved => {
                    p.disability_subsidy_approved = take!(col.date(r), t, r, name, id)
                }
                PField::HomeCareFunding => {
                    if let Some(text) = col.text(r) {
                        for part in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                            match serde_json::from_value::<HomeCareType>(serde_json::Value::String(
                                part.to_string(),
                            )) {
                                Ok(HomeCareType::Type1) => p.home_care_type1 = true,
                                Ok(HomeCareType::Type2) => p.home_care_type2 = true,
                                Err(_) => {
                                    return Err(bad(
                                        t,
                                        r,
                                        name,
                                        ErrorCode::InvalidValue,
                                        &format!("`{part}` is not one of type1, type2"),
                                        &id(),
                                    ));
                                }
                            }
                        }
                    }
                }
                PField::Meals => *meals = take!(col.int(r), t, r, name, id),
                PField::MealPrice => *meal_price = take!(money(col), t, r, name, id),
                PField::DeliveredMeals => *delivered = take!(col.int(r), t, r, name, id),
                PField::MealCareLevel => *care_level = take!(col.int(r), t, r, name, id),
                PField::Wages => inc.wages = take!(money(col), t, r, name, id).unwrap_or(0),
                PField::EmploymentCosts => {
                    inc.employment_costs = take!(money(col), t, r, name, id).unwrap_or(0)
                }
                PField::BusinessNet
                | PField::PropertyNet
                | PField::TransferNet
                | PField::OtherIncome => {
                    inc.other_counted = inc
                        .other_counted
                        .saturating_add(take!(money(col), t, r, name, id).unwrap_or(0));
                }
                PField::RigidDeduction => {
                    inc.rigid_deduction = take!(money(col), t, r, name, id).unwrap_or(0)
                }
                PField::Pension | PField::SocialInsurance | PField::LongevityAllowance => {
                    inc.pensions = inc
                        .pensions
                        .saturating_add(take!(money(col), t, r, name, id).unwrap_or(0));
                }
                PField::PreferentialPension
                | PField::FamilyPlanningAward
                | PField::Scholarship
                | PField::HeroismAward
                | PField::SocialAssistance
                | PField::BasicPensionCentral
                | PField::DisabilitySubsidies => {
                    inc.excluded = inc
                        .excluded
                        .saturating_add(take!(money(col), t, r, name, id).unwrap_or(0));
                }
                PField::SeriousIllness => {
                    p.flags.serious_illness = take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::FullTimeStudent => {
                    p.flags.full_time_student = take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::Childless => {
                    p.flags.childless = take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::OutpatientSpecialDisease => {
                    p.flags.outpatient_special_disease =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::Orphan => {
                    p.flags.orphan = take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::DeFactoUnsupportedChild => {
                    p.flags.de_facto_unsupported_child =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::LivesInInstitution => {
                    p.flags.lives_in_institution =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::ChildChoosesTekun => {
                    p.flags.child_chooses_tekun =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::UnemploymentBenefit => {
                    p.flags.unemployment_benefit =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::PreferentialCareRecipient => {
                    p.flags.preferential_care_recipient =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::WorkInjuryCareAllowance => {
                    p.flags.work_injury_care_allowance =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
                PField::RetiredCadreLixiu => {
                    p.flags.retired_cadre_lixiu =
                        take!(col.bool(r), t, r, name, id).unwrap_or(false)
                }
            }
        }
        self.finish(&mut st, r, id)?;
        Ok(st.p)
    }

    /// A member's facts from the values read from their row: the checks across fields (age or
    /// birth date, the disability certificate, meal aid) as the request's validation does them.
    /// The facts are completed in place, in `st.p` (on an error `st.p` is left part-completed).
    fn finish(&self, st: &mut Staged, r: usize, id: &dyn Fn() -> String) -> Result<(), Error> {
        let t = "persons";
        let Staged {
            p,
            age,
            birth,
            hukou,
            category,
            grade,
            meals,
            meal_price,
            delivered,
            care_level,
        } = st;
        let (age, birth, hukou, category, grade) = (*age, *birth, *hukou, *category, *grade);
        let (meals, meal_price, delivered, care_level) =
            (*meals, *meal_price, *delivered, *care_level);
        let fail = |column: &str, code: ErrorCode, message: String| {
            Err(bad(t, r, column, code, &message, &id()))
        };
        p.age = match (age, birth) {
            (Some(_), Some(_)) => {
                return fail(
                    "age",
                    ErrorCode::ConflictingFields,
                    "give either age or birth_date, not both".into(),
                );
            }
            (None, None) => {
                return fail(
                    "age",
                    ErrorCode::MissingField,
                    "give age or birth_date".into(),
                );
            }
            (Some(a), None) if (0..=MAX_AGE).contains(&a) => u32::try_from(a).unwrap_or(0),
            (Some(a), None) => {
                return fail(
                    "age",
                    ErrorCode::OutOfRange,
                    format!("age {a} is outside 0–{MAX_AGE}"),
                );
            }
            (None, Some(b)) => match b.age_on(self.date) {
                Some(a) if i64::from(a) <= MAX_AGE => a,
                Some(a) => {
                    return fail(
                        "birth_date",
                        ErrorCode::OutOfRange,
                        format!("age {a} is outside 0–{MAX_AGE}"),
                    );
                }
                None => {
                    return fail(
                        "birth_date",
                        ErrorCode::ConflictingFields,
                        format!("born {b}, after the calculation date {}", self.date),
                    );
                }
            },
        };
        let Some(h) = hukou else {
            return fail(
                "hukou",
                ErrorCode::MissingField,
                "every person needs a hukou".into(),
            );
        };
        p.hukou = h;
        p.disability = match (category, grade) {
            (None, None) => None,
            (Some(category), Some(grade)) if (1..=4).contains(&grade) => {
                Some(Disability { category, grade })
            }
            (Some(_), Some(g)) => {
                return fail(
                    "disability.grade",
                    ErrorCode::OutOfRange,
                    format!("disability grade {g} is outside 1–4"),
                );
            }
            (Some(_), None) => {
                return fail(
                    "disability.grade",
                    ErrorCode::MissingField,
                    "a disability category needs a grade".into(),
                );
            }
            (None, Some(_)) => {
                return fail(
                    "disability.category",
                    ErrorCode::MissingField,
                    "a disability grade needs a category".into(),
                );
            }
        };
        if let Some(n) = p.adl_unmet.filter(|n| !(0..=6).contains(n)) {
            return fail(
                "adl_unmet",
                ErrorCode::OutOfRange,
                format!("{n} activities not met is outside 0–6"),
            );
        }
        if let Some(g) = p.service_disability_grade.filter(|g| !(1..=10).contains(g)) {
            return fail(
                "service_disability_grade",
                ErrorCode::OutOfRange,
                format!("grade {g} is outside 1–10"),
            );
        }
        if meals.is_some() || meal_price.is_some() || delivered.is_some() || care_level.is_some() {
            let Some(meals) = meals else {
                return fail(
                    "meal_aid.meals",
                    ErrorCode::MissingField,
                    "meal aid needs the number of meals".into(),
                );
            };
            let Some(meal_price) = meal_price else {
                return fail(
                    "meal_aid.meal_price",
                    ErrorCode::MissingField,
                    "meal aid needs the price of a meal".into(),
                );
            };
            let delivered = delivered.unwrap_or(0);
            if !(0..=62).contains(&meals) {
                return fail(
                    "meal_aid.meals",
                    ErrorCode::OutOfRange,
                    format!("{meals} meals is outside 0–62 (two a day)"),
                );
            }
            if !(0..=meals).contains(&delivered) {
                return fail(
                    "meal_aid.delivered_meals",
                    ErrorCode::OutOfRange,
                    format!("{delivered} delivered meals is outside 0–{meals}"),
                );
            }
            match care_level {
                Some(l) if !(1..=5).contains(&l) => {
                    return fail(
                        "meal_aid.care_level",
                        ErrorCode::OutOfRange,
                        format!("care level {l} is outside 1–5"),
                    );
                }
                None if delivered > 0 => {
                    return fail(
                        "meal_aid.care_level",
                        ErrorCode::MissingField,
                        "delivered meals need the care level".into(),
                    );
                }
                _ => {}
            }
            p.meal_aid = Some(MealFacts {
                meals,
                meal_price,
                delivered_meals: delivered,
                care_level,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_same_when_equal() {
        for (a, b) in [("", ""), ("p1", "p1"), ("张三", "张三"), ("a-1", "a-1")] {
            assert!(same(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("p1", "p2"),
            ("p1", "p10"),
            ("", "x"),
            ("ab", "bb"),
            ("张三", "张四"),
        ] {
            assert!(!same(a, b), "{a} {b}");
            assert!(!same(b, a), "{b} {a}");
        }
    }

    #[test]
    fn enumeration_codes_follow_first_sight_whatever_the_names_length() {
        let long = "a name longer than fifteen bytes";
        let mut texts: Vec<Option<String>> = Vec::new();
        for i in 0..40 {
            texts.push(Some(format!("n{}", i % 20)));
            texts.push(None);
            texts.push(Some(long.to_string()));
            texts.push(Some(format!("{long}{}", i % 3)));
        }
        texts.push(Some(String::new()));
        let array = arrow_array::StringArray::from(texts.clone());
        let codes = codes(&array);
        for (row, text) in texts.iter().enumerate() {
            let code = codes.rows[row];
            match text {
                None => assert_eq!(code, NULL_CODE),
                Some(t) => assert_eq!(&codes.names[code as usize], t, "row {row}"),
            }
        }
        let mut distinct = codes.names.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), codes.names.len());
        assert_eq!(codes.names.len(), 20 + 1 + 3 + 1);
        assert_eq!(short("abc"), short("abc"));
        assert_ne!(short("abc"), short("abc\0"));
        assert_ne!(short(""), short("\0"));
        assert!(short("fifteen bytes!!").is_some());
        // Every length up to 15 and every byte position counts.
        let base = "abcdefghijklmno";
        let mut seen = std::collections::HashSet::new();
        for n in 0..=15 {
            let s = &base[..n];
            assert!(seen.insert(short(s)), "{s}");
            for i in 0..n {
                let mut other = s.as_bytes().to_vec();
                other[i] = b'Z';
                let other = String::from_utf8(other).unwrap();
                assert!(seen.insert(short(&other)), "{other}");
            }
        }
        assert!(short("sixteen bytes!!!").is_none());
    }

    #[test]
    fn blank_ids_are_those_trim_empties() {
        use crate::validate::blank_id as blank;
        for id in ["", " ", "\t\n", "\u{b}", "\u{3000}", " \u{3000} "] {
            assert!(blank(id), "{id:?}");
        }
        for id in ["a", " a", "\u{3000}张", "张", "0", "\u{b}x"] {
            assert!(!blank(id), "{id:?}");
        }
        for b in 0_u8..=127 {
            let id = String::from(char::from(b));
            assert_eq!(blank(&id), id.trim().is_empty(), "byte {b}");
        }
    }
}
