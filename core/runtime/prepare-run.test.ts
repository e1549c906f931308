// prepareRun's data side: the file's source with a host's overrides, and the separate test set a file
// keeps in its data source (what `gradflow train --test-data … --save` writes) or a host passes in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GradflowDocument } from '../document/types.ts';
import type { DataHost } from '../data/prepare.ts';
import { mergeSources, type DataSourceSpec } from '../data/source.ts';
import { effectiveDataSource, prepareRun } from './prepare-run.ts';

const files: Record<string, string> = {
  '/d/train.csv': 'x,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${2 * i}`).join('\n') + '\n',
  '/d/test.csv': 'x,y\n1,2\n2,4\n3,6\n',
  '/d/other-test.csv': 'x,y\n5,10\n',
};
const host: DataHost = {
  readFile: async (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`cannot read ${path}: no such file`);
    return new TextEncoder().encode(text);
  },
  readAsset: async () => { throw new Error('no assets here'); },
};

function linear(data: Record<string, unknown>): GradflowDocument {
  const node = (id: string, op: string, attributes: Record<string, unknown> = {}) => ({ id, op, attributes, position: { x: 0, y: 0 } });
  const edge = (from: string, to: string, port: string) => ({ id: `${from}->${to}`, from: { node: from, port: 'out' }, to: { node: to, port } });
  return {
    format: 'gradflow', version: 1,
    nodes: [node('x', 'Input', { shape: [1] }), node('w', 'WeightMultiply', { neurons: 1 }), node('y', 'Target', { shape: [1] }), node('loss', 'MeanSquaredError')],
    edges: [edge('x', 'w', 'X'), edge('w', 'loss', 'prediction'), edge('y', 'loss', 'target')],
    groups: [], data: data as GradflowDocument['data'], training: {},
  } as unknown as GradflowDocument;
}

test('a file\'s own testData is its separate test set; a host\'s testData replaces it', async () => {
  const doc = linear({ kind: 'file', path: '/d/train.csv', split: { method: 'random', validation: 0.25, test: 0.25, seed: 1 }, testData: { kind: 'file', path: '/d/test.csv' } });
  const own = await prepareRun(doc, host);
  assert.ok(own.ok, own.ok ? '' : own.errors.join('\n'));
  assert.equal(own.run.data.test!.x.shape[0], 3);
  assert.equal(own.run.data.train.x.shape[0], 15, 'the split\'s test fraction trains');
  const replaced = await prepareRun(doc, host, { testData: { kind: 'file', path: '/d/other-test.csv' } });
  assert.ok(replaced.ok);
  assert.equal(replaced.run.data.test!.x.shape[0], 1);
  const bad = await prepareRun(linear({ kind: 'file', path: '/d/train.csv', testData: { kind: 'file', path: '/d/test.csv', split: { method: 'none' } } }), host);
  assert.deepEqual(bad, {
    ok: false,
    errors: ['data.testData.split: is not a setting of a separate test set (it has: kind, path, format, labels); it shares the columns, missing-value policy, scaling and classes of the main data'],
  });
});

test('an override naming other rows drops the settings that belonged to the old rows (options, format, labels)', () => {
  const spiral: DataSourceSpec = { kind: 'builtin', name: 'spiral', options: { count: 50 }, split: { method: 'random', validation: 0.2 } };
  assert.deepEqual(mergeSources(spiral, { kind: 'builtin', name: 'xor' }), { kind: 'builtin', name: 'xor', split: { method: 'random', validation: 0.2 } });
  assert.deepEqual(mergeSources(spiral, { limit: 10 }), { ...spiral, limit: 10 });
  const idx: DataSourceSpec = { kind: 'file', path: 'i.idx', format: 'idx', labels: 'l.idx', limit: 5 };
  assert.deepEqual(mergeSources(idx, { kind: 'file', path: '/d/train.csv', format: 'csv' }), { kind: 'file', path: '/d/train.csv', format: 'csv', limit: 5 });
  assert.deepEqual(effectiveDataSource(linear({ kind: 'file', path: 'a.csv' }), { targets: ['y'] }), { kind: 'file', path: 'a.csv', targets: ['y'] });
});
