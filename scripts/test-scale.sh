#!/usr/bin/env bash
# Scale-out (minzheng.analysis.scale): a Java runtime when absent (Debian's
# openjdk-17-jre-headless, guarded), pyspark 4, DuckDB, polars, pyarrow and pandas in .venv
# (guarded), the release wheel built and installed when its sources changed (as
# scripts/test-analysis.sh does), then pytest over the scale-out tests with every library
# required (a missing one fails instead of skipping): in one process over pyarrow, polars
# (a LazyFrame scan of Parquet) and DuckDB (a query through Arrow), and in a real Spark in
# local mode (local[2]) over 10^5 synthetic households written as several Parquet files; each
# compares every household's amounts and every summary with the single-process run, to the fen.
# Run from anywhere; paths are repo-relative.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python-env.sh

if ! command -v java >/dev/null 2>&1; then
  echo "--- apt-get install openjdk-17-jre-headless (Spark needs a Java runtime)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless
fi
java -version 2>&1 | head -n 1

python_env_base
python_env_install pandas=pandas pyarrow=pyarrow polars=polars duckdb=duckdb 'pyspark=pyspark>=4,<5'
python_env_build

echo "--- pytest (scale-out: pyarrow, polars, DuckDB, Spark local[2])"
# Spark's Python workers run the interpreter of the venv (the one with minzheng and pyarrow).
export PYSPARK_PYTHON="$PY" PYSPARK_DRIVER_PYTHON="$PY"
MINZHENG_REQUIRE_ANALYSIS_DEPS=1 MINZHENG_REQUIRE_SCALE_DEPS=1 "$PY" -m pytest -q \
  -p no:cacheprovider pyo3-bindings/tests/test_scale.py pyo3-bindings/tests/test_scale_spark.py
