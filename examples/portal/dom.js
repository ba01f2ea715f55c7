// Small DOM helpers shared by the forms: element creation, labelled fields with a hint and an
// error slot, and showing an engine error next to the field its `path` names.

import { errorMessage, t } from "./i18n.js";

/**
 * Creates an element: `h("p", { class: "x", "data-k": 1 }, "text", child)`. Attributes with
 * `false`, `null` or `undefined` values are left out; `true` sets an empty attribute. Text
 * children are text nodes (never parsed as HTML).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "value" && "value" in el) el.value = value;
    else if (name === "checked") el.checked = Boolean(value);
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let scope = "";

/**
 * Runs `fn` with element ids scoped to a calculator (`household`), so that the same wire path in
 * two forms (`calculation_date`) gives two ids and each label names its own control.
 */
export function inScope(name, fn) {
  const previous = scope;
  scope = name;
  try {
    return fn();
  } finally {
    scope = previous;
  }
}

/** An id safe for HTML from a wire path: `household.members[1].income.wages` → `f-household-household-members-1-income-wages`. */
export function idFor(path) {
  return `f-${scope ? `${scope}-` : ""}${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "")}`;
}

/**
 * A labelled field. `kind`: "money" (text with decimal keyboard), "integer", "date", "text",
 * "select" (with `options`: [[value, label], …]) or "checkbox". The input carries `data-path`
 * (the wire path the engine names in its errors) and is described by its hint and, when shown,
 * its error message.
 */
export function field({ path, label, hint, kind = "text", value = "", options = [], required = false, extra = {} }) {
  const id = idFor(path);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: path,
    "data-path": path,
    "aria-describedby": hintId ?? undefined,
    required: required || undefined,
    ...extra,
  };
  let control;
  if (kind === "select") {
    control = h(
      "select",
      common,
      options.map(([v, text]) => h("option", { value: v, selected: String(v) === String(value) || undefined }, text)),
    );
  } else if (kind === "checkbox") {
    control = h("input", { ...common, type: "checkbox", checked: Boolean(value) });
  } else {
    const typeAttrs = {
      money: { type: "text", inputmode: "decimal", autocomplete: "off", placeholder: "0.00" },
      integer: { type: "text", inputmode: "numeric", autocomplete: "off" },
      date: { type: "date", min: "1900-01-01", max: "2199-12-31" },
      text: { type: "text", autocomplete: "off" },
    }[kind];
    control = h("input", { ...common, ...typeAttrs, ...extra, value: value ?? "" });
  }
  const labelEl = h("label", { for: id }, label, required ? h("span", { class: "req" }, ` （${t("form.required")}）`) : null);
  const hintEl = hint ? h("p", { class: "hint", id: hintId }, hint) : null;
  const errorEl = h("p", { class: "field-error", id: errorId, hidden: true });
  if (kind === "checkbox") {
    return h("div", { class: "field field-check" }, control, labelEl, hintEl, errorEl);
  }
  return h("div", { class: `field field-${kind}` }, labelEl, hintEl, control, errorEl);
}

/** A fieldset with a legend. */
export function group(legend, attrs, ...children) {
  return h("fieldset", attrs, h("legend", {}, legend), ...children);
}

/** Removes every error shown in `form`. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll("[aria-invalid=true]")) {
    el.removeAttribute("aria-invalid");
    const errorId = `${el.id}-error`;
    const described = (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((x) => x && x !== errorId);
    if (described.length) el.setAttribute("aria-describedby", described.join(" "));
    else el.removeAttribute("aria-describedby");
  }
  for (const el of form.querySelectorAll(".field-error")) {
    el.hidden = true;
    el.textContent = "";
  }
  const summary = form.querySelector(".error-summary");
  if (summary) {
    summary.hidden = true;
    summary.replaceChildren();
  }
}

/**
 * The control for a wire path: the exact one, else the nearest enclosing path that has one
 * (`household.members[1].disability` → the disability category; `household.members` → the
 * first member's first control).
 */
export function controlFor(form, path) {
  let p = path;
  while (p) {
    const exact = form.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (exact) return exact;
    // A container (`household.members[1].disability`): its first control.
    for (const el of form.querySelectorAll("[data-path]")) {
      const own = el.getAttribute("data-path");
      if (own.startsWith(`${p}.`) || own.startsWith(`${p}[`)) return el;
    }
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return null;
}

/**
 * Shows an engine error (`code`, `path`, `message`) next to the field its path names: the
 * message in the page's language, the engine's own message as a detail, `aria-invalid` on the
 * control and the message in its `aria-describedby`. Errors without a field go to the form's
 * summary. Focuses the field. Returns the control, if any.
 */
export function showError(form, error) {
  const control = errorControl(form, error);
  const text = errorMessage(error.code);
  const detail = h("span", { class: "engine-detail", lang: "en" }, `${t("form.engine_detail")}: ${error.message}`);
  const summary = form.querySelector(".error-summary");
  if (summary) {
    summary.hidden = false;
    const target = control ? h("a", { href: `#${control.id}` }, labelText(control)) : t("form.error_whole");
    summary.replaceChildren(
      h("p", {}, t("form.errors_summary")),
      h("ul", {}, h("li", {}, target, "：", text)),
    );
    if (!control) summary.append(h("p", {}, detail));
  }
  if (!control) {
    summary?.focus();
    return null;
  }
  const slot = document.getElementById(`${control.id}-error`);
  if (slot) {
    slot.hidden = false;
    slot.replaceChildren(h("span", { class: "msg" }, text), " ", detail);
    const described = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    if (!described.includes(slot.id)) described.push(slot.id);
    control.setAttribute("aria-describedby", described.join(" "));
  }
  control.setAttribute("aria-invalid", "true");
  control.closest("details")?.setAttribute("open", "");
  control.focus();
  return control;
}

/**
 * The control an error belongs to. A missing field is reported at its parent's path with the
 * field's name in the message ("missing field `memory`"): the field's own control when the form
 * has one.
 */
function errorControl(form, { code, path, message }) {
  const missing = code === "missing_field" && /missing field `([^`]+)`/.exec(message ?? "");
  if (missing) {
    const own = form.querySelector(`[data-path="${CSS.escape(path ? `${path}.${missing[1]}` : missing[1])}"]`);
    if (own) return own;
  }
  return path ? controlFor(form, path) : null;
}

function labelText(control) {
  const label = control.labels?.[0];
  const text = label ? label.firstChild?.textContent ?? label.textContent : control.name;
  const group = control.closest("fieldset[data-path-group]")?.querySelector("legend")?.textContent;
  return group ? `${group} · ${text}` : text;
}

/** The trimmed value of a control, or "" . */
export function valueOf(form, path) {
  const el = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
  if (!el) return "";
  if (el.type === "checkbox") return el.checked;
  return el.value.trim();
}

/**
 * Money as the engine takes it: the text as typed (the engine checks it and names the field
 * when it is not an amount), or undefined when empty.
 */
export function money(text) {
  return text === "" ? undefined : text.replace(/[,，\s]/g, "");
}

/** An integer field: a number when it looks like one, else the text (the engine reports it). */
export function integer(text) {
  if (text === "") return undefined;
  return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
}

/** Drops undefined values and empty objects from a request object. */
export function compact(object) {
  const out = {};
  for (const [k, v] of Object.entries(object)) {
    if (v === undefined) continue;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const inner = compact(v);
      if (Object.keys(inner).length) out[k] = inner;
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** Formats a decimal string with thousands separators, keeping it exact: "12345.60" → "12,345.60". */
export function formatAmount(text) {
  if (typeof text !== "string" || !/^-?\d+(\.\d+)?$/.test(text)) return String(text ?? "");
  const negative = text.startsWith("-");
  const [whole, frac] = text.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${frac !== undefined ? "." + frac : ""}`;
}
