//! Decoded requests as a source of households: a list of `calculate` requests through the
//! columnar engine (validated as the single calculation validates them).

use super::Households;
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::error::Error;
use crate::wire::CalculationRequest;

/// Requests sharing one calculation date and request-level inputs (the caller checks that).
pub struct Requests<'r> {
    requests: &'r [CalculationRequest],
}

impl<'r> Requests<'r> {
    /// The households of `requests`.
    pub fn new(requests: &'r [CalculationRequest]) -> Requests<'r> {
        Requests { requests }
    }
}

impl Households for Requests<'_> {
    fn len(&self) -> usize {
        self.requests.len()
    }

    fn gather(
        &self,
        index: usize,
        members: &mut Vec<PersonFacts>,
    ) -> Result<HouseholdFacts<'static>, Error> {
        members.clear();
        let Some(request) = self.requests.get(index) else {
            return Err(Error::new(
                crate::ErrorCode::OutOfRange,
                "",
                format!("household {index} is not in the run"),
            ));
        };
        let ages = crate::validate::validate(request)?;
        members.extend(
            request
                .household
                .members
                .iter()
                .zip(&ages)
                .map(|(p, &age)| PersonFacts::of(p, age)),
        );
        Ok(HouseholdFacts::of(request, &[]))
    }
}
