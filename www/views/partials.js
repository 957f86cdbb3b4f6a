// The partial-derivatives lesson: a surface f(x, y) (built in or typed) with a draggable point,
// and the two cross-sections through it — along x with y held, along y with x held — each a
// 1-D curve with its tangent. Their slopes, read off the sections, equal ∂f/∂x and ∂f/∂y, and
// together they make the gradient ∇f.

import { readState, publish, number, oneOf } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { createGuard } from "../guard.js";
import { listenerList } from "../listeners.js";
import { stylesheetsSettled, useStylesheet } from "../stylesheet.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";
import { plotAxes, plotMargins, lessonColors, strokeCurve, strokeLine, shown, dotAt, cssColor } from "../plot1d.js";
import { createMap } from "../map.js";
import { landscapeOptions } from "../landscape-controls.js";

const CUSTOM = "custom";
const DEFAULT_EXPR = "x^2 + x*y + 0.5*y^2";
const LEVELS = 12;
const SLOPE_H = 1e-5; // the step of the central difference read off each section

function properties(catalog, engine) {
  return [
    { key: "f", kind: oneOf(() => catalog.map((c) => c.name)), fallback: () => CUSTOM },
    {
      key: "expr",
      kind: expressionKind((t) => engine.Landscape.parse(t).free()),
      fallback: () => DEFAULT_EXPR,
      show: (v) => JSON.stringify(v),
      only: (s) => s.f === CUSTOM,
    },
    { key: "x", kind: number(-1e6, 1e6), fallback: () => 1 },
    { key: "y", kind: number(-1e6, 1e6), fallback: () => 0.5 },
  ];
}

function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  el.expr = expressionField({ id: "expr", label: "f(x, y) =", value: "", hint: "Use x and y: x^2 + x*y, sin(x)*cos(y), exp(-(x^2 + y^2)) …" });
  const cell = (id) => keep(id, h("td", { id: `p-${id}` }));
  root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "Partial derivatives: one direction at a time" }),
      h("p", {},
        "Hold ", h("em", { text: "y" }), " fixed and ", h("em", { text: "f(x, y)" }),
        " becomes a curve in ", h("em", { text: "x" }), " alone: a slice of the surface. Its slope is the partial derivative ",
        h("strong", { text: "∂f/∂x" }), ". Slice the other way for ", h("strong", { text: "∂f/∂y" }),
        ". The two slopes together are the gradient ∇f = (∂f/∂x, ∂f/∂y). ",
        h("strong", { text: "Drag the point" }), " on the map."),
    ),
    h("div", { class: "workspace calc-workspace" },
      h("div", { class: "figure-col" },
        keep("figure", h("div", { class: "figure partials-figure" },
          keep("map", h("canvas", { id: "map", class: "layer", role: "img", "aria-label": "The surface f(x, y) as a heatmap with contour lines; dark is low, bright is high." })),
          keep("overlay", h("canvas", { id: "overlay", class: "layer calc-canvas drag-2d", tabindex: "0",
            "aria-label": "The point and the two slices through it. Drag, or use the arrow keys, to move the point." })))),
        h("p", { class: "figure-key" },
          h("span", { class: "key-along-x", text: "── slice along x (y held)" }), " · ",
          h("span", { class: "key-along-y", text: "── slice along y (x held)" }), " · ",
          h("span", { class: "key-grad", text: "→ ∇f" }), " and its two parts"),
        keep("formula", h("p", { id: "formula", class: "formula", "aria-live": "polite" })),
      ),
      h("aside", { class: "panel", "aria-label": "Controls" },
        h("div", { class: "field" }, h("label", { for: "landscape", text: "Surface" }), keep("landscape", h("select", { id: "landscape" }))),
        keep("exprWrap", h("div", { id: "expr-wrap" }, el.expr.field)),
        keep("message", h("p", { id: "message", class: "message", role: "status", "aria-live": "polite" })),
        h("dl", { class: "readout", "aria-label": "The point" },
          h("dt", {}, "(", h("var", { text: "x" }), ", ", h("var", { text: "y" }), ")"), keep("xy", h("dd", { id: "p-xy" })),
          h("dt", {}, h("var", { text: "f" }), "(", h("var", { text: "x" }), ", ", h("var", { text: "y" }), ")"), keep("f", h("dd", { id: "p-f" }))),
        h("table", { class: "calc-table partials-table", "aria-label": "Slopes of the two slices and the partial derivatives" },
          h("thead", {}, h("tr", {},
            h("th", { scope: "col", text: "" }),
            h("th", { scope: "col", class: "key-along-x", text: "along x" }),
            h("th", { scope: "col", class: "key-along-y", text: "along y" }))),
          h("tbody", {},
            h("tr", {}, h("th", { scope: "row" }, "slope of the slice", h("small", { text: "measured on the curve, h = 10⁻⁵" })), cell("slope-x"), cell("slope-y")),
            h("tr", {}, h("th", { scope: "row" }, "partial derivative", h("small", { text: "exact (reverse mode)" })), cell("dfdx"), cell("dfdy")))),
        h("p", { class: "partials-grad" }, "∇", h("var", { text: "f" }), " = (∂f/∂x, ∂f/∂y) = ", keep("grad", h("span", { id: "p-grad" }))),
      ),
    ),
    h("div", { class: "partials-sections" },
      h("section", { class: "chart-wrap" },
        keep("titleX", h("h2", { text: "Slice along x" })),
        keep("boxX", h("div", { class: "calc-plot calc-plot-section" },
          keep("canvasX", h("canvas", { id: "section-x", class: "calc-canvas", role: "img", "aria-label": "f along x with y held, and its tangent at the point" }))))),
      h("section", { class: "chart-wrap" },
        keep("titleY", h("h2", { text: "Slice along y" })),
        keep("boxY", h("div", { class: "calc-plot calc-plot-section" },
          keep("canvasY", h("canvas", { id: "section-y", class: "calc-canvas", role: "img", "aria-label": "f along y with x held, and its tangent at the point" }))))),
    ),
  );
  return el;
}

/** Mounts the partial-derivatives view in `root`; returns { unmount }. */
export function mount({ engine, root, onTrap, setNotes }) {
  const releaseSheets = ["./common.css", "./calc.css"].map((name) => useStylesheet(new URL(name, import.meta.url)));
  const el = build(root);
  const catalog = [
    ...engine.Landscape.catalog(),
    { name: CUSTOM, title: "Your own function f(x, y)…", params: [] },
  ];
  const props = properties(catalog, engine);
  const { state, notes } = readState(location.search, props);
  setNotes(notes);
  const { guard, status } = createGuard(onTrap, (text) => showMessage(text, "error"));
  const { listen, off } = listenerList();
  let landscape = null;
  let dirty = { map: true, rest: true };
  stylesheetsSettled().then(() => {
    dirty.map = dirty.rest = true; // the colours in calc.css have arrived
  });
  let frame = 0;

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  const save = () => {
    const out = { ...state };
    if (state.f !== CUSTOM) out.expr = undefined;
    publish(out, props);
  };

  function make(name, text) {
    return name === CUSTOM ? engine.Landscape.parse(text) : engine.Landscape.builtin(name);
  }

  function useLandscape(next) {
    landscape?.free();
    landscape = next;
    const [x0, x1, y0, y1] = landscape.window();
    const inside = (v, lo, hi) => Number.isFinite(v) && v >= lo && v <= hi;
    if (!inside(state.x, x0, x1) || !inside(state.y, y0, y1)) {
      const start = landscape.start();
      state.x = start[0];
      state.y = start[1];
    }
    el.formula.textContent = `${landscape.title}: ${landscape.formula}`;
    el.expr.clearError();
    dirty.map = dirty.rest = true;
  }

  function fillControls() {
    el.landscape.replaceChildren(...landscapeOptions(catalog));
    el.landscape.value = state.f;
    el.exprWrap.hidden = state.f !== CUSTOM;
    el.expr.input.value = state.expr;
  }

  listen(el.landscape, "change", guard(() => {
    state.f = el.landscape.value;
    state.x = state.y = undefined;
    el.exprWrap.hidden = state.f !== CUSTOM;
    useLandscape(make(state.f, state.expr));
    save();
  }));
  listen(el.expr.input, "input", guard(() => {
    const text = el.expr.input.value;
    const next = parseInto(el.expr, (t) => engine.Landscape.parse(t), text);
    if (!next) return;
    state.expr = text;
    useLandscape(next);
    save();
  }));

  // ---- the map (www/map.js): the landscape's window at equal scale, no colour bar ------------

  const map = createMap({
    engine,
    figure: el.figure,
    canvas: el.map,
    guard,
    levels: LEVELS,
    landscape: () => landscape,
    wanted: () => Array.from(landscape.window()),
    margins: (width) => (width < 480 ? { left: 40, right: 10, top: 8, bottom: 28 } : { left: 46, right: 14, top: 10, bottom: 30 }),
    decorate: (ctx, m, colors) => m.drawAxes(ctx, colors),
  });
  const { sx, sy } = map;

  function drawRest() {
    const colors = lessonColors();
    const alongX = cssColor("--along-x", "#d55e00");
    const alongY = cssColor("--along-y", "#0072b2");
    const { x, y } = state;
    const f = landscape.value(x, y);
    // Where f is undefined it has no slopes either, whatever the local rules compute.
    const [gx, gy] = Number.isNaN(f) ? [NaN, NaN] : landscape.gradient(x, y);
    // The slope of each slice, read off the curve by a central difference.
    const slopeX = (landscape.value(x + SLOPE_H, y) - landscape.value(x - SLOPE_H, y)) / (2 * SLOPE_H);
    const slopeY = (landscape.value(x, y + SLOPE_H) - landscape.value(x, y - SLOPE_H)) / (2 * SLOPE_H);
    el.xy.textContent = `(${draw.formatValue(x)}, ${draw.formatValue(y)})`;
    el.f.textContent = shown(f);
    el["slope-x"].textContent = shown(slopeX);
    el["slope-y"].textContent = shown(slopeY);
    el.dfdx.textContent = shown(gx);
    el.dfdy.textContent = shown(gy);
    el.grad.textContent = `(${shown(gx)}, ${shown(gy)})`;
    el.titleX.textContent = `Slice along x, with y held at ${draw.formatValue(y)}: f(x, ${draw.formatValue(y)})`;
    el.titleY.textContent = `Slice along y, with x held at ${draw.formatValue(x)}: f(${draw.formatValue(x)}, y)`;
    if (Number.isNaN(f)) showMessage(`f is undefined here, at (${draw.formatValue(x)}, ${draw.formatValue(y)}). Drag the point to where the map has colour.`, "warning");
    else if (el.message.dataset.tone !== "error") showMessage("");

    // The overlay on the map: the two slices, the point, ∇f and its parts.
    const geometry = map.geometry;
    {
      const { ctx } = draw.fitCanvas(el.overlay);
      const { plot } = geometry;
      ctx.clearRect(0, 0, geometry.width, geometry.height);
      ctx.save();
      map.clip(ctx);
      const px = sx(x);
      const py = sy(y);
      for (const [color, x0, y0, x1, y1] of [[alongX, plot.left, py, plot.left + plot.width, py], [alongY, px, plot.top, px, plot.top + plot.height]]) {
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
        ctx.lineWidth = 5;
        ctx.strokeStyle = "rgba(0,0,0,0.45)";
        ctx.stroke();
        ctx.lineWidth = 2.5;
        ctx.strokeStyle = color;
        ctx.stroke();
      }
      const norm = Math.hypot(gx, gy);
      if (norm > 0 && Number.isFinite(norm)) {
        const len = 60;
        const ex = (len * gx) / norm;
        const ey = (-len * gy) / norm;
        // ∇f and its two parts: (∂f/∂x, 0) along the x slice and (0, ∂f/∂y) along the y slice.
        if (Math.abs(ex) > 4) draw.arrow(ctx, px, py, px + ex, py, alongX, 3);
        if (Math.abs(ey) > 4) draw.arrow(ctx, px, py, px, py + ey, alongY, 3);
        draw.arrow(ctx, px, py, px + ex, py + ey, colors.grad, 2.5);
      }
      draw.dot(ctx, px, py, { radius: 6, filled: true });
      ctx.restore();
    }

    // The two slices as curves with their tangents.
    const [wx0, wx1, wy0, wy1] = [geometry.view.x0, geometry.view.x1, geometry.view.y0, geometry.view.y1];
    const slices = [
      { canvas: el.canvasX, axis: "x", t: x, range: [wx0, wx1], slope: gx, color: alongX, xName: "x", yName: `f(x, ${draw.formatValue(y)})` },
      { canvas: el.canvasY, axis: "y", t: y, range: [wy0, wy1], slope: gy, color: alongY, xName: "y", yName: `f(${draw.formatValue(x)}, y)` },
    ];
    for (const slice of slices) {
      const { ctx, width, height } = draw.fitCanvas(slice.canvas);
      ctx.clearRect(0, 0, width, height);
      const m = plotMargins(width);
      const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
      const n = Math.max(50, Math.min(1500, Math.round(plot.width * 1.5)));
      const s = landscape.section(slice.axis, x, y, slice.range[0], slice.range[1], n);
      const ts = s.subarray(0, n);
      const vs = s.subarray(n, 2 * n);
      const yr = Array.from(engine.plotRange(vs));
      const geom = plotAxes(ctx, engine, plot, slice.range, yr, colors, { xName: slice.xName, yName: slice.yName });
      strokeCurve(ctx, ts, vs, geom.sx, geom.sy, plot, slice.color, 2.5);
      if (Number.isFinite(f)) {
        strokeLine(ctx, slice.t, f, slice.slope, slice.range, geom.sx, geom.sy, plot, colors.ink, 1.6, [6, 4]);
        dotAt(ctx, geom.sx(slice.t), geom.sy(f), "#ffffff", 6, plot);
        ctx.save();
        ctx.fillStyle = colors.ink;
        ctx.font = "13px system-ui, sans-serif";
        ctx.textAlign = "right";
        ctx.textBaseline = "top";
        ctx.fillText(`tangent slope ∂f/∂${slice.axis} = ${shown(slice.slope)}`, plot.left + plot.width - 6, plot.top + 6);
        ctx.restore();
      }
    }
  }

  // ---- moving the point --------------------------------------------------------------------

  /** The point to the screen point (px, py), pulled into the plot and rounded to its precision. */
  function moveTo(px, py) {
    [state.x, state.y] = map.pick(px, py, { clamp: true });
    dirty.rest = true;
    save();
  }
  let dragging = null;
  const local = (event) => {
    const r = el.overlay.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top];
  };
  listen(el.overlay, "pointerdown", guard((event) => {
    if (!map.geometry) return;
    el.overlay.setPointerCapture(event.pointerId);
    dragging = event.pointerId;
    moveTo(...local(event));
  }));
  listen(el.overlay, "pointermove", guard((event) => {
    if (dragging === event.pointerId && map.geometry) moveTo(...local(event));
  }));
  const endDrag = (event) => {
    if (dragging === event.pointerId) dragging = null;
  };
  listen(el.overlay, "pointerup", endDrag);
  listen(el.overlay, "pointercancel", endDrag);
  listen(el.overlay, "keydown", guard((event) => {
    if (!map.geometry) return;
    const step = (event.shiftKey ? 10 : 1) * 4; // CSS px
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const d = moves[event.key];
    if (!d) return;
    event.preventDefault();
    moveTo(sx(state.x) + d[0], sy(state.y) + d[1]);
  }));

  // ---- the frame loop ------------------------------------------------------------------------

  const tick = guard(() => {
    if (status.stopped) return;
    if (dirty.map) {
      map.draw();
      dirty.map = false;
      dirty.rest = true;
    }
    if (dirty.rest) {
      drawRest();
      dirty.rest = false;
    }
    frame = requestAnimationFrame(tick);
  });
  const resize = new ResizeObserver(() => {
    dirty.map = true;
  });
  resize.observe(el.figure);
  resize.observe(el.boxX);
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  listen(scheme, "change", () => {
    dirty.map = true;
  });

  fillControls();
  useLandscape(make(state.f, state.expr));
  save();
  tick();

  return {
    unmount() {
      status.stopped = true;
      cancelAnimationFrame(frame);
      resize.disconnect();
      off();
      map.destroy();
      root.replaceChildren();
      for (const release of releaseSheets) release();
      try {
        landscape?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
