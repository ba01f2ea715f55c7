//! One module per programme. Each reads like the rule it implements and cites it.
//!
//! [`assess_household`] runs the household programmes in the order their stacking rules need:
//! 特困 first (a person supported as 特困 is not also counted in the dibao household), the child
//! allowance (exclusive with 特困 for a child), dibao and the marginal status over the other
//! members, then what depends on that status: 分类救济, back pay, the price-linked subsidy, the
//! rigid-spending test and the two disability subsidies; then the elderly benefits (home-care
//! funding, meal aid, the longevity allowance), which stack with all of these.

/// Formats explanation text (a formula) only when explanations are on: a batch run, or a request
/// with `explain: false`, skips the cost and gets an empty string.
macro_rules! text {
    ($ctx:expr, $($arg:tt)*) => {
        if $ctx.explain { format!($($arg)*) } else { String::new() }
    };
}

pub mod back_pay;
pub mod classified_relief;
pub mod dibao;
pub mod disability;
pub mod elderly;
pub mod income;
pub mod orphan;
pub mod price_subsidy;
pub mod rescue;
pub mod rigid_expenditure;
pub mod tekun;
pub mod temporary;

use crate::engine::reasons::ReasonCode;
use rust_decimal::Decimal;

use crate::context::Context;
use crate::engine::exact::money;
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::{MemberState, Verdict};
use crate::error::Error;
use crate::household::Person;
use crate::money::Money;
use crate::params::ParamRef;
use crate::wire::{
    CalculationRequest, Eligibility, LineItem, Programme, ProgrammeResult, Reason, Step,
};
use income::{CountedIncome, counted_income_of};

/// A household member with the facts the rules derive once: age and counted income.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    /// The person as given.
    pub person: &'a Person,
    /// Completed years on the calculation date.
    pub age: u32,
    /// Income as the rules count it.
    pub income: CountedIncome,
    /// The facts the rule kernels read.
    pub facts: &'a PersonFacts,
}

/// Records the parameter behind `key` as used by an explanation and returns it; the kernel
/// that decided read the same value from `rates`.
pub(crate) fn used<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    key: Key,
) -> Result<ParamRef<'a>, Error> {
    match rates.source(key) {
        Some(p) => Ok(ctx.record(p)),
        None => Err(rates.error(key)),
    }
}

/// Renders a kernel's verdict as a programme result: the status and amounts are the verdict's;
/// the explanation adds the reason's text and citation, the line items and the steps.
pub(crate) fn render(
    programme: Programme,
    verdict: Verdict,
    reason: Option<Reason>,
    line_items: Vec<LineItem>,
    steps: Vec<Step>,
) -> ProgrammeResult {
    let (label_zh, label_en) = programme.labels();
    ProgrammeResult {
        programme,
        label_zh: label_zh.into(),
        label_en: label_en.into(),
        status: verdict.status,
        form: programme.form(),
        monthly_amount: money(verdict.monthly),
        one_off_amount: verdict.one_off.map(money),
        reason,
        line_items,
        one_off_items: Vec::new(),
        steps,
    }
}

/// Builds a programme result.
pub(crate) fn result(
    programme: Programme,
    status: Eligibility,
    reason: Option<Reason>,
    line_items: Vec<LineItem>,
    steps: Vec<Step>,
) -> ProgrammeResult {
    let (label_zh, label_en) = programme.labels();
    let monthly_amount = Money(line_items.iter().map(|i| i.amount.0).sum::<Decimal>());
    ProgrammeResult {
        programme,
        label_zh: label_zh.into(),
        label_en: label_en.into(),
        status,
        form: programme.form(),
        monthly_amount,
        one_off_amount: None,
        reason,
        line_items,
        one_off_items: Vec::new(),
        steps,
    }
}

/// Adds one-off components (back pay, a lump sum) to a result.
pub(crate) fn with_one_off(mut r: ProgrammeResult, items: Vec<LineItem>) -> ProgrammeResult {
    if !items.is_empty() {
        r.one_off_amount = Some(Money(items.iter().map(|i| i.amount.0).sum::<Decimal>()));
        r.one_off_items = items;
    }
    r
}

/// A reason with its citation.
pub(crate) fn reason(
    ctx: &Context<'_>,
    code: ReasonCode,
    zh: String,
    en: String,
    source: &str,
    article: &str,
) -> Reason {
    Reason {
        code: code.code().into(),
        message_zh: zh,
        message_en: en,
        citation: ctx.cite(source, article),
    }
}

/// Runs every household programme. `ages` are the members' ages from validation.
pub fn assess_household(
    ctx: &mut Context<'_>,
    request: &CalculationRequest,
    ages: &[u32],
) -> Result<Vec<ProgrammeResult>, Error> {
    let household = &request.household;
    let facts: Vec<PersonFacts> = household
        .members
        .iter()
        .zip(ages)
        .map(|(person, &age)| PersonFacts::of(person, age))
        .collect();
    let hh = HouseholdFacts::of(request, &facts);
    let rates = Rates::resolve_cached(ctx.store(), ctx.date, household.district, household.area);
    let members: Vec<Member<'_>> = household
        .members
        .iter()
        .zip(ages)
        .zip(&facts)
        .map(|((person, &age), facts)| Member {
            person,
            age,
            income: counted_income_of(&facts.income),
            facts,
        })
        .collect();
    let mut state = vec![MemberState::default(); members.len()];

    let d = crate::engine::decide_all(&rates, &hh, &mut state).map_err(|k| rates.error(k))?;

    // The explanations render the decisions, in the same order.
    let children = orphan::assess(ctx, &rates, &members, &d.orphan, &state)?;
    let tekun = tekun::assess(ctx, &rates, &members, &d.tekun, &state)?;
    let others: Vec<Member<'_>> = members
        .iter()
        .zip(&tekun.supported)
        .filter(|(_, supported)| !**supported)
        .map(|(m, _)| *m)
        .collect();
    let dibao = dibao::assess(ctx, &rates, household, &others, &d.dibao)?;
    let relief = classified_relief::assess(ctx, &rates, &members, &state, &d.relief)?;
    let back = back_pay::assess(ctx, &rates, &hh, &d.back_pay)?;
    let price = price_subsidy::assess(
        ctx,
        &rates,
        request.price_indices.as_ref(),
        &members,
        &state,
        &d.price,
    )?;
    let rigid = rigid_expenditure::assess(ctx, &rates, household, &d.rigid)?;
    let [living, care] =
        disability::assess(ctx, &rates, &members, &state, &d.dibao, &d.disability)?;
    let home_care = elderly::home_care(ctx, &rates, &members, &d.home_care)?;
    let meals = elderly::meal_aid(ctx, &rates, &members, &d.meals)?;
    let longevity = elderly::longevity(ctx, &rates, &members, &d.longevity)?;

    let [dibao_result, marginal_result] = dibao.results;
    Ok(vec![
        dibao_result,
        marginal_result,
        relief,
        back,
        tekun.result,
        children.result,
        price,
        rigid,
        living,
        care,
        home_care,
        meals,
        longevity,
    ])
}
