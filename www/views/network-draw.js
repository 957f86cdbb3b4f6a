// The network lesson's pictures: the loss curves, predicted against actual, and the network
// itself. The numbers all come from the core (`Network`); this file only places and strokes
// them, framing both charts through the page's one axis routine (www/axes.js). Colours are
// Okabe–Ito, with lighter variants on the dark theme.

import * as draw from "../draw.js";
import { clipped, plotAxes } from "../axes.js";
import * as format from "../kit/format.js";

/** Okabe–Ito colours for the two signs and the two curves, per theme. */
// The scatter shows test rows, so its points take the test rows' colour of the loss chart's key.
export function palette(dark) {
  return dark
    ? { positive: "#56b4e9", negative: "#ff8a3d", train: "#56b4e9", test: "#f0e442", point: "#f0e442", grad: "#cc79a7", pick: "#f0e442" }
    : { positive: "#0072b2", negative: "#d55e00", train: "#0072b2", test: "#d55e00", point: "#d55e00", grad: "#cc79a7", pick: "#000000" };
}


function caption(ctx, text, x, y, colors, align = "center") {
  ctx.save();
  ctx.font = "12px system-ui, sans-serif";
  ctx.fillStyle = colors.muted;
  ctx.textAlign = align;
  ctx.textBaseline = "top";
  ctx.fillText(text, x, y);
  ctx.restore();
}


/**
 * Train and test RMSE per epoch. `history` is the flat [epoch, train, test, mae, r2, ...]
 * array; `goal` the planned number of epochs (the x axis reaches at least that far).
 */
export function lossChart(canvas, engine, history, n, goal, money, colors, pal) {
  const { ctx, width, height } = draw.fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const plot = { left: 58, top: 12, width: width - 58 - 12, height: height - 12 - 26 };
  if (plot.width < 40 || plot.height < 40) return;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < n; k++) {
    for (const v of [history[5 * k + 1], history[5 * k + 2]]) {
      if (Number.isFinite(v) && v > 0) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  const empty = !(lo <= hi);
  // A log axis when the curves span more than a factor of 4 (the first epochs fall fast): the
  // plot's y is log₁₀ RMSE, its ticks labelled with the RMSE they stand for.
  const useLog = !empty && hi / lo > 4;
  const ty = useLog ? Math.log10 : (v) => v;
  let yr = [0, 1];
  if (useLog) yr = [ty(lo / 1.15), ty(hi * 1.15)];
  else if (!empty) {
    const pad = (hi - lo) * 0.1 || hi * 0.1;
    yr = [Math.max(0, lo - pad), hi + pad];
  }
  const { sx, sy } = plotAxes(ctx, engine, plot, [0, Math.max(goal, n, 1)], yr, colors, {
    xName: "epoch",
    yName: useLog ? "RMSE (log scale)" : "RMSE",
    yLabel: empty ? () => "" : (v) => format.compact(useLog ? 10 ** v : v, money),
    xCount: Math.max(2, Math.floor(plot.width / 70)),
    yCount: Math.max(2, Math.floor(plot.height / 40)),
    zero: false,
  });
  if (empty) {
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = colors.muted;
    ctx.fillText("no epochs yet: press Train", plot.left + plot.width / 2, plot.top + plot.height / 2);
    return;
  }
  clipped(ctx, plot, () => {
    for (const [offset, color, dash] of [[1, pal.train, []], [2, pal.test, [6, 4]]]) {
      ctx.beginPath();
      let started = false;
      for (let k = 0; k < n; k++) {
        const v = history[5 * k + offset];
        if (!(Number.isFinite(v) && v > 0)) continue;
        const x = sx(history[5 * k]);
        if (started) ctx.lineTo(x, sy(ty(v)));
        else ctx.moveTo(x, sy(ty(v)));
        started = true;
      }
      ctx.setLineDash(dash);
      ctx.strokeStyle = color;
      ctx.lineWidth = 2.5;
      ctx.stroke();
    }
  });
}

/**
 * Predicted against actual on the test split: `pairs` is [actual, predicted, ...]; `what` names
 * the target on the axes ("sale price").
 */
export function scatter(canvas, engine, pairs, money, colors, pal, what = "") {
  const { ctx, width, height } = draw.fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const side = Math.min(width - 70, height - 36);
  const plot = { left: 58, top: 10, width: side, height: side };
  if (side < 40) return;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < pairs.length; i += 2) {
    if (Number.isFinite(pairs[i])) {
      lo = Math.min(lo, pairs[i]);
      hi = Math.max(hi, pairs[i]);
    }
  }
  if (!(lo < hi)) return;
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const label = (v) => format.compact(v, money);
  const count = Math.max(2, Math.floor(side / 70));
  const { sx, sy } = plotAxes(ctx, engine, plot, [lo, hi], [lo, hi], colors, {
    xName: `actual ${what}`.trim(), yName: `predicted ${what}`.trim(), xLabel: label, yLabel: label, xCount: count, yCount: count,
  });
  clipped(ctx, plot, () => {
    // The diagonal: a perfect prediction.
    ctx.strokeStyle = colors.muted;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(sx(lo), sy(lo));
    ctx.lineTo(sx(hi), sy(hi));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = pal.point;
    ctx.globalAlpha = pairs.length > 4000 ? 0.35 : 0.55;
    const r = pairs.length > 4000 ? 1.5 : 2.2;
    for (let i = 0; i < pairs.length; i += 2) {
      const p = pairs[i + 1];
      if (!Number.isFinite(p)) continue;
      ctx.beginPath();
      ctx.arc(sx(pairs[i]), sy(p), r, 0, 2 * Math.PI);
      ctx.fill();
    }
  });
}

const MAX_DRAWN_UNITS = 32;

/**
 * `text` shortened to fit `maxWidth` px in ctx's font: whole words dropped from the end with
 * "…" after the last kept one; a single word too long is cut (a learner's long column name).
 */
export function fitLabel(ctx, text, maxWidth) {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const words = text.split(" ");
  for (let n = words.length - 1; n >= 1; n--) {
    const t = `${words.slice(0, n).join(" ").replace(/[,(]$/, "")}…`;
    if (ctx.measureText(t).width <= maxWidth) return t;
  }
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > maxWidth) t = t.slice(0, -1);
  return `${t}…`;
}

/** Which units of a layer of `n` are drawn (all up to 32, else 32 spread evenly). */
function drawnUnits(n) {
  if (n <= MAX_DRAWN_UNITS) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: MAX_DRAWN_UNITS }, (_, i) => Math.round((i * (n - 1)) / (MAX_DRAWN_UNITS - 1)));
}

/**
 * The network as layers of nodes. `layers[l]` is { weights, grads } (fan_in × fan_out,
 * row-major); `mode` "weights" colours edges by sign and size, "gradients" by |dL/dw| of the
 * last mini-batch, scaled over the whole network so the backward flow's shrinking shows.
 * `pick` = { layer, from, to } is outlined. Returns the node positions for hit testing.
 */
export function networkDiagram(canvas, sizes, layers, names, target, mode, pick, colors, pal) {
  const { ctx, width, height } = draw.fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  // Inputs are labelled at every width: on a phone in a smaller font, in a narrower margin,
  // shortened at a word; the output's name sits above its node, inside the canvas.
  const wide = width >= 560;
  const font = wide ? "11px system-ui, sans-serif" : "10px system-ui, sans-serif";
  const labels = sizes[0] <= 40;
  const maxLabel = wide ? 150 : Math.round(width * 0.3);
  ctx.font = font;
  const inputNames = labels ? drawnUnits(sizes[0]).map((unit) => fitLabel(ctx, names[unit] ?? "", maxLabel)) : [];
  const labelWidth = inputNames.reduce((m, t) => Math.max(m, ctx.measureText(t).width), 0);
  const left = labels ? Math.ceil(labelWidth) + 14 : 16;
  const right = 16;
  const top = 22;
  const bottom = 26;
  const nCols = sizes.length;
  const colX = (c) => left + (nCols === 1 ? 0 : (c * (width - left - right)) / (nCols - 1));
  const shown = sizes.map(drawnUnits);
  const rowY = (c, k) => {
    const n = shown[c].length;
    const span = height - top - bottom;
    return n === 1 ? top + span / 2 : top + (k * span) / (n - 1);
  };
  let scale = 0;
  for (const layer of layers) {
    const values = mode === "gradients" ? layer.grads : layer.weights;
    for (const v of values) scale = Math.max(scale, Math.abs(v));
  }
  if (!(scale > 0)) scale = 1;
  ctx.lineCap = "round";
  // Edges are grouped by colour and by |w| rounded to one of LEVELS steps, and each group is
  // one path: a few dozen strokes instead of one per weight (about 1,700 for the default
  // network), so a redraw fits in a frame. Fainter groups first, so strong weights lie on top.
  const LEVELS = 24;
  const groups = new Map(); // `${level} ${colour}` -> flat [x0, y0, x1, y1, ...]
  for (let l = 0; l < layers.length; l++) {
    const fanOut = sizes[l + 1];
    const values = mode === "gradients" ? layers[l].grads : layers[l].weights;
    let layerMax = 0;
    for (const v of values) layerMax = Math.max(layerMax, Math.abs(v));
    const norm = mode === "gradients" ? scale : layerMax || 1;
    const x0 = colX(l);
    const x1 = colX(l + 1);
    shown[l].forEach((i, a) => {
      const y0 = rowY(l, a);
      shown[l + 1].forEach((j, b) => {
        const v = values[i * fanOut + j];
        const t = Math.min(1, Math.abs(v) / norm);
        if (t < 0.02) return;
        const colour = mode === "gradients" ? pal.grad : v >= 0 ? pal.positive : pal.negative;
        const key = `${String(Math.round(t * (LEVELS - 1))).padStart(2, "0")} ${colour}`;
        let lines = groups.get(key);
        if (!lines) groups.set(key, (lines = []));
        lines.push(x0, y0, x1, rowY(l + 1, b));
      });
    });
  }
  for (const key of [...groups.keys()].sort()) {
    const t = Number(key.slice(0, 2)) / (LEVELS - 1);
    const lines = groups.get(key);
    ctx.strokeStyle = key.slice(3);
    ctx.globalAlpha = 0.15 + 0.75 * t;
    ctx.lineWidth = 0.4 + 2.6 * t;
    ctx.beginPath();
    for (let k = 0; k < lines.length; k += 4) {
      ctx.moveTo(lines[k], lines[k + 1]);
      ctx.lineTo(lines[k + 2], lines[k + 3]);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  if (pick) {
    const a = shown[pick.layer]?.indexOf(pick.from);
    const b = shown[pick.layer + 1]?.indexOf(pick.to);
    if (a >= 0 && b >= 0) {
      for (const [color, w] of [[colors.surface, 6], [pal.pick, 3]]) {
        ctx.strokeStyle = color;
        ctx.lineWidth = w;
        ctx.beginPath();
        ctx.moveTo(colX(pick.layer), rowY(pick.layer, a));
        ctx.lineTo(colX(pick.layer + 1), rowY(pick.layer + 1, b));
        ctx.stroke();
      }
    }
  }
  const radius = Math.max(2.5, Math.min(7, (height - top - bottom) / Math.max(...shown.map((s) => s.length)) / 2.6));
  ctx.font = font;
  // All units as one path: filled, then outlined (two calls instead of two per unit).
  ctx.beginPath();
  for (let c = 0; c < nCols; c++) {
    for (let k = 0; k < shown[c].length; k++) {
      ctx.moveTo(colX(c) + radius, rowY(c, k));
      ctx.arc(colX(c), rowY(c, k), radius, 0, 2 * Math.PI);
    }
  }
  ctx.fillStyle = colors.surface;
  ctx.fill();
  ctx.strokeStyle = colors.ink;
  ctx.lineWidth = 1.2;
  ctx.stroke();
  for (let c = 0; c < nCols; c++) {
    if (labels && c === 0) {
      ctx.fillStyle = colors.ink;
      ctx.font = font;
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      shown[0].forEach((unit, k) => ctx.fillText(inputNames[k], colX(0) - radius - 4, rowY(0, k)));
    }
    const title = c === 0 ? `${sizes[0]} inputs` : c === nCols - 1 ? "output" : `${sizes[c]} units${sizes[c] > MAX_DRAWN_UNITS ? ` (${MAX_DRAWN_UNITS} drawn)` : ""}`;
    caption(ctx, title, colX(c), height - bottom + 8, colors, c === 0 && !labels ? "left" : c === nCols - 1 ? "right" : "center");
  }
  // The output's name above its node, right-aligned inside the canvas (never clipped).
  ctx.fillStyle = colors.ink;
  ctx.font = font;
  ctx.textAlign = "right";
  ctx.textBaseline = "bottom";
  const out = fitLabel(ctx, target, Math.round(width * 0.45));
  ctx.strokeStyle = colors.surface;
  ctx.lineWidth = 3;
  ctx.lineJoin = "round";
  ctx.strokeText(out, width - 4, rowY(nCols - 1, 0) - radius - 4);
  ctx.fillText(out, width - 4, rowY(nCols - 1, 0) - radius - 4);
}
