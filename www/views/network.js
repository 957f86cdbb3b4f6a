// The network lessons ("A neural network" and "Your own data"): a multilayer perceptron learns
// house prices in the browser. The Rust core owns the data, the split, the standardisation,
// the network and every number; this file wires controls, files, storage and the URL to it and
// draws what it returns. Training runs in slices of about 8 ms per animation frame.

import { readState, publish, writeState, number, integer, oneOf } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { buildDropZone, streamCsv, refuseFile, nextFrame } from "./network-upload.js";
import * as store from "./network-store.js";
import { palette, formatShort, lossChart, scatter, networkDiagram } from "./network-draw.js";
import { createNarrator } from "../narration.js";
import { useStylesheet } from "../stylesheet.js";

/** The 21 Ames features of the reference figures (shared data README), in that order. */
export const AMES_FEATURES = [
  "Gr_Liv_Area", "Total_Bsmt_SF", "First_Flr_SF", "Second_Flr_SF", "Lot_Area", "Lot_Frontage",
  "Year_Built", "Year_Remod_Add", "Full_Bath", "Half_Bath", "Bedroom_AbvGr", "TotRms_AbvGrd",
  "Fireplaces", "Garage_Cars", "Garage_Area", "Wood_Deck_SF", "Open_Porch_SF", "Mas_Vnr_Area",
  "Longitude", "Latitude", "Year_Sold",
];
const AMES_TARGET = "Sale_Price";
const ACTIVATIONS = ["relu", "tanh", "sigmoid", "identity"];
const OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"];
const BATCHES = [1, 8, 16, 32, 64, 128, 256, 1024];
const FRAME_MS = 6; // main-thread work per frame: the pictures first, then training in what is left
const MAX_EPOCHS = 1000;
const MAX_SCATTER_POINTS = 5000;
const MAX_MODEL_BYTES = 20 * 1024 * 1024;

/** Free text of at most `max` characters without control characters (column or file names). */
function text(max) {
  return {
    parse(t) {
      if (t.length > max) return { error: `is longer than ${max} characters` };
      if (/[\u0000-\u001f]/.test(t)) return { error: "holds control characters" };
      return { value: t };
    },
    write: (v) => v,
  };
}

/** A comma-separated list of distinct column names. */
function nameList() {
  return {
    parse(t) {
      const names = t.split(",").map((s) => s.trim());
      if (names.length > 256) return { error: "lists more than 256 columns" };
      if (names.some((n) => n.length === 0 || n.length > 200 || /[\u0000-\u001f]/.test(n))) return { error: "has an empty or unreadable column name" };
      if (new Set(names).size !== names.length) return { error: "lists a column twice" };
      return { value: names };
    },
    write: (v) => v.join(","),
  };
}

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
const PROPS = [
  { key: "data", kind: oneOf(() => ["ames", "file"]), fallback: () => "ames" },
  { key: "file", kind: text(200), fallback: () => undefined, only: (s) => s.data === "file" },
  { key: "target", kind: text(200), fallback: (s) => (s.data === "ames" ? AMES_TARGET : undefined) },
  { key: "features", kind: nameList(), fallback: (s) => (s.data === "ames" ? AMES_FEATURES : undefined), show: () => "the default columns" },
  { key: "hidden", kind: widths(), fallback: () => [32, 32] },
  { key: "act", kind: oneOf(() => ACTIVATIONS), fallback: () => "relu" },
  { key: "opt", kind: oneOf(() => OPTIMIZERS), fallback: () => "adam" },
  { key: "lr", kind: number(1e-5, 1), fallback: () => 0.001 },
  { key: "batch", kind: integer(1, 4096), fallback: () => 32 },
  { key: "l2", kind: number(0, 1), fallback: () => 0 },
  { key: "seed", kind: integer(0, 4294967295), fallback: () => 1 },
  { key: "epochs", kind: integer(1, MAX_EPOCHS), fallback: () => 100 },
  { key: "trained", kind: integer(0, MAX_EPOCHS), fallback: () => 0 },
  // Mini-batches taken into the epoch after `trained` (Step one batch, or a pause mid-epoch).
  { key: "batches", kind: integer(0, 1 << 24), fallback: () => 0 },
];

const quote = (s) => JSON.stringify(String(s).length > 40 ? `${String(s).slice(0, 40)}…` : String(s));

/** Whether the target is money (then numbers get a $ sign). */
const isMoney = (target) => /price|value|cost|usd|dollar|rent|salary/i.test(target ?? "");

function formatAmount(v, money) {
  if (!Number.isFinite(v)) return "—";
  if (money) return `${v < 0 ? "−" : ""}$${Math.round(Math.abs(v)).toLocaleString("en-US")}`;
  return draw.formatValue(v);
}

const formatR2 = (v) => (Number.isFinite(v) ? v.toFixed(3).replace("-", "−") : "—");

/** The view's markup, built as DOM; returns the elements it uses. */
function build(root, dataLesson) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const field = (id, label, control, out) => h("div", { class: "field" }, h("label", { for: id }, label, out ? " " : "", out ?? ""), control);
  const select = (id, values, labels = values) => h("select", { id }, ...values.map((v, i) => h("option", { value: String(v), text: String(labels[i]) })));
  const metricRow = (id, label) => h("tr", {}, h("th", { scope: "row", text: label }),
    keep(`${id}Rmse`, h("td", { id: `m-${id}-rmse` })), keep(`${id}Mae`, h("td", { id: `m-${id}-mae` })), keep(`${id}R2`, h("td", { id: `m-${id}-r2` })));

  const intro = dataLesson
    ? h("section", { class: "lesson-intro" },
      h("h1", { text: "Your own data: bring a CSV file" }),
      h("p", {}, "Drop a table of numbers — house sales, anything with a column to predict — and the same network learns it. ",
        h("strong", { text: "Your file never leaves this browser" }), ": the page reads it here and sends it nowhere. It is kept in this browser (IndexedDB) so a reload finds it again."))
    : h("section", { class: "lesson-intro" },
      h("h1", { text: "A neural network learns house prices" }),
      h("p", {}, "Each of 2,930 homes sold in Ames, Iowa is a row of numbers — living area, year built, bathrooms … — and its price. A network of ",
        h("em", { text: "neurons" }), " turns the numbers into a predicted price; training nudges every weight downhill on the error, using the derivative that ",
        h("strong", { text: "backpropagation" }), " computes. Press ", h("strong", { text: "Train" }), " and watch the error fall on houses the network never trained on."));

  root.replaceChildren(
    intro,
    keep("dataPanel", h("details", { class: "nn-card nn-data", id: "data-panel", open: dataLesson ? true : undefined },
      h("summary", {}, h("span", { class: "nn-summary-title", text: "Data: " }), keep("dataTitle", h("span", { id: "data-title", text: "loading…" }))),
      h("div", { class: "nn-data-body" },
        keep("dataPrompt", h("p", { id: "data-prompt", class: "nn-prompt", role: "alert", hidden: true })),
        keep("dropSlot", h("div", { class: "nn-drop-slot" })),
        h("div", { class: "nn-data-actions" },
          keep("useAmes", h("button", { id: "use-ames", type: "button", text: "Use the Ames house sales" }))),
        keep("columns", h("div", { class: "nn-columns", id: "columns" },
          field("target", "Target (the column to predict)", keep("target", h("select", { id: "target" }))),
          h("fieldset", { class: "nn-features" }, h("legend", { text: "Features (the columns it learns from)" }),
            h("div", { class: "nn-feature-buttons" },
              keep("allFeatures", h("button", { type: "button", id: "all-features", text: "All" })),
              keep("noFeatures", h("button", { type: "button", id: "no-features", text: "None" }))),
            keep("featureList", h("div", { class: "nn-feature-list", id: "feature-list" }))))),
        keep("dataSummary", h("ul", { class: "nn-data-summary", id: "data-summary" })),
        keep("dataMessage", h("p", { id: "data-message", class: "message", role: "status", "aria-live": "polite" })),
      ))),
    h("div", { class: "nn-workspace" },
      h("div", { class: "nn-charts" },
        h("section", { class: "nn-card" },
          h("h2", { text: "Error after each epoch" }),
          keep("loss", h("canvas", { id: "loss-curves", class: "nn-chart", role: "img", "aria-label": "Root mean squared error on the training and test rows after each epoch" })),
          h("p", { class: "figure-key" }, h("span", { class: "key-train", text: "━ training rows" }), " · ", h("span", { class: "key-test", text: "╍ test rows (never trained on)" }))),
        h("section", { class: "nn-card" },
          h("h2", { text: "Predicted against actual, test rows" }),
          keep("scatter", h("canvas", { id: "scatter", class: "nn-scatter", role: "img", "aria-label": "Predicted price against actual price for the test rows; the dashed diagonal is a perfect prediction" })),
          keep("scatterNote", h("p", { class: "figure-key", id: "scatter-note" })))),
      h("aside", { class: "panel nn-controls", "aria-label": "Network and training" },
        h("div", { class: "nn-row" },
          field("layers", "Hidden layers", keep("layers", select("layers", [0, 1, 2, 3]))),
          field("activation", "Activation", keep("activation", select("activation", ACTIVATIONS, ["ReLU", "tanh", "sigmoid", "identity"])))),
        keep("widths", h("div", { class: "nn-widths", id: "widths" })),
        h("div", { class: "nn-row" },
          field("optimizer", "Optimizer", keep("optimizer", select("optimizer", OPTIMIZERS, ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW"]))),
          field("batch", "Batch size", keep("batch", select("batch", BATCHES)))),
        field("lr", "Learning rate", keep("lr", h("input", { id: "lr", type: "range", min: "-5", max: "0", step: "0.05" })), keep("lrOut", h("output", { for: "lr" }))),
        h("div", { class: "nn-row" },
          field("l2", "L2 penalty λ", keep("l2", select("l2", [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1], ["none", "0.00001", "0.0001", "0.001", "0.01", "0.1"]))),
          field("seed", "Seed", keep("seed", h("input", { id: "seed", type: "number", min: "0", max: "4294967295", step: "1", inputmode: "numeric" })))),
        field("epochs", "Epochs to train", keep("epochs", h("input", { id: "epochs", type: "number", min: "1", max: String(MAX_EPOCHS), step: "1", inputmode: "numeric" }))),
        h("div", { class: "buttons nn-buttons" },
          keep("play", h("button", { id: "play", type: "button", "aria-pressed": "false", text: "Train" })),
          keep("step", h("button", { id: "step-batch", type: "button", title: "Train on one mini-batch", text: "Step one batch" })),
          keep("reset", h("button", { id: "reset", type: "button", title: "New random weights, epoch 0", text: "Reset" }))),
        h("div", { class: "nn-progress" },
          h("label", { for: "epoch-progress" }, "Epoch ", keep("epochOut", h("output", { id: "epoch", text: "0" })), " of ", keep("goalOut", h("span", { id: "epoch-goal" }))),
          keep("progress", h("progress", { id: "epoch-progress", max: "1", value: "0" }))),
        keep("message", h("p", { id: "message", class: "message", role: "status", "aria-live": "polite" })),
        h("table", { class: "nn-metrics", id: "metrics" },
          h("caption", {}, "On the test rows, in the target's units"),
          h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "" }), h("th", { scope: "col", text: "RMSE" }), h("th", { scope: "col", text: "MAE" }), h("th", { scope: "col", text: "R²" }))),
          h("tbody", {}, metricRow("net", "Network"), metricRow("ls", "Least squares"), metricRow("mean", "Mean ȳ"))),
        keep("splitNote", h("p", { class: "nn-small", id: "split-note" })),
      ),
    ),
    h("section", { class: "nn-card nn-predict", id: "predict" },
      h("h2", { text: "Predict a house" }),
      h("p", { class: "nn-small", text: "Change any number; the price and its sensitivities come from one forward and one backward pass through the network. Each sensitivity is how much the prediction moves per unit of that feature here (σ_y / σ_x times the derivative in standardised units)." }),
      h("div", { class: "nn-house-pick" },
        keep("houseNote", h("p", { class: "nn-small", id: "house-note" })),
        keep("nextHouse", h("button", { id: "next-house", type: "button", text: "Another real house" }))),
      h("div", { class: "nn-predict-body" },
        keep("form", h("form", { class: "nn-form", id: "predict-form", "aria-label": "A house, in real units" })),
        h("div", { class: "nn-predict-result" },
          h("p", { class: "nn-price-line" }, keep("priceLabel", h("span", { text: "Predicted: " })), keep("price", h("output", { id: "price", class: "nn-price" }))),
          h("table", { class: "nn-sens", id: "sensitivities" },
            h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "feature" }), h("th", { scope: "col", text: "d prediction / d feature, per unit" }), h("th", { scope: "col", text: "one more: f(x+1) − f(x)" }))),
            keep("sensBody", h("tbody", {})))))),
    h("div", { class: "nn-inside" },
      h("section", { class: "nn-card" },
        h("h2", { text: "Inside the network" }),
        h("div", { class: "nn-mode", role: "radiogroup", "aria-label": "Colour the connections by" },
          h("label", {}, keep("modeWeights", h("input", { type: "radio", name: "nn-mode", value: "weights", checked: true })), h("span", {}, "weights (", h("span", { class: "key-pos", text: "positive" }), " / ", h("span", { class: "key-neg", text: "negative" }), ", thicker = larger)")),
          h("label", {}, keep("modeGrads", h("input", { type: "radio", name: "nn-mode", value: "gradients", id: "mode-gradients" })), h("span", { text: "gradients |dL/dw| of the last mini-batch, flowing backward" }))),
        keep("diagram", h("canvas", { id: "diagram", class: "nn-diagram", role: "img", "aria-label": "The network drawn as layers of nodes; connections coloured by the sign and size of their weights" }))),
      h("section", { class: "nn-card nn-check", id: "gradient-check" },
        h("h2", { text: "Check a gradient" }),
        h("p", { class: "nn-small", text: "Pick one weight w. Backpropagation gives dL/dw exactly (up to rounding); the central difference (L(w+h) − L(w−h)) / 2h estimates it from two losses. They should agree — unless h is too large (curvature) or too small (rounding)." }),
        field("check-layer", "Weight layer", keep("checkLayer", h("select", { id: "check-layer" }))),
        h("div", { class: "nn-row" },
          field("check-from", "From unit", keep("checkFrom", h("select", { id: "check-from" }))),
          field("check-to", "To unit", keep("checkTo", h("select", { id: "check-to" })))),
        field("check-h", "Step h", keep("checkH", h("input", { id: "check-h", type: "range", min: "-10", max: "0", step: "0.5", value: "-4" })), keep("checkHOut", h("output", { for: "check-h" }))),
        h("dl", { class: "readout", id: "check-readout" },
          h("dt", { text: "w" }), keep("checkW", h("dd", { id: "check-w" })),
          h("dt", { text: "dL/dw, backpropagation" }), keep("checkBack", h("dd", { id: "check-backprop" })),
          h("dt", { text: "dL/dw, central difference" }), keep("checkNum", h("dd", { id: "check-numeric" })),
          h("dt", { text: "relative error" }), keep("checkRel", h("dd", { id: "check-relative" }))),
        keep("checkNote", h("p", { class: "nn-small", id: "check-note" })))),
    h("section", { class: "nn-card nn-export" },
      h("h2", { text: "Keep the model" }),
      h("div", { class: "nn-export-buttons" },
        keep("exportModel", h("button", { id: "export-model", type: "button", text: "Download the model (JSON)" })),
        keep("exportHistory", h("button", { id: "export-history", type: "button", text: "Download the history (CSV)" })),
        h("label", { class: "file-button", for: "import-model", text: "Load a model (JSON)…" }),
        keep("importModel", h("input", { id: "import-model", type: "file", accept: ".json,application/json", class: "visually-hidden" }))),
      keep("exportMessage", h("p", { id: "export-message", class: "message", role: "status", "aria-live": "polite" })),
      h("p", { class: "nn-small", text: "The model file holds the architecture, the standardisation (means and standard deviations of every column) and every weight; loading it back with the same data gives exactly the same predictions. The link in the address bar holds the data choice, columns, architecture, settings and seed: opening it retrains to the same numbers." })),
  );
  return el;
}

/** Mounts the view in `root`; returns { unmount }. */
export function mount({ engine, root, onTrap, setNotes, announce }) {
  const lessonKey = new URLSearchParams(location.search).get("lesson");
  const dataLesson = lessonKey === "data";
  const releaseSheet = useStylesheet(new URL("./network.css", import.meta.url));
  const el = build(root, dataLesson);
  const { state, notes } = readState(location.search, PROPS);
  const linkNotes = [...notes];
  setNotes(linkNotes);

  let destroyed = false;
  let frame = 0;
  const narrator = createNarrator(root, announce);
  let table = null; // the parsed file (engine.Table)
  let dataset = null;
  let net = null;
  let source = null; // { kind: "ames" } or { kind: "file", name }
  let training = false;
  let goal = state.epochs; // the epoch the current run stops at
  let goalBatches = 0; // ... and the mini-batches into that epoch (a link's moment)
  let replaying = false;
  let rowsPerCall = 128;
  let nHistory = 0;
  let history = new Float64Array(0);
  let loading = 0; // generation of the current file load (a newer load cancels an older one)
  let pick = { layer: 0, from: 0, to: 0 };
  let mode = "weights";
  const lastDrawn = {}; // picture name -> when it was last drawn (frame time)
  const dirty = { loss: true, scatter: true, diagram: true, metrics: true, predict: true, check: true, progress: true };
  const listeners = [];
  const listen = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    listeners.push(() => target.removeEventListener(type, fn, opts));
  };

  // Every call into the core goes through guard(): a trap hands over to the page's recovery,
  // any other error is shown in words where `where` says.
  const guard = (fn, where = () => el.message) => (...args) => {
    if (destroyed) return undefined;
    try {
      return fn(...args);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) {
        trapped(err);
        return undefined;
      }
      show(where(), err && err.message ? err.message : String(err), "error");
      return undefined;
    }
  };
  function trapped(err) {
    if (destroyed) return;
    destroyed = true;
    onTrap(err);
  }
  function show(target, message, tone = "info") {
    target.textContent = message;
    target.dataset.tone = tone;
  }

  const money = () => isMoney(dataset?.target);
  const pal = () => palette(draw.themeColors().dark);
  const colors = () => {
    const c = draw.themeColors();
    c.grid = getComputedStyle(document.documentElement).getPropertyValue("--line").trim() || "#d9d9e0";
    return c;
  };

  // ---- the URL ----------------------------------------------------------------------------

  function save() {
    const out = {};
    for (const p of PROPS) {
      if (p.only && !p.only(state)) continue;
      out[p.key] = state[p.key];
    }
    publish(out, PROPS);
  }
  /** The key a trained model is kept under in this browser: the link that trains it. */
  const modelKey = () => writeState({ ...state, file: state.data === "file" ? state.file : undefined }, PROPS);

  // ---- data -------------------------------------------------------------------------------

  function setProgress(progress, seen, size) {
    progress.hidden = false;
    if (size > 0) progress.value = Math.min(1, seen / size);
    else progress.removeAttribute("value");
  }

  /** Streams a file's bytes into a Table; resolves null (with a message shown) if it fails. */
  async function readTable(stream, size, name) {
    const generation = ++loading;
    const { progress, status } = el.dropZone;
    setProgress(progress, 0, size);
    show(status, `Reading ${name}…`);
    const t0 = performance.now();
    try {
      const parsed = await streamCsv(engine, stream, size, (seen, total) => {
        setProgress(progress, seen, total);
        show(status, `Reading ${name}: ${(seen / 1048576).toFixed(1)} MB${total ? ` of ${(total / 1048576).toFixed(1)} MB` : ""}…`);
      }, () => destroyed || generation !== loading);
      progress.hidden = true;
      show(status, `Read ${name}: ${parsed.nRows.toLocaleString("en-US")} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s.`, "success");
      // The file is read; building the data set and network is a separate task (marked so
      // tests can tell the streaming part from the building part).
      performance.mark("downhill-table-read");
      await nextFrame();
      return parsed;
    } catch (err) {
      progress.hidden = true;
      if (err instanceof WebAssembly.RuntimeError) {
        trapped(err);
        return null;
      }
      if (err && err.cancelled) return null;
      show(status, `Could not use ${name}: ${err && err.message ? err.message : err}. The data in use is unchanged.`, "error");
      return null;
    }
  }

  async function loadAmes() {
    const url = new URL("../data/ames.csv", import.meta.url);
    let response;
    try {
      response = await fetch(url);
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
    } catch (err) {
      show(el.dataMessage, `Could not download the Ames data (${err.message}). Check your connection and reload.`, "error");
      return;
    }
    const size = Number(response.headers.get("content-length")) || 0;
    const parsed = await readTable(response.body, size, "ames.csv");
    if (!parsed || destroyed) return;
    adoptTable(parsed, { kind: "ames" });
  }

  /** A learner's file: read it, and if it makes a data set, switch to it and keep it. */
  async function loadFile(file, fromLink = false) {
    const refusal = refuseFile(file);
    if (refusal) {
      show(el.dropZone.status, refusal, "error");
      return;
    }
    stopTraining();
    const parsed = await readTable(file.stream(), file.size, file.name);
    if (!parsed || destroyed) return;
    const previous = { ...state };
    if (!fromLink) {
      state.target = undefined;
      state.features = undefined;
      state.trained = state.batches = 0;
    }
    state.data = "file";
    state.file = file.name;
    if (adoptTable(parsed, { kind: "file", name: file.name })) {
      el.dataPrompt.hidden = true;
      store.saveFile(file);
    } else {
      Object.assign(state, previous);
    }
  }

  /**
   * Makes `parsed` the table in use if a data set can be taken from it (the link's columns, or
   * defaults with a note); otherwise frees it, says why, and keeps the current data.
   */
  function adoptTable(parsed, newSource) {
    const columnNotes = [];
    let built = null;
    try {
      const cols = resolveColumns(parsed, columnNotes);
      built = engine.Dataset.fromTable(parsed, cols.target, cols.features);
      state.target = cols.target;
      state.features = cols.features;
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) {
        trapped(err);
        return false;
      }
      parsed.free();
      show(el.dropZone.status, `Could not use this file: ${err.message}. The data in use is unchanged.`, "error");
      return false;
    }
    table?.free();
    table = parsed;
    source = newSource;
    setNotes([...linkNotes, ...columnNotes]);
    useDataset(built);
    fillColumnPicker();
    return true;
  }

  /** The target and features for `t`: the state's if the table has them, else defaults. */
  function resolveColumns(t, columnNotes) {
    const numeric = t.numericColumns();
    let target = state.target;
    if (!numeric.includes(target)) {
      const fallback = numeric[numeric.length - 1];
      if (target !== undefined) columnNotes.push(`Ignored target=${quote(target)}: this data has no numeric column of that name. Using ${quote(fallback)}.`);
      target = fallback;
    }
    let features = state.features?.filter((f) => f !== target);
    const missing = (state.features ?? []).filter((f) => f !== target && !numeric.includes(f));
    if (missing.length > 0) columnNotes.push(`Ignored the feature${missing.length > 1 ? "s" : ""} ${missing.map(quote).join(", ")}: not numeric columns of this data.`);
    features = features?.filter((f) => numeric.includes(f));
    if (!features || features.length === 0) features = numeric.filter((n) => n !== target);
    return { target, features };
  }

  function useDataset(built) {
    dataset?.free();
    dataset = built;
    const rows = dataset.nRows.toLocaleString("en-US");
    el.dataTitle.textContent = source.kind === "ames"
      ? `Ames, Iowa house sales (${rows} homes, ${dataset.nFeatures} features)`
      : `${source.name} (${rows} complete rows, ${dataset.nFeatures} features)`;
    const items = [
      `Predicting ${dataset.target} from ${dataset.nFeatures} feature${dataset.nFeatures === 1 ? "" : "s"}; ${rows} complete rows.`,
      ...dataset.notes(),
    ];
    const text = table.textColumns();
    if (text.length > 0) items.push(`Left out as text: ${text.join(", ")}.`);
    if (source.kind === "ames") items.push("Data: De Cock (2011), Ames housing, as packaged in the R package modeldata (MIT licence).");
    el.dataSummary.replaceChildren(...items.map((t) => h("li", { text: t })));
    show(el.dataMessage, "");
    el.useAmes.hidden = source.kind === "ames";
    rebuildNetwork({ keepTrained: true });
  }

  function fillColumnPicker() {
    const numeric = table.numericColumns();
    el.target.replaceChildren(...numeric.map((n) => h("option", { value: n, text: n })));
    el.target.value = state.target;
    const chosen = new Set(state.features);
    el.featureList.replaceChildren(...numeric.filter((n) => n !== state.target).map((n, i) =>
      h("label", { class: "nn-feature" },
        h("input", { type: "checkbox", value: n, id: `feature-${i}`, checked: chosen.has(n) ? true : undefined }), ` ${n}`)));
  }

  /** Applies the column picker: a new data set and a fresh network, or a message and no change. */
  const applyColumns = guard(() => {
    const target = el.target.value;
    const features = [...el.featureList.querySelectorAll("input:checked")].map((i) => i.value).filter((f) => f !== target);
    if (features.length === 0) {
      show(el.dataMessage, "Choose at least one feature to learn from.", "error");
      return;
    }
    let built;
    try {
      built = engine.Dataset.fromTable(table, target, features);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err;
      show(el.dataMessage, `${err.message}. The columns in use are unchanged.`, "error");
      return;
    }
    stopTraining();
    state.target = target;
    state.features = features;
    state.trained = state.batches = 0;
    useDataset(built);
    save();
  }, () => el.dataMessage);

  // ---- the network ------------------------------------------------------------------------

  function settings() {
    return { hidden: state.hidden, activation: state.act, optimizer: state.opt, lr: state.lr, batchSize: state.batch, l2: state.l2, seed: state.seed };
  }

  /** A fresh network from the state; with keepTrained, restores or retrains to `trained`. */
  function rebuildNetwork({ keepTrained = false } = {}) {
    stopTraining();
    net?.free();
    net = null;
    try {
      net = new engine.Network(dataset, settings());
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err;
      show(el.message, err.message, "error");
      return;
    }
    nHistory = 0;
    history = new Float64Array(0);
    if (!keepTrained) state.trained = state.batches = 0;
    show(el.message, "");
    fillControls();
    afterNetworkChange();
    if (state.trained > 0 || state.batches > 0) restoreTrained(state.trained, state.batches);
    else save();
  }

  /** Mini-batches taken into the current epoch. */
  const batchesIntoEpoch = () => Math.round(net.rowsIntoEpoch / state.batch);

  /** Records where training stands (whole epochs and batches into the next) in the link. */
  function markTrained() {
    state.trained = net.epoch;
    state.batches = batchesIntoEpoch();
    save();
  }

  /**
   * A link or reload asks for `n` trained epochs and `k` batches more: load the kept model if it
   * is that one (whole epochs only: a file keeps no optimiser state, so training on from it
   * would differ from the link's run), else retrain to exactly that moment.
   */
  async function restoreTrained(n, k) {
    const key = modelKey();
    const json = k === 0 ? await store.loadModel(key) : null;
    if (destroyed || !net) return;
    if (json) {
      const loaded = guard(() => engine.Network.fromJson(json, dataset))();
      if (loaded && loaded.epoch === n) {
        net.free();
        net = loaded;
        afterNetworkChange();
        show(el.message, `Restored the model trained for ${n} epochs (kept in this browser).`, "success");
        return;
      }
      loaded?.free();
    }
    replaying = true;
    startTraining(n, Math.min(k, Math.max(0, net.batchesPerEpoch - 1)));
    show(el.message, `Retraining to epoch ${n}${k > 0 ? ` and ${k} batch${k === 1 ? "" : "es"}` : ""} from the link…`);
  }

  function afterNetworkChange() {
    pullHistory(true);
    fillGradientCheck();
    buildForm();
    for (const k of Object.keys(dirty)) dirty[k] = true;
  }

  function pullHistory(all = false) {
    if (all) {
      nHistory = 0;
      history = new Float64Array(0);
    }
    const fresh = net.historySince(nHistory);
    if (fresh.length === 0) return;
    const grown = new Float64Array(history.length + fresh.length);
    grown.set(history);
    grown.set(fresh, history.length);
    history = grown;
    nHistory += fresh.length / 5;
  }

  function fillControls() {
    el.layers.value = String(state.hidden.length);
    el.activation.value = state.act;
    el.optimizer.value = state.opt;
    if (!BATCHES.includes(state.batch)) el.batch.append(h("option", { value: String(state.batch), text: String(state.batch) }));
    el.batch.value = String(state.batch);
    el.lr.value = String(Math.log10(state.lr));
    el.lrOut.textContent = formatRate(state.lr);
    const l2Options = [...el.l2.options].map((o) => Number(o.value));
    if (!l2Options.includes(state.l2)) el.l2.append(h("option", { value: String(state.l2), text: String(state.l2) }));
    el.l2.value = String(state.l2);
    el.seed.value = String(state.seed);
    el.epochs.value = String(state.epochs);
    el.goalOut.textContent = String(state.epochs);
    el.widths.replaceChildren(...state.hidden.map((w, i) =>
      h("div", { class: "field" }, h("label", { for: `width-${i}`, text: `Layer ${i + 1} units` }),
        h("input", { id: `width-${i}`, type: "number", min: "1", max: "128", step: "1", value: String(w), inputmode: "numeric", dataset: { layer: String(i) } }))));
  }

  function formatRate(lr) {
    return lr >= 0.01 ? String(Number(lr.toPrecision(2))) : lr.toExponential(1).replace("-", "−");
  }

  /** A model setting changed: a fresh network at epoch 0. */
  const changeSetting = guard((apply) => {
    apply();
    rebuildNetwork();
    save();
  });

  listen(el.layers, "change", () => changeSetting(() => {
    const n = Number(el.layers.value);
    const hidden = state.hidden.slice(0, n);
    while (hidden.length < n) hidden.push(hidden[hidden.length - 1] ?? 32);
    state.hidden = hidden;
  }));
  listen(el.widths, "change", (event) => {
    const input = event.target;
    if (!input.dataset || input.dataset.layer === undefined) return;
    const w = Math.round(Number(input.value));
    if (!(w >= 1 && w <= 128)) {
      show(el.message, "A hidden layer has 1 to 128 units.", "error");
      input.value = String(state.hidden[Number(input.dataset.layer)]);
      return;
    }
    changeSetting(() => {
      state.hidden = state.hidden.map((v, i) => (i === Number(input.dataset.layer) ? w : v));
    });
  });
  listen(el.activation, "change", () => changeSetting(() => (state.act = el.activation.value)));
  listen(el.optimizer, "change", () => changeSetting(() => (state.opt = el.optimizer.value)));
  listen(el.batch, "change", () => changeSetting(() => (state.batch = Number(el.batch.value))));
  listen(el.l2, "change", () => changeSetting(() => (state.l2 = Number(el.l2.value))));
  listen(el.lr, "input", () => {
    el.lrOut.textContent = formatRate(Number((10 ** Number(el.lr.value)).toPrecision(2)));
  });
  listen(el.lr, "change", () => changeSetting(() => (state.lr = Number((10 ** Number(el.lr.value)).toPrecision(2)))));
  listen(el.seed, "change", () => {
    const s = Number(el.seed.value);
    if (!(Number.isInteger(s) && s >= 0 && s <= 4294967295)) {
      show(el.message, "The seed is a whole number from 0 to 4294967295.", "error");
      el.seed.value = String(state.seed);
      return;
    }
    changeSetting(() => (state.seed = s));
  });
  listen(el.epochs, "change", () => {
    const n = Number(el.epochs.value);
    if (!(Number.isInteger(n) && n >= 1 && n <= MAX_EPOCHS)) {
      show(el.message, `Train for 1 to ${MAX_EPOCHS} epochs.`, "error");
      el.epochs.value = String(state.epochs);
      return;
    }
    state.epochs = n;
    el.goalOut.textContent = String(n);
    if (training && !replaying) goal = n;
    dirty.loss = dirty.progress = true;
    save();
  });

  // ---- training ---------------------------------------------------------------------------

  /** Whether training has reached the goal (epoch `goal`, `goalBatches` batches into the next). */
  const reachedGoal = () => net.epoch > goal || (net.epoch === goal && batchesIntoEpoch() >= goalBatches);

  function startTraining(target, targetBatches = 0) {
    if (!net || net.status !== "ready") return;
    goal = target;
    goalBatches = targetBatches;
    if (reachedGoal()) {
      show(el.message, `Already trained for ${net.epoch} epochs; raise "Epochs to train" to go on.`, "info");
      return;
    }
    training = true;
    el.play.textContent = "Pause";
    el.play.setAttribute("aria-pressed", "true");
    show(el.message, "");
  }

  function stopTraining(message, tone = "info") {
    const was = training;
    training = false;
    replaying = false;
    el.play.textContent = "Train";
    el.play.setAttribute("aria-pressed", "false");
    if (message) show(el.message, message, tone);
    if (was && net) narrator.say(net.status === "ready" ? sentence() : `epoch ${net.epoch}: ${net.message}`);
    if (was && net) {
      markTrained();
      keepModel();
      dirty.predict = dirty.check = dirty.diagram = true;
    }
  }

  /** Keeps the trained model in this browser, under the link that trains it. */
  function keepModel() {
    // Mid-epoch moments are retrained instead (see restoreTrained).
    if (!net || net.epoch === 0 || net.status !== "ready" || batchesIntoEpoch() > 0) return;
    const json = guard(() => net.toJson())();
    if (json) store.saveModel(modelKey(), json);
  }

  listen(el.play, "click", guard(() => {
    if (training) stopTraining(`Paused at epoch ${net.epoch}.`);
    else startTraining(state.epochs);
  }));
  listen(el.step, "click", guard(() => {
    if (!net) return;
    stopTraining();
    const report = net.stepBatch();
    if (report.epochFinished) onEpoch();
    markTrained();
    if (net.status !== "ready") show(el.message, net.message, "warning");
    else show(el.message, `One mini-batch of ${state.batch} rows: the weights moved against dL/dw.`);
    narrator.say(net.status === "ready" ? sentence() : `epoch ${net.epoch}: ${net.message}`);
    dirty.progress = dirty.diagram = dirty.check = dirty.predict = true;
  }));
  listen(el.reset, "click", guard(() => {
    stopTraining();
    state.trained = state.batches = 0;
    rebuildNetwork();
  }));

  function onEpoch() {
    pullHistory();
    dirty.loss = dirty.scatter = dirty.metrics = dirty.diagram = dirty.predict = dirty.check = true;
    if (training) narrator.often(sentence);
  }

  /** The network in one sentence: "epoch 3: test R² 0.810". */
  function sentence() {
    return `epoch ${net.epoch}: test R² ${formatR2(net.metrics().network.r2)}`;
  }

  /** One time slice of training: calls `advance` until about `budgetMs` have passed. */
  function trainSlice(budgetMs) {
    const t0 = performance.now();
    for (;;) {
      const c0 = performance.now();
      // On the goal's epoch, stop exactly at its batch: advance trains whole batches until it
      // has taken at least the rows asked for.
      const rowsLeft = net.epoch === goal && goalBatches > 0 ? (goalBatches - batchesIntoEpoch()) * state.batch : Infinity;
      const report = net.advance(Math.max(1, Math.min(rowsPerCall, rowsLeft)));
      const dt = performance.now() - c0;
      if (report.epochFinished) onEpoch();
      if (net.status !== "ready") {
        stopTraining(net.message, "warning");
        break;
      }
      if (reachedGoal() && !net.measuring) {
        const batches = batchesIntoEpoch();
        const at = `epoch ${net.epoch}${batches > 0 ? ` and ${batches} batch${batches === 1 ? "" : "es"}` : ""}`;
        const done = replaying ? `Retrained to ${at}, as the link says.` : `Trained for ${net.epoch} epoch${net.epoch === 1 ? "" : "s"}.`;
        stopTraining(done, "success");
        break;
      }
      // Aim for calls of about 1 ms, so a slice overruns its budget by little. The rate comes
      // from the work this call did (a call cut short by an epoch's end did less than asked;
      // measuring a test row costs about a third of training on one).
      const rows = report.nBatches * state.batch + report.nMeasured / 3;
      if (dt > 0.05 && rows > 0) rowsPerCall = Math.max(8, Math.min(1 << 16, Math.round(rows / dt)));
      else if (dt <= 0.05) rowsPerCall = Math.min(1 << 16, rowsPerCall * 2);
      if (performance.now() - t0 > budgetMs - 1) break;
    }
    dirty.progress = true;
  }

  // ---- numbers and pictures -----------------------------------------------------------------

  function updateMetrics() {
    const m = net.metrics();
    const isMoneyTarget = money();
    for (const [key, src] of [["net", m.network], ["ls", m.leastSquares], ["mean", m.mean]]) {
      el[`${key}Rmse`].textContent = formatAmount(src.rmse, isMoneyTarget);
      el[`${key}Mae`].textContent = formatAmount(src.mae, isMoneyTarget);
      el[`${key}R2`].textContent = formatR2(src.r2);
    }
    el.splitNote.textContent = `${m.nTrain.toLocaleString("en-US")} training rows, ${m.nTest.toLocaleString("en-US")} test rows (seed ${state.seed}); features and ${dataset.target} standardised on the training rows.`;
  }

  function updateProgress() {
    const epoch = net ? net.epoch : 0;
    el.epochOut.textContent = String(epoch);
    el.goalOut.textContent = String(training ? goal : state.epochs);
    const target = training ? goal : state.epochs;
    const within = net && net.nTrain > 0 ? net.rowsIntoEpoch / net.nTrain : 0;
    el.progress.value = Math.min(1, (epoch + within) / Math.max(1, target));
  }

  function drawScatter() {
    let pairs = net.scatter();
    const n = pairs.length / 2;
    if (n > MAX_SCATTER_POINTS) {
      const thin = new Float64Array(2 * MAX_SCATTER_POINTS);
      for (let k = 0; k < MAX_SCATTER_POINTS; k++) {
        const i = Math.floor((k * n) / MAX_SCATTER_POINTS);
        thin[2 * k] = pairs[2 * i];
        thin[2 * k + 1] = pairs[2 * i + 1];
      }
      pairs = thin;
      el.scatterNote.textContent = `${MAX_SCATTER_POINTS.toLocaleString("en-US")} of ${n.toLocaleString("en-US")} test rows drawn (evenly spaced). The dashed diagonal is a perfect prediction.`;
    } else {
      el.scatterNote.textContent = `${n.toLocaleString("en-US")} test rows at epoch ${net.epoch}. The dashed diagonal is a perfect prediction.`;
    }
    scatter(el.scatter, engine, pairs, money(), colors(), pal());
  }

  function drawDiagram() {
    const sizes = Array.from(net.layerSizes());
    const layers = [];
    for (let l = 0; l < sizes.length - 1; l++) layers.push({ weights: net.layerWeights(l), grads: net.layerGradients(l) });
    networkDiagram(el.diagram, sizes, layers, dataset.featureNames(), dataset.target, mode, pick, colors(), pal());
  }
  listen(el.modeWeights, "change", () => {
    mode = "weights";
    dirty.diagram = true;
  });
  listen(el.modeGrads, "change", () => {
    mode = "gradients";
    dirty.diagram = true;
  });

  // ---- the gradient check -----------------------------------------------------------------

  function unitOptions(select, n, names) {
    const keepValue = select.value;
    select.replaceChildren(...Array.from({ length: n }, (_, i) => h("option", { value: String(i), text: names ? `${i + 1}: ${names[i]}` : `unit ${i + 1}` })));
    if (Number(keepValue) < n) select.value = keepValue;
  }

  function fillGradientCheck() {
    const sizes = Array.from(net.layerSizes());
    const layerNames = sizes.slice(1).map((n, l) => {
      const from = l === 0 ? "inputs" : `hidden layer ${l}`;
      const to = l === sizes.length - 2 ? "output" : `hidden layer ${l + 1}`;
      return `${l + 1}: ${from} → ${to}`;
    });
    el.checkLayer.replaceChildren(...layerNames.map((t, l) => h("option", { value: String(l), text: t })));
    pick.layer = Math.min(pick.layer, sizes.length - 2);
    el.checkLayer.value = String(pick.layer);
    fillUnits();
  }

  function fillUnits() {
    const sizes = Array.from(net.layerSizes());
    const l = pick.layer;
    unitOptions(el.checkFrom, sizes[l], l === 0 ? dataset.featureNames() : null);
    unitOptions(el.checkTo, sizes[l + 1], l + 1 === sizes.length - 1 ? ["the prediction"] : null);
    pick.from = Math.min(pick.from, sizes[l] - 1);
    pick.to = Math.min(pick.to, sizes[l + 1] - 1);
    el.checkFrom.value = String(pick.from);
    el.checkTo.value = String(pick.to);
  }

  function updateCheck() {
    const hStep = 10 ** Number(el.checkH.value);
    el.checkHOut.textContent = hStep.toExponential(0).replace("-", "−");
    const c = net.gradientCheck(pick.layer, pick.from, pick.to, hStep);
    const f = (v) => (Math.abs(v) < 1e-4 && v !== 0 ? v.toExponential(4) : String(Number(v.toPrecision(6)))).replaceAll("-", "−");
    el.checkW.textContent = f(c.weight);
    el.checkBack.textContent = f(c.backprop);
    el.checkNum.textContent = f(c.numeric);
    el.checkRel.textContent = c.relativeError.toExponential(1).replace("-", "−");
    el.checkRel.dataset.tone = c.relativeError < 1e-4 ? "success" : "warning";
    el.checkNote.textContent = `L is the mean squared error (standardised units) on a fixed batch of ${c.nRows} training rows${state.l2 > 0 ? " plus the L2 penalty" : ""}, computed in double precision.`;
  }
  listen(el.checkLayer, "change", () => {
    pick.layer = Number(el.checkLayer.value);
    fillUnits();
    dirty.check = dirty.diagram = true;
  });
  listen(el.checkFrom, "change", () => {
    pick.from = Number(el.checkFrom.value);
    dirty.check = dirty.diagram = true;
  });
  listen(el.checkTo, "change", () => {
    pick.to = Number(el.checkTo.value);
    dirty.check = dirty.diagram = true;
  });
  listen(el.checkH, "input", () => (dirty.check = true));

  // ---- predict a house --------------------------------------------------------------------

  let stats = [];
  let houseIdx = 0;
  /** Fills the form with row `houseIdx` of the data: a real house, so its numbers agree. */
  function showHouse() {
    const row = dataset.row(houseIdx);
    if (!row) return;
    const inputs = [...el.form.querySelectorAll("input")];
    inputs.forEach((input, j) => (input.value = String(row[j])));
    el.houseNote.textContent = `Row ${(houseIdx + 1).toLocaleString("en-US")} of the data: its actual ${dataset.target} is ${formatAmount(dataset.targetAt(houseIdx), money())}.`;
    dirty.predict = true;
  }
  listen(el.nextHouse, "click", guard(() => {
    // A stride through the rows that visits them all (coprime with any count below 10^9).
    houseIdx = (houseIdx + 7919) % dataset.nRows;
    showHouse();
  }));
  function buildForm() {
    const previous = new Map([...el.form.querySelectorAll("input")].map((i) => [i.dataset.name, i.value]));
    const fresh = previous.size === 0 || stats.length === 0 || net.featureStats().some((s, j) => stats[j]?.name !== s.name);
    stats = net.featureStats();
    el.form.replaceChildren(...stats.map((s, j) => {
      const id = `house-${j}`;
      const value = (!fresh && previous.get(s.name)) || String(s.median);
      return h("div", { class: "field" },
        h("label", { for: id }, h("span", { text: s.name }), h("small", { text: `${draw.formatValue(s.min)} … ${draw.formatValue(s.max)}` })),
        h("input", { id, type: "number", step: s.integer ? "1" : "any", value, inputmode: "decimal", dataset: { name: s.name } }));
    }));
    el.priceLabel.textContent = `Predicted ${dataset.target}: `;
    if (fresh) {
      houseIdx = Math.min(houseIdx, dataset.nRows - 1);
      showHouse();
    }
  }

  function houseRow() {
    const inputs = [...el.form.querySelectorAll("input")];
    const row = new Float64Array(inputs.length);
    for (let j = 0; j < inputs.length; j++) {
      const v = Number(inputs[j].value);
      if (inputs[j].value.trim() === "" || !Number.isFinite(v)) return { error: `${stats[j].name} needs a number.` };
      row[j] = v;
    }
    return { row };
  }

  function updatePredict() {
    const { row, error } = houseRow();
    if (error) {
      el.price.textContent = error;
      el.price.dataset.tone = "error";
      return;
    }
    delete el.price.dataset.tone;
    const isMoneyTarget = money();
    const price = net.predict(row);
    el.price.textContent = formatAmount(price, isMoneyTarget);
    const grad = net.inputGradient(row);
    el.sensBody.replaceChildren(...stats.map((s, j) => {
      let plusOne = "";
      if (s.integer) {
        const up = Float64Array.from(row);
        up[j] += 1;
        plusOne = formatSigned(net.predict(up) - price, isMoneyTarget);
      }
      return h("tr", {}, h("th", { scope: "row", text: s.name }),
        h("td", { text: formatSigned(grad[j], isMoneyTarget) }),
        h("td", { text: plusOne }));
    }));
  }
  const formatSigned = (v, isMoneyTarget) => (v >= 0 ? "+" : "") + formatAmount(v, isMoneyTarget);
  listen(el.form, "input", () => {
    el.houseNote.textContent = "Your own house: numbers you typed.";
    dirty.predict = true;
  });
  listen(el.form, "submit", (event) => event.preventDefault());

  // ---- export and import ------------------------------------------------------------------

  function download(name, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = h("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  const baseName = () => (source?.kind === "file" ? source.name.replace(/\.[^.]*$/, "") : "ames");
  listen(el.exportModel, "click", guard(() => {
    if (!net) return;
    download(`${baseName()}-network-epoch${net.epoch}.json`, "application/json", net.toJson());
    show(el.exportMessage, `Saved the model at epoch ${net.epoch}.`, "success");
  }, () => el.exportMessage));
  listen(el.exportHistory, "click", guard(() => {
    if (!net) return;
    download(`${baseName()}-history.csv`, "text/csv", net.historyCsv());
    show(el.exportMessage, `Saved ${nHistory} epochs of history.`, "success");
  }, () => el.exportMessage));
  listen(el.importModel, "change", async () => {
    const file = el.importModel.files && el.importModel.files[0];
    el.importModel.value = "";
    if (!file || !dataset) return;
    if (file.size > MAX_MODEL_BYTES) {
      show(el.exportMessage, `${file.name} is too large to be a model file.`, "error");
      return;
    }
    const textContent = await file.text();
    if (destroyed) return;
    guard(() => {
      const loaded = engine.Network.fromJson(textContent, dataset);
      stopTraining();
      net.free();
      net = loaded;
      const s = net.settings();
      Object.assign(state, { hidden: s.hidden, act: s.activation, opt: s.optimizer, lr: s.lr, batch: s.batchSize, l2: s.l2, seed: s.seed, trained: net.epoch, batches: batchesIntoEpoch() });
      state.epochs = Math.max(state.epochs, net.epoch || 1);
      fillControls();
      afterNetworkChange();
      save();
      keepModel();
      show(el.exportMessage, `Loaded ${file.name}: trained for ${net.epoch} epochs.`, "success");
    }, () => el.exportMessage)();
  });

  // ---- the data panel's controls ----------------------------------------------------------

  const dz = buildDropZone((file) => {
    loadFile(file, !el.dataPrompt.hidden).catch((err) => {
      if (err instanceof WebAssembly.RuntimeError) trapped(err);
      else show(el.dropZone.status, err.message, "error");
    });
  });
  el.dropZone = dz;
  el.dropSlot.replaceChildren(dz.zone);
  listen(el.useAmes, "click", () => {
    stopTraining();
    state.data = "ames";
    state.file = undefined;
    state.target = AMES_TARGET;
    state.features = AMES_FEATURES;
    state.trained = state.batches = 0;
    el.dataPrompt.hidden = true;
    save();
    loadAmes();
  });
  listen(el.target, "change", () => {
    // A new target: learn it from every other numeric column.
    const target = el.target.value;
    for (const box of el.featureList.querySelectorAll("input")) box.checked = box.value !== target;
    state.features = table.numericColumns().filter((n) => n !== target);
    applyColumns();
    fillColumnPicker();
  });
  listen(el.featureList, "change", () => applyColumns());
  listen(el.allFeatures, "click", () => {
    for (const box of el.featureList.querySelectorAll("input")) box.checked = true;
    applyColumns();
  });
  listen(el.noFeatures, "click", () => {
    for (const box of el.featureList.querySelectorAll("input")) box.checked = false;
    show(el.dataMessage, "Choose at least one feature to learn from.", "info");
  });

  // ---- the frame loop ---------------------------------------------------------------------

  /** The pictures: [dirty flag, least milliseconds between redraws while training, redraw]. */
  const PICTURES = [
    ["loss", 200, () => lossChart(el.loss, engine, history, nHistory, training ? goal : Math.max(state.epochs, nHistory), money(), colors(), pal())],
    ["scatter", 300, () => drawScatter()],
    ["diagram", 250, () => drawDiagram()],
    ["predict", 400, () => updatePredict()],
  ];

  /**
   * Redraws what changed. While training, the pictures (each a few milliseconds) are drawn at
   * most a few times a second and one per frame, so that a frame's work stays near FRAME_MS.
   */
  function drawDirty(now) {
    if (!(net && dataset)) return;
    if (dirty.progress) {
      updateProgress();
      dirty.progress = false;
    }
    if (dirty.metrics) {
      updateMetrics();
      dirty.metrics = false;
    }
    for (const [name, everyMs, redraw] of PICTURES) {
      if (!dirty[name] || (training && now - (lastDrawn[name] ?? -Infinity) < everyMs)) continue;
      redraw();
      dirty[name] = false;
      lastDrawn[name] = now;
      if (training) break;
    }
    if (dirty.check && !training) {
      updateCheck();
      dirty.check = false;
    }
  }

  const tick = guard((now) => {
    if (destroyed) return;
    const frameStart = performance.now();
    drawDirty(now);
    // Training takes what the pictures left of the frame's budget (at least a sliver, so a
    // heavy redraw never stalls it); what it changes is drawn on the next frame, except at the
    // end of a run, whose numbers are shown at once.
    if (training && net) {
      trainSlice(Math.max(1, FRAME_MS - (performance.now() - frameStart)));
      if (!training) drawDirty(now);
    }
    if (!destroyed) frame = requestAnimationFrame(tick);
  });

  const resize = new ResizeObserver(() => {
    dirty.loss = dirty.scatter = dirty.diagram = true;
  });
  for (const c of [el.loss, el.scatter, el.diagram]) resize.observe(c);
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  listen(scheme, "change", () => {
    dirty.loss = dirty.scatter = dirty.diagram = true;
  });

  // ---- start ------------------------------------------------------------------------------

  fillControls();
  (async () => {
    if (state.data === "file") {
      const kept = await store.loadFile(state.file);
      if (destroyed) return;
      if (kept) {
        const parsed = await readTable(kept.blob.stream(), kept.size, kept.name);
        if (parsed && !destroyed && adoptTable(parsed, { kind: "file", name: kept.name })) return;
      }
      if (destroyed) return;
      el.dataPanel.open = true;
      el.dataPrompt.hidden = false;
      el.dataPrompt.textContent = `This link was made with the file ${quote(state.file)}, which is not kept in this browser. Choose that file below to reproduce it — it stays on your computer. Or use the Ames house sales instead.`;
      el.dataTitle.textContent = `waiting for ${state.file}`;
      el.useAmes.hidden = false;
      return;
    }
    await loadAmes();
  })().catch((err) => {
    if (err instanceof WebAssembly.RuntimeError) trapped(err);
    else show(el.dataMessage, err && err.message ? err.message : String(err), "error");
  });
  tick(performance.now());

  return {
    unmount() {
      destroyed = true;
      cancelAnimationFrame(frame);
      resize.disconnect();
      for (const off of listeners) off();
      narrator.clear();
      root.replaceChildren();
      releaseSheet();
      try {
        net?.free();
        dataset?.free();
        table?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
