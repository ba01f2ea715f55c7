//! 孤儿养育标准 and 事实无人抚养儿童基本生活补贴: one flat monthly amount per child under 18
//! (2976 元 from 2025-01-01, 穗民规字〔2025〕2号 一(四)). A child who takes it is not also 特困;
//! one who chooses 特困 (`flags.child_chooses_tekun`) does not get it.
#![doc(alias(
    "孤儿",
    "孤儿养育标准",
    "事实无人抚养儿童",
    "事实无人抚养儿童基本生活补贴"
))]

use super::{Member, reason};
use crate::context::Context;
use crate::engine::exact::{Fen, money};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::Error;
use crate::wire::{LineItem, Programme, ProgrammeResult};

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// Whether the person is an orphan or de facto unsupported child under 18 who keeps the child
/// allowance (and so is not 特困).
pub fn keeps_child_allowance(person: &PersonFacts) -> bool {
    let f = &person.flags;
    person.age < 18 && (f.orphan || f.de_facto_unsupported_child) && !f.child_chooses_tekun
}

/// The allowance of one member, fen/month (rounded once), or `None` when the member does not
/// receive it.
pub fn child(rates: &Rates<'_>, person: &PersonFacts) -> Result<Option<Fen>, Missing> {
    if !keeps_child_allowance(person) {
        return Ok(None);
    }
    Ok(Some(rates.get(Key::OrphanAllowance)?.round()))
}

/// The allowance determination for a household.
///
/// The default is the record of a household whose programme was not assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Decision {
    /// 孤儿 / 事实无人抚养儿童基本生活补贴.
    pub verdict: Verdict,
    /// Children receiving it.
    pub children: usize,
}

/// Decides the allowance for every member; marks the children receiving it.
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &mut [MemberState],
) -> Result<Decision, Missing> {
    let mut total: Fen = 0;
    let mut children = 0;
    for (p, st) in household.members.iter().zip(state.iter_mut()) {
        if let Some(amount) = child(rates, p)? {
            total = total.saturating_add(amount);
            children += 1;
            st.child_allowance = true;
        }
    }
    let verdict = if children == 0 {
        Verdict::not(ReasonCode::NoEligibleChild)
    } else {
        Verdict::paid(total, None)
    };
    Ok(Decision { verdict, children })
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// The allowance result and the ids of the children receiving it.
pub struct ChildOutcome {
    /// The programme result.
    pub result: ProgrammeResult,
    /// Ids of the recipients.
    pub recipients: Vec<String>,
}

/// Explains the allowance determination `d` for `members` (`state` as the kernels left it).
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    d: &Decision,
    state: &[MemberState],
) -> Result<ChildOutcome, Error> {
    let mut items = Vec::new();
    for (m, _) in members
        .iter()
        .zip(state)
        .filter(|(_, st)| st.child_allowance)
    {
        let allowance = super::used(ctx, rates, Key::OrphanAllowance)?;
        let fen = child(rates, m.facts)
            .map_err(|k| rates.error(k))?
            .unwrap_or(0);
        let amount = money(fen);
        let id = &m.person.id;
        let kind_zh = if m.facts.flags.orphan {
            "孤儿"
        } else {
            "事实无人抚养儿童"
        };
        items.push(LineItem {
            id: "orphan.allowance".into(),
            person_id: Some(id.clone()),
            label_zh: format!("{kind_zh}基本生活补贴（{id}）"),
            label_en: format!("Child allowance ({id})"),
            amount,
            formula_zh: text!(ctx, "每人每月{amount}元（统一标准）"),
            formula_en: text!(ctx, "{amount} 元 per child per month (one figure)"),
            parameters: ctx.uses(&[allowance]),
        });
    }
    let recipients: Vec<String> = items.iter().filter_map(|i| i.person_id.clone()).collect();
    let why = (d.children == 0).then(|| {
        reason(
            ctx,
            ReasonCode::NoEligibleChild,
            "没有未满18周岁、未选择特困供养的孤儿或事实无人抚养儿童".into(),
            "No orphan or de facto unsupported child under 18 who keeps the child allowance".into(),
            "GZ-2025-STD",
            "一(四)",
        )
    });
    let result = super::render(
        Programme::OrphanAllowance,
        d.verdict,
        why,
        items,
        Vec::new(),
    );
    Ok(ChildOutcome { result, recipients })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::date::Date;
    use crate::household::Hukou;
    use crate::params::ParameterStore;
    use crate::region::{Area, District};
    use crate::wire::Eligibility;

    fn household<'m>(members: &'m [PersonFacts]) -> HouseholdFacts<'m> {
        HouseholdFacts {
            district: District::Tianhe,
            area: Area::Urban,
            assets: Default::default(),
            rigid_expenditure: None,
            members,
            common: Default::default(),
        }
    }

    #[test]
    fn one_flat_amount_per_child_who_keeps_it() {
        let store = ParameterStore::embedded().unwrap();
        let date = Date::new(2025, 6, 1).unwrap();
        let rates = Rates::resolve(store, date, District::Tianhe, Area::Urban);
        let mut orphan = PersonFacts::new(8, Hukou::Guangzhou);
        orphan.flags.orphan = true;
        let mut unsupported = PersonFacts::new(17, Hukou::Guangzhou);
        unsupported.flags.de_facto_unsupported_child = true;
        let mut chooses_tekun = PersonFacts::new(10, Hukou::Guangzhou);
        chooses_tekun.flags.orphan = true;
        chooses_tekun.flags.child_chooses_tekun = true;
        let mut adult = PersonFacts::new(18, Hukou::Guangzhou);
        adult.flags.orphan = true;
        let members = [orphan, unsupported, chooses_tekun, adult];
        let mut state = [MemberState::default(); 4];
        let d = decide(&rates, &household(&members), &mut state).unwrap();
        // 2976 元 per child, two children.
        assert_eq!(d.verdict, Verdict::paid(2 * 297_600, None));
        assert_eq!(d.children, 2);
        let flags: Vec<bool> = state.iter().map(|s| s.child_allowance).collect();
        assert_eq!(flags, [true, true, false, false]);

        let members = [adult];
        let mut state = [MemberState::default(); 1];
        let d = decide(&rates, &household(&members), &mut state).unwrap();
        assert_eq!(d.verdict.status, Eligibility::NotEligible);
        assert_eq!(d.verdict.reason, Some(ReasonCode::NoEligibleChild));
        assert!(!state[0].child_allowance);
    }
}
