import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundaryFigure, classOfTarget, gridPoints, linspace, mergePoints, paddedRange, surface } from './boundary.ts';
import { plotTheme } from './plot-theme.ts';

test('linspace and padded ranges', () => {
  assert.deepEqual(linspace(-1, 1, 5), [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual(paddedRange(0, 10), [-1, 11]);
  assert.deepEqual(paddedRange(2, 2), [1, 3], 'a single value gets a unit margin');
  assert.deepEqual(paddedRange(Number.NaN, 1), [-1, 1]);
});

test('the grid covers the ranges corner to corner, one input row per point, row-major over y then x', () => {
  const grid = gridPoints([0, 2], [-1, 1], 3);
  assert.deepEqual(grid.xs, [0, 1, 2]);
  assert.deepEqual(grid.ys, [-1, 0, 1]);
  assert.equal(grid.rows.length, 9);
  assert.deepEqual(grid.rows[0], [0, -1]);
  assert.deepEqual(grid.rows[2], [2, -1]);
  assert.deepEqual(grid.rows[3], [0, 0]);
  assert.deepEqual(grid.rows[8], [2, 1]);
  const big = gridPoints([-3, 3], [-3, 3], 60);
  assert.equal(big.rows.length, 3600);
  assert.ok(big.rows.every((r) => r.length === 2));
});

test('two classes: z is the second class\'s probability at each grid point (z[y][x])', () => {
  const grid = gridPoints([0, 1], [0, 1], 2);
  // Outputs in the grid's row order: (0,0) (1,0) (0,1) (1,1).
  const { z, kind, classes } = surface([[0.9, 0.1], [0.4, 0.6], [0.2, 0.8], [0.5, 0.5]], grid, 'classification');
  assert.equal(kind, 'probability');
  assert.equal(classes, 2);
  assert.deepEqual(z, [[0.1, 0.6], [0.8, 0.5]]);
  assert.deepEqual(surface([[0.3], [0.7], [0], [1]], grid, 'classification').z, [[0.3, 0.7], [0, 1]], 'a binary classifier\'s single output');
});

test('more classes: z is the most likely class; a regression: the value', () => {
  const grid = gridPoints([0, 1], [0, 0], 2);
  const multi = surface([[0.1, 0.7, 0.2, 0], [0.1, 0.1, 0.1, 0.7], [0.3, 0.3, 0.4, 0], [1, 0, 0, 0]], gridPoints([0, 1], [0, 1], 2), 'classification');
  assert.equal(multi.kind, 'class');
  assert.equal(multi.classes, 4);
  assert.deepEqual(multi.z, [[1, 3], [2, 0]]);
  assert.deepEqual(surface([[2.5], [-1]], { ...grid, ys: [0], rows: grid.rows.slice(0, 2) }, 'regression').z, [[2.5, -1]]);
  assert.throws(() => surface([[1]], grid, 'regression'), /1 outputs for 4 grid points/);
});

test('points from a batch of inputs and one-hot targets are gathered without duplicates, up to a cap', () => {
  assert.equal(classOfTarget([0, 1]), 1);
  assert.equal(classOfTarget([1, 0, 0]), 0);
  assert.equal(classOfTarget([0.7]), 1);
  const first = mergePoints([], [0, 1, 2, 3], [1, 0, 0, 1], 2, 'classification');
  assert.deepEqual(first, [{ x: 0, y: 1, label: 0 }, { x: 2, y: 3, label: 1 }]);
  const second = mergePoints(first, [2, 3, 4, 5], [0, 1, 1, 0], 2, 'classification');
  assert.deepEqual(second.map((p) => [p.x, p.y, p.label]), [[0, 1, 0], [2, 3, 1], [4, 5, 0]], 'the repeated point is not added twice');
  assert.equal(mergePoints([], [0, 0, 1, 1, 2, 2], [0, 1, 2], 1, 'regression', 2).length, 2, 'the cap holds');
  assert.deepEqual(mergePoints([], [0, 0], [], 2, 'classification'), [], 'targets missing: nothing is made up');
});

test('the boundary figure: a heatmap over the grid and one marker trace per class', () => {
  const grid = gridPoints([0, 1], [0, 1], 2);
  const figure = boundaryFigure(grid, [[0, 1], [1, 0]], 'probability', 2, [{ x: 0, y: 0, label: 0 }, { x: 1, y: 1, label: 1 }, { x: 0.5, y: 0.5, label: 1 }], plotTheme('light'));
  assert.equal(figure.data[0]!.type, 'heatmap');
  assert.deepEqual(figure.data.slice(1).map((t) => [t.name, (t.x as number[]).length]), [['class 0', 1], ['class 1', 2]]);
});
