// What the race draws on the shared landscape map (www/map.js): every lane's path in its colour
// and dash pattern over a dark halo, the shared start, each lane's current point as its own
// marker shape with its name beside it, the step its velocity carries (an arrow at one stated
// scale) and its effective step size per coordinate (a dashed ellipse), the minima above it all;
// and the lane glyph (dash and marker in the lane's colour) that the cards, the leaderboard and
// the loss chart's legend show, so a lane is told apart by more than its hue.

import * as draw from "../draw.js";
import { insidePart, tracePath } from "../path.js";

const ELLIPSE_PX = 22; // the larger semi-axis of a step-size ellipse
const PATH_WIDTH = 2.5; // CSS px of a lane's stroke (its halo is 2 px wider)
const MARKER_PX = 6; // the radius of a lane's current-point marker
// The velocity arrows' scale is one power of ten for the whole race: a typical step drawn
// about this share of the landscape window's smaller side (see arrowGain).
const ARROW_SHARE = 0.05;

/** Each lane's dash pattern (CSS px; [] is solid), by lane index. */
export const LANE_DASHES = [[], [10, 5], [2.5, 4], [10, 4, 2.5, 4], [5, 4], [14, 4, 2.5, 4, 2.5, 4], [2.5, 4, 2.5, 4, 10, 4]];
/** Each lane's marker for its current point, by lane index. */
export const LANE_MARKERS = ["circle", "square", "triangle", "diamond", "triangle-down", "pentagon", "hexagon"];
const MARKER_WORDS = { circle: "circle", square: "square", triangle: "triangle", diamond: "diamond", "triangle-down": "downward triangle", pentagon: "pentagon", hexagon: "hexagon" };

/** The lane's marker and dash in words, for screen readers: "circle, solid line". */
export function laneStyleWords(index) {
  const dash = LANE_DASHES[index % LANE_DASHES.length];
  return `${MARKER_WORDS[LANE_MARKERS[index % LANE_MARKERS.length]]}, ${dash.length ? "dashed" : "solid"} line`;
}

/** The vertices of marker `shape` of radius `r` about (x, y); null for the circle. */
function markerPoints(shape, x, y, r) {
  const polygon = (n, start, radius = r) => Array.from({ length: n }, (_, k) => {
    const a = start + (2 * Math.PI * k) / n;
    return [x + radius * Math.cos(a), y + radius * Math.sin(a)];
  });
  switch (shape) {
    case "square": return polygon(4, Math.PI / 4, r * 1.2);
    case "triangle": return polygon(3, -Math.PI / 2, r * 1.3);
    case "diamond": return polygon(4, -Math.PI / 2, r * 1.3);
    case "triangle-down": return polygon(3, Math.PI / 2, r * 1.3);
    case "pentagon": return polygon(5, -Math.PI / 2, r * 1.15);
    case "hexagon": return polygon(6, 0, r * 1.1);
    default: return null;
  }
}

/** Draws lane `index`'s marker at (x, y): its shape in its colour, outlined dark; a stopped lane's has a dark centre. */
function laneMarker(ctx, index, x, y, color, stopped) {
  const points = markerPoints(LANE_MARKERS[index % LANE_MARKERS.length], x, y, MARKER_PX);
  ctx.save();
  ctx.beginPath();
  if (points) {
    points.forEach(([px, py], k) => (k ? ctx.lineTo(px, py) : ctx.moveTo(px, py)));
    ctx.closePath();
  } else ctx.arc(x, y, MARKER_PX, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  draw.strokeTwice(ctx, "rgba(255,255,255,0.95)", "rgba(0,0,0,0.9)", 2);
  ctx.fill();
  if (stopped) {
    ctx.beginPath();
    ctx.arc(x, y, 2, 0, 2 * Math.PI);
    ctx.fillStyle = "rgba(0,0,0,0.85)";
    ctx.fill();
  }
  ctx.restore();
}

const SVG = "http://www.w3.org/2000/svg";
const svg = (tag, attrs) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

/**
 * Lane `index`'s glyph for the page's text: a short stroke in its colour and dash pattern (a
 * solid one when `solid`, as the loss chart draws every line) with its marker in the middle.
 */
export function laneGlyph(index, color, { solid = false } = {}) {
  const el = svg("svg", { class: "race-glyph", viewBox: "0 0 36 16", width: 36, height: 16, "aria-hidden": "true", focusable: "false" });
  const dash = solid ? [] : LANE_DASHES[index % LANE_DASHES.length];
  el.append(svg("line", { x1: 1, y1: 8, x2: 35, y2: 8, stroke: "rgba(0,0,0,0.55)", "stroke-width": 4.5 }));
  el.append(svg("line", { x1: 1, y1: 8, x2: 35, y2: 8, stroke: color, "stroke-width": 2.5, "stroke-dasharray": dash.length ? dash.join(" ") : "none" }));
  const points = markerPoints(LANE_MARKERS[index % LANE_MARKERS.length], 18, 8, 4.5);
  const attrs = { fill: color, stroke: "rgba(0,0,0,0.9)", "stroke-width": 1.5, "stroke-linejoin": "round" };
  el.append(points ? svg("polygon", { points: points.map((p) => p.map((v) => v.toFixed(2)).join(",")).join(" "), ...attrs }) : svg("circle", { cx: 18, cy: 8, r: 4.5, ...attrs }));
  return el;
}

/**
 * The velocity arrows' magnification: one power of ten for the whole race, from the landscape's
 * window and the lanes' learning rates only (never from the current frame, so arrows keep their
 * scale while the race plays). A typical step is η for an adaptive optimizer and η‖∇f‖ for the
 * others, with ‖∇f‖ the gentle end of the window (its 10th percentile on a 9 × 9 grid, where
 * descents spend their time); the gain draws it about ARROW_SHARE of the window.
 */
export function arrowGain(landscape, lanes) {
  const [x0, x1, y0, y1] = landscape.window();
  const g = landscape.gradientField(x0, x1, y0, y1, 9, 9);
  const norms = [];
  for (let i = 0; i < g.length; i += 2) {
    const n = Math.hypot(g[i], g[i + 1]);
    if (Number.isFinite(n) && n > 0) norms.push(n);
  }
  norms.sort((a, b) => a - b);
  const gentle = norms.length ? norms[Math.floor(norms.length / 10)] : 1;
  const adaptive = new Set(["adagrad", "rmsprop", "adam", "adamw"]);
  let typical = 0;
  for (const lane of lanes) typical = Math.max(typical, adaptive.has(lane.name) ? lane.hyper.lr : lane.hyper.lr * gentle);
  if (!(typical > 0 && Number.isFinite(typical))) return 1;
  const gain = 10 ** Math.round(Math.log10((ARROW_SHARE * Math.min(x1 - x0, y1 - y0)) / typical));
  return Math.min(1e6, Math.max(1e-3, gain));
}

/**
 * Draws every lane's path on `canvas` from its point `from[i]` on (all of it when `from` is
 * omitted): a dark halo, then the lane's colour in its dash pattern. `lengths[i]` keeps the
 * length drawn so far, so a path drawn piece by piece while playing keeps its dashes in step.
 */
export function drawRaceTrail(map, canvas, paths, colors, from, lengths = []) {
  const geometry = map.geometry;
  if (!geometry) return;
  const { ctx } = draw.fitCanvas(canvas);
  if (!from) ctx.clearRect(0, 0, geometry.width, geometry.height);
  ctx.save();
  map.clip(ctx);
  ctx.lineJoin = "round";
  paths.forEach((p, i) => {
    const start = from ? from[i] : 0;
    if (!from) lengths[i] = 0;
    const length = tracePath(ctx, p, start, map.sx, map.sy);
    if (length === null) return;
    ctx.setLineDash([]);
    ctx.lineCap = "round";
    ctx.strokeStyle = "rgba(0,0,0,0.6)";
    ctx.lineWidth = PATH_WIDTH + 2;
    ctx.stroke();
    ctx.setLineDash(LANE_DASHES[i % LANE_DASHES.length]);
    ctx.lineDashOffset = lengths[i] ?? 0;
    ctx.lineCap = "butt";
    ctx.strokeStyle = colors[i];
    ctx.lineWidth = PATH_WIDTH;
    ctx.stroke();
    lengths[i] = (lengths[i] ?? 0) + length;
  });
  ctx.restore();
}

/**
 * The shared start (x0, y0), each lane's velocity arrow (at `gain`, cut at the map's edge),
 * step-size ellipse, current point and name, and the minima on top, on `canvas`. `lanes` are
 * the race's { name, hyper }; `names[i]` is lane i's name on the map. Returns what the key
 * needs to mention, { arrows, ellipses }, or null before the map's first layout.
 */
export function drawRaceMarks(map, canvas, { race, lanes, names, x0, y0, colors, gain }) {
  const geometry = map.geometry;
  if (!geometry) return null;
  const { sx, sy } = map;
  const { plot } = geometry;
  const { ctx } = draw.fitCanvas(canvas);
  ctx.clearRect(0, 0, geometry.width, geometry.height);
  ctx.save();
  map.clip(ctx);
  draw.dot(ctx, sx(x0), sy(y0), { radius: 7, filled: false });
  // Arrows show the step the velocity carries, −γ·b (momentum) or Adam's −γ·m̂/(√v̂ + ε).
  const marks = [];
  for (let i = 0; i < race.length; i++) {
    const [x, y] = race.point(i);
    const inner = race.inner(i);
    const lr = lanes[i].hyper.lr;
    let move = null;
    if (inner.velocity) {
      const [vx, vy] = inner.velocity;
      move = inner.stepScale ? [-inner.stepScale[0] * vx, -inner.stepScale[1] * vy] : [-lr * vx, -lr * vy];
      if (!(Number.isFinite(move[0]) && Number.isFinite(move[1]))) move = null;
    }
    const adaptive = inner.stepScale && lanes[i].name !== "sgd" ? inner.stepScale : null;
    marks.push({ i, x, y, move, adaptive, color: colors[i], stopped: race.status(i) !== "running" });
  }
  for (const m of marks) {
    const px = sx(m.x);
    const py = sy(m.y);
    if (m.adaptive) ellipse(ctx, px, py, m.adaptive, m.color);
    if (m.move) {
      const ex = px + (gain * m.move[0]) / geometry.scale;
      const ey = py - (gain * m.move[1]) / geometry.scale;
      const t = insidePart(px, py, ex, ey, plot);
      draw.arrow(ctx, px, py, px + t * (ex - px), py + t * (ey - py), m.color, 2.5, { head: t >= 1 });
    }
  }
  for (const m of marks) laneMarker(ctx, m.i, sx(m.x), sy(m.y), m.color, m.stopped);
  map.drawMinima(ctx, 6);
  labels(ctx, marks.map((m) => ({ x: sx(m.x), y: sy(m.y), text: names[m.i] })), plot);
  ctx.restore();
  return { arrows: marks.some((m) => m.move), ellipses: marks.some((m) => m.adaptive) };
}

/** Each lane's name beside its current point, white on a dark halo, moved down where two would overlap. */
function labels(ctx, items, plot) {
  ctx.save();
  ctx.font = "600 12px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  ctx.lineJoin = "round";
  const placed = [];
  const overlaps = (a) => placed.some((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom);
  for (const item of items) {
    if (!(Number.isFinite(item.x) && Number.isFinite(item.y))) continue;
    const width = ctx.measureText(item.text).width;
    const right = item.x + MARKER_PX + 5 + width <= plot.left + plot.width;
    let left = right ? item.x + MARKER_PX + 5 : item.x - MARKER_PX - 5 - width;
    let y = item.y;
    let box = { left, right: left + width, top: y - 8, bottom: y + 8 };
    for (let k = 0; k < 8 && overlaps(box); k++) {
      y += 15;
      box = { left, right: left + width, top: y - 8, bottom: y + 8 };
    }
    placed.push(box);
    if (y !== item.y) {
      // A name moved off its point is tied to it by a thin leader line.
      const tx = right ? left - 2 : left + width + 2;
      for (const [color, lineWidth] of [["rgba(0,0,0,0.8)", 3], ["#ffffff", 1.2]]) {
        ctx.beginPath();
        ctx.moveTo(item.x, item.y);
        ctx.lineTo(tx, y);
        ctx.strokeStyle = color;
        ctx.lineWidth = lineWidth;
        ctx.stroke();
      }
    }
    ctx.strokeStyle = "rgba(0,0,0,0.85)";
    ctx.lineWidth = 3.5;
    ctx.strokeText(item.text, left, y);
    ctx.fillStyle = "#ffffff";
    ctx.fillText(item.text, left, y);
  }
  ctx.restore();
}

/** The effective step size per coordinate as an ellipse: semi-axes ∝ (sₓ, s_y), the larger ELLIPSE_PX. */
function ellipse(ctx, px, py, scale, color) {
  const [a, b] = scale.map(Math.abs);
  const big = Math.max(a, b);
  if (!(big > 0) || !Number.isFinite(big)) return;
  const rx = Math.max(1.5, (ELLIPSE_PX * a) / big);
  const ry = Math.max(1.5, (ELLIPSE_PX * b) / big);
  ctx.save();
  ctx.beginPath();
  ctx.ellipse(px, py, rx, ry, 0, 0, 2 * Math.PI);
  ctx.setLineDash([4, 3]);
  ctx.strokeStyle = "rgba(0,0,0,0.7)";
  ctx.lineWidth = 4;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.restore();
}
