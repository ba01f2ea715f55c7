//! The differential explanation: what changed between two results for one household (the
//! baseline and a reform), programme by programme, and why.
//!
//! For each programme (matched by its `programme` name, so programmes added later are covered
//! without change here): the status and the amounts before and after; the line items whose amount
//! changed, that appear on one side only, or whose parameters changed (matched by `id` and
//! `person_id`, in every list of items a programme has: `line_items`, `one_off_items`, …); and
//! every parameter the programme used (in its line items and steps) whose value differs, each
//! with its baseline and reformed use: value, effective period, status and citation. A reason is
//! shown on both sides when the status or the reason changed.
//!
//! The comparison works on the wire form of the results, which is what every binding sees, so
//! it explains exactly what a reader of the two results would compare. Both results should be
//! calculated with `explain` on (parameters are listed only then).

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode};
use crate::money::Money;
use crate::wire::CalculationResult;

/// The difference between a baseline and a reformed result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Difference {
    /// Whether anything listed below changed.
    pub changed: bool,
    /// The monthly total before and after.
    pub monthly_total: AmountChange,
    /// The one-off total before and after.
    pub one_off_total: AmountChange,
    /// Every programme, changed or not, in the order of the reformed result.
    pub programmes: Vec<ProgrammeDifference>,
    /// Every parameter used on either side whose value differs, over all programmes.
    pub parameters: Vec<ParameterDifference>,
}

/// An amount before and after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AmountChange {
    /// Under the baseline.
    pub baseline: Money,
    /// Under the reform.
    pub reformed: Money,
    /// `reformed − baseline` (may be negative).
    pub change: Money,
}

impl AmountChange {
    fn new(baseline: Decimal, reformed: Decimal) -> AmountChange {
        AmountChange {
            baseline: Money(baseline),
            reformed: Money(reformed),
            change: Money(reformed - baseline),
        }
    }
}

/// One programme's difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProgrammeDifference {
    /// The programme's wire name (`dibao`).
    pub programme: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
    /// Whether its status, reason, amounts or line items changed.
    pub changed: bool,
    /// Status before and after (`eligible`, `not_eligible`, …).
    pub status: StatusChange,
    /// Monthly amount before and after.
    pub monthly_amount: AmountChange,
    /// One-off amount before and after, when either side has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_off_amount: Option<AmountChange>,
    /// The reasons on both sides, when the status or the reason changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<ReasonChange>,
    /// Items whose amount changed or that appear on one side only.
    pub line_items: Vec<LineItemDifference>,
    /// Parameters this programme used whose value differs.
    pub parameters: Vec<ParameterDifference>,
}

/// A status before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatusChange {
    /// Under the baseline.
    pub baseline: String,
    /// Under the reform.
    pub reformed: String,
}

/// Reasons before and after (each as in the result: code, messages, citation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReasonChange {
    /// Under the baseline.
    pub baseline: Option<Value>,
    /// Under the reform.
    pub reformed: Option<Value>,
}

/// A line item that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LineItemDifference {
    /// Which list it is in (`line_items`, `one_off_items`).
    pub list: String,
    /// Its stable id (`dibao.top_up`).
    pub id: String,
    /// The member concerned, for per-person items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// `both`, `baseline_only` or `reformed_only`.
    pub presence: String,
    /// Amount before and after (zero on the side where it is absent).
    pub amount: AmountChange,
    /// The baseline formula (Chinese, English), when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula_baseline: Option<[String; 2]>,
    /// The reformed formula (Chinese, English), when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula_reformed: Option<[String; 2]>,
    /// The parameters of this item whose value differs: why it changed.
    pub parameters: Vec<ParameterDifference>,
}

/// A parameter whose value differs, with its use on each side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ParameterDifference {
    /// Dotted key.
    pub key: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// The value(s) used under the baseline.
    pub baseline_values: Vec<String>,
    /// The value(s) used under the reform.
    pub reformed_values: Vec<String>,
    /// The baseline use (value, period, status, citation), if it was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Value>,
    /// The reformed use, if it was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reformed: Option<Value>,
}

/// The request of the `difference` wire API: two results of one household (as `calculate` or
/// `calculate_reform` returned them), the law as encoded first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize, crate::decode::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DifferenceRequest {
    /// The result to compare from (a `calculate` result object).
    pub baseline: Value,
    /// The result to compare with (a `calculate` result object).
    pub reformed: Value,
}

/// The wire form of [`difference_of_values`]: `{"baseline": {…}, "reformed": {…}}` in (two
/// `calculate` results), the [`Difference`] out; the `difference` row of
/// [`crate::api::APIS`]. A portal that already holds both results explains them without
/// calculating again. Each side must be an object (`invalid_type` at `baseline` or
/// `reformed`); what it lacks counts as absent (no programme, zero amounts), as for any result.
pub fn difference_json(json: &str) -> Result<String, Error> {
    crate::api::text_of(difference_wire, json)
}

/// The `difference` row of [`crate::api::APIS`]: the request as text or as a value.
pub fn difference_wire(
    json: crate::Request<'_>,
    sink: &mut dyn crate::sink::Sink,
) -> Result<(), Error> {
    let request: DifferenceRequest = crate::decode(json)?;
    for (path, value) in [
        ("baseline", &request.baseline),
        ("reformed", &request.reformed),
    ] {
        if !value.is_object() {
            return Err(Error::new(
                ErrorCode::InvalidType,
                path,
                "invalid type: expected a result object {…} (what `calculate` returns)",
            ));
        }
    }
    crate::sink::emit(
        &difference_of_values(&request.baseline, &request.reformed),
        sink,
    )
}

/// Explains the difference between two results of one household.
pub fn difference(
    baseline: &CalculationResult,
    reformed: &CalculationResult,
) -> Result<Difference, Error> {
    let b = to_value(baseline)?;
    let r = to_value(reformed)?;
    Ok(difference_of_values(&b, &r))
}

/// A result in its wire form. Through the JSON text rather than `serde_json::to_value`: the
/// text serialiser is the one every wire API already uses, while a second serialiser (into
/// `Value`) would compile every result type's `Serialize` twice into the WASM bundle. The value
/// is the same either way.
fn to_value(result: &CalculationResult) -> Result<Value, Error> {
    let text = crate::encode(result)?;
    serde_json::from_str(&text).map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            "",
            format!("the result could not be encoded: {e}"),
        )
    })
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn decimal(v: &Value, key: &str) -> Option<Decimal> {
    v.get(key)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Explains the difference between two results in their wire form.
pub fn difference_of_values(baseline: &Value, reformed: &Value) -> Difference {
    let base_programmes = list(baseline, "programmes");
    let reform_programmes = list(reformed, "programmes");
    let mut names: Vec<String> = reform_programmes
        .iter()
        .map(|p| text(p, "programme"))
        .collect();
    for p in base_programmes {
        let name = text(p, "programme");
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let find = |ps: &[Value], name: &str| ps.iter().find(|p| text(p, "programme") == name).cloned();
    let empty = Value::Object(Map::new());
    let programmes: Vec<ProgrammeDifference> = names
        .iter()
        .map(|name| {
            let b = find(base_programmes, name).unwrap_or_else(|| empty.clone());
            let r = find(reform_programmes, name).unwrap_or_else(|| empty.clone());
            programme_difference(name, &b, &r)
        })
        .collect();
    let parameters = parameter_differences(baseline, reformed);
    let monthly_total = amount_change(baseline, reformed, "monthly_total");
    let one_off_total = amount_change(baseline, reformed, "one_off_total");
    let changed = programmes.iter().any(|p| p.changed)
        || monthly_total.change.0 != Decimal::ZERO
        || one_off_total.change.0 != Decimal::ZERO;
    Difference {
        changed,
        monthly_total,
        one_off_total,
        programmes,
        parameters,
    }
}

fn amount_change(b: &Value, r: &Value, key: &str) -> AmountChange {
    AmountChange::new(
        decimal(b, key).unwrap_or_default(),
        decimal(r, key).unwrap_or_default(),
    )
}

fn programme_difference(name: &str, b: &Value, r: &Value) -> ProgrammeDifference {
    let label = |key: &str| {
        let t = text(r, key);
        if t.is_empty() { text(b, key) } else { t }
    };
    let status = StatusChange {
        baseline: text(b, "status"),
        reformed: text(r, "status"),
    };
    let monthly_amount = amount_change(b, r, "monthly_amount");
    let one_off_amount = match (decimal(b, "one_off_amount"), decimal(r, "one_off_amount")) {
        (None, None) => None,
        (x, y) => Some(AmountChange::new(
            x.unwrap_or_default(),
            y.unwrap_or_default(),
        )),
    };
    let reason_code = |v: &Value| v.get("reason").map(|x| text(x, "code"));
    let reason =
        (status.baseline != status.reformed || reason_code(b) != reason_code(r)).then(|| {
            ReasonChange {
                baseline: b.get("reason").cloned(),
                reformed: r.get("reason").cloned(),
            }
        });
    let line_items = item_differences(b, r);
    let parameters = parameter_differences(b, r);
    let changed = status.baseline != status.reformed
        || monthly_amount.change.0 != Decimal::ZERO
        || one_off_amount.is_some_and(|c| c.change.0 != Decimal::ZERO)
        || reason.is_some()
        || !line_items.is_empty();
    ProgrammeDifference {
        programme: name.to_string(),
        label_zh: label("label_zh"),
        label_en: label("label_en"),
        changed,
        status,
        monthly_amount,
        one_off_amount,
        reason,
        line_items,
        parameters,
    }
}

/// The names of a programme's item lists: `line_items` and every other `…_items` array.
fn item_lists(b: &Value, r: &Value) -> Vec<String> {
    let mut names = vec!["line_items".to_string()];
    for v in [b, r] {
        if let Some(map) = v.as_object() {
            for (k, x) in map {
                if k.ends_with("_items") && x.is_array() && !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
    }
    names
}

fn item_key(item: &Value) -> (String, Option<String>) {
    (
        text(item, "id"),
        item.get("person_id")
            .and_then(Value::as_str)
            .map(str::to_string),
    )
}

fn formula(item: &Value) -> [String; 2] {
    [text(item, "formula_zh"), text(item, "formula_en")]
}

fn item_differences(b: &Value, r: &Value) -> Vec<LineItemDifference> {
    let mut out = Vec::new();
    for name in item_lists(b, r) {
        let (bs, rs) = (list(b, &name), list(r, &name));
        let mut keys: Vec<(String, Option<String>)> = rs.iter().map(item_key).collect();
        for item in bs {
            let k = item_key(item);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        for key in keys {
            let bi = bs.iter().find(|i| item_key(i) == key);
            let ri = rs.iter().find(|i| item_key(i) == key);
            let amount = AmountChange::new(
                bi.and_then(|i| decimal(i, "amount")).unwrap_or_default(),
                ri.and_then(|i| decimal(i, "amount")).unwrap_or_default(),
            );
            // Why: the item's parameters against the same keys on the other side (the other
            // side's item, or the whole programme when the item is only on one side).
            let parameters = {
                let all = parameter_differences(bi.unwrap_or(b), ri.unwrap_or(r));
                let mut keys = Vec::new();
                for item in [bi, ri].into_iter().flatten() {
                    let mut uses = Vec::new();
                    collect_uses(item, &mut uses);
                    keys.extend(uses.iter().map(|u| text(u, "key")));
                }
                all.into_iter()
                    .filter(|p| keys.contains(&p.key))
                    .collect::<Vec<_>>()
            };
            let empty = Value::Null;
            let presence = match (bi, ri) {
                (Some(_), Some(_)) => "both",
                (Some(_), None) => "baseline_only",
                _ => "reformed_only",
            };
            if presence == "both" && amount.change.0 == Decimal::ZERO {
                continue;
            }
            let either = ri.or(bi).unwrap_or(&empty);
            out.push(LineItemDifference {
                list: name.clone(),
                id: key.0,
                person_id: key.1,
                label_zh: text(either, "label_zh"),
                label_en: text(either, "label_en"),
                presence: presence.to_string(),
                amount,
                formula_baseline: bi.map(formula),
                formula_reformed: ri.map(formula),
                parameters,
            });
        }
    }
    out
}

/// Every parameter use under `v` (any `parameters` array at any depth), in order of appearance.
fn collect_uses<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if k == "parameters" {
                    if let Some(items) = x.as_array() {
                        out.extend(items.iter().filter(|p| p.get("key").is_some()));
                        continue;
                    }
                }
                collect_uses(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| collect_uses(x, out)),
        _ => {}
    }
}

fn distinct_values(uses: &[&Value], key: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for u in uses.iter().filter(|u| text(u, "key") == key) {
        let v = text(u, "value");
        if !values.contains(&v) {
            values.push(v);
        }
    }
    values
}

/// The parameters used under `b` or `r` whose values differ (by the set of values used).
fn parameter_differences(b: &Value, r: &Value) -> Vec<ParameterDifference> {
    let (mut bu, mut ru) = (Vec::new(), Vec::new());
    collect_uses(b, &mut bu);
    collect_uses(r, &mut ru);
    let mut keys: Vec<String> = Vec::new();
    for u in ru.iter().chain(bu.iter()) {
        let k = text(u, "key");
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .filter_map(|key| {
            let baseline_values = distinct_values(&bu, &key);
            let reformed_values = distinct_values(&ru, &key);
            let same = baseline_values.len() == reformed_values.len()
                && baseline_values.iter().all(|v| {
                    reformed_values
                        .iter()
                        .any(|w| w == v || w.parse::<Decimal>().ok() == v.parse::<Decimal>().ok())
                });
            if same {
                return None;
            }
            let first = |uses: &[&Value]| {
                uses.iter()
                    .find(|u| text(u, "key") == key)
                    .map(|u| (*u).clone())
            };
            let (bf, rf) = (first(&bu), first(&ru));
            let either = rf.as_ref().or(bf.as_ref()).cloned().unwrap_or(Value::Null);
            Some(ParameterDifference {
                label_zh: text(&either, "label_zh"),
                label_en: text(&either, "label_en"),
                key,
                baseline_values,
                reformed_values,
                baseline: bf,
                reformed: rf,
            })
        })
        .collect()
}
