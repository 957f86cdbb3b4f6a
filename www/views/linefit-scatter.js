// The line-fit lesson's scatter: one dot per house (price against the chosen feature), the
// least-squares line dashed and the current line over them, with axes in dollars and the
// feature's unit. Also the frame both of the lesson's figures share: www/axes.js's ticks with
// the axes' names written outside the plot (under x, and up the left side for y).

import * as draw from "../draw.js";
import { clipTo, moneyTick, plotAxes, plotScales } from "../axes.js";
import { featureTick } from "./linefit-units.js";

/** The margins of both figures (CSS px): room for the ticks and the names; `right` differs. */
export function margins(width, right) {
  return { left: width < 360 ? 56 : 62, right, top: 10, bottom: 42 };
}

/** Tick counts for a plot: one tick per 60 px across and 50 px up, at least 5. */
const counts = (plot) => ({ xCount: Math.max(5, Math.floor(plot.width / 60)), yCount: Math.max(5, Math.floor(plot.height / 50)) });

/**
 * Frames `plot` over xr × yr (www/axes.js, no fill, grid or zero lines) with tick labels by
 * `xLabel`/`yLabel`, and writes `xName` centred under the x ticks and `yName` up the left side.
 */
export function frame(ctx, engine, plot, xr, yr, colors, { xName, yName, xLabel, yLabel }) {
  const scales = plotAxes(ctx, engine, plot, xr, yr, colors, {
    xName: "", yName: "", xLabel, yLabel, fill: false, grid: false, zero: false, ...counts(plot),
  });
  ctx.save();
  ctx.fillStyle = colors.muted;
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(xName, plot.left + plot.width / 2, plot.top + plot.height + 36, plot.width + 40);
  ctx.translate(12, plot.top + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(yName, 0, 0, plot.height);
  ctx.restore();
  return scales;
}


/** The data window [x0, x1, y0, y1]: the points' range, taking in 0 when that costs less than the range. */
function windowOf(xy) {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    x0 = Math.min(x0, xy[i]);
    x1 = Math.max(x1, xy[i]);
    y0 = Math.min(y0, xy[i + 1]);
    y1 = Math.max(y1, xy[i + 1]);
  }
  const span = (lo, hi) => {
    if (lo >= 0 && lo < hi - lo) lo = 0;
    const pad = 0.04 * (hi - lo || 1);
    return [lo === 0 ? 0 : lo - pad, hi + pad];
  };
  return [...span(x0, x1), ...span(y0, y1)];
}

/**
 * The scatter in `box`, on two canvases: `points` (dots and axes, drawn when the data or the
 * size changes) and `line` (the two lines, drawn after every step). `shown` is the lesson's
 * current data: { fit, info, best, points }.
 */
export function createScatter({ engine, box, points, line, shown }) {
  let geo = null; // { width, height, plot, x0, x1, y0, y1, sx, sy }

  function layout() {
    const rect = box.getBoundingClientRect();
    const width = Math.max(200, Math.round(rect.width));
    const height = Math.max(200, Math.round(rect.height));
    const m = margins(width, 12);
    const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
    const [x0, x1, y0, y1] = windowOf(shown.points);
    geo = { width, height, plot, x0, x1, y0, y1, ...plotScales(plot, [x0, x1], [y0, y1]) };
  }

  function drawPoints() {
    layout();
    const colors = draw.themeColors();
    const { ctx } = draw.fitCanvas(points);
    const { width, height, plot, x0, x1, y0, y1, sx, sy } = geo;
    const xy = shown.points;
    ctx.clearRect(0, 0, width, height);
    clipTo(ctx, plot);
    // Okabe–Ito blue, thin and translucent so that 2,930 points show where they crowd.
    ctx.fillStyle = colors.dark ? "rgba(86,180,233,0.5)" : "rgba(0,114,178,0.45)";
    const r = plot.width < 300 ? 1.5 : 2;
    ctx.beginPath();
    for (let i = 0; i < xy.length; i += 2) {
      const px = sx(xy[i]);
      const py = sy(xy[i + 1]);
      ctx.moveTo(px + r, py);
      ctx.arc(px, py, r, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.restore();
    frame(ctx, engine, plot, [x0, x1], [y0, y1], colors, {
      xName: shown.info.title, yName: "Sale price ($)", xLabel: featureTick(engine, shown.info), yLabel: moneyTick(engine),
    });
  }

  /** The line (w, b) across the plot, clipped; `style` = { color, width, dash?, halo? }. */
  function strokeLine(ctx, w, b, style) {
    const { plot, x0, x1, sx, sy } = geo;
    const ya = shown.fit.predict(w, b, x0);
    const yb = shown.fit.predict(w, b, x1);
    if (!Number.isFinite(ya) || !Number.isFinite(yb)) return;
    clipTo(ctx, plot);
    // Far-off lines are clamped in pixel space so the canvas never sees huge coordinates.
    const clampY = (py) => Math.max(-1e5, Math.min(1e5, py));
    ctx.beginPath();
    ctx.moveTo(sx(x0), clampY(sy(ya)));
    ctx.lineTo(sx(x1), clampY(sy(yb)));
    ctx.lineCap = "round";
    if (style.halo) {
      ctx.strokeStyle = style.halo;
      ctx.lineWidth = style.width + 2.5;
      ctx.stroke();
    }
    ctx.setLineDash(style.dash ?? []);
    ctx.strokeStyle = style.color;
    ctx.lineWidth = style.width;
    ctx.stroke();
    ctx.restore();
  }

  /** The least-squares line (dashed) and the line at (w, b) (the descent's point). */
  function drawLine(w, b) {
    if (!geo) return;
    const colors = draw.themeColors();
    const { ctx } = draw.fitCanvas(line);
    ctx.clearRect(0, 0, geo.width, geo.height);
    strokeLine(ctx, shown.best[0], shown.best[1], { color: colors.ink, width: 1.5, dash: [6, 5] });
    strokeLine(ctx, w, b, { color: colors.grad, width: 3, halo: colors.dark ? "rgba(0,0,0,0.7)" : "rgba(255,255,255,0.85)" });
  }

  return { drawPoints, drawLine };
}
