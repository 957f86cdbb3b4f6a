// Every symbol and term explained where it appears: `term(kit, key, label)` makes a word or
// symbol on the page (a control's label, a formula's η) that shows its meaning on hover, on
// keyboard focus and on a tap, in one tooltip per view. The meanings come from the core's
// catalogs (each hyperparameter's, activation's and landscape parameter's `meaning`) and from
// the page's glossary (www/glossary.js) for the words no catalog holds (R², adjoint, …).

import { h } from "../dom.js";
import { GLOSSARY } from "../glossary.js";

const cache = new WeakMap(); // engine -> Map(key -> { title, text })

/**
 * Every meaning the page can show, by key: the page's glossary, then the catalogs' entries,
 * keyed by their ids ("lr", "beta1", "condition", "relu") and their symbols ("η", "β₁", "κ").
 */
export function meanings(engine) {
  let table = cache.get(engine);
  if (table) return table;
  table = new Map(Object.entries(GLOSSARY));
  const add = (key, title, text) => {
    if (key && text && !table.has(key)) table.set(key, { title, text });
  };
  for (const o of engine.optimizerCatalog()) {
    add(o.name, o.title, o.summary);
    for (const p of o.hyper ?? []) {
      add(p.key, `${p.label} ${p.symbol}`, p.meaning);
      add(p.symbol, `${p.symbol}, the ${p.label}`, p.meaning);
    }
  }
  for (const a of engine.activationCatalog()) add(a.name, `${a.title}: ${a.formula}`, a.meaning);
  for (const l of engine.Landscape.catalog()) {
    for (const p of l.params) {
      add(p.name, p.label, p.meaning);
      add(p.symbol, `${p.symbol}, the ${p.label}`, p.meaning);
    }
  }
  cache.set(engine, table);
  return table;
}

/** The view's one tooltip, made on first use inside `kit.root` (gone with the view). */
function tooltip(kit) {
  let tip = kit.root.querySelector(":scope > .tip");
  if (tip) return tip;
  tip = h("div", { class: "tip", role: "tooltip", id: "glossary-tip", hidden: true });
  kit.root.append(tip);
  kit.listen(document, "keydown", (event) => {
    if (event.key === "Escape") tip.hidden = true;
  });
  kit.listen(document, "pointerdown", (event) => {
    if (!event.target.closest?.(".term")) tip.hidden = true;
  });
  return tip;
}

/** Shows the meaning of `entry` under `anchor`, inside the view. */
function show(kit, anchor, entry) {
  const tip = tooltip(kit);
  tip.replaceChildren(h("strong", { text: entry.title }), " ", entry.text);
  tip.hidden = false;
  anchor.setAttribute("aria-describedby", tip.id);
  const box = kit.root.getBoundingClientRect();
  const at = anchor.getBoundingClientRect();
  const width = Math.min(288, box.width - 16);
  tip.style.width = `${width}px`;
  tip.style.left = `${Math.max(8, Math.min(at.left - box.left, box.width - width - 8))}px`;
  tip.style.top = `${at.bottom - box.top + 6}px`;
}

function hide(kit, anchor) {
  const tip = tooltip(kit);
  tip.hidden = true;
  anchor.removeAttribute("aria-describedby");
}

/**
 * A term the learner can ask about: `label` (text or nodes; `key` itself by default) in a
 * button styled as a dotted-underlined word, whose meaning (looked up by `key`) shows on hover,
 * focus and tap. An unknown key is a mistake in the page: it throws, so a test finds it.
 */
export function term(kit, key, label = key) {
  const entry = meanings(kit.engine).get(key);
  if (!entry) throw new Error(`the glossary has no entry "${key}"`);
  const el = h("button", { type: "button", class: "term", "data-term": key }, ...[label].flat());
  // The term's own listeners go with it (a view that rebuilds its terms piles none up).
  el.addEventListener("pointerenter", () => show(kit, el, entry));
  el.addEventListener("pointerleave", () => hide(kit, el));
  el.addEventListener("focus", () => show(kit, el, entry));
  el.addEventListener("blur", () => hide(kit, el));
  el.addEventListener("click", (event) => {
    event.preventDefault(); // inside a <label>, a tap explains the word instead of moving focus
    show(kit, el, entry);
  });
  return el;
}
