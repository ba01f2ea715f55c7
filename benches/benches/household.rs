//! One household: every programme together through the wire API and the typed API, with and
//! without the explanation, and each of the side-by-side programmes (dibao, 特困, the two
//! disability subsidies) on its own.
//!
//! `cargo bench -p minzheng-benches --bench household`

use criterion::{Criterion, criterion_group, criterion_main};
use minzheng::engine::{
    self,
    facts::{HouseholdFacts, PersonFacts},
    rates::Rates,
};
use std::hint::black_box;
use std::time::Duration;

const HOUSEHOLD: &str = r#"{
  "calculation_date": "2025-09-01",
  "household": {
    "district": "tianhe", "area": "urban",
    "members": [
      {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "2800", "employment_costs": "300"}},
      {"id": "b", "age": 43, "hukou": "guangzhou", "disability": {"category": "physical", "grade": 2}},
      {"id": "c", "age": 10, "hukou": "guangzhou"}
    ],
    "assets": {"deposits": "8000"}
  }
}"#;

fn bench(c: &mut Criterion) {
    let quiet = HOUSEHOLD.replacen(
        "\"household\"",
        "\"options\": {\"explain\": false}, \"household\"",
        1,
    );
    let mut all = c.benchmark_group("all");
    all.warm_up_time(Duration::from_millis(500));
    all.measurement_time(Duration::from_secs(2));
    all.bench_function("json/explain_on", |b| {
        b.iter(|| minzheng::calculate_json(black_box(HOUSEHOLD)))
    });
    all.bench_function("json/explain_off", |b| {
        b.iter(|| minzheng::calculate_json(black_box(&quiet)))
    });
    let (Ok(explained), Ok(request)) = (
        minzheng::parse_request(HOUSEHOLD),
        minzheng::parse_request(&quiet),
    ) else {
        return;
    };
    all.bench_function("typed/explain_on", |b| {
        b.iter(|| minzheng::calculate(black_box(&explained)))
    });
    all.bench_function("typed/explain_off", |b| {
        b.iter(|| minzheng::calculate(black_box(&request)))
    });
    all.finish();

    let Ok(store) = minzheng::ParameterStore::embedded() else {
        return;
    };
    let Ok(ages) = minzheng::validate::validate(&request) else {
        return;
    };
    let household = &request.household;
    let facts: Vec<PersonFacts> = household
        .members
        .iter()
        .zip(&ages)
        .map(|(person, &age)| PersonFacts::of(person, age))
        .collect();
    let hh = HouseholdFacts::of(&request, &facts);
    let resolve = || {
        Rates::resolve(
            store,
            request.calculation_date,
            household.district,
            household.area,
        )
    };
    let rates = resolve();
    let mut group = c.benchmark_group("kernel");
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(1));
    // The rule kernels alone, every household programme, parameters already resolved: the
    // per-household cost of a population run.
    group.bench_function("all_programmes", |b| {
        let mut state = Vec::new();
        b.iter(|| {
            engine::members_state(&mut state, facts.len());
            engine::decide(&rates, black_box(&hh), &mut state).is_ok()
        })
    });
    // Resolving every household parameter for one date, district and area (done once per
    // scenario by a population run, once per request by the explained calculation).
    group.bench_function("resolve_rates", |b| b.iter(|| black_box(resolve())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
