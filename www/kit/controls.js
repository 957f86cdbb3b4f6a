// Controls every lesson uses, bound to a key of the view's state: log-scaled sliders (learning
// rates, speeds, step sizes span decades) and pickers filled from a catalog of the core. Moving
// one writes the state, shows the value, saves the link and tells the view.

import { h } from "../dom.js";
import * as format from "./format.js";
import { term } from "./glossary.js";

/**
 * A labelled slider over log₁₀ of `state[key]` (or of what `get()` reads and `set(v)` writes:
 * a value inside a lane), from `min` to `max`. The value is rounded to
 * `digits` significant digits (2 by default: a link holds 0.05, not 0.0501187), shown with
 * `show` (format.rate by default). Returns `{ field, input, output, sync() }`; `sync()` sets the
 * slider from the state again. `changed()` runs (guarded) after every move, once the state and
 * the link are written.
 */
export function logSlider(kit, {
  key, id = key, label, min, max, step = 0.01, digits = 2, show = format.rate, changed = () => {},
  get = () => kit.state[key], set = (v) => { kit.state[key] = v; },
}) {
  const output = h("output", { id: `${id}-out`, for: id });
  const input = h("input", { id, type: "range", min: String(Math.log10(min)), max: String(Math.log10(max)), step: String(step) });
  const field = h("div", { class: "field" }, h("label", { for: id }, h("span", {}, ...[label].flat()), " ", output), input);
  const sync = () => {
    input.value = String(Math.log10(get()));
    output.textContent = show(get());
  };
  kit.on(input, "input", () => {
    const v = Number((10 ** Number(input.value)).toPrecision(digits));
    set(Math.min(max, Math.max(min, v)));
    output.textContent = show(get());
    kit.save();
    changed(get());
  });
  sync();
  return { field, input, output, sync };
}

/**
 * A labelled slider over `state[key]` itself, from `min` to `max` in steps of `step`, shown
 * with `show` (format.value by default). Returns `{ field, input, output, sync() }`.
 * `changed(v)` runs (guarded) after every move, once the state and the link are written;
 * with `set(v)` the view writes the state itself instead (to round or clamp the value).
 */
export function linearSlider(kit, { key, id = key, label, min, max, step = 0.01, show = format.value, set, changed = () => {} }) {
  const output = h("output", { id: `${id}-out`, for: id });
  const input = h("input", { id, type: "range", min: String(min), max: String(max), step: String(step) });
  const field = h("div", { class: "field" }, h("label", { for: id }, h("span", {}, ...[label].flat()), " ", output), input);
  const sync = () => {
    input.value = String(kit.state[key]);
    output.textContent = show(kit.state[key]);
  };
  kit.on(input, "input", () => {
    const v = Number(input.value);
    if (set) {
      set(v);
    } else {
      kit.state[key] = v;
      kit.save();
      changed(v);
    }
    sync();
  });
  sync();
  return { field, input, output, sync };
}

/** The learning rate η as a log slider (key "lr"). */
export function rateSlider(kit, { label = ["Learning rate ", term(kit, "η", h("var", { text: "η" }))], ...rest }) {
  return logSlider(kit, { key: "lr", label, ...rest });
}

/** Play's speed in steps per second as a log slider (key "speed"). */
export function speedSlider(kit, { label = "Speed", unit = "steps/s", ...rest }) {
  return logSlider(kit, { key: "speed", label, show: (v) => `${format.rate(v)} ${unit}`, ...rest });
}

/**
 * A `<select>` bound to `state[key]`, its options from `entries` (catalog entries: `name` and
 * `title` by default). Returns `{ field, select, sync() }`.
 */
export function picker(kit, { key, id = key, label, entries, value = (e) => e.name, text = (e) => e.title, changed = () => {} }) {
  const select = h("select", { id }, ...entries.map((e) => h("option", { value: String(value(e)), text: text(e) })));
  const field = h("div", { class: "field" }, h("label", { for: id, text: label }), select);
  const sync = () => {
    select.value = String(kit.state[key]);
  };
  kit.on(select, "change", () => {
    const chosen = entries.find((e) => String(value(e)) === select.value);
    kit.state[key] = value(chosen);
    kit.save();
    changed(kit.state[key]);
  });
  sync();
  return { field, select, sync };
}
