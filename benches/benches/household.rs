//! One household through the wire API, with and without the explanation.
//!
//! `cargo bench -p minzheng-benches --bench household`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

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
    c.bench_function("dibao/json/explain_on", |b| {
        b.iter(|| minzheng::calculate_json(black_box(HOUSEHOLD)))
    });
    c.bench_function("dibao/json/explain_off", |b| {
        b.iter(|| minzheng::calculate_json(black_box(&quiet)))
    });
    if let Ok(request) = minzheng::parse_request(&quiet) {
        c.bench_function("dibao/typed/explain_off", |b| {
            b.iter(|| minzheng::calculate(black_box(&request)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
