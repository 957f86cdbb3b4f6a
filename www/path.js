// A descent's path as the page keeps it: a growing display copy of the points the core has
// produced (only the new ones cross the boundary each frame), and the stroke through them,
// thinned to the screen's pixels so that a long path costs pixels, not points.

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
 * a pixel from the last drawn one are skipped, except the last. Returns false when there are
 * fewer than two points to join (nothing to stroke).
 */
export function tracePath(ctx, path, from, sx, sy) {
  const { data, n } = path;
  const start = Math.max(0, from - 1);
  ctx.beginPath();
  if (n - start < 2) return false;
  let lx = sx(data[2 * start]);
  let ly = sy(data[2 * start + 1]);
  ctx.moveTo(lx, ly);
  for (let k = start + 1; k < n; k++) {
    const px = sx(data[2 * k]);
    const py = sy(data[2 * k + 1]);
    if (Math.abs(px - lx) < 0.5 && Math.abs(py - ly) < 0.5 && k < n - 1) continue;
    ctx.lineTo(px, py);
    lx = px;
    ly = py;
  }
  return true;
}

/** Strokes the traced path white over a dark halo, so that it reads on any colour. */
export function strokeWhite(ctx) {
  ctx.lineJoin = "round";
  ctx.strokeStyle = "rgba(0,0,0,0.55)";
  ctx.lineWidth = 4;
  ctx.stroke();
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 2;
  ctx.stroke();
}
