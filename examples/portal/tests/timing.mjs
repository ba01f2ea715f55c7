#!/usr/bin/env node
// Instantiation and per-call time of the web build in Node, reported (not asserted):
//
//   node examples/portal/tests/timing.mjs [target/pkg-web] [calls]
//
// - compile: WebAssembly.compile of minzheng_bg.wasm;
// - instantiate: initSync of a fresh copy of the glue module with the compiled module;
// - cold: the first `calculate` after instantiation;
// - per call: `calculate` (objects in and out), `calculateJson` (text) and `calculate` with
//   explanations off, cycling over every golden vector of the `calculate` API that succeeds.
// Each figure is the median of its repetitions; per-call figures also give the 95th percentile.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const pkg = resolve(process.argv[2] ?? join(root, "target/pkg-web"));
const calls = Number(process.argv[3] ?? 2000);
const bytes = readFileSync(join(pkg, "minzheng_bg.wasm"));
const glue = pathToFileURL(join(pkg, "minzheng.js")).href;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x) => `${x.toFixed(2)} ms`;
const us = (x) => `${(x * 1000).toFixed(0)} µs`;

const probe = await import(`${glue}?probe`);
probe.initSync({ module: await WebAssembly.compile(bytes) });
const requests = vectorsRequest();
if (requests.length === 0) throw new Error("no golden vector succeeds with this build");
const compiles = [];
const instantiations = [];
const colds = [];
let engine;
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  const module = await WebAssembly.compile(bytes);
  compiles.push(performance.now() - t);
  const fresh = await import(`${glue}?instance=${i}`); // a new module instance each time
  t = performance.now();
  fresh.initSync({ module });
  instantiations.push(performance.now() - t);
  engine = fresh;
  const first = requests[0];
  t = performance.now();
  fresh.calculate(first);
  colds.push(performance.now() - t);
}

function vectorsRequest() {
  const dir = join(root, "tests/vectors");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")))
    .filter((v) => (v.api ?? "calculate") === "calculate" && v.request && v.expect)
    .map((v) => v.request)
    .filter((request) => {
      try {
        probe.calculate(request);
        return true;
      } catch {
        return false; // an expected failure of this build (or a stale build): not timed
      }
    });
}

const texts = requests.map((r) => JSON.stringify(r));
const quiet = requests.map((r) => ({ ...r, options: { explain: false } }));

function perCall(run) {
  for (let i = 0; i < 200; i++) run(i); // warm-up
  const times = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    run(i);
    times.push(performance.now() - t);
  }
  return times;
}
const objectTimes = perCall((i) => engine.calculate(requests[i % requests.length]));
const textTimes = perCall((i) => engine.calculateJson(texts[i % texts.length]));
const quietTimes = perCall((i) => engine.calculate(quiet[i % quiet.length]));

console.log(`node ${process.version}, ${requests.length} vectors, ${calls} calls each (median; p95):`);
console.log(`  compile ${ms(median(compiles))}, instantiate ${ms(median(instantiations))}, first calculate ${ms(median(colds))}`);
console.log(`  calculate (objects, explained): ${us(median(objectTimes))}; p95 ${us(p95(objectTimes))}`);
console.log(`  calculateJson (text, explained): ${us(median(textTimes))}; p95 ${us(p95(textTimes))}`);
console.log(`  calculate (objects, explain off): ${us(median(quietTimes))}; p95 ${us(p95(quietTimes))}`);
