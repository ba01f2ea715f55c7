#!/usr/bin/env bash
# Analyst tools (minzheng.analysis): ensures .venv with the table and notebook packages (pandas,
# pyarrow, polars, matplotlib, nbconvert, ipykernel; guarded), builds the release wheel into dist/
# and installs it into .venv when its sources changed (the wheel the clean-room suites install
# too), runs pytest over pyo3-bindings/tests with the analysis tests required (a missing
# table library fails instead of skipping), then executes examples/notebooks/*.ipynb headless
# (matplotlib Agg) with nbconvert; any failing cell fails the script. The executed copies are
# written to target/notebooks/. Run from anywhere; paths are repo-relative.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh

python_env_base
python_env_install pandas=pandas pyarrow=pyarrow polars=polars matplotlib=matplotlib \
  nbconvert=nbconvert nbclient=nbclient ipykernel=ipykernel
python_env_build

echo "--- pytest (analysis tests required)"
MINZHENG_REQUIRE_ANALYSIS_DEPS=1 "$PY" -m pytest pyo3-bindings/tests

echo "--- notebooks"
mkdir -p target/notebooks
for notebook in examples/notebooks/*.ipynb; do
  echo "executing $notebook"
  PATH="$VENV/bin:$PATH" MPLBACKEND=Agg "$VENV/bin/jupyter" nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=600 --output-dir target/notebooks "$notebook"
done
