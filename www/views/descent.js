// The gradient view: a loss landscape (built in, or a function the learner types), a start
// point, the gradient there and over the whole map, and gradient descent walking downhill.
// The Rust core owns the landscape, the descent and the pictures' mathematics; this file wires
// controls, pointer input and the URL to it, and draws what it returns.

import { readState, publish, number, integer, oneOf, windowOf } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { expressionField, expressionKind, useStylesheet } from "./derivative.js";

const LEVELS = 14; // contour lines per picture
const MAX_STEPS = 100000; // the longest run a link can ask for
const MAX_STEPS_PER_FRAME = 20000;
const LR_MIN_LOG = -4;
const LR_MAX_LOG = 0;
const CUSTOM = "custom"; // the landscape name of a typed surface
const DEFAULT_EXPR = "0.1*(x^2 + y^2) + sin(x)*cos(y)";
const FIELD_SPACING = 42; // CSS px between the gradient field's arrows
const GRAB_RADIUS = 18; // CSS px around the start marker that grab it for dragging

/** Margins around the plot for the axes (left, bottom) and the colour bar (right), CSS px. */
function margins(width) {
  return width < 480 ? { left: 40, right: 58, top: 8, bottom: 28 } : { left: 46, right: 74, top: 10, bottom: 30 };
}

/** The picker's entry for a typed surface, shaped like a catalog entry. */
const CUSTOM_ENTRY = { name: CUSTOM, title: "Your own function f(x, y)…", params: [], rate: 0.01 };

/**
 * The table of URL properties for this view; `catalog` lists the built-in landscapes and the
 * typed one ("custom", whose text is the `expr` key); `engine` checks typed text.
 */
function properties(catalog, engine) {
  const byName = (name) => catalog.find((c) => c.name === name) ?? catalog[0];
  const props = [
    { key: "f", kind: oneOf(() => catalog.map((c) => c.name)), fallback: () => "rosenbrock" },
    {
      key: "expr",
      kind: expressionKind((t) => engine.Landscape.parse(t).free()),
      fallback: () => DEFAULT_EXPR,
      show: (v) => JSON.stringify(v),
      only: (s) => s.f === CUSTOM,
    },
  ];
  // Each landscape parameter (the bowl's condition number, ...) is a key of its own; it is read
  // only for the landscape that has it.
  const seen = new Set();
  for (const entry of catalog) {
    for (const p of entry.params) {
      if (seen.has(p.name)) continue;
      seen.add(p.name);
      props.push({
        key: p.name,
        kind: number(p.min, p.max),
        fallback: (s) => byName(s.f).params.find((q) => q.name === p.name)?.default,
        only: (s) => byName(s.f).params.some((q) => q.name === p.name),
      });
    }
  }
  props.push(
    { key: "x", kind: number(-1e6, 1e6), fallback: () => undefined },
    { key: "y", kind: number(-1e6, 1e6), fallback: () => undefined },
    { key: "lr", kind: number(10 ** LR_MIN_LOG, 10 ** LR_MAX_LOG), fallback: (s) => byName(s.f).rate },
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(1, 5000), fallback: () => 200 },
    { key: "view", kind: windowOf(1e6), fallback: () => undefined, show: () => "the landscape's usual window" },
    { key: "field", kind: integer(0, 1), fallback: () => 0 },
  );
  return props;
}

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  el.expr = expressionField({ id: "expr", label: "f(x, y) =", value: "", hint: "Use x and y: x^2 + 3*y^2, sin(x)*cos(y), (1 - x)^2 + 100*(y - x^2)^2 …" });
  const readoutRow = (label, id) => [h("dt", {}, ...label), keep(id, h("dd", { text: "" }))];
  root.replaceChildren(
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
    h("div", { class: "workspace" },
      h("div", { class: "figure-col" },
        keep("figure", h("div", { class: "figure" },
          keep("map", h("canvas", { id: "map", class: "layer", role: "img", "aria-label": "Loss landscape: a heatmap with contour lines; dark is low, bright is high." })),
          keep("fieldLayer", h("canvas", { id: "field-layer", class: "layer", "aria-hidden": "true" })),
          keep("trail", h("canvas", { id: "trail", class: "layer", "aria-hidden": "true" })),
          keep("overlay", h("canvas", { id: "overlay", class: "layer overlay", tabindex: "0", "aria-label": "Descent path. Click or tap to choose the start point, or drag the start marker; drag elsewhere to pan; scroll or pinch to zoom." })),
        )),
        h("p", { class: "figure-key" },
          h("span", { class: "key-grad", text: "→ ∇f" }), " uphill direction (not to scale) · ",
          h("span", { class: "key-step", text: "→ −η∇f" }), " the next step (to scale) · ",
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
        h("div", { class: "field" },
          h("label", { for: "lr" }, "Learning rate η ", keep("lrOut", h("output", { id: "lr-out", for: "lr" }))),
          keep("lr", h("input", { id: "lr", type: "range", min: "-4", max: "0", step: "0.01" }))),
        h("div", { class: "field" },
          h("label", { for: "speed" }, "Speed ", keep("speedOut", h("output", { id: "speed-out", for: "speed" }))),
          keep("speed", h("input", { id: "speed", type: "range", min: "0", max: "3.5", step: "0.01" }))),
        h("div", { class: "buttons" },
          keep("play", h("button", { id: "play", type: "button", title: "Play or pause (Space)", "aria-pressed": "false", text: "Play" })),
          keep("step", h("button", { id: "step", type: "button", title: "One step (Right arrow)", text: "Step" })),
          keep("reset", h("button", { id: "reset", type: "button", title: "Back to the start point (R)", text: "Reset" })),
          keep("resetView", h("button", { id: "reset-view", type: "button", title: "Show the landscape's usual window", text: "Reset view" }))),
        keep("message", h("p", { id: "message", class: "message", role: "status", "aria-live": "polite" })),
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

/** Mounts the view in `root`; returns { unmount }. Throws only if the core fails to start. */
export function mount({ engine, root, onTrap, setNotes }) {
  const releaseSheet = useStylesheet("derivative.css");
  const el = build(root);
  const catalog = [...engine.Landscape.catalog(), CUSTOM_ENTRY];
  const props = properties(catalog, engine);
  const { state, notes } = readState(location.search, props);
  setNotes(notes);

  const heatmap = new engine.Heatmap();
  const strip = engine.colormapStrip();
  let image = null; // the ImageData the heatmap is copied into, reused while the size holds
  let landscape = null;
  let descent = null;
  let path = new Float64Array(1024); // x0, y0, x1, y1, ...: a display copy of the descent's path
  let n_points = 0;
  let playing = false;
  let budget = 0; // fractional steps owed to the speed setting
  let lastTime = 0;
  let frame = 0;
  let dirty = { map: true, field: true, trail: true, overlay: true, chart: true };
  let geometry = null; // { width, height, plot, view: { x0, x1, y0, y1 }, scale }
  let destroyed = false;
  const listeners = [];

  const listen = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    listeners.push(() => target.removeEventListener(type, fn, opts));
  };

  // Every call into the core goes through guard(): a trap hands over to the page's recovery,
  // any other error (bad input) is shown in words.
  const guard = (fn) => (...args) => {
    if (destroyed) return undefined;
    try {
      return fn(...args);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) {
        destroyed = true;
        onTrap(err);
        return undefined;
      }
      showMessage(err && err.message ? err.message : String(err), "error");
      return undefined;
    }
  };

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  // ---- building the core objects from the state -------------------------------------------

  function landscapeParams() {
    const entry = catalog.find((c) => c.name === state.f);
    const params = {};
    for (const p of entry.params) params[p.name] = state[p.name];
    return params;
  }

  function buildLandscape() {
    const next = state.f === CUSTOM ? engine.Landscape.parse(state.expr) : engine.Landscape.builtin(state.f, landscapeParams());
    landscape?.free();
    landscape = next;
    const start = landscape.start();
    if (state.x === undefined || state.y === undefined) {
      state.x = start[0];
      state.y = start[1];
    }
    el.formula.textContent = `${landscape.title}: ${landscape.formula}`;
    el.expr.clearError();
  }

  /** A new typed text: on success the picture, the descent and the URL follow; on a mistake the
   * error is underlined and the last good picture stays. */
  function typed(text) {
    let next;
    try {
      next = engine.Landscape.parse(text);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err;
      el.expr.setError(err.message, err.column);
      return;
    }
    next.free();
    state.expr = text;
    stop();
    buildLandscape();
    buildDescent();
    dirty.map = true;
    save();
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
      moved = `f is undefined here, at (${draw.formatValue(state.x)}, ${draw.formatValue(state.y)}); starting at (${draw.formatValue(x)}, ${draw.formatValue(y)}) instead.`;
      state.x = x;
      state.y = y;
    }
    const next = new engine.Descent(landscape, "sgd", { lr: state.lr }, state.x, state.y);
    descent?.free();
    descent = next;
    if (replaySteps > 0) descent.run(replaySteps);
    n_points = 0;
    pullPath();
    state.steps = descent.steps;
    dirty.trail = dirty.overlay = dirty.chart = true;
    reportStatus();
    updateReadout();
    if (moved) showMessage(moved, "warning");
  }

  /** Copies only the path points added since the last call (pathSince), never the whole path. */
  function pullPath() {
    const fresh = descent.pathSince(n_points);
    if (fresh.length === 0) return 0;
    if (2 * n_points + fresh.length > path.length) {
      const bigger = new Float64Array(Math.max(path.length * 2, 2 * n_points + fresh.length));
      bigger.set(path.subarray(0, 2 * n_points));
      path = bigger;
    }
    path.set(fresh, 2 * n_points);
    const before = n_points;
    n_points += fresh.length / 2;
    return before;
  }

  function reportStatus() {
    const status = descent.status;
    if (status === "running") {
      if (el.message.dataset.tone !== "error") showMessage("");
      return;
    }
    stop();
    const tone = status === "converged" ? "success" : status === "diverged" ? "warning" : "info";
    showMessage(descent.message ?? status, tone);
  }

  // ---- controls -------------------------------------------------------------------------

  function fillControls() {
    el.landscape.replaceChildren(
      ...catalog.map((c) => {
        const option = document.createElement("option");
        option.value = c.name;
        option.textContent = c.title;
        return option;
      }),
    );
    el.landscape.value = state.f;
    el.exprWrap.hidden = state.f !== CUSTOM;
    el.expr.input.value = state.expr;
    el.field.checked = state.field === 1;
    el.fieldKey.hidden = state.field !== 1;
    buildParamControls();
    el.lr.min = String(LR_MIN_LOG);
    el.lr.max = String(LR_MAX_LOG);
    el.lr.value = String(Math.log10(state.lr));
    el.lrOut.textContent = formatRate(state.lr);
    el.speed.value = String(Math.log10(state.speed));
    el.speedOut.textContent = `${Math.round(state.speed)} steps/s`;
  }

  function buildParamControls() {
    const entry = catalog.find((c) => c.name === state.f);
    const fields = entry.params.map((p) => {
      const field = document.createElement("div");
      field.className = "field";
      const label = document.createElement("label");
      label.htmlFor = `param-${p.name}`;
      label.textContent = `${p.label} `;
      const out = document.createElement("output");
      out.textContent = draw.formatValue(state[p.name]);
      label.append(out);
      const input = document.createElement("input");
      input.type = "range";
      input.id = `param-${p.name}`;
      // Log-scaled slider: parameters such as a condition number span decades.
      input.min = String(Math.log10(p.min));
      input.max = String(Math.log10(p.max));
      input.step = "0.01";
      input.value = String(Math.log10(state[p.name]));
      input.addEventListener("input", guard(() => {
        state[p.name] = Number((10 ** Number(input.value)).toPrecision(3));
        out.textContent = draw.formatValue(state[p.name]);
        buildLandscape();
        buildDescent();
        dirty.map = true;
        save();
      }));
      field.append(label, input);
      return field;
    });
    el.params.replaceChildren(...fields);
  }

  function formatRate(lr) {
    return lr >= 0.01 ? String(Number(lr.toPrecision(2))) : lr.toExponential(1).replace("-", "−");
  }

  function save() {
    const out = {};
    for (const p of props) {
      if (p.only && !p.only(state)) continue;
      out[p.key] = state[p.key];
    }
    publish(out, props);
  }

  function play() {
    if (descent.status !== "running") return;
    playing = true;
    budget = 0;
    lastTime = performance.now();
    el.play.textContent = "Pause";
    el.play.setAttribute("aria-pressed", "true");
  }

  function stop() {
    playing = false;
    el.play.textContent = "Play";
    el.play.setAttribute("aria-pressed", "false");
    save();
  }

  function advance(n) {
    if (n <= 0 || descent.status !== "running") return;
    const room = MAX_STEPS - descent.steps;
    if (room <= 0) {
      stop();
      showMessage(`stopped at step ${MAX_STEPS}: a link holds at most ${MAX_STEPS} steps`, "info");
      return;
    }
    descent.run(Math.min(n, room));
    const from = pullPath();
    state.steps = descent.steps;
    drawTrail(from);
    dirty.overlay = dirty.chart = true;
    reportStatus();
    updateReadout();
    if (!playing) save();
  }

  const onPlay = guard(() => (playing ? stop() : play()));
  const onStep = guard(() => {
    stop();
    advance(1);
  });
  const onReset = guard(() => {
    stop();
    showMessage("");
    buildDescent();
    save();
  });

  listen(el.play, "click", onPlay);
  listen(el.step, "click", onStep);
  listen(el.reset, "click", onReset);
  listen(el.resetView, "click", guard(() => {
    state.view = undefined;
    dirty.map = dirty.trail = dirty.overlay = true;
    save();
  }));
  listen(el.landscape, "change", guard(() => {
    state.f = el.landscape.value;
    const entry = catalog.find((c) => c.name === state.f);
    for (const p of entry.params) state[p.name] = p.default;
    state.x = state.y = state.view = undefined;
    state.lr = entry.rate;
    stop();
    showMessage("");
    fillControls();
    buildLandscape();
    buildDescent();
    dirty.map = true;
    save();
    if (state.f === CUSTOM) el.expr.input.focus();
  }));
  listen(el.expr.input, "input", guard(() => typed(el.expr.input.value)));
  listen(el.field, "change", () => {
    state.field = el.field.checked ? 1 : 0;
    el.fieldKey.hidden = state.field !== 1;
    dirty.field = true;
    save();
  });
  listen(el.lr, "input", guard(() => {
    state.lr = Number((10 ** Number(el.lr.value)).toPrecision(2));
    el.lrOut.textContent = formatRate(state.lr);
    // A link holds one learning rate, so a new rate restarts the descent from its start point.
    stop();
    showMessage("");
    buildDescent();
    save();
  }));
  listen(el.speed, "input", () => {
    state.speed = Math.round(10 ** Number(el.speed.value));
    el.speedOut.textContent = `${state.speed} steps/s`;
    save();
  });
  listen(document, "keydown", (event) => {
    const tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === " ") {
      event.preventDefault();
      onPlay();
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      onStep();
    } else if (event.key === "r" || event.key === "R") {
      event.preventDefault();
      onReset();
    }
  });

  // ---- geometry: the data window fitted into the plot with equal scale on both axes -----------

  function layout() {
    const rect = el.figure.getBoundingClientRect();
    const width = Math.max(200, Math.round(rect.width));
    const height = Math.max(200, Math.round(rect.height));
    const m = margins(width);
    const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
    const wanted = state.view ?? Array.from(landscape.window());
    const [wx0, wx1, wy0, wy1] = wanted;
    // Equal scale keeps the gradient perpendicular to the contour lines on screen.
    const scale = Math.max((wx1 - wx0) / plot.width, (wy1 - wy0) / plot.height);
    const cx = (wx0 + wx1) / 2;
    const cy = (wy0 + wy1) / 2;
    const view = {
      x0: cx - (scale * plot.width) / 2, x1: cx + (scale * plot.width) / 2,
      y0: cy - (scale * plot.height) / 2, y1: cy + (scale * plot.height) / 2,
    };
    geometry = { width, height, plot, view, scale };
  }

  const sx = (x) => geometry.plot.left + (x - geometry.view.x0) / geometry.scale;
  const sy = (y) => geometry.plot.top + (geometry.view.y1 - y) / geometry.scale;
  const dataX = (px) => geometry.view.x0 + (px - geometry.plot.left) * geometry.scale;
  const dataY = (py) => geometry.view.y1 - (py - geometry.plot.top) * geometry.scale;

  /** Moves and scales the view: zoom by `factor` about the screen point (px, py), then pan. */
  function changeView(factor, px, py, dx = 0, dy = 0) {
    const { view, scale } = geometry;
    const ax = dataX(px);
    const ay = dataY(py);
    const s = Math.min(Math.max(scale * factor, 1e-9), 1e4);
    const f = s / scale;
    let x0 = ax - (ax - view.x0) * f - dx * s;
    let x1 = ax + (view.x1 - ax) * f - dx * s;
    let y0 = ay - (ay - view.y0) * f + dy * s;
    let y1 = ay + (view.y1 - ay) * f + dy * s;
    const limit = 1e6;
    if (Math.max(Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1)) > limit) return;
    const round = (v) => Number(v.toPrecision(6));
    [x0, x1, y0, y1] = [round(x0), round(x1), round(y0), round(y1)];
    if (!(x0 < x1 && y0 < y1)) return;
    state.view = [x0, x1, y0, y1];
    dirty.map = dirty.trail = dirty.overlay = true;
    save();
  }

  // ---- drawing ----------------------------------------------------------------------------

  function drawMap() {
    layout();
    const colors = draw.themeColors();
    const { ctx, dpr } = draw.fitCanvas(el.map);
    const { plot, view } = geometry;
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    const pw = Math.round(plot.width * dpr);
    const ph = Math.round(plot.height * dpr);
    heatmap.render(landscape, view.x0, view.x1, view.y0, view.y1, pw, ph, LEVELS);
    // One block copy out of wasm memory into a reused ImageData, then one put: nothing is
    // touched per pixel in JS.
    if (!image || image.width !== pw || image.height !== ph) image = new ImageData(pw, ph);
    image.data.set(heatmap.rgba());
    ctx.putImageData(image, Math.round(plot.left * dpr), Math.round(plot.top * dpr));
    const segments = heatmap.contours();
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, Math.round(plot.left * dpr), Math.round(plot.top * dpr));
    ctx.beginPath();
    for (let i = 0; i < segments.length; i += 4) {
      ctx.moveTo(segments[i], segments[i + 1]);
      ctx.lineTo(segments[i + 2], segments[i + 3]);
    }
    ctx.strokeStyle = "rgba(255,255,255,0.42)";
    ctx.lineWidth = Math.max(1, dpr * 0.8);
    ctx.stroke();
    ctx.restore();

    const ticks = (lo, hi, count, at) => {
      const vs = engine.niceTicks(lo, hi, count);
      const step = vs.length > 1 ? vs[1] - vs[0] : hi - lo;
      return Array.from(vs, (v) => ({ at: at(v), label: engine.formatTick(v, step) }));
    };
    const nx = Math.max(3, Math.floor(plot.width / 80));
    const ny = Math.max(3, Math.floor(plot.height / 60));
    draw.axes(ctx, plot, ticks(view.x0, view.x1, nx, sx), ticks(view.y0, view.y1, ny, sy), colors);

    const minima = landscape.minima();
    for (let i = 0; i < minima.length; i += 2) {
      const px = sx(minima[i]);
      const py = sy(minima[i + 1]);
      if (px >= plot.left && px <= plot.left + plot.width && py >= plot.top && py <= plot.top + plot.height) {
        draw.cross(ctx, px, py);
      }
    }

    const raw = heatmap.legend(6);
    const legendTicks = [];
    for (let i = 0; i < raw.length; i += 2) legendTicks.push({ t: raw[i + 1], label: draw.formatValue(raw[i]) });
    const box = { left: plot.left + plot.width + 12, top: plot.top, width: 12, height: plot.height - 16 };
    draw.legend(ctx, box, strip, legendTicks, heatmap.isLog ? "f (log)" : "f", colors);
  }

  /**
   * The gradient field: ∇f at the centres of a grid of cells about FIELD_SPACING px wide, in one
   * call into the core. Arrows point uphill; their length grows with ‖∇f‖ on a log scale, so
   * that both gentle and steep regions show a direction.
   */
  function drawField() {
    if (!geometry) return;
    const { ctx } = draw.fitCanvas(el.fieldLayer);
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    if (state.field !== 1) return;
    const { plot, view } = geometry;
    const nx = Math.max(3, Math.round(plot.width / FIELD_SPACING));
    const ny = Math.max(3, Math.round(plot.height / FIELD_SPACING));
    const g = landscape.gradientField(view.x0, view.x1, view.y0, view.y1, nx, ny);
    const norms = [];
    for (let i = 0; i < g.length; i += 2) {
      const n = Math.hypot(g[i], g[i + 1]);
      if (Number.isFinite(n) && n > 0) norms.push(n);
    }
    if (norms.length === 0) return;
    norms.sort((a, b) => a - b);
    const median = norms[Math.floor(norms.length / 2)];
    const top = Math.log1p(norms[norms.length - 1] / median);
    const cw = plot.width / nx;
    const ch = plot.height / ny;
    const longest = 0.42 * Math.min(cw, ch);
    const shaft = new Path2D();
    const heads = new Path2D();
    for (let row = 0; row < ny; row++) {
      for (let col = 0; col < nx; col++) {
        const k = 2 * (row * nx + col);
        const gx = g[k];
        const gy = g[k + 1];
        const n = Math.hypot(gx, gy);
        if (!(Number.isFinite(n) && n > 0)) continue;
        const len = longest * (0.3 + (0.7 * Math.log1p(n / median)) / (top || 1));
        const ux = gx / n;
        const uy = -gy / n; // screen y grows downwards
        const cx = plot.left + (col + 0.5) * cw;
        const cy = plot.top + (row + 0.5) * ch;
        const x0 = cx - (ux * len) / 2;
        const y0 = cy - (uy * len) / 2;
        const x1 = cx + (ux * len) / 2;
        const y1 = cy + (uy * len) / 2;
        shaft.moveTo(x0, y0);
        shaft.lineTo(x1, y1);
        const head = Math.min(6, 0.45 * len);
        heads.moveTo(x1, y1);
        heads.lineTo(x1 - ux * head - uy * head * 0.55, y1 - uy * head + ux * head * 0.55);
        heads.lineTo(x1 - ux * head + uy * head * 0.55, y1 - uy * head - ux * head * 0.55);
        heads.closePath();
      }
    }
    ctx.save();
    ctx.lineCap = "round";
    ctx.strokeStyle = "rgba(0,0,0,0.55)";
    ctx.lineWidth = 3.2;
    ctx.stroke(shaft);
    ctx.stroke(heads);
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.fillStyle = "rgba(255,255,255,0.92)";
    ctx.lineWidth = 1.4;
    ctx.stroke(shaft);
    ctx.fill(heads);
    ctx.restore();
  }

  /** Draws the path from point `from` on; from 0 clears and redraws it all, thinned to pixels. */
  function drawTrail(from = 0) {
    if (!geometry) return;
    const { ctx } = draw.fitCanvas(el.trail);
    const { plot } = geometry;
    if (from === 0) ctx.clearRect(0, 0, geometry.width, geometry.height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    ctx.beginPath();
    const start = Math.max(0, from - 1);
    let lx = sx(path[2 * start]);
    let ly = sy(path[2 * start + 1]);
    ctx.moveTo(lx, ly);
    for (let k = start + 1; k < n_points; k++) {
      const px = sx(path[2 * k]);
      const py = sy(path[2 * k + 1]);
      // Skip points less than half a pixel from the last drawn one: a long path costs pixels,
      // not points.
      if (Math.abs(px - lx) < 0.5 && Math.abs(py - ly) < 0.5 && k < n_points - 1) continue;
      ctx.lineTo(px, py);
      lx = px;
      ly = py;
    }
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(0,0,0,0.55)";
    ctx.lineWidth = 4;
    ctx.stroke();
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 2;
    ctx.stroke();
    ctx.restore();
  }

  function drawOverlay() {
    if (!geometry) return;
    const colors = draw.themeColors();
    const { ctx } = draw.fitCanvas(el.overlay);
    const { plot } = geometry;
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    draw.dot(ctx, sx(state.x), sy(state.y), { radius: 6, filled: false });
    const x = descent.x;
    const y = descent.y;
    const g = descent.gradient();
    const norm = Math.hypot(g[0], g[1]);
    const px = sx(x);
    const py = sy(y);
    if (norm > 0 && Number.isFinite(norm)) {
      // ∇f: direction only (its size can be 10^4 on Rosenbrock), a fixed 56 px long.
      const len = 56;
      draw.arrow(ctx, px, py, px + (len * g[0]) / norm, py - (len * g[1]) / norm, colors.grad);
      // −η∇f: the actual next step, to scale.
      const lr = descent.learningRate;
      draw.arrow(ctx, px, py, sx(x - lr * g[0]), sy(y - lr * g[1]), colors.step, 3);
    }
    draw.dot(ctx, px, py, { radius: 5, filled: true });
    ctx.restore();
  }

  function drawChart() {
    const dpr = draw.pixelRatio();
    const rect = el.chart.getBoundingClientRect();
    const pw = Math.max(1, Math.round(rect.width * dpr));
    const ph = Math.max(1, Math.round(rect.height * dpr));
    if (el.chart.width !== pw || el.chart.height !== ph) {
      el.chart.width = pw;
      el.chart.height = ph;
    }
    engine.drawLossChart(el.chart, descent, draw.themeColors().dark, dpr);
  }

  function updateReadout() {
    const g = descent.gradient();
    el.rStep.textContent = String(descent.steps);
    el.rXY.textContent = `(${draw.formatValue(descent.x)}, ${draw.formatValue(descent.y)})`;
    const f = descent.value;
    el.rF.textContent = Number.isNaN(f) ? "undefined here" : draw.formatValue(f);
    el.rGrad.textContent = `(${draw.formatValue(g[0])}, ${draw.formatValue(g[1])})`;
    el.rNorm.textContent = draw.formatValue(Math.hypot(g[0], g[1]));
  }

  // ---- pointer input: click to start, drag to pan, wheel or pinch to zoom ----------------------

  const pointers = new Map();
  let gesture = null;

  function local(event) {
    const rect = el.overlay.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  listen(el.overlay, "pointerdown", (event) => {
    el.overlay.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, local(event));
    const pts = [...pointers.values()];
    const onMarker = geometry && pts.length === 1 && Math.hypot(pts[0].x - sx(state.x), pts[0].y - sy(state.y)) <= GRAB_RADIUS;
    gesture = pts.length === 1
      ? { kind: onMarker ? "drag-start" : "tap", start: pts[0], last: pts[0] }
      : { kind: "pinch", dist: Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y) };
    if (onMarker) el.overlay.classList.add("dragging");
  });
  listen(el.overlay, "pointermove", guard((event) => {
    if (!pointers.has(event.pointerId) || !gesture) return;
    const p = local(event);
    pointers.set(event.pointerId, p);
    const pts = [...pointers.values()];
    if (gesture.kind === "pinch" && pts.length >= 2) {
      const dist = Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y);
      if (gesture.dist > 0 && dist > 0) {
        changeView(gesture.dist / dist, (pts[0].x + pts[1].x) / 2, (pts[0].y + pts[1].y) / 2);
      }
      gesture.dist = dist;
      return;
    }
    if (gesture.kind === "drag-start") {
      // The start point follows the finger, and the descent restarts from it at once.
      setStart(p.x, p.y);
      return;
    }
    if (gesture.kind === "tap" && Math.hypot(p.x - gesture.start.x, p.y - gesture.start.y) > 5) {
      gesture.kind = "pan";
    }
    if (gesture.kind === "pan") {
      changeView(1, p.x, p.y, p.x - gesture.last.x, p.y - gesture.last.y);
      gesture.last = p;
    }
  }));
  const endPointer = guard((event) => {
    if (!pointers.has(event.pointerId)) return;
    const p = local(event);
    pointers.delete(event.pointerId);
    if (event.type === "pointerup" && gesture && (gesture.kind === "tap" || gesture.kind === "drag-start") && pointers.size === 0) {
      setStart(p.x, p.y);
    }
    if (pointers.size === 0) {
      gesture = null;
      el.overlay.classList.remove("dragging");
    }
  });
  listen(el.overlay, "pointermove", (event) => {
    if (gesture || !geometry) return;
    const p = local(event);
    el.overlay.classList.toggle("grab", Math.hypot(p.x - sx(state.x), p.y - sy(state.y)) <= GRAB_RADIUS);
  });
  listen(el.overlay, "pointerup", endPointer);
  listen(el.overlay, "pointercancel", endPointer);
  listen(el.overlay, "wheel", guard((event) => {
    event.preventDefault();
    const p = local(event);
    const delta = event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY;
    changeView(Math.exp(Math.max(-1, Math.min(1, delta * 0.0015))), p.x, p.y);
  }), { passive: false });

  function setStart(px, py) {
    const { plot } = geometry;
    if (px < plot.left || px > plot.left + plot.width || py < plot.top || py > plot.top + plot.height) return;
    // Round to the screen's precision so the link stays short and reads back exactly.
    const digits = Math.max(0, -Math.floor(Math.log10(geometry.scale)) + 1);
    const x = Number(dataX(px).toFixed(Math.min(digits, 12)));
    const y = Number(dataY(py).toFixed(Math.min(digits, 12)));
    stop();
    if (!defined(x, y)) {
      showMessage(`f is undefined here, at (${draw.formatValue(x)}, ${draw.formatValue(y)}): choose a start where the map has colour.`, "warning");
      return;
    }
    state.x = x;
    state.y = y;
    showMessage("");
    buildDescent();
    save();
  }

  // ---- the frame loop ---------------------------------------------------------------------

  const tick = guard((now) => {
    if (destroyed) return;
    if (playing) {
      const dt = Math.min(now - lastTime, 100);
      lastTime = now;
      budget += (state.speed * dt) / 1000;
      const n = Math.min(Math.floor(budget), MAX_STEPS_PER_FRAME);
      budget -= n;
      if (n > 0) advance(n);
    }
    if (dirty.map) {
      drawMap();
      dirty.map = false;
      dirty.trail = dirty.field = true;
    }
    if (dirty.field) {
      drawField();
      dirty.field = false;
    }
    if (dirty.trail) {
      drawTrail(0);
      dirty.trail = false;
    }
    if (dirty.overlay) {
      drawOverlay();
      dirty.overlay = false;
    }
    if (dirty.chart) {
      drawChart();
      dirty.chart = false;
    }
    if (!destroyed) frame = requestAnimationFrame(tick);
  });

  const resize = new ResizeObserver(() => {
    dirty.map = dirty.field = dirty.trail = dirty.overlay = dirty.chart = true;
  });
  resize.observe(el.figure);
  resize.observe(el.chart);
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  listen(scheme, "change", () => {
    dirty.map = dirty.chart = true;
  });

  // ---- start ------------------------------------------------------------------------------

  fillControls();
  buildLandscape();
  buildDescent(state.steps);
  save();
  tick(performance.now());

  return {
    /** Draws the first picture now (so the page can say it is ready). */
    ready() {
      return !destroyed;
    },
    unmount() {
      destroyed = true;
      cancelAnimationFrame(frame);
      resize.disconnect();
      for (const off of listeners) off();
      root.replaceChildren();
      releaseSheet();
      try {
        descent?.free();
        landscape?.free();
        heatmap.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
