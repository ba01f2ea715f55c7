//! 最低生活保障 (dibao) and 低保边缘家庭 (marginal households), Guangzhou.
//!
//! - Standard: 穗民规字〔2025〕2号 一(一): 1309 元/人/月 for all districts from 2025-01-01.
//! - Top-up (补差): monthly payment = standard × members − household monthly income, when
//!   positive, computed on household totals (never per capita and back, which rounds twice).
//! - Income: 《最低生活保障审核确认办法》第十三条, see [`super::income`].
//! - Assets: 第十四条; the per-capita financial-asset limit is set yearly (穗民规字〔2025〕2号
//!   二(三)) and is an illustrative placeholder here.
//! - 低保边缘: per-capita income below 1.5 × the standard (穗民规字〔2025〕2号 一(二), from
//!   2025-06-01) and not a dibao household.
//! - 单人保 (第八条): inside a marginal household, a holder of a grade 1–2 disability
//!   certificate, of a grade 3 intellectual or mental one, or a person with a recognised serious
//!   illness may be covered alone: standard − own counted income, when positive.
//! - Members supported as 特困 are not counted in the dibao household (see [`super`]).

use rust_decimal::Decimal;

use super::{Member, reason, result};
use crate::context::Context;
use crate::error::Error;
use crate::household::{Household, Person};
use crate::money::{Number, round_payable};
use crate::params::ParamRef;
use crate::wire::{Eligibility, Input, LineItem, Programme, ProgrammeResult, Step};

const STD_SOURCE: &str = "GZ-2025-STD";
const MCA: &str = "MCA-DB-2021";

/// The household's social-assistance status, which later programmes build on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HouseholdStatus {
    /// A dibao household (top-up paid).
    Dibao,
    /// A marginal household (possibly with 单人保 members).
    Marginal,
    /// Neither.
    Neither,
    /// Marginal status could not be decided on the date.
    Undetermined,
}

/// The dibao and marginal results and what later programmes need from them.
pub struct DibaoOutcome {
    /// `[dibao, dibao_marginal]`.
    pub results: [ProgrammeResult; 2],
    /// The household's status.
    pub status: HouseholdStatus,
    /// Ids of the persons dibao is paid for: every counted member of a dibao household, or the
    /// 单人保 members of a marginal one.
    pub recipients: Vec<String>,
}

/// Whether a member may be covered alone inside a marginal household (第八条).
pub fn single_person_route(person: &Person) -> bool {
    let by_disability = person
        .disability
        .is_some_and(|d| d.grade <= 2 || (d.grade == 3 && d.is_intellectual_or_mental()));
    by_disability || person.flags.serious_illness
}

fn outcome(
    dibao: ProgrammeResult,
    marginal: ProgrammeResult,
    status: HouseholdStatus,
    recipients: Vec<String>,
) -> DibaoOutcome {
    DibaoOutcome {
        results: [dibao, marginal],
        status,
        recipients,
    }
}

/// Assesses dibao and marginal-household status for the counted `members`.
pub fn assess(
    ctx: &mut Context<'_>,
    household: &Household,
    members: &[Member<'_>],
) -> Result<DibaoOutcome, Error> {
    let standard = ctx.param("dibao.standard")?;
    if members.is_empty() {
        let why = || {
            reason(
                ctx,
                "all_members_tekun",
                "全部成员按特困人员救助供养，不再纳入最低生活保障".into(),
                "Every member is supported as tekun and is not also covered by dibao".into(),
                "MCA-TK-2021",
                "特困人员不再重复享受最低生活保障",
            )
        };
        return Ok(outcome(
            result(
                Programme::Dibao,
                Eligibility::NotEligible,
                Some(why()),
                Vec::new(),
                Vec::new(),
            ),
            result(
                Programme::DibaoMarginal,
                Eligibility::NotEligible,
                Some(why()),
                Vec::new(),
                Vec::new(),
            ),
            HouseholdStatus::Neither,
            Vec::new(),
        ));
    }
    let s = standard.get();
    let n = Decimal::from(members.len());
    let assets = AssetTest::run(ctx, household, s, n)?;
    let income: Decimal = members.iter().map(|m| m.income.counted).sum();
    let guarantee = s * n;
    let income_ok = income < guarantee;

    if household.assets.vehicles.0 > Decimal::ZERO || household.assets.extra_dwellings > 0 {
        ctx.warn(
            "rule_not_encoded",
            None,
            "已录入机动车辆或多套住房，但广州市对车辆、住房的认定规则尚未收录，本结果未据此审核",
            "Vehicles or extra dwellings were given, but Guangzhou's vehicle and housing rules are not encoded; they were not tested",
        );
    }

    let facts = Facts {
        standard,
        assets,
        n,
        income,
        income_ok,
    };
    let steps = if ctx.explain {
        explain_steps(ctx, members, &facts)
    } else {
        Vec::new()
    };

    // A dibao household: top-up.
    if facts.assets.passed && income_ok {
        let amount = round_payable(guarantee - income);
        let item = LineItem {
            id: "dibao.top_up".into(),
            person_id: None,
            label_zh: "低保补差".into(),
            label_en: "Dibao top-up".into(),
            amount,
            formula_zh: text!(
                ctx,
                "低保标准{s}元 × {n}人 − 家庭月收入{income}元 = {amount}元"
            ),
            formula_en: text!(
                ctx,
                "standard {s} × {n} members − household income {income} = {amount} 元"
            ),
            parameters: ctx.uses(&[standard]),
        };
        let marginal = reason(
            ctx,
            "dibao_household",
            "该家庭符合低保条件，按低保家庭救助，不认定为低保边缘家庭".into(),
            "The household qualifies for dibao and is assisted as a dibao household, not as a marginal one".into(),
            STD_SOURCE,
            "一(二)",
        );
        let recipients = members.iter().map(|m| m.person.id.clone()).collect();
        return Ok(outcome(
            result(
                Programme::Dibao,
                Eligibility::Eligible,
                None,
                vec![item],
                steps,
            ),
            result(
                Programme::DibaoMarginal,
                Eligibility::NotEligible,
                Some(marginal),
                Vec::new(),
                Vec::new(),
            ),
            HouseholdStatus::Dibao,
            recipients,
        ));
    }
    if !facts.assets.passed {
        let why = || facts.assets.reason(ctx, STD_SOURCE, "二(三)");
        return Ok(outcome(
            result(
                Programme::Dibao,
                Eligibility::NotEligible,
                Some(why()),
                Vec::new(),
                steps,
            ),
            result(
                Programme::DibaoMarginal,
                Eligibility::NotEligible,
                Some(why()),
                Vec::new(),
                Vec::new(),
            ),
            HouseholdStatus::Neither,
            Vec::new(),
        ));
    }
    marginal_or_neither(ctx, members, &facts, steps)
}

/// The figures of the dibao determination.
struct Facts<'a> {
    standard: ParamRef<'a>,
    assets: AssetTest<'a>,
    n: Decimal,
    income: Decimal,
    income_ok: bool,
}

/// The financial-asset test shared by dibao and 特困 (《最低生活保障审核确认办法》第十四条; the
/// per-capita limit, in months of the standard, is illustrative): the household's financial
/// assets against the limit × the members counted.
pub struct AssetTest<'a> {
    /// The limit in months of the standard.
    pub months: ParamRef<'a>,
    /// The household's financial assets.
    pub financial: Decimal,
    /// The limit for the members counted.
    pub limit: Decimal,
    /// Whether the assets are within the limit.
    pub passed: bool,
}

impl<'a> AssetTest<'a> {
    /// Runs the test for `members` counted members at the monthly `standard`.
    pub fn run(
        ctx: &mut Context<'a>,
        household: &Household,
        standard: Decimal,
        members: Decimal,
    ) -> Result<AssetTest<'a>, Error> {
        let months = ctx.param("dibao.financial_asset_limit_months")?;
        let financial = household.assets.financial();
        let limit = months.get() * standard * members;
        Ok(AssetTest {
            months,
            financial,
            limit,
            passed: financial <= limit,
        })
    }

    /// The reason when the test fails, citing `article` of `source`.
    pub fn reason(&self, ctx: &Context<'_>, source: &str, article: &str) -> crate::wire::Reason {
        let (financial, limit) = (self.financial, self.limit);
        reason(
            ctx,
            "assets_above_limit",
            format!("家庭金融资产{financial}元超过上限{limit}元"),
            format!("Household financial assets of {financial} 元 exceed the limit of {limit} 元"),
            source,
            article,
        )
    }
}

/// Income is not below the dibao line: a marginal household (with 单人保) or neither.
fn marginal_or_neither(
    ctx: &mut Context<'_>,
    members: &[Member<'_>],
    facts: &Facts<'_>,
    steps: Vec<Step>,
) -> Result<DibaoOutcome, Error> {
    let (s, n, income) = (facts.standard.get(), facts.n, facts.income);
    let guarantee = s * n;
    let income_reason = reason(
        ctx,
        "income_not_below_standard",
        format!("家庭月收入{income}元不低于低保标准{s}元 × {n}人 = {guarantee}元"),
        format!(
            "Household monthly income {income} 元 is not below the standard {s} × {n} members = {guarantee} 元"
        ),
        MCA,
        "第十三条",
    );
    let single_route: Vec<&Member<'_>> = members
        .iter()
        .filter(|m| single_person_route(m.person))
        .collect();
    let Some(multiplier) = ctx.param_if_in_force("dibao.marginal_multiplier")? else {
        let undetermined = reason(
            ctx,
            "marginal_threshold_not_in_force",
            format!(
                "{}尚无已收录的低保边缘认定标准，无法判断是否为低保边缘家庭",
                ctx.date
            ),
            format!(
                "No marginal-household threshold is encoded for {}; marginal status cannot be decided",
                ctx.date
            ),
            STD_SOURCE,
            "一(二)",
        );
        let (status, why) = if single_route.is_empty() {
            (Eligibility::NotEligible, income_reason)
        } else {
            (Eligibility::Undetermined, undetermined.clone())
        };
        return Ok(outcome(
            result(Programme::Dibao, status, Some(why), Vec::new(), steps),
            result(
                Programme::DibaoMarginal,
                Eligibility::Undetermined,
                Some(undetermined),
                Vec::new(),
                Vec::new(),
            ),
            HouseholdStatus::Undetermined,
            Vec::new(),
        ));
    };
    let m = multiplier.get();
    let threshold = m * s * n;
    let is_marginal = income < threshold;
    let mut marginal_steps = Vec::new();
    if ctx.explain {
        marginal_steps.push(Step {
            id: "dibao_marginal.income_test".into(),
            label_zh: "低保边缘收入线（家庭合计）".into(),
            label_en: "Marginal-household income line (household total)".into(),
            value: Number(threshold),
            formula_zh: text!(ctx, "{m} × 低保标准{s}元 × {n}人 = {threshold}元；家庭月收入{income}元{}该线", if is_marginal { "低于" } else { "不低于" }),
            formula_en: text!(ctx, "{m} × standard {s} × {n} members = {threshold} 元; household income {income} 元 is {} it", if is_marginal { "below" } else { "not below" }),
            inputs: vec![Input { name: "household_income".into(), value: Number(income) }],
            parameters: ctx.uses(&[multiplier, facts.standard]),
            passed: Some(is_marginal),
            citation: Some(ctx.cite(STD_SOURCE, "一(二)")),
        });
    }
    if !is_marginal {
        let why = reason(
            ctx,
            "income_not_below_marginal_threshold",
            format!("家庭月收入{income}元不低于低保边缘收入线{threshold}元"),
            format!(
                "Household monthly income {income} 元 is not below the marginal line of {threshold} 元"
            ),
            STD_SOURCE,
            "一(二)",
        );
        return Ok(outcome(
            result(
                Programme::Dibao,
                Eligibility::NotEligible,
                Some(income_reason),
                Vec::new(),
                steps,
            ),
            result(
                Programme::DibaoMarginal,
                Eligibility::NotEligible,
                Some(why),
                Vec::new(),
                marginal_steps,
            ),
            HouseholdStatus::Neither,
            Vec::new(),
        ));
    }

    // A marginal household: 单人保 for the listed members.
    let mut items = Vec::new();
    for member in single_route {
        let own = member.income.counted;
        let top_up = s - own;
        if top_up > Decimal::ZERO {
            let amount = round_payable(top_up);
            let id = &member.person.id;
            items.push(LineItem {
                id: "dibao.single_person".into(),
                person_id: Some(id.clone()),
                label_zh: format!("单人保（{id}）"),
                label_en: format!("Individual dibao ({id})"),
                amount,
                formula_zh: text!(ctx, "低保标准{s}元 − 本人月收入{own}元 = {amount}元（低保边缘家庭中的重度残疾人或重病患者，可单独申请）"),
                formula_en: text!(ctx, "standard {s} − own income {own} = {amount} 元 (a severely disabled or seriously ill member of a marginal household may apply alone)"),
                parameters: ctx.uses(&[facts.standard]),
            });
        }
    }
    let recipients: Vec<String> = items.iter().filter_map(|i| i.person_id.clone()).collect();
    let marginal = result(
        Programme::DibaoMarginal,
        Eligibility::Eligible,
        None,
        Vec::new(),
        marginal_steps,
    );
    let dibao = if items.is_empty() {
        result(
            Programme::Dibao,
            Eligibility::NotEligible,
            Some(income_reason),
            Vec::new(),
            steps,
        )
    } else {
        let why = reason(
            ctx,
            "single_person_route",
            "家庭为低保边缘家庭；其中重度残疾人、重病患者可按单人户纳入低保".into(),
            "A marginal household; its severely disabled or seriously ill members may be covered by dibao on their own".into(),
            MCA,
            "第八条",
        );
        result(
            Programme::Dibao,
            Eligibility::Eligible,
            Some(why),
            items,
            steps,
        )
    };
    Ok(outcome(
        dibao,
        marginal,
        HouseholdStatus::Marginal,
        recipients,
    ))
}

fn explain_steps(ctx: &Context<'_>, members: &[Member<'_>], f: &Facts<'_>) -> Vec<Step> {
    let s = f.standard.get();
    let n = f.n;
    let guarantee = s * n;
    let (income, financial, asset_limit) = (f.income, f.assets.financial, f.assets.limit);
    let per_member = |pick: fn(&Member<'_>) -> Decimal| -> Vec<Input> {
        members
            .iter()
            .map(|m| Input {
                name: format!("members[{}]", m.person.id),
                value: Number(pick(m)),
            })
            .collect()
    };
    let excluded: Decimal = members.iter().map(|m| m.income.excluded).sum();
    let cmp = if f.assets.passed { "≤" } else { ">" };
    vec![
        Step {
            id: "dibao.household_income".into(),
            label_zh: "家庭月收入（计入部分）".into(),
            label_en: "Household monthly income (counted)".into(),
            value: Number(income),
            formula_zh: "各成员（工资性收入 − 必要就业成本）+ 经营净收入 + 财产净收入 + 转移净收入（含养老金、社会保险待遇）+ 其他收入 − 因残因病刚性支出 之和".into(),
            formula_en: "sum over members of (wages − employment costs) + net business + net property + net transfer (pensions and social-insurance benefits included) + other income − recognised rigid expenditure".into(),
            inputs: per_member(|m| m.income.counted),
            parameters: Vec::new(),
            passed: None,
            citation: Some(ctx.cite(MCA, "第十三条")),
        },
        Step {
            id: "dibao.excluded_income".into(),
            label_zh: "不计入家庭收入的款项".into(),
            label_en: "Income not counted".into(),
            value: Number(excluded),
            formula_zh: "优待抚恤金、计划生育奖励与扶助金、奖学金、见义勇为奖励、社会救助款物、城乡居民基础养老金、残疾人两项补贴，不计入".into(),
            formula_en: "preferential pensions, family-planning awards, scholarships, heroism awards, social assistance, the residents' basic pension and the two disability subsidies are not counted".into(),
            inputs: per_member(|m| m.income.excluded),
            parameters: Vec::new(),
            passed: None,
            citation: Some(ctx.cite(MCA, "第十三条")),
        },
        Step {
            id: "dibao.asset_test".into(),
            label_zh: "家庭金融资产审核".into(),
            label_en: "Financial-asset test".into(),
            value: Number(financial),
            formula_zh: text!(ctx, "金融资产{financial}元 {cmp} 上限 {}个月 × 低保标准{s}元 × {n}人 = {asset_limit}元", f.assets.months.get()),
            formula_en: text!(ctx, "financial assets {financial} {cmp} limit {} months × standard {s} × {n} members = {asset_limit} 元", f.assets.months.get()),
            inputs: vec![Input { name: "asset_limit".into(), value: Number(asset_limit) }],
            parameters: ctx.uses(&[f.assets.months, f.standard]),
            passed: Some(f.assets.passed),
            citation: Some(ctx.cite(MCA, "第十四条")),
        },
        Step {
            id: "dibao.income_test".into(),
            label_zh: "收入审核：低保保障线（家庭合计）".into(),
            label_en: "Income test: dibao line (household total)".into(),
            value: Number(guarantee),
            formula_zh: text!(ctx, "低保标准{s}元 × {n}人 = {guarantee}元；家庭月收入{income}元{}该线", if f.income_ok { "低于" } else { "不低于" }),
            formula_en: text!(ctx, "standard {s} × {n} members = {guarantee} 元; household income {income} 元 is {} it", if f.income_ok { "below" } else { "not below" }),
            inputs: vec![
                Input { name: "members".into(), value: Number(n) },
                Input { name: "household_income".into(), value: Number(income) },
            ],
            parameters: ctx.uses(&[f.standard]),
            passed: Some(f.income_ok),
            citation: Some(ctx.cite(STD_SOURCE, "一(一)")),
        },
    ]
}
