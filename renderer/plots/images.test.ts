import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absMax, featureMapPictures, filterPictures, gridColumns, matrixRows, tilePictures, weightPictures } from './images.ts';

test('pictures are tiled in reading order with null gaps between them', () => {
  const a = { pixels: [1, 2, 3, 4], height: 2, width: 2, label: 'a' };
  const b = { pixels: [5, 6, 7, 8], height: 2, width: 2, label: 'b' };
  const c = { pixels: [9, 10, 11, 12], height: 2, width: 2 };
  const grid = tilePictures([a, b, c], 2);
  assert.deepEqual(grid.z, [
    [1, 2, null, 5, 6],
    [3, 4, null, 7, 8],
    [null, null, null, null, null],
    [9, 10, null, null, null],
    [11, 12, null, null, null],
  ]);
  assert.deepEqual(grid.tiles, [{ row: 0, column: 0, label: 'a' }, { row: 0, column: 3, label: 'b' }, { row: 3, column: 0 }]);
  assert.equal(grid.rows, 2);
  assert.throws(() => tilePictures([a, { pixels: [1], height: 1, width: 1 }], 2), /picture 1 is 1×1, not 2×2/);
  assert.deepEqual(tilePictures([], 3).z, []);
});

test('a matrix becomes heatmap rows; a vector one row', () => {
  assert.deepEqual(matrixRows([2, 3], [1, 2, 3, 4, 5, 6]), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(matrixRows([3], [7, 8, 9]), [[7, 8, 9]]);
  assert.throws(() => matrixRows([1, 2, 3], [0, 0, 0, 0, 0, 0]), /vector or a matrix/);
});

test('W (pixels × neurons): column j — the weights into neuron j — is neuron j\'s picture', () => {
  // 4 pixels (2×2 image) into 3 neurons; W[i][j] = 10·i + j.
  const data = Array.from({ length: 12 }, (_, k) => 10 * Math.floor(k / 3) + (k % 3));
  const pictures = weightPictures([4, 3], data, { height: 2, width: 2 });
  assert.equal(pictures.length, 3);
  assert.deepEqual(Array.from(pictures[1]!.pixels), [1, 11, 21, 31]);
  assert.equal(pictures[2]!.label, 'neuron 2');
  assert.throws(() => weightPictures([5, 3], new Array(15).fill(0), { height: 2, width: 2 }), /do not come from 2×2 images/);
});

test('Conv2D kernels (C_in, C_out, k, k): one row of pictures per output channel, one column per input channel', () => {
  // 2 input channels, 3 output channels, 2×2 kernels; value = 1000·c + 100·o + position.
  const [cIn, cOut, k] = [2, 3, 2];
  const data: number[] = [];
  for (let c = 0; c < cIn; c++) for (let o = 0; o < cOut; o++) for (let p = 0; p < k * k; p++) data.push(1000 * c + 100 * o + p);
  const { pictures, columns } = filterPictures([cIn, cOut, k, k], data);
  assert.equal(columns, 2);
  assert.equal(pictures.length, 6);
  assert.deepEqual(pictures.map((p) => p.label), [
    'filter 0, input channel 0', 'filter 0, input channel 1', 'filter 1, input channel 0', 'filter 1, input channel 1', 'filter 2, input channel 0', 'filter 2, input channel 1',
  ]);
  assert.deepEqual(Array.from(pictures[3]!.pixels), [1100, 1101, 1102, 1103]);
  assert.equal(pictures[3]!.height, 2);
  const capped = filterPictures([cIn, cOut, k, k], data, 2, 1);
  assert.equal(capped.columns, 1);
  assert.equal(capped.pictures.length, 2);
  assert.throws(() => filterPictures([2, 2], [0, 0, 0, 0]), /4 dimensions/);
});

test('filters of one input channel (chapter 5\'s first layer, 16 of 5×5) wrap into a 4×4 grid instead of one tall column', () => {
  const { pictures, columns } = filterPictures([1, 16, 5, 5], new Array(400).fill(0));
  assert.equal(pictures.length, 16);
  assert.equal(columns, 4);
  assert.equal(tilePictures(pictures, columns).z.length, 4 * 5 + 3);
});

test('feature maps (N, C, H, W): the chosen sample\'s channels', () => {
  // N=2, C=2, H=1, W=3; value = 100·n + 10·c + x.
  const data: number[] = [];
  for (let n = 0; n < 2; n++) for (let c = 0; c < 2; c++) for (let x = 0; x < 3; x++) data.push(100 * n + 10 * c + x);
  const first = featureMapPictures([2, 2, 1, 3], data);
  assert.deepEqual(first.map((p) => Array.from(p.pixels)), [[0, 1, 2], [10, 11, 12]]);
  const second = featureMapPictures([2, 2, 1, 3], data, 1);
  assert.deepEqual(Array.from(second[1]!.pixels), [110, 111, 112]);
  assert.equal(second[1]!.width, 3);
  assert.throws(() => featureMapPictures([2, 2, 1, 3], data, 2), /sample 2 is not in a batch of 2/);
});

test('symmetric scale limits and grid columns', () => {
  assert.equal(absMax([1, -3, null, 2, Number.NaN]), 3);
  assert.ok(absMax([0, 0]) > 0);
  assert.equal(gridColumns(89, 12), 10);
  assert.equal(gridColumns(200, 12), 12);
  assert.equal(gridColumns(1), 1);
});
