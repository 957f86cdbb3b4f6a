// The descent view: a loss landscape, a start point, and gradient descent walking downhill.
// The Rust core owns the landscape, the descent and the pictures' mathematics; this file wires
// controls, pointer input and the URL to it, and draws what it returns.

import { readState, publish, number, integer, oneOf, windowOf } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { createMap } from "../map.js";

const LEVELS = 14; // contour lines per picture
const MAX_STEPS = 100000; // the longest run a link can ask for
const MAX_STEPS_PER_FRAME = 20000;
const LR_MIN_LOG = -4;
const LR_MAX_LOG = 0;

/** The table of URL properties for this view; `catalog` lists the built-in landscapes. */
function properties(catalog) {
  const byName = (name) => catalog.find((c) => c.name === name) ?? catalog[0];
  const props = [
    { key: "f", kind: oneOf(() => catalog.map((c) => c.name)), fallback: () => "rosenbrock" },
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
  );
  return props;
}

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const readoutRow = (label, id) => [h("dt", {}, ...label), keep(id, h("dd", { text: "" }))];
  root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "Gradient descent on a loss landscape" }),
      h("p", {},
        "The colours are the height of a function ", h("em", { text: "f(x, y)" }),
        ": dark is low, bright is high. The gradient ", h("strong", { text: "∇f" }),
        " points uphill, the way ", h("em", { text: "f" }), " grows fastest. Gradient descent takes a small step the other way, ",
        h("strong", { text: "−η ∇f" }), ", again and again. ", h("strong", { text: "Click the map" }),
        " to choose where to start, then press Play."),
    ),
    h("div", { class: "workspace" },
      h("div", { class: "figure-col" },
        keep("figure", h("div", { class: "figure" },
          keep("map", h("canvas", { id: "map", class: "layer", role: "img", "aria-label": "Loss landscape: a heatmap with contour lines; dark is low, bright is high." })),
          keep("trail", h("canvas", { id: "trail", class: "layer", "aria-hidden": "true" })),
          keep("overlay", h("canvas", { id: "overlay", class: "layer overlay", tabindex: "0", "aria-label": "Descent path. Click or tap to choose the start point; drag to pan; scroll or pinch to zoom." })),
        )),
        h("p", { class: "figure-key" },
          h("span", { class: "key-grad", text: "→ ∇f" }), " uphill direction (not to scale) · ",
          h("span", { class: "key-step", text: "→ −η∇f" }), " the next step (to scale) · ",
          h("span", { class: "key-min", text: "✕" }), " minimum"),
        keep("formula", h("p", { id: "formula", class: "formula", "aria-live": "polite" })),
      ),
      h("aside", { class: "panel", "aria-label": "Controls" },
        h("div", { class: "field" }, h("label", { for: "landscape", text: "Landscape" }), keep("landscape", h("select", { id: "landscape" }))),
        keep("params", h("div", { id: "params" })),
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
  const el = build(root);
  const catalog = engine.Landscape.catalog();
  const props = properties(catalog);
  const { state, notes } = readState(location.search, props);
  setNotes(notes);

  let landscape = null;
  let descent = null;
  let path = new Float64Array(1024); // x0, y0, x1, y1, ...: a display copy of the descent's path
  let n_points = 0;
  let playing = false;
  let budget = 0; // fractional steps owed to the speed setting
  let lastTime = 0;
  let frame = 0;
  let dirty = { map: true, trail: true, overlay: true, chart: true };
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
    landscape?.free();
    landscape = engine.Landscape.builtin(state.f, landscapeParams());
    const start = landscape.start();
    if (state.x === undefined || state.y === undefined) {
      state.x = start[0];
      state.y = start[1];
    }
    el.formula.textContent = `${landscape.title}: ${landscape.formula}`;
  }

  function buildDescent(replaySteps = 0) {
    descent?.free();
    descent = new engine.Descent(landscape, "sgd", { lr: state.lr }, state.x, state.y);
    if (replaySteps > 0) descent.run(replaySteps);
    n_points = 0;
    pullPath();
    state.steps = descent.steps;
    dirty.trail = dirty.overlay = dirty.chart = true;
    reportStatus();
    updateReadout();
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
  }));
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

  // ---- the map: heatmap, contours, axes, colour bar; tap, pan and zoom (www/map.js) ---------

  const map = createMap({
    engine,
    figure: el.figure,
    canvas: el.map,
    overlay: el.overlay,
    guard,
    levels: LEVELS,
    landscape: () => landscape,
    wanted: () => state.view ?? Array.from(landscape.window()),
    onView: (view) => {
      state.view = view;
      dirty.map = dirty.trail = dirty.overlay = true;
      save();
    },
    onTap: (x, y) => setStart(x, y),
  });
  const { sx, sy } = map;

  // ---- drawing ----------------------------------------------------------------------------

  /** Draws the path from point `from` on; from 0 clears and redraws it all, thinned to pixels. */
  function drawTrail(from = 0) {
    const geometry = map.geometry;
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
    const geometry = map.geometry;
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

  function setStart(x, y) {
    state.x = x;
    state.y = y;
    stop();
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
      map.draw();
      dirty.map = false;
      dirty.trail = true;
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
    dirty.map = dirty.trail = dirty.overlay = dirty.chart = true;
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
      map.destroy();
      root.replaceChildren();
      try {
        descent?.free();
        landscape?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
