// What the race draws on the shared landscape map (www/map.js): every lane's path in its colour,
// the shared start, each lane's current point, the step its velocity carries (an arrow) and its
// effective step size per coordinate (a dashed ellipse), and the words of the figure's key.

import * as draw from "../draw.js";
import { tracePath } from "../path.js";

const ARROW_MIN_PX = 24; // arrows shorter than this are magnified by powers of ten
const ELLIPSE_PX = 22; // the larger semi-axis of a step-size ellipse

/** Draws every lane's path on `canvas` from its point `from[i]` on (all of it when `from` is omitted). */
export function drawRaceTrail(map, canvas, paths, colors, from) {
  const geometry = map.geometry;
  if (!geometry) return;
  const { ctx } = draw.fitCanvas(canvas);
  if (!from) ctx.clearRect(0, 0, geometry.width, geometry.height);
  ctx.save();
  map.clip(ctx);
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  paths.forEach((p, i) => {
    if (!tracePath(ctx, p, from ? from[i] : 0, map.sx, map.sy)) return;
    ctx.strokeStyle = "rgba(0,0,0,0.6)";
    ctx.lineWidth = 4.5;
    ctx.stroke();
    ctx.strokeStyle = colors[i];
    ctx.lineWidth = 2.5;
    ctx.stroke();
  });
  ctx.restore();
}

/**
 * The shared start (x0, y0), each lane's current point, its velocity arrow and its step-size
 * ellipse, on `canvas`. `lanes` are the race's { name, hyper }. Returns the figure key's words.
 */
export function drawRaceMarks(map, canvas, { race, lanes, x0, y0, colors }) {
  const geometry = map.geometry;
  if (!geometry) return null;
  const { sx, sy } = map;
  const { ctx } = draw.fitCanvas(canvas);
  ctx.clearRect(0, 0, geometry.width, geometry.height);
  ctx.save();
  map.clip(ctx);
  draw.dot(ctx, sx(x0), sy(y0), { radius: 7, filled: false });
  // Arrows show the step the velocity carries, −γ·b (momentum) or Adam's −γ·m̂/(√v̂ + ε),
  // all magnified by one power of ten when they would be too short to see.
  const marks = [];
  let longest = 0;
  for (let i = 0; i < race.length; i++) {
    const [x, y] = race.point(i);
    const inner = race.inner(i);
    const lr = lanes[i].hyper.lr;
    let move = null;
    if (inner.velocity) {
      const [vx, vy] = inner.velocity;
      move = inner.stepScale ? [-inner.stepScale[0] * vx, -inner.stepScale[1] * vy] : [-lr * vx, -lr * vy];
      if (!(Number.isFinite(move[0]) && Number.isFinite(move[1]))) move = null;
      else longest = Math.max(longest, Math.hypot(move[0], move[1]) / geometry.scale);
    }
    const adaptive = inner.stepScale && lanes[i].name !== "sgd" ? inner.stepScale : null;
    marks.push({ x, y, move, adaptive, color: colors[i], stopped: race.status(i) !== "running" });
  }
  const gain = longest > 0 && longest < ARROW_MIN_PX ? 10 ** Math.ceil(Math.log10(ARROW_MIN_PX / longest)) : 1;
  for (const m of marks) {
    const px = sx(m.x);
    const py = sy(m.y);
    if (m.adaptive) ellipse(ctx, px, py, m.adaptive, m.color);
    if (m.move) draw.arrow(ctx, px, py, px + (gain * m.move[0]) / geometry.scale, py - (gain * m.move[1]) / geometry.scale, m.color, 2.5);
  }
  for (const m of marks) laneDot(ctx, sx(m.x), sy(m.y), m.color, m.stopped);
  ctx.restore();
  return keyText(gain, marks.some((m) => m.move), marks.some((m) => m.adaptive));
}

/** The figure's key: what the marks on the map mean, and the arrows' scale. */
function keyText(gain, arrows, ellipses) {
  const parts = ["○ shared start", "● current points", "✕ minimum"];
  if (arrows) parts.push(`→ velocity: the step momentum carries${gain > 1 ? ` (drawn ×${gain})` : " (to scale)"}`);
  if (ellipses) parts.push("dashed ellipse: effective step size per coordinate (wide: long steps along x)");
  return parts.join(" · ");
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

/** A lane's current point in its colour; a stopped lane's dot has a dark centre. */
function laneDot(ctx, x, y, color, stopped) {
  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, 5.5, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.strokeStyle = "rgba(0,0,0,0.85)";
  ctx.lineWidth = 2;
  ctx.fill();
  ctx.stroke();
  if (stopped) {
    ctx.beginPath();
    ctx.arc(x, y, 2, 0, 2 * Math.PI);
    ctx.fillStyle = "rgba(0,0,0,0.85)";
    ctx.fill();
  }
  ctx.restore();
}
