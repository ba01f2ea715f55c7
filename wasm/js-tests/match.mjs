// Matching rules of tests/vectors/README.md, for the Node runner.

import assert from "node:assert/strict";

/**
 * Asserts that `expected` is a subset of `actual`: objects by key (extra actual keys ignored),
 * arrays element-wise with the same length, scalars by strict equality (money strings compare as
 * strings, so "1118.00" must be exactly "1118.00").
 */
export function checkSubset(expected, actual, at = "") {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${at}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${at}: array length`);
    expected.forEach((item, i) => checkSubset(item, actual[i], `${at}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(
      actual !== null && typeof actual === "object" && !Array.isArray(actual),
      `${at}: expected an object, got ${JSON.stringify(actual)}`,
    );
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(Object.hasOwn(actual, key), `${at}.${key}: missing`);
      checkSubset(value, actual[key], `${at}.${key}`);
    }
  } else {
    assert.strictEqual(actual, expected, `${at}: got ${JSON.stringify(actual)}`);
  }
}

/** Asserts that a thrown value is an `Error` carrying the expected `code` and `path`. */
export function checkError(thrown, { code, path }) {
  assert.ok(thrown instanceof Error, `threw a non-Error value: ${String(thrown)}`);
  const got = `${thrown.code} at ${JSON.stringify(thrown.path)}: ${thrown.message}`;
  assert.equal(thrown.code, code, got);
  assert.equal(thrown.path, path, got);
}
