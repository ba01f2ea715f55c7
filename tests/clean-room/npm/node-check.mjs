// Checks of the npm package installed from its tarball into a scratch project (copied into that
// project and run there by scripts/test-clean-room.sh, so "minzheng" resolves as a user's does):
//
//   MINZHENG_VERSION=0.1.0 node --test node-check.mjs
//
// import and require both load the package; one household, a reform-free sweep of a second API,
// an error with its code and path; the package, the engine and the receipt share the version.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";

import init, { apiNames, calculate, call, callJson, engineVersion, errorCodes } from "minzheng";

const VERSION = process.env.MINZHENG_VERSION;
const REQUEST = {
  calculation_date: "2025-07-01",
  household: {
    district: "tianhe", area: "urban",
    members: [
      { id: "a", age: 45, hukou: "guangzhou", income: { wages: "1500" } },
      { id: "b", age: 30, hukou: "guangzhou" },
    ],
  },
};

test("import: one household, exact amounts as strings", async () => {
  await init();
  const result = calculate(REQUEST);
  assert.equal(result.monthly_total, "1118.00");
  assert.equal(result.programmes[0].programme, "dibao");
  assert.equal(result.programmes[0].monthly_amount, "1118.00");
});

test("one version: package.json, engineVersion() and the receipt", () => {
  assert.ok(VERSION, "MINZHENG_VERSION is set");
  const manifest = JSON.parse(readFileSync("node_modules/minzheng/package.json", "utf8"));
  assert.equal(manifest.version, VERSION);
  assert.equal(engineVersion(), VERSION);
  assert.equal(calculate(REQUEST).receipt.engine_version, VERSION);
});

test("an error has a stable code and the path of the field", () => {
  const bad = structuredClone(REQUEST);
  bad.household.members[0].income.wages = "12.345";
  assert.throws(() => calculate(bad), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, "invalid_money");
    assert.equal(e.path, "household.members[0].income.wages");
    return true;
  });
  assert.ok(errorCodes().includes("invalid_money"));
  assert.throws(() => call("no_such_api", {}), (e) => e.code === "invalid_value" && e.path === "api");
});

test("every API by name, as objects and as JSON text", () => {
  assert.ok(apiNames().includes("calculate") && apiNames().includes("assess_ability"));
  assert.equal(JSON.parse(callJson("calculate", JSON.stringify(REQUEST))).monthly_total, "1118.00");
});

test("require() loads the same package", () => {
  const require = createRequire(`${process.cwd()}/package.json`);
  const cjs = require("minzheng");
  assert.equal(cjs.calculate(REQUEST).monthly_total, "1118.00");
  assert.equal(cjs.engineVersion(), VERSION);
});
