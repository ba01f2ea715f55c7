//! Batches of synthetic households through `batch::run`: baseline, reform (the dibao standard
//! raised to 1400) and the per-household difference of one household's full results.
//!
//! `cargo bench -p minzheng-benches --bench batch -- batch/10000`
//! (10^6 households take ~10 s an iteration on 2 cores: `-- batch/1000000`).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use minzheng::ParameterStore;
use minzheng::batch::{Options, run};
use minzheng_benches::population;
use std::hint::black_box;
use std::time::Duration;

const REFORM: &str = r#"{"name": "dibao_1400", "overrides": [
  {"key": "dibao.standard", "value": "1400", "from": "2025-01-01"}]}"#;

fn bench(c: &mut Criterion) {
    let Ok(baseline) = ParameterStore::embedded() else {
        return;
    };
    let Ok(reform) = minzheng::reform::Reform::from_json(REFORM) else {
        return;
    };
    let Ok(reformed) = minzheng::reform::reformed_store(&reform) else {
        return;
    };
    let options = Options::default();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    for n in [10_000usize, 100_000, 1_000_000] {
        let requests = population(n, 7);
        group.throughput(criterion::Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new(n.to_string(), "baseline"),
            &requests,
            |b, r| b.iter(|| run(black_box(baseline), black_box(r), &options)),
        );
        group.bench_with_input(
            BenchmarkId::new(n.to_string(), "baseline+reform"),
            &requests,
            |b, r| {
                b.iter(|| {
                    (
                        run(black_box(baseline), black_box(r), &options),
                        run(black_box(&reformed), black_box(r), &options),
                    )
                })
            },
        );
    }
    group.finish();

    // The differential explanation of one household (both full results, then the difference).
    let requests = population(1, 11);
    if let Some(request) = requests.first() {
        let mut explained = request.clone();
        explained.options.explain = true;
        c.bench_function("difference/one_household", |b| {
            b.iter(|| {
                let base = minzheng::calculate_with(baseline, black_box(&explained));
                let new = minzheng::calculate_with(&reformed, black_box(&explained));
                match (base, new) {
                    (Ok(x), Ok(y)) => minzheng::difference::difference(&x, &y).ok(),
                    _ => None,
                }
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
