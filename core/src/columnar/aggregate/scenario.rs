//! Adding a whole scenario to an [`Aggregator`] in one pass: a chunk of households at a time,
//! every programme's columns of the chunk in turn.
//!
//! Household-major, so each column is read once and the chunk's weights, annual totals and
//! eligibility counts stay in the first-level cache across the programmes (a programme at a time
//! would read the weights and rewrite the totals once per programme). A run's scenario brings
//! each household's totals, summed by the run while it held the verdicts
//! ([`ScenarioColumns::monthly_total`]); its annual totals are taken from them rather than
//! summed again.

use super::{
    Aggregator, CHUNK, Cost, ELIGIBLE, ScenarioView, dot, length_error, magnitude, masked_sum,
    sums_fit,
};
use std::ops::Range;

use crate::columnar::ScenarioColumns;
use crate::error::{Error, ErrorCode};

/// Each household's monthly and one-off totals over a scenario's programmes, fen.
type Totals<'a> = (&'a [i64], &'a [i64]);

impl Aggregator {
    /// Adds a scenario with all its programme columns. On an error the aggregator is left
    /// unchanged.
    pub fn add_scenario(&mut self, view: &ScenarioView<'_>) -> Result<(), Error> {
        self.add_columns(view, None)
    }

    /// Adds a run's scenario: its columns, with each household's annual total from the totals
    /// the run summed (12 × [`ScenarioColumns::monthly_total`] + `one_off_total`), the same as
    /// [`Aggregator::add_scenario`] of its columns gives. Totals of another length than the
    /// households' (columns put together by hand) are summed from the columns instead. On an
    /// error the aggregator is left unchanged.
    ///
    /// The columns of a programme the run paid nothing to ([`ScenarioColumns::paid`]) are not
    /// read: they are zeros, and their pages, never written, would only be faulted in.
    pub fn add_run_scenario(&mut self, columns: &ScenarioColumns) -> Result<(), Error> {
        let n = self.households();
        let totals = (
            columns.monthly_total.as_slice(),
            columns.one_off_total.as_slice(),
        );
        let totals = Some(totals).filter(|(m, o)| m.len() == n && o.len() == n);
        let mut view = ScenarioView::of(columns);
        let amounts = view.monthly.iter_mut().zip(view.one_off.iter_mut());
        for (p, (monthly, one_off)) in amounts.enumerate() {
            if !columns.paid.get(p).copied().unwrap_or(true) {
                (*monthly, *one_off) = (&[], &[]);
            }
        }
        self.add_columns(&view, totals)
    }

    /// [`Aggregator::add_scenario`], with the annual totals from `totals` when given. Nothing is
    /// changed until the whole scenario has been read without an error.
    fn add_columns(
        &mut self,
        view: &ScenarioView<'_>,
        totals: Option<Totals<'_>>,
    ) -> Result<(), Error> {
        let n = self.households();
        let s = self.scenarios();
        let width = view.status.len();
        if view.monthly.len() != width || view.one_off.len() != width {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                format!("scenarios[{s}]"),
                "the status, monthly and one-off columns list different numbers of programmes",
            ));
        }
        if width >= usize::from(u16::MAX) {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                format!("scenarios[{s}].status[{width}]"),
                "a scenario has at most 65534 programmes",
            ));
        }
        let columns = view.status.iter().zip(&view.monthly).zip(&view.one_off);
        for (p, ((status, monthly), one_off)) in columns.enumerate() {
            // An empty amounts column: all zeros (a programme that pays no one-off amount,
            // columnar::ONE_OFF, or that paid nothing).
            let given = |c: &[i64]| if c.is_empty() { n } else { c.len() };
            for (what, len) in [
                ("status", status.len()),
                ("monthly", given(monthly)),
                ("one_off", given(one_off)),
            ] {
                if len != n {
                    return Err(length_error(format!("scenarios[{s}].{what}[{p}]"), len, n));
                }
            }
        }
        let max_w = self.max_weight;
        let fits = |b: u128| sums_fit(n, max_w, b);
        let mut costs = vec![Cost::default(); width];
        // Per programme, the largest magnitudes so far (monthly, one-off); per programme of the
        // chunk, its own with whether none is negative.
        let mut largest = vec![(0_u128, 0_u128); width];
        let mut chunk = vec![((0_u128, true), (0_u128, true)); width];
        let mut annual = vec![0_i64; n];
        let mut any = vec![0_u16; n];
        let programmes = || view.status.iter().zip(&view.monthly).zip(&view.one_off);
        let chunks = annual.chunks_mut(CHUNK).zip(any.chunks_mut(CHUNK));
        for ((t, a), start) in chunks.zip((0..n).step_by(CHUNK)) {
            let range = start..start + t.len();
            // The chunk's magnitudes first, so that its i64 sums cannot overflow and the
            // scenario's bound is checked before the chunk is added.
            let mut bound = 0_u128;
            let each = chunk.iter_mut().zip(&mut largest).zip(programmes());
            for (p, ((here, most), ((_, m), o))) in each.enumerate() {
                let of = |c: &[i64]| {
                    if c.is_empty() {
                        (0, true)
                    } else {
                        magnitude(part(c, &range))
                    }
                };
                *here = (of(m), of(o));
                *most = (most.0.max(here.0.0), most.1.max(here.1.0));
                bound += 12 * most.0 + most.1;
                if !fits(bound) {
                    return Err(Error::new(
                        ErrorCode::OutOfRange,
                        format!("scenarios[{s}].monthly[{p}]"),
                        "the amounts (× the weights) are too large to be summed exactly",
                    ));
                }
            }
            let w = part(&self.weights, &range);
            let each = costs.iter_mut().zip(&chunk).zip(programmes());
            for ((cost, ((cm, m_positive), (co, o_positive))), ((status, m), o)) in each {
                if *cm != 0 {
                    let m = part(m, &range);
                    cost.monthly += dot(w, m, max_w, *cm, *m_positive);
                    if totals.is_none() {
                        for (t, m) in t.iter_mut().zip(m) {
                            *t += 12 * m;
                        }
                    }
                }
                if *co != 0 {
                    let o = part(o, &range);
                    cost.one_off += dot(w, o, max_w, *co, *o_positive);
                    if totals.is_none() {
                        for (t, o) in t.iter_mut().zip(o) {
                            *t += o;
                        }
                    }
                }
                let status = status.get(range.clone()).unwrap_or(&[]);
                for (a, s) in a.iter_mut().zip(status) {
                    *a += u16::from(*s == ELIGIBLE);
                }
                cost.recipients += masked_sum(w, status, max_w, |s| s == ELIGIBLE);
            }
            if let Some((monthly, one_off)) = totals {
                // Within the bound just checked, so 12 × monthly + one-off fits.
                let (m, o) = (part(monthly, &range), part(one_off, &range));
                for ((t, m), o) in t.iter_mut().zip(m).zip(o) {
                    *t = 12 * m + o;
                }
            }
        }
        let bound = largest.iter().map(|(m, o)| 12 * m + o).sum();
        self.push_scenario(costs, annual, any, bound);
        Ok(())
    }
}

/// The cells `range` of a column (none past its end).
fn part<'c>(column: &'c [i64], range: &Range<usize>) -> &'c [i64] {
    column.get(range.clone()).unwrap_or(&[])
}
