#!/usr/bin/env bash
# Analyst tools (minzheng.analysis): ensures .venv with the table and notebook packages (pandas,
# pyarrow, polars, matplotlib, nbconvert, ipykernel; guarded), builds the release wheel into dist/
# and installs it into .venv when its sources changed (the wheel the clean-room suites install
# too), runs pytest over pyo3-bindings/tests with the analysis tests required (a missing
# table library fails instead of skipping), then executes examples/notebooks/*.ipynb headless
# (matplotlib Agg, with a Chinese font installed when missing) with nbconvert; any failing cell
# fails the script. The executed copies are written to target/notebooks/, each figure as a PNG
# to target/notebooks/figures/. Run from anywhere; paths are repo-relative.
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
# The plots are labelled in Chinese: a CJK font is required (the notebook fails without one
# rather than drawing empty boxes). Installed when missing, as root or through sudo.
if ! { fc-list :lang=zh 2>/dev/null || true; } | grep . >/dev/null; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  echo "--- apt-get install fonts-wqy-microhei (a Chinese font for the notebook's plots)"
  as_root apt-get install -y fonts-wqy-microhei \
    || (as_root apt-get update && as_root apt-get install -y fonts-wqy-microhei) \
    || echo "warning: no Chinese font could be installed; the notebook will fail" >&2
fi
mkdir -p target/notebooks/figures
for notebook in examples/notebooks/*.ipynb; do
  echo "executing $notebook"
  PATH="$VENV/bin:$PATH" MPLBACKEND=Agg MINZHENG_FIGURES="$PWD/target/notebooks/figures" \
    "$VENV/bin/jupyter" nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=600 --output-dir target/notebooks "$notebook"
done
echo "figures: target/notebooks/figures/"
