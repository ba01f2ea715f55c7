// The Node runner's matcher rejects what tests/vectors/README.md says must not match.

import assert from "node:assert/strict";
import { test } from "node:test";

import { checkError, checkSubset } from "./match.mjs";

const actual = { total: "1118.00", items: [{ id: "a", extra: 1 }, { id: "b" }], note: null };

test("a subset matches", () => {
  checkSubset({ total: "1118.00", items: [{}, { id: "b" }], note: null }, actual);
});

test("mismatches are rejected", () => {
  for (const expected of [
    { total: "1118.0" },
    { total: 1118 },
    { missing: null },
    { items: [{ id: "a" }] },
    { items: {} },
    { note: {} },
  ]) {
    assert.throws(() => checkSubset(expected, actual), assert.AssertionError, JSON.stringify(expected));
  }
});

test("errors must be Error instances with the right code and path", () => {
  const error = Object.assign(new Error("bad"), { code: "invalid_value", path: "household.district" });
  checkError(error, { code: "invalid_value", path: "household.district" });
  assert.throws(() => checkError(error, { code: "invalid_type", path: "household.district" }));
  assert.throws(() => checkError(error, { code: "invalid_value", path: "" }));
  const plain = { code: "invalid_value", path: "household.district" };
  assert.throws(() => checkError(plain, plain));
});
