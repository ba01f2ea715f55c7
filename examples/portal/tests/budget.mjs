#!/usr/bin/env node
// Size budget of what a portal page downloads: the web build's WebAssembly module and its
// JavaScript glue, gzipped (level 9), must stay within 250 KB (250 000 bytes) with every
// parameter embedded. Prints the figures; exits 1 above budget.
//
//   node examples/portal/tests/budget.mjs [target/pkg-web]
//
// "Every parameter embedded": each parameter key of core/parameters/*.toml must occur in the
// module, so the figure is for the whole rule base, not a trimmed build.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const pkg = resolve(process.argv[2] ?? join(root, "target/pkg-web"));
export const BUDGET = 250_000;
// Where the issue tracker wants the build (issue 19): reported, not enforced, until it is met.
export const TARGET = 200_000;

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const files = ["minzheng_bg.wasm", "minzheng.js"];
let raw = 0;
let gz = 0;
const parts = [];
for (const file of files) {
  const bytes = readFileSync(join(pkg, file));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  parts.push(`${file} ${kb(bytes.length)} → ${kb(zipped)}`);
}

const wasm = readFileSync(join(pkg, "minzheng_bg.wasm")).toString("latin1");
const paramDir = join(root, "core/parameters");
const keys = readdirSync(paramDir)
  .filter((f) => f.endsWith(".toml"))
  .flatMap((f) => [...readFileSync(join(paramDir, f), "utf8").matchAll(/^key\s*=\s*"([^"]+)"/gm)].map((m) => m[1]));
const missing = keys.filter((k) => !wasm.includes(k));

console.log(`bundle: ${parts.join("; ")}`);
console.log(
  `bundle gzipped: ${kb(gz)} (${gz} bytes) of the ${kb(BUDGET)} budget (${((100 * gz) / BUDGET).toFixed(0)}%); raw ${kb(raw)}; ${keys.length} parameters embedded`,
);
if (gz > TARGET) console.log(`target ${kb(TARGET)}: ${kb(gz - TARGET)} to go (reported, not enforced)`);
let failed = false;
if (missing.length) {
  console.error(`parameters not embedded in ${pkg} (stale build?): ${missing.join(", ")}`);
  failed = true;
}
if (gz > BUDGET) {
  console.error(`OVER BUDGET by ${kb(gz - BUDGET)}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
