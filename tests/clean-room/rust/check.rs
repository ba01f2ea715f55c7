//! Checks of the crate built from its unpacked `.crate` in a scratch project (copied there as
//! `examples/check.rs` by scripts/test-clean-room.sh and run with `cargo run --example check`):
//! the embedded parameters answer without any file of the repository, an error has its code and
//! path, and the engine version in the receipt is the crate's version.

use std::process::ExitCode;

fn main() -> ExitCode {
    let expected = std::env::var("MINZHENG_VERSION").unwrap_or_default();
    let request = r#"{"calculation_date": "2025-07-01",
        "household": {"district": "tianhe", "area": "urban", "members": [
          {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "1500"}},
          {"id": "b", "age": 30, "hukou": "guangzhou"}]}}"#;
    let mut failures = Vec::new();
    match minzheng::parse_request(request).and_then(|r| minzheng::calculate(&r)) {
        Ok(result) => {
            if result.monthly_total.to_string() != "1118.00" {
                failures.push(format!("monthly total {}", result.monthly_total));
            }
            if result.receipt.engine_version != expected {
                failures.push(format!(
                    "receipt engine_version {}",
                    result.receipt.engine_version
                ));
            }
        }
        Err(e) => failures.push(format!("calculate: {e}")),
    }
    if minzheng::receipt::ENGINE_VERSION != expected {
        failures.push(format!(
            "ENGINE_VERSION {}",
            minzheng::receipt::ENGINE_VERSION
        ));
    }
    match minzheng::call_json("calculate", &request.replace("\"1500\"", "\"12.345\"")) {
        Err(e)
            if e.code.to_string() == "invalid_money"
                && e.path == "household.members[0].income.wages" => {}
        other => failures.push(format!("bad amount: {other:?}")),
    }
    if failures.is_empty() {
        println!("crate {expected}: one household, an error, the version in the receipt");
        ExitCode::SUCCESS
    } else {
        eprintln!("FAILED: {}", failures.join("; "));
        ExitCode::FAILURE
    }
}
