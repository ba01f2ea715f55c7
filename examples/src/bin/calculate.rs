//! Calculates a household and prints the explained result (Chinese, with English labels).
//!
//! ```text
//! cargo run -p minzheng-examples --bin calculate                 # the built-in household
//! cargo run -p minzheng-examples --bin calculate -- path.json    # a household of your own
//! cargo run -p minzheng-examples --bin calculate -- --json path.json   # raw JSON result
//! ```

use minzheng_examples::{DEFAULT_HOUSEHOLD, render, terminal_safe};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json_output = args.iter().any(|a| a == "--json");
    let path = args.iter().find(|a| !a.starts_with("--"));
    let request = match path {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{}", terminal_safe(&format!("cannot read {path}: {e}")));
                return ExitCode::from(2);
            }
        },
        None => DEFAULT_HOUSEHOLD.to_string(),
    };
    let outcome = if json_output {
        minzheng::calculate_json(&request).map(|s| s + "\n")
    } else {
        minzheng::parse_request(&request)
            .and_then(|r| minzheng::calculate(&r))
            .map(|r| render(&r))
    };
    match outcome {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            // The path and message quote the request: escaped like everything printed.
            let text = format!("错误 error [{}] {}: {}", e.code, e.path, e.message);
            eprintln!("{}", terminal_safe(&text));
            ExitCode::from(1)
        }
    }
}
