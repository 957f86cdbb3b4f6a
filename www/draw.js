// Canvas drawing shared by the views: sizing for sharp pixels, axes, arrows, markers, legend.
// All mathematics (values, ticks, colours, contours) comes from the Rust core; this file only
// strokes and fills what it is given.

/** Device pixels per CSS pixel, capped so a 3x phone does not render 9x the pixels. */
export function pixelRatio() {
  return Math.min(window.devicePixelRatio || 1, 2);
}

/** Sizes `canvas` to its CSS box in device pixels; returns { ctx, width, height, dpr } in CSS px. */
export function fitCanvas(canvas) {
  const dpr = pixelRatio();
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width));
  const height = Math.max(1, Math.round(rect.height));
  const pw = Math.round(width * dpr);
  const ph = Math.round(height * dpr);
  if (canvas.width !== pw || canvas.height !== ph) {
    canvas.width = pw;
    canvas.height = ph;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, width, height, dpr };
}

/** Reads the page's theme colours (CSS custom properties) for canvas drawing. */
export function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const get = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return {
    ink: get("--ink", "#1b1b1f"),
    muted: get("--muted", "#5d5d66"),
    surface: get("--surface", "#ffffff"),
    grad: get("--grad", "#d55e00"),
    step: get("--step", "#56b4e9"),
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
  };
}

/**
 * An arrow from (x0, y0) to (x1, y1) in CSS px, with a dark halo so it reads on any colour.
 * With `head: false` only the shaft is drawn (an arrow cut at a map's edge has no end to show).
 */
export function arrow(ctx, x0, y0, x1, y1, color, width = 2.5, { head: withHead = true } = {}) {
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (!(len > 0.5)) return;
  const head = withHead ? Math.min(10, 0.45 * len + 3) : 0;
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  const path = new Path2D();
  path.moveTo(x0, y0);
  path.lineTo(x1 - ux * head * 0.6, y1 - uy * head * 0.6);
  const tip = new Path2D();
  tip.moveTo(x1, y1);
  tip.lineTo(x1 - ux * head - uy * head * 0.5, y1 - uy * head + ux * head * 0.5);
  tip.lineTo(x1 - ux * head + uy * head * 0.5, y1 - uy * head - ux * head * 0.5);
  tip.closePath();
  ctx.save();
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.strokeStyle = "rgba(0,0,0,0.65)";
  ctx.lineWidth = width + 2.5;
  ctx.stroke(path);
  if (withHead) ctx.stroke(tip);
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.stroke(path);
  if (withHead) ctx.fill(tip);
  ctx.restore();
}

/** A cross marking a minimum. */
export function cross(ctx, x, y, size = 5) {
  ctx.save();
  ctx.lineCap = "round";
  for (const [color, width] of [["rgba(0,0,0,0.7)", 4], ["#ffffff", 2]]) {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    ctx.moveTo(x - size, y - size);
    ctx.lineTo(x + size, y + size);
    ctx.moveTo(x - size, y + size);
    ctx.lineTo(x + size, y - size);
    ctx.stroke();
  }
  ctx.restore();
}

/** A dot: filled for the current point, hollow for the start. */
export function dot(ctx, x, y, { radius = 5, filled = true } = {}) {
  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, 2 * Math.PI);
  ctx.lineWidth = 2;
  ctx.strokeStyle = "rgba(0,0,0,0.8)";
  ctx.fillStyle = "#ffffff";
  if (filled) ctx.fill();
  ctx.stroke();
  if (!filled) {
    ctx.beginPath();
    ctx.arc(x, y, radius - 2, 0, 2 * Math.PI);
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
  }
  ctx.restore();
}

/**
 * The colour bar: `strip` is 256 RGBA colours (low to high), `ticks` is [{ t, label }] with t in
 * [0, 1] from the bottom. Drawn in `box` ({ left, top, width, height }).
 */
export function legend(ctx, box, strip, ticks, caption, colors) {
  const bar = document.createElement("canvas");
  bar.width = 1;
  bar.height = 256;
  const bctx = bar.getContext("2d");
  const img = bctx.createImageData(1, 256);
  for (let k = 0; k < 256; k++) {
    const src = 4 * (255 - k);
    img.data.set(strip.subarray(src, src + 4), 4 * k);
  }
  bctx.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(bar, box.left, box.top, box.width, box.height);
  ctx.strokeStyle = colors.muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(box.left - 0.5, box.top - 0.5, box.width + 1, box.height + 1);
  ctx.fillStyle = colors.ink;
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  for (const tick of ticks) {
    const y = box.top + box.height * (1 - tick.t);
    ctx.beginPath();
    ctx.moveTo(box.left + box.width, y);
    ctx.lineTo(box.left + box.width + 4, y);
    ctx.stroke();
    ctx.fillText(tick.label, box.left + box.width + 6, y);
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillStyle = colors.muted;
  ctx.fillText(caption, box.left + box.width / 2 + 8, box.top + box.height + 8);
  ctx.restore();
}


/**
 * Strokes the current path twice, `under` at `width` + 2 px and `over` at `width` on top: a
 * halo that keeps a line readable on any colour of the map.
 */
export function strokeTwice(ctx, under, over, width = 2) {
  ctx.lineJoin = "round";
  ctx.strokeStyle = under;
  ctx.lineWidth = width + 2;
  ctx.stroke();
  ctx.strokeStyle = over;
  ctx.lineWidth = width;
  ctx.stroke();
}
