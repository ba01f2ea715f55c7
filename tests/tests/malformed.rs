//! Runs every case of the malformed-input corpus (`tests/malformed/`) through the Rust core:
//! each must return its documented error code and path, without panicking, within the time
//! bound, and with bounded memory. The Node (`wasm/js-tests/malformed.test.mjs`) and Python
//! (`pyo3-bindings/tests/test_malformed.py`) runners run the same files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use minzheng::ErrorCode;
use minzheng_conformance::{malformed_files, malformed_request};
use serde_json::Value;

/// The time bound of one case (generous for a debug build on a loaded machine; a case takes
/// milliseconds).
const TIME_BOUND: Duration = Duration::from_secs(2);
/// The bound on the growth of the process's peak memory over the whole corpus.
const MEMORY_BOUND_KIB: u64 = 512 * 1024;

/// Peak resident memory of this process in KiB (Linux `VmHWM`), when known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Calls a wire API; `calculate_reform`, while it is not a row of `minzheng::api::APIS`, directly.
fn call(api: &str, request: &str) -> Result<String, minzheng::Error> {
    if api == "calculate_reform" && !minzheng::api_names().contains(&api) {
        minzheng::reform::calculate_reform_json(request)
    } else {
        minzheng::call_json(api, request)
    }
}

fn run_case(file: &std::path::Path) -> Result<Duration, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let stem = file.file_stem().unwrap().to_string_lossy();
    if case["name"] != *stem {
        return Err("`name` must be the file name".into());
    }
    if case["description"].as_str().is_none_or(str::is_empty) {
        return Err("a case needs a description".into());
    }
    let api = case["api"].as_str().ok_or("a case needs its `api`")?;
    let (code, path) = match (
        case["expect_error"]["code"].as_str(),
        case["expect_error"]["path"].as_str(),
    ) {
        (Some(c), Some(p)) => (c, p),
        _ => return Err("expect_error needs string `code` and `path`".into()),
    };
    if !ErrorCode::ALL.iter().any(|c| c.as_str() == code) {
        return Err(format!("`{code}` is not a documented error code"));
    }
    let request = malformed_request(&case)?;
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| call(api, &request)));
    let took = start.elapsed();
    let outcome = outcome.map_err(|_| "PANICKED".to_string())?;
    if took > TIME_BOUND {
        return Err(format!("took {took:?}, over the bound of {TIME_BOUND:?}"));
    }
    match outcome {
        Ok(_) => Err(format!("expected {code} at {path:?}, got a result")),
        Err(e) if (e.code.as_str(), e.path.as_str()) == (code, path) => {
            if e.message.trim().is_empty() {
                Err("the error has no message".into())
            } else {
                Ok(took)
            }
        }
        Err(e) => Err(format!(
            "expected {code} at {path:?}, got {} at {:?} ({})",
            e.code, e.path, e.message
        )),
    }
}

#[test]
fn every_malformed_case_gives_its_error_in_rust() {
    let files = malformed_files().unwrap();
    assert!(
        files.len() >= 50,
        "expected at least 50 malformed cases, found {}",
        files.len()
    );
    let before = peak_rss_kib();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for file in &files {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        match run_case(file) {
            Ok(took) if took > slowest.0 => slowest = (took, name),
            Ok(_) => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        assert!(
            after.saturating_sub(before) < MEMORY_BOUND_KIB,
            "peak memory grew by {} KiB over the corpus",
            after - before
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} malformed cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    println!(
        "{} malformed cases gave their errors in Rust (slowest: {} in {:?})",
        files.len(),
        slowest.1,
        slowest.0
    );
}

/// Every documented code is exercised by at least one case, except `invalid_parameter_data` and
/// `internal_error`, which no request can cause (defects of the build and of the engine).
#[test]
fn the_corpus_covers_every_request_error_code() {
    let mut seen = std::collections::BTreeSet::new();
    for file in malformed_files().unwrap() {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        seen.insert(case["expect_error"]["code"].as_str().unwrap().to_string());
    }
    for code in ErrorCode::ALL {
        if !matches!(code, ErrorCode::InvalidParameterData | ErrorCode::Internal) {
            assert!(
                seen.contains(code.as_str()),
                "no malformed case gives `{code}`"
            );
        }
    }
}
