// The data preview: columns, first rows, missing cells per column, and first picks of features and target.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewTable, suggestColumns } from './preview.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

test('a CSV preview counts missing cells per column and the rows a drop policy would drop', () => {
  const result = previewTable(bytes('a,b,label\n1,2,cat\n3,,dog\n,6,cat\n7,8,\n'), 'csv', 'pets.csv', 2);
  assert.ok(result.ok);
  const { preview } = result;
  assert.equal(preview.rowCount, 4);
  assert.deepEqual(preview.head, [[1, 2, 'cat'], [3, null, 'dog']]);
  assert.deepEqual(preview.columns.map((c) => [c.name, c.missing, c.numeric, c.distinct]), [['a', 1, true, 3], ['b', 1, true, 3], ['label', 1, false, 2]]);
  assert.equal(preview.rowsWithMissing, 3);
  assert.deepEqual(suggestColumns(preview), { features: ['a', 'b'], targets: ['label'], categorical: true });
});

test('JSON records preview the same way; bad bytes and bad text are messages, not exceptions', () => {
  const json = previewTable(bytes('[{"x": 1, "y": 2.5}, {"x": 2, "y": 3.5}]'), 'json', 'r.json');
  assert.ok(json.ok);
  assert.deepEqual(json.preview.columns.map((c) => c.name), ['x', 'y']);
  const binary = previewTable(new Uint8Array([0xff, 0xfe, 0x00, 0x01]), 'csv', 'image.png');
  assert.equal(binary.ok, false);
  const broken = previewTable(bytes('a,b\n1,2,3\n'), 'csv', 'broken.csv');
  assert.equal(broken.ok, false);
  if (!broken.ok) assert.match(broken.error.message, /\S/);
});
