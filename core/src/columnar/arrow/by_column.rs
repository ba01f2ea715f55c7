//! The person table read a column at a time, a block of households at a once.
//!
//! [`ArrowPopulation::gather`] reads one member's row across every column; here each column is
//! walked over all the members of a block ([`BLOCK`](crate::columnar::BLOCK) households), with
//! the column's type and the field it sets decided once per column instead of once per cell.
//! It is used when every person column has a typed fast path (money `decimal128(·, 2)`,
//! `int64`, booleans, `date32`, strings or dictionaries for enumerations) and no column name
//! repeats. Values that need a check across fields (age or birth date, the certificate, meal
//! aid) go through the row path's own [`ArrowPopulation::finish`]. A household with any value
//! that is not accepted is read again by the row path, so its error is exactly the row path's
//! first error.

use std::cell::RefCell;
use std::ops::Range;

use super::{
    ArrowPopulation, Codes, Column, Fast, NULL_CODE, PField, Staged, Typed, null_at, parsed,
};
use crate::care_level::AbilityLevel;
use crate::columnar::{Block, Households};
use crate::date::Date;
use crate::household::{DisabilityCategory, HomeCareType, Hukou, Relationship, Sex, Supporters};
use crate::money::MAX_AMOUNT_YUAN;

/// A thread's buffers for its blocks.
#[derive(Default)]
struct Staging {
    /// Person rows of the block, household after household.
    rows: Vec<usize>,
    /// Values read per member.
    staged: Vec<Staged>,
    /// Members with a value that is not accepted (read again by the row path).
    bad: Vec<bool>,
    /// One household's members read by the row path.
    members: Vec<crate::engine::facts::PersonFacts>,
}

thread_local! {
    static STAGING: RefCell<Staging> = RefCell::new(Staging::default());
}

/// Whether a bound person column can be read a column at a time.
pub(super) fn by_column(column: &Column<'_>) -> bool {
    match column {
        Column::Null | Column::Enum(_) | Column::Text(_) | Column::Bool(_) => true,
        Column::Money { array, float } => !*float && matches!(array.fast, Fast::Dec(_, 2)),
        Column::Int(typed) => matches!(typed.fast, Fast::I64(_)),
        Column::Date(typed) => matches!(typed.fast, Fast::Date32(_)),
    }
}

impl ArrowPopulation<'_> {
    /// [`Households::gather_block`] a column at a time.
    pub(super) fn gather_columns(&self, range: Range<usize>, block: &mut Block) {
        block.clear();
        STAGING.with_borrow_mut(|st| self.columns_into(range, block, st));
    }

    fn columns_into(&self, range: Range<usize>, block: &mut Block, st: &mut Staging) {
        st.rows.clear();
        for index in range.clone() {
            let entry = self.household(index).map(|(base, persons)| {
                let start = st.rows.len();
                st.rows.extend(persons.map(|k| self.row(k)));
                (base, start..st.rows.len())
            });
            block.households.push(entry);
        }
        let n = st.rows.len();
        st.staged.clear();
        st.staged.resize(n, Staged::default());
        st.bad.clear();
        st.bad.resize(n, false);
        for (field, _, column) in &self.person {
            read(*field, column, &st.rows, &mut st.staged, &mut st.bad);
        }
        let none = || String::new();
        block.persons.reserve(n);
        // A member with a value not accepted is pushed as read: their household is read again
        // below.
        for ((staged, bad), r) in st.staged.iter_mut().zip(st.bad.iter_mut()).zip(&st.rows) {
            if !*bad && self.finish(staged, *r, &none).is_err() {
                *bad = true;
            }
            block.persons.push(staged.p);
        }
        // A household with a value not accepted, or with members' ids not unique: read again
        // by the row path, for its error.
        for (entry, index) in block.households.iter_mut().zip(range) {
            let Ok((_, members)) = entry else { continue };
            let bad = st
                .bad
                .get(members.clone())
                .is_some_and(|b| b.contains(&true));
            if !bad && self.check_ids(self.person_range(index), &none).is_ok() {
                continue;
            }
            *entry = self.gather(index, &mut st.members).map(|base| {
                let start = block.persons.len();
                block.persons.extend_from_slice(&st.members);
                (base, start..block.persons.len())
            });
        }
    }
}

/// Reads one column into the members' staged values; marks a member whose value is not
/// accepted.
fn read(field: PField, column: &Column<'_>, rows: &[usize], st: &mut [Staged], bad: &mut [bool]) {
    let cells = Cells { rows, st, bad };
    match column {
        Column::Null => {}
        Column::Money { array, .. } => money(field, array, cells),
        Column::Int(typed) => int(field, typed, cells),
        Column::Bool(typed) => flag(field, typed, cells),
        Column::Date(typed) => date(field, typed, cells),
        Column::Enum(codes) => enumeration(field, codes, cells),
        // The members' ids: checked per household ([`ArrowPopulation::check_ids`]).
        Column::Text(_) => {}
    }
}

/// The members of a block: their rows, staged values and bad marks.
struct Cells<'c> {
    rows: &'c [usize],
    st: &'c mut [Staged],
    bad: &'c mut [bool],
}

impl Cells<'_> {
    /// Calls `set` with each member's staged values and the value read from `row` (`None`:
    /// null, nothing set; `Some(None)`: not accepted, marked bad).
    #[inline]
    fn each<T>(self, read: impl Fn(usize) -> Option<Option<T>>, set: impl Fn(&mut Staged, T)) {
        for ((r, s), b) in self
            .rows
            .iter()
            .zip(self.st.iter_mut())
            .zip(self.bad.iter_mut())
        {
            match read(*r) {
                None => {}
                Some(Some(v)) => set(s, v),
                Some(None) => *b = true,
            }
        }
    }

    fn mark_all(self) {
        self.bad.iter_mut().for_each(|b| *b = true);
    }
}

fn money(field: PField, typed: &Typed<'_>, cells: Cells<'_>) {
    let Fast::Dec(values, 2) = typed.fast else {
        return cells.mark_all();
    };
    let max = i128::from(MAX_AMOUNT_YUAN) * 100;
    let nulls = typed.nulls;
    let read = |r: usize| {
        if null_at(nulls, r) {
            return None;
        }
        Some(
            values
                .get(r)
                .filter(|f| (0..=max).contains(*f))
                .and_then(|f| i64::try_from(*f).ok()),
        )
    };
    let add = |a: &mut i64, v: i64| *a = a.saturating_add(v);
    match field {
        PField::HomeCareSubsidy => cells.each(read, |s, v| s.p.home_care_subsidy = v),
        PField::ElderlyCareSubsidy => cells.each(read, |s, v| s.p.elderly_care_subsidy = v),
        PField::MealPrice => cells.each(read, |s, v| s.meal_price = Some(v)),
        PField::Wages => cells.each(read, |s, v| s.p.income.wages = v),
        PField::EmploymentCosts => cells.each(read, |s, v| s.p.income.employment_costs = v),
        PField::BusinessNet | PField::PropertyNet | PField::TransferNet | PField::OtherIncome => {
            cells.each(read, |s, v| add(&mut s.p.income.other_counted, v))
        }
        PField::RigidDeduction => cells.each(read, |s, v| s.p.income.rigid_deduction = v),
        PField::Pension | PField::SocialInsurance | PField::LongevityAllowance => {
            cells.each(read, |s, v| add(&mut s.p.income.pensions, v))
        }
        PField::PreferentialPension
        | PField::FamilyPlanningAward
        | PField::Scholarship
        | PField::HeroismAward
        | PField::SocialAssistance
        | PField::BasicPensionCentral
        | PField::DisabilitySubsidies => cells.each(read, |s, v| add(&mut s.p.income.excluded, v)),
        _ => cells.mark_all(),
    }
}

fn int(field: PField, typed: &Typed<'_>, cells: Cells<'_>) {
    let Fast::I64(values) = typed.fast else {
        return cells.mark_all();
    };
    let nulls = typed.nulls;
    let read = |r: usize| (!null_at(nulls, r)).then(|| values.get(r).copied());
    match field {
        PField::Age => cells.each(read, |s, v| s.age = Some(v)),
        PField::DisabilityGrade => cells.each(read, |s, v| s.grade = Some(v)),
        PField::AdlUnmet => cells.each(read, |s, v| s.p.adl_unmet = Some(v)),
        PField::ServiceDisabilityGrade => {
            cells.each(read, |s, v| s.p.service_disability_grade = Some(v))
        }
        PField::Meals => cells.each(read, |s, v| s.meals = Some(v)),
        PField::DeliveredMeals => cells.each(read, |s, v| s.delivered = Some(v)),
        PField::MealCareLevel => cells.each(read, |s, v| s.care_level = Some(v)),
        _ => cells.mark_all(),
    }
}

fn flag(field: PField, typed: &Typed<'_>, cells: Cells<'_>) {
    let Fast::Bool(bits) = &typed.fast else {
        return cells.mark_all();
    };
    let nulls = typed.nulls;
    let read = |r: usize| (!null_at(nulls, r)).then(|| (r < bits.len()).then(|| bits.value(r)));
    match field {
        PField::SeriousIllness => cells.each(read, |s, v| s.p.flags.serious_illness = v),
        PField::Orphan => cells.each(read, |s, v| s.p.flags.orphan = v),
        PField::DeFactoUnsupportedChild => {
            cells.each(read, |s, v| s.p.flags.de_facto_unsupported_child = v)
        }
        PField::LivesInInstitution => cells.each(read, |s, v| s.p.flags.lives_in_institution = v),
        PField::ChildChoosesTekun => cells.each(read, |s, v| s.p.flags.child_chooses_tekun = v),
        PField::UnemploymentBenefit => cells.each(read, |s, v| s.p.flags.unemployment_benefit = v),
        PField::PreferentialCareRecipient => {
            cells.each(read, |s, v| s.p.flags.preferential_care_recipient = v)
        }
        PField::WorkInjuryCareAllowance => {
            cells.each(read, |s, v| s.p.flags.work_injury_care_allowance = v)
        }
        PField::RetiredCadreLixiu => cells.each(read, |s, v| s.p.flags.retired_cadre_lixiu = v),
        PField::FullTimeStudent => cells.each(read, |s, v| s.p.flags.full_time_student = v),
        PField::Childless => cells.each(read, |s, v| s.p.flags.childless = v),
        PField::OutpatientSpecialDisease => {
            cells.each(read, |s, v| s.p.flags.outpatient_special_disease = v)
        }
        _ => cells.mark_all(),
    }
}

fn date(field: PField, typed: &Typed<'_>, cells: Cells<'_>) {
    let Fast::Date32(values) = typed.fast else {
        return cells.mark_all();
    };
    let nulls = typed.nulls;
    let read = |r: usize| {
        (!null_at(nulls, r)).then(|| {
            values
                .get(r)
                .and_then(|d| Date::from_unix_days(i64::from(*d)))
        })
    };
    match field {
        PField::BirthDate => cells.each(read, |s, v| s.birth = Some(v)),
        PField::DisabilitySubsidyApproved => {
            cells.each(read, |s, v| s.p.disability_subsidy_approved = Some(v))
        }
        _ => cells.mark_all(),
    }
}

/// Each distinct string of an enumeration column parsed once; rows read by code.
fn by_code<T: serde::de::DeserializeOwned + Copy + Send + Sync + 'static>(
    codes: &Codes,
    cells: Cells<'_>,
    set: impl Fn(&mut Staged, T),
) {
    let table: Vec<Option<T>> = (0..codes.names.len()).map(|c| parsed(codes, c)).collect();
    let read = |r: usize| {
        let code = *codes.rows.get(r)?;
        (code != NULL_CODE).then(|| {
            usize::try_from(code)
                .ok()
                .and_then(|c| table.get(c).copied().flatten())
        })
    };
    cells.each(read, set);
}

fn enumeration(field: PField, codes: &Codes, cells: Cells<'_>) {
    match field {
        PField::Id => {}
        PField::Hukou => by_code::<Hukou>(codes, cells, |s, v| s.hukou = Some(v)),
        PField::Relationship => {
            by_code::<Relationship>(codes, cells, |s, v| s.p.relationship = Some(v))
        }
        PField::Sex => by_code::<Sex>(codes, cells, |s, v| s.p.sex = Some(v)),
        PField::DisabilityCategory => {
            by_code::<DisabilityCategory>(codes, cells, |s, v| s.category = Some(v))
        }
        PField::AbilityLevel => {
            by_code::<AbilityLevel>(codes, cells, |s, v| s.p.ability_level = Some(v))
        }
        PField::Supporters => by_code::<Supporters>(codes, cells, |s, v| s.p.supporters = v),
        PField::HomeCareFunding => {
            // A comma-separated list of the two categories, parsed once per distinct string.
            let table: Vec<Option<(bool, bool)>> = codes
                .names
                .iter()
                .map(|text| {
                    let mut kinds = (false, false);
                    for part in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        match serde_json::from_value::<HomeCareType>(serde_json::Value::String(
                            part.to_string(),
                        )) {
                            Ok(HomeCareType::Type1) => kinds.0 = true,
                            Ok(HomeCareType::Type2) => kinds.1 = true,
                            Err(_) => return None,
                        }
                    }
                    Some(kinds)
                })
                .collect();
            let read = |r: usize| {
                let code = *codes.rows.get(r)?;
                (code != NULL_CODE).then(|| {
                    usize::try_from(code)
                        .ok()
                        .and_then(|c| table.get(c).copied().flatten())
                })
            };
            cells.each(read, |s, (t1, t2)| {
                s.p.home_care_type1 |= t1;
                s.p.home_care_type2 |= t2;
            });
        }
        _ => cells.mark_all(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::builder::{
        BooleanBuilder, Date32Builder, Decimal128Builder, Int64Builder, StringBuilder,
    };
    use arrow_array::{ArrayRef, RecordBatch};

    use crate::columnar::arrow::ArrowPopulation;
    use crate::columnar::{Options, Outcome, run};
    use crate::engine::facts::Common;
    use crate::engine::rates::RateTable;
    use crate::{Date, ParameterStore};

    /// A small deterministic generator.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (self.0 >> 33) % n
        }
    }

    fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(columns).expect("a record batch")
    }

    /// Households and persons with every kind of value the column path reads, some of them
    /// not accepted (negative or huge amounts, bad enumerations, ages out of range, age and
    /// birth date together, a grade without a category, meal aid without a price).
    fn tables(n: usize, seed: u64) -> (RecordBatch, RecordBatch) {
        let mut rng = Rng(seed);
        let districts = ["tianhe", "yuexiu", "panyu", "huangpu", "nansha", "atlantis"];
        let mut hid = Int64Builder::new();
        let mut district = StringBuilder::new();
        let mut area = StringBuilder::new();
        let mut deposits = Decimal128Builder::new();
        let mut pid = Int64Builder::new();
        let mut age = Int64Builder::new();
        let mut birth = Date32Builder::new();
        let mut hukou = StringBuilder::new();
        let mut wages = Decimal128Builder::new();
        let mut pension = Decimal128Builder::new();
        let mut category = StringBuilder::new();
        let mut grade = Int64Builder::new();
        let mut supporters = StringBuilder::new();
        let mut orphan = BooleanBuilder::new();
        let mut meals = Int64Builder::new();
        let mut meal_price = Decimal128Builder::new();
        let mut funding = StringBuilder::new();
        let mut member_id = StringBuilder::new();
        for h in 0..n {
            hid.append_value(h as i64);
            district.append_value(districts[rng.next(districts.len() as u64) as usize]);
            area.append_value(if rng.next(3) == 0 { "rural" } else { "urban" });
            deposits.append_value(i128::from(rng.next(5_000_000) as u32));
            for m in 0..=rng.next(4) {
                pid.append_value(h as i64);
                match rng.next(60) {
                    0 => member_id.append_value("p0"),
                    1 => member_id.append_value(" "),
                    2 => member_id.append_null(),
                    _ => member_id.append_value(format!("p{m}")),
                }
                match rng.next(40) {
                    0 => {
                        age.append_value(200);
                        birth.append_null();
                    }
                    1 => {
                        age.append_value(40);
                        birth.append_value(7000);
                    }
                    2 => {
                        age.append_null();
                        birth.append_value(-3000 + rng.next(20_000) as i32);
                    }
                    _ => {
                        age.append_value(rng.next(100) as i64);
                        birth.append_null();
                    }
                }
                hukou.append_value(match rng.next(30) {
                    0 => "mars",
                    1 => "other",
                    _ => "guangzhou",
                });
                match rng.next(50) {
                    0 => wages.append_value(-100),
                    1 => wages.append_value(i128::MAX / 3),
                    2 => wages.append_null(),
                    _ => wages.append_value(i128::from(rng.next(500_000) as u32)),
                }
                if rng.next(4) == 0 {
                    pension.append_value(i128::from(rng.next(300_000) as u32));
                } else {
                    pension.append_null();
                }
                match rng.next(12) {
                    0 => {
                        category.append_value("physical");
                        grade.append_value(1 + rng.next(4) as i64);
                    }
                    1 => {
                        category.append_value("mental");
                        grade.append_value(rng.next(7) as i64);
                    }
                    2 => {
                        category.append_null();
                        grade.append_value(2);
                    }
                    _ => {
                        category.append_null();
                        grade.append_null();
                    }
                }
                supporters
                    .append_value(["unknown", "none", "unable", "able"][rng.next(4) as usize]);
                orphan.append_value(rng.next(20) == 0);
                match rng.next(15) {
                    0 => {
                        meals.append_value(rng.next(70) as i64);
                        meal_price.append_value(1500);
                    }
                    1 => {
                        meals.append_value(10);
                        meal_price.append_null();
                    }
                    _ => {
                        meals.append_null();
                        meal_price.append_null();
                    }
                }
                match rng.next(25) {
                    0 => funding.append_value("type1"),
                    1 => funding.append_value("type1, type2"),
                    2 => funding.append_value("type3"),
                    _ => funding.append_null(),
                }
            }
        }
        let dec = |mut b: Decimal128Builder| -> ArrayRef {
            Arc::new(b.finish().with_precision_and_scale(38, 2).expect("decimal"))
        };
        let households = batch(vec![
            ("household_id", Arc::new(hid.finish()) as ArrayRef),
            ("district", Arc::new(district.finish())),
            ("area", Arc::new(area.finish())),
            ("assets.deposits", dec(deposits)),
        ]);
        let persons = batch(vec![
            ("household_id", Arc::new(pid.finish()) as ArrayRef),
            ("person_id", Arc::new(member_id.finish())),
            ("age", Arc::new(age.finish())),
            ("birth_date", Arc::new(birth.finish())),
            ("hukou", Arc::new(hukou.finish())),
            ("income.wages", dec(wages)),
            ("income.pension", dec(pension)),
            ("disability.category", Arc::new(category.finish())),
            ("disability.grade", Arc::new(grade.finish())),
            ("supporters", Arc::new(supporters.finish())),
            ("flags.orphan", Arc::new(orphan.finish())),
            ("meal_aid.meals", Arc::new(meals.finish())),
            ("meal_aid.meal_price", dec(meal_price)),
            ("home_care_funding", Arc::new(funding.finish())),
        ]);
        (households, persons)
    }

    fn outcome(population: &ArrowPopulation<'_>, table: &RateTable<'_>) -> Outcome {
        run(
            population,
            &[table],
            Common::default(),
            Options {
                threads: 2,
                ..Options::default()
            },
        )
        .expect("the run completes")
    }

    #[test]
    fn columns_read_as_rows_are() {
        let store = ParameterStore::embedded().expect("the embedded parameters");
        let date = Date::new(2025, 9, 1).expect("a date");
        let table = RateTable::resolve(store, date);
        for seed in 1..4 {
            let (h, p) = tables(3_000, seed);
            let mut population = ArrowPopulation::bind(&h, &p, date, &|_| false).expect("bound");
            assert!(population.by_column, "every column has a fast path");
            let by_column = outcome(&population, &table);
            population.by_column = false;
            let by_row = outcome(&population, &table);
            assert_eq!(
                by_column.scenarios, by_row.scenarios,
                "seed {seed}: columns"
            );
            assert_eq!(by_column.facts, by_row.facts, "seed {seed}: facts");
            let errors = |o: &Outcome| -> Vec<(usize, String, String, String)> {
                o.errors
                    .iter()
                    .map(|(i, e)| {
                        (
                            *i,
                            e.code.as_str().to_string(),
                            e.path.clone(),
                            e.message.clone(),
                        )
                    })
                    .collect()
            };
            assert_eq!(errors(&by_column), errors(&by_row), "seed {seed}: errors");
            for code in [
                "duplicate_id",
                "invalid_value",
                "out_of_range",
                "invalid_money",
            ] {
                assert!(
                    by_row.errors.iter().any(|(_, e)| e.code.as_str() == code),
                    "seed {seed}: no {code} error"
                );
            }
            assert!(
                by_row
                    .errors
                    .iter()
                    .any(|(_, e)| e.path.ends_with("].person_id")),
                "seed {seed}: member id errors name the caller's column"
            );
            // The generated tables hold bad values and good households alike.
            assert!(
                by_row.errors.len() > 100,
                "seed {seed}: {} errors",
                by_row.errors.len()
            );
            assert!(
                by_row.errors.len() < 2_700,
                "seed {seed}: {} errors",
                by_row.errors.len()
            );
        }
    }
}
