//! The index of programmes in the `programmes` module docs (`core/src/programmes/mod.rs`, the
//! table under "# Index") is checked against the repository, so it stays true: each module exists
//! and carries search aliases, each wire name is a programme or an API, each parameter file and
//! docs page exists, each vector prefix names at least one golden vector, and every programme
//! the engine reports and every parameter file has a row.
// A helper that cannot read the table fails the test that called it, loudly.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use minzheng::wire::Programme;
use std::path::{Path, PathBuf};

/// `core/`.
fn core_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository root.
fn root() -> PathBuf {
    core_dir().join("..")
}

/// One row of the index.
#[derive(Debug)]
struct Row {
    zh: String,
    wire: Vec<String>,
    module: String,
    parameters: Vec<String>,
    docs: Vec<String>,
    vectors: Vec<String>,
}

/// The `code` spans of a cell, in order.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The rows of the table in the module docs, header and rule left out.
fn rows() -> Vec<Row> {
    let path = core_dir().join("src/programmes/mod.rs");
    let text = std::fs::read_to_string(&path).expect("core/src/programmes/mod.rs");
    let table: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("//! |"))
        .collect();
    assert!(
        table.len() > 2,
        "no index table in core/src/programmes/mod.rs"
    );
    let header: Vec<&str> = table[0].split('|').map(str::trim).collect();
    assert_eq!(
        header[..6],
        [
            "中文名",
            "programme / API",
            "module",
            "parameter file",
            "docs page",
            "vector prefix"
        ],
        "the index's columns"
    );
    table[2..]
        .iter()
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            assert!(cells.len() >= 6, "a row of six cells: {line}");
            let module = cells[2]
                .strip_prefix("[`")
                .and_then(|c| c.strip_suffix("`]"))
                .unwrap_or_else(|| panic!("the module is an intra-doc link: {line}"));
            Row {
                zh: cells[0].to_string(),
                wire: ticked(cells[1]),
                module: module.to_string(),
                parameters: ticked(cells[3]),
                docs: ticked(cells[4]),
                vectors: ticked(cells[5]),
            }
        })
        .collect()
}

/// The source file of a module path as written in `programmes` (`dibao`, `crate::care_home::bill`).
fn module_file(module: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = match module.strip_prefix("crate::") {
        Some(path) => path.split("::").collect(),
        None => std::iter::once("programmes")
            .chain(module.split("::"))
            .collect(),
    };
    let base = core_dir().join("src").join(parts.join("/"));
    [base.with_extension("rs"), base.join("mod.rs")]
        .into_iter()
        .find(|p| p.is_file())
}

/// The wire name of a programme (`"dibao"`).
fn wire_name(p: Programme) -> String {
    serde_json::to_string(&p)
        .expect("a programme serialises")
        .trim_matches('"')
        .to_string()
}

#[test]
fn every_module_exists_and_has_aliases() {
    for row in rows() {
        let file = module_file(&row.module)
            .unwrap_or_else(|| panic!("{}: no module {}", row.zh, row.module));
        let source = std::fs::read_to_string(&file).expect("module source");
        assert!(
            source.contains("#![doc(alias("),
            "{}: {} has no #![doc(alias(…))] with its Chinese names",
            row.zh,
            file.display()
        );
    }
}

#[test]
fn every_wire_name_is_a_programme_or_an_api() {
    let apis = minzheng::api_names();
    for row in rows() {
        assert!(!row.wire.is_empty(), "{}: no wire name", row.zh);
        for name in &row.wire {
            let programme: Option<Programme> = serde_json::from_str(&format!("\"{name}\"")).ok();
            assert!(
                programme.is_some() || apis.contains(&name.as_str()),
                "{}: `{name}` is neither a programme nor an API",
                row.zh
            );
            // A programme's row starts with its Chinese label.
            if let Some(p) = programme {
                let label = p.labels().0;
                assert!(
                    row.zh.starts_with(label),
                    "{}: the row of `{name}` starts with its label {label}",
                    row.zh
                );
            }
        }
    }
}

#[test]
fn every_programme_has_a_row() {
    let named: Vec<String> = rows().into_iter().flat_map(|r| r.wire).collect();
    let others = [
        Programme::TemporaryAssistance,
        Programme::RescueFoodAllowance,
    ];
    for p in minzheng::engine::PROGRAMMES.into_iter().chain(others) {
        let name = wire_name(p);
        assert!(named.contains(&name), "`{name}` has no row in the index");
    }
}

#[test]
fn every_parameter_file_and_docs_page_exists() {
    let rows = rows();
    for row in &rows {
        for file in &row.parameters {
            let path = core_dir().join("parameters").join(file);
            assert!(path.is_file(), "{}: no core/parameters/{file}", row.zh);
        }
        assert!(!row.docs.is_empty(), "{}: no docs page", row.zh);
        for page in &row.docs {
            let path = root().join("docs").join(page);
            assert!(path.is_file(), "{}: no docs/{page}", row.zh);
        }
    }
    // Every parameter file but the sources is some row's.
    let named: Vec<&String> = rows.iter().flat_map(|r| &r.parameters).collect();
    let dir = std::fs::read_dir(core_dir().join("parameters")).expect("core/parameters");
    for entry in dir {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".toml") && name != "sources.toml" {
            assert!(
                named.contains(&&name),
                "core/parameters/{name} has no row in the index"
            );
        }
    }
}

#[test]
fn every_vector_prefix_names_vectors() {
    let files: Vec<String> = std::fs::read_dir(root().join("tests/vectors"))
        .expect("tests/vectors")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    for row in rows() {
        assert!(!row.vectors.is_empty(), "{}: no vector prefix", row.zh);
        for prefix in &row.vectors {
            assert!(
                files.iter().any(|f| f.starts_with(prefix.as_str())),
                "{}: no tests/vectors/{prefix}*.json",
                row.zh
            );
        }
    }
}
