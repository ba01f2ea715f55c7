//! Runs every golden vector under `tests/vectors/` through the Rust core.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use minzheng_conformance::{run_vector, vector_files};

#[test]
fn every_golden_vector_passes_in_rust() {
    let files = vector_files().unwrap();
    assert!(
        files.len() >= 12,
        "expected at least 12 vectors, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let vector: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        let name = file.file_stem().unwrap().to_string_lossy();
        assert_eq!(
            vector["name"],
            *name,
            "{}: name must match the file name",
            file.display()
        );
        if let Err(e) = run_vector(&vector) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    println!("{} golden vectors passed in Rust", files.len());
}
