// `target: "features"` (chapter 7's autoencoder): the targets are the scaled features, and the set's class
// labels are kept per split (to colour the codes by digit); the setting is validated.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareData, type DataHost } from './prepare.ts';
import { checkDataSource, type DataSourceSpec } from './source.ts';

const assets = join(import.meta.dirname, '..', '..', 'assets', 'data');
const host = (files: Record<string, string> = {}): DataHost => ({
  readFile: async (path) => {
    if (files[path] === undefined) throw new Error(`no ${path}`);
    return new TextEncoder().encode(files[path]);
  },
  readAsset: async (name) => new Uint8Array(readFileSync(join(assets, name))),
});

test('MNIST with target "features": the targets equal the standardized features, the digits are the labels', async () => {
  const spec: DataSourceSpec = {
    kind: 'builtin', name: 'mnist', limit: 200, target: 'features', scale: { method: 'standardize', per: 'global' },
    split: { method: 'random', validation: 0.25, seed: 3 },
  };
  const result = await prepareData(spec, host());
  assert.ok(result.ok, result.ok ? '' : result.error);
  const data = result.data;
  assert.deepEqual(data.train.x.shape, [150, 784]);
  assert.deepEqual(data.train.y.shape, [150, 784]);
  assert.deepEqual(data.validation!.y.shape, [50, 784]);
  assert.deepEqual([...data.train.y.data], [...data.train.x.data]);
  assert.deepEqual([...data.validation!.y.data], [...data.validation!.x.data]);
  assert.equal(data.classes, undefined, 'not a classification any more');
  assert.equal(data.targetNames.length, 784);
  assert.deepEqual(data.labelClasses, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(data.labels!.train.length, 150);
  assert.equal(data.labels!.validation!.length, 50);
  // The labels are the same rows' digits: compare with the classification set split the same way.
  const { target: _t, ...plain } = spec;
  const classified = await prepareData(plain, host());
  assert.ok(classified.ok);
  const argmax = (y: Float32Array | Float64Array, r: number) => { let b = 0; for (let k = 1; k < 10; k++) if (y[r * 10 + k]! > y[r * 10 + b]!) b = k; return b; };
  for (let r = 0; r < 50; r++) assert.equal(data.labels!.validation![r], argmax(classified.data.validation!.y.data, r));
  assert.deepEqual([...data.validation!.x.data], [...classified.data.validation!.x.data]);
  assert.ok(data.report.some((l) => l.startsWith('the targets are the 784 features themselves (as scaled)')), data.report.join('\n'));
  assert.equal(data.report[0], '200 rows, 784 features, 784 target columns');
});

test('a CSV with target "features": targets are the feature columns, min-max scaled like them; no labels without classes', async () => {
  const csv = 'a,b,c\n0,10,1\n5,20,2\n10,30,3\n';
  const result = await prepareData({ kind: 'file', path: 'd.csv', features: ['a', 'b'], target: 'features', scale: { method: 'minmax' } }, host({ 'd.csv': csv }));
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.deepEqual([...result.data.train.y.data], [0, 0, 0.5, 0.5, 1, 1]);
  assert.deepEqual(result.data.targetNames, ['a', 'b']);
  assert.equal(result.data.labels, undefined);
});

test('"target" is validated: only "features", not with "targets" or sequence windows', () => {
  assert.deepEqual(checkDataSource({ kind: 'builtin', name: 'mnist', target: 'features' }), []);
  const bad = checkDataSource({ kind: 'builtin', name: 'mnist', target: 'labels' });
  assert.equal(bad[0]!.path, 'data.target');
  assert.match(bad[0]!.message, /expected one of "features"/);
  const both = checkDataSource({ kind: 'inline', columns: ['a', 'b'], rows: [[1, 2]], targets: ['b'], target: 'features' });
  assert.deepEqual(both.map((e) => e.path), ['data.target']);
  const seq = checkDataSource({ kind: 'builtin', name: 'seattle-weather', sequence: { length: 5 }, target: 'features' });
  assert.deepEqual(seq.map((e) => e.path), ['data.target']);
});
