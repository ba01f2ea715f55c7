//! The committed JSON Schemas under `schema/` match the types.

#![allow(clippy::unwrap_used)]

#[test]
fn committed_schemas_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    for (name, text) in minzheng_examples::schemas() {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == text,
            "schema/{name} is out of date: run `cargo run -p minzheng-examples --bin schema`"
        );
    }
}

#[test]
fn the_default_household_renders_an_explained_result() {
    use minzheng_examples::{Lang, explain};
    let request = minzheng::parse_request(minzheng_examples::DEFAULT_HOUSEHOLD).unwrap();
    let text = explain(&minzheng::calculate(&request).unwrap(), Lang::Zh);
    // 1309 × 3 − (2800 − 300) = 1427; the disability subsidies are not counted.
    assert!(text.contains("1427.00"), "{text}");
    // Plus classified relief for the child, a full-time pupil: 0.2 × 1309 = 261.80 (the disabled
    // spouse is in none of the three groups), and the spouse's disability subsidies 209 + 280:
    // 2177.80.
    assert!(text.lines().any(|l| l == "合计：2177.80 元/月"), "{text}");
    assert!(text.contains("穗民规字〔2025〕2号"), "{text}");
    // The illustrative asset limit is flagged where it is used and in the warnings.
    assert!(text.contains("示例数值，未核实"), "{text}");
    assert!(text.contains("本结果使用了示例数值"), "{text}");
}

#[test]
fn the_docs_list_every_reason_and_warning_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/engine.md");
    let text = std::fs::read_to_string(path).unwrap();
    for (marker, wanted) in minzheng_examples::code_tables() {
        let (start, end) = minzheng_examples::table_markers(marker);
        let table = text
            .split_once(&start)
            .and_then(|(_, rest)| rest.split_once(&end))
            .map(|(table, _)| table)
            .unwrap_or_default();
        assert!(
            table == wanted,
            "docs/engine.md's {marker} are out of date: run `cargo run -p minzheng-examples --bin schema`"
        );
    }
}
