// Runs every golden vector of tests/vectors/ against the Node build of the npm package.
//
//   wasm-pack build wasm --release --target nodejs --out-dir ../target/pkg-node --out-name minzheng
//   node --test wasm/js-tests/
//
// MINZHENG_PKG_NODE and MINZHENG_PKG_WEB override the package directories.

import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import { checkError, checkSubset } from "./match.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkgNode = resolve(process.env.MINZHENG_PKG_NODE ?? join(root, "target/pkg-node"));
const pkgWeb = resolve(process.env.MINZHENG_PKG_WEB ?? join(root, "target/pkg-web"));
const vectorDir = join(root, "tests/vectors");

const require = createRequire(import.meta.url);
const { call, callJson, calculate, calculateJson, apiNames, engineVersion, errorCodes } =
  require(pkgNode);

const vectors = readdirSync(vectorDir)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(join(vectorDir, file), "utf8")) }));

/** Calls `fn` and returns what it threw, or fails if it returned. */
function thrownBy(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("returned a result, expected an error");
}

/** Checks one outcome (`run` returns the result as a plain value) against the vector. */
function checkOutcome(vector, run) {
  if (vector.expect_error) {
    checkError(thrownBy(run), vector.expect_error);
  } else {
    let result;
    try {
      result = run();
    } catch (error) {
      assert.fail(`threw ${error?.code} at ${JSON.stringify(error?.path)}: ${error?.message}`);
    }
    checkSubset(vector.expect, result);
  }
}

test("the vector directory has vectors", (t) => {
  assert.ok(vectors.length > 0, `no *.json in ${vectorDir}`);
  t.diagnostic(`${vectors.length} golden vectors`);
});

for (const vector of vectors) {
  test(`vector ${vector.file}`, async (t) => {
    const one = (a, b) => (a in vector) + (b in vector) === 1;
    assert.ok(one("request", "request_json"), "exactly one of request / request_json");
    assert.ok(one("expect", "expect_error"), "exactly one of expect / expect_error");
    const api = vector.api ?? "calculate";
    const text = vector.request_json ?? JSON.stringify(vector.request);
    // The text API's outcome: the object API must give the identical result.
    let textResult;
    try {
      textResult = callJson(api, text);
    } catch {
      textResult = undefined;
    }

    await t.test("callJson", () => {
      checkOutcome(vector, () => JSON.parse(callJson(api, text)));
    });
    await t.test("call", () => {
      checkObjectApi(vector, textResult, () => call(api, structuredClone(vector.request)));
    });
    if (api !== "calculate") return;
    await t.test("calculateJson", () => {
      checkOutcome(vector, () => JSON.parse(calculateJson(text)));
      if (textResult !== undefined) assert.equal(calculateJson(text), textResult);
    });
    await t.test("calculate", () => {
      checkObjectApi(vector, textResult, () => calculate(structuredClone(vector.request)));
    });
  });
}

/**
 * Checks an object API (`run` calls it) against the vector: plain JSON data, and identical to
 * the text API's result. A malformed request (`request_json`) has no object form: its text
 * API is the one to use, and it is checked by the text tests.
 */
function checkObjectApi(vector, textResult, run) {
  if (!("request" in vector)) return;
  checkOutcome(vector, run);
  if (vector.expect_error) return;
  const result = run();
  assert.deepStrictEqual(JSON.parse(JSON.stringify(result)), result, "plain JSON data");
  assert.equal(JSON.stringify(result), textResult, "JSON.stringify(result) = the text API's result");
}

/** A valid request, fresh each time. */
function request() {
  return {
    calculation_date: "2025-07-01",
    household: {
      district: "tianhe",
      area: "urban",
      members: [{ id: "a", age: 45, hukou: "guangzhou", income: { wages: "1500" } }],
    },
  };
}

test("a NaN or infinite amount is a typed error at its path", () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    const req = request();
    req.household.members[0].income.wages = bad;
    checkError(thrownBy(() => calculate(req)), {
      code: "invalid_type",
      path: "household.members[0].income.wages",
    });
  }
});

test("values JSON.stringify rejects are invalid_json at the root", () => {
  const cyclic = request();
  cyclic.self = cyclic;
  const withBigInt = { ...request(), extra: 1n };
  for (const value of [cyclic, withBigInt, undefined, () => 1, Symbol("x")]) {
    checkError(thrownBy(() => calculate(value)), { code: "invalid_json", path: "" });
  }
});

test("a valid request gives plain data with the engine version in its receipt", () => {
  const result = calculate(request());
  assert.equal(Object.getPrototypeOf(result), Object.prototype);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(result)), result);
  assert.equal(result.receipt.engine_version, engineVersion());
  assert.equal(calculateJson(JSON.stringify(request())), JSON.stringify(result));
});

test("an unknown API is reported before anything about the request", () => {
  for (const run of [() => call("no_such_api", undefined), () => callJson("no_such_api", "{")]) {
    checkError(thrownBy(run), { code: "invalid_value", path: "api" });
  }
  assert.ok(apiNames().includes("calculate"));
  for (const v of vectors.filter((v) => v.api && !v.expect_error)) {
    assert.ok(apiNames().includes(v.api), `${v.file}: ${v.api}`);
  }
});

test("errorCodes lists the stable codes as strings", () => {
  const codes = errorCodes();
  assert.ok(Array.isArray(codes) && codes.length > 0);
  assert.ok(codes.every((c) => typeof c === "string" && /^[a-z_]+$/.test(c)));
  assert.equal(new Set(codes).size, codes.length);
  for (const v of vectors.filter((v) => v.expect_error)) {
    assert.ok(codes.includes(v.expect_error.code), `${v.file}: ${v.expect_error.code}`);
  }
});

test("the npm package is named minzheng", () => {
  const pkg = JSON.parse(readFileSync(join(pkgNode, "package.json"), "utf8"));
  assert.equal(pkg.name, "minzheng");
  assert.equal(pkg.version, engineVersion());
});

test("size of the web build (information)", (t) => {
  const wasm = join(pkgWeb, "minzheng_bg.wasm");
  if (!existsSync(wasm)) {
    t.skip(`${wasm} not built`);
    return;
  }
  const bytes = readFileSync(wasm);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const message = `web wasm: ${kib(bytes.length)}, gzipped ${kib(gzipSync(bytes, { level: 9 }).length)}`;
  t.diagnostic(message);
});
