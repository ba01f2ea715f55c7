#!/usr/bin/env bash
# The side-by-side performance run: criterion benches, minzheng (Rust, Python, WASM in Node)
# against an OpenFisca model of the same rules, on the same seeded synthetic population.
# Regenerates benches/RESULTS.md.
#
#   benches/run.sh              (10^5 and 10^6 households; ~10-15 minutes on 2 cores)
#   SIZES="100000" benches/run.sh   (a quicker run)
#
# Needs: the project's .venv (scripts/python-env.sh builds minzheng into it), target/pkg-node
# (scripts/test-wasm.sh builds it; skipped with a note when absent), network access to PyPI for
# OpenFisca's own venv (benches/.venv-openfisca, created on first run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
SIZES=${SIZES:-"100000 1000000"}
SEED=${SEED:-7}
OUT=target/bench-side
mkdir -p "$OUT"

echo "==> minzheng Python package (release)"
# shellcheck source=../scripts/python-env.sh
source scripts/python-env.sh
python_env_base
python_env_install 'pandas=pandas' 'numpy=numpy'
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

echo "==> one household: Python, WASM in Node, OpenFisca"
$PY benches/side/ours.py import "$OUT/import.json"
$PY benches/side/ours.py latency "$OUT/python-latency.json"
if [ -f target/pkg-node/minzheng.js ]; then
  node benches/side/node_latency.mjs target/pkg-node "$OUT/node-latency.json"
else
  echo '{"missing": "target/pkg-node not built (scripts/test-wasm.sh)"}' > "$OUT/node-latency.json"
fi
$OFPY benches/openfisca/run_openfisca.py latency "$OUT/openfisca-latency.json"

for n in $SIZES; do
  echo "==> population of $n households (seed $SEED; cached in $OUT)"
  $PY benches/side/ours.py population "$n" "$SEED" "$OUT"
  echo "==> batch $n: minzheng from Python"
  $PY benches/side/ours.py batch "$n" "$OUT" "$OUT/ours-$n.json"
  echo "==> batch $n: OpenFisca"
  $OFPY benches/openfisca/run_openfisca.py batch "$n" "$OUT/of-$n.npz" "$OUT/openfisca-$n.json"
done

echo "==> benches/RESULTS.md"
SIZES="$SIZES" $PY benches/side/report.py "$OUT" "$OFPY" > benches/RESULTS.md
cat benches/RESULTS.md
