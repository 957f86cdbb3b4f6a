"""W1 "mlp-train" (shared/bench/WORKLOADS.md) in NumPy: the peer the performance issue names
("faster than NumPy"), measured in the same run as Downhill's wasm instead of quoted from
another day. Written as a learner would write it with NumPy: whole mini-batches as matrices,
`@` for the products (BLAS), `np.tanh` for the activation, in float32 (or float64).

    python bench/w1_numpy.py DIR [f32|f64 ...]

DIR holds W1's inputs as little-endian files, written by bench/run.mjs: x.f32 (n x 8), y.f32,
params.f32 (the 1,377 values W1, b1, W2, b2, W3, b3) and perms.u32 (one permutation of 0..n-1
per epoch, concatenated). Prints one JSON object: per dtype, the milliseconds of each epoch and
the final MSE over all rows (accumulated in float64), which the runner checks.
"""

import json
import sys
import time

import numpy as np

D, H1, H2 = 8, 32, 32
LR, BATCH = 0.01, 64


def unpack(params, dtype):
    """The flat parameter vector as (W1, b1, W2, b2, W3, b3), weights row-major [in][out]."""
    shapes = [(D, H1), (H1,), (H1, H2), (H2,), (H2, 1), (1,)]
    out, at = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(params[at:at + size].astype(dtype).reshape(shape))
        at += size
    return out


def epoch(net, x, y, perm, lr):
    """One epoch of plain SGD on L = (1/B) sum (out - y)^2, batch by batch in the order perm."""
    w1, b1, w2, b2, w3, b3 = net
    for start in range(0, len(perm), BATCH):
        rows = perm[start:start + BATCH]
        xb, yb = x[rows], y[rows]
        a1 = np.tanh(xb @ w1 + b1)
        a2 = np.tanh(a1 @ w2 + b2)
        out = a2 @ w3 + b3
        # dL/dout = (2/B)(out - y); back through each layer, tanh' = 1 - a^2.
        d3 = (out - yb) * x.dtype.type(2.0 / len(rows))
        d2 = (d3 @ w3.T) * (1 - a2 * a2)
        d1 = (d2 @ w2.T) * (1 - a1 * a1)
        w3 -= lr * (a2.T @ d3)
        b3 -= lr * d3.sum(axis=0)
        w2 -= lr * (a1.T @ d2)
        b2 -= lr * d2.sum(axis=0)
        w1 -= lr * (xb.T @ d1)
        b1 -= lr * d1.sum(axis=0)


def mse(net, x, y):
    """Mean squared error over all rows, the squares summed in float64."""
    w1, b1, w2, b2, w3, b3 = net
    out = np.tanh(np.tanh(x @ w1 + b1) @ w2 + b2) @ w3 + b3
    err = (out - y).astype(np.float64)
    return float(np.mean(err * err))


def main():
    folder = sys.argv[1]
    dtypes = sys.argv[2:] or ["f32", "f64"]
    x32 = np.fromfile(f"{folder}/x.f32", dtype="<f4").reshape(-1, D)
    y32 = np.fromfile(f"{folder}/y.f32", dtype="<f4").reshape(-1, 1)
    params = np.fromfile(f"{folder}/params.f32", dtype="<f4")
    perms = np.fromfile(f"{folder}/perms.u32", dtype="<u4").astype(np.intp).reshape(-1, len(y32))
    result = {}
    for name in dtypes:
        dtype = {"f32": np.float32, "f64": np.float64}[name]
        x, y = x32.astype(dtype), y32.astype(dtype)
        net = unpack(params, dtype)
        lr = dtype(LR)
        epoch_ms = []
        for perm in perms:
            started = time.perf_counter()
            epoch(net, x, y, perm, lr)
            epoch_ms.append((time.perf_counter() - started) * 1e3)
        result[name] = {"epochMs": epoch_ms, "mse": mse(net, x, y)}
    result["numpy"] = np.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
