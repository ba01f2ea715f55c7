//! Writes the JSON Schemas of the wire API to `schema/` (request, result, error).
//!
//! `cargo run -p minzheng-examples --bin schema` regenerates them; a test checks the committed
//! files are current.

use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    for (name, text) in minzheng_examples::schemas() {
        if let Err(e) = std::fs::write(dir.join(name), text) {
            eprintln!("cannot write {name}: {e}");
            return ExitCode::from(1);
        }
        println!("wrote schema/{name}");
    }
    ExitCode::SUCCESS
}
