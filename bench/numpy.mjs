// The NumPy peer's side of the runner: W1's inputs written as files, and bench/w1_numpy.py run
// on them in a child process (its Python must have NumPy; `cargo xtask bench` installs one).

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./w1_numpy.py", import.meta.url));

/** Writes W1's inputs (from workloads.mjs's w1Inputs) into `dir` as little-endian files. */
export function writeW1Inputs(inputs, dir) {
  mkdirSync(dir, { recursive: true });
  const bytes = (array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  writeFileSync(join(dir, "x.f32"), bytes(inputs.x));
  writeFileSync(join(dir, "y.f32"), bytes(inputs.y));
  writeFileSync(join(dir, "params.f32"), bytes(inputs.params));
  writeFileSync(join(dir, "perms.u32"), Buffer.concat(inputs.perms.map(bytes)));
}

/** W1 in NumPy on the inputs in `dir`: { f32: { epochMs, mse }, f64: { epochMs, mse }, numpy }. */
export function runNumpyW1(python, dir) {
  const text = execFileSync(python, [SCRIPT, dir], { encoding: "utf8" });
  return JSON.parse(text.trim().split("\n").pop());
}
