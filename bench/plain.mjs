// The same W1–W3 work in plain JavaScript (no wasm, no libraries), behind the same adapter
// interface as bench/adapter.mjs, so the runner compares like with like. Straightforward loops
// as a careful JavaScript programmer would write them; typed arrays hold the data ("f32"
// stores in Float32Array, so values round to f32 at every store while arithmetic is binary64).

export function create() {
  let net = null;

  return {
    name: "plain JavaScript",
    w1Variants: ["f32", "f64"],

    w1Setup(dtype, { n, d, h1, h2, x, y, params }) {
      const Arr = dtype === "f64" ? Float64Array : Float32Array;
      const batchMax = 1024;
      net = {
        n, d, h1, h2,
        x: Arr.from(x),
        y: Arr.from(y),
        p: Arr.from(params),
        g: new Arr(params.length),
        // Per batch: the hidden activations, for the backward pass.
        a1: new Arr(batchMax * h1),
        a2: new Arr(batchMax * h2),
        d1: new Float64Array(h1),
        d2: new Float64Array(h2),
      };
      // Offsets of W1, b1, W2, b2, W3, b3 in the flat parameter vector.
      net.o = { w1: 0, b1: d * h1, w2: d * h1 + h1, b2: d * h1 + h1 + h1 * h2, w3: d * h1 + h1 + h1 * h2 + h2 };
      net.o.b3 = net.o.w3 + h2;
    },

    w1Epoch(perm, lr, batch) {
      const { n } = net;
      for (let start = 0; start < n; start += batch) {
        const end = Math.min(start + batch, n);
        gradient(net, perm, start, end);
        const { p, g } = net;
        for (let k = 0; k < p.length; k++) p[k] -= lr * g[k];
      }
    },

    w1Mse() {
      // The same scratch arrays as training, so `forward` sees one array type (stays monomorphic).
      const { n, d, h1, h2, x, y, p, o, a1, a2 } = net;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const out = forward(p, o, x, i * d, d, h1, h2, a1, 0, a2, 0);
        const diff = out - y[i];
        sum += diff * diff;
      }
      return sum / n;
    },

    w2Grid({ w, h, xmin, xmax, ymin, ymax, lut }) {
      const n = w * h;
      const f = new Float32Array(n);
      const gx = new Float32Array(n);
      const gy = new Float32Array(n);
      const rgba = new Uint8Array(4 * n);
      const f64 = new Float64Array(n);
      let fmax = -Infinity;
      for (let r = 0; r < h; r++) {
        const y = ymax - ((r + 0.5) * (ymax - ymin)) / h;
        for (let c = 0; c < w; c++) {
          const x = xmin + ((c + 0.5) * (xmax - xmin)) / w;
          const a = 1 - x;
          const b = y - x * x;
          const F = a * a + 100 * (b * b);
          const i = r * w + c;
          f64[i] = F;
          f[i] = F;
          gx[i] = -2 * a - 400 * x * b;
          gy[i] = 200 * b;
          if (F > fmax) fmax = F;
        }
      }
      const inv = 1 / Math.log(1 + fmax);
      for (let i = 0; i < n; i++) {
        const k = Math.min(255, Math.floor(256 * (Math.log(1 + f64[i]) * inv)));
        const at = 4 * k;
        rgba[4 * i] = lut[at];
        rgba[4 * i + 1] = lut[at + 1];
        rgba[4 * i + 2] = lut[at + 2];
        rgba[4 * i + 3] = lut[at + 3];
      }
      return { f, gx, gy, rgba };
    },

    w3Run({ name, lr, steps, x0, y0 }) {
      return descend(name, lr, steps, x0, y0);
    },

    dispose() {
      net = null;
    },
  };
}

/** The network's output for the row at x[at..at+d]; a1, a2 receive the hidden activations. */
function forward(p, o, x, at, d, h1, h2, a1, a1At, a2, a2At) {
  for (let j = 0; j < h1; j++) {
    let z = p[o.b1 + j];
    for (let i = 0; i < d; i++) z += x[at + i] * p[o.w1 + i * h1 + j];
    a1[a1At + j] = Math.tanh(z);
  }
  for (let j = 0; j < h2; j++) {
    let z = p[o.b2 + j];
    for (let i = 0; i < h1; i++) z += a1[a1At + i] * p[o.w2 + i * h2 + j];
    a2[a2At + j] = Math.tanh(z);
  }
  let out = p[o.b3];
  for (let i = 0; i < h2; i++) out += a2[a2At + i] * p[o.w3 + i];
  return out;
}

/** dL/dθ of L = (1/B) Σ (out − y)² over the rows perm[start..end), into net.g. */
function gradient(net, perm, start, end) {
  const { d, h1, h2, x, y, p, g, o, a1, a2, d1, d2 } = net;
  g.fill(0);
  const scale = 2 / (end - start);
  for (let b = start; b < end; b++) {
    const row = perm[b];
    const at = row * d;
    const k = b - start;
    const out = forward(p, o, x, at, d, h1, h2, a1, k * h1, a2, k * h2);
    // δ_out = 2 (out − y) / B
    const dOut = (out - y[row]) * scale;
    g[o.b3] += dOut;
    for (let i = 0; i < h2; i++) {
      g[o.w3 + i] += a2[k * h2 + i] * dOut;
      // δ2 = δ_out W3ᵀ ⊙ (1 − a2²)
      const a = a2[k * h2 + i];
      d2[i] = dOut * p[o.w3 + i] * (1 - a * a);
    }
    for (let i = 0; i < h1; i++) {
      let s = 0;
      for (let j = 0; j < h2; j++) {
        g[o.w2 + i * h2 + j] += a1[k * h1 + i] * d2[j];
        s += d2[j] * p[o.w2 + i * h2 + j];
      }
      const a = a1[k * h1 + i];
      d1[i] = s * (1 - a * a);
    }
    for (let j = 0; j < h2; j++) g[o.b2 + j] += d2[j];
    for (let i = 0; i < d; i++) {
      const xi = x[at + i];
      for (let j = 0; j < h1; j++) g[o.w1 + i * h1 + j] += xi * d1[j];
    }
    for (let j = 0; j < h1; j++) g[o.b1 + j] += d1[j];
  }
}

/** W3: `steps` updates of one optimizer on Rosenbrock, per coordinate in the spec's order. */
function descend(name, lr, steps, x0, y0) {
  let x = x0;
  let y = y0;
  let bx = 0, by = 0, vx = 0, vy = 0, b1t = 1, b2t = 1;
  for (let k = 0; k < steps; k++) {
    const a = 1 - x;
    const b = y - x * x;
    const gx = -2 * a - 400 * x * b;
    const gy = 200 * b;
    switch (name) {
      case "sgd":
        x = x - lr * gx;
        y = y - lr * gy;
        break;
      case "momentum":
        bx = 0.9 * bx + gx;
        by = 0.9 * by + gy;
        x = x - lr * bx;
        y = y - lr * by;
        break;
      case "nesterov":
        bx = 0.9 * bx + gx;
        by = 0.9 * by + gy;
        x = x - lr * (gx + 0.9 * bx);
        y = y - lr * (gy + 0.9 * by);
        break;
      case "adagrad":
        vx = vx + gx * gx;
        vy = vy + gy * gy;
        x = x - lr * (gx / (Math.sqrt(vx) + 1e-10));
        y = y - lr * (gy / (Math.sqrt(vy) + 1e-10));
        break;
      case "rmsprop":
        vx = 0.99 * vx + (1 - 0.99) * (gx * gx);
        vy = 0.99 * vy + (1 - 0.99) * (gy * gy);
        x = x - lr * (gx / (Math.sqrt(vx) + 1e-8));
        y = y - lr * (gy / (Math.sqrt(vy) + 1e-8));
        break;
      case "adam": {
        b1t = b1t * 0.9;
        b2t = b2t * 0.999;
        bx = 0.9 * bx + (1 - 0.9) * gx;
        by = 0.9 * by + (1 - 0.9) * gy;
        vx = 0.999 * vx + (1 - 0.999) * (gx * gx);
        vy = 0.999 * vy + (1 - 0.999) * (gy * gy);
        const step = lr / (1 - b1t);
        const c2 = Math.sqrt(1 - b2t);
        x = x - step * (bx / (Math.sqrt(vx) / c2 + 1e-8));
        y = y - step * (by / (Math.sqrt(vy) / c2 + 1e-8));
        break;
      }
      default:
        throw new Error(`W3 has no optimizer ${JSON.stringify(name)}`);
    }
  }
  return [x, y];
}
