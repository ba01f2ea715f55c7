// What every calculator form shares: questions as data (one per wire field), reading the answers
// back from the page, turning them into a wire request, and the submit / error / result cycle.
//
// A form keeps no state of its own between renders: `read()` takes the answers from the page,
// `render(state)` draws them (after a change of structure, such as adding a member, or a switch
// of language). Every control carries the wire path the engine names in its errors
// (`data-path`), so an error lands next to its field.

import { ascii, clearErrors, field, h, idFor, inScope, integer, money, showErrors } from "../dom.js";
import { enumLabel, enumValues, errorMessage, has, t } from "../i18n.js";
import { LATEST } from "../latest.js";
import { dayBefore } from "../render.js";

/** Today in the browser's time zone, `YYYY-MM-DD`. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last day whose figures rest on documents still valid (latest.js, generated from the data). */
export const LAST_VERIFIED = LATEST ? dayBefore(LATEST.expires) : null;

/** The date a fresh form calculates for: today, or the last day with verified figures when today is later. */
export function defaultDate() {
  const now = today();
  return LAST_VERIFIED && now > LAST_VERIFIED ? LAST_VERIFIED : now;
}

/**
 * Question kinds and how an answer becomes a wire value (undefined: not sent). `money`,
 * `integer`, `decimal` send what was typed when it is not a plain number, so the engine can name
 * the field in its error.
 */
export const KINDS = {
  text: (v) => (v === "" ? undefined : v),
  date: (v) => (v === "" ? undefined : isoDate(v)),
  select: (v) => (v === "" ? undefined : v),
  number_select: (v) => (v === "" ? undefined : Number(v)),
  bool_select: (v) => (v === "" ? undefined : v === "true"),
  money: (v) => money(v),
  decimal: (v) => (v === "" ? undefined : ascii(v)),
  percent: (v) => (v === "" ? undefined : ascii(v).replace(/%/g, "")),
  /** A share asked as a percentage (45 → "0.45"), exact: the decimal point moves two places. */
  share_percent: (v) => (v === "" ? undefined : percentToShare(ascii(v).replace(/%/g, ""))),
  integer: (v) => integer(v),
  checkbox: (v) => (v ? true : undefined),
  bool_checkbox: (v) => v === true,
  enum_set: (v) => (Array.isArray(v) && v.length ? v : undefined),
};

/** A date as typed (2025-7-1, 2025/07/01, 2025年7月1日, full-width digits) as `YYYY-MM-DD`; else as typed. */
export function isoDate(text) {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(ascii(text));
  return m ? `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}` : text;
}

/** "45" → "0.45", "7.5" → "0.075", exactly (text that is not a number is sent as typed). */
export function percentToShare(text) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const digits = (m[1] + (m[2] ?? "")).replace(/^0+(?=\d)/, "");
  const scale = (m[2] ?? "").length + 2;
  const padded = digits.padStart(scale + 1, "0");
  const whole = padded.slice(0, padded.length - scale);
  const frac = padded.slice(padded.length - scale).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

/** A share as a percentage for the form ("0.45" → "45"). */
export function shareToPercent(text) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(text));
  if (!m) return String(text);
  const frac = (m[2] ?? "").padEnd(2, "0");
  const whole = (m[1] + frac.slice(0, 2)).replace(/^0+(?=\d)/, "");
  const rest = frac.slice(2).replace(/0+$/, "");
  return rest ? `${whole}.${rest}` : whole;
}

/** Checks of an answer by kind, before the engine: [code, range] of the first problem, or null. */
const CHECKS = {
  money(v) {
    const x = money(v);
    if (!/^-?\d+(\.\d+)?$/.test(x)) return ["invalid_money"];
    if (x.startsWith("-") && Number(x) !== 0) return ["negative_amount"];
    if ((x.split(".")[1] ?? "").length > 2 || Number(x) > 1e12) return ["invalid_money"];
    return null;
  },
  integer(v, min, max) {
    const x = integer(v);
    if (typeof x !== "number") return ["invalid_type"];
    if ((min !== undefined && x < Number(min)) || (max !== undefined && x > Number(max))) return ["out_of_range", min, max];
    return null;
  },
  date(v) {
    const x = isoDate(v);
    const d = new Date(`${x}T00:00:00Z`);
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(x) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(x) && x >= "1900-01-01" && x <= "2199-12-31";
    return ok ? null : ["invalid_date"];
  },
};

/**
 * Every answer of `form` that cannot be right, all at once, before the engine sees any: amounts,
 * whole numbers with their allowed range, and dates. Each problem: { code, path, message } with
 * the message in the page's language (and the range when the field has one).
 */
export function checkAnswers(form) {
  const problems = [];
  for (const el of form.querySelectorAll("[data-kind]")) {
    const check = CHECKS[el.dataset.kind];
    const value = el.value.trim();
    if (!check || value === "") continue;
    const found = check(value, el.dataset.min, el.dataset.max);
    if (!found) continue;
    const [code, min, max] = found;
    const range = min !== undefined && max !== undefined ? ` ${t("form.range", { min, max })}` : "";
    problems.push({ code, path: el.dataset.path, message: `${errorMessage(code)}${range}`, local: true });
  }
  return problems;
}

/**
 * A question: its wire key (relative to where it is asked), its kind, and optionally `label`
 * (a text key), `hint` (true: `<label>.hint`), `enum` and `empty` (a text key for the empty
 * choice) for selects, `options` ([[value, text], …]) for selects not backed by an enum,
 * `required`.
 */
export const q = (key, kind, more = {}) => ({ key, kind, ...more });

/** The control for question `x` at wire path `path` with the answer `value`. */
export function question(x, path, value, labelKey = x.label ?? x.key) {
  if (x.kind === "enum_set") return choiceSet(x, path, value, labelKey);
  const hint = x.hint === true && has(`${labelKey}.hint`) ? t(`${labelKey}.hint`) : typeof x.hint === "string" ? x.hint : undefined;
  const kind = /select$/.test(x.kind) ? "select" : ["percent", "decimal", "share_percent"].includes(x.kind) ? "money" : x.kind === "bool_checkbox" ? "checkbox" : x.kind;
  let options;
  if (kind === "select") {
    const list = x.options ?? enumValues(x.enum).map((v) => [v, enumLabel(x.enum, v)]);
    options = [...(x.empty ? [["", t(x.empty)]] : []), ...list];
  }
  const extra = {
    ...(["percent", "decimal", "share_percent"].includes(x.kind) ? { placeholder: x.placeholder ?? "0" } : {}),
    "data-kind": x.kind,
    "data-min": x.min,
    "data-max": x.max,
  };
  return field({
    path,
    label: x.labelText ?? t(labelKey),
    hint,
    kind,
    value: value ?? (kind === "checkbox" ? false : ""),
    options,
    required: x.required,
    extra,
  });
}

/**
 * A set of choices (a list of enum values on the wire, e.g. `["type1"]`): one check box per
 * value, at `<path>.<value>`, in a labelled group.
 */
function choiceSet(x, path, value, labelKey) {
  const chosen = Array.isArray(value) ? value : [];
  const groupId = `${idFor(path)}-set`;
  return h(
    "div",
    { class: "field field-set", role: "group", "aria-labelledby": groupId, "data-set": path },
    h("p", { class: "set-label", id: groupId }, x.labelText ?? t(labelKey)),
    x.hint && has(`${labelKey}.hint`) ? h("p", { class: "hint" }, t(`${labelKey}.hint`)) : null,
    h(
      "div",
      { class: "checks" },
      enumValues(x.enum).map((v) => field({ path: `${path}.${v}`, label: enumLabel(x.enum, v), kind: "checkbox", value: chosen.includes(v) })),
    ),
  );
}

/** Sets `value` at a dotted path in `object`. */
export function put(object, path, value) {
  const keys = path.split(".");
  let o = object;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys.at(-1)] = value;
}

/** Turns answers (by question key) into wire values by the questions' kinds, into `into`. */
export function convert(questions, answers, into = {}) {
  for (const x of questions) {
    const raw = answers[x.key];
    const value = raw === undefined ? undefined : KINDS[x.kind](raw);
    if (value !== undefined) put(into, x.key, value);
  }
  return into;
}

/** The raw answer of the control at `path` in `form` (text, choice or tick), or undefined. */
export function answer(form, path) {
  const el = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
  if (!el) {
    const set = form.querySelector(`[data-set="${CSS.escape(path)}"]`);
    if (!set) return undefined;
    return [...set.querySelectorAll("input[type=checkbox]")].filter((c) => c.checked).map((c) => c.dataset.path.slice(path.length + 1));
  }
  return el.type === "checkbox" ? el.checked : el.value.trim();
}

/** The answers to `questions` asked at `prefix` (e.g. `household.members[0].`). */
export function readAnswers(form, questions, prefix = "") {
  return Object.fromEntries(questions.map((x) => [x.key, answer(form, prefix + x.key)]));
}

/** A grid of fields. */
export const grid = (...children) => h("div", { class: "grid" }, ...children);

/**
 * A calculator: a form whose answers go to `api` and whose result is shown below it.
 *
 * - `initial()`: the state of a fresh form;
 * - `render(state, tool)`: the form's questions (nodes); `tool.update(fn)` re-reads the state,
 *   applies `fn` to it and re-renders (for structural changes);
 * - `read(form)`: the state from the page;
 * - `toRequest(state)`: the wire request;
 * - `renderResult(result, headingId)`: the result (nodes).
 *
 * Returns `{ relabel() }`, called after a language switch.
 */
export function createTool({ id, api, container, engine, initial, render, read, toRequest, renderResult, asks, more, submitKey = "form.submit" }) {
  let state = initial();
  let lastResult = null;
  let lastError = null;
  let lastRequest = null;
  const form = h("form", { class: "tool-form", novalidate: true, "aria-labelledby": `${id}-title` });
  const output = h("section", { class: "result", id: `${id}-result`, "aria-live": "polite" });
  container.append(form, output);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });

  const tool = {
    form,
    /** Re-reads the answers, applies `fn` to them, re-renders. */
    update(fn) {
      state = read(form);
      fn?.(state);
      draw();
    },
  };

  function draw() {
    form.replaceChildren(
      h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true }),
      ...inScope(id, () => render(state, tool)),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary" }, t(submitKey)),
        h("button", { type: "button", class: "secondary reset", onclick: reset }, t("form.reset")),
        h("label", { class: "secondary open-file" }, t("save.open"), h("input", { type: "file", accept: ".json,application/json", class: "visually-hidden", onchange: openFile })),
      ),
    );
  }

  /** Reads a check saved by "download" (on the device; nothing is sent) and calculates it. */
  function openFile(event) {
    const file = event.target.files?.[0];
    if (!file) return;
    file.text().then((text) => {
      try {
        const saved = JSON.parse(text);
        if (saved.tool !== id || !saved.answers) throw new Error("not a saved check of this calculator");
        restore(saved.answers);
      } catch {
        showErrors(form, [{ code: "invalid_json", path: "", message: t("save.open_failed"), local: true }]);
      }
    });
  }

  function restore(answers) {
    state = answers;
    draw();
    submit();
  }

  /** Save / share, all on the device: a JSON file (a data: link), print, and a link whose fragment holds the answers. */
  function saveBar() {
    const saved = JSON.stringify({ tool: id, answers: state, request: lastRequest, result: lastResult });
    const share = h("p", { class: "share", hidden: true });
    return h(
      "div",
      { class: "save-bar", role: "group", "aria-label": t("save.heading") },
      h("p", { class: "save-title" }, t("save.heading")),
      h("a", { class: "button secondary", "data-save": "json", download: `${id}-${lastResult?.calculation_date ?? "check"}.json`, href: `data:application/json;charset=utf-8,${encodeURIComponent(saved)}` }, t("save.json")),
      h("button", { type: "button", class: "secondary", "data-save": "print", onclick: () => window.print() }, t("save.print")),
      h("button", {
        type: "button",
        class: "secondary",
        "data-save": "link",
        onclick: () => {
          const url = `${location.href.split("#")[0]}#${id}=${toBase64Url(JSON.stringify(state))}`;
          const fid = `${id}-share-link`;
          share.replaceChildren(h("label", { for: fid }, t("save.link_label")), h("input", { id: fid, type: "text", readonly: true, value: url, "data-share-link": "" }));
          share.hidden = false;
          share.querySelector("input").select();
        },
      }, t("save.link")),
      share,
    );
  }

  function reset() {
    state = initial();
    lastResult = null;
    lastError = null;
    lastRequest = null;
    output.replaceChildren();
    draw();
  }

  function submit() {
    state = read(form);
    clearErrors(form);
    lastError = null;
    const problems = checkAnswers(form);
    try {
      if (problems.length) throw problems;
      lastRequest = toRequest(state);
      lastResult = engine.call(api, lastRequest);
    } catch (error) {
      lastError = Array.isArray(error) ? error : [{ code: error.code ?? "invalid_json", path: error.path ?? "", message: error.message }];
      lastResult = null;
      output.replaceChildren();
      showErrors(form, lastError);
      return;
    }
    showResult(true);
  }

  function showResult(focus) {
    const ctx = { asks: asks && ((p) => asks(p, state, form)), saveBar, more: more && (() => more(lastResult, lastRequest)) };
    const nodes = renderResult(lastResult, `${id}-result-h`, ctx).flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false);
    output.replaceChildren(...nodes, h("span", { "data-results": JSON.stringify(arrayLengths(lastResult)) }));
    if (focus) output.querySelector("h2")?.focus();
  }

  draw();
  return {
    relabel() {
      state = read(form);
      draw();
      if (lastResult) showResult(false);
      if (lastError) showErrors(form, lastError[0]?.local ? checkAnswers(form) : lastError);
    },
    /** Fills the form from answers in a share link's fragment and calculates. */
    restoreFromLink(text) {
      try {
        restore(JSON.parse(fromBase64Url(text)));
      } catch {
        // a damaged link: the form stays as it is
      }
    },
  };
}

/** Text ↔ base64url (UTF-8), for a share link's fragment. */
function toBase64Url(text) {
  let bin = "";
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function fromBase64Url(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/**
 * The length of every list in a result, by path (`charges.length`): marked on the page so the
 * tests can check that an empty list is empty (the values themselves are marked where shown).
 */
function arrayLengths(value, path = "", out = {}) {
  if (Array.isArray(value)) {
    out[`${path}.length`] = value.length;
    value.forEach((v, i) => arrayLengths(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) arrayLengths(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}
