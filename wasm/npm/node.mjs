// Node entry of the npm package `minzheng` (package.json "exports", condition "node").
//
// The Node build of the same engine (node/, wasm-bindgen's nodejs target of the same code,
// built for speed rather than size: text results in UTF-16, result and request objects through
// one tape each; see docs/design.md), loaded synchronously: every function works as soon as the
// import returns. `await init()` and `initSync()` (the browser's first call) return at once, so
// one program runs unchanged in both. `require("minzheng")` loads this file too (Node >= 20.19
// loads ES modules without top-level await synchronously). The functions are those of the
// browser's module (wasm/npm/assemble.mjs checks that both builds export exactly these); in Node
// the operation table also holds the analysis operations (`calculate_reform`, `cliff`,
// `difference`; see `apiNames()`).
import { createRequire } from "node:module";

const engine = createRequire(import.meta.url)("./node/minzheng.cjs");

export const { apiNames, calculate, calculateJson, call, callJson, engineVersion, errorCodes } = engine;

/** Resolves at once: the Node build is ready when the import returns. */
export default async function init() {
  return engine;
}

/** Returns at once: the Node build is ready when the import returns. */
export function initSync() {
  return engine;
}
