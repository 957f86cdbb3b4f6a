// The benchmark harness (bench/workloads.mjs) and the plain-JavaScript peer (bench/plain.mjs) are
// right, and the checks catch a fast wrong answer: SplitMix64 against the spec's test vector,
// W1's inputs against the published CRC-32s, plain JS W2/W3 against the expected results, and a
// one-pixel or one-ulp corruption rejected. (The wasm adapter's own results are checked by
// `cargo xtask bench`, and its kernels natively by tests/bench_workloads.rs.)

import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "../../bench/plain.mjs";
import {
  SplitMix64, W2, W3, checkW1Inputs, checkW2, checkW3, crc32, w1Inputs, w2Lut,
} from "../../bench/workloads.mjs";

test("SplitMix64 gives the spec's test vector", () => {
  const g = new SplitMix64(1);
  assert.deepEqual([g.next(), g.next(), g.next()], [0x910a2dec89025cc1n, 0xbeeb8da1658eec67n, 0xf893a2eefb32555en]);
  const u = new SplitMix64(1);
  assert.deepEqual([u.uniform(), u.uniform()], [0.5665615751722809, 0.7457817572627011]);
});

test("CRC-32 gives zlib's check value, and W1's inputs match the published checksums", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.deepEqual(checkW1Inputs(w1Inputs()), []);
});

test("plain JS W2 gives the spec's checksums; a one-pixel change is caught", () => {
  const result = create().w2Grid({ ...W2, lut: w2Lut() });
  assert.deepEqual(checkW2(result), []);
  const rgba = Uint8Array.from(result.rgba);
  rgba[4 * 1000] ^= 1;
  assert.equal(checkW2({ ...result, rgba }).length, 1);
  const gx = Float32Array.from(result.gx);
  gx[777] *= 1.01;
  assert.match(checkW2({ ...result, gx }).join("\n"), /gx\[777\]/);
});

test("plain JS W3 reaches the spec's final points bit for bit; one ulp off is caught", () => {
  const plain = create();
  for (const [name, lr, want] of W3.runs) {
    const point = plain.w3Run({ name, lr, steps: W3.steps, x0: W3.x0, y0: W3.y0 });
    assert.equal(checkW3(name, point, want), null);
  }
  const [name, , want] = W3.runs[0];
  const bits = new Float64Array([want[0]]);
  new BigUint64Array(bits.buffer)[0] += 1n;
  assert.notEqual(checkW3(name, [bits[0], want[1]], want), null);
});
