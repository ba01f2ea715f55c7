//! Batches of synthetic households through `batch::run`: baseline, reform (the dibao standard
//! raised to 1400) and the per-household difference of one household's full results.
//!
//! `cargo bench -p minzheng-benches --bench batch -- batch/10000`
//! (10^6 households take ~10 s an iteration on 2 cores: `-- batch/1000000`).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use minzheng::batch::{Options, run};
use minzheng::{CalculationRequest, ParameterStore};
use std::hint::black_box;
use std::time::Duration;

const REFORM: &str = r#"{"name": "dibao_1400", "overrides": [
  {"key": "dibao.standard", "value": "1400", "from": "2025-01-01"}]}"#;

const DISTRICTS: [&str; 6] = ["tianhe", "baiyun", "panyu", "huangpu", "nansha", "conghua"];
const CATEGORIES: [&str; 4] = ["physical", "visual", "intellectual", "mental"];
const SUPPORTERS: [&str; 4] = ["unknown", "none", "unable", "able"];

/// A small seeded generator (xorshift64*), so that the bench needs no Python.
struct Rng(u64);
impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % below.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(usize::try_from(self.next(items.len() as u64)).unwrap_or(0))
            .copied()
            .unwrap_or("")
    }
}

/// `n` requests, seeded: 1–5 members, ages 0–95, some disabilities, low wages.
fn population(n: usize, seed: u64) -> Vec<CalculationRequest> {
    let mut rng = Rng(seed | 1);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let size = 1 + rng.next(5);
        let members: Vec<String> = (0..size)
            .map(|k| {
                let age = rng.next(96);
                let wages = if (18..60).contains(&age) { rng.next(6000) } else { 0 };
                let disability = if rng.next(12) == 0 {
                    format!(
                        r#", "disability": {{"category": "{}", "grade": {}}}"#,
                        rng.pick(&CATEGORIES),
                        1 + rng.next(4)
                    )
                } else {
                    String::new()
                };
                format!(
                    r#"{{"id": "p{k}", "age": {age}, "hukou": "guangzhou", "supporters": "{}", "income": {{"wages": "{wages}"}}{disability}}}"#,
                    rng.pick(&SUPPORTERS)
                )
            })
            .collect();
        let json = format!(
            r#"{{"calculation_date": "2025-09-01", "options": {{"explain": false}}, "household": {{"district": "{}", "area": "urban", "members": [{}], "assets": {{"deposits": "{}"}}}}}}"#,
            rng.pick(&DISTRICTS),
            members.join(","),
            rng.next(80_000)
        );
        if let Ok(r) = minzheng::parse_request(&json) {
            out.push(r);
        }
    }
    out
}

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
