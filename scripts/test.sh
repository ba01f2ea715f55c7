#!/usr/bin/env bash
# Sets up what a fresh machine lacks and runs every suite: formatting, clippy (host and wasm32),
# Rust tests (unit, parameters, golden vectors, schema, doc tests), benches compiled, WASM in Node
# and headless Chromium, the npm package under node --test, Python under pytest with the analyst notebook, the
# scale-out tests (Spark local[2], polars, DuckDB), the main command, the portal page (bundle budget, TypeScript types, Playwright in Chromium), and the
# reliability suite (proptest invariants, the malformed-input corpus, a ~30 s fuzz run), the crate's
# docs, and the clean-room suites: the wheel (alone and with each extra), the npm tarball and the
# crate installed from dist/ by the README's install commands. Installs are guarded, so re-runs are
# fast. Exits non-zero if any suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
passed=0
failed=0
failures=()

suite() {
  local name=$1
  shift
  echo
  echo "=== $name ==="
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "--- $name FAILED"
  fi
}

setup_rust() {
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
}

main_command() {
  local out
  out=$(cargo run -q -p minzheng-examples --bin calculate) || return 1
  echo "$out" | head -5
  # Dibao 1309 × 3 − (2800 − 300) = 1427, plus classified relief for the child, a full-time
  # pupil (0.2 × 1309 = 261.80, reported; the disabled spouse is in none of the three groups),
  # plus the spouse's disability living (209) and care (280) subsidies: 2177.80.
  grep -q '^合计：2177.80 元/月$' <<<"$out"
}

suite "setup (rust components)" setup_rust
suite "cargo fmt --check" cargo fmt --all -- --check
suite "clippy (host, all targets)" cargo clippy --workspace --all-targets --features minzheng/arrow -- -D warnings
# The core with its Arrow input, so the differential test also reads the population as Arrow tables.
suite "rust tests" cargo test --workspace --exclude minzheng-py --exclude minzheng-wasm --features minzheng/arrow
suite "benches compile" cargo bench -p minzheng-benches --no-run
suite "main command" main_command
suite "wasm (node, chromium, npm package)" bash scripts/test-wasm.sh
suite "python (pytest, analysis, notebook)" bash scripts/test-analysis.sh
suite "scale-out (Spark local[2], polars, DuckDB)" bash scripts/test-scale.sh
suite "portal (bundle budget, types, Playwright in Chromium)" bash scripts/test-portal.sh
suite "reliability (invariants, malformed corpus, bounded fuzz run)" bash scripts/test-reliability.sh
# The packages as users install them (README "Install"): each from dist/ (scripts/package.sh; the
# wheel is the one the python suite built, the npm tarball packs the wasm suite's web build).
suite "crate docs (cargo doc, -D warnings)" env RUSTDOCFLAGS="-D warnings" cargo doc -p minzheng --no-deps --all-features
suite "clean room: python wheel (new venv, smoke test, sdist)" bash scripts/test-clean-room.sh python
suite "clean room: python[pandas]" bash scripts/test-clean-room.sh python-pandas
suite "clean room: python[polars]" bash scripts/test-clean-room.sh python-polars
suite "clean room: python[spark] (Spark local[2])" bash scripts/test-clean-room.sh python-spark
suite "clean room: npm tarball (Node, tsc, Vite and esbuild bundles in Chromium)" bash scripts/test-clean-room.sh npm
suite "clean room: crate (cargo package, new Cargo project)" bash scripts/test-clean-room.sh crate

echo
if [ "$failed" -gt 0 ]; then
  echo "failed suites: ${failures[*]}"
fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
