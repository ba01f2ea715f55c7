//! The fuzz harness of minzheng, shared by the libFuzzer targets (`fuzz/fuzz_targets/`, run with
//! `cargo fuzz`) and by the stable-Rust bounded run (`tests/tests/fuzz_smoke.rs`, which includes
//! this file as a module).
//!
//! A fuzz input is `<api>\n<request>`: when the first line names a wire API the rest is its
//! request; otherwise the whole input is a request to the API picked by its first byte. Each
//! call must return, without panicking, either a result or a typed error, and:
//!
//! - an error never has the code `invalid_parameter_data` or `internal_error` (defects of the
//!   build or the engine, never the request's fault) and always has a message (its path is not checked: a field's name may be anything,
//!   even empty or dotted, and an unknown field's path ends with it);
//! - a result is JSON whose money fields are exact decimals, whose line items sum to their
//!   totals (`monthly_amount`, `one_off_amount`, `monthly_total`, `one_off_total`, the summary's
//!   totals, a bill's charges and deductions), and whose amounts are never negative except the
//!   one explicit reduction line (`temporary.family_cap`).
//!
//! Time and memory are bounded by the runner (libFuzzer's `-timeout` and `-rss_limit_mb`; the
//! smoke test times every call).

#![allow(
    clippy::panic,
    reason = "the harness reports a broken invariant by panicking, which the fuzzer records as a crash"
)]

use rust_decimal::Decimal;
use serde_json::Value;

use minzheng::ErrorCode;

/// Every wire API, in the order of `minzheng::api::APIS`.
pub fn apis() -> Vec<&'static str> {
    minzheng::api_names()
}

/// Splits a fuzz input into an API name and a request (see the module documentation).
pub fn split_input(data: &[u8]) -> (&'static str, String) {
    let names = apis();
    let text = String::from_utf8_lossy(data);
    if let Some((head, rest)) = text.split_once('\n') {
        if let Some(name) = names.iter().find(|n| **n == head) {
            return (name, rest.to_string());
        }
    }
    let pick = data.first().map_or(0, |b| usize::from(*b)) % names.len().max(1);
    (
        names.get(pick).copied().unwrap_or("calculate"),
        text.into_owned(),
    )
}

/// The `call_json` target: one wire call, checked.
pub fn call_json_target(data: &[u8]) {
    let (api, request) = split_input(data);
    check_call(api, &request);
}

/// The `reform` target: a reform request `{"request": {…}, "reform": {…}}` through
/// `minzheng::reform::calculate_reform_json` (parameter overrides applied to the embedded store,
/// the household calculated under both). The baseline and the reformed results are checked like
/// any calculation; an error like any error.
pub fn reform_target(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_reform(&text);
}

/// Runs one reform request and checks the outcome; returns the error code, if any.
pub fn check_reform(request: &str) -> Option<ErrorCode> {
    match minzheng::reform::calculate_reform_json(request) {
        Ok(json) => {
            let r: Value = match serde_json::from_str(&json) {
                Ok(v) => v,
                Err(e) => panic!("calculate_reform: the result is not JSON ({e})"),
            };
            check_decimal_fields(&r, "calculate_reform");
            check_calculation(&r["baseline"]);
            check_calculation(&r["reformed"]);
            None
        }
        Err(e) => {
            check_error("calculate_reform", request, &e);
            Some(e.code)
        }
    }
}

/// Calls `api` with `request` and checks the outcome; returns the error code, if any.
pub fn check_call(api: &str, request: &str) -> Option<ErrorCode> {
    match minzheng::call_json(api, request) {
        Ok(json) => {
            check_result(api, &json);
            None
        }
        Err(e) => {
            check_error(api, request, &e);
            Some(e.code)
        }
    }
}

/// Checks an error: never a build defect, always a message.
pub fn check_error(api: &str, request: &str, e: &minzheng::Error) {
    let shown = || {
        let end = request
            .char_indices()
            .nth(300)
            .map_or(request.len(), |(i, _)| i);
        format!("{api} {:?} on {:?}", e, request.get(..end).unwrap_or(""))
    };
    if matches!(
        e.code,
        ErrorCode::InvalidParameterData | ErrorCode::Internal
    ) {
        panic!("{} from a request: {}", e.code, shown());
    }
    if e.message.trim().is_empty() {
        panic!("an error without a message: {}", shown());
    }
}

/// Parses a decimal string of a result.
pub fn decimal(value: &Value, what: &str) -> Decimal {
    match value.as_str().map(str::parse::<Decimal>) {
        Some(Ok(d)) => d,
        _ => panic!("{what}: {value} is not a decimal string"),
    }
}

fn amount_sum(items: &Value, what: &str) -> Decimal {
    items
        .as_array()
        .map(|a| {
            a.iter()
                .enumerate()
                .map(|(i, item)| decimal(&item["amount"], &format!("{what}[{i}].amount")))
                .sum()
        })
        .unwrap_or_default()
}

fn check_items_non_negative(items: &Value, what: &str) {
    for (i, item) in items.as_array().into_iter().flatten().enumerate() {
        let amount = decimal(&item["amount"], &format!("{what}[{i}].amount"));
        let reduction = item["id"].as_str() == Some("temporary.family_cap");
        if amount < Decimal::ZERO && !reduction {
            panic!("{what}[{i}] ({}) is negative: {amount}", item["id"]);
        }
    }
}

/// Checks one programme result: its line items sum to its amounts, and no amount is negative
/// but the explicit reduction line.
pub fn check_programme(p: &Value, what: &str) {
    let monthly = decimal(&p["monthly_amount"], &format!("{what}.monthly_amount"));
    let items = amount_sum(&p["line_items"], what);
    if monthly != items {
        panic!("{what}: monthly_amount {monthly} ≠ Σ line_items {items}");
    }
    if monthly < Decimal::ZERO {
        panic!("{what}: monthly_amount {monthly} is negative");
    }
    check_items_non_negative(&p["line_items"], &format!("{what}.line_items"));
    check_items_non_negative(&p["one_off_items"], &format!("{what}.one_off_items"));
    match p.get("one_off_amount") {
        Some(v) => {
            let one_off = decimal(v, &format!("{what}.one_off_amount"));
            let sum = amount_sum(&p["one_off_items"], what);
            if one_off != sum || one_off < Decimal::ZERO {
                panic!("{what}: one_off_amount {one_off} vs Σ one_off_items {sum}");
            }
        }
        None => {
            if p["one_off_items"].as_array().is_some_and(|a| !a.is_empty()) {
                panic!("{what}: one_off_items without one_off_amount");
            }
        }
    }
}

/// Checks a `calculate` result: every programme, the totals and the summary.
pub fn check_calculation(r: &Value) {
    let programmes = r["programmes"].as_array().cloned().unwrap_or_default();
    let (mut monthly, mut one_off) = (Decimal::ZERO, Decimal::ZERO);
    for (i, p) in programmes.iter().enumerate() {
        check_programme(p, &format!("programmes[{i}]"));
        monthly += decimal(&p["monthly_amount"], "monthly_amount");
        if let Some(v) = p.get("one_off_amount") {
            one_off += decimal(v, "one_off_amount");
        }
    }
    let total = decimal(&r["monthly_total"], "monthly_total");
    if total != monthly {
        panic!("monthly_total {total} ≠ Σ programmes {monthly}");
    }
    let total_one_off = decimal(&r["one_off_total"], "one_off_total");
    if total_one_off != one_off {
        panic!("one_off_total {total_one_off} ≠ Σ programmes {one_off}");
    }
    let s = &r["summary"];
    let cash = decimal(&s["cash_monthly_total"], "summary.cash_monthly_total");
    let vouchers = decimal(&s["voucher_monthly_total"], "summary.voucher_monthly_total");
    if cash + vouchers != total {
        panic!("summary cash {cash} + vouchers {vouchers} ≠ monthly_total {total}");
    }
    let mut lines_total = Decimal::ZERO;
    for (i, person) in s["persons"].as_array().into_iter().flatten().enumerate() {
        let own: Decimal = person["lines"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|l| l["one_off"] != Value::Bool(true))
            .map(|l| decimal(&l["amount"], "summary line"))
            .sum();
        let stated = decimal(&person["monthly_total"], "summary.persons.monthly_total");
        if own != stated {
            panic!("summary.persons[{i}]: monthly_total {stated} ≠ Σ lines {own}");
        }
        lines_total += own;
    }
    let shared: Decimal = s["household"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l["one_off"] != Value::Bool(true))
        .map(|l| decimal(&l["amount"], "summary household line"))
        .sum();
    if lines_total + shared != total {
        panic!("summary: persons {lines_total} + household {shared} ≠ monthly_total {total}");
    }
}

/// Checks a result of any API.
pub fn check_result(api: &str, json: &str) {
    let r: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => panic!("{api}: the result is not JSON ({e})"),
    };
    check_decimal_fields(&r, api);
    match api {
        "calculate" => check_calculation(&r),
        "temporary_assistance" | "rescue_food_allowance" => {
            check_programme(&r["programme"], "programme");
        }
        "care_home_bill" => {
            let charges = amount_sum(&r["charges"], "charges");
            let deductions = amount_sum(&r["deductions"], "deductions");
            let total_charges = decimal(&r["total_charges"], "total_charges");
            let total_deductions = decimal(&r["total_deductions"], "total_deductions");
            let out_of_pocket = decimal(&r["out_of_pocket"], "out_of_pocket");
            if charges != total_charges || deductions != total_deductions {
                panic!("care_home_bill: totals do not match their items");
            }
            if total_charges - total_deductions != out_of_pocket || out_of_pocket < Decimal::ZERO {
                panic!("care_home_bill: out_of_pocket {out_of_pocket} ≠ charges − deductions");
            }
            check_items_non_negative(&r["charges"], "charges");
            check_items_non_negative(&r["deductions"], "deductions");
        }
        "star_reward" => {
            let amount = decimal(&r["amount"], "amount");
            let items = amount_sum(&r["line_items"], "line_items");
            if amount != items || amount < Decimal::ZERO {
                panic!("star_reward: amount {amount} vs Σ line_items {items}");
            }
        }
        "star_rating" => {
            let level = r["level"].as_u64().unwrap_or(u64::MAX);
            let before = r["level_before_veto"].as_u64().unwrap_or(0);
            let vetoed = r["vetoed_by"].as_array().is_some_and(|v| !v.is_empty());
            if level > before || (vetoed && level != 0) {
                panic!("star_rating: level {level}, before veto {before}, vetoed {vetoed}");
            }
        }
        _ => {}
    }
}

/// Every value of a key in `minzheng::DECIMAL_FIELDS` is an exact decimal string.
fn check_decimal_fields(v: &Value, api: &str) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if minzheng::DECIMAL_FIELDS.contains(&k.as_str()) && !child.is_object() {
                    decimal(child, &format!("{api}: field `{k}`"));
                }
                check_decimal_fields(child, api);
            }
        }
        Value::Array(items) => items.iter().for_each(|c| check_decimal_fields(c, api)),
        _ => {}
    }
}

/// A small, seeded pseudo-random generator (xorshift64*): the stable bounded run needs no crate.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed odd constant).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % (n as u64)).unwrap_or(0)
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Values that break parsers and rules: wrong types, edges of every range, huge and tiny numbers.
pub fn interesting_values() -> Vec<Value> {
    let texts = [
        "",
        " ",
        "0",
        "-0",
        "-1",
        "0.00",
        "0.001",
        "1.",
        ".5",
        "1e3",
        "1E-7",
        "NaN",
        "Infinity",
        "-Infinity",
        "1309",
        "1309.005",
        "999999999999.99",
        "1000000000000",
        "1000000000000.01",
        "123456789012345678901234567890",
        "-123456789012345678901234567890.5",
        "2025-07-01",
        "2025-02-29",
        "2024-02-29",
        "1899-12-31",
        "2200-01-01",
        "1900-01-01",
        "2199-12-31",
        "2025-13-01",
        "2025-7-1",
        "+2025-07-01",
        "tianhe",
        "nowhere",
        "urban",
        "guangzhou",
        "\u{0}",
        "\u{1}invalid_value\u{1}x",
        "é",
        "𝄞",
        "calculate",
        "dibao.standard",
        "guangzhou/huangpu",
        "-5",
        "0.5",
        "1",
        "3.6",
        "-0.4",
        "1000.0001",
    ];
    let mut out: Vec<Value> = texts
        .iter()
        .map(|t| Value::String((*t).to_string()))
        .collect();
    for n in [
        0i64,
        -1,
        1,
        2,
        3,
        4,
        5,
        6,
        10,
        12,
        13,
        18,
        59,
        60,
        62,
        63,
        99,
        100,
        101,
        110,
        150,
        151,
        366,
        i64::from(i32::MAX),
        i64::MAX,
        i64::MIN,
    ] {
        out.push(Value::from(n));
    }
    out.push(Value::from(u64::MAX));
    out.push(serde_json::json!(1.5));
    out.push(serde_json::json!(1e300));
    out.push(serde_json::json!(-0.0));
    out.extend([Value::Null, Value::Bool(true), Value::Bool(false)]);
    out.push(serde_json::json!([]));
    out.push(serde_json::json!({}));
    out.push(serde_json::json!({"unknown": 1}));
    out.push(serde_json::json!([[[[[[[[[[1]]]]]]]]]]));
    out.push(Value::String("x".repeat(5000)));
    out
}

/// Every node of `v` as a JSON pointer.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, c) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(c, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, c) in items.iter().enumerate() {
                pointers(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "-",
    "0",
    "1e999",
    "9999999999999999999999",
    ".",
    "\"members\"",
    "\"income\"",
    "\"age\"",
    "\u{1}",
];

/// One mutation of `seed`: a JSON-level change of a random node (when the seed is JSON) or a
/// byte-level edit (flip, insert, delete, duplicate, truncate, splice a token).
pub fn mutate(rng: &mut Rng, seed: &str, other: &str) -> String {
    if let (0..=5, Ok(mut v)) = (rng.below(10), serde_json::from_str::<Value>(seed)) {
        let mut nodes = Vec::new();
        pointers(&v, String::new(), &mut nodes);
        let rounds = 1 + rng.below(3);
        for _ in 0..rounds {
            let Some(ptr) = rng.pick(&nodes).cloned() else {
                break;
            };
            let values = interesting_values();
            let choice = rng.below(8);
            if let Some(node) = v.pointer_mut(&ptr) {
                match choice {
                    0 => {
                        // Grow an array by repeating its elements (many members, many items).
                        if let Value::Array(items) = node {
                            if let Some(first) = items.first().cloned() {
                                let copies = 1 + rng.below(150);
                                for _ in 0..copies {
                                    items.push(first.clone());
                                }
                            }
                        }
                    }
                    1 => {
                        // Drop a key of an object.
                        if let Value::Object(map) = node {
                            let keys: Vec<String> = map.keys().cloned().collect();
                            if let Some(k) = rng.pick(&keys) {
                                map.remove(k);
                            }
                        }
                    }
                    2 => {
                        // Add an unknown or duplicated-looking key.
                        if let Value::Object(map) = node {
                            map.insert("extra_field".into(), Value::from(1));
                        }
                    }
                    _ => {
                        if let Some(new) = rng.pick(&values) {
                            *node = new.clone();
                        }
                    }
                }
            }
        }
        return v.to_string();
    }
    let mut bytes = seed.as_bytes().to_vec();
    let edits = 1 + rng.below(4);
    for _ in 0..edits {
        let len = bytes.len();
        let at = rng.below(len + 1);
        match rng.below(6) {
            0 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => {
                let token = rng.pick(TOKENS).copied().unwrap_or("");
                bytes.splice(at..at, token.bytes());
            }
            2 => {
                let end = (at + 1 + rng.below(16)).min(len);
                if at < end {
                    bytes.drain(at..end);
                }
            }
            3 => bytes.truncate(at),
            4 => {
                let end = (at + 1 + rng.below(64)).min(len);
                let piece: Vec<u8> = bytes.get(at..end).map(<[u8]>::to_vec).unwrap_or_default();
                bytes.splice(at..at, piece);
            }
            _ => {
                let o = other.as_bytes();
                let from = rng.below(o.len() + 1);
                let piece = o.get(from..).unwrap_or(&[]);
                bytes.truncate(at);
                bytes.extend_from_slice(piece);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
