// The landscape picker's parameters, shared by the views that put a built-in landscape on the
// map: one URL key per parameter (the bowl's condition number, ...), read only for the
// landscape that has it, and a log-scaled slider for each parameter of the chosen landscape.

import { number } from "./kit/state.js";
import * as format from "./kit/format.js";
import { h } from "./dom.js";

/** URL properties for every catalog entry's parameters; `s.f` names the chosen landscape. */
export function paramProperties(catalog) {
  const byName = (name) => catalog.find((c) => c.name === name) ?? catalog[0];
  const props = [];
  const seen = new Set();
  for (const entry of catalog) {
    for (const p of entry.params) {
      if (seen.has(p.name)) continue;
      seen.add(p.name);
      props.push({
        key: p.name,
        kind: number(p.min, p.max),
        fallback: (s) => byName(s.f).params.find((q) => q.name === p.name)?.default,
        only: (s) => byName(s.f).params.some((q) => q.name === p.name),
      });
    }
  }
  return props;
}

/** The chosen landscape's parameters from the state, as Landscape.builtin takes them. */
export function paramValues(catalog, state) {
  const entry = catalog.find((c) => c.name === state.f);
  const params = {};
  for (const p of entry.params) params[p.name] = state[p.name];
  return params;
}

/**
 * One field with a log-scaled slider per parameter of the chosen landscape (parameters such as
 * a condition number span decades). Moving one sets `state[name]` to 3 significant digits and
 * calls `changed()` (wrapped in `guard`).
 */
export function paramSliders(catalog, state, guard, changed) {
  const entry = catalog.find((c) => c.name === state.f);
  return entry.params.map((p) => {
    const out = h("output", { text: format.value(state[p.name]) });
    const input = h("input", {
      id: `param-${p.name}`, type: "range", step: "0.01",
      min: String(Math.log10(p.min)), max: String(Math.log10(p.max)), value: String(Math.log10(state[p.name])),
    });
    input.addEventListener("input", guard(() => {
      state[p.name] = Number((10 ** Number(input.value)).toPrecision(3));
      out.textContent = format.value(state[p.name]);
      changed();
    }));
    return h("div", { class: "field" }, h("label", { for: `param-${p.name}` }, `${p.label} `, out), input);
  });
}

/** The options of a landscape picker. */
export function landscapeOptions(catalog) {
  return catalog.map((c) => h("option", { value: c.name, text: c.title }));
}
