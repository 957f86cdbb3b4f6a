// In-page figures for `cargo xtask bench` (bench/browser.mjs reads them): the playground's own
// core (www/pkg, loaded by www/engine.js exactly as the page loads it) timed in the browser.
//
// - render: a 512 × 512 Rosenbrock picture with 14 contour levels (the descent view's count),
//   as the descent view draws it: Heatmap.render in wasm, one ImageData put, the contour
//   segments stroked as one path. Median and fastest of many re-renders, and the wasm part alone.
// - descent: 10,000 steps of gradient descent (Descent.run) on Rosenbrock from (−1.5, 2).
//
// Results go to window.benchResults and #out; data-state="ready" (or "error") when done.

import { loadEngine } from "../www/engine.js";

const SIDE = 512;
const LEVELS = 14;
const RENDERS = 40;
const DESCENTS = 15;
const STEPS = 10_000;

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Yields to the browser so that the timings are not one long task. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

async function measure() {
  const engine = await loadEngine();
  const f = engine.Landscape.builtin("rosenbrock");
  const [x0, x1, y0, y1] = f.window();
  const heatmap = new engine.Heatmap();
  const canvas = document.getElementById("map");
  const ctx = canvas.getContext("2d");
  const image = new ImageData(SIDE, SIDE);

  const renderMs = [];
  const wasmMs = [];
  let segments = 0;
  for (let i = 0; i <= RENDERS; i++) {
    // Nudge the window a little each time, as a pan would, so nothing can be cached.
    const dx = (i % 7) * 1e-3;
    const start = performance.now();
    heatmap.render(f, x0 + dx, x1 + dx, y0, y1, SIDE, SIDE, LEVELS);
    const rendered = performance.now();
    image.data.set(heatmap.rgba());
    ctx.putImageData(image, 0, 0);
    const seg = heatmap.contours();
    ctx.beginPath();
    for (let k = 0; k < seg.length; k += 4) {
      ctx.moveTo(seg[k], seg[k + 1]);
      ctx.lineTo(seg[k + 2], seg[k + 3]);
    }
    ctx.strokeStyle = "rgba(255,255,255,0.42)";
    ctx.lineWidth = 1;
    ctx.stroke();
    const done = performance.now();
    segments = seg.length / 4;
    if (i > 0) {
      // i = 0 is the warm-up (allocates the buffers).
      renderMs.push(done - start);
      wasmMs.push(rendered - start);
    }
    await nextFrame();
  }

  const descentMs = [];
  let steps = 0;
  let status = "";
  for (let i = 0; i <= DESCENTS; i++) {
    const d = new engine.Descent(f, "sgd", { lr: 2e-4 }, -1.5, 2.0);
    const start = performance.now();
    d.run(STEPS);
    const elapsed = performance.now() - start;
    steps = d.steps;
    status = d.status;
    d.free();
    if (i > 0) descentMs.push(elapsed);
    await nextFrame();
  }
  heatmap.free();
  f.free();
  return {
    render: { side: SIDE, levels: LEVELS, segments, medianMs: median(renderMs), fastestMs: Math.min(...renderMs), wasmMedianMs: median(wasmMs), n: renderMs.length },
    descent: { steps, status, medianMs: median(descentMs), fastestMs: Math.min(...descentMs), n: descentMs.length },
  };
}

const out = document.getElementById("out");
measure().then(
  (results) => {
    window.benchResults = results;
    out.textContent = JSON.stringify(results, null, 2);
    document.documentElement.dataset.state = "ready";
  },
  (error) => {
    window.benchResults = { error: String(error?.message ?? error) };
    out.textContent = `Could not measure: ${window.benchResults.error}`;
    document.documentElement.dataset.state = "error";
  },
);
