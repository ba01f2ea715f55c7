// What every calculator form shares: questions as data (one per wire field), reading the answers
// back from the page, turning them into a wire request, and the submit / error / result cycle.
//
// A form keeps no state of its own between renders: `read()` takes the answers from the page,
// `render(state)` draws them (after a change of structure, such as adding a member, or a switch
// of language). Every control carries the wire path the engine names in its errors
// (`data-path`), so an error lands next to its field.

import { clearErrors, field, h, integer, money, showError } from "../dom.js";
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
  if (!el) return undefined;
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
      ...render(state, tool),
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
    output.replaceChildren(...renderResult(lastResult, `${id}-result-h`));
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
