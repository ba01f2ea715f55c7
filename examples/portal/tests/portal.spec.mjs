// End-to-end test of the portal page in a real browser: playwright-core driving the system
// Chromium (/usr/bin/chromium; no browser download) against the page staged in target/portal/
// and served on 127.0.0.1 on a free port.
//
//   node --test examples/portal/tests/portal.spec.mjs      (scripts/test-portal.sh runs it)
//
// - Every golden vector of each calculator's API that its form can express is entered through
//   the form, like a resident would, and what the page shows is compared with the vector's
//   expectations (amounts to the fen, on screen and in the data); error vectors must show their
//   message next to the field their path names. Vectors a form cannot express (a fractional JSON
//   number, a district outside the list, a custom scoring card, a field the form does not ask)
//   are skipped with the reason.
// - Every request the page makes must go to 127.0.0.1, and none at all after the page has loaded:
//   household data never leaves the page.
// - Labels, keyboard use, phone width, the English switch and an error path are checked.
// - Screenshots at desktop and phone width go to target/portal-screenshots/.
//
// CHROMIUM overrides the browser binary.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { chromium } from "playwright-core";

import { errorMessage } from "../i18n.js";
import { shareToPercent } from "../forms/common.js";
import { FIGURES } from "../figures.js";
import { LATEST } from "../latest.js";
import * as assessment from "../forms/assessment.js";
import * as careHome from "../forms/care_home.js";
import * as household from "../forms/household.js";
import * as star from "../forms/star.js";
import { root, serve, stage } from "./serve.mjs";

const SHOTS = join(root, "target/portal-screenshots");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--lang=zh-CN",
];

/** The calculators: tool id (the page's section), API, the form's wire paths and lists. */
const TOOLS = [
  { id: "household", api: "calculate", form: household, lists: { "household.members": { min: 1, add: "#household button.add-member" } } },
  { id: "care_home", api: "care_home_bill", form: careHome, lists: { other_subsidies: { min: 0, add: '#care_home [data-add="other_subsidies"]' } }, prepare: prepareCareHome },
  { id: "assessment", api: "assess_ability", form: assessment, lists: {} },
  { id: "star", api: "star_rating", form: star, lists: {} },
];

const vectors = readdirSync(join(root, "tests/vectors"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(root, "tests/vectors", f), "utf8")) }));

let server;
let context;
let userDataDir;
/** Every request the browser made: { url, afterLoad }. */
const requests = [];
let loaded = false;
/** The APIs of the build, as the page reports them (tools without theirs are not offered). */
let offered = new Set();

before(async () => {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  server = await serve(stage());
  userDataDir = mkdtempSync(join(tmpdir(), "minzheng-portal-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: DESKTOP,
    locale: "zh-CN",
    // Date fields follow the browser's own language: Chinese, as a resident's browser would be.
    env: { ...process.env, LANG: "zh_CN.UTF-8", LANGUAGE: "zh_CN:zh" },
    serviceWorkers: "block",
  });
  context.on("request", (req) => requests.push({ url: req.url(), afterLoad: loaded }));
  // Anything not on the local server is refused (and recorded above, so the test fails).
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${server.origin}/`)) return route.continue();
    return route.abort("blockedbyclient");
  });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** Opens the page (in Chinese unless the query says otherwise) and waits for the engine. */
async function openPage(viewport = DESKTOP, query = "") {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  loaded = false;
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.errors = errors;
  await page.goto(`${server.origin}/${query}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  loaded = true;
  const tools = await page.evaluate(() => [...document.querySelectorAll("section.tool")].map((s) => s.id));
  if (tools.length) offered = new Set(tools);
  return page;
}

const sel = (path) => `[data-path="${path}"]`;

class Unrepresentable extends Error {}

const isDate = (s) => {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

/** The leaves of a request: [path, value] with list indices, nulls left out. */
function leaves(value, lists, path = "", out = []) {
  if (value === null) return out;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    // A set of choices (`home_care_funding: ["type1"]`): one tick per value, at `<path>.<value>`.
    for (const v of value) out.push([`${path}.${v}`, true, path]);
  } else if (Array.isArray(value)) {
    if (!(path in lists)) throw new Unrepresentable(`${path} is a list the form does not ask`);
    value.forEach((v, i) => leaves(v, lists, `${path}[${i}]`, out));
  } else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, lists, path ? `${path}.${k}` : k, out);
  } else {
    out.push([path, value]);
  }
  return out;
}

/** Whether the form asks a wire path (its WIRE_PATHS, with `[]` for an index and `*` for any map key). */
function asked(tool, path) {
  const general = path.replace(/\[\d+\]/g, "[]");
  return tool.form.WIRE_PATHS.some((p) => p === general || (p.endsWith(".*") && general.startsWith(p.slice(0, -1))));
}

/**
 * What a form needs to express a request: the rows of each list and [path, value] pairs, or
 * throws Unrepresentable with the reason. Which fields the form asks comes from the form itself
 * (WIRE_PATHS); whether a value fits its control is checked when it is entered.
 */
function plan(tool, request) {
  if (!request || typeof request !== "object" || Array.isArray(request)) throw new Unrepresentable("the request is not an object");
  const entries = leaves(request, tool.lists);
  for (const [path, , wire = path] of entries) {
    if (!asked(tool, wire)) throw new Unrepresentable(`${wire} is not asked by the form`);
  }
  const rows = {};
  for (const [list, { min }] of Object.entries(tool.lists)) {
    const items = list.split(".").reduce((o, k) => o?.[k], request) ?? [];
    if (items.length < min) throw new Unrepresentable(`the form always has at least ${min} of ${list}`);
    rows[list] = items.length;
  }
  for (const m of request.household?.members ?? []) {
    if (m && typeof m === "object" && m.disability && m.disability.category === undefined) {
      throw new Unrepresentable("a disability grade without a category");
    }
  }
  return { rows, entries };
}

/** Enters a request through a tool's form (starting from a clean form) and submits it. */
async function enter(page, tool, request) {
  const { rows, entries } = plan(tool, request);
  if (page.url().split("#")[1] !== tool.id) await page.evaluate((id) => (location.hash = id), tool.id);
  await page.click(`#${tool.id} button.reset`);
  for (const [list, n] of Object.entries(rows)) {
    for (let i = tool.lists[list].min; i < n; i++) await page.click(tool.lists[list].add);
  }
  await tool.prepare?.(page, request);
  // The explanation box is ticked by default; a request without options wants it ticked.
  if (!entries.some(([p]) => p === "options.explain")) entries.push(["options.explain", true]);
  for (const [path, value] of entries) {
    const target = page.locator(`#${tool.id} ${sel(path)}`);
    if ((await target.count()) === 0) throw new Unrepresentable(`${path}: no field on the page`);
    const kind = await target.evaluate((el) => (el.tagName === "SELECT" ? "select" : el.type));
    if (!(await target.isVisible())) await openSection(target);
    if (kind === "checkbox") {
      if (typeof value !== "boolean") throw new Unrepresentable(`${path}: ${JSON.stringify(value)} is not a tick`);
      await target.setChecked(value);
      continue;
    }
    const text = typeof value === "string" ? value : Number.isInteger(value) ? String(value) : kind === "select" && typeof value === "boolean" ? String(value) : null;
    if (text === null) throw new Unrepresentable(`${path}: ${JSON.stringify(value)} cannot be typed`);
    if (kind === "select") {
      const offeredValue = await target.evaluate((el, v) => [...el.options].some((o) => o.value === v), text);
      if (!offeredValue) throw new Unrepresentable(`${path}: ${text} is not offered`);
      await target.selectOption(text);
    } else {
      if (kind === "date" && !isDate(text)) throw new Unrepresentable(`${path}: ${text} is not a date a date field holds`);
      // A share asked as a percentage (occupancy 0.45 → 45).
      const scale = await target.getAttribute("data-kind");
      await target.fill(scale === "share_percent" ? shareToPercent(text) : text);
    }
  }
  await page.click(`#${tool.id} button[type=submit]`);
  await page.waitForSelector(`#${tool.id}-result h2, #${tool.id} .error-summary:not([hidden])`);
}

/** The care-home form: the home's own tariff with its room types, when the request has one. */
async function prepareCareHome(page, request) {
  if (!request.tariff) return;
  await page.selectOption('#care_home select[name="tariff_source"]', "own");
  const keys = Object.keys(request.tariff.bed_fee ?? {});
  if (keys.length === 0) throw new Unrepresentable("a tariff without bed fees");
  for (let rows = await page.locator("#care_home [data-room]").count(); rows < keys.length; rows++) {
    await page.click('#care_home [data-add="tariff.bed_fee"]');
  }
  for (let rows = await page.locator("#care_home [data-room]").count(); rows > keys.length; rows--) {
    await page.locator("#care_home [data-room]").last().locator("button").click();
  }
  for (const [i, key] of keys.entries()) {
    const input = page.locator(`#care_home [data-room="${i}"] [data-room-key]`);
    await input.fill(key);
    await input.dispatchEvent("change"); // the room names are the resident's choices: the form redraws
  }
}

/** Opens the closed sections around a control, as a resident would (by clicking their summaries). */
async function openSection(target) {
  for (let depth = 0; depth < 3 && !(await target.isVisible()); depth++) {
    const closed = target.locator("xpath=ancestor::details[not(@open)][last()]/summary");
    if ((await closed.count()) === 0) break;
    await closed.click();
  }
}

/** The household result as the page shows it. */
async function shown(page) {
  return page.evaluate(() => {
    const out = document.getElementById("household-result");
    const amountOf = (el) => el && { data: el.dataset.amount, text: el.querySelector("strong").textContent };
    return {
      total: amountOf(out.querySelector("[data-testid=monthly-total]")),
      oneOffTotal: amountOf(out.querySelector("[data-testid=one-off-total]")),
      warnings: [...out.querySelectorAll("[data-warning]")].map((w) => ({ code: w.dataset.warning, parameter: w.dataset.parameter, text: w.textContent })),
      programmes: [...out.querySelectorAll("li.programme")].map((card) => ({
        programme: card.dataset.programme,
        status: card.dataset.status,
        statusText: card.querySelector(".badge").textContent,
        name: card.querySelector(".pname").textContent,
        monthly: amountOf(card.querySelector("[data-testid=monthly-amount]")),
        oneOff: amountOf(card.querySelector("[data-testid=one-off-amount]")),
        reason: card.querySelector("[data-reason]")?.dataset.reason,
        reasonText: card.querySelector("[data-reason]")?.textContent,
        lineItems: [...card.querySelectorAll("[data-line-item]")].map((li) => ({
          id: li.dataset.lineItem,
          person_id: li.dataset.person || null,
          amount: amountOf(li.querySelector(".item-head .amount")),
        })),
      })),
    };
  });
}

/** Asserts a shown amount is exactly the expected engine string, in the data and on screen. */
function sameAmount(shownAmount, expected, what) {
  assert.ok(shownAmount, `${what}: not shown`);
  assert.equal(shownAmount.data, expected, `${what} (data-amount)`);
  assert.equal(shownAmount.text.replaceAll(",", ""), expected, `${what} (on screen: ${shownAmount.text})`);
}

/** Compares the household page with a vector's `expect` (the subset rules of tests/vectors/README.md). */
function compareHousehold(view, expect) {
  if ("monthly_total" in expect) sameAmount(view.total, expect.monthly_total, "monthly total");
  if ("one_off_total" in expect && expect.one_off_total !== "0.00") sameAmount(view.oneOffTotal, expect.one_off_total, "one-off total");
  if (expect.programmes) {
    assert.equal(view.programmes.length, expect.programmes.length, "number of programmes shown");
    // The page orders programmes by what they pay (the zero ones folded): found by id.
    expect.programmes.forEach((p, i) => {
      const card = "programme" in p ? view.programmes.find((c) => c.programme === p.programme) : view.programmes[i];
      const name = p.programme ?? `programme ${i}`;
      assert.ok(card, `${name}: shown`);
      if ("status" in p) assert.equal(card.status, p.status, `${name}: status`);
      if ("monthly_amount" in p) sameAmount(card.monthly, p.monthly_amount, `${name}: monthly amount`);
      if ("one_off_amount" in p) sameAmount(card.oneOff, p.one_off_amount, `${name}: one-off amount`);
      if (p.reason?.code) assert.equal(card.reason, p.reason.code, `${name}: reason`);
      if (p.line_items) {
        assert.equal(card.lineItems.length, p.line_items.length, `${name}: line items shown`);
        p.line_items.forEach((li, j) => {
          if ("id" in li) assert.equal(card.lineItems[j].id, li.id);
          if ("person_id" in li) assert.equal(card.lineItems[j].person_id, li.person_id);
          if ("amount" in li) sameAmount(card.lineItems[j].amount, li.amount, `${name}: line item ${li.id}`);
        });
      }
    });
  }
  if (expect.warnings) {
    assert.equal(view.warnings.length, expect.warnings.length, "warnings shown");
    // An expired source is the one date banner above the others: compared as a multiset.
    const codes = (ws) => ws.map((w) => w.code).sort();
    if (expect.warnings.every((w) => "code" in w)) assert.deepEqual(codes(view.warnings), codes(expect.warnings), "warning codes");
    for (const w of expect.warnings) {
      if ("parameter" in w) assert.ok(view.warnings.some((x) => x.code === w.code && x.parameter === (w.parameter ?? "")), `warning ${w.code} ${w.parameter}`);
    }
  }
}

/** The leaves of an expectation, with `<list>.length` for each list (the subset rules compare lengths). */
function expectedLeaves(value, path = "", out = []) {
  if (Array.isArray(value)) {
    out.push([`${path}.length`, value.length]);
    value.forEach((v, i) => expectedLeaves(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) expectedLeaves(v, path ? `${path}.${k}` : k, out);
  } else {
    out.push([path, value]);
  }
  return out;
}

/**
 * Compares what a tool's result shows with a vector's `expect`: every expected value must be
 * on the page, marked with its path (`data-result` + `data-value` on the element that shows it,
 * or `data-results` for values shown as words, badges and lists), and equal; an amount must also
 * read the same on screen.
 */
async function compareMarked(page, tool, expect) {
  const marks = await page.evaluate((id) => {
    const out = {};
    const root = document.getElementById(`${id}-result`);
    for (const el of root.querySelectorAll("[data-results]")) Object.assign(out, JSON.parse(el.dataset.results));
    for (const el of root.querySelectorAll("[data-result]")) {
      out[el.dataset.result] = { value: el.dataset.value, text: el.querySelector("strong")?.textContent ?? el.textContent, amount: el.classList.contains("amount") };
    }
    return out;
  }, tool.id);
  const missing = [];
  for (const [path, value] of expectedLeaves(expect)) {
    if (!(path in marks)) {
      missing.push(path);
      continue;
    }
    const mark = marks[path];
    if (mark !== null && typeof mark === "object") {
      assert.equal(mark.value, String(value), `${path}`);
      if (mark.amount) assert.equal(mark.text.replaceAll(",", ""), String(value), `${path} on screen`);
    } else {
      assert.equal(mark === null ? null : String(mark), value === null ? null : String(value), `${path}`);
    }
  }
  assert.deepEqual(missing, [], "expected values not shown on the page");
}

/**
 * The error shown in the form of tool `id`, as a screen reader would get it: the control marked
 * invalid (its wire path, its message, whether the message is in its description, whether it
 * has focus) and the summary.
 */
async function shownError(page, id) {
  return page.evaluate((tool) => {
    const form = document.querySelector(`#${tool} form`);
    const invalid = [...form.querySelectorAll("[aria-invalid=true]")];
    const el = invalid[0];
    const slot = el && document.getElementById(`${el.id}-error`);
    const summary = form.querySelector(".error-summary");
    return {
      count: invalid.length,
      path: el?.dataset.path ?? null,
      describedBy: (el?.getAttribute("aria-describedby") ?? "").split(/\s+/),
      slotId: slot?.id,
      visible: slot ? !slot.hidden && slot.offsetParent !== null : false,
      text: slot?.textContent ?? "",
      focused: el ? document.activeElement === el : false,
      summary: summary && !summary.hidden ? summary.textContent : null,
      resultShown: document.querySelector(`#${tool}-result h2`) !== null,
    };
  }, id);
}

/**
 * Asserts the page shows an engine error with `code` at `path`: next to the field the path names
 * (the field itself, or the first field inside the group it names), in the summary when the path
 * names no field, and no result.
 */
async function assertErrorShown(page, id, { code, path }) {
  const err = await shownError(page, id);
  assert.equal(err.resultShown, false, "no result shown");
  assert.ok(err.summary, "the error summary is shown");
  const expected = errorMessage(code); // the page's Chinese message for the code
  if (err.count === 0) {
    assert.equal(path, "", "an error without a field is one about the whole request");
    assert.ok(err.summary.includes(expected), `summary "${err.summary}" has the message for ${code}`);
    return err;
  }
  assert.equal(err.count, 1, "one field marked invalid");
  const within = path === "" || err.path === path || err.path.startsWith(`${path}.`) || err.path.startsWith(`${path}[`);
  assert.ok(within, `the field marked invalid (${err.path}) is the one at ${JSON.stringify(path)}`);
  assert.ok(err.visible, `${err.path}: message visible`);
  assert.ok(err.describedBy.includes(err.slotId), `${err.path}: message in aria-describedby`);
  assert.ok(err.focused, `${err.path}: focused`);
  assert.ok(err.text.includes(expected), `${err.path}: "${err.text}" has the message for ${code}`);
  return err;
}

/** The error state of one field. */
async function fieldError(page, path) {
  return page.evaluate((p) => {
    const el = document.querySelector(`[data-path="${p}"]`);
    if (!el) return null;
    const slot = document.getElementById(`${el.id}-error`);
    return {
      invalid: el.getAttribute("aria-invalid"),
      visible: slot ? !slot.hidden && slot.offsetParent !== null : false,
      text: slot?.textContent ?? "",
      focused: document.activeElement === el,
    };
  }, path);
}

/** Screenshots of a tool's form and result at desktop and phone width; asserts no sideways scrolling. */
async function screenshots(page, id, name = id) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `desktop-${name}-form.png`) });
  const result = page.locator(`#${id}-result`);
  if ((await result.locator("h2").count()) > 0) {
    await result.locator("details.steps").first().evaluate((d) => (d.open = true)).catch(() => {});
    await result.screenshot({ path: join(SHOTS, `desktop-${name}-result.png`) });
  }
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${id}: no horizontal scrolling at ${PHONE.width}px (overflow ${overflow}px)`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `phone-${name}-form.png`) });
  if ((await result.locator("h2").count()) > 0) {
    await page.evaluate((tool) => document.getElementById(`${tool}-result`).scrollIntoView(), id);
    await page.screenshot({ path: join(SHOTS, `phone-${name}-result.png`) });
  }
  await page.setViewportSize(DESKTOP);
}

describe("the page", () => {
  let page;
  before(async () => {
    page = await openPage();
  });
  after(async () => {
    assert.deepEqual(page.errors, [], "no script errors");
    await page.close();
  });

  test("loads in Chinese with the engine, offers each calculator whose API the build has, and says nothing leaves the browser", async () => {
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    assert.equal(await page.title(), "民政待遇测算");
    assert.match(await page.textContent("#household-title"), /家庭救助测算/);
    assert.match(await page.textContent(".privacy"), /不会发送到任何地方/);
    assert.match(await page.textContent("#engine-version"), /^\d+\.\d+\.\d+/);
    const apis = await page.evaluate(() => import("./pkg/minzheng.js").then((m) => m.apiNames()));
    for (const tool of TOOLS) assert.equal(offered.has(tool.id), apis.includes(tool.api), `${tool.id} offered iff ${tool.api} exists`);
    const nav = await page.locator("#tools-nav a").allTextContents();
    assert.equal(nav.length, offered.size > 1 ? offered.size : 0);
  });

  test("every control has a label tied to it, and every text is in the dictionary", async () => {
    for (const tool of TOOLS.filter((x) => offered.has(x.id))) {
      await page.evaluate((id) => (location.hash = id), tool.id);
      // Open every closed section so its fields are checked as shown.
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    }
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => el.labels.length === 0 && !el.getAttribute("aria-label"))
        .map((el) => el.name || el.id),
    );
    assert.deepEqual(unlabelled, []);
    const keys = await page.evaluate(() =>
      [...document.querySelectorAll("label, legend, summary, option, button, h2, h3, p, a")]
        .map((el) => el.textContent.trim())
        .filter((text) => /^[a-z_]+(\.[a-z_]+)+$/.test(text)),
    );
    assert.deepEqual(keys, [], "texts missing from i18n.js");
  });

  for (const tool of TOOLS) {
    describe(`${tool.id} (${tool.api})`, () => {
      for (const vector of vectors.filter((v) => (v.api ?? "calculate") === tool.api)) {
        test(`golden vector ${vector.file}`, async (t) => {
          if (!offered.has(tool.id)) return t.skip(`the build has no ${tool.api}`);
          if (!("request" in vector)) return t.skip("raw JSON text: not something a form produces");
          try {
            await enter(page, tool, vector.request);
          } catch (e) {
            if (e instanceof Unrepresentable) return t.skip(`not expressible in the form: ${e.message}`);
            throw e;
          }
          if (vector.expect_error) {
            await assertErrorShown(page, tool.id, vector.expect_error);
          } else if (tool.id === "household") {
            compareHousehold(await shown(page), vector.expect);
          } else {
            await compareMarked(page, tool, vector.expect);
          }
        });
      }
    });
  }

  test("household: an amount that is not money is reported next to its field, and correcting it works", async () => {
    const request = {
      calculation_date: "2025-07-01",
      household: {
        district: "haizhu",
        area: "urban",
        members: [
          { id: "本人", age: 50, hukou: "guangzhou", income: { wages: "1000" } },
          { id: "配偶", age: 48, hukou: "guangzhou", income: { wages: "12.345" } },
        ],
      },
    };
    await enter(page, TOOLS[0], request);
    const path = "household.members[1].income.wages";
    await assertErrorShown(page, "household", { code: "invalid_money", path });
    const err = await fieldError(page, path);
    assert.match(err.text, /最多两位小数/);
    assert.match(await page.textContent("#household .error-summary"), /配偶/);
    await page.locator(sel(path)).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "desktop-household-error.png") });
    await page.setViewportSize(PHONE);
    await page.locator(sel(path)).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "phone-household-error.png") });
    await page.setViewportSize(DESKTOP);

    await page.fill(sel(path), "300");
    await page.click("#household button[type=submit]");
    await page.waitForSelector("#household-result h2");
    const fixed = await fieldError(page, path);
    assert.equal(fixed.invalid, null, "aria-invalid cleared");
    assert.ok(!fixed.visible, "message cleared");
    // 1309 × 2 − 1300 = 1318
    sameAmount((await shown(page)).programmes[0].monthly, "1318.00", "dibao after correction");
  });

  test("household: a rich result at desktop and phone width", async () => {
    const vector = vectors.find((v) => v.file === "summary_per_person_and_household.json" && !tryPlan(TOOLS[0], v.request)) ??
      vectors.find((v) => v.file === "dibao_single_person_in_marginal_household.json");
    await enter(page, TOOLS[0], vector.request);
    await screenshots(page, "household");
  });

  for (const [id, file] of [
    ["care_home", "care_home_bill_dibao_with_ltc.json"],
    ["assessment", "assessment_gbt_dementia_one_level_up.json"],
    ["star", "star_builtin_level3_gap_to_level4.json"],
  ]) {
    test(`${id}: screenshots at desktop and phone width`, async (t) => {
      if (!offered.has(id)) return t.skip(`the build has no ${id}`);
      const vector = vectors.find((v) => v.file === file);
      if (!vector) return t.skip(`no vector ${file}`);
      await enter(page, TOOLS.find((x) => x.id === id), vector.request);
      await screenshots(page, id);
    });
  }

  test("an error in each other calculator lands next to its field", async (t) => {
    // The built-in card's item 交通便捷度 has a maximum of 15 points; 16 is out of range.
    const base = vectors.find((v) => v.file === "star_builtin_level3_gap_to_level4.json")?.request;
    const starAbove = base && { ...base, scores: { ...base.scores, "environment.transport": "16" } };
    const cases = [
      ["care_home", { calculation_date: "2025-07-01", resident: { group: "general", room_type: "double", ability_level: "mild" }, ltc: { scheme: "employee", grade: 2 }, other_subsidies: [{ name: "区补贴", amount: "-5" }] }, { code: "negative_amount", path: "other_subsidies[0].amount" }],
      ["star", starAbove, { code: "out_of_range", path: "scores.environment.transport" }],
    ];
    for (const [id, request, error] of cases) {
      if (!offered.has(id) || !request) continue;
      const tool = TOOLS.find((x) => x.id === id);
      await enter(page, tool, request);
      await assertErrorShown(page, id, error);
      if (id === "star") await screenshots(page, id, `${id}-error`);
    }
    if (!offered.has("care_home") && !offered.has("star")) t.skip("no other calculator in this build");
  });

  test("the English switch relabels the page and the result, keeping the answers", async () => {
    const request = vectors.find((v) => v.file === "dibao_eligible_two_members.json").request;
    await enter(page, TOOLS[0], request);
    await page.click("#lang-switch");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.textContent("#household-title"), "Household assistance check");
    assert.equal(await page.inputValue(sel("household.members[0].income.wages")), "1500");
    const view = await shown(page);
    assert.equal(view.programmes[0].name, "Minimum living allowance (dibao)");
    assert.equal(view.programmes[0].statusText, "Eligible");
    sameAmount(view.programmes[0].monthly, "1118.00", "dibao in English");
    await page.locator("#household-result").screenshot({ path: join(SHOTS, "desktop-household-result-en.png") });
    await page.click("#lang-switch");
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    assert.equal((await shown(page)).programmes[0].name, "最低生活保障");
  });

  test("keyboard: adding a member moves focus to it, Enter submits, focus goes to the result", async () => {
    await page.evaluate(() => (location.hash = "household"));
    await page.click("#household button.reset");
    await page.focus("#household button.add-member");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "household.members[1].id");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "删除成员 1");
    await page.focus(sel("household.district"));
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "household.area");
    await page.selectOption(sel("household.district"), "liwan");
    await page.fill(sel("calculation_date"), "2025-07-01");
    await page.focus(sel("household.members[0].age"));
    await page.keyboard.type("30");
    await page.focus(sel("household.members[1].age"));
    await page.keyboard.type("5");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#household-result h2");
    assert.equal(await page.evaluate(() => document.activeElement.id), "household-result-h");
    // Two members without income: 1309 × 2 = 2618.
    sameAmount((await shown(page)).programmes[0].monthly, "2618.00", "dibao");
  });
});

function tryPlan(tool, request) {
  try {
    plan(tool, request);
    return null;
  } catch (e) {
    return e;
  }
}

describe("phone width", () => {
  test("the page opens in English from ?lang=en and fits a phone", async () => {
    const page = await openPage(PHONE, "?lang=en");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `overflow ${overflow}px`);
    await page.screenshot({ path: join(SHOTS, "phone-page-en.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

test("each form only sends fields its API's request schema has", () => {
  for (const tool of TOOLS) {
    const file = tool.api === "calculate" ? "request.schema.json" : `${tool.api}.request.schema.json`;
    let schema;
    try {
      schema = JSON.parse(readFileSync(join(root, "schema", file), "utf8"));
    } catch {
      continue; // no schema for this API (yet): nothing to check against
    }
    const resolveRef = (s) => (s?.$ref ? schema.$defs[s.$ref.split("/").pop()] : s);
    // Whether the keys lead somewhere from schema `s`, trying every alternative of a oneOf/anyOf.
    const has = (s, keys) => {
      s = resolveRef(s);
      if (!s) return false;
      if (keys.length === 0) return true;
      if ((s.anyOf ?? s.oneOf ?? []).some((alt) => has(alt, keys))) return true;
      const [key, ...rest] = keys;
      if (key === "[]") return has(s.items, rest);
      if (key === "*") return typeof s.additionalProperties === "object" && has(s.additionalProperties, rest);
      return has(s.properties?.[key], rest);
    };
    const missing = tool.form.WIRE_PATHS.filter((path) => !has(schema, path.replaceAll("[]", ".[]").split(".")));
    assert.deepEqual(missing, [], `${tool.id}: form fields not in schema/${file}`);
  }
});

/**
 * The text a resident sees, with every closed section opened except the technical details (and
 * the language switch, which is English on purpose): text nodes that are rendered, and
 * placeholders.
 */
async function visibleText(page) {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll("details:not(.tech)")) d.open = true;
    const skip = (el) => el.closest("details.tech, #lang-switch, script, style, noscript");
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !el.checkVisibility() || !n.textContent.trim()) continue;
      texts.push(n.textContent);
    }
    for (const el of document.querySelectorAll("input[placeholder]")) if (!skip(el) && el.checkVisibility()) texts.push(el.placeholder);
    return texts.join("\n");
  });
}

/** Standard names, an appendix clause (B.1), an official unified number, file formats and CPI are Chinese usage. */
const ALLOWED_LATIN = /^(GB|T|MZ|CPI|JSON|PDF|[A-Z](?:\.\d+)*|[A-Z]{2}\d{6,})$/;

/** ASCII identifier-like tokens and English sentences in a text meant to be Chinese. */
function codeWords(text) {
  const bad = new Set();
  for (const [token] of text.matchAll(/[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z]/g)) if (!ALLOWED_LATIN.test(token)) bad.add(token);
  for (const [sentence] of text.matchAll(/[A-Za-z]{2,}(?:[ ,;]+[A-Za-z]{2,}){2,}/g)) bad.add(sentence);
  return [...bad];
}

/** Fills the household form as a resident would (Chinese names), from a fresh form. */
async function fillHousehold(page, { date, district = "tianhe", members }) {
  await page.evaluate(() => (location.hash = "household"));
  await page.click("#household button.reset");
  if (date) await page.fill(sel("calculation_date"), date);
  await page.selectOption(sel("household.district"), district);
  for (let i = 1; i < members.length; i++) await page.click("#household button.add-member");
  for (const [i, m] of members.entries()) {
    for (const [key, value] of Object.entries(m)) {
      const target = page.locator(sel(`household.members[${i}].${key}`));
      if (!(await target.isVisible())) await openSection(target);
      if (typeof value === "boolean") await target.setChecked(value);
      else if ((await target.evaluate((el) => el.tagName)) === "SELECT") await target.selectOption(value);
      else await target.fill(value);
    }
  }
  await page.click("#household button[type=submit]");
  await page.waitForSelector("#household-result h2, #household .error-summary:not([hidden])");
}

/** A family whose result pays, cannot decide 特困 for the child, and uses an illustrative figure. */
const FAMILY = [
  { id: "本人", age: "45", "income.wages": "800" },
  { id: "配偶", age: "43", "disability.category": "physical", "disability.grade": "2" },
  { id: "孩子", age: "8" },
];

const lastVerified = () => {
  const d = new Date(`${LATEST.expires}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

describe("the resident's view: Chinese throughout, the answer first, what to do next", () => {
  let page;
  before(async () => {
    page = await openPage(PHONE);
  });
  after(async () => {
    assert.deepEqual(page.errors, [], "no script errors");
    await page.close();
  });

  test("the date defaults to the latest with verified figures (yyyy-mm-dd), and a later date gets one banner", async () => {
    const shownDate = await page.inputValue(sel("calculation_date"));
    assert.match(shownDate, /^\d{4}-\d{2}-\d{2}$/, "yyyy-mm-dd");
    const today = new Date().toISOString().slice(0, 10);
    if (LATEST && today > lastVerified()) {
      assert.equal(shownDate, lastVerified());
      assert.match(await page.textContent("#household .date-note"), new RegExp(LATEST.number.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    }
    // Every date field of the page is text in yyyy-mm-dd, not the browser's locale order.
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll("input[type=date]")].length), 0);
    await fillHousehold(page, { date: "2026-12-07", members: FAMILY });
    assert.equal(await page.locator("#household-result .banner").count(), 1, "one banner");
    assert.match(await page.textContent("#household-result .banner"), /尚未收录.*穗民规字〔2025〕2号/);
    assert.equal(await page.locator("#household-result .warnings [data-warning=source_expired]").count(), 0, "not repeated as a warning");
    await page.locator("#household-result .banner").scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById("household-result").scrollIntoView());
    await page.screenshot({ path: join(SHOTS, "phone-household-date-banner.png") });
    await page.setViewportSize(DESKTOP);
    await page.evaluate(() => document.getElementById("household-result").scrollIntoView());
    await page.screenshot({ path: join(SHOTS, "desktop-household-date-banner.png") });
    await page.setViewportSize(PHONE);
  });

  test("the answer first: what pays and the total at the top, the zero ones folded with their reasons", async () => {
    await fillHousehold(page, { date: "2025-07-01", members: FAMILY });
    const layout = await page.evaluate(() => {
      const out = document.getElementById("household-result");
      const top = (el) => el.getBoundingClientRect().top - out.getBoundingClientRect().top;
      const answer = out.querySelector(".answer");
      return {
        answerTop: top(answer),
        firstCardTop: top(out.querySelector("li.programme")),
        paying: [...answer.querySelectorAll("[data-answer]")].map((li) => li.dataset.answer),
        total: answer.querySelector("[data-testid=monthly-total]")?.dataset.amount,
        folded: [...out.querySelectorAll("details.folded li.programme")].map((li) => [li.dataset.status, li.querySelector(".monthly [data-amount]").dataset.amount, Boolean(li.querySelector("[data-reason]"))]),
        shown: [...out.querySelectorAll(":scope > ul.programmes > li.programme")].map((li) => li.dataset.programme),
        apply: out.querySelector("#household-apply")?.textContent ?? "",
      };
    });
    assert.ok(layout.answerTop < 200, `the answer is at the top of the result (${layout.answerTop}px)`);
    assert.ok(layout.answerTop < layout.firstCardTop);
    assert.ok(layout.paying.includes("dibao") && layout.paying.includes("disability_care_subsidy"), `paying: ${layout.paying}`);
    assert.equal(layout.shown[0], layout.paying[0], "the cards start with what pays");
    assert.ok(layout.total && Number(layout.total) > 0);
    assert.ok(layout.folded.length > 0, "zero ones are folded");
    for (const [status, value, hasReason] of layout.folded) {
      assert.notEqual(status, "undetermined");
      assert.equal(value, "0.00");
      assert.ok(hasReason, "each folded programme says why");
    }
    // The table by member aligns: every amount, the totals included, ends at the same edge.
    const edges = await page.evaluate(() => [...document.querySelectorAll("#household-result table.summary td.num .amount")].map((a) => Math.round(a.getBoundingClientRect().right)));
    assert.ok(edges.length >= 3 && edges.every((x) => Math.abs(x - edges[0]) <= 1), `amounts aligned: ${edges}`);
    assert.match(layout.apply, /乡镇人民政府（街道办事处）/);
    assert.match(layout.apply, /最低生活保障审核确认办法/);
    await page.click('#household-result .answer a[href="#household-apply"]');
    assert.equal(await page.evaluate(() => document.getElementById("household-apply").open && document.activeElement.closest("#household-apply") !== null), true, "how to apply opens and has focus");
    await page.evaluate(() => document.getElementById("household-result").scrollIntoView());
    await page.screenshot({ path: join(SHOTS, "phone-household-answer.png") });
    await page.setViewportSize(DESKTOP);
    await page.evaluate(() => document.getElementById("household-result").scrollIntoView());
    await page.screenshot({ path: join(SHOTS, "desktop-household-answer.png") });
    await page.setViewportSize(PHONE);
  });

  test("illustrative figures are flagged where the amounts are shown", async () => {
    const flags = await page.evaluate(() => {
      const out = document.getElementById("household-result");
      const card = out.querySelector('li.programme[data-programme="dibao"]');
      return {
        illustrative: card.hasAttribute("data-illustrative"),
        answer: Boolean(out.querySelector('[data-answer="dibao"] [data-illustrative-flag]')),
        summary: Boolean(out.querySelector('tr[data-summary-line="dibao.top_up"] [data-illustrative-flag]')),
        card: Boolean(card.querySelector(".monthly [data-illustrative-flag]")),
      };
    });
    assert.equal(flags.illustrative, true, "the dibao result rests on the illustrative asset limit");
    assert.deepEqual(flags, { illustrative: true, answer: true, summary: true, card: true });
  });

  test("a cannot-decide says which answer is missing and takes the resident to it", async () => {
    await fillHousehold(page, { date: "2025-07-01", members: FAMILY });
    const pending = page.locator('#household-result .answer [data-pending="tekun"]');
    assert.equal(await pending.count(), 1, "特困 waits for an answer");
    assert.match(await pending.textContent(), /法定义务人/);
    const asks = await pending.locator("button[data-ask]").evaluateAll((bs) => bs.map((b) => b.dataset.ask));
    // The spouse (grade 2 physical) and the child cannot work and have no means: their supporters
    // decide it; the applicant (45, working) is not asked.
    assert.deepEqual(asks, ["household.members[1].supporters", "household.members[2].supporters"]);
    await pending.locator('button[data-ask="household.members[2].supporters"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "household.members[2].supporters");
    await page.selectOption(sel("household.members[2].supporters"), "able");
    await page.selectOption(sel("household.members[1].supporters"), "able");
    await page.click("#household button[type=submit]");
    await page.waitForSelector("#household-result h2");
    assert.equal(await page.getAttribute('#household-result li.programme[data-programme="tekun"]', "data-status"), "not_eligible");
    // Sections not asked (folded with the programmes that pay nothing): the buttons take the
    // resident to the question.
    await page.click("#household-result details.folded > summary");
    const backPay = page.locator('#household-result li.programme[data-programme="dibao_back_pay"] button[data-ask]');
    await backPay.click();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "back_pay.previous_standard");
  });

  test("no code word or English sentence in the visible Chinese text", async () => {
    const seen = {};
    await fillHousehold(page, { date: "2026-12-07", members: FAMILY });
    seen["household result (a later date)"] = codeWords(await visibleText(page));
    // An error the engine words in English (a missing field), shown in Chinese.
    await fillHousehold(page, { date: "2025-07-01", members: [{ id: "本人", age: "72", "meal_aid.meals": "20" }] });
    assert.ok(await page.isVisible("#household .error-summary"), "the error is shown");
    seen["household error"] = codeWords(await visibleText(page));
    for (const [id, file] of [
      ["care_home", "care_home_bill_dibao_with_ltc.json"],
      ["assessment", "assessment_gbt_dementia_one_level_up.json"],
      ["star", "star_builtin_level3_gap_to_level4.json"],
    ]) {
      if (!offered.has(id)) continue;
      await enter(page, TOOLS.find((x) => x.id === id), vectors.find((v) => v.file === file).request);
      seen[id] = codeWords(await visibleText(page));
    }
    const about = await openPage(DESKTOP, "about.html");
    seen.about = codeWords(await visibleText(about));
    await about.close();
    for (const [where, words] of Object.entries(seen)) assert.deepEqual(words, [], `${where}: code words in the Chinese page`);
  });

  test("input: all errors at once, in Chinese next to their fields with the allowed range; full-width digits and 元 accepted", async () => {
    await fillHousehold(page, {
      date: "2025-02-30",
      members: [
        { id: "本人", age: "１５１", "income.wages": "12.345" },
        { id: "配偶", age: "40", "meal_aid.meals": "70" },
      ],
    });
    const errors = await page.evaluate(() =>
      [...document.querySelectorAll("#household [aria-invalid=true]")].map((el) => [el.dataset.path, document.getElementById(`${el.id}-error`).textContent]),
    );
    assert.deepEqual(
      errors.map(([p]) => p),
      ["calculation_date", "household.members[0].age", "household.members[0].income.wages", "household.members[1].meal_aid.meals"],
    );
    const text = Object.fromEntries(errors);
    assert.match(text["household.members[0].age"], /超出允许范围.*0–150/);
    assert.match(text["household.members[1].meal_aid.meals"], /0–62/);
    assert.match(text["household.members[0].income.wages"], /最多两位小数/);
    assert.match(text.calculation_date, /有效日期/);
    assert.match(await page.textContent("#household .error-summary"), /共4处/);
    assert.deepEqual(codeWords(await visibleText(page)), [], "code words next to the errors");
    await page.screenshot({ path: join(SHOTS, "phone-household-errors.png") });
    await page.setViewportSize(DESKTOP);
    await page.locator("#household .error-summary").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "desktop-household-errors.png") });
    await page.setViewportSize(PHONE);
    // Full-width digits, 元 and a date with slashes are what a resident types: accepted.
    await fillHousehold(page, { date: "２０２５/７/１", members: [{ id: "本人", age: "４０岁", "income.wages": "８００元" }] });
    assert.ok(await page.isVisible("#household-result h2"), "calculated");
    // 1309 − 800 = 509
    sameAmount((await shown(page)).programmes.find((p) => p.programme === "dibao").monthly, "509.00", "dibao");
  });

  test("save and share keep the data on the device: a JSON file, a link fragment, a print layout", async () => {
    await fillHousehold(page, { date: "2025-07-01", members: FAMILY });
    const total = await page.getAttribute("#household-result [data-testid=monthly-total]", "data-amount");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('#household-result [data-save="json"]')]);
    const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.equal(saved.tool, "household");
    assert.equal(saved.result.monthly_total, total);
    assert.equal(saved.request.calculation_date, "2025-07-01");
    await page.click('#household-result [data-save="link"]');
    const link = await page.inputValue("#household-result [data-share-link]");
    assert.match(link, /#household=[A-Za-z0-9_-]+$/);
    const before = requests.length;
    const shared = await context.newPage();
    loaded = false; // a new page loads its files
    await shared.goto(link);
    await shared.waitForSelector("#household-result h2", { timeout: 20_000 });
    loaded = true;
    assert.equal(await shared.getAttribute("#household-result [data-testid=monthly-total]", "data-amount"), total, "the link recalculates the same");
    assert.equal(await shared.inputValue(sel("household.members[2].id")), "孩子");
    const sent = requests.slice(before).filter((r) => r.url.includes("household="));
    assert.deepEqual(sent, [], "the answers in the fragment were in no request");
    await shared.close();
    // The saved file opens again, on the device.
    await page.click("#household button.reset");
    await page.setInputFiles("#household input[type=file]", await download.path());
    await page.waitForSelector("#household-result h2");
    assert.equal(await page.getAttribute("#household-result [data-testid=monthly-total]", "data-amount"), total);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.isVisible("#household form"), false, "print: no form");
    assert.ok(await page.isVisible("#household-result .answer"), "print: the answer");
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: join(SHOTS, "desktop-household-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize(PHONE);
  });

  test("star: occupancy is asked as a percentage; care-home sample tariffs and star thresholds are flagged as illustrative", async (t) => {
    if (!offered.has("star") || !offered.has("care_home")) return t.skip("the build lacks a calculator");
    await enter(page, TOOLS.find((x) => x.id === "star"), vectors.find((v) => v.file === "star_builtin_level3_gap_to_level4.json").request);
    assert.match(await page.textContent('label[for="f-star-occupancy"]'), /%/);
    assert.ok((await page.locator("#star-result [data-illustrative-flag]").count()) > 0, "star levels flagged");
    await page.screenshot({ path: join(SHOTS, "phone-star-percent.png") });
    await enter(page, TOOLS.find((x) => x.id === "care_home"), { calculation_date: "2025-07-01", resident: { group: "general", room_type: "double", ability_level: "mild" } });
    assert.ok((await page.locator("#care_home-result .line-items [data-illustrative-flag]").count()) > 0, "sample tariff charges flagged");
  });

  test("the income path: a chart of the monthly total over the wages, marking where each programme starts or ends", async () => {
    // The chart is drawn from the engine's benefit-cliff response (core/src/batch/cliff.rs).
    // Until the WASM package has `cliff`, it is drawn from a response of the core's own
    // cliff_json, kept as a fixture; with `cliff` in the build, the page offers it after a
    // calculation and the same checks run on the engine's answer.
    const fixture = JSON.parse(readFileSync(join(root, "examples/portal/tests/fixtures/cliff-wages.json"), "utf8"));
    const hasCliff = await page.evaluate(() => import("./pkg/minzheng.js").then((m) => m.apiNames().includes("cliff")));
    let drawn;
    if (hasCliff) {
      await fillHousehold(page, { date: "2025-07-01", members: [...FAMILY.slice(0, 2), { ...FAMILY[2], supporters: "able" }] });
      await page.click("#household-result [data-income-path-button]");
      await page.waitForSelector("#household-result [data-income-path]");
      drawn = "#household-result [data-income-path]";
    } else {
      await page.evaluate(() => (location.hash = "household"));
      await page.evaluate(async (cliff) => {
        const { incomePathChart } = await import("./chart.js");
        const host = document.createElement("section");
        host.id = "chart-check";
        host.className = "tool";
        host.append(Object.assign(document.createElement("h3"), { id: "income-path-h", textContent: "如果工资增加，待遇会怎样？" }));
        host.append(incomePathChart(cliff, { dibao: "最低生活保障", dibao_marginal: "低保边缘家庭" }, "800"));
        document.getElementById("household").prepend(host);
      }, fixture.response);
      drawn = "#chart-check [data-income-path]";
    }
    const view = await page.evaluate((sel) => {
      const fig = document.querySelector(sel);
      return {
        points: Number(fig.querySelector("polyline").dataset.points),
        marks: [...fig.querySelectorAll("g.mark")].map((g) => [g.dataset.change, g.dataset.at, g.classList.contains("end") ? "end" : "start"]),
        items: [...fig.querySelectorAll("figcaption li")].map((li) => li.textContent),
        text: fig.textContent,
      };
    }, drawn);
    const expected = fixture.response.changes.filter((c) => (c.status_before === "eligible") !== (c.status_after === "eligible"));
    if (!hasCliff) {
      assert.equal(view.points, fixture.response.points.length + 2 * fixture.response.changes.length, "every grid point and both sides of each change");
      assert.deepEqual(view.marks, expected.map((c) => [c.programme, c.at, c.status_after === "eligible" ? "start" : "end"]));
      assert.ok(view.items.some((x) => /工资达到5,890.5元时：最低生活保障停止/.test(x)), view.items.join(" | "));
    }
    assert.ok(view.marks.length > 0 && view.marks.length === view.items.length, "each mark is also said in words");
    assert.deepEqual(codeWords(view.text), [], "the chart's text is Chinese");
    await page.locator(drawn).scrollIntoViewIfNeeded();
    await page.locator(drawn).screenshot({ path: join(SHOTS, "phone-household-income-path.png") });
    await page.setViewportSize(DESKTOP);
    await page.locator(drawn).screenshot({ path: join(SHOTS, "desktop-household-income-path.png") });
    await page.setViewportSize(PHONE);
    await page.evaluate(() => document.getElementById("chart-check")?.remove());
  });

  test("the about page: every figure from the parameter data, counts by status, at phone and desktop width", async () => {
    const about = await openPage(PHONE, "about.html");
    const values = FIGURES.parameters.reduce((n, p) => n + p[4].length, 0);
    assert.equal(await about.locator("table.figures tbody tr").count(), values, "one row per dated value");
    assert.equal(await about.locator("section.figure").count(), FIGURES.parameters.length);
    assert.match(await about.textContent(".counts"), new RegExp(`已核实 ${FIGURES.counts.verified}`));
    const overflow = await about.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await about.screenshot({ path: join(SHOTS, "phone-about.png") });
    await about.setViewportSize(DESKTOP);
    await about.screenshot({ path: join(SHOTS, "desktop-about.png") });
    assert.deepEqual(about.errors, []);
    await about.close();
  });
});

// Last, after every page of the tests: requests of each page after it had loaded.
describe("privacy", () => {
  test("every request went to 127.0.0.1, and none after the page had loaded", () => {
    assert.ok(requests.length > 0, "requests were recorded");
    const elsewhere = requests.filter((r) => !r.url.startsWith(`${server.origin}/`) && !r.url.startsWith("data:"));
    assert.deepEqual(elsewhere, [], "requests off 127.0.0.1");
    // data: URLs (the page's icon, a saved file) are not requests to anywhere.
    const late = requests.filter((r) => r.afterLoad && !r.url.startsWith("data:"));
    assert.deepEqual(late, [], "requests after load");
  });
});
