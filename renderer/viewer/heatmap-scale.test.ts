// The tensor viewer's colour scales: viridis over [min, max] for one-signed tensors, a blue–white–orange scale
// symmetric around 0 for signed ones, NaN/Inf in red, and the pixels painted from them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BROKEN, finiteRange, heatmapScale, paintPixels } from './heatmap-scale.ts';

test('a one-signed tensor spans viridis from its min (dark purple) to its max (yellow)', () => {
  const scale = heatmapScale(0.5, 2.5);
  assert.equal(scale.kind, 'sequential');
  assert.deepEqual([scale.low, scale.high], [0.5, 2.5]);
  assert.deepEqual(scale.colour(0.5), [68, 1, 84]);
  assert.deepEqual(scale.colour(2.5), [253, 231, 37]);
  assert.deepEqual(scale.colour(-10), [68, 1, 84], 'clamped below');
  assert.deepEqual(scale.colour(99), [253, 231, 37], 'clamped above');
  assert.equal(heatmapScale(-3, 0).kind, 'sequential', 'all ≤ 0 is one-signed too');
});

test('a signed tensor gets a diverging scale symmetric around 0: white at 0, blue below, orange above', () => {
  const scale = heatmapScale(-0.5, 2);
  assert.equal(scale.kind, 'diverging');
  assert.deepEqual([scale.low, scale.high], [-2, 2], 'symmetric, so equal distances from 0 look equally strong');
  assert.deepEqual(scale.colour(0), [247, 247, 247]);
  assert.deepEqual(scale.colour(-2), [33, 102, 172]);
  assert.deepEqual(scale.colour(2), [230, 97, 1]);
  const [r, , b] = scale.colour(-1);
  assert.ok(b > r, 'negative values are blue');
  const [r2, , b2] = scale.colour(1);
  assert.ok(r2 > b2, 'positive values are orange');
});

test('a constant tensor sits mid-scale; NaN and Inf are red', () => {
  const flat = heatmapScale(3, 3);
  assert.deepEqual(flat.colour(3), heatmapScale(0, 1).colour(0.5));
  assert.deepEqual(flat.colour(Number.NaN), BROKEN);
  assert.deepEqual(heatmapScale(0, 1).colour(Infinity), BROKEN);
});

test('the range skips NaN and Inf; the legend has 11 stops', () => {
  assert.deepEqual(finiteRange([1, Number.NaN, -2, 5]), [-2, 5]);
  assert.deepEqual(finiteRange([1, Infinity, -Infinity, 3]), [1, 3]);
  assert.deepEqual(finiteRange([Number.NaN]), [0, 0]);
  assert.deepEqual(finiteRange([]), [0, 0]);
  assert.equal(heatmapScale(0, 1).legendStops.split('%,').length, 11);
});

test('pixels are painted row-major from an offset, opaque', () => {
  const scale = heatmapScale(0, 1);
  const pixels = paintPixels(Float32Array.from([9, 0, 1, 9]), 1, 1, 2, scale);
  assert.deepEqual([...pixels], [68, 1, 84, 255, 253, 231, 37, 255]);
});
