// The benchmark adapter of bench/WORKLOADS.md ("Adapter interface") for Downhill: W1–W3
// on the project's own kernels compiled to wasm (nn::Trainer for W1, the landscape and the
// render module's exact colour binning for W2, optim and the Rosenbrock landscape for W3),
// through the benchmark-only exports of the wasm built with `--features bench`.
//
//   import { create } from "./bench/adapter.mjs";
//   const a = await create({ pkg: "target/bench-pkg/downhill.js", wasm: "target/bench-pkg/downhill_bg.wasm" });
//
// `cargo xtask bench` builds that package. Every method is synchronous; all computing is done
// when a timed call returns. w2Grid returns views into wasm memory, valid until the next call.

import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = new URL("..", import.meta.url);
const DEFAULT_PKG = new URL("target/bench-pkg/downhill.js", ROOT);
const DEFAULT_WASM = new URL("target/bench-pkg/downhill_bg.wasm", ROOT);

/** A file path or URL as a file URL (relative paths from the working directory). */
function fileUrl(where, fallback) {
  if (where === undefined) return fallback;
  if (where instanceof URL) return where;
  if (/^file:/.test(where)) return new URL(where);
  return pathToFileURL(isAbsolute(where) ? where : resolve(where));
}

export async function create(opts = {}) {
  const pkgUrl = fileUrl(opts.pkg, DEFAULT_PKG);
  const wasmUrl = fileUrl(opts.wasm, DEFAULT_WASM);
  const core = await import(pkgUrl.href);
  core.initSync({ module: readFileSync(wasmUrl) });
  for (const name of ["BenchMlp", "BenchGrid", "benchOptimizer"]) {
    if (typeof core[name] !== "function") {
      throw new Error(`${pkgUrl.pathname} has no ${name}: build it with \`cargo build --features bench\` (cargo xtask bench does)`);
    }
  }

  let mlp = null;
  let grid = null;
  let gridLut = null;

  return {
    name: "Downhill (Rust→wasm simd128)",
    w1Variants: ["f32", "f64"],

    w1Setup(dtype, { n, d, h1, h2, x, y, params }) {
      if (y.length !== n) throw new Error(`w1Setup: y has ${y.length} values, n is ${n}`);
      mlp?.free();
      mlp = null;
      mlp = new core.BenchMlp(dtype, d, h1, h2, x, y, params);
    },

    w1Epoch(perm, lr, batch) {
      mlp.epoch(perm, lr, batch);
    },

    w1Mse() {
      return mlp.mse();
    },

    w2Grid({ w, h, xmin, xmax, ymin, ymax, lut }) {
      if (grid === null || !sameBytes(lut, gridLut)) {
        grid?.free();
        grid = new core.BenchGrid("rosenbrock", lut);
        gridLut = Uint8Array.from(lut);
      }
      grid.render(w, h, xmin, xmax, ymin, ymax);
      return { f: grid.f(), gx: grid.gx(), gy: grid.gy(), rgba: grid.rgba() };
    },

    w3Run({ name, lr, steps, x0, y0 }) {
      const point = core.benchOptimizer(name, lr, steps, x0, y0);
      return [point[0], point[1]];
    },

    dispose() {
      mlp?.free();
      grid?.free();
      mlp = grid = gridLut = null;
    },
  };
}

function sameBytes(a, b) {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
