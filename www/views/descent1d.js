// Gradient descent in one dimension: a curve f(x) (a preset or typed), a start point x₀, and the
// iterates x_{k+1} = x_k − η f′(x_k) drawn on the curve with arrows, the tangent at the current
// point and the step to come. The Rust core does the descent (engine.CurveDescent) and says when it
// converged, diverged or fell without a floor; the curve is drawn from engine.Curve. This file
// declares the view's link, controls and drawing on the kit (www/kit/).

import { number, integer, oneOf } from "../kit/state.js";
import { defineView } from "../kit/view.js";
import { createPlayback } from "../kit/player.js";
import { picker, rateSlider, speedSlider } from "../kit/controls.js";
import { term } from "../kit/glossary.js";
import * as format from "../kit/format.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";
import { clipTo, plotAxes } from "../axes.js";
import { sizeChart } from "../chart.js";
import { plotFrame, lessonColors, strokeCurve, strokeLine, dragOn } from "../plot1d.js";

const MAX_STEPS = 100000; // the longest run a link can ask for
const MAX_STEPS_PER_FRAME = 2000;
const REDUCED_MOTION_JUMP = 50; // steps one Play takes at once when motion is reduced
const LR_RANGE = [1e-3, 2];
const SPEED_RANGE = [0.5, 1000];
const DEFAULT_SPEED = 10; // steps a second: each step seen, none dragging
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
    { key: "lr", kind: number(...LR_RANGE), fallback: (s) => byName(s.f).lr },
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(...SPEED_RANGE), fallback: () => DEFAULT_SPEED },
  ];
}

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(kit, controls) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const v = (name) => h("var", { text: name });
  const row = (label, name, id) => [h("dt", {}, ...label), keep(name, h("dd", { id }))];
  el.expr = expressionField({ id: "d1-expr", label: "f(x) =", value: "", hint: "Any function of x: x^2, x^4 - 3*x^2 + x, abs(x), cos(x) + x^2/10 …" });
  const eta = () => term(kit, "η", v("η"));
  const fPrime = (...arg) => [term(kit, "f′", [v("f"), "′"]), "(", ...arg, ")"];
  const xk = () => [v("x"), h("sub", {}, v("k"))];
  kit.root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "Gradient descent in one dimension" }),
      h("p", {}, "Start somewhere on the curve, read the slope ", ...fPrime(v("x")),
        " there, and step the other way: ", h("strong", { text: "x ← x − η f′(x)" }), ". ",
        h("strong", { text: "Drag on the curve" }), " to choose the start, set the learning rate ", eta(),
        ", then Step or Play", h("span", { class: "keys-hint", text: " (→ and Space; R resets)" }), ".")),
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
        // Play and its companions right under the figure (on a phone too), with the step to come.
        h("div", { class: "buttons d1-buttons" },
          keep("play", h("button", { id: "d1-play", type: "button", class: "d1-play", title: "Play or pause (Space)", "aria-pressed": "false", text: "Play" })),
          keep("step", h("button", { id: "d1-step", type: "button", title: "One step (Right arrow)", text: "Step" })),
          keep("reset", h("button", { id: "d1-reset", type: "button", title: "Back to the start x₀ (R)", text: "Reset" }))),
        keep("formula", h("p", { id: "d1-formula", class: "d1-next", "aria-hidden": "true" })),
        kit.messageLine("d1-message")),
      h("aside", { class: "panel", "aria-label": "Controls" },
        controls.preset.field,
        keep("exprWrap", h("div", { hidden: true }, el.expr.field)),
        controls.lr.field,
        h("div", { class: "field" },
          h("label", { for: "d1-x0" }, h("span", {}, "Start ", v("x"), "₀")),
          keep("x0", h("input", { id: "d1-x0", type: "number", step: "any", inputmode: "decimal", class: "d1-num" }))),
        controls.speed.field,
        h("dl", { class: "readout", "aria-label": "Current state" },
          row(["step ", term(kit, "k", v("k"))], "rK", "d1-k"),
          row(xk(), "rX", "d1-x"),
          row([v("f"), "(", ...xk(), ")"], "rF", "d1-f"),
          row(fPrime(...xk()), "rSlope", "d1-slope"),
          row(["next step −", eta(), " ", ...fPrime(...xk())], "rStep", "d1-step-size")))),
    h("section", { class: "chart-wrap" },
      h("h2", {}, v("f"), "(", ...xk(), ") after each step ", term(kit, "k", v("k"))),
      keep("chart", h("canvas", { id: "d1-chart", class: "loss-chart", role: "img", "aria-label": "f at each iterate against the step number" }))),
  );
  return el;
}

/** Builds the view in `kit.root` and wires it to the core, the link and the frame loop. */
function setup(kit) {
  const { engine, state } = kit;
  let curve = null; // engine.Curve: f and f′ for drawing
  let descent = null; // makeDescent's, or null where f or f′ is undefined at x₀
  let samples = null; // { xs, fs, yr }: the curve as drawn
  let path = []; // x₀, x₁, …: a display copy of the iterates (pathSince copies only new ones)
  let values = []; // f(x₀), f(x₁), …
  let geometry = null; // { plot, sx, sy, dataX, xr }: the plot as last drawn, for dragging

  const restartSaved = () => {
    buildDescent();
    kit.save();
  };
  const controls = {
    preset: picker(kit, { key: "f", id: "d1-preset", label: "Function", entries: PRESETS, changed: () => pickCurve() }),
    // A link holds one learning rate, so a new rate restarts the descent from x₀.
    // (The label in one span: the field's label spreads its children apart.)
    lr: rateSlider(kit, { id: "d1-lr", min: LR_RANGE[0], max: LR_RANGE[1], changed: restartSaved }),
    speed: speedSlider(kit, { id: "d1-speed", min: SPEED_RANGE[0], max: SPEED_RANGE[1] }),
  };
  const el = build(kit, controls);
  const text = () => (state.f === CUSTOM ? state.expr : byName(state.f).text);

  // ---- building the core objects from the state -------------------------------------------

  /** Makes `next` (or f read from the state) the curve, and samples it for drawing. */
  function buildFunction(next = engine.Curve.parse(text())) {
    curve = kit.replace(curve, next);
    const [lo, hi] = byName(state.f).window;
    const s = curve.sample(lo, hi, SAMPLES);
    const range = Array.from(engine.plotRange(s.subarray(SAMPLES, 2 * SAMPLES)));
    const pad = 0.08 * (range[1] - range[0] || 1);
    samples = { xs: s.subarray(0, SAMPLES), fs: s.subarray(SAMPLES, 2 * SAMPLES), yr: [range[0] - pad, range[1] + pad] };
    el.expr.clearError();
    kit.redraw("plot");
  }

  /** A new descent from x₀ with η, replaying `replay` steps (a link's `steps`). */
  function buildDescent(replay = 0) {
    playback.stop();
    kit.message("");
    path = [];
    values = [];
    if (Number.isFinite(curve.value(state.x0)) && Number.isFinite(curve.derivative(state.x0))) {
      descent = kit.replace(descent, new engine.CurveDescent(curve, state.lr, state.x0));
      if (replay > 0) descent.run(replay);
      pull();
      state.steps = descent.steps;
      reportStatus();
    } else {
      descent = kit.free(descent);
      state.steps = 0;
      kit.message(`f or f′ is undefined at x₀ = ${format.value(state.x0)}: drag the start to where the curve is drawn.`, "warning");
    }
    updateReadout();
    kit.redraw("plot", "chart");
  }

  /** Copies the iterates added since the last call. */
  function pull() {
    // A loop, not push(...): a link's replay may bring 100,000 iterates at once.
    for (const x of descent.pathSince(path.length)) path.push(x);
    for (const v of descent.valuesSince(values.length)) values.push(v);
  }

  /** Shows the core's verdict once the descent stops; returns true if it stopped. */
  function reportStatus() {
    if (!descent || descent.status === "running") return false;
    playback.stop();
    const tone = descent.status === "converged" ? "success" : descent.status === "limit" ? "info" : "warning";
    kit.message(descent.message ?? descent.status, tone);
    return true;
  }

  /** The state in one sentence: "step 3: x = 1.024, f(x) = 1.04858, slope 2.048". */
  function sentence() {
    if (!descent) return "";
    const said = `step ${descent.steps}: x = ${format.value(descent.x)}, f(x) = ${format.valueHere(descent.value)}, slope ${format.valueHere(descent.slope)}`;
    return descent.status === "running" ? said : `${said}. ${descent.message ?? descent.status}`;
  }

  /** Takes `n` steps; draws them unless `show` is false (a jump under way). */
  function advance(n, show = true) {
    if (!descent || n <= 0 || descent.status !== "running") return;
    descent.run(n);
    state.steps = descent.steps;
    const ended = reportStatus();
    if (!show && !ended) return;
    pull();
    updateReadout();
    kit.redraw("plot", "chart");
    if (playback.playing) {
      kit.sayOften(sentence);
    } else {
      kit.save();
      kit.say(sentence());
    }
  }

  const playback = createPlayback(kit, {
    buttons: { play: el.play, step: el.step, reset: el.reset },
    maxPerFrame: MAX_STEPS_PER_FRAME,
    speed: () => state.speed,
    canPlay: () => descent?.status === "running",
    advance,
    limit: { max: MAX_STEPS, steps: () => descent?.steps ?? 0 },
    // Reduced motion: no animated path; Play jumps ahead once, drawn once, and stays paused.
    reducedJump: REDUCED_MOTION_JUMP,
    reset: () => {
      restartSaved();
      kit.say(sentence());
    },
    paused: () => {
      if (descent?.status === "running") kit.say(sentence());
    },
  });

  // ---- controls -------------------------------------------------------------------------

  /** Shows the state in the controls the kit does not bind. */
  function fillControls() {
    el.exprWrap.hidden = state.f !== CUSTOM;
    el.expr.input.value = state.expr;
    el.x0.value = String(state.x0);
  }

  /** A curve picked from the list: its own start and rate. */
  function pickCurve() {
    const preset = byName(state.f);
    state.x0 = preset.x0;
    state.lr = preset.lr;
    controls.lr.sync();
    fillControls();
    buildFunction();
    restartSaved();
    if (state.f === CUSTOM) el.expr.input.focus();
  }

  kit.on(el.expr.input, "input", () => {
    // A mistake is underlined where it is; the last good curve stays.
    const next = parseInto(el.expr, (t) => engine.Curve.parse(t), el.expr.input.value);
    if (!next) return;
    state.expr = el.expr.input.value;
    buildFunction(next);
    restartSaved();
  });
  kit.on(el.x0, "change", () => {
    const x = Number(el.x0.value);
    if (el.x0.value.trim() === "" || !Number.isFinite(x) || Math.abs(x) > 1e6) {
      el.x0.value = String(state.x0);
      kit.message("The start x₀ must be a number between −1e6 and 1e6.", "warning");
      return;
    }
    state.x0 = x;
    restartSaved();
  });

  // Press or drag on the plot to choose x₀, rounded to the screen's precision so the link
  // stays short and reads back exactly.
  dragOn(kit, el.canvas, (px) => {
    if (!geometry) return;
    const { plot, dataX, xr } = geometry;
    const clamped = Math.min(plot.left + plot.width, Math.max(plot.left, px));
    const digits = Math.max(0, Math.ceil(-Math.log10((xr[1] - xr[0]) / plot.width)) + 1);
    const x = Number(dataX(clamped).toFixed(Math.min(digits, 12)));
    if (x === state.x0 && descent && descent.steps === 0) return;
    state.x0 = x;
    el.x0.value = String(x);
    restartSaved();
  });

  // ---- drawing ------------------------------------------------------------------------------

  function updateReadout() {
    if (!descent) {
      for (const name of ["rK", "rX", "rF", "rSlope", "rStep"]) el[name].textContent = "—";
      el.formula.textContent = "";
      return;
    }
    el.formula.textContent = nextStep();
    const slope = descent.slope;
    el.rK.textContent = String(descent.steps);
    el.rX.textContent = format.value(descent.x);
    el.rF.textContent = format.valueHere(descent.value);
    el.rSlope.textContent = format.valueHere(slope);
    // The step SGD takes next: −η f′(x_k), shown so the learner can check it.
    el.rStep.textContent = descent.status === "running" ? format.valueHere(-state.lr * slope) : "—";
  }

  /** The step to come, with its numbers: "x₄ = x₃ − η f′(x₃) = 0.8192 − 0.1 · 1.638 = 0.6554". */
  function nextStep() {
    if (descent.status !== "running") return "";
    const k = descent.steps;
    const { x, slope } = descent;
    const v = format.value;
    const factor = (n) => (n < 0 ? `(${v(n)})` : v(n));
    const sub = (n) => String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);
    return `Next: x${sub(k + 1)} = x${sub(k)} − η f′(x${sub(k)}) = ${v(x)} − ${format.rate(state.lr)} · ${factor(slope)} = ${v(x - state.lr * slope)}`;
  }

  function drawPlot() {
    const colors = lessonColors();
    const { ctx, plot } = plotFrame(el.canvas);
    const xr = byName(state.f).window;
    const { sx, sy, dataX } = plotAxes(ctx, engine, plot, xr, samples.yr, colors, { xName: "x", yName: "f(x)" });
    geometry = { plot, sx, sy, dataX, xr };
    strokeCurve(ctx, samples.xs, samples.fs, sx, sy, plot, colors.curve, 2.5);
    clipTo(ctx, plot);
    // The start, hollow; then the latest iterates as dots joined by arrows x_k → x_{k+1}.
    const n = path.length;
    const firstDot = Math.max(0, n - DOTS_SHOWN);
    for (let k = Math.max(0, n - 1 - ARROWS_SHOWN); k < n - 1; k++) {
      draw.arrow(ctx, sx(path[k]), sy(values[k]), sx(path[k + 1]), sy(values[k + 1]), colors.step, 1.6);
    }
    for (let k = firstDot; k < n - 1; k++) {
      ctx.globalAlpha = 1 - (0.6 * (n - 1 - k)) / Math.max(1, n - firstDot);
      draw.dot(ctx, sx(path[k]), sy(values[k]), { radius: 3.5, filled: true });
    }
    ctx.globalAlpha = 1;
    if (n > 0) draw.dot(ctx, sx(path[0]), sy(values[0]), { radius: 6, filled: false });
    if (descent && n > 0) {
      const { x, value: fx, slope } = descent;
      strokeLine(ctx, x, fx, slope, xr, sx, sy, plot, colors.tangent, 2);
      // The step to come: sideways by −η f′(x_k), at the current height.
      if (descent.status === "running") draw.arrow(ctx, sx(x), sy(fx), sx(x - state.lr * slope), sy(fx), colors.step, 3);
      draw.dot(ctx, sx(x), sy(fx), { radius: 6, filled: true });
    }
    ctx.restore();
  }

  function drawChart() {
    if (descent) {
      engine.drawCurveLossChart(el.chart, descent, draw.themeColors().dark, sizeChart(el.chart));
      return;
    }
    el.chart.getContext("2d").clearRect(0, 0, el.chart.width, el.chart.height);
  }

  kit.layers({ plot: drawPlot, chart: drawChart });
  kit.observeSize(el.plotBox, el.chart);

  // ---- start ------------------------------------------------------------------------------

  fillControls();
  buildFunction();
  buildDescent(state.steps);
  kit.save();
}

export const { mount } = defineView({
  base: import.meta.url, sheets: ["./calc.css", "./common.css", "./descent1d.css"], primary: "#d1-play", figure: "#d1-plot", props: properties, setup,
});
