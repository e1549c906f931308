// Telemetry summaries: exact statistics, histograms whose counts add up to the tensor's size (sampled for
// big tensors), NaN/Inf counted apart, and values inlined only for small tensors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.ts';
import { HISTOGRAM_BINS, MAX_INLINE_VALUES, summarize } from './summaries.ts';

test('a small tensor: exact mean, std, min, max, norm, zeros, and its values', () => {
  const s = summarize(Tensor.from([0, 1, 2, 3], [2, 2], 'float64'));
  assert.equal(s.mean, 1.5);
  assert.ok(Math.abs(s.std - Math.sqrt(1.25)) < 1e-12);
  assert.deepEqual([s.min, s.max, s.zeroFraction], [0, 3, 0.25]);
  assert.ok(Math.abs(s.norm - Math.sqrt(14)) < 1e-12);
  assert.deepEqual(s.values, [0, 1, 2, 3]);
  assert.equal(s.histogram.length, HISTOGRAM_BINS);
  assert.equal(s.histogram.reduce((a, b) => a + b, 0), 4);
});

test('NaN and Inf are counted, not averaged; a big tensor has a sampled histogram and no inline values', () => {
  const s = summarize(Tensor.from([1, NaN, Infinity, -Infinity, 3], [5]));
  assert.deepEqual([s.nanCount, s.infCount, s.mean, s.min, s.max], [1, 2, 2, 1, 3]);
  const big = Tensor.from(Array.from({ length: 100_000 }, (_, i) => i % 10), [100_000]);
  const b = summarize(big);
  assert.equal(b.values, undefined);
  assert.ok(big.size > MAX_INLINE_VALUES);
  assert.equal(b.mean, 4.5);
  const total = b.histogram.reduce((a, c) => a + c, 0);
  assert.ok(Math.abs(total - 100_000) / 100_000 < 0.01, `histogram counts ${total}`);
});
