// Boots the playground: checks the browser, loads the Rust core, routes to the lesson in the
// URL, and survives a trap by re-creating the core and restoring the state from the URL.

import { loadEngine, unsupportedReason } from "./engine.js";
import { LESSONS, DEFAULT_LESSON } from "./lessons.js";
import { setLesson } from "./state.js";
import { h } from "./dom.js";
import "./offline.js";

const root = document.documentElement;
const app = document.getElementById("app");
const noteEl = document.getElementById("note");
let view = null;
let engine = null;
let recoveries = [];

/** Shows notes (plain text, never HTML) above the playground; an empty list hides them. */
function setNotes(lines) {
  noteEl.replaceChildren(...lines.map((line) => h("span", { text: line })));
  noteEl.hidden = lines.length === 0;
}

function fail(text) {
  document.getElementById("fallback-text").textContent = text;
  document.getElementById("fallback").hidden = false;
  app.hidden = true;
  root.dataset.state = "error";
}

/** The lesson named in the URL, or the default with a note when the name is unknown. */
function chooseLesson() {
  const asked = new URLSearchParams(location.search).get("lesson");
  const found = LESSONS.find((l) => l.key === asked);
  if (found || asked === null || asked === "") return { lesson: found ?? LESSONS.find((l) => l.key === DEFAULT_LESSON), notes: [] };
  const shown = asked.length > 40 ? `${asked.slice(0, 40)}…` : asked;
  return {
    lesson: LESSONS.find((l) => l.key === DEFAULT_LESSON),
    notes: [`Ignored lesson=${JSON.stringify(shown)} from the link: there is no such lesson. Showing the first one.`],
  };
}

function fillNav(current) {
  const nav = document.getElementById("lessons");
  nav.replaceChildren(
    ...LESSONS.map((l, i) =>
      h("a", { href: `?lesson=${l.key}`, "aria-current": l.key === current.key ? "page" : undefined }, `${i + 1}. ${l.title}`),
    ),
  );
}

async function start(notesBefore = []) {
  const { lesson, notes } = chooseLesson();
  setLesson(lesson.key);
  fillNav(lesson);
  const [module, loaded] = await Promise.all([lesson.load(), loadEngine()]);
  engine = loaded;
  view = module.mount({
    engine,
    root: app,
    onTrap: recover,
    setNotes: (lines) => setNotes([...notesBefore, ...notes, ...lines]),
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
    if (err instanceof WebAssembly.RuntimeError) await recover(err);
    else fail(err && err.message ? err.message : String(err));
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
