// The README's bundles of the npm package (Vite's site/ and esbuild's www/ in the scratch project)
// in headless Chromium, driven by playwright-core (examples/portal/tests: the portal test's
// tooling and its 127.0.0.1 server):
//
//   MINZHENG_BUNDLES="<project>/site <project>/www" node --test tests/clean-room/npm/browser-check.mjs
//
// Each page must show the amount the README states, the WebAssembly file must come with its
// MIME type, every request must go to 127.0.0.1, and the console must show no error.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { serve } from "../../../examples/portal/tests/serve.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const { chromium } = createRequire(join(root, "examples/portal/tests/package.json"))("playwright-core");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const bundles = (process.env.MINZHENG_BUNDLES ?? "").split(" ").filter(Boolean);
test("bundles are named", () => assert.ok(bundles.length, "MINZHENG_BUNDLES names the bundles' directories"));

for (const dir of bundles) test(`the bundle in ${dir} calculates in Chromium`, async () => {
  const server = await serve(dir);
  const profile = mkdtempSync(join(tmpdir(), "minzheng-clean-room-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: ARGS,
  });
  try {
    const page = await context.newPage();
    const problems = [];
    const requests = [];
    const wasm = [];
    // A failed load is judged by its response below (Chromium asks for /favicon.ico by itself).
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("request", (r) => requests.push(r.url()));
    page.on("response", (r) => {
      if (r.url().endsWith(".wasm")) wasm.push(r.headers()["content-type"]);
      if (r.status() >= 400 && new URL(r.url()).pathname !== "/favicon.ico") problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => document.querySelector("output")?.textContent !== "", null, { timeout: 20_000 });
    assert.equal(await page.textContent("output"), "1118.00");
    assert.deepEqual(problems, []);
    assert.deepEqual(wasm, ["application/wasm"]);
    for (const url of requests) assert.ok(url.startsWith(server.origin), url);
    console.log(`page ${server.origin}/index.html shows 1118.00; requests: ${requests.map((u) => u.slice(server.origin.length)).join(" ")}`);
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
