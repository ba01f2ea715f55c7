// The household benefit check: the `calculate` API. Members, ages, incomes by kind, disability
// certificates, district and assets in; every programme of the result out (rendered generically
// by render.js, so new programmes appear without changes here).
//
// The questions are data (the tables below, one row per wire field): the form is drawn from them,
// read back into a flat map of answers, and turned into the wire request. The form keeps no state
// of its own between renders: `read()` takes the answers from the page and `render(state)` draws
// them (after adding or removing a member, or switching the language). Every control carries the
// wire path the engine names in its errors (`data-path`), so an error lands next to its field.

import { compact, group, h } from "../dom.js";
import { pick, t } from "../i18n.js";
import { incomePathChart } from "../chart.js";
import { LATEST } from "../latest.js";
import { calculationResult } from "../render.js";
import { convert, createTool, defaultDate, grid, LAST_VERIFIED, q, question as ask, readAnswers, today } from "./common.js";

/** About the person. */
const PERSON = [
  q("id", "text", { required: true, hint: true }),
  q("relationship", "select", { enum: "relationship", empty: "form.choose" }),
  q("age", "integer", { hint: true, min: 0, max: 150 }),
  q("sex", "select", { enum: "sex", empty: "form.choose" }),
  q("birth_date", "date"),
  q("hukou", "select", { enum: "hukou", required: true }),
  q("disability.category", "select", { enum: "disability", empty: "form.none" }),
  q("disability.grade", "number_select", { enum: "grade", empty: "form.choose" }),
  q("supporters", "select", { enum: "supporters", empty: "supporters.unknown", hint: true }),
];
/** Care needs, if assessed (特困 care tier, home-care funding). */
const CARE = [
  q("ability_level", "select", { enum: "ability_level", empty: "form.not_assessed" }),
  q("adl_unmet", "number_select", { enum: "adl_unmet", empty: "form.not_assessed", hint: true }),
  q("home_care_subsidy", "money"),
  q("home_care_funding", "enum_set", { enum: "home_care_type", hint: true }),
];
/** The disability subsidies: a service disability certificate, approval, an elderly care subsidy received. */
const DISABILITY = [
  q("service_disability_grade", "number_select", { enum: "service_grade", empty: "form.none", hint: true }),
  q("disability_subsidy_approved", "date", { hint: true }),
  q("elderly_care_subsidy", "money", { hint: true }),
];
/** Meals at a 长者饭堂 this month (meal aid). */
const MEALS = [
  q("meal_aid.meals", "integer", { hint: true, min: 0, max: 62 }),
  q("meal_aid.meal_price", "money"),
  q("meal_aid.delivered_meals", "integer", { min: 0, max: 62 }),
  q("meal_aid.care_level", "number_select", { enum: "meal_care_level", empty: "form.not_assessed", hint: true }),
];
/** Person flags (check boxes). */
export const FLAGS = [
  "serious_illness",
  "orphan",
  "de_facto_unsupported_child",
  "child_chooses_tekun",
  "lives_in_institution",
  "unemployment_benefit",
  "preferential_care_recipient",
  "work_injury_care_allowance",
  "retired_cadre_lixiu",
  "full_time_student",
  "childless",
  "outpatient_special_disease",
];
/** Income kinds counted by the dibao rules, in form order. */
export const COUNTED_INCOME = [
  "wages",
  "employment_costs",
  "business_net",
  "property_net",
  "transfer_net",
  "pension",
  "social_insurance_benefits",
  "longevity_allowance",
  "other",
  "rigid_expenditure_deduction",
];
/** Income kinds the rules exclude; asked in a closed section so the explanation can show them. */
export const EXCLUDED_INCOME = [
  "disability_subsidies",
  "basic_pension_central",
  "preferential_pension",
  "family_planning_award",
  "scholarship",
  "heroism_award",
  "social_assistance",
];
/** Asset kinds in 元. */
export const MONEY_ASSETS = ["deposits", "securities", "commercial_insurance", "funds", "online_financial", "receivables", "vehicles"];

/** Every question about a member, with its path relative to the member. */
const MEMBER_QUESTIONS = [
  ...PERSON,
  ...CARE,
  ...DISABILITY,
  ...MEALS,
  ...FLAGS.map((k) => q(`flags.${k}`, "checkbox")),
  ...COUNTED_INCOME.map((k) => q(`income.${k}`, "money", { hint: "optional" })),
  ...EXCLUDED_INCOME.map((k) => q(`income.${k}`, "money")),
];

/** Questions about the household and the request, with their full paths. */
const BASIC = [
  q("calculation_date", "date", { required: true, hint: true }),
  q("household.district", "select", { enum: "district", empty: "form.choose", required: true }),
  q("household.area", "select", { enum: "area", required: true }),
];
const ASSETS = [...MONEY_ASSETS.map((k) => q(`household.assets.${k}`, "money")), q("household.assets.extra_dwellings", "integer")];
const RIGID = ["basic_living", "medical_out_of_pocket", "education", "rehabilitation"].map((k) =>
  q(`household.rigid_expenditure.${k}`, "money"),
);
const BACK_PAY = [q("back_pay.previous_standard", "money", { hint: true }), q("back_pay.months", "integer", { hint: true, min: 1, max: 12 })];
const PRICES = [q("price_indices.cpi_yoy_percent", "percent", { hint: true }), q("price_indices.food_cpi_yoy_percent", "percent")];
const OPTIONS = [q("options.explain", "checkbox")];
const TOP_QUESTIONS = [...BASIC, ...ASSETS, ...RIGID, ...BACK_PAY, ...PRICES, ...OPTIONS];

/** Every wire path the form can send (`[]` for a member index), checked against the schema by the tests. */
export const WIRE_PATHS = [...TOP_QUESTIONS.map((x) => x.key), ...MEMBER_QUESTIONS.map((x) => `household.members[].${x.key}`)];


/** The name a new member gets until the resident types one. */
function defaultId(index) {
  return index === 0 ? t("member.default_self") : `${t("household.member")}${index + 1}`;
}

function blankMember(index) {
  return { id: defaultId(index), relationship: index === 0 ? "applicant" : "", hukou: "guangzhou" };
}

function initialState() {
  return {
    top: { calculation_date: defaultDate(), "household.area": "urban", "options.explain": true },
    members: [blankMember(0)],
  };
}

/** The label text key of a question (`income.wages`, `member.age`, `household.district`…). */
function labelKey(key) {
  if (key.startsWith("household.assets.")) return `assets.${key.slice(17)}`;
  if (key.startsWith("household.rigid_expenditure.")) return `rigid.${key.slice(28)}`;
  if (/^(income|flags|meal_aid)\./.test(key)) return key;
  if (/^(back_pay|price_indices)\./.test(key)) return key;
  if (key.startsWith("household.")) return key;
  if (key === "calculation_date") return "household.calculation_date";
  if (key === "options.explain") return "household.explain";
  return `member.${key}`;
}

/** A control for a question at `path` with the answer `value`. */
function question(x, path, value) {
  return ask(x, path, value, labelKey(x.key));
}

/** Creates the household form in `container`; `engine` is the loaded package. */
export function createHouseholdForm(container, engine) {
  return createTool({
    id: "household",
    api: "calculate",
    container,
    engine,
    initial: initialState,
    read,
    toRequest,
    renderResult: calculationResult,
    asks,
    // The income path needs the engine's benefit-cliff sweep: offered when the build has it.
    more: engine.apiNames().includes("cliff") ? (result, request) => incomePath(engine, result, request) : undefined,
    render(state, tool) {
      const top = (x) => question(x, x.key, state.top[x.key]);
      const answered = (x) => state.top[x.key] !== undefined && state.top[x.key] !== "" && state.top[x.key] !== false;
      const disclosure = (summaryKey, hintKey, questions) =>
        h(
          "details",
          { class: "more", open: questions.some(answered) || undefined },
          h("summary", {}, t(summaryKey)),
          h("p", { class: "hint" }, t(hintKey)),
          grid(questions.map(top)),
        );
      const focusMember = (i) => tool.form.querySelector(`[data-path="household.members[${i}].id"]`)?.focus();
      const addMember = () => {
        tool.update((s) => s.members.push(blankMember(s.members.length)));
        focusMember(tool.form.querySelectorAll("fieldset.member").length - 1);
      };
      const removeMember = (i) => {
        tool.update((s) => s.members.splice(i, 1));
        focusMember(Math.min(i, tool.form.querySelectorAll("fieldset.member").length - 1));
      };
      const dateNote =
        LAST_VERIFIED && today() > LAST_VERIFIED
          ? h("p", { class: "date-note", role: "note" }, t("date.default_note", { date: LAST_VERIFIED, number: LATEST.number || LATEST.title, last: LAST_VERIFIED }))
          : null;
      return [
        group(t("household.section.basic"), { class: "basic" }, dateNote, grid(BASIC.map(top))),
        h(
          "section",
          { class: "members-section", "aria-labelledby": "members-h" },
          h("h3", { id: "members-h" }, t("household.section.members")),
          h("p", { class: "hint" }, t("household.members.hint")),
          h("div", { class: "members" }, state.members.map((m, i) => memberFieldset(state, m, i, removeMember))),
          h("button", { type: "button", class: "secondary add-member", onclick: addMember }, `＋ ${t("household.add_member")}`),
        ),
        group(t("household.section.assets"), { class: "assets" }, h("p", { class: "hint" }, t("household.assets.hint")), grid(ASSETS.map(top))),
        group(
          t("household.section.other"),
          { class: "other" },
          disclosure("household.section.rigid", "household.rigid.hint", RIGID),
          disclosure("household.section.back_pay", "household.back_pay.hint", BACK_PAY),
          disclosure("household.section.prices", "household.prices.hint", PRICES),
        ),
        h("div", { class: "options" }, top(OPTIONS[0])),
      ];
    },
  });
}

function memberFieldset(state, m, i, removeMember) {
  const at = (key) => `household.members[${i}].${key}`;
  const askMember = (x) => question(x, at(x.key), m[x.key]);
  const remove = h(
    "button",
    { type: "button", class: "secondary remove-member", disabled: state.members.length === 1 || undefined, onclick: () => removeMember(i) },
    `${t("household.remove_member")} ${i + 1}`,
  );
  const set = group(
    memberLegend(i, m.id),
    { class: "member", "data-member": i, "data-path-group": `household.members[${i}]` },
    grid(PERSON.map(askMember)),
    more("member.section.care", CARE, m, askMember),
    more("member.section.disability", DISABILITY, m, askMember),
    more("member.section.meals", MEALS, m, askMember),
    group(t("member.flags"), { class: "flags" }, h("div", { class: "checks" }, FLAGS.map((k) => askMember(q(`flags.${k}`, "checkbox"))))),
    group(
      t("member.section.income"),
      { class: "income" },
      h("p", { class: "hint" }, t("form.money_hint")),
      grid(COUNTED_INCOME.map((k) => askMember(q(`income.${k}`, "money", { hint: true })))),
      h(
        "details",
        { class: "excluded", open: EXCLUDED_INCOME.some((k) => m[`income.${k}`]) || undefined },
        h("summary", {}, t("member.section.excluded")),
        grid(EXCLUDED_INCOME.map((k) => askMember(q(`income.${k}`, "money")))),
      ),
    ),
    h("div", { class: "member-actions" }, remove),
  );
  // The legend follows the name as it is typed, so the member is easy to find again.
  set.querySelector(`[data-path="${at("id")}"]`).addEventListener("input", (e) => {
    set.querySelector("legend").textContent = memberLegend(i, e.target.value.trim());
  });
  return set;
}

/** A closed section of optional questions (open when one is answered), with its hint. */
function more(key, questions, answers, ask) {
  const answered = questions.some((x) => {
    const a = answers[x.key];
    return a !== undefined && a !== "" && a !== false && !(Array.isArray(a) && a.length === 0);
  });
  return h(
    "details",
    { class: "more", open: answered || undefined },
    h("summary", {}, t(key)),
    h("p", { class: "hint" }, t(`${key}.hint`)),
    grid(questions.map(ask)),
  );
}

function memberLegend(i, id) {
  const named = id && id !== defaultId(i);
  return `${t("household.member")} ${i + 1}${named ? `（${id}）` : ""}`;
}

/** The answers currently on the page. */
function read(form) {
  return {
    top: readAnswers(form, TOP_QUESTIONS),
    members: [...form.querySelectorAll("fieldset.member")].map((_, i) => readAnswers(form, MEMBER_QUESTIONS, `household.members[${i}].`)),
  };
}

/** The wire request for the form's answers. */
export function toRequest(state) {
  const request = convert(TOP_QUESTIONS, state.top, {});
  if (request.options?.explain) delete request.options; // the default
  else request.options = { explain: false };
  request.household ??= {};
  request.household.members = state.members.map((m) => {
    const person = convert(MEMBER_QUESTIONS, m, {});
    // A grade without a category is no certificate.
    if (person.disability && !person.disability.category) delete person.disability;
    return compact(person);
  });
  // The date and district are always sent, so a missing answer is reported at its field.
  request.calculation_date ??= "";
  request.household.district ??= "";
  return compact(request);
}

/**
 * What a programme that cannot be decided (or was not assessed) is missing, as buttons that take
 * the resident to the question: the supporters of each member not yet answered for 特困, the
 * date for a figure not yet in force, the back-pay, price and rigid-spending sections.
 */
function asks(p, state, form) {
  const code = p.reason?.code;
  const targets = [];
  if (code === "supporters_unknown") {
    // With the steps shown: only the members the supporters' answer can still decide (unable to
    // work, no means of living, supporters not given).
    const open = (p.steps ?? []).filter((s) => s.id === "tekun.conditions" && /^无劳动能力：是/.test(s.formula_zh ?? "") && /：Unknown/.test(s.formula_zh ?? ""));
    const decides = (m) => !open.length || open.some((s) => (s.label_zh ?? "").endsWith(`（${m.id}）`));
    state.members.forEach((m, i) => {
      if (!m.supporters && decides(m)) targets.push([`household.members[${i}].supporters`, t("ask.field.supporters", { who: m.id || `${t("household.member")}${i + 1}` })]);
    });
  } else if (["marginal_threshold_not_in_force", "household_status_undetermined", "parameter_not_in_force"].includes(code) && p.status === "undetermined") {
    targets.push(["calculation_date", t("ask.field.date")]);
  } else if (code === "input_not_given") {
    const where = { dibao_back_pay: ["back_pay.previous_standard", "ask.field.back_pay"], price_subsidy: ["price_indices.cpi_yoy_percent", "ask.field.prices"], rigid_expenditure_hardship: ["household.rigid_expenditure.basic_living", "ask.field.rigid"] }[p.programme];
    if (where) targets.push([where[0], t(where[1])]);
  }
  if (!targets.length) return null;
  return h(
    "span",
    { class: "asks" },
    targets.map(([path, label]) =>
      h("button", { type: "button", class: "secondary ask", "data-ask": path, onclick: () => goTo(form, path) }, `${t("answer.ask")}${label}`),
    ),
  );
}

/** Opens the sections around a question, scrolls to it and focuses it. */
function goTo(form, path) {
  const el = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
  if (!el) return;
  for (let d = el.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  el.scrollIntoView({ block: "center" });
  el.focus();
}

/**
 * "If my wages rise, what happens to my benefits?": on request, the engine sweeps the
 * applicant's monthly wages (`cliff`, 101 points from 0 to at least 6,000 元 or twice the wages
 * given) and the chart marks where each programme starts or ends.
 */
function incomePath(engine, result, request) {
  const applicant = request.household.members[0];
  const wages = applicant?.income?.wages ?? "0";
  const to = String(Math.max(6000, Math.ceil((2 * Number(wages)) / 1000) * 1000));
  const labels = Object.fromEntries(result.programmes.map((p) => [p.programme, pick(p, "label")]));
  const out = h("div", { class: "income-path-out" });
  const button = h(
    "button",
    {
      type: "button",
      class: "secondary",
      "data-income-path-button": "",
      onclick: () => {
        const base = structuredClone(request);
        base.options = { explain: false };
        base.household.members[0].income = { ...base.household.members[0].income, wages };
        try {
          const cliff = engine.call("cliff", { request: base, vary: "household.members[0].income.wages", from: "0", to, step: String(Number(to) / 100) });
          out.replaceChildren(incomePathChart(cliff, labels, wages));
          button.hidden = true;
        } catch {
          out.replaceChildren(h("p", {}, t("path.failed")));
        }
      },
    },
    t("path.button"),
  );
  return h("section", { class: "income-path-section", "aria-labelledby": "income-path-h" }, h("h3", { id: "income-path-h" }, t("path.heading")), button, out);
}
