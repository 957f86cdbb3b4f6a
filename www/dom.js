// Building DOM without HTML strings: text always goes in as text, never as markup.

/**
 * Creates an element. `props` may hold `class`, `text`, `on` ({ click: fn, ... }), `dataset`,
 * and any other attribute (set with setAttribute; `hidden: true` sets a boolean attribute).
 * Children are nodes or strings (strings become text nodes).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "on") for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

/** A labelled log-scale slider: { field, input, output }. */
export function logSlider({ id, label, min, max, value, step = 0.01, format = String }) {
  const output = h("output", { for: id, text: format(value) });
  const input = h("input", { id, type: "range", min: Math.log10(min), max: Math.log10(max), step, value: Math.log10(value) });
  const field = h("div", { class: "field" }, h("label", { for: id }, `${label} `, output), input);
  return { field, input, output };
}
