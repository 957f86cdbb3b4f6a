// The gradient view: a loss landscape (built in, or a function the learner types), a start
// point, the gradient there and over the whole map, and gradient descent walking downhill.
// The Rust core owns the landscape, the descent and the pictures' mathematics; this file
// declares the view's link, controls and drawing on the kit (www/kit/).

import { number, integer, oneOf, windowOf } from "../kit/state.js";
import { defineView } from "../kit/view.js";
import { rateSlider, speedSlider } from "../kit/controls.js";
import * as format from "../kit/format.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { term } from "../kit/glossary.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";
import { createMap } from "../map.js";
import { PathBuffer, drawMapTrail, drawDescentMarks, descentPlayback } from "../path.js";
import { sizeChart } from "../chart.js";
import { paramProperties, paramValues, paramSliders, landscapeOptions } from "../landscape-controls.js";

const LEVELS = 14; // contour lines per picture
const MAX_STEPS = 100000; // the longest run a link can ask for
const MAX_STEPS_PER_FRAME = 20000;
const LR_RANGE = [1e-4, 1];
const CUSTOM = "custom"; // the landscape name of a typed surface
const DEFAULT_EXPR = "0.1*(x^2 + y^2) + sin(x)*cos(y)";
const GRAB_RADIUS = 18; // CSS px around the start marker that grab it for dragging
const ARROW_PX = 56; // the ∇f arrow's one length on screen (the figure key says it is fixed)

/** The picker's entry for a typed surface, shaped like a catalog entry. */
const CUSTOM_ENTRY = { name: CUSTOM, title: "Your own function f(x, y)…", params: [], rate: 0.01 };

/** The built-in landscapes of the core, and the typed one ("custom", whose text is `expr`). */
const catalogOf = (engine) => [...engine.Landscape.catalog(), CUSTOM_ENTRY];

/** The table of URL properties for this view. */
function properties(engine) {
  const catalog = catalogOf(engine);
  const byName = (name) => catalog.find((c) => c.name === name) ?? catalog[0];
  return [
    { key: "f", kind: oneOf(() => catalog.map((c) => c.name)), fallback: () => "rosenbrock" },
    {
      key: "expr",
      kind: expressionKind((t) => engine.Landscape.parse(t).free()),
      fallback: () => DEFAULT_EXPR,
      show: (v) => JSON.stringify(v),
      only: (s) => s.f === CUSTOM,
    },
    // Each landscape parameter (the bowl's condition number, ...) is a key of its own.
    ...paramProperties(catalog),
    { key: "x", kind: number(-1e6, 1e6), fallback: () => undefined },
    { key: "y", kind: number(-1e6, 1e6), fallback: () => undefined },
    { key: "lr", kind: number(...LR_RANGE), fallback: (s) => byName(s.f).rate },
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(1, 5000), fallback: () => 200 },
    { key: "view", kind: windowOf(1e6), fallback: () => undefined, show: () => "the landscape's usual window" },
    { key: "field", kind: integer(0, 1), fallback: () => 0 },
  ];
}

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(kit, controls) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  el.expr = expressionField({ id: "expr", label: "f(x, y) =", value: "", hint: "Use x and y: x^2 + 3*y^2, sin(x)*cos(y), (1 - x)^2 + 100*(y - x^2)^2 …" });
  const readoutRow = (label, id) => [h("dt", {}, ...label), keep(id, h("dd", { text: "" }))];
  kit.root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "Gradient descent on a loss landscape" }),
      h("p", {},
        "The colours are the height of a function ", h("em", { text: "f(x, y)" }),
        " (pick one, or type your own)",
        ": dark is low, bright is high. The gradient ", h("strong", { text: "∇f" }),
        " points uphill, the way ", h("em", { text: "f" }), " grows fastest. Gradient descent takes a small step the other way, ",
        h("strong", { text: "−η ∇f" }), ", again and again. ", h("strong", { text: "Click the map" }),
        " (or drag the start marker) to choose where to start, then press Play. Turn on the gradient field to see ∇f everywhere at once."),
    ),
    h("div", { class: "workspace descent-workspace" },
      h("div", { class: "figure-col" },
        keep("figure", h("div", { class: "figure" },
          keep("map", h("canvas", { id: "map", class: "layer", role: "img", "aria-label": "Loss landscape: a heatmap with contour lines; dark is low, bright is high." })),
          keep("fieldLayer", h("canvas", { id: "field-layer", class: "layer", "aria-hidden": "true" })),
          keep("trail", h("canvas", { id: "trail", class: "layer", "aria-hidden": "true" })),
          keep("overlay", h("canvas", { id: "overlay", class: "layer overlay", tabindex: "0", "aria-label": "Descent path. Click or tap to choose the start point, or drag the start marker; drag elsewhere to pan; scroll or pinch to zoom." })),
        )),
        h("p", { class: "figure-key" },
          h("span", { class: "key-grad" }, "→ ", term(kit, "∇f")), " uphill, drawn at a ", term(kit, "fixed length"), " (its direction only; shorter only at the map's edge) · ",
          h("span", { class: "key-step", text: "→ −η∇f" }), " the next step, to scale (cut at the map's edge) · ",
          h("span", { class: "key-min", text: "✕" }), " minimum",
          keep("fieldKey", h("span", { class: "key-field", hidden: true }, " · ", h("span", { class: "key-field-arrow", text: "↗" }), " ∇f across the map (longer = steeper)"))),
        keep("formula", h("p", { id: "formula", class: "formula", "aria-live": "polite" })),
      ),
      h("aside", { class: "panel", "aria-label": "Controls" },
        h("div", { class: "field" }, h("label", { for: "landscape", text: "Landscape" }), keep("landscape", h("select", { id: "landscape" }))),
        keep("exprWrap", h("div", { id: "expr-wrap", hidden: true }, el.expr.field)),
        keep("params", h("div", { id: "params" })),
        h("label", { class: "check", for: "field" },
          keep("field", h("input", { id: "field", type: "checkbox" })), " Gradient field: ∇f over the whole map"),
        controls.lr.field,
        controls.speed.field,
        h("div", { class: "buttons" },
          keep("play", h("button", { id: "play", type: "button", title: "Play or pause (Space)", "aria-pressed": "false", text: "Play" })),
          keep("step", h("button", { id: "step", type: "button", title: "One step (Right arrow)", text: "Step" })),
          keep("reset", h("button", { id: "reset", type: "button", title: "Back to the start point (R)", text: "Reset" })),
          keep("resetView", h("button", { id: "reset-view", type: "button", title: "Show the landscape's usual window", text: "Reset view" }))),
        kit.messageLine(),
        h("dl", { class: "readout", "aria-label": "Current state" },
          readoutRow(["step ", h("var", { text: "k" })], "rStep"),
          readoutRow(["(", h("var", { text: "x" }), ", ", h("var", { text: "y" }), ")"], "rXY"),
          readoutRow([h("var", { text: "f" }), "(", h("var", { text: "x" }), ", ", h("var", { text: "y" }), ")"], "rF"),
          readoutRow(["∇", h("var", { text: "f" }), " = (∂f/∂x, ∂f/∂y)"], "rGrad"),
          readoutRow(["‖∇", h("var", { text: "f" }), "‖"], "rNorm")),
      ),
    ),
    h("section", { class: "chart-wrap" },
      h("h2", { text: "Loss after each step" }),
      keep("chart", h("canvas", { id: "loss-chart", class: "loss-chart", role: "img", "aria-label": "Loss against step" })),
    ),
  );
  for (const [name, id] of [["rStep", "r-step"], ["rXY", "r-xy"], ["rF", "r-f"], ["rGrad", "r-grad"], ["rNorm", "r-norm"]]) el[name].id = id;
  return el;
}

/** Builds the view in `kit.root` and wires it to the core, the link and the frame loop. */
function setup(kit) {
  const { engine, state } = kit;
  const catalog = catalogOf(engine);
  let landscape = null;
  let descent = null;
  const path = new PathBuffer(); // a display copy of the descent's path

  // A link holds one learning rate, so a new rate restarts the descent from its start point.
  const controls = {
    lr: rateSlider(kit, { min: LR_RANGE[0], max: LR_RANGE[1], changed: () => restart() }),
    speed: speedSlider(kit, { min: 1, max: 10 ** 3.5 }),
  };
  const el = build(kit, controls);

  // ---- building the core objects from the state -------------------------------------------

  function buildLandscape() {
    const next = state.f === CUSTOM ? engine.Landscape.parse(state.expr) : engine.Landscape.builtin(state.f, paramValues(catalog, state));
    landscape = kit.replace(landscape, next);
    const start = landscape.start();
    if (state.x === undefined || state.y === undefined) {
      state.x = start[0];
      state.y = start[1];
    }
    el.formula.textContent = `${landscape.title}: ${landscape.formula}`;
    el.expr.clearError();
    kit.redraw("map");
  }

  /** A new typed text: on success the picture, the descent and the URL follow; on a mistake the
   * error is underlined and the last good picture stays. */
  function typed(text) {
    const next = parseInto(el.expr, (t) => engine.Landscape.parse(t), text);
    if (!next) return;
    next.free();
    state.expr = text;
    playback.stop();
    buildLandscape();
    buildDescent();
    kit.save();
  }

  /** True where f and ∇f have values, so that a descent can start there. */
  function defined(x, y) {
    const g = landscape.gradient(x, y);
    return Number.isFinite(landscape.value(x, y)) && Number.isFinite(g[0]) && Number.isFinite(g[1]);
  }

  function buildDescent(replaySteps = 0) {
    let moved = "";
    if (!defined(state.x, state.y)) {
      // A typed f may be undefined at the start (ln(x) left of 0): start where it is defined.
      const [x, y] = landscape.start();
      moved = `f is undefined here, at ${format.point(state.x, state.y)}; starting at ${format.point(x, y)} instead.`;
      state.x = x;
      state.y = y;
    }
    descent = kit.replace(descent, new engine.Descent(landscape, "sgd", { lr: state.lr }, state.x, state.y));
    if (replaySteps > 0) descent.run(replaySteps);
    path.clear();
    path.append(descent.pathSince(0));
    state.steps = descent.steps;
    kit.redraw("trail", "overlay", "chart");
    reportStatus();
    updateReadout();
    if (moved) kit.message(moved, "warning");
  }

  /** Back to the start point with the current settings. */
  function restart() {
    playback.stop();
    kit.message("");
    buildDescent();
    kit.save();
  }

  /** Shows why the run stopped, if it did; returns true then. */
  function reportStatus() {
    const status = descent.status;
    if (status === "running") {
      if (kit.messageTone !== "error") kit.message("");
      return false;
    }
    playback.stop();
    const tone = status === "converged" ? "success" : status === "diverged" ? "warning" : "info";
    kit.message(descent.message ?? status, tone);
    return true;
  }

  /** The state in one sentence: "step 12: loss 3.2, gradient (−1.1, 0.4)". */
  function sentence() {
    const g = descent.gradient();
    const f = descent.value;
    const loss = Number.isNaN(f) ? "undefined" : format.value(f);
    return `step ${descent.steps}: loss ${loss}, gradient ${format.point(g[0], g[1])}`;
  }

  /** Takes `n` steps; draws the new part of the path unless `show` is false (a jump under way). */
  // Reset goes back to the start; each move updates the message and the readouts.
  const playback = descentPlayback(kit, {
    buttons: { play: el.play, step: el.step, reset: el.reset }, maxPerFrame: MAX_STEPS_PER_FRAME, maxSteps: MAX_STEPS,
    descent: () => descent, path, drawTrail: (from) => drawTrail(from), layers: ["overlay", "chart"], sentence, restart: () => buildDescent(),
    update: () => { reportStatus(); updateReadout(); },
  });

  // ---- controls -------------------------------------------------------------------------

  function fillControls() {
    el.landscape.replaceChildren(...landscapeOptions(catalog));
    el.landscape.value = state.f;
    el.exprWrap.hidden = state.f !== CUSTOM;
    el.expr.input.value = state.expr;
    el.field.checked = state.field === 1;
    el.fieldKey.hidden = state.field !== 1;
    el.params.replaceChildren(...paramSliders(catalog, state, kit.guard, () => {
      buildLandscape();
      buildDescent();
      kit.save();
    }));
    controls.lr.sync();
    controls.speed.sync();
  }

  kit.on(el.resetView, "click", () => {
    state.view = undefined;
    kit.redraw("map", "trail", "overlay");
    kit.save();
  });
  kit.on(el.landscape, "change", () => {
    state.f = el.landscape.value;
    const entry = catalog.find((c) => c.name === state.f);
    for (const p of entry.params) state[p.name] = p.default;
    state.x = state.y = state.view = undefined;
    state.lr = entry.rate;
    playback.stop();
    kit.message("");
    fillControls();
    buildLandscape();
    buildDescent();
    kit.save();
    if (state.f === CUSTOM) el.expr.input.focus();
  });
  kit.on(el.expr.input, "input", () => typed(el.expr.input.value));
  kit.listen(el.field, "change", () => {
    state.field = el.field.checked ? 1 : 0;
    el.fieldKey.hidden = state.field !== 1;
    kit.redraw("field");
    kit.save();
  });

  // ---- the map (www/map.js): click to start, drag the start marker, drag to pan, zoom -------

  /** A new start point from the map, in data coordinates. */
  function setStart(x, y) {
    playback.stop();
    if (!defined(x, y)) {
      kit.message(`f is undefined here, at ${format.point(x, y)}: choose a start where the map has colour.`, "warning");
      return;
    }
    state.x = x;
    state.y = y;
    kit.message("");
    buildDescent();
    kit.save();
  }

  const map = createMap({
    engine,
    figure: el.figure,
    canvas: el.map,
    overlay: el.overlay,
    guard: kit.guard,
    levels: LEVELS,
    landscape: () => landscape,
    wanted: () => state.view ?? Array.from(landscape.window()),
    onView: (view) => {
      state.view = view;
      kit.redraw("map", "trail", "overlay");
      kit.save();
    },
    onTap: setStart,
    // The start point follows the finger, and the descent restarts from it at once.
    marker: { at: () => [state.x, state.y], onDrag: setStart, radius: GRAB_RADIUS },
  });
  kit.onUnmount(() => map.destroy());

  // ---- drawing ----------------------------------------------------------------------------

  const drawTrail = (from = 0) => drawMapTrail(map, el.trail, path, from);

  function updateReadout() {
    const g = descent.gradient();
    el.rStep.textContent = String(descent.steps);
    el.rXY.textContent = format.point(descent.x, descent.y);
    el.rF.textContent = format.valueHere(descent.value);
    el.rGrad.textContent = format.point(g[0], g[1]);
    el.rNorm.textContent = format.value(Math.hypot(g[0], g[1]));
  }

  kit.layers({
    map: { draw: () => map.draw(), then: ["field", "trail"] },
    field: () => map.drawField(el.fieldLayer, state.field === 1),
    trail: () => drawTrail(0),
    overlay: () => drawDescentMarks(map, el.overlay, descent, path, { arrowPx: ARROW_PX, minima: 5 }),
    chart: () => engine.drawLossChart(el.chart, descent, draw.themeColors().dark, sizeChart(el.chart)),
  });
  kit.observeSize(el.figure, el.chart);

  // ---- start ------------------------------------------------------------------------------

  fillControls();
  buildLandscape();
  buildDescent(state.steps);
  kit.save();
}

export const { mount } = defineView({
  base: import.meta.url, sheets: ["./common.css"], primary: "#play", figure: "#map", props: properties, setup,
});
