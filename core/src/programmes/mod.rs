//! One module per programme. Each reads like the rule it implements and cites it.
//!
//! [`assess_household`] runs the household programmes in the order their stacking rules need:
//! 特困 first (a person supported as 特困 is not also counted in the dibao household), the child
//! allowance (exclusive with 特困 for a child), dibao and the marginal status over the other
//! members, then what depends on that status: 分类救济, back pay, the price-linked subsidy, the
//! rigid-spending test and the two disability subsidies; then the elderly benefits (home-care
//! funding, meal aid, the longevity allowance), which stack with all of these.
//!
//! # Index
//!
//! Every programme and every other operation, by its Chinese name: the wire name (a household
//! programme's `programme` in a `calculate` result, or the API of its own operation), the module,
//! its parameter file under `core/parameters/`, its docs page under `docs/`, and the prefix of its
//! golden vectors under `tests/vectors/`. Each module also carries its Chinese names as search
//! aliases, so typing 低保 or 长寿保健金 into the docs' search finds it. `core/tests/index.rs`
//! checks every cell against the repository.
//!
//! | 中文名 | programme / API | module | parameter file | docs page | vector prefix |
//! |---|---|---|---|---|---|
//! | 最低生活保障（低保，含单人保） | `dibao` | [`dibao`] | `dibao.toml` | `social-assistance.md` | `dibao_` |
//! | 低保边缘家庭（低保边缘） | `dibao_marginal` | [`dibao`] | `dibao.toml` | `social-assistance.md` | `dibao_marginal_` |
//! | 低保标准提高补发（低保补发） | `dibao_back_pay` | [`back_pay`] | `dibao.toml` | `social-assistance.md` | `back_pay_` |
//! | 分类救济 | `classified_relief` | [`classified_relief`] | `assistance.toml` | `social-assistance.md` | `classified_relief_` |
//! | 特困人员救助供养（特困） | `tekun` | [`tekun`] | `tekun.toml` | `social-assistance.md` | `tekun_` |
//! | 孤儿及事实无人抚养儿童基本生活补贴（孤儿） | `orphan_allowance` | [`orphan`] | `assistance.toml` | `social-assistance.md` | `orphan_` |
//! | 价格临时补贴 | `price_subsidy` | [`price_subsidy`] | `assistance.toml` | `social-assistance.md` | `price_subsidy_` |
//! | 刚性支出困难家庭（刚性支出） | `rigid_expenditure_hardship` | [`rigid_expenditure`] | `assistance.toml` | `social-assistance.md` | `rigid_expenditure_` |
//! | 困难残疾人生活补贴（残疾人两项补贴） | `disability_living_subsidy` | [`disability`] | `disability.toml` | `disability-and-elderly.md` | `disability_` |
//! | 重度残疾人护理补贴（残疾人两项补贴） | `disability_care_subsidy` | [`disability`] | `disability.toml` | `disability-and-elderly.md` | `disability_` |
//! | 居家社区养老服务资助（居家养老） | `home_care_funding` | [`home_care`] | `elderly.toml` | `disability-and-elderly.md` | `home_care_` |
//! | 老年人助餐补贴（助餐） | `meal_aid` | [`meal_aid`] | `elderly.toml` | `disability-and-elderly.md` | `meal_aid_` |
//! | 长寿保健金 | `longevity_allowance` | [`longevity`] | `elderly.toml` | `disability-and-elderly.md` | `longevity_` |
//! | 临时救助（支出型、急难型） | `temporary_assistance` | [`temporary`] | `assistance.toml`, `dibao.toml` | `social-assistance.md` | `temporary_` |
//! | 流浪乞讨人员伙食费 | `rescue_food_allowance` | [`rescue`] | `assistance.toml` | `social-assistance.md` | `rescue_food_` |
//! | 老年人能力评估 | `assess_ability` | [`crate::assessment`] | — | `care-homes.md` | `assessment_` |
//! | 公办养老机构收费（月度账单） | `care_home_bill` | [`crate::care_home::bill`] | `care_home.toml`, `dibao.toml` | `care-homes.md` | `care_home_bill_` |
//! | 长期护理保险（长护险，账单内） | `care_home_bill` | [`crate::care_home::ltc`] | `ltc.toml` | `care-homes.md` | `care_home_bill_ltc_` |
//! | 公办养老机构收费动态调整 | `care_home_price_adjustment` | [`crate::care_home::adjustment`] | `care_home.toml` | `care-homes.md` | `care_home_adjustment_` |
//! | 养老机构等级评定（星级评定） | `star_rating`, `star_card` | [`crate::star_rating`] | — | `star-rating.md` | `star_builtin_`, `star_custom_`, `star_gap_` |
//! | 星级评定奖励（社区养老服务机构，一次性） | `star_reward` | [`crate::star_rating::reward`] | `star_rating.toml` | `star-rating.md` | `star_reward_` |
//!
//! 低保边缘 is decided in [`dibao`]: one income and asset test gives both statuses (the marginal
//! line is the dibao standard × 1.5, for a household that is not dibao), so splitting it would
//! repeat the test. The two disability subsidies share [`disability`] for the same reason: one
//! set of eligibility facts and exclusions decides both. 老年人能力评估 and the star rating read
//! no parameter file (the assessment cites its standards from `sources.toml`; the built-in star
//! card is `core/cards/gbt37276-2018.json`).

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
pub mod home_care;
pub mod income;
pub mod longevity;
pub mod meal_aid;
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
    let home_care = home_care::assess(ctx, &rates, &members, &d.home_care)?;
    let meals = meal_aid::assess(ctx, &rates, &members, &d.meals)?;
    let longevity = longevity::assess(ctx, &rates, &members, &d.longevity)?;

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

/// Helpers for the programmes' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::date::Date;
    use crate::engine::facts::{HouseholdFacts, PersonFacts};
    use crate::engine::rates::Rates;
    use crate::params::ParameterStore;
    use crate::region::{Area, District};

    /// The embedded parameters resolved on `date` in urban `district`.
    pub(crate) fn rates(date: &str, district: District) -> Result<Rates<'static>, String> {
        let store = ParameterStore::embedded().map_err(|e| e.message)?;
        let date = Date::parse(date).ok_or("date")?;
        Ok(Rates::resolve(store, date, district, Area::Urban))
    }

    /// An urban 天河区 household of `members`, with no assets or rigid spending given.
    pub(crate) fn household(members: &[PersonFacts]) -> HouseholdFacts<'_> {
        HouseholdFacts {
            district: District::Tianhe,
            area: Area::Urban,
            assets: Default::default(),
            rigid_expenditure: None,
            members,
            common: Default::default(),
        }
    }
}
