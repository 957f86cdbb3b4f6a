// The network lessons ("A neural network" and "Your own data"): a multilayer perceptron learns
// house prices in the browser. The Rust core owns the data, the split, the standardisation, the
// network and every number; this file declares the view on the kit (www/kit/) — its link, its
// settings and its pictures — and wires the parts, each in a file of its own: the data
// (network-data.js), training (network-train.js), the gradient check and the drawing of the
// network (network-check.js), predicting a house (network-predict.js), files and what the
// browser keeps (network-files.js), and the charts (network-draw.js).

import { number, integer, oneOf } from "../kit/state.js";
import { defineView } from "../kit/view.js";
import { picker, rateSlider } from "../kit/controls.js";
import { term } from "../kit/glossary.js";
import * as format from "../kit/format.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { palette, lossChart, scatter } from "./network-draw.js";
import { AMES_FEATURES, AMES_TARGET, dataPanel, nameText, nameList, columnWords } from "./network-data.js";
import { createTraining } from "./network-train.js";
import { insideCards } from "./network-check.js";
import { predictCard } from "./network-predict.js";
import { filesCard } from "./network-files.js";

export { AMES_FEATURES };

const BATCHES = [1, 8, 16, 32, 64, 128, 256, 1024];
const L2S = [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
const LR_RANGE = [1e-5, 1]; // the learning rates a link may hold
const MAX_EPOCHS = 1000;
const MAX_SCATTER_POINTS = 5000;
// Training's pace: epochs per second a learner can watch (the default Ames run of 100 epochs
// takes about ten seconds), ten times that, or as fast as the machine goes. A link's replay
// (`trained`, `batches`) always goes as fast as it can: replaying is not animation.
const SPEEDS = [
  { value: "10", title: "10 epochs/s" },
  { value: "100", title: "100 epochs/s" },
  { value: "max", title: "fastest" },
];


// ---- the link ---------------------------------------------------------------------------------

/** Hidden layer widths "32,32" (0 to 3 layers of 1 to 128 units), or "none". */
function widths() {
  return {
    parse(t) {
      if (t === "none") return { value: [] };
      const parts = t.split(",");
      if (parts.length > 3) return { error: "has more than 3 hidden layers" };
      if (!parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) >= 1 && Number(p) <= 128)) return { error: "needs widths between 1 and 128, like 32,32" };
      return { value: parts.map(Number) };
    },
    write: (v) => (v.length === 0 ? "none" : v.join(",")),
  };
}

/** The view's URL properties: one table reads and writes the link. */
function properties(engine) {
  return [
    { key: "data", kind: oneOf(() => ["ames", "file"]), fallback: () => "ames" },
    { key: "file", kind: nameText(200), fallback: () => undefined, only: (s) => s.data === "file" },
    { key: "target", kind: nameText(200), fallback: (s) => (s.data === "ames" ? AMES_TARGET : undefined) },
    { key: "features", kind: nameList(), fallback: (s) => (s.data === "ames" ? AMES_FEATURES : undefined), show: () => "the default columns" },
    { key: "hidden", kind: widths(), fallback: () => [32, 32] },
    { key: "act", kind: oneOf(() => engine.activationCatalog().map((a) => a.name)), fallback: () => "relu" },
    { key: "opt", kind: oneOf(() => engine.optimizerCatalog().map((o) => o.name)), fallback: () => "adam" },
    { key: "lr", kind: number(...LR_RANGE), fallback: () => 0.001 },
    { key: "batch", kind: integer(1, 4096), fallback: () => 32 },
    { key: "l2", kind: number(0, 1), fallback: () => 0 },
    { key: "seed", kind: integer(0, 4294967295), fallback: () => 1 },
    { key: "epochs", kind: integer(1, MAX_EPOCHS), fallback: () => 100 },
    { key: "trained", kind: integer(0, MAX_EPOCHS), fallback: () => 0 },
    // Mini-batches taken into the epoch after `trained` (Step one batch, or a pause mid-epoch).
    { key: "batches", kind: integer(0, 1 << 24), fallback: () => 0 },
    { key: "speed", kind: oneOf(() => SPEEDS.map((v) => v.value)), fallback: () => "10" },
  ];
}

// ---- the page ---------------------------------------------------------------------------------

/** A labelled field: the label (and an output beside it), then the control. */
const field = (id, label, control, out) => h("div", { class: "field" }, h("label", { for: id }, label, out ? " " : "", out ?? ""), control);

/** The view's markup around its parts, built as DOM; returns the elements it uses. */
function build(kit, dataLesson, parts, controls) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const metricRow = (id, label) => h("tr", {}, h("th", { scope: "row" }, label),
    keep(`${id}Rmse`, h("td", { id: `m-${id}-rmse` })), keep(`${id}Mae`, h("td", { id: `m-${id}-mae` })), keep(`${id}R2`, h("td", { id: `m-${id}-r2` })));
  const intro = dataLesson
    ? h("section", { class: "lesson-intro" },
      h("h1", { text: "Your own data: bring a CSV file" }),
      h("p", {}, "Drop a table of numbers — house sales, anything with a column to predict — and the same network learns it. ",
        h("strong", { text: "Your file never leaves this browser" }), ": the page reads it here and sends it nowhere. It is ", term(kit, "IndexedDB", "kept in this browser"), " so a reload finds it again."))
    : h("section", { class: "lesson-intro" },
      h("h1", { text: "A neural network learns house prices" }),
      h("p", {}, "Each of 2,930 homes sold in Ames, Iowa is a row of numbers — living area, year built, bathrooms … — and its price. A network of ",
        h("em", { text: "neurons" }), " turns the numbers into a predicted price; training nudges every weight downhill on the error, using the derivative that ",
        h("strong", { text: "backpropagation" }), " computes. Press ", h("strong", { text: "Train" }), " and watch the error fall, below, on houses the network never trained on."));
  const wholeInput = (id, min, max) => keep(id, h("input", { id, type: "number", min: String(min), max: String(max), step: "1", inputmode: "numeric" }));

  kit.root.replaceChildren(
    intro,
    parts.data.panel,
    h("div", { class: "nn-workspace" },
      h("div", { class: "nn-charts" },
        // The loss chart with the controls that move it right under it: Train and what it
        // reads (epoch, progress, the message) stay in one glance with the falling curve.
        h("section", { class: "nn-card nn-loss" },
          h("h2", {}, "Error after each ", term(kit, "epoch", "epoch")),
          keep("loss", h("canvas", { id: "loss-curves", class: "nn-chart", role: "img", "aria-label": "Root mean squared error on the training and test rows after each epoch" })),
          h("p", { class: "figure-key" }, h("span", { class: "key-train", text: "━ training rows" }), " · ", h("span", { class: "key-test", text: "╍ test rows (never trained on)" })),
          h("div", { class: "nn-bar" },
            h("div", { class: "buttons nn-buttons" },
              keep("play", h("button", { id: "play", type: "button", class: "nn-play", title: "Train or pause (Space)", "aria-pressed": "false", text: "Train" })),
              keep("step", h("button", { id: "step-batch", type: "button", title: "Train on one mini-batch (Right arrow)", text: "Step one batch" })),
              keep("reset", h("button", { id: "reset", type: "button", title: "New random weights, epoch 0 (R)", text: "Reset" }))),
            h("div", { class: "nn-pace" },
              controls.speed.field,
              keep("skip", h("button", { id: "skip", type: "button", title: "Train to the last epoch as fast as it can", text: "Skip to the end" }))),
            h("div", { class: "nn-progress" },
              h("label", { for: "epoch-progress" }, term(kit, "epoch", "Epoch"), " ", keep("epochOut", h("output", { id: "epoch", text: "0" })), " of ", keep("goalOut", h("span", { id: "epoch-goal" }))),
              keep("progress", h("progress", { id: "epoch-progress", max: "1", value: "0" }))),
            kit.messageLine("message"))),
        // Predicted against actual, and the same test rows' errors in numbers under it.
        h("section", { class: "nn-card" },
          h("h2", { text: "Predicted against actual, test rows" }),
          keep("scatter", h("canvas", { id: "scatter", class: "nn-scatter", role: "img", "aria-label": "Predicted against actual values of the target for the test rows; the dashed diagonal is a perfect prediction" })),
          keep("scatterNote", h("p", { class: "figure-key", id: "scatter-note" })),
          h("table", { class: "nn-metrics", id: "metrics" },
            keep("metricsCaption", h("caption", {}, "On the test rows")),
            h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "" }), h("th", { scope: "col" }, term(kit, "RMSE")), h("th", { scope: "col" }, term(kit, "MAE")), h("th", { scope: "col" }, term(kit, "R²")))),
            h("tbody", {}, metricRow("net", "Network"), metricRow("ls", term(kit, "least squares", "Least squares")), metricRow("mean", term(kit, "mean baseline", "Predict the mean")))),
          keep("splitNote", h("p", { class: "nn-small", id: "split-note" })))),
      h("aside", { class: "panel nn-controls", "aria-label": "Network and training" },
        h("div", { class: "nn-row" },
          field("layers", "Hidden layers", keep("layers", h("select", { id: "layers" }, ...[0, 1, 2, 3].map((n) => h("option", { value: String(n), text: String(n) }))))),
          controls.act.field),
        keep("widths", h("div", { class: "nn-widths", id: "widths" })),
        h("div", { class: "nn-row" }, controls.opt.field, controls.batch.field),
        controls.lr.field,
        h("div", { class: "nn-row" }, controls.l2.field, field("seed", term(kit, "seed", "Seed"), wholeInput("seed", 0, 4294967295))),
        field("epochs", ["Epochs to train"], wholeInput("epochs", 1, MAX_EPOCHS)))),
    parts.predict.card,
    parts.inside.section,
    parts.files,
  );
  return el;
}

/** Whether the target is money (then numbers get a $ sign). */
const isMoney = (target) => /price|value|cost|usd|dollar|rent|salary/i.test(target ?? "");

/** R² to three decimals ("—" when undefined). */
const r2 = (v) => (Number.isFinite(v) ? (Math.abs(v) < 0.0005 ? 0 : v).toFixed(3).replace("-", format.MINUS) : "—"); // never "−0.000"

/** Builds the view in `kit.root` and wires it to the core, the link and the frame loop. */
function setup(kit) {
  const { engine, state } = kit;
  const dataLesson = new URLSearchParams(location.search).get("lesson") === "data";


  // The lesson's shared state, handed to its parts: the core objects in use and what the
  // parts ask of each other.
  const nn = {
    kit, engine, state, field, r2,
    table: null, dataset: null, net: null, source: null, train: null,
    money: () => isMoney(nn.dataset?.target),
    /** A number in the target's units: dollars when it is money. */
    amount(v) {
      if (nn.money()) return format.money(v);
      // Years and other plain numbers without thousands separators: 1971, not 1,971.
      if (nn.dataset && nn.words(nn.dataset.target).plain && Number.isFinite(v)) return String(Number(v.toPrecision(4))).replace("-", format.MINUS);
      return format.value(v);
    },
    colors() {
      const c = draw.themeColors();
      c.grid = getComputedStyle(document.documentElement).getPropertyValue("--line").trim() || "#d9d9e0";
      return c;
    },
    palette: () => palette(draw.themeColors().dark),
    /** A column in words: the shipped data's friendly name and unit, a learner's file's name as written. */
    words: (name) => columnWords(engine, nn.source?.kind === "ames", name),
    rebuild,
    useNetwork,
  };

  // ---- the settings -----------------------------------------------------------------------

  /** A model setting changed: a fresh network at epoch 0. */
  const changed = () => {
    rebuild();
    kit.save();
  };
  const batches = BATCHES.map((n) => ({ n, title: String(n) }));
  const l2s = L2S.map((v) => ({ v, title: v === 0 ? "none" : String(v) }));
  const controls = {
    act: picker(kit, { key: "act", id: "activation", label: "Activation", entries: engine.activationCatalog(), changed }),
    opt: picker(kit, { key: "opt", id: "optimizer", label: "Optimizer", entries: engine.optimizerCatalog(), changed }),
    batch: picker(kit, { key: "batch", label: "Batch size", entries: batches, value: (e) => e.n, changed }),
    lr: rateSlider(kit, { min: LR_RANGE[0], max: LR_RANGE[1], step: 0.05, changed }),
    l2: picker(kit, { key: "l2", label: "L2 penalty λ", entries: l2s, value: (e) => e.v, changed }),
    speed: picker(kit, { key: "speed", id: "speed", label: "Speed", entries: SPEEDS, value: (e) => e.value }),
  };
  // The pickers' words that need explaining, as terms.
  controls.batch.field.querySelector("label").replaceChildren(h("span", {}, term(kit, "mini-batch", "Mini-batch"), " size"));
  controls.speed.field.querySelector("label").replaceChildren(term(kit, "speed", "Speed"));
  controls.l2.field.querySelector("label").replaceChildren(term(kit, "L2 penalty", "L2 penalty λ"));
  /** A value a link or a model file holds but the picker lacks becomes one of its entries. */
  const ensure = (control, entries, entry, value) => {
    if (entries.some((e) => value(e) === value(entry))) return;
    entries.push(entry);
    control.select.append(h("option", { value: String(value(entry)), text: entry.title }));
  };

  const parts = { data: dataPanel(nn, { open: dataLesson }), predict: predictCard(nn), inside: insideCards(nn), files: filesCard(nn) };
  const el = build(kit, dataLesson, parts, controls);
  const train = (nn.train = createTraining(nn, { play: el.play, step: el.step, reset: el.reset, skip: el.skip }));

  function fillControls() {
    el.layers.value = String(state.hidden.length);
    ensure(controls.batch, batches, { n: state.batch, title: String(state.batch) }, (e) => e.n);
    ensure(controls.l2, l2s, { v: state.l2, title: String(state.l2) }, (e) => e.v);
    for (const control of Object.values(controls)) control.sync();
    el.seed.value = String(state.seed);
    el.epochs.value = String(state.epochs);
    el.goalOut.textContent = String(state.epochs);
    el.widths.replaceChildren(...state.hidden.map((w, i) => field(`width-${i}`, `Layer ${i + 1} units`,
      h("input", { id: `width-${i}`, type: "number", min: "1", max: "128", step: "1", value: String(w), inputmode: "numeric", dataset: { layer: String(i) } }))));
  }

  /** A whole number typed into `input` in [min, max], or null (with `refusal` said). */
  const whole = (input, min, max, refusal, current) => {
    const v = Number(input.value);
    if (Number.isInteger(v) && v >= min && v <= max) return v;
    kit.message(refusal, "error");
    input.value = String(current);
    return null;
  };

  kit.on(el.layers, "change", () => {
    const n = Number(el.layers.value);
    const hidden = state.hidden.slice(0, n);
    while (hidden.length < n) hidden.push(hidden[hidden.length - 1] ?? 32);
    state.hidden = hidden;
    changed();
  });
  kit.on(el.widths, "change", (event) => {
    const layer = event.target.dataset?.layer;
    if (layer === undefined) return;
    const w = whole(event.target, 1, 128, "A hidden layer has 1 to 128 units.", state.hidden[Number(layer)]);
    if (w === null) return;
    state.hidden = state.hidden.map((v, i) => (i === Number(layer) ? w : v));
    changed();
  });
  kit.on(el.seed, "change", () => {
    const s = whole(el.seed, 0, 4294967295, "The seed is a whole number from 0 to 4294967295.", state.seed);
    if (s === null) return;
    state.seed = s;
    changed();
  });
  kit.on(el.epochs, "change", () => {
    const n = whole(el.epochs, 1, MAX_EPOCHS, `Train for 1 to ${MAX_EPOCHS} epochs.`, state.epochs);
    if (n === null) return;
    state.epochs = n;
    train.setEpochs(n);
    kit.redraw("loss", "progress");
    kit.save();
  });

  // ---- the network ------------------------------------------------------------------------

  const settings = () => ({ hidden: state.hidden, activation: state.act, optimizer: state.opt, lr: state.lr, batchSize: state.batch, l2: state.l2, seed: state.seed });

  /** A fresh network from the state; with keepTrained, restores or retrains to `trained`. */
  function rebuild({ keepTrained = false } = {}) {
    train.stop();
    nn.net = kit.free(nn.net);
    try {
      nn.net = kit.own(new engine.Network(nn.dataset, settings()));
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err;
      kit.message(err.message, "error");
      return;
    }
    if (!keepTrained) state.trained = state.batches = 0;
    kit.message("");
    fillControls();
    networkChanged();
    if (state.trained > 0 || state.batches > 0) train.restore(state.trained, state.batches).catch((err) => kit.fail(err));
    else kit.save();
  }

  /** `loaded` (a model file, or the one this browser kept for the link) becomes the network. */
  function useNetwork(loaded, { restored = false } = {}) {
    train.stop();
    nn.net = kit.replace(nn.net, loaded);
    if (!restored) {
      const s = loaded.settings();
      const batchesIn = Math.round(loaded.rowsIntoEpoch / s.batchSize);
      Object.assign(state, { hidden: s.hidden, act: s.activation, opt: s.optimizer, lr: s.lr, batch: s.batchSize, l2: s.l2, seed: s.seed, trained: loaded.epoch, batches: batchesIn });
      state.epochs = Math.max(state.epochs, loaded.epoch || 1);
      fillControls();
    }
    networkChanged();
    if (!restored) {
      kit.save();
      train.keep();
    }
  }

  function networkChanged() {
    train.pullHistory(true);
    parts.inside.fill();
    parts.predict.build();
    kit.redraw();
  }

  // ---- numbers and pictures ----------------------------------------------------------------

  function updateMetrics() {
    const m = nn.net.metrics();
    for (const [key, src] of [["net", m.network], ["ls", m.leastSquares], ["mean", m.mean]]) {
      el[`${key}Rmse`].textContent = nn.amount(src.rmse);
      el[`${key}Mae`].textContent = nn.amount(src.mae);
      el[`${key}R2`].textContent = r2(src.r2);
    }
    const target = nn.words(nn.dataset.target);
    el.metricsCaption.textContent = `On the test rows, ${nn.money() ? "in dollars" : `in the target's units${target.unit ? ` (${/ft$/.test(target.unit) ? target.unit : `${target.unit}s`})` : ""}`}`;
    el.splitNote.replaceChildren(`${format.count(m.nTrain)} training rows, ${format.count(m.nTest)} test rows (`, term(kit, "seed", "seed"), ` ${state.seed}); features and ${target.label.toLowerCase()} `,
      term(kit, "standardised", "standardised"), " on the training rows.");
  }

  function updateProgress() {
    const net = nn.net;
    const epoch = net ? net.epoch : 0;
    el.epochOut.textContent = String(epoch);
    el.goalOut.textContent = String(train.goal);
    const within = net && net.nTrain > 0 ? net.rowsIntoEpoch / net.nTrain : 0;
    el.progress.value = Math.min(1, (epoch + within) / Math.max(1, train.goal));
  }

  function drawScatter() {
    let pairs = nn.net.scatter();
    const n = pairs.length / 2;
    if (n > MAX_SCATTER_POINTS) {
      const thin = new Float64Array(2 * MAX_SCATTER_POINTS);
      for (let k = 0; k < MAX_SCATTER_POINTS; k++) {
        const i = Math.floor((k * n) / MAX_SCATTER_POINTS);
        thin[2 * k] = pairs[2 * i];
        thin[2 * k + 1] = pairs[2 * i + 1];
      }
      pairs = thin;
      el.scatterNote.textContent = `${format.count(MAX_SCATTER_POINTS)} of ${format.count(n)} test rows drawn (evenly spaced). The dashed diagonal is a perfect prediction.`;
    } else {
      el.scatterNote.textContent = `${format.count(n)} test rows at epoch ${nn.net.epoch}. The dashed diagonal is a perfect prediction.`;
    }
    scatter(el.scatter, engine, pairs, nn.money(), nn.colors(), nn.palette(), nn.words(nn.dataset.target).label.toLowerCase());
  }

  const drawLoss = () => {
    const { values, n } = train.history;
    lossChart(el.loss, engine, values, n, train.running ? train.goal : Math.max(state.epochs, n), nn.money(), nn.colors(), nn.palette());
  };

  kit.layers({
    progress: updateProgress,
    metrics: () => nn.net && updateMetrics(),
    // While training, each picture at most a few times a second, one per frame.
    loss: train.picture("loss", 200, drawLoss),
    scatter: train.picture("scatter", 300, drawScatter),
    diagram: train.picture("diagram", 250, parts.inside.drawDiagram),
    predict: train.picture("predict", 400, parts.predict.update),
    check: () => {
      if (!nn.net) return;
      if (train.running) kit.redraw("check"); // the check waits for a pause
      else parts.inside.update();
    },
  });
  kit.observeSize(el.loss, el.scatter, parts.inside.canvas);

  // ---- start ------------------------------------------------------------------------------

  fillControls();
  parts.data.start();
}

export const { mount } = defineView({
  base: import.meta.url, sheets: ["./network.css"], primary: "#play", figure: "#loss-curves", props: properties, setup,
});
