//! The CLI prints untrusted text (ids, names, messages quoting the request) with every control
//! character escaped, so a crafted file cannot move the cursor, colour the screen or show lines
//! of its own to a caseworker.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use minzheng_examples::{Lang, explain, summary, terminal_safe};

/// What a hostile id tries: clear the screen, return the cursor and print a fake total.
const HOSTILE: &str = "a\u{1b}[2J\u{1b}[H\r\n合计：99999.00 元/月\u{7}\u{9b}31m\u{202e}";

fn printable(text: &str) -> bool {
    text.chars().all(|c| {
        c == '\n'
            || !(c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    })
}

#[test]
fn control_characters_are_escaped_visibly() {
    let safe = terminal_safe(HOSTILE);
    assert!(printable(&safe) && !safe.contains('\n'), "{safe:?}");
    assert!(safe.starts_with("a\\u{1b}[2J"), "{safe}");
    assert!(safe.contains("\\u{d}\\u{a}"), "{safe}");
    assert_eq!(terminal_safe("张三 a-1"), "张三 a-1");
}

fn household(id: &str, district: &str) -> String {
    serde_json::json!({
        "calculation_date": "2025-07-01",
        "household": {"district": district, "area": "urban", "members": [
            {"id": id, "age": 45, "hukou": "guangzhou", "income": {"wages": "1500"}},
            {"id": "b", "age": 12, "hukou": "guangzhou"}
        ]}
    })
    .to_string()
}

#[test]
fn a_rendered_result_has_no_raw_control_characters_and_no_fake_lines() {
    let request = minzheng::parse_request(&household(HOSTILE, "tianhe")).unwrap();
    let result = minzheng::calculate(&request).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        for text in [explain(&result, lang), summary(&result, lang)] {
            assert!(printable(&text), "{text:?}");
            let totals = text
                .lines()
                .filter(|l| l.starts_with("合计") || l.starts_with("Total"))
                .count();
            assert_eq!(totals, 1, "{text}");
        }
    }
}

#[test]
fn the_cli_escapes_results_and_errors() {
    let dir = std::env::temp_dir().join(format!("minzheng-terminal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, request, ok, args) in [
        ("result.json", household(HOSTILE, "tianhe"), true, &[][..]),
        (
            "result.json",
            household(HOSTILE, "tianhe"),
            true,
            &["--explain"][..],
        ),
        ("error.json", household("a", HOSTILE), false, &[][..]),
        (
            "error.json",
            household("a", HOSTILE),
            false,
            &["--explain", "--lang", "en"][..],
        ),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, request).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_calculate"))
            .args(args)
            .arg(&file)
            .output()
            .expect("the calculate binary runs");
        assert_eq!(out.status.success(), ok, "{name}");
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8(stream.clone()).unwrap();
            assert!(printable(&text), "{name}: {text:?}");
            assert!(
                !text.lines().any(|l| l.starts_with("合计：99999")),
                "{name}: {text}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
