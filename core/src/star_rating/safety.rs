//! The GB 38600-2019 《养老机构服务安全基本规范》 checklist, which feeds the card's
//! `gb38600` prerequisite.
//!
//! The standard is mandatory from 2022-01-01. A home complies when:
//! - 第5章 安全风险评估: every resident has a service-safety risk assessment;
//! - 第6章 服务防护: it has protection measures against each of the nine risks — 噎食,
//!   食品药品误食, 压疮, 烫伤, 坠床, 跌倒, 他伤和自伤, 走失, 文娱活动意外;
//! - 第7章 管理要求: emergency plans, emergency drills, 24-hour duty and records are in place.
//!
//! Before 2022-01-01 the checklist is still evaluated and reported, but a failure does not veto
//! a level (the standard was not yet mandatory); the result says so in a warning.
#![doc(alias("养老机构服务安全基本规范", "GB38600"))]

use serde::{Deserialize, Serialize};

use crate::context::Context;
use crate::error::{Error, ErrorCode};
use crate::params::Citation;

/// Source key of GB 38600-2019 in `sources.toml`.
pub const SOURCE: &str = "GB 38600-2019";
pub use crate::limits::MAX_RESIDENTS;

/// The checklist as given in a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SafetyChecklist {
    /// Residents on the assessment date.
    pub residents: u32,
    /// Residents with a current service-safety risk assessment (第5章).
    pub residents_assessed: u32,
    /// Protection against the nine risks of 第6章 (true = measures in place).
    pub risks: RiskProtection,
    /// The management items of 第7章 (true = in place).
    pub management: SafetyManagement,
}

/// Protection measures against the nine risks of GB 38600-2019 第6章.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskProtection {
    /// 噎食
    pub choking: bool,
    /// 食品药品误食
    pub food_drug_misuse: bool,
    /// 压疮
    pub pressure_injury: bool,
    /// 烫伤
    pub scald: bool,
    /// 坠床
    pub fall_from_bed: bool,
    /// 跌倒
    pub fall: bool,
    /// 他伤和自伤
    pub harm_to_others_and_self: bool,
    /// 走失
    pub wandering: bool,
    /// 文娱活动意外
    pub recreation_accident: bool,
}

/// The management items of GB 38600-2019 第7章.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SafetyManagement {
    /// 应急预案
    pub emergency_plans: bool,
    /// 应急演练
    pub emergency_drills: bool,
    /// 24小时值班
    pub duty_24h: bool,
    /// 服务与安全记录
    pub records: bool,
}

/// One checklist item that is not met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SafetyFinding {
    /// Stable id: `risk_assessment`, `risks.<risk>`, `management.<item>`.
    pub id: String,
    /// Chinese text.
    pub label_zh: String,
    /// English text.
    pub label_en: String,
    /// Legal basis.
    pub citation: Citation,
}

/// The checklist's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SafetyResult {
    /// Every item met.
    pub compliant: bool,
    /// Whether GB 38600-2019 was mandatory on the assessment date (from 2022-01-01).
    pub mandatory: bool,
    /// Residents without a risk assessment.
    pub residents_not_assessed: u32,
    /// The items not met, in the standard's order (empty when compliant).
    pub findings: Vec<SafetyFinding>,
}

/// Evaluates the checklist at the context's date. `path` is its place in the request.
pub fn evaluate(
    ctx: &Context<'_>,
    mandatory: bool,
    list: &SafetyChecklist,
    path: &str,
) -> Result<SafetyResult, Error> {
    if list.residents > MAX_RESIDENTS {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            format!("{path}.residents"),
            format!("at most {MAX_RESIDENTS} residents are accepted"),
        ));
    }
    if list.residents_assessed > list.residents {
        return Err(Error::new(
            ErrorCode::ConflictingFields,
            format!("{path}.residents_assessed"),
            format!(
                "{} residents assessed but only {} residents",
                list.residents_assessed, list.residents
            ),
        ));
    }
    let mut findings = Vec::new();
    let mut add = |id: &str, zh: &str, en: &str, article: &str| {
        findings.push(SafetyFinding {
            id: id.to_string(),
            label_zh: zh.to_string(),
            label_en: en.to_string(),
            citation: ctx.cite(SOURCE, article),
        });
    };
    let missing = list.residents.saturating_sub(list.residents_assessed);
    if missing > 0 {
        add(
            "risk_assessment",
            &format!("{missing}名入住老年人未进行服务安全风险评估"),
            &format!("{missing} residents have no service-safety risk assessment"),
            "第5章 安全风险评估",
        );
    }
    let r = list.risks;
    for (ok, id, zh, en) in [
        (r.choking, "risks.choking", "噎食", "choking"),
        (
            r.food_drug_misuse,
            "risks.food_drug_misuse",
            "食品药品误食",
            "ingesting the wrong food or medicine",
        ),
        (
            r.pressure_injury,
            "risks.pressure_injury",
            "压疮",
            "pressure injuries",
        ),
        (r.scald, "risks.scald", "烫伤", "scalds"),
        (
            r.fall_from_bed,
            "risks.fall_from_bed",
            "坠床",
            "falls from bed",
        ),
        (r.fall, "risks.fall", "跌倒", "falls"),
        (
            r.harm_to_others_and_self,
            "risks.harm_to_others_and_self",
            "他伤和自伤",
            "harm by others and self-harm",
        ),
        (r.wandering, "risks.wandering", "走失", "wandering away"),
        (
            r.recreation_accident,
            "risks.recreation_accident",
            "文娱活动意外",
            "accidents in recreational activities",
        ),
    ] {
        if !ok {
            add(
                id,
                &format!("未落实{zh}风险防护措施"),
                &format!("no protection measures against {en}"),
                &format!("第6章 服务防护（{zh}）"),
            );
        }
    }
    let m = list.management;
    for (ok, id, zh, en) in [
        (
            m.emergency_plans,
            "management.emergency_plans",
            "未制定突发事件应急预案",
            "no emergency plans",
        ),
        (
            m.emergency_drills,
            "management.emergency_drills",
            "未开展应急演练",
            "no emergency drills",
        ),
        (
            m.duty_24h,
            "management.duty_24h",
            "未实行24小时值班",
            "no 24-hour duty",
        ),
        (
            m.records,
            "management.records",
            "服务与安全记录不全",
            "service and safety records not kept",
        ),
    ] {
        if !ok {
            add(id, zh, en, "第7章 管理要求");
        }
    }
    Ok(SafetyResult {
        compliant: findings.is_empty(),
        mandatory,
        residents_not_assessed: missing,
        findings,
    })
}
