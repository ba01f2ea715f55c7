# Shared Python setup, sourced (from the repo root) by scripts/test-python.sh and
# scripts/test-analysis.sh. Every install is guarded, so re-runs are fast.
#
#   python_env_base            .venv with maturin and pytest
#   python_env_install M=S …   pip-installs spec S for each module M that does not import
#   python_env_build           maturin develop --release, unless the installed native module is
#                              newer than every source it is built from and imports

export PATH="$HOME/.cargo/bin:$PATH"
VENV="$PWD/.venv"
PY="$VENV/bin/python"

python_env_base() {
  [ -x "$PY" ] || python3 -m venv "$VENV"
  python_env_install 'maturin=maturin>=1.9,<2' 'pytest=pytest>=7'
}

python_env_install() {
  local pair module missing=()
  for pair in "$@"; do
    module=${pair%%=*}
    "$PY" -c "import $module" 2>/dev/null || missing+=("${pair#*=}")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "--- pip install ${missing[*]}"
    "$PY" -m pip install --quiet "${missing[@]}"
  fi
}

python_env_build() {
  local so
  so=$(find pyo3-bindings/python/minzheng -maxdepth 1 -name '_native*.so' -print -quit)
  if [ -n "$so" ] \
    && [ -z "$(find core pyo3-bindings/src pyo3-bindings/Cargo.toml pyo3-bindings/pyproject.toml \
      Cargo.toml Cargo.lock -newer "$so" -print -quit)" ] \
    && "$PY" -c 'import minzheng' 2>/dev/null; then
    echo "--- minzheng._native is up to date ($so)"
    return 0
  fi
  echo "--- maturin develop --release"
  VIRTUAL_ENV="$VENV" "$VENV/bin/maturin" develop --release --manifest-path pyo3-bindings/Cargo.toml
}
