// Fuzzes the Node argument boundary: every exported function gets seeded random arguments of
// every JavaScript kind (strings with lone surrogates, numbers, BigInt, Symbols, functions,
// objects, arrays, Buffers, typed arrays, null, undefined, too few and too many arguments).
// Each call must return or throw an Error carrying a documented `code` and a string `path`;
// it must never trap the module (`WebAssembly.RuntimeError`), and the module must still
// calculate afterwards.
//
//   node --test wasm/js-tests/        (MINZHENG_FUZZ_CALLS overrides the number of calls)

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { rng } from "./seeded.mjs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = createRequire(import.meta.url)(resolve(process.env.MINZHENG_PKG_NODE ?? join(root, "target/pkg-node")));
const CALLS = Number(process.env.MINZHENG_FUZZ_CALLS ?? 20000);


const REQUEST = JSON.stringify({
  calculation_date: "2025-07-01",
  household: { district: "tianhe", area: "urban", members: [{ id: "a", age: 40, hukou: "guangzhou" }] },
});

function value(r, depth = 0) {
  const pick = Math.floor(r() * 22);
  const text = () => {
    const units = [];
    for (let i = Math.floor(r() * 12); i > 0; i--) units.push(Math.floor(r() * 0x10000));
    return String.fromCharCode(...units);
  };
  switch (pick) {
    case 0: return undefined;
    case 1: return null;
    case 2: return r() < 0.5;
    case 3: return Math.floor(r() * 2 ** 32) - 2 ** 31;
    case 4: return [NaN, Infinity, -Infinity, -0, 1e308, 5e-324][Math.floor(r() * 6)];
    case 5: return BigInt(Math.floor(r() * 1e9));
    case 6: return Symbol("s");
    case 7: return () => 1;
    case 8: return text();
    case 9: return pkg.apiNames()[Math.floor(r() * pkg.apiNames().length)];
    case 10: return REQUEST;
    case 11: return REQUEST.slice(0, Math.floor(r() * REQUEST.length)) + text();
    case 12: return Buffer.from(REQUEST);
    case 13: return Buffer.from([...Array(Math.floor(r() * 16))].map(() => Math.floor(r() * 256)));
    case 14: return new Uint16Array([1, 2, 3]);
    case 15: return new ArrayBuffer(8);
    case 16: return JSON.parse(REQUEST);
    case 17: return depth < 3 ? [value(r, depth + 1), value(r, depth + 1)] : [];
    case 18: return depth < 3 ? { [text()]: value(r, depth + 1) } : {};
    case 19: return Object("calculate");
    case 20: return new Date();
    default: return new Map([["a", 1]]);
  }
}

test(`${CALLS} calls with random arguments never trap the module`, () => {
  const codes = new Set(pkg.errorCodes());
  const fns = ["call", "callJson", "calculate", "calculateJson", "apiNames", "errorCodes", "engineVersion"];
  const r = rng(Number(process.env.MINZHENG_FUZZ_SEED ?? 1));
  let threw = 0;
  for (let i = 0; i < CALLS; i++) {
    const name = fns[Math.floor(r() * fns.length)];
    const args = [...Array(Math.floor(r() * 4))].map(() => value(r));
    try {
      pkg[name](...args);
    } catch (error) {
      threw++;
      const show = `${name}(${args.map((a) => typeof a).join(", ")}) #${i}`;
      assert.ok(!(error instanceof WebAssembly.RuntimeError), `trapped: ${show}: ${error}`);
      assert.ok(error instanceof Error, `${show} threw a non-Error`);
      assert.ok(codes.has(error.code), `${show}: code ${error.code} (${error.message})`);
      assert.notEqual(error.code, "invalid_parameter_data", show);
      assert.notEqual(error.code, "internal_error", show);
      assert.equal(typeof error.path, "string", show);
    }
  }
  assert.ok(threw > 0);
  assert.match(pkg.calculate(JSON.parse(REQUEST)).monthly_total, /^\d+\.\d\d$/);
});
