//! Checks on a decoded request that serde cannot express: ranges, consistency, uniqueness.
//! The limits themselves are in [`crate::limits`].

use crate::error::{Error, ErrorCode};
use crate::wire::CalculationRequest;

use crate::limits;
/// The request limits, defined in [`crate::limits`] and kept here under their earlier paths.
pub use crate::limits::{MAX_AGE, MAX_MEMBERS, MAX_REQUEST_BYTES};

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
        if blank_id(id) {
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

/// Whether an id is empty or only white space (as `str::trim` takes it): the rule for every id
/// of a request and of a population's tables. An id starting with an ASCII character that is
/// not white space is decided without scanning it.
#[inline]
pub(crate) fn blank_id(id: &str) -> bool {
    match id.as_bytes().first() {
        Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => false,
        _ => id.trim().is_empty(),
    }
}

/// A range as its messages write it: `1–12`.
fn span(range: &std::ops::RangeInclusive<i64>) -> String {
    format!("{}–{}", range.start(), range.end())
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
        if !limits::BACK_PAY_MONTHS.contains(&bp.months) {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "back_pay.months",
                format!(
                    "{} months is outside {}",
                    bp.months,
                    span(&limits::BACK_PAY_MONTHS)
                ),
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
            if !limits::ADL_UNMET.contains(&n) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("adl_unmet"),
                    format!(
                        "{n} activities not met is outside {}",
                        span(&limits::ADL_UNMET)
                    ),
                ));
            }
        }
        if let Some(g) = person.service_disability_grade {
            if !limits::SERVICE_DISABILITY_GRADES.contains(&g) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("service_disability_grade"),
                    format!(
                        "grade {g} is outside {}",
                        span(&limits::SERVICE_DISABILITY_GRADES)
                    ),
                ));
            }
        }
        if let Some(meal) = &person.meal_aid {
            if !limits::MEALS.contains(&meal.meals) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("meal_aid.meals"),
                    format!(
                        "{} meals is outside {} (two a day)",
                        meal.meals,
                        span(&limits::MEALS)
                    ),
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
                Some(l) if !limits::CARE_LEVELS.contains(&l) => {
                    return Err(Error::new(
                        ErrorCode::OutOfRange,
                        at("meal_aid.care_level"),
                        format!("care level {l} is outside {}", span(&limits::CARE_LEVELS)),
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
            if !limits::DISABILITY_GRADES.contains(&d.grade) {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    at("disability.grade"),
                    format!(
                        "disability grade {} is outside {}",
                        d.grade,
                        span(&limits::DISABILITY_GRADES)
                    ),
                ));
            }
        }
    }
    Ok(ages)
}
