#!/usr/bin/env bash
# The side-by-side performance run: criterion benches, minzheng (Rust, Python, WASM in Node)
# against an OpenFisca model and a hand-written numpy model of the same rules, on the same seeded
# synthetic population. Regenerates benches/RESULTS.md.
#
#   benches/run.sh                  (10^5 and 10^6 households, and 10^7 streamed from Parquet)
#   SIZES="100000" benches/run.sh   (a quicker run: one size, no streaming)
#   SIZES_STREAM="10000000"         (streaming sizes; default 10^7 in the full run, none when
#                                    SIZES is given)
#
# Needs: the project's .venv (scripts/python-env.sh builds minzheng into it), target/pkg-node
# (scripts/test-wasm.sh builds it; skipped with a note when absent), network access to PyPI for
# OpenFisca's own venv (benches/.venv-openfisca, created on first run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${SIZES:-}" ]; then
  SIZES="100000 1000000"
  SIZES_STREAM=${SIZES_STREAM-10000000}
fi
SIZES_STREAM=${SIZES_STREAM:-}
SEED=${SEED:-7}
OUT=target/bench-side
mkdir -p "$OUT"

echo "==> minzheng Python package (release)"
# shellcheck source=../scripts/python-env.sh
source scripts/python-env.sh
python_env_base
python_env_install 'pandas=pandas' 'numpy=numpy' 'pyarrow=pyarrow'
python_env_build
PY=.venv/bin/python

echo "==> OpenFisca venv"
OFV=benches/.venv-openfisca
[ -x "$OFV/bin/python" ] || python3 -m venv "$OFV"
"$OFV/bin/python" -c 'import openfisca_core' 2>/dev/null \
  || "$OFV/bin/pip" install --quiet 'openfisca-core>=46,<47' 'numpy'
OFPY=$OFV/bin/python

echo "==> criterion (short measurement times)"
cargo bench -p minzheng-benches --bench household -- --noplot 2>&1 | tee "$OUT/criterion-household.log" | grep -E "^[a-z].*time:" || true
cargo bench -p minzheng-benches --bench batch -- --noplot '^(batch/(10000|100000)/|difference)' 2>&1 \
  | tee "$OUT/criterion-batch.log" | grep -E "time:|thrpt:" || true
cargo bench -p minzheng-benches --bench columnar -- --noplot 2>&1 \
  | tee "$OUT/criterion-columnar.log" | grep -E "time:|thrpt:" || true

echo "==> one household: Python, WASM in Node, OpenFisca"
$PY benches/side/ours.py import "$OUT/import.json"
$PY benches/side/ours.py latency "$OUT/python-latency.json"
if [ -f target/pkg-node/minzheng.js ]; then
  node benches/side/node_latency.mjs target/pkg-node "$OUT/node-latency.json"
else
  echo '{"missing": "target/pkg-node not built (scripts/test-wasm.sh)"}' > "$OUT/node-latency.json"
fi
$OFPY benches/openfisca/run_openfisca.py latency "$OUT/openfisca-latency.json"

"$PY" benches/side/numpy_model.py check
for n in $SIZES; do
  echo "==> population of $n households (seed $SEED; cached in $OUT)"
  $PY benches/side/ours.py population "$n" "$SEED" "$OUT"
  # Each run in a fresh process, so that each peak RSS is its own.
  echo "==> batch $n: minzheng from an in-memory pyarrow Table"
  $PY benches/side/ours.py batch pyarrow "$n" "$OUT" "$OUT/ours-arrow-$n.json"
  echo "==> batch $n: minzheng from pandas DataFrames"
  $PY benches/side/ours.py batch pandas "$n" "$OUT" "$OUT/ours-pandas-$n.json"
  echo "==> batch $n: numpy model"
  $PY benches/side/numpy_model.py batch "$n" "$OUT/np-$n.npz" "$OUT/numpy-$n.json"
  echo "==> batch $n: OpenFisca"
  $OFPY benches/openfisca/run_openfisca.py batch "$n" "$OUT/of-$n.npz" "$OUT/openfisca-$n.json"
done

for m in $SIZES_STREAM; do
  echo "==> streaming $m households from Parquet"
  $PY benches/side/ours.py stream-write "$m" "$OUT"
  $PY benches/side/ours.py stream "$m" "$OUT" "$OUT/stream-$m.json"
done

echo "==> benches/RESULTS.md"
# The scale-out section (benches/scale/RESULTS.md, measured by benches/scale/spark_vs_single.py)
# is kept after the report.
{
  SIZES="$SIZES" SIZES_STREAM="$SIZES_STREAM" $PY benches/side/report.py "$OUT" "$OFPY"
  cat benches/scale/RESULTS.md
} > benches/RESULTS.md.new && mv benches/RESULTS.md.new benches/RESULTS.md
cat benches/RESULTS.md
