// Boots the playground: checks the browser, loads the Rust core, routes to the home page or to
// the lesson in the URL (inside the course frame: text, "try this", previous/next), and survives
// a trap by re-creating the core and restoring the state from the URL.
//
// Routing: `?lesson=KEY` opens a lesson; no `lesson` and no other keys is the home page; no
// `lesson` but other state keys (links from before the home page) opens DEFAULT_LESSON.
// `embed=1` shows only the figure and its controls, for an iframe.

import { loadEngine, unsupportedReason } from "./engine.js";
import { LESSONS, DEFAULT_LESSON } from "./lessons.js";
import { setEmbedded, setLesson } from "./kit/state.js";
import { h } from "./dom.js";
import { createAnnouncer, mergeQuery, mountFrame, mountHome } from "./course.js";
import "./offline.js";

const root = document.documentElement;
const app = document.getElementById("app");
const noteEl = document.getElementById("note");
const announce = createAnnouncer(document.getElementById("announce"));
const embed = new URLSearchParams(location.search).get("embed") === "1";
let view = null;
let frame = null;
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

/**
 * The lesson named in the URL, or null for the home page. An unknown name opens DEFAULT_LESSON
 * with a note, so that the rest of an old or mangled link still shows something.
 */
function chooseLesson() {
  const params = new URLSearchParams(location.search);
  const asked = params.get("lesson");
  const fallback = LESSONS.find((l) => l.key === DEFAULT_LESSON);
  const found = LESSONS.find((l) => l.key === asked);
  if (found) return { lesson: found, notes: [] };
  if (asked === null || asked === "") {
    const hasState = [...params.keys()].some((key) => !["v", "lesson", "embed"].includes(key));
    return { lesson: hasState || embed ? fallback : null, notes: [] };
  }
  const shown = asked.length > 40 ? `${asked.slice(0, 40)}…` : asked;
  return {
    lesson: fallback,
    notes: [`Ignored lesson=${JSON.stringify(shown)} from the link: there is no such lesson. Showing “${fallback.title}”; the home page lists them all.`],
  };
}

/** The header's lesson list: every lesson on wide screens, a "Lesson 3 of 9" menu on narrow ones. */
function fillNav(current) {
  const nav = document.getElementById("lessons");
  const links = () => LESSONS.map((l, i) =>
    h("li", {}, h("a", { href: `?lesson=${l.key}`, "aria-current": l === current ? "page" : undefined, title: l.title }, `${i + 1}. ${l.short}`)));
  const where = current ? `Lesson ${LESSONS.indexOf(current) + 1} of ${LESSONS.length}` : `${LESSONS.length} lessons`;
  nav.replaceChildren(
    h("ol", { class: "lessons-wide" }, ...links()),
    h("details", { class: "lessons-narrow" }, h("summary", {}, where), h("ol", {}, ...links())),
  );
}

/** Mounts the lesson's view into the frame's figure; the view reads its state from the URL. */
function mountView(module, notes) {
  view = module.mount({
    engine,
    root: frame.figure,
    onTrap: recover,
    setNotes: (lines) => setNotes([...notes, ...lines]),
    announce,
  });
}

/** A "try this" prompt: merge its keys into the URL (a new history entry), remount, show the figure. */
function tryPrompt(module, prompt) {
  history.pushState(null, "", `${location.pathname}?${mergeQuery(location.search, prompt.set)}`);
  announce.cancel();
  view?.unmount();
  view = null;
  mountView(module, []);
  frame.focusFigure();
}

function teardown() {
  announce.cancel();
  view?.unmount();
  view = null;
  frame?.unmount();
  frame = null;
}

async function start(notesBefore = []) {
  const { lesson, notes } = chooseLesson();
  setLesson(lesson ? lesson.key : null);
  fillNav(lesson);
  if (!lesson) {
    // The home page loads the core too: the first lesson then opens at once, and a browser
    // that cannot run it learns so before choosing a lesson.
    frame = mountHome(app, LESSONS);
    setNotes([...notesBefore, ...notes]);
    engine = await loadEngine();
    ready();
    return;
  }
  const [module, text, loaded] = await Promise.all([lesson.load(), lesson.text(), loadEngine()]);
  engine = loaded;
  frame = mountFrame({ root: app, lessons: LESSONS, index: LESSONS.indexOf(lesson), text, onTry: (prompt) => tryPrompt(module, prompt) });
  mountView(module, [...notesBefore, ...notes]);
  ready();
}

/** The page answers input from here on; the "downhill-ready" mark times it from navigation. */
function ready() {
  root.dataset.state = "ready";
  if (!performance.getEntriesByName("downhill-ready").length) performance.mark("downhill-ready");
}

/** A call into the core trapped: its instance is dead. Load a fresh one and rebuild from the URL. */
async function recover(err) {
  root.dataset.state = "recovering";
  teardown();
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
  if (embed) root.dataset.embed = "1";
  setEmbedded(embed);
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

// Back and Forward move between prompts a learner tried: rebuild the page from the URL.
window.addEventListener("popstate", () => {
  teardown();
  start().catch((err) => fail(err && err.message ? err.message : String(err)));
});

boot();
