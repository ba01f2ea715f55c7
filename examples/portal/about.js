// The about page: every parameter the engine uses, with its value per period, unit, status and
// source, from figures.js (generated from core/parameters/ with docs/figures.md, so the table
// cannot drift from the data the engine embeds). Chinese by default, English with the switch.

import { h } from "./dom.js";
import { FIGURES } from "./figures.js";
import { addTexts, enumLabel, lang, onLangChange, setLang, t, unitLabel, zhClean } from "./i18n.js";
import { citation } from "./render.js";

addTexts(
  {
    "about.title": "数据与来源：全部标准及其出处",
    "about.intro": "本页列出计算引擎所用的每一项标准：各时期的数值、单位、核实状态和出处。本表由参数数据自动生成，与计算所用的数据一致。",
    "about.counts": "共{p}项标准、{v}个分时期数值：",
    "about.region": "地区",
    "about.period": "时期",
    "about.value": "数值",
    "about.status": "状态",
    "about.source": "出处",
    "about.open": "起",
    "about.uncertain": "起始日期未见原文，至{d}前可能仍适用此前数值",
    "about.all_areas": "城乡",
  },
  {
    "about.title": "Data and sources: every figure and where it comes from",
    "about.intro": "Every figure the engine uses: its value per period, unit, status and source. Generated from the parameter data, so it is the data the calculations use.",
    "about.counts": "{p} figures, {v} dated values: ",
    "about.region": "Region",
    "about.period": "Period",
    "about.value": "Value",
    "about.status": "Status",
    "about.source": "Source",
    "about.open": "onwards",
    "about.uncertain": "start date not seen; the previous figure may apply until {d}",
    "about.all_areas": "urban and rural",
  },
);

const LANG_KEY = "minzheng-portal-lang";

function region(key, area) {
  const [, district] = key.split("/");
  const zh = lang() === "zh";
  const place = district ? enumLabel("district", district) : zh ? "广州市" : "Guangzhou";
  return `${place}${area ? (zh ? "" : ", ") + enumLabel("area", area) : ""}`;
}

function render() {
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  document.title = t("about.title");
  const button = document.getElementById("lang-switch");
  button.textContent = t("lang.switch");
  button.setAttribute("aria-label", t("lang.switch_label"));
  button.lang = lang() === "zh" ? "en" : "zh-CN";
  const zh = lang() === "zh";
  const values = FIGURES.parameters.reduce((n, p) => n + p[4].length, 0);
  const counts = ["verified", "reported", "structure", "illustrative"].map((s) => `${t(`pstatus.${s}`)} ${FIGURES.counts[s] ?? 0}`);
  const rows = FIGURES.parameters.map(([key, labelZh, labelEn, unit, periods]) =>
    h(
      "section",
      { class: "figure", "data-key": key },
      h("h2", {}, zh ? labelZh : labelEn),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "figures" },
          h("thead", {}, h("tr", {}, ["about.region", "about.period", "about.value", "about.status", "about.source"].map((k) => h("th", { scope: "col" }, t(k))))),
          h(
            "tbody",
            {},
            periods.map(([reg, area, from, to, uncertain, value, status, source, article]) => {
              const s = FIGURES.sources[source];
              return h(
                "tr",
                { "data-status": status },
                h("td", {}, region(reg, area)),
                h("td", {}, to ? `${from} – ${to}` : `${from} ${t("about.open")}`, uncertain ? h("p", { class: "hint" }, t("about.uncertain", { d: uncertain })) : null),
                h("td", { class: "num" }, `${value}${zh ? "" : " "}${unitLabel(unit)}`),
                h("td", {}, h("span", { class: `pstatus pstatus-${status}` }, t(`pstatus.${status}`))),
                h("td", {}, s ? citation({ source, document: s[0], issuer: s[1], number: s[2], url: s[3], article: zh ? zhClean(article) : article }) : source),
              );
            }),
          ),
        ),
      ),
    ),
  );
  document.getElementById("figures").replaceChildren(
    h("p", { class: "counts" }, t("about.counts", { p: FIGURES.parameters.length, v: values }), counts.join(zh ? "，" : ", ")),
    ...rows,
  );
}

let initial = new URLSearchParams(location.search).get("lang");
try {
  initial ??= localStorage.getItem(LANG_KEY);
} catch {
  // storage may be disabled
}
setLang(initial === "en" ? "en" : "zh");
onLangChange(render);
render();
document.getElementById("lang-switch").addEventListener("click", () => {
  const next = lang() === "zh" ? "en" : "zh";
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // the switch still works for this page
  }
  setLang(next);
});
document.body.dataset.ready = "true";
