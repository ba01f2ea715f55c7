//! 孤儿养育标准 and 事实无人抚养儿童基本生活补贴: one flat monthly amount per child under 18
//! (2976 元 from 2025-01-01, 穗民规字〔2025〕2号 一(四)). A child who takes it is not also 特困;
//! one who chooses 特困 (`flags.child_chooses_tekun`) does not get it.

use super::tekun::on_child_allowance;
use super::{Member, reason, result};
use crate::context::Context;
use crate::error::Error;
use crate::money::round_payable;
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult};

/// The allowance result and the ids of the children receiving it.
pub struct ChildOutcome {
    /// The programme result.
    pub result: ProgrammeResult,
    /// Ids of the recipients.
    pub recipients: Vec<String>,
}

/// Assesses every member.
pub fn assess(ctx: &mut Context<'_>, members: &[Member<'_>]) -> Result<ChildOutcome, Error> {
    let mut items = Vec::new();
    for m in members.iter().filter(|m| on_child_allowance(m)) {
        let allowance = ctx.param("orphan.allowance")?;
        let amount = round_payable(allowance.get());
        let id = &m.person.id;
        let kind_zh = if m.person.flags.orphan {
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
    let result = if items.is_empty() {
        let why = reason(
            ctx,
            "no_eligible_child",
            "没有未满18周岁、未选择特困供养的孤儿或事实无人抚养儿童".into(),
            "No orphan or de facto unsupported child under 18 who keeps the child allowance".into(),
            "GZ-2025-STD",
            "一(四)",
        );
        result(
            Programme::OrphanAllowance,
            Eligibility::NotEligible,
            Some(why),
            items,
            Vec::new(),
        )
    } else {
        result(
            Programme::OrphanAllowance,
            Eligibility::Eligible,
            None,
            items,
            Vec::new(),
        )
    };
    Ok(ChildOutcome { result, recipients })
}
