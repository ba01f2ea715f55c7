#!/usr/bin/env bash
# Regenerates every file derived from the code or the parameters, in dependency order:
#
#   bash scripts/codegen.sh           rewrite them
#   bash scripts/codegen.sh --check   fail, naming the files, if a committed one is not current
#
# 1. schema/*.schema.json        from the Rust wire types    (examples/src/bin/schema.rs)
# 2. docs/figures.md,            from core/parameters/*.toml (examples/src/bin/figures.rs)
#    examples/portal/figures.js, examples/portal/latest.js
# 3. wasm/types/minzheng-types.d.ts  from schema/*.schema.json and the code catalogues
#    schema/reasons.json, schema/warnings.json (wasm/types/generate.mjs)
#
# Not generated: fuzz/minzheng.dict (edited by hand when the schema grows) and the fuzz seeds
# (python3 fuzz/make_seeds.py, written into fuzz/corpus/, which git ignores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

generated=(schema docs/figures.md examples/portal/figures.js examples/portal/latest.js
  wasm/types/minzheng-types.d.ts)

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *)
    echo "usage: scripts/codegen.sh [--check]" >&2
    exit 2
    ;;
esac

if $check; then
  # Generate into the working tree, compare with what was there, and put it back.
  before=$(mktemp -d)
  trap 'rm -rf "$before"' EXIT
  tar -cf "$before/files.tar" "${generated[@]}"
fi

cargo run -q -p minzheng-examples --bin schema
cargo run -q -p minzheng-examples --bin figures
if command -v node >/dev/null; then
  node wasm/types/generate.mjs
else
  echo "node not found: wasm/types/minzheng-types.d.ts not regenerated" >&2
  $check && exit 1
fi

if $check; then
  mkdir "$before/new"
  tar -cf "$before/new.tar" "${generated[@]}"
  tar -xf "$before/files.tar"
  tar -xf "$before/new.tar" -C "$before/new"
  stale=()
  while IFS= read -r f; do
    cmp -s "$f" "$before/new/$f" || stale+=("$f")
  done < <(find "${generated[@]}" -type f)
  while IFS= read -r f; do
    [ -e "$f" ] || stale+=("$f (new)")
  done < <(cd "$before/new" && find . -type f | sed 's|^\./||')
  if [ "${#stale[@]}" -gt 0 ]; then
    echo "not current (run bash scripts/codegen.sh and commit): ${stale[*]}" >&2
    exit 1
  fi
  echo "generated files are current"
fi
