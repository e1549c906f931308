// Reference kernels against definitions written out longhand: broadcasting, its backward (sumToShape),
// matmul, reductions, and im2col/col2im (which must be each other's adjoint for conv gradients to be right).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor.ts';
import { NumpyRandom } from '../random.ts';
import { add, argmaxRows, broadcastShape, broadcastTo, col2im, im2col, matmul, multiply, sumAll, sumAxis, sumToShape, transpose } from './index.ts';

const random = new NumpyRandom(5);
const randomTensor = (shape: number[]) => new Tensor(random.randn(shape.reduce((a, b) => a * b, 1)), shape);

test('broadcast shapes follow numpy', () => {
  assert.deepEqual(broadcastShape([3, 4], [1, 4]), [3, 4]);
  assert.deepEqual(broadcastShape([2, 1, 5], [3, 1]), [2, 3, 5]);
  assert.deepEqual(broadcastShape([], [2, 2]), [2, 2]);
  assert.equal(broadcastShape([3, 4], [3]), null);
});

test('broadcasting add and multiply match the element-by-element definition', () => {
  const a = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3]);
  const row = Tensor.from([10, 20, 30], [1, 3]);
  const column = Tensor.from([100, 200], [2, 1]);
  assert.deepEqual(add(a, row).toNested(), [[11, 22, 33], [14, 25, 36]]);
  assert.deepEqual(multiply(a, column).toNested(), [[100, 200, 300], [800, 1000, 1200]]);
  assert.deepEqual(add(column, row).toNested(), [[110, 120, 130], [210, 220, 230]]);
  assert.throws(() => add(a, Tensor.zeros([2])), /shapes \(2, 3\) and \(2,\) cannot be broadcast/);
});

test('sumToShape is the adjoint of broadcastTo: <broadcast(x), g> = <x, sumToShape(g)>', () => {
  for (const [small, big] of [[[1, 4], [3, 4]], [[2, 1, 3], [2, 5, 3]], [[], [2, 3]], [[3], [4, 3]]] as const) {
    const x = randomTensor([...small]);
    const g = randomTensor([...big]);
    const left = sumAll(multiply(broadcastTo(x, big), g)).item();
    const right = sumAll(multiply(x, sumToShape(g, small))).item();
    assert.ok(Math.abs(left - right) < 1e-9, `${small} → ${big}: ${left} vs ${right}`);
  }
});

test('matmul and transpose match the definition', () => {
  const a = randomTensor([3, 4]);
  const b = randomTensor([4, 5]);
  const c = matmul(a, b);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 5; j++) {
      let expected = 0;
      for (let k = 0; k < 4; k++) expected += a.data[i * 4 + k]! * b.data[k * 5 + j]!;
      assert.ok(Math.abs(c.data[i * 5 + j]! - expected) < 1e-12);
    }
  }
  assert.deepEqual(transpose(Tensor.from([1, 2, 3, 4, 5, 6], [2, 3])).toNested(), [[1, 4], [2, 5], [3, 6]]);
  assert.throws(() => matmul(a, a), /inner dimensions differ, \(3, 4\) · \(3, 4\)/);
});

test('reductions: sums over everything and over one axis, argmax per row (first on ties)', () => {
  const a = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.equal(sumAll(a).item(), 21);
  assert.deepEqual(sumAxis(a, 0).toNested(), [5, 7, 9]);
  assert.deepEqual(sumAxis(a, 1, true).toNested(), [[6], [15]]);
  assert.deepEqual([...argmaxRows(Tensor.from([1, 3, 3, 9, 2, 0], [2, 3]))], [1, 0]);
});

test('im2col lays each channel out shifted by every kernel offset, zero-padded: row (c, dy, dx), column y·W + x', () => {
  const x = Tensor.from(Array.from({ length: 2 * 3 * 3 }, (_, i) => i + 1), [1, 2, 3, 3]);
  const cols = im2col(x, 3);
  assert.deepEqual(cols.shape, [1, 18, 9]);
  const row = (r: number) => [...cols.data.subarray(r * 9, r * 9 + 9)];
  // Offset (dy, dx) = (0, 0) of channel 0: X shifted down-right by one, so the top row and left column are padding.
  assert.deepEqual(row(0), [0, 0, 0, 0, 1, 2, 0, 4, 5]);
  // The centre offset of each channel is the channel itself.
  assert.deepEqual(row(4), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(row(9 + 4), [10, 11, 12, 13, 14, 15, 16, 17, 18]);
  // Column 0 (output position (0, 0)) holds its zero-padded 3×3 patch of channel 1, one value per row.
  assert.deepEqual(Array.from({ length: 9 }, (_, r) => cols.data[(9 + r) * 9]), [0, 0, 0, 0, 10, 11, 0, 13, 14]);
});

test('col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>', () => {
  const x = randomTensor([2, 3, 5, 4]);
  for (const k of [1, 3, 5]) {
    const c = randomTensor([2, 3 * k * k, 5 * 4]);
    const left = sumAll(multiply(im2col(x, k), c)).item();
    const right = sumAll(multiply(x, col2im(c, x.shape, k))).item();
    assert.ok(Math.abs(left - right) < 1e-9, `k = ${k}: ${left} vs ${right}`);
  }
});

test('tensors refuse shapes that do not fit their data', () => {
  assert.throws(() => new Tensor(new Float32Array(5), [2, 3]), /tensor of shape \(2, 3\) needs 6 values, got 5/);
  assert.throws(() => Tensor.zeros([2, -1]), /invalid tensor shape/);
  assert.deepEqual(Tensor.from([1, 2, 3, 4, 5, 6], [3, 2]).gatherRows([2, 0]).toNested(), [[5, 6], [1, 2]]);
  assert.equal(Tensor.from([1.1], [1], 'float64').cast('float32').data[0], Math.fround(1.1));
});
