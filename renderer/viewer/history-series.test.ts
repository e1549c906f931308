// An edge's history as chart lines: the points kept, the axes, and the SVG paths through them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TensorSummary } from '../../core/protocol/telemetry.ts';
import { axisOf, bandPath, historyPoints, linePath, toPixels } from './history-series.ts';

const summary = (norm: number, mean: number, min: number, max: number): TensorSummary =>
  ({ shape: [2], mean, std: 0, min, max, norm, zeroFraction: 0, nanCount: 0, infCount: 0, histogram: [] });

test('history points take the chosen side and skip moments without it or with non-finite numbers', () => {
  const moments = [
    { at: 0.1, value: summary(1, 0, -1, 1), gradient: summary(0.5, 0, -0.1, 0.1) },
    { at: 0.2, value: summary(2, 0.5, -1, 2) },
    { at: 0.3, value: summary(Number.NaN, 0, 0, 0) },
  ];
  assert.deepEqual(historyPoints(moments, 'value').map((p) => p.at), [0.1, 0.2]);
  assert.deepEqual(historyPoints(moments, 'gradient'), [{ at: 0.1, norm: 0.5, mean: 0, min: -0.1, max: 0.1 }]);
});

test('an axis spans its values; a flat one is widened so the line sits in the middle', () => {
  assert.deepEqual(axisOf([3, 1, 2]), { low: 1, high: 3 });
  assert.deepEqual(axisOf([2, 2]), { low: 1.8, high: 2.2 });
  assert.deepEqual(axisOf([0]), { low: -1, high: 1 });
  assert.deepEqual(axisOf([]), { low: 0, high: 1 });
});

test('points map into the box with y up; paths go through them and a band closes', () => {
  const box = { width: 104, height: 54, pad: 2 };
  const px = toPixels([0, 1], [0, 10], { low: 0, high: 1 }, { low: 0, high: 10 }, box);
  assert.deepEqual(px, [[2, 52], [102, 2]]);
  assert.equal(linePath(px), 'M2 52 L102 2');
  assert.equal(bandPath([[0, 0], [10, 0]], [[0, 5], [10, 5]]), 'M0 0 L10 0 L10 5 L0 5 Z');
  assert.equal(bandPath([], []), '');
});
