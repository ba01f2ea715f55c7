#!/usr/bin/env node
// Assembles the npm package `minzheng` from the web build of wasm-pack:
//
//   node wasm/npm/assemble.mjs target/pkg-web target/npm/minzheng
//
// One build serves bundlers, browsers and Node: the web target's module (minzheng.js, which
// loads minzheng_bg.wasm through `new URL(…, import.meta.url)`) is the "default" export, and
// node.mjs (this directory) is the "node" export, instantiating the same WebAssembly file
// synchronously. package.json is this directory's template with the version of the build (the
// Cargo workspace's); the TypeScript declarations are those wasm/types/install.mjs put in the
// build. The output directory is made afresh; `npm pack` packs it.

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [web, out] = process.argv.slice(2);
if (!web || !out) {
  console.error("usage: node wasm/npm/assemble.mjs <web build> <output directory>");
  process.exit(2);
}
const build = resolve(web);
const glue = readFileSync(join(build, "minzheng.js"), "utf8");
if (!/export \{ initSync, __wbg_init as default \}/.test(glue)) {
  throw new Error(`${build}/minzheng.js is not wasm-bindgen's web target`);
}
const built = JSON.parse(readFileSync(join(build, "package.json"), "utf8"));
const manifest = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const dir = resolve(out);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const fromBuild = ["minzheng.js", "minzheng.d.ts", "minzheng_bg.wasm", "minzheng_bg.wasm.d.ts", "index.d.ts", "minzheng-types.d.ts"];
for (const file of fromBuild) copyFileSync(join(build, file), join(dir, file));
copyFileSync(join(here, "node.mjs"), join(dir, "node.mjs"));
copyFileSync(join(here, "README.md"), join(dir, "README.md"));
copyFileSync(join(here, "../../LICENSE"), join(dir, "LICENSE"));
const { name, ...rest } = manifest;
writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: built.version, ...rest }, null, 2) + "\n");
for (const file of manifest.files) readFileSync(join(dir, file));
console.log(`npm package ${name}@${built.version} assembled in ${out}`);
