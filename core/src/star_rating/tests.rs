//! Unit tests of the scorecard engine: monotonicity, and the gap report against brute force.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use rust_decimal::Decimal;
use serde_json::json;

use super::card::{self, Card, CheckedCard};
use super::gap;
use super::score::{Scores, level_reached, shortfalls};
use crate::params::ParameterStore;

fn checked(card: &serde_json::Value) -> (Card, CheckedCard) {
    let card: Card = serde_json::from_value(card.clone()).unwrap();
    let store = ParameterStore::embedded().unwrap();
    let checked = card::check(&card, "card", store).unwrap();
    (card, checked)
}

/// The `mini` card of the golden vectors: A (cap 10) = 6 + 4; B (cap 10) = 5 + 4 + 3.
fn mini() -> serde_json::Value {
    json!({
        "id": "mini", "label_zh": "小", "status": "verified", "source": {"document": "d"},
        "sections": [
            {"id": "A", "label_zh": "甲", "max": "10", "items": [
                {"id": "a1", "label_zh": "甲一", "max": "6"}, {"id": "a2", "label_zh": "甲二", "max": "4"}]},
            {"id": "B", "label_zh": "乙", "max": "10", "items": [
                {"id": "b1", "label_zh": "乙一", "max": "5"}, {"id": "b2", "label_zh": "乙二", "max": "4"},
                {"id": "b3", "label_zh": "乙三", "max": "3"}]}],
        "levels": [
            {"label_zh": "一", "min_total": "8"},
            {"label_zh": "二", "min_total": "14", "min_sections": {"A": "5"}},
            {"label_zh": "三", "min_total": "18", "min_sections": {"A": "8", "B": "8"}}]
    })
}

/// Every vector of whole points with 0 ≤ v[i] ≤ max[i].
fn all_vectors(max: &[u32]) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new()];
    for &m in max {
        out = out
            .into_iter()
            .flat_map(|v| {
                (0..=m).map(move |x| {
                    let mut w = v.clone();
                    w.push(x);
                    w
                })
            })
            .collect();
    }
    out
}

fn shape(c: &CheckedCard) -> Vec<usize> {
    c.sections.iter().map(|s| s.item_max.len()).collect()
}

fn maxima(c: &CheckedCard) -> Vec<u32> {
    c.sections
        .iter()
        .flat_map(|s| s.item_max.iter().map(|m| u32::try_from(*m).unwrap()))
        .collect()
}

fn split(flat: &[u32], shape: &[usize]) -> Vec<Vec<Decimal>> {
    let mut it = flat.iter();
    shape
        .iter()
        .map(|&n| it.by_ref().take(n).map(|&x| Decimal::from(x)).collect())
        .collect()
}

#[test]
fn adding_points_never_lowers_the_level() {
    let (_, c) = checked(&mini());
    let (shape, max) = (shape(&c), maxima(&c));
    let mut compared = 0;
    for v in all_vectors(&max) {
        let level = level_reached(&c, &Scores::new(&c, split(&v, &shape)), None);
        for i in 0..v.len() {
            // Half a point and a whole point more on item i, within its maximum.
            for step in ["0.5", "1"] {
                let step: Decimal = step.parse().unwrap();
                let mut awarded = split(&v, &shape);
                let (mut s, mut j) = (0, i);
                while j >= shape[s] {
                    j -= shape[s];
                    s += 1;
                }
                if awarded[s][j] + step > c.sections[s].item_max[j] {
                    continue;
                }
                awarded[s][j] += step;
                let more = level_reached(&c, &Scores::new(&c, awarded), None);
                assert!(
                    more >= level,
                    "{v:?} + {step} on item {i}: {level} → {more}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 10_000, "only {compared} comparisons");
}

/// Fewest points, then fewest items, by trying every whole-point raise (in whole numbers, which
/// is exact for a card of whole numbers: the constraints are nested sums).
fn brute_force(c: &CheckedCard, awarded: &[u32], target: usize) -> (u32, usize) {
    let (shape, max) = (shape(c), maxima(c));
    let whole = |d: Decimal| u32::try_from(d).unwrap();
    let caps: Vec<u32> = c.sections.iter().map(|s| whole(s.max)).collect();
    let level = &c.levels[target];
    let (min_total, mins) = (
        whole(level.min_total),
        level
            .min_sections
            .iter()
            .map(|m| whole(*m))
            .collect::<Vec<_>>(),
    );
    let room: Vec<u32> = max.iter().zip(awarded).map(|(m, a)| m - a).collect();
    let mut best: Option<(u32, usize)> = None;
    for d in all_vectors(&room) {
        let mut at = 0;
        let mut total = 0;
        let mut ok = true;
        for (s, &n) in shape.iter().enumerate() {
            let raw: u32 = (at..at + n).map(|i| awarded[i] + d[i]).sum();
            let score = raw.min(caps[s]);
            ok &= score >= mins[s];
            total += score;
            at += n;
        }
        if ok && total >= min_total {
            let key = (d.iter().sum(), d.iter().filter(|x| **x > 0).count());
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
    }
    best.unwrap()
}

fn check_against_brute_force(card: &serde_json::Value) -> usize {
    let (_, c) = checked(card);
    let (shape, max) = (shape(&c), maxima(&c));
    let mut checked_cases = 0;
    for v in all_vectors(&max) {
        let scores = Scores::new(&c, split(&v, &shape));
        let reached = level_reached(&c, &scores, None);
        for target in reached..c.levels.len() {
            let plan = gap::plan(&c, &scores, &c.levels[target]).unwrap();
            let (points, items) = brute_force(&c, &v, target);
            assert_eq!(plan.points, Decimal::from(points), "{v:?} → level {target}");
            assert_eq!(plan.raises.len(), items, "{v:?} → level {target}: {plan:?}");
            // The raises are within the items' room and reach the target.
            let mut awarded = split(&v, &shape);
            for &(s, i, add) in &plan.raises {
                assert!(add > Decimal::ZERO);
                awarded[s][i] += add;
                assert!(awarded[s][i] <= c.sections[s].item_max[i]);
            }
            let after = Scores::new(&c, awarded);
            assert!(shortfalls(&c.levels[target], &after, None).is_empty());
            assert_eq!(
                plan.raises.iter().map(|r| r.2).sum::<Decimal>(),
                plan.points
            );
            checked_cases += 1;
        }
    }
    checked_cases
}

#[test]
fn the_gap_is_minimal_on_the_mini_card() {
    assert!(check_against_brute_force(&mini()) > 1000);
}

#[test]
fn the_gap_is_minimal_with_tight_caps_and_three_sections() {
    // Section caps below the items' sums, section minimums that force points where the total
    // alone would not put them.
    let card = json!({
        "id": "tight", "label_zh": "紧", "status": "verified", "source": {"document": "d"},
        "sections": [
            {"id": "A", "label_zh": "甲", "max": "5", "items": [
                {"id": "a1", "label_zh": "1", "max": "3"}, {"id": "a2", "label_zh": "2", "max": "3"}]},
            {"id": "B", "label_zh": "乙", "items": [
                {"id": "b1", "label_zh": "1", "max": "1"}, {"id": "b2", "label_zh": "2", "max": "2"},
                {"id": "b3", "label_zh": "3", "max": "2"}]},
            {"id": "C", "label_zh": "丙", "max": "4", "items": [
                {"id": "c1", "label_zh": "1", "max": "4"}, {"id": "c2", "label_zh": "2", "max": "2"}]}],
        "levels": [
            {"label_zh": "一", "min_total": "5", "min_sections": {"C": "1"}},
            {"label_zh": "二", "min_total": "9", "min_sections": {"A": "3", "C": "2"}},
            {"label_zh": "三", "min_total": "12", "min_sections": {"A": "4", "B": "3", "C": "3"}},
            {"label_zh": "四", "min_total": "14"}]
    });
    assert!(check_against_brute_force(&card) > 1000);
}

#[test]
fn the_gap_on_a_card_at_the_limits_is_exact() {
    // 20 sections × 25 items = 500 items (the limit), maxima 1..=7, half of the points awarded.
    let sections: Vec<serde_json::Value> = (0..20)
        .map(|s| {
            let items: Vec<serde_json::Value> = (0..25)
                .map(|i| json!({"id": format!("s{s}i{i}"), "label_zh": "项", "max": ((s * 7 + i * 3) % 7 + 1).to_string()}))
                .collect();
            json!({"id": format!("s{s}"), "label_zh": "部分", "items": items})
        })
        .collect();
    let card = json!({
        "id": "big", "label_zh": "大", "status": "verified", "source": {"document": "d"},
        "sections": sections,
        "levels": [{"label_zh": "一", "min_total": "1500", "min_sections": {"s0": "90", "s19": "95"}}]
    });
    let (_, c) = checked(&card);
    let awarded: Vec<Vec<Decimal>> = c
        .sections
        .iter()
        .map(|s| {
            s.item_max
                .iter()
                .map(|m| (m / Decimal::TWO).floor())
                .collect()
        })
        .collect();
    let scores = Scores::new(&c, awarded.clone());
    let target = &c.levels[0];
    let plan = gap::plan(&c, &scores, target).unwrap();
    // Closed form of the fewest points.
    let need: Decimal = target
        .min_sections
        .iter()
        .zip(&scores.section)
        .map(|(m, s)| (*m - *s).max(Decimal::ZERO))
        .sum();
    let expected = need + (target.min_total - scores.total - need).max(Decimal::ZERO);
    assert_eq!(plan.points, expected);
    let mut after = awarded;
    for &(s, i, add) in &plan.raises {
        after[s][i] += add;
    }
    assert!(shortfalls(target, &Scores::new(&c, after), None).is_empty());
}

#[test]
fn the_built_in_card_is_valid_and_sums_to_1000() {
    let card = super::builtin_card().unwrap();
    let c = card::check(card, "card", ParameterStore::embedded().unwrap()).unwrap();
    assert_eq!(c.total_max, Decimal::from(1000));
    let maxima: Vec<Decimal> = c.sections.iter().map(|s| s.max).collect();
    assert_eq!(maxima, [120, 130, 150, 600].map(Decimal::from));
    assert_eq!(c.levels.len(), 5);
}
