#!/usr/bin/env bash
# Builds and tests the WebAssembly package (crate `minzheng-wasm`, npm package `minzheng`).
#
#   scripts/test-wasm.sh          (from anywhere; works from a clean clone)
#
# 1. installs what is missing: the wasm32 target, wasm-bindgen-cli of the Cargo.lock version,
#    wasm-pack, chromium + chromedriver;
# 2. rustfmt and clippy (-D warnings) for the wasm crate on wasm32;
# 3. the wasm-bindgen tests: every golden vector in Node (wasm/tests/node.rs) and in headless
#    Chromium (wasm/tests/browser.rs, options in wasm/webdriver.json);
# 4. the npm package with wasm-pack: target/pkg-node (nodejs) and target/pkg-web (web);
# 5. `node --test wasm/js-tests/`: every golden vector against target/pkg-node.
#
# Exits non-zero on the first failure.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

# `grep -x` without -q, so that an early exit cannot SIGPIPE the writer under pipefail.
has_line() { grep -x -- "$1" >/dev/null; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

step "toolchain"
rustup target list --installed | has_line wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
V=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
[ -n "$V" ] || { echo "no wasm-bindgen version in Cargo.lock" >&2; exit 1; }
{ wasm-bindgen --version 2>/dev/null || true; } | has_line "wasm-bindgen $V" \
  || cargo install wasm-bindgen-cli --version "$V" --locked \
  || cargo install wasm-bindgen-cli --version "$V"
command -v wasm-pack >/dev/null || cargo install wasm-pack --locked
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
  || (sudo_if_needed apt-get update && sudo_if_needed apt-get install -y chromium chromium-driver)
command -v node >/dev/null || { echo "node (>= 20) is required" >&2; exit 1; }
echo "wasm-bindgen $V, $(wasm-pack --version), node $(node --version)"

step "rustfmt and clippy (wasm32)"
cargo fmt -p minzheng-wasm --check
cargo clippy -p minzheng-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings

step "wasm-bindgen tests: Node and headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p minzheng-wasm --target wasm32-unknown-unknown

# wasm-pack names the npm package after the crate; the package is published as `minzheng`.
build_package() {
  local target=$1 out=$2
  # The size-tuned profile (opt-level z, LTO, one codegen unit) for both packages, so the Node
  # tests exercise what the portal ships. --no-opt: wasm-pack would otherwise download wasm-opt,
  # and Debian's wasm-opt breaks the output (see the toolchain notes).
  wasm-pack build wasm --profile wasm-release --no-opt --target "$target" --out-dir "../$out" --out-name minzheng
  node -e '
    const fs = require("fs");
    const file = process.argv[1] + "/package.json";
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    pkg.name = "minzheng";
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$out"
  # The TypeScript declarations of requests, results and errors (wasm/types/), as the "types".
  node wasm/types/install.mjs "$out"
}

step "wasm-pack: target/pkg-node and target/pkg-web"
build_package nodejs target/pkg-node
build_package web target/pkg-web

step "node --test wasm/js-tests/"
node --test wasm/js-tests/

step "all WebAssembly checks passed"
