// The NumPy peer's side of the runner: W1's and W2's inputs written as files, and
// bench/numpy_peer.py run on them in a child process (its Python must have NumPy; `cargo xtask
// bench` installs one).

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./numpy_peer.py", import.meta.url));

/**
 * Writes W1's inputs (from workloads.mjs's w1Inputs), W2's grid and its colour table into `dir`
 * as the little-endian files numpy_peer.py reads.
 */
export function writeInputs(inputs, grid, lut, dir) {
  mkdirSync(dir, { recursive: true });
  const bytes = (array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  writeFileSync(join(dir, "x.f32"), bytes(inputs.x));
  writeFileSync(join(dir, "y.f32"), bytes(inputs.y));
  writeFileSync(join(dir, "params.f32"), bytes(inputs.params));
  writeFileSync(join(dir, "perms.u32"), Buffer.concat(inputs.perms.map(bytes)));
  const { w, h, xmin, xmax, ymin, ymax } = grid;
  writeFileSync(join(dir, "w2.json"), JSON.stringify({ w, h, xmin, xmax, ymin, ymax }));
  writeFileSync(join(dir, "lut.u8"), bytes(lut));
}

/**
 * W1 and W2 in NumPy on the inputs in `dir`: { f32: { epochMs, mse }, f64: { epochMs, mse },
 * w2: { gridMs, fmax, sumRgba, sumF }, numpy }.
 */
export function runNumpy(python, dir) {
  const text = execFileSync(python, [SCRIPT, dir], { encoding: "utf8" });
  return JSON.parse(text.trim().split("\n").pop());
}
