//! GB/T 42195-2022《老年人能力评估规范》.
//!
//! - 附录B: 26 items in four groups (一级指标), a higher score meaning more able:
//!   自理能力 8 items 0–4 (max 32); 基础运动能力 3 items 0–4 and 上下楼梯 0–3 (max 15);
//!   精神状态 6 items 0–4, 攻击行为 0–1, 抑郁症状 0–1, 意识水平 0–2 (max 28);
//!   感知觉与社会参与 视力 0–2, 听力 0–2, 执行日常事务 0–4, 使用交通工具外出 0–3,
//!   社会交往能力 0–4 (max 15). Total 0–90.
//! - 能力等级 (附录C C.3, 初步等级) by the total: 0 能力完好 90; 1 轻度失能 66–89;
//!   2 中度失能 46–65; 3 重度失能 30–45; 4 完全失能 0–29.
//! - 能力等级变更依据 (附录C C.4) and 最终等级 (C.5): see `super::adjust`; coma gives
//!   完全失能.

use super::wire::{AssessmentResult, Gbt42195Items, Gbt42195Request, GroupScore, Standard};
use super::{Allowed, Circumstances, ItemDef, adjust, check_group, level_info, step};
use crate::care_level::AbilityLevel;
use crate::error::{Error, ErrorCode};
use crate::money::Number;
use crate::params::ParameterStore;
use crate::wire::Input;

const fn item(id: &'static str, zh: &'static str, en: &'static str, max: u32) -> ItemDef {
    ItemDef {
        id,
        zh,
        en,
        allowed: Allowed::UpTo(max),
    }
}

/// B.1 自理能力.
const SELF_CARE: [ItemDef; 8] = [
    item("eating", "进食", "eating", 4),
    item("grooming", "修饰", "grooming", 4),
    item("bathing", "洗澡", "bathing", 4),
    item("dressing_upper", "穿/脱上衣", "dressing (upper body)", 4),
    item(
        "dressing_lower",
        "穿/脱裤子和鞋袜",
        "dressing (trousers, shoes, socks)",
        4,
    ),
    item("urination_control", "小便控制", "bladder control", 4),
    item("bowel_control", "大便控制", "bowel control", 4),
    item("toileting", "如厕", "toileting", 4),
];

/// B.2 基础运动能力.
const MOBILITY: [ItemDef; 4] = [
    item("bed_position_change", "床上体位转移", "turning in bed", 4),
    item("bed_chair_transfer", "床椅转移", "bed–chair transfer", 4),
    item("walking", "平地行走", "walking on level ground", 4),
    item("stairs", "上下楼梯", "stairs", 3),
];

/// B.3 精神状态.
const MENTAL: [ItemDef; 9] = [
    item("time_orientation", "时间定向", "orientation in time", 4),
    item("place_orientation", "空间定向", "orientation in place", 4),
    item(
        "person_orientation",
        "人物定向",
        "orientation to persons",
        4,
    ),
    item("memory", "记忆", "memory", 4),
    item("comprehension", "理解能力", "comprehension", 4),
    item("expression", "表达能力", "expression", 4),
    item("aggression", "攻击行为", "aggressive behaviour", 1),
    item("depression", "抑郁症状", "depressive symptoms", 1),
    item("consciousness", "意识水平", "level of consciousness", 2),
];

/// B.4 感知觉与社会参与.
const PERCEPTION: [ItemDef; 5] = [
    item("vision", "视力", "vision", 2),
    item("hearing", "听力", "hearing", 2),
    item("daily_affairs", "执行日常事务", "daily affairs", 4),
    item("transport", "使用交通工具外出", "going out by transport", 3),
    item(
        "social_interaction",
        "社会交往能力",
        "social interaction",
        4,
    ),
];

/// Every item in form order, for documentation and tests.
pub fn item_ids() -> Vec<&'static str> {
    [&SELF_CARE[..], &MOBILITY[..], &MENTAL[..], &PERCEPTION[..]]
        .concat()
        .iter()
        .map(|d| d.id)
        .collect()
}

/// The preliminary level (初步等级) for a total score 0–90 (附录C C.3).
pub fn preliminary_level(total: u32) -> AbilityLevel {
    match total {
        90.. => AbilityLevel::Intact,
        66..=89 => AbilityLevel::Mild,
        46..=65 => AbilityLevel::Moderate,
        30..=45 => AbilityLevel::Severe,
        _ => AbilityLevel::Complete,
    }
}

fn scores(i: &Gbt42195Items) -> [Vec<i64>; 4] {
    [
        vec![
            i.eating,
            i.grooming,
            i.bathing,
            i.dressing_upper,
            i.dressing_lower,
            i.urination_control,
            i.bowel_control,
            i.toileting,
        ],
        vec![
            i.bed_position_change,
            i.bed_chair_transfer,
            i.walking,
            i.stairs,
        ],
        vec![
            i.time_orientation,
            i.place_orientation,
            i.person_orientation,
            i.memory,
            i.comprehension,
            i.expression,
            i.aggression,
            i.depression,
            i.consciousness,
        ],
        vec![
            i.vision,
            i.hearing,
            i.daily_affairs,
            i.transport,
            i.social_interaction,
        ],
    ]
}

const GROUPS: [(&str, &str, &str, &str, &[ItemDef]); 4] = [
    (
        "self_care",
        "自理能力",
        "Self-care",
        "附录B B.1",
        &SELF_CARE,
    ),
    (
        "basic_mobility",
        "基础运动能力",
        "Basic mobility",
        "附录B B.2",
        &MOBILITY,
    ),
    (
        "mental_state",
        "精神状态",
        "Mental state",
        "附录B B.3",
        &MENTAL,
    ),
    (
        "perception_and_social",
        "感知觉与社会参与",
        "Perception and social participation",
        "附录B B.4",
        &PERCEPTION,
    ),
];

/// Assesses a GB/T 42195-2022 form.
pub fn assess(
    store: &ParameterStore,
    request: &Gbt42195Request,
) -> Result<AssessmentResult, Error> {
    const SRC: &str = "GB/T 42195-2022";
    let explain = request.options.explain;
    let mut groups = Vec::with_capacity(4);
    let mut steps = Vec::new();
    let mut total = 0;
    for ((id, zh, en, article, defs), given) in GROUPS.into_iter().zip(scores(&request.items)) {
        let (items, sum) = check_group(defs, &given)?;
        let max: u32 = defs.iter().map(|d| d.allowed.max()).sum();
        total += sum;
        if explain {
            let terms = |f: fn(&super::ItemScore) -> String| {
                items.iter().map(f).collect::<Vec<_>>().join(" + ")
            };
            steps.push(step(
                &format!("assessment.{id}"),
                (zh, en),
                sum,
                (
                    format!(
                        "{} = {sum}（满分{max}）",
                        terms(|i| format!("{}{}", i.label_zh, i.score))
                    ),
                    format!(
                        "{} = {sum} (of {max})",
                        terms(|i| format!("{} {}", i.id, i.score))
                    ),
                ),
                items
                    .iter()
                    .map(|i| Input {
                        name: format!("items.{}", i.id),
                        value: Number(i.score.into()),
                    })
                    .collect(),
                Some(store.cite(SRC, article)),
            ));
        }
        groups.push(GroupScore {
            id: id.to_string(),
            label_zh: zh.to_string(),
            label_en: en.to_string(),
            score: Some(sum),
            max_score: Some(max),
            level: None,
            level_label_zh: None,
            items,
        });
    }

    let consciousness = request.items.consciousness;
    if request.coma && consciousness != 0 {
        return Err(Error::new(
            ErrorCode::ConflictingFields,
            "coma",
            format!(
                "昏迷者的意识水平（items.consciousness）应评为0分，而表中为{consciousness}分 / a person in a coma scores 0 for consciousness (昏睡或昏迷), but the form gives {consciousness}"
            ),
        ));
    }

    let preliminary = preliminary_level(total);
    if explain {
        let subtotals: Vec<String> = groups
            .iter()
            .map(|g| g.score.unwrap_or(0).to_string())
            .collect();
        steps.push(step(
            "assessment.total",
            ("总分", "Total score"),
            total,
            (
                format!("{} = {total}（满分90）", subtotals.join(" + ")),
                format!("{} = {total} (of 90)", subtotals.join(" + ")),
            ),
            Vec::new(),
            Some(store.cite(SRC, "附录C C.3")),
        ));
        steps.push(step(
            "assessment.preliminary_level",
            ("能力初步等级", "Preliminary level"),
            preliminary.number().into(),
            (
                format!(
                    "总分{total}：90分能力完好；66–89分轻度失能；46–65分中度失能；30–45分重度失能；0–29分完全失能 → {}",
                    preliminary.name_zh()
                ),
                format!(
                    "total {total}: 90 intact; 66–89 mild; 46–65 moderate; 30–45 severe; 0–29 complete → {}",
                    preliminary.name_en()
                ),
            ),
            vec![Input {
                name: "total_score".into(),
                value: Number(total.into()),
            }],
            Some(store.cite(SRC, "附录C C.3")),
        ));
    }

    let circumstances = Circumstances {
        coma: request.coma,
        coma_basis_zh: "意识水平为昏迷",
        coma_basis_en: "consciousness: coma",
        dementia: request.dementia_or_psychiatric_diagnosis,
        risk_events: request.risk_events_30_days,
    };
    let (level, adjustments) = adjust(
        store,
        Standard::Gbt42195,
        preliminary,
        AbilityLevel::Complete,
        &circumstances,
        "附录C C.4",
    );
    if explain {
        steps.extend(super::final_steps(
            store,
            Standard::Gbt42195,
            preliminary,
            level,
            "附录C C.5",
        ));
    }
    Ok(AssessmentResult {
        standard: Standard::Gbt42195,
        standard_label_zh: "GB/T 42195-2022《老年人能力评估规范》".into(),
        standard_label_en:
            "GB/T 42195-2022 Specification for the ability assessment of older adults".into(),
        groups,
        total_score: Some(total),
        preliminary_level: level_info(preliminary),
        adjustments,
        final_level: level_info(level),
        self_care_level: level.self_care(),
        care_tier: level.care_tier(),
        steps,
        warnings: Vec::new(),
        receipt: crate::receipt::receipt(request, &[]),
    })
}
