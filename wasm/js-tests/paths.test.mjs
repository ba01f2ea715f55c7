// The object path and the text path keep one contract: every golden vector (tests/vectors/) and
// every case of the malformed corpus (tests/malformed/) gives the same result, or an error with
// the same code and path, through `call(api, object)` and `callJson(api, text)`.
//
// A case's object is `JSON.parse` of its text (or the vector's `request`). JSON text can say
// things a JavaScript object cannot: a repeated key (JSON.parse keeps the last), a number's form
// (`1.0`, `1e2`, `-0`, digits beyond a double's precision; JSON.parse keeps only the number),
// white space (which counts against the size limit), and text that is not JSON at all. For those cases the object path is checked against the text that
// the object *can* express, `callJson(api, JSON.stringify(object))`, and each one must be in
// EXPRESSIBLE_ONLY_AS_TEXT below with the reason (wasm/npm/README.md, "Objects and text").
//
//   node --test wasm/js-tests/        (after scripts/test-wasm.sh has built target/pkg-node)

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkgNode = resolve(process.env.MINZHENG_PKG_NODE ?? join(root, "target/pkg-node"));
const require = createRequire(import.meta.url);
const { call, callJson, calculate, calculateJson, apiNames } = require(pkgNode);

/**
 * Cases whose text says something its JSON.parse object cannot, by file, with what the object
 * loses. The object path gives what the text of the object gives.
 */
const EXPRESSIBLE_ONLY_AS_TEXT = {
  "json_duplicate_key.json": "a repeated key: the object keeps the last value",
  "json_duplicate_key_nested.json": "a repeated key: the object keeps the last value",
  "limit_request_over_1_mib.json": "the text's white space counts against the 1 MiB limit; the object's text has none",
};

function load(dir) {
  const full = join(root, "tests", dir);
  return readdirSync(full)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ file, dir, ...JSON.parse(readFileSync(join(full, file), "utf8")) }));
}

/** The request text of a case: `request_json`, the vector's `request`, or a `generate` rule. */
function requestText(c) {
  if (typeof c.request_json === "string") return c.request_json;
  if ("request" in c) return JSON.stringify(c.request);
  const g = c.generate;
  const items = [];
  for (let i = 0; i < g.count; i++) items.push(g.item.replaceAll("{i}", String(i)));
  return g.prefix + items.join(g.separator) + g.close.repeat(g.count) + g.suffix;
}

/** What a call gave: `{ result }` (as plain data) or `{ code, path }`. */
function outcome(run) {
  try {
    return { result: run() };
  } catch (error) {
    assert.ok(error instanceof Error, `threw a non-Error value: ${String(error)}`);
    assert.ok(typeof error.code === "string", `an error without a code: ${error}`);
    return { code: error.code, path: error.path };
  }
}

const viaText = (api, text) => {
  const o = outcome(() => callJson(api, text));
  return "result" in o ? { result: JSON.parse(o.result) } : o;
};

/** The text path of an object's own JSON text; JSON.stringify's own failure is invalid_json. */
function viaObjectText(api, object) {
  let text;
  try {
    text = JSON.stringify(object);
  } catch {
    return { code: "invalid_json", path: "" };
  }
  return viaText(api, text);
}

const cases = [...load("vectors"), ...load("malformed")];
let unparsable = 0;
let both = 0;
const differing = [];

for (const c of cases) {
  const api = c.api ?? "calculate";
  if (!apiNames().includes(api) && api !== "no_such_api") continue;
  test(`both paths: ${c.dir}/${c.file}`, () => {
    const text = requestText(c);
    let object;
    try {
      object = "request" in c ? structuredClone(c.request) : JSON.parse(text);
    } catch {
      // Not JSON: only the text path can be given it (the malformed test checks its error).
      unparsable++;
      return;
    }
    both++;
    const fromObject = outcome(() => call(api, object));
    const fromText = viaText(api, text);
    const fromObjectText = viaObjectText(api, object);
    // The object path is the text path of the object's own JSON text, always.
    assert.deepStrictEqual(fromObject, fromObjectText);
    if (api === "calculate") assert.deepStrictEqual(outcome(() => calculate(object)), fromObject);
    if (c.file in EXPRESSIBLE_ONLY_AS_TEXT) {
      differing.push(c.file);
      assert.notDeepStrictEqual(fromObject, fromText, `${c.file} is listed but both paths agree`);
      return;
    }
    assert.deepStrictEqual(fromObject, fromText);
    if (api === "calculate") {
      const o = outcome(() => calculateJson(text));
      assert.deepStrictEqual("result" in o ? { result: JSON.parse(o.result) } : o, fromText);
    }
  });
}

test("both paths: every case ran (summary)", (t) => {
  t.diagnostic(`${both} cases through both paths; ${unparsable} not JSON (text path only)`);
  assert.ok(both > 300, `only ${both} cases ran through both paths`);
  assert.deepStrictEqual(differing.sort(), Object.keys(EXPRESSIBLE_ONLY_AS_TEXT).sort());
});
