//! A driver for profiling the columnar engine: binds `COLUMNAR_HOUSEHOLDS` generated households
//! (default 10^6) from Arrow record batches and runs baseline + reform `COLUMNAR_RUNS` times
//! (default 5; `COLUMNAR_SCENARIOS=1`: the baseline alone; `COLUMNAR_REFORM`: another reform as
//! JSON), printing each phase's wall time, the summaries' included. Run it under `perf record`
//! to see where a population run spends its time:
//!
//! `cargo run --release -p minzheng-benches --example columnar_profile`

use minzheng::columnar::aggregate::summarise;
use minzheng::columnar::arrow::ArrowPopulation;
use minzheng::columnar::{Options, run};
use minzheng::engine::facts::Common;
use minzheng::engine::rates::RateTable;
use minzheng::reform::Reform;
use minzheng::{Date, ParameterStore};
use minzheng_benches::{households, record_batches};
use std::time::Instant;

const REFORM: &str = r#"{"name": "dibao_1400", "overrides": [
  {"key": "dibao.standard", "value": "1400", "from": "2025-01-01"}]}"#;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = env("COLUMNAR_HOUSEHOLDS", 1_000_000);
    let runs = env("COLUMNAR_RUNS", 5);
    let threads = env("COLUMNAR_THREADS", 0);
    // 1: the baseline alone (the kernels' cost per scenario is the difference from 2).
    let scenarios = env("COLUMNAR_SCENARIOS", 2);
    let store = ParameterStore::embedded()?;
    // `COLUMNAR_REFORM`: another reform (JSON), e.g. one a run decides again only in part.
    let reform = std::env::var("COLUMNAR_REFORM").unwrap_or_else(|_| REFORM.to_string());
    let reformed = store.with_reform(&Reform::from_json(&reform)?)?;
    let date = Date::new(2025, 9, 1).ok_or("date")?;
    let baseline = RateTable::resolve(store, date);
    let reform = RateTable::resolve(&reformed, date);
    let tables = [&baseline, &reform];
    let tables = tables
        .get(..scenarios)
        .ok_or("COLUMNAR_SCENARIOS: 1 or 2")?;
    let (h, p) = record_batches(&households(n, 7))?;
    for _ in 0..runs {
        let t = Instant::now();
        let population = ArrowPopulation::bind(&h, &p, date, &|_| false)?;
        let bound = t.elapsed();
        let outcome = run(
            &population,
            tables,
            Common::default(),
            Options {
                threads,
                ..Options::default()
            },
        )?;
        let total = t.elapsed();
        // The summaries of the run (cost, winners and losers, by decile and district), as
        // `summarise()` computes them.
        let t = Instant::now();
        let summary = summarise(&outcome, None)?;
        let summarised = t.elapsed();
        println!(
            "{n} households: bind {:.3} s, run {:.3} s, total {:.3} s ({} errors); \
             summaries {:.3} s ({} reforms)",
            bound.as_secs_f64(),
            (total - bound).as_secs_f64(),
            total.as_secs_f64(),
            outcome.errors.len(),
            summarised.as_secs_f64(),
            summary.winners_losers.len()
        );
    }
    Ok(())
}
