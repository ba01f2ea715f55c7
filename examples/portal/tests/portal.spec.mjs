// End-to-end test of the portal page in a real browser: playwright-core driving the system
// Chromium (/usr/bin/chromium; no browser download) against the page staged in target/portal/
// and served on 127.0.0.1 on a free port.
//
//   node --test examples/portal/tests/portal.spec.mjs      (scripts/test-portal.sh runs it)
//
// - Every golden vector of the `calculate` API that the household form can express is entered
//   through the form, like a resident would, and the amounts, statuses, reasons and warnings the
//   page shows are compared with the vector's expectations (to the fen); error vectors must show
//   their message next to the field their path names. Vectors the form cannot express (a
//   fractional JSON number, a district outside the list, a field the form does not ask) are
//   skipped with the reason.
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
import { WIRE_PATHS } from "../forms/household.js";
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

/** Opens the page (in Chinese unless `lang` is given) and waits for the engine. */
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
  return page;
}

const sel = (path) => `[data-path="${path}"]`;

class Unrepresentable extends Error {}

const isDate = (s) => {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

/** The leaves of a request: [path, value] with member indices, nulls left out. */
function leaves(value, path = "", out = []) {
  if (value === null) return out;
  if (Array.isArray(value)) {
    if (path !== "household.members") throw new Unrepresentable(`${path} is a list the form does not ask`);
    value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  } else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else {
    out.push([path, value]);
  }
  return out;
}

/**
 * What the form needs to express a request: the number of members and [path, value] pairs, or
 * throws Unrepresentable with the reason. Which fields the form asks comes from the form itself
 * (WIRE_PATHS); whether a value fits its control is checked when it is entered.
 */
function plan(request) {
  if (!request || typeof request !== "object" || Array.isArray(request)) throw new Unrepresentable("the request is not an object");
  const members = request.household?.members;
  if (!Array.isArray(members) || members.length === 0) throw new Unrepresentable("the form always has at least one member");
  const known = new Set(WIRE_PATHS);
  const entries = leaves(request);
  for (const [path] of entries) {
    if (!known.has(path.replace(/\[\d+\]/g, "[]"))) throw new Unrepresentable(`${path} is not asked by the form`);
  }
  for (const m of members) {
    if (m && typeof m === "object" && m.disability && m.disability.category === undefined) {
      throw new Unrepresentable("a disability grade without a category");
    }
  }
  return { members: members.length, entries };
}

/** Enters a request through the form (starting from a clean form) and submits it. */
async function enter(page, request) {
  const { members, entries } = plan(request);
  await page.click("#household button.reset");
  for (let i = 1; i < members; i++) await page.click("#household button.add-member");
  // The explanation box is ticked by default; a request without options wants it ticked.
  if (!entries.some(([p]) => p === "options.explain")) entries.push(["options.explain", true]);
  for (const [path, value] of entries) {
    const target = page.locator(sel(path));
    const kind = await target.evaluate((el) => (el.tagName === "SELECT" ? "select" : el.type));
    if (kind === "checkbox") {
      if (typeof value !== "boolean") throw new Unrepresentable(`${path}: ${JSON.stringify(value)} is not a tick`);
      if (!(await target.isVisible())) await openSection(target);
      await target.setChecked(value);
      continue;
    }
    const text = typeof value === "string" ? value : Number.isInteger(value) ? String(value) : null;
    if (text === null) throw new Unrepresentable(`${path}: ${JSON.stringify(value)} cannot be typed`);
    if (kind === "select") {
      const offered = await target.evaluate((el, v) => [...el.options].some((o) => o.value === v), text);
      if (!offered) throw new Unrepresentable(`${path}: ${text} is not offered`);
      if (!(await target.isVisible())) await openSection(target);
      await target.selectOption(text);
    } else {
      if (kind === "date" && !isDate(text)) throw new Unrepresentable(`${path}: ${text} is not a date a date field holds`);
      if (!(await target.isVisible())) await openSection(target);
      await target.fill(text);
    }
  }
  await page.click("#household button[type=submit]");
  await page.waitForSelector("#household-result h2, #household .error-summary:not([hidden])");
}

/** Opens the closed sections around a control, as a resident would (by clicking their summaries). */
async function openSection(target) {
  for (let depth = 0; depth < 3 && !(await target.isVisible()); depth++) {
    const closed = target.locator("xpath=ancestor::details[not(@open)][last()]/summary");
    if ((await closed.count()) === 0) break;
    await closed.click();
  }
}

/** The result as the page shows it. */
async function shown(page) {
  return page.evaluate(() => {
    const out = document.getElementById("household-result");
    const amountOf = (el) => el && { data: el.dataset.amount, text: el.querySelector("strong").textContent };
    return {
      total: amountOf(out.querySelector("[data-testid=monthly-total]")),
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

/** Compares the page with a vector's `expect` (the subset rules of tests/vectors/README.md). */
function compare(view, expect) {
  if ("monthly_total" in expect) sameAmount(view.total, expect.monthly_total, "monthly total");
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

/** The error shown for a field, as a screen reader would get it. */
async function fieldError(page, path) {
  return page.evaluate((p) => {
    const el = document.querySelector(`[data-path="${p}"]`);
    if (!el) return null;
    const slot = document.getElementById(`${el.id}-error`);
    return {
      invalid: el.getAttribute("aria-invalid"),
      describedBy: (el.getAttribute("aria-describedby") ?? "").split(/\s+/),
      slotId: slot?.id,
      visible: slot ? !slot.hidden && slot.offsetParent !== null : false,
      text: slot?.textContent ?? "",
      focused: document.activeElement === el,
    };
  }, path);
}

const calculateVectors = vectors.filter((v) => (v.api ?? "calculate") === "calculate");

describe("household benefit check", () => {
  let page;
  before(async () => {
    page = await openPage();
  });
  after(async () => {
    assert.deepEqual(page.errors, [], "no script errors");
    await page.close();
  });

  test("the page loads in Chinese with the engine, and says nothing leaves the browser", async () => {
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    assert.equal(await page.title(), "民政待遇测算");
    assert.match(await page.textContent("#household-title"), /家庭救助测算/);
    assert.match(await page.textContent(".privacy"), /不会发送到任何地方/);
    assert.match(await page.textContent("#engine-version"), /^\d+\.\d+\.\d+/);
  });

  test("every control has a label tied to it", async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => el.labels.length === 0 && !el.getAttribute("aria-label"))
        .map((el) => el.name || el.id),
    );
    assert.deepEqual(unlabelled, []);
    // Every text the page shows exists in the dictionary (a missing one shows as its key).
    const keys = await page.evaluate(() =>
      [...document.querySelectorAll("label, legend, summary, option, button, h2, h3, p")]
        .map((el) => el.textContent.trim())
        .filter((text) => /^[a-z_]+(\.[a-z_]+)+$/.test(text)),
    );
    assert.deepEqual(keys, [], "texts missing from i18n.js");
  });

  for (const vector of calculateVectors) {
    test(`golden vector ${vector.file}`, async (t) => {
      if (!("request" in vector)) return t.skip("raw JSON text: not something a form produces");
      try {
        await enter(page, vector.request);
      } catch (e) {
        if (e instanceof Unrepresentable) return t.skip(`not expressible in the form: ${e.message}`);
        throw e;
      }
      if (vector.expect_error) {
        await assertErrorShown(page, "household", vector.expect_error);
        return;
      }
      compare(await shown(page), vector.expect);
    });
  }

  test("an amount that is not money is reported next to its field, and correcting it works", async () => {
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
    await enter(page, request);
    const path = "household.members[1].income.wages";
    const err = await fieldError(page, path);
    assert.equal(err.invalid, "true");
    assert.ok(err.visible && err.focused);
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
    const after = await fieldError(page, path);
    assert.equal(after.invalid, null, "aria-invalid cleared");
    assert.ok(!after.visible, "message cleared");
    // 1309 × 2 − 1300 = 1318
    const view = await shown(page);
    sameAmount(view.programmes[0].monthly, "1318.00", "dibao after correction");
  });

  test("a rich result: screenshots at desktop and phone width, readable without sideways scrolling", async () => {
    const vector = vectors.find((v) => v.file === "dibao_single_person_in_marginal_household.json") ?? calculateVectors.find((v) => v.expect);
    await enter(page, vector.request);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "desktop-household-form.png") });
    await page.locator("#household-result .programme details.steps").first().evaluate((d) => (d.open = true));
    await page.locator("#household-result").screenshot({ path: join(SHOTS, "desktop-household-result.png") });
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at ${PHONE.width}px (overflow ${overflow}px)`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "phone-household-form.png") });
    await page.locator("#household-result h2").scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById("household-result").scrollIntoView());
    await page.screenshot({ path: join(SHOTS, "phone-household-result.png") });
    await page.setViewportSize(DESKTOP);
  });

  test("the English switch relabels the page and the result, keeping the answers", async () => {
    const request = vectors.find((v) => v.file === "dibao_eligible_two_members.json").request;
    await enter(page, request);
    await page.click("#lang-switch");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.textContent("#household-title"), "Household assistance check");
    assert.equal(await page.inputValue(sel("household.members[0].income.wages")), "1500");
    const view = await shown(page);
    assert.equal(view.programmes[0].name, "Minimum living allowance (dibao)");
    assert.equal(view.programmes[0].statusText, "Eligible");
    sameAmount(view.programmes[0].monthly, "1118.00", "dibao in English");
    await page.locator("#household-result").screenshot({ path: join(SHOTS, "desktop-household-en.png") });
    await page.click("#lang-switch");
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    assert.equal((await shown(page)).programmes[0].name, "最低生活保障");
  });

  test("keyboard: adding a member moves focus to it, Enter submits, focus goes to the result", async () => {
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
    await page.screenshot({ path: join(SHOTS, "phone-household-en.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

test("the form only sends fields the request schema has", () => {
  const schema = JSON.parse(readFileSync(join(root, "schema/request.schema.json"), "utf8"));
  const resolveRef = (s) => (s?.$ref ? schema.$defs[s.$ref.split("/").pop()] : s);
  const child = (s, key) => {
    s = resolveRef(s);
    for (const alt of s?.anyOf ?? s?.oneOf ?? []) {
      const found = child(alt, key);
      if (found) return found;
    }
    if (key === "[]") return s?.items;
    return s?.properties?.[key];
  };
  const missing = WIRE_PATHS.filter((path) => {
    let s = schema;
    for (const key of path.replaceAll("[]", ".[]").split(".")) {
      s = child(s, key);
      if (!s) return true;
    }
    return false;
  });
  assert.deepEqual(missing, [], "form fields not in schema/request.schema.json");
});
