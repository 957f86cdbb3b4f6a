// The derivative lesson: f(x) with a draggable point, its tangent, a secant through x and x + h
// that turns into the tangent as h shrinks, the slopes in a table, f′(x) under f(x), and the
// error of the numerical slopes against h (log-log): it falls, then rises again from rounding.
// The core owns the curve and its slopes (engine.Curve); this file declares the view's link,
// controls and drawing on the kit (www/kit/).

import { number } from "../kit/state.js";
import { defineView } from "../kit/view.js";
import { linearSlider, logSlider } from "../kit/controls.js";
import { term } from "../kit/glossary.js";
import * as format from "../kit/format.js";
import { h } from "../dom.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";
import { plotAxes } from "../axes.js";
import { plotFrame, sampleCount, lessonColors, strokeCurve, strokeLine, markX, dotAt, dragOn } from "../plot1d.js";

const X_RANGE = [-3, 3];
const H_MIN_LOG = -16;
const H_MAX_LOG = 0;
const ERROR_POINTS = 161;
const ERROR_FLOOR = -17; // an error of exactly 0 is drawn at 10⁻¹⁷, the bottom of the error plot
const ERROR_CURVE = "(x - 1)^2"; // the example that is a squared error, with a note

const PRESETS = [
  { text: "x^2", title: "x²" },
  { text: "x^3 - 3*x", title: "x³ − 3x" },
  { text: "sin(x)", title: "sin x" },
  { text: ERROR_CURVE, title: "squared error (p − a)², a = 1" },
];


/**
 * A relative error, the one way the lesson writes it: the fraction |approx − exact| / |exact| in
 * the page's number format (0.439, 0.004228, 3.72 × 10⁻⁶), as on the error chart's axis;
 * "0 (exact)" and "—" when there is none.
 */
function relativeError(v) {
  if (Number.isNaN(v)) return "—";
  if (v === 0) return "0 (exact)";
  return format.value(v);
}

/** The slopes in the table: this lesson is about the digits a numerical slope gets right. */
const SLOPE_DIGITS = 10;
const slope = (v) => (Number.isNaN(v) ? "undefined here" : format.value(v, SLOPE_DIGITS));

/** The table of URL properties for this view. */
function properties(engine) {
  return [
    { key: "fx", kind: expressionKind((t) => engine.Curve.parse(t).free()), fallback: () => "x^3 - 3*x", show: (v) => JSON.stringify(v) },
    { key: "px", kind: number(X_RANGE[0], X_RANGE[1]), fallback: () => 1.8 },
    { key: "h", kind: number(10 ** H_MIN_LOG, 10 ** H_MAX_LOG), fallback: () => 0.5 },
  ];
}

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(kit, controls) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const v = (name) => h("var", { text: name });
  const fPrime = () => term(kit, "f′", [v("f"), "′(", v("x"), ")"]);
  const row = (label, id, errId) => h("tr", {},
    h("th", { scope: "row" }, ...label),
    keep(id, h("td", { id: `d-${id}` })),
    errId ? keep(errId, h("td", { id: `d-${errId}` })) : h("td", {}));
  el.expr = expressionField({ id: "fx", label: "f(x) =", value: "", hint: "Type any function of x: x^2, exp(-x^2), ln(x), abs(x), sigmoid(3*x) …" });
  kit.root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "The derivative: how fast f changes" }),
      h("p", {},
        "The derivative ", fPrime(), " is the slope of the curve at ", v("x"),
        ": how much ", v("f"), " rises per unit step in ", v("x"),
        ". The ", term(kit, "secant", "secant"), " through ", v("x"), " and ", v("x"), " + ", term(kit, "h", v("h")),
        " has slope (f(x + h) − f(x)) / h; as ", v("h"), " shrinks it turns into the tangent. ",
        h("strong", { text: "Drag the point" }), ", and slide ", v("h"), " towards zero."),
    ),
    h("div", { class: "workspace calc-workspace" },
      h("div", { class: "figure-col" },
        keep("fBox", h("div", { class: "calc-plot calc-plot-main" },
          keep("fCanvas", h("canvas", { id: "f-plot", class: "calc-canvas drag", tabindex: "0", role: "img",
            "aria-label": "The curve f(x) with the point, its tangent and the secant. Drag, or use the left and right arrow keys, to move the point." })))),
        h("p", { class: "figure-key" },
          h("span", { class: "key-tangent", text: "── tangent, slope f′(x)" }), " · ",
          h("span", { class: "key-secant", text: "- - secant through x and x + h" })),
        // The controls the figure answers to, right under it (on a phone too).
        h("div", { class: "calc-bar", role: "group", "aria-label": "The step h and the point x" }, controls.h.field, controls.px.field),
        kit.messageLine(),
        h("table", { class: "calc-table calc-slopes", "aria-label": "Slopes at the point" },
          h("caption", { text: "Slopes at the point, to 10 significant digits: watch which digits a numerical slope gets right." }),
          h("thead", {}, h("tr", {},
            h("th", { scope: "col", text: "" }),
            h("th", { scope: "col", text: "value" }),
            h("th", { scope: "col" }, term(kit, "relative error", "relative error")))),
          h("tbody", {},
            row([v("f"), "(", v("x"), ")"], "fx"),
            row([term(kit, "secant", "secant"), h("small", { text: "(f(x + h) − f(x)) / h" })], "secant", "secant-err"),
            row([term(kit, "central", "central"), h("small", { text: "(f(x + h) − f(x − h)) / 2h" })], "central", "central-err"),
            row(["exact ", fPrime()], "exact"))),
        h("h2", { class: "calc-sub" }, "The derivative ", fPrime(), ", the slope at every ", v("x")),
        keep("dBox", h("div", { class: "calc-plot calc-plot-small" },
          keep("dCanvas", h("canvas", { id: "d-plot", class: "calc-canvas", role: "img", "aria-label": "The derivative f′(x) under f(x), with the point's slope marked." })))),
      ),
      h("aside", { class: "panel", "aria-label": "The function" },
        el.expr.field,
        h("div", { class: "field" }, h("label", { for: "preset", text: "Examples" }),
          keep("preset", h("select", { id: "preset" },
            h("option", { value: "", text: "your own function" }),
            ...PRESETS.map((p) => h("option", { value: p.text, text: p.title }))))),
        keep("presetNote", h("p", { class: "calc-note", id: "preset-note" })),
      ),
    ),
    h("section", { class: "chart-wrap" },
      h("h2", {}, "How wrong are the numerical slopes? ", term(kit, "relative error", "Relative error"), " against ", term(kit, "h", v("h"))),
      h("p", { class: "calc-caption" },
        "Shrinking ", v("h"), " makes the secant's error fall in proportion to h (the ", term(kit, "central", "central"),
        " one's to h²) — until the two values of f become so close that rounding (about 10⁻¹⁶ of f) dominates their difference, and the error climbs again. The best h for the secant is near 10⁻⁸; computers therefore differentiate exactly, by the chain rule, instead."),
      keep("eBox", h("div", { class: "calc-plot calc-plot-error" },
        keep("eCanvas", h("canvas", { id: "error-plot", class: "calc-canvas", role: "img", "aria-label": "Relative error of the secant and central slopes against h, both on log scales." })))),
      h("p", { class: "figure-key" },
        h("span", { class: "key-secant", text: "── secant (forward) slope" }), " · ",
        h("span", { class: "key-central", text: "── central slope" }), " · the dashed line marks the current h"),
    ),
  );
  return el;
}

/** Builds the view in `kit.root` and wires it to the core, the link and the frame loop. */
function setup(kit) {
  const { engine, state } = kit;
  let curve = null;
  let fGeom = null; // the f plot's scales, for dragging

  const controls = {
    px: linearSlider(kit, { key: "px", label: ["Point ", h("var", { text: "x" })], min: X_RANGE[0], max: X_RANGE[1], set: (x) => setPoint(x) }),
    h: logSlider(kit, { key: "h", label: ["Step ", term(kit, "h", h("var", { text: "h" }))], min: 10 ** H_MIN_LOG, max: 10 ** H_MAX_LOG, step: 0.05, show: format.power, changed: () => kit.redraw() }),
  };
  const el = build(kit, controls);

  /** Reads the text; on success replaces the curve, on failure keeps the last good one. */
  function setText(text) {
    const next = parseInto(el.expr, (t) => engine.Curve.parse(t), text);
    if (!next) return false;
    curve = kit.replace(curve, next);
    state.fx = text;
    el.expr.clearError();
    const found = PRESETS.find((p) => p.text === state.fx.trim());
    el.preset.value = found ? found.text : "";
    el.presetNote.textContent = found && found.text === ERROR_CURVE
      ? "Here x is a prediction p and a = 1 the actual value. The slope 2(p − a) says which way, and how hard, to move p to shrink the error: the gradient a learner follows."
      : "";
    kit.redraw();
    return true;
  }

  function setPoint(x) {
    state.px = Number(Math.min(X_RANGE[1], Math.max(X_RANGE[0], x)).toFixed(3));
    controls.px.sync();
    kit.redraw();
    kit.save();
  }

  // ---- controls ---------------------------------------------------------------------------

  kit.on(el.expr.input, "input", () => {
    if (setText(el.expr.input.value)) kit.save();
  });
  kit.on(el.preset, "change", () => {
    if (!el.preset.value) {
      el.expr.input.focus();
      return;
    }
    el.expr.input.value = el.preset.value;
    if (setText(el.preset.value)) kit.save();
  });
  kit.on(el.fCanvas, "keydown", (event) => {
    const step = event.shiftKey ? 0.1 : 0.01;
    if (event.key === "ArrowLeft" || event.key === "ArrowDown") setPoint(state.px - step);
    else if (event.key === "ArrowRight" || event.key === "ArrowUp") setPoint(state.px + step);
    else return;
    event.preventDefault();
  });
  dragOn(kit, el.fCanvas, (px) => {
    if (fGeom) setPoint(fGeom.dataX(px));
  });

  // ---- drawing ----------------------------------------------------------------------------

  /** The slopes at the point, and their errors relative to the exact one. */
  function slopes() {
    const x = state.px;
    const fx = curve.value(x);
    const exact = curve.derivative(x);
    const secant = curve.forwardSlope(x, state.h);
    const central = curve.centralSlope(x, state.h);
    const errorOf = (approx) => (Number.isFinite(approx) && Number.isFinite(exact) ? Math.abs(approx - exact) / (exact === 0 ? 1 : Math.abs(exact)) : NaN);
    return { x, fx, exact, secant, central, secantErr: errorOf(secant), centralErr: errorOf(central) };
  }

  function drawTable() {
    const s = slopes();
    el.fx.textContent = format.valueHere(s.fx);
    el.secant.textContent = slope(s.secant);
    el.central.textContent = slope(s.central);
    el.exact.textContent = slope(s.exact);
    el["secant-err"].textContent = relativeError(s.secantErr);
    el["central-err"].textContent = relativeError(s.centralErr);
    const at = format.value(s.x);
    if (Number.isNaN(s.fx)) kit.message(`f is undefined here, at x = ${at}: no value, so no slope. Drag the point elsewhere.`, "warning");
    else if (!Number.isFinite(s.exact)) kit.message(`f has no finite slope at x = ${at} (the tangent is vertical or undefined here).`, "warning");
    else if (s.exact === 0) kit.message("f′(x) = 0: the tangent is flat, so the errors are absolute, not relative.", "info");
    else kit.message("");
  }

  /** f(x) with the point, the tangent and the secant. */
  function drawCurve() {
    const colors = lessonColors();
    const { x, fx, exact, secant } = slopes();
    const { ctx, plot } = plotFrame(el.fCanvas);
    const n = sampleCount(plot, 2000);
    const s = curve.sample(X_RANGE[0], X_RANGE[1], n);
    const fs = s.subarray(n, 2 * n);
    const geom = plotAxes(ctx, engine, plot, X_RANGE, Array.from(engine.plotRange(fs)), colors, { xName: "x", yName: "f(x)" });
    fGeom = geom;
    strokeCurve(ctx, s.subarray(0, n), fs, geom.sx, geom.sy, plot, colors.curve, 2.5);
    if (!Number.isFinite(fx)) return;
    strokeLine(ctx, x, fx, secant, X_RANGE, geom.sx, geom.sy, plot, colors.secant, 2.5, [7, 5]);
    strokeLine(ctx, x, fx, exact, X_RANGE, geom.sx, geom.sy, plot, colors.tangent, 2);
    drawRun(ctx, geom, plot, colors, x, fx);
    dotAt(ctx, geom.sx(x), geom.sy(fx), "#ffffff", 6.5, plot);
  }

  /** The run h and the rise f(x + h) − f(x) under the secant, when they are big enough to see. */
  function drawRun(ctx, { sx, sy }, plot, colors, x, fx) {
    const xh = x + state.h;
    const fxh = curve.value(xh);
    if (!Number.isFinite(fxh) || sx(xh) - sx(x) <= 6) return;
    const up = fxh >= fx;
    ctx.save();
    ctx.setLineDash([2, 3]);
    ctx.strokeStyle = colors.muted;
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    ctx.moveTo(sx(x), sy(fx));
    ctx.lineTo(sx(xh), sy(fx));
    ctx.lineTo(sx(xh), sy(fxh));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = colors.muted;
    ctx.font = "italic 13px Georgia, serif";
    ctx.textAlign = "center";
    ctx.textBaseline = up ? "top" : "bottom";
    ctx.fillText("h", (sx(x) + sx(xh)) / 2, sy(fx) + (up ? 3 : -3));
    ctx.restore();
    dotAt(ctx, sx(xh), sy(fxh), colors.secant, 4.5, plot);
  }

  /** f′(x) under f(x), on the same x axis. */
  function drawDerivative() {
    const colors = lessonColors();
    const { x, exact } = slopes();
    const { ctx, plot } = plotFrame(el.dCanvas);
    const n = sampleCount(plot, 2000);
    const s = curve.sample(X_RANGE[0], X_RANGE[1], n);
    const ds = s.subarray(2 * n, 3 * n);
    const geom = plotAxes(ctx, engine, plot, X_RANGE, Array.from(engine.plotRange(ds)), colors, { xName: "x", yName: "f′(x)" });
    strokeCurve(ctx, s.subarray(0, n), ds, geom.sx, geom.sy, plot, colors.derivative, 2.5);
    if (!Number.isFinite(exact)) return;
    markX(ctx, geom.sx(x), plot, colors.muted);
    dotAt(ctx, geom.sx(x), geom.sy(exact), colors.tangent, 5.5, plot);
  }

  /** The error of the secant and central slopes against h, log-log. */
  function drawError() {
    const colors = lessonColors();
    const { x, secantErr, centralErr } = slopes();
    const { ctx, plot } = plotFrame(el.eCanvas, 6);
    const n = ERROR_POINTS;
    const e = curve.errorCurve(x, H_MIN_LOG, H_MAX_LOG, n);
    const lg = (v) => (v > 0 ? Math.max(ERROR_FLOOR, Math.log10(v)) : v === 0 ? ERROR_FLOOR : NaN);
    const hs = Array.from(e.subarray(0, n), Math.log10);
    const fwd = Array.from(e.subarray(n, 2 * n), lg);
    const cen = Array.from(e.subarray(2 * n, 3 * n), lg);
    const finite = [...fwd, ...cen].filter(Number.isFinite);
    const top = finite.length ? Math.min(8, Math.max(1, Math.ceil(Math.max(...finite)))) : 1;
    const geom = plotAxes(ctx, engine, plot, [H_MIN_LOG, H_MAX_LOG], [ERROR_FLOOR, top], colors, { xName: "h", yName: "relative error", xLog: true, yLog: true });
    strokeCurve(ctx, hs, fwd, geom.sx, geom.sy, plot, colors.secant, 2.5);
    strokeCurve(ctx, hs, cen, geom.sx, geom.sy, plot, colors.central, 2.5);
    const lh = Math.log10(state.h);
    // On a pixel's centre: a crisp 1-pixel line.
    markX(ctx, Math.round(geom.sx(lh)) + 0.5, plot, colors.ink, { dash: [4, 4] });
    for (const [err, color] of [[lg(secantErr), colors.secant], [lg(centralErr), colors.central]]) {
      if (Number.isFinite(err)) dotAt(ctx, geom.sx(lh), geom.sy(Math.min(err, top)), color, 5, plot);
    }
  }

  kit.layers({ table: drawTable, curve: drawCurve, derivative: drawDerivative, error: drawError });
  kit.observeSize(el.fBox, el.dBox, el.eBox);

  // ---- start ------------------------------------------------------------------------------

  el.expr.input.value = state.fx;
  setText(state.fx);
  kit.save();
}

export const { mount } = defineView({
  base: import.meta.url, sheets: ["./common.css", "./calc.css"], primary: "#h", figure: "#f-plot", props: properties, setup,
});
