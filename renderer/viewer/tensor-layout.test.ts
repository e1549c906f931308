// How the tensor viewer lays tensors out: which shapes are images, how anything folds into a heatmap, and the
// raw values of small tensors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heatmapLayout, imageLayout, MAX_IMAGE_TILES, valueRows } from './tensor-layout.ts';

test('an MNIST row of 784 values is a 28×28 image; a batch of them is one image per sample, at most 16', () => {
  assert.deepEqual(imageLayout([784]), { height: 28, width: 28, tiles: [{ offset: 0, label: 'sample 1' }], total: 1 });
  const batch = imageLayout([60, 784])!;
  assert.equal(batch.total, 60);
  assert.equal(batch.tiles.length, MAX_IMAGE_TILES);
  assert.deepEqual(batch.tiles[2], { offset: 2 * 784, label: 'sample 3' });
  assert.equal(imageLayout([3, 784])!.tiles.length, 3);
});

test('a (N, C, H, W) tensor is one image per sample and channel, sample by sample', () => {
  const layout = imageLayout([2, 3, 5, 4])!;
  assert.equal(layout.height, 5);
  assert.equal(layout.width, 4);
  assert.equal(layout.total, 6);
  assert.deepEqual(layout.tiles.map((t) => t.label), ['sample 1, channel 1', 'sample 1, channel 2', 'sample 1, channel 3', 'sample 2, channel 1', 'sample 2, channel 2', 'sample 2, channel 3']);
  assert.equal(layout.tiles[4]!.offset, 4 * 20);
  assert.equal(imageLayout([1, 1, 28, 28])!.tiles[0]!.label, 'sample 1');
});

test('other shapes are not images: a matrix, a hidden layer, a 1-pixel-wide map, an empty batch', () => {
  assert.equal(imageLayout([32, 16]), null);
  assert.equal(imageLayout([28, 28]), null);
  assert.equal(imageLayout([89]), null);
  assert.equal(imageLayout([4, 8, 1, 1]), null);
  assert.equal(imageLayout([0, 784]), null);
  assert.equal(imageLayout([]), null);
});

test('every tensor folds into a heatmap: scalars, vectors, matrices as they are, higher ranks by their first axis', () => {
  assert.deepEqual(heatmapLayout([]), { rows: 1, cols: 1, shownRows: 1, caption: 'a scalar' });
  assert.deepEqual(heatmapLayout([5]), { rows: 1, cols: 5, shownRows: 1, caption: '(5) as one row' });
  assert.deepEqual(heatmapLayout([32, 16]), { rows: 32, cols: 16, shownRows: 32, caption: '(32, 16)' });
  assert.deepEqual(heatmapLayout([2, 3, 4, 5]), { rows: 2, cols: 60, shownRows: 2, caption: '(2, 3, 4, 5) as (2, 3·4·5)' });
  assert.equal(heatmapLayout([2000, 4], 512).shownRows, 512);
});

test('small tensors give table rows (a matrix by its rows); big ones none', () => {
  assert.deepEqual(valueRows([2, 3], Float32Array.from([1, 2, 3, 4, 5, 6])), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(valueRows([3], [1, 2, 3]), [[1, 2, 3]]);
  assert.deepEqual(valueRows([], [7]), [[7]]);
  assert.deepEqual(valueRows([1, 2, 2], [1, 2, 3, 4]), [[1, 2, 3, 4]]);
  assert.deepEqual(valueRows([65], new Float32Array(65)), []);
});
