//! Tariffs as data: the caller's own, or the shipped sample (illustrative parameters), and how a
//! monthly fee is charged for the days of a stay.
//!
//! Handbook §7: bed and care fees of public homes are government-set or guided prices on a cost
//! basis and meals are at cost (structure); Guangzhou's own tariffs were not found, so the engine
//! takes a home's tariff as data and ships one sample tariff marked illustrative.

use rust_decimal::Decimal;

use super::wire::{PartialMonth, Period, Tariff};
use crate::care_level::CareTier;
use crate::context::Context;
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::money::Money;
use crate::params::ParamRef;

/// Room types of the sample tariff.
pub const SAMPLE_ROOM_TYPES: [&str; 3] = ["single", "double", "multi"];

/// The fees that apply to one resident, with the parameters they came from (sample tariff).
pub struct Fees<'a> {
    /// Tariff name.
    pub name: String,
    /// Whether this is the sample tariff.
    pub sample: bool,
    /// 床位费, 元/月, and its parameter.
    pub bed: (Money, Option<ParamRef<'a>>),
    /// 护理费, 元/月, and its parameter.
    pub care: (Money, Option<ParamRef<'a>>),
    /// 伙食费, 元/月, and its parameter, when the resident takes the meals.
    pub meal: Option<(Money, Option<ParamRef<'a>>)>,
    /// The partial-month rule.
    pub partial_month: PartialMonth,
}

fn unknown_room(room: &str, known: Vec<&str>) -> Error {
    Error::new(
        ErrorCode::InvalidValue,
        "resident.room_type",
        format!(
            "room type `{room}` is not in the tariff; known: {}",
            known.join(", ")
        ),
    )
}

/// The fees of `tariff` (or of the sample tariff when `None`) for a room type and care tier, and
/// the meal fee when `meals`.
pub fn fees<'a>(
    ctx: &mut Context<'a>,
    tariff: Option<&Tariff>,
    room: &str,
    tier: CareTier,
    meals: bool,
) -> Result<Fees<'a>, Error> {
    if let Some(t) = tariff {
        let bed =
            t.bed_fee.get(room).copied().ok_or_else(|| {
                unknown_room(room, t.bed_fee.keys().map(String::as_str).collect())
            })?;
        return Ok(Fees {
            name: t.name.clone(),
            sample: false,
            bed: (bed, None),
            care: (t.care_fee.of(tier), None),
            meal: meals.then_some((t.meal_fee, None)),
            partial_month: t.partial_month,
        });
    }
    if !SAMPLE_ROOM_TYPES.contains(&room) {
        return Err(unknown_room(room, SAMPLE_ROOM_TYPES.to_vec()));
    }
    let bed = ctx.param(&format!("care_home.sample.bed_fee.{room}"))?;
    let care = ctx.param(&format!("care_home.sample.care_fee.{}", tier.as_str()))?;
    let meal = if meals {
        let p = ctx.param("care_home.sample.meal_fee")?;
        Some((Money(p.get()), Some(p)))
    } else {
        None
    };
    Ok(Fees {
        name: "示例收费标准（illustrative sample tariff）".into(),
        sample: true,
        bed: (Money(bed.get()), Some(bed)),
        care: (Money(care.get()), Some(care)),
        meal,
        partial_month: PartialMonth::CalendarDays,
    })
}

/// Days in the month of `date`.
pub fn days_in_month(date: Date) -> u8 {
    (28..=31)
        .rev()
        .find(|d| Date::new(date.year(), date.month(), *d).is_some())
        .unwrap_or(28)
}

/// The days billed: the stay inside the month of `date`, whole month by default.
pub fn period(date: Date, from: Option<Date>, to: Option<Date>) -> Result<Period, Error> {
    let last = days_in_month(date);
    let first_day = Date::new(date.year(), date.month(), 1).unwrap_or(date);
    let last_day = Date::new(date.year(), date.month(), last).unwrap_or(date);
    let in_month = |d: Date| d.year() == date.year() && d.month() == date.month();
    let from = from.unwrap_or(first_day);
    let to = to.unwrap_or(last_day);
    for (d, path) in [(from, "stay_from"), (to, "stay_to")] {
        if !in_month(d) {
            return Err(Error::new(
                ErrorCode::ConflictingFields,
                path,
                format!(
                    "{d} is not in the month billed ({:04}-{:02}, the month of calculation_date); bill each month separately",
                    date.year(),
                    date.month()
                ),
            ));
        }
    }
    if to < from {
        return Err(Error::new(
            ErrorCode::ConflictingFields,
            "stay_to",
            format!("the stay ends on {to}, before it starts on {from}"),
        ));
    }
    let days = u32::from(to.day().saturating_sub(from.day())) + 1;
    Ok(Period {
        from,
        to,
        days,
        days_in_month: u32::from(last),
        whole_month: days == u32::from(last),
    })
}

/// The exact charge of a monthly fee for the period, with its formula in Chinese and English.
pub fn prorate(monthly: Money, rule: PartialMonth, p: &Period) -> (Decimal, String, String) {
    let m = monthly.0;
    let days = Decimal::from(p.days);
    if p.whole_month {
        return (
            m,
            format!("整月入住，按月收取{m}元"),
            format!("whole month: the monthly fee {m}"),
        );
    }
    match rule {
        PartialMonth::CalendarDays => {
            let dim = p.days_in_month;
            (
                m * days / Decimal::from(dim),
                format!("{m}元/月 × 入住{days}天 ÷ 当月{dim}天"),
                format!("{m} a month × {days} days of stay ÷ {dim} days in the month"),
            )
        }
        PartialMonth::ThirtyDays => {
            let by_days = m * days / Decimal::from(30);
            (
                by_days.min(m),
                format!("{m}元/月 ÷ 30天 × 入住{days}天（不超过月收费标准）"),
                format!("{m} a month ÷ 30 × {days} days of stay (at most the monthly fee)"),
            )
        }
        PartialMonth::FullMonth => (
            m,
            format!("不足一月按整月收取{m}元"),
            format!("a part month is charged as a whole month: {m}"),
        ),
    }
}
