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

use rust_decimal::Decimal;

use super::income::counted_income;
use crate::context::Context;
use crate::error::Error;
use crate::household::{Household, Person};
use crate::money::{Money, Number, round_payable};
use crate::params::ParamRef;
use crate::wire::{Eligibility, Input, LineItem, Programme, ProgrammeResult, Reason, Step};

const STD_SOURCE: &str = "GZ-2025-STD";
const MCA: &str = "MCA-DB-2021";

/// Whether a member may be covered alone inside a marginal household (第八条).
pub fn single_person_route(person: &Person) -> bool {
    let by_disability = person
        .disability
        .is_some_and(|d| d.grade <= 2 || (d.grade == 3 && d.is_intellectual_or_mental()));
    by_disability || person.flags.serious_illness
}

/// Assesses dibao and marginal-household status. Returns `[dibao, dibao_marginal]`.
pub fn assess(ctx: &mut Context<'_>, household: &Household) -> Result<[ProgrammeResult; 2], Error> {
    let standard = ctx.param("dibao.standard")?;
    let asset_months = ctx.param("dibao.financial_asset_limit_months")?;
    let s = standard.get();
    let n = Decimal::from(household.members.len());

    let incomes: Vec<_> = household
        .members
        .iter()
        .map(|p| counted_income(&p.income))
        .collect();
    let income: Decimal = incomes.iter().map(|c| c.counted).sum();
    let excluded: Decimal = incomes.iter().map(|c| c.excluded).sum();
    let guarantee = s * n;
    let financial = household.assets.financial();
    let asset_limit = asset_months.get() * s * n;
    let assets_ok = financial <= asset_limit;
    let income_ok = income < guarantee;

    if household.assets.vehicles.0 > Decimal::ZERO || household.assets.extra_dwellings > 0 {
        ctx.warn(
            "rule_not_encoded",
            None,
            "已录入机动车辆或多套住房，但广州市对车辆、住房的认定规则尚未收录，本结果未据此审核",
            "Vehicles or extra dwellings were given, but Guangzhou's vehicle and housing rules are not encoded; they were not tested",
        );
    }

    let mut steps = Vec::new();
    if ctx.explain {
        steps = explain_steps(
            ctx,
            household,
            &incomes,
            [standard, asset_months],
            income,
            excluded,
            financial,
            asset_limit,
            assets_ok,
            income_ok,
        );
    }

    let assets_reason = || Reason {
        code: "assets_above_limit".into(),
        message_zh: format!("家庭金融资产{financial}元超过上限{asset_limit}元"),
        message_en: format!(
            "Household financial assets of {financial} 元 exceed the limit of {asset_limit} 元"
        ),
        citation: ctx.cite(STD_SOURCE, "二(三)"),
    };

    // Dibao household: top-up.
    if assets_ok && income_ok {
        let amount = round_payable(guarantee - income);
        let item = LineItem {
            id: "dibao.top_up".into(),
            person_id: None,
            label_zh: "低保补差".into(),
            label_en: "Dibao top-up".into(),
            amount,
            formula_zh: format!("低保标准{s}元 × {n}人 − 家庭月收入{income}元 = {amount}元"),
            formula_en: format!(
                "standard {s} × {n} members − household income {income} = {amount} 元"
            ),
            parameters: ctx.uses(&[standard]),
        };
        let dibao = programme(
            Programme::Dibao,
            Eligibility::Eligible,
            amount,
            None,
            vec![item],
            steps,
        );
        let marginal = programme(
            Programme::DibaoMarginal,
            Eligibility::NotEligible,
            Money::ZERO,
            Some(Reason {
                code: "dibao_household".into(),
                message_zh: "该家庭符合低保条件，按低保家庭救助，不认定为低保边缘家庭".into(),
                message_en: "The household qualifies for dibao and is assisted as a dibao household, not as a marginal one".into(),
                citation: ctx.cite(STD_SOURCE, "一(二)"),
            }),
            Vec::new(),
            Vec::new(),
        );
        return Ok([dibao, marginal]);
    }
    if !assets_ok {
        let dibao = programme(
            Programme::Dibao,
            Eligibility::NotEligible,
            Money::ZERO,
            Some(assets_reason()),
            Vec::new(),
            steps,
        );
        let marginal = programme(
            Programme::DibaoMarginal,
            Eligibility::NotEligible,
            Money::ZERO,
            Some(assets_reason()),
            Vec::new(),
            Vec::new(),
        );
        return Ok([dibao, marginal]);
    }

    // Income not below the standard: marginal household?
    let income_reason = Reason {
        code: "income_not_below_standard".into(),
        message_zh: format!("家庭月收入{income}元不低于低保标准{s}元 × {n}人 = {guarantee}元"),
        message_en: format!(
            "Household monthly income {income} 元 is not below the standard {s} × {n} members = {guarantee} 元"
        ),
        citation: ctx.cite(MCA, "第十三条"),
    };
    let single_route: Vec<usize> = household
        .members
        .iter()
        .enumerate()
        .filter(|(_, p)| single_person_route(p))
        .map(|(i, _)| i)
        .collect();
    let Some(multiplier) = ctx.param_if_in_force("dibao.marginal_multiplier")? else {
        let undetermined = Reason {
            code: "marginal_threshold_not_in_force".into(),
            message_zh: format!(
                "{}尚无已收录的低保边缘认定标准，无法判断是否为低保边缘家庭",
                ctx.date
            ),
            message_en: format!(
                "No marginal-household threshold is encoded for {}; marginal status cannot be decided",
                ctx.date
            ),
            citation: ctx.cite(STD_SOURCE, "一(二)"),
        };
        let dibao_status = if single_route.is_empty() {
            Eligibility::NotEligible
        } else {
            Eligibility::Undetermined
        };
        let dibao_reason = if single_route.is_empty() {
            income_reason
        } else {
            undetermined.clone()
        };
        let dibao = programme(
            Programme::Dibao,
            dibao_status,
            Money::ZERO,
            Some(dibao_reason),
            Vec::new(),
            steps,
        );
        let marginal = programme(
            Programme::DibaoMarginal,
            Eligibility::Undetermined,
            Money::ZERO,
            Some(undetermined),
            Vec::new(),
            Vec::new(),
        );
        return Ok([dibao, marginal]);
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
            formula_zh: format!("{m} × 低保标准{s}元 × {n}人 = {threshold}元；家庭月收入{income}元{}该线", if is_marginal { "低于" } else { "不低于" }),
            formula_en: format!("{m} × standard {s} × {n} members = {threshold} 元; household income {income} 元 is {} it", if is_marginal { "below" } else { "not below" }),
            inputs: vec![Input { name: "household_income".into(), value: Number(income) }],
            parameters: ctx.uses(&[multiplier, standard]),
            passed: Some(is_marginal),
            citation: Some(ctx.cite(STD_SOURCE, "一(二)")),
        });
    }
    if !is_marginal {
        let reason = Reason {
            code: "income_not_below_marginal_threshold".into(),
            message_zh: format!("家庭月收入{income}元不低于低保边缘收入线{threshold}元"),
            message_en: format!(
                "Household monthly income {income} 元 is not below the marginal line of {threshold} 元"
            ),
            citation: ctx.cite(STD_SOURCE, "一(二)"),
        };
        let dibao = programme(
            Programme::Dibao,
            Eligibility::NotEligible,
            Money::ZERO,
            Some(income_reason),
            Vec::new(),
            steps,
        );
        let marginal = programme(
            Programme::DibaoMarginal,
            Eligibility::NotEligible,
            Money::ZERO,
            Some(reason),
            Vec::new(),
            marginal_steps,
        );
        return Ok([dibao, marginal]);
    }

    // Marginal household: 单人保 for the listed members.
    let mut items = Vec::new();
    for &i in &single_route {
        let (Some(person), Some(own)) = (household.members.get(i), incomes.get(i)) else {
            continue;
        };
        let top_up = s - own.counted;
        if top_up > Decimal::ZERO {
            let amount = round_payable(top_up);
            items.push(LineItem {
                id: "dibao.single_person".into(),
                person_id: Some(person.id.clone()),
                label_zh: format!("单人保（{}）", person.id),
                label_en: format!("Individual dibao ({})", person.id),
                amount,
                formula_zh: format!("低保标准{s}元 − 本人月收入{} 元 = {amount}元（低保边缘家庭中的重度残疾人或重病患者，可单独申请）", own.counted),
                formula_en: format!("standard {s} − own income {} = {amount} 元 (a severely disabled or seriously ill member of a marginal household may apply alone)", own.counted),
                parameters: ctx.uses(&[standard]),
            });
        }
    }
    let total: Decimal = items.iter().map(|i| i.amount.0).sum();
    let marginal = programme(
        Programme::DibaoMarginal,
        Eligibility::Eligible,
        Money::ZERO,
        None,
        Vec::new(),
        marginal_steps,
    );
    let dibao = if items.is_empty() {
        programme(
            Programme::Dibao,
            Eligibility::NotEligible,
            Money::ZERO,
            Some(income_reason),
            Vec::new(),
            steps,
        )
    } else {
        let reason = Reason {
            code: "single_person_route".into(),
            message_zh: "家庭为低保边缘家庭；其中重度残疾人、重病患者可按单人户纳入低保".into(),
            message_en: "A marginal household; its severely disabled or seriously ill members may be covered by dibao on their own".into(),
            citation: ctx.cite(MCA, "第八条"),
        };
        programme(
            Programme::Dibao,
            Eligibility::Eligible,
            Money(total),
            Some(reason),
            items,
            steps,
        )
    };
    Ok([dibao, marginal])
}

fn programme(
    programme: Programme,
    status: Eligibility,
    monthly_amount: Money,
    reason: Option<Reason>,
    line_items: Vec<LineItem>,
    steps: Vec<Step>,
) -> ProgrammeResult {
    let (label_zh, label_en) = match programme {
        Programme::Dibao => ("最低生活保障", "Minimum living allowance (dibao)"),
        Programme::DibaoMarginal => ("低保边缘家庭", "Marginal (near-dibao) household"),
    };
    ProgrammeResult {
        programme,
        label_zh: label_zh.into(),
        label_en: label_en.into(),
        status,
        monthly_amount,
        reason,
        line_items,
        steps,
    }
}

#[allow(clippy::too_many_arguments)]
fn explain_steps(
    ctx: &Context<'_>,
    household: &Household,
    incomes: &[super::income::CountedIncome],
    [standard, asset_months]: [ParamRef<'_>; 2],
    income: Decimal,
    excluded: Decimal,
    financial: Decimal,
    asset_limit: Decimal,
    assets_ok: bool,
    income_ok: bool,
) -> Vec<Step> {
    let s = standard.get();
    let n = Decimal::from(household.members.len());
    let guarantee = s * n;
    let per_member = |pick: fn(&super::income::CountedIncome) -> Decimal| -> Vec<Input> {
        household
            .members
            .iter()
            .zip(incomes)
            .map(|(p, c)| Input {
                name: format!("members[{}]", p.id),
                value: Number(pick(c)),
            })
            .collect()
    };
    vec![
        Step {
            id: "dibao.household_income".into(),
            label_zh: "家庭月收入（计入部分）".into(),
            label_en: "Household monthly income (counted)".into(),
            value: Number(income),
            formula_zh: "各成员（工资性收入 − 必要就业成本）+ 经营净收入 + 财产净收入 + 转移净收入 + 其他收入 − 因残因病刚性支出 之和".into(),
            formula_en: "sum over members of (wages − employment costs) + net business + net property + net transfer + other income − recognised rigid expenditure".into(),
            inputs: per_member(|c| c.counted),
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
            inputs: per_member(|c| c.excluded),
            parameters: Vec::new(),
            passed: None,
            citation: Some(ctx.cite(MCA, "第十三条")),
        },
        Step {
            id: "dibao.asset_test".into(),
            label_zh: "家庭金融资产审核".into(),
            label_en: "Financial-asset test".into(),
            value: Number(financial),
            formula_zh: format!("金融资产{financial}元 {} 上限 {}个月 × 低保标准{s}元 × {n}人 = {asset_limit}元", if assets_ok { "≤" } else { ">" }, asset_months.get()),
            formula_en: format!("financial assets {financial} {} limit {} months × standard {s} × {n} members = {asset_limit} 元", if assets_ok { "≤" } else { ">" }, asset_months.get()),
            inputs: vec![Input { name: "asset_limit".into(), value: Number(asset_limit) }],
            parameters: ctx.uses(&[asset_months, standard]),
            passed: Some(assets_ok),
            citation: Some(ctx.cite(MCA, "第十四条")),
        },
        Step {
            id: "dibao.income_test".into(),
            label_zh: "收入审核：低保保障线（家庭合计）".into(),
            label_en: "Income test: dibao line (household total)".into(),
            value: Number(guarantee),
            formula_zh: format!("低保标准{s}元 × {n}人 = {guarantee}元；家庭月收入{income}元{}该线", if income_ok { "低于" } else { "不低于" }),
            formula_en: format!("standard {s} × {n} members = {guarantee} 元; household income {income} 元 is {} it", if income_ok { "below" } else { "not below" }),
            inputs: vec![
                Input { name: "members".into(), value: Number(n) },
                Input { name: "household_income".into(), value: Number(income) },
            ],
            parameters: ctx.uses(&[standard]),
            passed: Some(income_ok),
            citation: Some(ctx.cite(STD_SOURCE, "一(一)")),
        },
    ]
}
