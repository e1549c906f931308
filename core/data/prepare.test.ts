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
  assert.deepEqual(await prepareData({ kind: 'file', path: 'data.dat' }, hostWith({ 'data.dat': '' })), { ok: false, error: 'data.dat: cannot tell the format from the name; set "format" to "csv", "json", "idx" or "text"' });
  const constant = await prepareData({ kind: 'file', path: 'c.csv', scale: { method: 'standardize' } }, hostWith({ 'c.csv': 'x,y\n1,0\n1,1\n' }));
  assert.equal(constant.ok, false);
  assert.match((constant as { error: string }).error, /column "x" has the same value \(1\) in every row/);
  assert.deepEqual(checkDataSource({ kind: 'builtin', name: 'mnist', colour: 'red' }), [{ path: 'data.colour', message: 'unknown data setting "colour" (known: kind, features, targets, categorical, missing, limit, scale, split, classes, target, sequence, testData, name, options)' }]);
  assert.deepEqual(checkDataSource({ kind: 'inline', columns: ['a', 'b'], rows: [[1]] }), [{ path: 'data.rows[0]', message: 'expected 2 numbers (one per column)' }]);
  assert.deepEqual(checkDataSource({ kind: 'builtin', name: 'function', options: { functions: ['cube'] } }).map((e) => e.path), ['data.options.functions[0]']);
});

test('a categorical separate test set is encoded with the training classes: missing classes fine, unknown ones refused', async () => {
  const spec: DataSourceSpec = { kind: 'file', path: 'train.csv', targets: ['label'], categorical: true };
  const files = { 'train.csv': 'x,label\n1,a\n2,b\n3,c\n', 'ab.csv': 'x,label\n1,b\n2,a\n', 'z.csv': 'x,label\n1,a\n2,z\n' };
  const result = await prepareData(spec, hostWith(files), { testSource: { ...spec, path: 'ab.csv' } });
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.deepEqual(result.data.classes, ['a', 'b', 'c']);
  assert.deepEqual(result.data.test!.y.shape, [2, 3]);
  assert.deepEqual([...result.data.test!.y.data], [0, 1, 0, 1, 0, 0], 'b then a, in the training columns');
  const unknown = await prepareData(spec, hostWith(files), { testSource: { ...spec, path: 'z.csv' } });
  assert.deepEqual(unknown, { ok: false, error: 'test data: z.csv: row 3, column "label": "z" is not one of the training classes ("a", "b", "c")' });
  // A file's own list of classes (what a trained file records) decides the columns of its main data too.
  const recorded = await prepared({ ...spec, path: 'ab.csv', classes: ['a', 'b', 'c'] }, files);
  assert.deepEqual(recorded.classes, ['a', 'b', 'c']);
  assert.deepEqual(recorded.train.y.shape, [2, 3]);
});

test('with a separate test set, the rows the split would hold out for testing train; the validation rows stay', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => [i, i % 3]);
  const spec: DataSourceSpec = { kind: 'inline', columns: ['v', 't'], rows, split: { method: 'random', validation: 0.2, test: 0.25, seed: 4 } };
  const alone = await prepared(spec);
  const withTest = await prepareData(spec, hostWith({ 't.csv': 'v,t\n1,2\n' }), { testSource: { kind: 'file', path: 't.csv' } });
  assert.ok(withTest.ok);
  assert.equal(withTest.data.train.x.shape[0], 16);
  assert.deepEqual([...withTest.data.validation!.x.data], [...alone.validation!.x.data]);
  const trained = new Set([...withTest.data.train.x.data]);
  for (const v of [...alone.train.x.data, ...alone.test!.x.data]) assert.ok(trained.has(v), `row ${v} trains`);
  assert.ok(withTest.data.report.includes('split with seed 4: 16 train / 4 validation (the split\'s test fraction, 5 rows, trains too: a separate test set is given)'), withTest.data.report.join('\n'));
  // A source's own testData is the separate test set when none is passed in.
  const own = await prepared({ ...spec, testData: { kind: 'file', path: 't.csv' } }, { 't.csv': 'v,t\n1,2\n' });
  assert.equal(own.test!.x.shape[0], 1);
  assert.equal(own.train.x.shape[0], 16);
});

test('built-ins and IDX files with fixed columns refuse chosen columns; Auto MPG leaves its target out of the features', async () => {
  for (const name of ['spiral', 'xor', 'function', 'mnist'] as const) {
    const result = await prepareData({ kind: 'builtin', name, targets: ['b'] }, hostWith({}));
    assert.deepEqual(result, { ok: false, error: `the built-in "${name}" set has fixed columns, so "targets" cannot be chosen; choosing columns applies to CSV, JSON and inline data and to the built-in auto-mpg` });
  }
  const idx = await prepareData({ kind: 'file', path: 'i.idx', labels: 'l.idx', targets: ['b'] }, hostWith({ 'i.idx': new Uint8Array(0), 'l.idx': new Uint8Array(0) }));
  assert.deepEqual(idx, { ok: false, error: 'i.idx is IDX images and labels, which have fixed columns, so "targets" cannot be chosen; choosing columns applies to CSV, JSON and inline data and to the built-in auto-mpg' });
  if (!existsSync(join(assets, 'auto-mpg.json'))) return;
  const cars = await prepared({ kind: 'builtin', name: 'auto-mpg', targets: ['Horsepower'] });
  assert.deepEqual(cars.featureNames, ['Cylinders', 'Displacement', 'Weight_in_lbs', 'Acceleration']);
  assert.deepEqual(cars.targetNames, ['Horsepower']);
});

test('files that are not comma-separated UTF-8 tables say what they are', async () => {
  const fails = async (path: string, content: string | Uint8Array) => {
    const result = await prepareData({ kind: 'file', path }, hostWith({ [path]: content }));
    assert.equal(result.ok, false);
    return (result as { error: string }).error;
  };
  assert.equal(await fails('semi.csv', 'a;b;y\n1;2;3\n'), 'semi.csv has one column "a;b;y" — is it separated by \';\'? Gradflow reads comma-separated files');
  assert.equal(await fails('tab.csv', 'a\tb\ty\n1\t2\t3\n'), 'tab.csv has one column "a\\tb\\ty" — is it separated by tabs? Gradflow reads comma-separated files');
  assert.equal(await fails('one.csv', 'abc\n1\n'), 'one.csv has one column "abc"; a data file needs at least a feature column and a target column');
  assert.equal(await fails('empty.json', '[]'), 'empty.json: the file holds no records (an empty JSON array); expected one object per row');
  const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'a,b\n1,2\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
  assert.equal(await fails('u16.csv', utf16), 'u16.csv is UTF-16; save it as UTF-8');
});

test('a value that leaves the float32 range after scaling is refused, naming the column', async () => {
  // Min-max fitted on a range of 1e-30: a test value of 1e10 scales to 1e40.
  const result = await prepareData(
    { kind: 'file', path: 'train.csv', scale: { method: 'minmax' } },
    hostWith({ 'train.csv': 'x,y\n0,0\n1e-30,1\n', 'test.csv': 'x,y\n1e10,0\n' }),
    { testSource: { kind: 'file', path: 'test.csv' } },
  );
  assert.deepEqual(result, { ok: false, error: 'the test data: feature column "x" has a value (1e+40 after scaling) outside the float32 range (±3.4e38)' });
});

test('data source checks: min-max is per column, classes need a categorical target, a test set names only its rows', () => {
  assert.deepEqual(checkDataSource({ kind: 'builtin', name: 'xor', scale: { method: 'minmax', per: 'global' } }),
    [{ path: 'data.scale.per', message: '"per" applies to standardize only; min-max scaling is always per column' }]);
  assert.deepEqual(checkDataSource({ kind: 'file', path: 'a.csv', classes: ['a'] }),
    [{ path: 'data.classes', message: 'applies to a categorical target only (set "categorical": true)' }]);
  assert.deepEqual(checkDataSource({ kind: 'file', path: 'a.csv', categorical: true, classes: ['a', 'a'] }),
    [{ path: 'data.classes', message: 'the class "a" is listed twice' }]);
  assert.deepEqual(checkDataSource({ kind: 'file', path: 'a.csv', testData: { kind: 'file', path: 't.csv', targets: ['y'] } }), [{
    path: 'data.testData.targets',
    message: 'is not a setting of a separate test set (it has: kind, path, format, labels); it shares the columns, missing-value policy, scaling and classes of the main data',
  }]);
  assert.deepEqual(checkDataSource({ kind: 'file', path: 'a.csv', testData: { kind: 'builtin', name: 'mnist' } }), []);
});

test('an IDX labels file that is wrong is named in the message', async () => {
  const images = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7]);
  const labels = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 2, 1]);
  const result = await prepareData({ kind: 'file', path: 'img.idx', labels: 'lab.idx' }, hostWith({ 'img.idx': images, 'lab.idx': labels }));
  assert.deepEqual(result, { ok: false, error: 'lab.idx: the dimensions 2 need 2 bytes of data, but 1 byte follows the header' });
});
