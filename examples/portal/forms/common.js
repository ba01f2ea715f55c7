// What every calculator form shares: questions as data (one per wire field), reading the answers
// back from the page, turning them into a wire request, and the submit / error / result cycle.
//
// A form keeps no state of its own between renders: `read()` takes the answers from the page,
// `render(state)` draws them (after a change of structure, such as adding a member, or a switch
// of language). Every control carries the wire path the engine names in its errors
// (`data-path`), so an error lands next to its field.

import { clearErrors, field, h, idFor, inScope, integer, money, showError } from "../dom.js";
import { enumLabel, enumValues, has, t } from "../i18n.js";

/**
 * Question kinds and how an answer becomes a wire value (undefined: not sent). `money`,
 * `integer`, `decimal` send what was typed when it is not a plain number, so the engine can name
 * the field in its error.
 */
export const KINDS = {
  text: (v) => (v === "" ? undefined : v),
  date: (v) => (v === "" ? undefined : v),
  select: (v) => (v === "" ? undefined : v),
  number_select: (v) => (v === "" ? undefined : Number(v)),
  bool_select: (v) => (v === "" ? undefined : v === "true"),
  money: (v) => money(v),
  decimal: (v) => (v === "" ? undefined : v.replace(/[,，\s]/g, "")),
  percent: (v) => (v === "" ? undefined : v.replace(/[%％\s]/g, "")),
  integer: (v) => integer(v),
  checkbox: (v) => (v ? true : undefined),
  bool_checkbox: (v) => v === true,
  enum_set: (v) => (Array.isArray(v) && v.length ? v : undefined),
};

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
  const kind = /select$/.test(x.kind) ? "select" : ["percent", "decimal"].includes(x.kind) ? "money" : x.kind === "bool_checkbox" ? "checkbox" : x.kind;
  let options;
  if (kind === "select") {
    const list = x.options ?? enumValues(x.enum).map((v) => [v, enumLabel(x.enum, v)]);
    options = [...(x.empty ? [["", t(x.empty)]] : []), ...list];
  }
  const extra = x.kind === "percent" || x.kind === "decimal" ? { placeholder: x.placeholder ?? "0" } : {};
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
export function createTool({ id, api, container, engine, initial, render, read, toRequest, renderResult, submitKey = "form.submit" }) {
  let state = initial();
  let lastResult = null;
  let lastError = null;
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
      ),
    );
  }

  function reset() {
    state = initial();
    lastResult = null;
    lastError = null;
    output.replaceChildren();
    draw();
  }

  function submit() {
    state = read(form);
    clearErrors(form);
    lastError = null;
    try {
      lastResult = engine.call(api, toRequest(state));
    } catch (error) {
      lastError = { code: error.code ?? "invalid_json", path: error.path ?? "", message: error.message };
      lastResult = null;
      output.replaceChildren();
      showError(form, lastError);
      return;
    }
    showResult(true);
  }

  function showResult(focus) {
    const nodes = renderResult(lastResult, `${id}-result-h`).flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false);
    output.replaceChildren(...nodes, h("span", { "data-results": JSON.stringify(arrayLengths(lastResult)) }));
    if (focus) output.querySelector("h2")?.focus();
  }

  draw();
  return {
    relabel() {
      state = read(form);
      draw();
      if (lastResult) showResult(false);
      if (lastError) showError(form, lastError);
    },
  };
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
