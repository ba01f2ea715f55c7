// The portal page: loads the engine (the npm package's web build, copied next to this file as
// ./pkg/), offers each calculator whose API the engine has, and switches between Chinese (the
// default) and English. After the engine is loaded the page makes no network request: every
// calculation runs in the browser.
//
// The first answer comes first: index.html preloads the engine's .wasm and this module's static
// imports (the household check's), so they download side by side; the other calculators' forms
// are imported once the calculator shown first works (`minzheng-ready`), and the page is
// complete (`body[data-ready]`) when every one of them is.

import init, * as engine from "./pkg/minzheng.js";

import { h } from "./dom.js";
import { lang, onLangChange, setLang, t } from "./i18n.js";
import { createHouseholdForm } from "./forms/household.js";

/** The calculators, in menu order; each is offered only when the engine has its API. */
const TOOLS = [
  { id: "household", api: "calculate", load: async () => createHouseholdForm },
  { id: "care_home", api: "care_home_bill", load: async () => (await import("./forms/care_home.js")).createCareHomeForm },
  { id: "assessment", api: "assess_ability", load: async () => (await import("./forms/assessment.js")).createAssessmentForm },
  { id: "star", api: "star_rating", load: async () => (await import("./forms/star.js")).createStarForm },
].map((tool) => ({ ...tool, title: `tool.${tool.id}`, intro: `tool.${tool.id}.intro` }));

const LANG_KEY = "minzheng-portal-lang";

function initialLang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked === "en" || asked === "zh") return asked;
  try {
    return localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

/** Fills every element marked `data-i18n` with its text. */
function applyStaticTexts() {
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  const button = document.getElementById("lang-switch");
  button.textContent = t("lang.switch");
  button.setAttribute("aria-label", t("lang.switch_label"));
  button.lang = lang() === "zh" ? "en" : "zh-CN";
  document.querySelector(".skip-link").textContent = lang() === "zh" ? "跳到主要内容" : "Skip to main content";
  document.getElementById("tools-nav").setAttribute("aria-label", t("nav.label"));
}

async function main() {
  setLang(initialLang());
  applyStaticTexts();
  const status = document.getElementById("status");
  try {
    await init();
  } catch (error) {
    status.dataset.i18n = "page.load_failed";
    status.textContent = t("page.load_failed");
    status.classList.add("failed");
    console.error(error);
    return;
  }
  document.getElementById("engine-version").textContent = engine.engineVersion();
  const apis = new Set(engine.apiNames());
  const tools = TOOLS.filter((tool) => apis.has(tool.api));

  const nav = document.getElementById("tools-nav");
  const host = document.getElementById("tools");
  const instances = [];
  /** Each calculator's form, created once (a promise of it, so a tool asked twice loads once). */
  const byId = {};
  const sections = {};
  for (const tool of tools) {
    sections[tool.id] = h(
      "section",
      { id: tool.id, class: "tool", "aria-labelledby": `${tool.id}-title`, hidden: true },
      h("h2", { id: `${tool.id}-title`, "data-i18n": tool.title }, t(tool.title)),
      h("p", { class: "intro", "data-i18n": tool.intro }, t(tool.intro)),
    );
    host.append(sections[tool.id]);
  }
  const created = (tool) =>
    (byId[tool.id] ??= tool.load().then(
      (create) => {
        const instance = create(sections[tool.id], engine);
        instances.push(instance);
        return instance;
      },
      // A form whose module did not load (the connection dropped): the calculator says so.
      (error) => {
        console.error(error);
        sections[tool.id].append(h("p", { class: "status failed", "data-i18n": "tool.missing" }, t("tool.missing")));
        return { relabel() {}, restoreFromLink() {} };
      },
    ));
  const links = tools.map((tool) => h("a", { href: `#${tool.id}`, "data-tool": tool.id, "data-i18n": tool.title }, t(tool.title)));
  nav.replaceChildren(h("ul", {}, links.map((a) => h("li", {}, a))));
  nav.hidden = tools.length < 2;

  async function showTool() {
    // `#household` shows a calculator; `#household=…` (a share link) also holds its answers,
    // which stay in the browser: a fragment is never sent to a server.
    const [wanted, saved] = location.hash.slice(1).split("=");
    const active = tools.find((tool) => tool.id === wanted) ?? tools[0];
    for (const tool of tools) document.getElementById(tool.id).hidden = tool !== active;
    for (const a of links) {
      if (a.dataset.tool === active?.id) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    if (!active) return;
    const instance = await created(active);
    if (saved) instance.restoreFromLink(saved);
  }
  window.addEventListener("hashchange", showTool);

  onLangChange(() => {
    applyStaticTexts();
    for (const instance of instances) instance.relabel();
  });
  document.getElementById("lang-switch").addEventListener("click", () => {
    const next = lang() === "zh" ? "en" : "zh";
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      // storage may be disabled; the switch still works for this page
    }
    setLang(next);
  });

  // Printing shows the whole result: closed sections of it open first.
  window.addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll(".result details:not(.tech)")) d.open = true;
  });

  // The calculator shown first works: the page's first answer (tests/speed.spec.mjs times it
  // on slow 4G). Then the other calculators' forms.
  await showTool();
  status.hidden = true;
  performance.mark("minzheng-ready");
  await Promise.all(tools.map(created));
  document.body.dataset.ready = "true";
}

main();
