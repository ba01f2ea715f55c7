//! Lists the golden vectors under `../tests/vectors/` for the wasm-bindgen tests.
//!
//! A wasm test cannot read the filesystem, so this script writes `OUT_DIR/vectors.rs`, a table
//! of `(file name, include_str!(…))` for every `*.json` file; the tests `include!` it. Cargo
//! reruns the script whenever a file is added to, changed in or removed from the directory. The
//! library itself never uses the table. When the directory is absent (a packaged crate) the table
//! is empty, and the tests fail rather than pass on nothing.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let dir = manifest_dir.join("../tests/vectors");
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut table = String::from("/// Every golden vector: (file name, contents).\n");
    table.push_str("pub const VECTORS: &[(&str, &str)] = &[\n");
    for path in vector_files(&dir)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(table, "    ({name:?}, include_str!({:?})),", path.display())?;
    }
    table.push_str("];\n");

    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("vectors.rs");
    fs::write(out, table)?;
    Ok(())
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
