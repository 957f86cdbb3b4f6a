// The NumPy peer (bench/numpy_peer.py) trains W1 to the spec's final MSE in float32 and float64
// and computes W2's grid with the spec's exact checksums, from the same input files the
// benchmark writes; corrupted inputs are caught by the same checks the benchmark applies.
// `cargo xtask test` installs NumPy in its setup stage and passes its Python in
// DOWNHILL_NUMPY_PYTHON.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runNumpy, writeInputs } from "../../bench/numpy.mjs";
import { W1, W2, checkW1Mse, checkW2Sums, w1Inputs, w2Lut } from "../../bench/workloads.mjs";

const python = process.env.DOWNHILL_NUMPY_PYTHON;
const skip = python ? false : "DOWNHILL_NUMPY_PYTHON is not set (`cargo xtask test` sets it)";

test("NumPy W1 reaches the spec's final MSE and W2 its checksums; changed inputs are caught", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "downhill-numpy-"));
  try {
    const inputs = w1Inputs();
    const lut = w2Lut();
    writeInputs(inputs, W2, lut, dir);
    const result = runNumpy(python, dir);
    for (const dtype of ["f32", "f64"]) {
      assert.equal(result[dtype].epochMs.length, W1.epochs);
      assert.equal(checkW1Mse(dtype, result[dtype].mse), null, `${dtype} MSE ${result[dtype].mse}`);
    }
    assert.ok(result.w2.gridMs.length > 0);
    assert.deepEqual(checkW2Sums(result.w2), []);

    // Every target 1% larger and one colour of the table changed: both runs complete, and
    // both checks now fail.
    const wrongLut = Uint8Array.from(lut);
    wrongLut[4 * 200] ^= 1;
    writeInputs({ ...inputs, y: inputs.y.map((v) => v * 1.01) }, W2, wrongLut, dir);
    const wrong = runNumpy(python, dir);
    assert.match(checkW1Mse("f32", wrong.f32.mse), /final MSE/);
    assert.match(checkW2Sums(wrong.w2).join("\n"), /Σ RGBA/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
