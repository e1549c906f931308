// The wasm memory-bound kernels (elementwise.wat) against the reference loops they replace: the same bits
// where the kernel promises them (the loss gradient, SGD, im2col, col2im), float64 agreement for the summed
// squared error; ragged lengths around the two- and four-lane steps, padding wider than the image, NaN and ∞.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { NumpyRandom } from '../../tensor/random.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { col2im, im2col } from '../../tensor/kernels/conv.ts';
import { scaledDifference, sumSquaredDifference } from '../../tensor/kernels/squared-error.ts';
import { referenceUpdates } from '../../tensor/kernels/updates.ts';
import { elementwiseSupported, loadWasmElementwise, type WasmElementwise } from './elementwise.ts';
import { elementwiseSimdBase64 } from './kernels.generated.ts';
import { decodeBase64 } from './webassembly-runtime.ts';

const random = new NumpyRandom(7);
const LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 255, 256, 257, 1037];

function kernels(): WasmElementwise {
  assert.ok(elementwiseSupported(), 'Node 20 validates plain wasm SIMD');
  const loaded = loadWasmElementwise();
  assert.ok(loaded);
  return loaded;
}

function values(n: number, special = false): Float32Array {
  const out = Float32Array.from(random.randn(n));
  if (special && n > 3) [out[0], out[1], out[n - 1]] = [Number.NaN, Number.POSITIVE_INFINITY, -1e30];
  return out;
}

const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  a.length === b.length && new Uint32Array(a.buffer, a.byteOffset, a.length).every((bits, i) => bits === new Uint32Array(b.buffer, b.byteOffset, b.length)[i]);

test('the binary is small enough for a synchronous compile on a page (4 KB)', () => {
  assert.ok(decodeBase64(elementwiseSimdBase64).length < 4096);
});

test('squared error: the gradient g·(p − y) has the reference bits; the sum agrees to 1e-12 (two float64 partial sums)', () => {
  const wasm = kernels();
  for (const n of LENGTHS) {
    const p = values(n, true);
    const y = values(n);
    const want = new Float32Array(n);
    const got = new Float32Array(n).fill(99);
    scaledDifference(p, y, 2 / 60, want);
    wasm.scaledDifference(p, y, 2 / 60, got);
    assert.ok(sameBits(got, want), `gradient, n = ${n}`);

    const finiteP = values(n);
    const sum = wasm.sumSquaredDifference(finiteP, y);
    const reference = sumSquaredDifference(finiteP, y);
    assert.ok(Math.abs(sum - reference) <= 1e-12 * Math.max(1, reference), `sum, n = ${n}: ${sum} vs ${reference}`);
  }
  assert.ok(Number.isNaN(wasm.sumSquaredDifference(Float32Array.of(1, Number.NaN, 2), Float32Array.of(0, 0, 0))), 'NaN propagates');
  assert.throws(() => wasm.sumSquaredDifference(new Float32Array(3), new Float32Array(4)), /3 and 4 values/);
});

test('SGD p −= lr·g: the reference bits, in place', () => {
  const wasm = kernels();
  for (const n of LENGTHS) {
    const start = values(n, true);
    const g = values(n);
    const want = start.slice();
    const got = start.slice();
    referenceUpdates.sgd(want, g, 0.05);
    wasm.sgd(got, g, 0.05);
    assert.ok(sameBits(got, want), `n = ${n}`);
  }
});

test('im2col and col2im in the shifted-planes layout: the reference bits, including kernels wider than the image', () => {
  const wasm = kernels();
  const shapes: [number[], number][] = [[[1, 1, 28, 28], 5], [[4, 3, 12, 12], 5], [[2, 3, 5, 4], 7], [[3, 2, 6, 6], 1], [[2, 1, 3, 9], 3], [[1, 2, 1, 1], 3]];
  for (const [shape, k] of shapes) {
    const [n, c, h, w] = shape as [number, number, number, number];
    const x = new Tensor(values(n * c * h * w), shape);
    const want = im2col(x, k);
    const got = new Float32Array(want.size).fill(7);
    wasm.im2col(x.data as Float32Array, got, n, c, h, w, k);
    assert.ok(sameBits(got, want.data as Float32Array), `im2col ${shape.join('×')} k = ${k}`);

    const cols = new Tensor(values(want.size), want.shape);
    const sums = new Float32Array(x.size).fill(7);
    wasm.col2im(cols.data as Float32Array, sums, n, c, h, w, k);
    assert.ok(sameBits(sums, col2im(cols, shape, k).data as Float32Array), `col2im ${shape.join('×')} k = ${k}`);
  }
});

test('linear memory grows for a large operand and smaller calls after it still agree', () => {
  const wasm = kernels();
  const big = values(1 << 20);
  const g = values(1 << 20);
  const want = big.slice();
  referenceUpdates.sgd(want, g, 0.1);
  wasm.sgd(big, g, 0.1);
  assert.ok(sameBits(big, want));
  const small = values(300);
  const smallWant = small.slice();
  referenceUpdates.sgd(smallWant, g.subarray(0, 300), 0.1);
  wasm.sgd(small, g.subarray(0, 300), 0.1);
  assert.ok(sameBits(small, smallWant));
});
