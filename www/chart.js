// Charts the core draws straight onto a canvas (plotters' CanvasBackend): the canvas is sized
// here to its CSS box in device pixels, and the core is told the pixel ratio.

import { pixelRatio } from "./draw.js";

/** Sizes `canvas` to its CSS box in device pixels (capped ratio); returns that ratio. */
export function sizeChart(canvas) {
  const dpr = pixelRatio();
  const rect = canvas.getBoundingClientRect();
  const pw = Math.max(1, Math.round(rect.width * dpr));
  const ph = Math.max(1, Math.round(rect.height * dpr));
  if (canvas.width !== pw || canvas.height !== ph) {
    canvas.width = pw;
    canvas.height = ph;
  }
  return dpr;
}
