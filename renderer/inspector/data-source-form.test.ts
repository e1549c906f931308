// The data source form's pure half: switching sources keeps what applies, nested fields, column toggles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDataSource } from '../../core/data/source.ts';
import { sourceChoice, toggleColumn, withNested, withSource, withSplitMethod } from './data-source-form.ts';

test('switching the source keeps split, scaling and missing policy; every result passes the document checker', () => {
  const start = { kind: 'builtin', name: 'spiral', split: { method: 'random', validation: 0.2 }, scale: { method: 'standardize' }, features: ['x'] };
  const file = withSource(start, 'file');
  assert.deepEqual(file, { kind: 'file', path: '', format: 'csv', split: { method: 'random', validation: 0.2 }, scale: { method: 'standardize' } });
  assert.equal(sourceChoice(file), 'file');
  const xor = withSource(file, 'builtin:xor');
  assert.equal(sourceChoice(xor), 'builtin:xor');
  assert.equal(checkDataSource(xor, 'data').length, 0, JSON.stringify(checkDataSource(xor, 'data')));
  const counted = withNested(xor, 'options', 'count', 200);
  assert.deepEqual(counted.options, { count: 200 });
  assert.equal(withNested(counted, 'options', 'count', undefined).options, undefined, 'an emptied object goes');
  for (const method of ['random', 'sklearn', 'none']) {
    const split = withSplitMethod(xor, method);
    assert.deepEqual(checkDataSource(split, 'data'), [], method);
  }
});

test('a column is a feature or a target, never both', () => {
  let data = { kind: 'file', path: 'd.csv', features: ['a', 'b'], targets: ['c'] };
  data = toggleColumn(data, 'b', 'targets', true) as typeof data;
  assert.deepEqual([data.features, data.targets], [['a'], ['c', 'b']]);
  data = toggleColumn(data, 'c', 'targets', false) as typeof data;
  assert.deepEqual([data.features, data.targets], [['a'], ['b']]);
  data = toggleColumn(data, 'b', 'features', true) as typeof data;
  assert.deepEqual([data.features, data.targets], [['a', 'b'], []]);
});
