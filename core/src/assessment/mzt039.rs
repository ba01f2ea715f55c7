//! MZ/T 039-2013《老年人能力评估》.
//!
//! Four domains (一级指标), each graded 0 能力完好, 1 轻度受损, 2 中度受损, 3 重度受损 (5.1):
//!
//! - 日常生活活动: the Barthel index of 10 items, 0–100 (higher is more able): 100 → 0;
//!   65–95 → 1; 45–60 → 2; ≤ 40 → 3.
//! - 精神状态: 认知功能, 攻击行为, 抑郁症状, each 0–2, total 0–6: 0 → 0; 1 → 1; 2–3 → 2;
//!   4–6 → 3.
//! - 感知觉与沟通, by combination: 0 when conscious, vision and hearing 0–1 and communication 0;
//!   1 when conscious and vision or hearing 2 or communication 1; 2 when conscious and vision or
//!   hearing 3 or communication 2, or drowsy (嗜睡) with vision and hearing ≤ 3 and communication
//!   ≤ 2; 3 when conscious or drowsy with vision or hearing 4 or communication 3, or 昏睡 / 昏迷.
//! - 社会参与: five items 0–4, total 0–20: 0–2 → 0; 3–7 → 1; 8–13 → 2; 14–20 → 3.
//!
//! Overall level (5.2, 老年人能力等级划分), with ADL the 日常生活活动 level and the others the
//! other three domain levels:
//!
//! - 0 能力完好: ADL, 精神状态 and 感知觉与沟通 0, 社会参与 0 or 1;
//! - 1 轻度失能: ADL 0 and 精神状态 or 感知觉与沟通 ≥ 1 or 社会参与 2; or ADL 1 and at least
//!   one of the others 0 or 1;
//! - 2 中度失能: ADL 1 and the others all 2 or one at 3; or ADL 2 and one or two of the others
//!   at 1 or 2;
//! - 3 重度失能: ADL 3; or all four at 2; or ADL 2 and at least one of the others at 3.
//!
//! The clauses overlap and leave gaps; they are read the way the standard's 判定卡 (附录D) is
//! used: the ADL level locates the row first. ADL 0: 能力完好 only as stated, otherwise 轻度
//! (so 社会参与 3 counts like 2). ADL 1: 轻度 when any other is 0 or 1 (checked first),
//! otherwise 中度. ADL 2: 重度 when all others are 2 or more or any is 3, otherwise 中度. ADL 3:
//! 重度.

use super::wire::{AssessmentResult, GroupScore, Mzt039Items, Mzt039Request, Standard};
use super::{Allowed, Circumstances, ItemDef, adjust, check_group, level_info, step};
use crate::care_level::AbilityLevel;
use crate::error::{Error, ErrorCode};
use crate::money::Number;
use crate::params::ParameterStore;
use crate::wire::Input;

const SRC: &str = "MZ/T 039-2013";

const fn item(id: &'static str, zh: &'static str, en: &'static str, a: Allowed) -> ItemDef {
    ItemDef {
        id,
        zh,
        en,
        allowed: a,
    }
}

const B10: Allowed = Allowed::OneOf(&[0, 5, 10]);
const B5: Allowed = Allowed::OneOf(&[0, 5]);
const B15: Allowed = Allowed::OneOf(&[0, 5, 10, 15]);

/// B.1 日常生活活动 (Barthel).
const ADL: [ItemDef; 10] = [
    item("eating", "进食", "eating", B10),
    item("bathing", "洗澡", "bathing", B5),
    item("grooming", "修饰", "grooming", B5),
    item("dressing", "穿衣", "dressing", B10),
    item("bowel_control", "大便控制", "bowel control", B10),
    item("urination_control", "小便控制", "bladder control", B10),
    item("toileting", "如厕", "toileting", B10),
    item("bed_chair_transfer", "床椅转移", "bed–chair transfer", B15),
    item("walking", "平地行走", "walking on level ground", B15),
    item("stairs", "上下楼梯", "stairs", B10),
];

/// B.2 精神状态.
const MENTAL: [ItemDef; 3] = [
    item("cognition", "认知功能", "cognition", Allowed::UpTo(2)),
    item(
        "aggression",
        "攻击行为",
        "aggressive behaviour",
        Allowed::UpTo(2),
    ),
    item(
        "depression",
        "抑郁症状",
        "depressive symptoms",
        Allowed::UpTo(2),
    ),
];

/// B.3 感知觉与沟通.
const PERCEPTION: [ItemDef; 4] = [
    item(
        "consciousness",
        "意识水平",
        "level of consciousness",
        Allowed::UpTo(3),
    ),
    item("vision", "视力", "vision", Allowed::UpTo(4)),
    item("hearing", "听力", "hearing", Allowed::UpTo(4)),
    item(
        "communication",
        "沟通交流",
        "communication",
        Allowed::UpTo(3),
    ),
];

/// B.4 社会参与.
const SOCIAL: [ItemDef; 5] = [
    item("daily_living", "生活能力", "daily living", Allowed::UpTo(4)),
    item("work", "工作能力", "working ability", Allowed::UpTo(4)),
    item(
        "time_space_orientation",
        "时间/空间定向",
        "orientation in time and space",
        Allowed::UpTo(4),
    ),
    item(
        "person_orientation",
        "人物定向",
        "orientation to persons",
        Allowed::UpTo(4),
    ),
    item(
        "social_interaction",
        "社会交往能力",
        "social interaction",
        Allowed::UpTo(4),
    ),
];

/// Every item in form order, for documentation and tests.
pub fn item_ids() -> Vec<&'static str> {
    [&ADL[..], &MENTAL[..], &PERCEPTION[..], &SOCIAL[..]]
        .concat()
        .iter()
        .map(|d| d.id)
        .collect()
}

/// 日常生活活动 level from the Barthel total (表2).
pub fn adl_level(total: u32) -> u8 {
    match total {
        100.. => 0,
        65..=99 => 1,
        45..=64 => 2,
        _ => 3,
    }
}

/// 精神状态 level from its total 0–6 (表3).
pub fn mental_level(total: u32) -> u8 {
    match total {
        0 => 0,
        1 => 1,
        2 | 3 => 2,
        _ => 3,
    }
}

/// 感知觉与沟通 level by the combination rule (表4): consciousness 0 清醒 … 3 昏迷.
pub fn perception_level(consciousness: u32, vision: u32, hearing: u32, communication: u32) -> u8 {
    let sight_or_hearing = vision.max(hearing);
    if consciousness >= 2 || sight_or_hearing >= 4 || communication >= 3 {
        3
    } else if consciousness == 1 || sight_or_hearing == 3 || communication == 2 {
        2
    } else if sight_or_hearing == 2 || communication == 1 {
        1
    } else {
        0
    }
}

/// 社会参与 level from its total 0–20 (表5).
pub fn social_level(total: u32) -> u8 {
    match total {
        0..=2 => 0,
        3..=7 => 1,
        8..=13 => 2,
        _ => 3,
    }
}

/// The overall preliminary level (表6) from the four domain levels, read as the 判定卡 is (see
/// the module documentation).
pub fn overall_level(adl: u8, mental: u8, perception: u8, social: u8) -> AbilityLevel {
    let others = [mental, perception, social];
    match adl {
        0 if mental == 0 && perception == 0 && social <= 1 => AbilityLevel::Intact,
        0 => AbilityLevel::Mild,
        1 if others.iter().any(|l| *l <= 1) => AbilityLevel::Mild,
        1 => AbilityLevel::Moderate,
        2 if others.iter().all(|l| *l >= 2) || others.contains(&3) => AbilityLevel::Severe,
        2 => AbilityLevel::Moderate,
        _ => AbilityLevel::Severe,
    }
}

const DOMAIN_NAMES: [&str; 4] = ["能力完好", "轻度受损", "中度受损", "重度受损"];

fn domain_name(level: u8) -> String {
    DOMAIN_NAMES
        .get(usize::from(level))
        .copied()
        .unwrap_or("重度受损")
        .to_string()
}

fn scores(i: &Mzt039Items) -> [Vec<i64>; 4] {
    [
        vec![
            i.eating,
            i.bathing,
            i.grooming,
            i.dressing,
            i.bowel_control,
            i.urination_control,
            i.toileting,
            i.bed_chair_transfer,
            i.walking,
            i.stairs,
        ],
        vec![i.cognition, i.aggression, i.depression],
        vec![i.consciousness, i.vision, i.hearing, i.communication],
        vec![
            i.daily_living,
            i.work,
            i.time_space_orientation,
            i.person_orientation,
            i.social_interaction,
        ],
    ]
}

type Domain = (&'static str, &'static str, &'static str, &'static [ItemDef]);

const DOMAINS: [Domain; 4] = [
    (
        "activities_of_daily_living",
        "日常生活活动",
        "Activities of daily living",
        &ADL,
    ),
    ("mental_state", "精神状态", "Mental state", &MENTAL),
    (
        "perception_and_communication",
        "感知觉与沟通",
        "Perception and communication",
        &PERCEPTION,
    ),
    (
        "social_participation",
        "社会参与",
        "Social participation",
        &SOCIAL,
    ),
];

/// Assesses an MZ/T 039-2013 form.
pub fn assess(store: &ParameterStore, request: &Mzt039Request) -> Result<AssessmentResult, Error> {
    let explain = request.options.explain;
    let mut groups = Vec::with_capacity(4);
    let mut levels = [0u8; 4];
    let mut steps = Vec::new();
    for (k, ((id, zh, en, defs), given)) in
        DOMAINS.into_iter().zip(scores(&request.items)).enumerate()
    {
        let (items, sum) = check_group(defs, &given)?;
        let score = |i: usize| items.get(i).map_or(0, |s| s.score);
        let (level, rule_zh, rule_en) = match k {
            0 => (
                adl_level(sum),
                format!("总分{sum}：100分为0；65–95分为1；45–60分为2；≤40分为3"),
                format!("Barthel total {sum}: 100 → 0; 65–95 → 1; 45–60 → 2; ≤ 40 → 3"),
            ),
            1 => (
                mental_level(sum),
                format!("总分{sum}：0分为0；1分为1；2–3分为2；4–6分为3"),
                format!("total {sum}: 0 → 0; 1 → 1; 2–3 → 2; 4–6 → 3"),
            ),
            2 => (
                perception_level(score(0), score(1), score(2), score(3)),
                format!(
                    "意识水平{}、视力{}、听力{}、沟通交流{}，按组合规则分级",
                    score(0),
                    score(1),
                    score(2),
                    score(3)
                ),
                format!(
                    "consciousness {}, vision {}, hearing {}, communication {}, graded by the combination rule",
                    score(0),
                    score(1),
                    score(2),
                    score(3)
                ),
            ),
            _ => (
                social_level(sum),
                format!("总分{sum}：0–2分为0；3–7分为1；8–13分为2；14–20分为3"),
                format!("total {sum}: 0–2 → 0; 3–7 → 1; 8–13 → 2; 14–20 → 3"),
            ),
        };
        if let Some(slot) = levels.get_mut(k) {
            *slot = level;
        }
        if explain {
            steps.push(step(
                &format!("assessment.{id}"),
                (zh, en),
                level.into(),
                (
                    format!("{rule_zh} → {level}级（{}）", domain_name(level)),
                    format!("{rule_en} → level {level}"),
                ),
                items
                    .iter()
                    .map(|i| Input {
                        name: format!("items.{}", i.id),
                        value: Number(i.score.into()),
                    })
                    .collect(),
                Some(store.cite(SRC, "5.1")),
            ));
        }
        let summed = k != 2;
        groups.push(GroupScore {
            id: id.to_string(),
            label_zh: zh.to_string(),
            label_en: en.to_string(),
            score: summed.then_some(sum),
            max_score: summed.then(|| defs.iter().map(|d| d.allowed.max()).sum()),
            level: Some(level),
            level_label_zh: Some(domain_name(level)),
            items,
        });
    }

    let consciousness = request.items.consciousness;
    if request.coma && consciousness != 3 {
        return Err(Error::new(
            ErrorCode::ConflictingFields,
            "coma",
            format!(
                "昏迷者的意识水平（items.consciousness）应评为3分（昏迷），而表中为{consciousness}分 / a person in a coma scores 3 (昏迷) for consciousness, but the form gives {consciousness}"
            ),
        ));
    }

    let [adl, mental, perception, social] = levels;
    let preliminary = overall_level(adl, mental, perception, social);
    if explain {
        steps.push(step(
            "assessment.preliminary_level",
            ("能力初步等级", "Preliminary level"),
            preliminary.number().into(),
            (
                format!(
                    "日常生活活动{adl}级、精神状态{mental}级、感知觉与沟通{perception}级、社会参与{social}级，按等级划分规则（判定卡先按日常生活活动定位）→ {}",
                    preliminary.name_zh()
                ),
                format!(
                    "ADL {adl}, mental {mental}, perception {perception}, social {social}, by the combination rules (located by ADL first, as on the decision card) → {}",
                    preliminary.name_en()
                ),
            ),
            Vec::new(),
            Some(store.cite(SRC, "5.2；附录C C.2")),
        ));
    }

    let coma = request.coma || consciousness == 3;
    let (coma_basis_zh, coma_basis_en) = if request.coma {
        ("申报为昏迷", "reported as in a coma")
    } else {
        ("意识水平评为3分昏迷", "consciousness scored 3, coma")
    };
    let circumstances = Circumstances {
        coma,
        coma_basis_zh,
        coma_basis_en,
        dementia: request.dementia_or_psychiatric_diagnosis,
        risk_events: request.risk_events_30_days,
    };
    let (level, adjustments) = adjust(
        store,
        Standard::Mzt039,
        preliminary,
        AbilityLevel::Severe,
        &circumstances,
        "附录C C.3 等级变更条款",
    );
    if explain {
        steps.extend(super::final_steps(
            store,
            Standard::Mzt039,
            preliminary,
            level,
            "附录C C.4",
        ));
    }
    Ok(AssessmentResult {
        standard: Standard::Mzt039,
        standard_label_zh: "MZ/T 039-2013《老年人能力评估》".into(),
        standard_label_en: "MZ/T 039-2013 Ability assessment for older adults".into(),
        groups,
        total_score: None,
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
