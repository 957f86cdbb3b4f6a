// Typed functions, timed on the playground's own wasm (www/pkg) in Node's V8, Chromium's engine:
// parsing and differentiating a 200-node expression (Landscape.parse, then one value and
// gradient), and re-rendering a 512 × 512 heatmap of a typed 50-node surface (its compiled tape
// over blocks of pixels, the colours and the contours) as the page does on every keystroke.
// Prints medians; asserts no time. Checks the answers against plain JavaScript, so a fast
// wrong answer fails.
//
//   node bench/typed.mjs [--rounds N]

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const rounds = Number(process.argv.includes("--rounds") ? process.argv[process.argv.indexOf("--rounds") + 1] : 15);

const engine = await import(`${root}www/pkg/downhill.js`);
engine.initSync({ module: readFileSync(`${root}www/pkg/downhill_bg.wasm`) });

/**
 * A sum of `terms` smooth terms in x and y (products, powers, sin, cos, exp, tanh), written
 * both as the learner would type it and as a JavaScript function to check the core against.
 */
function surface(terms, kinds = 4) {
  const parts = [];
  const js = [];
  for (let k = 0; k < terms; k++) {
    const a = (0.3 + 0.1 * (k % 7)).toFixed(1);
    const b = (0.2 + 0.1 * (k % 5)).toFixed(1);
    switch (kinds === 4 ? k % 4 : k === 0 ? 0 : 2) {
      case 0: parts.push(`${a}*sin(${b}*x + y)`); js.push(`${a}*Math.sin(${b}*x + y)`); break;
      case 1: parts.push(`${a}*cos(x - ${b}*y)`); js.push(`${a}*Math.cos(x - ${b}*y)`); break;
      case 2: parts.push(`${a}*(x^2 + ${b}*y^2)`); js.push(`${a}*(x**2 + ${b}*y**2)`); break;
      default: parts.push(`${a}*exp(-${b}*(x^2 + y^2))`); js.push(`${a}*Math.exp(-${b}*(x**2 + y**2))`);
    }
  }
  return { text: parts.join(" + "), f: new Function("x", "y", `return ${js.join(" + ")};`) };
}

/** The expression with at least `nodes` graph nodes, and its node count. */
function ofSize(nodes, kinds = 4) {
  for (let terms = 1; ; terms++) {
    const s = surface(terms, kinds);
    const f = engine.Landscape.parse(s.text);
    const n = f.nodeCount;
    if (n >= nodes) return { ...s, handle: f, nodes: n };
    f.free();
  }
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const problems = [];

// 1. Parse and differentiate a 200-node expression.
const big = ofSize(200);
big.handle.free();
const parseMs = [];
for (let r = 0; r < rounds; r++) {
  const start = performance.now();
  for (let i = 0; i < 20; i++) {
    const f = engine.Landscape.parse(big.text);
    f.gradient(0.3, -0.7);
    f.free();
  }
  parseMs.push((performance.now() - start) / 20);
}
{
  const f = engine.Landscape.parse(big.text);
  const [gx, gy] = f.gradient(0.3, -0.7);
  const h = 1e-6;
  const cx = (big.f(0.3 + h, -0.7) - big.f(0.3 - h, -0.7)) / (2 * h);
  const cy = (big.f(0.3, -0.7 + h) - big.f(0.3, -0.7 - h)) / (2 * h);
  if (Math.abs(gx - cx) > 1e-6 * Math.max(1, Math.abs(cx)) || Math.abs(gy - cy) > 1e-6 * Math.max(1, Math.abs(cy))) {
    problems.push(`200-node gradient (${gx}, ${gy}) disagrees with central differences (${cx}, ${cy})`);
  }
  if (Math.abs(f.value(0.3, -0.7) - big.f(0.3, -0.7)) > 1e-12 * Math.max(1, Math.abs(big.f(0.3, -0.7)))) problems.push("200-node value disagrees with JavaScript");
  f.free();
}

// 2. Re-render a 512 × 512 heatmap of a 50-node typed surface, with 12 contour levels: one made
// mostly of sines, cosines and exponentials (each costs about 20 ns a point in wasm's libm), and
// one made of powers and products with a single sine, as a learner usually types.
const [x0, x1, y0, y1] = [-3, 3, -3, 3];
const heatmap = new engine.Heatmap();
function renderTimes(surface) {
  heatmap.render(surface.handle, x0, x1, y0, y1, 512, 512, 12); // warm-up
  const ms = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    heatmap.render(surface.handle, x0, x1, y0, y1, 512, 512, 12);
    ms.push(performance.now() - start);
  }
  for (const [x, y] of [[0.1, 0.2], [-2.5, 1.75], [2.9, -2.9]]) {
    const want = surface.f(x, y);
    if (Math.abs(surface.handle.value(x, y) - want) > 1e-12 * Math.max(1, Math.abs(want))) problems.push(`${surface.nodes}-node value at (${x}, ${y}) disagrees with JavaScript`);
  }
  return ms;
}
const mid = ofSize(50);
const renderMs = renderTimes(mid);
const poly = ofSize(50, 1);
const polyMs = renderTimes(poly);
// The same values in plain JavaScript, for comparison.
const jsMs = [];
const values = new Float64Array(512 * 512);
for (let r = 0; r < Math.min(rounds, 5); r++) {
  const start = performance.now();
  for (let row = 0; row < 512; row++) {
    const y = y1 - ((row + 0.5) * (y1 - y0)) / 512;
    for (let col = 0; col < 512; col++) values[row * 512 + col] = mid.f(x0 + ((col + 0.5) * (x1 - x0)) / 512, y);
  }
  jsMs.push(performance.now() - start);
}

console.log("Typed functions (the playground's wasm in V8):");
console.log(`  parse + differentiate a ${big.nodes}-node expression: ${(1000 * median(parseMs)).toFixed(0)} µs median (target: well under 1 ms)`);
console.log(`  512×512 heatmap with colours and contours (target ≤ 30 ms):`);
console.log(`    ${poly.nodes}-node surface, powers and one sine: ${median(polyMs).toFixed(1)} ms median, ${Math.min(...polyMs).toFixed(1)} ms fastest`);
console.log(`    ${mid.nodes}-node surface, mostly sin, cos, exp: ${median(renderMs).toFixed(1)} ms median, ${Math.min(...renderMs).toFixed(1)} ms fastest`);
console.log(`    its 262,144 values alone in plain JavaScript: ${median(jsMs).toFixed(1)} ms median`);
if (problems.length > 0) {
  console.error(`!!! ${problems.join("\n!!! ")}`);
  process.exit(1);
}
