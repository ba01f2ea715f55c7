// Renders engine results as plain-language HTML, generically: whatever programmes, line items,
// steps, parameters and warnings a result lists are shown, in the page's language, with the
// legal basis of each figure and whether it is illustrative. Nothing here knows a programme.

import { formatAmount, h } from "./dom.js";
import { enumLabel, lang, pick, t, unitLabel } from "./i18n.js";

/** A money amount: "1,118.00 元", with the exact engine string in `data-amount`. */
export function amount(value, unitKey = "result.yuan", attrs = {}) {
  return h(
    "span",
    { class: "amount", "data-amount": value, ...attrs },
    h("strong", {}, formatAmount(value)),
    " ",
    t(unitKey),
  );
}

/** A citation: 《document》（number）article — issuer, with a link to the text when known. */
export function citation(c) {
  if (!c) return null;
  const zh = lang() === "zh";
  const doc = zh ? `《${c.document}》` : `“${c.document}”`;
  const parts = [doc];
  if (c.number) parts.push(zh ? `（${c.number}）` : ` (${c.number})`);
  if (c.article) parts.push(zh ? c.article : ` ${c.article}`);
  const text = parts.join("");
  return h(
    "span",
    { class: "citation", "data-source": c.source },
    h("cite", { lang: "zh-CN" }, text),
    c.issuer ? h("span", { class: "issuer", lang: "zh-CN" }, ` ${zh ? "" : "— "}${c.issuer}`) : null,
    c.url
      ? [" ", h("a", { href: c.url, rel: "noopener noreferrer external", target: "_blank", class: "source-link" }, t("result.open_source"))]
      : null,
  );
}

/** A status badge for a parameter's confirmation status. */
function parameterStatus(status) {
  return h("span", { class: `pstatus pstatus-${status}`, "data-status": status }, t(`pstatus.${status}`));
}

/** The parameters a figure used: value, unit, period, status and legal basis. */
export function parameterList(parameters) {
  if (!parameters?.length) return null;
  return h(
    "ul",
    { class: "parameters" },
    parameters.map((p) =>
      h(
        "li",
        { "data-key": p.key, "data-status": p.status },
        h("span", { class: "plabel" }, pick(p, "label")),
        "：",
        h("strong", { class: "pvalue" }, `${formatAmount(p.value)}${unitSpace()}${unitLabel(p.unit)}`),
        " ",
        parameterStatus(p.status),
        h(
          "span",
          { class: "period" },
          ` （${t("result.effective")} ${p.effective_from}${p.effective_to ? ` ${t("result.effective_to")} ${p.effective_to}` : ""}）`,
        ),
        h("br"),
        h("span", { class: "basis-label" }, `${t("result.basis")}：`),
        citation(p.citation),
        p.note ? h("details", { class: "note" }, h("summary", {}, t("result.note")), h("p", { lang: "en" }, p.note)) : null,
      ),
    ),
  );
}

const unitSpace = () => (lang() === "zh" ? "" : " ");

/** The illustrative parameters a programme used (in its line items or steps), once each. */
export function illustrativeParameters(programme) {
  const all = [
    ...(programme.line_items ?? []).flatMap((i) => i.parameters ?? []),
    ...(programme.steps ?? []).flatMap((s) => s.parameters ?? []),
  ];
  const seen = new Map();
  for (const p of all) if (p.status === "illustrative" && !seen.has(p.key)) seen.set(p.key, p);
  return [...seen.values()];
}

/** The steps of a determination, in a closed disclosure. */
export function stepList(steps) {
  if (!steps?.length) return null;
  return h(
    "details",
    { class: "steps" },
    h("summary", {}, t("result.steps")),
    h(
      "ol",
      {},
      steps.map((s) =>
        h(
          "li",
          { "data-step": s.id, "data-passed": s.passed ?? "" },
          h(
            "p",
            { class: "step-head" },
            s.passed === true ? h("span", { class: "mark ok", "aria-label": t("result.passed") }, "✓ ") : null,
            s.passed === false ? h("span", { class: "mark no", "aria-label": t("result.failed") }, "✗ ") : null,
            h("strong", {}, pick(s, "label")),
            s.value !== undefined && s.value !== "" ? ` = ${formatAmount(s.value)}` : null,
          ),
          h("p", { class: "formula" }, pick(s, "formula")),
          s.inputs?.length
            ? h("p", { class: "inputs" }, `${t("result.inputs")}：`, s.inputs.map((i) => `${i.name} = ${i.value}`).join("；"))
            : null,
          s.citation ? h("p", { class: "basis" }, `${t("result.basis")}：`, citation(s.citation)) : null,
          parameterList(s.parameters),
        ),
      ),
    ),
  );
}

/**
 * Line items: each payable component with its formula and the parameters behind it. With
 * `base` (the items' path in the result, e.g. `charges`), each id and amount is marked with its
 * path for the tests.
 */
export function lineItemList(items, base = null, headingKey = "result.line_items") {
  if (!items?.length) return null;
  const mark = (i, key) => (base ? `${base}[${i}].${key}` : undefined);
  return h(
    "div",
    { class: "line-items" },
    headingKey ? h("h4", {}, t(headingKey)) : null,
    h(
      "ul",
      {},
      items.map((item, i) =>
        h(
          "li",
          {
            "data-line-item": item.id,
            "data-person": item.person_id ?? "",
            "data-results": base ? JSON.stringify({ [mark(i, "id")]: item.id }) : undefined,
          },
          h(
            "p",
            { class: "item-head" },
            h("span", {}, pick(item, "label")),
            "：",
            amount(item.amount, "result.yuan", base ? { "data-result": mark(i, "amount"), "data-value": item.amount } : {}),
          ),
          h("p", { class: "formula" }, pick(item, "formula")),
          parameterList(item.parameters),
        ),
      ),
    ),
  );
}

/** A reason with its legal basis. */
export function reason(r) {
  if (!r) return null;
  return h(
    "div",
    { class: "reason", "data-reason": r.code },
    h("p", {}, h("strong", {}, `${t("result.why")}：`), pick(r, "message")),
    r.citation ? h("p", { class: "basis" }, `${t("result.basis")}：`, citation(r.citation)) : null,
  );
}

/** The warnings of a result (each marked with its path for the tests). */
export function warningList(warnings, base = "warnings") {
  if (!warnings?.length) return null;
  return h(
    "section",
    { class: "warnings", "aria-label": t("result.warnings") },
    h("h3", {}, t("result.warnings")),
    h(
      "ul",
      {},
      warnings.map((w, i) =>
        h(
          "li",
          {
            "data-warning": w.code,
            "data-parameter": w.parameter ?? "",
            "data-results": JSON.stringify({ [`${base}[${i}].code`]: w.code, [`${base}[${i}].parameter`]: w.parameter ?? null }),
          },
          pick(w, "message"),
        ),
      ),
    ),
  );
}

/** The reproducibility receipt. */
export function receipt(r) {
  if (!r) return null;
  return h(
    "details",
    { class: "receipt" },
    h("summary", {}, t("result.receipt")),
    h(
      "dl",
      {},
      h("dt", {}, t("result.receipt.engine")),
      h("dd", {}, `${r.engine} ${r.engine_version}`),
      h("dt", {}, t("result.receipt.parameters")),
      h("dd", { class: "hash" }, r.parameters_sha256),
      h("dt", {}, t("result.receipt.input")),
      h("dd", { class: "hash" }, r.input_sha256),
    ),
  );
}

/** A status badge for a programme's eligibility. */
export function statusBadge(status) {
  return h("span", { class: `badge status-${status}`, "data-status": status }, t(`status.${status}`));
}

/** One programme's result as a card. */
export function programmeCard(p) {
  const illustrative = illustrativeParameters(p);
  const oneOff = p.one_off_amount !== undefined && p.one_off_amount !== null;
  return h(
    "li",
    { class: `programme status-${p.status}`, "data-programme": p.programme, "data-status": p.status, "data-illustrative": illustrative.length > 0 },
    h("h3", {}, h("span", { class: "pname" }, pick(p, "label")), " ", statusBadge(p.status)),
    h(
      "p",
      { class: "monthly" },
      amount(p.monthly_amount, "result.per_month", { "data-testid": "monthly-amount" }),
      " ",
      formNote(p.form),
    ),
    oneOff
      ? h("p", { class: "one-off" }, `${t("result.one_off")}：`, amount(p.one_off_amount, "result.yuan", { "data-testid": "one-off-amount" }))
      : null,
    illustrative.length
      ? h(
          "p",
          { class: "illustrative-notice", role: "note" },
          t("result.illustrative_notice"),
          " ",
          illustrative.map((x) => `${pick(x, "label")} = ${formatAmount(x.value)}${unitSpace()}${unitLabel(x.unit)}`).join("；"),
        )
      : null,
    reason(p.reason),
    lineItemList(p.line_items),
    stepList(p.steps),
  );
}

/** How a programme is given, when it is not plain cash: service vouchers, or a status. */
function formNote(form) {
  if (!form || form === "cash") return null;
  return h("span", { class: `form-note form-${form}`, "data-form": form }, t(`form.kind.${form}`));
}

/**
 * What the household receives this month, by member and for the household as a whole
 * (`summary`): one row per amount, then the cash and voucher totals.
 */
export function benefitSummary(summary) {
  if (!summary) return null;
  const rows = [
    ...summary.household.map((line) => [t("result.summary.household"), line]),
    ...summary.persons.flatMap((p) => p.lines.map((line) => [p.person_id, line])),
  ];
  if (rows.length === 0) return null;
  return h(
    "table",
    { class: "summary" },
    h("caption", {}, t("result.summary")),
    h("thead", {}, h("tr", {}, [t("result.summary.who"), t("result.summary.what"), t("result.summary.amount")].map((x) => h("th", { scope: "col" }, x)))),
    h(
      "tbody",
      {},
      rows.map(([who, line]) =>
        h(
          "tr",
          { "data-summary-line": line.id },
          h("th", { scope: "row" }, who),
          h("td", {}, pick(line, "label"), " ", formNote(line.form), line.one_off ? h("span", { class: "form-note" }, t("result.one_off")) : null),
          h("td", {}, amount(line.amount, line.one_off ? "result.yuan" : "result.per_month")),
        ),
      ),
    ),
    h(
      "tfoot",
      {},
      h("tr", {}, h("th", { scope: "row", colspan: "2" }, t("result.summary.cash")), h("td", {}, amount(summary.cash_monthly_total, "result.per_month", { "data-testid": "cash-total" }))),
      Number(summary.voucher_monthly_total) !== 0
        ? h("tr", {}, h("th", { scope: "row", colspan: "2" }, t("result.summary.vouchers")), h("td", {}, amount(summary.voucher_monthly_total, "result.per_month", { "data-testid": "voucher-total" })))
        : null,
    ),
  );
}

/** A region key in words: `guangzhou/tianhe` → 广州市天河区 (the key itself when unknown). */
function regionName(region) {
  const [city, district] = String(region).split("/");
  if (city !== "guangzhou") return region;
  const zh = lang() === "zh";
  const d = district ? enumLabel("district", district) : "";
  return zh ? `广州市${d}` : `Guangzhou${d ? `, ${d}` : ""}`;
}

/** A whole `calculate` result. */
export function calculationResult(result, headingId) {
  const oneOffTotal = result.one_off_total;
  return [
    h("h2", { id: headingId, tabindex: "-1" }, t("result.heading")),
    h(
      "p",
      { class: "meta" },
      `${t("result.date")}：${result.calculation_date}　${t("result.region")}：${regionName(result.region)}`,
    ),
    h(
      "p",
      { class: "total" },
      `${t("result.monthly_total")}：`,
      amount(result.monthly_total, "result.per_month", { "data-testid": "monthly-total" }),
      oneOffTotal !== undefined && oneOffTotal !== null && Number(oneOffTotal) !== 0
        ? h("span", { class: "one-off-total" }, `　${t("result.one_off")}：`, amount(oneOffTotal, "result.yuan", { "data-testid": "one-off-total" }))
        : null,
    ),
    benefitSummary(result.summary),
    warningList(result.warnings),
    h("ul", { class: "programmes" }, result.programmes.map(programmeCard)),
    receipt(result.receipt),
  ];
}

/**
 * A notice when a result used an illustrative figure (a warning `illustrative_parameter`):
 * the outcome is then a demonstration. Lists the figures' messages in the warnings below.
 */
export function illustrativeNotice(warnings) {
  if (!warnings?.some((w) => w.code === "illustrative_parameter")) return null;
  return h("p", { class: "illustrative-notice", role: "note" }, t("result.illustrative_result"));
}
