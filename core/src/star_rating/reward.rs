//! Guangzhou's one-off reward for rated community providers (`star_reward`).
//!
//! 《广州市居家社区养老服务管理办法》穗府办规〔2022〕13号 第三十六条 (verified): a community
//! home-care provider rated 5★ receives 100,000 元 once, 4★ 50,000, 3★ 30,000, 2★ 20,000, 1★
//! 10,000; a provider upgraded within the validity of its rating receives the difference.
//!
//! The validity of a rating (3 years) and the stop rule (a serious safety accident or elder abuse
//! within 3 years stops the rating) come from Guangdong's star-rating trial of 2018-09-01 and are
//! reported figures, applied here to community ratings as the nearest rule encoded.
//!
//! - No earlier rating: the full amount for the stars.
//! - An earlier rating still valid on the new rating's date (before its third anniversary and not
//!   stopped): the difference between the amounts for the two star levels when the new one is
//!   higher, nothing otherwise. Both amounts are those in force on the new rating's date.
//! - An earlier rating that had lapsed or been stopped: the encoded text does not say whether a
//!   new full reward or the difference is due, so the result is `undetermined` and names both.
//! - A provider that is not a community provider, or a rating stopped by an incident: nothing.
#![doc(alias("星级奖励", "星级评定奖励"))]

use crate::engine::reasons::ReasonCode;
use serde::{Deserialize, Serialize};

use crate::context::Context;
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::money::{Money, round_payable};
use crate::params::{ParamRef, ParameterStore};
use crate::receipt;
use crate::wire::{Eligibility, LineItem, Options, Reason, Receipt, Warning};

const REWARD_SOURCE: &str = "GZ-JJSQ-2022";
const REWARD_ARTICLE: &str = "第三十六条";
const TRIAL_SOURCE: &str = "GD-STAR-2018";
pub use crate::limits::MAX_INCIDENTS;

/// The kind of provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ProviderKind {
    /// 社区居家养老服务机构 (community home-care provider): rewarded.
    Community,
    /// 养老机构 (residential care home): not covered by 第三十六条.
    CareHome,
}

/// A star rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StarEvent {
    /// Stars, 1 to 5 (any other integer, however large, is `out_of_range`).
    #[serde(deserialize_with = "read_stars")]
    pub stars: u8,
    /// The rating date.
    pub rated_on: Date,
}

/// The kind of incident that stops a rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum IncidentKind {
    /// 重大安全事故
    SeriousSafetyAccident,
    /// 虐待老年人
    ElderAbuse,
}

/// An incident of the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Incident {
    /// When it happened.
    pub date: Date,
    /// What it was.
    pub kind: IncidentKind,
}

/// A request for the Guangzhou community star reward (`star_reward`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StarRewardRequest {
    /// The kind of provider.
    pub provider: ProviderKind,
    /// The rating the reward is for.
    pub rating: StarEvent,
    /// The provider's earlier rewarded rating, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<StarEvent>,
    /// Serious safety accidents and elder abuse, if any.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub incidents: Vec<Incident>,
    /// Output options.
    #[serde(default, deserialize_with = "crate::decode::null_is_default")]
    pub options: Options,
}

/// The result of `star_reward`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StarRewardResult {
    /// The rating's date.
    pub rated_on: Date,
    /// The rating's stars.
    pub stars: u8,
    /// Eligible, not eligible, or undetermined.
    pub status: Eligibility,
    /// The one-off amount payable.
    pub amount: Money,
    /// Why not eligible or undetermined, or the route when eligible by upgrade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// Payable components; they sum to `amount`.
    pub line_items: Vec<LineItem>,
    /// The first day the rating is no longer valid (its third anniversary), if within the
    /// calendar range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating_expires_on: Option<Date>,
    /// Whether the earlier rating was still valid on the new rating's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_valid: Option<bool>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// Reproducibility receipt.
    pub receipt: Receipt,
}

/// The anniversary `years` after `date`; a 29 February rating has its anniversary on 1 March in
/// common years (as ages do). `None` beyond 2199.
pub fn anniversary(date: Date, years: u16) -> Option<Date> {
    let year = date.year().checked_add(years)?;
    Date::new(year, date.month(), date.day()).or_else(|| Date::new(year, 3, 1))
}

fn years(p: &ParamRef<'_>) -> Result<u16, Error> {
    use rust_decimal::prelude::ToPrimitive;
    p.get()
        .to_u16()
        .filter(|_| p.get().fract().is_zero())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidParameterData,
                "",
                format!("`{}` is not a whole number of years", p.parameter.key),
            )
        })
}

/// Reads a number of stars as any integer, so that 6 and 300 get the same error and message.
fn read_stars<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let n = i64::deserialize(deserializer)?;
    u8::try_from(n)
        .ok()
        .filter(|s| crate::limits::STARS.contains(s))
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{tag}out_of_range{tag}{n} stars; ratings have 1 to 5 stars",
                tag = crate::error::CODE_TAG
            ))
        })
}

fn stars_ok(stars: u8, path: &str) -> Result<(), Error> {
    if crate::limits::STARS.contains(&stars) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::OutOfRange,
            path,
            format!("{stars} stars; ratings have 1 to 5 stars"),
        ))
    }
}

/// Whether an incident stops the rating of `from`: on or after it, before `until` (exclusive),
/// and before the stop window (`stop_years`) closes.
fn stopped_by(
    incidents: &[Incident],
    from: Date,
    until: Option<Date>,
    stop_end: Option<Date>,
) -> Option<&Incident> {
    incidents.iter().find(|i| {
        i.date >= from && until.is_none_or(|u| i.date < u) && stop_end.is_none_or(|e| i.date < e)
    })
}

/// Decides the reward.
pub fn reward(
    store: &ParameterStore,
    request: &StarRewardRequest,
) -> Result<StarRewardResult, Error> {
    let rating = request.rating;
    stars_ok(rating.stars, "rating.stars")?;
    if let Some(prev) = request.previous {
        stars_ok(prev.stars, "previous.stars")?;
        if prev.rated_on >= rating.rated_on {
            return Err(Error::new(
                ErrorCode::ConflictingFields,
                "previous.rated_on",
                format!(
                    "the earlier rating ({}) is not before the rating rewarded ({})",
                    prev.rated_on, rating.rated_on
                ),
            ));
        }
    }
    if request.incidents.len() > MAX_INCIDENTS {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            "incidents",
            format!("at most {MAX_INCIDENTS} incidents are accepted"),
        ));
    }
    let mut ctx = Context::new(store, rating.rated_on, None, None, request.options.explain);
    let on_date = |e: Error| {
        if e.code == ErrorCode::ParameterNotInForce {
            Error::new(e.code, "rating.rated_on", e.message)
        } else {
            e
        }
    };
    let validity = ctx.param("star_rating.validity_years").map_err(on_date)?;
    let stop = ctx
        .param("star_rating.incident_stop_years")
        .map_err(on_date)?;
    let amount_new = ctx
        .param(&format!("star_reward.amount_{}_star", rating.stars))
        .map_err(on_date)?;
    let (validity_years, stop_years) = (years(&validity)?, years(&stop)?);
    let expires = anniversary(rating.rated_on, validity_years);

    let cite = ctx.cite(REWARD_SOURCE, REWARD_ARTICLE);
    let trial = ctx.cite(TRIAL_SOURCE, "有效期与停止规则（据报道）");
    let new_amount = amount_new.get();
    let refuse = |status, reason| (status, Money::ZERO, Some(reason), Vec::new());

    let (status, amount, reason, line_items, previous_valid) = if request.provider
        == ProviderKind::CareHome
    {
        let (s, a, r, i) = refuse(
            Eligibility::NotEligible,
            Reason {
                code: ReasonCode::NotCommunityProvider.code().into(),
                message_zh: "第三十六条的一次性奖励仅适用于获评星级的社区居家养老服务机构".into(),
                message_en: "The one-off reward of article 36 is for rated community home-care providers only".into(),
                citation: cite.clone(),
            },
        );
        (s, a, r, i, None)
    } else if let Some(incident) = stopped_by(
        &request.incidents,
        rating.rated_on,
        None,
        anniversary(rating.rated_on, stop_years),
    ) {
        let (s, a, r, i) = refuse(
            Eligibility::NotEligible,
            Reason {
                code: ReasonCode::RatingStopped.code().into(),
                message_zh: format!(
                    "{}发生{}，在评定后{stop_years}年内，星级评定终止",
                    incident.date,
                    kind_zh(incident.kind)
                ),
                message_en: format!(
                    "A {} on {} within {stop_years} years of the rating stops the rating",
                    kind_en(incident.kind),
                    incident.date
                ),
                citation: trial.clone(),
            },
        );
        (s, a, r, i, None)
    } else if let Some(prev) = request.previous {
        let prev_expires = anniversary(prev.rated_on, validity_years);
        let in_validity = prev_expires.is_none_or(|e| rating.rated_on < e);
        let prev_stopped = stopped_by(
            &request.incidents,
            prev.rated_on,
            Some(rating.rated_on),
            anniversary(prev.rated_on, stop_years),
        );
        let valid = in_validity && prev_stopped.is_none();
        let amount_prev = ctx
            .param(&format!("star_reward.amount_{}_star", prev.stars))
            .map_err(on_date)?;
        let old_amount = amount_prev.get();
        if !valid {
            let why_zh = match (in_validity, prev_stopped) {
                (false, _) => format!(
                    "此前{}星评定（{}）已于{}期满",
                    prev.stars,
                    prev.rated_on,
                    prev_expires.map_or(String::new(), |d| d.to_string())
                ),
                (true, Some(i)) => format!(
                    "此前{}星评定（{}）因{}{}已终止",
                    prev.stars,
                    prev.rated_on,
                    i.date,
                    kind_zh(i.kind)
                ),
                (true, None) => String::new(),
            };
            let why_en = match (in_validity, prev_stopped) {
                (false, _) => format!(
                    "the earlier {}-star rating of {} lapsed on {}",
                    prev.stars,
                    prev.rated_on,
                    prev_expires.map_or(String::new(), |d| d.to_string())
                ),
                (true, Some(i)) => format!(
                    "the earlier {}-star rating of {} was stopped by a {} on {}",
                    prev.stars,
                    prev.rated_on,
                    kind_en(i.kind),
                    i.date
                ),
                (true, None) => String::new(),
            };
            let diff = (new_amount - old_amount).max(rust_decimal::Decimal::ZERO);
            let (s, a, r, i) = refuse(
                Eligibility::Undetermined,
                Reason {
                    code: ReasonCode::PreviousRatingLapsed.code().into(),
                    message_zh: format!(
                        "{why_zh}；已收录的条文只规定有效期内升级按差额奖励，未规定期满或终止后重新评定的奖励：可能为全额{}元，也可能为差额{}元",
                        round_payable(new_amount),
                        round_payable(diff)
                    ),
                    message_en: format!(
                        "{why_en}; the encoded text only provides the difference for an upgrade within validity, not the reward after a lapse: it may be the full {} or the difference {} 元",
                        round_payable(new_amount),
                        round_payable(diff)
                    ),
                    citation: cite.clone(),
                },
            );
            (s, a, r, i, Some(false))
        } else if rating.stars <= prev.stars {
            let (s, a, r, i) = refuse(
                Eligibility::NotEligible,
                Reason {
                    code: ReasonCode::NotAnUpgrade.code().into(),
                    message_zh: format!(
                        "此前{}星评定仍在有效期内，本次{}星不是升级，不再奖励",
                        prev.stars, rating.stars
                    ),
                    message_en: format!(
                        "The earlier {}-star rating is still valid; {} stars is not an upgrade, so no further reward is due",
                        prev.stars, rating.stars
                    ),
                    citation: cite.clone(),
                },
            );
            (s, a, r, i, Some(true))
        } else {
            let amount = round_payable(new_amount - old_amount);
            let item = LineItem {
                id: "star_reward.upgrade_difference".into(),
                person_id: None,
                label_zh: format!("星级提升差额奖励（{}星→{}星）", prev.stars, rating.stars),
                label_en: format!(
                    "Upgrade difference ({} → {} stars)",
                    prev.stars, rating.stars
                ),
                amount,
                formula_zh: format!(
                    "{}星奖励{}元 − {}星奖励{}元 = {amount}元（此前评定{}，有效期{validity_years}年内升级）",
                    rating.stars,
                    round_payable(new_amount),
                    prev.stars,
                    round_payable(old_amount),
                    prev.rated_on
                ),
                formula_en: format!(
                    "{}-star reward {} − {}-star reward {} = {amount} 元 (earlier rating {}, upgraded within its {validity_years}-year validity)",
                    rating.stars,
                    round_payable(new_amount),
                    prev.stars,
                    round_payable(old_amount),
                    prev.rated_on
                ),
                parameters: ctx.uses(&[amount_new, amount_prev, validity]),
            };
            let reason = Reason {
                code: ReasonCode::UpgradeWithinValidity.code().into(),
                message_zh: "有效期内星级提升，按差额给予奖励".into(),
                message_en: "Upgraded within the rating's validity: the difference is paid".into(),
                citation: cite.clone(),
            };
            (
                Eligibility::Eligible,
                amount,
                Some(reason),
                vec![item],
                Some(true),
            )
        }
    } else {
        let amount = round_payable(new_amount);
        let item = LineItem {
            id: "star_reward.one_off".into(),
            person_id: None,
            label_zh: format!("{}星社区居家养老服务机构一次性奖励", rating.stars),
            label_en: format!(
                "One-off reward for a {}-star community provider",
                rating.stars
            ),
            amount,
            formula_zh: format!("{}星 → {amount}元", rating.stars),
            formula_en: format!("{} stars → {amount} 元", rating.stars),
            parameters: ctx.uses(&[amount_new]),
        };
        (Eligibility::Eligible, amount, None, vec![item], None)
    };
    let (warnings, used) = ctx.finish();
    Ok(StarRewardResult {
        rated_on: rating.rated_on,
        stars: rating.stars,
        status,
        amount,
        reason,
        line_items,
        rating_expires_on: expires,
        previous_valid,
        warnings,
        receipt: receipt::receipt(request, &used),
    })
}

fn kind_zh(kind: IncidentKind) -> &'static str {
    match kind {
        IncidentKind::SeriousSafetyAccident => "重大安全事故",
        IncidentKind::ElderAbuse => "虐待老年人事件",
    }
}

fn kind_en(kind: IncidentKind) -> &'static str {
    match kind {
        IncidentKind::SeriousSafetyAccident => "serious safety accident",
        IncidentKind::ElderAbuse => "case of elder abuse",
    }
}
