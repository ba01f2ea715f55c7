#!/usr/bin/env bash
# Python package: builds the release wheel into dist/ and installs it into .venv (when its sources
# changed; scripts/python-env.sh), lints
# the binding with clippy, and runs pytest over pyo3-bindings/tests (every golden vector of
# tests/vectors/ plus the API tests; the analysis tests are skipped unless pandas is installed —
# scripts/test-analysis.sh installs it and runs them). Installs are guarded, so re-runs are fast.
# Run from anywhere; paths are repo-relative. pytest exits 5 when it collects no test, which fails
# this script under `set -e` on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh

python_env_base
python_env_build

echo "--- clippy (minzheng-py)"
cargo clippy -p minzheng-py --all-targets -- -D warnings

echo "--- pytest"
"$PY" -m pytest pyo3-bindings/tests
