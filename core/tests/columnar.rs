//! The two modes of the one rule set agree: the explained calculation (`minzheng::calculate`)
//! and the columnar engine (`minzheng::columnar::run`) give every household the same status,
//! reason code and amounts, to the fen, on every golden vector and on generated households
//! that reach every programme (`MINZHENG_DIFFERENTIAL_HOUSEHOLDS`, default 100,000).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use minzheng::ParameterStore;
use minzheng::columnar::{self, Options, STATUSES, requests::Requests};
use minzheng::engine::PROGRAMMES;
use minzheng::engine::facts::Common;
use minzheng::engine::rates::RateTable;
use minzheng::engine::reasons::{self, ReasonCode};
use minzheng::reform::Reform;
use minzheng::region::District;
use minzheng::wire::CalculationRequest;
use serde_json::{Value, json};

/// A small deterministic generator (xorshift).
pub struct Rng(pub u64);

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
    fn chance(&mut self, per_100: u64) -> bool {
        self.below(100) < per_100
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn money(&mut self, max_yuan: u64) -> String {
        format!("{}.{:02}", self.below(max_yuan), self.below(100))
    }
}

/// Every district's wire name (the region's own list, not a copy of it).
fn districts() -> Vec<&'static str> {
    District::ALL.iter().map(|d| d.as_str()).collect()
}

/// A person likely to touch the thresholds of every programme.
fn person(rng: &mut Rng, k: usize) -> Value {
    let age = if k == 0 {
        16 + rng.below(90)
    } else {
        rng.below(105)
    };
    let mut p = json!({
        "id": format!("p{k}"),
        "age": age,
        "hukou": rng.pick(&["guangzhou", "guangzhou", "guangzhou", "other_guangdong", "other"]),
        "supporters": rng.pick(&["unknown", "none", "unable", "able"]),
        "income": {},
        "flags": {},
    });
    let income = &mut p["income"];
    if (16..65).contains(&age) && rng.chance(60) {
        income["wages"] = json!(rng.money(5_000));
        if rng.chance(30) {
            income["employment_costs"] = json!(rng.money(600));
        }
    }
    if age >= 55 && rng.chance(50) {
        income["pension"] = json!(rng.money(3_500));
    }
    for key in [
        "business_net",
        "property_net",
        "transfer_net",
        "other",
        "social_insurance_benefits",
        "longevity_allowance",
        "preferential_pension",
        "scholarship",
        "social_assistance",
        "basic_pension_central",
        "disability_subsidies",
        "rigid_expenditure_deduction",
    ] {
        if rng.chance(4) {
            income[key] = json!(rng.money(1_500));
        }
    }
    if rng.chance(15) {
        p["disability"] = json!({
            "category": rng.pick(&["physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple"]),
            "grade": 1 + rng.below(4),
        });
    }
    if rng.chance(10) {
        p["ability_level"] = json!(rng.pick(&["intact", "mild", "moderate", "severe", "complete"]));
    }
    if rng.chance(8) {
        p["adl_unmet"] = json!(rng.below(7));
    }
    if rng.chance(5) {
        p["home_care_subsidy"] = json!(rng.money(600));
    }
    if rng.chance(4) {
        p["service_disability_grade"] = json!(1 + rng.below(10));
    }
    if rng.chance(4) {
        p["elderly_care_subsidy"] = json!(rng.money(400));
    }
    if rng.chance(5) {
        p["disability_subsidy_approved"] = json!(format!(
            "2025-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        ));
    }
    if age >= 60 && rng.chance(15) {
        let mut kinds = Vec::new();
        if rng.chance(50) {
            kinds.push("type1");
        }
        if rng.chance(50) {
            kinds.push("type2");
        }
        p["home_care_funding"] = json!(kinds);
    }
    if age >= 60 && rng.chance(15) {
        let meals = rng.below(63);
        let delivered = if meals > 0 && rng.chance(40) {
            rng.below(meals + 1)
        } else {
            0
        };
        let mut meal =
            json!({"meals": meals, "meal_price": rng.money(30), "delivered_meals": delivered});
        if delivered > 0 || rng.chance(30) {
            meal["care_level"] = json!(1 + rng.below(5));
        }
        p["meal_aid"] = meal;
    }
    if rng.chance(60) {
        p["sex"] = json!(rng.pick(&["male", "female"]));
    }
    for flag in [
        "serious_illness",
        "orphan",
        "de_facto_unsupported_child",
        "lives_in_institution",
        "child_chooses_tekun",
        "unemployment_benefit",
        "preferential_care_recipient",
        "work_injury_care_allowance",
        "retired_cadre_lixiu",
        "full_time_student",
        "childless",
        "outpatient_special_disease",
    ] {
        if rng.chance(
            if age < 18 && (flag.contains("child") || flag == "orphan") {
                25
            } else if flag == "childless" && age >= 55 {
                30
            } else {
                4
            },
        ) {
            p["flags"][flag] = json!(true);
        }
    }
    p
}

fn household(rng: &mut Rng, date: &str, common: &Value) -> Value {
    let most = if rng.chance(5) { 8 } else { 4 };
    let size = 1 + rng.below(most) as usize;
    let members: Vec<Value> = (0..size).map(|k| person(rng, k)).collect();
    let mut assets = json!({});
    for key in [
        "deposits",
        "securities",
        "funds",
        "commercial_insurance",
        "receivables",
        "online_financial",
    ] {
        if rng.chance(if key == "deposits" { 70 } else { 5 }) {
            let max = if rng.chance(20) { 200_000 } else { 30_000 };
            assets[key] = json!(rng.money(max));
        }
    }
    if rng.chance(3) {
        assets["vehicles"] = json!(rng.money(100_000));
    }
    if rng.chance(3) {
        assets["extra_dwellings"] = json!(rng.below(3));
    }
    if rng.chance(2) {
        assets["non_residential_properties"] = json!(rng.below(2));
    }
    if rng.chance(2) {
        assets["business_registration"] = json!(rng.chance(50));
    }
    if rng.chance(3) {
        assets["livelihood_vehicle"] = json!(rng.chance(70));
    }
    let mut h = json!({
        "district": rng.pick(&districts()),
        "area": rng.pick(&["urban", "urban", "rural"]),
        "members": members,
        "assets": assets,
    });
    if rng.chance(20) {
        h["rigid_expenditure"] = json!({
            "basic_living": rng.money(40_000),
            "medical_out_of_pocket": rng.money(60_000),
            "education": rng.money(20_000),
            "rehabilitation": rng.money(10_000),
        });
    }
    let mut r = json!({"calculation_date": date, "household": h, "options": {"explain": false}});
    if let Some(bp) = common.get("back_pay") {
        r["back_pay"] = bp.clone();
    }
    if let Some(pi) = common.get("price_indices") {
        r["price_indices"] = pi.clone();
    }
    r
}

/// Compares the explained results of `requests` with one columnar run of them under `store`.
fn compare(store: &ParameterStore, requests: &[CalculationRequest], label: &str) -> usize {
    let date = requests[0].calculation_date;
    let common = Common::of(&requests[0]);
    let table = RateTable::resolve(store, date);
    let outcome = columnar::run(
        &Requests::new(requests),
        &[&table],
        common,
        Options {
            threads: 2,
            ..Options::default()
        },
    )
    .expect("the run completes");
    let columns = &outcome.scenarios[0];
    let mut compared = 0;
    for (h, request) in requests.iter().enumerate() {
        let explained = minzheng::calculate_with(store, request);
        let error = outcome.errors.iter().find(|(i, _)| *i == h).map(|(_, e)| e);
        match (explained, error) {
            (Err(a), Some(b)) => {
                assert_eq!(
                    (a.code, &a.path),
                    (b.code, &b.path),
                    "{label} household {h}: errors differ"
                );
                // Nothing of a household that failed is kept (nor left from another).
                let missing = columnar::status_code(minzheng::wire::Eligibility::NotAssessed);
                for p in 0..PROGRAMMES.len() {
                    let cells = (
                        columns.status[p][h],
                        columns.reason[p][h],
                        columns.monthly[p][h],
                    );
                    assert_eq!(
                        cells,
                        (missing, 0, 0),
                        "{label} household {h} programme {p}"
                    );
                }
                let totals = (columns.monthly_total[h], columns.one_off_total[h]);
                assert_eq!(totals, (0, 0), "{label} household {h}: totals");
            }
            (Err(a), None) => panic!("{label} household {h}: explained error {a}, columnar none"),
            (Ok(_), Some(b)) => panic!("{label} household {h}: columnar error {b}, explained none"),
            (Ok(result), None) => {
                assert_eq!(result.programmes.len(), PROGRAMMES.len());
                for (p, r) in result.programmes.iter().enumerate() {
                    assert_eq!(r.programme, PROGRAMMES[p], "{label}: programme order");
                    let status = STATUSES[usize::from(columns.status[p][h])];
                    let reason = reasons::code(columns.reason[p][h]);
                    let monthly = columns.monthly[p][h];
                    // Programmes without a one-off column (columnar::ONE_OFF) pay none: the
                    // explained result must agree.
                    let one_off = columns.has_one_off[p]
                        .get(h)
                        .copied()
                        .unwrap_or(false)
                        .then(|| columns.one_off[p][h]);
                    let fen =
                        |m: minzheng::Money| minzheng::engine::exact::fen_of(m.0).expect("fen");
                    assert_eq!(
                        (
                            r.status,
                            r.reason.as_ref().map(|x| x.code.as_str()),
                            fen(r.monthly_amount),
                            r.one_off_amount.map(fen)
                        ),
                        (status, reason, monthly, one_off),
                        "{label} household {h} programme {:?}: explained vs columnar\n{}",
                        r.programme,
                        serde_json::to_string(request).unwrap_or_default()
                    );
                    let items: i64 = r.line_items.iter().map(|i| fen(i.amount)).sum();
                    assert_eq!(
                        items, monthly,
                        "{label} household {h} {:?}: line items sum to the amount",
                        r.programme
                    );
                }
                // The run's totals are the explained result's.
                let fen = |m: minzheng::Money| minzheng::engine::exact::fen_of(m.0).expect("fen");
                assert_eq!(
                    (columns.monthly_total[h], columns.one_off_total[h]),
                    (fen(result.monthly_total), fen(result.one_off_total)),
                    "{label} household {h}: totals"
                );
                compared += 1;
            }
        }
    }
    compared
}

fn generated(n: usize, seed: u64, date: &str, common: Value) -> Vec<CalculationRequest> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let value = household(&mut rng, date, &common);
            serde_json::from_value(value).expect("a generated request decodes")
        })
        .collect()
}

#[test]
fn explained_and_columnar_agree_on_generated_households() {
    let n: usize = std::env::var("MINZHENG_DIFFERENTIAL_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let store = ParameterStore::embedded().expect("embedded parameters");
    let reform = Reform::from_json(
        r#"{"name":"r","overrides":[{"key":"dibao.standard","value":"1400","from":"2025-07-01"},{"key":"dibao.marginal_multiplier","value":"1.75","from":"2025-07-01"}]}"#,
    )
    .expect("reform");
    let reformed = store.with_reform(&reform).expect("reformed store");
    // Dates: the current rules; before the marginal threshold was in force; an October (the
    // centenarians' lump sum) with back pay and triggered price indices; a date no standard covers.
    let runs = [
        ("2025-07-01", json!({}), n / 2),
        ("2025-03-01", json!({}), n / 8),
        (
            "2025-10-15",
            json!({"back_pay": {"previous_standard": "1250.00", "months": 6}, "price_indices": {"cpi_yoy_percent": "3.6", "food_cpi_yoy_percent": "6.4"}}),
            n / 4,
        ),
        (
            "2023-05-01",
            json!({"price_indices": {"cpi_yoy_percent": "1.2", "food_cpi_yoy_percent": "7.0"}}),
            n / 8,
        ),
    ];
    let mut total = 0;
    for (k, (date, common, count)) in runs.into_iter().enumerate() {
        let requests = generated(count.max(50), 17 + k as u64, date, common);
        total += compare(store, &requests, &format!("baseline {date}"));
        if k == 0 {
            total += compare(&reformed, &requests, &format!("reform {date}"));
        }
    }
    assert!(total > n / 2, "compared {total} households");
}

#[test]
fn a_selection_of_programmes_decides_them_as_a_run_of_every_programme() {
    use minzheng::engine::selection::Selection;
    let store = ParameterStore::embedded().expect("embedded parameters");
    let common = json!({"back_pay": {"previous_standard": "1250.00", "months": 6}, "price_indices": {"cpi_yoy_percent": "3.6", "food_cpi_yoy_percent": "6.4"}});
    let requests = generated(4_000, 91, "2025-10-15", common);
    let date = requests[0].calculation_date;
    let table = RateTable::resolve(store, date);
    let run = |programmes| {
        columnar::run(
            &Requests::new(&requests),
            &[&table],
            Common::of(&requests[0]),
            Options {
                threads: 2,
                programmes,
            },
        )
        .expect("the run completes")
    };
    let all = run(Selection::ALL);
    let mut rng = Rng(5);
    // Each programme alone, then random sets.
    let mut selections: Vec<Selection> = PROGRAMMES.iter().map(|p| Selection::of(&[*p])).collect();
    selections.extend((0..12).map(|_| {
        let chosen: Vec<_> = PROGRAMMES
            .iter()
            .copied()
            .filter(|_| rng.chance(40))
            .collect();
        Selection::of(&chosen)
    }));
    let not_assessed = STATUSES
        .iter()
        .position(|s| *s == minzheng::wire::Eligibility::NotAssessed)
        .expect("a status code") as u8;
    for selection in selections {
        let some = run(selection);
        assert_eq!(some.errors.len(), 0, "{selection:?}: errors");
        let (a, b) = (&all.scenarios[0], &some.scenarios[0]);
        for (p, programme) in PROGRAMMES.iter().enumerate() {
            if selection.contains_index(p) {
                assert_eq!(
                    (&a.status[p], &a.reason[p], &a.monthly[p], &a.one_off[p]),
                    (&b.status[p], &b.reason[p], &b.monthly[p], &b.one_off[p]),
                    "{selection:?} {programme:?}: statuses, reasons, amounts, one-off"
                );
            } else {
                assert!(b.status[p].iter().all(|s| *s == not_assessed));
                assert!(b.monthly[p].iter().all(|m| *m == 0));
                assert!(b.one_off[p].iter().all(|m| *m == 0));
            }
        }
    }
    // The generated households reach the programmes (the comparison is not vacuous).
    let paid = |p: usize| {
        all.scenarios[0].monthly[p]
            .iter()
            .filter(|m| **m > 0)
            .count()
    };
    assert!((0..PROGRAMMES.len()).filter(|p| paid(*p) > 0).count() >= 9);
}

/// The common inputs and dates the key tests run under: back pay and triggered price indices
/// (every programme reads its parameters), the current rules, a date before some rules.
fn dated_runs() -> Vec<(&'static str, Value)> {
    vec![
        (
            "2025-10-15",
            json!({"back_pay": {"previous_standard": "1250.00", "months": 6}, "price_indices": {"cpi_yoy_percent": "3.6", "food_cpi_yoy_percent": "6.4"}}),
        ),
        ("2025-07-01", json!({})),
        (
            "2023-05-01",
            json!({"price_indices": {"cpi_yoy_percent": "1.2", "food_cpi_yoy_percent": "7.0"}}),
        ),
        ("2026-03-01", json!({})),
    ]
}

/// A programme's statuses, reasons, monthly and one-off amounts, and the run's errors.
type ProgrammeColumns = (Vec<u8>, Vec<u8>, Vec<i64>, Vec<i64>, Vec<(usize, String)>);

/// The columns and errors of programme `p` in scenario `s` of a run, for comparing two runs.
fn programme_columns(o: &columnar::Outcome, s: usize, p: usize) -> ProgrammeColumns {
    let c = &o.scenarios[s];
    let errors = o
        .errors
        .iter()
        .map(|(i, e)| (*i, format!("{:?} {} {}", e.code, e.path, e.message)))
        .collect();
    (
        c.status[p].clone(),
        c.reason[p].clone(),
        c.monthly[p].clone(),
        c.one_off[p].clone(),
        errors,
    )
}

/// Every programme's kernels read only the parameters `Selection::keys` gives for it: a run of
/// the programme on rates holding only those keys (every other one not in force) gives the same
/// columns and errors. The reuse of baseline verdicts under a reform rests on these sets.
#[test]
fn each_programme_reads_only_the_parameters_it_declares() {
    use minzheng::engine::selection::Selection;
    let store = ParameterStore::embedded().expect("embedded parameters");
    for (k, (date, common)) in dated_runs().into_iter().enumerate() {
        let requests = generated(3_000, 300 + k as u64, date, common);
        let date = requests[0].calculation_date;
        let table = RateTable::resolve(store, date);
        let run = |table: &RateTable<'_>, programmes| {
            columnar::run(
                &Requests::new(&requests),
                &[table],
                Common::of(&requests[0]),
                Options {
                    threads: 2,
                    programmes,
                },
            )
            .expect("the run completes")
        };
        for (p, programme) in PROGRAMMES.iter().enumerate() {
            let one = Selection::of(&[*programme]);
            let full = run(&table, one);
            let only = run(&table.only(one.keys()), one);
            assert_eq!(
                programme_columns(&full, 0, p),
                programme_columns(&only, 0, p),
                "{date} {programme:?} reads a parameter outside its keys"
            );
        }
    }
}

/// A run of a baseline and reforms together (which copies the baseline's verdicts of the
/// programmes a reform leaves alone) gives each scenario the columns of a run of that scenario
/// alone.
#[test]
fn a_reform_decides_again_only_what_it_changes_and_agrees_with_a_run_of_its_own() {
    use minzheng::engine::selection::Selection;
    let store = ParameterStore::embedded().expect("embedded parameters");
    let reforms = [
        ("dibao.standard", "1400"),
        ("longevity.age_70_79", "40"),
        ("disability.living_subsidy", "250"),
        ("orphan.allowance", "2500"),
        ("home_care.type1", "450"),
        ("meal_aid.share_of_meal", "0.5"),
    ];
    let stores: Vec<ParameterStore> = reforms
        .iter()
        .map(|(key, value)| {
            let json = format!(
                r#"{{"name":"r","overrides":[{{"key":"{key}","value":"{value}","from":"2023-01-01"}}]}}"#
            );
            store
                .with_reform(&Reform::from_json(&json).expect("reform"))
                .expect("reformed store")
        })
        .collect();
    for (k, (date, common)) in dated_runs().into_iter().enumerate() {
        let requests = generated(3_000, 700 + k as u64, date, common);
        let date = requests[0].calculation_date;
        let base = RateTable::resolve(store, date);
        let tables: Vec<RateTable<'_>> =
            stores.iter().map(|s| RateTable::resolve(s, date)).collect();
        let run = |tables: &[&RateTable<'_>]| {
            columnar::run(
                &Requests::new(&requests),
                tables,
                Common::of(&requests[0]),
                Options {
                    threads: 2,
                    ..Options::default()
                },
            )
            .expect("the run completes")
        };
        let mut all: Vec<&RateTable<'_>> = vec![&base];
        all.extend(tables.iter());
        let together = run(&all);
        // A household with an error in one scenario is not calculated in the others (the
        // run keeps its first error): those are compared by the differential tests.
        let failed: Vec<bool> = (0..requests.len())
            .map(|h| together.errors.iter().any(|(i, _)| *i == h))
            .collect();
        let mut compared = 0;
        for (s, table) in all.iter().enumerate() {
            let alone = run(&[table]);
            let (a, b) = (&together.scenarios[s], &alone.scenarios[0]);
            for h in (0..requests.len()).filter(|h| !failed[*h]) {
                assert!(!alone.errors.iter().any(|(i, _)| *i == h), "{date} {s} {h}");
                for (p, programme) in PROGRAMMES.iter().enumerate() {
                    let cell = |c: &columnar::ScenarioColumns| {
                        let one_off = c.one_off[p].get(h).copied();
                        (c.status[p][h], c.reason[p][h], c.monthly[p][h], one_off)
                    };
                    assert_eq!(
                        cell(a),
                        cell(b),
                        "{date} scenario {s} household {h} {programme:?}"
                    );
                }
                let totals =
                    |c: &columnar::ScenarioColumns| (c.monthly_total[h], c.one_off_total[h]);
                assert_eq!(totals(a), totals(b), "{date} scenario {s} household {h}");
                compared += 1;
            }
        }
        assert!(compared > requests.len(), "{date}: compared {compared}");
        // The runs did copy: the longevity reform leaves dibao and the rest to the baseline.
        let changed = base.differing(&tables[1]);
        let touched = Selection::ALL.touched_by(changed[0]);
        assert!(touched.contains(minzheng::wire::Programme::LongevityAllowance));
        assert!(
            !touched.contains(minzheng::wire::Programme::Dibao),
            "{date}"
        );
    }
}

#[test]
fn explained_and_columnar_agree_on_every_golden_vector() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
    let store = ParameterStore::embedded().expect("embedded parameters");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).expect("vectors") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        if v.get("api")
            .and_then(Value::as_str)
            .is_some_and(|a| a != "calculate")
        {
            continue;
        }
        let Some(request) = v.get("request") else {
            continue;
        };
        let Ok(request) = serde_json::from_value::<CalculationRequest>(request.clone()) else {
            continue;
        };
        compared += compare(
            store,
            std::slice::from_ref(&request),
            &path.display().to_string(),
        );
    }
    assert!(compared >= 100, "compared {compared} vectors");
}

/// The summaries of a run, each household's annual total taken from the totals the run summed
/// and every scenario read in one pass, equal those of its columns added a programme at a time
/// (the annual totals summed from the columns), weighted, over several chunks of households.
#[test]
fn a_runs_summaries_from_its_totals_equal_those_summed_from_its_columns() {
    use minzheng::columnar::aggregate::{Aggregator, Weights};
    use minzheng::engine::selection::Selection;
    use minzheng::wire::Programme;
    let store = ParameterStore::embedded().expect("embedded parameters");
    let reform = Reform::from_json(
        r#"{"name":"r","overrides":[{"key":"dibao.standard","value":"1400","from":"2023-01-01"}]}"#,
    )
    .expect("reform");
    let reformed = store.with_reform(&reform).expect("reformed store");
    let (date, common) = dated_runs().remove(0);
    let requests = generated(9_000, 41, date, common);
    let date = requests[0].calculation_date;
    let (base, other) = (
        RateTable::resolve(store, date),
        RateTable::resolve(&reformed, date),
    );
    // Every programme, and two of them (the others' columns never written: not paid).
    let some = Selection::of(&[Programme::Dibao, Programme::LongevityAllowance]);
    for programmes in [Selection::ALL, some] {
        let outcome = columnar::run(
            &Requests::new(&requests),
            &[&base, &other],
            Common::of(&requests[0]),
            Options {
                threads: 2,
                programmes,
            },
        )
        .expect("the run completes");
        // A programme not marked paid has nothing but zeros.
        for s in &outcome.scenarios {
            for p in 0..columnar::WIDTH {
                let zero = s.monthly[p].iter().chain(&s.one_off[p]).all(|x| *x == 0);
                assert!(s.paid[p] || zero, "programme {p}");
                assert_eq!(
                    s.paid[p],
                    programmes.contains_index(p) && !zero,
                    "programme {p}: paid only if it paid something"
                );
            }
        }
        let n = requests.len();
        // Weights 0.00–9.99, a tenth of the households left out besides those that failed.
        let units: Vec<i64> = (0..n as i64).map(|h| (h * 7919) % 1000).collect();
        let weights = Some(Weights {
            units: &units,
            scale: 2,
        });
        let left_out: Vec<bool> = (0..n).map(|h| h % 10 == 3).collect();
        let from_totals =
            Aggregator::of_outcome_excluding(&outcome, weights, &left_out).expect("aggregated");
        let mut excluded = left_out.clone();
        for (h, _) in &outcome.errors {
            excluded[*h] = true;
        }
        let mut by_programme = Aggregator::new(n, weights, &excluded).expect("an aggregator");
        for s in &outcome.scenarios {
            by_programme.start_scenario();
            for p in 0..columnar::WIDTH {
                by_programme
                    .add_programme(&s.status[p], &s.monthly[p], &s.one_off[p])
                    .expect("added");
            }
        }
        for s in 0..2 {
            assert_eq!(
                from_totals.annual(s),
                by_programme.annual(s),
                "scenario {s}"
            );
        }
        let summary = |a: &Aggregator| {
            a.summary(
                &outcome.facts.income,
                &outcome.facts.members,
                Some(&outcome.facts.district),
            )
            .expect("summarised")
        };
        let (a, b) = (summary(&from_totals), summary(&by_programme));
        assert_eq!(a, b);
        assert!(a.cost[1].total.monthly > a.cost[0].total.monthly);
        assert!(a.winners_losers[0].winners > 0);
    }
}

/// Every reason code a golden vector's result gives (any programme, care-home bill or star
/// rating) is in the catalogue, and the catalogue's column codes round-trip.
#[test]
fn every_reason_code_is_catalogued() {
    fn walk(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(code) = map
                    .get("reason")
                    .and_then(|r| r.get("code"))
                    .and_then(Value::as_str)
                {
                    found.push(code.to_owned());
                }
                map.values().for_each(|v| walk(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("vectors") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("vector");
            walk(
                &serde_json::from_str(&text).expect("vector JSON"),
                &mut found,
            );
        }
    }
    assert!(found.len() >= 50, "reasons found: {}", found.len());
    for code in &found {
        assert!(
            ReasonCode::parse(code).is_some(),
            "{code} is not catalogued"
        );
    }
    for (i, r) in ReasonCode::ALL.iter().enumerate() {
        assert_eq!(reasons::CATALOGUE[i], r.code());
        assert_eq!(reasons::code(reasons::index(Some(*r))), Some(r.code()));
    }
    assert_eq!(reasons::index(None), 0);
}

/// The same households as Arrow tables (money as decimal128(18, 2), enumerations as strings,
/// dates as date32) give the same columns as the decoded requests.
#[cfg(feature = "arrow")]
mod arrow_input {
    use super::*;
    use arrow_array::builder::{
        BooleanBuilder, Date32Builder, Decimal128Builder, Int64Builder, StringBuilder,
    };
    use arrow_array::{ArrayRef, RecordBatch};
    use minzheng::columnar::arrow::{ArrowPopulation, HOUSEHOLD_FIELDS, PERSON_FIELDS};
    use minzheng::{Date, ErrorCode};
    use std::sync::Arc;

    fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
        path.split('.')
            .try_fold(v, |v, k| v.get(k))
            .filter(|v| !v.is_null())
    }

    fn column(rows: &[&Value], path: &str) -> ArrayRef {
        let sample = rows.iter().find_map(|r| at(r, path));
        let fen = |s: &str| -> i128 {
            let (i, f) = s.split_once('.').unwrap_or((s, "0"));
            i.parse::<i128>().unwrap() * 100 + format!("{f:0<2}").parse::<i128>().unwrap()
        };
        match sample {
            Some(Value::String(s)) if s.len() == 10 && s.as_bytes()[4] == b'-' => {
                let mut b = Date32Builder::new();
                for r in rows {
                    b.append_option(at(r, path).and_then(Value::as_str).map(|s| {
                        let d = Date::parse(s).unwrap();
                        let (y, m, dd) = (d.year() as i64, d.month() as i64, d.day() as i64);
                        let y2 = if m <= 2 { y - 1 } else { y };
                        let era = y2.div_euclid(400);
                        let yoe = y2 - era * 400;
                        let mp = (m + 9) % 12;
                        let doy = (153 * mp + 2) / 5 + dd - 1;
                        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
                        (era * 146_097 + doe - 719_468) as i32
                    }));
                }
                Arc::new(b.finish())
            }
            Some(Value::String(s)) if s.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                let mut b = Decimal128Builder::new();
                for r in rows {
                    b.append_option(at(r, path).and_then(Value::as_str).map(fen));
                }
                Arc::new(b.finish().with_precision_and_scale(18, 2).unwrap())
            }
            Some(Value::Bool(_)) => {
                let mut b = BooleanBuilder::new();
                for r in rows {
                    b.append_option(at(r, path).and_then(Value::as_bool));
                }
                Arc::new(b.finish())
            }
            Some(Value::Number(_)) => {
                let mut b = Int64Builder::new();
                for r in rows {
                    b.append_option(at(r, path).and_then(Value::as_i64));
                }
                Arc::new(b.finish())
            }
            _ => {
                let mut b = StringBuilder::new();
                for r in rows {
                    b.append_option(at(r, path).map(|v| {
                        match v {
                            Value::Array(items) => items
                                .iter()
                                .filter_map(Value::as_str)
                                .collect::<Vec<_>>()
                                .join(","),
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        }
                    }));
                }
                Arc::new(b.finish())
            }
        }
    }

    fn tables(requests: &[Value]) -> (RecordBatch, RecordBatch) {
        let households: Vec<&Value> = requests.iter().map(|r| &r["household"]).collect();
        let mut persons = Vec::new();
        let mut ids = Int64Builder::new();
        for (h, hh) in households.iter().enumerate() {
            for p in hh["members"].as_array().unwrap() {
                persons.push(p);
                ids.append_value(h as i64);
            }
        }
        let mut hcols: Vec<(String, ArrayRef)> = vec![(
            "household_id".into(),
            Arc::new(arrow_array::Int64Array::from_iter_values(
                0..households.len() as i64,
            )),
        )];
        for path in HOUSEHOLD_FIELDS {
            if households.iter().any(|h| at(h, path).is_some()) {
                hcols.push((path.to_string(), column(&households, path)));
            }
        }
        let mut pcols: Vec<(String, ArrayRef)> =
            vec![("household_id".into(), Arc::new(ids.finish()))];
        for path in PERSON_FIELDS {
            if persons.iter().any(|p| at(p, path).is_some()) {
                let name = if *path == "id" { "person_id" } else { path };
                pcols.push((name.to_string(), column(&persons, path)));
            }
        }
        (
            RecordBatch::try_from_iter(hcols).unwrap(),
            RecordBatch::try_from_iter(pcols).unwrap(),
        )
    }

    /// Member ids in large households: a duplicate anywhere (among the first ids held, or
    /// beyond them) and a blank id are errors of that household alone, as in a request.
    #[test]
    fn member_ids_of_large_households_are_checked() {
        let store = ParameterStore::embedded().unwrap();
        let household = |ids: &[&str]| {
            let members: Vec<Value> = ids
                .iter()
                .map(|id| json!({"id": id, "age": 30, "hukou": "guangzhou"}))
                .collect();
            json!({"calculation_date": "2025-07-01",
                   "household": {"district": "tianhe", "area": "urban", "members": members}})
        };
        let ids = |n: usize| (0..n).map(|k| format!("m{k}")).collect::<Vec<_>>();
        let mut cases: Vec<(Vec<String>, Option<ErrorCode>)> = vec![(ids(20), None)];
        for (at, same_as) in [(3, 1), (15, 0), (16, 2), (19, 17)] {
            let mut v = ids(20);
            v[at] = v[same_as].clone();
            cases.push((v, Some(ErrorCode::DuplicateId)));
        }
        for (at, blank) in [(0, ""), (18, " "), (5, "\u{3000}")] {
            let mut v = ids(20);
            v[at] = blank.to_string();
            cases.push((v, Some(ErrorCode::InvalidValue)));
        }
        // Repeated past one block (columnar::BLOCK households), the good household at another
        // place each time: a failed household's cells must not keep what an earlier block
        // wrote at its place.
        let cases: Vec<(Vec<String>, Option<ErrorCode>)> = (0..80)
            .flat_map(|r| {
                let mut c = cases.clone();
                // By r mod 7 over 8 cases: a block later (64 repetitions), each place holds
                // another case.
                c.rotate_left(r % (cases.len() - 1));
                c
            })
            .collect();
        let values: Vec<Value> = cases
            .iter()
            .map(|(v, _)| household(&v.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        let (hb, pb) = tables(&values);
        let date = Date::parse("2025-07-01").unwrap();
        let population = ArrowPopulation::bind(&hb, &pb, date, &|_| false).unwrap();
        let table = RateTable::resolve(store, date);
        // One thread: its range is more than one block.
        let one = Options {
            threads: 1,
            ..Options::default()
        };
        let out = columnar::run(&population, &[&table], Common::default(), one).unwrap();
        let found: Vec<(usize, ErrorCode)> = out.errors.iter().map(|(i, e)| (*i, e.code)).collect();
        let wanted: Vec<(usize, ErrorCode)> = cases
            .iter()
            .enumerate()
            .filter_map(|(i, (_, code))| code.map(|c| (i, c)))
            .collect();
        assert_eq!(found, wanted);
        let missing = columnar::status_code(minzheng::wire::Eligibility::NotAssessed);
        let columns = &out.scenarios[0];
        for (h, _) in &wanted {
            for p in 0..PROGRAMMES.len() {
                let cells = (columns.status[p][*h], columns.monthly[p][*h]);
                assert_eq!(cells, (missing, 0), "household {h} programme {p}");
            }
        }
        assert!(cases.len() > columnar::BLOCK);
        // The request path agrees on every one.
        for (value, (_, code)) in values.iter().zip(&cases) {
            let request: Result<CalculationRequest, _> = serde_json::from_value(value.clone());
            let checked = request
                .map_err(|_| ErrorCode::InvalidValue)
                .and_then(|r| minzheng::calculate(&r).map(|_| ()).map_err(|e| e.code));
            assert_eq!(checked.err(), *code, "{value}");
        }
    }

    #[test]
    fn arrow_tables_and_requests_give_the_same_columns() {
        let store = ParameterStore::embedded().unwrap();
        for (seed, date, common) in [
            (5_u64, "2025-07-01", json!({})),
            (
                6,
                "2025-10-15",
                json!({"back_pay": {"previous_standard": "1250.00", "months": 6}, "price_indices": {"cpi_yoy_percent": "3.6", "food_cpi_yoy_percent": "6.4"}}),
            ),
        ] {
            let mut rng = Rng(seed);
            let values: Vec<Value> = (0..5_000)
                .map(|_| household(&mut rng, date, &common))
                .collect();
            let requests: Vec<CalculationRequest> = values
                .iter()
                .map(|v| serde_json::from_value(v.clone()).unwrap())
                .collect();
            let table = RateTable::resolve(store, requests[0].calculation_date);
            let common = Common::of(&requests[0]);
            let by_request = columnar::run(
                &Requests::new(&requests),
                &[&table],
                common,
                Options::default(),
            )
            .unwrap();
            let (hb, pb) = tables(&values);
            let population =
                ArrowPopulation::bind(&hb, &pb, requests[0].calculation_date, &|_| false).unwrap();
            let by_arrow =
                columnar::run(&population, &[&table], common, Options::default()).unwrap();
            assert_eq!(by_request.scenarios, by_arrow.scenarios, "seed {seed}");
            assert_eq!(by_request.facts, by_arrow.facts, "seed {seed}");
            let codes = |o: &columnar::Outcome| {
                o.errors
                    .iter()
                    .map(|(i, e)| (*i, e.code))
                    .collect::<Vec<_>>()
            };
            assert_eq!(codes(&by_request), codes(&by_arrow), "seed {seed}");
        }
    }
}
