//! The committed `docs/figures.md` and the portal's `figures.js` and `latest.js` are current with
//! `core/parameters/`.

#[test]
fn committed_figures_page_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/figures.md");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == minzheng_examples::figures_markdown(),
        "docs/figures.md is out of date: run `cargo run -p minzheng-examples --bin figures`"
    );
}

#[test]
fn committed_portal_figures_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (path, text) in [
        (
            "examples/portal/figures.js",
            minzheng_examples::figures_portal_js(),
        ),
        (
            "examples/portal/latest.js",
            minzheng_examples::latest_verified_js(),
        ),
    ] {
        let committed = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        assert!(
            committed == text,
            "{path} is out of date: run `cargo run -p minzheng-examples --bin figures`"
        );
    }
}

#[test]
fn figures_page_counts_every_status_and_cites_no_mirror() {
    let text = minzheng_examples::figures_markdown();
    for status in ["| verified |", "| reported |", "| illustrative |"] {
        assert!(text.contains(status), "{status}");
    }
    // Only official hosts may be linked (FIGURES-2: mirrors are evidence, never a link).
    for link in text.split("](").skip(1) {
        let url = link.split(')').next().unwrap_or_default();
        assert!(
            [
                "https://www.gz.gov.cn/",
                "http://www.gz.gov.cn/",
                "https://www.gd.gov.cn/",
                "https://www.mca.gov.cn/"
            ]
            .iter()
            .any(|host| url.starts_with(host)),
            "{url}"
        );
    }
}
