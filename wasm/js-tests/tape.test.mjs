// The Node build's object results (built in JavaScript from a tape of tokens, with a string
// cache shared by every call: wasm/src/tape.rs, wasm/js/tape.cjs) stay what JSON.parse of the
// text result gives: across many calls whose strings evict one another from the cache, and when
// a call is made while another call's result is being built.
//
//   node --test wasm/js-tests/        (after scripts/test-wasm.sh has built target/pkg-node)

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkgNode = resolve(process.env.MINZHENG_PKG_NODE ?? join(root, "target/pkg-node"));
const require = createRequire(import.meta.url);
const { calculate, calculateJson } = require(pkgNode);

/** A household whose first member's id and wages vary (ids show up in labels and reasons). */
function request(id, wages) {
  return {
    calculation_date: "2025-09-01",
    household: {
      district: "tianhe",
      area: "urban",
      members: [
        { id, age: 45, hukou: "guangzhou", income: { wages } },
        {
          id: `${id}-2`,
          age: 43,
          hukou: "guangzhou",
          disability: { category: "physical", grade: 2 },
        },
      ],
    },
  };
}

test("thousands of calls with fresh strings give what the text path gives", () => {
  for (let i = 0; i < 3000; i++) {
    const r = request(`成员${i % 700}-${"x".repeat(i % 9)}`, String((i * 37) % 4000));
    const text = calculateJson(JSON.stringify(r));
    assert.deepEqual(calculate(r), JSON.parse(text), `call ${i}`);
  }
});

test("a call made while a result is built (from a setter) leaves both results right", () => {
  const outer = request("outer", "1200");
  const inner = request("内层", "300");
  const innerText = calculateJson(JSON.stringify(inner));
  let innerResult;
  let called = false;
  // A setter on Object.prototype runs when the builder sets that key (as it would for a plain
  // assignment); it calls the engine again before the outer result is finished.
  Object.defineProperty(Object.prototype, "engine_version", {
    configurable: true,
    set(value) {
      const own = { value, writable: true, enumerable: true, configurable: true };
      Object.defineProperty(this, "engine_version", own);
      if (!called) {
        called = true;
        innerResult = calculate(inner);
      }
    },
  });
  let outerResult;
  try {
    outerResult = calculate(outer);
  } finally {
    delete Object.prototype.engine_version;
  }
  assert.ok(innerResult, "the setter ran");
  assert.deepEqual(innerResult, JSON.parse(innerText));
  assert.deepEqual(outerResult, JSON.parse(calculateJson(JSON.stringify(outer))));
  // And the cache is sound afterwards.
  assert.deepEqual(calculate(outer), JSON.parse(calculateJson(JSON.stringify(outer))));
  assert.deepEqual(calculate(inner), JSON.parse(innerText));
});
