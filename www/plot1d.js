// 1-D plots for the calculus lessons: the plot's box inside its canvas, the lessons' canvas
// colours (their CSS custom properties live in views/calc.css), curves that lift the pen at
// poles, straight lines, dots, and pressing or dragging on a plot. The axes are www/axes.js's.

import * as draw from "./draw.js";
import { clipped } from "./axes.js";

/** A theme colour from a CSS custom property. */
function cssColor(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Plot margins for 1-D plots, CSS px. */
export function plotMargins(width) {
  return width < 480 ? { left: 44, right: 10, top: 10, bottom: 30 } : { left: 54, right: 16, top: 12, bottom: 32 };
}

/**
 * Sizes `canvas` to its box, clears it and places the plot inside the margins (`extraLeft` more
 * px on the left for wider tick labels). Returns { ctx, width, height, plot }.
 */
export function plotFrame(canvas, extraLeft = 0) {
  const { ctx, width, height } = draw.fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const m = plotMargins(width);
  const left = m.left + extraLeft;
  return { ctx, width, height, plot: { left, top: m.top, width: width - left - m.right, height: height - m.top - m.bottom } };
}

/** How many samples to take across `plot`: one and a half per px, within [50, max]. */
export function sampleCount(plot, max) {
  return Math.max(50, Math.min(max, Math.round(plot.width * 1.5)));
}

/** The canvas colours of the calculus lessons, read from the page's theme. */
export function lessonColors() {
  return {
    ...draw.themeColors(),
    grid: cssColor("--plot-grid", "rgba(127,127,127,0.18)"),
    curve: cssColor("--ink", "#1b1b1f"),
    tangent: cssColor("--tangent", "#0072b2"),
    secant: cssColor("--secant", "#d55e00"),
    central: cssColor("--central", "#cc79a7"),
    derivative: cssColor("--derivative", "#009e73"),
    alongX: cssColor("--along-x", "#d55e00"),
    alongY: cssColor("--along-y", "#0072b2"),
  };
}


/**
 * Strokes the curve through (xs[i], ys[i]) clipped to `plot`, lifting the pen where a value is
 * undefined or jumps by more than a plot height between neighbours (a pole such as 1/x).
 */
export function strokeCurve(ctx, xs, ys, sx, sy, plot, color, width = 2.5, dash = []) {
  clipped(ctx, plot, () => {
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
      const py = Math.max(plot.top - far, Math.min(plot.top + plot.height + far, sy(y)));
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
  });
}

/** A straight line through (x0, y0) with slope m across the plot (clipped), in data units. */
export function strokeLine(ctx, x0, y0, m, xr, sx, sy, plot, color, width = 2, dash = []) {
  if (!(Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(m))) return;
  clipped(ctx, plot, () => {
    ctx.beginPath();
    ctx.moveTo(sx(xr[0]), sy(y0 + m * (xr[0] - x0)));
    ctx.lineTo(sx(xr[1]), sy(y0 + m * (xr[1] - x0)));
    ctx.setLineDash(dash);
    ctx.lineCap = "round";
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.stroke();
  });
}

/** A dashed vertical line at the screen x `px` from the plot's top to its bottom. */
export function markX(ctx, px, plot, color, { width = 1, dash = [2, 3] } = {}) {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(px, plot.top);
  ctx.lineTo(px, plot.top + plot.height);
  ctx.stroke();
  ctx.restore();
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

/**
 * Pressing on `canvas` and dragging: `at(px, py)` (guarded) with the pointer's position in the
 * canvas's CSS px, on the press and at every move until it is let go. The listeners come off
 * with the view (kit.listen).
 */
export function dragOn(kit, canvas, at) {
  let dragging = null;
  const moveTo = kit.guard((event) => {
    const r = canvas.getBoundingClientRect();
    at(event.clientX - r.left, event.clientY - r.top);
  });
  kit.listen(canvas, "pointerdown", (event) => {
    canvas.setPointerCapture(event.pointerId);
    dragging = event.pointerId;
    moveTo(event);
  });
  kit.listen(canvas, "pointermove", (event) => {
    if (dragging === event.pointerId) moveTo(event);
  });
  const release = (event) => {
    if (dragging === event.pointerId) dragging = null;
  };
  kit.listen(canvas, "pointerup", release);
  kit.listen(canvas, "pointercancel", release);
}
