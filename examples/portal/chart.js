// The income path: "if my wages rise, what happens to my benefits?" A small chart of the
// household's monthly total over one member's wages, from the engine's benefit-cliff sweep
// (`cliff`: core/src/batch/cliff.rs; its response: { vary, resolution, points: [{ value,
// monthly_total, programmes }], changes: [{ programme, status_before, status_after, last_before,
// at, total_before, total_after, … }] }), marking where each programme starts or ends. The
// amounts in words are the engine's exact strings; numbers are used only to place the drawing.

import { formatAmount, h } from "./dom.js";
import { t } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const s = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
};

/** a − b for two amounts in 元 (exact, in fen). */
function minus(a, b) {
  const fen = (x) => {
    const [w, f = ""] = String(x).split(".");
    return BigInt(w) * 100n + BigInt((f + "00").slice(0, 2)) * (w.startsWith("-") ? -1n : 1n);
  };
  const d = fen(a) - fen(b);
  const sign = d < 0n ? "-" : "";
  const abs = d < 0n ? -d : d;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** The changes a resident reads: a programme starting or ending (not a change of who it pays). */
export function statusChanges(cliff) {
  return cliff.changes.filter((c) => (c.status_before === "eligible") !== (c.status_after === "eligible"));
}

/**
 * The chart and its text: `cliff` the engine's response, `labels` programme → name in the
 * page's language, `current` the wages now (a marker), optional.
 */
export function incomePathChart(cliff, labels, current) {
  // Small enough that its text stays readable at phone width.
  const W = 400;
  const H = 200;
  const L = 62;
  const R = 14;
  const T = 10;
  const B = 38;
  // The grid points and, at each change, the last value before it and the first after it, so
  // that a drop is drawn where it happens.
  const pts = [
    ...cliff.points.map((p) => [Number(p.value), Number(p.monthly_total)]),
    ...cliff.changes.flatMap((c) => [[Number(c.last_before), Number(c.total_before)], [Number(c.at), Number(c.total_after)]]),
  ].sort((a, b) => a[0] - b[0]);
  const x0 = pts[0][0];
  const x1 = pts.at(-1)[0] || 1;
  const y1 = Math.max(...pts.map((p) => p[1]), 1);
  const X = (v) => L + ((v - x0) / (x1 - x0 || 1)) * (W - L - R);
  const Y = (v) => H - B - (v / y1) * (H - T - B);
  const changes = statusChanges(cliff);
  const last = cliff.points.at(-1);
  const maxTotal = cliff.points.reduce((m, p) => (Number(p.monthly_total) > Number(m) ? p.monthly_total : m), "0.00");
  const svg = s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-labelledby": "income-path-h" },
    s("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }),
    s("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }),
    s("text", { x: L - 6, y: H - B, "text-anchor": "end", class: "tick" }, "0"),
    s("text", { x: L - 6, y: Y(y1) + 4, "text-anchor": "end", class: "tick" }, formatAmount(maxTotal)),
    s("text", { x: L, y: H - B + 16, "text-anchor": "start", class: "tick" }, formatAmount(cliff.points[0].value)),
    s("text", { x: W - R, y: H - B + 16, "text-anchor": "end", class: "tick" }, formatAmount(last.value)),
    s("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", class: "axis-label" }, t("path.x_axis")),
    ...changes.map((c, i) =>
      s(
        "g",
        { class: c.status_after === "eligible" ? "mark start" : "mark end", "data-change": c.programme, "data-at": c.at },
        s("line", { x1: X(Number(c.at)), y1: T, x2: X(Number(c.at)), y2: H - B }),
        s("text", { x: X(Number(c.at)) + 3, y: T + 12 + 14 * (i % 3) }, String(i + 1)),
      ),
    ),
    s("polyline", { points: pts.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(" "), class: "line", "data-points": pts.length }),
    current !== undefined && Number.isFinite(Number(current)) && Number(current) >= x0 && Number(current) <= x1
      ? s("circle", { cx: X(Number(current)), cy: H - B, r: 5, class: "now" })
      : "",
  );
  const cliffDrop = (c) => Number(c.total_before) - Number(c.total_after) > Number(c.at) - Number(c.last_before);
  return h(
    "figure",
    { class: "income-path", "data-income-path": "" },
    svg,
    h(
      "figcaption",
      {},
      h("p", {}, t("path.caption", { from: formatAmount(cliff.points[0].value), to: formatAmount(last.value) })),
      changes.length
        ? h(
            "ol",
            {},
            changes.map((c) =>
              h(
                "li",
                { "data-change": c.programme },
                t(c.status_after === "eligible" ? "path.starts" : "path.ends", {
                  at: formatAmount(c.at),
                  name: labels[c.programme] ?? c.programme,
                  before: formatAmount(c.total_before),
                  after: formatAmount(c.total_after),
                }),
                cliffDrop(c) ? h("strong", { class: "cliff" }, t("path.cliff", { drop: formatAmount(minus(c.total_before, c.total_after)) })) : null,
              ),
            ),
          )
        : h("p", {}, t("path.no_change")),
    ),
  );
}
