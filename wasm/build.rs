//! Lists the golden vectors under `../tests/vectors/` for the wasm-bindgen tests.
//!
//! A wasm test cannot read the filesystem, so this script writes `OUT_DIR/vectors.rs`: one
//! constant `(file name, include_str!(…))` per `*.json` file, the table `VECTORS` of them all,
//! and one `#[wasm_bindgen_test]` per vector calling `common::check_vector`, so each vector is a
//! test of its own in the runner's report. The test files `include!` it. Cargo reruns the script
//! whenever a file is added to, changed in or removed from the directory. The library itself
//! never uses it. When the directory is absent (a packaged crate) the table is empty, and the
//! tests fail rather than pass on nothing.

use std::collections::HashSet;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let dir = manifest_dir.join("../tests/vectors");
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut constants = String::new();
    let mut table = String::from("/// Every golden vector: (file name, contents).\n");
    table.push_str("pub const VECTORS: &[(&str, &str)] = &[\n");
    let mut tests = String::new();
    let mut idents = HashSet::new();
    for path in vector_files(&dir)? {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ident = unique_ident(&name, &mut idents);
        let constant = ident.to_uppercase();
        writeln!(constants, "/// The golden vector `{name}`.")?;
        writeln!(
            constants,
            "const {constant}: (&str, &str) = ({name:?}, include_str!({:?}));",
            path.display()
        )?;
        writeln!(table, "    {constant},")?;
        writeln!(tests, "/// Runs the golden vector `{name}`.")?;
        writeln!(tests, "#[wasm_bindgen_test::wasm_bindgen_test]")?;
        writeln!(
            tests,
            "fn {ident}() {{\n    common::assert_vector({constant});\n}}"
        )?;
    }
    table.push_str("];\n");

    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("vectors.rs");
    fs::write(out, format!("{constants}\n{table}\n{tests}"))?;
    Ok(())
}

/// A Rust identifier `vector_<stem>` for a vector file name, unique among `taken`.
fn unique_ident(file_name: &str, taken: &mut HashSet<String>) -> String {
    let stem = file_name.strip_suffix(".json").unwrap_or(file_name);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let base = format!("vector_{clean}");
    let mut ident = base.clone();
    let mut n = 2;
    while !taken.insert(ident.clone()) {
        ident = format!("{base}_{n}");
        n += 1;
    }
    ident
}

/// The `*.json` files of `dir`, sorted by name; none when the directory does not exist.
fn vector_files(dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(fs::canonicalize(&path)?);
        }
    }
    files.sort();
    Ok(files)
}
