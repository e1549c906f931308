// The data pipeline end to end through a fake host: loading, the missing-value policy, splits, scaling
// fitted on the right rows, a separate test set, limits, built-ins, and the messages when things are wrong.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareData, type DataHost } from './prepare.ts';
import type { DataSourceSpec } from './source.ts';
import { checkDataSource } from './source.ts';

const encoder = new TextEncoder();
const assets = join(import.meta.dirname, '..', '..', 'assets', 'data');

function hostWith(files: Record<string, string | Uint8Array>): DataHost {
  return {
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`cannot read ${path}: no such file`);
      return typeof content === 'string' ? encoder.encode(content) : content;
    },
    readAsset: async (name) => new Uint8Array(readFileSync(join(assets, name))),
  };
}

const CSV = 'a,b,label\n1,10,x\n2,,y\n3,30,x\n4,40,y\n5,NA,x\n6,60,y\n';

async function prepared(spec: DataSourceSpec, files: Record<string, string | Uint8Array> = { 'd.csv': CSV }) {
  const result = await prepareData(spec, hostWith(files));
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

test('a CSV with missing values: rows dropped with a report naming them; strict mode fails naming row and column', async () => {
  const data = await prepared({ kind: 'file', path: 'd.csv', features: ['a', 'b'], targets: ['label'], categorical: true });
  assert.equal(data.train.x.shape[0], 4);
  assert.deepEqual(data.classes, ['x', 'y']);
  assert.deepEqual(data.train.y.shape, [4, 2]);
  assert.ok(data.report.some((line) => line.startsWith('dropped 2 rows with a missing or non-numeric value (row 3 "b" = empty, row 6 "b" = "NA")')), data.report.join('\n'));
  const strict = await prepareData({ kind: 'file', path: 'd.csv', features: ['a', 'b'], targets: ['label'], categorical: true, missing: 'strict' }, hostWith({ 'd.csv': CSV }));
  assert.deepEqual(strict, { ok: false, error: 'd.csv: row 3, column "b" is empty' });
});

test('standardization is fitted on the training rows by default, on all rows when asked', async () => {
  const rows = Array.from({ length: 10 }, (_, i) => [i, i % 2]);
  const spec: DataSourceSpec = { kind: 'inline', columns: ['v', 't'], rows, split: { method: 'random', validation: 0.3, seed: 1 }, scale: { method: 'standardize' } };
  const data = await prepared(spec);
  const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(mean(data.train.x.data)) < 1e-6, 'training rows are centred');
  assert.ok(Math.abs(mean(data.validation!.x.data)) > 1e-3, 'validation rows are not refitted');
  const all = await prepared({ ...spec, scale: { method: 'standardize', fitOn: 'all' } });
  const everything = [...all.train.x.data, ...all.validation!.x.data];
  assert.ok(Math.abs(mean(everything)) < 1e-6);
  assert.ok(all.report.some((l) => l.includes('fitted on all rows')));
});

test('the book\'s two-way split reproduces sklearn, and the held-out rows are the validation set', async () => {
  const rows = Array.from({ length: 506 }, (_, i) => [i, 0]);
  const data = await prepared({ kind: 'inline', columns: ['i', 't'], rows, split: { method: 'sklearn', testSize: 0.3, randomState: 80718 } });
  assert.equal(data.train.x.shape[0], 354);
  assert.equal(data.validation!.x.shape[0], 152);
  assert.equal(data.test, undefined);
});

test('a separate test set is scaled with the training fit, and must have the same columns', async () => {
  const train = 'x,y\n0,0\n2,1\n4,0\n';
  const result = await prepareData(
    { kind: 'file', path: 'train.csv', scale: { method: 'standardize' } },
    hostWith({ 'train.csv': train, 'test.csv': 'x,y\n2,1\n' }),
    { testSource: { kind: 'file', path: 'test.csv' } },
  );
  assert.ok(result.ok);
  assert.equal(result.data.test!.x.data[0], 0, 'the training mean (2) maps to 0');
  const mismatched = await prepareData({ kind: 'file', path: 'train.csv' }, hostWith({ 'train.csv': train, 'test.csv': 'x,z,y\n1,2,3\n' }), { testSource: { kind: 'file', path: 'test.csv' } });
  assert.deepEqual(mismatched, { ok: false, error: 'the test data has 2 features and 1 target columns, the training data 1 and 1' });
});

test('built-ins: the function sampler, synthetic sets and Auto MPG', async () => {
  const fn = await prepared({ kind: 'builtin', name: 'function', options: { functions: ['square'], from: -1, to: 1, count: 5 } });
  assert.deepEqual([...fn.train.y.data], [1, 0.25, 0, 0.25, 1]);
  const spiral = await prepared({ kind: 'builtin', name: 'spiral', options: { count: 100, noise: 0, seed: 1 } });
  assert.deepEqual(spiral.train.y.shape, [100, 2]);
  if (!existsSync(join(assets, 'auto-mpg.json'))) return;
  const cars = await prepared({ kind: 'builtin', name: 'auto-mpg' });
  assert.equal(cars.train.x.shape[0], 392, '406 cars, 14 with a missing value');
  assert.deepEqual(cars.featureNames, ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration']);
});

test('the built-in MNIST digits: 10,000 interleaved images with one-hot labels', { skip: existsSync(join(assets, 'mnist-images.idx')) ? false : 'skipped: run npm install to build assets/data' }, async () => {
  const mnist = await prepared({ kind: 'builtin', name: 'mnist', limit: 20 });
  assert.deepEqual(mnist.train.x.shape, [20, 784]);
  const labels = Array.from({ length: 20 }, (_, r) => Array.from(mnist.train.y.data.subarray(r * 10, r * 10 + 10)).indexOf(1));
  assert.deepEqual(labels, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(mnist.train.x.data.every((v) => v >= 0 && v <= 1));
});

test('bad sources: unreadable files, unknown formats, zero-variance columns, and spec errors with paths', async () => {
  assert.deepEqual(await prepareData({ kind: 'file', path: 'gone.csv' }, hostWith({})), { ok: false, error: 'cannot read gone.csv: no such file' });
  assert.deepEqual(await prepareData({ kind: 'file', path: 'data.txt' }, hostWith({ 'data.txt': '' })), { ok: false, error: 'data.txt: cannot tell the format from the name; set "format" to "csv", "json" or "idx"' });
  const constant = await prepareData({ kind: 'file', path: 'c.csv', scale: { method: 'standardize' } }, hostWith({ 'c.csv': 'x,y\n1,0\n1,1\n' }));
  assert.equal(constant.ok, false);
  assert.match((constant as { error: string }).error, /column "x" has the same value \(1\) in every row/);
  assert.deepEqual(checkDataSource({ kind: 'builtin', name: 'mnist', colour: 'red' }), [{ path: 'data.colour', message: 'unknown data setting "colour" (known: kind, features, targets, categorical, missing, limit, scale, split, name, options)' }]);
  assert.deepEqual(checkDataSource({ kind: 'inline', columns: ['a', 'b'], rows: [[1]] }), [{ path: 'data.rows[0]', message: 'expected 2 numbers (one per column)' }]);
  assert.deepEqual(checkDataSource({ kind: 'builtin', name: 'function', options: { functions: ['cube'] } }).map((e) => e.path), ['data.options.functions[0]']);
});
