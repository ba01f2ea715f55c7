// Care-home star self-check: the `star_rating` API on the engine's built-in card (GB/T
// 37276-2018, read from the `star_card` API, so the questions follow the card). Points by item,
// occupancy, the prerequisites (一票否决) and the GB 38600-2019 safety checklist in; the level,
// the score by section, each level's test, the prerequisites and the gap report (the fewest
// points, by item, that reach the next level) out.

import { group, h } from "../dom.js";
import { addTexts, lang, pick, t } from "../i18n.js";
import { citation, illustrativeFlag, illustrativeNotice, receipt, warningList } from "../render.js";
import { createTool, grid, KINDS, q, question, readAnswers, shareToPercent } from "./common.js";

addTexts(
  {
    "star.section.basic": "基本情况",
    "star.assessment_date": "自查日期",
    "star.assessment_date.hint": "按该日有效的标准评定",
    "star.occupancy": "入住率（%）",
    "star.occupancy.hint": "0至100的百分数，最多两位小数，如 45 表示45%",
    "star.max": "满分{max}分",
    "star.points": "得分",
    "star.prerequisites": "评定前提（任一项不符合即不予评定等级）",
    "star.yes": "符合",
    "star.no": "不符合",
    "star.safety": "《养老机构服务安全基本规范》GB 38600-2019 自查",
    "star.safety.residents": "在院老年人数",
    "star.safety.residents_assessed": "已做服务安全风险评估的人数",
    "star.safety.risks": "已落实防范措施的风险",
    "star.safety.management": "安全管理",
    "risk.choking": "噎食",
    "risk.food_drug_misuse": "食品药品误食",
    "risk.pressure_injury": "压疮",
    "risk.scald": "烫伤",
    "risk.fall_from_bed": "坠床",
    "risk.fall": "跌倒",
    "risk.harm_to_others_and_self": "他伤和自伤",
    "risk.wandering": "走失",
    "risk.recreation_accident": "文娱活动意外",
    "mgmt.emergency_plans": "应急预案",
    "mgmt.emergency_drills": "应急演练",
    "mgmt.duty_24h": "24小时值班",
    "mgmt.records": "服务与安全记录",
    "star.explain": "显示每个等级的评定条件",
    "star.submit": "自查等级",
    "star.card_failed": "评分卡加载失败。",
    "star.result.level": "可评定等级",
    "star.result.none": "未达到任何等级",
    "star.result.before_veto": "按得分可达",
    "star.result.vetoed": "因以下评定前提不符合，不予评定等级：",
    "star.result.total": "总分",
    "star.result.sections": "各部分得分",
    "star.result.capped": "（已按满分封顶）",
    "star.result.levels": "各等级评定条件",
    "star.result.met": "达到",
    "star.result.not_met": "未达到",
    "star.result.prerequisites": "评定前提",
    "star.result.safety": "GB 38600-2019 自查结果",
    "star.result.compliant": "全部符合",
    "star.result.findings": "不符合的项目",
    "star.result.not_assessed": "未做风险评估的老年人",
    "star.result.gap": "升级差距",
    "star.result.top": "已是最高等级。",
    "star.result.gap_items": "最少需提高的项目",
    "star.result.gap_sections": "各部分：现在 / 要求 / 提高后",
    "star.result.occupancy": "入住率：现在 {current}，要求 {required}",
    "star.result.item": "项目",
    "star.result.now": "现得分",
    "star.result.add": "需加",
    "star.result.after": "提高后",
  },
  {
    "star.section.basic": "Basics",
    "star.assessment_date": "Date of the self-check",
    "star.assessment_date.hint": "The rules in force on this date apply",
    "star.occupancy": "Occupancy (%)",
    "star.occupancy.hint": "A percentage from 0 to 100, at most two decimals, e.g. 45 for 45 %",
    "star.max": "out of {max}",
    "star.points": "points",
    "star.prerequisites": "Prerequisites (any one not met rules out every level)",
    "star.yes": "Met",
    "star.no": "Not met",
    "star.safety": "GB 38600-2019 service safety self-check",
    "star.safety.residents": "Residents",
    "star.safety.residents_assessed": "Residents with a service-safety risk assessment",
    "star.safety.risks": "Risks with protection measures in place",
    "star.safety.management": "Safety management",
    "risk.choking": "Choking",
    "risk.food_drug_misuse": "Swallowing food or medicine by mistake",
    "risk.pressure_injury": "Pressure injuries",
    "risk.scald": "Scalds",
    "risk.fall_from_bed": "Falls from bed",
    "risk.fall": "Falls",
    "risk.harm_to_others_and_self": "Harm to others and self-harm",
    "risk.wandering": "Wandering off",
    "risk.recreation_accident": "Accidents in recreation",
    "mgmt.emergency_plans": "Emergency plans",
    "mgmt.emergency_drills": "Emergency drills",
    "mgmt.duty_24h": "24-hour duty",
    "mgmt.records": "Service and safety records",
    "star.explain": "Show each level's conditions",
    "star.submit": "Check the level",
    "star.card_failed": "The grading card could not be loaded.",
    "star.result.level": "Level reached",
    "star.result.none": "No level reached",
    "star.result.before_veto": "The scores reach",
    "star.result.vetoed": "No level is awarded because these prerequisites are not met:",
    "star.result.total": "Total",
    "star.result.sections": "Scores by section",
    "star.result.capped": "(capped at the maximum)",
    "star.result.levels": "Each level's conditions",
    "star.result.met": "met",
    "star.result.not_met": "not met",
    "star.result.prerequisites": "Prerequisites",
    "star.result.safety": "GB 38600-2019 self-check",
    "star.result.compliant": "all met",
    "star.result.findings": "Not met",
    "star.result.not_assessed": "Residents without a risk assessment",
    "star.result.gap": "Gap to the next level",
    "star.result.top": "This is the top level.",
    "star.result.gap_items": "The fewest items to raise",
    "star.result.gap_sections": "Sections: now / required / after",
    "star.result.occupancy": "Occupancy: now {current}, required {required}",
    "star.result.item": "Item",
    "star.result.now": "Now",
    "star.result.add": "Add",
    "star.result.after": "After",
  },
);

const RISKS = ["choking", "food_drug_misuse", "pressure_injury", "scald", "fall_from_bed", "fall", "harm_to_others_and_self", "wandering", "recreation_accident"];
const MANAGEMENT = ["emergency_plans", "emergency_drills", "duty_24h", "records"];
const SAFETY = [
  q("safety.residents", "integer", { label: "star.safety.residents" }),
  q("safety.residents_assessed", "integer", { label: "star.safety.residents_assessed" }),
  ...RISKS.map((k) => q(`safety.risks.${k}`, "bool_checkbox", { label: `risk.${k}` })),
  ...MANAGEMENT.map((k) => q(`safety.management.${k}`, "bool_checkbox", { label: `mgmt.${k}` })),
];
const BASIC = [
  q("assessment_date", "date", { label: "star.assessment_date", hint: true, required: true }),
  q("occupancy", "share_percent", { label: "star.occupancy", hint: true, placeholder: "45" }),
];
const EXPLAIN = q("options.explain", "checkbox", { label: "star.explain" });

/** Every wire path the form can send (`*`: any key of a map); checked against the schema by the tests. */
export const WIRE_PATHS = [...BASIC.map((x) => x.key), "scores.*", "prerequisites.*", ...SAFETY.map((x) => x.key), EXPLAIN.key];
export const LISTS = [];

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
const v = (path, value, ...content) => h("span", { "data-result": path, "data-value": String(value) }, ...(content.length ? content : [String(value)]));
const results = (map) => ({ "data-results": JSON.stringify(map) });

/** Creates the star self-check in `container`, on the card the engine gives. */
export function createStarForm(container, engine) {
  let card;
  try {
    card = engine.call("star_card", {});
  } catch {
    container.append(h("p", { class: "status failed" }, t("star.card_failed")));
    return { relabel() {} };
  }
  const items = card.sections.flatMap((s) => s.items.map((it) => ({ ...it, section: s.id })));
  const scoreQ = items.map((it) => q(`scores.${it.id}`, "decimal", { item: it }));
  const declared = card.prerequisites.filter((p) => p.kind === "declared");
  const needsSafety = card.prerequisites.some((p) => p.kind === "gb38600");
  const prereqQ = declared.map((p) => q(`prerequisites.${p.id}`, "bool_select", { prerequisite: p }));
  const all = [...BASIC, ...scoreQ, ...prereqQ, ...(needsSafety ? SAFETY : []), EXPLAIN];

  function initial() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return { assessment_date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, "options.explain": true };
  }

  function toRequest(a) {
    // Item ids contain dots (`environment.transport`): map keys, set directly.
    const request = { assessment_date: a.assessment_date ?? "" };
    if (!request.assessment_date) request.assessment_date = "";
    const occupancy = KINDS.share_percent(a.occupancy ?? "");
    if (occupancy !== undefined) request.occupancy = occupancy;
    request.scores = {};
    for (const x of scoreQ) {
      const value = KINDS.decimal(a[x.key] ?? "");
      if (value !== undefined) request.scores[x.item.id] = value;
    }
    request.prerequisites = {};
    for (const x of prereqQ) {
      const value = KINDS.bool_select(a[x.key] ?? "");
      if (value !== undefined) request.prerequisites[x.prerequisite.id] = value;
    }
    if (needsSafety) {
      const safety = { risks: {}, management: {} };
      for (const k of ["residents", "residents_assessed"]) {
        const value = KINDS.integer(a[`safety.${k}`] ?? "");
        if (value !== undefined) safety[k] = value;
      }
      for (const k of RISKS) safety.risks[k] = a[`safety.risks.${k}`] === true;
      for (const k of MANAGEMENT) safety.management[k] = a[`safety.management.${k}`] === true;
      request.safety = safety;
    }
    if (!a["options.explain"]) request.options = { explain: false };
    return request;
  }

  return createTool({
    id: "star",
    api: "star_rating",
    container,
    engine,
    initial,
    read: (form) => readAnswers(form, all),
    toRequest,
    renderResult,
    submitKey: "star.submit",
    render(a) {
      const ask = (x) => question(x, x.key, a[x.key]);
      const yesNo = [
        ["true", t("star.yes")],
        ["false", t("star.no")],
      ];
      return [
        group(t("star.section.basic"), { class: "basic" }, h("p", { class: "hint" }, pick(card, "label")), grid(BASIC.map(ask))),
        ...card.sections.map((s) =>
          group(
            `${pick(s, "label")}（${fill(t("star.max"), { max: s.max })}）`,
            { class: "items", "data-section": s.id },
            grid(
              scoreQ
                .filter((x) => x.item.section === s.id)
                .map((x) => question({ ...x, labelText: pick(x.item, "label"), hint: fill(t("star.max"), { max: x.item.max }) }, x.key, a[x.key])),
            ),
          ),
        ),
        group(
          t("star.prerequisites"),
          { class: "prerequisites" },
          grid(prereqQ.map((x) => question({ ...x, labelText: pick(x.prerequisite, "label"), options: yesNo, empty: "form.choose", required: true }, x.key, a[x.key]))),
          needsSafety
            ? group(
                t("star.safety"),
                { class: "safety" },
                grid(SAFETY.slice(0, 2).map(ask)),
                group(t("star.safety.risks"), { class: "flags" }, h("div", { class: "checks" }, SAFETY.slice(2, 2 + RISKS.length).map(ask))),
                group(t("star.safety.management"), { class: "flags" }, h("div", { class: "checks" }, SAFETY.slice(2 + RISKS.length).map(ask))),
              )
            : null,
        ),
        h("div", { class: "options" }, ask(EXPLAIN)),
      ];
    },
  });
}

function renderResult(r, headingId) {
  const zh = lang() === "zh";
  const sectionName = Object.fromEntries(r.sections.map((s) => [s.id, pick(s, "label")]));
  const levelName = r.level === 0 ? t("star.result.none") : pick(r, "level_label");
  return [
    h("h2", { id: headingId, tabindex: "-1" }, t("result.heading")),
    h("p", { class: "meta" }, pick(r.card, "label"), " ", h("span", results({ "card.id": r.card.id, "card.builtin": r.card.builtin, "card.citation.source": r.card.citation.source, "card.citation.number": r.card.citation.number ?? null }))),
    h(
      "p",
      { class: "total" },
      `${t("star.result.level")}：`,
      v("level", r.level, h("strong", { "data-result": "level_label_zh", "data-value": r.level_label_zh }, levelName)),
      h("span", results({ level_label_en: r.level_label_en, level_before_veto: r.level_before_veto, "vetoed_by.length": r.vetoed_by.length })),
    ),
    illustrativeNotice(r.warnings),
    r.vetoed_by.length
      ? h(
          "div",
          { class: "illustrative-notice", role: "note" },
          `${t("star.result.before_veto")} ${r.level_before_veto}；${t("star.result.vetoed")}`,
          h("ul", {}, r.vetoed_by.map((id, i) => h("li", results({ [`vetoed_by[${i}]`]: id }), pick(r.prerequisites.find((p) => p.id === id) ?? {}, "label") || id))),
        )
      : null,
    h(
      "p",
      {},
      `${t("star.result.total")}：`,
      v("total", r.total, h("strong", {}, r.total)),
      " / ",
      v("total_max", r.total_max),
      h("span", results({ total_max_status: r.total_max_status })),
    ),
    gapBlock(r.gap, sectionName, zh),
    h("h3", {}, t("star.result.sections")),
    h(
      "ul",
      { class: "sections", ...results({ "sections.length": r.sections.length }) },
      r.sections.map((s, i) =>
        h(
          "li",
          results({ [`sections[${i}].id`]: s.id, [`sections[${i}].raw`]: s.raw, [`sections[${i}].status`]: s.status, [`sections[${i}].capped`]: s.capped }),
          h("strong", {}, pick(s, "label")),
          "：",
          v(`sections[${i}].score`, s.score),
          " / ",
          v(`sections[${i}].max`, s.max),
          s.capped ? t("star.result.capped") : null,
        ),
      ),
    ),
    h("h3", {}, t("star.result.prerequisites")),
    h(
      "ul",
      { class: "prerequisites", ...results({ "prerequisites.length": r.prerequisites.length }) },
      r.prerequisites.map((p, i) =>
        h(
          "li",
          results({
            [`prerequisites[${i}].id`]: p.id,
            [`prerequisites[${i}].kind`]: p.kind,
            [`prerequisites[${i}].met`]: p.met,
            [`prerequisites[${i}].status`]: p.status,
            [`prerequisites[${i}].citation.source`]: p.citation.source,
          }),
          h("span", { class: `badge ${p.met ? "status-eligible" : ""}` }, t(p.met ? "star.result.met" : "star.result.not_met")),
          " ",
          pick(p, "label"),
          h("br"),
          h("span", { class: "basis" }, `${t("result.basis")}：`, citation(p.citation)),
        ),
      ),
    ),
    r.safety ? safetyBlock(r.safety) : null,
    r.levels.length
      ? h(
          "details",
          { class: "steps" },
          h("summary", {}, t("star.result.levels")),
          h(
            "ol",
            results({ "levels.length": r.levels.length }),
            r.levels.map((l, i) =>
              h(
                "li",
                results({
                  [`levels[${i}].rank`]: l.rank,
                  [`levels[${i}].met`]: l.met,
                  [`levels[${i}].status`]: l.status,
                  [`levels[${i}].occupancy_status`]: l.occupancy_status ?? null,
                  [`levels[${i}].min_total`]: l.min_total,
                  [`levels[${i}].min_occupancy`]: l.min_occupancy ?? null,
                  [`levels[${i}].shortfalls.length`]: l.shortfalls.length,
                  [`levels[${i}].min_sections.length`]: l.min_sections.length,
                  ...Object.fromEntries(l.shortfalls.map((s, j) => [`levels[${i}].shortfalls[${j}]`, s])),
                  ...Object.fromEntries(l.min_sections.flatMap((m, j) => [[`levels[${i}].min_sections[${j}].section_id`, m.section_id], [`levels[${i}].min_sections[${j}].min`, m.min]])),
                }),
                h("strong", {}, pick(l, "label")),
                " ",
                h("span", { class: `badge ${l.met ? "status-eligible" : ""}` }, t(l.met ? "star.result.met" : "star.result.not_met")),
                " ",
                illustrativeFlag(l.status === "illustrative"),
                h("p", { class: "formula" }, pick(l, "formula")),
                h("p", { class: "basis" }, `${t("result.basis")}：`, citation(l.citation)),
              ),
            ),
          ),
        )
      : null,
    warningList(r.warnings),
    receipt(r.receipt),
  ];
}

function gapBlock(gap, sectionName, zh) {
  if (!gap) return h("section", { class: "gap", ...results({ gap: null }) }, h("h3", {}, t("star.result.gap")), h("p", {}, t("star.result.top")));
  return h(
    "section",
    {
      class: "gap",
      ...results({
        "gap.target_level": gap.target_level,
        "gap.target_label_zh": gap.target_label_zh,
        "gap.item_count": gap.item_count,
        "gap.items.length": gap.items.length,
        "gap.sections.length": gap.sections.length,
        "gap.total.score": gap.total.score,
        "gap.total.required": gap.total.required,
        "gap.total.after": gap.total.after,
      }),
    },
    h("h3", {}, `${t("star.result.gap")}：${pick(gap, "target_label")}`),
    h("p", { class: "big" }, pick(gap, "summary"), " ", h("span", { "data-result": "gap.points", "data-value": gap.points })),
    gap.items.length
      ? h(
          "table",
          { class: "gap-items" },
          h("caption", {}, t("star.result.gap_items")),
          h("thead", {}, h("tr", {}, [t("star.result.item"), t("star.result.now"), t("star.result.add"), t("star.result.after")].map((x) => h("th", { scope: "col" }, x)))),
          h(
            "tbody",
            {},
            gap.items.map((it, i) =>
              h(
                "tr",
                results({
                  [`gap.items[${i}].section_id`]: it.section_id,
                  [`gap.items[${i}].item_id`]: it.item_id,
                  [`gap.items[${i}].awarded`]: it.awarded,
                  [`gap.items[${i}].max`]: it.max,
                  [`gap.items[${i}].add`]: it.add,
                  [`gap.items[${i}].after`]: it.after,
                }),
                h("th", { scope: "row" }, `${sectionName[it.section_id] ?? it.section_id} · ${pick(it, "label")}`),
                h("td", {}, `${it.awarded} / ${it.max}`),
                h("td", { class: "add" }, `+${it.add}`),
                h("td", {}, it.after),
              ),
            ),
          ),
        )
      : null,
    h(
      "p",
      {},
      `${t("star.result.gap_sections")}：`,
      gap.sections
        .map((s) => `${sectionName[s.section_id] ?? s.section_id} ${s.score} / ${s.required} / ${s.after}`)
        .join(zh ? "；" : "; "),
      h(
        "span",
        results(
          Object.fromEntries(
            gap.sections.flatMap((s, i) => [
              [`gap.sections[${i}].section_id`, s.section_id],
              [`gap.sections[${i}].score`, s.score],
              [`gap.sections[${i}].required`, s.required],
              [`gap.sections[${i}].after`, s.after],
            ]),
          ),
        ),
      ),
    ),
    gap.occupancy
      ? h(
          "p",
          results({ "gap.occupancy.current": gap.occupancy.current, "gap.occupancy.required": gap.occupancy.required, "gap.occupancy.met": gap.occupancy.met }),
          fill(t("star.result.occupancy"), { current: `${shareToPercent(gap.occupancy.current)}%`, required: `${shareToPercent(gap.occupancy.required)}%` }),
          gap.occupancy.met ? ` ✓` : ` ✗`,
        )
      : null,
  );
}

function safetyBlock(s) {
  return h(
    "section",
    {
      class: "safety-result",
      ...results({
        "safety.compliant": s.compliant,
        "safety.mandatory": s.mandatory,
        "safety.residents_not_assessed": s.residents_not_assessed,
        "safety.findings.length": s.findings.length,
        ...Object.fromEntries(
          s.findings.flatMap((f, i) => [
            [`safety.findings[${i}].id`, f.id],
            [`safety.findings[${i}].label_zh`, f.label_zh],
            [`safety.findings[${i}].citation.source`, f.citation.source],
          ]),
        ),
      }),
    },
    h("h3", {}, t("star.result.safety")),
    s.compliant
      ? h("p", {}, t("star.result.compliant"))
      : h(
          "div",
          {},
          s.residents_not_assessed ? h("p", {}, `${t("star.result.not_assessed")}：${s.residents_not_assessed}`) : null,
          h("p", {}, t("star.result.findings")),
          h("ul", {}, s.findings.map((f) => h("li", {}, pick(f, "label"), " ", citation(f.citation)))),
        ),
  );
}
