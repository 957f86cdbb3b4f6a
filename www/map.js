// The landscape map shared by the views: heatmap + contours + axes + minima + colour bar drawn
// from the Rust core, the data window fitted into the plot with equal scale on both axes, the
// coordinate transforms between data and screen, the gradient field (arrows of ∇f over the map),
// and pointer input (tap to choose a point, drag a marker, drag elsewhere to pan, wheel or pinch
// to zoom). The view owns its state and its overlays; this module only tells it where a tap
// landed, where a marker was dragged and which window the learner panned or zoomed to.

import * as draw from "./draw.js";
import { listenerList } from "./kit/listeners.js";
import { plotAxes } from "./axes.js";
import * as format from "./kit/format.js";

/** Margins around the plot for the axes (left, bottom) and the colour bar (right), CSS px. */
export function margins(width) {
  // The right margin holds the colour bar and its labels, "1,000" whole at 11 px.
  return width < 480 ? { left: 40, right: 66, top: 8, bottom: 28 } : { left: 46, right: 74, top: 10, bottom: 30 };
}

const FIELD_SPACING = 42; // CSS px between the gradient field's arrows

/** The standard furniture over the heatmap: axes, the minima's crosses and the colour bar. */
function standardDecor(ctx, map, colors) {
  map.drawAxes(ctx, colors);
  map.drawMinima(ctx);
  map.drawLegend(ctx, colors);
}

/**
 * Creates the map for `figure` (the box whose size it fills), drawing into `canvas`.
 *   landscape(): the Landscape handle to draw (read at every draw: a new landscape only needs
 *     a new draw());
 *   wanted(): the data window [x0, x1, y0, y1] to show (it is widened to equal scale);
 *   guard(fn): wraps calls into the core (traps and errors are the view's business);
 *   margins(width): the plot's margins in CSS px (default: room for axes and the colour bar);
 *   decorate(ctx, map, colors): draws what goes over the heatmap (default: axes, minima and
 *     colour bar, from map.drawAxes, map.drawMinima, map.drawLegend);
 *   overlay: the canvas that takes pointer input; without it the view handles its own. With it:
 *     onView([x0, x1, y0, y1]): the learner panned or zoomed;
 *     onTap(x, y): a tap inside the plot, in data coordinates rounded to the screen's precision;
 *     marker: { at() -> [x, y], onDrag(x, y), radius }: a point that a press within `radius`
 *       CSS px grabs and drags (onDrag as it moves and where it is let go) instead of panning.
 * Returns { draw, layout, sx, sy, dataX, dataY, pick, geometry, clip(ctx), drawAxes,
 * drawMinima, drawLegend, legendTicks, strip, drawField(canvas, on), destroy }.
 */
export function createMap({
  engine, figure, canvas, landscape, wanted, guard, overlay = null, onView = () => {}, onTap = () => {},
  marker = null, levels = 14, margins: marginsOf = margins, decorate = standardDecor,
}) {
  const heatmap = new engine.Heatmap();
  const strip = engine.colormapStrip();
  let image = null; // the ImageData the heatmap is copied into, reused while the size holds
  let geometry = null; // { width, height, plot, view: { x0, x1, y0, y1 }, scale }
  const { listen, off } = listenerList();

  // ---- geometry: the data window fitted into the plot with equal scale on both axes -----------

  function layout() {
    const rect = figure.getBoundingClientRect();
    const width = Math.max(200, Math.round(rect.width));
    const height = Math.max(200, Math.round(rect.height));
    const m = marginsOf(width);
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
    decorate(ctx, api, colors);
  }

  /** Axes with ticks in data units around the plot (www/axes.js, over the heatmap). */
  function drawAxes(ctx, colors) {
    const { plot, view } = geometry;
    plotAxes(ctx, engine, plot, [view.x0, view.x1], [view.y0, view.y1], colors, {
      xName: "x", yName: "y", names: "corner", fill: false, grid: false, zero: false,
      xCount: Math.max(3, Math.floor(plot.width / 80)), yCount: Math.max(3, Math.floor(plot.height / 60)),
    });
  }

  /** A cross on each of the landscape's minima that lies inside the plot. */
  function drawMinima(ctx, size = 5) {
    const { plot } = geometry;
    const minima = landscape().minima();
    for (let i = 0; i < minima.length; i += 2) {
      const px = sx(minima[i]);
      const py = sy(minima[i + 1]);
      if (px >= plot.left && px <= plot.left + plot.width && py >= plot.top && py <= plot.top + plot.height) {
        draw.cross(ctx, px, py, size);
      }
    }
  }

  /** The colour bar's ticks for the last picture: [{ value, t }], t in [0, 1] from the bottom. */
  function legendTicks(count = 6) {
    const raw = heatmap.legend(count);
    const out = [];
    for (let i = 0; i < raw.length; i += 2) out.push({ value: raw[i], t: raw[i + 1] });
    return out;
  }

  /** The colour bar right of the plot, labelled in f (or log f) unless `label`/`caption` say otherwise. */
  function drawLegend(ctx, colors, { label = format.value, caption = heatmap.isLog ? "f (log)" : "f", gap = 12, shorten = 16 } = {}) {
    const { plot } = geometry;
    const box = { left: plot.left + plot.width + gap, top: plot.top, width: 12, height: plot.height - shorten };
    const ticks = legendTicks(6).map(({ value, t }) => ({ t, label: label(value) }));
    draw.legend(ctx, box, strip, ticks, caption, colors);
  }

  /**
   * The gradient field on `fieldCanvas` (cleared, and drawn only when `on`): ∇f at the centres
   * of a grid of cells about FIELD_SPACING px wide, in one call into the core. Arrows point
   * uphill; their length grows with ‖∇f‖ on a log scale, so that both gentle and steep regions
   * show a direction.
   */
  function drawField(fieldCanvas, on) {
    if (!geometry) return;
    const { ctx } = draw.fitCanvas(fieldCanvas);
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    if (!on) return;
    const { plot, view } = geometry;
    const nx = Math.max(3, Math.round(plot.width / FIELD_SPACING));
    const ny = Math.max(3, Math.round(plot.height / FIELD_SPACING));
    const g = landscape().gradientField(view.x0, view.x1, view.y0, view.y1, nx, ny);
    const norms = [];
    for (let i = 0; i < g.length; i += 2) {
      const n = Math.hypot(g[i], g[i + 1]);
      if (Number.isFinite(n) && n > 0) norms.push(n);
    }
    if (norms.length === 0) return;
    norms.sort((a, b) => a - b);
    const median = norms[Math.floor(norms.length / 2)];
    const top = Math.log1p(norms[norms.length - 1] / median);
    const cw = plot.width / nx;
    const ch = plot.height / ny;
    const longest = 0.42 * Math.min(cw, ch);
    const shaft = new Path2D();
    const heads = new Path2D();
    for (let row = 0; row < ny; row++) {
      for (let col = 0; col < nx; col++) {
        const k = 2 * (row * nx + col);
        const gx = g[k];
        const gy = g[k + 1];
        const n = Math.hypot(gx, gy);
        if (!(Number.isFinite(n) && n > 0)) continue;
        const len = longest * (0.3 + (0.7 * Math.log1p(n / median)) / (top || 1));
        const ux = gx / n;
        const uy = -gy / n; // screen y grows downwards
        const cx = plot.left + (col + 0.5) * cw;
        const cy = plot.top + (row + 0.5) * ch;
        const x1 = cx + (ux * len) / 2;
        const y1 = cy + (uy * len) / 2;
        shaft.moveTo(cx - (ux * len) / 2, cy - (uy * len) / 2);
        shaft.lineTo(x1, y1);
        const head = Math.min(6, 0.45 * len);
        heads.moveTo(x1, y1);
        heads.lineTo(x1 - ux * head - uy * head * 0.55, y1 - uy * head + ux * head * 0.55);
        heads.lineTo(x1 - ux * head + uy * head * 0.55, y1 - uy * head - ux * head * 0.55);
        heads.closePath();
      }
    }
    ctx.save();
    ctx.lineCap = "round";
    ctx.strokeStyle = "rgba(0,0,0,0.55)";
    ctx.lineWidth = 3.2;
    ctx.stroke(shaft);
    ctx.stroke(heads);
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.fillStyle = "rgba(255,255,255,0.92)";
    ctx.lineWidth = 1.4;
    ctx.stroke(shaft);
    ctx.fill(heads);
    ctx.restore();
  }

  /** Restricts `ctx` to the plot area (call between ctx.save() and ctx.restore()). */
  function clip(ctx) {
    const { plot } = geometry;
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
  }

  /**
   * The data point under the screen point (px, py), rounded to the screen's precision so a link
   * stays short and reads back exactly; null outside the plot, unless `clamp` pulls it to the edge.
   */
  function pick(px, py, { clamp = false } = {}) {
    const { plot } = geometry;
    const inside = px >= plot.left && px <= plot.left + plot.width && py >= plot.top && py <= plot.top + plot.height;
    if (!inside && !clamp) return null;
    const cx = Math.min(plot.left + plot.width, Math.max(plot.left, px));
    const cy = Math.min(plot.top + plot.height, Math.max(plot.top, py));
    const digits = Math.min(12, Math.max(0, -Math.floor(Math.log10(geometry.scale)) + 1));
    return [Number(dataX(cx).toFixed(digits)), Number(dataY(cy).toFixed(digits))];
  }

  // ---- pointer input: tap to choose, drag the marker, drag to pan, wheel or pinch to zoom -------

  if (overlay) listenToPointer();

  function listenToPointer() {
    const pointers = new Map();
    let gesture = null;
    const grabRadius = marker?.radius ?? 18;

    const local = (event) => {
      const rect = overlay.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    const onMarker = (p) => {
      const at = marker && geometry ? marker.at() : null;
      return Boolean(at) && Math.hypot(p.x - sx(at[0]), p.y - sy(at[1])) <= grabRadius;
    };
    const dragTo = (p) => {
      const at = pick(p.x, p.y);
      if (at) marker.onDrag(...at);
    };

    listen(overlay, "pointerdown", (event) => {
      overlay.setPointerCapture(event.pointerId);
      pointers.set(event.pointerId, local(event));
      const pts = [...pointers.values()];
      const grabbed = pts.length === 1 && onMarker(pts[0]);
      gesture = pts.length === 1
        ? { kind: grabbed ? "drag-marker" : "tap", start: pts[0], last: pts[0] }
        : { kind: "pinch", dist: Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y) };
      if (grabbed) overlay.classList.add("dragging");
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
      if (gesture.kind === "drag-marker") {
        dragTo(p);
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
    if (marker) {
      // Hovering over the marker shows that it can be grabbed.
      listen(overlay, "pointermove", (event) => {
        if (gesture || !geometry) return;
        overlay.classList.toggle("grab", onMarker(local(event)));
      });
    }
    const endPointer = guard((event) => {
      if (!pointers.has(event.pointerId)) return;
      const p = local(event);
      pointers.delete(event.pointerId);
      if (event.type === "pointerup" && gesture && pointers.size === 0) {
        if (gesture.kind === "drag-marker") dragTo(p);
        else if (gesture.kind === "tap") {
          const at = pick(p.x, p.y);
          if (at) onTap(...at);
        }
      }
      if (pointers.size === 0) {
        gesture = null;
        overlay.classList.remove("dragging");
      }
    });
    listen(overlay, "pointerup", endPointer);
    listen(overlay, "pointercancel", endPointer);
    listen(overlay, "wheel", guard((event) => {
      event.preventDefault();
      const p = local(event);
      const delta = event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY;
      changeView(Math.exp(Math.max(-1, Math.min(1, delta * 0.0015))), p.x, p.y);
    }), { passive: false });
  }

  const api = {
    draw: drawMap,
    layout,
    sx,
    sy,
    dataX,
    dataY,
    pick,
    clip,
    drawAxes,
    drawMinima,
    drawLegend,
    legendTicks,
    drawField,
    /** The colour map as 256 RGBA colours, low to high. */
    strip,
    /** { width, height, plot, view, scale } after the last layout, or null before the first. */
    get geometry() {
      return geometry;
    },
    /** Removes the listeners and frees the picture (a trapped core cannot; it dies with it). */
    destroy() {
      off();
      try {
        heatmap.free();
      } catch {
        // A trapped instance cannot free its handles.
      }
    },
  };
  return api;
}
