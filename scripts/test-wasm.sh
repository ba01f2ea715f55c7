#!/usr/bin/env bash
# Builds and tests the WebAssembly package (crate `minzheng-wasm`, npm package `minzheng`).
#
#   scripts/test-wasm.sh          (from anywhere; works from a clean clone)
#
# 1. installs what is missing: the wasm32 target, wasm-bindgen-cli of the Cargo.lock version,
#    wasm-pack, chromium + chromedriver;
# 2. rustfmt and clippy (-D warnings) for the wasm crate on wasm32;
# 3. the wasm-bindgen tests: every golden vector in Node (wasm/tests/node.rs) and in headless
#    Chromium (wasm/tests/browser.rs, options in wasm/webdriver.json); the Node tests again with
#    the nodejs target's feature `node`;
# 4. the npm package with wasm-pack: target/pkg-node (nodejs) and target/pkg-web (web);
# 5. `node --test wasm/js-tests/`: every golden vector against target/pkg-node.
#
# Exits non-zero on the first failure.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# shellcheck source=wasm-env.sh
source scripts/wasm-env.sh

step "toolchain"
wasm_tools_install
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
  || (sudo_if_needed apt-get update && sudo_if_needed apt-get install -y chromium chromium-driver)
command -v node >/dev/null || { echo "node (>= 20) is required" >&2; exit 1; }
echo "wasm-bindgen $WASM_BINDGEN_VERSION, $(wasm-pack --version), node $(node --version)"

step "rustfmt and clippy (wasm32)"
cargo fmt -p minzheng-wasm --check
cargo clippy -p minzheng-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p minzheng-wasm --target wasm32-unknown-unknown --all-targets --features analysis -- -D warnings
cargo clippy -p minzheng-wasm --target wasm32-unknown-unknown --all-targets --features analysis,node -- -D warnings

step "wasm-bindgen tests: Node and headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p minzheng-wasm --target wasm32-unknown-unknown --features analysis
# The Node build's object results (feature `node`: built in JavaScript from a tape; Node only).
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p minzheng-wasm --target wasm32-unknown-unknown --features analysis,node --test node

step "wasm-pack: target/pkg-node and target/pkg-web"
# The Node package with the analysis operations; the web package (the portal's) without them.
build_package nodejs target/pkg-node analysis
build_package web target/pkg-web

step "node --test wasm/js-tests/"
node --test wasm/js-tests/

step "all WebAssembly checks passed"
