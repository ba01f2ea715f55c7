#!/usr/bin/env node
// Assembles the npm package `minzheng` from the web and Node builds of wasm-pack:
//
//   node wasm/npm/assemble.mjs target/pkg-web target/npm/minzheng target/pkg-node
//
// The web target's module (minzheng.js, which loads minzheng_bg.wasm through
// `new URL(…, import.meta.url)`) serves bundlers and browsers: the "default" export. node.mjs
// (this directory) is the "node" export: it loads the nodejs target's build of the same code
// (node/minzheng.cjs with its WebAssembly and snippets; CommonJS, so `.cjs` in this ES module
// package), built for speed. Both must export the same functions, which node.mjs names: checked
// here. package.json is this directory's template with the version of the build (the Cargo
// workspace's); the TypeScript declarations are those wasm/types/install.mjs put in the web
// build. The output directory is made afresh; `npm pack` packs it.

import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [web, out, node] = process.argv.slice(2);
if (!web || !out || !node) {
  console.error("usage: node wasm/npm/assemble.mjs <web build> <output directory> <node build>");
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
// The Node build: its glue as .cjs (the package is "type": "module"), its WebAssembly beside it,
// the JavaScript snippets it requires.
const nodeBuild = resolve(node);
const nodeGlue = readFileSync(join(nodeBuild, "minzheng.js"), "utf8");
if (!/readFileSync\(wasmPath\)/.test(nodeGlue)) {
  throw new Error(`${nodeBuild}/minzheng.js is not wasm-bindgen's nodejs target`);
}
mkdirSync(join(dir, "node"));
writeFileSync(join(dir, "node", "minzheng.cjs"), nodeGlue);
copyFileSync(join(nodeBuild, "minzheng_bg.wasm"), join(dir, "node", "minzheng_bg.wasm"));
cpSync(join(nodeBuild, "snippets"), join(dir, "node", "snippets"), { recursive: true });
// The same functions everywhere: the web module's, the Node glue's and node.mjs's list.
const sorted = (names) => [...new Set(names)].sort().join(", ");
const webNames = sorted([...glue.matchAll(/^export function (\w+)/gm)].map((m) => m[1]));
const nodeNames = sorted([...nodeGlue.matchAll(/^exports\.(\w+) = /gm)].map((m) => m[1]));
const entry = readFileSync(join(here, "node.mjs"), "utf8").match(/^export const \{ ([^}]+) \} = engine;/m);
const entryNames = sorted(entry ? entry[1].split(",").map((n) => n.trim()) : []);
if (webNames !== nodeNames || webNames !== entryNames) {
  throw new Error(`the builds export different functions: web ${webNames}; node ${nodeNames}; node.mjs ${entryNames}`);
}
copyFileSync(join(here, "README.md"), join(dir, "README.md"));
copyFileSync(join(here, "../../LICENSE"), join(dir, "LICENSE"));
const { name, ...rest } = manifest;
writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: built.version, ...rest }, null, 2) + "\n");
// Every listed file or directory is there (statSync throws for one that is not).
for (const file of manifest.files) statSync(join(dir, file));
console.log(`npm package ${name}@${built.version} assembled in ${out}`);
