//! 刚性支出困难家庭 (《刚性支出困难家庭认定办法》, in force 2025-01-01): a household that is not
//! dibao, 特困 or marginal, whose per-capita income is below last year's local per-capita
//! disposable income, and whose rigid spending over the past 12 months (basic living,
//! out-of-pocket medical, education, rehabilitation) exceeds a locally set share of its income.
//! The local figures are illustrative. A status, not a cash programme.
#![doc(alias("刚性支出", "刚性支出困难家庭"))]

use super::dibao::{self, HouseholdStatus};
use super::reason;
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, yuan};
use crate::engine::facts::HouseholdFacts;
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::Error;
use crate::household::Household;
use crate::money::Number;
use crate::wire::{Eligibility, Input, Programme, ProgrammeResult, Step};

const SRC: &str = "MCA-GX-2025";

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// The income and spending tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tests {
    /// Members.
    pub members: i64,
    /// Counted monthly income × 12, fen.
    pub annual_income: Fen,
    /// Per-capita disposable income × members, fen.
    pub income_line: Exact,
    /// Annual income below the income line.
    pub income_ok: bool,
    /// Rigid spending over 12 months, fen.
    pub spending: Fen,
    /// Spending share × annual income, fen.
    pub spending_line: Exact,
    /// Spending above the spending line.
    pub spending_ok: bool,
}

/// The rigid-spending determination.
///
/// The default is the record of a household whose programme was not assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Decision {
    /// The verdict (a status: no amount).
    pub verdict: Verdict,
    /// The tests, when the household was tested.
    pub tests: Option<Tests>,
}

/// Decides whether the household is a rigid-spending hardship household.
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &[MemberState],
    dibao: &dibao::Decision,
) -> Result<Decision, Missing> {
    let decision = |verdict| Decision {
        verdict,
        tests: None,
    };
    let Some(rigid) = household.rigid_expenditure else {
        return Ok(decision(Verdict::of(
            Eligibility::NotAssessed,
            Some(ReasonCode::InputNotGiven),
        )));
    };
    let assisted = matches!(
        dibao.status,
        HouseholdStatus::Dibao | HouseholdStatus::Marginal
    ) || state.iter().any(|st| st.tekun_supported);
    if assisted {
        return Ok(decision(Verdict::not(ReasonCode::AlreadyAssisted)));
    }
    if dibao.status == HouseholdStatus::Undetermined {
        return Ok(decision(Verdict::of(
            Eligibility::Undetermined,
            Some(ReasonCode::HouseholdStatusUndetermined),
        )));
    }
    let disposable = rates.get(Key::RigidDisposableIncome)?;
    let share = rates.get(Key::RigidSpendingShare)?;
    let members = household.members.len() as i64;
    let monthly: Fen = household
        .members
        .iter()
        .map(|p| super::income::counted_fen(&p.income).counted)
        .sum();
    let annual_income = monthly.saturating_mul(12);
    let income_line = disposable.times(members);
    let spending_line = share.mul(Exact::int(annual_income));
    let tests = Tests {
        members,
        annual_income,
        income_line,
        income_ok: Exact::int(annual_income).lt(income_line),
        spending: rigid.total,
        spending_line,
        spending_ok: Exact::int(rigid.total).gt(spending_line),
    };
    let verdict = if !tests.income_ok {
        Verdict::not(ReasonCode::IncomeNotBelowLine)
    } else if !tests.spending_ok {
        Verdict::not(ReasonCode::SpendingNotAboveShare)
    } else {
        Verdict::of(Eligibility::Eligible, None)
    };
    Ok(Decision {
        verdict,
        tests: Some(tests),
    })
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// Explains the determination `d`; the request's `household` gives the spending by kind, for
/// display.
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    household: &Household,
    d: &Decision,
) -> Result<ProgrammeResult, Error> {
    let programme = Programme::RigidExpenditureHardship;
    let no_steps = |why| super::render(programme, d.verdict, Some(why), Vec::new(), Vec::new());
    let Some(t) = d.tests else {
        let why = match d.verdict.reason {
            Some(ReasonCode::AlreadyAssisted) => reason(
                ctx,
                ReasonCode::AlreadyAssisted,
                "低保、特困或低保边缘家庭不再认定为刚性支出困难家庭".into(),
                "Dibao, tekun and marginal households are not assessed as rigid-spending hardship households".into(),
                SRC,
                "认定条件",
            ),
            Some(ReasonCode::HouseholdStatusUndetermined) => reason(
                ctx,
                ReasonCode::HouseholdStatusUndetermined,
                "家庭是否属于低保边缘家庭无法判断，刚性支出困难认定随之无法判断".into(),
                "The household's marginal status cannot be decided, so neither can this test"
                    .into(),
                SRC,
                "认定条件",
            ),
            _ => reason(
                ctx,
                ReasonCode::InputNotGiven,
                "未提供近12个月刚性支出（household.rigid_expenditure），未认定".into(),
                "No rigid spending over the past 12 months (household.rigid_expenditure) was given; not assessed".into(),
                SRC,
                "认定条件",
            ),
        };
        return Ok(no_steps(why));
    };
    let disposable = super::used(ctx, rates, Key::RigidDisposableIncome)?;
    let share = super::used(ctx, rates, Key::RigidSpendingShare)?;
    let n = t.members;
    let annual_income = yuan(t.annual_income);
    let income_line = t.income_line.fen_to_yuan();
    let (income_ok, spending_ok) = (t.income_ok, t.spending_ok);
    let total = yuan(t.spending);
    let spending_line = t.spending_line.fen_to_yuan();
    let steps = match (&household.rigid_expenditure, ctx.explain) {
        (Some(spending), true) => vec![
            Step {
                id: "rigid.income_test".into(),
                label_zh: "收入条件：家庭年收入低于上年人均可支配收入 × 人数".into(),
                label_en: "Income: annual household income below last year's per-capita disposable income × members".into(),
                value: Number(annual_income),
                formula_zh: text!(ctx, "月收入 × 12 = {annual_income}元 {} {} × {n}人 = {income_line}元", if income_ok { "<" } else { "≥" }, disposable.get()),
                formula_en: text!(ctx, "monthly income × 12 = {annual_income} {} {} × {n} = {income_line} 元", if income_ok { "<" } else { "≥" }, disposable.get()),
                inputs: vec![Input { name: "members".into(), value: Number(n.into()) }],
                parameters: ctx.uses(&[disposable]),
                passed: Some(income_ok),
                citation: Some(ctx.cite(SRC, "认定条件（收入）")),
            },
            Step {
                id: "rigid.spending_test".into(),
                label_zh: "支出条件：近12个月刚性支出超过家庭收入的认定比例".into(),
                label_en: "Spending: rigid spending over 12 months above the set share of income".into(),
                value: Number(total),
                formula_zh: text!(ctx, "刚性支出{total}元 {} {} × 年收入{annual_income} = {spending_line}元", if spending_ok { ">" } else { "≤" }, share.get()),
                formula_en: text!(ctx, "rigid spending {total} {} {} × annual income {annual_income} = {spending_line} 元", if spending_ok { ">" } else { "≤" }, share.get()),
                inputs: vec![
                    Input { name: "basic_living".into(), value: Number(spending.basic_living.0) },
                    Input { name: "medical_out_of_pocket".into(), value: Number(spending.medical_out_of_pocket.0) },
                    Input { name: "education".into(), value: Number(spending.education.0) },
                    Input { name: "rehabilitation".into(), value: Number(spending.rehabilitation.0) },
                ],
                parameters: ctx.uses(&[share]),
                passed: Some(spending_ok),
                citation: Some(ctx.cite(SRC, "认定条件（刚性支出）")),
            },
        ],
        _ => Vec::new(),
    };
    match d.verdict.reason {
        Some(ReasonCode::IncomeNotBelowLine) => {
            let why = reason(
                ctx,
                ReasonCode::IncomeNotBelowLine,
                format!("家庭年收入{annual_income}元不低于{income_line}元"),
                format!("Annual household income {annual_income} 元 is not below {income_line} 元"),
                SRC,
                "认定条件（收入）",
            );
            Ok(super::render(
                programme,
                d.verdict,
                Some(why),
                Vec::new(),
                steps,
            ))
        }
        Some(ReasonCode::SpendingNotAboveShare) => {
            let why = reason(
                ctx,
                ReasonCode::SpendingNotAboveShare,
                format!("刚性支出{total}元未超过{spending_line}元"),
                format!("Rigid spending {total} 元 does not exceed {spending_line} 元"),
                SRC,
                "认定条件（刚性支出）",
            );
            Ok(super::render(
                programme,
                d.verdict,
                Some(why),
                Vec::new(),
                steps,
            ))
        }
        _ => Ok(super::render(programme, d.verdict, None, Vec::new(), steps)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::engine::facts::{AssetFacts, Common, PersonFacts, RigidFacts};
    use crate::household::Hukou;
    use crate::params::ParameterStore;
    use crate::region::{Area, District};

    fn dibao_status(status: HouseholdStatus) -> dibao::Decision {
        dibao::Decision {
            status,
            dibao: Verdict::not(ReasonCode::IncomeNotBelowStandard),
            marginal: Verdict::not(ReasonCode::IncomeNotBelowMarginalThreshold),
            members: 0,
            income: 0,
            assets: None,
            property: None,
            guarantee: Exact::int(0),
            threshold: None,
        }
    }

    #[test]
    fn income_and_spending_tests() {
        let store = ParameterStore::embedded().unwrap();
        let date = Date::new(2025, 7, 1).unwrap();
        let rates = Rates::resolve(store, date, District::Yuexiu, Area::Urban);
        let mut earner = PersonFacts::new(45, Hukou::Guangzhou);
        earner.income.wages = 150_000;
        let members = [earner, PersonFacts::new(12, Hukou::Guangzhou)];
        let state = [MemberState::default(); 2];
        let neither = dibao_status(HouseholdStatus::Neither);
        let at = |spending: Fen| {
            let hh = HouseholdFacts {
                district: District::Yuexiu,
                area: Area::Urban,
                assets: AssetFacts::default(),
                rigid_expenditure: Some(RigidFacts { total: spending }),
                members: &members,
                common: Common::default(),
            };
            decide(&rates, &hh, &state, &neither).unwrap()
        };
        // 1500 元/month × 12 = 18 000 元 < 80 000 × 2 = 160 000 元; the spending line is
        // 0.6 × 18 000 = 10 800 元 (the illustrative share), which the spending must exceed.
        let d = at(1_080_000);
        assert_eq!(d.verdict, Verdict::not(ReasonCode::SpendingNotAboveShare));
        let t = d.tests.unwrap();
        assert_eq!(t.annual_income, 1_800_000);
        assert!(t.income_ok);
        assert_eq!(t.income_line.fen_to_yuan().to_string(), "160000");
        assert_eq!(t.spending_line.fen_to_yuan().to_string(), "10800");
        assert_eq!(
            at(1_080_001).verdict,
            Verdict::of(Eligibility::Eligible, None)
        );
        // A member supported as 特困: already assisted, nothing tested.
        let mut tekun = state;
        if let Some(st) = tekun.get_mut(1) {
            st.tekun_supported = true;
        }
        let hh = HouseholdFacts {
            district: District::Yuexiu,
            area: Area::Urban,
            assets: AssetFacts::default(),
            rigid_expenditure: Some(RigidFacts { total: 1_080_001 }),
            members: &members,
            common: Common::default(),
        };
        let d = decide(&rates, &hh, &tekun, &neither).unwrap();
        assert_eq!(d.verdict, Verdict::not(ReasonCode::AlreadyAssisted));
        assert_eq!(d.tests, None);
    }

    #[test]
    fn spending_line_is_exact() {
        // Income 1000.01 元/month × 12 = 12 000.12 元; a share of 0.5 gives 6000.06 元, and a
        // spending of 6000.06 元 is not above it (the test is "exceeds").
        let annual: Fen = 100_001 * 12;
        let line = Exact { units: 5, scale: 1 }.mul(Exact::int(annual));
        assert_eq!(line.fen_to_yuan().to_string(), "6000.06");
        assert!(!Exact::int(600_006).gt(line));
        assert!(Exact::int(600_007).gt(line));
    }
}
