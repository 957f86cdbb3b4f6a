"""W1 "mlp-train" and W2 "landscape-grid" (bench/WORKLOADS.md) in NumPy: the peer the
performance issue names ("faster than NumPy"), measured in the same run as Downhill's wasm
instead of quoted from another day. Written as a learner would write it with NumPy: W1 with whole
mini-batches as matrices, `@` for the products (BLAS) and `np.tanh`, in float32 and float64; W2
as whole-grid array expressions.

    python bench/numpy_peer.py DIR

DIR holds the inputs as little-endian files, written by bench/numpy.mjs: x.f32 (n x 8), y.f32,
params.f32 (the 1,377 values W1, b1, W2, b2, W3, b3), perms.u32 (one permutation of 0..n-1 per
epoch, concatenated), w2.json (the grid) and lut.u8 (W2's 256 RGBA colours). Prints one JSON
object: per W1 dtype the milliseconds of each epoch and the final MSE over all rows (in
float64); for W2 the milliseconds of each grid and its checksums. The runner checks them all.
"""

import json
import sys
import time

import numpy as np

D, H1, H2 = 8, 32, 32
LR, BATCH = 0.01, 64
W2_GRIDS = 15  # timed grids, after one warm-up


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


def grid(w, h, xmin, xmax, ymin, ymax, lut):
    """Rosenbrock F = a^2 + 100 b^2 (a = 1 - x, b = y - x^2) and its gradient on pixel centres,
    row 0 at the top, in float64 and stored as float32; colours by t = ln(1+F) / ln(1+max F).
    In-place operations where they save a temporary, as a careful NumPy user would write it."""
    xs = xmin + (np.arange(w) + 0.5) * (xmax - xmin) / w
    ys = ymax - (np.arange(h) + 0.5) * (ymax - ymin) / h
    x, y = xs[np.newaxis, :], ys[:, np.newaxis]
    a = 1 - x
    b = y - x * x
    f64 = b * b
    f64 *= 100
    f64 += a * a
    f = f64.astype(np.float32)
    gx = (400 * x) * b
    np.subtract(-2 * a, gx, out=gx)
    gx = gx.astype(np.float32)
    gy = np.multiply(b, 200, dtype=np.float32)
    # k = min(255, floor(256 t)); t >= 0, so truncation is the floor.
    t = np.log1p(f64)
    t *= 256 / np.log1p(f64.max())
    k = t.astype(np.intp)
    np.minimum(k, 255, out=k)
    rgba = lut.view(np.uint32).ravel()[k].view(np.uint8)  # one 4-byte colour per pixel
    return f, gx, gy, rgba


def w2(folder):
    """W2's timed grids and the checksums of the last one."""
    with open(f"{folder}/w2.json", encoding="utf8") as spec_file:
        spec = json.load(spec_file)
    lut = np.fromfile(f"{folder}/lut.u8", dtype=np.uint8).reshape(256, 4)
    args = [spec[key] for key in ("w", "h", "xmin", "xmax", "ymin", "ymax")] + [lut]
    grid(*args)  # warm-up
    grid_ms = []
    for _ in range(W2_GRIDS):
        started = time.perf_counter()
        f, _, _, rgba = grid(*args)
        grid_ms.append((time.perf_counter() - started) * 1e3)
    return {
        "gridMs": grid_ms,
        "fmax": float(f.max()),
        "sumRgba": int(rgba.sum(dtype=np.int64)),
        "sumF": float(f.sum(dtype=np.float64)),
    }


def main():
    folder = sys.argv[1]
    dtypes = ["f32", "f64"]
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
    result["w2"] = w2(folder)
    result["numpy"] = np.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
