#!/usr/bin/env bash
# The declared minimum Rust version (`rust-version` in Cargo.toml) against what can be checked on
# a machine with one toolchain:
#
# 1. the toolchain that builds and tests the project is at least the declared version;
# 2. every crate the published crates (minzheng, minzheng-derive) depend on for a normal build
#    declares a `rust-version` no newer than ours (Cargo.lock as locked, read offline);
# 3. fuzz/Cargo.toml, a workspace of its own, declares the same version.
#
# The standard-library items the code uses are checked against the declared version by clippy's
# `incompatible_msrv` lint (it reads `rust-version`), in the clippy suite with `-D warnings`.
# What no check here sees: a language feature stabilised after the declared version. Building
# with that exact toolchain would; this machine has one toolchain and cannot fetch another, so
# that build is not run (CONTRIBUTING.md, "Minimum Rust version").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

declared=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
fuzz=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' fuzz/Cargo.toml | head -1)
rustc_version=$(rustc --version | awk '{print $2}')
echo "declared rust-version: $declared; fuzz/: $fuzz; built and tested with rustc $rustc_version"

cargo metadata --format-version 1 --locked --offline 2>/dev/null >target/msrv-metadata.json ||
  cargo metadata --format-version 1 --locked >target/msrv-metadata.json
normal_deps=$(for p in minzheng minzheng-derive; do
  cargo tree --locked -p "$p" -e normal --all-features --prefix none --format '{p}' 2>/dev/null
done | awk '{print $1}' | sort -u)

DECLARED=$declared FUZZ=$fuzz RUSTC=$rustc_version DEPS="$normal_deps" python3 - <<'PY'
import json, os, sys

def version(text):
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))

declared = version(os.environ["DECLARED"])
problems = []
if version(os.environ["RUSTC"]) < declared:
    problems.append(f"rustc {os.environ['RUSTC']} is older than the declared {os.environ['DECLARED']}")
if os.environ["FUZZ"] != os.environ["DECLARED"]:
    problems.append(f"fuzz/Cargo.toml declares {os.environ['FUZZ']}, Cargo.toml {os.environ['DECLARED']}")
wanted = set(os.environ["DEPS"].split())
with open("target/msrv-metadata.json") as f:
    packages = json.load(f)["packages"]
checked = 0
for p in packages:
    if p["name"] not in wanted:
        continue
    checked += 1
    rv = p.get("rust_version")
    if rv and version(rv) > declared:
        problems.append(f"{p['name']} {p['version']} needs Rust {rv}")
print(f"{checked} crates of a normal build of minzheng and minzheng-derive checked")
for line in problems:
    print("MSRV:", line)
sys.exit(1 if problems else 0)
PY
