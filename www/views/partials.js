// The partial-derivatives lesson: a surface f(x, y) (built in or typed) with a draggable point,
// and the two cross-sections through it — along x with y held, along y with x held — each a
// 1-D curve with its tangent. Their slopes, read off the sections, equal ∂f/∂x and ∂f/∂y, and
// together they make the gradient ∇f. The core owns the surface; this file declares the view's
// link, controls and drawing on the kit (www/kit/).

import { number, oneOf } from "../kit/state.js";
import { defineView } from "../kit/view.js";
import { picker } from "../kit/controls.js";
import { term } from "../kit/glossary.js";
import * as format from "../kit/format.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";
import { plotAxes } from "../axes.js";
import { plotFrame, sampleCount, lessonColors, strokeCurve, strokeLine, dotAt, dragOn } from "../plot1d.js";
import { createMap } from "../map.js";

const CUSTOM = "custom";
const DEFAULT_EXPR = "x^2 + x*y + 0.5*y^2";
const LEVELS = 12;
const SLOPE_H = 1e-5; // the step of the central difference read off each section
const ARROW_PX = 60; // the length of ∇f on the map (its direction only)
const KEY_STEP_PX = 4; // how far an arrow key moves the point (ten times with Shift)

/** The built-in surfaces of the core, and the typed one ("custom", whose text is `expr`). */
const catalogOf = (engine) => [...engine.Landscape.catalog(), { name: CUSTOM, title: "Your own function f(x, y)…", params: [] }];


/** The table of URL properties for this view. */
function properties(engine) {
  const catalog = catalogOf(engine);
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

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(kit, controls) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  el.expr = expressionField({ id: "expr", label: "f(x, y) =", value: "", hint: "Use x and y: x^2 + x*y, sin(x)*cos(y), exp(-(x^2 + y^2)) …" });
  const v = (name) => h("var", { text: name });
  const d = (axis) => term(kit, "∂", `∂f/∂${axis}`);
  const grad = () => term(kit, "∇f", "∇f");
  const cell = (id) => keep(id, h("td", { id: `p-${id}` }));
  const slice = (axis, held) => h("section", { class: "partials-slice" },
    keep(`title${axis}`, h("h2", { text: `Along ${axis.toLowerCase()}` })),
    keep(`box${axis}`, h("div", { class: "calc-plot calc-plot-section" },
      keep(`canvas${axis}`, h("canvas", { id: `section-${axis.toLowerCase()}`, class: "calc-canvas", role: "img",
        "aria-label": `f along ${axis.toLowerCase()} with ${held} held, and its tangent at the point` })))));
  kit.root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "Partial derivatives: one direction at a time" }),
      h("p", {},
        "Hold ", v("y"), " fixed and ", v("f"), "(", v("x"), ", ", v("y"), ")",
        " becomes a curve in ", v("x"), " alone: a slice of the surface. Its slope is the partial derivative ",
        d("x"), ". Slice the other way for ", d("y"),
        ". The two slopes together are the gradient ", grad(), " = (∂f/∂x, ∂f/∂y). ",
        h("strong", { text: "Drag the point" }), " on the map and watch both slices."),
    ),
    h("div", { class: "partials-workspace" },
      h("div", { class: "figure-col partials-map" },
        keep("figure", h("div", { class: "figure partials-figure" },
          keep("map", h("canvas", { id: "map", class: "layer", role: "img", "aria-label": "The surface f(x, y) as a heatmap with contour lines; dark is low, bright is high." })),
          keep("overlay", h("canvas", { id: "overlay", class: "layer calc-canvas drag-2d", tabindex: "0",
            "aria-label": "The point and the two slices through it. Drag, or use the arrow keys, to move the point." })))),
        h("p", { class: "figure-key" },
          h("span", { class: "key-along-x", text: "── slice along x (y held)" }), " · ",
          h("span", { class: "key-along-y", text: "── slice along y (x held)" }), " · ",
          h("span", { class: "key-grad", text: "→ ∇f" }), " and its two parts"),
        keep("formula", h("p", { id: "formula", class: "partials-formula", "aria-live": "polite" })),
      ),
      // The slices beside the map on a wide screen, under it side by side on a phone: dragging on
      // the map and watching them go together.
      h("div", { class: "partials-sections" }, slice("X", "y"), slice("Y", "x")),
      h("aside", { class: "panel", "aria-label": "Controls" },
        controls.landscape.field,
        keep("exprWrap", h("div", { id: "expr-wrap" }, el.expr.field)),
        kit.messageLine(),
        h("dl", { class: "readout", "aria-label": "The point" },
          h("dt", {}, "(", v("x"), ", ", v("y"), ")"), keep("xy", h("dd", { id: "p-xy" })),
          h("dt", {}, v("f"), "(", v("x"), ", ", v("y"), ")"), keep("f", h("dd", { id: "p-f" }))),
        h("table", { class: "calc-table partials-table", "aria-label": "Slopes of the two slices and the partial derivatives" },
          h("thead", {}, h("tr", {},
            h("th", { scope: "col", text: "" }),
            h("th", { scope: "col", class: "key-along-x", text: "along x" }),
            h("th", { scope: "col", class: "key-along-y", text: "along y" }))),
          h("tbody", {},
            h("tr", {}, h("th", { scope: "row" }, "slope of the slice", h("small", {}, "measured on the curve, ", term(kit, "h", v("h")), " = 10⁻⁵")), cell("slope-x"), cell("slope-y")),
            h("tr", {}, h("th", { scope: "row" }, term(kit, "∂", "partial derivative"), h("small", { text: "exact (reverse mode)" })), cell("dfdx"), cell("dfdy")))),
        h("p", { class: "partials-grad" }, grad(), " = (∂f/∂x, ∂f/∂y) = ", keep("grad", h("span", { id: "p-grad" }))),
      ),
    ),
  );
  return el;
}

/** Builds the view in `kit.root` and wires it to the core, the link and the frame loop. */
function setup(kit) {
  const { engine, state } = kit;
  const catalog = catalogOf(engine);
  let landscape = null;

  const controls = {
    landscape: picker(kit, { key: "f", id: "landscape", label: "Surface", entries: catalog, changed: () => {
      state.x = state.y = undefined;
      el.exprWrap.hidden = state.f !== CUSTOM;
      useLandscape(make());
      kit.save();
    } }),
  };
  const el = build(kit, controls);

  /** The surface the state names. */
  const make = () => (state.f === CUSTOM ? engine.Landscape.parse(state.expr) : engine.Landscape.builtin(state.f));

  /** Shows `next`; a point outside its window moves to the surface's start. */
  function useLandscape(next) {
    landscape = kit.replace(landscape, next);
    const [x0, x1, y0, y1] = landscape.window();
    const inside = (v, lo, hi) => Number.isFinite(v) && v >= lo && v <= hi;
    if (!inside(state.x, x0, x1) || !inside(state.y, y0, y1)) [state.x, state.y] = landscape.start();
    // A built-in surface's formula (the picker names it only); a typed one is in its box already.
    el.formula.textContent = state.f === CUSTOM ? "" : `${landscape.title}: ${landscape.formula}`;
    el.expr.clearError();
    kit.redraw();
  }

  kit.on(el.expr.input, "input", () => {
    const text = el.expr.input.value;
    const next = parseInto(el.expr, (t) => engine.Landscape.parse(t), text);
    if (!next) return;
    state.expr = text;
    useLandscape(next);
    kit.save();
  });

  // ---- the map (www/map.js): the landscape's window at equal scale, no colour bar ------------

  const map = createMap({
    engine,
    figure: el.figure,
    canvas: el.map,
    guard: kit.guard,
    levels: LEVELS,
    landscape: () => landscape,
    wanted: () => Array.from(landscape.window()),
    margins: (width) => (width < 480 ? { left: 40, right: 10, top: 8, bottom: 28 } : { left: 46, right: 14, top: 10, bottom: 30 }),
    decorate: (ctx, m, colors) => m.drawAxes(ctx, colors),
  });
  kit.onUnmount(() => map.destroy());
  const { sx, sy } = map;

  // ---- moving the point: drag it, or the arrow keys ------------------------------------------

  /** The point to the screen point (px, py), pulled into the plot and rounded to its precision. */
  function moveTo(px, py) {
    if (!map.geometry) return;
    [state.x, state.y] = map.pick(px, py, { clamp: true });
    kit.redraw("readout", "overlay", "slices");
    kit.save();
  }
  dragOn(kit, el.overlay, moveTo);
  kit.on(el.overlay, "keydown", (event) => {
    const step = (event.shiftKey ? 10 : 1) * KEY_STEP_PX;
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[event.key];
    if (!d || !map.geometry) return;
    event.preventDefault();
    moveTo(sx(state.x) + d[0], sy(state.y) + d[1]);
  });

  // ---- drawing ----------------------------------------------------------------------------

  /** f, ∇f and the slices' slopes at the point (where f is undefined it has no slopes either). */
  function at() {
    const { x, y } = state;
    const f = landscape.value(x, y);
    const [gx, gy] = Number.isNaN(f) ? [NaN, NaN] : landscape.gradient(x, y);
    // The slope of each slice, read off the curve by a central difference.
    const slopeX = (landscape.value(x + SLOPE_H, y) - landscape.value(x - SLOPE_H, y)) / (2 * SLOPE_H);
    const slopeY = (landscape.value(x, y + SLOPE_H) - landscape.value(x, y - SLOPE_H)) / (2 * SLOPE_H);
    return { x, y, f, gx, gy, slopeX, slopeY };
  }

  function drawReadout() {
    const { x, y, f, gx, gy, slopeX, slopeY } = at();
    const [fx, fy] = [format.value(x), format.value(y)];
    el.xy.textContent = format.point(x, y);
    el.f.textContent = format.valueHere(f);
    el["slope-x"].textContent = format.valueHere(slopeX);
    el["slope-y"].textContent = format.valueHere(slopeY);
    el.dfdx.textContent = format.valueHere(gx);
    el.dfdy.textContent = format.valueHere(gy);
    el.grad.textContent = `(${format.valueHere(gx)}, ${format.valueHere(gy)})`;
    el.titleX.textContent = `Along x, y held at ${fy}`;
    el.titleY.textContent = `Along y, x held at ${fx}`;
    if (Number.isNaN(f)) kit.message(`f is undefined here, at ${format.point(x, y)}. Drag the point to where the map has colour.`, "warning");
    else if (kit.messageTone !== "error") kit.message("");
  }

  /** The overlay on the map: the two slices, the point, ∇f and its parts. */
  function drawOverlay() {
    const colors = lessonColors();
    const { x, y, gx, gy } = at();
    const { plot, width, height } = map.geometry;
    const { ctx } = draw.fitCanvas(el.overlay);
    ctx.clearRect(0, 0, width, height);
    ctx.save();
    map.clip(ctx);
    const px = sx(x);
    const py = sy(y);
    for (const [color, x0, y0, x1, y1] of [[colors.alongX, plot.left, py, plot.left + plot.width, py], [colors.alongY, px, plot.top, px, plot.top + plot.height]]) {
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
      const ex = (ARROW_PX * gx) / norm;
      const ey = (-ARROW_PX * gy) / norm;
      // ∇f and its two parts: (∂f/∂x, 0) along the x slice and (0, ∂f/∂y) along the y slice.
      if (Math.abs(ex) > 4) draw.arrow(ctx, px, py, px + ex, py, colors.alongX, 3);
      if (Math.abs(ey) > 4) draw.arrow(ctx, px, py, px, py + ey, colors.alongY, 3);
      draw.arrow(ctx, px, py, px + ex, py + ey, colors.grad, 2.5);
    }
    draw.dot(ctx, px, py, { radius: 6, filled: true });
    ctx.restore();
  }

  /** The two slices as curves with their tangents, over the map's window. */
  function drawSlices() {
    const colors = lessonColors();
    const { x, y, f, gx, gy } = at();
    const { view } = map.geometry;
    const slices = [
      { canvas: el.canvasX, axis: "x", t: x, range: [view.x0, view.x1], slope: gx, color: colors.alongX, yName: `f(x, ${format.value(y)})` },
      { canvas: el.canvasY, axis: "y", t: y, range: [view.y0, view.y1], slope: gy, color: colors.alongY, yName: `f(${format.value(x)}, y)` },
    ];
    for (const slice of slices) {
      const { ctx, plot } = plotFrame(slice.canvas);
      const n = sampleCount(plot, 1500);
      const s = landscape.section(slice.axis, x, y, slice.range[0], slice.range[1], n);
      const vs = s.subarray(n, 2 * n);
      // A narrow plot (a phone's two side by side) names its axis "f": the title says what is held.
      const yName = plot.width > 230 ? slice.yName : "f";
      const geom = plotAxes(ctx, engine, plot, slice.range, Array.from(engine.plotRange(vs)), colors, { xName: slice.axis, yName });
      strokeCurve(ctx, s.subarray(0, n), vs, geom.sx, geom.sy, plot, slice.color, 2.5);
      if (!Number.isFinite(f)) continue;
      strokeLine(ctx, slice.t, f, slice.slope, slice.range, geom.sx, geom.sy, plot, colors.ink, 1.6, [6, 4]);
      dotAt(ctx, geom.sx(slice.t), geom.sy(f), "#ffffff", 6, plot);
      ctx.save();
      ctx.fillStyle = colors.ink;
      ctx.font = "13px system-ui, sans-serif";
      ctx.textAlign = "right";
      ctx.textBaseline = "top";
      const label = plot.width > 230 ? `tangent slope ∂f/∂${slice.axis} = ` : `∂f/∂${slice.axis} = `;
      ctx.fillText(`${label}${format.valueHere(slice.slope)}`, plot.left + plot.width - 6, plot.top + 6);
      ctx.restore();
    }
  }

  kit.layers({
    map: { draw: () => map.draw(), then: ["overlay", "slices"] },
    readout: drawReadout,
    overlay: drawOverlay,
    slices: drawSlices,
  });
  kit.observeSize(el.figure, el.boxX);

  // ---- start ------------------------------------------------------------------------------

  el.exprWrap.hidden = state.f !== CUSTOM;
  el.expr.input.value = state.expr;
  useLandscape(make());
  kit.save();
}

export const { mount } = defineView({
  base: import.meta.url, sheets: ["./common.css", "./calc.css"], primary: "#overlay", figure: "#section-x", props: properties, setup,
});
