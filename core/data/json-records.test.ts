// parseJsonRecords: arrays of flat objects, the union of keys, value conversion, the exact messages for
// unusable JSON, a fuzz loop, and the real vega-datasets cars.json when that package is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseJsonRecords } from './json-records.ts';
import { NumpyRandom } from '../tensor/random.ts';

const root = join(import.meta.dirname, '..', '..');

test('records become rows; columns are the union of keys in first-seen order; missing keys are null', () => {
  const result = parseJsonRecords('[{"a": 1, "b": "x"}, {"b": "y", "c": true}, {"a": null, "c": false, "d": "2.5"}]');
  assert.ok(result.ok);
  assert.deepEqual(result.table, {
    columns: ['a', 'b', 'c', 'd'],
    rows: [[1, 'x', null, null], [null, 'y', 1, null], [null, null, 0, '2.5']],
    rowNumbers: [1, 2, 3],
  });
});

test('an empty array is "no records"; a BOM is ignored; "__proto__" is an ordinary column name', () => {
  assert.deepEqual(parseJsonRecords('[]'), { ok: false, error: { message: 'the file holds no records (an empty JSON array); expected one object per row' } });
  assert.deepEqual(parseJsonRecords('\ufeff[{"v": 2}]'), { ok: true, table: { columns: ['v'], rows: [[2]], rowNumbers: [1] } });
  assert.deepEqual(parseJsonRecords('[{"__proto__": 5, "b": 1}]'), { ok: true, table: { columns: ['__proto__', 'b'], rows: [[5, 1]], rowNumbers: [1] } });
});

test('unusable JSON fails with a message naming the record and key', () => {
  const cases: [string, string, number | undefined, string | undefined][] = [
    ['{"a": 1}', 'expected a JSON array of records (objects with one key per column), found an object', undefined, undefined],
    ['"text"', 'expected a JSON array of records (objects with one key per column), found a string', undefined, undefined],
    ['null', 'expected a JSON array of records (objects with one key per column), found null', undefined, undefined],
    ['[{"a": 1}, 3]', 'record 2 is a number, not an object with one key per column', 2, undefined],
    ['[{"a": 1}, [1, 2]]', 'record 2 is an array, not an object with one key per column', 2, undefined],
    ['[null]', 'record 1 is null, not an object with one key per column', 1, undefined],
    ['[{"a": 1}, {"a": 2, "engine": {"hp": 130}}]', 'record 2, key "engine" holds an object; values must be numbers, strings, booleans or null (nested data is not supported)', 2, 'engine'],
    ['[{"tags": ["x"]}]', 'record 1, key "tags" holds an array; values must be numbers, strings, booleans or null (nested data is not supported)', 1, 'tags'],
  ];
  for (const [text, message, row, column] of cases) {
    const result = parseJsonRecords(text);
    assert.equal(result.ok, false, text);
    if (result.ok) continue;
    assert.deepEqual(result.error, { message, ...(row !== undefined ? { row } : {}), ...(column !== undefined ? { column } : {}) }, text);
  }
});

test('a JSON syntax error is reported with the parser\'s own description', () => {
  const result = parseJsonRecords('[{"a": 1},');
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.match(result.error.message, /^the file is not valid JSON: /);
  assert.ok(result.error.message.length > 'the file is not valid JSON: '.length);
});

test('fuzz: random mutations of valid records never throw', () => {
  const base = '[{"Name":"a \\"b\\"","x":1.5,"y":null,"ok":true},{"Name":"c","x":-2e3,"z":"w"},{"x":0}]';
  const alphabet = ['"', ',', '{', '}', '[', ']', ':', '1', 'null', '\\', ' ', '\ud800'];
  const rng = new NumpyRandom(7);
  const pick = (n: number) => Math.floor(rng.random() * n);
  let successes = 0;
  for (let iteration = 0; iteration < 400; iteration++) {
    let text = base;
    for (let e = 0, edits = 1 + pick(3); e < edits; e++) {
      const at = pick(text.length + 1);
      text = pick(2) === 0 ? text.slice(0, at) + alphabet[pick(alphabet.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    }
    const result = parseJsonRecords(text);
    assert.equal(typeof result.ok, 'boolean');
    if (result.ok) {
      successes++;
      for (const cells of result.table.rows) assert.equal(cells.length, result.table.columns.length);
    } else {
      assert.ok(result.error.message.length > 0);
    }
  }
  assert.ok(successes > 0, 'some mutations should still be valid records');
});

test('vega-datasets cars.json: 406 records, 9 columns, some Horsepower and Miles_per_Gallon missing', (t) => {
  const path = join(root, 'node_modules', 'vega-datasets', 'data', 'cars.json');
  if (!existsSync(path)) {
    t.skip('vega-datasets not installed');
    return;
  }
  const result = parseJsonRecords(readFileSync(path, 'utf8'));
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  const { columns, rows, rowNumbers } = result.table;
  assert.equal(rows.length, 406);
  assert.deepEqual(columns, ['Name', 'Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year', 'Origin']);
  assert.deepEqual(rows[0], ['chevrolet chevelle malibu', 18, 8, 307, 130, 3504, 12, '1970-01-01', 'USA']);
  assert.equal(rowNumbers[405], 406);
  const missing = (name: string) => rows.filter((r) => r[columns.indexOf(name)] === null).length;
  assert.equal(missing('Horsepower'), 6);
  assert.equal(missing('Miles_per_Gallon'), 8);
});

test('a number too large for a double (1e400) is kept as Infinity, not read as an empty cell', () => {
  assert.deepEqual(parseJsonRecords('[{"x": 1e400, "y": -1e400}]'), { ok: true, table: { columns: ['x', 'y'], rows: [[Infinity, -Infinity]], rowNumbers: [1] } });
});
