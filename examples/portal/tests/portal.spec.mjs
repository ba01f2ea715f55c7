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
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.errors = errors;
  await page.goto(`${server.origin}/${query}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  loaded = true;
  offered = new Set(await page.evaluate(() => [...document.querySelectorAll("section.tool")].map((s) => s.id)));
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
      await target.fill(text);
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
    expect.programmes.forEach((p, i) => {
      const card = view.programmes[i];
      const name = p.programme ?? `programme ${i}`;
      if ("programme" in p) assert.equal(card.programme, p.programme);
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
    expect.warnings.forEach((w, i) => {
      if ("code" in w) assert.equal(view.warnings[i].code, w.code);
      if ("parameter" in w) assert.equal(view.warnings[i].parameter, w.parameter ?? "");
    });
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

describe("privacy", () => {
  test("every request went to 127.0.0.1, and none after the page had loaded", () => {
    assert.ok(requests.length > 0, "requests were recorded");
    const elsewhere = requests.filter((r) => !r.url.startsWith(`${server.origin}/`) && !r.url.startsWith("data:"));
    assert.deepEqual(elsewhere, [], "requests off 127.0.0.1");
    const late = requests.filter((r) => r.afterLoad);
    assert.deepEqual(late, [], "requests after load");
  });
});

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
