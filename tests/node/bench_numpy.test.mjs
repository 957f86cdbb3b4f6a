// The NumPy peer (bench/w1_numpy.py) trains W1 to the spec's final MSE in float32 and float64,
// from the same input files the benchmark writes, and a corrupted input is caught by the same
// check the benchmark applies. `cargo xtask test` installs NumPy in its setup stage and passes
// its Python in DOWNHILL_NUMPY_PYTHON.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runNumpyW1, writeW1Inputs } from "../../bench/numpy.mjs";
import { W1, checkW1Mse, w1Inputs } from "../../bench/workloads.mjs";

const python = process.env.DOWNHILL_NUMPY_PYTHON;
const skip = python ? false : "DOWNHILL_NUMPY_PYTHON is not set (`cargo xtask test` sets it)";

test("NumPy W1 reaches the spec's final MSE in f32 and f64; a changed target is caught", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "downhill-w1-"));
  try {
    const inputs = w1Inputs();
    writeW1Inputs(inputs, dir);
    const result = runNumpyW1(python, dir);
    for (const dtype of ["f32", "f64"]) {
      assert.equal(result[dtype].epochMs.length, W1.epochs);
      assert.equal(checkW1Mse(dtype, result[dtype].mse), null, `${dtype} MSE ${result[dtype].mse}`);
    }
    // Every target 1% larger: training still runs, but the final MSE no longer matches.
    writeW1Inputs({ ...inputs, y: inputs.y.map((v) => v * 1.01) }, dir);
    const wrong = runNumpyW1(python, dir);
    assert.match(checkW1Mse("f32", wrong.f32.mse), /final MSE/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
