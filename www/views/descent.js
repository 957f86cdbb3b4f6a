// The gradient view: a loss landscape (built in, or a function the learner types), a start
// point, the gradient there and over the whole map, and gradient descent walking downhill.
// The Rust core owns the landscape, the descent and the pictures' mathematics; this file wires
// controls, pointer input and the URL to it, and draws what it returns.

import { readState, publish, number, integer, oneOf, windowOf } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { createGuard } from "../guard.js";
import { listenerList } from "../listeners.js";
import { useStylesheet } from "../stylesheet.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";
import { createMap } from "../map.js";
import { PathBuffer, drawMapTrail, drawDescentMarks } from "../path.js";
import { sizeChart } from "../chart.js";
import { paramProperties, paramValues, paramSliders, landscapeOptions } from "../landscape-controls.js";
import { listenPlaybackKeys } from "../keys.js";
import { createPlayer } from "../motion.js";
import { createNarrator } from "../narration.js";

const LEVELS = 14; // contour lines per picture
const MAX_STEPS = 100000; // the longest run a link can ask for
const MAX_STEPS_PER_FRAME = 20000;
const LR_MIN_LOG = -4;
const LR_MAX_LOG = 0;
const CUSTOM = "custom"; // the landscape name of a typed surface
const DEFAULT_EXPR = "0.1*(x^2 + y^2) + sin(x)*cos(y)";
const GRAB_RADIUS = 18; // CSS px around the start marker that grab it for dragging

/** The picker's entry for a typed surface, shaped like a catalog entry. */
const CUSTOM_ENTRY = { name: CUSTOM, title: "Your own function f(x, y)…", params: [], rate: 0.01 };

/**
 * The table of URL properties for this view; `catalog` lists the built-in landscapes and the
 * typed one ("custom", whose text is the `expr` key); `engine` checks typed text.
 */
function properties(catalog, engine) {
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
    { key: "lr", kind: number(10 ** LR_MIN_LOG, 10 ** LR_MAX_LOG), fallback: (s) => byName(s.f).rate },
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(1, 5000), fallback: () => 200 },
    { key: "view", kind: windowOf(1e6), fallback: () => undefined, show: () => "the landscape's usual window" },
    { key: "field", kind: integer(0, 1), fallback: () => 0 },
  ];
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
export function mount({ engine, root, onTrap, setNotes, announce }) {
  const releaseSheet = useStylesheet(new URL("./common.css", import.meta.url));
  const el = build(root);
  const catalog = [...engine.Landscape.catalog(), CUSTOM_ENTRY];
  const props = properties(catalog, engine);
  const { state, notes } = readState(location.search, props);
  setNotes(notes);

  let landscape = null;
  let descent = null;
  const path = new PathBuffer(); // a display copy of the descent's path
  const player = createPlayer(el.play, { maxPerFrame: MAX_STEPS_PER_FRAME });
  let frame = 0;
  let dirty = { map: true, field: true, trail: true, overlay: true, chart: true };
  const { listen, off } = listenerList();
  const narrator = createNarrator(root, announce);

  // Every call into the core goes through guard(): a trap hands over to the page's recovery,
  // any other error (bad input) is shown in words.
  const { guard, status } = createGuard(onTrap, (text) => showMessage(text, "error"));

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  // ---- building the core objects from the state -------------------------------------------

  function buildLandscape() {
    const next = state.f === CUSTOM ? engine.Landscape.parse(state.expr) : engine.Landscape.builtin(state.f, paramValues(catalog, state));
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
    const next = parseInto(el.expr, (t) => engine.Landscape.parse(t), text);
    if (!next) return;
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
    path.clear();
    path.append(descent.pathSince(0));
    state.steps = descent.steps;
    dirty.trail = dirty.overlay = dirty.chart = true;
    reportStatus();
    updateReadout();
    if (moved) showMessage(moved, "warning");
  }

  /** Shows why the run stopped, if it did; returns true then. */
  function reportStatus() {
    const status = descent.status;
    if (status === "running") {
      if (el.message.dataset.tone !== "error") showMessage("");
      return false;
    }
    stop();
    const tone = status === "converged" ? "success" : status === "diverged" ? "warning" : "info";
    showMessage(descent.message ?? status, tone);
    return true;
  }

  /** The state in one sentence: "step 12: loss 3.2, gradient (−1.1, 0.4)". */
  function sentence() {
    const g = descent.gradient();
    const f = descent.value;
    const loss = Number.isNaN(f) ? "undefined" : draw.formatValue(f);
    return `step ${descent.steps}: loss ${loss}, gradient (${draw.formatValue(g[0])}, ${draw.formatValue(g[1])})`;
  }

  // ---- controls -------------------------------------------------------------------------

  function fillControls() {
    el.landscape.replaceChildren(...landscapeOptions(catalog));
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
    el.params.replaceChildren(...paramSliders(catalog, state, guard, () => {
      buildLandscape();
      buildDescent();
      dirty.map = true;
      save();
    }));
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
    player.play();
  }

  /** Stops playing; a pause says where the run stands. */
  function stop() {
    const wasPlaying = player.stop();
    save();
    if (wasPlaying) dirty.trail = true;
    if (wasPlaying && descent.status === "running") narrator.say(`paused at ${sentence()}`);
  }

  /** Takes `n` steps; draws the new part of the path unless `show` is false (a jump under way). */
  function advance(n, show = true) {
    if (n <= 0 || descent.status !== "running") return;
    const room = MAX_STEPS - descent.steps;
    if (room <= 0) {
      stop();
      showMessage(`stopped at step ${MAX_STEPS}: a link holds at most ${MAX_STEPS} steps`, "info");
      return;
    }
    descent.run(Math.min(n, room));
    state.steps = descent.steps;
    const ended = descent.status !== "running";
    if (!show && !ended) return;
    const from = path.append(descent.pathSince(path.n));
    // While playing, only the new part is stroked; otherwise the whole path is redrawn, so a
    // paused picture is the one a link to it draws, pixel for pixel.
    if (player.playing && !ended) drawTrail(from);
    else dirty.trail = true;
    dirty.overlay = dirty.chart = true;
    reportStatus();
    updateReadout();
    if (ended) narrator.say(descent.message ?? descent.status); // it names the step
    else if (player.playing) narrator.often(sentence);
    else narrator.say(sentence());
    if (!player.playing) save();
  }

  const onPlay = guard(() => (player.playing ? stop() : play()));
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
  listenPlaybackKeys(listen, { play: onPlay, step: onStep, reset: onReset }, { buttonsKeepSpace: false });

  // ---- the map (www/map.js): click to start, drag the start marker, drag to pan, zoom ---------

  /** A new start point from the map, in data coordinates. */
  function setStart(x, y) {
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
    onTap: setStart,
    // The start point follows the finger, and the descent restarts from it at once.
    marker: { at: () => [state.x, state.y], onDrag: setStart, radius: GRAB_RADIUS },
  });

  // ---- drawing ----------------------------------------------------------------------------

  const drawTrail = (from = 0) => drawMapTrail(map, el.trail, path, from);
  const drawOverlay = () => drawDescentMarks(map, el.overlay, descent, path, { arrowPx: 56 });

  function drawChart() {
    const dpr = sizeChart(el.chart);
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

  // ---- the frame loop ---------------------------------------------------------------------

  const tick = guard((now) => {
    if (status.stopped) return;
    if (player.playing) {
      const { n, draw: show } = player.next(now, state.speed);
      if (n > 0) advance(n, show);
    }
    if (dirty.map) {
      map.draw();
      dirty.map = false;
      dirty.trail = dirty.field = true;
    }
    if (dirty.field) {
      map.drawField(el.fieldLayer, state.field === 1);
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
    if (!status.stopped) frame = requestAnimationFrame(tick);
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
      return !status.stopped;
    },
    unmount() {
      status.stopped = true;
      cancelAnimationFrame(frame);
      resize.disconnect();
      off();
      map.destroy();
      narrator.clear();
      root.replaceChildren();
      releaseSheet();
      try {
        descent?.free();
        landscape?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
