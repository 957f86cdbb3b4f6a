// Runs W1–W3 (bench/WORKLOADS.md) on Downhill's wasm (bench/adapter.mjs), on the same
// Rust natively (examples/bench_native.rs) and in plain JavaScript (bench/plain.mjs), and W1 and W2 in
// NumPy (bench/numpy_peer.py, given a Python with NumPy), in interleaved rounds; prints medians and
// ratios, and the peers' figures measured elsewhere.
// Every result is checked (W1 final MSE, W2 checksums, W3 final points bit for bit): a mismatch
// makes the exit status 1. Nothing here asserts a time.
//
//   node bench/run.mjs [--rounds N] [--pkg PATH --wasm PATH] [--native PATH] [--python PATH]
//                      [--json FILE]
//
// `cargo xtask bench` builds everything and runs this.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { create as createWasm } from "./adapter.mjs";
import { runNumpy, writeInputs } from "./numpy.mjs";
import { create as createPlain } from "./plain.mjs";
import {
  PEERS, TARGETS, W1, W2, W3, checkW1Inputs, checkW1Mse, checkW2, checkW2Sums, checkW3, w1Inputs, w2Lut,
} from "./workloads.mjs";

const W2_GRIDS = 15; // timed grids per round, after one warm-up
const W3_RUNS = 3; // timed runs of all six optimizers per round

function parseArgs(argv) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const args = {
    rounds: 5,
    pkg: `${root}target/bench-pkg/downhill.js`,
    wasm: `${root}target/bench-pkg/downhill_bg.wasm`,
    native: `${root}target/release/examples/bench_native`,
    python: null,
    inputsDir: `${root}target/bench/numpy-inputs`,
    json: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (name === "--rounds") args.rounds = Number(value());
    else if (name === "--pkg") args.pkg = value();
    else if (name === "--wasm") args.wasm = value();
    else if (name === "--native") args.native = value();
    else if (name === "--python") args.python = value();
    else if (name === "--json") args.json = value();
    else throw new Error(`unknown option ${name}; see the comment at the top of bench/run.mjs`);
  }
  if (!(Number.isInteger(args.rounds) && args.rounds >= 1)) throw new Error("--rounds wants a whole number ≥ 1");
  return args;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One round of all three workloads on an adapter: times and problems. */
function roundOn(adapter, inputs, lut) {
  const out = { w1: {}, w2: [], w3: [], problems: [] };
  for (const dtype of adapter.w1Variants) {
    adapter.w1Setup(dtype, inputs);
    const epochMs = [];
    for (const perm of inputs.perms) {
      const start = performance.now();
      adapter.w1Epoch(perm, W1.lr, W1.batch);
      epochMs.push(performance.now() - start);
    }
    out.w1[dtype] = epochMs;
    const problem = checkW1Mse(dtype, adapter.w1Mse());
    if (problem) out.problems.push(problem);
  }
  const grid = { ...W2, lut };
  adapter.w2Grid(grid); // warm-up
  let result = null;
  for (let g = 0; g < W2_GRIDS; g++) {
    const start = performance.now();
    result = adapter.w2Grid(grid);
    out.w2.push(performance.now() - start);
  }
  out.problems.push(...checkW2(result));
  for (let r = 0; r < W3_RUNS; r++) {
    const points = [];
    const start = performance.now();
    for (const [name, lr] of W3.runs) {
      points.push(adapter.w3Run({ name, lr, steps: W3.steps, x0: W3.x0, y0: W3.y0 }));
    }
    out.w3.push(performance.now() - start);
    if (r === 0) {
      W3.runs.forEach(([name, , want], idx) => {
        const problem = checkW3(name, points[idx], want);
        if (problem) out.problems.push(problem);
      });
    }
  }
  return out;
}

/** One round of the native example (a child process printing one JSON object). */
function roundNative(binary) {
  const text = execFileSync(binary, ["--json", "--rounds", "1"], { encoding: "utf8" });
  const r = JSON.parse(text.trim().split("\n").pop());
  const out = { w1: { f32: r.w1.f32.epochMs, f64: r.w1.f64.epochMs }, w2: r.w2.gridMs, w3: r.w3.runMs, problems: [] };
  for (const dtype of ["f32", "f64"]) {
    const problem = checkW1Mse(dtype, r.w1[dtype].mse);
    if (problem) out.problems.push(problem);
  }
  out.problems.push(...checkW2Sums(r.w2));
  for (const [name, , want] of W3.runs) {
    const problem = checkW3(name, r.w3.points[name], want);
    if (problem) out.problems.push(problem);
  }
  return out;
}

/** One round of the NumPy peer (W1 and W2, in a child process). */
function roundNumpy({ python, dir }) {
  const r = runNumpy(python, dir);
  const out = { w1: { f32: r.f32.epochMs, f64: r.f64.epochMs }, w2: r.w2.gridMs, w3: [], problems: [] };
  for (const dtype of ["f32", "f64"]) {
    const problem = checkW1Mse(dtype, r[dtype].mse);
    if (problem) out.problems.push(problem);
  }
  out.problems.push(...checkW2Sums(r.w2));
  return out;
}

const fmt = (v, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : "—");
const ratio = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : "—");
const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);

function table(headers, rows) {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((row) => String(row[c]).length)));
  const line = (cells) => cells.map((cell, c) => (c === 0 ? pad(cell, widths[c]) : lpad(cell, widths[c]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  console.log(`Generating W1's inputs (seeds 1, 2, 3) …`);
  const inputs = w1Inputs();
  const inputProblems = checkW1Inputs(inputs);
  if (inputProblems.length > 0) {
    console.error(inputProblems.join("\n"));
    process.exit(1);
  }
  console.log("W1 inputs match the spec's CRC-32 checksums (x, y, params, permutations).");
  const lut = w2Lut();

  const impls = [
    { key: "wasm", label: "Downhill wasm", run: null, adapter: await createWasm({ pkg: args.pkg, wasm: args.wasm }) },
    { key: "plain", label: "plain JS (ours)", adapter: createPlain() },
  ];
  if (existsSync(args.native)) {
    impls.push({ key: "native", label: "same Rust, native", native: args.native });
  } else {
    console.log(`(no native figures: ${args.native} is missing; \`cargo xtask bench\` builds it)`);
  }
  if (args.python) {
    writeInputs(inputs, W2, lut, args.inputsDir);
    impls.push({ key: "numpy", label: "NumPy (ours, W1 and W2)", numpy: { python: args.python, dir: args.inputsDir } });
  } else {
    console.log("(no NumPy figures: pass --python with a Python that has NumPy; `cargo xtask bench` installs one)");
  }
  const times = Object.fromEntries(impls.map((impl) => [impl.key, { w1f32: [], w1f64: [], w2: [], w3: [] }]));
  const problems = [];
  for (let round = 0; round < args.rounds; round++) {
    // Interleaved: each round starts with a different implementation.
    const order = impls.map((_, i) => impls[(i + round) % impls.length]);
    for (const impl of order) {
      const r = impl.adapter
        ? roundOn(impl.adapter, inputs, lut)
        : impl.numpy ? roundNumpy(impl.numpy) : roundNative(impl.native);
      const t = times[impl.key];
      t.w1f32.push(...(r.w1.f32 ?? []));
      t.w1f64.push(...(r.w1.f64 ?? []));
      t.w2.push(...r.w2);
      t.w3.push(...r.w3);
      problems.push(...r.problems.map((p) => `${impl.label}: ${p}`));
    }
    process.stdout.write(`round ${round + 1}/${args.rounds} done\n`);
  }

  const med = Object.fromEntries(
    Object.entries(times).map(([key, t]) => [
      key,
      { w1f32: median(t.w1f32), w1f64: median(t.w1f64), w2: median(t.w2), w3: (6 * W3.steps) / median(t.w3) / 1e3 },
    ]),
  );
  const wasm = med.wasm;
  const native = med.native ?? {};
  const plain = med.plain;
  const numpy = med.numpy ?? {};
  console.log(`\nW1–W3, median of ${args.rounds} interleaved rounds (ms; W3 in M steps/s, higher is better)\n`);
  console.log(
    table(
      ["workload", "Downhill wasm", "same Rust native", "plain JS (ours)", "NumPy (ours)", "wasm vs native", "wasm vs plain JS", "wasm vs NumPy", "target"],
      [
        ["W1 f32, ms/epoch", fmt(wasm.w1f32), fmt(native.w1f32), fmt(plain.w1f32), fmt(numpy.w1f32), ratio(native.w1f32 / wasm.w1f32), ratio(plain.w1f32 / wasm.w1f32), ratio(numpy.w1f32 / wasm.w1f32), `≤ ${TARGETS.w1f32Ms} ms, < NumPy`],
        ["W1 f64, ms/epoch", fmt(wasm.w1f64), fmt(native.w1f64), fmt(plain.w1f64), fmt(numpy.w1f64), ratio(native.w1f64 / wasm.w1f64), ratio(plain.w1f64 / wasm.w1f64), ratio(numpy.w1f64 / wasm.w1f64), ""],
        ["W2, ms/grid", fmt(wasm.w2, 3), fmt(native.w2, 3), fmt(plain.w2, 3), fmt(numpy.w2, 3), ratio(native.w2 / wasm.w2), ratio(plain.w2 / wasm.w2), ratio(numpy.w2 / wasm.w2), `≤ ${TARGETS.w2Ms} ms`],
        ["W3, M steps/s", fmt(wasm.w3, 1), fmt(native.w3, 1), fmt(plain.w3, 1), "—", ratio(wasm.w3 / native.w3), ratio(wasm.w3 / plain.w3), "—", `≥ ${TARGETS.w3VsNative}× native, > plain JS`],
      ],
    ),
  );
  const fastest = (key, w) => Math.min(...times[key][w]);
  console.log(
    `Fastest single measurement (least disturbed by other work): W1 f32 ${fmt(fastest("wasm", "w1f32"))} ms wasm, ` +
      `${med.native ? fmt(fastest("native", "w1f32")) : "—"} ms native, ` +
      `${med.numpy ? fmt(fastest("numpy", "w1f32")) : "—"} ms NumPy; W2 ${fmt(fastest("wasm", "w2"), 3)} ms wasm, ` +
      `${med.native ? fmt(fastest("native", "w2"), 3) : "—"} ms native, ${fmt(fastest("plain", "w2"), 3)} ms plain JS, ` +
      `${med.numpy ? fmt(fastest("numpy", "w2"), 3) : "—"} ms NumPy; ` +
      `W3 ${fmt((6 * W3.steps) / fastest("wasm", "w3") / 1e3, 1)} M steps/s wasm, ` +
      `${med.native ? fmt((6 * W3.steps) / fastest("native", "w3") / 1e3, 1) : "—"} native, ` +
      `${fmt((6 * W3.steps) / fastest("plain", "w3") / 1e3, 1)} plain JS`,
  );
  console.log("(ratios > 1× mean Downhill's wasm is faster; W1 f32 samples/s: " +
    `${fmt(W1.n / (wasm.w1f32 / 1e3), 0)} wasm, ${fmt(W1.n / (native.w1f32 / 1e3), 0)} native)`);

  console.log("\nPeers, measured elsewhere (WORKLOADS.md, same machine, another run): Downhill wasm's speed-up over each");
  console.log(
    table(
      ["peer", "W1 f32 ms", "W2 ms", "W3 M/s", "W1 wasm×", "W2 wasm×", "W3 wasm×"],
      Object.entries(PEERS).map(([name, p]) => [
        name, fmt(p.w1, 1), fmt(p.w2, 2), fmt(p.w3, 3),
        ratio(p.w1 / wasm.w1f32), ratio(p.w2 / wasm.w2), ratio(wasm.w3 / p.w3),
      ]),
    ),
  );
  const scale = PEERS["plain JS"].w2 / plain.w2;
  console.log(
    `\nThis run's plain JS against the reference plain JS: W1 ${ratio(PEERS["plain JS"].w1 / plain.w1f32)}, ` +
      `W2 ${ratio(scale)}, W3 ${ratio(plain.w3 / PEERS["plain JS"].w3)} as fast` +
      (med.numpy ? `; this run's NumPy against the reference NumPy: W1 ${ratio(PEERS.NumPy.w1 / numpy.w1f32)}, W2 ${ratio(PEERS.NumPy.w2 / numpy.w2)} as fast` : "") +
      " (well below 1× means the machine was slower or busier than when the peers were measured; our peers are our own code, not the reference's).",
  );

  const verdicts = [
    ["W1 f32 ≤ 9.5 ms/epoch", wasm.w1f32 <= TARGETS.w1f32Ms, `${fmt(wasm.w1f32)} ms`],
    ["W1 f32 faster than NumPy in this run", med.numpy ? wasm.w1f32 < numpy.w1f32 : null, `${ratio(numpy.w1f32 / wasm.w1f32)}`],
    ["W2 ≤ 1.5 ms/grid", wasm.w2 <= TARGETS.w2Ms, `${fmt(wasm.w2, 3)} ms`],
    ["W2 faster than NumPy in this run", med.numpy ? wasm.w2 < numpy.w2 : null, `${ratio(numpy.w2 / wasm.w2)}`],
    ["W3 ≥ 0.9× native", med.native ? wasm.w3 >= TARGETS.w3VsNative * native.w3 : null, `${ratio(wasm.w3 / native.w3)}`],
    ["W3 faster than plain JS", wasm.w3 > plain.w3, `${ratio(wasm.w3 / plain.w3)}`],
  ];
  console.log("\nTargets (figures, not tests):");
  // null: not measured in this run (no native runner, or no NumPy).
  const word = (met) => (met === null ? "—     " : met ? "met   " : "MISSED");
  for (const [what, met, got] of verdicts) console.log(`  ${word(met)}  ${what}: ${met === null ? "not measured" : got}`);

  if (args.json) {
    mkdirSync(dirname(args.json), { recursive: true });
    writeFileSync(args.json, `${JSON.stringify({ rounds: args.rounds, medians: med, times, problems }, null, 1)}\n`);
  }
  console.log("\nCorrectness (W1 MSE within 1e-4, W2 checksums exact, W3 final points bit for bit):");
  if (problems.length > 0) {
    for (const p of problems) console.error(`  MISMATCH ${p}`);
    process.exitCode = 1;
  } else {
    console.log(`  every result of every round matched (${impls.map((i) => i.label).join(", ")})`);
  }
  for (const impl of impls) impl.adapter?.dispose?.();
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(1);
});
