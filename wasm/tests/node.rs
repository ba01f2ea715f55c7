//! Runs every golden vector and the binding checks in Node.
//!
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p minzheng-wasm --target wasm32-unknown-unknown --test node`

mod common;

include!("common/suite.rs");
