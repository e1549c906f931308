// Standardization, min-max scaling and one-hot encoding against numbers worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { applyMinMax, applyStandardizer, fitMinMax, fitStandardizer, oneHot } from './transforms.ts';

const close = (actual: number, expected: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

// 4 rows × 2 features.
const data = () => Float64Array.from([1, 10, 2, 20, 3, 30, 4, 100]);

test('per-column standardization fits on the chosen rows only (population std, ddof = 0)', () => {
  const x = data();
  const fit = fitStandardizer(x, [0, 1, 2], 2, 'per-column');
  assert.ok(fit.ok);
  // Column 0: mean 2, variance ((−1)² + 0² + 1²) / 3 = 2/3. Column 1: mean 20, variance 200/3.
  assert.deepEqual(fit.mean, [2, 20]);
  close(fit.std[0]!, Math.sqrt(2 / 3), 'std 0');
  close(fit.std[1]!, Math.sqrt(200 / 3), 'std 1');
  applyStandardizer(x, 2, fit);
  const expected = [-1 / Math.sqrt(2 / 3), -10 / Math.sqrt(200 / 3), 0, 0, 1 / Math.sqrt(2 / 3), 10 / Math.sqrt(200 / 3), 2 / Math.sqrt(2 / 3), 80 / Math.sqrt(200 / 3)];
  expected.forEach((v, k) => close(x[k]!, v, `x[${k}]`));
});

test('global standardization uses one mean and std over every value, repeated per feature', () => {
  const fit = fitStandardizer(data(), [0, 1], 2, 'global');
  assert.ok(fit.ok);
  // Values 1, 10, 2, 20: mean 8.25; squared deviations 52.5625 + 3.0625 + 39.0625 + 138.0625 = 232.75.
  assert.deepEqual(fit.mean, [8.25, 8.25]);
  close(fit.std[0]!, Math.sqrt(232.75 / 4));
  assert.equal(fit.std[0], fit.std[1]);
  // A constant column is fine globally (MNIST's border pixels are always 0).
  assert.ok(fitStandardizer(Float64Array.from([0, 1, 0, 5]), [0, 1], 2, 'global').ok);
});

test('a constant column cannot be standardized: the error names it (by index, or by name when given)', () => {
  const x = Float64Array.from([1, 5, 2, 5, 3, 5]);
  const byIndex = fitStandardizer(x, [0, 1, 2], 2, 'per-column');
  assert.deepEqual(byIndex, {
    ok: false,
    error: { message: 'feature column 1 (0-based) has the same value (5) in every row used for fitting, so it cannot be standardized (its standard deviation is 0)', column: '1' },
  });
  const byName = fitStandardizer(x, [0, 1, 2], 2, 'per-column', ['Weight', 'Cylinders']);
  assert.deepEqual(byName, {
    ok: false,
    error: { message: 'column "Cylinders" has the same value (5) in every row used for fitting, so it cannot be standardized (its standard deviation is 0)', column: 'Cylinders' },
  });
  // 0.1 three times: the mean picks up rounding (0.30000000000000004 / 3) but the column is still constant.
  assert.equal(fitStandardizer(Float64Array.from([0.1, 0.1, 0.1]), [0, 1, 2], 1, 'per-column').ok, false);
  // Constant on the fitted rows is what counts, even if another row differs.
  assert.equal(fitStandardizer(Float64Array.from([1, 1, 9]), [0, 1], 1, 'per-column').ok, false);
  assert.deepEqual(fitStandardizer(Float64Array.from([3, 3]), [0, 1], 1, 'global'), {
    ok: false, error: { message: 'every value is the same (3), so the data cannot be standardized' },
  });
});

test('unusable inputs to the fits fail with a message', () => {
  const x = data();
  const cases: [unknown, unknown, unknown, string][] = [
    [x, [0, 4], 2, 'row index 4 is outside 0..3'],
    [x, [0, 1.5], 2, 'row index 1.5 is outside 0..3'],
    [x, [], 2, 'there are no rows to fit on'],
    [x, [0], 0, 'featureCount must be a positive integer, got 0'],
    [x, [0], 3, '8 values do not divide into rows of 3 features'],
    [[1, 2], [0], 1, 'the values must be a Float64Array'],
    [x, null, 2, 'the rows to fit on must be a list of row indices'],
  ];
  for (const [values, rows, featureCount, message] of cases) {
    const fit = fitStandardizer(values as Float64Array, rows as number[], featureCount as number, 'per-column');
    assert.deepEqual(fit, { ok: false, error: { message } });
    const minMax = fitMinMax(values as Float64Array, rows as number[], featureCount as number);
    assert.deepEqual(minMax, { min: [], max: [], error: { message } });
  }
  assert.deepEqual(fitStandardizer(Float64Array.from([1, NaN]), [0, 1], 1, 'per-column'), {
    ok: false, error: { message: 'feature column 0 (0-based) holds a value that is not a finite number', column: '0' },
  });
  assert.equal(fitStandardizer(x, [0, 1], 2, 'columns' as 'global').ok, false);
});

test('min-max scaling maps the fitted rows to [0, 1]; a constant column maps to 0 without an error', () => {
  const x = Float64Array.from([1, 7, 3, 7, 5, 7, 9, 7]);
  const fit = fitMinMax(x, [0, 1, 2], 2);
  assert.deepEqual(fit, { min: [1, 7], max: [5, 7] });
  applyMinMax(x, 2, fit);
  assert.deepEqual([...x], [0, 0, 0.5, 0, 1, 0, 2, 0]); // row 3 was not fitted: it may leave [0, 1]
  // An empty fit (from unusable inputs) leaves the values unchanged.
  const y = Float64Array.from([4, 5]);
  applyMinMax(y, 1, fitMinMax(y, [7], 1));
  assert.deepEqual([...y], [4, 5]);
});

test('one-hot rows, and an out-of-range label named with its row', () => {
  const encoded = oneHot([0, 2, 1], 3);
  assert.ok(encoded.ok);
  assert.deepEqual([...encoded.values], [1, 0, 0, 0, 0, 1, 0, 1, 0]);
  assert.deepEqual([...(oneHot(Int32Array.from([1]), 2) as { values: Float64Array }).values], [0, 1]);
  const cases: [ArrayLike<number>, number, string, number | undefined][] = [
    [[0, 3], 3, 'row 2: label 3 is not one of the classes 0..2', 2],
    [[-1], 3, 'row 1: label -1 is not one of the classes 0..2', 1],
    [[0, 0, 1.5], 3, 'row 3: label 1.5 is not one of the classes 0..2', 3],
    [[0], 0, 'the class count must be a positive integer, got 0', undefined],
    [null as unknown as number[], 2, 'the labels must be a list of numbers', undefined],
  ];
  for (const [labels, classCount, message, row] of cases) {
    assert.deepEqual(oneHot(labels, classCount), { ok: false, error: { message, ...(row !== undefined ? { row } : {}) } });
  }
});

test('statistics that overflow are refused with a message about overflow, not a constant column', () => {
  const std = fitStandardizer(Float64Array.from([1e200, 1, -1e200, 2]), [0, 1], 2, 'per-column', ['big', 'small']);
  assert.deepEqual(std, { ok: false, error: { message: 'column "big" has values too large to standardize: its standard deviation overflows to Infinity (largest magnitude 1e+200)', column: 'big' } });
  const mean = fitStandardizer(Float64Array.from([1e308, 1e308]), [0, 1], 1, 'per-column', ['v']);
  assert.deepEqual(mean, { ok: false, error: { message: 'column "v" has values too large to standardize: its mean overflows to Infinity (largest magnitude 1e+308)', column: 'v' } });
  const global = fitStandardizer(Float64Array.from([1e200, 0]), [0], 2, 'global');
  assert.deepEqual(global, { ok: false, error: { message: 'the values are too large to standardize: their standard deviation overflows to Infinity (largest magnitude 1e+200)' } });
  const range = fitMinMax(Float64Array.from([1e308, -1e308]), [0, 1], 1, ['v']);
  assert.equal(range.error?.message, 'column "v" has values too large to min-max scale: its range (1e+308 − -1e+308) overflows to Infinity');
  assert.equal(fitMinMax(Float64Array.from([1, NaN]), [0, 1], 1, ['v']).error?.message, 'column "v" holds a value that is not a finite number');
});
