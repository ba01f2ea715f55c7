# Shared Python setup, sourced (from the repo root) by scripts/test-python.sh and
# scripts/test-analysis.sh. Every install is guarded, so re-runs are fast.
#
#   python_env_base            .venv with maturin and pytest
#   python_env_install M=S …   pip-installs spec S for each module M that does not import
#   python_env_build           builds the release wheel into dist/ (scripts/package.sh python,
#                              when a source is newer than it) and installs that wheel into .venv
#                              (when it is not the one installed), so the tests, the notebooks and
#                              the clean-room suites all run the wheel users install

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
  local wheel id stamp="$VENV/.minzheng-wheel"
  package_python
  wheel=$(python_wheel)
  id=$(stat -c '%n %Y %s' "$wheel")
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$id" ] && "$PY" -c 'import minzheng' 2>/dev/null; then
    echo "--- .venv has ${wheel#"$PWD"/}"
    return 0
  fi
  echo "--- pip install ${wheel#"$PWD"/} into .venv"
  "$PY" -m pip install --quiet --force-reinstall --no-deps "$wheel"
  echo "$id" >"$stamp"
}

# shellcheck source=package.sh
declare -F package_python >/dev/null || source scripts/package.sh
