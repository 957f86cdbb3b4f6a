// The line-fit view: house prices against one feature, a line fitted by gradient descent, and
// the line's loss landscape over (w, b) beside it with the descent path on it. The Rust core
// reads the CSV, standardises, owns the landscape and the descent, and converts every number
// back to dollars and square feet; this file wires controls, the URL and pointer input to it and
// draws what it returns.

import { readState, publish, number, integer, oneOf } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { createGuard } from "../guard.js";
import { listenerList } from "../listeners.js";
import { useStylesheet } from "../stylesheet.js";
import { createMap } from "../map.js";
import { PathBuffer, drawMapTrail, drawDescentMarks } from "../path.js";
import { listenPlaybackKeys } from "../keys.js";
import { createPlayer } from "../motion.js";
import { createNarrator } from "../narration.js";

const DATA_URL = new URL("../data/ames.csv", import.meta.url);
const TARGET = "Sale_Price";
const DEFAULT_FEATURE = "Gr_Liv_Area";
const CHUNK_BYTES = 16384; // CSV bytes per push while loading
const SLICE_MS = 6; // at most this long in the core per frame while loading
const LEVELS = 12; // contour lines on the map
const MAX_STEPS = 100000; // the longest run a link can ask for
const MAX_STEPS_PER_FRAME = 20000;
const LR_MIN_LOG = -3;
const LR_MAX_LOG = Math.log10(1.5);
const SPEED_MAX_LOG = 3;

/** The optimizers the core offers, as the picker lists them. */
const OPTIMIZERS = [
  ["sgd", "Gradient descent (SGD)"],
  ["momentum", "Momentum"],
  ["nesterov", "Nesterov momentum"],
  ["adagrad", "AdaGrad"],
  ["rmsprop", "RMSProp"],
  ["adam", "Adam"],
  ["adamw", "AdamW"],
];

/**
 * What each Ames column measures, for labels in real units: [unit, noun, plain]. `plain` numbers
 * (years, months, degrees) are written without thousands separators. Other files' columns fall
 * back to "unit" and the column's name.
 */
const UNITS = {
  Lot_Frontage: ["ft", "street frontage"],
  Lot_Area: ["sq ft", "lot area"],
  Year_Built: ["year", "year built", true],
  Year_Remod_Add: ["year", "year remodelled", true],
  Mas_Vnr_Area: ["sq ft", "masonry veneer area"],
  BsmtFin_SF_2: ["sq ft", "finished basement area (type 2)"],
  Bsmt_Unf_SF: ["sq ft", "unfinished basement area"],
  Total_Bsmt_SF: ["sq ft", "basement area"],
  First_Flr_SF: ["sq ft", "first-floor area"],
  Second_Flr_SF: ["sq ft", "second-floor area"],
  Gr_Liv_Area: ["sq ft", "area"],
  Bsmt_Full_Bath: ["bathroom", "basement full bathrooms"],
  Bsmt_Half_Bath: ["half bathroom", "basement half bathrooms"],
  Full_Bath: ["bathroom", "full bathrooms"],
  Half_Bath: ["half bathroom", "half bathrooms"],
  Bedroom_AbvGr: ["bedroom", "bedrooms"],
  Kitchen_AbvGr: ["kitchen", "kitchens"],
  TotRms_AbvGrd: ["room", "rooms"],
  Fireplaces: ["fireplace", "fireplaces"],
  Garage_Cars: ["car", "garage size (cars)"],
  Garage_Area: ["sq ft", "garage area"],
  Wood_Deck_SF: ["sq ft", "wood deck area"],
  Open_Porch_SF: ["sq ft", "open porch area"],
  Enclosed_Porch: ["sq ft", "enclosed porch area"],
  Three_season_porch: ["sq ft", "three-season porch area"],
  Screen_Porch: ["sq ft", "screen porch area"],
  Pool_Area: ["sq ft", "pool area"],
  Misc_Val: ["$", "value of extras"],
  Mo_Sold: ["month", "month sold", true],
  Year_Sold: ["year", "year sold", true],
  Longitude: ["degree", "longitude", true],
  Latitude: ["degree", "latitude", true],
};

/** The unit ("sq ft"), noun ("area") and axis title of a feature column. */
function describe(feature) {
  const known = UNITS[feature];
  const [unit, noun, plain] = known ?? ["unit", feature, false];
  const title = feature === DEFAULT_FEATURE ? "Above-ground living area (sq ft)" : `${noun[0].toUpperCase()}${noun.slice(1)} (${unit === "$" ? "$" : unit})`;
  return { unit, noun, plain: Boolean(plain), title };
}

// ---- number formatting (every number on screen is in dollars or the feature's unit) ----------

const MINUS = "−";

/** 5 significant digits with thousands separators: 109.06, 1,400.4, 2.6512. */
function sig5(v) {
  const a = Math.abs(v);
  const digits = a === 0 ? 2 : Math.min(4, Math.max(0, 4 - Math.floor(Math.log10(a))));
  return a.toLocaleString("en-US", { minimumFractionDigits: Math.min(digits, 2), maximumFractionDigits: digits });
}

/** "$17,404", "−$3,120" (whole dollars), or 5 significant digits below $100. */
function money(v) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "undefined" : v > 0 ? "∞" : `${MINUS}∞`;
  const sign = v < 0 ? MINUS : "";
  const a = Math.abs(v);
  if (a < 0.005) return "$0";
  const text = a >= 100 ? Math.round(a).toLocaleString("en-US") : sig5(a);
  return `${sign}$${text}`;
}

/** "$109.06" with 5 significant digits (a slope). */
function moneySig(v) {
  if (!Number.isFinite(v)) return money(v);
  return `${v < 0 ? MINUS : ""}$${sig5(v)}`;
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** 3.081 × 10⁹ (a squared-dollar amount). */
function scientific(v) {
  if (!Number.isFinite(v)) return money(v);
  if (Math.abs(v) < 1e4) return sig5(v);
  const [m, e] = v.toExponential(3).split("e");
  const exp = String(Number(e)).replace(/./g, (c) => SUPERSCRIPT[c] ?? c);
  return `${m.replace("-", MINUS)} × 10${exp}`;
}

/** The line as a sentence: "price ≈ $109.06 per sq ft × area + $17,404". */
function equation(slope, intercept, info) {
  const sign = intercept < 0 ? MINUS : "+";
  return `price ≈ ${moneySig(slope)} per ${info.unit} × ${info.noun} ${sign} ${money(Math.abs(intercept))}`;
}

/** The table of URL properties; `features` lists the file's numeric columns but the target. */
function properties(features, rate) {
  return [
    { key: "feature", kind: oneOf(() => features), fallback: () => (features.includes(DEFAULT_FEATURE) ? DEFAULT_FEATURE : features[0]) },
    { key: "opt", kind: oneOf(() => OPTIMIZERS.map(([name]) => name)), fallback: () => "sgd" },
    { key: "lr", kind: number(10 ** LR_MIN_LOG, 1.5), fallback: () => rate },
    // The start line in real units: dollars per feature unit, and dollars at x = 0.
    { key: "slope", kind: number(-1e7, 1e7), fallback: () => 0 },
    { key: "intercept", kind: number(-1e10, 1e10), fallback: () => 0 },
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(1, 10 ** SPEED_MAX_LOG), fallback: () => 20 },
  ];
}

/** A colour swatch for a figure key (a shape, not coloured text, so contrast rules are met). */
function swatch(kind) {
  return h("span", { class: `lf-swatch lf-sw-${kind}`, "aria-hidden": "true" });
}

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const row = (label, name, id) => [h("dt", {}, ...label), keep(name, h("dd", { id, text: "" }))];
  root.replaceChildren(
    keep("wrap", h("div", { class: "lf" },
      h("section", { class: "lesson-intro" },
        h("h1", { text: "Fitting a line to house prices" }),
        h("p", {},
          "Each dot is a house sold in Ames, Iowa: its living area (or another feature you pick) and its price. A straight line predicts the price from it; ",
          "how wrong it is on average, the ", h("strong", { text: "mean squared error" }),
          ", depends on the line's slope ", h("var", { text: "w" }), " and intercept ", h("var", { text: "b" }),
          ". On the right, that error is a landscape over (", h("var", { text: "w" }), ", ", h("var", { text: "b" }),
          "). Gradient descent walks down it, and the line on the left follows. ",
          h("strong", { text: "Click the map" }), " to start from another line, then press Play."),
      ),
      keep("status", h("p", { class: "lf-loading", role: "status", "aria-live": "polite", text: "Loading 2,930 house sales…" })),
      h("div", { class: "lf-workspace" },
        h("figure", { class: "lf-fig" },
          keep("scatterBox", h("div", { class: "lf-figure" },
            keep("points", h("canvas", { id: "lf-points", class: "layer", role: "img", "aria-label": "Scatter plot: one dot per house, sale price against the chosen feature." })),
            keep("line", h("canvas", { id: "lf-line", class: "layer", "aria-hidden": "true" })),
          )),
          h("figcaption", {},
            keep("equation", h("p", { id: "lf-equation", class: "lf-equation", "aria-live": "polite" })),
            h("p", { class: "figure-key" },
              swatch("dot"), "a sale · ", swatch("line"), "the current line · ", swatch("ls"), "least squares")),
        ),
        h("figure", { class: "lf-fig" },
          keep("mapBox", h("div", { class: "lf-figure" },
            keep("map", h("canvas", { id: "lf-map", class: "layer", role: "img", "aria-label": "Loss landscape over slope and intercept: dark is low error, bright is high." })),
            keep("trail", h("canvas", { id: "lf-trail", class: "layer lf-passive", "aria-hidden": "true" })),
            keep("overlay", h("canvas", { id: "lf-overlay", class: "layer overlay", tabindex: "0", "aria-label": "Descent path on the loss landscape. Click or tap to choose the start line." })),
          )),
          h("figcaption", {},
            keep("formula", h("p", { class: "formula lf-formula" })),
            h("p", { class: "figure-key" },
              swatch("grad"), "∇L uphill · ", swatch("step"), "−η∇L the next step · ", h("span", { class: "key-min", text: "✕" }), " least squares")),
        ),
        h("aside", { class: "panel lf-panel", "aria-label": "Controls" },
          h("div", { class: "field" }, h("label", { for: "lf-feature", text: "Feature (x)" }), keep("feature", h("select", { id: "lf-feature" }))),
          h("div", { class: "field" }, h("label", { for: "lf-opt", text: "Optimizer" }), keep("opt", h("select", { id: "lf-opt" }))),
          h("div", { class: "field" },
            h("label", { for: "lf-lr" }, "Learning rate η ", keep("lrOut", h("output", { for: "lf-lr" }))),
            keep("lr", h("input", { id: "lf-lr", type: "range", min: String(LR_MIN_LOG), max: String(LR_MAX_LOG), step: "0.01" }))),
          h("div", { class: "field" },
            h("label", { for: "lf-speed" }, "Speed ", keep("speedOut", h("output", { for: "lf-speed" }))),
            keep("speed", h("input", { id: "lf-speed", type: "range", min: "0", max: String(SPEED_MAX_LOG), step: "0.01" }))),
          h("div", { class: "buttons" },
            keep("play", h("button", { id: "lf-play", type: "button", class: "lf-play", title: "Play or pause (Space)", "aria-pressed": "false", text: "Play" })),
            keep("step", h("button", { id: "lf-step-once", type: "button", title: "One step (Right arrow)", text: "Step" })),
            keep("reset", h("button", { id: "lf-reset", type: "button", title: "Back to the start line (R)", text: "Reset" }))),
          keep("message", h("p", { id: "lf-message", class: "message", role: "status", "aria-live": "polite" })),
          h("dl", { class: "readout", "aria-label": "Current line" },
            row(["step ", h("var", { text: "k" })], "rStep", "lf-r-step"),
            row(["slope"], "rSlope", "lf-r-slope"),
            row(["intercept"], "rIntercept", "lf-r-intercept"),
            row(["training MSE"], "rMse", "lf-r-mse"),
            row(["training RMSE"], "rRmse", "lf-r-rmse"),
            row(["held-out RMSE"], "rTest", "lf-r-test")),
          h("fieldset", { class: "lf-start" },
            h("legend", { text: "Start line" }),
            h("div", { class: "lf-start-row" },
              h("label", { for: "lf-start-slope" }, keep("slopeLabel", h("span", { text: "slope ($ per sq ft)" }))),
              keep("startSlope", h("input", { id: "lf-start-slope", type: "number", step: "any", inputmode: "decimal" }))),
            h("div", { class: "lf-start-row" },
              h("label", { for: "lf-start-intercept", text: "intercept ($)" }),
              keep("startIntercept", h("input", { id: "lf-start-intercept", type: "number", step: "any", inputmode: "decimal" })))),
          keep("best", h("p", { id: "lf-best", class: "lf-best" })),
        ),
      ),
    )),
  );
  return el;
}

/** Mounts the view in `root`; returns { unmount }. */
export function mount({ engine, root, onTrap, setNotes, announce }) {
  const el = build(root);
  const releaseSheet = useStylesheet(new URL("./linefit.css", import.meta.url));
  setNotes([]);

  let fit = null; // LineFit: the data in wasm memory
  let landscape = null;
  let descent = null;
  let state = null;
  let props = null;
  let info = describe(DEFAULT_FEATURE);
  let scales = null; // [μx, σx, μy, σy]
  let best = null; // [w*, b*]
  let pointsXY = null; // Float64Array [x0, y0, ...] in real units, copied once per feature
  const path = new PathBuffer(); // a display copy of the descent's path over (w, b)
  const player = createPlayer(el.play, { maxPerFrame: MAX_STEPS_PER_FRAME });
  let frame = 0;
  let dirty = { points: true, line: true, map: true, trail: true, overlay: true };
  let scatterGeo = null;
  const { listen, off } = listenerList();
  const narrator = createNarrator(root, announce);

  // Every call into the core goes through guard(): a trap hands over to the page's recovery,
  // any other error is shown in words.
  const { guard, status: life } = createGuard(onTrap, (text) => showMessage(text, "error"));

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  // ---- loading: the CSV goes through the core's reader a few milliseconds per frame ----------

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

  async function load() {
    const response = await fetch(DATA_URL);
    if (!response.ok) throw new Error(`Could not load the house sales (${DATA_URL.pathname} answered ${response.status}). Reload the page to try again.`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const reader = new engine.LineFitReader();
    try {
      for (let offset = 0; offset < bytes.length;) {
        await nextFrame();
        if (life.stopped) return null;
        const started = performance.now();
        while (offset < bytes.length && performance.now() - started < SLICE_MS) {
          reader.push(bytes.subarray(offset, offset + CHUNK_BYTES));
          offset += CHUNK_BYTES;
        }
        el.status.textContent = `Loading 2,930 house sales… ${Math.round((100 * Math.min(offset, bytes.length)) / bytes.length)}%`;
      }
      await nextFrame();
      if (life.stopped) return null;
      return reader.finish(TARGET, DEFAULT_FEATURE);
    } catch (err) {
      try {
        reader.free();
      } catch {
        // Already used up by finish, or the instance trapped.
      }
      throw err;
    }
  }

  // ---- building the core objects from the state -------------------------------------------

  function useFit(next) {
    if (fit && next !== fit) fit.free();
    fit = next;
    info = describe(fit.feature);
    scales = Array.from(fit.scales());
    best = Array.from(fit.leastSquares());
    pointsXY = fit.points();
    landscape?.free();
    landscape = fit.landscape();
    el.formula.textContent = "L(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)² with x and y standardised: a round bowl";
    el.slopeLabel.textContent = `slope ($ per ${info.unit})`;
    const [slope, intercept] = fit.toReal(best[0], best[1]);
    el.best.replaceChildren(
      h("strong", { text: "Least squares: " }),
      `${equation(slope, intercept, info)}, training RMSE ${money(fit.trainRmse(best[0], best[1]))}. `,
      `Fitted on ${fit.nTrain.toLocaleString("en-US")} sales; ${fit.nTest.toLocaleString("en-US")} held out to test it.`,
    );
    dirty.points = dirty.line = dirty.map = dirty.trail = dirty.overlay = true;
  }

  function startPoint() {
    return Array.from(fit.fromReal(state.slope, state.intercept));
  }

  function buildDescent(replaySteps = 0) {
    descent?.free();
    descent = null;
    const [w0, b0] = startPoint();
    descent = new engine.Descent(landscape, state.opt, { lr: state.lr }, w0, b0);
    if (replaySteps > 0) descent.run(replaySteps);
    path.clear();
    path.append(descent.pathSince(0));
    state.steps = descent.steps;
    dirty.trail = dirty.overlay = dirty.line = true;
    reportStatus();
    updateReadout();
  }

  function reportStatus() {
    const status = descent.status;
    if (status === "running") {
      if (el.message.dataset.tone !== "error") showMessage("");
      return;
    }
    stop();
    const tone = status === "converged" ? "success" : status === "diverged" ? "warning" : "info";
    const extra = status === "converged" ? " This is the least-squares line." : "";
    showMessage(`${descent.message ?? status}.${extra}`.replace("..", "."), tone);
  }

  // ---- controls ---------------------------------------------------------------------------

  function option(value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  function fillControls(features) {
    el.feature.replaceChildren(...features.map((name) => option(name, UNITS[name] ? `${name} (${describe(name).noun})` : name)));
    el.opt.replaceChildren(...OPTIMIZERS.map(([name, title]) => option(name, title)));
    syncControls();
  }

  function syncControls() {
    el.feature.value = state.feature;
    el.opt.value = state.opt;
    el.lr.value = String(Math.log10(state.lr));
    el.lrOut.textContent = formatRate(state.lr);
    el.speed.value = String(Math.log10(state.speed));
    el.speedOut.textContent = `${Math.round(state.speed)} steps/s`;
    el.startSlope.value = String(state.slope);
    el.startIntercept.value = String(state.intercept);
  }

  function formatRate(lr) {
    return lr >= 0.01 ? String(Number(lr.toPrecision(2))) : lr.toExponential(1).replace("-", MINUS);
  }

  function save() {
    publish(state, props);
  }

  function play() {
    if (!descent || descent.status !== "running") return;
    player.play();
  }

  /** Stops playing; a pause says where the run stands. */
  function stop() {
    const wasPlaying = player.stop();
    if (state) save();
    if (wasPlaying) dirty.trail = true;
    if (wasPlaying && descent && descent.status === "running") narrator.say(`paused at ${sentence()}`);
  }

  /** The line's state in one sentence: "step 25: loss 1.9e9 dollars², w = 112, b = 1.4e4". */
  function sentence() {
    const short = (v) => (Math.abs(v) >= 1e4 ? v.toExponential(1).replace("e+", "e") : String(Number(v.toPrecision(3))));
    const [slope, intercept] = fit.toReal(descent.x, descent.y);
    return `step ${descent.steps}: loss ${short(fit.trainMse(descent.x, descent.y))} dollars², w = ${short(slope)}, b = ${short(intercept)}`;
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
    dirty.overlay = dirty.line = true;
    reportStatus();
    updateReadout();
    if (ended) narrator.say(descent.message ?? descent.status); // it names the step
    else if (player.playing) narrator.often(sentence);
    else narrator.say(sentence());
    if (!player.playing) save();
  }

  /** Starts over from the line (slope, intercept) in real units. */
  function restartFrom(slope, intercept) {
    state.slope = slope;
    state.intercept = intercept;
    el.startSlope.value = String(slope);
    el.startIntercept.value = String(intercept);
    stop();
    showMessage("");
    buildDescent();
    save();
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

  function wire() {
    listen(el.play, "click", onPlay);
    listen(el.step, "click", onStep);
    listen(el.reset, "click", onReset);
    listen(el.feature, "change", guard(() => {
      const next = fit.withFeature(el.feature.value);
      state.feature = el.feature.value;
      state.slope = 0;
      state.intercept = 0;
      stop();
      showMessage("");
      useFit(next);
      syncControls();
      buildDescent();
      save();
    }));
    listen(el.opt, "change", guard(() => {
      state.opt = el.opt.value;
      stop();
      showMessage("");
      buildDescent();
      save();
    }));
    listen(el.lr, "input", guard(() => {
      state.lr = Number((10 ** Number(el.lr.value)).toPrecision(2));
      el.lrOut.textContent = formatRate(state.lr);
      // A link holds one learning rate, so a new rate restarts the descent from its start.
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
    const onStartInput = guard(() => {
      const slope = Number(el.startSlope.value);
      const intercept = Number(el.startIntercept.value);
      const slopeOk = el.startSlope.value.trim() !== "" && Number.isFinite(slope) && Math.abs(slope) <= 1e7;
      const interceptOk = el.startIntercept.value.trim() !== "" && Number.isFinite(intercept) && Math.abs(intercept) <= 1e10;
      if (!slopeOk || !interceptOk) {
        showMessage(`The start line needs a slope within ±10,000,000 and an intercept within ±$10,000,000,000.`, "error");
        return;
      }
      restartFrom(slope, intercept);
    });
    listen(el.startSlope, "change", onStartInput);
    listen(el.startIntercept, "change", onStartInput);
    listenPlaybackKeys(listen, { play: onPlay, step: onStep, reset: onReset });
    listen(el.overlay, "pointerdown", (event) => {
      el.overlay.setPointerCapture(event.pointerId);
    });
    listen(el.overlay, "pointerup", guard((event) => {
      const rect = el.overlay.getBoundingClientRect();
      setStartAt(event.clientX - rect.left, event.clientY - rect.top);
    }));
  }

  /** v rounded to a multiple of `unit` (a power of ten), written exactly as a short decimal. */
  function roundTo(v, unit) {
    const digits = Math.max(0, -Math.round(Math.log10(unit)));
    return Number((Math.round(v / unit) * unit).toFixed(digits));
  }

  /** A click on the map at CSS pixel (px, py): start there, rounded to the screen's precision. */
  function setStartAt(px, py) {
    const mapGeo = map.geometry;
    if (!mapGeo) return;
    const { plot } = mapGeo;
    if (px < plot.left || px > plot.left + plot.width || py < plot.top || py > plot.top + plot.height) return;
    const w = map.dataX(px);
    const b = map.dataY(py);
    const [slope, intercept] = fit.toReal(w, b);
    // One pixel moves the slope by σy/σx·scale and the intercept by about σy·scale (plus the
    // slope's share times μx); round each to a power of ten below that.
    const slopeUnit = 10 ** Math.floor(Math.log10((scales[3] / scales[1]) * mapGeo.scale));
    const interceptUnit = 10 ** Math.floor(Math.log10(scales[3] * mapGeo.scale));
    restartFrom(roundTo(slope, slopeUnit), roundTo(intercept, interceptUnit));
  }

  // ---- drawing ----------------------------------------------------------------------------

  /** Tick labels: dollars as $200k, plain numbers with separators unless `plain` (years). */
  function moneyTick(v, step) {
    const sign = v < 0 ? MINUS : "";
    const a = Math.abs(v);
    if (a < step * 1e-6) return "$0";
    if (step >= 1e6) return `${sign}$${engine.formatTick(a / 1e6, step / 1e6)}M`;
    if (step >= 1e3) return `${sign}$${engine.formatTick(a / 1e3, step / 1e3)}k`;
    return `${sign}$${engine.formatTick(a, step)}`;
  }

  function plainTick(v, step, plain) {
    const text = engine.formatTick(v, step).replace("-", MINUS);
    if (plain || !(step >= 1 && Math.abs(v) >= 1000 && Number.isInteger(v))) return text;
    return `${v < 0 ? MINUS : ""}${Math.abs(v).toLocaleString("en-US")}`;
  }

  /** Ticks over [lo, hi] in some unit, positioned by `at`, labelled by `label(v, step)`. */
  function ticks(lo, hi, count, at, label) {
    const vs = engine.niceTicks(lo, hi, count);
    const step = vs.length > 1 ? vs[1] - vs[0] : hi - lo;
    return Array.from(vs, (v) => ({ at: at(v), label: label(v, step) }));
  }

  /** Axes with ticks and an axis title under x and beside y (rotated). */
  function axes(ctx, plot, xs, ys, xTitle, yTitle, colors) {
    ctx.save();
    ctx.strokeStyle = colors.muted;
    ctx.fillStyle = colors.ink;
    ctx.lineWidth = 1;
    ctx.font = "11px system-ui, sans-serif";
    ctx.strokeRect(plot.left - 0.5, plot.top - 0.5, plot.width + 1, plot.height + 1);
    const bottom = plot.top + plot.height;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const t of xs) {
      if (t.at < plot.left - 0.5 || t.at > plot.left + plot.width + 0.5) continue;
      ctx.beginPath();
      ctx.moveTo(t.at, bottom);
      ctx.lineTo(t.at, bottom + 4);
      ctx.stroke();
      ctx.fillText(t.label, t.at, bottom + 6);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const t of ys) {
      if (t.at < plot.top - 0.5 || t.at > bottom + 0.5) continue;
      ctx.beginPath();
      ctx.moveTo(plot.left - 4, t.at);
      ctx.lineTo(plot.left, t.at);
      ctx.stroke();
      ctx.fillText(t.label, plot.left - 6, t.at);
    }
    ctx.fillStyle = colors.muted;
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(xTitle, plot.left + plot.width / 2, bottom + 36, plot.width + 40);
    ctx.translate(12, plot.top + plot.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(yTitle, 0, 0, plot.height);
    ctx.restore();
  }

  /** A figure's canvas size and plot box (margins for ticks, titles and, on the map, the colour bar). */
  function plotIn(box, right) {
    const rect = box.getBoundingClientRect();
    const width = Math.max(200, Math.round(rect.width));
    const height = Math.max(200, Math.round(rect.height));
    const m = { left: width < 360 ? 56 : 62, right, top: 10, bottom: 42 };
    return { width, height, plot: { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom } };
  }

  /** The scatter's data window: the data's range, taking in 0 when that costs less than the range. */
  function scatterWindow() {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < pointsXY.length; i += 2) {
      const x = pointsXY[i];
      const y = pointsXY[i + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    const span = (lo, hi) => {
      if (lo >= 0 && lo < hi - lo) lo = 0;
      const pad = 0.04 * (hi - lo || 1);
      return [lo === 0 ? 0 : lo - pad, hi + pad];
    };
    return [...span(x0, x1), ...span(y0, y1)];
  }

  function layoutScatter() {
    const { width, height, plot } = plotIn(el.scatterBox, 12);
    const [x0, x1, y0, y1] = scatterWindow();
    const sx = (x) => plot.left + ((x - x0) / (x1 - x0)) * plot.width;
    const sy = (y) => plot.top + ((y1 - y) / (y1 - y0)) * plot.height;
    scatterGeo = { width, height, plot, x0, x1, y0, y1, sx, sy };
  }

  function drawPoints() {
    layoutScatter();
    const colors = draw.themeColors();
    const { ctx } = draw.fitCanvas(el.points);
    const { width, height, plot, x0, x1, y0, y1, sx, sy } = scatterGeo;
    ctx.clearRect(0, 0, width, height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    // Okabe–Ito blue, thin and translucent so that 2,930 points show where they crowd.
    ctx.fillStyle = colors.dark ? "rgba(86,180,233,0.5)" : "rgba(0,114,178,0.45)";
    const r = plot.width < 300 ? 1.5 : 2;
    ctx.beginPath();
    for (let i = 0; i < pointsXY.length; i += 2) {
      const px = sx(pointsXY[i]);
      const py = sy(pointsXY[i + 1]);
      ctx.moveTo(px + r, py);
      ctx.arc(px, py, r, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.restore();
    const nx = Math.max(5, Math.floor(plot.width / 60));
    const ny = Math.max(5, Math.floor(plot.height / 50));
    axes(ctx, plot,
      ticks(x0, x1, nx, sx, (v, step) => (info.unit === "$" ? moneyTick(v, step) : plainTick(v, step, info.plain))),
      ticks(y0, y1, ny, sy, moneyTick),
      info.title, "Sale price ($)", colors);
  }

  /** The line through the plot at (w, b), clipped; `dashed` for the least-squares line. */
  function strokeLine(ctx, w, b, style) {
    const { plot, x0, x1, sx, sy } = scatterGeo;
    const ya = fit.predict(w, b, x0);
    const yb = fit.predict(w, b, x1);
    if (!Number.isFinite(ya) || !Number.isFinite(yb)) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    // Far-off lines are clamped in pixel space so the canvas never sees huge coordinates.
    const clampY = (py) => Math.max(-1e5, Math.min(1e5, py));
    ctx.beginPath();
    ctx.moveTo(sx(x0), clampY(sy(ya)));
    ctx.lineTo(sx(x1), clampY(sy(yb)));
    ctx.lineCap = "round";
    if (style.halo) {
      ctx.strokeStyle = style.halo;
      ctx.lineWidth = style.width + 2.5;
      ctx.stroke();
    }
    ctx.setLineDash(style.dash ?? []);
    ctx.strokeStyle = style.color;
    ctx.lineWidth = style.width;
    ctx.stroke();
    ctx.restore();
  }

  function drawLine() {
    if (!scatterGeo) return;
    const colors = draw.themeColors();
    const { ctx } = draw.fitCanvas(el.line);
    ctx.clearRect(0, 0, scatterGeo.width, scatterGeo.height);
    strokeLine(ctx, best[0], best[1], { color: colors.ink, width: 1.5, dash: [6, 5] });
    strokeLine(ctx, descent.x, descent.y, {
      color: colors.grad,
      width: 3,
      halo: colors.dark ? "rgba(0,0,0,0.7)" : "rgba(255,255,255,0.85)",
    });
  }

  // The loss landscape over (w, b) (www/map.js), in the window the core chose, with axes and a
  // colour bar in real units. A click on it starts the line there (setStartAt); no pan or zoom.
  const map = createMap({
    engine,
    figure: el.mapBox,
    canvas: el.map,
    guard,
    levels: LEVELS,
    landscape: () => landscape,
    wanted: () => Array.from(landscape.window()),
    margins: (width) => ({ left: width < 360 ? 56 : 62, right: 66, top: 10, bottom: 42 }),
    decorate: decorateMap,
  });

  function decorateMap(ctx, m, colors) {
    const { plot, view } = m.geometry;
    const { sx, sy } = m;
    // Axes in real units: the slope w·σy/σx in dollars per feature unit, and b as the price the
    // line predicts at the mean of x, μy + σy·b. Both are affine in one coordinate, so the
    // ticks fall on a straight grid over the round bowl.
    const [mx, sdx, my, sdy] = scales;
    const slopeOf = (w) => (w * sdy) / sdx;
    const wOf = (slope) => (slope * sdx) / sdy;
    const priceOf = (b) => my + sdy * b;
    const bOf = (price) => (price - my) / sdy;
    const nx = Math.max(5, Math.floor(plot.width / 60));
    const ny = Math.max(5, Math.floor(plot.height / 50));
    const meanX = info.unit === "$" ? money(mx) : info.plain ? sig5(mx).replace(",", "") : `${Math.abs(mx) >= 100 ? Math.round(mx).toLocaleString("en-US") : sig5(mx)} ${info.unit}`;
    axes(ctx, plot,
      ticks(slopeOf(view.x0), slopeOf(view.x1), nx, (v) => sx(wOf(v)), moneyTick),
      ticks(priceOf(view.y0), priceOf(view.y1), ny, (v) => sy(bOf(v)), moneyTick),
      `slope w ($ per ${info.unit})`, `b: price at the mean ${info.noun}, ${meanX}`, colors);

    const minima = landscape.minima();
    for (let i = 0; i < minima.length; i += 2) draw.cross(ctx, sx(minima[i]), sy(minima[i + 1]), 6);

    // The colour bar in dollars: the training RMSE σy·√L at each tick of L.
    m.drawLegend(ctx, colors, { caption: "RMSE", label: (v) => moneyTick(sdy * Math.sqrt(Math.max(0, v)), 1000), gap: 10, shorten: 18 });
  }

  const drawTrail = (from = 0) => drawMapTrail(map, el.trail, path, from);
  // At the least-squares line the gradient is rounding noise, with no direction to show.
  const drawOverlay = () => drawDescentMarks(map, el.overlay, descent, path, { arrowPx: 48, minNorm: 1e-9 });

  function updateReadout() {
    const w = descent.x;
    const b = descent.y;
    const [slope, intercept] = fit.toReal(w, b);
    el.rStep.textContent = String(descent.steps);
    el.rSlope.textContent = `${moneySig(slope)} per ${info.unit}`;
    el.rIntercept.textContent = money(intercept);
    el.rMse.textContent = `${scientific(fit.trainMse(w, b))} $²`;
    el.rRmse.textContent = money(fit.trainRmse(w, b));
    el.rTest.textContent = money(fit.testRmse(w, b));
    el.equation.textContent = equation(slope, intercept, info);
  }

  // ---- the frame loop ---------------------------------------------------------------------

  const tick = guard((now) => {
    if (life.stopped) return;
    if (player.playing) {
      const { n, draw: show } = player.next(now, state.speed);
      if (n > 0) advance(n, show);
    }
    if (dirty.points) {
      drawPoints();
      dirty.points = false;
      dirty.line = true;
    }
    if (dirty.line) {
      drawLine();
      dirty.line = false;
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
    if (!life.stopped) frame = requestAnimationFrame(tick);
  });

  const resize = new ResizeObserver(() => {
    dirty.points = dirty.line = dirty.map = dirty.trail = dirty.overlay = true;
  });
  const scheme = matchMedia("(prefers-color-scheme: dark)");

  // ---- start: load the data, then read the link against the file's columns -----------------

  const begin = guard((loaded) => {
    if (!loaded) return;
    const features = Array.from(loaded.features());
    const probe = loaded.landscape();
    const rate = probe.suggestedRate;
    probe.free();
    props = properties(features, rate);
    const read = readState(location.search, props);
    state = read.state;
    setNotes([...read.notes, ...Array.from(loaded.notes())]);
    useFit(state.feature === loaded.feature ? loaded : loaded.withFeature(state.feature));
    if (fit !== loaded) loaded.free();
    fillControls(features);
    buildDescent(state.steps);
    wire();
    resize.observe(el.scatterBox);
    resize.observe(el.mapBox);
    listen(scheme, "change", () => {
      dirty.points = dirty.line = dirty.map = dirty.overlay = true;
    });
    save();
    el.status.hidden = true;
    el.wrap.dataset.ready = "true";
    tick(performance.now());
  });

  load().then(begin, (err) => {
    if (life.stopped) return;
    if (err instanceof WebAssembly.RuntimeError) {
      life.stopped = true;
      onTrap(err);
      return;
    }
    el.status.textContent = err && err.message ? err.message : String(err);
    el.status.dataset.tone = "error";
  });

  return {
    unmount() {
      life.stopped = true;
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
        fit?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
