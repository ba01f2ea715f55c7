//! Writes the JSON Schemas of the wire API to `schema/` (request, result, error), the reason- and
//! warning-code catalogues (`schema/reasons.json`, `schema/warnings.json`) and their tables in
//! `docs/engine.md`.
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
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/engine.md");
    let mut text = std::fs::read_to_string(&docs).unwrap_or_default();
    for (marker, table) in minzheng_examples::code_tables() {
        let (start, end) = minzheng_examples::table_markers(marker);
        let Some((head, rest)) = text.split_once(&start) else {
            eprintln!("docs/engine.md has no {marker} marker");
            return ExitCode::from(1);
        };
        let tail = rest.split_once(&end).map_or("", |(_, tail)| tail);
        text = format!("{head}{start}{table}{end}{tail}");
    }
    if let Err(e) = std::fs::write(&docs, text) {
        eprintln!("cannot write docs/engine.md: {e}");
        return ExitCode::from(1);
    }
    println!("wrote docs/engine.md (reason and warning codes)");
    ExitCode::SUCCESS
}
