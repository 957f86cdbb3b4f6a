// The learning-rate explorer: for one lane's optimizer, the loss after N steps against the
// learning rate on a log axis, each rate a fresh run from the race's start (computed by the core's
// lrSweep in slices of a few milliseconds per frame, so the page never stalls). Diverged runs
// are crosses in a band above the plot; the divergence edge (the smallest rate that diverged) is
// a dashed line. Clicking a point, or choosing it with the arrow keys and Enter, sets that rate,
// rounded as the lanes' sliders round it; rates are written in full (format.value), as the core's
// lane labels write them.

import * as draw from "../draw.js";
import * as format from "../kit/format.js";
import { plotAxes } from "../axes.js";
import { roundRate } from "./race-runners.js";

const N_RATES = 60;
const SLICE_MS = 6; // work per frame, leaving room for drawing inside ~8 ms
const PAD = { left: 52, right: 14, top: 8, bottom: 26 };
const BAND = 18; // the band of diverged runs above the plot, CSS px
const PICK_PX = 14; // how near the pointer a point must be to be picked

/**
 * The explorer on `canvas`, with a live text `summary` under it. `onPick(lr)` applies a rate.
 * Its listeners are the kit's. Returns { request(spec), work(), draw(), describe(), pending,
 * points, edge }.
 */
export function createSweep(kit, { canvas, summary, onPick }) {
  const { engine } = kit;
  let spec = null; // { key, landscape(), name, hyper, x, y, nSteps, sigma, seed, lr, lrMin, lrMax, color, title }
  let lrs = new Float64Array(0);
  let points = []; // { lr, loss, diverged }
  let msPerRate = 0.2;
  let selected = -1;
  let sx = null; // lr → CSS px across, once drawn

  /** Asks for a sweep; a new key starts it over, the same key only updates the marks. */
  function request(next) {
    const restart = !spec || spec.key !== next.key;
    spec = next;
    if (restart) {
      lrs = engine.lrRates(spec.lrMin, spec.lrMax, N_RATES);
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

  function describe() {
    if (!spec) return;
    if (points.length < lrs.length) {
      summary.textContent = `Computing… ${points.length} of ${lrs.length} learning rates.`;
      return;
    }
    const e = edge();
    const edgeText = e === null
      ? `None of these rates diverged within ${spec.nSteps} steps.`
      : `Divergence edge: η ≈ ${format.value(e)} — the smallest rate that diverged within ${spec.nSteps} steps.`;
    const p = points[selected];
    const pointText = p
      ? ` Selected η = ${format.value(roundRate(p.lr))}: ${p.diverged > 0 ? `diverged at step ${p.diverged}` : `loss ${format.value(p.loss)}`} (Enter uses it).`
      : "";
    summary.textContent = `${spec.title}: ${edgeText}${pointText}`;
  }

  /** The loss axis: decades when every finished loss is positive, else linear. */
  function lossRange(good) {
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
    // Headroom above the highest loss, so the axis's name stays clear of the points.
    return { logY, yOf, yr: [lo, hi + 0.12 * (hi - lo)] };
  }

  function drawChart() {
    const { ctx, width, height } = draw.fitCanvas(canvas);
    const colors = draw.themeColors();
    ctx.clearRect(0, 0, width, height);
    const plot = { left: PAD.left, top: PAD.top + BAND, width: width - PAD.left - PAD.right, height: height - PAD.top - BAND - PAD.bottom };
    if (plot.width < 60 || plot.height < 40 || !spec) return;
    const good = points.filter((p) => !(p.diverged > 0) && Number.isFinite(p.loss));
    const { logY, yOf, yr } = lossRange(good);
    const xr = [Math.log10(spec.lrMin), Math.log10(spec.lrMax)];
    const scales = plotAxes(ctx, engine, plot, xr, yr, colors, {
      xName: "η (log scale)", yName: `loss after ${spec.nSteps} steps${logY ? " (log)" : ""}`,
      xLog: true, yLog: logY, yCount: Math.max(3, Math.min(6, Math.floor(plot.height / 40))),
    });
    sx = (lr) => scales.sx(Math.log10(lr));
    const sy = (v) => scales.sy(yOf(v));
    const top = PAD.top;
    const bottom = plot.top + plot.height;

    ctx.save();
    // The band of diverged runs, above the plot.
    ctx.strokeStyle = colors.muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.strokeRect(plot.left - 0.5, top - 0.5, plot.width + 1, BAND);
    ctx.setLineDash([]);
    ctx.fillStyle = colors.muted;
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText("diverged", plot.left + 4, top + BAND / 2);

    const labels = [];
    const flip = (x) => x > plot.left + plot.width * 0.7;
    const vertical = (x, color, dash) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.setLineDash(dash);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
    };
    const e = edge();
    if (e !== null && points.length === lrs.length) {
      vertical(sx(e), colors.grad, [6, 4]);
      labels.push(["600 12px system-ui, sans-serif", "divergence edge", sx(e), bottom - 14, colors.grad]);
    }
    // The lane's current rate.
    if (spec.lr >= spec.lrMin && spec.lr <= spec.lrMax) {
      vertical(sx(spec.lr), spec.color, []);
      // In the left half the y axis's name sits at the plot's top: the label goes under it.
      const y = sx(spec.lr) < plot.left + plot.width / 2 ? plot.top + 34 : plot.top + 14;
      labels.push(["12px system-ui, sans-serif", `now η = ${format.rate(spec.lr)}`, sx(spec.lr), y, colors.ink]);
    }
    points.forEach((p, i) => {
      const x = sx(p.lr);
      if (p.diverged > 0 || !Number.isFinite(p.loss)) {
        const y = top + BAND / 2;
        ctx.strokeStyle = colors.grad;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x - 3.5, y - 3.5);
        ctx.lineTo(x + 3.5, y + 3.5);
        ctx.moveTo(x - 3.5, y + 3.5);
        ctx.lineTo(x + 3.5, y - 3.5);
        ctx.stroke();
        if (i === selected) ringAt(ctx, x, y, colors.ink);
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
      if (i === selected) ringAt(ctx, x, y, colors.ink);
    });
    for (const [font, text, x, y, ink] of labels) {
      ctx.font = font;
      label(ctx, text, x, y, ink, colors.surface, flip(x));
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

  /** The point nearest the pointer's x within PICK_PX, or -1. */
  function nearest(event) {
    if (!sx || points.length === 0) return -1;
    const px = event.clientX - canvas.getBoundingClientRect().left;
    let best = -1;
    let bestDist = PICK_PX;
    points.forEach((p, i) => {
      const d = Math.abs(sx(p.lr) - px);
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

  kit.on(canvas, "pointermove", (event) => {
    const i = nearest(event);
    if (i !== selected && i >= 0) select(i);
  });
  kit.on(canvas, "click", (event) => {
    const i = nearest(event);
    if (i >= 0) onPick(points[i].lr);
  });
  kit.on(canvas, "keydown", (event) => {
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
  });

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
  };
}
