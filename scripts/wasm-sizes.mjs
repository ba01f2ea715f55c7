#!/usr/bin/env node
// Where the bytes of a WebAssembly module are: its sections (raw and gzipped at level 9, the
// size budget's measure), and, when the module has a name section, its code by function and by
// module path. A twiggy-like view without installing anything.
//
//   node scripts/wasm-sizes.mjs FILE.wasm [--top N] [--depth D]
//
// The web build is stripped (profile wasm-release, strip = true): for function names build it
// unstripped and run wasm-bindgen on it, which keeps the names:
//
//   CARGO_PROFILE_WASM_RELEASE_STRIP=false cargo build -p minzheng-wasm \
//     --target wasm32-unknown-unknown --profile wasm-release
//   wasm-bindgen --target web --out-dir target/wasm-sizes \
//     target/wasm32-unknown-unknown/wasm-release/minzheng_wasm.wasm
//   node scripts/wasm-sizes.mjs target/wasm-sizes/minzheng_wasm_bg.wasm
//
// (RUSTFLAGS=-Csymbol-mangling-version=v0 also names the type parameters of generic functions,
// e.g. which BTreeMap<K, V> a node function is for; it rebuilds every crate.) Function sizes are
// raw body bytes; gzip works across functions, so the gzipped share of a group is estimated by
// gzipping its bodies together.

import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return Number(value);
};
const top = option("--top", 40);
const depth = option("--depth", 2);
const [file] = args;
if (!file) {
  console.error("usage: node scripts/wasm-sizes.mjs FILE.wasm [--top N] [--depth D]");
  process.exit(2);
}

const bytes = readFileSync(file);
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

let pos = 8;
const leb = () => {
  let result = 0;
  let scale = 1;
  let byte;
  do {
    byte = bytes[pos++];
    result += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte & 0x80);
  return result;
};
const skipLimits = () => {
  const flags = leb();
  leb();
  if (flags & 1) leb();
};

const SECTIONS = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];
const sections = [];
const bodies = [];
const names = new Map();
let importedFunctions = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const length = leb();
  const start = pos;
  let label = SECTIONS[id] ?? `section ${id}`;
  if (id === 0) {
    const n = leb();
    const name = bytes.subarray(pos, pos + n).toString();
    pos += n;
    label = `custom "${name}"`;
    if (name === "name") {
      while (pos < start + length) {
        const sub = bytes[pos++];
        const size = leb();
        const end = pos + size;
        if (sub === 1) {
          for (let i = leb(); i > 0; i--) {
            const index = leb();
            const l = leb();
            names.set(index, bytes.subarray(pos, pos + l).toString());
            pos += l;
          }
        }
        pos = end;
      }
    }
  } else if (id === 2) {
    for (let i = leb(); i > 0; i--) {
      for (let part = 0; part < 2; part++) {
        const n = leb(); // the module name, then the field name
        pos += n;
      }
      const kind = bytes[pos++];
      if (kind === 0) {
        importedFunctions++;
        leb();
      } else if (kind === 1) {
        pos++;
        skipLimits();
      } else if (kind === 2) skipLimits();
      else if (kind === 3) pos += 2;
      else if (kind === 4) {
        pos++;
        leb();
      }
    }
  } else if (id === 10) {
    for (let i = leb(); i > 0; i--) {
      const size = leb();
      bodies.push(bytes.subarray(pos, pos + size));
      pos += size;
    }
  }
  sections.push({ label, raw: length, gz: gz(bytes.subarray(start, start + length)) });
  pos = start + length;
}

console.log(`${file}: ${kb(bytes.length)}, ${kb(gz(bytes))} gzipped`);
console.log("\nsections (raw, gzipped alone):");
for (const s of sections) console.log(`  ${s.label.padEnd(28)} ${kb(s.raw).padStart(10)} ${kb(s.gz).padStart(10)}`);

// wasm-bindgen names its imports and its own few shims even in a stripped build.
const named = bodies.filter((_, i) => names.has(i + importedFunctions)).length;
if (named < bodies.length / 2) {
  console.log("\nno function names (a stripped build): build one unstripped (see the header of this script)");
  process.exit(0);
}
const functions = bodies.map((body, i) => ({
  name: (names.get(i + importedFunctions) ?? `function ${i + importedFunctions}`).replace(/::h[0-9a-f]{16}$/, ""),
  body,
}));
functions.sort((a, b) => b.body.length - a.body.length);
console.log(`\nthe ${top} largest of ${functions.length} functions (raw body bytes):`);
for (const f of functions.slice(0, top)) console.log(`  ${String(f.body.length).padStart(7)} ${f.name}`);

// The module path a function belongs to: the first path of its name, `<A as B>::f` counting as A.
const group = (name) =>
  name
    .replace(/^(?:[<&]|mut |dyn |impl )+/, "")
    .replace(/\[[0-9a-f]+\]/g, "")
    .split(/::|<| as |,|>/)
    .slice(0, depth)
    .join("::");
const groups = new Map();
for (const f of functions) {
  const key = group(f.name);
  const g = groups.get(key) ?? { raw: 0, bodies: [] };
  g.raw += f.body.length;
  g.bodies.push(f.body);
  groups.set(key, g);
}
console.log(`\ncode by module path (depth ${depth}; raw, gzipped together):`);
for (const [key, g] of [...groups].sort((a, b) => b[1].raw - a[1].raw).slice(0, top)) {
  console.log(`  ${kb(g.raw).padStart(9)} ${kb(gz(Buffer.concat(g.bodies))).padStart(9)}  ${key}`);
}
