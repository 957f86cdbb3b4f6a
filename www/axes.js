// The one axis routine of the page: every chart and map drawn in JavaScript frames its plot with
// `plotAxes` — linear or decade ticks from the core's nice numbers (engine.niceTicks), tick
// labels written by a formatter (plain by default, dollars or years where a chart says so),
// optional grid and zero lines, and the axes' names.

import { MINUS, superscript } from "./kit/format.js";

/**
 * The linear maps of a plot: data (xr × yr) to CSS px inside `plot` ({ left, top, width,
 * height }), and back. Returns { sx, sy, dataX, dataY }.
 */
export function plotScales(plot, xr, yr) {
  return {
    sx: (v) => plot.left + ((v - xr[0]) / (xr[1] - xr[0])) * plot.width,
    sy: (v) => plot.top + ((yr[1] - v) / (yr[1] - yr[0])) * plot.height,
    dataX: (px) => xr[0] + ((px - plot.left) / plot.width) * (xr[1] - xr[0]),
    dataY: (py) => yr[1] - ((py - plot.top) / plot.height) * (yr[1] - yr[0]),
  };
}

/** The core's tick text for v on a grid of `step`, with a true minus sign. */
export function plainTick(engine) {
  return (v, step) => engine.formatTick(v, step).replace(/^-/, "−");
}

/** Tick labels in dollars: $0, $200k, $1.5M. */
export function moneyTick(engine) {
  return (v, step) => {
    const sign = v < 0 ? MINUS : "";
    const a = Math.abs(v);
    if (a < step * 1e-6) return "$0";
    if (step >= 1e6) return `${sign}$${engine.formatTick(a / 1e6, step / 1e6)}M`;
    if (step >= 1e3) return `${sign}$${engine.formatTick(a / 1e3, step / 1e3)}k`;
    return `${sign}$${engine.formatTick(a, step)}`;
  };
}

/**
 * About `count` ticks over [lo, hi]: [{ v, label }]. With `log`, lo and hi are log₁₀ values and
 * the ticks are whole decades labelled 10ⁿ; otherwise nice numbers from the core, labelled by
 * `label(v, step)`.
 */
export function ticks(engine, lo, hi, count, { log = false, label = plainTick(engine) } = {}) {
  if (log) {
    const out = [];
    const stride = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / count));
    for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) if (e % stride === 0) out.push({ v: e, label: e === 0 ? "1" : `10${superscript(e)}` });
    return out;
  }
  const vs = engine.niceTicks(lo, hi, count);
  const step = vs.length > 1 ? vs[1] - vs[0] : hi - lo;
  return Array.from(vs, (v) => ({ v, label: label(v, step) }));
}

/**
 * Frames a plot over `xr` × `yr` inside `plot` and returns its scales (see plotScales).
 * `colors` holds ink, muted, surface and grid. Options:
 * - xName, yName: the axes' names, drawn inside the plot (x at the bottom right, y top left),
 *   or with `names: "corner"` outside it in the bottom-left corner (over a heatmap);
 * - xLog, yLog: the range is log₁₀ values, ticked in decades;
 * - xLabel, yLabel: tick label formatters (v, step) → text;
 * - xCount, yCount: how many ticks to aim for (by default one per 70 px across, 45 px up);
 * - fill: paint the plot's background (default true); grid: grid lines (default true);
 *   zero: the lines x = 0 and y = 0 when they are inside (default true).
 */
export function plotAxes(ctx, engine, plot, xr, yr, colors, options = {}) {
  const {
    xName = "x", yName = "", xLog = false, yLog = false, xLabel, yLabel,
    xCount = Math.max(3, Math.floor(plot.width / 70)), yCount = Math.max(3, Math.floor(plot.height / 45)),
    fill = true, grid = true, zero = true, names = "inside",
  } = options;
  const scales = plotScales(plot, xr, yr);
  const { sx, sy } = scales;
  const xt = ticks(engine, xr[0], xr[1], xCount, { log: xLog, ...(xLabel && { label: xLabel }) });
  const yt = ticks(engine, yr[0], yr[1], yCount, { log: yLog, ...(yLabel && { label: yLabel }) });
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  ctx.save();
  if (fill) {
    ctx.fillStyle = colors.surface;
    ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
  }
  ctx.lineWidth = 1;
  if (grid) {
    ctx.strokeStyle = colors.grid ?? "rgba(127,127,127,0.18)";
    ctx.beginPath();
    for (const t of xt) {
      const x = Math.round(sx(t.v)) + 0.5;
      ctx.moveTo(x, plot.top);
      ctx.lineTo(x, bottom);
    }
    for (const t of yt) {
      const y = Math.round(sy(t.v)) + 0.5;
      ctx.moveTo(plot.left, y);
      ctx.lineTo(right, y);
    }
    ctx.stroke();
  }
  ctx.strokeStyle = colors.muted;
  if (zero) {
    ctx.beginPath();
    if (!yLog && yr[0] < 0 && yr[1] > 0) {
      ctx.moveTo(plot.left, Math.round(sy(0)) + 0.5);
      ctx.lineTo(right, Math.round(sy(0)) + 0.5);
    }
    if (!xLog && xr[0] < 0 && xr[1] > 0) {
      ctx.moveTo(Math.round(sx(0)) + 0.5, plot.top);
      ctx.lineTo(Math.round(sx(0)) + 0.5, bottom);
    }
    ctx.stroke();
  }
  ctx.strokeRect(plot.left - 0.5, plot.top - 0.5, plot.width + 1, plot.height + 1);
  // Ticks and their labels outside the plot.
  ctx.beginPath();
  for (const t of xt) {
    ctx.moveTo(sx(t.v), bottom);
    ctx.lineTo(sx(t.v), bottom + 4);
  }
  for (const t of yt) {
    ctx.moveTo(plot.left - 4, sy(t.v));
    ctx.lineTo(plot.left, sy(t.v));
  }
  ctx.stroke();
  ctx.fillStyle = colors.ink;
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of xt) ctx.fillText(t.label, sx(t.v), bottom + 6);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of yt) ctx.fillText(t.label, plot.left - 6, sy(t.v));
  // The axes' names, clear of the tick labels.
  ctx.font = "italic 13px system-ui, sans-serif";
  ctx.fillStyle = colors.muted;
  ctx.textAlign = "right";
  if (names === "corner") {
    ctx.textBaseline = "top";
    if (xName) ctx.fillText(`${xName} →`, plot.left - 8, bottom + 7);
    ctx.textBaseline = "bottom";
    if (yName) ctx.fillText(`${yName} ↑`, plot.left - 8, bottom - 2);
    ctx.restore();
    return scales;
  }
  ctx.textBaseline = "bottom";
  if (xName) ctx.fillText(`${xName} →`, right - 6, bottom - 3);
  if (yName) {
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText(yName, plot.left + 6, plot.top + 4);
  }
  ctx.restore();
  return scales;
}

/** Saves `ctx` and clips it to the plot's box; the caller restores it. */
export function clipTo(ctx, plot) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
}

/** Runs `body()` with `ctx` clipped to the plot's box. */
export function clipped(ctx, plot, body) {
  clipTo(ctx, plot);
  body();
  ctx.restore();
}
