// Gradient descent in one dimension: a curve f(x) (a preset or typed), a start point x₀, and the
// iterates x_{k+1} = x_k − η f′(x_k) drawn on the curve with arrows, the tangent at the current
// point and the step to come. The Rust core does the descent (engine.Descent on a typed surface
// in x alone, y held at 0) and says when it converged, diverged or fell without a floor; the
// curve is drawn from engine.Curve. This file wires the controls, the pointer and the URL.

import { readState, publish, number, integer, oneOf } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { createPlayer, prefersReducedMotion } from "../motion.js";
import { createGuard } from "../guard.js";
import { expressionField, expressionKind } from "../expr-field.js";
import { lessonColors, plotAxes, plotMargins, shown, strokeCurve, strokeLine } from "../plot1d.js";
import { stylesheetsSettled, useStylesheet } from "../stylesheet.js";

const MAX_STEPS = 100000; // the longest run a link can ask for
const MAX_STEPS_PER_FRAME = 2000;
const REDUCED_MOTION_JUMP = 50; // steps one Play takes at once when motion is reduced
const LR_RANGE = [1e-3, 2];
const SPEED_RANGE = [0.5, 1000];
const SAMPLES = 480; // points along the curve
const DOTS_SHOWN = 300; // the latest iterates drawn as dots
const ARROWS_SHOWN = 40; // the latest steps drawn as arrows
const CUSTOM = "custom";
const DEFAULT_EXPR = "x^2/4 + sin(2*x)";

/** The curves a learner picks from; `window` is the x range drawn. */
const PRESETS = [
  { name: "square", text: "x^2", title: "x²", window: [-3, 3], x0: 2, lr: 0.1 },
  { name: "error", text: "(x - 3)^2", title: "squared error (p − a)², a = 3", window: [-1.5, 7.5], x0: 0, lr: 0.1 },
  { name: "wiggly", text: "x^4 - 3*x^2 + x", title: "x⁴ − 3x² + x (two valleys)", window: [-2.2, 2.2], x0: 2, lr: 0.02 },
  { name: "abs", text: "abs(x)", title: "|x| (a kink at 0)", window: [-3, 3], x0: 2.3, lr: 0.3 },
  { name: CUSTOM, text: null, title: "your own f(x)…", window: [-3, 3], x0: 2, lr: 0.05 },
];
const byName = (name) => PRESETS.find((p) => p.name === name) ?? PRESETS[0];

/** The table of URL properties; `engine` checks typed text. */
function properties(engine) {
  return [
    { key: "f", kind: oneOf(() => PRESETS.map((p) => p.name)), fallback: () => "square" },
    {
      key: "expr",
      kind: expressionKind((t) => engine.Curve.parse(t).free()),
      fallback: () => DEFAULT_EXPR,
      show: (v) => JSON.stringify(v),
      only: (s) => s.f === CUSTOM,
    },
    { key: "x0", kind: number(-1e6, 1e6), fallback: (s) => byName(s.f).x0 },
    { key: "lr", kind: number(LR_RANGE[0], LR_RANGE[1]), fallback: (s) => byName(s.f).lr },
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(SPEED_RANGE[0], SPEED_RANGE[1]), fallback: () => 4 },
  ];
}

/** The view's markup, built as DOM; returns the elements the view uses. */
function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const v = (name) => h("var", { text: name });
  const row = (label, name, id) => [h("dt", {}, ...label), keep(name, h("dd", { id }))];
  el.expr = expressionField({ id: "d1-expr", label: "f(x) =", value: "", hint: "Any function of x: x^2, x^4 - 3*x^2 + x, abs(x), cos(x) + x^2/10 …" });
  root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "Gradient descent in one dimension" }),
      h("p", {}, "Start somewhere on the curve, read the slope ", h("em", { text: "f′(x)" }),
        " there, and step the other way: ", h("strong", { text: "x ← x − η f′(x)" }), ". ",
        h("strong", { text: "Drag on the curve" }), " to choose the start, set the learning rate ", h("em", { text: "η" }),
        ", then Step (→) or Play (Space); R resets.")),
    h("div", { class: "workspace calc-workspace" },
      h("div", { class: "figure-col" },
        keep("plotBox", h("div", { class: "calc-plot calc-plot-main d1-plot" },
          keep("canvas", h("canvas", {
            id: "d1-plot", class: "calc-canvas drag", tabindex: "0", role: "img",
            "aria-label": "The curve f(x) with the descent's iterates as dots joined by arrows, the tangent at the current point and the next step. Drag to choose the start.",
          })))),
        h("p", { class: "figure-key" },
          h("span", { class: "d1-key-dot", text: "●" }), " iterates x₀, x₁, … · ",
          h("span", { class: "key-tangent", text: "──" }), " tangent at xₖ (slope f′(xₖ)) · ",
          h("span", { class: "key-step", text: "→" }), " next step −η f′(xₖ)"),
        keep("formula", h("p", { id: "d1-formula", class: "formula" }))),
      h("aside", { class: "panel", "aria-label": "Controls" },
        h("div", { class: "field" }, h("label", { for: "d1-preset", text: "Function" }), keep("preset", h("select", { id: "d1-preset" }))),
        keep("exprWrap", h("div", { hidden: true }, el.expr.field)),
        h("div", { class: "field" },
          h("label", { for: "d1-lr" }, "Learning rate η ", keep("lrOut", h("output", { id: "d1-lr-out", for: "d1-lr" }))),
          keep("lr", h("input", { id: "d1-lr", type: "range", min: String(Math.log10(LR_RANGE[0])), max: String(Math.log10(LR_RANGE[1])), step: "0.01" }))),
        h("div", { class: "field" },
          h("label", { for: "d1-x0", text: "Start x₀" }),
          keep("x0", h("input", { id: "d1-x0", type: "number", step: "any", inputmode: "decimal", class: "d1-num" }))),
        h("div", { class: "field" },
          h("label", { for: "d1-speed" }, "Speed ", keep("speedOut", h("output", { id: "d1-speed-out", for: "d1-speed" }))),
          keep("speed", h("input", { id: "d1-speed", type: "range", min: String(Math.log10(SPEED_RANGE[0])), max: String(Math.log10(SPEED_RANGE[1])), step: "0.01" }))),
        h("div", { class: "buttons d1-buttons" },
          keep("play", h("button", { id: "d1-play", type: "button", class: "d1-play", title: "Play or pause (Space)", "aria-pressed": "false", text: "Play" })),
          keep("step", h("button", { id: "d1-step", type: "button", title: "One step (Right arrow)", text: "Step" })),
          keep("reset", h("button", { id: "d1-reset", type: "button", title: "Back to the start x₀ (R)", text: "Reset" }))),
        keep("message", h("p", { id: "d1-message", class: "message", role: "status", "aria-live": "polite" })),
        h("dl", { class: "readout", "aria-label": "Current state" },
          row(["step ", v("k")], "rK", "d1-k"),
          row([v("x"), h("sub", { text: "k" })], "rX", "d1-x"),
          row([v("f"), "(", v("x"), h("sub", { text: "k" }), ")"], "rF", "d1-f"),
          row([v("f"), "′(", v("x"), h("sub", { text: "k" }), ")"], "rSlope", "d1-slope"),
          row(["next step −", v("η"), " ", v("f"), "′(", v("x"), h("sub", { text: "k" }), ")"], "rStep", "d1-step-size")))),
    h("section", { class: "chart-wrap" },
      h("h2", { text: "f(xₖ) after each step" }),
      keep("chart", h("canvas", { id: "d1-chart", class: "loss-chart", role: "img", "aria-label": "f at each iterate against the step number" }))),
  );
  return el;
}

/** Mounts the view in `root`; returns { unmount }. `announce` narrates steps (see www/course.js). */
export function mount({ engine, root, onTrap, setNotes, announce = () => {} }) {
  const releaseSheets = ["./calc.css", "./common.css", "./descent1d.css"].map((name) => useStylesheet(new URL(name, import.meta.url)));
  const el = build(root);
  const props = properties(engine);
  const { state, notes } = readState(location.search, props);
  setNotes(notes);
  const { guard, status } = createGuard(onTrap, (text) => showMessage(text, "error"));
  const listeners = [];
  const listen = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    listeners.push(() => target.removeEventListener(type, fn, opts));
  };
  let curve = null; // engine.Curve: f and f′ for drawing
  let landscape = null; // engine.Landscape: the same f as a surface in x alone, for the descent
  let descent = null;
  let samples = null; // { xs, fs, yr }
  let path = []; // x₀, x₁, …: a display copy of the iterates (pathSince copies only new ones)
  let values = []; // f(x₀), f(x₁), …
  const player = createPlayer(el.play, { maxPerFrame: MAX_STEPS_PER_FRAME });
  let frame = 0;
  let geometry = null; // { plot, sx, sy, dataX, xr }
  const dirty = { plot: true, chart: true };
  stylesheetsSettled().then(() => {
    dirty.plot = dirty.chart = true; // the colours in calc.css have arrived
  });

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  function save() {
    const out = {};
    for (const p of props) {
      if (p.only && !p.only(state)) continue;
      out[p.key] = state[p.key];
    }
    publish(out, props);
  }

  const text = () => (state.f === CUSTOM ? state.expr : byName(state.f).text);

  /** Builds f from the state: the curve to draw and the same function as a landscape to descend. */
  function buildFunction() {
    const nextCurve = engine.Curve.parse(text());
    const nextLandscape = engine.Landscape.parse(text());
    curve?.free();
    landscape?.free();
    curve = nextCurve;
    landscape = nextLandscape;
    el.formula.textContent = `f(x) = ${curve.formula.replace(/^f\(x\)\s*=\s*/, "")}`;
    const [lo, hi] = byName(state.f).window;
    const s = curve.sample(lo, hi, SAMPLES);
    const xs = s.subarray(0, SAMPLES);
    const fs = s.subarray(SAMPLES, 2 * SAMPLES);
    const range = Array.from(engine.plotRange(fs));
    const pad = 0.08 * (range[1] - range[0] || 1);
    samples = { xs, fs, yr: [range[0] - pad, range[1] + pad] };
    el.expr.clearError();
    dirty.plot = true;
  }

  /** A new descent from x₀ with η, replaying `replay` steps (a link's `steps`). */
  function buildDescent(replay = 0) {
    stop(false);
    showMessage("");
    if (!Number.isFinite(curve.value(state.x0)) || !Number.isFinite(curve.derivative(state.x0))) {
      descent?.free();
      descent = null;
      path = [];
      values = [];
      state.steps = 0;
      showMessage(`f or f′ is undefined at x₀ = ${draw.formatValue(state.x0)}: drag the start to where the curve is drawn.`, "warning");
      updateReadout();
      dirty.plot = dirty.chart = true;
      return;
    }
    const next = new engine.Descent(landscape, "sgd", { lr: state.lr }, state.x0, 0);
    descent?.free();
    descent = next;
    path = [];
    values = [];
    if (replay > 0) descent.run(replay);
    pull();
    state.steps = descent.steps;
    reportStatus();
    updateReadout();
    dirty.plot = dirty.chart = true;
  }

  /** Copies the iterates added since the last call. */
  function pull() {
    const fresh = descent.pathSince(path.length);
    const freshValues = descent.valuesSince(values.length);
    for (let i = 0; i < fresh.length; i += 2) path.push(fresh[i]);
    for (const v of freshValues) values.push(v);
  }

  /** Shows the core's verdict once the descent stops; returns true if it stopped. */
  function reportStatus() {
    if (!descent || descent.status === "running") return false;
    stop(false);
    const tone = descent.status === "converged" ? "success" : descent.status === "limit" ? "info" : "warning";
    showMessage(descent.message ?? descent.status, tone);
    return true;
  }

  function narrate(now) {
    if (!descent) return;
    const g = descent.gradient()[0];
    const said = `step ${descent.steps}: x = ${draw.formatValue(descent.x)}, f(x) = ${shown(descent.value)}, slope ${shown(g)}`;
    const verdict = descent.status === "running" ? "" : `. ${descent.message ?? descent.status}`;
    announce(`${said}${verdict}`, { now });
  }

  // ---- controls -------------------------------------------------------------------------

  function formatRate(lr) {
    return lr >= 0.01 ? String(Number(lr.toPrecision(2))) : lr.toExponential(1).replace("-", "−");
  }

  function fillControls() {
    el.preset.replaceChildren(...PRESETS.map((p) => h("option", { value: p.name, text: p.title })));
    el.preset.value = state.f;
    el.exprWrap.hidden = state.f !== CUSTOM;
    el.expr.input.value = state.expr;
    el.lr.value = String(Math.log10(state.lr));
    el.lrOut.textContent = formatRate(state.lr);
    el.x0.value = String(state.x0);
    el.speed.value = String(Math.log10(state.speed));
    el.speedOut.textContent = `${formatRate(state.speed)} steps/s`;
  }

  function play() {
    if (!descent || descent.status !== "running") return;
    if (prefersReducedMotion()) {
      // No animated path: jump ahead, draw once, say where it got to.
      advance(REDUCED_MOTION_JUMP);
      save();
      narrate(true);
      return;
    }
    player.play();
  }

  function stop(speak = true) {
    const was = player.stop();
    if (was) {
      save();
      if (speak) narrate(true);
    }
  }

  function advance(n) {
    if (!descent || n <= 0 || descent.status !== "running") return;
    const room = MAX_STEPS - descent.steps;
    if (room <= 0) {
      stop();
      showMessage(`stopped at step ${MAX_STEPS}: a link holds at most ${MAX_STEPS} steps`, "info");
      return;
    }
    descent.run(Math.min(n, room));
    pull();
    state.steps = descent.steps;
    const stopped = reportStatus();
    updateReadout();
    dirty.plot = dirty.chart = true;
    if (stopped) {
      save();
      narrate(true);
    } else if (player.playing) {
      narrate(false);
    }
  }

  const onPlay = guard(() => (player.playing ? stop() : play()));
  const onStep = guard(() => {
    stop(false);
    advance(1);
    save();
    narrate(true);
  });
  const onReset = guard(() => {
    buildDescent();
    save();
    narrate(true);
  });

  listen(el.play, "click", onPlay);
  listen(el.step, "click", onStep);
  listen(el.reset, "click", onReset);
  listen(el.preset, "change", guard(() => {
    state.f = el.preset.value;
    const preset = byName(state.f);
    state.x0 = preset.x0;
    state.lr = preset.lr;
    fillControls();
    if (state.f === CUSTOM) el.expr.clearError();
    buildFunction();
    buildDescent();
    save();
    if (state.f === CUSTOM) el.expr.input.focus();
  }));
  listen(el.expr.input, "input", guard(() => {
    const typed = el.expr.input.value;
    try {
      engine.Curve.parse(typed).free();
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err;
      // Show where the text goes wrong; the last good curve stays.
      el.expr.setError(err.message, err.column);
      return;
    }
    state.expr = typed;
    buildFunction();
    buildDescent();
    save();
  }));
  listen(el.lr, "input", guard(() => {
    state.lr = Number((10 ** Number(el.lr.value)).toPrecision(2));
    el.lrOut.textContent = formatRate(state.lr);
    // A link holds one learning rate, so a new rate restarts the descent from x₀.
    buildDescent();
    save();
  }));
  listen(el.speed, "input", () => {
    state.speed = Number((10 ** Number(el.speed.value)).toPrecision(2));
    el.speedOut.textContent = `${formatRate(state.speed)} steps/s`;
    save();
  });
  listen(el.x0, "change", guard(() => {
    const x = Number(el.x0.value);
    if (el.x0.value.trim() === "" || !Number.isFinite(x) || Math.abs(x) > 1e6) {
      el.x0.value = String(state.x0);
      showMessage("The start x₀ must be a number between −1e6 and 1e6.", "warning");
      return;
    }
    state.x0 = x;
    buildDescent();
    save();
  }));
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

  // ---- pointer: press or drag on the plot to choose x₀ -------------------------------------

  let dragging = null;
  const startAt = guard((event) => {
    if (!geometry) return;
    const rect = el.canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const { plot, dataX, xr } = geometry;
    const clamped = Math.min(plot.left + plot.width, Math.max(plot.left, px));
    // Round to the screen's precision so the link stays short and reads back exactly.
    const digits = Math.max(0, Math.ceil(-Math.log10((xr[1] - xr[0]) / plot.width)) + 1);
    const x = Number(dataX(clamped).toFixed(Math.min(digits, 12)));
    if (x === state.x0 && descent && descent.steps === 0) return;
    state.x0 = x;
    el.x0.value = String(x);
    buildDescent();
    save();
  });
  listen(el.canvas, "pointerdown", (event) => {
    dragging = event.pointerId;
    el.canvas.setPointerCapture(event.pointerId);
    startAt(event);
  });
  listen(el.canvas, "pointermove", (event) => {
    if (dragging === event.pointerId) startAt(event);
  });
  const release = (event) => {
    if (dragging === event.pointerId) dragging = null;
  };
  listen(el.canvas, "pointerup", release);
  listen(el.canvas, "pointercancel", release);

  // ---- drawing ------------------------------------------------------------------------------

  function updateReadout() {
    if (!descent) {
      for (const name of ["rK", "rX", "rF", "rSlope", "rStep"]) el[name].textContent = "—";
      return;
    }
    const g = descent.gradient()[0];
    el.rK.textContent = String(descent.steps);
    el.rX.textContent = draw.formatValue(descent.x);
    el.rF.textContent = shown(descent.value);
    el.rSlope.textContent = shown(g);
    // The step the core will take next with SGD: −η f′(x_k), shown so the learner can check it.
    el.rStep.textContent = descent.status === "running" ? shown(-descent.learningRate * g) : "—";
  }

  function drawPlot() {
    const colors = lessonColors();
    const { ctx, width, height } = draw.fitCanvas(el.canvas);
    ctx.clearRect(0, 0, width, height);
    const m = plotMargins(width);
    const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
    const xr = byName(state.f).window;
    const { sx, sy, dataX } = plotAxes(ctx, engine, plot, xr, samples.yr, colors, { xName: "x", yName: "f(x)" });
    geometry = { plot, sx, sy, dataX, xr };
    strokeCurve(ctx, samples.xs, samples.fs, sx, sy, plot, colors.curve, 2.5);
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    // The start, hollow; then the latest iterates as dots joined by arrows x_k → x_{k+1}.
    const n = path.length;
    const firstDot = Math.max(0, n - DOTS_SHOWN);
    const firstArrow = Math.max(0, n - 1 - ARROWS_SHOWN);
    for (let k = Math.max(firstArrow, 0); k < n - 1; k++) {
      draw.arrow(ctx, sx(path[k]), sy(values[k]), sx(path[k + 1]), sy(values[k + 1]), colors.step, 1.6);
    }
    for (let k = firstDot; k < n - 1; k++) {
      const age = (n - 1 - k) / Math.max(1, n - firstDot);
      ctx.globalAlpha = 1 - 0.6 * age;
      draw.dot(ctx, sx(path[k]), sy(values[k]), { radius: 3.5, filled: true });
    }
    ctx.globalAlpha = 1;
    if (n > 0) draw.dot(ctx, sx(path[0]), sy(values[0]), { radius: 6, filled: false });
    if (descent && n > 0) {
      const x = descent.x;
      const fx = descent.value;
      const g = descent.gradient()[0];
      strokeLine(ctx, x, fx, g, xr, sx, sy, plot, colors.tangent, 2);
      if (descent.status === "running") {
        // The step to come: sideways by −η f′(x_k), at the current height.
        draw.arrow(ctx, sx(x), sy(fx), sx(x - descent.learningRate * g), sy(fx), colors.step, 3);
      }
      draw.dot(ctx, sx(x), sy(fx), { radius: 6, filled: true });
    }
    ctx.restore();
  }

  function drawChart() {
    if (!descent) {
      const ctx = el.chart.getContext("2d");
      ctx.clearRect(0, 0, el.chart.width, el.chart.height);
      return;
    }
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

  // ---- the frame loop ---------------------------------------------------------------------

  const tick = guard((now) => {
    if (status.stopped) return;
    if (player.playing) {
      // Every advance is drawn (in reduced motion, Play jumps once instead of playing).
      const { n } = player.next(now, state.speed);
      if (n > 0) advance(n);
    }
    if (dirty.plot) {
      drawPlot();
      dirty.plot = false;
    }
    if (dirty.chart) {
      drawChart();
      dirty.chart = false;
    }
    frame = requestAnimationFrame(tick);
  });

  const resize = new ResizeObserver(() => {
    dirty.plot = dirty.chart = true;
  });
  resize.observe(el.plotBox);
  resize.observe(el.chart);
  listen(matchMedia("(prefers-color-scheme: dark)"), "change", () => {
    dirty.plot = dirty.chart = true;
  });

  // ---- start ------------------------------------------------------------------------------

  guard(() => {
    fillControls();
    buildFunction();
    buildDescent(state.steps);
    save();
  })();
  tick(performance.now());

  return {
    unmount() {
      status.stopped = true;
      cancelAnimationFrame(frame);
      resize.disconnect();
      for (const off of listeners) off();
      root.replaceChildren();
      for (const release of releaseSheets) release();
      try {
        descent?.free();
        landscape?.free();
        curve?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
