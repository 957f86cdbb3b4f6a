// A descent's path as the page keeps it: a growing display copy of the points the core has
// produced (only the new ones cross the boundary each frame), and the stroke through them,
// thinned to the screen's pixels so that a long path costs pixels, not points; and how a
// descent on a landscape map is drawn (its trail, and where it stands and goes next).

import * as draw from "./draw.js";
import { createPlayback } from "./kit/player.js";

/** A growing buffer of path points x0, y0, x1, y1, ...: `data` holds `n` points. */
export class PathBuffer {
  constructor() {
    this.data = new Float64Array(1024);
    this.n = 0;
  }

  /** Appends the points in `fresh` (x, y pairs); returns how many points there were before. */
  append(fresh) {
    const before = this.n;
    if (fresh.length === 0) return before;
    if (2 * this.n + fresh.length > this.data.length) {
      const bigger = new Float64Array(Math.max(this.data.length * 2, 2 * this.n + fresh.length));
      bigger.set(this.data.subarray(0, 2 * this.n));
      this.data = bigger;
    }
    this.data.set(fresh, 2 * this.n);
    this.n += fresh.length / 2;
    return before;
  }

  /** Forgets every point (a new run). */
  clear() {
    this.n = 0;
  }
}

/**
 * Adds to `ctx` a new path through the points of `path` from point `from` on (starting one
 * earlier, so it joins what is drawn), mapped to the screen by `sx`, `sy`. Points less than half
 * a pixel from the last drawn one are skipped, except the last. Returns the path's length in
 * CSS px (a dash pattern continues from it), or null when there are fewer than two points to
 * join (nothing to stroke).
 */
export function tracePath(ctx, path, from, sx, sy) {
  const { data, n } = path;
  const start = Math.max(0, from - 1);
  ctx.beginPath();
  if (n - start < 2) return null;
  let lx = sx(data[2 * start]);
  let ly = sy(data[2 * start + 1]);
  let length = 0;
  ctx.moveTo(lx, ly);
  for (let k = start + 1; k < n; k++) {
    const px = sx(data[2 * k]);
    const py = sy(data[2 * k + 1]);
    if (Math.abs(px - lx) < 0.5 && Math.abs(py - ly) < 0.5 && k < n - 1) continue;
    ctx.lineTo(px, py);
    if (Number.isFinite(px) && Number.isFinite(py)) length += Math.hypot(px - lx, py - ly);
    lx = px;
    ly = py;
  }
  return length;
}

/** Strokes the traced path white over a dark halo, so that it reads on any colour. */
export function strokeWhite(ctx) {
  draw.strokeTwice(ctx, "rgba(0,0,0,0.55)", "#ffffff", 2);
}

/** Draws `path` on a map's trail canvas from point `from` on; from 0 clears it and draws it all. */
export function drawMapTrail(map, canvas, path, from = 0) {
  const geometry = map.geometry;
  if (!geometry) return;
  const { ctx } = draw.fitCanvas(canvas);
  if (from === 0) ctx.clearRect(0, 0, geometry.width, geometry.height);
  ctx.save();
  map.clip(ctx);
  if (tracePath(ctx, path, from, map.sx, map.sy) !== null) strokeWhite(ctx);
  ctx.restore();
}

/**
 * Draws where a descent stands on a map's overlay canvas: a ring at its start (the path's first
 * point), a dot where it is, the direction of ∇f as an arrow `arrowPx` long (its size can be
 * 10^4 on Rosenbrock; shortened to fit at the map's edge) and the step it takes next, −η∇f, to scale (cut at the map's edge, where
 * it loses its head). A gradient no longer than `minNorm` has no direction worth drawing. With
 * `minima` (a cross's size in CSS px) the landscape's minima are drawn on top of it all, so a
 * path that reaches one does not hide it.
 */
export function drawDescentMarks(map, canvas, descent, path, { arrowPx, minNorm = 0, minima = 0 }) {
  const geometry = map.geometry;
  if (!geometry) return;
  const colors = draw.themeColors();
  const { ctx } = draw.fitCanvas(canvas);
  const { sx, sy } = map;
  ctx.clearRect(0, 0, geometry.width, geometry.height);
  ctx.save();
  map.clip(ctx);
  draw.dot(ctx, sx(path.data[0]), sy(path.data[1]), { radius: 6, filled: false });
  const x = descent.x;
  const y = descent.y;
  const g = descent.gradient();
  const norm = Math.hypot(g[0], g[1]);
  const px = sx(x);
  const py = sy(y);
  if (norm > minNorm && Number.isFinite(norm)) {
    // ∇f shows a direction only: near the edge it is shortened to fit, keeping its head.
    const gx = px + (arrowPx * g[0]) / norm;
    const gy = py - (arrowPx * g[1]) / norm;
    const u = insidePart(px, py, gx, gy, geometry.plot);
    draw.arrow(ctx, px, py, px + u * (gx - px), py + u * (gy - py), colors.grad);
    const lr = descent.learningRate;
    const ex = sx(x - lr * g[0]);
    const ey = sy(y - lr * g[1]);
    const t = insidePart(px, py, ex, ey, geometry.plot);
    draw.arrow(ctx, px, py, px + t * (ex - px), py + t * (ey - py), colors.step, 3, { head: t >= 1 });
  }
  draw.dot(ctx, px, py, { radius: 5, filled: true });
  if (minima > 0) map.drawMinima(ctx, minima);
  ctx.restore();
}

/** The part 0 ≤ t ≤ 1 of the segment from (x0, y0) to (x1, y1) that lies inside `plot`. */
export function insidePart(x0, y0, x1, y1, plot) {
  if (!(Number.isFinite(x1) && Number.isFinite(y1))) return 0;
  let t = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  if (dx > 0) t = Math.min(t, (plot.left + plot.width - x0) / dx);
  if (dx < 0) t = Math.min(t, (plot.left - x0) / dx);
  if (dy > 0) t = Math.min(t, (plot.top + plot.height - y0) / dy);
  if (dy < 0) t = Math.min(t, (plot.top - y0) / dy);
  return Math.max(0, t);
}

/**
 * Play's move for a descent drawn as a trail on a map (the gradient and line-fit lessons):
 * returns `advance(n, show)`, which takes n steps of `descent()`, records them in the state's
 * `steps` and, unless `show` is false (a reduced-motion jump still under way), appends the new
 * points to `path`. While playing only the new part is stroked; otherwise the whole trail is
 * redrawn, so a paused picture is the one a link to it draws, pixel for pixel. Then `layers`
 * are redrawn, `update()` refreshes the message and readouts, and the move is narrated: the
 * stopping message when the run ended, else `sentence()`.
 */
export function descentMover(kit, { descent, path, drawTrail, playback, layers, update, sentence }) {
  return (n, show = true) => {
    const d = descent();
    if (n <= 0 || d.status !== "running") return;
    d.run(n);
    kit.state.steps = d.steps;
    const ended = d.status !== "running";
    if (!show && !ended) return;
    const from = path.append(d.pathSince(path.n));
    if (playback().playing && !ended) drawTrail(from);
    else kit.redraw("trail");
    kit.redraw(...layers);
    update();
    if (!ended) {
      playback().narrate(sentence);
      return;
    }
    kit.say(d.message ?? d.status); // it names the step
    if (!playback().playing) kit.save();
  };
}

/**
 * Play, Step and Reset for a descent drawn on a map (the gradient and line-fit lessons): the
 * kit's playback moving by `descentMover`, at `state.speed` steps a second, held to `maxSteps`
 * (what a link can hold). Reset calls `restart()` and saves the link; a pause redraws the
 * trail whole and says where the run stands. Returns the playback.
 */
export function descentPlayback(kit, { buttons, descent, path, drawTrail, layers, update, sentence, restart, maxPerFrame, maxSteps, buttonsKeepSpace = false }) {
  let playback = null;
  const advance = descentMover(kit, { descent, path, drawTrail, playback: () => playback, layers, update, sentence });
  playback = createPlayback(kit, {
    buttons,
    maxPerFrame,
    speed: () => kit.state.speed,
    canPlay: () => descent().status === "running",
    advance,
    limit: { max: maxSteps, steps: () => descent().steps },
    reset: () => {
      kit.message("");
      restart();
      kit.save();
    },
    paused: () => {
      kit.redraw("trail");
      if (descent().status === "running") kit.say(`paused at ${sentence()}`);
    },
    buttonsKeepSpace,
  });
  return playback;
}
