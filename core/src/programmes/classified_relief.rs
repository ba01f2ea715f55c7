//! 分类救济: an add-on for members of dibao and marginal households who are full-time students
//! up to bachelor level, childless elders (men from 60, women from 55) or 一类 / 二类 门特
//! patients (the city service guide's 保障待遇 list; 穗民规字〔2025〕2号 二(二) for the start;
//! 《最低生活保障审核确认办法》第二十七条).
//!
//! Each group is 20 % of the city dibao standard a month (reported, one source); a member in
//! several groups is paid once.
//!
//! A childless member aged 55–59 whose sex is not given may or may not be in the elders' group
//! (women from 55, men from 60): the answer is missing, never taken to be "no". When no other
//! member is paid the result is `undetermined` with the reason `sex_not_given`; when others are
//! paid, the amount paid is theirs and a warning `input_not_given` names each such member.
#![doc(alias("分类救济"))]

use super::dibao::{self, HouseholdStatus};
use super::{Member, reason};
use crate::context::Context;
use crate::engine::exact::{Exact, Fen, money};
use crate::engine::facts::{HouseholdFacts, PersonFacts};
use crate::engine::rates::{Key, Rates};
use crate::engine::reasons::ReasonCode;
use crate::engine::{MemberState, Missing, Verdict};
use crate::error::{Error, ErrorCode};
use crate::household::Sex;
use crate::warnings::WarningCode;
use crate::wire::{Eligibility, LineItem, Programme, ProgrammeResult};

const SRC: &str = "GZ-TK-CARE-GUIDE";
const ART: &str = "保障待遇（分类救济）";

// ---------------------------------------------------------------------------------------------
// The rules (kernel).
// ---------------------------------------------------------------------------------------------

/// A group of 分类救济.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// 全日制在校学生 up to and including bachelor level.
    FullTimeStudent,
    /// 无子女 men from 60 and women from 55.
    ChildlessElder,
    /// 一类 / 二类 门特 patients.
    OutpatientSpecialDisease,
}

impl Category {
    /// Every group, in the order they are tested.
    pub const ALL: [Category; 3] = [
        Category::FullTimeStudent,
        Category::ChildlessElder,
        Category::OutpatientSpecialDisease,
    ];

    /// The group's Chinese name.
    pub const fn name_zh(self) -> &'static str {
        match self {
            Category::FullTimeStudent => "全日制在校学生",
            Category::ChildlessElder => "无子女老年人",
            Category::OutpatientSpecialDisease => "门特患者",
        }
    }

    /// The group's English name.
    pub const fn name_en(self) -> &'static str {
        match self {
            Category::FullTimeStudent => "full-time student",
            Category::ChildlessElder => "childless elder",
            Category::OutpatientSpecialDisease => "门特 patient",
        }
    }

    /// Whether `person` falls in the group. A childless member aged 55–59 whose sex is not given
    /// is not taken to be in it: [`sex_needed`] tells such a member apart.
    pub fn applies(self, person: &PersonFacts) -> bool {
        match self {
            Category::FullTimeStudent => person.flags.full_time_student,
            Category::ChildlessElder => {
                person.flags.childless
                    && (person.age >= 60 || (person.age >= 55 && person.sex == Some(Sex::Female)))
            }
            Category::OutpatientSpecialDisease => person.flags.outpatient_special_disease,
        }
    }
}

/// The groups `person` falls in, in the order they are tested.
pub fn categories(person: &PersonFacts) -> impl Iterator<Item = Category> + '_ {
    Category::ALL.into_iter().filter(|c| c.applies(person))
}

/// Whether `person`'s add-on turns on a sex not given: childless, aged 55–59, sex unknown, and in
/// no other group (a member in another group is paid whatever the answer).
pub fn sex_needed(person: &PersonFacts) -> bool {
    person.flags.childless
        && (55..60).contains(&person.age)
        && person.sex.is_none()
        && categories(person).next().is_none()
}

/// Reason: no member is paid and a childless member aged 55–59 has no sex given.
pub const SEX_NOT_GIVEN: ReasonCode = ReasonCode::SexNotGiven;

/// One member's add-on: the first group the member falls in and the amount, paid once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddOn {
    /// The first group (in the order tested) the member falls in.
    pub category: Category,
    /// The amount, share × standard rounded once, fen.
    pub amount: Fen,
}

/// The add-on of a counted member at the monthly `standard` (fen): share × standard, rounded
/// once, whatever the number of groups; `None` in no group. `Err(key)` when the share is not in
/// force.
pub fn add_on(
    rates: &Rates<'_>,
    standard: Exact,
    person: &PersonFacts,
) -> Result<Option<AddOn>, Key> {
    let Some(category) = categories(person).next() else {
        return Ok(None);
    };
    let share = rates.get(Key::ReliefShare)?;
    Ok(Some(AddOn {
        category,
        amount: share.mul(standard).round(),
    }))
}

/// The 分类救济 determination.
///
/// The default is the record of a household whose programme was not assessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Decision {
    /// The verdict; the monthly amount is the sum of the members' add-ons.
    pub verdict: Verdict,
    /// The share that is not in force on the date, when the verdict is undetermined for it.
    pub not_in_force: Option<Key>,
    /// Counted members whose add-on turns on a sex not given ([`sex_needed`]).
    pub sex_not_given: usize,
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
        sex_not_given: 0,
    };
    match dibao.status {
        HouseholdStatus::Neither => {
            return Ok(verdict(Verdict::not(ReasonCode::NotDibaoOrMarginal)));
        }
        HouseholdStatus::Undetermined => {
            return Ok(verdict(Verdict::of(
                Eligibility::Undetermined,
                Some(ReasonCode::HouseholdStatusUndetermined),
            )));
        }
        HouseholdStatus::Dibao | HouseholdStatus::Marginal => {}
    }
    let standard = rates.get(Key::DibaoStandard)?;
    let mut total = 0;
    let mut any = false;
    let mut sex_not_given = 0;
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
            Ok(None) => sex_not_given += usize::from(sex_needed(person)),
            Err(key) => {
                return Ok(Decision {
                    verdict: Verdict::of(
                        Eligibility::Undetermined,
                        Some(ReasonCode::ParameterNotInForce),
                    ),
                    not_in_force: Some(key),
                    sex_not_given: 0,
                });
            }
        }
    }
    Ok(Decision {
        verdict: if any {
            Verdict::paid(total, None)
        } else if sex_not_given > 0 {
            Verdict::of(Eligibility::Undetermined, Some(SEX_NOT_GIVEN))
        } else {
            Verdict::not(ReasonCode::NoMemberInCategory)
        },
        not_in_force: None,
        sex_not_given,
    })
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
        Some(ReasonCode::NotDibaoOrMarginal) => {
            let why = reason(
                ctx,
                ReasonCode::NotDibaoOrMarginal,
                "分类救济只面向低保家庭和低保边缘家庭的成员".into(),
                "Classified relief is only for members of dibao and marginal households".into(),
                SRC,
                ART,
            );
            return Ok(no_items(why));
        }
        Some(ReasonCode::HouseholdStatusUndetermined) => {
            let why = reason(ctx, ReasonCode::HouseholdStatusUndetermined,
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
        .enumerate()
        .zip(state)
        .filter(|(_, st)| !st.tekun_supported)
        .map(|(m, _)| m);
    let mut items = Vec::new();
    let mut unknown: Vec<(usize, &str)> = Vec::new();
    for (i, m) in counted {
        if sex_needed(m.facts) {
            unknown.push((i, &m.person.id));
        }
        // The share the kernel read, for a member in a group.
        if categories(m.facts).next().is_none() {
            continue;
        }
        let key = Key::ReliefShare;
        if d.not_in_force == Some(key) {
            return not_in_force(ctx, rates, key, d);
        }
        super::used(ctx, rates, key)?;
        let Some(a) = add_on(rates, standard_exact, m.facts).map_err(|k| rates.error(k))? else {
            continue;
        };
        let share = rates.source(key).ok_or_else(|| rates.error(key))?;
        let paid = money(a.amount);
        let id = &m.person.id;
        let names_zh: Vec<&str> = categories(m.facts).map(Category::name_zh).collect();
        let names_en: Vec<&str> = categories(m.facts).map(Category::name_en).collect();
        let (zh, en) = (names_zh.join("、"), names_en.join(", "));
        items.push(LineItem {
            id: "classified_relief.add_on".into(),
            person_id: Some(id.clone()),
            label_zh: format!("分类救济（{id}，{zh}）"),
            label_en: format!("Classified relief ({id}: {en})"),
            amount: paid,
            formula_zh: text!(
                ctx,
                "{} × 低保标准{} = {paid}元（同属多类只发一次）",
                share.get(),
                standard.get()
            ),
            formula_en: text!(
                ctx,
                "{} × dibao standard {} = {paid} 元 (paid once when several groups apply)",
                share.get(),
                standard.get()
            ),
            parameters: ctx.uses(&[share, standard]),
        });
    }
    let fields: Vec<String> = unknown
        .iter()
        .map(|(i, id)| format!("{id} (household.members[{i}].sex)"))
        .collect();
    let fields = fields.join(", ");
    if d.verdict.reason == Some(SEX_NOT_GIVEN) {
        let why = reason(
            ctx,
            SEX_NOT_GIVEN,
            format!("无子女、55至59周岁的成员未填写性别（女满55、男满60）：{fields}"),
            format!(
                "A childless member aged 55–59 has no sex given (women from 55, men from 60): {fields}"
            ),
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
    if !unknown.is_empty() {
        ctx.warn(
            WarningCode::InputNotGiven,
            None,
            &format!("无子女、55至59周岁的成员未填写性别，若为女性另有分类救济未计入：{fields}"),
            &format!("Childless, aged 55–59, no sex given; a woman would add a classified-relief add-on not counted here: {fields}"),
        );
    }
    if items.is_empty() {
        let why = reason(
            ctx,
            ReasonCode::NoMemberInCategory,
            "家庭中没有全日制在校学生（本科及以下）、无子女老年人（男满60周岁、女满55周岁）或一类、二类门特患者".into(),
            "No member is a full-time student up to bachelor level, a childless elder (a man from 60, a woman from 55) or a 一类 / 二类 门特 patient".into(),
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
        WarningCode::ParameterNotInForce,
        Some(key.name()),
        &e.message,
        &e.message,
    );
    let why = reason(
        ctx,
        ReasonCode::ParameterNotInForce,
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
    use crate::household::Hukou;
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
            dibao: Verdict::not(ReasonCode::IncomeNotBelowStandard),
            marginal: Verdict::paid(0, None),
            members: 0,
            income: 0,
            assets: None,
            property: None,
            guarantee: Exact::int(0),
            threshold: None,
        }
    }

    #[test]
    fn once_per_counted_member_in_a_group() {
        let store = ParameterStore::embedded().unwrap();
        let on = |y, m, d| {
            Rates::resolve(
                store,
                Date::new(y, m, d).unwrap(),
                District::Yuexiu,
                Area::Urban,
            )
        };
        // A childless woman of 56 who is also a 门特 patient: two groups, paid once.
        let mut elder = PersonFacts::new(56, Hukou::Guangzhou);
        elder.sex = Some(Sex::Female);
        elder.flags.childless = true;
        elder.flags.outpatient_special_disease = true;
        let mut student = PersonFacts::new(20, Hukou::Guangzhou);
        student.flags.full_time_student = true;
        // A childless man of 59, and a childless member of 57 whose sex is not given: no group.
        let mut man = PersonFacts::new(59, Hukou::Guangzhou);
        man.sex = Some(Sex::Male);
        man.flags.childless = true;
        let mut unknown = PersonFacts::new(57, Hukou::Guangzhou);
        unknown.flags.childless = true;
        let mut tekun = PersonFacts::new(65, Hukou::Guangzhou);
        tekun.flags.childless = true;
        let members = [elder, student, man, unknown, tekun];
        let mut state = [MemberState::default(); 5];
        if let Some(st) = state.get_mut(4) {
            st.tekun_supported = true;
        }
        let hh = household(&members);
        let marginal = dibao_status(HouseholdStatus::Marginal);
        // 2025-07-01, standard 1309 元: 0.2 × 1309 = 261.80 for the elder (once) and the student;
        // the 特困 member is not counted. 523.60 元.
        let d = decide(&on(2025, 7, 1), &hh, &state, &marginal).unwrap();
        assert_eq!(d.verdict, Verdict::paid(52_360, None));
        assert_eq!(
            add_on(&on(2025, 7, 1), Exact::int(130_900), &elder).unwrap(),
            Some(AddOn {
                category: Category::ChildlessElder,
                amount: 26_180
            })
        );
        assert_eq!(
            add_on(&on(2025, 7, 1), Exact::int(130_900), &man).unwrap(),
            None
        );
        // Before 2025-06-01 the share is not in force.
        let d = decide(&on(2025, 3, 1), &hh, &state, &marginal).unwrap();
        assert_eq!(d.verdict.status, Eligibility::Undetermined);
        assert_eq!(d.not_in_force, Some(Key::ReliefShare));
        // Neither dibao nor marginal: nothing, and no parameter read.
        let neither = dibao_status(HouseholdStatus::Neither);
        let d = decide(&on(2025, 7, 1), &hh, &state, &neither).unwrap();
        assert_eq!(d.verdict, Verdict::not(ReasonCode::NotDibaoOrMarginal));
        // With the others paid, the member of unknown sex is counted as missing an answer.
        let d = decide(&on(2025, 7, 1), &hh, &state, &marginal).unwrap();
        assert_eq!(d.sex_not_given, 1);
        // Only the man of 59 and the member of unknown sex counted: undetermined, for the sex.
        let d = decide(
            &on(2025, 7, 1),
            &household(members.get(2..4).unwrap()),
            state.get(..2).unwrap(),
            &marginal,
        )
        .unwrap();
        assert_eq!(
            d.verdict,
            Verdict::of(Eligibility::Undetermined, Some(SEX_NOT_GIVEN))
        );
        // Only the man of 59: no group.
        let d = decide(
            &on(2025, 7, 1),
            &household(members.get(2..3).unwrap()),
            state.get(..1).unwrap(),
            &marginal,
        );
        assert_eq!(
            d.unwrap().verdict,
            Verdict::not(ReasonCode::NoMemberInCategory)
        );
    }
}
