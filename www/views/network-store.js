// Keeping a learner's own file and trained model in this browser (IndexedDB), so both survive
// a reload. Nothing is sent anywhere. Every function resolves to null (never throws) when
// storage is unavailable (private windows, blocked storage): the page then just works without.

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
export async function saveFile(file) {
  await run(FILES, "readwrite", (store) => store.clear());
  return run(FILES, "readwrite", (store) => store.put({ name: file.name, size: file.size, blob: file }, "current"));
}

/** The kept file as { name, size, blob } if its name is `name`, else null. */
export async function loadFile(name) {
  const entry = await run(FILES, "readonly", (store) => store.get("current"));
  return entry && entry.name === name && entry.blob ? entry : null;
}

/** Keeps a trained model's JSON under `key` (the link that trains it); one model at a time. */
export async function saveModel(key, json) {
  await run(MODELS, "readwrite", (store) => store.clear());
  return run(MODELS, "readwrite", (store) => store.put({ key, json }, "current"));
}

/** The kept model's JSON if it was saved under `key`, else null. */
export async function loadModel(key) {
  const entry = await run(MODELS, "readonly", (store) => store.get("current"));
  return entry && entry.key === key ? entry.json : null;
}
