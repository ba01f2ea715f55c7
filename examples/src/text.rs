//! A result and an error as people read them on a terminal, in Chinese or in English: the short
//! answer (what the household can receive, the monthly total, what is still missing, the warnings
//! once), the full explanation with the legal basis of every amount, and errors in plain words
//! with their stable code and field.

use crate::terminal_safe;
use minzheng::params::{ParameterUse, Status, Unit};
use minzheng::wire::{BenefitForm, Eligibility, ProgrammeResult, Step, Warning};
use minzheng::{CalculationResult, Error, ErrorCode};
use rust_decimal::Decimal;

/// The language of what is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language named `zh` or `en`.
    pub fn parse(name: &str) -> Option<Lang> {
        match name {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The columns a character takes on a terminal: two for East Asian wide and full-width
/// characters, one otherwise (enough to align labels; combining marks are not expected here).
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    out
}

fn label(p: &ProgrammeResult, lang: Lang) -> &str {
    lang.pick(&p.label_zh, &p.label_en)
}

fn reason(p: &ProgrammeResult, lang: Lang) -> String {
    p.reason
        .as_ref()
        .map(|r| lang.pick(&r.message_zh, &r.message_en).to_string())
        .unwrap_or_default()
}

/// "广州市天河区" / "Guangzhou, Tianhe" from the result's region `guangzhou/tianhe`.
fn region(result: &CalculationResult, lang: Lang) -> String {
    let mut parts = result.region.split('/');
    let _city = parts.next();
    let district = parts.next().and_then(|d| {
        minzheng::region::District::ALL
            .into_iter()
            .find(|x| x.as_str() == d)
    });
    match (lang, district) {
        (Lang::Zh, Some(d)) => format!("广州市{}", d.name_zh()),
        (Lang::Zh, None) => "广州市".into(),
        (Lang::En, Some(d)) => {
            let name = d.as_str();
            let mut chars = name.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            format!("Guangzhou, {}{}", first.unwrap_or_default(), chars.as_str())
        }
        (Lang::En, None) => "Guangzhou".into(),
    }
}

fn header(out: &mut String, result: &CalculationResult, lang: Lang) {
    let persons = result.summary.persons.len();
    let _ = match lang {
        Lang::Zh => emit!(
            out,
            "minzheng {} · {} · 计算日期 {} · 家庭 {persons} 人",
            result.receipt.engine_version,
            region(result, lang),
            result.calculation_date
        ),
        Lang::En => emit!(
            out,
            "minzheng {} · {} · calculation date {} · household of {persons}",
            result.receipt.engine_version,
            region(result, lang),
            result.calculation_date
        ),
    };
    out.push('\n');
}

/// The line of the monthly total (`合计：2177.80 元/月`), and the one-off total when there is one.
fn totals(out: &mut String, result: &CalculationResult, lang: Lang) {
    let _ = match lang {
        Lang::Zh => emit!(out, "合计：{} 元/月", result.monthly_total),
        Lang::En => emit!(out, "Total: {} yuan a month", result.monthly_total),
    };
    let s = &result.summary;
    if s.voucher_monthly_total.0 > Decimal::ZERO {
        let _ = match lang {
            Lang::Zh => emit!(
                out,
                "  其中现金 {} 元，服务券 {} 元",
                s.cash_monthly_total,
                s.voucher_monthly_total
            ),
            Lang::En => emit!(
                out,
                "  of which cash {} yuan, service vouchers {} yuan",
                s.cash_monthly_total,
                s.voucher_monthly_total
            ),
        };
    }
    if result.one_off_total.0 > Decimal::ZERO {
        let _ = match lang {
            Lang::Zh => emit!(out, "一次性合计：{} 元", result.one_off_total),
            Lang::En => emit!(out, "One-off total: {} yuan", result.one_off_total),
        };
    }
}

/// The warnings, each once (results repeat a warning when several programmes use one figure).
fn warnings(out: &mut String, list: &[Warning], lang: Lang) {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for w in list {
        let text = lang.pick(&w.message_zh, &w.message_en);
        if seen.contains(&(w.code.as_str(), text)) {
            continue;
        }
        if seen.is_empty() {
            out.push('\n');
            let _ = emit!(out, "{}", lang.pick("注意：", "Note:"));
        }
        seen.push((w.code.as_str(), text));
        let _ = emit!(out, "  ! {text}");
    }
}

fn pays(p: &ProgrammeResult) -> bool {
    p.monthly_amount.0 > Decimal::ZERO || p.one_off_amount.is_some_and(|a| a.0 > Decimal::ZERO)
}

/// The persons a programme pays for, from its line items (`（spouse）`), when it names any.
fn persons(p: &ProgrammeResult, lang: Lang) -> String {
    let mut ids: Vec<&str> = Vec::new();
    for item in p.line_items.iter().chain(&p.one_off_items) {
        if let Some(id) = &item.person_id {
            if item.amount.0 > Decimal::ZERO && !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
    }
    if ids.is_empty() {
        String::new()
    } else {
        let list = ids.join(lang.pick("、", ", "));
        match lang {
            Lang::Zh => format!("（{list}）"),
            Lang::En => format!(" ({list})"),
        }
    }
}

/// The short answer: one line per programme that pays, the total, what is undetermined or not
/// assessed and why, the programmes not eligible in one line, the warnings once.
pub fn summary(result: &CalculationResult, lang: Lang) -> String {
    let mut out = String::new();
    header(&mut out, result, lang);
    let paying: Vec<&ProgrammeResult> = result.programmes.iter().filter(|p| pays(p)).collect();
    if paying.is_empty() {
        let _ = emit!(
            out,
            "{}",
            lang.pick(
                "按所填情况，本月没有可领取的项目。",
                "On what was given, nothing is payable this month."
            )
        );
    } else {
        let _ = emit!(out, "{}", lang.pick("每月可领取：", "Payable each month:"));
        let names: Vec<String> = paying
            .iter()
            .map(|p| {
                let voucher = if p.form == BenefitForm::Voucher {
                    lang.pick("（服务券）", " (vouchers)")
                } else {
                    ""
                };
                format!("{}{}{voucher}", label(p, lang), persons(p, lang))
            })
            .collect();
        let columns = names.iter().map(|n| width(n)).max().unwrap_or(0) + 2;
        let amounts: Vec<String> = paying
            .iter()
            .map(|p| p.monthly_amount.to_string())
            .collect();
        let digits = amounts.iter().map(String::len).max().unwrap_or(0);
        for ((p, name), amount) in paying.iter().zip(&names).zip(&amounts) {
            let one_off = p
                .one_off_amount
                .filter(|a| a.0 > Decimal::ZERO)
                .map(|a| match lang {
                    Lang::Zh => format!("，另一次性 {a} 元"),
                    Lang::En => format!(", plus {a} yuan once"),
                })
                .unwrap_or_default();
            let _ = emit!(
                out,
                "  {}{amount:>digits$} {}{one_off}",
                pad(name, columns),
                lang.pick("元", "yuan")
            );
        }
    }
    totals(&mut out, result, lang);

    let granted: Vec<&str> = result
        .programmes
        .iter()
        .filter(|p| p.status == Eligibility::Eligible && !pays(p))
        .map(|p| label(p, lang))
        .collect();
    let open: Vec<&ProgrammeResult> = result
        .programmes
        .iter()
        .filter(|p| matches!(p.status, Eligibility::Undetermined))
        .collect();
    let missing: Vec<&ProgrammeResult> = result
        .programmes
        .iter()
        .filter(|p| matches!(p.status, Eligibility::NotAssessed))
        .collect();
    let refused: Vec<&str> = result
        .programmes
        .iter()
        .filter(|p| p.status == Eligibility::NotEligible)
        .map(|p| label(p, lang))
        .collect();
    let sep = lang.pick("、", ", ");
    if !granted.is_empty() || !open.is_empty() || !missing.is_empty() || !refused.is_empty() {
        out.push('\n');
    }
    if !granted.is_empty() {
        let _ = emit!(
            out,
            "{}{}",
            lang.pick(
                "符合认定（身份，不另发钱）：",
                "Recognised (a status, no cash of its own): "
            ),
            granted.join(sep)
        );
    }
    for (title, list) in [
        (
            lang.pick(
                "尚无法判断（补充后可能改变结果）：",
                "Cannot decide yet (answering may change the result):",
            ),
            &open,
        ),
        (
            lang.pick(
                "未评估（缺少所需资料）：",
                "Not assessed (information needed):",
            ),
            &missing,
        ),
    ] {
        if !list.is_empty() {
            let _ = emit!(out, "{title}");
            for p in list {
                let _ = emit!(out, "  {} — {}", label(p, lang), reason(p, lang));
            }
        }
    }
    if !refused.is_empty() {
        let _ = emit!(
            out,
            "{}{}",
            lang.pick("不符合条件：", "Not eligible: "),
            refused.join(sep)
        );
    }
    warnings(&mut out, &result.warnings, lang);
    out.push('\n');
    let _ = emit!(
        out,
        "{}",
        lang.pick(
            "每项的原因、计算过程和法律依据：加 --explain；完整结果（JSON）：加 --json。",
            "Reasons, workings and the legal basis of every amount: add --explain; the full result as JSON: --json."
        )
    );
    out
}

fn status_label(s: Eligibility, lang: Lang) -> &'static str {
    match s {
        Eligibility::Eligible => lang.pick("符合", "eligible"),
        Eligibility::NotEligible => lang.pick("不符合", "not eligible"),
        Eligibility::Undetermined => lang.pick("无法判断", "undetermined"),
        Eligibility::NotAssessed => lang.pick("未评估", "not assessed"),
    }
}

fn unit_label(u: Unit, lang: Lang) -> &'static str {
    match u {
        Unit::YuanPerPersonMonth => lang.pick("元/人/月", " yuan/person/month"),
        Unit::YuanPerMonth => lang.pick("元/月", " yuan/month"),
        Unit::YuanPerDay => lang.pick("元/日", " yuan/day"),
        Unit::YuanPerYear => lang.pick("元/年", " yuan/year"),
        Unit::Yuan => lang.pick("元", " yuan"),
        Unit::Ratio => lang.pick("倍", "×"),
        Unit::Months => lang.pick("个月", " months"),
        Unit::Years => lang.pick("年", " years"),
        Unit::Days => lang.pick("日", " days"),
        Unit::Count => "",
        Unit::Points => lang.pick("分", " points"),
    }
}

fn status_of(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Verified => lang.pick("已核实", "verified"),
        Status::Reported => lang.pick("据报道", "reported"),
        Status::Structure => lang.pick("仅结构", "structure only"),
        Status::Illustrative => lang.pick("示例数值，未核实", "ILLUSTRATIVE, not verified"),
    }
}

fn basis(out: &mut String, indent: &str, p: &ParameterUse, lang: Lang) {
    let to = p
        .effective_to
        .map(|t| match lang {
            Lang::Zh => format!(" 至 {t}"),
            Lang::En => format!(" to {t}"),
        })
        .unwrap_or_default();
    let number = if p.citation.number.is_empty() {
        String::new()
    } else {
        format!("（{}）", p.citation.number)
    };
    let _ = match lang {
        Lang::Zh => emit!(
            out,
            "{indent}依据：{} = {}{}（自 {}{to}；{}）— {}{number} {}",
            p.label_zh,
            p.value,
            unit_label(p.unit, lang),
            p.effective_from,
            status_of(p.status, lang),
            p.citation.document,
            p.citation.article,
        ),
        Lang::En => emit!(
            out,
            "{indent}basis: {} = {}{} (from {}{to}; {}) — {}{number} {}",
            p.label_en,
            p.value,
            unit_label(p.unit, lang),
            p.effective_from,
            status_of(p.status, lang),
            p.citation.document,
            p.citation.article,
        ),
    };
}

fn step(out: &mut String, s: &Step, lang: Lang) {
    let mark = match s.passed {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "·",
    };
    let _ = emit!(
        out,
        "    {mark} {}{}{}",
        lang.pick(&s.label_zh, &s.label_en),
        lang.pick("：", ": "),
        s.value
    );
    let _ = emit!(out, "        {}", lang.pick(&s.formula_zh, &s.formula_en));
    for input in &s.inputs {
        let _ = emit!(out, "        - {} = {}", input.name, input.value);
    }
    for p in &s.parameters {
        basis(out, "        ", p, lang);
    }
    if let Some(c) = &s.citation {
        let _ = emit!(
            out,
            "        {}{} {}",
            lang.pick("法律依据：", "legal basis: "),
            c.document,
            c.article
        );
    }
}

/// The full explanation: every programme with its status, reason and legal basis, every line
/// item with its formula and the parameters used (value, period, status, citation), the steps
/// of each determination, the total, the warnings once and the receipt.
pub fn explain(result: &CalculationResult, lang: Lang) -> String {
    let mut out = String::new();
    header(&mut out, result, lang);
    for p in &result.programmes {
        let one_off = p
            .one_off_amount
            .map(|a| match lang {
                Lang::Zh => format!(" · 一次性 {a} 元"),
                Lang::En => format!(" · one-off {a} yuan"),
            })
            .unwrap_or_default();
        let _ = match lang {
            Lang::Zh => emit!(
                out,
                "■ {}：{} — 每月 {} 元{one_off}",
                p.label_zh,
                status_label(p.status, lang),
                p.monthly_amount
            ),
            Lang::En => emit!(
                out,
                "■ {}: {} — {} yuan a month{one_off}",
                p.label_en,
                status_label(p.status, lang),
                p.monthly_amount
            ),
        };
        if let Some(r) = &p.reason {
            let _ = emit!(
                out,
                "  {}{}（{}）",
                lang.pick("原因：", "reason: "),
                lang.pick(&r.message_zh, &r.message_en),
                r.code
            );
            let _ = emit!(
                out,
                "  {}{} {}",
                lang.pick("法律依据：", "legal basis: "),
                r.citation.document,
                r.citation.article
            );
        }
        for item in p.line_items.iter().chain(&p.one_off_items) {
            let _ = emit!(
                out,
                "  {}{}{}{} {}",
                lang.pick("金额 — ", "amount — "),
                lang.pick(&item.label_zh, &item.label_en),
                lang.pick("：", ": "),
                item.amount,
                lang.pick("元", "yuan")
            );
            let _ = emit!(out, "    {}", lang.pick(&item.formula_zh, &item.formula_en));
            for param in &item.parameters {
                basis(&mut out, "    ", param, lang);
            }
        }
        if !p.steps.is_empty() {
            let _ = emit!(out, "  {}", lang.pick("审核步骤：", "steps:"));
            for s in &p.steps {
                step(&mut out, s, lang);
            }
        }
        out.push('\n');
    }
    totals(&mut out, result, lang);
    warnings(&mut out, &result.warnings, lang);
    out.push('\n');
    let r = &result.receipt;
    let _ = emit!(
        out,
        "{} {} {} · parameters sha256 {} · input sha256 {}",
        lang.pick("回执：", "receipt:"),
        r.engine,
        r.engine_version,
        r.parameters_sha256,
        r.input_sha256
    );
    out
}

/// The text between the first pair of backticks after `after` in `message`.
fn quoted<'a>(message: &'a str, after: &str) -> Option<&'a str> {
    let rest = message.get(message.find(after)? + after.len()..)?;
    let start = rest.find('`')? + 1;
    let inner = rest.get(start..)?;
    inner.get(..inner.find('`')?)
}

/// The text of `message` after `marker`, up to the end.
fn after<'a>(message: &'a str, marker: &str) -> Option<&'a str> {
    message
        .find(marker)
        .and_then(|i| message.get(i + marker.len()..))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The allowed range a message states (`… is outside 0–150`).
fn range(message: &str) -> Option<&str> {
    let rest = after(message, "is outside ")?;
    Some(rest.split([' ', ';', ',']).next().unwrap_or(rest))
}

/// The JSON type serde expected, in words.
fn expected_kind(message: &str, lang: Lang) -> Option<&'static str> {
    let expected = after(message, "expected ")?;
    let kind = if expected.starts_with('i') || expected.starts_with('u') {
        lang.pick(
            "整数（不加引号，如 45）",
            "a whole number (no quotes, e.g. 45)",
        )
    } else if expected.contains("string") || expected.contains("decimal") {
        lang.pick(
            "加引号的文字（如 \"1500.00\"）",
            "text in quotes (e.g. \"1500.00\")",
        )
    } else if expected.contains("bool") {
        lang.pick("true 或 false", "true or false")
    } else if expected.contains("sequence")
        || expected.contains("array")
        || expected.contains("list")
    {
        lang.pick("列表 [ … ]", "a list [ … ]")
    } else if expected.contains("object") || expected.contains("struct") || expected.contains("map")
    {
        lang.pick("对象 { … }", "an object { … }")
    } else {
        return None;
    };
    Some(kind)
}

/// What went wrong, in plain words, for a person fixing the request by hand.
fn plain(e: &Error, lang: Lang) -> String {
    let m = e.message.as_str();
    let zh = lang == Lang::Zh;
    let leaf = e.path.rsplit(['.', '[']).next().unwrap_or_default();
    match e.code {
        ErrorCode::InvalidJson => {
            if m.contains("UTF-8") {
                lang.pick(
                    "文件不是 UTF-8 编码的文本。请用 UTF-8 保存后再试。",
                    "the file is not UTF-8 text. Save it as UTF-8 and try again.",
                )
                .into()
            } else if m.contains("nested too deeply") {
                let depth = minzheng::limits::MAX_DEPTH;
                lang.pick(
                    &format!("JSON 嵌套过深（最多 {depth} 层）。"),
                    &format!("the JSON is nested too deeply (at most {depth} levels)."),
                )
                .into()
            } else {
                let at = after(m, " at line ").map(|pos| {
                    let mut parts = pos.split(" column ");
                    let line = parts.next().unwrap_or_default();
                    let column = parts.next().unwrap_or_default();
                    if zh {
                        format!("（第 {line} 行第 {column} 列附近）")
                    } else {
                        format!(" (near line {line}, column {column})")
                    }
                });
                if zh {
                    format!(
                        "文件不是有效的 JSON{}：检查括号、引号和逗号是否成对、齐全。",
                        at.unwrap_or_default()
                    )
                } else {
                    format!(
                        "the file is not valid JSON{}: check that brackets, quotes and commas match.",
                        at.unwrap_or_default()
                    )
                }
            }
        }
        ErrorCode::InputTooLarge => lang
            .pick(
                "输入超过上限（请求最大 1 MiB，家庭成员最多 100 人；各项上限见 README 的“Errors and input limits”）。",
                "the input is over a limit (a request of at most 1 MiB, at most 100 household members; every limit is in the README, “Errors and input limits”).",
            )
            .into(),
        ErrorCode::InvalidType => match expected_kind(m, lang) {
            Some(kind) if zh => format!("类型不对，这里应填{kind}。"),
            Some(kind) => format!("wrong kind of value: this must be {kind}."),
            None => lang
                .pick("这里填的值类型不对。", "wrong kind of value here.")
                .into(),
        },
        ErrorCode::MissingField => {
            let name = quoted(m, "missing field");
            match (name, leaf) {
                (Some(n), _) if zh => format!("缺少必填项 “{n}”。"),
                (Some(n), _) => format!("the required field “{n}” is missing."),
                (None, "age") => lang
                    .pick(
                        "须填写年龄 age 或出生日期 birth_date（二选一）。",
                        "give the age or the birth_date (one of them).",
                    )
                    .into(),
                (None, _) => lang.pick("缺少必填项。", "a required field is missing.").into(),
            }
        }
        ErrorCode::UnknownField => {
            let allowed = after(m, "expected one of:").or_else(|| after(m, "expected "));
            match (zh, allowed) {
                (true, Some(list)) => {
                    format!("没有名为 “{leaf}” 的项（拼写是否有误？）。可用的项：{list}")
                }
                (true, None) => format!("没有名为 “{leaf}” 的项（拼写是否有误？）。"),
                (false, Some(list)) => {
                    format!("there is no field “{leaf}” here (a typo?). Allowed: {list}")
                }
                (false, None) => format!("there is no field “{leaf}” here (a typo?)."),
            }
        }
        ErrorCode::InvalidValue => {
            let given = quoted(m, "unknown variant");
            let allowed = after(m, "expected one of:").or_else(|| after(m, "expected "));
            let allowed = allowed.map(|list| {
                if leaf == "district" && zh {
                    list.split(", ")
                        .map(|d| {
                            minzheng::region::District::ALL
                                .into_iter()
                                .find(|x| x.as_str() == d)
                                .map_or(d.to_string(), |x| format!("{d}（{}）", x.name_zh()))
                        })
                        .collect::<Vec<_>>()
                        .join("、")
                } else {
                    list.to_string()
                }
            });
            match (zh, given, allowed) {
                (true, Some(g), Some(list)) => format!("“{g}” 不是可选的值。可选：{list}"),
                (false, Some(g), Some(list)) => {
                    format!("“{g}” is not one of the allowed values: {list}")
                }
                _ if m.contains("twice") || m.contains("duplicate") => lang
                    .pick(
                        "同一个对象里有一项写了两次。",
                        "a key is given twice in one object.",
                    )
                    .into(),
                _ if m.contains("blank") || m.contains("empty") => lang
                    .pick("这一项不能为空。", "this must not be blank.")
                    .into(),
                _ => lang
                    .pick("这个值不在允许的范围内。", "this value is not one of those allowed.")
                    .into(),
            }
        }
        ErrorCode::InvalidMoney => lang
            .pick(
                "金额须写成以元为单位、最多两位小数的数（如 \"1500.00\" 或 1500），不超过 10^12 元。",
                "an amount is written in yuan with at most two decimals (\"1500.00\" or 1500), at most 10^12 yuan.",
            )
            .into(),
        ErrorCode::NegativeAmount => lang
            .pick("金额不能是负数。", "an amount cannot be negative.")
            .into(),
        ErrorCode::InvalidDate => lang
            .pick(
                "日期须写成 YYYY-MM-DD（如 \"2025-07-01\"），是真实存在的日期，并在 1900-01-01 至 2199-12-31 之间。",
                "a date is written YYYY-MM-DD (\"2025-07-01\"), must exist, and lie between 1900-01-01 and 2199-12-31.",
            )
            .into(),
        ErrorCode::OutOfRange => match (zh, range(m)) {
            (true, Some(r)) => format!("数值超出允许范围（允许 {r}）。"),
            (false, Some(r)) => format!("the number is outside its allowed range ({r})."),
            _ => lang
                .pick("数值超出允许范围。", "the number is outside its allowed range.")
                .into(),
        },
        ErrorCode::ConflictingFields => {
            if m.contains("not both") {
                lang.pick(
                    "年龄 age 和出生日期 birth_date 只能填一个。",
                    "give the age or the birth_date, not both.",
                )
                .into()
            } else if m.contains("after") {
                lang.pick(
                    "这个日期晚于它应早于的日期（例如出生日期晚于计算日期）。",
                    "this date is later than it can be (for example a birth after the calculation date).",
                )
                .into()
            } else {
                lang.pick(
                    "与请求中的其他项相矛盾。",
                    "this contradicts another field of the request.",
                )
                .into()
            }
        }
        ErrorCode::DuplicateId => match (zh, quoted(m, "id")) {
            (true, Some(id)) => format!("编号 “{id}” 重复：每人的 id 必须不同。"),
            (false, Some(id)) => format!("the id “{id}” is used twice: every id must differ."),
            (true, None) => "编号重复：每人的 id 必须不同。".into(),
            (false, None) => "an id is used twice: every id must differ.".into(),
        },
        ErrorCode::NoMembers => lang
            .pick(
                "家庭至少要有一名成员。",
                "a household needs at least one member.",
            )
            .into(),
        ErrorCode::ParameterNotInForce => {
            let periods = after(m, "encoded periods:");
            match (zh, periods) {
                (true, Some(p)) => format!(
                    "这个计算日期没有可用的政策标准。已收录的期间：{}",
                    p.replace("from ", "自 ")
                ),
                (false, Some(p)) => {
                    format!("no policy figure is encoded for this calculation date. Periods covered: {p}")
                }
                _ => lang
                    .pick(
                        "这个计算日期没有可用的政策标准。",
                        "no policy figure is encoded for this calculation date.",
                    )
                    .into(),
            }
        }
        ErrorCode::InvalidParameterData => lang
            .pick(
                "程序内置的政策数据有误。这是程序的缺陷，不是输入的问题，请报告。",
                "the built-in policy data is invalid. This is a defect of the program, not of the input; please report it.",
            )
            .into(),
        ErrorCode::Internal => lang
            .pick(
                "程序内部出错。这是程序的缺陷，不是输入的问题，请报告。",
                "the program met an internal error. This is a defect of the program, not of the input; please report it.",
            )
            .into(),
    }
}

/// An error for people: what went wrong in plain words, the field it concerns and the stable
/// error code; with `detail`, the engine's own message too.
pub fn error_text(e: &Error, lang: Lang, detail: bool) -> String {
    let mut out = String::new();
    let title = match e.code {
        ErrorCode::ParameterNotInForce => lang.pick(
            "无法计算：没有适用于该日期的政策数据。",
            "Cannot calculate: no policy figures for this date.",
        ),
        ErrorCode::InvalidParameterData => lang.pick(
            "无法计算：程序内置数据有误。",
            "Cannot calculate: the built-in data is invalid.",
        ),
        _ => lang.pick(
            "输入有误，未能计算。",
            "The request could not be calculated.",
        ),
    };
    let _ = emit!(out, "{title}");
    let place = if e.path.is_empty() {
        lang.pick("整个请求", "the request").to_string()
    } else {
        format!("{}{}", lang.pick("字段 ", "field "), e.path)
    };
    let _ = emit!(out, "{place}{}{}", lang.pick("：", ": "), plain(e, lang));
    let _ = emit!(out, "{}{}", lang.pick("错误代码：", "error code: "), e.code);
    if detail {
        let _ = emit!(
            out,
            "{}{}",
            lang.pick("技术详情：", "technical detail: "),
            e.message
        );
    }
    if e.code.is_input_error() {
        let _ = emit!(
            out,
            "{}",
            lang.pick(
                "请求的格式：schema/request.schema.json；示例：examples/households/default.json。",
                "The request format: schema/request.schema.json; an example: examples/households/default.json."
            )
        );
    }
    out
}
