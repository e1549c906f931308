// tableToArrays: choosing columns by name, the missing-value policy (drop with a report, or strict with the
// first bad cell's row and column), categorical targets as one-hot, and the column-level failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { tableToArrays } from './columns.ts';
import type { ColumnSpec } from './columns.ts';
import { parseCsv } from './csv.ts';
import { parseJsonRecords } from './json-records.ts';
import type { Table } from './types.ts';

const root = join(import.meta.dirname, '..', '..');

function csv(text: string): Table {
  const result = parseCsv(text);
  if (!result.ok) assert.fail(result.error.message);
  return result.table;
}

function expectError(table: Table, spec: ColumnSpec, message: string, row?: number, column?: string): void {
  const result = tableToArrays(table, spec);
  assert.equal(result.ok, false, `expected failure: ${message}`);
  if (result.ok) return;
  assert.equal(result.error.message, message);
  assert.equal(result.error.row, row);
  assert.equal(result.error.column, column);
}

const cars = csv('Name,Horsepower,Weight,MPG,Origin\nford,130,3504,18,USA\ntoyota,95,2372,24,Japan\nvw,NA,1835,26,Europe\nfiat,,2130,,Europe\nbmw,113,2234,26,Europe\n');

test('features and targets come out row-major in the order named', () => {
  const result = tableToArrays(csv('a,b,c\n1,2,3\n4,5,6\n'), { features: ['c', 'a'], targets: ['b'], missing: 'strict' });
  assert.ok(result.ok);
  assert.deepEqual([...result.x], [3, 1, 6, 4]);
  assert.deepEqual([...result.y], [2, 5]);
  assert.equal(result.rows, 2);
  assert.equal(result.featureCount, 2);
  assert.equal(result.targetCount, 1);
  assert.equal(result.classes, undefined);
  assert.deepEqual(result.report, { droppedRows: 0, firstDropped: [] });
});

test('drop (the default policy): rows with a missing or non-numeric chosen cell are left out and reported', () => {
  const result = tableToArrays(cars, { features: ['Horsepower', 'Weight'], targets: ['MPG'], missing: 'drop' });
  assert.ok(result.ok);
  assert.equal(result.rows, 3);
  assert.deepEqual([...result.x], [130, 3504, 95, 2372, 113, 2234]);
  assert.deepEqual([...result.y], [18, 24, 26]);
  assert.deepEqual(result.report, {
    droppedRows: 2,
    firstDropped: [{ row: 4, column: 'Horsepower', value: 'NA' }, { row: 5, column: 'Horsepower', value: '' }],
  });
});

test('drop keeps only the first 10 dropped rows in the report but counts them all', () => {
  const lines = ['a,b'];
  for (let i = 0; i < 30; i++) lines.push(i % 2 === 0 ? `${i},?` : `${i},${i}`);
  const result = tableToArrays(csv(lines.join('\n')), { features: ['a'], targets: ['b'], missing: 'drop' });
  assert.ok(result.ok);
  assert.equal(result.rows, 15);
  assert.equal(result.report.droppedRows, 15);
  assert.equal(result.report.firstDropped.length, 10);
  assert.deepEqual(result.report.firstDropped[0], { row: 2, column: 'b', value: '?' });
  assert.deepEqual(result.report.firstDropped[9], { row: 20, column: 'b', value: '?' });
});

test('strict: the first unusable cell fails the load, naming its file line and column', () => {
  const lines = ['Name,Horsepower,MPG'];
  for (let line = 2; line <= 20; line++) lines.push(`car${line},${line === 17 ? 'NA' : line * 10},${line}`);
  const table = csv(lines.join('\n'));
  expectError(table, { features: ['Horsepower'], targets: ['MPG'], missing: 'strict' }, 'row 17, column "Horsepower": "NA" is not a number', 17, 'Horsepower');
  const withGap = csv(lines.join('\n').replace('NA', ''));
  expectError(withGap, { features: ['Horsepower'], targets: ['MPG'], missing: 'strict' }, 'row 17, column "Horsepower" is empty', 17, 'Horsepower');
});

test('JSON tables count rows as records', () => {
  const parsed = parseJsonRecords('[{"x": 1, "y": 2}, {"x": "n/a", "y": 3}]');
  assert.ok(parsed.ok);
  expectError(parsed.table, { features: ['x'], targets: ['y'], missing: 'strict' }, 'row 2, column "x": "n/a" is not a number', 2, 'x');
});

test('an unknown column lists the columns and suggests a close match', () => {
  const spec = (name: string): ColumnSpec => ({ features: [name], targets: ['MPG'], missing: 'drop' });
  const listed = '"Name", "Horsepower", "Weight", "MPG", "Origin"';
  expectError(cars, spec('Horsepowr'), `no column named "Horsepowr" (did you mean "Horsepower"?); the columns are ${listed}`, undefined, 'Horsepowr');
  expectError(cars, spec('weight'), `no column named "weight" (did you mean "Weight"?); the columns are ${listed}`, undefined, 'weight');
  expectError(cars, spec('Cylinders'), `no column named "Cylinders"; the columns are ${listed}`, undefined, 'Cylinders');
  const wide = csv(`${Array.from({ length: 25 }, (_, k) => `c${k}`).join(',')}\n`);
  const result = tableToArrays(wide, { features: ['zz'], targets: [], missing: 'drop' });
  assert.ok(!result.ok && result.error.message.endsWith('"c18", "c19" and 5 more'), result.ok ? '' : result.error.message);
});

test('a chosen column that cannot work at all fails with a message about the column', () => {
  const table = csv('Name,a,b\nford,1,\nvw,2,\n');
  expectError(table, { features: ['a'], targets: ['b'], missing: 'drop' }, 'column "b" has no numeric value in any of the 2 rows: every one is empty', undefined, 'b');
  expectError(table, { features: ['Name'], targets: ['a'], missing: 'drop' },
    'column "Name" holds no numbers (row 2: "ford"); choose numeric columns as features, or use it as a categorical target', undefined, 'Name');
});

test('when every row is dropped the load fails and shows the first reason', () => {
  expectError(csv('a,b\n1,\n,2\n'), { features: ['a'], targets: ['b'], missing: 'drop' },
    'no rows left: every one of the 2 rows has an empty or non-numeric value in a chosen column (column "b" in 1 row, column "a" in 1 row; the first: row 2, column "b" is empty)', 2, 'b');
  expectError(csv('a,b\n'), { features: ['a'], targets: ['b'], missing: 'drop' }, 'the table has no data rows');
});

test('categorical targets: sorted class names, one-hot rows, missing labels dropped or strict', () => {
  const result = tableToArrays(cars, { features: ['Weight'], targets: ['Origin'], categoricalTargets: true, missing: 'drop' });
  assert.ok(result.ok);
  assert.deepEqual(result.classes, ['Europe', 'Japan', 'USA']);
  assert.equal(result.targetCount, 3);
  assert.deepEqual([...result.y], [0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]);

  const numeric = tableToArrays(csv('x,k\n1,10\n2,2\n3,1\n4,2\n'), { features: ['x'], targets: ['k'], categoricalTargets: true, missing: 'strict' });
  assert.ok(numeric.ok);
  assert.deepEqual(numeric.classes, ['1', '2', '10']); // numerically, not '1' < '10' < '2'
  assert.deepEqual([...numeric.y], [0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0]);

  const mixed = tableToArrays(csv('x,k\n1,b\n2,2\n3,a\n4,É\n'), { features: ['x'], targets: ['k'], categoricalTargets: true, missing: 'strict' });
  assert.ok(mixed.ok);
  assert.deepEqual(mixed.classes, ['2', 'a', 'b', 'É']); // by code point, as Python's sorted() would

  const gaps = csv('x,k\n1,a\n2,\n3,b\n');
  const dropped = tableToArrays(gaps, { features: ['x'], targets: ['k'], categoricalTargets: true, missing: 'drop' });
  assert.ok(dropped.ok);
  assert.deepEqual(dropped.report, { droppedRows: 1, firstDropped: [{ row: 3, column: 'k', value: '' }] });
  expectError(gaps, { features: ['x'], targets: ['k'], categoricalTargets: true, missing: 'strict' }, 'row 3, column "k" is empty', 3, 'k');
});

test('a malformed column choice fails with a message, never a throw', () => {
  const table = csv('a,b,c\n1,2,3\n');
  expectError(table, { features: [], targets: ['a'], missing: 'drop' }, 'choose at least one feature column');
  expectError(table, { features: ['a'], targets: ['a'], missing: 'drop' }, 'column "a" is chosen both as a feature and as a target; a model would just copy it', undefined, 'a');
  expectError(table, { features: ['a', 'a'], targets: ['b'], missing: 'drop' }, 'column "a" is chosen twice as a feature', undefined, 'a');
  expectError(table, { features: ['a'], targets: ['b', 'c'], categoricalTargets: true, missing: 'drop' }, 'a categorical target must be exactly one column; 2 were chosen');
  expectError(table, { features: ['a'], targets: ['b'], missing: 'skip' as 'drop' }, 'the missing-value policy must be "drop" or "strict", got "skip"');
  expectError(table, { features: 'a' as unknown as string[], targets: ['b'], missing: 'drop' }, 'the column choice is malformed: features and targets must be lists of column names');
  expectError({} as Table, { features: ['a'], targets: ['b'], missing: 'drop' }, 'the table is malformed (no columns or rows)');
});

test('vega-datasets cars.json: the book-style Auto MPG columns drop 14 incomplete cars', (t) => {
  const path = join(root, 'node_modules', 'vega-datasets', 'data', 'cars.json');
  if (!existsSync(path)) {
    t.skip('vega-datasets not installed');
    return;
  }
  const parsed = parseJsonRecords(readFileSync(path, 'utf8'));
  assert.ok(parsed.ok);
  const features = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'];
  const result = tableToArrays(parsed.table, { features, targets: ['Miles_per_Gallon'], missing: 'drop' });
  assert.ok(result.ok);
  assert.equal(result.rows, 392);
  assert.equal(result.report.droppedRows, 14);
  assert.deepEqual(result.report.firstDropped[0], { row: 11, column: 'Miles_per_Gallon', value: '' });
  assert.ok(result.report.firstDropped.some((d) => d.row === 39 && d.column === 'Horsepower'));
  assert.deepEqual([...result.x.subarray(0, 5)], [8, 307, 130, 3504, 12]);
  expectError(parsed.table, { features, targets: ['Miles_per_Gallon'], missing: 'strict' }, 'row 11, column "Miles_per_Gallon" is empty', 11, 'Miles_per_Gallon');
});

test('a value float32 cannot hold fails the load under either policy, naming row and column', () => {
  for (const missing of ['drop', 'strict'] as const) {
    expectError(csv('a,b\n1,2\n1e39,3\n'), { features: ['a'], targets: ['b'], missing },
      'row 3, column "a": 1e+39 is outside the float32 range (±3.4e38)', 3, 'a');
    expectError(csv('a,b\n1,2\n2,-1e999\n'), { features: ['a'], targets: ['b'], missing },
      'row 3, column "b": -1e999 is outside the float32 range (±3.4e38)', 3, 'b');
  }
  const json = parseJsonRecords('[{"x": 1, "y": 2}, {"x": 1e400, "y": 3}]');
  assert.ok(json.ok);
  expectError(json.table, { features: ['x'], targets: ['y'], missing: 'drop' },
    'row 2, column "x": a number beyond 1.8e308 is outside the float32 range (±3.4e38)', 2, 'x');
  // The largest float32 itself is fine.
  assert.ok(tableToArrays(csv('a,b\n3.4e38,1\n'), { features: ['a'], targets: ['b'], missing: 'strict' }).ok);
});

test('categorical targets with given classes: their order, missing classes fine, an unknown label fails', () => {
  const table = csv('x,k\n1,b\n2,b\n3,a\n');
  const result = tableToArrays(table, { features: ['x'], targets: ['k'], categoricalTargets: true, classes: ['c', 'b', 'a'], missing: 'drop' });
  assert.ok(result.ok);
  assert.deepEqual(result.classes, ['c', 'b', 'a']);
  assert.deepEqual([...result.y], [0, 1, 0, 0, 1, 0, 0, 0, 1]);
  for (const missing of ['drop', 'strict'] as const) {
    expectError(csv('x,k\n1,a\n2,z\n'), { features: ['x'], targets: ['k'], categoricalTargets: true, classes: ['a', 'b'], missing },
      'row 3, column "k": "z" is not one of the training classes ("a", "b")', 3, 'k');
  }
});
