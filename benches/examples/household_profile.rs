//! A driver for profiling one household's calculation without the explanation: the request of
//! the `household` bench, `HOUSEHOLD_RUNS` times (default 200,000), printing the mean time.
//! Run it under `perf record` to see where a single calculation spends its time:
//!
//! `cargo run --release -p minzheng-benches --example household_profile`

use std::time::Instant;

const HOUSEHOLD: &str = r#"{
  "calculation_date": "2025-09-01",
  "options": {"explain": false},
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: u32 = std::env::var("HOUSEHOLD_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let request = minzheng::parse_request(HOUSEHOLD)?;
    let t = Instant::now();
    let mut total = 0_usize;
    for _ in 0..runs {
        let result = minzheng::calculate(std::hint::black_box(&request))?;
        total += result.programmes.len();
    }
    let mean = t.elapsed().as_secs_f64() / f64::from(runs) * 1e6;
    println!("{runs} calculations: {mean:.2} µs each ({total} programme results)");
    Ok(())
}
