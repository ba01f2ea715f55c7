// Small DOM helpers shared by the forms: element creation, labelled fields with a hint and an
// error slot, and showing an engine error next to the field its `path` names.

import { errorMessage, lang, t } from "./i18n.js";

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
      // Text, not type=date: the browser's date control shows its own locale's order; the page
      // shows and takes yyyy-mm-dd (also 2025/7/1, 2025年7月1日).
      date: { type: "text", inputmode: "numeric", autocomplete: "off", placeholder: t("form.date_placeholder"), "data-date": "" },
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
 * Shows errors (`code`, `path`, `message`) next to the fields their paths name, all at once: the
 * message in the page's language (with the allowed range when known), `aria-invalid` on each
 * control and the message in its `aria-describedby`, and a summary at the top with a link to
 * each field. The engine's own message (English, with wire names) goes into the summary's
 * technical details. Focuses the first field (or the summary when no field is named).
 */
export function showErrors(form, errors) {
  const summary = form.querySelector(".error-summary");
  const items = [];
  let first = null;
  for (const error of errors) {
    const control = errorControl(form, error);
    const text = error.local ? error.message : `${errorMessage(error.code)}${engineRange(error)}`;
    items.push(h("li", {}, control ? h("a", { href: `#${control.id}` }, labelText(control)) : t("form.error_whole"), "：", text));
    if (!control) continue;
    first ??= control;
    const slot = document.getElementById(`${control.id}-error`);
    if (slot) {
      slot.hidden = false;
      slot.replaceChildren(h("span", { class: "msg" }, text));
      const described = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
      if (!described.includes(slot.id)) described.push(slot.id);
      control.setAttribute("aria-describedby", described.join(" "));
    }
    control.setAttribute("aria-invalid", "true");
    control.closest("details")?.setAttribute("open", "");
  }
  if (summary) {
    summary.hidden = false;
    const engineSide = errors.filter((e) => !e.local);
    summary.replaceChildren(
      h("p", {}, errors.length > 1 ? t("form.errors_count", { n: errors.length }) : t("form.errors_summary")),
      h("ul", {}, items),
    );
    if (engineSide.length) {
      const detail = (e) => h("p", { class: "engine-detail", lang: "en" }, `${e.code} @ ${e.path || "(request)"}: ${e.message}`);
      summary.append(h("details", { class: "tech" }, h("summary", {}, t("tech.summary")), engineSide.map(detail)));
    }
  }
  (first ?? summary)?.focus();
  return first;
}

/** The allowed range an engine message states ("age 151 is outside 0–150"), in the page's words. */
function engineRange({ code, message }) {
  if (code !== "out_of_range") return "";
  const m = /(-?[\d.]+)\s*(?:–|\.\.|to)\s*(-?[\d.]+)/.exec(message ?? "");
  return m ? `${lang() === "zh" ? "" : " "}${t("form.range", { min: m[1], max: m[2] })}` : "";
}

/** Shows one error (see `showErrors`). */
export function showError(form, error) {
  return showErrors(form, [error]);
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
  return text === "" ? undefined : ascii(text).replace(/,/g, "");
}

/**
 * Text as a resident may type a number: full-width digits and signs (４０、－５、１２．５) become
 * ASCII; spaces, thousands separators, a 元 / ¥ sign and a unit after the number (岁, 次, 个月,
 * 套) are dropped.
 */
export function ascii(text) {
  return String(text)
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, ".")
    .replace(/[－—]/g, "-")
    .replace(/[％]/g, "%")
    .replace(/[，,\s¥￥]/g, "")
    .replace(/^(-?[\d.]+)(元|块|岁|周岁|次|个月|月|套|项|人)$/, "$1");
}

/** An integer field: a number when it looks like one, else the text (the engine reports it). */
export function integer(text) {
  if (text === "") return undefined;
  const x = ascii(text);
  return /^-?\d{1,15}$/.test(x) ? Number(x) : text;
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
