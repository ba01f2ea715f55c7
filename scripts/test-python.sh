#!/usr/bin/env bash
# Python package: builds minzheng._native into .venv with maturin, lints the binding with clippy,
# and runs pytest over pyo3-bindings/tests (every golden vector of tests/vectors/ plus the API
# tests). Installs are guarded, so re-runs are fast. Run from anywhere; paths are repo-relative.
# pytest exits 5 when it collects no test, which fails this script under `set -e` on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
VENV="$PWD/.venv"
PY="$VENV/bin/python"

[ -x "$PY" ] || python3 -m venv "$VENV"
"$PY" -c 'import maturin' 2>/dev/null || "$PY" -m pip install --quiet 'maturin>=1.9,<2'
"$PY" -c 'import pytest' 2>/dev/null || "$PY" -m pip install --quiet 'pytest>=7'

echo "--- maturin develop --release"
VIRTUAL_ENV="$VENV" "$VENV/bin/maturin" develop --release --manifest-path pyo3-bindings/Cargo.toml

echo "--- clippy (minzheng-py)"
cargo clippy -p minzheng-py --all-targets -- -D warnings

echo "--- pytest"
"$PY" -m pytest pyo3-bindings/tests
