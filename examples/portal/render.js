// Renders engine results as plain-language HTML, generically: whatever programmes, line items,
// steps, parameters and warnings a result lists are shown, in the page's language, with the
// legal basis of each figure and whether it is illustrative. Nothing here knows a programme.

import { formatAmount, h } from "./dom.js";
import { enumLabel, lang, pick, t, unitLabel, zhClean } from "./i18n.js";
import { LATEST } from "./latest.js";

/** A closed section for codes and wire names (what a caseworker or developer checks). */
export function tech(...children) {
  return h("details", { class: "tech" }, h("summary", {}, t("tech.summary")), h("div", { lang: "en" }, ...children));
}

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
  const doc = zh ? `《${zhClean(c.document)}》` : `“${c.document}”`;
  const parts = [doc];
  if (c.number) parts.push(zh ? `（${c.number}）` : ` (${c.number})`);
  if (c.article) parts.push(zh ? c.article : ` ${c.article}`);
  const text = parts.join("");
  return h(
    "span",
    { class: "citation", "data-source": c.source },
    h("cite", { lang: "zh-CN" }, text),
    c.issuer ? h("span", { class: "issuer", lang: "zh-CN" }, ` ${zh ? "" : "— "}${zh ? zhClean(c.issuer) : c.issuer}`) : null,
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
        tech(h("p", {}, h("code", {}, p.key)), p.note ? h("p", {}, p.note) : null),
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
          s.inputs?.length ? tech(h("p", { class: "inputs" }, `${s.id}: `, s.inputs.map((i) => `${i.name} = ${i.value}`).join("; "))) : null,
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
export function lineItemList(items, base = null, headingKey = "result.line_items", flagAll = false) {
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
            " ",
            illustrativeFlag(flagAll || (item.parameters ?? []).some((p) => p.status === "illustrative")),
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
export function warningList(warnings, base = "warnings", all = warnings) {
  if (!warnings?.length) return null;
  return h(
    "section",
    { class: "warnings", "aria-label": t("result.warnings") },
    h("h3", {}, t("result.warnings")),
    h(
      "ul",
      {},
      warnings.map((w) => [w, all.indexOf(w)]).map(([w, i]) =>
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
    { class: "receipt tech" },
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

/** A flag next to an amount that rests on an illustrative figure. */
export function illustrativeFlag(on) {
  return on ? h("span", { class: "flag-illustrative", "data-illustrative-flag": "" }, t("answer.illustrative")) : null;
}

/** A status badge for a programme's eligibility. */
export function statusBadge(status) {
  return h("span", { class: `badge status-${status}`, "data-status": status }, t(`status.${status}`));
}

/** One programme's result as a card. */
export function programmeCard(p, asks) {
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
      illustrativeFlag(illustrative.length > 0),
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
    asks?.(p),
    lineItemList(p.line_items),
    stepList(p.steps),
    tech(h("p", {}, `programme = ${p.programme}; status = ${p.status}${p.reason ? `; reason = ${p.reason.code}` : ""}`)),
  );
}

/** How a programme is given, when it is not plain cash: service vouchers, or a status. */
function formNote(form) {
  if (!form || form === "cash") return null;
  return h("span", { class: `form-note form-${form}`, "data-form": form }, t(`form.kind.${form}`));
}

/**
 * What the household receives this month, by member and for the household as a whole
 * (`summary`): one row per amount, then the cash and voucher totals. A row whose programme used
 * an illustrative figure is flagged.
 */
export function benefitSummary(summary, illustrative = new Set()) {
  if (!summary) return null;
  const rows = [
    ...summary.household.map((line) => [t("result.summary.household"), line]),
    ...summary.persons.flatMap((p) => p.lines.map((line) => [p.person_id, line])),
  ];
  if (rows.length === 0) return null;
  const total = (key, value, id) =>
    h("tr", {}, h("th", { scope: "row", colspan: "2" }, t(key)), h("td", { class: "num" }, amount(value, "result.per_month", { "data-testid": id })));
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "summary" },
      h("caption", {}, t("result.summary")),
      h("thead", {}, h("tr", {}, [t("result.summary.who"), t("result.summary.what"), t("result.summary.amount")].map((x, i) => h("th", { scope: "col", class: i === 2 ? "num" : null }, x)))),
      h(
        "tbody",
        {},
        rows.map(([who, line]) =>
          h(
            "tr",
            { "data-summary-line": line.id },
            h("th", { scope: "row" }, who),
            h("td", {}, pick(line, "label"), " ", formNote(line.form), line.one_off ? h("span", { class: "form-note" }, t("result.one_off")) : null, illustrativeFlag(illustrative.has(line.programme))),
            h("td", { class: "num" }, amount(line.amount, line.one_off ? "result.yuan" : "result.per_month")),
          ),
        ),
      ),
      h(
        "tfoot",
        {},
        total("result.summary.cash", summary.cash_monthly_total, "cash-total"),
        Number(summary.voucher_monthly_total) !== 0 ? total("result.summary.vouchers", summary.voucher_monthly_total, "voucher-total") : null,
      ),
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

/** The day before a `YYYY-MM-DD` date. */
export function dayBefore(date) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Whether a programme pays something (monthly or once), or is a status granted. */
const pays = (p) => Number(p.monthly_amount) > 0 || Number(p.one_off_amount ?? 0) > 0 || (p.status === "eligible" && p.form === "status");

/**
 * The one notice for a date past the latest verified figures (the engine's `source_expired`
 * warnings), naming the document whose figures are kept. Marked like a warning for the tests.
 */
function dateBanner(warnings) {
  const expired = warnings.map((w, i) => [w, i]).filter(([w]) => w.code === "source_expired");
  if (!expired.length) return null;
  const [w] = expired[0];
  const known = LATEST && LATEST.source === w.source;
  const text = known
    ? t("date.later_banner", { number: LATEST.number || LATEST.title, from: LATEST.in_force ?? "", last: dayBefore(LATEST.expires) })
    : pick(w, "message");
  return h(
    "div",
    { class: "banner", role: "note" },
    h("p", {}, text),
    expired.map(([x, i]) =>
      h("span", { "data-warning": x.code, "data-parameter": x.parameter ?? "", "data-results": JSON.stringify({ [`warnings[${i}].code`]: x.code, [`warnings[${i}].parameter`]: x.parameter ?? null }) }),
    ),
    known && expired.length === 1 ? null : expired.slice(known ? 1 : 0).map(([x]) => h("p", {}, pick(x, "message"))),
  );
}

/** The answer first: what pays (with the monthly total), what needs an answer, what to do next. */
function answerBox(result, groups, illustrative, ctx) {
  const oneOffTotal = result.one_off_total;
  return h(
    "section",
    { class: "answer", "aria-labelledby": "answer-h" },
    h("h3", { id: "answer-h" }, t("answer.heading")),
    groups.paying.length
      ? h(
          "ul",
          { class: "answer-list" },
          groups.paying.map((p) =>
            h(
              "li",
              { "data-answer": p.programme },
              h("span", { class: "aname" }, pick(p, "label")),
              h(
                "span",
                { class: "aamount" },
                Number(p.monthly_amount) > 0 ? amount(p.monthly_amount, "result.per_month") : null,
                Number(p.one_off_amount ?? 0) > 0 ? [" ", t("result.one_off"), " ", amount(p.one_off_amount)] : null,
                p.status === "eligible" && p.form === "status" && Number(p.monthly_amount) === 0 ? t("status.eligible") : null,
                " ",
                formNote(p.form),
                illustrativeFlag(illustrative.has(p.programme)),
              ),
            ),
          ),
        )
      : h("p", {}, t("answer.none")),
    h(
      "p",
      { class: "total" },
      `${t("answer.total")}：`,
      amount(result.monthly_total, "result.per_month", { "data-testid": "monthly-total" }),
      oneOffTotal !== undefined && oneOffTotal !== null && Number(oneOffTotal) !== 0
        ? h("span", { class: "one-off-total" }, `　${t("result.one_off")}：`, amount(oneOffTotal, "result.yuan", { "data-testid": "one-off-total" }))
        : null,
    ),
    groups.undetermined.length
      ? [
          h("h4", {}, t("answer.pending")),
          h(
            "ul",
            { class: "pending" },
            groups.undetermined.map((p) => h("li", { "data-pending": p.programme }, h("strong", {}, pick(p, "label")), "：", pick(p.reason, "message"), " ", ctx.asks?.(p))),
          ),
        ]
      : null,
    h("p", { class: "next" }, t("answer.next"), h("a", { href: "#household-apply", onclick: openApply }, t("answer.how_to_apply"))),
    ctx.saveBar?.(),
  );
}

/** Opens "how to apply" and moves there (without changing the address, which names the calculator). */
function openApply(event) {
  event.preventDefault();
  const d = document.getElementById("household-apply");
  d.open = true;
  d.scrollIntoView({ block: "start" });
  d.querySelector("summary").focus();
}

/** How to apply, from the documents the tool encodes (民政部《最低生活保障审核确认办法》). */
function howToApply(open) {
  return h(
    "details",
    { class: "apply", id: "household-apply", open: open || undefined },
    h("summary", {}, h("h3", {}, t("apply.heading"))),
    h("p", {}, t("apply.where")),
    h("p", {}, t("apply.proxy")),
    h("p", {}, t("apply.documents")),
    h(
      "p",
      { class: "basis" },
      t("apply.basis"),
      citation({ source: "MCA-DB-2021", document: "最低生活保障审核确认办法", issuer: "民政部", article: lang() === "zh" ? "第四条、第六条" : "arts. 4 and 6" }),
    ),
  );
}

/**
 * A whole `calculate` result: the answer first (what pays, the total, what needs an answer, how
 * to apply, save / share), then by member, the warnings, the programmes that pay, those that
 * cannot be decided, and the others folded under "not eligible, and why". `ctx.asks(p)`: the
 * buttons that ask what a programme is missing; `ctx.saveBar()`: the save / share controls.
 */
export function calculationResult(result, headingId, ctx = {}) {
  const illustrative = new Set(result.programmes.filter((p) => illustrativeParameters(p).length).map((p) => p.programme));
  const groups = { paying: [], shown: [], undetermined: [], folded: [] };
  for (const p of result.programmes) {
    if (pays(p)) groups.paying.push(p);
    if (p.status === "undetermined") groups.undetermined.push(p);
    else if (pays(p) || p.status === "eligible") groups.shown.push(p);
    else groups.folded.push(p);
  }
  const card = (p) => programmeCard(p, ctx.asks);
  return [
    h("h2", { id: headingId, tabindex: "-1" }, t("result.heading")),
    h("p", { class: "meta" }, `${t("result.date")}：${result.calculation_date}　${t("result.region")}：${regionName(result.region)}`),
    dateBanner(result.warnings),
    answerBox(result, groups, illustrative, ctx),
    howToApply(groups.paying.length > 0),
    ctx.more?.(),
    benefitSummary(result.summary, illustrative),
    warningList(result.warnings.filter((w) => w.code !== "source_expired"), "warnings", result.warnings),
    h("ul", { class: "programmes" }, [...groups.shown, ...groups.undetermined].map(card)),
    groups.folded.length
      ? h("details", { class: "folded" }, h("summary", {}, t("answer.folded", { n: groups.folded.length })), h("ul", { class: "programmes" }, groups.folded.map(card)))
      : null,
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
