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
#![doc(alias("最低生活保障", "低保", "低保边缘", "低保边缘家庭", "单人保"))]

use crate::engine::reasons::ReasonCode;
use crate::warnings::WarningCode;
use rust_decimal::Decimal;

use super::{Member, reason};
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money, yuan};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::Error;
use crate::household::{Disability, Household, PersonFlags};
use crate::money::Number;
use crate::params::ParamRef;
use crate::wire::{Eligibility, Input, LineItem, Programme, ProgrammeResult, Step};

const STD_SOURCE: &str = "GZ-2025-STD";
const MCA: &str = "MCA-DB-2021";

/// The household's social-assistance status, which later programmes build on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HouseholdStatus {
    /// A dibao household (top-up paid).
    Dibao,
    /// A marginal household (possibly with 单人保 members).
    Marginal,
    /// Neither (also the status of a household whose dibao was not assessed).
    #[default]
    Neither,
    /// Marginal status could not be decided on the date.
    Undetermined,
}

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// Whether a member may be covered alone inside a marginal household (第八条): a grade 1–2
/// disability certificate, a grade 3 intellectual or mental one, or a recognised serious illness.
pub fn single_person_route(disability: Option<Disability>, flags: &PersonFlags) -> bool {
    let by_disability =
        disability.is_some_and(|d| d.grade <= 2 || (d.grade == 3 && d.is_intellectual_or_mental()));
    by_disability || flags.serious_illness
}

/// The 单人保 top-up of a member of a marginal household: standard − own counted income, when
/// positive and the member may be covered alone (第八条); rounded once.
pub fn single_person_top_up(standard: Exact, person: &PersonFacts) -> Option<Fen> {
    if !single_person_route(person.disability, &person.flags) {
        return None;
    }
    let own = super::income::counted_fen(&person.income).counted;
    let top_up = standard.sub(Exact::int(own));
    top_up.gt(Exact::int(0)).then(|| top_up.round())
}

/// The financial-asset test shared by dibao and 特困 (《最低生活保障审核确认办法》第十四条; the
/// per-capita limit, in months of the standard, is illustrative): the household's financial
/// assets against the limit × the members counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct AssetCheck {
    /// The household's financial assets, fen.
    pub financial: Fen,
    /// The limit for the members counted, fen (exact).
    pub limit: Exact,
    /// Whether the assets are within the limit.
    pub passed: bool,
}

/// Runs the asset test for `members` counted members at the monthly `standard` (fen).
pub fn asset_check(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    standard: Exact,
    members: i64,
) -> Result<AssetCheck, Missing> {
    let months = rates.get(Key::DibaoAssetMonths)?;
    let financial = household.assets.financial;
    let limit = months.mul(standard).times(members);
    Ok(AssetCheck {
        financial,
        limit,
        passed: !Exact::int(financial).gt(limit),
    })
}

/// A property rule of Guangdong's economic check (粤民规字〔2019〕9号 as restated by the 清远市民政局
/// Q&A of 2022-02-14, reported; the provincial fallback, Guangzhou's own rules not being encoded):
/// at most one residential unit (a mud-brick house or an unoccupied ancestral home not counted),
/// no non-residential property (shops, garages, parking spaces), no motor vehicle other than a
/// disabled person's mobility vehicle, a fuel motorcycle or an e-bike, and no business
/// registration. From 2026-01-01 the provincial assessment rule (reported) also allows one small
/// commercial vehicle that is the household's only means of living, within a local value limit
/// that is not encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PropertyFailure {
    /// More residential units than the limit.
    Housing,
    /// A shop, garage or parking space.
    NonResidential,
    /// A motor vehicle not among the allowed kinds.
    Vehicle,
    /// A business registration.
    Business,
}

impl PropertyFailure {
    /// The reason code.
    pub const fn code(self) -> ReasonCode {
        match self {
            PropertyFailure::Housing => ReasonCode::HousingAboveLimit,
            PropertyFailure::NonResidential => ReasonCode::NonResidentialProperty,
            PropertyFailure::Vehicle => ReasonCode::VehicleNotAllowed,
            PropertyFailure::Business => ReasonCode::BusinessRegistered,
        }
    }
}

/// The property rules' outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyCheck {
    /// The first rule failed, in the order housing, non-residential, vehicle, business.
    pub failure: Option<PropertyFailure>,
    /// The vehicle passed as the household's one livelihood commercial vehicle (2026 rule),
    /// without its value being checked (the local limit is not encoded).
    pub livelihood_vehicle: bool,
}

/// Runs the property rules on the household's assets.
pub fn property_check(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
) -> Result<PropertyCheck, Missing> {
    let units = rates.get(Key::DibaoResidentialUnits)?;
    let a = &household.assets;
    let livelihood = a.vehicles > 0
        && a.livelihood_vehicle
        && rates
            .try_get(Key::DibaoLivelihoodVehicles)
            .is_some_and(|n| n.gt(Exact::int(0)));
    let failure = if Exact::int(a.extra_dwellings.saturating_add(1)).gt(units) {
        Some(PropertyFailure::Housing)
    } else if a.non_residential > 0 {
        Some(PropertyFailure::NonResidential)
    } else if a.vehicles > 0 && !livelihood {
        Some(PropertyFailure::Vehicle)
    } else if a.business_registration {
        Some(PropertyFailure::Business)
    } else {
        None
    };
    Ok(PropertyCheck {
        failure,
        livelihood_vehicle: livelihood && failure.is_none(),
    })
}

/// The dibao determination: verdicts and the figures they rest on.
///
/// The default is the record of a household whose programme was not assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Decision {
    /// The household's status.
    pub status: HouseholdStatus,
    /// 最低生活保障.
    pub dibao: Verdict,
    /// 低保边缘家庭.
    pub marginal: Verdict,
    /// Members counted (not supported as 特困).
    pub members: i64,
    /// Counted household monthly income, fen.
    pub income: Fen,
    /// The asset test (not run when no member is counted).
    pub assets: Option<AssetCheck>,
    /// The property rules (not run when no member is counted).
    pub property: Option<PropertyCheck>,
    /// The dibao line: standard × members, fen.
    pub guarantee: Exact,
    /// The marginal line, when tested: multiplier × standard × members, fen.
    pub threshold: Option<Exact>,
}

/// Decides dibao and marginal status over the members not supported as 特困; marks the members
/// dibao is paid for.
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &mut [MemberState],
) -> Result<Decision, Missing> {
    let s = rates.get(Key::DibaoStandard)?;
    let counted = || {
        household
            .members
            .iter()
            .zip(state.iter())
            .filter(|(_, st)| !st.tekun_supported)
            .map(|(p, _)| p)
    };
    let n = counted().count() as i64;
    let mut d = Decision {
        status: HouseholdStatus::Neither,
        dibao: Verdict::not(ReasonCode::AllMembersTekun),
        marginal: Verdict::not(ReasonCode::AllMembersTekun),
        members: n,
        income: 0,
        assets: None,
        property: None,
        guarantee: s.times(n),
        threshold: None,
    };
    if n == 0 {
        return Ok(d);
    }
    let assets = asset_check(rates, household, s, n)?;
    d.assets = Some(assets);
    let property = property_check(rates, household)?;
    d.property = Some(property);
    d.income = counted()
        .map(|p| super::income::counted_fen(&p.income).counted)
        .sum();
    let income = Exact::int(d.income);
    let income_ok = income.lt(d.guarantee);

    if assets.passed && property.failure.is_none() && income_ok {
        d.status = HouseholdStatus::Dibao;
        d.dibao = Verdict::paid(d.guarantee.sub(income).round(), None);
        d.marginal = Verdict::not(ReasonCode::DibaoHousehold);
        for st in state.iter_mut().filter(|st| !st.tekun_supported) {
            st.dibao_recipient = true;
        }
        return Ok(d);
    }
    if !assets.passed {
        d.dibao = Verdict::not(ReasonCode::AssetsAboveLimit);
        d.marginal = Verdict::not(ReasonCode::AssetsAboveLimit);
        return Ok(d);
    }
    if let Some(f) = property.failure {
        d.dibao = Verdict::not(f.code());
        d.marginal = Verdict::not(f.code());
        return Ok(d);
    }
    let any_single = counted().any(|p| single_person_route(p.disability, &p.flags));
    let Some(m) = rates.try_get(Key::DibaoMarginalMultiplier) else {
        d.status = HouseholdStatus::Undetermined;
        d.dibao = if any_single {
            Verdict::of(
                Eligibility::Undetermined,
                Some(ReasonCode::MarginalThresholdNotInForce),
            )
        } else {
            Verdict::not(ReasonCode::IncomeNotBelowStandard)
        };
        d.marginal = Verdict::of(
            Eligibility::Undetermined,
            Some(ReasonCode::MarginalThresholdNotInForce),
        );
        return Ok(d);
    };
    let threshold = m.mul(s).times(n);
    d.threshold = Some(threshold);
    if !income.lt(threshold) {
        d.dibao = Verdict::not(ReasonCode::IncomeNotBelowStandard);
        d.marginal = Verdict::not(ReasonCode::IncomeNotBelowMarginalThreshold);
        return Ok(d);
    }
    // A marginal household: 单人保 for the members who may be covered alone.
    d.status = HouseholdStatus::Marginal;
    d.marginal = Verdict::paid(0, None);
    let mut total = 0;
    let mut any = false;
    for (p, st) in household.members.iter().zip(state.iter_mut()) {
        if st.tekun_supported {
            continue;
        }
        if let Some(amount) = single_person_top_up(s, p) {
            total += amount;
            any = true;
            st.dibao_recipient = true;
        }
    }
    d.dibao = if any {
        Verdict::paid(total, Some(ReasonCode::SinglePersonRoute))
    } else {
        Verdict::not(ReasonCode::IncomeNotBelowStandard)
    };
    Ok(d)
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

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

/// The explanation form of an asset test, with the parameters it used.
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
    /// Renders `check`, recording the limit parameter as used.
    pub fn render(
        ctx: &mut Context<'a>,
        rates: &Rates<'a>,
        check: &AssetCheck,
    ) -> Result<AssetTest<'a>, Error> {
        Ok(AssetTest {
            months: super::used(ctx, rates, Key::DibaoAssetMonths)?,
            financial: yuan(check.financial),
            limit: check.limit.fen_to_yuan(),
            passed: check.passed,
        })
    }

    /// The reason when the test fails, citing `article` of `source`.
    pub fn reason(&self, ctx: &Context<'_>, source: &str, article: &str) -> crate::wire::Reason {
        let (financial, limit) = (self.financial, self.limit);
        reason(
            ctx,
            ReasonCode::AssetsAboveLimit,
            format!("家庭金融资产{financial}元超过上限{limit}元"),
            format!("Household financial assets of {financial} 元 exceed the limit of {limit} 元"),
            source,
            article,
        )
    }
}

/// The figures of the dibao determination, for explanations.
struct Facts<'a> {
    standard: ParamRef<'a>,
    assets: AssetTest<'a>,
    n: Decimal,
    income: Decimal,
    income_ok: bool,
}

/// Explains the dibao and marginal determination `d` for the counted `members`.
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    household: &Household,
    members: &[Member<'_>],
    d: &Decision,
) -> Result<DibaoOutcome, Error> {
    let standard = super::used(ctx, rates, Key::DibaoStandard)?;
    let Some(check) = d.assets else {
        let why = || {
            reason(
                ctx,
                ReasonCode::AllMembersTekun,
                "全部成员按特困人员救助供养，不再纳入最低生活保障".into(),
                "Every member is supported as tekun and is not also covered by dibao".into(),
                "MCA-TK-2021",
                "特困人员不再重复享受最低生活保障",
            )
        };
        return Ok(outcome(
            super::render(
                Programme::Dibao,
                d.dibao,
                Some(why()),
                Vec::new(),
                Vec::new(),
            ),
            super::render(
                Programme::DibaoMarginal,
                d.marginal,
                Some(why()),
                Vec::new(),
                Vec::new(),
            ),
            d.status,
            Vec::new(),
        ));
    };
    let s = standard.get();
    let n = Decimal::from(d.members);
    let assets = AssetTest::render(ctx, rates, &check)?;
    let income = yuan(d.income);
    let guarantee = d.guarantee.fen_to_yuan();

    let property = d.property.unwrap_or(PropertyCheck {
        failure: None,
        livelihood_vehicle: false,
    });
    let units = super::used(ctx, rates, Key::DibaoResidentialUnits)?;
    let livelihood = if property.livelihood_vehicle {
        let p = super::used(ctx, rates, Key::DibaoLivelihoodVehicles)?;
        ctx.warn(
            WarningCode::RuleNotEncoded,
            Some(Key::DibaoLivelihoodVehicles.name()),
            "唯一生活来源的小型营运车辆准予保留，但其价值限额未收录，未审核车辆价值",
            "The livelihood commercial vehicle is allowed, but its local value limit is not encoded: its value was not checked",
        );
        Some(p)
    } else {
        None
    };
    let facts = Facts {
        standard,
        assets,
        n,
        income,
        income_ok: Exact::int(d.income).lt(d.guarantee),
    };
    let mut steps = if ctx.explain {
        explain_steps(ctx, members, &facts)
    } else {
        Vec::new()
    };
    if ctx.explain {
        let a = &household.assets;
        let mut params = vec![units];
        params.extend(livelihood);
        let (homes, limit) = (a.extra_dwellings.saturating_add(1), units.get());
        let (shops, vehicles) = (a.non_residential_properties, a.vehicles);
        let livelihood_vehicle = property.livelihood_vehicle;
        let formula_zh = format!(
            "住房 {homes} 套 ≤ {limit}；非住宅房产 {shops} 处；机动车辆 {vehicles} 辆{}；工商登记：{}",
            if livelihood_vehicle {
                "（谋生车辆）"
            } else {
                ""
            },
            if a.business_registration {
                "有"
            } else {
                "无"
            }
        );
        let formula_en = format!(
            "units {homes} ≤ {limit}; non-residential {shops}; vehicles {vehicles}{}; business {}",
            if livelihood_vehicle {
                " (livelihood)"
            } else {
                ""
            },
            a.business_registration
        );
        steps.insert(
            3,
            Step {
                id: "dibao.property_test".into(),
                label_zh: "住房、非住宅房产、机动车辆、工商登记审核".into(),
                label_en: "Property test".into(),
                value: Number(Decimal::from(a.extra_dwellings.saturating_add(1))),
                formula_zh,
                formula_en,
                inputs: Vec::new(),
                parameters: ctx.uses(&params),
                passed: Some(property.failure.is_none()),
                citation: Some(ctx.cite(GD_ASSET, GD_ASSET_ART)),
            },
        );
    }
    if check.passed && property.failure.is_none() && !facts.income_ok {
        home_visit_route(ctx, rates, &facts)?;
    }
    match d.status {
        HouseholdStatus::Dibao => {
            let amount = money(d.dibao.monthly);
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
                ReasonCode::DibaoHousehold,
                "该家庭符合低保条件，按低保家庭救助，不认定为低保边缘家庭".into(),
                "The household qualifies for dibao and is assisted as a dibao household, not as a marginal one".into(),
                STD_SOURCE,
                "一(二)",
            );
            let recipients = members.iter().map(|m| m.person.id.clone()).collect();
            Ok(outcome(
                super::render(Programme::Dibao, d.dibao, None, vec![item], steps),
                super::render(
                    Programme::DibaoMarginal,
                    d.marginal,
                    Some(marginal),
                    Vec::new(),
                    Vec::new(),
                ),
                d.status,
                recipients,
            ))
        }
        _ if !check.passed || property.failure.is_some() => {
            let why = || {
                if check.passed {
                    property_reason(ctx, property.failure)
                } else {
                    facts.assets.reason(ctx, STD_SOURCE, "二(三)")
                }
            };
            Ok(outcome(
                super::render(Programme::Dibao, d.dibao, Some(why()), Vec::new(), steps),
                super::render(
                    Programme::DibaoMarginal,
                    d.marginal,
                    Some(why()),
                    Vec::new(),
                    Vec::new(),
                ),
                d.status,
                Vec::new(),
            ))
        }
        _ => marginal_or_neither(ctx, rates, members, &facts, d, guarantee, steps),
    }
}

const GD_ASSET: &str = "GD-DB-ASSET";
const GD_ASSET_ART: &str = "经济状况条件（二）至（四）";

/// The reason of a failed property rule.
fn property_reason(ctx: &Context<'_>, failure: Option<PropertyFailure>) -> crate::wire::Reason {
    let (zh, en) = match failure {
        Some(PropertyFailure::Housing) => ("住房超过1套", "More than one residential unit"),
        Some(PropertyFailure::NonResidential) => (
            "有商铺、车库或车位等非住宅房产",
            "A non-residential property (shop, garage or parking space)",
        ),
        Some(PropertyFailure::Vehicle) => (
            "有残疾人代步车、燃油摩托车、电动自行车以外的机动车辆",
            "A motor vehicle other than a disabled person's mobility vehicle, a fuel motorcycle or an e-bike",
        ),
        Some(PropertyFailure::Business) | None => ("有工商登记", "A business registration"),
    };
    reason(
        ctx,
        failure.map_or(ReasonCode::BusinessRegistered, PropertyFailure::code),
        zh.into(),
        en.into(),
        GD_ASSET,
        GD_ASSET_ART,
    )
}

/// Guangdong's assessment rule in force from 2026-01-01 (reported): a household whose per-capita
/// monthly income found by the data check is not above the local minimum wage may go on to the
/// home-visit assessment of its living conditions, which this engine does not model. The result
/// rests on the data check alone and says so.
fn home_visit_route<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    facts: &Facts<'_>,
) -> Result<(), Error> {
    let key = "dibao.home_visit_income_screen";
    let screen = match ctx
        .store()
        .lookup(key, Some(rates.district), Some(rates.area), ctx.date)
    {
        Ok(p) => p,
        Err(e) if e.code == crate::error::ErrorCode::ParameterNotInForce => return Ok(()),
        Err(e) => return Err(e),
    };
    let Some(wage) = rates.source(Key::MinimumWage) else {
        return Ok(());
    };
    let line = screen.get() * wage.get() * facts.n;
    if facts.income > line {
        return Ok(());
    }
    ctx.record(screen);
    ctx.record(wage);
    let (income, n, w) = (facts.income, facts.n, wage.get());
    ctx.warn(
        WarningCode::HomeVisitRoute,
        Some(key),
        &format!("家庭月收入{income}元不高于最低工资{w}元 × {n}人：2026年起可进入入户综合评估（未收录），本结果仅依据收入核对"),
        &format!("Income {income} is not above the minimum wage {w} × {n}: from 2026 the household may go on to the home-visit assessment (not encoded); this result rests on the income check"),
    );
    Ok(())
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

/// Income is not below the dibao line: a marginal household (with 单人保) or neither.
fn marginal_or_neither<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    facts: &Facts<'_>,
    d: &Decision,
    guarantee: Decimal,
    steps: Vec<Step>,
) -> Result<DibaoOutcome, Error> {
    let (s, n, income) = (facts.standard.get(), facts.n, facts.income);
    let income_reason = reason(
        ctx,
        ReasonCode::IncomeNotBelowStandard,
        format!("家庭月收入{income}元不低于低保标准{s}元 × {n}人 = {guarantee}元"),
        format!(
            "Household monthly income {income} 元 is not below the standard {s} × {n} members = {guarantee} 元"
        ),
        MCA,
        "第十三条",
    );
    let Some(threshold) = d.threshold else {
        // Not in force on the date: say so once.
        let e = rates.error(Key::DibaoMarginalMultiplier);
        ctx.warn(
            WarningCode::ParameterNotInForce,
            Some(Key::DibaoMarginalMultiplier.name()),
            &e.message,
            &e.message,
        );
        let undetermined = reason(
            ctx,
            ReasonCode::MarginalThresholdNotInForce,
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
        let why = if d.dibao.status == Eligibility::Undetermined {
            undetermined.clone()
        } else {
            income_reason
        };
        return Ok(outcome(
            super::render(Programme::Dibao, d.dibao, Some(why), Vec::new(), steps),
            super::render(
                Programme::DibaoMarginal,
                d.marginal,
                Some(undetermined),
                Vec::new(),
                Vec::new(),
            ),
            d.status,
            Vec::new(),
        ));
    };
    let multiplier = super::used(ctx, rates, Key::DibaoMarginalMultiplier)?;
    let m = multiplier.get();
    let threshold = threshold.fen_to_yuan();
    let is_marginal = d.status == HouseholdStatus::Marginal;
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
            ReasonCode::IncomeNotBelowMarginalThreshold,
            format!("家庭月收入{income}元不低于低保边缘收入线{threshold}元"),
            format!(
                "Household monthly income {income} 元 is not below the marginal line of {threshold} 元"
            ),
            STD_SOURCE,
            "一(二)",
        );
        return Ok(outcome(
            super::render(
                Programme::Dibao,
                d.dibao,
                Some(income_reason),
                Vec::new(),
                steps,
            ),
            super::render(
                Programme::DibaoMarginal,
                d.marginal,
                Some(why),
                Vec::new(),
                marginal_steps,
            ),
            d.status,
            Vec::new(),
        ));
    }

    // A marginal household: 单人保 for the listed members.
    let standard_exact = rates.get(Key::DibaoStandard).map_err(|k| rates.error(k))?;
    let mut items = Vec::new();
    for member in members {
        let Some(top_up) = single_person_top_up(standard_exact, member.facts) else {
            continue;
        };
        let own = member.income.counted;
        let amount = money(top_up);
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
    let recipients: Vec<String> = items.iter().filter_map(|i| i.person_id.clone()).collect();
    let marginal = super::render(
        Programme::DibaoMarginal,
        d.marginal,
        None,
        Vec::new(),
        marginal_steps,
    );
    let dibao = if items.is_empty() {
        super::render(
            Programme::Dibao,
            d.dibao,
            Some(income_reason),
            Vec::new(),
            steps,
        )
    } else {
        let why = reason(
            ctx,
            ReasonCode::SinglePersonRoute,
            "家庭为低保边缘家庭；其中重度残疾人、重病患者可按单人户纳入低保".into(),
            "A marginal household; its severely disabled or seriously ill members may be covered by dibao on their own".into(),
            MCA,
            "第八条",
        );
        super::render(Programme::Dibao, d.dibao, Some(why), items, steps)
    };
    Ok(outcome(dibao, marginal, d.status, recipients))
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
