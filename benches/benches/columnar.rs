//! The columnar engine (`minzheng::columnar::run`) over 10^5 generated households, every
//! household programme, amounts only: from decoded requests (`columnar::requests::Requests`)
//! and from Arrow record batches (`columnar::arrow::ArrowPopulation::bind`, binding included),
//! baseline and baseline + reform (the dibao standard raised to 1400; parameters resolved once
//! per scenario with `engine::rates::RateTable::resolve`, outside the timing); and one household
//! through the same path. Throughput is reported in households/s.
//!
//! `cargo bench -p minzheng-benches --bench columnar -- --noplot`
//! (`COLUMNAR_HOUSEHOLDS=1000000` for another size).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use minzheng::columnar::arrow::ArrowPopulation;
use minzheng::columnar::requests::Requests;
use minzheng::columnar::{Options, Outcome, run};
use minzheng::engine::facts::Common;
use minzheng::engine::rates::RateTable;
use minzheng::reform::Reform;
use minzheng::{Date, Error, ParameterStore};
use minzheng_benches::{households, record_batches, requests};
use std::hint::black_box;
use std::time::Duration;

const REFORM: &str = r#"{"name": "dibao_1400", "overrides": [
  {"key": "dibao.standard", "value": "1400", "from": "2025-01-01"}]}"#;

fn size() -> usize {
    std::env::var("COLUMNAR_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// The same households through both sources must give the same columns.
fn same(a: &Result<Outcome, Error>, b: &Result<Outcome, Error>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => {
            a.scenarios == b.scenarios && a.facts == b.facts && a.errors.len() == b.errors.len()
        }
        _ => false,
    }
}

fn bench(c: &mut Criterion) {
    let Ok(store) = ParameterStore::embedded() else {
        return;
    };
    let Ok(reformed) = Reform::from_json(REFORM).and_then(|r| store.with_reform(&r)) else {
        return;
    };
    let Some(date) = Date::new(2025, 9, 1) else {
        return;
    };
    let baseline = RateTable::resolve(store, date);
    let reform = RateTable::resolve(&reformed, date);
    let common = Common::default();
    let options = Options::default();
    let n = size();
    let generated = households(n, 7);
    let decoded = requests(&generated);
    let source = Requests::new(&decoded);
    let batches = record_batches(&generated);

    let mut group = c.benchmark_group("columnar");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_with_input(
        BenchmarkId::new(format!("requests/{n}"), "baseline"),
        &source,
        |b, s| b.iter(|| run(black_box(s), &[&baseline], common, options)),
    );
    group.bench_with_input(
        BenchmarkId::new(format!("requests/{n}"), "baseline+reform"),
        &source,
        |b, s| b.iter(|| run(black_box(s), &[&baseline, &reform], common, options)),
    );
    match &batches {
        Ok((h, p)) => {
            let bound = ArrowPopulation::bind(h, p, date, &|_| false);
            match &bound {
                Ok(population) => {
                    let from_arrow = run(population, &[&baseline, &reform], common, options);
                    let from_requests = run(&source, &[&baseline, &reform], common, options);
                    if !same(&from_arrow, &from_requests) {
                        eprintln!("columnar: Arrow and request sources disagree");
                    }
                }
                Err(e) => eprintln!("columnar: Arrow tables not bound: {e}"),
            }
            for (name, scenarios) in [
                ("baseline", vec![&baseline]),
                ("baseline+reform", vec![&baseline, &reform]),
            ] {
                group.bench_function(BenchmarkId::new(format!("arrow/{n}"), name), |b| {
                    b.iter(|| {
                        ArrowPopulation::bind(black_box(h), black_box(p), date, &|_| false)
                            .and_then(|population| run(&population, &scenarios, common, options))
                    })
                });
            }
        }
        Err(e) => eprintln!("columnar: Arrow tables not built: {e}"),
    }
    group.finish();

    // One household (the first generated), every programme, no explanation, one thread.
    let one = Requests::new(decoded.get(..1).unwrap_or_default());
    let single = Options {
        threads: 1,
        ..Options::default()
    };
    c.bench_function("columnar/one_household", |b| {
        b.iter(|| run(black_box(&one), &[&baseline], common, single))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
