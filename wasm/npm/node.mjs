// Node entry of the npm package `minzheng` (package.json "exports", condition "node").
//
// The same module as in the browser (minzheng.js, wasm-bindgen's web target), instantiated
// synchronously from the WebAssembly file beside it: every function works as soon as the import
// returns, and `await init()` (the browser's first call) resolves at once, so one program runs
// unchanged in both. `require("minzheng")` loads this file too (Node >= 20.19 loads ES modules
// without top-level await synchronously).
import { readFileSync } from "node:fs";
import { initSync } from "./minzheng.js";

initSync({ module: readFileSync(new URL("./minzheng_bg.wasm", import.meta.url)) });

export * from "./minzheng.js";
export { default } from "./minzheng.js";
