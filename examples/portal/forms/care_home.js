// Care-home monthly cost estimator: the `care_home_bill` API. The month and the days of stay,
// the home's fees (or the sample tariff, whose figures are illustrative), the resident's group,
// room and assessed ability level, long-term care insurance and other subsidies in; the bill
// out: charges, reductions, insurance, subsidies and what the resident pays, each with its
// formula and legal basis.

import { group, h } from "../dom.js";
import { addEnums, addTexts, enumLabel, pick, t } from "../i18n.js";
import { amount, citation, illustrativeNotice, lineItemList, receipt, stepList, warningList } from "../render.js";
import { convert, createTool, defaultDate, grid, put, q, question, readAnswers } from "./common.js";

/** Room types with a wire word (the sample tariff's), in words. */
const ROOM_WORDS = { single: ["单人间", "Single room"], double: ["双人间", "Double room"], multi: ["多人间", "Shared room"], ward: ["病房", "Ward"] };

addEnums({
  resident_group: {
    general: ["社会老人", "General resident"],
    tekun: ["特困供养人员", "Tekun (extremely poor) resident"],
    dibao: ["低保对象", "Dibao recipient"],
    dibao_marginal: ["低保边缘家庭老年人", "From a marginal household"],
    youfu: ["优抚对象", "Entitled person (优抚对象)"],
    jisheng_special: ["计划生育特殊家庭老年人", "Family-planning special family"],
  },
  ltc_scheme: { employee: ["职工医保参保人", "Employee medical insurance"], resident: ["城乡居民医保参保人", "Residents' medical insurance"] },
  ltc_grade: { 1: ["一级", "Grade 1"], 2: ["二级", "Grade 2"], 3: ["三级（最重）", "Grade 3 (most severe)"] },
  partial_month: {
    calendar_days: ["按实际天数：月收费 × 入住天数 ÷ 当月天数", "By calendar days: monthly fee × days ÷ days in the month"],
    thirty_days: ["按30天：月收费 ÷ 30 × 入住天数（不超过月收费）", "By 30 days: monthly fee ÷ 30 × days (at most the monthly fee)"],
    full_month: ["不足一月按一月收取", "A part month is charged in full"],
  },
  tariff_source: { sample: ["使用示例收费标准（示例数值）", "The sample tariff (illustrative figures)"], own: ["填写机构的收费标准", "Enter the home's own fees"] },
  sample_room: ROOM_WORDS,
  care_tier: {
    self_care: ["自理", "self-care"],
    mild: ["轻度失能照护", "mild-disability care"],
    moderate: ["中度失能照护", "moderate-disability care"],
    severe: ["重度失能照护", "severe-disability care"],
    complete: ["完全失能照护", "complete-disability care"],
  },
});

addTexts(
  {
    "care.section.stay": "计费月份与入住天数",
    "care.calculation_date": "计费月份内的任一天",
    "care.calculation_date.hint": "按该日所在月份计费，适用当日有效的标准",
    "care.stay_from": "本月入住起始日（选填）",
    "care.stay_from.hint": "整月入住可不填",
    "care.stay_to": "本月入住截止日（选填）",
    "care.section.tariff": "收费标准",
    "care.tariff_source": "收费标准来源",
    "care.tariff.name": "机构或收费标准名称",
    "care.rooms": "床位费（元/月）",
    "care.rooms.hint": "按房间类型填写，如单人间、双人间。",
    "care.room_key": "房间类型",
    "care.room_fee": "床位费（元/月）",
    "care.add_room": "添加房间类型",
    "care.remove_room": "删除",
    "care.care_fee": "护理费（元/月）",
    "care.care_fee.self_care": "自理",
    "care.care_fee.mild": "轻度失能",
    "care.care_fee.moderate": "中度失能",
    "care.care_fee.severe": "重度失能",
    "care.care_fee.complete": "完全失能",
    "care.meal_fee": "伙食费（元/月）",
    "care.partial_month": "不足整月时的收费方式",
    "care.section.resident": "入住老人",
    "care.resident.group": "对象类别",
    "care.resident.room_type": "入住房间类型",
    "care.resident.ability_level": "老年人能力评估等级",
    "care.resident.ability_level.hint": "可先用“老年人能力自评”估算",
    "care.resident.meals": "在机构用餐",
    "care.section.ltc": "长期护理保险（如已参保并评定失能等级）",
    "care.ltc.scheme": "参保类别",
    "care.ltc.grade": "失能等级",
    "care.no_ltc": "未参保 / 未评定",
    "care.section.subsidies": "其他补贴（选填）",
    "care.subsidies.hint": "如区里的入住补贴、慈善资助，按填写顺序抵扣，不超过尚需支付的金额。",
    "care.subsidy.name": "补贴名称",
    "care.subsidy.amount": "本月金额（元）",
    "care.add_subsidy": "添加补贴",
    "care.remove_subsidy": "删除补贴",
    "care.explain": "显示详细计算过程",
    "care.submit": "估算本月费用",
    "care.result.out_of_pocket": "本月个人需支付",
    "care.result.period": "计费期间",
    "care.result.days": "入住{days}天（当月{month}天）",
    "care.result.whole_month": "整月",
    "care.result.tariff": "收费标准",
    "care.result.sample": "使用的是示例收费标准，金额仅作演示，请以入住机构公布的收费标准为准。",
    "care.result.group": "对象类别",
    "care.result.care_tier": "护理等级",
    "care.result.charges": "收费项目",
    "care.result.total_charges": "收费合计",
    "care.result.deductions": "减免、保险和补贴",
    "care.result.total_deductions": "减免合计",
    "care.result.ltc": "长期护理保险",
    "care.result.ltc.counted": "计入保险的费用",
    "care.result.ltc.paid": "基金支付",
    "ltc.paid": "按规定支付",
    "ltc.nothing_to_pay": "无需支付（个人无护理费、床位费负担）",
    "ltc.not_in_force": "该日期无有效的长护险规定",
  },
  {
    "care.section.stay": "Month billed and days of stay",
    "care.calculation_date": "Any day of the month billed",
    "care.calculation_date.hint": "The month containing it is billed, with the rules in force that day",
    "care.stay_from": "First day of stay this month (optional)",
    "care.stay_from.hint": "Leave empty for a whole month",
    "care.stay_to": "Last day of stay this month (optional)",
    "care.section.tariff": "Fees",
    "care.tariff_source": "Which fees",
    "care.tariff.name": "Name of the home or tariff",
    "care.rooms": "Bed fees (元 a month)",
    "care.rooms.hint": "One row per room type, e.g. single, double.",
    "care.room_key": "Room type",
    "care.room_fee": "Bed fee (元 a month)",
    "care.add_room": "Add a room type",
    "care.remove_room": "Remove",
    "care.care_fee": "Care fees (元 a month)",
    "care.care_fee.self_care": "Self-care",
    "care.care_fee.mild": "Mildly impaired",
    "care.care_fee.moderate": "Moderately impaired",
    "care.care_fee.severe": "Severely impaired",
    "care.care_fee.complete": "Completely impaired",
    "care.meal_fee": "Meal fee (元 a month)",
    "care.partial_month": "How a part month is charged",
    "care.section.resident": "The resident",
    "care.resident.group": "Resident group",
    "care.resident.room_type": "Room type",
    "care.resident.ability_level": "Ability assessment level",
    "care.resident.ability_level.hint": "The self-assessment calculator gives an estimate",
    "care.resident.meals": "Takes the home's meals",
    "care.section.ltc": "Long-term care insurance (if insured and graded)",
    "care.ltc.scheme": "Scheme",
    "care.ltc.grade": "Disability grade",
    "care.no_ltc": "Not insured / not graded",
    "care.section.subsidies": "Other subsidies (optional)",
    "care.subsidies.hint": "e.g. a district's admission subsidy or a charity grant, applied in order, never beyond what is left to pay.",
    "care.subsidy.name": "Subsidy",
    "care.subsidy.amount": "Amount this month (元)",
    "care.add_subsidy": "Add a subsidy",
    "care.remove_subsidy": "Remove subsidy",
    "care.explain": "Show the detailed calculation",
    "care.submit": "Estimate this month",
    "care.result.out_of_pocket": "The resident pays this month",
    "care.result.period": "Period billed",
    "care.result.days": "{days} days of stay ({month} in the month)",
    "care.result.whole_month": "whole month",
    "care.result.tariff": "Tariff",
    "care.result.sample": "The sample tariff was used: the amounts are a demonstration; the home's published fees are what count.",
    "care.result.group": "Resident group",
    "care.result.care_tier": "Care tier",
    "care.result.charges": "Charges",
    "care.result.total_charges": "Total charges",
    "care.result.deductions": "Reductions, insurance and subsidies",
    "care.result.total_deductions": "Total deducted",
    "care.result.ltc": "Long-term care insurance",
    "care.result.ltc.counted": "Costs counted",
    "care.result.ltc.paid": "Fund pays",
    "ltc.paid": "paid",
    "ltc.nothing_to_pay": "nothing to pay (no care or bed fee left to the resident)",
    "ltc.not_in_force": "no rule in force on this date",
  },
);

const CARE_TIERS = ["self_care", "mild", "moderate", "severe", "complete"];

const STAY = [
  q("calculation_date", "date", { label: "care.calculation_date", hint: true, required: true }),
  q("stay_from", "date", { label: "care.stay_from", hint: true }),
  q("stay_to", "date", { label: "care.stay_to" }),
];
const TARIFF = [
  q("tariff.name", "text", { label: "care.tariff.name" }),
  ...CARE_TIERS.map((k) => q(`tariff.care_fee.${k}`, "money", { label: `care.care_fee.${k}` })),
  q("tariff.meal_fee", "money", { label: "care.meal_fee" }),
  q("tariff.partial_month", "select", { label: "care.partial_month", enum: "partial_month" }),
];
const RESIDENT = [
  q("resident.group", "select", { label: "care.resident.group", enum: "resident_group", required: true }),
  q("resident.ability_level", "select", { label: "care.resident.ability_level", enum: "ability_level", empty: "form.choose", hint: true, required: true }),
  q("resident.meals", "bool_checkbox", { label: "care.resident.meals" }),
];
const LTC = [
  q("ltc.scheme", "select", { label: "care.ltc.scheme", enum: "ltc_scheme", empty: "care.no_ltc" }),
  q("ltc.grade", "number_select", { label: "care.ltc.grade", enum: "ltc_grade", empty: "form.choose" }),
];
const EXPLAIN = q("options.explain", "checkbox", { label: "care.explain" });
const SUBSIDY = [q("name", "text", { label: "care.subsidy.name" }), q("amount", "money", { label: "care.subsidy.amount" })];

/** Every wire path the form can send (checked against the schema by the tests). */
export const WIRE_PATHS = [
  ...[...STAY, ...TARIFF, ...RESIDENT, ...LTC, EXPLAIN].map((x) => x.key),
  "resident.room_type",
  "tariff.bed_fee.*",
  "other_subsidies[].name",
  "other_subsidies[].amount",
];
/** Lists the form asks, with the button that adds a row. */
export const LISTS = ["other_subsidies"];

function initial() {
  return {
    source: "sample",
    top: {
      calculation_date: defaultDate(),
      "resident.group": "general",
      "resident.meals": true,
      "tariff.partial_month": "calendar_days",
      "resident.room_type": "double",
      "options.explain": true,
    },
    rooms: [
      { key: enumLabel("sample_room", "single"), fee: "" },
      { key: enumLabel("sample_room", "double"), fee: "" },
    ],
    subsidies: [],
  };
}

function read(form) {
  const source = form.querySelector('[name="tariff_source"]')?.value ?? "sample";
  const rooms = [...form.querySelectorAll("[data-room]")].map((row) => ({
    key: row.querySelector("[data-room-key]").value.trim(),
    fee: row.querySelector("[data-room-fee]").value.trim(),
  }));
  const subsidies = [...form.querySelectorAll("fieldset.subsidy")].map((_, i) => readAnswers(form, SUBSIDY, `other_subsidies[${i}].`));
  const top = readAnswers(form, [...STAY, ...TARIFF, ...RESIDENT, ...LTC, EXPLAIN]);
  top["resident.room_type"] = form.querySelector('[data-path="resident.room_type"]')?.value ?? "";
  return { source, top, rooms, subsidies };
}

function toRequest(state) {
  const own = state.source === "own";
  const questions = [...STAY, ...(own ? TARIFF : []), ...RESIDENT, ...LTC, EXPLAIN];
  const request = convert(questions, state.top, {});
  put(request, "resident.room_type", state.top["resident.room_type"] ?? "");
  request.resident.group ??= "";
  request.resident.ability_level ??= "";
  request.calculation_date ??= "";
  if (own) {
    request.tariff ??= {};
    request.tariff.bed_fee = Object.fromEntries(state.rooms.filter((r) => r.key).map((r) => [r.key, r.fee === "" ? "" : r.fee.replace(/[,，\s]/g, "")]));
    request.tariff.care_fee ??= {};
    for (const k of CARE_TIERS) request.tariff.care_fee[k] ??= "";
    request.tariff.meal_fee ??= "";
  }
  // Insurance only with a scheme; a grade alone is no cover.
  if (!request.ltc?.scheme) delete request.ltc;
  else request.ltc.grade ??= "";
  const subsidies = state.subsidies
    .map((s, i) => ({ id: `subsidy_${i + 1}`, ...convert(SUBSIDY, s, {}) }))
    .filter((s) => s.name !== undefined || s.amount !== undefined);
  if (subsidies.length) request.other_subsidies = subsidies;
  if (request.options?.explain) delete request.options;
  else request.options = { explain: false };
  return request;
}

const v = (path, value, ...content) => h("span", { "data-result": path, "data-value": String(value) }, ...(content.length ? content : [String(value)]));
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);

function renderResult(r, headingId) {
  const tier = (x) => enumLabel("care_tier", x);
  return [
    h("h2", { id: headingId, tabindex: "-1" }, t("result.heading")),
    h(
      "p",
      { class: "total" },
      `${t("care.result.out_of_pocket")}：`,
      amount(r.out_of_pocket, "result.yuan", { "data-result": "out_of_pocket", "data-value": r.out_of_pocket, "data-testid": "out-of-pocket" }),
    ),
    h(
      "p",
      {
        class: "meta",
        "data-results": JSON.stringify({
          "period.days": r.period.days,
          "period.days_in_month": r.period.days_in_month,
          "period.whole_month": r.period.whole_month,
          sample_tariff: r.sample_tariff,
          care_tier: r.care_tier,
        }),
      },
      `${t("care.result.period")}：${r.period.from} – ${r.period.to}，`,
      r.period.whole_month ? t("care.result.whole_month") : fill(t("care.result.days"), { days: r.period.days, month: r.period.days_in_month }),
      h("br"),
      `${t("care.result.tariff")}：${r.tariff_name}　${t("care.result.group")}：${enumLabel("resident_group", r.resident_group)}　${t("care.result.care_tier")}：${tier(r.care_tier)}`,
    ),
    r.sample_tariff ? h("p", { class: "illustrative-notice", role: "note" }, t("care.result.sample")) : illustrativeNotice(r.warnings),
    h("h3", {}, t("care.result.charges")),
    lineItemList(r.charges, "charges", null, r.sample_tariff),
    h("p", {}, `${t("care.result.total_charges")}：`, amount(r.total_charges, "result.yuan", { "data-result": "total_charges", "data-value": r.total_charges })),
    h("h3", {}, t("care.result.deductions")),
    lineItemList(r.deductions, "deductions", null),
    h("p", {}, `${t("care.result.total_deductions")}：`, amount(r.total_deductions, "result.yuan", { "data-result": "total_deductions", "data-value": r.total_deductions })),
    r.ltc ? ltcBlock(r.ltc) : null,
    warningList(r.warnings),
    stepList(r.steps),
    receipt(r.receipt),
  ];
}

function ltcBlock(ltc) {
  return h(
    "section",
    {
      class: "ltc",
      "data-results": JSON.stringify({ "ltc.status": ltc.status, "ltc.scheme": ltc.scheme, "ltc.grade": ltc.grade, "ltc.reason.code": ltc.reason?.code ?? null }),
    },
    h("h3", {}, t("care.result.ltc")),
    h("p", {}, t(`ltc.${ltc.status}`)),
    h(
      "p",
      {},
      `${t("care.result.ltc.counted")}：`,
      amount(ltc.counted_costs, "result.yuan", { "data-result": "ltc.counted_costs", "data-value": ltc.counted_costs }),
      "　",
      `${t("care.result.ltc.paid")}：`,
      amount(ltc.paid, "result.yuan", { "data-result": "ltc.paid", "data-value": ltc.paid }),
    ),
    ltc.reason ? h("p", {}, pick(ltc.reason, "message"), " ", citation(ltc.reason.citation)) : null,
  );
}

/** Creates the care-home estimator in `container`. */
export function createCareHomeForm(container, engine) {
  return createTool({
    id: "care_home",
    api: "care_home_bill",
    container,
    engine,
    initial,
    read,
    toRequest,
    renderResult,
    submitKey: "care.submit",
    render(state, tool) {
      const top = (x) => question(x, x.key, state.top[x.key]);
      const own = state.source === "own";
      const source = question(q("tariff_source", "select", { label: "care.tariff_source", enum: "tariff_source" }), "tariff_source", state.source);
      source.querySelector("select").name = "tariff_source";
      source.querySelector("select").removeAttribute("data-path"); // not a wire field
      source.querySelector("select").addEventListener("change", () => tool.update());
      const roomKeys = own ? state.rooms.map((r) => r.key).filter(Boolean) : ["single", "double", "multi"];
      // A room named with a wire word (single, double, …) is shown in words.
      const roomOptions = roomKeys.map((k) => [k, roomName(k)]);
      const room = question(
        q("resident.room_type", "select", { label: "care.resident.room_type", options: roomOptions, empty: "form.choose", required: true }),
        "resident.room_type",
        state.top["resident.room_type"],
      );
      return [
        group(t("care.section.stay"), { class: "basic" }, grid(STAY.map(top))),
        group(
          t("care.section.tariff"),
          { class: "tariff" },
          grid(source),
          own
            ? [
                grid(top(TARIFF[0])),
                roomTable(state, tool),
                h("p", { class: "group-label" }, t("care.care_fee")),
                grid(TARIFF.slice(1, 6).map(top)),
                grid(top(TARIFF[6]), top(TARIFF[7])),
              ]
            : null,
        ),
        group(t("care.section.resident"), { class: "resident" }, grid(top(RESIDENT[0]), room, top(RESIDENT[1])), top(RESIDENT[2])),
        group(t("care.section.ltc"), { class: "ltc-cover" }, grid(LTC.map(top))),
        group(
          t("care.section.subsidies"),
          { class: "subsidies" },
          h("p", { class: "hint" }, t("care.subsidies.hint")),
          state.subsidies.map((s, i) =>
            group(
              `${t("care.subsidy.name")} ${i + 1}`,
              { class: "subsidy", "data-list-item": "other_subsidies" },
              grid(SUBSIDY.map((x) => question(x, `other_subsidies[${i}].${x.key}`, s[x.key]))),
              h("button", { type: "button", class: "secondary", onclick: () => tool.update((st) => st.subsidies.splice(i, 1)) }, `${t("care.remove_subsidy")} ${i + 1}`),
            ),
          ),
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              "data-add": "other_subsidies",
              onclick: () => {
                tool.update((st) => st.subsidies.push({}));
                tool.form.querySelector(`[data-path="other_subsidies[${tool.form.querySelectorAll("fieldset.subsidy").length - 1}].name"]`)?.focus();
              },
            },
            `＋ ${t("care.add_subsidy")}`,
          ),
        ),
        h("div", { class: "options" }, top(EXPLAIN)),
      ];
    },
  });
}

/** A room's name as shown: a wire word (single, double, …) in words, else as typed. */
const roomName = (key) => (key in ROOM_WORDS ? enumLabel("sample_room", key) : key);

/** The own tariff's bed fees: one row per room type; the fee's wire path follows the typed name. */
function roomTable(state, tool) {
  const rows = state.rooms.map((r, i) => {
    const keyId = `room-${i}-key`;
    const feePath = `tariff.bed_fee.${r.key || `room${i + 1}`}`;
    const fee = question(q(feePath, "money", { labelText: `${t("care.room_fee")}（${roomName(r.key) || i + 1}）` }), feePath, r.fee);
    const feeInput = fee.querySelector("input");
    feeInput.setAttribute("data-room-fee", "");
    const key = h(
      "div",
      { class: "field field-text" },
      h("label", { for: keyId }, `${t("care.room_key")} ${i + 1}`),
      h("input", { id: keyId, type: "text", value: r.key, "data-room-key": "", autocomplete: "off" }),
    );
    // The room names are the choices of the resident's room: redraw when one changes.
    key.querySelector("input").addEventListener("change", () => tool.update());
    return h(
      "div",
      { class: "grid room", "data-room": i },
      key,
      fee,
      h("div", { class: "field" }, h("button", { type: "button", class: "secondary", onclick: () => tool.update((s) => s.rooms.splice(i, 1)) }, `${t("care.remove_room")} ${roomName(r.key) || i + 1}`)),
    );
  });
  return h(
    "div",
    { class: "rooms" },
    h("p", { class: "group-label" }, t("care.rooms")),
    h("p", { class: "hint" }, t("care.rooms.hint")),
    rows,
    h("button", { type: "button", class: "secondary", "data-add": "tariff.bed_fee", onclick: () => tool.update((s) => s.rooms.push({ key: "", fee: "" })) }, `＋ ${t("care.add_room")}`),
  );
}
