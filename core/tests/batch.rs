//! Batch runs give the single-household results, household by household: on every golden
//! vector of the `calculate` API and on a generated sample; the column form of a population
//! decodes to the same requests; the cliff finds the hand-computed thresholds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use minzheng::batch::cliff::{CliffRequest, cliff, cliff_json};
use minzheng::batch::population::{Column, Population, counted_household_income};
use minzheng::batch::{self, Options};
use minzheng::reform::Reform;
use minzheng::{CalculationRequest, Date, ErrorCode, ParameterStore};
use serde_json::{Map, Value, json};

fn vectors() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            (f.file_stem().unwrap().to_string_lossy().to_string(), v)
        })
        .filter(|(_, v)| {
            v.get("api").is_none_or(|a| a == "calculate") && v.get("request").is_some()
        })
        .collect()
}

/// Compares a batch outcome with `calculate_with` household by household.
fn assert_matches_single(
    store: &ParameterStore,
    names: &[String],
    requests: &[CalculationRequest],
    threads: usize,
) {
    let outcome = batch::run(
        store,
        requests,
        &Options {
            threads,
            trace: vec![0],
        },
    )
    .unwrap();
    let mut compared = 0;
    for (i, (name, request)) in names.iter().zip(requests).enumerate() {
        match minzheng::calculate_with(store, request) {
            Ok(single) => {
                let row = outcome.row(i).unwrap();
                assert_eq!(row.len(), single.programmes.len(), "{name}");
                for (cell, p) in row.iter().zip(&single.programmes) {
                    assert_eq!(cell.status, p.status, "{name}: {:?}", p.programme);
                    assert_eq!(
                        cell.monthly_amount, p.monthly_amount,
                        "{name}: {:?}",
                        p.programme
                    );
                    assert_eq!(
                        cell.one_off_amount, p.one_off_amount,
                        "{name}: {:?}",
                        p.programme
                    );
                }
                assert_eq!(outcome.monthly_total(i), single.monthly_total, "{name}");
                compared += 1;
            }
            Err(e) => {
                let (_, be) = outcome.errors.iter().find(|(j, _)| *j == i).expect(name);
                assert_eq!((be.code, &be.path), (e.code, &e.path), "{name}");
            }
        }
    }
    assert!(compared > 0);
    // The trace is the full explained result.
    if let Some((0, traced)) = outcome.traces.first() {
        let mut explained = requests[0].clone();
        explained.options.explain = true;
        assert_eq!(
            *traced,
            minzheng::calculate_with(store, &explained).unwrap()
        );
    }
}

#[test]
fn batch_equals_single_on_every_calculate_vector() {
    let vs = vectors();
    assert!(vs.len() >= 50, "found {} calculate vectors", vs.len());
    let (mut names, mut requests) = (Vec::new(), Vec::new());
    for (name, v) in vs {
        if let Ok(r) = serde_json::from_value::<CalculationRequest>(v["request"].clone()) {
            names.push(name);
            requests.push(r);
        }
    }
    let store = ParameterStore::embedded().unwrap();
    for threads in [1, 2, 3] {
        assert_matches_single(store, &names, &requests, threads);
    }
    let reform = Reform::from_json(
        r#"{"name":"r","overrides":[{"key":"dibao.standard","value":"1400","from":"2025-07-01"}]}"#,
    )
    .unwrap();
    assert_matches_single(&store.with_reform(&reform).unwrap(), &names, &requests, 2);
}

/// A small deterministic generator (xorshift), so the sample needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// `n` varied households (sizes, ages, incomes around the thresholds, disability, flags,
/// assets, supporters), in the two forms: JSON requests and columns.
fn sample(n: usize, seed: u64) -> (Vec<Value>, Population) {
    let mut rng = Rng(seed);
    let districts = [
        "tianhe", "yuexiu", "huangpu", "panyu", "nansha", "baiyun", "conghua",
    ];
    let mut requests = Vec::new();
    let mut hh: Vec<(&str, Vec<Option<Value>>)> = vec![
        ("district", vec![]),
        ("area", vec![]),
        ("assets.deposits", vec![]),
    ];
    let names = [
        "id",
        "age",
        "hukou",
        "income.wages",
        "income.pension",
        "disability.category",
        "disability.grade",
        "supporters",
        "flags.serious_illness",
    ];
    let mut ps: Vec<Vec<Option<Value>>> = vec![vec![]; names.len()];
    let mut members = Vec::new();
    for _ in 0..n {
        let district = rng.pick(&districts);
        let area = rng.pick(&["urban", "urban", "rural"]);
        let deposits = format!("{}.{:02}", rng.below(60_000), rng.below(100));
        let size = 1 + rng.below(5) as usize;
        let mut people = Vec::new();
        for k in 0..size {
            let age = if k == 0 {
                18 + rng.below(80)
            } else {
                rng.below(95)
            };
            let wages = if (18..60).contains(&age) && rng.below(3) > 0 {
                Some(format!("{}", rng.below(4_000)))
            } else {
                None
            };
            let pension =
                (age >= 60 && rng.below(2) == 0).then(|| format!("{}.50", rng.below(3_000)));
            let disabled = rng.below(10) == 0;
            let category = disabled
                .then(|| rng.pick(&["physical", "visual", "intellectual", "mental", "multiple"]));
            let grade = disabled.then(|| 1 + rng.below(4));
            let supporters = rng.pick(&["unknown", "none", "unable", "able"]);
            let ill = rng.below(20) == 0;
            let mut person = json!({"id": format!("p{k}"), "age": age, "hukou": rng.pick(&["guangzhou", "guangzhou", "other_guangdong"]),
                "supporters": supporters, "flags": {"serious_illness": ill}, "income": {}});
            if let Some(w) = &wages {
                person["income"]["wages"] = json!(w);
            }
            if let Some(p) = &pension {
                person["income"]["pension"] = json!(p);
            }
            if disabled {
                person["disability"] = json!({"category": category, "grade": grade});
            }
            let row: [Option<Value>; 9] = [
                Some(json!(format!("p{k}"))),
                Some(json!(age)),
                Some(person["hukou"].clone()),
                wages.map(Value::from),
                pension.map(Value::from),
                category.map(Value::from),
                grade.map(Value::from),
                Some(json!(supporters)),
                Some(json!(ill)),
            ];
            for (col, v) in ps.iter_mut().zip(row) {
                col.push(v);
            }
            people.push(person);
        }
        members.push(size);
        hh[0].1.push(Some(json!(district)));
        hh[1].1.push(Some(json!(area)));
        hh[2].1.push(Some(json!(deposits)));
        requests.push(json!({"calculation_date": "2025-07-01", "household": {
            "district": district, "area": area, "members": people, "assets": {"deposits": deposits}}}));
    }
    let households = hh
        .into_iter()
        .map(|(name, values)| Column::new("households", name, values).unwrap())
        .collect();
    let persons = names
        .iter()
        .zip(ps)
        .map(|(name, values)| Column::new("persons", name, values).unwrap())
        .collect();
    (
        requests,
        Population::new(households, persons, &members).unwrap(),
    )
}

#[test]
fn batch_equals_single_on_a_generated_sample_and_columns_decode_alike() {
    let (json_requests, population) = sample(400, 0x9E37_79B9_7F4A_7C15);
    let date = Date::parse("2025-07-01").unwrap();
    let from_columns = population.requests(date, &Map::new(), 2).unwrap();
    let mut requests = Vec::new();
    for (i, (value, decoded)) in json_requests.iter().zip(from_columns).enumerate() {
        let direct: CalculationRequest = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(decoded.unwrap(), direct, "household {i}");
        requests.push(direct);
    }
    let names: Vec<String> = (0..requests.len())
        .map(|i| format!("household {i}"))
        .collect();
    let store = ParameterStore::embedded().unwrap();
    assert_matches_single(store, &names, &requests, 2);
    // The sample is varied enough to exercise the programmes.
    let outcome = batch::run(store, &requests, &Options::default()).unwrap();
    let eligible = |name: &str| {
        let c = outcome
            .programmes
            .iter()
            .position(|p| p.name == name)
            .unwrap();
        (0..requests.len())
            .filter(|i| outcome.row(*i).unwrap()[c].status == minzheng::wire::Eligibility::Eligible)
            .count()
    };
    assert!(eligible("dibao") > 10, "dibao: {}", eligible("dibao"));
    assert!(eligible("dibao_marginal") > 0);
    assert!(eligible("tekun") > 0);
    assert!(counted_household_income(&requests[0]) >= rust_decimal::Decimal::ZERO);
}

#[test]
fn column_errors_name_the_field() {
    let col = |t: &str, n: &str, v: Vec<Option<Value>>| Column::new(t, n, v).unwrap();
    let population = Population::new(
        vec![
            col("households", "district", vec![Some(json!("tianhe"))]),
            col("households", "area", vec![Some(json!("urban"))]),
        ],
        vec![
            col("persons", "id", vec![Some(json!("a")), Some(json!("b"))]),
            col("persons", "age", vec![Some(json!(40)), None]),
            col(
                "persons",
                "hukou",
                vec![Some(json!("guangzhou")), Some(json!("guangzhou"))],
            ),
            col("persons", "income.wages", vec![Some(json!(1200.5)), None]),
        ],
        &[2],
    )
    .unwrap();
    let date = Date::parse("2025-07-01").unwrap();
    let e = population.request(0, date, &Map::new()).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InvalidMoney, "household.members[0].income.wages")
    );
    assert_eq!(
        Column::new("persons", "income..wages", vec![])
            .unwrap_err()
            .code,
        ErrorCode::InvalidValue
    );
    let short =
        Population::new(vec![col("households", "district", vec![])], vec![], &[1]).unwrap_err();
    assert_eq!(
        (short.code, short.path.as_str()),
        (ErrorCode::InvalidValue, "households.district")
    );
}

#[test]
fn batch_reports_bad_households_and_keeps_the_others() {
    let good: CalculationRequest = serde_json::from_value(json!({"calculation_date": "2025-07-01",
        "household": {"district": "tianhe", "area": "urban", "members": [{"id": "a", "age": 45, "hukou": "guangzhou"}]}}))
    .unwrap();
    let mut bad = good.clone();
    bad.household.members[0].age = Some(200);
    let mut early = good.clone();
    early.calculation_date = Date::parse("2018-06-01").unwrap();
    let outcome = batch::run(
        ParameterStore::embedded().unwrap(),
        &[bad, good, early],
        &Options::default(),
    )
    .unwrap();
    let codes: Vec<(usize, ErrorCode)> = outcome.errors.iter().map(|(i, e)| (*i, e.code)).collect();
    assert_eq!(
        codes,
        vec![
            (0, ErrorCode::OutOfRange),
            (2, ErrorCode::ParameterNotInForce)
        ]
    );
    assert_eq!(
        outcome.row(1).unwrap()[0].status,
        minzheng::wire::Eligibility::Eligible
    );
    let e = batch::run(
        ParameterStore::embedded().unwrap(),
        &[],
        &Options {
            threads: 0,
            trace: vec![3],
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::OutOfRange);
}

fn cliff_request() -> Value {
    json!({
        "request": {"calculation_date": "2025-07-01", "household": {"district": "tianhe", "area": "urban", "members": [
            {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "1500"}},
            {"id": "b", "age": 12, "hukou": "guangzhou", "flags": {"full_time_student": true}}]}},
        "vary": "household.members[0].income.wages",
        "from": "0", "to": "10000", "step": "100"
    })
}

#[test]
fn the_cliff_finds_the_exact_thresholds() {
    // Standard 1309 × 2 = 2618: dibao while wages < 2618; marginal from 2618 while below
    // 1.5 × 2618 = 3927; 分类救济 (0.2 × 1309 = 261.80 for the child, a full-time student) while
    // dibao or marginal.
    let out: Value =
        serde_json::from_str(&cliff_json(&cliff_request().to_string()).unwrap()).unwrap();
    assert_eq!(out["resolution"], "0.01");
    assert_eq!(out["points"].as_array().unwrap().len(), 101);
    let changes: Vec<(String, String, String, String)> = out["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["programme"].as_str().unwrap().to_string(),
                c["at"].as_str().unwrap().to_string(),
                c["status_before"].as_str().unwrap().to_string(),
                c["status_after"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("dibao", "2618", "eligible", "not_eligible"),
        ("dibao_marginal", "2618", "not_eligible", "eligible"),
        ("dibao_marginal", "3927", "eligible", "not_eligible"),
        ("classified_relief", "3927", "eligible", "not_eligible"),
    ];
    for (p, at, before, after) in expected {
        assert!(
            changes
                .iter()
                .any(|c| (c.0.as_str(), c.1.as_str(), c.2.as_str(), c.3.as_str())
                    == (p, at, before, after)),
            "{p} at {at}: {changes:?}"
        );
    }
    let relief = out["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["programme"] == "classified_relief")
        .unwrap();
    assert_eq!(relief["last_before"], "3926.99");
    assert_eq!(relief["monthly_before"], "261.80");
    assert_eq!(relief["total_before"], "261.80");
    assert_eq!(relief["total_after"], "0.00");
    // At wages 0: 2618 + 261.80 for the child.
    assert_eq!(out["points"][0]["monthly_total"], "2879.80");
}

#[test]
fn the_cliff_follows_a_reform_and_whole_number_inputs() {
    let mut r = cliff_request();
    r["reform"] = json!({"name": "r", "overrides": [{"key": "dibao.standard", "value": "1400", "from": "2025-01-01"}]});
    let out: Value = serde_json::from_str(&cliff_json(&r.to_string()).unwrap()).unwrap();
    let dibao_end = out["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["programme"] == "dibao")
        .unwrap();
    assert_eq!(dibao_end["at"], "2800");
    // Sweeping the age of a childless woman: 分类救济 for childless elders starts at 55 for women.
    let mut r = cliff_request();
    r["request"]["household"]["members"][1] = json!({"id": "b", "age": 50, "sex": "female", "hukou": "guangzhou", "flags": {"childless": true}});
    r["vary"] = json!("household.members[1].age");
    r["from"] = json!("50");
    r["to"] = json!(60);
    r["step"] = json!("5");
    let request: CliffRequest = serde_json::from_value(r).unwrap();
    let c = cliff(ParameterStore::embedded().unwrap(), &request, 1).unwrap();
    assert_eq!(c.resolution.0, rust_decimal::Decimal::ONE);
    let relief = c
        .changes
        .iter()
        .find(|c| c.programme == "classified_relief")
        .unwrap();
    assert_eq!(relief.at.0, rust_decimal::Decimal::from(55));
}

#[test]
fn the_cliff_sees_a_member_losing_an_entitlement_inside_a_programme() {
    // Two 特困 elders (no supporters; pensions are not counted for 特困). The first one's wages
    // count: from 1309 (the dibao standard) she is no longer 特困, her husband still is.
    let request = json!({
        "request": {"calculation_date": "2025-07-01", "household": {"district": "panyu", "area": "urban", "members": [
            {"id": "p1", "age": 70, "hukou": "guangzhou", "supporters": "none", "income": {"pension": "1715"}},
            {"id": "p2", "age": 75, "hukou": "guangzhou", "supporters": "none", "income": {"pension": "2519"}}]}},
        "vary": "household.members[0].income.wages", "from": "0", "to": "5000", "step": "250"
    });
    let out: Value = serde_json::from_str(&cliff_json(&request.to_string()).unwrap()).unwrap();
    let tekun = out["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["programme"] == "tekun")
        .unwrap();
    assert_eq!(
        (
            tekun["status_before"].as_str(),
            tekun["status_after"].as_str()
        ),
        (Some("eligible"), Some("eligible"))
    );
    assert_eq!(tekun["at"], "1309");
    assert_eq!(tekun["last_before"], "1308.99");
    assert!(
        tekun["lines_ended"]
            .as_array()
            .unwrap()
            .contains(&json!("tekun.basic[p1]")),
        "{tekun}"
    );
    assert!(tekun["lines_started"].as_array().unwrap().is_empty());
}

#[test]
fn cliff_errors_have_codes() {
    let code = |patch: Value| {
        let mut r = cliff_request();
        for (k, v) in patch.as_object().unwrap() {
            r[k] = v.clone();
        }
        cliff_json(&r.to_string()).unwrap_err().code
    };
    assert_eq!(
        code(json!({"vary": "household.members[5].income.wages"})),
        ErrorCode::InvalidValue
    );
    assert_eq!(
        code(json!({"vary": "calculation_date"})),
        ErrorCode::InvalidValue
    );
    assert_eq!(code(json!({"step": "0.001"})), ErrorCode::InvalidValue);
    assert_eq!(code(json!({"step": "0"})), ErrorCode::OutOfRange);
    assert_eq!(code(json!({"step": "0.01"})), ErrorCode::InputTooLarge);
    assert_eq!(code(json!({"from": 1.5})), ErrorCode::InvalidValue);
}

/// Throughput of the core batch path (not a test of behaviour):
/// `cargo test -p minzheng --release --test batch -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let (json_requests, _) = sample(20_000, 7);
    let requests: Vec<CalculationRequest> = json_requests
        .into_iter()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect();
    let many: Vec<CalculationRequest> = requests.iter().cycle().take(100_000).cloned().collect();
    let (_, population) = sample(20_000, 7);
    let date = Date::parse("2025-07-01").unwrap();
    let t = std::time::Instant::now();
    let decoded = population.requests(date, &Map::new(), 1).unwrap();
    let s = t.elapsed().as_secs_f64();
    assert!(decoded.iter().all(Result::is_ok));
    println!(
        "columns to requests, one thread: {:.0} households/s",
        20_000.0 / s
    );
    let store = ParameterStore::embedded().unwrap();
    let reform = Reform::from_json(
        r#"{"name":"r","overrides":[{"key":"dibao.standard","value":"1400","from":"2025-07-01"}]}"#,
    )
    .unwrap();
    let reformed = store.with_reform(&reform).unwrap();
    for threads in [1, 0] {
        let t = std::time::Instant::now();
        batch::run(
            store,
            &many,
            &Options {
                threads,
                trace: vec![],
            },
        )
        .unwrap();
        batch::run(
            &reformed,
            &many,
            &Options {
                threads,
                trace: vec![],
            },
        )
        .unwrap();
        let s = t.elapsed().as_secs_f64();
        println!(
            "threads {threads}: 10^5 households, baseline + reform: {s:.2} s, {:.0} households/s",
            100_000.0 / s
        );
    }
    let t = std::time::Instant::now();
    for r in many.iter().take(20_000) {
        minzheng::calculate_with(store, r).unwrap();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "calculate_with (explain on, receipt), one thread: {:.0} households/s",
        20_000.0 / s
    );
    let t = std::time::Instant::now();
    for r in many.iter().take(20_000) {
        let mut r = r.clone();
        r.options.explain = false;
        minzheng::calculate_with(store, &r).unwrap();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "calculate_with (explain off, receipt), one thread: {:.0} households/s",
        20_000.0 / s
    );
}
