#!/usr/bin/env bash
# Builds the three packages, as their users install them, into dist/:
#
#   bash scripts/package.sh [python] [npm] [crate]      (all three when none is named)
#
#   dist/minzheng-V-cp39-abi3-manylinux_*.whl  the Python wheel (maturin build --release; one
#   dist/minzheng-V.tar.gz                     wheel for every CPython >= 3.9) and its sdist
#   dist/minzheng-V.tgz                        the npm package (npm pack of wasm/npm/assemble.mjs's
#                                              output from target/pkg-web and target/pkg-node;
#                                              always repacked)
#   dist/minzheng-V.crate                      the crate (cargo package -p minzheng), with
#   dist/minzheng-derive-V.crate               its request-decoding derive
#
# V is the Cargo workspace's version ([workspace.package] in Cargo.toml): the one version of all
# three, and the engine version in every receipt. Each package is rebuilt only when a source it
# is built from is newer than it, so scripts/test-analysis.sh (which installs the wheel into .venv),
# the clean-room suites (scripts/test-clean-room.sh) and a re-run reuse what is current. Sourced,
# it defines the functions without running them.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then cd "$(dirname "$0")/.."; fi

# Run from the repository root (every script of scripts/ changes to it first).
DIST="$PWD/dist"

# The workspace version, from Cargo.toml's [workspace.package].
workspace_version() {
  sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml
}

# Whether file $1 exists and no file under the other arguments is newer (caches and built
# modules aside).
up_to_date() {
  local artefact=$1
  shift
  [ -n "$artefact" ] && [ -f "$artefact" ] || return 1
  [ -z "$(find "$@" -newer "$artefact" -not -path '*/__pycache__*' -not -name '*.so' -print -quit)" ]
}

# The wheel of the current version in dist/ (empty when there is none).
python_wheel() {
  find "$DIST" -maxdepth 1 -name "minzheng-$(workspace_version)-*.whl" -print -quit 2>/dev/null || true
}

package_python() {
  local version
  version=$(workspace_version)
  if up_to_date "$(python_wheel)" core pyo3-bindings/src pyo3-bindings/python \
    pyo3-bindings/Cargo.toml pyo3-bindings/pyproject.toml pyo3-bindings/README.md \
    Cargo.toml Cargo.lock LICENSE \
    && [ -f "$DIST/minzheng-$version.tar.gz" ]; then
    echo "--- reusing $(python_wheel)"
    return 0
  fi
  python_env_base
  mkdir -p "$DIST"
  rm -f "$DIST"/minzheng-*.whl "$DIST"/minzheng-*.tar.gz
  echo "--- maturin build --release (wheel) and maturin sdist"
  "$VENV/bin/maturin" build --release --manifest-path pyo3-bindings/Cargo.toml --out "$DIST"
  "$VENV/bin/maturin" sdist --manifest-path pyo3-bindings/Cargo.toml --out "$DIST"
}

package_npm() {
  local version tarball
  version=$(workspace_version)
  tarball="$DIST/minzheng-$version.tgz"
  if ! wasm_package_current target/pkg-web; then
    wasm_tools_install
    build_package web target/pkg-web
  fi
  # The Node export's build (the one the Node tests and benches use).
  if ! wasm_package_current target/pkg-node; then
    wasm_tools_install
    build_package nodejs target/pkg-node analysis
  fi
  # Assembling and packing take a second: always, so the declarations are those of wasm/types/.
  node wasm/types/install.mjs target/pkg-web >/dev/null
  node wasm/npm/assemble.mjs target/pkg-web target/npm/minzheng target/pkg-node
  mkdir -p "$DIST"
  rm -f "$DIST"/minzheng-*.tgz
  echo "--- npm pack"
  (cd target/npm/minzheng && npm pack --silent --pack-destination "$DIST" >/dev/null)
  [ -f "$tarball" ] || { echo "npm pack did not write $tarball" >&2; return 1; }
  echo "$tarball"
}

package_crate() {
  local version crate
  version=$(workspace_version)
  crate="$DIST/minzheng-$version.crate"
  if up_to_date "$crate" core derive Cargo.toml Cargo.lock LICENSE \
    && [ -f "$DIST/minzheng-derive-$version.crate" ]; then
    echo "--- reusing $crate"
    return 0
  fi
  echo "--- cargo package -p minzheng-derive -p minzheng"
  # The core's request decoding derive is a crate of its own, packaged with it (cargo packages
  # both against each other). --allow-dirty: the crates of the tree as it is, as for the wheel
  # and the npm package.
  cargo package -p minzheng-derive -p minzheng --allow-dirty
  mkdir -p "$DIST"
  rm -f "$DIST"/minzheng-*.crate
  cp "target/package/minzheng-derive-$version.crate" "$DIST/"
  cp "target/package/minzheng-$version.crate" "$crate"
  echo "$crate"
}

# python-env.sh sources this file in turn (for python_env_build); each is read once.
# shellcheck source=python-env.sh
declare -F python_env_base >/dev/null || source scripts/python-env.sh
# shellcheck source=wasm-env.sh
declare -F wasm_tools_install >/dev/null || source scripts/wasm-env.sh

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  [ "$#" -gt 0 ] || set -- python npm crate
  for kind in "$@"; do
    case $kind in
      python | npm | crate) "package_$kind" ;;
      *) echo "unknown package kind: $kind (python, npm or crate)" >&2; exit 2 ;;
    esac
  done
  ls -l "$DIST"
fi
