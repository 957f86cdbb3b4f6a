// The network lessons' files: the model downloaded as JSON and loaded back, the training
// history as CSV, and what this browser keeps (IndexedDB) so a reload finds the learner's own
// file and the trained model again. Nothing is sent anywhere. The store's functions resolve to
// null (never throw) when storage is unavailable (private windows, blocked storage): the page
// then just works without.

import { h } from "../dom.js";

const MAX_MODEL_BYTES = 20 * 1024 * 1024;

// ---- the store (IndexedDB) -------------------------------------------------------------------

const DB_NAME = "downhill";
const DB_VERSION = 1;
const FILES = "files";
const MODELS = "models";

let opening = null;

function open() {
  if (opening) return opening;
  opening = new Promise((resolve) => {
    let request;
    try {
      request = indexedDB.open(DB_NAME, DB_VERSION);
    } catch {
      resolve(null);
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES);
      if (!db.objectStoreNames.contains(MODELS)) db.createObjectStore(MODELS);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
  });
  return opening;
}

async function run(store, mode, body) {
  const db = await open();
  if (!db) return null;
  return new Promise((resolve) => {
    try {
      const tx = db.transaction(store, mode);
      const request = body(tx.objectStore(store));
      tx.oncomplete = () => resolve(request ? request.result ?? null : true);
      tx.onerror = () => resolve(null);
      tx.onabort = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

/** Keeps the learner's file (one at a time: the last one uploaded) under its name. */
export async function keepFile(file) {
  await run(FILES, "readwrite", (store) => store.clear());
  return run(FILES, "readwrite", (store) => store.put({ name: file.name, size: file.size, blob: file }, "current"));
}

/** The kept file as { name, size, blob } if its name is `name`, else null. */
export async function keptFile(name) {
  const entry = await run(FILES, "readonly", (store) => store.get("current"));
  return entry && entry.name === name && entry.blob ? entry : null;
}

/** Keeps a trained model's JSON under `key` (the link that trains it); one model at a time. */
export async function keepModel(key, json) {
  await run(MODELS, "readwrite", (store) => store.clear());
  return run(MODELS, "readwrite", (store) => store.put({ key, json }, "current"));
}

/** The kept model's JSON if it was saved under `key`, else null. */
export async function keptModel(key) {
  const entry = await run(MODELS, "readonly", (store) => store.get("current"));
  return entry && entry.key === key ? entry.json : null;
}

// ---- download and load back --------------------------------------------------------------

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The "Keep the model" card: download the model and the history, load a model file back.
 * `nn` is the lesson's shared state (network.js); a loaded model becomes the network in use
 * through `nn.useNetwork`. Returns the card.
 */
export function filesCard(nn) {
  const { kit, engine } = nn;
  const line = kit.statusLine("export-message");
  const exportModel = h("button", { id: "export-model", type: "button", text: "Download the model (JSON)" });
  const exportHistory = h("button", { id: "export-history", type: "button", text: "Download the history (CSV)" });
  const importModel = h("input", { id: "import-model", type: "file", accept: ".json,application/json", class: "visually-hidden" });
  const card = h("section", { class: "nn-card nn-export" },
    h("h2", { text: "Keep the model" }),
    h("div", { class: "nn-export-buttons" },
      exportModel, exportHistory,
      h("label", { class: "file-button", for: "import-model", text: "Load a model (JSON)…" }),
      importModel),
    line.el,
    h("p", { class: "nn-small", text: "The model file holds the architecture, the standardisation (means and standard deviations of every column) and every weight; loading it back with the same data gives exactly the same predictions. The link in the address bar holds the data choice, columns, architecture, settings and seed: opening it retrains to the same numbers." }));

  const baseName = () => (nn.source?.kind === "file" ? nn.source.name.replace(/\.[^.]*$/, "") : "ames");
  kit.listen(exportModel, "click", kit.into(line, () => {
    if (!nn.net) return;
    download(`${baseName()}-network-epoch${nn.net.epoch}.json`, "application/json", nn.net.toJson());
    line.show(`Saved the model at epoch ${nn.net.epoch}.`, "success");
  }));
  kit.listen(exportHistory, "click", kit.into(line, () => {
    if (!nn.net) return;
    download(`${baseName()}-history.csv`, "text/csv", nn.net.historyCsv());
    line.show(`Saved ${nn.train.history.n} epochs of history.`, "success");
  }));
  kit.listen(importModel, "change", async () => {
    const file = importModel.files && importModel.files[0];
    importModel.value = "";
    if (!file || !nn.dataset) return;
    if (file.size > MAX_MODEL_BYTES) {
      line.show(`${file.name} is too large to be a model file.`, "error");
      return;
    }
    const text = await file.text();
    kit.into(line, () => {
      const loaded = engine.Network.fromJson(text, nn.dataset);
      nn.useNetwork(loaded);
      line.show(`Loaded ${file.name}: trained for ${loaded.epoch} epochs.`, "success");
    })();
  });
  return card;
}
