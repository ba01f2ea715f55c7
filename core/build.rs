//! Embeds the parameter files under `parameters/` (and the built-in scorecards under `cards/`)
//! into the crate.
//!
//! The files are written in TOML for people; this script turns them into one compact JSON
//! document in `OUT_DIR`, which the crate embeds with `include_str!`. The WASM bundle therefore
//! carries no TOML parser and needs no filesystem: it parses the JSON with the serde_json it
//! already has for the wire API. Validation (dates, citations, units) happens when the store is
//! loaded, and a test loads every file.

use std::error::Error;
use std::fs;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("parameters");
    println!("cargo:rerun-if-changed=parameters");
    let mut names: Vec<String> = fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();

    let mut sources = serde_json::Map::new();
    let mut files = Vec::new();
    for name in names {
        let path = dir.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path)?;
        let value: toml::Value = toml::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
        let json = serde_json::to_value(value)?;
        if name == "sources.toml" {
            if let serde_json::Value::Object(map) = json {
                sources = map;
            }
        } else {
            let mut entry = serde_json::Map::new();
            entry.insert("file".into(), serde_json::Value::String(name.clone()));
            entry.insert("content".into(), json);
            files.push(serde_json::Value::Object(entry));
        }
    }
    let mut root = serde_json::Map::new();
    root.insert("sources".into(), serde_json::Value::Object(sources));
    root.insert("files".into(), serde_json::Value::Array(files));
    let out_dir = std::env::var("OUT_DIR")?;
    let out = Path::new(&out_dir).join("parameters.json");
    fs::write(
        out,
        serde_json::to_string(&serde_json::Value::Object(root))?,
    )?;

    // The built-in scorecards, without their indentation (they are embedded in the WASM bundle).
    println!("cargo:rerun-if-changed=cards");
    for entry in fs::read_dir("cards")? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let value: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path)?)?;
            let name = path.file_name().ok_or("a card file has no name")?;
            fs::write(
                Path::new(&out_dir).join(name),
                serde_json::to_string(&value)?,
            )?;
        }
    }
    Ok(())
}
