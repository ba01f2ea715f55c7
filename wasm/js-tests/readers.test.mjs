// The Node build reads a request object in JavaScript (wasm/js/tape.cjs `readRequest`, read by
// wasm/src/request.rs) and builds results from a tape; the web build reads the object from
// WebAssembly (wasm/src/value.rs) and builds results property by property (wasm/src/object.rs).
// Both must give the same: the same result, or the same error code, path and message, on
// seeded random requests made hostile (getters that throw, toJSON, Dates, proxies, lone
// surrogates in keys and values, values JSON.stringify leaves out, numbers of every form, deep
// nesting, requests over the size limit).
//
//   node --test wasm/js-tests/        (needs target/pkg-node and target/pkg-web)

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { rng } from "./seeded.mjs";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkgNode = resolve(process.env.MINZHENG_PKG_NODE ?? join(root, "target/pkg-node"));
const pkgWeb = resolve(process.env.MINZHENG_PKG_WEB ?? join(root, "target/pkg-web"));
const node = createRequire(import.meta.url)(pkgNode);
const CASES = Number(process.env.MINZHENG_READER_CASES ?? 3000);


const base = () => ({
  calculation_date: "2025-07-01",
  options: { explain: false },
  household: {
    district: "tianhe",
    area: "urban",
    members: [
      { id: "a", age: 45, hukou: "guangzhou", income: { wages: "1500" } },
      { id: "b", age: 10, hukou: "guangzhou" },
    ],
  },
});

/** A value of some awkward kind. */
function awkward(r, depth = 0) {
  const pick = Math.floor(r() * 26);
  switch (pick) {
    case 0: return undefined;
    case 1: return () => 1;
    case 2: return Symbol("s");
    case 3: return null;
    case 4: return NaN;
    case 5: return -0;
    case 6: return 1e21;
    case 7: return 2 ** 64;
    case 8: return -(2 ** 63) - 4096;
    case 9: return 0.1 + 0.2;
    case 10: return "\uD800";
    case 11: return "x\uDC00";
    case 12: return "\uD83D\uDE00 é 最低";
    case 13: return new Date(0);
    case 14: return { toJSON: () => "j" };
    case 15: return Object.create(null);
    case 16: {
      const o = {};
      Object.defineProperty(o, "boom", { enumerable: true, get() { throw new Error("getter"); } });
      return o;
    }
    case 17: return new Proxy({ a: 1 }, {});
    case 18: return [undefined, () => 1, 1, "\uD800"];
    case 19: return 10n;
    case 20: return true;
    case 21: return "\"\\\n\u0001";
    case 22: return depth < 3 ? { [pick % 2 ? "\uDFFFk" : "k"]: awkward(r, depth + 1) } : {};
    case 23: return depth < 3 ? [awkward(r, depth + 1), awkward(r, depth + 1)] : [];
    case 24: return "y".repeat(Math.floor(r() * 3) * 600_000);
    default: {
      let v = 1;
      for (let i = 0; i < 126 + Math.floor(r() * 4); i++) v = [v];
      return v;
    }
  }
}

/** A request with one to three awkward values put in at random places. */
function hostile(r) {
  const request = base();
  const places = [
    (v) => (request.extra = v),
    (v) => (request.calculation_date = v),
    (v) => (request.household.members[0].id = v),
    (v) => (request.household.members[1].age = v),
    (v) => (request.household.members[0].income.wages = v),
    (v) => (request.household[typeof v === "string" ? v : "x"] = 1),
    (v) => request.household.members.push(v),
    (v) => (request.options = v),
  ];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) places[Math.floor(r() * places.length)](awkward(r));
  return request;
}

/** What a call gives: its result's JSON, or the error's code, path and message. */
function outcome(f) {
  try {
    return { result: JSON.stringify(f()) };
  } catch (e) {
    return { code: e?.code, path: e?.path, message: String(e?.message) };
  }
}

test("the Node build reads and builds as the web build does", async (t) => {
  const wasm = join(pkgWeb, "minzheng_bg.wasm");
  if (!existsSync(wasm)) {
    t.skip(`${wasm} not built`);
    return;
  }
  const web = await import(pathToFileURL(join(pkgWeb, "minzheng.js")).href);
  web.initSync({ module: readFileSync(wasm) });
  const r = rng(21);
  for (let i = 0; i < CASES; i++) {
    const request = hostile(r);
    const expected = outcome(() => web.calculate(request));
    assert.deepEqual(outcome(() => node.calculate(request)), expected, `case ${i}`);
  }
});
