// Boots the playground: checks the browser, loads the Rust core, mounts the view, and survives a
// trap by re-creating the core and restoring the state from the URL.

import { loadEngine, unsupportedReason } from "./engine.js";
import * as descentView from "./views/descent.js";

const root = document.documentElement;
const noteEl = document.getElementById("note");
let view = null;
let engine = null;
let recoveries = [];

/** Shows notes (plain text, never HTML) above the playground; an empty list hides them. */
function setNotes(lines) {
  noteEl.replaceChildren(
    ...lines.map((line) => {
      const p = document.createElement("span");
      p.textContent = line;
      return p;
    }),
  );
  noteEl.hidden = lines.length === 0;
}

function fail(text) {
  document.getElementById("fallback-text").textContent = text;
  document.getElementById("fallback").hidden = false;
  root.dataset.state = "error";
}

async function start(notesAfter = []) {
  engine = await loadEngine();
  view = descentView.mount({
    engine,
    onTrap: recover,
    setNotes: (lines) => setNotes([...notesAfter, ...lines]),
  });
  root.dataset.state = "ready";
}

/** A call into the core trapped: its instance is dead. Load a fresh one and rebuild from the URL. */
async function recover(err) {
  root.dataset.state = "recovering";
  view?.unmount();
  view = null;
  const now = Date.now();
  recoveries = recoveries.filter((t) => now - t < 10000);
  recoveries.push(now);
  if (recoveries.length > 3) {
    fail(`The WebAssembly core keeps stopping (${err.message}). Reload the page; if it happens again, the link may hold settings that trigger a bug — please report it with the link.`);
    return;
  }
  try {
    await start([`The WebAssembly core stopped unexpectedly (${err.message}); it was restarted and the playground restored from the link.`]);
  } catch (again) {
    fail(again.message);
  }
}

async function boot() {
  const reason = unsupportedReason();
  if (reason) {
    fail(reason);
    return;
  }
  try {
    await start();
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      await recover(err);
    } else {
      fail(err && err.message ? err.message : String(err));
    }
  }
}

// For end-to-end tests and curious learners: make the core trap for real (a wasm `unreachable`)
// and watch the page recover from the URL.
window.downhill = {
  trap() {
    try {
      engine.trapForTests();
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) recover(err);
      else throw err;
    }
  },
};

boot();
