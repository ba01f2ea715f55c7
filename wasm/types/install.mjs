#!/usr/bin/env node
// Ships the TypeScript declarations in a package built by wasm-pack:
//
//   node wasm/types/install.mjs target/pkg-web      (or target/pkg-node)
//
// copies index.d.ts and minzheng-types.d.ts into the package, adds the re-export of the default
// `init` function for the web target, and points package.json's "types" at index.d.ts (adding
// both files to "files"). Idempotent: running it twice gives the same package.

import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = process.argv[2];
if (!pkg) {
  console.error("usage: node wasm/types/install.mjs <package directory>");
  process.exit(2);
}
const dir = resolve(pkg);
const generated = readFileSync(join(dir, "minzheng.d.ts"), "utf8");
const web = /export default function __wbg_init/.test(generated);

let index = readFileSync(join(here, "index.d.ts"), "utf8");
if (web) {
  index += `
/** Web target: loads and instantiates the WebAssembly module (call once before anything else). */
export { default } from "./minzheng.js";
`;
}
writeFileSync(join(dir, "index.d.ts"), index);
copyFileSync(join(here, "minzheng-types.d.ts"), join(dir, "minzheng-types.d.ts"));

const file = join(dir, "package.json");
const manifest = JSON.parse(readFileSync(file, "utf8"));
manifest.types = "index.d.ts";
manifest.files = [...new Set([...(manifest.files ?? []), "index.d.ts", "minzheng-types.d.ts"])];
writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
console.log(`typed declarations installed in ${pkg} (${web ? "web" : "nodejs"} target)`);
