#!/usr/bin/env bash
# Sets up what a fresh machine lacks and runs the suites of one lane, or of all:
#
#   bash scripts/test.sh [fast|full|slow|all]     (default: all, which CI runs through .ci/run)
#
# fast  formatting, clippy, the Rust tests (unit, parameters, golden vectors, schema, doc tests,
#       the README's limits), the main command, the crate's docs (-D warnings), the dependency
#       check (cargo-deny: licenses, bans, sources), the minimum-Rust-version check and the
#       generated files (scripts/codegen.sh --check); about ten minutes on a warm build.
# full  benches compiled, WASM in Node and headless Chromium, the npm package under node --test,
#       Python under pytest with the analyst notebook, the portal page (bundle budget,
#       TypeScript types, Playwright in Chromium), and the clean-room suites: the wheel (alone and
#       with each extra, spark included), the npm tarball and the crate installed from dist/ by
#       the README's install commands.
# slow  the reliability suite (proptest invariants, the malformed-input corpus, a ~30 s fuzz run)
#       and the scale-out tests (Spark local[2], polars, DuckDB).
#
# Installs are guarded, so re-runs are fast. Ends with the line `suites: N passed, N failed`;
# exits non-zero if any suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"

selected=${1:-all}
case "$selected" in
  fast | full | slow | all) ;;
  *)
    echo "usage: scripts/test.sh [fast|full|slow|all]" >&2
    exit 2
    ;;
esac
# The lane of the suites that follow (set by `lane`); `suite` skips those of other lanes.
current=fast
lane() { current=$1; }

passed=0
failed=0
failures=()

suite() {
  local name=$1
  shift
  if [ "$selected" != all ] && [ "$selected" != "$current" ]; then
    return 0
  fi
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

# cargo-deny, pinned; installed from crates.io when missing (a cold install compiles it: about
# 18 minutes on the 2-core machine under load, then cached in ~/.cargo/bin). Offline checks only
# (deny.toml).
CARGO_DENY_VERSION=0.20.2
dependencies() {
  if [ "$(cargo-deny --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]; then
    cargo install --locked --no-default-features cargo-deny --version "$CARGO_DENY_VERSION" || return 1
  fi
  cargo deny --offline check licenses bans sources
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

lane fast
suite "setup (rust components)" setup_rust
suite "cargo fmt --check" cargo fmt --all -- --check
suite "clippy (host, all targets)" cargo clippy --workspace --all-targets --features minzheng/arrow -- -D warnings
# The core with its Arrow input, so the differential test also reads the population as Arrow tables.
suite "rust tests" cargo test --workspace --exclude minzheng-py --exclude minzheng-wasm --features minzheng/arrow
suite "main command" main_command
suite "crate docs (cargo doc, -D warnings)" env RUSTDOCFLAGS="-D warnings" cargo doc -p minzheng --no-deps --all-features
suite "dependencies (cargo-deny: licenses, bans, sources)" dependencies
suite "minimum Rust version (declared vs toolchain and dependencies)" bash scripts/check-msrv.sh
suite "generated files current (scripts/codegen.sh --check)" bash scripts/codegen.sh --check

lane full
suite "benches compile" cargo bench -p minzheng-benches --no-run
suite "wasm (node, chromium, npm package)" bash scripts/test-wasm.sh
suite "python (pytest, analysis, notebook)" bash scripts/test-analysis.sh
suite "portal (bundle budget, types, Playwright in Chromium)" bash scripts/test-portal.sh
# The packages as users install them (README "Install"): each from dist/ (scripts/package.sh; the
# wheel is the one the python suite built, the npm tarball packs the wasm suite's web build).
suite "clean room: python wheel (new venv, smoke test, sdist)" bash scripts/test-clean-room.sh python
suite "clean room: python[pandas]" bash scripts/test-clean-room.sh python-pandas
suite "clean room: python[polars]" bash scripts/test-clean-room.sh python-polars
suite "clean room: python[spark] (Spark local[2])" bash scripts/test-clean-room.sh python-spark
suite "clean room: npm tarball (Node, tsc, Vite and esbuild bundles in Chromium)" bash scripts/test-clean-room.sh npm
suite "clean room: crate (cargo package, new Cargo project)" bash scripts/test-clean-room.sh crate

lane slow
suite "reliability (invariants, malformed corpus, bounded fuzz run)" bash scripts/test-reliability.sh
suite "scale-out (Spark local[2], polars, DuckDB)" bash scripts/test-scale.sh

echo
if [ "$failed" -gt 0 ]; then
  echo "failed suites: ${failures[*]}"
fi
echo "lane: $selected"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
