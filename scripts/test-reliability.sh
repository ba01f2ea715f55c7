#!/usr/bin/env bash
# Reliability suite, from the repository root or anywhere:
#
#   bash scripts/test-reliability.sh
#
# 1. the property tests (core/tests/properties.rs; PROPTEST_CASES=n for more cases than 256);
# 2. the malformed-input corpus in Rust (tests/malformed/) and the stable fuzz smoke run
#    (tests/tests/fuzz_smoke.rs, 4,000 mutated inputs);
# 3. a bounded fuzz run, MINZHENG_FUZZ_SECONDS in all (default 30), split over the two cargo-fuzz
#    targets (fuzz/: call_json, reform). cargo-fuzz is installed when missing and runs libFuzzer
#    on stable Rust through RUSTC_BOOTSTRAP=1 (fuzz/README.md). Where it cannot be installed or
#    built, the same harness runs as the stable smoke test for that long instead.
#
# The Node and Python runners of the corpus (wasm/js-tests/malformed.test.mjs,
# pyo3-bindings/tests/test_malformed.py) run in scripts/test-wasm.sh and scripts/test-python.sh.
# A crash leaves its input in fuzz/artifacts/<target>/; replay it with
# `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>` from fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

FUZZ_SECONDS=${MINZHENG_FUZZ_SECONDS:-30}
step() { printf '\n==> %s\n' "$*"; }

step "property tests (${PROPTEST_CASES:-256} cases each)"
cargo test -p minzheng --test properties

step "malformed-input corpus and fuzz smoke run (Rust)"
cargo test -p minzheng-conformance --test malformed --test fuzz_smoke -- --nocapture

step "bounded fuzz run (${FUZZ_SECONDS} s)"
libfuzzer_run() {
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked || return 1
  if command -v python3 >/dev/null; then python3 fuzz/make_seeds.py; fi
  mkdir -p fuzz/corpus/call_json fuzz/corpus/reform
  local log
  log=$(mktemp)
  if ! (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz build) >"$log" 2>&1; then
    tail -20 "$log"
    return 1
  fi
  local each=$(((FUZZ_SECONDS + 1) / 2))
  for target in call_json reform; do
    echo "--- cargo fuzz run $target (${each} s)"
    # A panic, a broken invariant, a timeout (-timeout seconds for one input) or memory above
    # -rss_limit_mb fails the run.
    if ! (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- \
      -dict=minzheng.dict -max_total_time="$each" -timeout=2 -rss_limit_mb=2048 \
      -max_len=16384 -print_final_stats=1) >"$log" 2>&1; then
      tail -60 "$log"
      echo "cargo fuzz run $target FAILED (input in fuzz/artifacts/$target/)" >&2
      return 2
    fi
    grep -E '^(Done |stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb))' "$log" || true
  done
  rm -f "$log"
}
status=0
libfuzzer_run || status=$?
if [ "$status" -eq 2 ]; then
  exit 1
elif [ "$status" -ne 0 ]; then
  echo "libFuzzer is not available here; running the stable fuzz harness for ${FUZZ_SECONDS} s instead"
  MINZHENG_FUZZ_SECONDS="$FUZZ_SECONDS" cargo test -p minzheng-conformance --test fuzz_smoke -- --nocapture
fi

step "all reliability checks passed"
