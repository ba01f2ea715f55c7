//! The fuzz harness on stable Rust, without libFuzzer: a bounded, seeded random mutation loop
//! over every golden vector and malformed case (and a few reform requests), through the same
//! checks as the cargo-fuzz targets (`fuzz/src/lib.rs`): no panic, a typed error that is never
//! `invalid_parameter_data` or `internal_error`, results whose line items sum to their totals and carry no negative
//! amount, and every call within the time bound.
//!
//! - default: 4,000 mutated inputs, seed 1 (a few seconds in a debug build);
//! - `MINZHENG_FUZZ_SECONDS=30`: run for that long instead (scripts/test-reliability.sh uses it
//!   when libFuzzer is not available);
//! - `MINZHENG_FUZZ_SEED=n`: another seed. A failing input is written to
//!   `target/fuzz_smoke-failure.txt` (first line the API) to replay with the fuzz target.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../../fuzz/src/lib.rs"]
#[allow(
    dead_code,
    reason = "the libFuzzer entry points of the harness are not used here"
)]
mod harness;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use minzheng_conformance::{malformed_files, malformed_request, vector_files};
use serde_json::Value;

/// The bound on one call (debug build, loaded machine).
const TIME_BOUND: Duration = Duration::from_secs(2);

/// `(api, request text)` of every vector and literal malformed case.
fn seeds() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut files = vector_files().unwrap();
    files.extend(malformed_files().unwrap());
    for file in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let api = case["api"].as_str().unwrap_or("calculate").to_string();
        let text = match (&case["request"], &case["generate"]) {
            (Value::Null, Value::Null) => malformed_request(&case).unwrap(),
            (Value::Null, _) => continue, // generated cases are large; the malformed runner has them
            (request, _) => request.to_string(),
        };
        out.push((api, text));
    }
    out
}

fn reform_seeds(households: &[String]) -> Vec<String> {
    let overrides = [
        r#"[{"key":"dibao.standard","value":"1400","from":"2025-07-01"}]"#,
        r#"[{"key":"dibao.marginal_multiplier","value":"2","from":"2025-01-01","to":"2025-12-31","region":"guangzhou"}]"#,
        r#"[{"key":"tekun.basic_multiplier","value":"1000000","from":"2025-01-01"},{"key":"dibao.standard","value":"1000000000000","from":"2025-01-01","region":"guangzhou/tianhe","area":"urban"}]"#,
    ];
    households
        .iter()
        .zip(overrides.iter().cycle())
        .map(|(h, o)| format!(r#"{{"request":{h},"reform":{{"name":"smoke","overrides":{o}}}}}"#))
        .collect()
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn save_failure(api: &str, input: &str) -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz_smoke-failure.txt");
    let _ = std::fs::write(&path, format!("{api}\n{input}"));
    path.display().to_string()
}

#[test]
fn fuzz_smoke() {
    let seeds = seeds();
    let households: Vec<String> = seeds
        .iter()
        .filter(|(api, text)| api == "calculate" && minzheng::calculate_json(text).is_ok())
        .map(|(_, text)| text.clone())
        .take(40)
        .collect();
    let reforms = reform_seeds(&households);
    let apis = harness::apis();
    let seed = env_number("MINZHENG_FUZZ_SEED").unwrap_or(1);
    let seconds = env_number("MINZHENG_FUZZ_SECONDS");
    let iterations = if seconds.is_some() { u64::MAX } else { 4_000 };
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let mut rng = harness::Rng::new(seed);
    let mut codes: BTreeMap<String, u64> = BTreeMap::new();
    let (mut runs, mut slowest) = (0u64, Duration::ZERO);
    let start = Instant::now();
    while runs < iterations && deadline.is_none_or(|d| Instant::now() < d) {
        runs += 1;
        let (api, input, reform) = match rng.below(8) {
            0 => {
                let base = rng.pick(&reforms).unwrap();
                let other = rng.pick(&reforms).unwrap();
                (
                    "calculate_reform".to_string(),
                    harness::mutate(&mut rng, base, other),
                    true,
                )
            }
            choice => {
                let (api, base) = rng.pick(&seeds).unwrap();
                let (_, other) = rng.pick(&seeds).unwrap();
                // Now and then a request goes to another API than its own.
                let api = if choice == 1 {
                    (*rng.pick(&apis).unwrap()).to_string()
                } else {
                    api.clone()
                };
                (api, harness::mutate(&mut rng, base, other), false)
            }
        };
        let began = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if reform {
                harness::check_reform(&input)
            } else {
                harness::check_call(&api, &input)
            }
        }));
        let took = began.elapsed();
        slowest = slowest.max(took);
        match outcome {
            Ok(code) => {
                let key = code.map_or("ok".to_string(), |c| c.as_str().to_string());
                *codes.entry(key).or_default() += 1;
            }
            Err(_) => panic!(
                "run {runs} (seed {seed}) broke an invariant or panicked on {api}; input saved to {}",
                save_failure(&api, &input)
            ),
        }
        assert!(
            took < TIME_BOUND,
            "run {runs} (seed {seed}) took {took:?} on {api}; input saved to {}",
            save_failure(&api, &input)
        );
    }
    println!(
        "fuzz_smoke: {runs} inputs in {:.1?} (seed {seed}, slowest call {slowest:?}), outcomes: {codes:?}",
        start.elapsed()
    );
    assert!(runs > 0);
}
