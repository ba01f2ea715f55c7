// The portal page's first visit on a slow mobile connection, in a real browser: playwright-core
// driving the system Chromium against the page staged in target/portal/ and served on 127.0.0.1
// (gzip, as a portal's web server sends it: tests/serve.mjs).
//
//   node --test examples/portal/tests/speed.spec.mjs      (scripts/test-portal.sh runs it)
//
// The connection is Chrome DevTools' "Slow 4G" preset, set through the DevTools protocol
// (Network.emulateNetworkConditions): 562.5 ms round trip, 1.44 Mbit/s (180 000 bytes/s) down,
// 675 kbit/s (84 375 bytes/s) up; the cache is off, so each run is a first visit.
//
// - ready: the page marks `minzheng-ready` (performance.mark, app.js) when a household can be
//   calculated; the mark must come within READY_MS of the navigation's start (the median of
//   three visits), a golden vector's household is then calculated in the page, to the fen, and
//   no file is downloaded twice (a preload the page did not use).
// - downloads: every response the page received until it is complete (body[data-ready], every
//   calculator's form loaded), each body gzipped at level 9 (the budget's measure, whatever the
//   server sent), must sum to at most SITE_BUDGET; the bytes on the wire (headers included) are
//   printed beside it. Not met yet: a TODO test, reported, not failed.
// - the preload hints of index.html are exactly the engine's .wasm and app.js's static imports.
//
// Each figure is printed. CHROMIUM overrides the browser binary.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";

import { chromium } from "playwright-core";

import { root, serve, stage } from "./serve.mjs";

/** Chrome DevTools' "Slow 4G" preset (called "Fast 3G" before Chrome 119). */
export const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
export const READY_MS = 3_000;
export const SITE_BUDGET = 200_000;

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=zh-CN"];

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
// A household vector that succeeds: the page must give its monthly total once ready.
const VECTOR = JSON.parse(readFileSync(join(root, "tests/vectors/back_pay_dibao_household.json"), "utf8"));

let server;
let browser;
let dir;

before(async () => {
  dir = stage();
  server = await serve(dir);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the page on a fresh, throttled connection; resolves to its figures. */
async function firstVisit() {
  const context = await browser.newContext({ serviceWorkers: "block", locale: "zh-CN" });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
    const wire = new Map();
    cdp.on("Network.loadingFinished", (e) => wire.set(e.requestId, e.encodedDataLength));
    const urls = new Map();
    cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
    await page.goto(`${server.origin}/`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    const readyMs = await page.evaluate(() => performance.getEntriesByName("minzheng-ready")[0]?.startTime ?? NaN);
    const total = await page.evaluate(async (request) => {
      const engine = await import("./pkg/minzheng.js");
      return engine.calculate(request).monthly_total;
    }, VECTOR.request);
    const files = [...urls].map(([id, url]) => {
      const path = new URL(url).pathname;
      const bytes = readFileSync(join(dir, path.endsWith("/") ? `${path}index.html` : path));
      return { path, gz: gzipSync(bytes, { level: 9 }).length, wire: wire.get(id) ?? 0 };
    });
    return { readyMs, total, files };
  } finally {
    await context.close();
  }
}

/** app.js and every module it imports statically, as paths of the site ("/dom.js"). */
function staticImports(dir, from = "/app.js", seen = new Set()) {
  const text = readFileSync(join(dir, from), "utf8");
  for (const [, spec] of text.matchAll(/^import\b[^;]*?\bfrom\s+"([^"]+)";/gms)) {
    const path = new URL(spec, `http://site${from}`).pathname;
    if (!seen.has(path)) {
      seen.add(path);
      staticImports(dir, path, seen);
    }
  }
  return seen;
}

test("index.html preloads the engine's .wasm and exactly app.js's static imports", () => {
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const hints = (rel) => [...html.matchAll(new RegExp(`<link rel="${rel}" href="\\.([^"]+)"`, "g"))].map((m) => m[1]).sort();
  assert.deepEqual(hints("modulepreload"), [...staticImports(dir)].sort());
  assert.deepEqual(hints("preload"), ["/pkg/minzheng_bg.wasm"]);
});

/** Three first visits: the first after the browser starts, then two more. */
let runs;
const visits = async () => {
  if (!runs) {
    runs = [];
    for (let i = 0; i < 3; i++) runs.push(await firstVisit());
  }
  return runs;
};

test(`slow 4G first visit: a household can be calculated within ${READY_MS} ms`, async () => {
  const times = (await visits()).map((r) => r.readyMs).sort((a, b) => a - b);
  console.log(`ready on slow 4G: ${times.map((t) => `${t.toFixed(0)} ms`).join(", ")} (median ${times[1].toFixed(0)} ms of ${READY_MS})`);
  for (const r of runs) {
    assert.equal(r.total, VECTOR.expect.monthly_total, "the household's monthly total once ready");
    // A preload the page does not use is downloaded twice.
    const paths = r.files.map((f) => f.path);
    assert.deepEqual(paths.filter((p, i) => paths.indexOf(p) !== i), [], "no file downloaded twice");
  }
  assert.ok(times[1] <= READY_MS, `ready after ${times[1].toFixed(0)} ms on slow 4G, over ${READY_MS} ms`);
});

// Not met yet (issue 16 item 11): the web build alone is some 247 KB gzipped. Reported as TODO,
// not as a failure, until the engine's .wasm shrinks enough.
test(`first visit downloads at most ${SITE_BUDGET / 1000} KB gzipped (HTML, JS, CSS, WASM)`, { todo: "the engine's .wasm alone is over 200 KB gzipped" }, async () => {
  const { files } = (await visits())[0];
  const gz = files.reduce((s, f) => s + f.gz, 0);
  const wire = files.reduce((s, f) => s + f.wire, 0);
  for (const f of [...files].sort((a, b) => b.gz - a.gz)) console.log(`  ${f.path}: ${kb(f.gz)} gzipped, ${kb(f.wire)} on the wire`);
  console.log(`downloaded by the page: ${files.length} files, ${kb(gz)} gzipped (${gz} bytes) of ${kb(SITE_BUDGET)}; ${kb(wire)} on the wire`);
  assert.ok(gz <= SITE_BUDGET, `the page downloads ${kb(gz)} gzipped, over ${kb(SITE_BUDGET)}`);
});
