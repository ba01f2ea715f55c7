//! Checks on a decoded request that serde cannot express: ranges, consistency, uniqueness.
//! Also the input limits, documented in the README.

use crate::error::{Error, ErrorCode};
use crate::wire::CalculationRequest;

/// Largest request accepted by [`crate::calculate_json`], in bytes (1 MiB).
pub const MAX_REQUEST_BYTES: usize = 1 << 20;
/// Most members a household may have.
pub const MAX_MEMBERS: usize = 100;
/// Oldest age accepted, in years.
pub const MAX_AGE: i64 = 150;

/// Checks, element by element, that every id of a list of persons (or of other elements named by id) is non-empty
/// and used once: the first blank id is `invalid_value`, the first repeated id is
/// `duplicate_id`, each at `path(i)` of the offending element. A repeated person would be
/// counted, and paid, twice. O(n log n) in the number of ids (an ordered set), so the check costs the
/// same whatever the list's limit is.
pub(crate) struct UniqueIds<'a> {
    seen: std::collections::BTreeSet<&'a str>,
    what: &'static str,
}

impl<'a> UniqueIds<'a> {
    /// A fresh check for a list of `what`s (`member`, `person`, `subsidy`).
    pub(crate) fn new(what: &'static str) -> UniqueIds<'a> {
        UniqueIds {
            seen: std::collections::BTreeSet::new(),
            what,
        }
    }

    /// Checks the next element's id; `path` names its `id` field.
    pub(crate) fn check(
        &mut self,
        id: &'a str,
        path: impl FnOnce() -> String,
    ) -> Result<(), Error> {
        let what = self.what;
        if id.trim().is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                path(),
                format!("a {what} needs a non-empty id"),
            ));
        }
        if !self.seen.insert(id) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                path(),
                format!("the id `{id}` is used by another {what}"),
            ));
        }
        Ok(())
    }
}

/// Validates `request` and returns each member's age in completed years on the calculation
/// date, in member order.
pub fn validate(request: &CalculationRequest) -> Result<Vec<u32>, Error> {
    let members = &request.household.members;
    if members.is_empty() {
        return Err(Error::new(
            ErrorCode::NoMembers,
            "household.members",
            "a household needs at least one member",
        ));
    }
    if members.len() > MAX_MEMBERS {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            "household.members",
            format!(
                "{} members given; at most {MAX_MEMBERS} are accepted",
                members.len()
            ),
        ));
    }
    if request.household.assets.extra_dwellings < 0 {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "household.assets.extra_dwellings",
            "the number of dwellings cannot be negative",
        ));
    }
    if request.household.assets.non_residential_properties < 0 {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "household.assets.non_residential_properties",
            "the number of properties cannot be negative",
        ));
    }
    if let Some(bp) = &request.back_pay {
        if !(1..=12).contains(&bp.months) {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "back_pay.months",
                format!("{} months is outside 1–12", bp.months),
            ));
        }
    }
    let mut ids = UniqueIds::new("member");
    let mut ages = Vec::with_capacity(members.len());
    for (i, person) in members.iter().enumerate() {
        let at = |field: &str| format!("household.members[{i}].{field}");
        ids.check(&person.id, || at("id"))?;
        let age = match (person.age, person.birth_date) {
            (Some(_), Some(_)) => {
                return Err(Error::new(
                    ErrorCode::ConflictingFields,
                    at("age"),
                    "give either age or birth_date, not both",
                ));
            }
            (None, None) => {
                return Err(Error::new(
                    ErrorCode::MissingField,
                    at("age"),
                    "give age or birth_date",
                ));
            }
            (Some(age), None) => age,
            (None, Some(birth)) => match birth.age_on(request.calculation_date) {
                Some(age) => i64::from(age),
                None => {
                    return Err(Error::new(
                        ErrorCode::ConflictingFields,
                        at("birth_date"),
                        format!(
                            "born {birth}, after the calculation date {}",
                            request.calculation_date
                        ),
                    ));
                }
            },
        };
        let age = u32::try_from(age)
            .ok()
            .filter(|a| i64::from(*a) <= MAX_AGE)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::OutOfRange,
                    at(if person.age.is_some() {
                        "age"
                    } else {
                        "birth_date"
                    }),
                    format!("age {age} is outside 0–{MAX_AGE}"),
                )
            })?;
        ages.push(age);
        if let Some(n) = person.adl_unmet {
            if !(0..=6).contains(&n) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("adl_unmet"),
                    format!("{n} activities not met is outside 0–6"),
                ));
            }
        }
        if let Some(g) = person.service_disability_grade {
            if !(1..=10).contains(&g) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("service_disability_grade"),
                    format!("grade {g} is outside 1–10"),
                ));
            }
        }
        if let Some(meal) = &person.meal_aid {
            if !(0..=62).contains(&meal.meals) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("meal_aid.meals"),
                    format!("{} meals is outside 0–62 (two a day)", meal.meals),
                ));
            }
            if !(0..=meal.meals).contains(&meal.delivered_meals) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("meal_aid.delivered_meals"),
                    format!(
                        "{} delivered meals is outside 0–{}",
                        meal.delivered_meals, meal.meals
                    ),
                ));
            }
            match meal.care_level {
                Some(l) if !(1..=5).contains(&l) => {
                    return Err(Error::new(
                        ErrorCode::OutOfRange,
                        at("meal_aid.care_level"),
                        format!("care level {l} is outside 1–5"),
                    ));
                }
                None if meal.delivered_meals > 0 => {
                    return Err(Error::new(
                        ErrorCode::MissingField,
                        at("meal_aid.care_level"),
                        "delivered meals need the care level (1–5)",
                    ));
                }
                _ => {}
            }
        }
        if let Some(d) = &person.disability {
            if !(1..=4).contains(&d.grade) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("disability.grade"),
                    format!("disability grade {} is outside 1–4", d.grade),
                ));
            }
        }
    }
    Ok(ages)
}
