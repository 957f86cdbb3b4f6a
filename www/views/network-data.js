// The network lessons' data: the Ames house sales (fetched, and read through the same streaming
// CSV path as a learner's file), or the learner's own CSV file (dropped or chosen, kept in this
// browser), and the column picker — the target to predict and the features to learn from.
// A file that cannot make a data set leaves the data in use unchanged, and says why.

import { h } from "../dom.js";
import * as format from "../kit/format.js";
import { uploadCsv, refuseFile } from "../upload.js";
import { keepFile, keptFile } from "./network-files.js";

/** The 21 Ames features of the reference figures (shared data README), in that order. */
export const AMES_FEATURES = [
  "Gr_Liv_Area", "Total_Bsmt_SF", "First_Flr_SF", "Second_Flr_SF", "Lot_Area", "Lot_Frontage",
  "Year_Built", "Year_Remod_Add", "Full_Bath", "Half_Bath", "Bedroom_AbvGr", "TotRms_AbvGrd",
  "Fireplaces", "Garage_Cars", "Garage_Area", "Wood_Deck_SF", "Open_Porch_SF", "Mas_Vnr_Area",
  "Longitude", "Latitude", "Year_Sold",
];
export const AMES_TARGET = "Sale_Price";
const AMES_URL = new URL("../data/ames.csv", import.meta.url);

/**
 * A column in words: for the shipped data (`shipped`), the core's catalog's friendly label and
 * unit (engine.columnCatalog()); for a learner's file, its name as written. Returns
 * { name, label, unit, plain, long }: `long` is "Living area (sq ft)", or the name.
 */
export function columnWords(engine, shipped, name) {
  const known = shipped ? engine.columnCatalog().find((c) => c.name === name) : null;
  if (!known) return { name, label: name, unit: "", plain: false, long: name };
  const { label, unit, plain } = known;
  // The unit in brackets unless the label already says it ("Year built", "Rooms", "Garage size (cars)").
  const said = !unit || label.toLowerCase().includes(unit.toLowerCase());
  return { name, label, unit, plain, long: said ? label : `${label} (${unit})` };
}

/**
 * A learner's column name as text that may wrap only where a word ends: after "_", "-", "." or
 * "/" (a <wbr> there), never inside a word.
 */
export function nameNodes(text) {
  const out = [];
  for (const piece of String(text).split(/(?<=[_\-./])/)) {
    if (out.length) out.push(h("wbr"));
    out.push(piece);
  }
  return out;
}

/** Untrusted text (a column or file name) quoted and shortened for a note. */
const quote = (s) => JSON.stringify(String(s).length > 40 ? `${String(s).slice(0, 40)}…` : String(s));

/** `text` ended as a sentence: a full stop added unless it already ends in one (or in "?" or "!"). */
const sentence = (text) => (/[.?!]$/.test(text) ? text : `${text}.`);

/** True when `text` holds a control character (U+0000 to U+001F): no name has one. */
const hasControl = (text) => [...text].some((c) => c.charCodeAt(0) < 0x20);

/** A link's free text of at most `max` characters without control characters (a column or file name). */
export function nameText(max) {
  return {
    parse(t) {
      if (t.length > max) return { error: `is longer than ${max} characters` };
      if (hasControl(t)) return { error: "holds control characters" };
      return { value: t };
    },
    write: (v) => v,
  };
}

/** A link's comma-separated list of distinct column names. */
export function nameList() {
  return {
    parse(t) {
      const names = t.split(",").map((s) => s.trim());
      if (names.length > 256) return { error: "lists more than 256 columns" };
      if (names.some((n) => n.length === 0 || n.length > 200 || hasControl(n))) return { error: "has an empty or unreadable column name" };
      if (new Set(names).size !== names.length) return { error: "lists a column twice" };
      return { value: names };
    },
    write: (v) => v.join(","),
  };
}

/** The drop zone with a file picker; `onFile(file)` gets a dropped or picked file. */
function dropZone(kit, status, onFile) {
  const input = h("input", { id: "csv-file", type: "file", accept: ".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain", class: "visually-hidden" });
  const progress = h("progress", { id: "csv-progress", max: "1", value: "0", hidden: true, "aria-label": "Reading the file" });
  const zone = h("div", { class: "drop-zone", id: "drop-zone" },
    h("p", { class: "drop-title" }, "Drop a CSV file here, or ", h("label", { for: "csv-file", class: "file-button", text: "choose a file" })),
    h("p", { class: "drop-hint", text: "Header row; comma, semicolon or tab; up to 50 MB. Your file never leaves this browser: it is read here, by the page, and sent nowhere." }),
    input, progress, status.el);
  kit.listen(input, "change", () => {
    const file = input.files && input.files[0];
    if (file) onFile(file);
    input.value = "";
  });
  kit.listen(zone, "dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  kit.listen(zone, "dragleave", () => zone.classList.remove("dragging"));
  kit.listen(zone, "drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
    if (file) onFile(file);
  });
  return { zone, progress };
}

/**
 * The data panel. `nn` is the lesson's shared state (network.js): the table in use is
 * `nn.table`, its data set `nn.dataset`, and a new data set asks `nn.rebuild` for a network.
 * Returns { panel, start() }; `start()`
 * loads what the link asks for.
 */
export function dataPanel(nn, { open }) {
  const { kit, engine, state } = nn;
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const status = kit.statusLine("csv-status");
  const message = kit.statusLine("data-message");
  const { zone, progress } = dropZone(kit, status, (file) => loadFile(file, !el.prompt.hidden).catch((err) => kit.fail(err, status)));
  const panel = h("details", { class: "nn-card nn-data", id: "data-panel", open: open ? true : undefined },
    h("summary", {}, h("span", { class: "nn-summary-title", text: "Data: " }), keep("title", h("span", { id: "data-title", text: "loading…" }))),
    h("div", { class: "nn-data-body" },
      keep("prompt", h("p", { id: "data-prompt", class: "nn-prompt", role: "alert", hidden: true })),
      h("div", { class: "nn-drop-slot" }, zone),
      h("div", { class: "nn-data-actions" }, keep("useAmes", h("button", { id: "use-ames", type: "button", text: "Use the Ames house sales" }))),
      h("div", { class: "nn-columns", id: "columns" },
        nn.field("target", "Target (the column to predict)", keep("target", h("select", { id: "target" }))),
        h("fieldset", { class: "nn-features" }, h("legend", { text: "Features (the columns it learns from)" }),
          h("div", { class: "nn-feature-buttons" },
            keep("all", h("button", { type: "button", id: "all-features", text: "All" })),
            keep("none", h("button", { type: "button", id: "no-features", text: "None" }))),
          keep("features", h("div", { class: "nn-feature-list", id: "feature-list" })))),
      keep("summary", h("ul", { class: "nn-data-summary", id: "data-summary" })),
      message.el));

  // ---- reading a table --------------------------------------------------------------------

  let loading = 0; // generation of the current load (a newer load cancels an older one)

  function setProgress(seen, size) {
    progress.hidden = false;
    if (size > 0) progress.value = Math.min(1, seen / size);
    else progress.removeAttribute("value");
  }

  /** Reads `source` (a File or a Response) into a Table; resolves null (with a message) if it fails. */
  async function readTable(source, name) {
    const generation = ++loading;
    const mb = (bytes) => (bytes / 1048576).toFixed(1);
    progress.hidden = false;
    progress.value = 0;
    status.show(`Reading ${name}…`);
    const t0 = performance.now();
    try {
      const table = await uploadCsv(kit, engine, source, {
        onProgress(seen, size) {
          setProgress(seen, size);
          status.show(`Reading ${name}: ${mb(seen)} MB${size ? ` of ${mb(size)} MB` : ""}…`);
        },
        cancelled: () => generation !== loading,
      });
      progress.hidden = true;
      status.show(`Read ${name}: ${format.count(table.nRows)} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s.`, "success");
      return table;
    } catch (err) {
      progress.hidden = true;
      if (!err?.cancelled) kit.fail(err, status, (text) => `Could not use ${name}: ${sentence(text)} The data in use is unchanged.`);
      return null;
    }
  }

  async function loadAmes() {
    let response;
    try {
      response = await fetch(AMES_URL);
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
    } catch (err) {
      message.show(`Could not download the Ames data (${err.message}). Check your connection and reload.`, "error");
      return;
    }
    const table = await readTable(response, "ames.csv");
    if (table && !kit.stopped) adoptTable(table, { kind: "ames" });
  }

  /** A learner's file: read it, and if it makes a data set, switch to it and keep it. */
  async function loadFile(file, fromLink = false) {
    const refusal = refuseFile(file);
    if (refusal) {
      status.show(refusal, "error");
      return;
    }
    nn.train.stop();
    const table = await readTable(file, file.name);
    if (!table || kit.stopped) return;
    const previous = { ...state };
    if (!fromLink) {
      state.target = undefined;
      state.features = undefined;
      state.trained = state.batches = 0;
    }
    state.data = "file";
    state.file = file.name;
    if (adoptTable(table, { kind: "file", name: file.name })) {
      el.prompt.hidden = true;
      keepFile(file);
    } else {
      Object.assign(state, previous);
    }
  }

  // ---- columns ----------------------------------------------------------------------------

  /** The target and features for `table`: the state's if the table has them, else defaults. */
  function resolveColumns(table, notes) {
    const numeric = table.numericColumns();
    let target = state.target;
    if (!numeric.includes(target)) {
      const fallback = numeric[numeric.length - 1];
      if (target !== undefined) notes.push(`Ignored target=${quote(target)}: this data has no numeric column of that name. Using ${quote(fallback)}.`);
      target = fallback;
    }
    const missing = (state.features ?? []).filter((f) => f !== target && !numeric.includes(f));
    if (missing.length > 0) notes.push(`Ignored the feature${missing.length > 1 ? "s" : ""} ${missing.map(quote).join(", ")}: not numeric columns of this data.`);
    let features = state.features?.filter((f) => f !== target && numeric.includes(f));
    if (!features || features.length === 0) features = numeric.filter((n) => n !== target);
    return { target, features };
  }

  /**
   * Makes `table` the table in use if a data set can be taken from it (the link's columns, or
   * defaults with a note); otherwise frees it, says why, and keeps the current data.
   */
  function adoptTable(table, source) {
    const notes = [];
    let built = null;
    try {
      const cols = resolveColumns(table, notes);
      built = engine.Dataset.fromTable(table, cols.target, cols.features);
      state.target = cols.target;
      state.features = cols.features;
    } catch (err) {
      if (!(err instanceof WebAssembly.RuntimeError)) table.free();
      kit.fail(err, status, (text) => `Could not use this file: ${sentence(text)} The data in use is unchanged.`);
      return false;
    }
    nn.table = kit.replace(nn.table, table);
    nn.source = source;
    kit.notes(notes);
    useDataset(built);
    fillColumns();
    return true;
  }

  /** A new data set from the table in use: the summary, and a network for it. */
  function useDataset(built) {
    nn.dataset = kit.replace(nn.dataset, built);
    const { dataset, source } = nn;
    const rows = format.count(dataset.nRows);
    el.title.textContent = source.kind === "ames"
      ? `Ames, Iowa house sales (${rows} homes, ${dataset.nFeatures} features)`
      : `${source.name} (${rows} complete rows, ${dataset.nFeatures} features)`;
    const items = [`Predicting ${nn.words(dataset.target).label.toLowerCase()} from ${dataset.nFeatures} feature${dataset.nFeatures === 1 ? "" : "s"}; ${rows} complete rows.`, ...dataset.notes()];
    const text = nn.table.textColumns();
    if (text.length > 0) items.push(`Left out as text: ${text.join(", ")}.`);
    if (source.kind === "ames") items.push("Data: De Cock (2011), Ames housing, as packaged in the R package modeldata (MIT licence).");
    el.summary.replaceChildren(...items.map((t) => h("li", { text: t })));
    message.show("");
    el.useAmes.hidden = source.kind === "ames";
    nn.rebuild({ keepTrained: true });
  }

  function fillColumns() {
    const numeric = nn.table.numericColumns();
    el.target.replaceChildren(...numeric.map((n) => h("option", { value: n, text: nn.words(n).long })));
    el.target.value = state.target;
    const chosen = new Set(state.features);
    el.features.replaceChildren(...numeric.filter((n) => n !== state.target).map((n, i) =>
      h("label", { class: "nn-feature" }, h("input", { type: "checkbox", value: n, id: `feature-${i}`, checked: chosen.has(n) ? true : undefined }), h("span", {}, ...nameNodes(nn.words(n).long)))));
  }

  const boxes = () => el.features.querySelectorAll("input");

  /** Applies the column picker: a new data set and a fresh network, or a message and no change. */
  const applyColumns = kit.into(message, () => {
    const target = el.target.value;
    const features = [...boxes()].filter((b) => b.checked).map((b) => b.value).filter((f) => f !== target);
    if (features.length === 0) {
      message.show("Choose at least one feature to learn from.", "error");
      return;
    }
    let built;
    try {
      built = engine.Dataset.fromTable(nn.table, target, features);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err;
      message.show(`${err.message}. The columns in use are unchanged.`, "error");
      return;
    }
    nn.train.stop();
    state.target = target;
    state.features = features;
    state.trained = state.batches = 0;
    useDataset(built);
    kit.save();
  });

  kit.listen(el.useAmes, "click", () => {
    nn.train.stop();
    Object.assign(state, { data: "ames", file: undefined, target: AMES_TARGET, features: AMES_FEATURES, trained: 0, batches: 0 });
    el.prompt.hidden = true;
    kit.save();
    loadAmes().catch((err) => kit.fail(err, message));
  });
  kit.listen(el.target, "change", () => {
    // A new target: learn it from every other numeric column.
    const target = el.target.value;
    for (const box of boxes()) box.checked = box.value !== target;
    state.features = nn.table.numericColumns().filter((n) => n !== target);
    applyColumns();
    fillColumns();
  });
  kit.listen(el.features, "change", () => applyColumns());
  kit.listen(el.all, "click", () => {
    for (const box of boxes()) box.checked = true;
    applyColumns();
  });
  kit.listen(el.none, "click", () => {
    for (const box of boxes()) box.checked = false;
    message.show("Choose at least one feature to learn from.", "info");
  });

  /** Loads what the link asks for: Ames, or the learner's file if this browser kept it. */
  async function start() {
    if (state.data !== "file") return loadAmes();
    const kept = await keptFile(state.file);
    if (kit.stopped) return;
    if (kept) {
      const table = await readTable(kept.blob, kept.name);
      if (kit.stopped) return;
      if (table && adoptTable(table, { kind: "file", name: kept.name })) return;
    }
    panel.open = true;
    el.prompt.hidden = false;
    el.prompt.textContent = `This link was made with the file ${quote(state.file)}, which is not kept in this browser. Choose that file below to reproduce it — it stays on your computer. Or use the Ames house sales instead.`;
    el.title.textContent = `waiting for ${state.file}`;
    el.useAmes.hidden = false;
    return undefined;
  }

  return { panel, start: () => start().catch((err) => kit.fail(err, message)) };
}
