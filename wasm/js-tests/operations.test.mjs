// The analysis operations of the wire API in the Node build of the npm package: `cliff` (a
// benefit-cliff sweep of one input), `calculate_reform` (a household under the law and under a
// reform) and `difference` (what changed between two results), each reached through
// `call(api, object)` and `callJson(api, text)` like every other operation.
//
//   node --test wasm/js-tests/        (after scripts/test-wasm.sh has built target/pkg-node)

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { checkError } from "./match.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkgNode = resolve(process.env.MINZHENG_PKG_NODE ?? join(root, "target/pkg-node"));
const require = createRequire(import.meta.url);
const { call, callJson, apiNames } = require(pkgNode);

const request = {
  calculation_date: "2025-07-01",
  household: {
    district: "tianhe",
    area: "urban",
    members: [{ id: "a", age: 45, hukou: "guangzhou", income: { wages: "1500" } }],
  },
};
const withWages = (wages) => {
  const copy = structuredClone(request);
  copy.household.members[0].income.wages = wages;
  return copy;
};
const reform = {
  name: "higher",
  overrides: [{ key: "dibao.standard", value: "2000", from: "2025-01-01" }],
};

test("apiNames lists cliff, calculate_reform and difference", () => {
  for (const name of ["cliff", "calculate_reform", "difference"]) assert.ok(apiNames().includes(name), name);
});

test("cliff: one point per step, each the household's total as calculate gives it", () => {
  const sweep = call("cliff", {
    request,
    vary: "household.members[0].income.wages",
    from: "0",
    to: "3000",
    step: "500",
  });
  assert.equal(sweep.vary, "household.members[0].income.wages");
  assert.deepEqual(
    sweep.points.map((p) => p.value),
    ["0", "500", "1000", "1500", "2000", "2500", "3000"],
  );
  for (const point of sweep.points) {
    assert.equal(point.monthly_total, call("calculate", withWages(point.value)).monthly_total, point.value);
  }
  // Somewhere on the way the 低保 top-up ends: a change of status is reported.
  assert.ok(sweep.changes.some((c) => c.programme === "dibao"), JSON.stringify(sweep.changes));
  const text = callJson("cliff", JSON.stringify({ request, vary: "household.members[0].income.wages", from: "0", to: "3000", step: "500" }));
  assert.deepEqual(JSON.parse(text), sweep);
  assert.throws(
    () => call("cliff", { request, vary: "household.members[0].income.wages", from: "0", to: "3000", step: 1.5 }),
    (e) => (checkError(e, { code: "invalid_value", path: "step" }), true),
  );
  assert.throws(
    () => call("cliff", { request, vary: "household.nothing", from: "0", to: "3000", step: "500" }),
    // The varied input is set in the request, which is then decoded as any request is.
    (e) => (checkError(e, { code: "unknown_field", path: "household.nothing" }), true),
  );
});

test("calculate_reform: the baseline is calculate's result and a higher standard pays more", () => {
  const result = call("calculate_reform", { request, reform });
  assert.equal(result.reform, "higher");
  assert.deepEqual(result.baseline, call("calculate", request));
  assert.ok(Number(result.reformed.monthly_total) > Number(result.baseline.monthly_total));
  assert.equal(result.difference.changed, true);
  const text = callJson("calculate_reform", JSON.stringify({ request, reform }));
  assert.deepEqual(JSON.parse(text), result);
  const bad = structuredClone(reform);
  bad.overrides[0].key = "dibao.no_such_key";
  assert.throws(
    () => call("calculate_reform", { request, reform: bad }),
    (e) => (checkError(e, { code: "invalid_value", path: "reform.overrides[0].key" }), true),
  );
});

test("difference: two results in, calculate_reform's difference out", () => {
  const { baseline, reformed, difference } = call("calculate_reform", { request, reform });
  assert.deepEqual(call("difference", { baseline, reformed }), difference);
  assert.equal(call("difference", { baseline, reformed: baseline }).changed, false);
  assert.deepEqual(JSON.parse(callJson("difference", JSON.stringify({ baseline, reformed }))), difference);
  assert.throws(
    () => call("difference", { baseline, reformed: [] }),
    (e) => (checkError(e, { code: "invalid_type", path: "reformed" }), true),
  );
  assert.throws(
    () => call("difference", { baseline }),
    (e) => (checkError(e, { code: "missing_field", path: "" }), true),
  );
});
