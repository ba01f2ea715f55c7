//! The programmes a population run decides: those asked for and those they rest on.
//!
//! An analyst who models a change to the dibao standard may want dibao and what follows from it,
//! not the elderly benefits; a portal page may show one programme. A [`Selection`] names the
//! household programmes wanted; [`decide_selected`] runs the kernels of those and of every
//! programme they depend on (their [`Selection::closure`]) through the one orchestration,
//! [`decide_into`](super::decide_into), and gives the verdicts of the wanted programmes only (the
//! others are `not_assessed`, with no amount). Each kernel is the one a run of every programme
//! runs, with the same inputs, so a wanted programme's verdict is the same as there:
//! `core/tests/columnar.rs` checks it for random selections.
//!
//! The dependencies follow the kernels' inputs:
//!
//! - 特困 reads which children keep the child allowance (孤儿 / 事实无人抚养儿童基本生活补贴 and
//!   特困 are exclusive for a child);
//! - dibao and the marginal status read who is supported as 特困 (not counted in the dibao
//!   household), and so the child allowance too;
//! - 分类救济, 低保补发, 价格临时补贴, 刚性支出困难家庭 and the two disability subsidies read the
//!   dibao decision (who is a recipient, the household's status);
//! - 居家社区养老服务资助, 助餐 and 长寿保健金 read nothing decided before them.

use super::{MemberState, Missing, PROGRAMMES, Verdict};
use crate::engine::facts::HouseholdFacts;
use crate::engine::rates::{Key, Keys, Rates, keys_of};
use crate::error::{Error, ErrorCode};
use crate::wire::Programme;

/// A set of household programmes ([`PROGRAMMES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Selection(u16);

// Evaluated when compiling where it matters (the constants below); the loop stays in bounds.
#[allow(clippy::indexing_slicing)]
/// Bit of programme `p` (its place in [`PROGRAMMES`]); 0 for a programme that is not a household
/// programme (临时救助 and the rescue allowance have their own operations).
const fn bit(p: Programme) -> u16 {
    let mut i = 0;
    while i < PROGRAMMES.len() {
        if PROGRAMMES[i] as u8 == p as u8 {
            return 1 << i;
        }
        i += 1;
    }
    0
}

/// A programme's wire name (`"dibao_marginal"`), as results spell it.
fn wire_name(programme: Programme) -> String {
    match serde_json::to_value(programme) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// Everything that rests on the dibao decision (read by its kernel or through the members'
/// recipient state), the marginal status included.
const ON_DIBAO: u16 = bit(Programme::Dibao)
    | bit(Programme::DibaoMarginal)
    | bit(Programme::ClassifiedRelief)
    | bit(Programme::DibaoBackPay)
    | bit(Programme::PriceSubsidy)
    | bit(Programme::RigidExpenditureHardship)
    | bit(Programme::DisabilityLivingSubsidy)
    | bit(Programme::DisabilityCareSubsidy);

/// The parameters each programme's kernel reads itself (not those of the programmes it rests
/// on), in [`PROGRAMMES`] order. A reform that changes none of a programme's parameters, nor
/// those of what it rests on, leaves its verdicts as they are: a population run then copies them
/// from the baseline instead of deciding them again ([`Selection::touched_by`]).
/// `core/tests/columnar.rs` checks every row: a run on rates holding only a programme's
/// [`Selection::keys`] gives the same columns as a run on every parameter.
const OWN_KEYS: [Keys; PROGRAMMES.len()] = [
    // 最低生活保障 and 低保边缘家庭 (one kernel).
    DIBAO_KEYS,
    DIBAO_KEYS,
    // 分类救济.
    keys_of(&[Key::DibaoStandard, Key::ReliefShare]),
    // 低保补发.
    keys_of(&[Key::DibaoStandard]),
    // 特困人员救助供养 (its asset test is dibao's).
    keys_of(&[
        Key::DibaoStandard,
        Key::DibaoAssetMonths,
        Key::MinimumWage,
        Key::TekunBasicMultiplier,
        Key::TekunBasicStandard,
        Key::TekunCareFullSelfCare,
        Key::TekunCarePartialSelfCare,
        Key::TekunCareFullCare,
        Key::TekunPocketMoney,
    ]),
    // 孤儿 / 事实无人抚养儿童基本生活补贴.
    keys_of(&[Key::OrphanAllowance]),
    // 价格临时补贴.
    keys_of(&[
        Key::DibaoStandard,
        Key::PriceCpiTrigger,
        Key::PriceFoodCpiTrigger,
    ]),
    // 刚性支出困难家庭.
    keys_of(&[Key::RigidDisposableIncome, Key::RigidSpendingShare]),
    // 残疾人两项补贴 (one kernel).
    DISABILITY_KEYS,
    DISABILITY_KEYS,
    // 居家社区养老服务资助.
    keys_of(&[
        Key::HomeCareType1,
        Key::HomeCareType2,
        Key::HomeCareSevereSupplement,
    ]),
    // 助餐.
    keys_of(&[
        Key::MealShare,
        Key::MealCap,
        Key::MealDeliveryLevels12,
        Key::MealDeliveryLevels35,
    ]),
    // 长寿保健金.
    keys_of(&[
        Key::Longevity70,
        Key::Longevity80,
        Key::Longevity90,
        Key::Longevity100,
        Key::LongevityCentenarianLump,
    ]),
];

const DIBAO_KEYS: Keys = keys_of(&[
    Key::DibaoStandard,
    Key::DibaoAssetMonths,
    Key::DibaoResidentialUnits,
    Key::DibaoLivelihoodVehicles,
    Key::DibaoMarginalMultiplier,
]);

const DISABILITY_KEYS: Keys = keys_of(&[Key::DisabilityLiving, Key::DisabilityCare]);

impl Default for Selection {
    /// Every household programme.
    fn default() -> Selection {
        Selection::ALL
    }
}

impl Selection {
    /// Every household programme.
    pub const ALL: Selection = Selection((1 << PROGRAMMES.len()) - 1);

    /// No programme.
    pub const NONE: Selection = Selection(0);

    /// The programmes of `programmes` (household programmes only; another is ignored).
    pub fn of(programmes: &[Programme]) -> Selection {
        Selection(programmes.iter().fold(0, |s, p| s | bit(*p)))
    }

    /// The programmes named by their wire names (`"dibao"`, `"tekun"` …); an unknown name, or
    /// one that is not a household programme, is an `invalid_value` error at `programmes[i]`.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Selection, Error> {
        let mut set = 0;
        for (i, name) in names.iter().enumerate() {
            let name = name.as_ref();
            let found = PROGRAMMES.iter().find(|p| wire_name(**p) == name);
            match found {
                Some(p) => set |= bit(*p),
                None => {
                    let known: Vec<String> = PROGRAMMES.iter().map(|p| wire_name(*p)).collect();
                    return Err(Error::new(
                        ErrorCode::InvalidValue,
                        format!("programmes[{i}]"),
                        format!(
                            "`{name}` is not a household programme; one of: {}",
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(Selection(set))
    }

    /// Whether `programme` is in the set.
    pub const fn contains(self, programme: Programme) -> bool {
        self.0 & bit(programme) != 0
    }

    /// Whether the programme at place `p` of [`PROGRAMMES`] is in the set.
    pub const fn contains_index(self, p: usize) -> bool {
        p < PROGRAMMES.len() && self.0 & (1 << p) != 0
    }

    /// Whether every household programme is in the set.
    pub const fn is_all(self) -> bool {
        self.0 == Selection::ALL.0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The programmes of the set, in [`PROGRAMMES`] order.
    pub fn programmes(self) -> impl Iterator<Item = Programme> {
        PROGRAMMES
            .into_iter()
            .enumerate()
            .filter(move |(p, _)| self.contains_index(*p))
            .map(|(_, programme)| programme)
    }

    /// The set with every programme its members depend on (see the module documentation).
    pub const fn closure(self) -> Selection {
        let mut s = self.0;
        if s & ON_DIBAO != 0 {
            s |= bit(Programme::Dibao) | bit(Programme::Tekun);
        }
        if s & bit(Programme::Tekun) != 0 {
            s |= bit(Programme::OrphanAllowance);
        }
        Selection(s)
    }

    /// The parameters the kernels of this selection's [`closure`](Selection::closure) read.
    // Evaluated in bounds: `p` runs over the places of `PROGRAMMES`, the length of `OWN_KEYS`.
    #[allow(clippy::indexing_slicing)]
    pub const fn keys(self) -> Keys {
        let closure = self.closure().0;
        let (mut keys, mut p) = (0, 0);
        while p < PROGRAMMES.len() {
            if closure & (1 << p) != 0 {
                keys |= OWN_KEYS[p];
            }
            p += 1;
        }
        keys
    }

    /// The programmes of this selection whose verdicts can change when the parameters `changed`
    /// take other values: those whose kernels, or the kernels of what they rest on, read one.
    pub fn touched_by(self, changed: Keys) -> Selection {
        let mut touched = 0;
        for p in 0..PROGRAMMES.len() {
            let one = Selection(1 << p);
            if self.0 & one.0 != 0 && one.keys() & changed != 0 {
                touched |= one.0;
            }
        }
        Selection(touched)
    }

    /// The programmes of this selection not in `other`.
    pub const fn without(self, other: Selection) -> Selection {
        Selection(self.0 & !other.0)
    }
}

/// Writes the verdicts of the programmes of `wanted` into `verdicts` (in [`PROGRAMMES`] order),
/// leaving every other entry as it is: the kernels of `wanted`'s
/// [`closure`](Selection::closure) run through [`super::decide_into`] (`state` as it requires:
/// [`super::members_state`]). On an error some entries may have been written.
#[inline]
pub fn decide_selected(
    rates: &Rates<'_>,
    household: &HouseholdFacts<'_>,
    state: &mut [MemberState],
    wanted: Selection,
    verdicts: &mut [Verdict; PROGRAMMES.len()],
) -> Result<(), Missing> {
    super::decide_into(rates, household, state, wanted.closure(), &mut |d| {
        d.each_verdict(|programme, verdict| {
            if wanted.contains(programme) {
                // A household programme's bit is at its place in `PROGRAMMES`.
                let place = bit(programme).trailing_zeros() as usize;
                if let Some(v) = verdicts.get_mut(place) {
                    *v = verdict;
                }
            }
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_programmes_bit_is_its_place() {
        for (i, p) in PROGRAMMES.iter().enumerate() {
            assert_eq!(bit(*p), 1 << i, "{p:?}");
        }
        assert_eq!(bit(Programme::TemporaryAssistance), 0);
    }

    #[test]
    fn closure_adds_what_the_kernels_read() {
        let disability = Selection::of(&[Programme::DisabilityCareSubsidy]);
        let expected = Selection::of(&[
            Programme::DisabilityCareSubsidy,
            Programme::Dibao,
            Programme::Tekun,
            Programme::OrphanAllowance,
        ]);
        assert_eq!(disability.closure(), expected);
        let longevity = Selection::of(&[Programme::LongevityAllowance]);
        assert_eq!(longevity.closure(), longevity);
        assert_eq!(Selection::ALL.closure(), Selection::ALL);
        // A change to the dibao standard reaches everything that rests on dibao, not the
        // elderly benefits or the child allowance.
        let touched = Selection::ALL.touched_by(keys_of(&[Key::DibaoStandard]));
        assert!(touched.contains(Programme::DisabilityLivingSubsidy));
        assert!(touched.contains(Programme::Tekun));
        assert!(!touched.contains(Programme::LongevityAllowance));
        assert!(!touched.contains(Programme::OrphanAllowance));
        // The child allowance reaches 特困 and so dibao and all on it.
        let orphan = Selection::ALL.touched_by(keys_of(&[Key::OrphanAllowance]));
        assert_eq!(
            orphan,
            Selection::ALL.without(Selection::of(&[
                Programme::HomeCareFunding,
                Programme::MealAid,
                Programme::LongevityAllowance,
            ]))
        );
        assert_eq!(Selection::ALL.touched_by(0), Selection::NONE);
        assert!(Selection::default().is_all());
        assert!(Selection::of(&[Programme::TemporaryAssistance]).is_empty());
    }

    #[test]
    fn names_parse_and_an_unknown_one_is_an_error() {
        let s = Selection::parse(&["dibao", "tekun"]).map_err(|e| e.message);
        assert_eq!(s, Ok(Selection::of(&[Programme::Dibao, Programme::Tekun])));
        let e = Selection::parse(&["dibao", "temporary_assistance"]).err();
        assert_eq!(e.as_ref().map(|e| e.path.as_str()), Some("programmes[1]"));
        assert_eq!(e.map(|e| e.code), Some(ErrorCode::InvalidValue));
        let order: Vec<Programme> = Selection::of(&[Programme::Tekun, Programme::Dibao])
            .programmes()
            .collect();
        assert_eq!(order, vec![Programme::Dibao, Programme::Tekun]);
    }
}
