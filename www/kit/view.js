// The view kit: what every lesson view needs, written once. A view is a declaration:
//
//   function setup(kit) { ... }                           // builds its DOM and wires it
//   export const { mount } = defineView({
//     base: import.meta.url, sheets: [ ...names ],         // its stylesheets, beside its source
//     primary: "#play", figure: "#map",                   // its main control and its figure
//     props: (engine) => [...],                           // its URL property table (state.js)
//     setup,
//   });
//
// and `setup` receives the kit, which owns the lifecycle: the state read from the link and the
// notes about what it ignored, saving the link, the guard around calls into the core, event
// listeners, the message line, the dirty-flag frame loop, narration, wasm handles freed on
// unmount, and redrawing when the size, the colour scheme or the stylesheets change. The
// playback controls (Play/Step/Reset, speed, keys, reduced motion) are in player.js, sliders
// and pickers in controls.js, numbers in format.js.

import { readState, publish, publishNow } from "./state.js";
import { createGuard } from "./guard.js";
import { listenerList } from "./listeners.js";
import { useStylesheet, stylesheetsSettled } from "./stylesheet.js";
import { createNarrator } from "./narration.js";
import { h } from "../dom.js";

/**
 * Declares a view; returns `{ mount, spec }`. `mount({ engine, root, onTrap, setNotes,
 * announce })` is what the course frame calls (www/main.js); it returns `{ unmount }`.
 */
export function defineView(spec) {
  return { spec, mount: (context) => mountView(spec, context) };
}

function mountView(spec, { engine, root, onTrap, setNotes, announce }) {
  const releases = (spec.sheets ?? []).map((name) => useStylesheet(new URL(name, spec.base)));
  // The view's main control and its figure, for the presentation checks (tests/e2e).
  root.dataset.primary = spec.primary ?? "";
  root.dataset.figure = spec.figure ?? "";
  const { listen, off } = listenerList();
  const props = spec.props ? spec.props(engine) : [];
  const { state, notes } = readState(location.search, props);
  setNotes(notes);
  let mainLine = null; // the view's message line: { el, show }
  const { guard, status } = createGuard(onTrap, (text) => kit.message(text, "error"));
  const narrator = createNarrator(root, announce);
  const handles = new Set();
  const cleanups = [];
  const frameHooks = [];
  const layers = []; // [{ name, draw, then }], drawn in order when dirty
  const dirty = new Set();
  const waiting = []; // resolvers of nextFrame()
  const wake = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  frameHooks.push(wake);
  cleanups.push(wake);
  let frame = 0;
  let extraNotes = [];

  /** The state as the link holds it: keys whose `only(state)` is false are left out. */
  const linkState = () => {
    const out = {};
    for (const p of props) if (!p.only || p.only(state)) out[p.key] = state[p.key];
    return out;
  };

  const kit = {
    engine,
    root,
    state,
    props,
    /** Wraps `fn` for calls into the core: a trap goes to the page's recovery, errors to words. */
    guard,
    /** True once the view has trapped or unmounted: stop touching the core. */
    get stopped() {
      return status.stopped;
    },
    /** Adds a listener that comes off on unmount. */
    listen,
    /** Adds a guarded listener: `fn` runs inside guard(). */
    on(target, type, fn, opts) {
      listen(target, type, guard(fn), opts);
    },
    /** Writes the state into the address bar (debounced; no new history entry). */
    save() {
      publish(linkState(), props);
    },
    /** Writes the state into the address bar now. */
    saveNow() {
      publishNow(linkState(), props);
    },
    /** The link's notes plus `lines` (plain text), shown above the lesson. */
    notes(lines) {
      extraNotes = lines;
      setNotes([...notes, ...extraNotes]);
    },

    // ---- message lines ------------------------------------------------------------------------

    /** The view's message line: an element for its DOM, made once; the guard's words go here. */
    messageLine(id = "message") {
      mainLine ??= kit.statusLine(id);
      return mainLine.el;
    },
    /** Shows `text` on the message line; tone is info, success, warning or error. */
    message(text, tone = "info") {
      kit.messageLine();
      mainLine.show(text, tone);
    },
    /** The tone of the message shown now ("" when none). */
    get messageTone() {
      return mainLine?.el.dataset.tone ?? "";
    },
    /**
     * Another message line, for a part of the lesson with words of its own (a file's loading):
     * `{ el, show(text, tone) }`. Showing unchanged words does no layout work.
     */
    statusLine(id) {
      const el = h("p", { id, class: "message", role: "status", "aria-live": "polite" });
      return {
        el,
        show(text, tone = "info") {
          const shown = text ? tone : "";
          if (el.textContent === text && (el.dataset.tone ?? "") === shown) return;
          el.textContent = text;
          el.dataset.tone = shown;
        },
      };
    },
    /** `fn` guarded, its errors (other than a trap, which goes to recovery) shown on `line`. */
    into(line, fn) {
      return guard((...args) => {
        try {
          return fn(...args);
        } catch (err) {
          if (err instanceof WebAssembly.RuntimeError) throw err;
          line.show(err && err.message ? err.message : String(err), "error");
          return undefined;
        }
      });
    },
    /** An error from async work: a trap goes to the page's recovery, words (`words(text)`) to `line`. */
    fail(err, line = mainLine, words = (text) => text) {
      if (err instanceof WebAssembly.RuntimeError) {
        guard(() => {
          throw err;
        })();
      } else {
        kit.messageLine();
        (line ?? mainLine).show(words(err && err.message ? err.message : String(err)), "error");
      }
    },

    // ---- narration (screen readers; the last sentence is on root's data-narration) ----------

    /** Says `text` now. */
    say: (text) => narrator.say(text),
    /** Says `sentence()` unless something was said less than a second ago. */
    sayOften: (sentence) => narrator.often(sentence),

    // ---- wasm handles ---------------------------------------------------------------------

    /** Frees `old` (if any) and keeps `next` to free on unmount; returns `next`. */
    replace(old, next) {
      if (old && old !== next) {
        handles.delete(old);
        old.free();
      }
      if (next) handles.add(next);
      return next;
    },
    /** Keeps `handle` to free on unmount; returns it. */
    own(handle) {
      handles.add(handle);
      return handle;
    },
    /** Frees `handle` now (if any); returns null. */
    free(handle) {
      if (handle) {
        handles.delete(handle);
        handle.free();
      }
      return null;
    },

    // ---- the frame loop ---------------------------------------------------------------------

    /**
     * Declares the view's drawing as layers, in the order they are drawn: `{ name: draw }` or
     * `{ name: { draw, then: ["other", ...] } }` (drawing a layer makes those dirty too, e.g.
     * a new map needs its trail drawn again). Every layer starts dirty.
     */
    layers(table) {
      for (const [name, entry] of Object.entries(table)) {
        const layer = typeof entry === "function" ? { name, draw: entry, then: [] } : { name, draw: entry.draw, then: entry.then ?? [] };
        layers.push(layer);
        dirty.add(name);
      }
    },
    /** Marks layers to draw at the next frame; no names marks every layer. */
    redraw(...names) {
      for (const name of names.length ? names : layers.map((l) => l.name)) dirty.add(name);
    },
    /** Runs `fn(now)` at every frame before drawing (the player advances here). */
    onFrame(fn) {
      frameHooks.push(fn);
    },
    /** Redraws every layer when one of `elements` changes size. */
    observeSize(...elements) {
      const observer = new ResizeObserver(() => kit.redraw());
      for (const el of elements) observer.observe(el);
      cleanups.push(() => observer.disconnect());
    },
    /**
     * A promise of the next frame, for work done in slices (loading a file): it resolves at
     * unmount too, with `kit.stopped` true, so a loop under way ends and frees what it holds.
     */
    nextFrame() {
      return new Promise((resolve) => waiting.push(resolve));
    },
    /** Runs `fn` on unmount (before the handles are freed). */
    onUnmount(fn) {
      cleanups.push(fn);
    },
  };

  const tick = guard((now) => {
    if (status.stopped) return;
    for (const hook of frameHooks) {
      hook(now);
      if (status.stopped) return;
    }
    for (const layer of layers) {
      if (!dirty.has(layer.name)) continue;
      dirty.delete(layer.name);
      layer.draw();
      for (const next of layer.then) dirty.add(next);
    }
    if (!status.stopped) frame = requestAnimationFrame(tick);
  });

  // Canvases take their colours from the stylesheet: draw again when the scheme changes and
  // once the view's sheets have arrived, so a link's first picture is the one it shows later.
  listen(matchMedia("(prefers-color-scheme: dark)"), "change", () => kit.redraw());
  stylesheetsSettled().then(() => kit.redraw());

  const view = spec.setup(kit) ?? {};
  tick(performance.now());

  return {
    unmount() {
      status.stopped = true;
      cancelAnimationFrame(frame);
      off();
      for (const fn of cleanups.splice(0)) fn();
      narrator.clear();
      root.replaceChildren();
      delete root.dataset.primary;
      delete root.dataset.figure;
      for (const release of releases) release();
      try {
        for (const handle of handles) handle.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
      handles.clear();
      view.unmount?.();
    },
  };
}
