//! Writes the figures generated from `core/parameters/`: `docs/figures.md`, the table of every
//! parameter (value per period, unit, status, source, link; counts by status), and the portal's
//! `examples/portal/figures.js` (the same table for its about page) and
//! `examples/portal/latest.js` (the latest date whose figures rest on documents still valid).
//!
//! `cargo run -p minzheng-examples --bin figures` regenerates them; `examples/tests/figures.rs`
//! checks the committed files are current.

use std::process::ExitCode;

fn main() -> ExitCode {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let files = [
        ("docs/figures.md", minzheng_examples::figures_markdown()),
        (
            "examples/portal/figures.js",
            minzheng_examples::figures_portal_js(),
        ),
        (
            "examples/portal/latest.js",
            minzheng_examples::latest_verified_js(),
        ),
    ];
    for (path, text) in files {
        if let Err(e) = std::fs::write(root.join(path), text) {
            eprintln!("cannot write {path}: {e}");
            return ExitCode::from(1);
        }
        println!("wrote {path}");
    }
    ExitCode::SUCCESS
}
