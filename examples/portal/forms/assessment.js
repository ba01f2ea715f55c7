// Elderly ability self-assessment: the `assess_ability` API. The items of GB/T 42195-2022
// (default) or MZ/T 039-2013, the circumstances that change the level, and the result: group
// scores, preliminary level, each level-changing clause with its effect and legal basis, the
// final level, and the 特困 self-care tier and care-home care tier it maps to.
//
// A self-assessment is an estimate: the official assessment is done by an assessment agency.

import { group, h } from "../dom.js";
import { addTexts, lang, pick, t } from "../i18n.js";
import { citation, illustrativeNotice, receipt, stepList, warningList } from "../render.js";
import { convert, createTool, grid, q, question, readAnswers } from "./common.js";

/** An item: wire id, labels, allowed scores (ascending), and labels of particular scores. */
const item = (id, zh, en, scores, named = {}) => ({ id, zh, en, scores, named });
const upTo = (max) => Array.from({ length: max + 1 }, (_, i) => i);

/** The two standards' items by group, in form order (as core/src/assessment/). */
const STANDARDS = {
  gbt_42195_2022: {
    direction: "higher_better",
    groups: [
      ["self_care", "自理能力", "Self-care", [
        item("eating", "进食", "Eating", upTo(4)),
        item("grooming", "修饰", "Grooming", upTo(4)),
        item("bathing", "洗澡", "Bathing", upTo(4)),
        item("dressing_upper", "穿/脱上衣", "Dressing (upper body)", upTo(4)),
        item("dressing_lower", "穿/脱裤子和鞋袜", "Dressing (trousers, shoes, socks)", upTo(4)),
        item("urination_control", "小便控制", "Bladder control", upTo(4)),
        item("bowel_control", "大便控制", "Bowel control", upTo(4)),
        item("toileting", "如厕", "Toileting", upTo(4)),
      ]],
      ["basic_mobility", "基础运动能力", "Basic mobility", [
        item("bed_position_change", "床上体位转移", "Turning in bed", upTo(4)),
        item("bed_chair_transfer", "床椅转移", "Bed–chair transfer", upTo(4)),
        item("walking", "平地行走", "Walking on level ground", upTo(4)),
        item("stairs", "上下楼梯", "Stairs", upTo(3)),
      ]],
      ["mental_state", "精神状态", "Mental state", [
        item("time_orientation", "时间定向", "Orientation in time", upTo(4)),
        item("place_orientation", "空间定向", "Orientation in place", upTo(4)),
        item("person_orientation", "人物定向", "Orientation to persons", upTo(4)),
        item("memory", "记忆", "Memory", upTo(4)),
        item("comprehension", "理解能力", "Comprehension", upTo(4)),
        item("expression", "表达能力", "Expression", upTo(4)),
        item("aggression", "攻击行为", "Aggressive behaviour", upTo(1), { 1: ["无", "none"], 0: ["有", "present"] }),
        item("depression", "抑郁症状", "Depressive symptoms", upTo(1), { 1: ["无", "none"], 0: ["有", "present"] }),
        item("consciousness", "意识水平", "Level of consciousness", upTo(2), {
          2: ["神志清醒", "alert"],
          1: ["嗜睡或意识模糊", "drowsy or confused"],
          0: ["昏睡或昏迷", "stupor or coma"],
        }),
      ]],
      ["perception_and_social", "感知觉与社会参与", "Perception and social participation", [
        item("vision", "视力", "Vision", upTo(2)),
        item("hearing", "听力", "Hearing", upTo(2)),
        item("daily_affairs", "执行日常事务", "Daily affairs", upTo(4)),
        item("transport", "使用交通工具外出", "Going out by transport", upTo(3)),
        item("social_interaction", "社会交往能力", "Social interaction", upTo(4)),
      ]],
    ],
  },
  mzt_039_2013: {
    groups: [
      ["adl", "日常生活活动", "Activities of daily living", [
        item("eating", "进食", "Eating", [0, 5, 10]),
        item("bathing", "洗澡", "Bathing", [0, 5]),
        item("grooming", "修饰", "Grooming", [0, 5]),
        item("dressing", "穿衣", "Dressing", [0, 5, 10]),
        item("bowel_control", "大便控制", "Bowel control", [0, 5, 10]),
        item("urination_control", "小便控制", "Bladder control", [0, 5, 10]),
        item("toileting", "如厕", "Toileting", [0, 5, 10]),
        item("bed_chair_transfer", "床椅转移", "Bed–chair transfer", [0, 5, 10, 15]),
        item("walking", "平地行走", "Walking on level ground", [0, 5, 10, 15]),
        item("stairs", "上下楼梯", "Stairs", [0, 5, 10]),
      ], "higher_better"],
      ["mental", "精神状态", "Mental state", [
        item("cognition", "认知功能", "Cognition", upTo(2)),
        item("aggression", "攻击行为", "Aggressive behaviour", upTo(2)),
        item("depression", "抑郁症状", "Depressive symptoms", upTo(2)),
      ], "higher_worse"],
      ["perception", "感知觉与沟通", "Perception and communication", [
        item("consciousness", "意识水平", "Level of consciousness", upTo(3), {
          0: ["神志清醒", "alert"],
          1: ["嗜睡", "drowsy"],
          2: ["昏睡", "stupor"],
          3: ["昏迷", "coma"],
        }),
        item("vision", "视力", "Vision", upTo(4)),
        item("hearing", "听力", "Hearing", upTo(4)),
        item("communication", "沟通交流", "Communication", upTo(3)),
      ], "higher_worse"],
      ["social", "社会参与", "Social participation", [
        item("daily_living", "生活能力", "Daily living", upTo(4)),
        item("work", "工作能力", "Working ability", upTo(4)),
        item("time_space_orientation", "时间/空间定向", "Orientation in time and space", upTo(4)),
        item("person_orientation", "人物定向", "Orientation to persons", upTo(4)),
        item("social_interaction", "社会交往能力", "Social interaction", upTo(4)),
      ], "higher_worse"],
    ],
  },
};

addTexts(
  {
    "assessment.standard": "评估标准",
    "assessment.standard.hint": "现行标准为GB/T 42195-2022",
    "assessment.items": "逐项评分",
    "assessment.higher_better": "分数越高，能力越好。",
    "assessment.gbt_bands": "四组合计0–90分。初步等级：90分为能力完好；66–89分轻度失能；46–65分中度失能；30–45分重度失能；0–29分完全失能。昏迷者为完全失能；确诊认知障碍或精神疾病，或近30天内发生两次及以上跌倒、噎食、自杀自伤、走失等风险事件的，等级各提高一级，最高为完全失能。",
    "assessment.higher_worse": "分数越高，受损越重。",
    "assessment.points": "分",
    "assessment.circumstances": "可能提高等级的情况",
    "assessment.coma": "处于昏迷状态",
    "assessment.dementia_or_psychiatric_diagnosis": "确诊为痴呆，或经精神科医生诊断有其他精神和行为障碍",
    "assessment.risk_events_30_days": "近30天内发生跌倒、噎食、自杀、自伤、走失等意外的次数",
    "assessment.explain": "显示详细评分过程",
    "assessment.submit": "得出能力等级",
    "assessment.result.total": "总分",
    "assessment.result.groups": "各项得分",
    "assessment.result.domain_level": "分级",
    "assessment.result.preliminary": "初步等级",
    "assessment.result.adjustments": "等级变更依据",
    "assessment.result.applies": "适用",
    "assessment.result.not_applies": "不适用",
    "assessment.result.final": "最终能力等级",
    "assessment.result.self_care": "特困人员生活自理能力",
    "assessment.result.care_tier": "养老机构照护等级",
    "assessment.result.estimate": "这是自评结果，仅供参考；正式等级以评估机构的评估为准。",
  },
  {
    "assessment.standard": "Standard",
    "assessment.standard.hint": "The current standard is GB/T 42195-2022",
    "assessment.items": "Item scores",
    "assessment.higher_better": "A higher score means more able.",
    "assessment.gbt_bands": "The four groups add up to 0–90. Preliminary level: 90 intact; 66–89 mildly impaired; 46–65 moderately; 30–45 severely; 0–29 completely. Coma means completely impaired; a diagnosed dementia or psychiatric disorder, or two or more risk events in the last 30 days (fall, choking, suicide or self-harm, wandering), each raise the level by one, to at most completely impaired.",
    "assessment.higher_worse": "A higher score means more impaired.",
    "assessment.points": "points",
    "assessment.circumstances": "Circumstances that may raise the level",
    "assessment.coma": "In a coma",
    "assessment.dementia_or_psychiatric_diagnosis": "Diagnosed with dementia, or another mental or behavioural disorder diagnosed by a psychiatrist",
    "assessment.risk_events_30_days": "Falls, choking, suicide attempts, self-harm or wandering off in the last 30 days (count)",
    "assessment.explain": "Show the detailed scoring",
    "assessment.submit": "Get the ability level",
    "assessment.result.total": "Total score",
    "assessment.result.groups": "Scores by group",
    "assessment.result.domain_level": "grade",
    "assessment.result.preliminary": "Preliminary level",
    "assessment.result.adjustments": "Level-changing circumstances",
    "assessment.result.applies": "applies",
    "assessment.result.not_applies": "does not apply",
    "assessment.result.final": "Final ability level",
    "assessment.result.self_care": "Self-care level (tekun)",
    "assessment.result.care_tier": "Care-home care tier",
    "assessment.result.estimate": "This is a self-assessment, an estimate; the official level is the assessment agency's.",
  },
);

const STANDARD_OPTIONS = () => [
  ["gbt_42195_2022", lang() === "zh" ? "GB/T 42195-2022《老年人能力评估规范》" : "GB/T 42195-2022 Elderly ability assessment"],
  ["mzt_039_2013", lang() === "zh" ? "MZ/T 039-2013《老年人能力评估》（旧标准）" : "MZ/T 039-2013 Elderly ability assessment (former)"],
];

/** The score options of an item: "4 分", with the meaning of named scores. */
function scoreOptions(it) {
  const zh = lang() === "zh";
  return [...it.scores].reverse().map((s) => {
    const name = it.named[s];
    return [String(s), `${s} ${t("assessment.points")}${name ? (zh ? `（${name[0]}）` : ` (${name[1]})`) : ""}`];
  });
}

const CIRCUMSTANCES = [
  q("coma", "checkbox", { label: "assessment.coma" }),
  q("dementia_or_psychiatric_diagnosis", "checkbox", { label: "assessment.dementia_or_psychiatric_diagnosis" }),
  q("risk_events_30_days", "integer", { label: "assessment.risk_events_30_days" }),
];
const EXPLAIN = q("options.explain", "checkbox", { label: "assessment.explain" });

/** The item questions of a standard. */
function itemQuestions(standard) {
  return STANDARDS[standard].groups.flatMap(([, , , items]) =>
    items.map((it) => q(`items.${it.id}`, "number_select", { item: it, empty: "form.choose" })),
  );
}

/** Every wire path the form can send (checked against the schema by the tests). */
export const WIRE_PATHS = [
  "standard",
  ...new Set(Object.keys(STANDARDS).flatMap((s) => itemQuestions(s).map((x) => x.key))),
  ...CIRCUMSTANCES.map((x) => x.key),
  EXPLAIN.key,
];
export const LISTS = [];

function initial() {
  return { standard: "gbt_42195_2022", answers: { "options.explain": true } };
}

function read(form) {
  const standard = form.querySelector('[data-path="standard"]')?.value || "gbt_42195_2022";
  return { standard, answers: readAnswers(form, [...itemQuestions(standard), ...CIRCUMSTANCES, EXPLAIN]) };
}

function toRequest(state) {
  const request = convert([...itemQuestions(state.standard), ...CIRCUMSTANCES, EXPLAIN], state.answers, { standard: state.standard });
  // Sent even when empty, so an unanswered item is reported at its own field.
  request.items ??= {};
  if (request.options?.explain) delete request.options;
  else request.options = { explain: false };
  return request;
}

/** A value of the result, marked for the tests with its path. */
const v = (path, value, ...content) => h("span", { "data-result": path, "data-value": String(value) }, ...(content.length ? content : [String(value)]));

function levelText(info) {
  return `${pick(info, "label")}（${info.number}）`;
}

function renderResult(r, headingId) {
  const zh = lang() === "zh";
  return [
    h("h2", { id: headingId, tabindex: "-1" }, t("result.heading")),
    h("p", { class: "meta" }, v("standard", r.standard, pick(r, "standard_label"))),
    h(
      "div",
      { class: "headline" },
      h("p", { class: "big" }, `${t("assessment.result.final")}：`, v("final_level.level", r.final_level.level, h("strong", { "data-result": "final_level.number", "data-value": String(r.final_level.number) }, levelText(r.final_level)))),
      h(
        "p",
        {},
        `${t("assessment.result.self_care")}：`,
        v("self_care_level", r.self_care_level, zh ? SELF_CARE[r.self_care_level]?.[0] ?? r.self_care_level : SELF_CARE[r.self_care_level]?.[1] ?? r.self_care_level),
        zh ? "；" : "; ",
        `${t("assessment.result.care_tier")}：`,
        v("care_tier", r.care_tier, zh ? CARE_TIER[r.care_tier]?.[0] ?? r.care_tier : CARE_TIER[r.care_tier]?.[1] ?? r.care_tier),
      ),
      h("p", { class: "illustrative-notice", role: "note" }, t("assessment.result.estimate")),
      illustrativeNotice(r.warnings),
    ),
    r.total_score !== undefined && r.total_score !== null
      ? h("p", { class: "total" }, `${t("assessment.result.total")}：`, v("total_score", r.total_score, h("strong", {}, String(r.total_score))), " / 90")
      : null,
    h("h3", {}, t("assessment.result.groups")),
    h(
      "ul",
      { class: "groups" },
      r.groups.map((g, i) =>
        h(
          "li",
          { "data-results": JSON.stringify({ [`groups[${i}].id`]: g.id }) },
          h("strong", {}, pick(g, "label")),
          g.score !== undefined ? ["：", v(`groups[${i}].score`, g.score), g.max_score !== undefined ? ` / ${g.max_score}` : ""] : null,
          g.level !== undefined ? ["　", t("assessment.result.domain_level"), " ", v(`groups[${i}].level`, g.level), g.level_label_zh ? `（${g.level_label_zh}）` : ""] : null,
          h("span", { class: "items-inline" }, " — ", g.items.map((it) => `${pick(it, "label")} ${it.score}/${it.max_score}`).join(zh ? "，" : ", ")),
        ),
      ),
    ),
    h(
      "p",
      {},
      `${t("assessment.result.preliminary")}：`,
      v("preliminary_level.level", r.preliminary_level.level, h("span", { "data-result": "preliminary_level.number", "data-value": String(r.preliminary_level.number) }, levelText(r.preliminary_level))),
    ),
    h("h3", {}, t("assessment.result.adjustments")),
    h(
      "ul",
      { class: "adjustments" },
      r.adjustments.map((a, i) =>
        h(
          "li",
          {
            class: a.applies ? "applies" : "not-applies",
            "data-results": JSON.stringify({
              [`adjustments[${i}].code`]: a.code,
              [`adjustments[${i}].applies`]: String(a.applies),
              [`adjustments[${i}].level_before`]: String(a.level_before),
              [`adjustments[${i}].level_after`]: String(a.level_after),
            }),
          },
          h("span", { class: `badge ${a.applies ? "status-eligible" : ""}` }, t(a.applies ? "assessment.result.applies" : "assessment.result.not_applies")),
          " ",
          pick(a, "message"),
          a.applies ? ` (${a.level_before} → ${a.level_after})` : null,
          h("br"),
          h("span", { class: "basis" }, `${t("result.basis")}：`, citation(a.citation)),
        ),
      ),
    ),
    warningList(r.warnings),
    stepList(r.steps),
    receipt(r.receipt),
  ];
}

const SELF_CARE = {
  full_self_care: ["全自理", "Fully self-caring"],
  partial_self_care: ["半自理", "Partly self-caring"],
  full_care: ["全护理", "Needs full care"],
};
const CARE_TIER = {
  self_care: ["自理", "Self-care"],
  mild: ["轻度失能照护", "Mild-disability care"],
  moderate: ["中度失能照护", "Moderate-disability care"],
  severe: ["重度失能照护", "Severe-disability care"],
  complete: ["完全失能照护", "Complete-disability care"],
};

/** Creates the assessment form in `container`. */
export function createAssessmentForm(container, engine) {
  return createTool({
    id: "assessment",
    api: "assess_ability",
    container,
    engine,
    initial,
    read,
    toRequest,
    renderResult,
    submitKey: "assessment.submit",
    render(state, tool) {
      const spec = STANDARDS[state.standard];
      const standardField = question(
        q("standard", "select", { label: "assessment.standard", hint: true, options: STANDARD_OPTIONS(), required: true }),
        "standard",
        state.standard,
      );
      // Another standard asks other items: redraw, keeping the answers both share.
      standardField.querySelector("select").addEventListener("change", () => tool.update());
      return [
        group(
          t("assessment.standard"),
          { class: "basic" },
          grid(standardField),
          // The level bands and adjustments of GB/T 42195-2022 (handbook §6), so a family can read its total.
          state.standard === "gbt_42195_2022" ? h("p", { class: "hint", "data-bands": "" }, t("assessment.gbt_bands")) : null,
        ),
        ...spec.groups.map(([id, zh, en, items, direction]) =>
          group(
            lang() === "zh" ? zh : en,
            { class: "items", "data-group": id },
            h("p", { class: "hint" }, t(`assessment.${direction ?? spec.direction}`)),
            grid(
              items.map((it) =>
                question(
                  q(`items.${it.id}`, "number_select", { options: scoreOptions(it), empty: "form.choose", labelText: lang() === "zh" ? it.zh : it.en }),
                  `items.${it.id}`,
                  state.answers[`items.${it.id}`],
                ),
              ),
            ),
          ),
        ),
        group(
          t("assessment.circumstances"),
          { class: "circumstances" },
          CIRCUMSTANCES.map((x) => question(x, x.key, state.answers[x.key])),
        ),
        h("div", { class: "options" }, question(EXPLAIN, EXPLAIN.key, state.answers[EXPLAIN.key])),
      ];
    },
  });
}
