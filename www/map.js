// The landscape map shared by the views: heatmap + contours + axes + minima + colour bar drawn
// from the Rust core, the data window fitted into the plot with equal scale on both axes, the
// coordinate transforms between data and screen, and pointer input (tap to choose a point, drag
// to pan, wheel or pinch to zoom). The view owns its state and its overlays; this module only
// tells it where a tap landed and which window the learner panned or zoomed to.

import * as draw from "./draw.js";

/** Margins around the plot for the axes (left, bottom) and the colour bar (right), CSS px. */
export function margins(width) {
  return width < 480 ? { left: 40, right: 58, top: 8, bottom: 28 } : { left: 46, right: 74, top: 10, bottom: 30 };
}

/**
 * Creates the map for `figure` (the box whose size it fills), drawing into `canvas` and taking
 * pointer input on `overlay`.
 *   landscape(): the Landscape handle to draw;
 *   wanted(): the data window [x0, x1, y0, y1] to show (it is widened to equal scale);
 *   onView([x0, x1, y0, y1]): the learner panned or zoomed;
 *   onTap(x, y): a tap inside the plot, in data coordinates rounded to the screen's precision;
 *   guard(fn): wraps calls into the core (traps and errors are the view's business).
 * Returns { draw, layout, sx, sy, dataX, dataY, geometry, clip(ctx), destroy }.
 */
export function createMap({ engine, figure, canvas, overlay, landscape, wanted, onView, onTap, guard, levels = 14 }) {
  const heatmap = new engine.Heatmap();
  const strip = engine.colormapStrip();
  let image = null; // the ImageData the heatmap is copied into, reused while the size holds
  let geometry = null; // { width, height, plot, view: { x0, x1, y0, y1 }, scale }
  const listeners = [];

  const listen = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    listeners.push(() => target.removeEventListener(type, fn, opts));
  };

  // ---- geometry: the data window fitted into the plot with equal scale on both axes -----------

  function layout() {
    const rect = figure.getBoundingClientRect();
    const width = Math.max(200, Math.round(rect.width));
    const height = Math.max(200, Math.round(rect.height));
    const m = margins(width);
    const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
    const [wx0, wx1, wy0, wy1] = wanted();
    // Equal scale keeps the gradient perpendicular to the contour lines on screen.
    const scale = Math.max((wx1 - wx0) / plot.width, (wy1 - wy0) / plot.height);
    const cx = (wx0 + wx1) / 2;
    const cy = (wy0 + wy1) / 2;
    const view = {
      x0: cx - (scale * plot.width) / 2, x1: cx + (scale * plot.width) / 2,
      y0: cy - (scale * plot.height) / 2, y1: cy + (scale * plot.height) / 2,
    };
    geometry = { width, height, plot, view, scale };
    return geometry;
  }

  const sx = (x) => geometry.plot.left + (x - geometry.view.x0) / geometry.scale;
  const sy = (y) => geometry.plot.top + (geometry.view.y1 - y) / geometry.scale;
  const dataX = (px) => geometry.view.x0 + (px - geometry.plot.left) * geometry.scale;
  const dataY = (py) => geometry.view.y1 - (py - geometry.plot.top) * geometry.scale;

  /** Moves and scales the view: zoom by `factor` about the screen point (px, py), then pan. */
  function changeView(factor, px, py, dx = 0, dy = 0) {
    const { view, scale } = geometry;
    const ax = dataX(px);
    const ay = dataY(py);
    const s = Math.min(Math.max(scale * factor, 1e-9), 1e4);
    const f = s / scale;
    let x0 = ax - (ax - view.x0) * f - dx * s;
    let x1 = ax + (view.x1 - ax) * f - dx * s;
    let y0 = ay - (ay - view.y0) * f + dy * s;
    let y1 = ay + (view.y1 - ay) * f + dy * s;
    const limit = 1e6;
    if (Math.max(Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1)) > limit) return;
    const round = (v) => Number(v.toPrecision(6));
    [x0, x1, y0, y1] = [round(x0), round(x1), round(y0), round(y1)];
    if (!(x0 < x1 && y0 < y1)) return;
    onView([x0, x1, y0, y1]);
  }

  // ---- drawing ----------------------------------------------------------------------------

  function drawMap() {
    layout();
    const f = landscape();
    const colors = draw.themeColors();
    const { ctx, dpr } = draw.fitCanvas(canvas);
    const { plot, view } = geometry;
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    const pw = Math.round(plot.width * dpr);
    const ph = Math.round(plot.height * dpr);
    heatmap.render(f, view.x0, view.x1, view.y0, view.y1, pw, ph, levels);
    // One block copy out of wasm memory into a reused ImageData, then one put: nothing is
    // touched per pixel in JS.
    if (!image || image.width !== pw || image.height !== ph) image = new ImageData(pw, ph);
    image.data.set(heatmap.rgba());
    ctx.putImageData(image, Math.round(plot.left * dpr), Math.round(plot.top * dpr));
    const segments = heatmap.contours();
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, Math.round(plot.left * dpr), Math.round(plot.top * dpr));
    ctx.beginPath();
    for (let i = 0; i < segments.length; i += 4) {
      ctx.moveTo(segments[i], segments[i + 1]);
      ctx.lineTo(segments[i + 2], segments[i + 3]);
    }
    ctx.strokeStyle = "rgba(255,255,255,0.42)";
    ctx.lineWidth = Math.max(1, dpr * 0.8);
    ctx.stroke();
    ctx.restore();

    const ticks = (lo, hi, count, at) => {
      const vs = engine.niceTicks(lo, hi, count);
      const step = vs.length > 1 ? vs[1] - vs[0] : hi - lo;
      return Array.from(vs, (v) => ({ at: at(v), label: engine.formatTick(v, step) }));
    };
    const nx = Math.max(3, Math.floor(plot.width / 80));
    const ny = Math.max(3, Math.floor(plot.height / 60));
    draw.axes(ctx, plot, ticks(view.x0, view.x1, nx, sx), ticks(view.y0, view.y1, ny, sy), colors);

    const minima = f.minima();
    for (let i = 0; i < minima.length; i += 2) {
      const px = sx(minima[i]);
      const py = sy(minima[i + 1]);
      if (px >= plot.left && px <= plot.left + plot.width && py >= plot.top && py <= plot.top + plot.height) {
        draw.cross(ctx, px, py);
      }
    }

    const raw = heatmap.legend(6);
    const legendTicks = [];
    for (let i = 0; i < raw.length; i += 2) legendTicks.push({ t: raw[i + 1], label: draw.formatValue(raw[i]) });
    const box = { left: plot.left + plot.width + 12, top: plot.top, width: 12, height: plot.height - 16 };
    draw.legend(ctx, box, strip, legendTicks, heatmap.isLog ? "f (log)" : "f", colors);
  }

  /** Restricts `ctx` to the plot area (call between ctx.save() and ctx.restore()). */
  function clip(ctx) {
    const { plot } = geometry;
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
  }

  // ---- pointer input: tap to choose, drag to pan, wheel or pinch to zoom ----------------------

  const pointers = new Map();
  let gesture = null;

  function local(event) {
    const rect = overlay.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  function tap(px, py) {
    const { plot } = geometry;
    if (px < plot.left || px > plot.left + plot.width || py < plot.top || py > plot.top + plot.height) return;
    // Round to the screen's precision so the link stays short and reads back exactly.
    const digits = Math.max(0, -Math.floor(Math.log10(geometry.scale)) + 1);
    onTap(Number(dataX(px).toFixed(Math.min(digits, 12))), Number(dataY(py).toFixed(Math.min(digits, 12))));
  }

  listen(overlay, "pointerdown", (event) => {
    overlay.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, local(event));
    const pts = [...pointers.values()];
    gesture = pts.length === 1
      ? { kind: "tap", start: pts[0], last: pts[0] }
      : { kind: "pinch", dist: Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y) };
  });
  listen(overlay, "pointermove", guard((event) => {
    if (!pointers.has(event.pointerId) || !gesture) return;
    const p = local(event);
    pointers.set(event.pointerId, p);
    const pts = [...pointers.values()];
    if (gesture.kind === "pinch" && pts.length >= 2) {
      const dist = Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y);
      if (gesture.dist > 0 && dist > 0) {
        changeView(gesture.dist / dist, (pts[0].x + pts[1].x) / 2, (pts[0].y + pts[1].y) / 2);
      }
      gesture.dist = dist;
      return;
    }
    if (gesture.kind === "tap" && Math.hypot(p.x - gesture.start.x, p.y - gesture.start.y) > 5) {
      gesture.kind = "pan";
    }
    if (gesture.kind === "pan") {
      changeView(1, p.x, p.y, p.x - gesture.last.x, p.y - gesture.last.y);
      gesture.last = p;
    }
  }));
  const endPointer = guard((event) => {
    if (!pointers.has(event.pointerId)) return;
    const p = local(event);
    pointers.delete(event.pointerId);
    if (event.type === "pointerup" && gesture && gesture.kind === "tap" && pointers.size === 0) {
      tap(p.x, p.y);
    }
    if (pointers.size === 0) gesture = null;
  });
  listen(overlay, "pointerup", endPointer);
  listen(overlay, "pointercancel", endPointer);
  listen(overlay, "wheel", guard((event) => {
    event.preventDefault();
    const p = local(event);
    const delta = event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY;
    changeView(Math.exp(Math.max(-1, Math.min(1, delta * 0.0015))), p.x, p.y);
  }), { passive: false });

  return {
    draw: drawMap,
    layout,
    sx,
    sy,
    dataX,
    dataY,
    clip,
    /** { width, height, plot, view, scale } after the last layout, or null before the first. */
    get geometry() {
      return geometry;
    },
    /** Removes the listeners and frees the picture (a trapped core cannot; it dies with it). */
    destroy() {
      for (const off of listeners) off();
      try {
        heatmap.free();
      } catch {
        // A trapped instance cannot free its handles.
      }
    },
  };
}
