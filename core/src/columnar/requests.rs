//! Decoded requests as a source of households: a list of `calculate` requests through the
//! columnar engine (validated as the single calculation validates them).

use super::Households;
use crate::date::Date;
use crate::engine::facts::{Common, HouseholdFacts, PersonFacts};
use crate::error::Error;
use crate::wire::CalculationRequest;

/// Requests sharing one calculation date and request-level inputs (the caller checks that, e.g.
/// with [`groups`]), or those of them at some indices.
pub struct Requests<'r> {
    requests: &'r [CalculationRequest],
    indices: Option<&'r [usize]>,
}

impl<'r> Requests<'r> {
    /// The households of `requests`.
    pub fn new(requests: &'r [CalculationRequest]) -> Requests<'r> {
        Requests {
            requests,
            indices: None,
        }
    }

    /// The households of `requests` at `indices`, in that order.
    pub fn subset(requests: &'r [CalculationRequest], indices: &'r [usize]) -> Requests<'r> {
        Requests {
            requests,
            indices: Some(indices),
        }
    }
}

/// Requests of one calculation date and one set of request-level inputs: one columnar run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The calculation date.
    pub date: Date,
    /// The request-level inputs.
    pub common: Common,
    /// Positions of the requests, in order.
    pub indices: Vec<usize>,
}

/// Splits `requests` by calculation date and request-level inputs, in order of first
/// appearance.
pub fn groups(requests: &[CalculationRequest]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, r) in requests.iter().enumerate() {
        let (date, common) = (r.calculation_date, Common::of(r));
        match out
            .iter_mut()
            .find(|g| g.date == date && g.common == common)
        {
            Some(g) => g.indices.push(i),
            None => out.push(Group {
                date,
                common,
                indices: vec![i],
            }),
        }
    }
    out
}

impl Households for Requests<'_> {
    fn len(&self) -> usize {
        self.indices.map_or(self.requests.len(), <[usize]>::len)
    }

    fn gather(
        &self,
        index: usize,
        members: &mut Vec<PersonFacts>,
    ) -> Result<HouseholdFacts<'static>, Error> {
        members.clear();
        let at = match self.indices {
            Some(indices) => indices.get(index).copied().unwrap_or(usize::MAX),
            None => index,
        };
        let Some(request) = self.requests.get(at) else {
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
