// The derivative lesson: f(x) with a draggable point, its tangent, a secant through x and x + h
// that turns into the tangent as h shrinks, the slopes in a table, f′(x) under f(x), and the
// error of the numerical slopes against h (log-log): it falls, then rises again from rounding.

import { readState, publish, number } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { createGuard } from "../guard.js";
import { listenerList } from "../listeners.js";
import { stylesheetsSettled, useStylesheet } from "../stylesheet.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";
import { plotAxes, plotMargins, lessonColors, strokeCurve, strokeLine, shown, dotAt, superscript } from "../plot1d.js";

const X_RANGE = [-3, 3];
const H_MIN_LOG = -16;
const H_MAX_LOG = 0;
const ERROR_POINTS = 161;

const PRESETS = [
  { text: "x^2", title: "x²" },
  { text: "x^3 - 3*x", title: "x³ − 3x" },
  { text: "sin(x)", title: "sin x" },
  { text: "(x - 1)^2", title: "squared error (p − a)², a = 1" },
];

function properties(engine) {
  return [
    { key: "fx", kind: expressionKind((t) => engine.Curve.parse(t).free()), fallback: () => "x^3 - 3*x", show: (v) => JSON.stringify(v) },
    { key: "px", kind: number(X_RANGE[0], X_RANGE[1]), fallback: () => 1.8 },
    { key: "h", kind: number(10 ** H_MIN_LOG, 10 ** H_MAX_LOG), fallback: () => 0.5 },
  ];
}

function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const row = (label, id, errId) => h("tr", {},
    h("th", { scope: "row" }, ...label),
    keep(id, h("td", { id: `d-${id}` })),
    errId ? keep(errId, h("td", { id: `d-${errId}` })) : h("td", {}));
  el.expr = expressionField({ id: "fx", label: "f(x) =", value: "", hint: "Type any function of x: x^2, exp(-x^2), ln(x), abs(x), sigmoid(3*x) …" });
  root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "The derivative: how fast f changes" }),
      h("p", {},
        "The derivative ", h("em", { text: "f′(x)" }), " is the slope of the curve at ", h("em", { text: "x" }),
        ": how much ", h("em", { text: "f" }), " rises per unit step in ", h("em", { text: "x" }),
        ". The secant through ", h("em", { text: "x" }), " and ", h("em", { text: "x + h" }),
        " has slope (f(x + h) − f(x)) / h; as ", h("em", { text: "h" }), " shrinks it turns into the tangent. ",
        h("strong", { text: "Drag the point" }), ", and slide ", h("em", { text: "h" }), " towards zero."),
    ),
    h("div", { class: "workspace calc-workspace" },
      h("div", { class: "figure-col" },
        keep("fBox", h("div", { class: "calc-plot calc-plot-main" },
          keep("fCanvas", h("canvas", { id: "f-plot", class: "calc-canvas drag", tabindex: "0", role: "img",
            "aria-label": "The curve f(x) with the point, its tangent and the secant. Drag, or use the left and right arrow keys, to move the point." })))),
        h("p", { class: "figure-key" },
          h("span", { class: "key-tangent", text: "── tangent, slope f′(x)" }), " · ",
          h("span", { class: "key-secant", text: "- - secant through x and x + h" })),
        h("h2", { class: "calc-sub", text: "The derivative f′(x), the slope at every x" }),
        keep("dBox", h("div", { class: "calc-plot calc-plot-small" },
          keep("dCanvas", h("canvas", { id: "d-plot", class: "calc-canvas", role: "img", "aria-label": "The derivative f′(x) under f(x), with the point's slope marked." })))),
        keep("formula", h("p", { id: "formula", class: "formula", "aria-live": "polite" })),
      ),
      h("aside", { class: "panel", "aria-label": "Controls" },
        el.expr.field,
        h("div", { class: "field" }, h("label", { for: "preset", text: "Examples" }), keep("preset", h("select", { id: "preset" }))),
        keep("presetNote", h("p", { class: "calc-note", id: "preset-note" })),
        h("div", { class: "field" },
          h("label", { for: "px" }, "Point x ", keep("pxOut", h("output", { for: "px" }))),
          keep("px", h("input", { id: "px", type: "range", min: String(X_RANGE[0]), max: String(X_RANGE[1]), step: "0.01" }))),
        h("div", { class: "field" },
          h("label", { for: "h" }, "Step h ", keep("hOut", h("output", { for: "h", id: "h-out" }))),
          keep("h", h("input", { id: "h", type: "range", min: String(H_MIN_LOG), max: String(H_MAX_LOG), step: "0.05" }))),
        keep("message", h("p", { id: "message", class: "message", role: "status", "aria-live": "polite" })),
        h("table", { class: "calc-table", "aria-label": "Slopes at the point" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "at the point" }), h("th", { scope: "col", text: "value" }), h("th", { scope: "col", text: "rel. error" }))),
          h("tbody", {},
            row([h("var", { text: "f" }), "(", h("var", { text: "x" }), ")"], "fx"),
            row(["secant ", h("small", { text: "(f(x+h) − f(x)) / h" })], "secant", "secant-err"),
            row(["central ", h("small", { text: "(f(x+h) − f(x−h)) / 2h" })], "central", "central-err"),
            row(["exact ", h("var", { text: "f′" }), "(", h("var", { text: "x" }), ")"], "exact"))),
      ),
    ),
    h("section", { class: "chart-wrap" },
      h("h2", { text: "How wrong are the numerical slopes? Error against h" }),
      h("p", { class: "calc-caption" },
        "Shrinking ", h("em", { text: "h" }), " makes the secant's error fall in proportion to h (the central one's to h²) — until the two values of f become so close that rounding (about 10⁻¹⁶ of f) dominates their difference, and the error climbs again. The best h for the secant is near 10⁻⁸; computers therefore differentiate exactly, by the chain rule, instead."),
      keep("eBox", h("div", { class: "calc-plot calc-plot-error" },
        keep("eCanvas", h("canvas", { id: "error-plot", class: "calc-canvas", role: "img", "aria-label": "Relative error of the secant and central slopes against h, both on log scales." })))),
      h("p", { class: "figure-key" },
        h("span", { class: "key-secant", text: "── secant (forward) slope" }), " · ",
        h("span", { class: "key-central", text: "── central slope" }), " · the line marks the current h"),
    ),
  );
  return el;
}

/** Mounts the derivative view in `root`; returns { unmount }. */
export function mount({ engine, root, onTrap, setNotes }) {
  const releaseSheets = [useStylesheet(new URL("./common.css", import.meta.url)), useStylesheet(new URL("./calc.css", import.meta.url))];
  const el = build(root);
  const props = properties(engine);
  const { state, notes } = readState(location.search, props);
  setNotes(notes);
  const { guard, status } = createGuard(onTrap, (text) => showMessage(text, "error"));
  const { listen, off } = listenerList();
  let curve = null;
  let dirty = true;
  stylesheetsSettled().then(() => {
    dirty = true; // the colours in calc.css have arrived
  });
  let frame = 0;

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  const save = () => publish(state, props);

  /** Reads the text; on success replaces the curve, on failure keeps the last good one. */
  function setText(text) {
    const next = parseInto(el.expr, (t) => engine.Curve.parse(t), text);
    if (!next) return false;
    curve?.free();
    curve = next;
    state.fx = text;
    el.expr.clearError();
    el.formula.textContent = curve.formula;
    syncPreset();
    dirty = true;
    return true;
  }

  function syncPreset() {
    const found = PRESETS.find((p) => p.text === state.fx.trim());
    el.preset.value = found ? found.text : "";
    el.presetNote.textContent = found && found.text === "(x - 1)^2"
      ? "Here x is a prediction p and a = 1 the actual value. The slope 2(p − a) says which way, and how hard, to move p to shrink the error: the gradient a learner follows."
      : "";
  }

  function fillControls() {
    el.preset.replaceChildren(
      h("option", { value: "", text: "your own function" }),
      ...PRESETS.map((p) => h("option", { value: p.text, text: p.title })),
    );
    el.expr.input.value = state.fx;
    el.px.value = String(state.px);
    el.pxOut.textContent = draw.formatValue(state.px);
    el.h.value = String(Math.log10(state.h));
    el.hOut.textContent = formatH(state.h);
  }

  function formatH(v) {
    const e = Math.floor(Math.log10(v) + 1e-9);
    const m = v / 10 ** e;
    return Math.abs(m - 1) < 1e-6 ? `10${superscript(e)}`.replace("10⁰", "1") : `${Number(m.toPrecision(2))}·10${superscript(e)}`;
  }

  function setPoint(x) {
    const clamped = Math.min(X_RANGE[1], Math.max(X_RANGE[0], x));
    state.px = Number(clamped.toFixed(3));
    el.px.value = String(state.px);
    el.pxOut.textContent = draw.formatValue(state.px);
    dirty = true;
    save();
  }

  // ---- controls ---------------------------------------------------------------------------

  listen(el.expr.input, "input", guard(() => {
    if (setText(el.expr.input.value)) save();
  }));
  listen(el.preset, "change", guard(() => {
    if (!el.preset.value) {
      el.expr.input.focus();
      return;
    }
    el.expr.input.value = el.preset.value;
    if (setText(el.preset.value)) save();
  }));
  listen(el.px, "input", guard(() => setPoint(Number(el.px.value))));
  listen(el.h, "input", guard(() => {
    state.h = Number((10 ** Number(el.h.value)).toPrecision(2));
    el.hOut.textContent = formatH(state.h);
    dirty = true;
    save();
  }));
  listen(el.fCanvas, "keydown", guard((event) => {
    const step = event.shiftKey ? 0.1 : 0.01;
    if (event.key === "ArrowLeft" || event.key === "ArrowDown") setPoint(state.px - step);
    else if (event.key === "ArrowRight" || event.key === "ArrowUp") setPoint(state.px + step);
    else return;
    event.preventDefault();
  }));

  // ---- dragging the point ------------------------------------------------------------------

  let fGeom = null;
  let dragging = null;
  const localX = (event) => event.clientX - el.fCanvas.getBoundingClientRect().left;
  listen(el.fCanvas, "pointerdown", guard((event) => {
    if (!fGeom) return;
    el.fCanvas.setPointerCapture(event.pointerId);
    dragging = event.pointerId;
    setPoint(fGeom.dataX(localX(event)));
  }));
  listen(el.fCanvas, "pointermove", guard((event) => {
    if (dragging !== event.pointerId || !fGeom) return;
    setPoint(fGeom.dataX(localX(event)));
  }));
  const endDrag = (event) => {
    if (dragging === event.pointerId) dragging = null;
  };
  listen(el.fCanvas, "pointerup", endDrag);
  listen(el.fCanvas, "pointercancel", endDrag);

  // ---- drawing ---------------------------------------------------------------------------

  function drawAll() {
    const colors = lessonColors();
    const x = state.px;
    const hh = state.h;
    const fx = curve.value(x);
    const exact = curve.derivative(x);
    const secant = curve.forwardSlope(x, hh);
    const central = curve.centralSlope(x, hh);
    const errorOf = (approx) => (Number.isFinite(approx) && Number.isFinite(exact) ? Math.abs(approx - exact) / (exact === 0 ? 1 : Math.abs(exact)) : NaN);

    // The table.
    el.fx.textContent = shown(fx);
    el.secant.textContent = shown(secant);
    el.central.textContent = shown(central);
    el.exact.textContent = shown(exact);
    el["secant-err"].textContent = shownError(errorOf(secant));
    el["central-err"].textContent = shownError(errorOf(central));
    if (Number.isNaN(fx)) showMessage(`f is undefined here, at x = ${draw.formatValue(x)}: no value, so no slope. Drag the point elsewhere.`, "warning");
    else if (Number.isNaN(exact) || !Number.isFinite(exact)) showMessage(`f has no finite slope at x = ${draw.formatValue(x)} (the tangent is vertical or undefined here).`, "warning");
    else if (exact === 0) showMessage("f′(x) = 0: the tangent is flat, so the errors are absolute, not relative.", "info");
    else showMessage("");

    // f(x) with the point, the tangent and the secant.
    {
      const { ctx, width, height } = draw.fitCanvas(el.fCanvas);
      ctx.clearRect(0, 0, width, height);
      const m = plotMargins(width);
      const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
      const n = Math.max(50, Math.min(2000, Math.round(plot.width * 1.5)));
      const s = curve.sample(X_RANGE[0], X_RANGE[1], n);
      const xs = s.subarray(0, n);
      const fs = s.subarray(n, 2 * n);
      const yr = Array.from(engine.plotRange(fs));
      const geom = plotAxes(ctx, engine, plot, X_RANGE, yr, colors, { xName: "x", yName: "f(x)" });
      fGeom = geom;
      strokeCurve(ctx, xs, fs, geom.sx, geom.sy, plot, colors.curve, 2.5);
      if (Number.isFinite(fx)) {
        const fxh = curve.value(x + hh);
        strokeLine(ctx, x, fx, secant, X_RANGE, geom.sx, geom.sy, plot, colors.secant, 2.5, [7, 5]);
        strokeLine(ctx, x, fx, exact, X_RANGE, geom.sx, geom.sy, plot, colors.tangent, 2);
        // The run h and the rise f(x + h) − f(x), when they are big enough to see.
        if (Number.isFinite(fxh) && geom.sx(x + hh) - geom.sx(x) > 6) {
          ctx.save();
          ctx.setLineDash([2, 3]);
          ctx.strokeStyle = colors.muted;
          ctx.lineWidth = 1.2;
          ctx.beginPath();
          ctx.moveTo(geom.sx(x), geom.sy(fx));
          ctx.lineTo(geom.sx(x + hh), geom.sy(fx));
          ctx.lineTo(geom.sx(x + hh), geom.sy(fxh));
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = colors.muted;
          ctx.font = "italic 13px Georgia, serif";
          ctx.textAlign = "center";
          ctx.textBaseline = fxh >= fx ? "top" : "bottom";
          ctx.fillText("h", (geom.sx(x) + geom.sx(x + hh)) / 2, geom.sy(fx) + (fxh >= fx ? 3 : -3));
          ctx.restore();
          dotAt(ctx, geom.sx(x + hh), geom.sy(fxh), colors.secant, 4.5, plot);
        }
        dotAt(ctx, geom.sx(x), geom.sy(fx), "#ffffff", 6.5, plot);
      }
    }

    // f′(x) under it, same x axis.
    {
      const { ctx, width, height } = draw.fitCanvas(el.dCanvas);
      ctx.clearRect(0, 0, width, height);
      const m = plotMargins(width);
      const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
      const n = Math.max(50, Math.min(2000, Math.round(plot.width * 1.5)));
      const s = curve.sample(X_RANGE[0], X_RANGE[1], n);
      const xs = s.subarray(0, n);
      const ds = s.subarray(2 * n, 3 * n);
      const yr = Array.from(engine.plotRange(ds));
      const geom = plotAxes(ctx, engine, plot, X_RANGE, yr, colors, { xName: "x", yName: "f′(x)" });
      strokeCurve(ctx, xs, ds, geom.sx, geom.sy, plot, colors.derivative, 2.5);
      if (Number.isFinite(exact)) {
        ctx.save();
        ctx.strokeStyle = colors.muted;
        ctx.setLineDash([2, 3]);
        ctx.beginPath();
        ctx.moveTo(geom.sx(x), plot.top);
        ctx.lineTo(geom.sx(x), plot.top + plot.height);
        ctx.stroke();
        ctx.restore();
        dotAt(ctx, geom.sx(x), geom.sy(exact), colors.tangent, 5.5, plot);
      }
    }

    // The error against h, log-log.
    {
      const { ctx, width, height } = draw.fitCanvas(el.eCanvas);
      ctx.clearRect(0, 0, width, height);
      const m = plotMargins(width);
      const plot = { left: m.left + 6, top: m.top, width: width - m.left - 6 - m.right, height: height - m.top - m.bottom };
      const n = ERROR_POINTS;
      const e = curve.errorCurve(x, H_MIN_LOG, H_MAX_LOG, n);
      const FLOOR = -17; // an error of exactly 0 is drawn at 10⁻¹⁷, the bottom of the plot
      const lg = (v) => (v > 0 ? Math.max(FLOOR, Math.log10(v)) : v === 0 ? FLOOR : NaN);
      const hs = Array.from(e.subarray(0, n), Math.log10);
      const fwd = Array.from(e.subarray(n, 2 * n), lg);
      const cen = Array.from(e.subarray(2 * n, 3 * n), lg);
      const finite = [...fwd, ...cen].filter(Number.isFinite);
      const top = finite.length ? Math.min(8, Math.max(1, Math.ceil(Math.max(...finite)))) : 1;
      const yr = [FLOOR, top];
      const geom = plotAxes(ctx, engine, plot, [H_MIN_LOG, H_MAX_LOG], yr, colors, { xName: "h", yName: "error", xLog: true, yLog: true });
      strokeCurve(ctx, hs, fwd, geom.sx, geom.sy, plot, colors.secant, 2.5);
      strokeCurve(ctx, hs, cen, geom.sx, geom.sy, plot, colors.central, 2.5);
      const lh = Math.log10(hh);
      ctx.save();
      ctx.strokeStyle = colors.ink;
      ctx.lineWidth = 1; // set, not inherited from the last stroke, so every redraw is the same
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      // On a pixel's centre: a crisp 1-pixel line.
      const hx = Math.round(geom.sx(lh)) + 0.5;
      ctx.moveTo(hx, plot.top);
      ctx.lineTo(hx, plot.top + plot.height);
      ctx.stroke();
      ctx.restore();
      const ef = lg(errorOf(secant));
      const ec = lg(errorOf(central));
      if (Number.isFinite(ef)) dotAt(ctx, geom.sx(lh), geom.sy(Math.min(ef, top)), colors.secant, 5, plot);
      if (Number.isFinite(ec)) dotAt(ctx, geom.sx(lh), geom.sy(Math.min(ec, top)), colors.central, 5, plot);
    }
  }

  function shownError(v) {
    if (Number.isNaN(v)) return "—";
    if (v === 0) return "0 (exact)";
    return v >= 0.01 ? `${Number((100 * v).toPrecision(3))} %` : draw.formatValue(v);
  }

  const tick = guard(() => {
    if (status.stopped) return;
    if (dirty && curve) {
      dirty = false;
      drawAll();
    }
    frame = requestAnimationFrame(tick);
  });

  const resize = new ResizeObserver(() => {
    dirty = true;
  });
  resize.observe(el.fBox);
  resize.observe(el.eBox);
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  listen(scheme, "change", () => {
    dirty = true;
  });

  // ---- start ------------------------------------------------------------------------------

  fillControls();
  setText(state.fx);
  save();
  tick();

  return {
    unmount() {
      status.stopped = true;
      cancelAnimationFrame(frame);
      resize.disconnect();
      off();
      root.replaceChildren();
      for (const release of releaseSheets) release();
      try {
        curve?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
