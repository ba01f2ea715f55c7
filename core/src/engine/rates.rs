//! Parameters resolved once per scenario, date, district and area into exact values.
//!
//! A population run resolves the household programmes' parameters once for every district and
//! area of the date ([`RateTable`]); the household loop then reads them by [`Key`] from a flat
//! array: no string lookup, no map lookup, no allocation. The explained single-household path
//! resolves the same [`Rates`] for its one district and area, so both run the same kernels on
//! the same values.

use crate::date::Date;
use crate::engine::exact::Exact;
use crate::error::{Error, ErrorCode};
use crate::params::{ParamRef, ParameterStore, Unit};
use crate::region::{Area, District};

macro_rules! keys {
    ($($(#[$doc:meta])* $variant:ident => $key:literal,)*) => {
        /// A parameter the household programmes read.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key {
            $($(#[$doc])* $variant,)*
        }

        impl Key {
            /// Every key, in order.
            pub const ALL: &'static [Key] = &[$(Key::$variant,)*];

            /// The parameter's key in the store (`dibao.standard`).
            pub const fn name(self) -> &'static str {
                match self {
                    $(Key::$variant => $key,)*
                }
            }
        }
    };
}

keys! {
    /// 低保标准 (元/人/月).
    DibaoStandard => "dibao.standard",
    /// Financial-asset limit in months of the standard.
    DibaoAssetMonths => "dibao.financial_asset_limit_months",
    /// Residential units a dibao household may own (Guangdong's economic check).
    DibaoResidentialUnits => "dibao.residential_units_limit",
    /// Livelihood commercial vehicles a dibao household may keep (Guangdong, from 2026).
    DibaoLivelihoodVehicles => "dibao.livelihood_vehicles_allowed",
    /// 低保边缘 income line as a multiple of the standard.
    DibaoMarginalMultiplier => "dibao.marginal_multiplier",
    /// 分类救济: a member's add-on as a share of the dibao standard (one for every group).
    ReliefShare => "classified_relief.share",
    /// 特困 basic living standard as a multiple of the dibao standard.
    TekunBasicMultiplier => "tekun.basic_multiplier",
    /// 特困 basic living standard: the district's figure (a floor).
    TekunBasicStandard => "tekun.basic_standard",
    /// The city minimum wage (元/月).
    MinimumWage => "guangzhou.minimum_wage",
    /// 特困 care standard, 全自理, as a share of the minimum wage.
    TekunCareFullSelfCare => "tekun.care_share.full_self_care",
    /// 特困 care standard, 半护理.
    TekunCarePartialSelfCare => "tekun.care_share.partial_self_care",
    /// 特困 care standard, 全护理.
    TekunCareFullCare => "tekun.care_share.full_care",
    /// 特困 pocket money in an institution, share of the basic standard.
    TekunPocketMoney => "tekun.pocket_money_share",
    /// 居家社区养老服务资助, first category (元/月).
    HomeCareType1 => "home_care.type1",
    /// 居家社区养老服务资助, second category (元/月).
    HomeCareType2 => "home_care.type2",
    /// 居家社区养老服务资助 supplement for severe disability (元/月).
    HomeCareSevereSupplement => "home_care.severe_disability_supplement",
    /// 助餐: share of a meal's price.
    MealShare => "meal_aid.share_of_meal",
    /// 助餐: cap per meal (元).
    MealCap => "meal_aid.cap_per_meal",
    /// 助餐: delivery subsidy, care levels 1–2 (元/meal).
    MealDeliveryLevels12 => "meal_aid.delivery.levels_1_2",
    /// 助餐: delivery subsidy, care levels 3–5 (元/meal).
    MealDeliveryLevels35 => "meal_aid.delivery.levels_3_5",
    /// 长寿保健金, 70–79.
    Longevity70 => "longevity.age_70_79",
    /// 长寿保健金, 80–89.
    Longevity80 => "longevity.age_80_89",
    /// 长寿保健金, 90–99.
    Longevity90 => "longevity.age_90_99",
    /// 长寿保健金, 100 and over.
    Longevity100 => "longevity.age_100_plus",
    /// 长寿保健金: the centenarians' October lump sum.
    LongevityCentenarianLump => "longevity.centenarian_october_lump_sum",
    /// 困难残疾人生活补贴 (元/人/月).
    DisabilityLiving => "disability.living_subsidy",
    /// 重度残疾人护理补贴 (元/人/月).
    DisabilityCare => "disability.care_subsidy",
    /// 孤儿 / 事实无人抚养儿童基本生活补贴 (元/人/月).
    OrphanAllowance => "orphan.allowance",
    /// 价格临时补贴: CPI trigger (%).
    PriceCpiTrigger => "price_subsidy.cpi_trigger_percent",
    /// 价格临时补贴: food-CPI trigger (%).
    PriceFoodCpiTrigger => "price_subsidy.food_cpi_trigger_percent",
    /// 刚性支出: per-capita disposable income (元/年).
    RigidDisposableIncome => "rigid.per_capita_disposable_income",
    /// 刚性支出: spending as a share of income.
    RigidSpendingShare => "rigid.spending_share_of_income",
}

/// Number of keys.
pub const KEYS: usize = Key::ALL.len();

/// A set of [`Key`]s, one bit each (`1 << key as usize`).
pub type Keys = u64;

const _: () = assert!(KEYS <= Keys::BITS as usize, "a key set holds every key");

/// The set of `keys`.
// Evaluated in bounds: `i` runs over the places of `keys`.
#[allow(clippy::indexing_slicing)]
pub const fn keys_of(keys: &[Key]) -> Keys {
    let (mut set, mut i) = (0, 0);
    while i < keys.len() {
        set |= 1 << keys[i] as u32;
        i += 1;
    }
    set
}

/// One resolved value.
#[derive(Clone, Debug)]
enum Slot<'a> {
    /// In force: the exact value (in fen for amounts in 元) and where it comes from.
    Value(Exact, ParamRef<'a>),
    /// Not in force on the date (or a defect): the error a lookup gives.
    Missing(Error),
}

/// The household programmes' parameters for one date, district and area.
#[derive(Clone, Debug)]
pub struct Rates<'a> {
    slots: Vec<Slot<'a>>,
    /// The calculation date.
    pub date: Date,
    /// The district.
    pub district: District,
    /// The area.
    pub area: Area,
}

/// Whether a unit is an amount of money (stored in fen).
fn is_money(unit: Unit) -> bool {
    matches!(
        unit,
        Unit::YuanPerPersonMonth
            | Unit::YuanPerMonth
            | Unit::YuanPerDay
            | Unit::YuanPerYear
            | Unit::Yuan
    )
}

impl<'a> Rates<'a> {
    /// Resolves every key for `date` in `district` and `area`.
    pub fn resolve(
        store: &'a ParameterStore,
        date: Date,
        district: District,
        area: Area,
    ) -> Rates<'a> {
        let slots = Key::ALL
            .iter()
            .map(
                |key| match store.lookup(key.name(), Some(district), Some(area), date) {
                    Ok(p) => {
                        let value = if is_money(p.parameter.unit) {
                            Exact::from_decimal(p.get() * rust_decimal::Decimal::ONE_HUNDRED)
                        } else {
                            Exact::from_decimal(p.get())
                        };
                        match value {
                            Some(v) => Slot::Value(v, p),
                            None => Slot::Missing(Error::new(
                                ErrorCode::InvalidParameterData,
                                "",
                                format!(
                                    "`{}` = {} has more decimals than the engine keeps",
                                    key.name(),
                                    p.get()
                                ),
                            )),
                        }
                    }
                    Err(e) => Slot::Missing(e),
                },
            )
            .collect();
        Rates {
            slots,
            date,
            district,
            area,
        }
    }

    /// The value of `key` (in fen for amounts in 元), or the key when it is not in force.
    #[inline]
    pub fn get(&self, key: Key) -> Result<Exact, Key> {
        match self.slots.get(key as usize) {
            Some(Slot::Value(v, _)) => Ok(*v),
            _ => Err(key),
        }
    }

    /// The value of `key` if in force.
    #[inline]
    pub fn try_get(&self, key: Key) -> Option<Exact> {
        self.get(key).ok()
    }

    /// The keys whose values differ between `self` and `other`: a key in force in one and not
    /// in the other differs; two keys not in force do not (a kernel reads either the same way).
    pub fn differing(&self, other: &Rates<'_>) -> Keys {
        let mut changed = 0;
        for (k, (a, b)) in self.slots.iter().zip(&other.slots).enumerate() {
            let same = match (a, b) {
                (Slot::Value(x, _), Slot::Value(y, _)) => x == y,
                (Slot::Missing(_), Slot::Missing(_)) => true,
                _ => false,
            };
            if !same {
                changed |= 1 << k;
            }
        }
        changed
    }

    /// The same rates with only `keys` in force; every other key reads as not in force (with an
    /// internal error). For checking which parameters a kernel reads.
    pub fn only(&self, keys: Keys) -> Rates<'a> {
        let slots = self
            .slots
            .iter()
            .enumerate()
            .map(|(k, slot)| {
                if keys & (1 << k) != 0 {
                    slot.clone()
                } else {
                    Slot::Missing(Error::new(
                        ErrorCode::Internal,
                        "",
                        format!(
                            "`{}` is not among the keys kept",
                            Key::ALL.get(k).map_or("", |key| key.name())
                        ),
                    ))
                }
            })
            .collect();
        Rates {
            slots,
            date: self.date,
            district: self.district,
            area: self.area,
        }
    }

    /// Where the value of `key` comes from, for explanations.
    pub fn source(&self, key: Key) -> Option<ParamRef<'a>> {
        match self.slots.get(key as usize) {
            Some(Slot::Value(_, p)) => Some(*p),
            _ => None,
        }
    }

    /// The error a lookup of `key` gives (its value not in force on the date).
    pub fn error(&self, key: Key) -> Error {
        match self.slots.get(key as usize) {
            Some(Slot::Missing(e)) => e.clone(),
            _ => Error::new(
                ErrorCode::Internal,
                "",
                format!("`{}` was expected to be missing", key.name()),
            ),
        }
    }
}

/// [`Rates`] for every district and area of one date and store: the table a population run
/// reads from.
#[derive(Clone, Debug)]
pub struct RateTable<'a> {
    rates: Vec<Rates<'a>>,
}

impl<'a> RateTable<'a> {
    /// Resolves every district and area.
    pub fn resolve(store: &'a ParameterStore, date: Date) -> RateTable<'a> {
        let mut rates = Vec::with_capacity(District::ALL.len() * 2);
        for district in District::ALL {
            for area in [Area::Urban, Area::Rural] {
                rates.push(Rates::resolve(store, date, district, area));
            }
        }
        RateTable { rates }
    }

    /// The place of `district` and `area`'s rates in the table.
    #[inline]
    pub const fn index(district: District, area: Area) -> usize {
        district as usize * 2 + (matches!(area, Area::Rural) as usize)
    }

    /// The rates of `district` and `area`.
    #[inline]
    pub fn get(&self, district: District, area: Area) -> Option<&Rates<'a>> {
        self.rates.get(RateTable::index(district, area))
    }

    /// Per place of the table ([`RateTable::index`]), the keys whose values differ from
    /// `other`'s ([`Rates::differing`]).
    pub fn differing(&self, other: &RateTable<'_>) -> Vec<Keys> {
        self.rates
            .iter()
            .zip(&other.rates)
            .map(|(a, b)| a.differing(b))
            .collect()
    }

    /// The same table with only `keys` in force ([`Rates::only`]).
    pub fn only(&self, keys: Keys) -> RateTable<'a> {
        RateTable {
            rates: self.rates.iter().map(|r| r.only(keys)).collect(),
        }
    }
}

/// The rates of the embedded parameters, kept per thread for the last few dates, districts and
/// areas asked for: the explained calculation resolves once per request, and callers (a portal
/// page, a caseworker's session, a notebook loop) ask for the same date and district again and
/// again. Stores other than the embedded one (a reform) are resolved each time.
pub enum Resolved<'a> {
    /// Resolved for this call.
    Owned(Rates<'a>),
    /// From the per-thread cache of the embedded store.
    Shared(std::rc::Rc<Rates<'static>>),
}

impl<'a> std::ops::Deref for Resolved<'a> {
    type Target = Rates<'a>;

    fn deref(&self) -> &Rates<'a> {
        match self {
            Resolved::Owned(r) => r,
            Resolved::Shared(r) => r,
        }
    }
}

/// Entries kept per thread.
const CACHED: usize = 8;

thread_local! {
    static CACHE: std::cell::RefCell<Vec<std::rc::Rc<Rates<'static>>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl<'a> Rates<'a> {
    /// [`Rates::resolve`], from the per-thread cache when `store` is the embedded store.
    pub fn resolve_cached(
        store: &'a ParameterStore,
        date: Date,
        district: District,
        area: Area,
    ) -> Resolved<'a> {
        let embedded = match ParameterStore::embedded() {
            Ok(e) if std::ptr::eq(e, store) => e,
            _ => return Resolved::Owned(Rates::resolve(store, date, district, area)),
        };
        CACHE.with(|cache| {
            let Ok(mut cache) = cache.try_borrow_mut() else {
                return Resolved::Owned(Rates::resolve(store, date, district, area));
            };
            if let Some(hit) = cache
                .iter()
                .find(|r| r.date == date && r.district == district && r.area == area)
            {
                return Resolved::Shared(hit.clone());
            }
            let rates = std::rc::Rc::new(Rates::resolve(embedded, date, district, area));
            if cache.len() >= CACHED {
                cache.remove(0);
            }
            cache.push(rates.clone());
            Resolved::Shared(rates)
        })
    }
}
