// The race's lanes: one optimizer and its hyperparameters per lane, as the URL writes it
// ("name,key,value,key,value": r1=adam,lr,0.05,beta1,0.9,beta2,0.999,eps,1e-8), the default race,
// the card of controls each lane gets, and the controls over all of them (add, remove, the
// explorer's lane list). Values are checked twice: here against the ranges of the core's
// optimizer catalog (a bad link falls back with a note), and by the core, whose words are shown
// on refusal.

import { h } from "../dom.js";
import { formatNumber } from "../kit/state.js";
import * as format from "../kit/format.js";
import { laneGlyph } from "./race-map.js";
import { term } from "../kit/glossary.js";

/**
 * An optimizer's hyperparameters as the page shows them: [{ key, label, min, max, step, scale,
 * meaning }], from the catalog's `hyper` entries (symbol, words, default, range, scale, meaning).
 */
export function hyperFields(entry) {
  return entry.hyper.map((p) => ({
    key: p.key,
    symbol: p.symbol,
    label: p.symbol && !p.label.includes(p.symbol) ? `${p.label} ${p.symbol}` : p.label,
    min: p.min,
    max: p.max,
    scale: p.scale,
    step: p.scale === "log" ? "any" : String(10 ** (Math.round(Math.log10(p.max - p.min)) - 2)),
    meaning: p.meaning ?? "",
  }));
}

/** One hyperparameter's field of an optimizer (the learning rate by default). */
export function hyperField(entry, key = "lr") {
  return hyperFields(entry).find((f) => f.key === key);
}

/** The race a first visit shows: a ravine where plain SGD crawls and momentum and Adam do not. */
const DEFAULT_LANES = [
  { name: "sgd", lr: 1e-3 },
  { name: "momentum", lr: 1e-3 },
  { name: "rmsprop", lr: 1e-3 },
  { name: "adam", lr: 0.05 },
];

/** The default race as lanes { name, hyper } with every hyperparameter filled in. */
export function defaultLanes(optimizers) {
  return DEFAULT_LANES.map((lane) => {
    const entry = optimizers.find((o) => o.name === lane.name);
    return { name: lane.name, hyper: { ...entry.defaults, lr: lane.lr } };
  });
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The URL kind of one lane: { name, hyper } with every field its optimizer uses. */
export function runnerKind(optimizers) {
  return {
    parse(text) {
      const parts = text.split(",");
      const entry = optimizers.find((o) => o.name === parts[0]);
      if (!entry) return { error: `names no optimizer (choose ${optimizers.map((o) => o.name).join(", ")})` };
      if (parts.length % 2 !== 1) return { error: "needs name,key,value,… (a value is missing)" };
      const hyper = { ...entry.defaults };
      const fields = hyperFields(entry);
      for (let i = 1; i < parts.length; i += 2) {
        const key = parts[i];
        const range = fields.find((f) => f.key === key);
        if (!(key in entry.defaults) || !range) return { error: `sets ${key}, which ${entry.title} does not use` };
        const t = parts[i + 1].trim();
        const v = Number(t);
        if (!NUMBER.test(t) || !Number.isFinite(v)) return { error: `has ${key} that is not a number` };
        if (v < range.min || v > range.max) return { error: `has ${key} outside ${range.min} … ${range.max}` };
        hyper[key] = v;
      }
      return { value: { name: entry.name, hyper } };
    },
    write: (r) => [r.name, ...Object.entries(r.hyper).flatMap(([k, v]) => [k, formatNumber(v)])].join(","),
  };
}

/** A learning rate to the two significant digits a link holds (as the kit's sliders round). */
export const roundRate = (lr) => Number(lr.toPrecision(2));

/**
 * The card of controls for lane `index` (`current()` reads its { name, hyper }): optimizer,
 * learning rate (log slider), the other hyperparameters (number inputs), and a remove button.
 * Its listeners are guarded by `guard` and go with its elements; `term(key, label)` makes a
 * label that explains itself (www/kit/glossary.js). `on` holds the callbacks:
 *   change(index, { name, hyper }) → an error message to show, or "" when accepted;
 *   remove(index).
 */
export function runnerCard({ index, current, color, optimizers, canRemove, guard, term, on }) {
  const id = (what) => `r${index + 1}-${what}`;
  const runner = current();
  const entry = optimizers.find((o) => o.name === runner.name);
  const fields = hyperFields(entry);
  const error = h("p", { class: "race-card-error", id: id("error"), role: "alert" });

  const propose = (next, revert) => {
    const message = on.change(index, next);
    error.textContent = message ?? "";
    if (message) revert();
  };

  const select = h("select", {
    id: id("optimizer"), "aria-label": `Optimizer of lane ${index + 1}`,
    on: {
      change: guard(() => {
        const chosen = optimizers.find((o) => o.name === select.value);
        // A new optimizer starts from its own defaults, keeping the learning rate.
        propose({ name: chosen.name, hyper: { ...chosen.defaults, lr: current().hyper.lr } }, () => (select.value = current().name));
      }),
    },
  }, optimizers.map((o) => h("option", { value: o.name, text: o.title })));
  select.value = runner.name;

  // The learning rate: a log slider over its field's range, rounded as the kit's sliders round.
  const rate = fields.find((f) => f.key === "lr");
  const lrOut = h("output", { for: id("lr"), id: id("lr-out"), text: format.rate(runner.hyper.lr) });
  const lr = h("input", {
    id: id("lr"), type: "range", min: String(Math.log10(rate.min)), max: String(Math.log10(rate.max)), step: "0.01",
    value: String(Math.log10(runner.hyper.lr)),
    on: {
      input: guard(() => {
        const value = Math.min(rate.max, Math.max(rate.min, roundRate(10 ** Number(lr.value))));
        lrOut.textContent = format.rate(value);
        const now = current();
        propose({ name: now.name, hyper: { ...now.hyper, lr: value } }, () => {
          lr.value = String(Math.log10(current().hyper.lr));
          lrOut.textContent = format.rate(current().hyper.lr);
        });
      }),
    },
  });

  const others = fields.filter((f) => f.key !== "lr" && f.key in entry.defaults).map((field) => {
    const { key } = field;
    const input = h("input", {
      id: id(key), type: "number", inputmode: "decimal", step: field.step, value: String(runner.hyper[key]),
      on: {
        change: guard(() => {
          const t = input.value.trim();
          const v = Number(t);
          const now = current();
          const revert = () => (input.value = String(current().hyper[key]));
          if (t === "" || !Number.isFinite(v)) {
            error.textContent = `${field.label}: type a number (kept ${format.value(now.hyper[key])})`;
            revert();
            return;
          }
          propose({ name: now.name, hyper: { ...now.hyper, [key]: v } }, revert);
        }),
      },
    });
    return h("div", { class: "race-field" }, h("label", { for: id(key) }, term(field.symbol || key, field.label)), input);
  });

  return h("div", { class: "race-card", dataset: { runner: String(index) } },
    h("div", { class: "race-card-head" },
      laneGlyph(index, color),
      h("span", { class: "race-card-number", text: `${index + 1}` }),
      select,
      h("button", {
        type: "button", class: "race-remove", id: id("remove"), title: "Remove this optimizer",
        "aria-label": `Remove lane ${index + 1}`, disabled: !canRemove,
        on: { click: guard(() => on.remove(index)) },
      }, "✕")),
    h("div", { class: "field" }, h("label", { for: id("lr") }, h("span", {}, term(rate.symbol || "lr", rate.label)), " ", lrOut), lr),
    others.length ? h("div", { class: "race-others" }, others) : null,
    h("p", { class: "race-card-inner", id: id("inner"), "aria-live": "off" }),
    error,
  );
}

/**
 * The lanes' controls: a card per lane in `container`, the Add button `add` and the explorer's
 * lane picker `sweepSelect` (its value is `state.sweep`). The view lends `lanes()` (the race's
 * lanes, changed in place), `race()` (for the core's labels), `probe(lane)` (throws the core's
 * words when it refuses the settings), `restart()` (a new race from the lanes) and
 * `newRate(entry)` (the learning rate a new lane starts with). Returns { fill(), change(index,
 * lane), inner }: `inner` are the lines under the cards that say each lane's inner state.
 */
export function createLaneControls(kit, { container, add, sweepSelect, colors, optimizers, maxLanes, lanes, race, probe, restart, newRate }) {
  const { state } = kit;
  let inner = [];
  const title = (i) => `${i + 1}. ${race().label(i)}`;

  function fill() {
    container.replaceChildren(...lanes().map((_, index) => runnerCard({
      index,
      current: () => lanes()[index],
      color: colors[index],
      optimizers,
      canRemove: lanes().length > 1,
      guard: kit.guard,
      term: (key, label) => term(kit, key, label),
      on: { change, remove },
    })));
    add.disabled = lanes().length >= maxLanes;
    if (state.sweep > lanes().length) state.sweep = 1;
    sweepSelect.replaceChildren(...lanes().map((_, i) => h("option", { value: String(i + 1), text: title(i) })));
    sweepSelect.value = String(state.sweep);
    inner = [...container.querySelectorAll(".race-card-inner")];
    kit.redraw("board", "sweep");
  }

  /** Checks a lane's new settings with the core; returns its words on refusal, "" on success. */
  function change(index, next) {
    try {
      probe(next);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err; // the guard hands it to the page
      return `${err.message} — kept the previous value.`;
    }
    const renamed = lanes()[index].name !== next.name;
    lanes()[index] = next;
    restart();
    if (renamed) fill();
    else if (sweepSelect.options[index]) sweepSelect.options[index].textContent = title(index);
    return "";
  }

  function remove(index) {
    if (lanes().length <= 1) return;
    lanes().splice(index, 1);
    if (state.sweep > index + 1) state.sweep -= 1;
    restart();
    fill();
  }

  kit.on(add, "click", () => {
    if (lanes().length >= maxLanes) return;
    // The first optimizer not yet racing, or the first one again.
    const used = new Set(lanes().map((l) => l.name));
    const entry = optimizers.find((o) => !used.has(o.name)) ?? optimizers[0];
    const rate = hyperField(entry, "lr");
    lanes().push({ name: entry.name, hyper: { ...entry.defaults, lr: Math.min(rate.max, Math.max(rate.min, newRate(entry))) } });
    restart();
    fill();
    container.lastElementChild?.querySelector("select")?.focus();
  });
  kit.on(sweepSelect, "change", () => {
    state.sweep = Number(sweepSelect.value);
    kit.redraw("sweep");
    kit.save();
  });

  return {
    fill,
    change,
    get inner() {
      return inner;
    },
  };
}
