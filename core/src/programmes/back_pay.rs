//! 低保补发: when a yearly notice raises the standard back to 1 January, dibao recipients are
//! paid the difference for the months approved: (new − old standard) × persons × months.
//! 分类救济 is not back-paid (policy handbook §1, "Yearly notices carry two effective dates").
#![doc(alias("低保补发", "低保标准提高补发"))]

use super::reason;
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money, yuan};
use crate::engine::facts::HouseholdFacts;
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::Error;
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult};

const SRC: &str = "GZ-2025-STD";
const ART: &str = "一(一)";

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// The back-pay determination.
///
/// The default is the record of a household whose programme was not assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Decision {
    /// The verdict; a back payment is its one-off amount.
    pub verdict: Verdict,
    /// Persons dibao is paid for.
    pub persons: i64,
}

/// The back payment for `persons` over `months` when the standard rose from `previous` to
/// `standard` (fen): (standard − previous) × persons × months, rounded once; `None` when the
/// standard did not rise.
pub fn back_payment(standard: Exact, previous: Fen, persons: i64, months: i64) -> Option<Fen> {
    let rise = standard.sub(Exact::int(previous));
    rise.gt(Exact::int(0))
        .then(|| rise.times(persons).times(months).round())
}

/// Decides back pay for the members dibao is paid for (`state`'s `dibao_recipient`).
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &[MemberState],
) -> Result<Decision, Missing> {
    let persons = state.iter().filter(|st| st.dibao_recipient).count() as i64;
    let decision = |verdict| Decision { verdict, persons };
    let Some((previous, months)) = household.common.back_pay else {
        return Ok(decision(Verdict::of(
            Eligibility::NotAssessed,
            Some(ReasonCode::InputNotGiven),
        )));
    };
    if persons == 0 {
        return Ok(decision(Verdict::not(ReasonCode::NoDibaoPaid)));
    }
    let standard = rates.get(Key::DibaoStandard)?;
    Ok(decision(
        match back_payment(standard, previous, persons, months) {
            Some(amount) => Verdict {
                one_off: Some(amount),
                ..Verdict::of(Eligibility::Eligible, None)
            },
            None => Verdict::not(ReasonCode::NoIncrease),
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// Explains the back-pay determination `d`.
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    household: &HouseholdFacts<'_>,
    d: &Decision,
) -> Result<ProgrammeResult, Error> {
    let programme = Programme::DibaoBackPay;
    let Some((previous, months)) = household.common.back_pay else {
        let why = reason(
            ctx,
            ReasonCode::InputNotGiven,
            "未提供原低保标准和补发月数（back_pay），未计算补发".into(),
            "No previous standard and months (back_pay) were given; back pay was not calculated"
                .into(),
            SRC,
            ART,
        );
        return Ok(super::render(
            programme,
            d.verdict,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    };
    if d.verdict.reason == Some(ReasonCode::NoDibaoPaid) {
        let why = reason(
            ctx,
            ReasonCode::NoDibaoPaid,
            "本户没有领取低保的人员，无补发".into(),
            "No one in the household receives dibao, so nothing is back-paid".into(),
            SRC,
            ART,
        );
        return Ok(super::render(
            programme,
            d.verdict,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    }
    let standard = super::used(ctx, rates, Key::DibaoStandard)?;
    let (new, old) = (standard.get(), yuan(previous));
    let Some(amount) = d.verdict.one_off else {
        let why = reason(
            ctx,
            ReasonCode::NoIncrease,
            format!("现行标准{new}元不高于原标准{old}元，无补发"),
            format!(
                "The standard {new} 元 is not above the previous {old} 元; nothing is back-paid"
            ),
            SRC,
            ART,
        );
        return Ok(super::render(
            programme,
            d.verdict,
            Some(why),
            Vec::new(),
            Vec::new(),
        ));
    };
    let persons = d.persons;
    let amount = money(amount);
    let item = LineItem {
        id: "dibao_back_pay.difference".into(),
        person_id: None,
        label_zh: "低保标准提高补发（一次性）".into(),
        label_en: "Back pay of the raised standard (one-off)".into(),
        amount,
        formula_zh: text!(
            ctx,
            "(现行标准{new} − 原标准{old}) × {persons}人 × {months}个月 = {amount}元（分类救济不补发）"
        ),
        formula_en: text!(
            ctx,
            "(standard {new} − previous {old}) × {persons} persons × {months} months = {amount} 元 (classified relief is not back-paid)"
        ),
        parameters: ctx.uses(&[standard]),
    };
    // The one-off amount is the verdict's; the item explains it.
    let mut r = super::render(programme, d.verdict, None, Vec::new(), Vec::new());
    r.one_off_items = vec![item];
    Ok(r)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::engine::facts::{AssetFacts, Common, PersonFacts};
    use crate::household::Hukou;
    use crate::params::ParameterStore;
    use crate::region::{Area, District};

    #[test]
    fn back_pay_for_the_dibao_recipients() {
        let store = ParameterStore::embedded().unwrap();
        let date = Date::new(2025, 7, 1).unwrap();
        let rates = Rates::resolve(store, date, District::Yuexiu, Area::Urban);
        let members = [PersonFacts::new(40, Hukou::Guangzhou); 3];
        let mut state = [MemberState::default(); 3];
        let hh = HouseholdFacts {
            district: District::Yuexiu,
            area: Area::Urban,
            assets: AssetFacts::default(),
            rigid_expenditure: None,
            members: &members,
            common: Common {
                back_pay: Some((120_000, 5)),
                price_indices: None,
            },
        };
        let d = decide(&rates, &hh, &state).unwrap();
        assert_eq!(d.verdict, Verdict::not(ReasonCode::NoDibaoPaid));
        // Two recipients: (1309 − 1200) × 2 × 5 = 1090 元, one-off, nothing monthly.
        for st in state.iter_mut().take(2) {
            st.dibao_recipient = true;
        }
        let d = decide(&rates, &hh, &state).unwrap();
        assert_eq!(d.persons, 2);
        assert_eq!(d.verdict.one_off, Some(109_000));
        assert_eq!(d.verdict.monthly, 0);
        assert_eq!(d.verdict.status, Eligibility::Eligible);
    }

    #[test]
    fn back_payment_is_the_rise_times_persons_times_months() {
        // (1309 − 1203.47) × 3 persons × 7 months = 105.53 × 21 = 2216.13 元.
        assert_eq!(
            back_payment(Exact::int(130_900), 120_347, 3, 7),
            Some(221_613)
        );
        // No rise, no back pay.
        assert_eq!(back_payment(Exact::int(130_900), 130_900, 3, 7), None);
        assert_eq!(back_payment(Exact::int(130_900), 140_000, 1, 1), None);
    }
}
