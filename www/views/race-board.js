// The race's leaderboard: one row per lane (its colour, the core's label "Adam, η = 0.05", its
// loss, the first step within 10⁻³ of a minimum, its status), ranked; the lanes' inner state in
// words under their cards; and the race in one sentence for narration.

import { h } from "../dom.js";
import * as format from "../kit/format.js";

/**
 * The lanes in rank order: reached a minimum first, then lower loss; diverged lanes last.
 * Returns [{ i, status, near, value }].
 */
export function rankLanes(race) {
  const info = [];
  for (let i = 0; i < race.length; i++) info.push({ i, status: race.status(i), near: race.firstNear(i), value: race.value(i) });
  const diverged = (s) => s === "diverged";
  const loss = (v) => (Number.isNaN(v) ? Infinity : v);
  return info.sort((a, b) => {
    if (diverged(a.status) !== diverged(b.status)) return diverged(a.status) ? 1 : -1;
    const an = a.near ?? Infinity;
    const bn = b.near ?? Infinity;
    if (an !== bn) return an - bn;
    if (a.value !== b.value) return loss(a.value) - loss(b.value);
    return a.i - b.i;
  });
}

/** The race in one sentence: "step 40: Adam, η = 0.05 leads with loss 0.0012". */
export function raceSentence(race, steps) {
  const lead = rankLanes(race)[0];
  if (!lead || lead.status === "diverged") return `step ${steps}: every optimizer diverged`;
  return `step ${steps}: ${race.label(lead.i)} leads with loss ${format.value(lead.value)}`;
}

/** A lane's status in words: "diverged at step 12", "converged at step 300", ... */
function statusText(status, at) {
  if (status === "diverged") return `diverged at step ${at}`;
  if (status === "converged") return `converged at step ${at}`;
  if (status === "unbounded") return `no minimum: f keeps falling (step ${at})`;
  if (status === "limit") return `stopped at step ${at}`;
  return status;
}

/** The lane's inner state in words: its velocity, or its step size per coordinate x : y. */
export function innerText(inner, lane) {
  const parts = [];
  if (inner.velocity && !inner.stepScale) parts.push(`velocity b = ${format.point(inner.velocity[0], inner.velocity[1])}`);
  if (inner.stepScale) {
    const [a, b] = inner.stepScale;
    const shape = a > 0 && b > 0 ? ` — x : y = ${a >= b ? `1 : ${format.rate(b / a)}` : `${format.rate(a / b)} : 1`}` : "";
    parts.push(`${lane.name === "sgd" ? "step size γ" : "step size per coordinate"} ${format.point(a, b)}${shape}`);
  }
  return parts.length ? parts.join("; ") : "inner state: after the first step";
}

/**
 * The leaderboard in `tbody`, with the step it shows in `stepEl`. `update(race, lanes, steps,
 * innerEls)` fills it from the race (and each lane's inner-state line in `innerEls[i]`);
 * `reset()` rebuilds its rows at the next update (a new race).
 */
export function createBoard({ tbody, stepEl, colors }) {
  let rows = [];

  function build(race) {
    rows = [];
    for (let i = 0; i < race.length; i++) {
      const swatch = h("span", { class: "race-swatch", "aria-hidden": "true" });
      swatch.style.background = colors[i];
      const cells = {
        rank: h("td", { class: "lb-rank" }),
        name: h("td", { class: "lb-name" }, swatch, h("span", { text: `${i + 1}. ${race.label(i)}` })),
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
    ranked.forEach(({ i, status, near, value }, rank) => {
      const { tr, cells } = rows[i];
      cells.rank.textContent = String(rank + 1);
      cells.loss.textContent = format.value(value);
      cells.near.textContent = near === undefined ? "—" : String(near);
      cells.status.textContent = statusText(status, race.stoppedAt(i));
      cells.status.title = race.message(i) ?? "";
      tr.dataset.status = status;
      if (innerEls[i]) innerEls[i].textContent = innerText(race.inner(i), lanes[i]);
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
