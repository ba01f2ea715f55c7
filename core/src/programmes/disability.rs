//! 残疾人两项补贴: 困难残疾人生活补贴 (living subsidy) and 重度残疾人护理补贴 (care subsidy),
//! 《广州市困难残疾人生活补贴和重度残疾人护理补贴实施办法》; amounts 209 / 280 元 in 2025 and
//! 217 / 290 元 from 2026-01-01 (《广州市残疾人两项补贴2025年发放情况和2026年发放标准》), flat.
//!
//! - Living subsidy: Guangzhou hukou and either a disabled member (any grade) of a dibao or
//!   low-income (低保边缘) household, or a grade 1–2 (or grade 3–4 intellectual or mental) person
//!   whose own average monthly income is below the subsidy.
//! - Care subsidy: Guangzhou hukou and a grade 1–2 certificate, a grade 3–4 intellectual or mental
//!   one, or a 残疾军人证 / 伤残人民警察证 at grade 1–4.
//! - Exclusions: 工伤护理费 or 特困 → neither; a child on the orphan / unsupported-child allowance
//!   → no living subsidy (care allowed); 离休 cadres → no living subsidy; with an elderly care
//!   subsidy only the higher of it and the care subsidy is paid.
//! - Paid from the month after approval. Neither counts as dibao income.
#![doc(alias(
    "残疾人两项补贴",
    "两项补贴",
    "困难残疾人生活补贴",
    "重度残疾人护理补贴"
))]

use super::dibao::{self, HouseholdStatus};
use super::{Member, reason};
use crate::context::Context;
use crate::date::Date;
use crate::engine::exact::{Exact, Fen, money, yuan};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::Error;
use crate::household::Hukou;
use crate::params::ParamRef;
use crate::wire::{LineItem, Programme, ProgrammeResult, Reason};

const IMPL: &str = "GZ-CJ-IMPL";

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// A grade 1–2 certificate, or an intellectual or mental one (grades 3–4 included).
fn severe(p: &PersonFacts) -> bool {
    p.disability
        .is_some_and(|d| d.grade <= 2 || d.is_intellectual_or_mental())
}

/// Paid from the month after approval (发放时间).
fn paid_yet(date: Date, p: &PersonFacts) -> bool {
    p.disability_subsidy_approved
        .is_none_or(|approved| (date.year(), date.month()) > (approved.year(), approved.month()))
}

/// One subsidy's outcome for one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Share {
    /// Paid: fen a month (rounded once).
    Paid(Fen),
    /// Not paid, for the reason code.
    Not(ReasonCode),
}

/// Both subsidies for one member holding a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonOutcome {
    /// 困难残疾人生活补贴.
    pub living: Share,
    /// 重度残疾人护理补贴.
    pub care: Share,
    /// A member of a dibao or marginal household (the living subsidy's first route; otherwise it
    /// is paid on the own-income route).
    pub assisted_household: bool,
    /// The member's own counted monthly income, fen.
    pub own_income: Fen,
    /// Whether the living-subsidy amount was read (the member was tested for it).
    pub living_read: bool,
    /// Whether the care-subsidy amount was read.
    pub care_read: bool,
}

/// Both subsidies for member `p` (state `st`) of a household that is (`low_income_household`)
/// or is not a dibao or marginal household; `None` when `p` holds neither a disability nor a
/// service-disability certificate. Reads the living subsidy before the care subsidy.
pub fn person(
    rates: &Rates<'_>,
    p: &PersonFacts,
    st: &MemberState,
    low_income_household: bool,
) -> Result<Option<PersonOutcome>, Missing> {
    let certified = p.disability.is_some();
    if !certified && p.service_disability_grade.is_none() {
        return Ok(None);
    }
    let care_route = severe(p) || p.service_disability_grade.is_some_and(|g| g <= 4);
    let own_income = super::income::counted_fen(&p.income).counted;
    let mut out = PersonOutcome {
        living: Share::Not(ReasonCode::NoDisabilityCertificate),
        care: Share::Not(ReasonCode::NotSevere),
        // Members supported as 特困 are not counted in the dibao household (and are excluded
        // below in any case).
        assisted_household: low_income_household && !st.tekun_supported,
        own_income,
        living_read: false,
        care_read: false,
    };
    // Exclusions common to both.
    let common = if p.hukou != Hukou::Guangzhou {
        Some(ReasonCode::NoGuangzhouHukou)
    } else if p.flags.work_injury_care_allowance {
        Some(ReasonCode::WorkInjuryCare)
    } else if st.tekun_supported {
        Some(ReasonCode::TekunSupported)
    } else if !paid_yet(rates.date, p) {
        Some(ReasonCode::PaymentStartsNextMonth)
    } else {
        None
    };
    if let Some(code) = common {
        out.living = Share::Not(code);
        out.care = Share::Not(code);
        return Ok(Some(out));
    }
    // Living subsidy.
    if certified {
        let living = rates.get(Key::DisabilityLiving)?;
        out.living_read = true;
        let own_income_route = severe(p) && Exact::int(own_income).lt(living);
        out.living = if st.child_allowance {
            Share::Not(ReasonCode::ChildAllowance)
        } else if p.flags.retired_cadre_lixiu {
            Share::Not(ReasonCode::RetiredCadre)
        } else if !out.assisted_household && !own_income_route {
            Share::Not(ReasonCode::NotInHardship)
        } else {
            Share::Paid(living.round())
        };
    }
    // Care subsidy.
    if care_route {
        let care = rates.get(Key::DisabilityCare)?;
        out.care_read = true;
        let elderly = p.elderly_care_subsidy;
        out.care = if !Exact::int(elderly).lt(care) && elderly > 0 {
            Share::Not(ReasonCode::ElderlyCareSubsidyHigher)
        } else {
            Share::Paid(care.round())
        };
    }
    Ok(Some(out))
}

/// Both subsidies for the household: `living` and `care`.
///
/// The default is the record of a household whose programme was not assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Decision {
    /// 困难残疾人生活补贴: the sum over the members paid.
    pub living: Verdict,
    /// 重度残疾人护理补贴.
    pub care: Verdict,
}

/// The members' outcomes of one subsidy, summed.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    paid: bool,
    total: Fen,
    refused: usize,
    first: Option<ReasonCode>,
}

impl Tally {
    fn add(&mut self, share: Share) {
        match share {
            Share::Paid(fen) => {
                self.paid = true;
                self.total += fen;
            }
            Share::Not(code) => {
                self.first = self.first.or(Some(code));
                self.refused += 1;
            }
        }
    }

    /// Eligible when any member is paid; otherwise the one member's reason, or a summary.
    fn verdict(self) -> Verdict {
        if self.paid {
            return Verdict::paid(self.total, None);
        }
        match (self.refused, self.first) {
            (0, _) => Verdict::not(ReasonCode::NoDisabledMember),
            (1, Some(code)) => Verdict::not(code),
            _ => Verdict::not(ReasonCode::NoMemberQualifies),
        }
    }
}

/// Decides both subsidies for every member, in order. A member of a dibao or marginal household
/// (`dibao.status`) takes the living subsidy's first route.
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &[MemberState],
    dibao: &dibao::Decision,
) -> Result<Decision, Missing> {
    let low_income_household = low_income(dibao);
    let (mut living, mut care) = (Tally::default(), Tally::default());
    for (p, st) in household.members.iter().zip(state) {
        if let Some(o) = person(rates, p, st, low_income_household)? {
            living.add(o.living);
            care.add(o.care);
        }
    }
    Ok(Decision {
        living: living.verdict(),
        care: care.verdict(),
    })
}

fn low_income(dibao: &dibao::Decision) -> bool {
    matches!(
        dibao.status,
        HouseholdStatus::Dibao | HouseholdStatus::Marginal
    )
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// Explains both subsidies, `[living, care]`, for the `members` (with their `state`) of a
/// household whose dibao determination is `dibao`, as decided in `d`.
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    state: &[MemberState],
    dibao: &dibao::Decision,
    d: &Decision,
) -> Result<[ProgrammeResult; 2], Error> {
    let low_income_household = low_income(dibao);
    let mut living_items = Vec::new();
    let mut care_items = Vec::new();
    let mut living_reasons: Vec<Reason> = Vec::new();
    let mut care_reasons: Vec<Reason> = Vec::new();
    for (m, st) in members.iter().zip(state) {
        let Some(o) =
            person(rates, m.facts, st, low_income_household).map_err(|k| rates.error(k))?
        else {
            continue;
        };
        let id = &m.person.id;
        let living = if o.living_read {
            Some(super::used(ctx, rates, Key::DisabilityLiving)?)
        } else {
            None
        };
        let care = if o.care_read {
            Some(super::used(ctx, rates, Key::DisabilityCare)?)
        } else {
            None
        };
        match (o.living, living) {
            (Share::Paid(fen), Some(param)) => {
                let (zh, en) = if o.assisted_household {
                    (
                        "低保或低保边缘家庭中的残疾人",
                        "a disabled member of a dibao or marginal household",
                    )
                } else {
                    (
                        "本人收入低于补贴标准的重度残疾人",
                        "a severely disabled person with own income below the subsidy",
                    )
                };
                living_items.push(item(
                    ctx,
                    ("disability.living", "困难残疾人生活补贴", "Living subsidy"),
                    id,
                    fen,
                    param,
                    (zh, en),
                ));
            }
            // A paid share has read its amount.
            (Share::Paid(_), None) => {}
            (Share::Not(code), _) => {
                living_reasons.push(why(ctx, code, id, m.facts, &o, living, care));
            }
        }
        match (o.care, care) {
            (Share::Paid(fen), Some(param)) => care_items.push(item(
                ctx,
                ("disability.care", "重度残疾人护理补贴", "Care subsidy"),
                id,
                fen,
                param,
                (
                    "一至二级残疾、三至四级智力或精神残疾，或一至四级残疾军人、伤残人民警察",
                    "grade 1–2, grade 3–4 intellectual or mental, or a grade 1–4 service disability",
                ),
            )),
            // A paid share has read its amount.
            (Share::Paid(_), None) => {}
            (Share::Not(code), _) => {
                care_reasons.push(why(ctx, code, id, m.facts, &o, living, care));
            }
        }
    }
    Ok([
        finish(
            ctx,
            Programme::DisabilityLivingSubsidy,
            d.living,
            living_items,
            living_reasons,
        ),
        finish(
            ctx,
            Programme::DisabilityCareSubsidy,
            d.care,
            care_items,
            care_reasons,
        ),
    ])
}

/// The result of one subsidy: its line items when paid; otherwise the one member's reason, or
/// the summary the verdict gives.
fn finish(
    ctx: &Context<'_>,
    programme: Programme,
    verdict: Verdict,
    items: Vec<LineItem>,
    reasons: Vec<Reason>,
) -> ProgrammeResult {
    if !items.is_empty() {
        return super::render(programme, verdict, None, items, Vec::new());
    }
    let why = match verdict.reason {
        Some(ReasonCode::NoDisabledMember) => reason(
            ctx,
            ReasonCode::NoDisabledMember,
            "家庭中没有持残疾人证（或残疾军人证、伤残人民警察证）的成员".into(),
            "No member holds a disability (or service-disability) certificate".into(),
            IMPL,
            "补贴对象",
        ),
        Some(ReasonCode::NoMemberQualifies) => reason(
            ctx,
            ReasonCode::NoMemberQualifies,
            "没有成员符合条件（各成员原因见上）".into(),
            "No member qualifies".into(),
            IMPL,
            "补贴对象",
        ),
        _ => reasons.into_iter().next().unwrap_or_else(|| {
            reason(
                ctx,
                ReasonCode::NoMemberQualifies,
                String::new(),
                String::new(),
                IMPL,
                "补贴对象",
            )
        }),
    };
    super::render(programme, verdict, Some(why), Vec::new(), Vec::new())
}

/// The text of a member's reason `code`.
fn why(
    ctx: &Context<'_>,
    code: ReasonCode,
    id: &str,
    p: &PersonFacts,
    o: &PersonOutcome,
    living: Option<ParamRef<'_>>,
    care: Option<ParamRef<'_>>,
) -> Reason {
    let value = |param: Option<ParamRef<'_>>| param.map(|p| p.get()).unwrap_or_default();
    let (zh, en, article) = match code {
        ReasonCode::NoGuangzhouHukou => (
            format!("{id}不是广州市户籍"),
            format!("{id} has no Guangzhou hukou"),
            "申请条件",
        ),
        ReasonCode::WorkInjuryCare => (
            format!("{id}领取工伤护理费，不享受两项补贴"),
            format!("{id} receives a work-injury nursing allowance and gets neither subsidy"),
            "不予发放情形",
        ),
        ReasonCode::TekunSupported => (
            format!("{id}已纳入特困人员救助供养，不享受两项补贴"),
            format!("{id} is supported as tekun and gets neither subsidy"),
            "不予发放情形",
        ),
        ReasonCode::PaymentStartsNextMonth => (
            format!("{id}的补贴自审批次月起发放"),
            format!("{id}'s subsidies are paid from the month after approval"),
            "发放时间",
        ),
        ReasonCode::NoDisabilityCertificate => (
            format!("{id}没有残疾人证，生活补贴以残疾人证为准"),
            format!("{id} has no disability certificate, which the living subsidy requires"),
            "生活补贴对象",
        ),
        ReasonCode::ChildAllowance => (
            format!(
                "{id}领取孤儿/事实无人抚养儿童基本生活补贴，不享受生活补贴（护理补贴不受影响）"
            ),
            format!(
                "{id} receives the child allowance: no living subsidy (the care subsidy is not affected)"
            ),
            "不予发放情形",
        ),
        ReasonCode::RetiredCadre => (
            format!("{id}为离休干部，不享受生活补贴"),
            format!("{id} is a retired (离休) cadre: no living subsidy"),
            "不予发放情形",
        ),
        ReasonCode::NotInHardship => {
            let (own, living) = (yuan(o.own_income), value(living));
            (
                format!(
                    "{id}既非低保或低保边缘家庭成员，也不属于本人月收入{own}元低于补贴标准{living}元的重度残疾人"
                ),
                format!(
                    "{id} is neither in a dibao or marginal household nor a severely disabled person with own income {own} below the subsidy {living}"
                ),
                "生活补贴对象",
            )
        }
        ReasonCode::ElderlyCareSubsidyHigher => {
            let (elderly, care) = (yuan(p.elderly_care_subsidy), value(care));
            (
                format!(
                    "{id}已领取的老年人护理补贴{elderly}元不低于重度残疾人护理补贴{care}元，只发放较高者"
                ),
                format!(
                    "{id}'s elderly care subsidy {elderly} is not below the care subsidy {care}: only the higher is paid"
                ),
                "就高发放",
            )
        }
        _ => (
            format!("{id}的残疾等级不属于护理补贴对象"),
            format!("{id}'s disability grade does not qualify for the care subsidy"),
            "护理补贴对象",
        ),
    };
    reason(ctx, code, zh, en, IMPL, article)
}

/// A member's line item: `fen` a month of the subsidy `(id, zh, en)` by `route` `(zh, en)`.
fn item(
    ctx: &Context<'_>,
    (id_prefix, zh, en): (&str, &str, &str),
    person: &str,
    fen: Fen,
    param: ParamRef<'_>,
    (route_zh, route_en): (&str, &str),
) -> LineItem {
    let amount = money(fen);
    LineItem {
        id: id_prefix.into(),
        person_id: Some(person.into()),
        label_zh: format!("{zh}（{person}）"),
        label_en: format!("{en} ({person})"),
        amount,
        formula_zh: text!(ctx, "每人每月{amount}元（{route_zh}）"),
        formula_en: text!(ctx, "{amount} 元 per person per month ({route_en})"),
        parameters: ctx.uses(&[param]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::exact::Exact;
    use crate::household::{Disability, DisabilityCategory};
    use crate::params::ParameterStore;
    use crate::region::{Area, District};

    fn rates(date: &str) -> Result<Rates<'static>, String> {
        let store = ParameterStore::embedded().map_err(|e| e.message)?;
        let date = Date::parse(date).ok_or("date")?;
        Ok(Rates::resolve(store, date, District::Tianhe, Area::Urban))
    }

    fn disabled(category: DisabilityCategory, grade: i64) -> PersonFacts {
        let mut p = PersonFacts::new(40, Hukou::Guangzhou);
        p.disability = Some(Disability { category, grade });
        p
    }

    fn dibao_status(status: HouseholdStatus) -> dibao::Decision {
        dibao::Decision {
            status,
            dibao: Verdict::not(ReasonCode::IncomeNotBelowStandard),
            marginal: Verdict::not(ReasonCode::IncomeNotBelowMarginalThreshold),
            members: 1,
            income: 0,
            assets: None,
            property: None,
            guarantee: Exact::int(0),
            threshold: None,
        }
    }

    #[test]
    fn dibao_household_any_grade_and_the_higher_elderly_subsidy() -> Result<(), String> {
        // 2025: living 209 元, care 280 元.
        let r = rates("2025-07-01")?;
        let grade3 = disabled(DisabilityCategory::Physical, 3);
        let mut intellectual = disabled(DisabilityCategory::Intellectual, 3);
        intellectual.elderly_care_subsidy = 30_000;
        let members = [grade3, intellectual];
        let state = [MemberState::default(); 2];
        let hh = household(&members);
        let d =
            decide(&r, &hh, &state, &dibao_status(HouseholdStatus::Dibao)).map_err(|k| k.name())?;
        // Both living subsidies (any grade in a dibao household): 2 × 209 元.
        assert_eq!(d.living, Verdict::paid(41_800, None));
        // Grade 3 physical: not severe; the elderly care subsidy of 300 元 ≥ 280 元: not paid.
        assert_eq!(d.care, Verdict::not(ReasonCode::NoMemberQualifies));
        let o = person(&r, &intellectual, &MemberState::default(), true).map_err(|k| k.name())?;
        assert_eq!(
            o.map(|o| (o.living, o.care)),
            Some((
                Share::Paid(20_900),
                Share::Not(ReasonCode::ElderlyCareSubsidyHigher)
            ))
        );
        Ok(())
    }

    #[test]
    fn own_income_route_to_the_fen_and_2026_amounts() -> Result<(), String> {
        let r = rates("2025-07-01")?;
        let mut p = disabled(DisabilityCategory::Physical, 2);
        p.income.wages = 20_899;
        let st = MemberState::default();
        let o = person(&r, &p, &st, false).map_err(|k| k.name())?;
        // 208.99 元 < 209 元: paid on the own-income route; grade 2: care 280 元.
        assert_eq!(
            o.map(|o| (o.living, o.care, o.assisted_household)),
            Some((Share::Paid(20_900), Share::Paid(28_000), false))
        );
        p.income.wages = 20_900;
        let o = person(&r, &p, &st, false).map_err(|k| k.name())?;
        assert_eq!(
            o.map(|o| o.living),
            Some(Share::Not(ReasonCode::NotInHardship))
        );
        // 2026: 217 / 290 元, in a marginal household.
        let r = rates("2026-01-01")?;
        let o = person(&r, &p, &st, true).map_err(|k| k.name())?;
        assert_eq!(
            o.map(|o| (o.living, o.care)),
            Some((Share::Paid(21_700), Share::Paid(29_000)))
        );
        Ok(())
    }

    #[test]
    fn exclusions_and_missing_amounts() -> Result<(), String> {
        let r = rates("2025-07-01")?;
        let mut p = disabled(DisabilityCategory::Mental, 4);
        p.disability_subsidy_approved = Date::parse("2025-07-01");
        let o = person(&r, &p, &MemberState::default(), true).map_err(|k| k.name())?;
        let next_month = Share::Not(ReasonCode::PaymentStartsNextMonth);
        assert_eq!(
            o.map(|o| (o.living, o.care)),
            Some((next_month, next_month))
        );
        // A child on the child allowance keeps the care subsidy.
        p.disability_subsidy_approved = Date::parse("2025-06-30");
        let child = MemberState {
            child_allowance: true,
            ..MemberState::default()
        };
        let o = person(&r, &p, &child, true).map_err(|k| k.name())?;
        assert_eq!(
            o.map(|o| (o.living, o.care)),
            Some((Share::Not(ReasonCode::ChildAllowance), Share::Paid(28_000)))
        );
        // No certificate at all.
        let none = [PersonFacts::new(40, Hukou::Guangzhou)];
        let d = decide(
            &r,
            &household(&none),
            &[MemberState::default()],
            &dibao_status(HouseholdStatus::Neither),
        )
        .map_err(|k| k.name())?;
        assert_eq!(d.living, Verdict::not(ReasonCode::NoDisabledMember));
        // Before 2025 neither amount is in force: the living subsidy is read first.
        let r = rates("2024-07-01")?;
        p.disability_subsidy_approved = None;
        assert_eq!(
            person(&r, &p, &MemberState::default(), true),
            Err(Key::DisabilityLiving)
        );
        let mut service = PersonFacts::new(40, Hukou::Guangzhou);
        service.service_disability_grade = Some(4);
        assert_eq!(
            person(&r, &service, &MemberState::default(), true),
            Err(Key::DisabilityCare)
        );
        Ok(())
    }

    fn household(members: &[PersonFacts]) -> HouseholdFacts<'_> {
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
