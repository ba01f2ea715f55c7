//! Runs every golden vector and the binding checks in headless Chromium.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p minzheng-wasm --target wasm32-unknown-unknown --test browser`
//! (the runner reads the browser options from `wasm/webdriver.json`).

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

include!("common/suite.rs");
