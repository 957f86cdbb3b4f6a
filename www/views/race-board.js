// The race's leaderboard: one row per lane (its glyph, the core's label "Adam, η = 0.05", its
// loss, the first step within 10⁻³ of a minimum, its status), ranked; the lanes' inner state in
// words under their cards; and the race in one sentence for narration.

import { h } from "../dom.js";
import * as format from "../kit/format.js";
import { laneGlyph, laneStyleWords } from "./race-map.js";

/**
 * The lanes in rank order: reached a minimum first, then lower loss; diverged lanes last.
 * Lanes that tie on all three share a rank (1, 1, 3, …). Returns [{ i, rank, status, near, value }].
 */
export function rankLanes(race) {
  const info = [];
  for (let i = 0; i < race.length; i++) info.push({ i, status: race.status(i), near: race.firstNear(i), value: race.value(i) });
  const diverged = (s) => s === "diverged";
  const loss = (v) => (Number.isNaN(v) ? Infinity : v);
  const compare = (a, b) => {
    if (diverged(a.status) !== diverged(b.status)) return diverged(a.status) ? 1 : -1;
    const an = a.near ?? Infinity;
    const bn = b.near ?? Infinity;
    if (an !== bn) return an - bn;
    if (loss(a.value) !== loss(b.value)) return loss(a.value) - loss(b.value);
    return 0;
  };
  const ranked = info.sort((a, b) => compare(a, b) || a.i - b.i);
  ranked.forEach((lane, k) => {
    lane.rank = k > 0 && compare(ranked[k - 1], lane) === 0 ? ranked[k - 1].rank : k + 1;
  });
  return ranked;
}

/** The race in one sentence: "step 40: Adam, η = 0.05 leads with loss 0.0012". */
export function raceSentence(race, steps) {
  const lead = rankLanes(race)[0];
  if (!lead || lead.status === "diverged") return `step ${steps}: every optimizer diverged`;
  return `step ${steps}: ${race.label(lead.i)} leads with loss ${format.value(lead.value)}`;
}

/**
 * A lane's status in words: "ready" before the first step, "diverged at step 12", "converged at
 * step 300", ...
 */
function statusText(status, at, steps) {
  const step = `step ${at}`;
  if (status === "running") return steps === 0 ? "ready" : "running";
  if (status === "diverged") return `diverged at ${step}`;
  if (status === "converged") return `converged at ${step}`;
  if (status === "unbounded") return `no minimum: f keeps falling (${step})`;
  if (status === "limit") return `stopped at ${step}`;
  return status;
}

/**
 * The lane's inner state in words: its velocity, or its step size per coordinate x : y, as
 * parts [{ term, text }]: `term` a glossary key whose word starts the part, or null.
 */
export function innerParts(inner, lane) {
  const parts = [];
  if (inner.velocity && !inner.stepScale) parts.push({ term: "velocity", text: ` b = ${format.point(inner.velocity[0], inner.velocity[1])}` });
  if (inner.stepScale) {
    const [a, b] = inner.stepScale;
    const shape = a > 0 && b > 0 ? ` — x : y = ${a >= b ? `1 : ${format.rate(b / a)}` : `${format.rate(a / b)} : 1`}` : "";
    parts.push({ term: "step size", text: `${lane.name === "sgd" ? " γ" : " per coordinate"} ${format.point(a, b)}${shape}` });
  }
  return parts.length ? parts : [{ term: null, text: "inner state: after the first step" }];
}

/**
 * Writes `parts` into `el`, making its words' terms (with `term(key)`) only when the words
 * change kind, so a frame only changes text.
 */
const innerTerms = new WeakMap(); // inner-state line -> Map(key -> its term, made once)

function showInner(el, parts, term) {
  const shape = parts.map((p) => p.term ?? "").join("|");
  if (el.dataset.shape !== shape || el.children.length !== parts.length) {
    el.dataset.shape = shape;
    if (!innerTerms.has(el)) innerTerms.set(el, new Map());
    const terms = innerTerms.get(el);
    const termOf = (key) => {
      if (!terms.has(key)) terms.set(key, term(key));
      return terms.get(key);
    };
    el.replaceChildren(...parts.map((p, k) => h("span", {}, k ? "; " : "", p.term ? termOf(p.term) : "", h("span", { class: "race-inner-text" }))));
  }
  [...el.children].forEach((span, k) => {
    const text = span.querySelector(".race-inner-text");
    if (text.textContent !== parts[k].text) text.textContent = parts[k].text;
  });
}

/** A lane's label "Adam, η = 0.05" with its "η = 0.05" kept on one line. */
function labelNode(label) {
  const cut = label.lastIndexOf(", ");
  if (cut < 0) return h("span", { text: label });
  return h("span", {}, label.slice(0, cut + 2), h("span", { class: "race-nowrap", text: label.slice(cut + 2) }));
}

/**
 * The leaderboard in `tbody`, with the step it shows in `stepEl`. `update(race, lanes, steps,
 * innerEls)` fills it from the race (and each lane's inner-state line in `innerEls[i]`, its
 * words explained by `term(key)`, a glossary term of the view);
 * `reset()` rebuilds its rows at the next update (a new race).
 */
export function createBoard({ tbody, stepEl, colors, term }) {
  let rows = [];

  function build(race) {
    rows = [];
    for (let i = 0; i < race.length; i++) {
      // The lane is told by its glyph (colour, marker, dash as on the map); its number, which
      // the cards show, is said to screen readers only, so rows are not numbered twice.
      const cells = {
        rank: h("td", { class: "lb-rank" }),
        name: h("td", { class: "lb-name" },
          laneGlyph(i, colors[i]),
          h("span", { class: "visually-hidden", text: `lane ${i + 1} (${laneStyleWords(i)}): ` }),
          labelNode(race.label(i))),
        loss: h("td", { class: "lb-loss" }),
        near: h("td", { class: "lb-near" }),
        status: h("td", { class: "lb-status" }),
      };
      rows.push({ tr: h("tr", { dataset: { runner: String(i) } }, cells.rank, cells.name, cells.loss, cells.near, cells.status), cells });
    }
    tbody.replaceChildren(...rows.map((r) => r.tr));
  }

  function update(race, lanes, steps, innerEls) {
    if (rows.length !== race.length) build(race);
    const ranked = rankLanes(race);
    ranked.forEach(({ i, rank, status, near, value }) => {
      const { tr, cells } = rows[i];
      cells.rank.textContent = String(rank);
      cells.loss.textContent = format.value(value);
      cells.near.textContent = near === undefined ? "—" : String(near);
      const words = statusText(status, race.stoppedAt(i), race.steps(i));
      if (cells.status.textContent !== words) {
        // "step 588" stays on one line when the words wrap.
        const m = words.match(/^(.*?)(step \d+)(.*)$/);
        cells.status.replaceChildren(...(m ? [m[1], h("span", { class: "race-nowrap", text: m[2] }), m[3]] : [words]));
      }
      cells.status.title = race.message(i) ?? "";
      tr.dataset.status = status;
      if (innerEls[i]) showInner(innerEls[i], innerParts(race.inner(i), lanes[i]), term);
    });
    const order = ranked.map(({ i }) => rows[i].tr);
    if (order.some((tr, k) => tbody.children[k] !== tr)) tbody.replaceChildren(...order);
    stepEl.textContent = String(steps);
  }

  return {
    update,
    reset: () => {
      rows = [];
    },
  };
}
