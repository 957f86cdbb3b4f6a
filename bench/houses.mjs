// The house-price network, timed on the playground's own wasm (www/pkg) in Node's V8,
// Chromium's engine: the default network (two hidden layers of 32 ReLU units, Adam, batches of
// 32) on the shipped Ames file (21 features, as the lesson loads it) and, when
// ../shared/data/california_housing.csv is there, on California (every numeric column). Prints
// the median epoch, the time of 20 epochs and what they learned: the test R² beside the
// predict-the-mean and least-squares baselines; with --native, the same network natively
// (examples/houses_speed.rs) and the ratio. A network that ends no better than least squares,
// or diverges, or differs from the native one's R², is a wrong answer: the exit status is 1.
// Asserts no time.
//
//   node bench/houses.mjs [--epochs N] [--native PATH]

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AMES_FEATURES } from "../www/views/network.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const epochs = Number(option("--epochs") ?? 20);
const nativeBinary = option("--native");
if (!(Number.isInteger(epochs) && epochs >= 1)) throw new Error("--epochs wants a whole number ≥ 1");

const engine = await import(`${root}www/pkg/downhill.js`);
engine.initSync({ module: readFileSync(`${root}www/pkg/downhill_bg.wasm`) });

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const problems = [];

/** Trains the default network for `epochs` epochs on `dataset`; prints and checks the figures. */
function run(name, dataset) {
  const net = new engine.Network(dataset, {});
  const times = [];
  let report = null;
  for (let e = 0; e < epochs; e++) {
    const start = performance.now();
    report = net.trainEpoch();
    times.push(performance.now() - start);
  }
  const total = times.reduce((a, b) => a + b, 0);
  const { network, mean, leastSquares, nTrain } = net.metrics();
  console.log(
    `${name}: ${dataset.nRows} rows (${nTrain} to train on), ${dataset.nFeatures} features; ` +
      `epoch ${median(times).toFixed(2)} ms median (${Math.min(...times).toFixed(2)} fastest); ` +
      `${epochs} epochs ${total.toFixed(0)} ms; test R² ${network.r2.toFixed(3)} ` +
      `(least squares ${leastSquares.r2.toFixed(3)}, mean ${mean.r2.toFixed(3)})`,
  );
  if (net.status === "diverged" || !(network.r2 > leastSquares.r2)) {
    problems.push(`${name}: after ${report?.epoch} epochs the network's test R² is ${network.r2}, not above least squares' ${leastSquares.r2} (${net.status})`);
  }
  net.free();
  dataset.free();
  return { epochMs: median(times), totalMs: total, r2: network.r2 };
}

console.log(`The default house-price network in the playground's wasm, ${epochs} epochs:`);
const ames = readFileSync(`${root}www/data/ames.csv`, "utf8");
const a = run("Ames", engine.Dataset.fromCsv(ames, "Sale_Price", AMES_FEATURES));
const californiaPath = `${root}../shared/data/california_housing.csv`;
let c = null;
if (existsSync(californiaPath)) {
  c = run("California", engine.Dataset.fromCsv(readFileSync(californiaPath, "utf8"), "median_house_value"));
} else {
  console.log(`California: ${californiaPath} is absent; skipped`);
}
if (nativeBinary) {
  // The same training natively: one JSON line per data set.
  const lines = execFileSync(nativeBinary, [String(epochs), "--json"], { encoding: "utf8" }).trim().split("\n");
  for (const line of lines) {
    const native = JSON.parse(line);
    const wasm = native.name === "Ames" ? a : c;
    if (!wasm) continue;
    console.log(
      `${native.name} natively: epoch ${native.epochMs.toFixed(2)} ms median; ${epochs} epochs ` +
        `${native.totalMs.toFixed(0)} ms; wasm at ${(native.epochMs / wasm.epochMs).toFixed(2)}× native speed`,
    );
    // The same arithmetic in the same order: the R² agrees to rounding.
    if (!(Math.abs(native.r2 - wasm.r2) <= 1e-9)) problems.push(`${native.name}: native R² ${native.r2}, wasm ${wasm.r2}`);
  }
}
console.log(
  `Targets (figures, not tests): one Ames epoch in a few milliseconds: ${a.epochMs.toFixed(2)} ms; ` +
    `20 epochs on California within a second: ${c ? `${((c.totalMs * 20) / epochs).toFixed(0)} ms` : "not measured"}`,
);
if (problems.length > 0) {
  for (const p of problems) console.error(`  WRONG ${p}`);
  process.exitCode = 1;
}
