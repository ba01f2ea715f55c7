// Runs the malformed-input corpus (tests/malformed/, format in its README) against the Node
// build of the npm package, and the inputs only JavaScript can make (NaN, Infinity, BigInt,
// cyclic objects, getters that throw, objects nested beyond the call stack). Each must throw an
// Error with the documented code and path, within the time bound, without crashing the module,
// and with bounded memory.
//
//   node --test wasm/js-tests/        (after scripts/test-wasm.sh has built target/pkg-node)
//
// MINZHENG_PKG_NODE overrides the package directory.

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { checkError } from "./match.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkgNode = resolve(process.env.MINZHENG_PKG_NODE ?? join(root, "target/pkg-node"));
const corpusDir = join(root, "tests/malformed");

const require = createRequire(import.meta.url);
const { call, callJson, calculate, calculateJson, apiNames, errorCodes } = require(pkgNode);

/** The time bound of one case, in milliseconds. */
const TIME_BOUND_MS = 2000;
/** The bound on the growth of resident memory over the whole file, in bytes. */
const MEMORY_BOUND = 512 * 1024 * 1024;

const cases = readdirSync(corpusDir)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(join(corpusDir, file), "utf8")) }));

/** The request text of a case: `request_json`, or its `generate` rule expanded. */
function requestText(c) {
  if (typeof c.request_json === "string") return c.request_json;
  const g = c.generate;
  const items = [];
  for (let i = 0; i < g.count; i++) items.push(g.item.replaceAll("{i}", String(i)));
  return g.prefix + items.join(g.separator) + g.close.repeat(g.count) + g.suffix;
}

/** Runs `fn`, which must throw; returns what it threw and how long it took. */
function timedThrow(fn) {
  const start = performance.now();
  try {
    fn();
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
  assert.fail("returned a result, expected an error");
}

/** A valid request, fresh each time. */
function request() {
  return {
    calculation_date: "2025-07-01",
    household: {
      district: "tianhe",
      area: "urban",
      members: [{ id: "a", age: 40, hukou: "guangzhou", income: { wages: "1500" } }],
    },
  };
}

const rssBefore = process.memoryUsage().rss;

test("the corpus has at least 50 cases, each with a documented code", () => {
  assert.ok(cases.length >= 50, `${cases.length} cases in ${corpusDir}`);
  const codes = errorCodes();
  for (const c of cases) {
    assert.equal(c.name, c.file.replace(/\.json$/, ""), `${c.file}: name`);
    assert.ok(codes.includes(c.expect_error.code), `${c.file}: ${c.expect_error.code}`);
    assert.ok(("request_json" in c) !== ("generate" in c), `${c.file}: request_json or generate`);
  }
});

for (const c of cases) {
  test(`malformed ${c.file}`, (t) => {
    if (!apiNames().includes(c.api) && c.api !== "no_such_api") {
      t.skip(`${c.api} is not a wire API of this build (the Rust runner calls it directly)`);
      return;
    }
    const text = requestText(c);
    const { error, ms } = timedThrow(() => callJson(c.api, text));
    checkError(error, c.expect_error);
    assert.ok(error.message, "an error message");
    assert.ok(ms < TIME_BOUND_MS, `took ${ms.toFixed(0)} ms`);
  });
}

/** Sets `value` at `path` (an array of keys) in a fresh request. */
function requestWith(path, value) {
  const req = request();
  let at = req;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path.at(-1)] = value;
  return req;
}

const WAGES = ["household", "members", 0, "income", "wages"];
const AGE = ["household", "members", 0, "age"];
const DISTRICT = ["household", "district"];
const DATE = ["calculation_date"];

// JSON.stringify turns NaN and ±Infinity into null: a wrong type at a required field.
const nonFinite = [];
for (const [name, value] of [["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]]) {
  for (const [where, path, code] of [
    ["an amount", WAGES, "invalid_type"],
    // `age` is optional: null is "not given", and a member needs age or birth date.
    ["an age", AGE, "missing_field"],
    ["a district", DISTRICT, "invalid_type"],
    ["the date", DATE, "invalid_type"],
  ]) {
    nonFinite.push([`${name} as ${where}`, requestWith(path, value), code, path.join(".").replace(/\.(\d+)/g, "[$1]")]);
  }
}

const deep = {};
let cursor = deep;
for (let i = 0; i < 100000; i++) cursor = cursor.next = {};
const cyclic = request();
cyclic.household.self = cyclic.household;
const throwing = request();
Object.defineProperty(throwing.household.members[0], "age", {
  enumerable: true,
  get() {
    throw new Error("boom");
  },
});
const many = request();
many.household.members = Array.from({ length: 100000 }, (_, i) => ({ id: `m${i}`, age: 40, hukou: "guangzhou" }));
const sparse = request();
sparse.household.members = [, request().household.members[0]]; // a hole stringifies as null

const hostValues = [
  ...nonFinite,
  ["a BigInt anywhere", { ...request(), extra: 10n }, "invalid_json", ""],
  ["a BigInt amount", requestWith(WAGES, 1500n), "invalid_json", ""],
  ["a cyclic object", cyclic, "invalid_json", ""],
  ["a getter that throws", throwing, "invalid_json", ""],
  ["an object nested 100,000 deep", { ...request(), deep }, "invalid_json", ""],
  ["100,000 members", many, "input_too_large", ""],
  ["a sparse members array", sparse, "invalid_type", "household.members[0]"],
  ["undefined as the request", undefined, "invalid_json", ""],
  ["a function as the request", () => 1, "invalid_json", ""],
  ["a Symbol as the request", Symbol("x"), "invalid_json", ""],
  ["a string as the request", "{}", "invalid_type", ""],
  ["an array as the request", [request()], "invalid_type", ""],
  ["a Map as the household", requestWith(["household"], new Map([["district", "tianhe"]])), "missing_field", "household"],
  ["a Date as the date", requestWith(DATE, new Date("2025-07-01T00:00:00Z")), "invalid_date", "calculation_date"],
  ["a fractional amount", requestWith(WAGES, 1500.5), "invalid_money", "household.members[0].income.wages"],
  ["an amount beyond 2^53", requestWith(WAGES, 2 ** 60), "invalid_money", "household.members[0].income.wages"],
  ["a negative zero age", requestWith(AGE, -0), null, null],
  ["undefined for a required field", requestWith(DISTRICT, undefined), "missing_field", "household"],
];

for (const [name, value, code, path] of hostValues) {
  test(`JavaScript value: ${name}`, () => {
    if (code === null) {
      // -0 stringifies as 0: a valid request.
      assert.equal(typeof calculate(value), "object");
      return;
    }
    const { error, ms } = timedThrow(() => call("calculate", value));
    checkError(error, { code, path });
    assert.ok(ms < TIME_BOUND_MS, `took ${ms.toFixed(0)} ms`);
  });
}

// Arguments of the wrong kind: every exported function checks them and throws the typed error
// naming the argument (wasm-bindgen's own string parameters would trap the module).
const TEXT = JSON.stringify(request());
const wrongArguments = [
  ["callJson(api, object)", () => callJson("calculate", request()), "invalid_type", ""],
  ["callJson(api, {})", () => callJson("calculate", {}), "invalid_type", ""],
  ["callJson(api, 42)", () => callJson("calculate", 42), "invalid_type", ""],
  ["callJson(api, null)", () => callJson("calculate", null), "invalid_type", ""],
  ["callJson(api)", () => callJson("calculate"), "invalid_type", ""],
  ["callJson(api, [text])", () => callJson("calculate", [TEXT]), "invalid_type", ""],
  ["callJson(api, a String object)", () => callJson("calculate", Object(TEXT)), "invalid_type", ""],
  ["callJson(42, text)", () => callJson(42, TEXT), "invalid_type", "api"],
  ["callJson({}, text)", () => callJson({}, TEXT), "invalid_type", "api"],
  ["callJson(undefined, text)", () => callJson(undefined, TEXT), "invalid_type", "api"],
  ["callJson(Symbol, text)", () => callJson(Symbol("calculate"), TEXT), "invalid_type", "api"],
  ["call(42, request)", () => call(42, request()), "invalid_type", "api"],
  ["call(null, request)", () => call(null, request()), "invalid_type", "api"],
  ["call(['calculate'], request)", () => call(["calculate"], request()), "invalid_type", "api"],
  ["call()", () => call(), "invalid_type", "api"],
  ["calculateJson({})", () => calculateJson({}), "invalid_type", ""],
  ["calculateJson(42n)", () => calculateJson(42n), "invalid_type", ""],
  ["calculateJson()", () => calculateJson(), "invalid_type", ""],
  ["calculate()", () => calculate(), "invalid_json", ""],
];
for (const [name, fn, code, path] of wrongArguments) {
  test(`wrong argument: ${name}`, () => {
    const { error, ms } = timedThrow(fn);
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `trapped: ${error}`);
    checkError(error, { code, path });
    assert.ok(ms < TIME_BOUND_MS, `took ${ms.toFixed(0)} ms`);
  });
}

// Text that is not valid Unicode is refused as in Rust and Python, before wasm-bindgen's lossy
// conversion could turn it into U+FFFD; bytes are read as strict UTF-8.
const invalidText = [
  ["a lone high surrogate in an id", TEXT.replace('"id":"a"', '"id":"a\uD800"')],
  ["a lone low surrogate in an id", TEXT.replace('"id":"a"', '"id":"\uDC00a"')],
  ["a lone surrogate at the very end", TEXT + "\uD800"],
  ["a lone surrogate in a key", TEXT.replace('"id"', '"i\uDFFFd"')],
  ["reversed surrogates", TEXT.replace('"id":"a"', '"id":"\uDC00\uD800"')],
  ["bytes that are not UTF-8", Buffer.concat([Buffer.from(TEXT.slice(0, 20)), Buffer.from([0xff, 0xfe]), Buffer.from(TEXT.slice(20))])],
  [
    "an encoded surrogate (WTF-8 bytes ED A0 80)",
    Buffer.concat([Buffer.from(TEXT.slice(0, 10)), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(TEXT.slice(10))]),
  ],
];
for (const [name, text] of invalidText) {
  test(`invalid Unicode: ${name}`, () => {
    for (const fn of [() => callJson("calculate", text), () => calculateJson(text)]) {
      const { error } = timedThrow(fn);
      checkError(error, { code: "invalid_json", path: "" });
    }
  });
}

test("valid text: a real U+FFFD, astral characters, and UTF-8 bytes calculate", () => {
  for (const id of ["a\uFFFD", "\u{1F600}", "张三"]) {
    const text = TEXT.replace('"id":"a"', `"id":${JSON.stringify(id)}`);
    const result = JSON.parse(callJson("calculate", text));
    assert.equal(result.monthly_total, calculate(JSON.parse(text)).monthly_total);
  }
  assert.equal(JSON.parse(calculateJson(Buffer.from(TEXT))).monthly_total, calculate(request()).monthly_total);
  assert.equal(JSON.parse(callJson("calculate", new TextEncoder().encode(TEXT))).monthly_total, calculate(request()).monthly_total);
});

test("the module still works after every malformed input, within the memory bound", () => {
  const result = calculate(request());
  assert.match(result.monthly_total, /^\d+\.\d\d$/);
  const grown = process.memoryUsage().rss - rssBefore;
  assert.ok(grown < MEMORY_BOUND, `resident memory grew by ${(grown / 2 ** 20).toFixed(0)} MiB`);
});
