//! Writes `docs/figures.md`, the table of every parameter in `core/parameters/` (value per
//! period, unit, status, source, link; counts by status).
//!
//! `cargo run -p minzheng-examples --bin figures` regenerates it; `examples/tests/figures.rs`
//! checks the committed file is current.

use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/figures.md");
    match std::fs::write(&path, minzheng_examples::figures_markdown()) {
        Ok(()) => {
            println!("wrote docs/figures.md");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write docs/figures.md: {e}");
            ExitCode::from(1)
        }
    }
}
