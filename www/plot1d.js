// 1-D plots for the calculus lessons: margins, a frame with grid, zero lines and tick labels
// (decades for log axes), curves that lift the pen at poles, straight lines, dots, and the
// lessons' canvas colours (their CSS custom properties live in views/calc.css).

import * as draw from "./draw.js";

/** A theme colour from a CSS custom property (the calculus lessons' colours live in views/calc.css). */
export function cssColor(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Plot margins for 1-D plots, CSS px. */
export function plotMargins(width) {
  return width < 480 ? { left: 44, right: 10, top: 10, bottom: 30 } : { left: 54, right: 16, top: 12, bottom: 32 };
}

/**
 * Draws the frame, grid, zero lines and tick labels of a 1-D plot over `xr` × `yr` inside
 * `plot` ({ left, top, width, height }); returns the maps { sx, sy, dataX }. `log` draws
 * decade ticks (10⁻⁸) for axes whose ranges are log10 values.
 */
export function plotAxes(ctx, engine, plot, xr, yr, colors, { xName = "x", yName = "", xLog = false, yLog = false } = {}) {
  const sx = (v) => plot.left + ((v - xr[0]) / (xr[1] - xr[0])) * plot.width;
  const sy = (v) => plot.top + ((yr[1] - v) / (yr[1] - yr[0])) * plot.height;
  const dataX = (px) => xr[0] + ((px - plot.left) / plot.width) * (xr[1] - xr[0]);
  const ticks = (lo, hi, count, log) => {
    if (log) {
      const all = [];
      const stride = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / count));
      for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) if (e % stride === 0) all.push({ v: e, label: e === 0 ? "1" : `10${superscript(e)}` });
      return all;
    }
    const vs = engine.niceTicks(lo, hi, count);
    const step = vs.length > 1 ? vs[1] - vs[0] : hi - lo;
    return Array.from(vs, (v) => ({ v, label: engine.formatTick(v, step).replace(/^-/, "−") }));
  };
  const xt = ticks(xr[0], xr[1], Math.max(3, Math.floor(plot.width / 70)), xLog);
  const yt = ticks(yr[0], yr[1], Math.max(3, Math.floor(plot.height / 45)), yLog);
  ctx.save();
  ctx.fillStyle = colors.surface;
  ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
  ctx.lineWidth = 1;
  ctx.strokeStyle = colors.grid;
  ctx.beginPath();
  for (const t of xt) {
    const x = Math.round(sx(t.v)) + 0.5;
    ctx.moveTo(x, plot.top);
    ctx.lineTo(x, plot.top + plot.height);
  }
  for (const t of yt) {
    const y = Math.round(sy(t.v)) + 0.5;
    ctx.moveTo(plot.left, y);
    ctx.lineTo(plot.left + plot.width, y);
  }
  ctx.stroke();
  ctx.strokeStyle = colors.muted;
  if (!yLog && yr[0] < 0 && yr[1] > 0) {
    ctx.beginPath();
    ctx.moveTo(plot.left, Math.round(sy(0)) + 0.5);
    ctx.lineTo(plot.left + plot.width, Math.round(sy(0)) + 0.5);
    ctx.stroke();
  }
  if (!xLog && xr[0] < 0 && xr[1] > 0) {
    ctx.beginPath();
    ctx.moveTo(Math.round(sx(0)) + 0.5, plot.top);
    ctx.lineTo(Math.round(sx(0)) + 0.5, plot.top + plot.height);
    ctx.stroke();
  }
  ctx.strokeRect(plot.left - 0.5, plot.top - 0.5, plot.width + 1, plot.height + 1);
  ctx.fillStyle = colors.ink;
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  const bottom = plot.top + plot.height;
  for (const t of xt) ctx.fillText(t.label, sx(t.v), bottom + 5);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of yt) ctx.fillText(t.label, plot.left - 6, sy(t.v));
  ctx.font = "italic 13px Georgia, serif";
  ctx.fillStyle = colors.muted;
  ctx.textAlign = "right";
  ctx.textBaseline = "top";
  // Axis names inside the plot: the x name at the right end above the axis, the y name at
  // the top left, clear of the tick labels outside.
  ctx.textBaseline = "bottom";
  ctx.fillText(`${xName} →`, plot.left + plot.width - 6, bottom - 3);
  if (yName) {
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText(yName, plot.left + 6, plot.top + 4);
  }
  ctx.restore();
  return { sx, sy, dataX };
}

/** An integer exponent in superscript digits: -8 → ⁻⁸. */
export function superscript(e) {
  const digits = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  return String(e).split("").map((c) => digits[c]).join("");
}

/** The canvas colours of the derivative lessons, read from the page's theme. */
export function lessonColors() {
  const base = draw.themeColors();
  return {
    ...base,
    grid: cssColor("--plot-grid", "rgba(127,127,127,0.18)"),
    curve: cssColor("--ink", "#1b1b1f"),
    tangent: cssColor("--tangent", "#0072b2"),
    secant: cssColor("--secant", "#d55e00"),
    central: cssColor("--central", "#cc79a7"),
    derivative: cssColor("--derivative", "#009e73"),
  };
}

/**
 * Strokes the curve through (xs[i], ys[i]) clipped to `plot`, lifting the pen where a value is
 * undefined or jumps by more than a plot height between neighbours (a pole such as 1/x).
 */
export function strokeCurve(ctx, xs, ys, sx, sy, plot, color, width = 2.5, dash = []) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  ctx.beginPath();
  let pen = false;
  let lastY = 0;
  const far = 4 * plot.height;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    const px = sx(xs[i]);
    let py = sy(y);
    py = Math.max(plot.top - far, Math.min(plot.top + plot.height + far, py));
    if (pen && Math.abs(py - lastY) > 1.5 * plot.height) pen = false;
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    pen = true;
    lastY = py;
  }
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  ctx.setLineDash(dash);
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
  ctx.restore();
}

/** A straight line through (x0, y0) with slope m across the plot (clipped), in data units. */
export function strokeLine(ctx, x0, y0, m, xr, sx, sy, plot, color, width = 2, dash = []) {
  if (!(Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(m))) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  ctx.beginPath();
  ctx.moveTo(sx(xr[0]), sy(y0 + m * (xr[0] - x0)));
  ctx.lineTo(sx(xr[1]), sy(y0 + m * (xr[1] - x0)));
  ctx.setLineDash(dash);
  ctx.lineCap = "round";
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
  ctx.restore();
}

/** A number for the tables: 6 significant digits, or "undefined here" where it is NaN. */
export function shown(v) {
  return Number.isNaN(v) ? "undefined here" : draw.formatValue(v);
}

/** A dot with a dark rim, skipped when outside the plot. */
export function dotAt(ctx, x, y, fill, radius, plot) {
  if (!(Number.isFinite(x) && Number.isFinite(y))) return;
  if (x < plot.left - radius || x > plot.left + plot.width + radius || y < plot.top - radius || y > plot.top + plot.height + radius) return;
  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = "rgba(0,0,0,0.8)";
  ctx.stroke();
  ctx.restore();
}
