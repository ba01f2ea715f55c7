#!/usr/bin/env bash
# Clean-room tests: each package installed as its users install it, from dist/, into an empty
# directory outside the repository, by the README's own commands (the "Install" section, read by
# tests/clean-room/recipe.py), then checked further.
#
#   bash scripts/test-clean-room.sh python          the wheel alone in a new venv: smoke test (and
#                                                   under each other CPython >= 3.9 pyenv has)
#   bash scripts/test-clean-room.sh python-pandas   + minzheng[pandas]: a population as pandas and pyarrow
#   bash scripts/test-clean-room.sh python-polars   + minzheng[polars]: a population as polars, no pandas
#   bash scripts/test-clean-room.sh python-spark    + minzheng[spark]: a population through Spark
#                                                   local[2] (a Java runtime installed if absent)
#   bash scripts/test-clean-room.sh npm             the tarball in a new npm project: Node (import,
#                                                   require, types with tsc), Vite and esbuild
#                                                   bundles in headless Chromium
#   bash scripts/test-clean-room.sh crate           a new Cargo project on the unpacked .crate
#
# Each builds its package first when dist/ lacks a current one (scripts/package.sh; after
# scripts/test-analysis.sh and scripts/test-wasm.sh that is only packing). The scratch directory
# is removed after a pass and kept (its path printed) after a failure. The environment of the
# commands is the caller's without the variables that would leak the repository into them
# (VIRTUAL_ENV, PYTHONPATH, NODE_PATH, …). The crate suite keeps its Cargo build directory in
# target/clean-room-cargo so a re-run does not compile the dependencies again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
ROOT=$PWD

# shellcheck source=package.sh
source scripts/package.sh

VERSION=$(workspace_version)
suite=${1:-}

# An empty directory with a copy of the dist/ files named by the patterns, and the recipe's script.
scratch() {
  local recipe=$1 file
  shift
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/minzheng-clean-room-$recipe-XXXXXX")
  mkdir "$SCRATCH/dist"
  for file in "$@"; do cp "$DIST"/$file "$SCRATCH/dist/"; done
  python3 tests/clean-room/recipe.py README.md "$recipe" >"$SCRATCH/recipe.sh"
  echo "--- $SCRATCH: the README's '$recipe' commands"
  sed 's/^/    /' "$SCRATCH/recipe.sh"
}

# Runs the recipe in the scratch directory (bash -e, commands echoed).
run_recipe() {
  (cd "$SCRATCH" && env -u VIRTUAL_ENV -u PYTHONPATH -u PYTHONHOME -u PYTHONSTARTUP -u NODE_PATH \
    -u NODE_OPTIONS -u npm_config_prefix -u RUSTFLAGS -u CARGO_MANIFEST_DIR \
    MINZHENG_VERSION="$VERSION" "$@" bash -euo pipefail -x recipe.sh)
}

passed() {
  rm -rf "$SCRATCH"
  echo "clean room $suite: 1 passed, 0 failed"
}
trap 'status=$?; if [ "$status" -ne 0 ] && [ -n "${SCRATCH:-}" ]; then echo "kept $SCRATCH" >&2; fi' EXIT

python_extra() {
  local extra=$1
  package_python
  scratch "python-$extra" "minzheng-$VERSION-*.whl"
  run_recipe
  echo "--- the $extra path"
  (cd "$SCRATCH" && MINZHENG_VERSION="$VERSION" "venv-$extra/bin/python" -I \
    "$ROOT/tests/clean-room/python/extra_$extra.py")
  passed
}

case $suite in
  python)
    package_python
    scratch python "minzheng-$VERSION-*.whl"
    run_recipe | tee "$SCRATCH/out.txt"
    grep -qx "$VERSION" "$SCRATCH/out.txt" || { echo "the README's check did not print $VERSION" >&2; exit 1; }
    echo "--- smoke test"
    (cd "$SCRATCH" && MINZHENG_VERSION="$VERSION" venv/bin/python -I "$ROOT/tests/clean-room/python/smoke.py")
    # One abi3 wheel for every CPython >= 3.9: the smoke test under each other one the machine
    # has (pyenv's), each in a venv of its own with nothing else.
    for python in "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.*/bin/python3; do
      [ -x "$python" ] && "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null || continue
      [ "$("$python" -c 'import sys; print(sys.version_info[:2])')" != "$(python3 -c 'import sys; print(sys.version_info[:2])')" ] || continue
      echo "--- smoke test under $("$python" --version)"
      "$python" -m venv "$SCRATCH/venv-other"
      "$SCRATCH/venv-other/bin/pip" install --quiet --no-index --find-links "$SCRATCH/dist" minzheng
      (cd "$SCRATCH" && MINZHENG_VERSION="$VERSION" venv-other/bin/python -I "$ROOT/tests/clean-room/python/smoke.py" | tail -n 1)
      rm -rf "$SCRATCH/venv-other"
    done
    echo "--- sdist: the sources, the parameter data and the stubs"
    tar tzf "$DIST/minzheng-$VERSION.tar.gz" >"$SCRATCH/sdist.txt"
    for member in pyproject.toml Cargo.toml Cargo.lock LICENSE core/build.rs core/parameters/dibao.toml \
      core/cards/gbt37276-2018.json pyo3-bindings/src/lib.rs python/minzheng/py.typed \
      python/minzheng/__init__.pyi PKG-INFO; do
      grep -qx "minzheng-$VERSION/$member" "$SCRATCH/sdist.txt" || { echo "sdist lacks $member" >&2; exit 1; }
    done
    echo "ok: sdist has the $(wc -l <"$SCRATCH/sdist.txt") files a build needs"
    passed
    ;;
  python-pandas) python_extra pandas ;;
  python-polars) python_extra polars ;;
  python-spark)
    # PySpark needs a Java runtime: Debian's, when the machine has none.
    if ! command -v java >/dev/null 2>&1; then
      sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless
    fi
    python_extra spark
    ;;
  npm)
    package_npm
    browser_tools_install
    scratch npm "minzheng-$VERSION.tgz"
    echo "--- the tarball's files"
    tar tzf "$DIST/minzheng-$VERSION.tgz" | sort | tee "$SCRATCH/files.txt"
    # The Node build's snippets live under a directory named by wasm-bindgen's hash.
    diff <(printf 'package/%s\n' LICENSE README.md index.d.ts minzheng-types.d.ts minzheng.d.ts minzheng.js \
      minzheng_bg.wasm minzheng_bg.wasm.d.ts node.mjs node/minzheng.cjs node/minzheng_bg.wasm \
      node/snippets/HASH/js/tape.cjs package.json | sort) \
      <(sed 's|^package/node/snippets/minzheng-wasm-[0-9a-f]*/|package/node/snippets/HASH/|' "$SCRATCH/files.txt" | sort)
    run_recipe npm_config_audit=false npm_config_fund=false | tee "$SCRATCH/out.txt"
    grep -qx "1118.00" "$SCRATCH/out.txt" || { echo "node check.mjs did not print 1118.00" >&2; exit 1; }
    echo "--- Node: import, require, errors, versions"
    cp tests/clean-room/npm/node-check.mjs "$SCRATCH/portal/"
    (cd "$SCRATCH/portal" && MINZHENG_VERSION="$VERSION" node --test node-check.mjs)
    echo "--- TypeScript: the declarations through the package's exports"
    cp tests/clean-room/npm/types-check.mts "$SCRATCH/portal/"
    (cd "$SCRATCH/portal" && "$ROOT/$BROWSER_TOOLS/node_modules/.bin/tsc" --noEmit --strict \
      --target es2022 --module nodenext --moduleResolution nodenext --skipLibCheck false types-check.mts)
    echo "ok: tsc --noEmit"
    echo "--- the Vite and esbuild bundles in headless Chromium"
    MINZHENG_BUNDLES="$SCRATCH/portal/site $SCRATCH/portal/www" node --test tests/clean-room/npm/browser-check.mjs
    passed
    ;;
  crate)
    package_crate
    scratch rust "minzheng-$VERSION.crate" "minzheng-derive-$VERSION.crate"
    mkdir -p target/clean-room-cargo
    run_recipe CARGO_TARGET_DIR="$ROOT/target/clean-room-cargo" | tee "$SCRATCH/out.txt"
    grep -qx "1118.00 元 a month" "$SCRATCH/out.txt" || { echo "cargo run did not print 1118.00 元 a month" >&2; exit 1; }
    echo "--- the unpacked crate: parameter data inside, nothing from the repository"
    for member in parameters/dibao.toml parameters/sources.toml cards/gbt37276-2018.json README.md LICENSE; do
      [ -f "$SCRATCH/minzheng/$member" ] || { echo "the crate lacks $member" >&2; exit 1; }
    done
    grep -q "^version = \"$VERSION\"$" "$SCRATCH/minzheng/Cargo.toml"
    requirement=$(sed -n 's/^minzheng = "\(.*\)"$/\1/p' core/README.md)
    case $VERSION in "$requirement" | "$requirement".*) ;; *)
      echo "core/README.md asks for minzheng = \"$requirement\", not $VERSION" >&2; exit 1 ;;
    esac
    mkdir -p "$SCRATCH/household/examples"
    cp tests/clean-room/rust/check.rs "$SCRATCH/household/examples/check.rs"
    (cd "$SCRATCH/household" && CARGO_TARGET_DIR="$ROOT/target/clean-room-cargo" MINZHENG_VERSION="$VERSION" \
      cargo run -q --example check)
    passed
    ;;
  *)
    echo "usage: scripts/test-clean-room.sh python|python-pandas|python-polars|python-spark|npm|crate" >&2
    exit 2
    ;;
esac
