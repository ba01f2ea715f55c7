//! One household: every programme together through the wire API and the typed API, with and
//! without the explanation, and each of the side-by-side programmes (dibao, 特困, the two
//! disability subsidies) on its own.
//!
//! `cargo bench -p minzheng-benches --bench household`

use criterion::{Criterion, criterion_group, criterion_main};
use minzheng::context::Context;
use minzheng::programmes::{Member, dibao, disability, income::counted_income, tekun};
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
    let members: Vec<Member<'_>> = household
        .members
        .iter()
        .zip(&ages)
        .map(|(person, &age)| Member {
            person,
            age,
            income: counted_income(&person.income),
        })
        .collect();
    let context = |explain: bool| {
        Context::new(
            store,
            request.calculation_date,
            Some(household.district),
            Some(household.area),
            explain,
        )
    };
    let mut group = c.benchmark_group("programme");
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(1));
    for explain in [false, true] {
        let tag = if explain { "explain_on" } else { "explain_off" };
        group.bench_function(format!("dibao/{tag}"), |b| {
            b.iter(|| dibao::assess(&mut context(explain), household, black_box(&members)).is_ok())
        });
        group.bench_function(format!("tekun/{tag}"), |b| {
            b.iter(|| tekun::assess(&mut context(explain), household, black_box(&members)).is_ok())
        });
        let (Ok(d), Ok(t)) = (
            dibao::assess(&mut context(explain), household, &members),
            tekun::assess(&mut context(explain), household, &members),
        ) else {
            continue;
        };
        let counted: Vec<String> = members.iter().map(|m| m.person.id.clone()).collect();
        let related = disability::Related {
            dibao: &d,
            tekun: &t.supported,
            children: &[],
            counted: &counted,
        };
        group.bench_function(format!("disability/{tag}"), |b| {
            b.iter(|| {
                disability::assess(&mut context(explain), black_box(&members), &related).is_ok()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
