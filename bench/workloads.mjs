// The W1–W3 workloads of bench/WORKLOADS.md, on the harness side: the seeded inputs
// (SplitMix64), their published checksums, the expected results, and the checks that make a
// fast wrong answer fail. Shared by bench/run.mjs (the runner) and the node tests.

/** SplitMix64 exactly as WORKLOADS.md defines it (BigInt: untimed input generation only). */
export class SplitMix64 {
  constructor(seed) {
    this.state = BigInt.asUintN(64, BigInt(seed));
  }

  /** The next 64 random bits, as a BigInt. */
  next() {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }

  /** U() = (next() >> 11) · 2^-53, exact, in [0, 1). */
  uniform() {
    return Number(this.next() >> 11n) * 2 ** -53;
  }
}

export const W1 = {
  n: 20_000,
  d: 8,
  h1: 32,
  h2: 32,
  nParams: 1377,
  epochs: 5,
  lr: 0.01,
  batch: 64,
  /** Final MSE after 5 epochs, and the relative deviation that counts as a mismatch. */
  expectedMse: { f32: 0.2362148, f64: 0.23621468 },
  relTol: 1e-4,
  initialMse: 1.387359,
  /** CRC-32 (zlib) of the little-endian bytes of each input. */
  crc: { x: 304966517, y: 35578665, params: 970909857, perms: 768222738 },
};

export const W2 = {
  w: 512,
  h: 512,
  xmin: -2,
  xmax: 2,
  ymin: -1,
  ymax: 3,
  expectedFmax: 2489.499,
  expectedSumRgba: 173_276_076,
  expectedSumF: 7.575868e7,
};

export const W3 = {
  x0: -1.5,
  y0: 2.0,
  steps: 100_000,
  /** name, lr, expected final point (bit for bit). */
  runs: [
    ["sgd", 2e-4, [0.9998216840103001, 0.99964268619173]],
    ["momentum", 2e-5, [0.9998228399637032, 0.9996450023142547]],
    ["nesterov", 2e-5, [0.9998226993640706, 0.999644720602085]],
    ["adagrad", 0.05, [0.9999999987148774, 0.9999999974258355]],
    ["rmsprop", 1e-3, [0.9993500150126499, 1.000200302487479]],
    ["adam", 1e-2, [0.9999951127406305, 0.9999902329151744]],
  ],
};

/**
 * The peers' figures from WORKLOADS.md (median ms, or M steps/s for W3), measured elsewhere on
 * this 2-core machine: compare ratios, not absolute times.
 */
export const PEERS = {
  "NumPy": { w1: 11.9, w2: 1.93, w3: 3.1 },
  "native Rust, plain loops": { w1: 31.0, w2: 2.78, w3: 61.4 },
  "Rust→wasm simd128, plain loops": { w1: 39.4, w2: 2.59, w3: 54.1 },
  "plain JS": { w1: 127, w2: 3.71, w3: 42.6 },
  "TF.js (wasm backend)": { w1: 245, w2: 48.3, w3: 0.007 },
};

/** The targets of the "Performance" issue. */
export const TARGETS = { w1f32Ms: 9.5, w2Ms: 1.5, w3VsNative: 0.9 };

/** W1's inputs: x (n·8 f32), y (n f32), params (1,377 f32), perms (one Uint32Array per epoch). */
export function w1Inputs({ n = W1.n, epochs = W1.epochs } = {}) {
  const data = new SplitMix64(1);
  const x = new Float32Array(n * W1.d);
  const y = new Float32Array(n);
  const f = new Float64Array(W1.d);
  const sqrt3 = Math.sqrt(3);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < W1.d; j++) {
      const u = ((data.uniform() + data.uniform()) + data.uniform()) + data.uniform();
      f[j] = (u - 2) * sqrt3;
    }
    const e = data.uniform() - 0.5;
    let s = 0.6 * f[0];
    s = s - 0.4 * (f[1] * f[2]);
    s = s + 0.8 * (f[3] / (1 + Math.abs(f[3])));
    s = s + 0.3 * (f[4] * f[4] - 1);
    s = s + 0.5 * Math.max(f[5], 0);
    s = s - 0.2 * (f[6] * f[7]);
    s = s + 0.2 * e;
    x.set(f, i * W1.d); // Float32Array rounds to nearest: f32(v)
    y[i] = s;
  }

  const init = new SplitMix64(2);
  const params = new Float32Array(W1.nParams);
  let at = 0;
  for (const [fanIn, fanOut] of [[W1.d, W1.h1], [W1.h1, W1.h2], [W1.h2, 1]]) {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let k = 0; k < fanIn * fanOut; k++) params[at++] = (2 * init.uniform() - 1) * limit;
    at += fanOut; // biases stay 0
  }

  const shuffle = new SplitMix64(3);
  const perms = [];
  for (let e = 0; e < epochs; e++) {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = Math.floor(shuffle.uniform() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    perms.push(p);
  }
  return { n, d: W1.d, h1: W1.h1, h2: W1.h2, x, y, params, perms };
}

/** W2's colour table: LUT[k] = (k, 255 − |2k − 255|, 255 − k, 255). */
export function w2Lut() {
  const lut = new Uint8Array(1024);
  for (let k = 0; k < 256; k++) lut.set([k, 255 - Math.abs(2 * k - 255), 255 - k, 255], 4 * k);
  return lut;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (zlib's) of the bytes of one or more typed arrays, in order (little-endian hosts). */
export function crc32(...arrays) {
  let c = 0xffffffff;
  for (const array of arrays) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Problems with W1's inputs (empty when every checksum matches the spec). */
export function checkW1Inputs(inputs) {
  const got = {
    x: crc32(inputs.x),
    y: crc32(inputs.y),
    params: crc32(inputs.params),
    perms: crc32(...inputs.perms),
  };
  return Object.entries(W1.crc)
    .filter(([key, want]) => got[key] !== want)
    .map(([key, want]) => `W1 input ${key}: CRC-32 ${got[key]}, the spec says ${want}`);
}

/** A problem with a W1 final MSE, or null. */
export function checkW1Mse(dtype, mse) {
  const want = W1.expectedMse[dtype];
  const rel = Math.abs(mse - want) / want;
  return Number.isFinite(mse) && rel <= W1.relTol
    ? null
    : `W1 ${dtype}: final MSE ${mse}, expected ${want} (relative deviation ${rel.toExponential(2)} > ${W1.relTol})`;
}

/**
 * Problems with a W2 result given as checksums {fmax, sumRgba, sumF} (from a peer in another
 * process): the byte sum exactly, f_max to the spec's 3 decimals, ΣF to 1e-6.
 */
export function checkW2Sums({ fmax, sumRgba, sumF }) {
  const problems = [];
  if (sumRgba !== W2.expectedSumRgba) problems.push(`W2 Σ RGBA ${sumRgba}, expected ${W2.expectedSumRgba}`);
  if (!(Math.abs(fmax - W2.expectedFmax) <= 1e-3)) problems.push(`W2 f_max ${fmax}, expected ${W2.expectedFmax}`);
  if (!(Math.abs(sumF - W2.expectedSumF) <= 1e-6 * W2.expectedSumF)) problems.push(`W2 ΣF ${sumF}, expected ${W2.expectedSumF}`);
  return problems;
}

/**
 * Problems with a W2 result {f, gx, gy, rgba} (empty when right): the byte sum of the picture
 * exactly, f_max to the spec's 3 decimals, ΣF to 1e-6, and f, ∇f at sample pixels against
 * the formulas evaluated here in binary64 (to f32 precision).
 */
export function checkW2(result, { w, h, xmin, xmax, ymin, ymax } = W2) {
  const problems = [];
  const { f, gx, gy, rgba } = result;
  const n = w * h;
  for (const [name, array, length] of [["f", f, n], ["gx", gx, n], ["gy", gy, n], ["rgba", rgba, 4 * n]]) {
    if (!array || array.length !== length) {
      problems.push(`W2 ${name}: expected ${length} values, got ${array?.length}`);
    }
  }
  if (problems.length > 0) return problems;
  let sumRgba = 0;
  for (let i = 0; i < rgba.length; i++) sumRgba += rgba[i];
  let fmax = -Infinity;
  let sumF = 0;
  for (let i = 0; i < n; i++) {
    if (f[i] > fmax) fmax = f[i];
    sumF += f[i];
  }
  if (sumRgba !== W2.expectedSumRgba) problems.push(`W2 Σ RGBA ${sumRgba}, expected ${W2.expectedSumRgba}`);
  if (!(Math.abs(fmax - W2.expectedFmax) <= 1e-3)) problems.push(`W2 f_max ${fmax}, expected ${W2.expectedFmax}`);
  if (!(Math.abs(sumF - W2.expectedSumF) <= 1e-6 * W2.expectedSumF)) {
    problems.push(`W2 ΣF ${sumF}, expected ≈ ${W2.expectedSumF}`);
  }
  for (const i of [0, 1, 777, 100_000, 131_583, n - 1]) {
    const r = Math.floor(i / w);
    const c = i % w;
    const x = xmin + ((c + 0.5) * (xmax - xmin)) / w;
    const y = ymax - ((r + 0.5) * (ymax - ymin)) / h;
    const a = 1 - x;
    const b = y - x * x;
    const want = [a * a + 100 * (b * b), -2 * a - 400 * x * b, 200 * b];
    for (const [name, array, v] of [["f", f, want[0]], ["gx", gx, want[1]], ["gy", gy, want[2]]]) {
      if (!(Math.abs(array[i] - v) <= 1e-6 * Math.max(1, Math.abs(v)))) {
        problems.push(`W2 ${name}[${i}] = ${array[i]}, expected ${v}`);
      }
    }
  }
  return problems;
}

/** A problem with a W3 final point (compared bit for bit), or null. */
export function checkW3(name, point, want) {
  const same = Array.isArray(point) || ArrayBuffer.isView(point)
    ? point.length === 2 && Object.is(point[0], want[0]) && Object.is(point[1], want[1])
    : false;
  return same ? null : `W3 ${name}: final point ${point?.[0]}, ${point?.[1]}; expected ${want[0]}, ${want[1]}`;
}
