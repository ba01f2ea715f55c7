//! The `calculate` command as its users meet it: help that calculates nothing, the short answer
//! by default, the full explanation with `--explain`, Chinese or English, a request from a file
//! or standard input, errors in plain words with their code and field, and the documented exit
//! codes (0 calculated, 1 the request cannot be calculated, 2 the command line is wrong).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use minzheng::wire::Eligibility;
use rust_decimal::Decimal;
use std::io::Write;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_calculate"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the calculate binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn default_result() -> minzheng::CalculationResult {
    let request = minzheng::parse_request(minzheng_examples::DEFAULT_HOUSEHOLD).unwrap();
    minzheng::calculate(&request).unwrap()
}

fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(u32::from(c), 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF))
}

fn request(age: serde_json::Value, district: &str) -> String {
    serde_json::json!({
        "calculation_date": "2025-07-01",
        "household": {"district": district, "area": "urban", "members": [
            {"id": "a", "age": age, "hukou": "guangzhou", "income": {"wages": "1500"}},
            {"id": "b", "age": 30, "hukou": "guangzhou"}
        ]}
    })
    .to_string()
}

#[test]
fn help_prints_usage_and_exit_codes_and_calculates_nothing() {
    for (args, words) in [
        (
            &["--help"][..],
            &[
                "用法",
                "--explain",
                "--json",
                "--lang",
                "退出码",
                "  0 ",
                "  1 ",
                "  2 ",
            ][..],
        ),
        (&["-h"][..], &["用法", "退出码"][..]),
        (
            &["--lang", "en", "--help"][..],
            &["Usage", "--explain", "Exit codes", "  0 ", "  1 ", "  2 "][..],
        ),
        // Help wins over everything else: neither the file nor the bad option is looked at.
        (
            &["--help", "no-such-file.json", "--bogus"][..],
            &["用法"][..],
        ),
    ] {
        let r = run(args, None);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
        for word in words {
            assert!(
                r.stdout.contains(word),
                "{args:?} lacks {word}: {}",
                r.stdout
            );
        }
        assert!(
            !r.stdout.contains("合计：") && !r.stdout.contains("Total:"),
            "help calculated: {}",
            r.stdout
        );
    }
    assert!(!has_cjk(&run(&["--lang", "en", "--help"], None).stdout));
    let version = run(&["--version"], None);
    assert_eq!(version.code, 0);
    assert!(version.stdout.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_default_is_one_line_per_paying_programme_the_total_and_each_warning_once() {
    let result = default_result();
    let r = run(&[], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    // Dibao 1309 × 3 − (2800 − 300) = 1427, classified relief 0.2 × 1309 = 261.80 for the
    // child, the spouse's disability living (209) and care (280) subsidies: 2177.80.
    assert_eq!(
        lines
            .iter()
            .copied()
            .filter(|l| l.starts_with("合计"))
            .collect::<Vec<_>>(),
        ["合计：2177.80 元/月"],
        "{}",
        r.stdout
    );
    assert_eq!(result.monthly_total.to_string(), "2177.80");
    let mut paying = 0;
    for p in &result.programmes {
        let amount_lines: Vec<&&str> = lines
            .iter()
            .filter(|l| l.starts_with(&format!("  {}", p.label_zh)) && l.ends_with(" 元"))
            .collect();
        if p.monthly_amount.0 > Decimal::ZERO {
            paying += 1;
            assert_eq!(amount_lines.len(), 1, "{}: {}", p.label_zh, r.stdout);
            assert!(
                amount_lines[0].ends_with(&format!(" {} 元", p.monthly_amount)),
                "{}",
                amount_lines[0]
            );
        } else {
            assert!(amount_lines.is_empty(), "{}: {}", p.label_zh, r.stdout);
            // Every programme that does not pay is still named once, with why where it is open.
            let named = lines.iter().filter(|l| l.contains(&*p.label_zh)).count();
            assert_eq!(named, 1, "{}: {}", p.label_zh, r.stdout);
            if p.status == Eligibility::NotAssessed {
                let reason = &p.reason.as_ref().unwrap().message_zh;
                assert!(r.stdout.contains(reason.as_str()), "{reason}");
            }
        }
    }
    assert_eq!(paying, 4, "{}", r.stdout);
    // Each warning once, and no trace: no steps, no basis lines, no receipt.
    assert!(!result.warnings.is_empty());
    for w in &result.warnings {
        assert_eq!(
            r.stdout.matches(w.message_zh.as_str()).count(),
            1,
            "{}",
            r.stdout
        );
    }
    for trace in ["审核步骤", "sha256", "■"] {
        assert!(!r.stdout.contains(trace), "{trace}: {}", r.stdout);
    }
    assert!(
        !lines.iter().any(|l| l.trim_start().starts_with("依据：")),
        "{}",
        r.stdout
    );
    assert!(lines.len() < 30, "{}", r.stdout);
}

#[test]
fn explain_gives_the_full_trace_with_citations_and_the_receipt() {
    let result = default_result();
    let r = run(&["--explain"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for p in &result.programmes {
        let header = format!("■ {}：", p.label_zh);
        assert_eq!(r.stdout.matches(&header).count(), 1, "{header}");
    }
    assert!(r.stdout.lines().any(|l| l == "合计：2177.80 元/月"));
    assert!(r.stdout.contains("审核步骤："));
    // The dibao standard with its document, number and article, and its status.
    assert!(
        r.stdout
            .contains("最低生活保障标准 = 1309元/人/月（自 2025-01-01；已核实）"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("穗民规字〔2025〕2号"));
    assert!(r.stdout.contains(&result.receipt.parameters_sha256));
    assert!(r.stdout.contains(&result.receipt.input_sha256));
    for w in &result.warnings {
        assert_eq!(r.stdout.matches(w.message_zh.as_str()).count(), 1);
    }
    assert!(r.stdout.lines().count() > 3 * run(&[], None).stdout.lines().count());
}

#[test]
fn english_output_is_english() {
    let result = default_result();
    let r = run(&["--lang", "en"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.lines().any(|l| l == "Total: 2177.80 yuan a month"));
    for p in result
        .programmes
        .iter()
        .filter(|p| p.monthly_amount.0 > Decimal::ZERO)
    {
        assert!(r.stdout.contains(&*p.label_en), "{}", p.label_en);
    }
    assert!(!has_cjk(&r.stdout), "{}", r.stdout);
    let explained = run(&["--explain", "--lang=en"], None);
    assert_eq!(explained.code, 0);
    assert!(explained.stdout.contains("steps:") && explained.stdout.contains("basis: "));
}

#[test]
fn a_request_from_a_file_or_standard_input() {
    let text = request(serde_json::json!(45), "tianhe");
    let expected = minzheng::calculate(&minzheng::parse_request(&text).unwrap()).unwrap();
    let total = format!("合计：{} 元/月", expected.monthly_total);
    let stdin = run(&["-"], Some(&text));
    assert_eq!(stdin.code, 0, "{}", stdin.stderr);
    assert!(stdin.stdout.lines().any(|l| l == total), "{}", stdin.stdout);
    let dir = std::env::temp_dir().join(format!("minzheng-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("household.json");
    std::fs::write(&file, &text).unwrap();
    let from_file = run(&[file.to_str().unwrap()], None);
    assert_eq!(from_file.stdout, stdin.stdout);
    // The built-in household through stdin reads as the default.
    assert_eq!(
        run(&["-"], Some(minzheng_examples::DEFAULT_HOUSEHOLD)).stdout,
        run(&[], None).stdout
    );
    // --json: the wire result, as the engine writes it.
    let json = run(&["--json", "-"], Some(&text));
    assert_eq!(json.code, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        value["monthly_total"],
        expected.monthly_total.to_string().as_str()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_is_explained_in_plain_words_with_its_field_and_code_and_exits_1() {
    let cases = [
        (
            request(serde_json::json!(200), "tianhe"),
            "字段 household.members[0].age：",
            "out_of_range",
            "0–150",
        ),
        (
            request(serde_json::json!("45"), "tianhe"),
            "字段 household.members[0].age：",
            "invalid_type",
            "整数",
        ),
        (
            request(serde_json::json!(45), "xinyi"),
            "字段 household.district：",
            "invalid_value",
            "tianhe（天河区）",
        ),
        (
            r#"{"calculation_date": "2025-07-01", "household": {"district": "tianhe"}}"#.into(),
            "字段 household：",
            "missing_field",
            "area",
        ),
        (
            r#"{"calculation_date": "2025-07-01", "household": "#.into(),
            "整个请求：",
            "invalid_json",
            "不是有效的 JSON",
        ),
        (
            request(serde_json::json!(45), "tianhe").replace("2025-07-01", "1990-07-01"),
            "字段 calculation_date：",
            "parameter_not_in_force",
            "2019-01-01",
        ),
    ];
    for (text, field, code, words) in &cases {
        let r = run(&["-"], Some(text));
        assert_eq!(r.code, 1, "{text}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert!(r.stderr.contains(field), "{field}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("错误代码：{code}")),
            "{code}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(words), "{words}: {}", r.stderr);
        // The engine's own English does not leak into the Chinese message.
        for jargon in [
            "unknown variant",
            "invalid type",
            "expected",
            "missing field",
            "is outside",
            "EOF",
            "i64",
        ] {
            assert!(!r.stderr.contains(jargon), "{jargon}: {}", r.stderr);
        }
        // In English, the same field and code.
        let en = run(&["--lang", "en", "-"], Some(text));
        assert_eq!(en.code, 1);
        assert!(
            en.stderr.contains(&format!("error code: {code}")),
            "{}",
            en.stderr
        );
        assert!(!has_cjk(&en.stderr), "{}", en.stderr);
        // --explain adds the engine's message as a technical detail.
        let detail = run(&["--explain", "-"], Some(text));
        assert!(detail.stderr.contains("技术详情："), "{}", detail.stderr);
    }
    let en = run(&["--lang", "en", "-"], Some(&cases[0].0));
    assert!(
        en.stderr.contains(
            "field household.members[0].age: the number is outside its allowed range (0–150)."
        ),
        "{}",
        en.stderr
    );
}

#[test]
fn a_wrong_command_line_exits_2_and_says_what_is_wrong() {
    for (args, words) in [
        (&["--bogus"][..], "--bogus"),
        (&["no-such-file.json"][..], "文件不存在"),
        (&["--lang", "fr"][..], "zh 或 en"),
        (&["--lang"][..], "zh 或 en"),
        (&["a.json", "b.json"][..], "只能给一个文件"),
        (&["--json", "--explain"][..], "只能选一个"),
    ] {
        let r = run(args, None);
        assert_eq!(r.code, 2, "{args:?}: {} {}", r.stdout, r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(r.stderr.contains(words), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("calculate --help"), "{}", r.stderr);
    }
    let en = run(&["--lang", "en", "no-such-file.json"], None);
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("no such file"), "{}", en.stderr);
}
