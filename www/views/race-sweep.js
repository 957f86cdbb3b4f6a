// The learning-rate explorer: for one lane's optimizer, the loss after N steps against the
// learning rate on a log axis, each rate a fresh run from the race's start (computed by the core's
// lrSweep in slices of a few milliseconds per frame, so the page never stalls). Diverged runs
// are crosses along the top; the divergence edge (the smallest rate that diverged) is a dashed
// line. Clicking a point, or choosing it with the arrow keys and Enter, sets that rate.

import * as draw from "../draw.js";
import { formatRate } from "./race-runners.js";

const N_RATES = 60;
const SLICE_MS = 6; // work per frame, leaving room for drawing inside ~8 ms
const PAD = { left: 58, right: 14, top: 22, bottom: 44 };

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const decade = (k) => (k === 0 ? "1" : `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`);

/**
 * `canvas` is the chart, `summary` a live text under it. `onPick(lr)` applies a rate.
 * Returns { request(spec), work(), draw(), pending, points, edge, destroy }.
 */
export function createSweep({ engine, canvas, summary, guard, onPick, lrMin, lrMax }) {
  let spec = null; // { key, landscape(), name, hyper, x, y, nSteps, sigma, seed, lr, color, title }
  let lrs = new Float64Array(0);
  let points = []; // { lr, loss, diverged }
  let msPerRate = 0.2;
  let selected = -1;
  let layout = null;
  const listeners = [];
  const listen = (target, type, fn) => {
    target.addEventListener(type, fn);
    listeners.push(() => target.removeEventListener(type, fn));
  };

  /** Asks for a sweep; a new key starts it over, the same key only updates the marks. */
  function request(next) {
    const restart = !spec || spec.key !== next.key;
    spec = next;
    if (restart) {
      lrs = engine.lrRates(lrMin, lrMax, N_RATES);
      points = [];
      selected = -1;
    }
    return restart;
  }

  /** Computes the next rates for about SLICE_MS; returns true when new points arrived. */
  function work() {
    if (!spec || points.length >= lrs.length) return false;
    const t0 = performance.now();
    let added = false;
    while (points.length < lrs.length && performance.now() - t0 < SLICE_MS) {
      const room = SLICE_MS - (performance.now() - t0);
      const n = Math.max(1, Math.min(lrs.length - points.length, Math.floor(room / Math.max(msPerRate, 0.01))));
      const from = points.length;
      const t = performance.now();
      const out = engine.lrSweep(spec.landscape(), spec.name, spec.hyper, spec.x, spec.y, lrs.subarray(from, from + n), spec.nSteps, spec.sigma, spec.seed);
      msPerRate = Math.max(0.005, (performance.now() - t) / n);
      for (let i = 0; i < out.length; i += 3) points.push({ lr: out[i], loss: out[i + 1], diverged: out[i + 2] });
      added = true;
    }
    if (added) describe();
    return added;
  }

  /** The smallest rate that diverged, or null. */
  function edge() {
    const hit = points.find((p) => p.diverged > 0);
    return hit ? hit.lr : null;
  }

  function describe(chosen = selected) {
    if (!spec) return;
    if (points.length < lrs.length) {
      summary.textContent = `Computing… ${points.length} of ${lrs.length} learning rates.`;
      return;
    }
    const e = edge();
    const edgeText = e === null
      ? `None of these rates diverged within ${spec.nSteps} steps.`
      : `Divergence edge: η ≈ ${formatRate(e)} — the smallest rate that diverged within ${spec.nSteps} steps.`;
    const p = points[chosen];
    const pointText = p
      ? ` Selected η = ${formatRate(p.lr)}: ${p.diverged > 0 ? `diverged at step ${p.diverged}` : `loss ${draw.formatValue(p.loss)}`} (Enter uses it).`
      : "";
    summary.textContent = `${spec.title}: ${edgeText}${pointText}`;
  }

  function drawChart() {
    const { ctx, width, height } = draw.fitCanvas(canvas);
    const colors = draw.themeColors();
    ctx.clearRect(0, 0, width, height);
    const plot = { left: PAD.left, top: PAD.top, width: width - PAD.left - PAD.right, height: height - PAD.top - PAD.bottom };
    if (plot.width < 60 || plot.height < 40 || !spec) return;
    const good = points.filter((p) => !(p.diverged > 0) && Number.isFinite(p.loss));
    const logY = good.length > 0 && good.every((p) => p.loss > 0);
    const yOf = (v) => (logY ? Math.log10(v) : v);
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of good) {
      lo = Math.min(lo, yOf(p.loss));
      hi = Math.max(hi, yOf(p.loss));
    }
    if (!(lo <= hi)) [lo, hi] = [0, 1];
    if (logY) {
      lo = Math.floor(lo);
      hi = Math.max(Math.ceil(hi), lo + 1);
    } else if (hi - lo < 1e-12) {
      lo -= 1;
      hi += 1;
    }
    const lx0 = Math.log10(lrMin);
    const lx1 = Math.log10(lrMax);
    // Diverged runs sit in a band above the plot's top line.
    const band = 12;
    const inner = { ...plot, top: plot.top + band, height: plot.height - band };
    const sx = (lr) => plot.left + ((Math.log10(lr) - lx0) / (lx1 - lx0)) * plot.width;
    const sy = (v) => inner.top + inner.height - ((yOf(v) - lo) / (hi - lo)) * inner.height;
    layout = { plot, sx };

    ctx.save();
    ctx.strokeStyle = colors.muted;
    ctx.fillStyle = colors.ink;
    ctx.lineWidth = 1;
    ctx.font = "12px system-ui, sans-serif";
    ctx.strokeRect(plot.left - 0.5, plot.top - 0.5, plot.width + 1, plot.height + 1);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const bottom = plot.top + plot.height;
    for (let k = Math.ceil(lx0); k <= Math.floor(lx1); k++) {
      const x = sx(10 ** k);
      ctx.beginPath();
      ctx.moveTo(x, bottom);
      ctx.lineTo(x, bottom + 5);
      ctx.stroke();
      ctx.fillText(decade(k), x, bottom + 7);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    const yTicks = [];
    if (logY) {
      const every = Math.max(1, Math.ceil((hi - lo) / 6));
      for (let k = lo; k <= hi; k += every) yTicks.push({ v: 10 ** k, label: decade(k) });
    } else {
      const vs = engine.niceTicks(lo, hi, 5);
      const step = vs.length > 1 ? vs[1] - vs[0] : hi - lo;
      for (const v of vs) yTicks.push({ v, label: engine.formatTick(v, step) });
    }
    for (const t of yTicks) {
      const y = sy(t.v);
      ctx.beginPath();
      ctx.moveTo(plot.left - 5, y);
      ctx.lineTo(plot.left, y);
      ctx.stroke();
      ctx.fillText(t.label, plot.left - 7, y);
    }
    ctx.fillStyle = colors.muted;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText("learning rate η (log scale)", plot.left + plot.width / 2, height - 2);
    ctx.save();
    ctx.translate(12, inner.top + inner.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(logY ? `loss after ${spec.nSteps} steps (log)` : `loss after ${spec.nSteps} steps`, 0, 0);
    ctx.restore();
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(plot.left, inner.top);
    ctx.lineTo(plot.left + plot.width, inner.top);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText("diverged", plot.left + 4, plot.top + band / 2 - 5);

    const labels = [];
    const e = edge();
    if (e !== null && points.length === lrs.length) {
      const x = sx(e);
      ctx.strokeStyle = colors.grad;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(x, plot.top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = "600 12px system-ui, sans-serif";
      labels.push(["600 12px system-ui, sans-serif", "divergence edge", x, bottom - 14, colors.grad, x > plot.left + plot.width * 0.7]);
    }
    // The lane's current rate.
    if (spec.lr >= lrMin && spec.lr <= lrMax) {
      const x = sx(spec.lr);
      ctx.strokeStyle = spec.color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, plot.top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.font = "12px system-ui, sans-serif";
      labels.push(["12px system-ui, sans-serif", `now η = ${formatRate(spec.lr)}`, x, inner.top + 14, colors.ink, x > plot.left + plot.width * 0.7]);
    }
    points.forEach((p, i) => {
      const x = sx(p.lr);
      const ring = i === selected;
      if (p.diverged > 0 || !Number.isFinite(p.loss)) {
        const y = plot.top + band / 2 + 1;
        ctx.strokeStyle = colors.grad;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x - 3.5, y - 3.5);
        ctx.lineTo(x + 3.5, y + 3.5);
        ctx.moveTo(x - 3.5, y + 3.5);
        ctx.lineTo(x + 3.5, y - 3.5);
        ctx.stroke();
        if (ring) ringAt(ctx, x, y, colors.ink);
        return;
      }
      const y = sy(p.loss);
      ctx.beginPath();
      ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = spec.color;
      ctx.strokeStyle = colors.dark ? "rgba(0,0,0,0.8)" : "rgba(0,0,0,0.55)";
      ctx.lineWidth = 1;
      ctx.fill();
      ctx.stroke();
      if (ring) ringAt(ctx, x, y, colors.ink);
    });
    for (const [font, text, x, y, ink, flip] of labels) {
      ctx.font = font;
      label(ctx, text, x, y, ink, colors.surface, flip);
    }
    ctx.restore();
  }

  /** Text beside the vertical line at x (left of it when `flip`), on a box of the page colour. */
  function label(ctx, text, x, y, ink, paper, flip) {
    const w = ctx.measureText(text).width;
    const left = flip ? x - 6 - w : x + 6;
    ctx.save();
    ctx.globalAlpha = 0.88;
    ctx.fillStyle = paper;
    ctx.fillRect(left - 3, y - 9, w + 6, 18);
    ctx.globalAlpha = 1;
    ctx.fillStyle = ink;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(text, left, y);
    ctx.restore();
  }

  function ringAt(ctx, x, y, color) {
    ctx.beginPath();
    ctx.arc(x, y, 7, 0, 2 * Math.PI);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }

  /** The point nearest the pointer's x within 14 px, or -1. */
  function nearest(event) {
    if (!layout || points.length === 0) return -1;
    const rect = canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    let best = -1;
    let bestDist = 14;
    points.forEach((p, i) => {
      const d = Math.abs(layout.sx(p.lr) - px);
      if (d < bestDist) {
        best = i;
        bestDist = d;
      }
    });
    return best;
  }

  function select(i) {
    selected = i;
    describe();
    drawChart();
  }

  listen(canvas, "pointermove", (event) => {
    const i = nearest(event);
    if (i !== selected && i >= 0) select(i);
  });
  listen(canvas, "click", guard((event) => {
    const i = nearest(event);
    if (i >= 0) onPick(points[i].lr);
  }));
  listen(canvas, "keydown", guard((event) => {
    if (points.length === 0) return;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      event.stopPropagation();
      const base = selected >= 0 ? selected : Math.floor(points.length / 2);
      select(Math.max(0, Math.min(points.length - 1, base + (event.key === "ArrowRight" ? 1 : -1))));
    } else if (event.key === "Enter" && selected >= 0) {
      event.preventDefault();
      onPick(points[selected].lr);
    }
  }));

  return {
    request,
    work,
    draw: drawChart,
    describe,
    get pending() {
      return spec !== null && points.length < lrs.length;
    },
    get points() {
      return points;
    },
    edge,
    destroy() {
      for (const off of listeners) off();
    },
  };
}
