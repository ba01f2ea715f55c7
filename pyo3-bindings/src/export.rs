//! A run's outcome as one Arrow table (one record batch per scenario), sharing the engine's
//! columns instead of copying them.
//!
//! The engine writes each programme's statuses, reasons and amounts as plain columns
//! ([`minzheng::columnar::Outcome`]). Those columns become the Arrow arrays' buffers as they
//! are: each buffer views the bytes of one column and keeps the outcome alive
//! ([`bytes::Bytes::from_owner`]), so statuses, reasons, districts and (with
//! [`Money::Fen`]) every amount cross to Python without a copy or a new allocation. Only what
//! the engine does not hold is computed: the annual figures, the null masks and, with
//! [`Money::Decimal`], the `decimal128` amounts (16 bytes a value).

use std::sync::Arc;

use arrow_array::types::{Int8Type, UInt8Type};
use arrow_array::{
    Array, ArrayRef, Decimal128Array, DictionaryArray, Int8Array, Int64Array, PrimitiveArray,
    RecordBatch, StringArray, UInt8Array,
};
use arrow_buffer::{ArrowNativeType, BooleanBuffer, Buffer, NullBuffer, ScalarBuffer, ToByteSlice};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use minzheng::columnar::{Outcome, STATUSES, WIDTH};
use minzheng::engine::{PROGRAMMES, reasons};
use minzheng::region::District;
use minzheng::{Error, ErrorCode};

use crate::columnar::{Columns, wire_name};

/// How the exported table gives amounts of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Money {
    /// `decimal128(18, 2)` yuan (`decimal128(38, 2)` for the annual figures): exact, and read
    /// by pandas as `Decimal`, but 16 bytes a value, each converted.
    Decimal,
    /// `int64` whole fen, in columns named `…_fen`: the engine's own columns, shared.
    Fen,
}

impl Money {
    /// The `money` argument: `"decimal"` or `"fen"`.
    pub(crate) fn parse(text: &str) -> Result<Money, Error> {
        match text {
            "decimal" => Ok(Money::Decimal),
            "fen" => Ok(Money::Fen),
            other => Err(Error::new(
                ErrorCode::InvalidValue,
                "money",
                format!("money must be \"decimal\" or \"fen\", not {other:?}"),
            )),
        }
    }

    /// A money column's name: `dibao.monthly` or `dibao.monthly_fen`.
    fn name(self, base: &str) -> String {
        match self {
            Money::Decimal => base.to_string(),
            Money::Fen => format!("{base}_fen"),
        }
    }

    fn monthly(self) -> DataType {
        match self {
            Money::Decimal => DataType::Decimal128(18, 2),
            Money::Fen => DataType::Int64,
        }
    }

    fn annual(self) -> DataType {
        match self {
            Money::Decimal => DataType::Decimal128(38, 2),
            Money::Fen => DataType::Int64,
        }
    }
}

/// Which column of an outcome a shared buffer views.
#[derive(Clone, Copy, Debug)]
enum Part {
    Status(usize, usize),
    Reason(usize, usize),
    Monthly(usize, usize),
    OneOff(usize, usize),
    MonthlyTotal(usize),
    OneOffTotal(usize),
    District,
    Income,
}

/// The owner of a shared buffer: the outcome (kept alive while Python holds the array) and the
/// column the buffer views. The outcome is never changed once shared (`Columns` is frozen).
struct Shared {
    outcome: Arc<Outcome>,
    part: Part,
}

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        let o = &*self.outcome;
        let column = |s: usize| o.scenarios.get(s);
        match self.part {
            Part::Status(s, p) => column(s)
                .and_then(|c| c.status.get(p))
                .map(|v| v.as_slice()),
            Part::Reason(s, p) => column(s)
                .and_then(|c| c.reason.get(p))
                .map(|v| v.as_slice()),
            Part::Monthly(s, p) => column(s)
                .and_then(|c| c.monthly.get(p))
                .map(|v| v.to_byte_slice()),
            Part::OneOff(s, p) => column(s)
                .and_then(|c| c.one_off.get(p))
                .map(|v| v.to_byte_slice()),
            Part::MonthlyTotal(s) => column(s).map(|c| c.monthly_total.to_byte_slice()),
            Part::OneOffTotal(s) => column(s).map(|c| c.one_off_total.to_byte_slice()),
            Part::District => Some(o.facts.district.as_slice()),
            Part::Income => Some(o.facts.income.to_byte_slice()),
        }
        .unwrap_or(&[])
    }
}

/// The values of one of the outcome's columns as an Arrow buffer of `n` values, without a copy.
fn shared<T: ArrowNativeType>(
    outcome: &Arc<Outcome>,
    part: Part,
    n: usize,
) -> Result<ScalarBuffer<T>, ArrowError> {
    let owner = Shared {
        outcome: Arc::clone(outcome),
        part,
    };
    let buffer = Buffer::from(bytes::Bytes::from_owner(owner));
    if buffer.len() != n * std::mem::size_of::<T>() {
        return Err(ArrowError::InvalidArgumentError(format!(
            "the engine's column {part:?} holds {} bytes, not {n} values",
            buffer.len()
        )));
    }
    // A `Vec<T>`'s memory is aligned for `T`, so this view is too.
    Ok(ScalarBuffer::from(buffer))
}

/// A dictionary array over shared `u8` codes: `valid` says which codes are values.
fn coded(
    keys: ScalarBuffer<u8>,
    valid: Option<NullBuffer>,
    values: &ArrayRef,
) -> Result<ArrayRef, ArrowError> {
    let keys = UInt8Array::try_new(keys, valid)?;
    Ok(Arc::new(DictionaryArray::<UInt8Type>::try_new(
        keys,
        Arc::clone(values),
    )?))
}

fn dict_type(key: DataType) -> DataType {
    DataType::Dictionary(Box::new(key), Box::new(DataType::Utf8))
}

/// Shared fen as the table's money type (a copy only for decimals).
fn money_shared(
    money: Money,
    fen: ScalarBuffer<i64>,
    nulls: Option<NullBuffer>,
) -> Result<ArrayRef, ArrowError> {
    Ok(match money {
        Money::Fen => Arc::new(Int64Array::try_new(fen, nulls)?),
        Money::Decimal => Arc::new(
            PrimitiveArray::<arrow_array::types::Decimal128Type>::try_new(
                fen.iter().map(|v| i128::from(*v)).collect(),
                nulls,
            )?
            .with_precision_and_scale(18, 2)?,
        ),
    })
}

fn overflow(what: &str) -> ArrowError {
    ArrowError::ComputeError(format!(
        "{what} does not fit a 64-bit count of fen; export with money=\"decimal\""
    ))
}

/// A bitmap of `n` bits, bit `i` set when `test` holds for `values[i]` (unset past the end of
/// `values`). Built 64 values to a word, a loop the compiler can vectorise.
fn bits<T: Copy>(values: &[T], n: usize, test: impl Fn(T) -> bool) -> BooleanBuffer {
    let values = values.get(..n).unwrap_or(values);
    let mut words: Vec<u64> = values
        .chunks(64)
        .map(|chunk| {
            chunk
                .iter()
                .enumerate()
                .fold(0_u64, |word, (j, v)| word | (u64::from(test(*v)) << j))
        })
        .collect();
    words.resize(n.div_ceil(64), 0);
    BooleanBuffer::new(Buffer::from_vec(words), 0, n)
}

/// The dictionaries every batch shares.
struct Dictionaries {
    scenarios: ArrayRef,
    districts: ArrayRef,
    statuses: ArrayRef,
    /// `""` then the catalogue, so a reason column's code (0 none, `i + 1` the catalogue's
    /// `i`) is its key; code 0 and [`reasons::UNKNOWN`] are null.
    reasons: ArrayRef,
}

impl Dictionaries {
    fn of(columns: &Columns) -> Dictionaries {
        let districts: Vec<&str> = District::ALL.iter().map(|d| d.as_str()).collect();
        let statuses: Vec<String> = STATUSES.iter().map(wire_name).collect();
        let reasons: Vec<&str> = std::iter::once("")
            .chain(reasons::CATALOGUE.iter().copied())
            .collect();
        Dictionaries {
            scenarios: Arc::new(StringArray::from_iter_values(&columns.scenarios)),
            districts: Arc::new(StringArray::from(districts)),
            statuses: Arc::new(StringArray::from_iter_values(statuses)),
            reasons: Arc::new(StringArray::from(reasons)),
        }
    }
}

impl Columns {
    /// Which programmes pay a one-off amount to any household under any scenario.
    fn one_off_paid(&self) -> Vec<bool> {
        (0..WIDTH)
            .map(|p| {
                self.outcome.scenarios.iter().any(|s| {
                    s.has_one_off
                        .get(p)
                        .is_some_and(|column| column.iter().any(|b| *b))
                })
            })
            .collect()
    }

    fn schema(&self, one_off: &[bool], money: Money) -> SchemaRef {
        let mut fields = vec![
            Field::new("household_id", self.ids.data_type().clone(), false),
            Field::new("scenario", dict_type(DataType::Int8), false),
            Field::new("members", DataType::Int64, false),
            Field::new("district", dict_type(DataType::UInt8), true),
            Field::new(money.name("income"), money.monthly(), false),
            Field::new(money.name("monthly_total"), money.monthly(), false),
            Field::new(money.name("one_off_total"), money.monthly(), false),
            Field::new(money.name("annual_total"), money.annual(), false),
            Field::new(money.name("annual_change"), money.annual(), false),
        ];
        for (p, programme) in PROGRAMMES.iter().enumerate() {
            let name = wire_name(programme);
            let status = dict_type(DataType::UInt8);
            fields.push(Field::new(format!("{name}.status"), status, false));
            let reason = dict_type(DataType::UInt8);
            fields.push(Field::new(format!("{name}.reason"), reason, true));
            let monthly = money.name(&format!("{name}.monthly"));
            fields.push(Field::new(monthly, money.monthly(), false));
            if one_off.get(p).copied().unwrap_or(false) {
                let one_off = money.name(&format!("{name}.one_off"));
                fields.push(Field::new(one_off, money.monthly(), true));
            }
        }
        Arc::new(Schema::new(fields))
    }

    /// Scenario `s`'s monthly and one-off totals per household, fen: the engine's columns
    /// (summed as the run wrote each household), shared.
    fn totals(&self, s: usize) -> Result<Totals, ArrowError> {
        let n = self.outcome.households;
        if !self
            .outcome
            .scenarios
            .get(s)
            .is_some_and(|c| c.totals_fit())
        {
            return Err(overflow("a household's monthly or one-off total"));
        }
        Ok((
            shared(&self.outcome, Part::MonthlyTotal(s), n)?,
            shared(&self.outcome, Part::OneOffTotal(s), n)?,
        ))
    }

    /// The annual amounts (12 × monthly + one-off) of `totals`, fen, as the table gives them:
    /// `i128` for decimals (it always fits), checked `i64` for whole fen. Built straight into
    /// the table's width: a run of 10^6 households holds no 16-byte copy it does not export.
    fn annual(totals: &Totals, money: Money) -> Result<Annual, ArrowError> {
        let (monthly, one_off) = totals;
        let pairs = monthly.iter().zip(one_off);
        Ok(match money {
            Money::Decimal => Annual::Wide(
                pairs
                    .map(|(m, o)| i128::from(*m) * 12 + i128::from(*o))
                    .collect(),
            ),
            Money::Fen => Annual::Fen(
                pairs
                    .map(|(m, o)| m.checked_mul(12).and_then(|y| y.checked_add(*o)))
                    .collect::<Option<Vec<i64>>>()
                    .ok_or_else(|| overflow("a household's annual total"))?,
            ),
        })
    }

    fn batch(
        &self,
        s: usize,
        schema: &SchemaRef,
        money: Money,
        one_off: &[bool],
        context: &Context,
    ) -> Result<RecordBatch, ArrowError> {
        let n = self.outcome.households;
        let outcome = &self.outcome;
        let key = i8::try_from(s)
            .map_err(|_| ArrowError::InvalidArgumentError("at most 127 scenarios".to_string()))?;
        let totals = if s == 0 {
            context.base_totals.clone()
        } else {
            self.totals(s)?
        };
        let annual = Columns::annual(&totals, money)?;
        let change = annual.minus(&context.base)?;
        let (monthly_total, one_off_total) = totals;
        let d = &context.dictionaries;
        let mut arrays: Vec<ArrayRef> = vec![
            self.ids.clone(),
            Arc::new(DictionaryArray::<Int8Type>::try_new(
                Int8Array::from(vec![key; n]),
                Arc::clone(&d.scenarios),
            )?),
            Arc::clone(&context.members),
            coded(
                shared(outcome, Part::District, n)?,
                Some(context.district.clone()),
                &d.districts,
            )?,
            money_shared(money, shared(outcome, Part::Income, n)?, None)?,
            money_shared(money, monthly_total, None)?,
            money_shared(money, one_off_total, None)?,
            annual.into_array()?,
            change.into_array()?,
        ];
        let reason_valid = |p: usize| -> Option<NullBuffer> {
            let codes = outcome.scenarios.get(s).and_then(|c| c.reason.get(p))?;
            let last = reasons::CATALOGUE.len();
            Some(NullBuffer::new(bits(codes, n, |c| {
                c != 0 && usize::from(c) <= last
            })))
        };
        for p in 0..WIDTH {
            arrays.push(coded(
                shared(outcome, Part::Status(s, p), n)?,
                None,
                &d.statuses,
            )?);
            arrays.push(coded(
                shared(outcome, Part::Reason(s, p), n)?,
                reason_valid(p),
                &d.reasons,
            )?);
            let monthly = shared(outcome, Part::Monthly(s, p), n)?;
            arrays.push(money_shared(money, monthly, None)?);
            if one_off.get(p).copied().unwrap_or(false) {
                let given = outcome
                    .scenarios
                    .get(s)
                    .and_then(|c| c.has_one_off.get(p))
                    .map(|g| NullBuffer::new(bits(g, n, |paid| paid)));
                let amount = shared(outcome, Part::OneOff(s, p), n)?;
                arrays.push(money_shared(money, amount, given)?);
            }
        }
        RecordBatch::try_new(schema.clone(), arrays)
    }

    /// The table's record batches (one per scenario, each built on its own thread) and schema.
    pub(crate) fn record_batches(
        &self,
        money: Money,
    ) -> Result<(Vec<RecordBatch>, SchemaRef), ArrowError> {
        let one_off = self.one_off_paid();
        let schema = self.schema(&one_off, money);
        let n = self.outcome.households;
        let mut failed = vec![false; n];
        for (i, _) in &self.outcome.errors {
            if let Some(f) = failed.get_mut(*i) {
                *f = true;
            }
        }
        let districts = District::ALL.len();
        let district = &self.outcome.facts.district;
        let base_totals = self.totals(0)?;
        let context = Context {
            base: Columns::annual(&base_totals, money)?,
            base_totals,
            members: Arc::new(Int64Array::from_iter_values(
                self.outcome.facts.members.iter().map(|m| i64::from(*m)),
            )),
            dictionaries: Dictionaries::of(self),
            district: NullBuffer::new(BooleanBuffer::collect_bool(n, |i| {
                !failed.get(i).copied().unwrap_or(true)
                    && district.get(i).is_some_and(|d| usize::from(*d) < districts)
            })),
        };
        let batches = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..self.scenarios.len())
                .map(|s| {
                    let (schema, one_off, context) = (&schema, &one_off, &context);
                    scope.spawn(move || self.batch(s, schema, money, one_off, context))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(ArrowError::ComputeError(
                            "a table-building thread stopped unexpectedly".to_string(),
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })?;
        Ok((batches, schema))
    }
}

/// What every scenario's batch shares: the baseline's annual amounts (for `annual_change`), the
/// dictionaries, the members column (one array in every batch) and the districts' null mask (a
/// household with an error has none).
struct Context {
    base: Annual,
    /// The baseline's monthly and one-off totals.
    base_totals: Totals,
    dictionaries: Dictionaries,
    members: ArrayRef,
    district: NullBuffer,
}

/// A scenario's monthly and one-off totals per household, fen, shared with the engine.
type Totals = (ScalarBuffer<i64>, ScalarBuffer<i64>);

/// Annual amounts per household, fen, at the width the table gives them.
enum Annual {
    /// For `decimal128(38, 2)`.
    Wide(Vec<i128>),
    /// For `int64` whole fen.
    Fen(Vec<i64>),
}

impl Annual {
    /// `self - base`, household by household (the annual change), at the same width.
    fn minus(&self, base: &Annual) -> Result<Annual, ArrowError> {
        match (self, base) {
            (Annual::Wide(a), Annual::Wide(b)) => {
                Ok(Annual::Wide(a.iter().zip(b).map(|(x, y)| x - y).collect()))
            }
            (Annual::Fen(a), Annual::Fen(b)) => a
                .iter()
                .zip(b)
                .map(|(x, y)| x.checked_sub(*y))
                .collect::<Option<Vec<i64>>>()
                .map(Annual::Fen)
                .ok_or_else(|| overflow("a household's annual change")),
            _ => Err(ArrowError::ComputeError(
                "annual amounts of two widths".to_string(),
            )),
        }
    }

    /// The column: `decimal128(38, 2)` yuan or `int64` fen.
    fn into_array(self) -> Result<ArrayRef, ArrowError> {
        Ok(match self {
            Annual::Wide(values) => {
                Arc::new(Decimal128Array::from(values).with_precision_and_scale(38, 2)?)
            }
            Annual::Fen(values) => Arc::new(Int64Array::from(values)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitmaps_hold_each_test() {
        let values: Vec<u8> = (0..200).map(|i| (i % 7) as u8).collect();
        for n in [0, 1, 63, 64, 65, 130, 200] {
            let b = bits(&values, n, |v| v % 3 == 0);
            assert_eq!(b.len(), n);
            let want: Vec<bool> = values[..n].iter().map(|v| v % 3 == 0).collect();
            assert_eq!(b.iter().collect::<Vec<_>>(), want, "{n}");
        }
        // Past the end of the values, bits are unset.
        let short = bits(&[true, true], 70, |v| v);
        assert_eq!(short.count_set_bits(), 2);
        assert_eq!(short.len(), 70);
    }
}
