import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TensorSummary } from '../../core/protocol/telemetry.ts';
import type { EdgeMoment } from '../state/run-history.ts';
import { histogramFigure, histogramsOverTime } from './histograms.ts';

const summary = (min: number, max: number, histogram: number[]): TensorSummary => ({
  shape: [histogram.reduce((a, b) => a + b, 0)], mean: 0, std: 1, min, max, norm: 1, zeroFraction: 0, nanCount: 0, infCount: 0, histogram,
});

test('moments with their own ranges are re-binned onto one grid; each column sums to 1', () => {
  const moments: EdgeMoment[] = [
    { at: 0.5, value: summary(0, 1, [4, 0, 0, 4]) },
    { at: 1, value: summary(0, 2, [0, 0, 0, 8]) },
  ];
  const grid = histogramsOverTime(moments, 'value', 4)!;
  assert.deepEqual(grid.x, [0.5, 1]);
  assert.deepEqual(grid.xEdges, [0, 0.5, 1], 'each column covers the time since the frame before');
  assert.equal(grid.min, 0);
  assert.equal(grid.max, 2);
  assert.deepEqual(grid.y, [0.25, 0.75, 1.25, 1.75]);
  // First moment: bins of width 0.25 in [0, 1]; half its numbers in [0, 0.25], half in [0.75, 1] → rows 0 and 1.
  assert.deepEqual(grid.z.map((row) => row[0]), [0.5, 0.5, 0, 0]);
  // Second: everything in [1.5, 2] → the top row.
  assert.deepEqual(grid.z.map((row) => row[1]), [0, 0, 0, 1]);
  for (let c = 0; c < 2; c++) assert.ok(Math.abs(grid.z.reduce((s, row) => s + (row[c] ?? 0), 0) - 1) < 1e-12);
});

test('a bin straddling two rows is split by overlap', () => {
  const grid = histogramsOverTime([{ at: 0, value: summary(0, 3, [0, 6, 0]) }, { at: 1, value: summary(0, 4, [1, 0, 0, 0]) }], 'value', 2)!;
  // Rows [0, 2) and [2, 4); the first moment's middle bin [1, 2) lies in row 0.
  assert.deepEqual(grid.z.map((r) => r[0]), [1, 0]);
  const straddle = histogramsOverTime([{ at: 0, value: summary(0, 3, [0, 6, 0]) }, { at: 1, value: summary(0, 3, [1, 0, 0]) }], 'value', 2)!;
  // Rows [0, 1.5) and [1.5, 3); the bin [1, 2) is half in each.
  assert.deepEqual(straddle.z.map((r) => r[0]), [0.5, 0.5]);
});

test('gradients are read separately; moments without one are skipped; constant tensors still show', () => {
  const moments: EdgeMoment[] = [
    { at: 0, value: summary(1, 1, [5, 0]) },
    { at: 1, value: summary(1, 1, [5, 0]), gradient: summary(-1, 1, [1, 1]) },
  ];
  const gradient = histogramsOverTime(moments, 'gradient', 2)!;
  assert.deepEqual(gradient.x, [1]);
  assert.deepEqual(gradient.xEdges, [0, 1], 'a single column is one epoch wide (not before 0)');
  const constant = histogramsOverTime(moments, 'value', 3)!;
  assert.ok(constant.max > constant.min, 'a zero-width range is widened');
  assert.deepEqual(constant.z.map((r) => r[0]), [0, 1, 0], 'all of it in the row holding the value');
  assert.equal(histogramsOverTime([{ at: 0 }], 'value'), null);
});

test('the figure stacks values over gradients on one time axis; a data edge has values only', () => {
  const both = histogramFigure([{ at: 0, value: summary(0, 1, [1, 1]), gradient: summary(-1, 1, [1, 1]) }]);
  assert.deepEqual(both.data.map((t) => [t.name, t.yaxis]), [['value', 'y'], ['gradient', 'y2']]);
  const data = histogramFigure([{ at: 0, value: summary(0, 1, [1, 1]) }]);
  assert.deepEqual(data.data.map((t) => t.name), ['value']);
  assert.equal(data.layout.yaxis2, undefined);
});
