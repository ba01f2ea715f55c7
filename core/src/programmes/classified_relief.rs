//! 分类救济: add-ons for elderly, minor, severely disabled and seriously ill members of dibao and
//! marginal households (穗民规字〔2025〕2号 二(二); 《最低生活保障审核确认办法》第二十七条).
//!
//! The categories and the 1 June 2025 start are verified; the amounts are illustrative shares of
//! the dibao standard. A member in several categories gets the highest one (an illustrative
//! choice: the rule for several categories was not found).

use super::dibao::{self, HouseholdStatus};
use super::{Member, reason};
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::{Error, ErrorCode};
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult};

const SRC: &str = "GZ-2025-STD";
const ART: &str = "二(二)";

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// A category of 分类救济.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// 老年人: 60 and over.
    Elderly,
    /// 未成年人: under 18.
    Minor,
    /// 重度残疾人: a grade 1–2 disability certificate, or grade 3 intellectual or mental.
    SevereDisability,
    /// 重病患者.
    SeriousIllness,
}

impl Category {
    /// Every category, in the order they are tested.
    pub const ALL: [Category; 4] = [
        Category::Elderly,
        Category::Minor,
        Category::SevereDisability,
        Category::SeriousIllness,
    ];

    /// The parameter giving the category's share of the dibao standard.
    pub const fn key(self) -> Key {
        match self {
            Category::Elderly => Key::ReliefElderly,
            Category::Minor => Key::ReliefMinor,
            Category::SevereDisability => Key::ReliefSevereDisability,
            Category::SeriousIllness => Key::ReliefSeriousIllness,
        }
    }

    /// The category's Chinese name.
    pub const fn name_zh(self) -> &'static str {
        match self {
            Category::Elderly => "老年人",
            Category::Minor => "未成年人",
            Category::SevereDisability => "重度残疾人",
            Category::SeriousIllness => "重病患者",
        }
    }

    /// Whether `person` falls in the category.
    pub fn applies(self, person: &PersonFacts) -> bool {
        match self {
            Category::Elderly => person.age >= 60,
            Category::Minor => person.age < 18,
            Category::SevereDisability => person
                .disability
                .is_some_and(|d| d.grade <= 2 || (d.grade == 3 && d.is_intellectual_or_mental())),
            Category::SeriousIllness => person.flags.serious_illness,
        }
    }
}

/// The categories `person` falls in, in the order they are tested.
pub fn categories(person: &PersonFacts) -> impl Iterator<Item = Category> + '_ {
    Category::ALL.into_iter().filter(|c| c.applies(person))
}

/// One member's add-on: the highest category (the first of equal ones) and its amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddOn {
    /// The category paid.
    pub category: Category,
    /// The amount, share × standard rounded once, fen.
    pub amount: Fen,
}

/// The add-on of a counted member at the monthly `standard` (fen): the highest share × standard
/// over the categories the member falls in, rounded once; `None` in no category. `Err(key)` when
/// the share of one of them is not in force (the first such, in the order tested).
pub fn add_on(
    rates: &Rates<'_>,
    standard: Exact,
    person: &PersonFacts,
) -> Result<Option<AddOn>, Key> {
    let mut best: Option<(Exact, Category)> = None;
    for category in categories(person) {
        let amount = rates.get(category.key())?.mul(standard);
        if best.is_none_or(|(b, _)| amount.gt(b)) {
            best = Some((amount, category));
        }
    }
    Ok(best.map(|(amount, category)| AddOn {
        category,
        amount: amount.round(),
    }))
}

/// The 分类救济 determination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The verdict; the monthly amount is the sum of the members' add-ons.
    pub verdict: Verdict,
    /// The share that is not in force on the date, when the verdict is undetermined for it.
    pub not_in_force: Option<Key>,
}

/// Decides 分类救济 for the counted members (not supported as 特困) of a dibao or marginal
/// household.
pub fn decide(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &[MemberState],
    dibao: &dibao::Decision,
) -> Result<Decision, Missing> {
    let verdict = |verdict| Decision {
        verdict,
        not_in_force: None,
    };
    match dibao.status {
        HouseholdStatus::Neither => return Ok(verdict(Verdict::not("not_dibao_or_marginal"))),
        HouseholdStatus::Undetermined => {
            return Ok(verdict(Verdict::of(
                Eligibility::Undetermined,
                Some("household_status_undetermined"),
            )));
        }
        HouseholdStatus::Dibao | HouseholdStatus::Marginal => {}
    }
    let standard = rates.get(Key::DibaoStandard)?;
    let mut total = 0;
    let mut any = false;
    for (person, _) in household
        .members
        .iter()
        .zip(state)
        .filter(|(_, st)| !st.tekun_supported)
    {
        match add_on(rates, standard, person) {
            Ok(Some(a)) => {
                total += a.amount;
                any = true;
            }
            Ok(None) => {}
            Err(key) => {
                return Ok(Decision {
                    verdict: Verdict::of(Eligibility::Undetermined, Some("parameter_not_in_force")),
                    not_in_force: Some(key),
                });
            }
        }
    }
    Ok(verdict(if any {
        Verdict::paid(total, None)
    } else {
        Verdict::not("no_member_in_category")
    }))
}

// ---------------------------------------------------------------------------------------------
// The explanation (sink): renders a decision; decides nothing.
// ---------------------------------------------------------------------------------------------

/// Explains the determination `d` over `members` (the counted ones are those `state` does not
/// mark as supported as 特困).
pub fn assess<'a>(
    ctx: &mut Context<'a>,
    rates: &Rates<'a>,
    members: &[Member<'_>],
    state: &[MemberState],
    d: &Decision,
) -> Result<ProgrammeResult, Error> {
    let programme = Programme::ClassifiedRelief;
    let no_items = |why| super::render(programme, d.verdict, Some(why), Vec::new(), Vec::new());
    match d.verdict.reason {
        Some("not_dibao_or_marginal") => {
            let why = reason(
                ctx,
                "not_dibao_or_marginal",
                "分类救济只面向低保家庭和低保边缘家庭的成员".into(),
                "Classified relief is only for members of dibao and marginal households".into(),
                SRC,
                ART,
            );
            return Ok(no_items(why));
        }
        Some("household_status_undetermined") => {
            let why = reason(ctx, "household_status_undetermined",
                "家庭是否属于低保边缘家庭无法判断，分类救济随之无法判断".into(),
                "The household's marginal status cannot be decided, so neither can classified relief".into(), SRC, ART);
            return Ok(no_items(why));
        }
        _ => {}
    }
    let standard = super::used(ctx, rates, Key::DibaoStandard)?;
    let standard_exact = rates.get(Key::DibaoStandard).map_err(|k| rates.error(k))?;
    let counted = members
        .iter()
        .zip(state)
        .filter(|(_, st)| !st.tekun_supported)
        .map(|(m, _)| m);
    let mut items = Vec::new();
    for m in counted {
        // The shares the kernel read, recorded in the same order, up to the one not in force.
        for category in categories(m.facts) {
            let key = category.key();
            if d.not_in_force == Some(key) {
                return not_in_force(ctx, rates, key, d);
            }
            super::used(ctx, rates, key)?;
        }
        let Some(a) = add_on(rates, standard_exact, m.facts).map_err(|k| rates.error(k))? else {
            continue;
        };
        // Recorded above, with every category the member falls in.
        let key = a.category.key();
        let share = rates.source(key).ok_or_else(|| rates.error(key))?;
        let paid = money(a.amount);
        let id = &m.person.id;
        let name = a.category.name_zh();
        items.push(LineItem {
            id: "classified_relief.add_on".into(),
            person_id: Some(id.clone()),
            label_zh: format!("分类救济（{id}，{name}）"),
            label_en: format!("Classified relief ({id})"),
            amount: paid,
            formula_zh: text!(
                ctx,
                "{} × 低保标准{} = {paid}元（同属多类时取最高一类）",
                share.get(),
                standard.get()
            ),
            formula_en: text!(
                ctx,
                "{} × dibao standard {} = {paid} 元 (the highest category when several apply)",
                share.get(),
                standard.get()
            ),
            parameters: ctx.uses(&[share, standard]),
        });
    }
    if items.is_empty() {
        let why = reason(
            ctx,
            "no_member_in_category",
            "家庭中没有老年人、未成年人、重度残疾人或重病患者".into(),
            "No member is elderly, a minor, severely disabled or seriously ill".into(),
            SRC,
            ART,
        );
        return Ok(super::render(
            programme,
            d.verdict,
            Some(why),
            items,
            Vec::new(),
        ));
    }
    Ok(super::render(programme, d.verdict, None, items, Vec::new()))
}

/// The share `key` is not in force on the date: warns once and explains the undetermined result.
fn not_in_force(
    ctx: &mut Context<'_>,
    rates: &Rates<'_>,
    key: Key,
    d: &Decision,
) -> Result<ProgrammeResult, Error> {
    let e = rates.error(key);
    if e.code != ErrorCode::ParameterNotInForce {
        return Err(e);
    }
    ctx.warn(
        "parameter_not_in_force",
        Some(key.name()),
        &e.message,
        &e.message,
    );
    let why = reason(
        ctx,
        "parameter_not_in_force",
        format!(
            "{}尚无已收录的分类救济标准（新标准自2025-06-01起执行）",
            ctx.date
        ),
        format!(
            "No classified-relief figures are encoded for {} (the current ones apply from 2025-06-01)",
            ctx.date
        ),
        SRC,
        ART,
    );
    Ok(super::render(
        Programme::ClassifiedRelief,
        d.verdict,
        Some(why),
        Vec::new(),
        Vec::new(),
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::engine::facts::{AssetFacts, Common};
    use crate::household::{Disability, DisabilityCategory, Hukou};
    use crate::params::ParameterStore;
    use crate::region::{Area, District};

    fn household(members: &[PersonFacts]) -> HouseholdFacts<'_> {
        HouseholdFacts {
            district: District::Yuexiu,
            area: Area::Urban,
            assets: AssetFacts::default(),
            rigid_expenditure: None,
            members,
            common: Common::default(),
        }
    }

    fn dibao_status(status: HouseholdStatus) -> dibao::Decision {
        dibao::Decision {
            status,
            dibao: Verdict::not("income_not_below_standard"),
            marginal: Verdict::paid(0, None),
            members: 0,
            income: 0,
            assets: None,
            guarantee: Exact::int(0),
            threshold: None,
        }
    }

    #[test]
    fn highest_category_per_counted_member() {
        let store = ParameterStore::embedded().unwrap();
        let on = |y, m, d| {
            Rates::resolve(
                store,
                Date::new(y, m, d).unwrap(),
                District::Yuexiu,
                Area::Urban,
            )
        };
        let mut elder = PersonFacts::new(70, Hukou::Guangzhou);
        elder.disability = Some(Disability {
            category: DisabilityCategory::Visual,
            grade: 1,
        });
        let members = [
            elder,
            PersonFacts::new(10, Hukou::Guangzhou),
            PersonFacts::new(40, Hukou::Guangzhou),
            PersonFacts::new(65, Hukou::Guangzhou),
        ];
        let mut state = [MemberState::default(); 4];
        if let Some(st) = state.get_mut(3) {
            st.tekun_supported = true;
        }
        let hh = household(&members);
        let marginal = dibao_status(HouseholdStatus::Marginal);
        // 2025-07-01, standard 1309 元: the elder is elderly (0.1) and severely disabled (0.2),
        // paid 0.2 × 1309 = 261.80; the child 0.1 × 1309 = 130.90; the 特困 member is not
        // counted. 392.70 元.
        let d = decide(&on(2025, 7, 1), &hh, &state, &marginal).unwrap();
        assert_eq!(d.verdict, Verdict::paid(39_270, None));
        assert_eq!(
            add_on(&on(2025, 7, 1), Exact::int(130_900), &elder).unwrap(),
            Some(AddOn {
                category: Category::SevereDisability,
                amount: 26_180
            })
        );
        // Before 2025-06-01 no share is in force: the first one read is reported.
        let d = decide(&on(2025, 3, 1), &hh, &state, &marginal).unwrap();
        assert_eq!(d.verdict.status, Eligibility::Undetermined);
        assert_eq!(d.not_in_force, Some(Key::ReliefElderly));
        // Neither dibao nor marginal: nothing, and no parameter read.
        let neither = dibao_status(HouseholdStatus::Neither);
        let d = decide(&on(2025, 7, 1), &hh, &state, &neither).unwrap();
        assert_eq!(d.verdict, Verdict::not("not_dibao_or_marginal"));
        // Only the 40-year-old counted: no category.
        let d = decide(
            &on(2025, 7, 1),
            &household(members.get(2..3).unwrap()),
            state.get(..1).unwrap(),
            &marginal,
        );
        assert_eq!(d.unwrap().verdict, Verdict::not("no_member_in_category"));
    }
}
