// The line-fit view: house prices against one feature, a line fitted by gradient descent, and
// the line's loss landscape over (w, b) beside it with the descent path on it. The Rust core
// reads the CSV, standardises, owns the landscape and the descent, and converts every number
// back to dollars and square feet; this file declares the view's link, controls and drawing on
// the kit (www/kit/). The scatter is in linefit-scatter.js, the map's decoration in
// linefit-map.js, the columns in words in linefit-units.js, the loading in linefit-load.js.

import { number, integer, oneOf } from "../kit/state.js";
import { defineView } from "../kit/view.js";
import { rateSlider, speedSlider, picker } from "../kit/controls.js";
import * as format from "../kit/format.js";
import { term } from "../kit/glossary.js";
import { h } from "../dom.js";
import { PathBuffer, drawMapTrail, drawDescentMarks, descentPlayback } from "../path.js";
import { DEFAULT_FEATURE, describe, equation } from "./linefit-units.js";
import { createScatter } from "./linefit-scatter.js";
import { createLineMap } from "./linefit-map.js";
import { loadFit } from "./linefit-load.js";

const MAX_STEPS = 100000; // the longest run a link can ask for
const MAX_STEPS_PER_FRAME = 20000;
const LR_RANGE = [1e-3, 1.5];
const SLOPE_LIMIT = 1e7; // dollars per feature unit
const INTERCEPT_LIMIT = 1e10; // dollars

/** A column name: any text while the file is unread; ready() checks it against the file. */
const columnName = { parse: (text) => ({ value: text }), write: (v) => v };

/** The table of URL properties for this view. */
function properties(engine) {
  const optimizers = engine.optimizerCatalog();
  return [
    // The file's columns and its suggested rate are known once it is read (see settleFeature).
    { key: "feature", kind: columnName, fallback: () => undefined },
    { key: "opt", kind: oneOf(() => optimizers.map((o) => o.name)), fallback: () => "sgd" },
    { key: "lr", kind: number(...LR_RANGE), fallback: () => undefined, show: () => "the rate the data suggests" },
    // The start line in real units: dollars per feature unit, and dollars at x = 0.
    { key: "slope", kind: number(-SLOPE_LIMIT, SLOPE_LIMIT), fallback: () => 0 },
    { key: "intercept", kind: number(-INTERCEPT_LIMIT, INTERCEPT_LIMIT), fallback: () => 0 },
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(1, 1000), fallback: () => 20 },
  ];
}

/**
 * The link's feature checked against the file's columns: a name the file lacks falls back to
 * the default column, with a note in the words of the link's other notes. Returns the notes.
 */
function settleFeature(state, features) {
  const fallback = features.includes(DEFAULT_FEATURE) ? DEFAULT_FEATURE : features[0];
  const asked = state.feature;
  if (asked !== undefined && features.includes(asked)) return [];
  state.feature = fallback;
  if (asked === undefined) return [];
  const shown = JSON.stringify(asked.length > 40 ? `${asked.slice(0, 40)}…` : asked);
  return [`Ignored feature=${shown} from the link: it ${oneOf(() => features).parse(asked).error}. Using ${fallback}.`];
}

/** A colour swatch for a figure key (a shape, not coloured text, so contrast rules are met). */
function swatch(kind) {
  return h("span", { class: `lf-swatch lf-sw-${kind}`, "aria-hidden": "true" });
}

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(kit) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const row = (label, name, id) => [h("dt", {}, ...label), keep(name, h("dd", { id, text: "" }))];
  const startInput = (name, id) => keep(name, h("input", { id, type: "number", step: "any", inputmode: "decimal" }));
  kit.root.replaceChildren(
    keep("wrap", h("div", { class: "lf" },
      h("section", { class: "lesson-intro" },
        h("h1", { text: "Fitting a line to house prices" }),
        h("p", {},
          "Each dot is a house sold in Ames, Iowa: its living area (or another feature you pick) and its price. A straight line predicts the price from it; ",
          "how wrong it is on average, the ", h("strong", { text: "mean squared error" }),
          ", depends on the line's slope ", h("var", { text: "w" }), " and its height ", h("var", { text: "b" }),
          ", the price it gives a house of average size. That error is a landscape over (", h("var", { text: "w" }), ", ", h("var", { text: "b" }),
          "), drawn beside the dots. Gradient descent walks down it, and the line through the dots follows. ",
          h("strong", { text: "Click the map" }), " to start from another line, then press Play."),
      ),
      // Progress while the file loads (linefit-load.js); hidden once it is in.
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
          // Play and its step counter right under the figure they move, at every width.
          h("div", { class: "lf-bar" },
            keep("buttons", h("div", { class: "buttons lf-buttons" },
              keep("play", h("button", { id: "lf-play", type: "button", class: "lf-play", title: "Play or pause (Space)", "aria-pressed": "false", text: "Play" })),
              keep("step", h("button", { id: "lf-step-once", type: "button", title: "One step (Right arrow)", text: "Step" })),
              keep("reset", h("button", { id: "lf-reset", type: "button", title: "Back to the start line (R)", text: "Reset" })))),
            kit.messageLine("lf-message")),
        ),
        h("figure", { class: "lf-fig" },
          keep("mapBox", h("div", { class: "lf-figure" },
            keep("map", h("canvas", { id: "lf-map", class: "layer", role: "img", "aria-label": "Loss landscape over slope and intercept: dark is low error, bright is high." })),
            keep("trail", h("canvas", { id: "lf-trail", class: "layer lf-passive", "aria-hidden": "true" })),
            keep("overlay", h("canvas", { id: "lf-overlay", class: "layer overlay", tabindex: "0", "aria-label": "Descent path on the loss landscape. Click or tap to choose the start line." })),
          )),
          h("figcaption", {},
            h("p", { class: "formula lf-formula" }, "L(w, b) = (1/n) Σ (w·(xᵢ − x̄) + b − yᵢ)², coloured by the training ", term(kit, "RMSE"),
              " in dollars. Descent runs on ", term(kit, "standardised", "standardised"), " columns, which makes the bowl round; the axes are turned back into dollars."),
            h("p", { class: "figure-key" },
              swatch("grad"), "∇L uphill · ", swatch("step"), "−η∇L the next step · ", h("span", { class: "key-min", text: "✕" }), " ", term(kit, "least squares", "least squares"))),
        ),
        h("aside", { class: "panel lf-panel", "aria-label": "Controls" },
          // The feature, optimizer, rate and speed fields go here once the file is read (ready()).
          keep("fields", h("div", { class: "lf-fields" })),
          h("dl", { class: "readout", "aria-label": "Current line" },
            row(["step ", h("var", { text: "k" })], "rStep", "lf-r-step"),
            row(["slope ", h("var", { text: "w" })], "rSlope", "lf-r-slope"),
            row([h("var", { text: "b" }), ", ", term(kit, "price at the mean", ["price at ", h("var", { text: "x̄" })])], "rB", "lf-r-b"),
            row([term(kit, "intercept", "intercept")], "rIntercept", "lf-r-intercept"),
            row(["training ", term(kit, "MSE")], "rMse", "lf-r-mse"),
            row(["training ", term(kit, "RMSE")], "rRmse", "lf-r-rmse"),
            row(["held-out ", term(kit, "RMSE")], "rTest", "lf-r-test")),
          h("fieldset", { class: "lf-start" },
            h("legend", { text: "Start line" }),
            h("div", { class: "lf-start-row" },
              h("label", { for: "lf-start-slope" }, keep("slopeLabel", h("span", { text: "slope ($ per sq ft)" }))),
              startInput("startSlope", "lf-start-slope")),
            h("div", { class: "lf-start-row" },
              h("label", { for: "lf-start-intercept", text: "intercept ($)" }),
              startInput("startIntercept", "lf-start-intercept"))),
          keep("best", h("p", { id: "lf-best", class: "lf-best" })),
        ),
      ),
    )),
  );
  return el;
}

/** Builds the view in `kit.root` and wires it to the core, the link and the frame loop. */
function setup(kit) {
  const { engine, state } = kit;
  const el = build(kit);
  // The data shown now: the LineFit (in wasm memory), its landscape over (w, b), the feature
  // in words, [μx, σx, μy, σy], the least-squares [w*, b*] and the points in real units.
  const shown = { fit: null, landscape: null, info: null, scales: null, best: null, points: null };
  let descent = null;
  let playback = null;
  let map = null;
  const path = new PathBuffer(); // a display copy of the descent's path over (w, b)
  const scatter = createScatter({ engine, box: el.scatterBox, points: el.points, line: el.line, shown });

  // ---- building the core objects from the state -------------------------------------------

  function useFit(next) {
    shown.fit = kit.replace(shown.fit, next);
    shown.info = describe(engine, next.feature);
    shown.scales = Array.from(next.scales());
    shown.best = Array.from(next.leastSquares());
    shown.points = next.points();
    shown.landscape = kit.replace(shown.landscape, next.landscape());
    el.slopeLabel.textContent = `slope ($ per ${shown.info.unit})`;
    const [w, b] = shown.best;
    const [slope, intercept] = next.toReal(w, b);
    el.best.replaceChildren(
      h("strong", {}, term(kit, "least squares", "Least squares"), ": "),
      `${equation(slope, intercept, shown.info)}, training RMSE ${format.money(next.trainRmse(w, b))}. `,
      `Fitted on ${format.count(next.nTrain)} sales; ${format.count(next.nTest)} held out to test it.`,
    );
    kit.redraw();
  }

  function buildDescent(replaySteps = 0) {
    const [w0, b0] = shown.fit.fromReal(state.slope, state.intercept);
    descent = kit.replace(descent, new engine.Descent(shown.landscape, state.opt, { lr: state.lr }, w0, b0));
    if (replaySteps > 0) descent.run(replaySteps);
    path.clear();
    path.append(descent.pathSince(0));
    state.steps = descent.steps;
    kit.redraw("trail", "overlay", "line");
    reportStatus();
    updateReadout();
  }

  /** Back to the start line with the current settings. */
  function restart() {
    playback.stop();
    kit.message("");
    buildDescent();
    kit.save();
  }

  /** Starts over from the line (slope, intercept) in real units. */
  function restartFrom(slope, intercept) {
    state.slope = slope;
    state.intercept = intercept;
    syncStart();
    restart();
  }

  /** Shows why the run stopped, if it did. */
  function reportStatus() {
    const status = descent.status;
    if (status === "running") {
      if (kit.messageTone !== "error") kit.message("");
      return;
    }
    playback.stop();
    const tone = status === "converged" ? "success" : status === "diverged" ? "warning" : "info";
    const extra = status === "converged" ? " This is the least-squares line." : "";
    kit.message(`${descent.message ?? status}.${extra}`.replace("..", "."), tone);
  }

  /** The line's state in one sentence: "step 1: loss 3.603 × 10¹⁰ dollars², slope $21.81 per sq ft, price at the mean $36,171, intercept $3,481". */
  function sentence() {
    const [slope, intercept] = shown.fit.toReal(descent.x, descent.y);
    const loss = shown.fit.trainMse(descent.x, descent.y);
    const atMean = shown.fit.predict(descent.x, descent.y, shown.scales[0]);
    return `step ${descent.steps}: loss ${format.value(loss)} dollars², slope ${format.moneySig(slope)} per ${shown.info.unit}, price at the mean ${format.money(atMean)}, intercept ${format.money(intercept)}`;
  }

  /** Takes `n` steps; draws the new part of the path unless `show` is false (a jump under way). */

  // ---- controls ---------------------------------------------------------------------------

  function syncStart() {
    el.startSlope.value = String(state.slope);
    el.startIntercept.value = String(state.intercept);
  }

  /** The typed start line, if both numbers are within the link's ranges. */
  function typedStart() {
    const slope = Number(el.startSlope.value);
    const intercept = Number(el.startIntercept.value);
    const slopeOk = el.startSlope.value.trim() !== "" && Number.isFinite(slope) && Math.abs(slope) <= SLOPE_LIMIT;
    const interceptOk = el.startIntercept.value.trim() !== "" && Number.isFinite(intercept) && Math.abs(intercept) <= INTERCEPT_LIMIT;
    if (!slopeOk || !interceptOk) {
      kit.message(`The start line needs a slope within ±${format.count(SLOPE_LIMIT)} and an intercept within ±$${format.count(INTERCEPT_LIMIT)}.`, "error");
      return;
    }
    restartFrom(slope, intercept);
  }

  /** The fields that need the file's columns and rate, before the buttons. */
  function addControls(features) {
    const fields = [
      picker(kit, {
        key: "feature", id: "lf-feature", label: "Feature (x)", entries: features, value: (name) => name, text: (name) => describe(engine, name).option,
        changed: () => {
          state.slope = 0;
          state.intercept = 0;
          playback.stop();
          useFit(shown.fit.withFeature(state.feature));
          syncStart();
          restart();
        },
      }),
      picker(kit, { key: "opt", id: "lf-opt", label: "Optimizer", entries: engine.optimizerCatalog(), changed: restart }),
      // A link holds one learning rate, so a new rate restarts the descent from its start.
      rateSlider(kit, { id: "lf-lr", min: LR_RANGE[0], max: LR_RANGE[1], changed: restart }),
      speedSlider(kit, { id: "lf-speed", min: 1, max: 1000 }),
    ];
    el.fields.replaceChildren(...fields.map((f) => f.field));
    syncStart();
    kit.on(el.startSlope, "change", typedStart);
    kit.on(el.startIntercept, "change", typedStart);
  }

  // ---- drawing ----------------------------------------------------------------------------

  const drawTrail = (from = 0) => drawMapTrail(map, el.trail, path, from);

  function updateReadout() {
    const [w, b] = [descent.x, descent.y];
    const [slope, intercept] = shown.fit.toReal(w, b);
    el.rStep.textContent = String(descent.steps);
    el.rSlope.textContent = `${format.moneySig(slope)} per ${shown.info.unit}`;
    el.rB.textContent = format.money(shown.fit.predict(w, b, shown.scales[0]));
    el.rIntercept.textContent = format.money(intercept);
    el.rMse.textContent = `${format.scientific(shown.fit.trainMse(w, b))} $²`;
    el.rRmse.textContent = format.money(shown.fit.trainRmse(w, b));
    el.rTest.textContent = format.money(shown.fit.testRmse(w, b));
    el.equation.textContent = equation(slope, intercept, shown.info);
  }

  // ---- start: read the file, then settle the link against its columns --------------------

  function ready(loaded) {
    const features = Array.from(loaded.features());
    kit.notes([...settleFeature(state, features), ...Array.from(loaded.notes())]);
    useFit(state.feature === loaded.feature ? loaded : loaded.withFeature(state.feature));
    if (shown.fit !== loaded) kit.free(loaded);
    state.lr ??= shown.landscape.suggestedRate;
    map = createLineMap(kit, el, shown, restartFrom);
    // Reset goes back to the start; each move updates the message and the readouts.
    playback = descentPlayback(kit, {
      buttons: { play: el.play, step: el.step, reset: el.reset }, maxPerFrame: MAX_STEPS_PER_FRAME, maxSteps: MAX_STEPS, buttonsKeepSpace: true,
      descent: () => descent, path, drawTrail: (from) => drawTrail(from), layers: ["overlay", "line"], sentence, restart: () => buildDescent(),
      update: () => { reportStatus(); updateReadout(); },
    });
    addControls(features);
    buildDescent(state.steps);
    kit.layers({
      points: { draw: () => scatter.drawPoints(), then: ["line"] },
      line: () => scatter.drawLine(descent.x, descent.y),
      map: { draw: () => map.draw(), then: ["trail"] },
      trail: () => drawTrail(0),
      // At the least-squares line the gradient is rounding noise, with no direction to show.
      overlay: () => drawDescentMarks(map, el.overlay, descent, path, { arrowPx: 48, minNorm: 1e-9 }),
    });
    kit.observeSize(el.scatterBox, el.mapBox);
    kit.save();
    el.status.hidden = true;
    el.wrap.dataset.ready = "true";
  }

  // A failed load is said on the message line (a trap goes to the page's recovery).
  const failed = kit.guard((err) => {
    el.status.hidden = true;
    throw err;
  });
  loadFit(kit, DEFAULT_FEATURE, (text) => (el.status.textContent = text))
    .then(kit.guard((loaded) => loaded && ready(kit.own(loaded))))
    .catch(failed);
}

export const { mount } = defineView({
  base: import.meta.url, sheets: ["./linefit.css"], primary: "#lf-play", figure: "#lf-points", props: properties, setup,
});
