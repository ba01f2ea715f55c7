//! Scoring a request: the card, the scores, the prerequisites (with the GB 38600-2019 checklist),
//! the level, the gap report, the warnings and the receipt.

use rust_decimal::Decimal;
use serde::Serialize;

use super::card::{self, Card, CheckedCard, CheckedLevel, PrerequisiteKind, en};
use super::gap;
use super::safety::{self, SafetyResult};
use super::score::{Scores, Shortfall, level_reached, shortfalls};
use super::wire::{
    CardSummary, GapItem, GapLine, GapOccupancy, GapReport, GapSection, ItemScore, LevelCheck,
    PrerequisiteCheck, SectionMinimum, SectionScore, StarRatingRequest, StarRatingResult,
};
use crate::context::Context;
use crate::error::{Error, ErrorCode};
use crate::money::Number;
use crate::params::{ParameterStore, Status};
use crate::receipt;
use crate::warnings::WarningCode;

/// Scores `request` with the parameter store `store`.
pub fn rate(
    store: &ParameterStore,
    request: &StarRatingRequest,
) -> Result<StarRatingResult, Error> {
    let (card, builtin) = match &request.card {
        Some(c) => (c, false),
        None => (super::builtin_card()?, true),
    };
    let checked = card::check(card, "card", store).map_err(|e| {
        if builtin {
            Error::new(
                ErrorCode::InvalidParameterData,
                "",
                format!("the built-in card is invalid: {e}"),
            )
        } else {
            e
        }
    })?;
    let awarded = awarded_points(card, &checked, request)?;
    let occupancy = request.occupancy.map(|o| o.0);
    if occupancy.is_none() && checked.levels.iter().any(|l| l.min_occupancy.is_some()) {
        return Err(Error::new(
            ErrorCode::MissingField,
            "occupancy",
            "the card's levels need a minimum occupancy (入住率); give `occupancy` as a share such as \"0.35\"",
        ));
    }
    check_answers(card, request)?;

    let mut ctx = Context::new(
        store,
        request.assessment_date,
        None,
        None,
        request.options.explain,
    );
    let in_force = store
        .source(safety::SOURCE)
        .and_then(|s| s.in_force)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidParameterData,
                "",
                format!("sources.toml has no in-force date for `{}`", safety::SOURCE),
            )
        })?;
    let mandatory = request.assessment_date >= in_force;
    let safety = match &request.safety {
        Some(list) => Some(safety::evaluate(&ctx, mandatory, list, "safety")?),
        None => None,
    };
    let needs_safety = card
        .prerequisites
        .iter()
        .any(|p| p.kind == PrerequisiteKind::Gb38600);
    if needs_safety && safety.is_none() {
        return Err(Error::new(
            ErrorCode::MissingField,
            "safety",
            "the card's prerequisites include GB 38600-2019 compliance; give the `safety` checklist",
        ));
    }
    if let Some(s) = safety.as_ref().filter(|s| !s.mandatory) {
        let effect_zh = if s.compliant {
            ""
        } else {
            "，未达标项不构成否决"
        };
        let effect_en = if s.compliant {
            ""
        } else {
            "; the items not met do not veto a level"
        };
        ctx.warn(
            WarningCode::StandardNotInForce,
            Some(safety::SOURCE),
            &format!("评定日期{}早于GB 38600-2019强制实施日期{in_force}{effect_zh}", request.assessment_date),
            &format!(
                "The assessment date {} is before GB 38600-2019 became mandatory on {in_force}{effect_en}",
                request.assessment_date
            ),
        );
    }

    let prerequisites = prerequisite_checks(card, &checked, request, safety.as_ref(), &ctx);
    let vetoed_by: Vec<String> = prerequisites
        .iter()
        .filter(|p| !p.met)
        .map(|p| p.id.clone())
        .collect();

    let scores = Scores::new(&checked, awarded);
    let before_veto = level_reached(&checked, &scores, occupancy);
    let level = if vetoed_by.is_empty() { before_veto } else { 0 };
    let gap = match (
        card.levels.get(before_veto),
        checked.levels.get(before_veto),
    ) {
        (Some(target), Some(req)) => Some(gap_report(
            card,
            &checked,
            &scores,
            (before_veto + 1, target, req),
            occupancy,
        )?),
        _ => None,
    };

    warn_figures(&mut ctx, card, &checked);
    let explain = request.options.explain;
    let levels = if explain {
        level_checks(card, &checked, &scores, occupancy)
    } else {
        Vec::new()
    };
    let sections = section_scores(card, &checked, &scores, explain);
    let (level_label_zh, level_label_en) =
        match level.checked_sub(1).and_then(|i| card.levels.get(i)) {
            Some(l) => (l.label_zh.clone(), en(&l.label_en, &l.label_zh).to_string()),
            None => ("未达到任何等级".to_string(), "No level".to_string()),
        };
    let (warnings, used) = ctx.finish();
    #[derive(Serialize)]
    struct Hashed<'a> {
        request: &'a StarRatingRequest,
        card: &'a Card,
    }
    Ok(StarRatingResult {
        assessment_date: request.assessment_date,
        card: CardSummary {
            id: card.id.clone(),
            label_zh: card.label_zh.clone(),
            label_en: en(&card.label_en, &card.label_zh).to_string(),
            builtin,
            citation: checked.citation.clone(),
        },
        level: rank(level),
        level_label_zh,
        level_label_en,
        level_before_veto: rank(before_veto),
        vetoed_by,
        total: Number(scores.total),
        total_max: Number(checked.total_max),
        total_max_status: checked
            .sections
            .iter()
            .map(|s| s.status)
            .max()
            .unwrap_or(Status::Illustrative),
        sections,
        levels,
        prerequisites,
        safety,
        gap,
        warnings,
        receipt: receipt::receipt(&Hashed { request, card }, &used),
    })
}

/// A level index as the wire's `u8` (cards have at most [`card::MAX_LEVELS`] levels).
fn rank(level: usize) -> u8 {
    u8::try_from(level).unwrap_or(u8::MAX)
}

/// Awarded points per item from the request, checked against the card.
fn awarded_points(
    card: &Card,
    checked: &CheckedCard,
    request: &StarRatingRequest,
) -> Result<Vec<Vec<Decimal>>, Error> {
    let mut awarded: Vec<Vec<Decimal>> = card
        .sections
        .iter()
        .map(|s| vec![Decimal::ZERO; s.items.len()])
        .collect();
    for (id, points) in &request.scores {
        let path = format!("scores.{id}");
        let Some(&(s, i)) = checked.items.get(id) else {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                path,
                format!("the card `{}` has no item `{id}`", card.id),
            ));
        };
        let max = checked
            .sections
            .get(s)
            .and_then(|c| c.item_max.get(i))
            .copied()
            .unwrap_or_default();
        if points.0 > max {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                path,
                format!("item `{id}` is awarded {points} points but its maximum is {max}"),
            ));
        }
        if let Some(slot) = awarded.get_mut(s).and_then(|row| row.get_mut(i)) {
            *slot = points.0;
        }
    }
    Ok(awarded)
}

/// Every declared prerequisite is answered; computed ones are not; no unknown answers.
fn check_answers(card: &Card, request: &StarRatingRequest) -> Result<(), Error> {
    for p in &card.prerequisites {
        let answered = request.prerequisites.contains_key(&p.id);
        match p.kind {
            PrerequisiteKind::Declared if !answered => {
                return Err(Error::new(
                    ErrorCode::MissingField,
                    format!("prerequisites.{}", p.id),
                    format!(
                        "the prerequisite `{}` ({}) is not answered",
                        p.id, p.label_zh
                    ),
                ));
            }
            PrerequisiteKind::Gb38600 if answered => {
                return Err(Error::new(
                    ErrorCode::ConflictingFields,
                    format!("prerequisites.{}", p.id),
                    format!(
                        "the prerequisite `{}` is decided by the `safety` checklist (GB 38600-2019), not answered directly",
                        p.id
                    ),
                ));
            }
            _ => {}
        }
    }
    if let Some(id) = request
        .prerequisites
        .keys()
        .find(|id| !card.prerequisites.iter().any(|p| &p.id == *id))
    {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            format!("prerequisites.{id}"),
            format!("the card `{}` has no prerequisite `{id}`", card.id),
        ));
    }
    Ok(())
}

fn prerequisite_checks(
    card: &Card,
    checked: &CheckedCard,
    request: &StarRatingRequest,
    safety: Option<&SafetyResult>,
    ctx: &Context<'_>,
) -> Vec<PrerequisiteCheck> {
    card.prerequisites
        .iter()
        .zip(&checked.prerequisite_status)
        .map(|(p, status)| {
            let met = match p.kind {
                PrerequisiteKind::Declared => {
                    request.prerequisites.get(&p.id).copied().unwrap_or(false)
                }
                PrerequisiteKind::Gb38600 => safety.is_some_and(|s| s.compliant || !s.mandatory),
            };
            let citation = if !p.source.is_empty() {
                ctx.cite(&p.source, &p.article)
            } else if p.kind == PrerequisiteKind::Gb38600 {
                ctx.cite(safety::SOURCE, &p.article)
            } else {
                let mut c = checked.citation.clone();
                c.article = p.article.as_str().into();
                c
            };
            PrerequisiteCheck {
                id: p.id.clone(),
                label_zh: p.label_zh.clone(),
                label_en: en(&p.label_en, &p.label_zh).to_string(),
                kind: p.kind,
                met,
                status: *status,
                citation,
            }
        })
        .collect()
}

fn section_scores(
    card: &Card,
    checked: &CheckedCard,
    scores: &Scores,
    explain: bool,
) -> Vec<SectionScore> {
    card.sections
        .iter()
        .zip(&checked.sections)
        .enumerate()
        .map(|(i, (s, c))| {
            let raw = scores.raw.get(i).copied().unwrap_or_default();
            let score = scores.section.get(i).copied().unwrap_or_default();
            let items = if explain {
                let awarded = scores.awarded.get(i);
                s.items
                    .iter()
                    .zip(&c.item_status)
                    .enumerate()
                    .map(|(j, (item, status))| ItemScore {
                        id: item.id.clone(),
                        label_zh: item.label_zh.clone(),
                        label_en: en(&item.label_en, &item.label_zh).to_string(),
                        awarded: Number(
                            awarded.and_then(|a| a.get(j)).copied().unwrap_or_default(),
                        ),
                        max: Number(item.max.0),
                        status: *status,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            SectionScore {
                id: s.id.clone(),
                label_zh: s.label_zh.clone(),
                label_en: en(&s.label_en, &s.label_zh).to_string(),
                score: Number(score),
                raw: Number(raw),
                max: Number(c.max),
                status: c.status,
                capped: raw > c.max,
                items,
            }
        })
        .collect()
}

fn level_checks(
    card: &Card,
    checked: &CheckedCard,
    scores: &Scores,
    occupancy: Option<Decimal>,
) -> Vec<LevelCheck> {
    card.levels
        .iter()
        .zip(&checked.levels)
        .enumerate()
        .map(|(k, (level, req))| {
            let short = shortfalls(req, scores, occupancy);
            let mut zh = vec![format!(
                "总分{}（需≥{}）",
                n(scores.total),
                n(req.min_total)
            )];
            let mut en_parts = vec![format!(
                "total {} (needs ≥ {})",
                n(scores.total),
                n(req.min_total)
            )];
            let mut min_sections = Vec::new();
            for ((s, min), have) in card
                .sections
                .iter()
                .zip(&req.min_sections)
                .zip(&scores.section)
            {
                if *min > Decimal::ZERO {
                    zh.push(format!("{}{}（需≥{}）", s.label_zh, n(*have), n(*min)));
                    en_parts.push(format!(
                        "{} {} (needs ≥ {})",
                        en(&s.label_en, &s.label_zh),
                        n(*have),
                        n(*min)
                    ));
                    min_sections.push(SectionMinimum {
                        section_id: s.id.clone(),
                        min: Number(*min),
                    });
                }
            }
            if let (Some(min), Some(o)) = (req.min_occupancy, occupancy) {
                zh.push(format!("入住率{}（需≥{}）", n(o), n(min)));
                en_parts.push(format!("occupancy {} (needs ≥ {})", n(o), n(min)));
            }
            let mut citation = checked.citation.clone();
            citation.article = level.article.as_str().into();
            LevelCheck {
                rank: rank(k + 1),
                label_zh: level.label_zh.clone(),
                label_en: en(&level.label_en, &level.label_zh).to_string(),
                min_total: Number(req.min_total),
                min_sections,
                min_occupancy: req.min_occupancy.map(Number),
                status: req.status,
                occupancy_status: req.min_occupancy.map(|_| req.occupancy_status),
                met: short.is_empty(),
                shortfalls: short
                    .iter()
                    .map(|s| match s {
                        Shortfall::Total => "total".to_string(),
                        Shortfall::Section(i) => format!(
                            "section:{}",
                            card.sections.get(*i).map_or("", |s| s.id.as_str())
                        ),
                        Shortfall::Occupancy => "occupancy".to_string(),
                    })
                    .collect(),
                formula_zh: zh.join("；"),
                formula_en: en_parts.join("; "),
                citation,
            }
        })
        .collect()
}

/// A decimal for people: normalized (`570`, `0.4`).
fn n(d: Decimal) -> Number {
    Number(d)
}

fn gap_report(
    card: &Card,
    checked: &CheckedCard,
    scores: &Scores,
    (target_rank, target, req): (usize, &card::Level, &CheckedLevel),
    occupancy: Option<Decimal>,
) -> Result<GapReport, Error> {
    let plan = gap::plan(checked, scores, req).ok_or_else(|| {
        Error::new(
            ErrorCode::Internal,
            "",
            "the next level cannot be reached on this card (a validated card never does this)",
        )
    })?;
    let mut section_after = scores.section.clone();
    let mut items = Vec::with_capacity(plan.raises.len());
    for &(s, i, add) in &plan.raises {
        let (Some(section), Some(item)) = (
            card.sections.get(s),
            card.sections.get(s).and_then(|x| x.items.get(i)),
        ) else {
            continue;
        };
        let awarded = scores
            .awarded
            .get(s)
            .and_then(|a| a.get(i))
            .copied()
            .unwrap_or_default();
        if let Some(after) = section_after.get_mut(s) {
            *after += add;
        }
        items.push(GapItem {
            section_id: section.id.clone(),
            item_id: item.id.clone(),
            label_zh: item.label_zh.clone(),
            label_en: en(&item.label_en, &item.label_zh).to_string(),
            awarded: Number(awarded),
            max: Number(item.max.0),
            add: Number(add),
            after: Number(awarded + add),
        });
    }
    let sections = card
        .sections
        .iter()
        .enumerate()
        .map(|(s, section)| GapSection {
            section_id: section.id.clone(),
            score: Number(scores.section.get(s).copied().unwrap_or_default()),
            required: Number(req.min_sections.get(s).copied().unwrap_or_default()),
            after: Number(section_after.get(s).copied().unwrap_or_default()),
        })
        .collect();
    let target_en = en(&target.label_en, &target.label_zh);
    let occupancy_gap = req.min_occupancy.map(|min| {
        let current = occupancy.unwrap_or_default();
        GapOccupancy {
            current: Number(current),
            required: Number(min),
            met: current >= min,
        }
    });
    let (mut summary_zh, mut summary_en) = if items.is_empty() {
        (
            format!("分数已达到{}的要求", target.label_zh),
            format!("The scores already meet {target_en}"),
        )
    } else {
        let zh: Vec<String> = items
            .iter()
            .map(|i| format!("{}+{}", i.label_zh, i.add))
            .collect();
        let en_list: Vec<String> = items
            .iter()
            .map(|i| format!("{} +{}", i.item_id, i.add))
            .collect();
        (
            format!(
                "距{}还差{}分，最少需提高{}项：{}",
                target.label_zh,
                n(plan.points),
                items.len(),
                zh.join("、")
            ),
            format!(
                "{target_en} needs {} more points, on {} item{} at the fewest: {}",
                n(plan.points),
                items.len(),
                if items.len() == 1 { "" } else { "s" },
                en_list.join(", ")
            ),
        )
    };
    if let Some(o) = occupancy_gap.as_ref().filter(|o| !o.met) {
        summary_zh.push_str(&format!(
            "；另需入住率达到{}（现为{}）",
            o.required, o.current
        ));
        summary_en.push_str(&format!(
            "; occupancy must also reach {} (now {})",
            o.required, o.current
        ));
    }
    Ok(GapReport {
        target_level: rank(target_rank),
        target_label_zh: target.label_zh.clone(),
        target_label_en: en(&target.label_en, &target.label_zh).to_string(),
        points: Number(plan.points),
        item_count: u32::try_from(items.len()).unwrap_or(u32::MAX),
        items,
        total: GapLine {
            score: Number(scores.total),
            required: Number(req.min_total),
            after: Number(scores.total + plan.points),
        },
        sections,
        occupancy: occupancy_gap,
        summary_zh,
        summary_en,
    })
}

/// One `illustrative_parameter` warning per group of illustrative card figures, naming them,
/// and one `rule_not_encoded` warning per caveat of the card.
fn warn_figures(ctx: &mut Context<'_>, card: &Card, checked: &CheckedCard) {
    for (i, c) in card.caveats.iter().enumerate() {
        ctx.warn(
            WarningCode::RuleNotEncoded,
            Some(&format!("{}:caveats[{i}]", card.id)),
            &c.zh,
            &c.en,
        );
    }
    let illustrative = |zh: String, en: String| {
        (
            format!("本结果使用了示例数值：{zh}（官方数值尚未核实，仅供演示）"),
            format!(
                "This result used illustrative figures: {en} (the official figures have not been verified)"
            ),
        )
    };
    for (s, c) in card.sections.iter().zip(&checked.sections) {
        let sen = en(&s.label_en, &s.label_zh);
        if s.max.is_some() && c.status == Status::Illustrative {
            let (zh, en_text) = illustrative(
                format!("评分表{}“{}”满分{}", card.id, s.label_zh, n(c.max)),
                format!("card {} section \"{sen}\" maximum {}", card.id, n(c.max)),
            );
            ctx.warn(
                WarningCode::IllustrativeParameter,
                Some(&format!("{}:sections.{}.max", card.id, s.id)),
                &zh,
                &en_text,
            );
        }
        let listed: Vec<(String, String)> = s
            .items
            .iter()
            .zip(&c.item_status)
            .filter(|(_, st)| **st == Status::Illustrative)
            .map(|(i, _)| {
                (
                    format!("{}{}", i.label_zh, i.max),
                    format!("{} {}", i.id, i.max),
                )
            })
            .collect();
        if !listed.is_empty() {
            let zh_list: Vec<&str> = listed.iter().map(|(z, _)| z.as_str()).collect();
            let en_list: Vec<&str> = listed.iter().map(|(_, e)| e.as_str()).collect();
            let (zh, en_text) = illustrative(
                format!(
                    "评分表{}“{}”各项满分（{}）",
                    card.id,
                    s.label_zh,
                    zh_list.join("、")
                ),
                format!(
                    "card {} section \"{sen}\" item maxima ({})",
                    card.id,
                    en_list.join(", ")
                ),
            );
            ctx.warn(
                WarningCode::IllustrativeParameter,
                Some(&format!("{}:sections.{}.items", card.id, s.id)),
                &zh,
                &en_text,
            );
        }
    }
    for (k, (level, req)) in card.levels.iter().zip(&checked.levels).enumerate() {
        let len = en(&level.label_en, &level.label_zh);
        if req.status == Status::Illustrative {
            let mut zh = vec![format!("总分≥{}", n(req.min_total))];
            let mut en_parts = vec![format!("total ≥ {}", n(req.min_total))];
            for (s, min) in card.sections.iter().zip(&req.min_sections) {
                if *min > Decimal::ZERO {
                    zh.push(format!("{}≥{}", s.label_zh, n(*min)));
                    en_parts.push(format!("{} ≥ {}", s.id, n(*min)));
                }
            }
            let (zh, en_text) = illustrative(
                format!(
                    "评分表{}“{}”评定线（{}）",
                    card.id,
                    level.label_zh,
                    zh.join("，")
                ),
                format!(
                    "card {} level \"{len}\" thresholds ({})",
                    card.id,
                    en_parts.join(", ")
                ),
            );
            ctx.warn(
                WarningCode::IllustrativeParameter,
                Some(&format!("{}:levels[{k}]", card.id)),
                &zh,
                &en_text,
            );
        }
        if let (Some(min), Some(_), Status::Illustrative) =
            (req.min_occupancy, level.min_occupancy, req.occupancy_status)
        {
            let (zh, en_text) = illustrative(
                format!("评分表{}“{}”最低入住率{}", card.id, level.label_zh, n(min)),
                format!(
                    "card {} level \"{len}\" minimum occupancy {}",
                    card.id,
                    n(min)
                ),
            );
            ctx.warn(
                WarningCode::IllustrativeParameter,
                Some(&format!("{}:levels[{k}].min_occupancy", card.id)),
                &zh,
                &en_text,
            );
        }
    }
}
