# Shared by scripts/test-wasm.sh and scripts/test-portal.sh (sourced, not run): the WASM tool
# installs and the npm package build, so both scripts build the same package the same way.

step() { printf '\n==> %s\n' "$*"; }

# `grep -x` without -q, so that an early exit cannot SIGPIPE the writer under pipefail.
has_line() { grep -x -- "$1" >/dev/null; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The wasm32 target, wasm-bindgen-cli at the version in Cargo.lock, and wasm-pack; each guarded.
# Sets WASM_BINDGEN_VERSION.
wasm_tools_install() {
  rustup target list --installed | has_line wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
  WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  [ -n "$WASM_BINDGEN_VERSION" ] || { echo "no wasm-bindgen version in Cargo.lock" >&2; return 1; }
  { wasm-bindgen --version 2>/dev/null || true; } | has_line "wasm-bindgen $WASM_BINDGEN_VERSION" \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  command -v wasm-pack >/dev/null || cargo install wasm-pack --locked
}

# Builds the npm package `minzheng` for a wasm-pack target into a directory of the repository.
# The web target (the portal's build, and the published package) with the size-tuned profile
# `wasm-release` (opt-level z, LTO, one codegen unit), within the portal's download budget; the
# nodejs target (target/pkg-node: the Node tests and benches) with `wasm-node`, the same but
# opt-level 3, which runs a household in well under half the time for some 40% more bytes, and
# the feature `node`: the object APIs' results built in JavaScript from one tape of tokens (a
# CommonJS helper using Buffer, wasm/js/tape.cjs) rather than property by property from
# WebAssembly; the results are the same. --no-opt: wasm-pack would otherwise download wasm-opt, and Debian's wasm-opt breaks
# the output (see the toolchain notes). The npm package binaryen@132's wasm-opt works but does not
# pay for itself here (measured on the web build, 242.2 KB gzipped): -Oz, -Os and -O2 make the
# module 5-7% smaller raw but 9% larger gzipped (264-265 KB); the best found, -O1 with
# --duplicate-function-elimination or -Oz without inlining, saves 1.7 KB gzipped (0.7%) for a
# 104 MB tool and 10-20 s a build. opt-level "s" instead of "z" gives 15% more code gzipped, and
# RUSTFLAGS=-Cllvm-args=-inline-threshold=0 1 KB more (scripts/wasm-sizes.mjs shows where the
# bytes are).
# wasm-pack names the package after the crate; it is
# published as `minzheng`, with the TypeScript declarations of wasm/types/.
#   build_package TARGET OUT [FEATURES]   (FEATURES: cargo features of minzheng-wasm, e.g. analysis;
#                                          the nodejs target adds `node`)
build_package() {
  local target=$1 out=$2 features=${3:-}
  local extra=() profile=wasm-release
  # The nodejs target also builds its objects in JavaScript from one tape (feature `node`).
  [ "$target" = nodejs ] && profile=wasm-node && features=${features:+$features,}node
  [ -n "$features" ] && extra=(-- --features "$features")
  wasm-pack build wasm --profile "$profile" --no-opt --target "$target" --out-dir "../$out" --out-name minzheng "${extra[@]}"
  node -e '
    const fs = require("fs");
    const file = process.argv[1] + "/package.json";
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    pkg.name = "minzheng";
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$out"
  node wasm/types/install.mjs "$out"
}

# Whether the wasm-pack build in directory $1 exists and no source it is built from is newer.
wasm_package_current() {
  local wasm=$1/minzheng_bg.wasm
  [ -f "$wasm" ] || return 1
  [ -z "$(find core/src core/parameters core/cards core/build.rs core/Cargo.toml derive wasm/src wasm/js wasm/Cargo.toml \
    Cargo.toml Cargo.lock -newer "$wasm" -print 2>/dev/null | head -n1)" ]
}

# The browser test tooling of examples/portal/tests (playwright-core and typescript, npm ci; no
# browser download) and Debian's chromium; each guarded. Used by scripts/test-portal.sh and the
# npm clean-room suite.
BROWSER_TOOLS=examples/portal/tests
browser_tools_install() {
  if [ ! -d "$BROWSER_TOOLS/node_modules/playwright-core" ] || [ ! -e "$BROWSER_TOOLS/node_modules/.bin/tsc" ] \
    || [ "$BROWSER_TOOLS/package-lock.json" -nt "$BROWSER_TOOLS/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$BROWSER_TOOLS" --no-audit --no-fund
  fi
  [ -x /usr/bin/chromium ] \
    || (sudo_if_needed apt-get update && sudo_if_needed apt-get install -y chromium)
}
