//! Golden-vector support: loading the files under `tests/vectors/` and matching results.
//!
//! The matching rule (see `tests/vectors/README.md`) is the same in the Node and Python runners:
//! an expected object is a subset of the actual one, arrays match element by element with equal
//! length, scalars (money included, as strings) match exactly.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The directory holding the vectors.
pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// Every vector file, sorted by name.
pub fn vector_files() -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Checks that `actual` contains `expected`; returns the path of the first mismatch.
pub fn subset_mismatch(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().find_map(|(k, ev)| match a.get(k) {
            Some(av) => subset_mismatch(ev, av, &format!("{path}.{k}")),
            None => Some(format!("{path}.{k}: missing in actual")),
        }),
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Some(format!(
                    "{path}: expected {} elements, got {}",
                    e.len(),
                    a.len()
                ));
            }
            e.iter()
                .zip(a)
                .enumerate()
                .find_map(|(i, (ev, av))| subset_mismatch(ev, av, &format!("{path}[{i}]")))
        }
        _ if expected == actual => None,
        _ => Some(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Runs one vector through the API it names (default `calculate`); returns an error description on failure.
pub fn run_vector(vector: &Value) -> Result<(), String> {
    let request = match (vector.get("request"), vector.get("request_json")) {
        (Some(r), None) => r.to_string(),
        (None, Some(Value::String(s))) => s.clone(),
        _ => return Err("a vector needs exactly one of request / request_json".into()),
    };
    let api = vector
        .get("api")
        .and_then(Value::as_str)
        .unwrap_or("calculate");
    let outcome = minzheng::call_json(api, &request);
    match (vector.get("expect"), vector.get("expect_error"), outcome) {
        (Some(expect), None, Ok(json)) => {
            let actual: Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
            match subset_mismatch(expect, &actual, "result") {
                Some(m) => Err(m),
                None => Ok(()),
            }
        }
        (Some(_), None, Err(e)) => Err(format!("expected a result, got error {e}")),
        (None, Some(expect), Err(e)) => {
            let actual = serde_json::json!({"code": e.code.as_str(), "path": e.path});
            match subset_mismatch(expect, &actual, "error") {
                Some(m) => Err(format!("{m} ({})", e.message)),
                None => Ok(()),
            }
        }
        (None, Some(_), Ok(_)) => Err("expected an error, got a result".into()),
        _ => Err("a vector needs exactly one of expect / expect_error".into()),
    }
}

/// The directory of the malformed-input corpus (`tests/malformed/`, format in its README).
pub fn malformed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("malformed")
}

/// Every malformed-input case file, sorted by name.
pub fn malformed_files() -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(malformed_dir())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// The request text of a malformed case: its `request_json`, or its `generate` rule expanded
/// (`prefix` + `count` copies of `item`, each with `{i}` replaced by its index, joined by
/// `separator` + `count` copies of `close` + `suffix`). Every runner expands it the same way.
pub fn malformed_request(case: &Value) -> Result<String, String> {
    match (case.get("request_json"), case.get("generate")) {
        (Some(Value::String(text)), None) => Ok(text.clone()),
        (None, Some(g)) => {
            let field = |k: &str| {
                g.get(k)
                    .and_then(Value::as_str)
                    .ok_or(format!("generate.{k} must be a string"))
            };
            let count = g
                .get("count")
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or("generate.count must be a whole number")?;
            let (item, separator, close) = (field("item")?, field("separator")?, field("close")?);
            let mut text = String::from(field("prefix")?);
            for i in 0..count {
                if i > 0 {
                    text.push_str(separator);
                }
                text.push_str(&item.replace("{i}", &i.to_string()));
            }
            text.push_str(&close.repeat(count));
            text.push_str(field("suffix")?);
            Ok(text)
        }
        _ => Err("a malformed case needs exactly one of request_json / generate".into()),
    }
}
