// Hand-made bad data files and the EXACT message each must produce, through the pipeline a document's data
// source takes (prepareData: bytes → text → table → columns → split): CSV, JSON records and IDX. The other
// tables match parts of messages; this one pins the whole line, file name and all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareData, type DataHost } from './prepare.ts';
import type { DataSourceSpec } from './source.ts';

const encoder = new TextEncoder();

function hostWith(files: Record<string, string | Uint8Array>): DataHost {
  return {
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`cannot read ${path}: no such file`);
      return typeof content === 'string' ? encoder.encode(content) : content;
    },
    readAsset: async (name) => { throw new Error(`no asset ${name} in this test`); },
  };
}

function idx(type: number, dims: number[], body: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  out[2] = type;
  out[3] = dims.length;
  dims.forEach((d, k) => new DataView(out.buffer).setUint32(4 + 4 * k, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

const images = idx(0x08, [3, 2, 2], Array.from({ length: 12 }, (_, k) => k * 20));
const labels = idx(0x08, [3], [0, 1, 2]);
const csv = (path = 'd.csv', extra: Partial<DataSourceSpec> = {}): DataSourceSpec => ({ kind: 'file', path, features: ['a'], targets: ['b'], split: { method: 'none' }, ...extra } as DataSourceSpec);
const images2 = (extra: Partial<DataSourceSpec> = {}): DataSourceSpec => ({ kind: 'file', path: 'img.idx', labels: 'lab.idx', split: { method: 'none' }, ...extra } as DataSourceSpec);

const BAD_DATA: { name: string; spec: DataSourceSpec; files: Record<string, string | Uint8Array>; error: string }[] = [
  { name: 'CSV: a quote never closed', spec: csv(), files: { 'd.csv': 'a,b\n1,"2\n3,4\n' }, error: 'd.csv: line 2: a quoted cell (column "b") starts here but its closing quote is missing' },
  { name: 'CSV: a row with a cell too many', spec: csv(), files: { 'd.csv': 'a,b\n1,2\n3,4,5\n' }, error: 'd.csv: line 3 has 3 cells but the header has 2' },
  { name: 'CSV: empty file', spec: csv(), files: { 'd.csv': '' }, error: 'd.csv: the file is empty; a CSV needs a header row naming its columns' },
  { name: 'CSV: saved as UTF-16', spec: csv(), files: { 'd.csv': Uint8Array.from([0xff, 0xfe, 0x61, 0, 0x2c, 0, 0x62, 0]) }, error: 'd.csv is UTF-16; save it as UTF-8' },
  { name: 'CSV: a binary file', spec: csv(), files: { 'd.csv': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]) }, error: 'd.csv holds NUL bytes: it is a binary file, not text' },
  {
    name: 'CSV: a column with no value in any row', spec: csv(), files: { 'd.csv': 'a,b\n1,\n2,\n3,\n' },
    error: 'd.csv: column "b" has no numeric value in any of the 3 rows: every one is empty',
  },
  {
    name: 'CSV: a column of words as a feature', spec: csv('d.csv', { features: ['name'] }), files: { 'd.csv': 'name,b\nford,1\nvw,2\n' },
    error: 'd.csv: column "name" holds no numbers (row 2: "ford"); choose numeric columns as features, or use it as a categorical target',
  },
  {
    name: 'CSV: every row dropped, each for another column', spec: csv(), files: { 'd.csv': 'a,b\n1,\n,2\n' },
    error: 'd.csv: no rows left: every one of the 2 rows has an empty or non-numeric value in a chosen column (column "b" in 1 row, column "a" in 1 row; the first: row 2, column "b" is empty)',
  },
  {
    name: 'CSV: a misspelt column', spec: csv('d.csv', { targets: ['B '] }), files: { 'd.csv': 'a,b\n1,2\n' },
    error: 'd.csv: no column named "B " (did you mean "b"?); the columns are "a", "b"',
  },
  {
    name: 'CSV: a number beyond float32', spec: csv(), files: { 'd.csv': 'a,b\n1,2\n1e39,3\n' },
    error: 'd.csv: row 3, column "a": 1e+39 is outside the float32 range (±3.4e38)',
  },
  { name: 'IDX: gzip not unpacked', spec: images2(), files: { 'img.idx': Uint8Array.from([0x1f, 0x8b, 8, 0]), 'lab.idx': labels }, error: 'img.idx: this file is gzip-compressed; the host should decompress it' },
  {
    name: 'IDX: not an IDX file', spec: images2(), files: { 'img.idx': encoder.encode('P5 28 28 255'), 'lab.idx': labels },
    error: 'img.idx: not an IDX file: it should start with two zero bytes, but starts with 0x50 0x35',
  },
  {
    name: 'IDX: a header declaring more data than the file holds', spec: images2(), files: { 'img.idx': idx(0x08, [60000, 28, 28], [1, 2, 3]), 'lab.idx': labels },
    error: 'img.idx: the dimensions 60,000 × 28 × 28 need 47,040,000 bytes of data, but 3 bytes follow the header',
  },
  {
    name: 'IDX: the labels file cut short', spec: images2(), files: { 'img.idx': images, 'lab.idx': labels.slice(0, labels.length - 1) },
    error: 'lab.idx: the dimensions 3 need 3 bytes of data, but 2 bytes follow the header',
  },
  {
    name: 'IDX: a label that is not a digit', spec: images2(), files: { 'img.idx': images, 'lab.idx': idx(0x08, [3], [0, 12, 2]) },
    error: 'lab.idx: row 2: label 12 is not one of the classes 0..9',
  },
  {
    name: 'IDX: images and labels that do not belong together', spec: images2(), files: { 'img.idx': images, 'lab.idx': idx(0x08, [2], [0, 1]) },
    error: 'img.idx holds 3 images but lab.idx holds 2 labels',
  },
  {
    name: 'IDX: the two files swapped', spec: images2(), files: { 'img.idx': labels, 'lab.idx': images },
    error: 'img.idx: expected 3 dimensions (count × height × width), found 1 — is this the labels file?',
  },
  {
    name: 'JSON records: not a list of objects', spec: { kind: 'file', path: 'd.json', features: ['a'], targets: ['b'] } as DataSourceSpec, files: { 'd.json': '{"a": 1}' },
    error: 'd.json: expected a JSON array of records (objects with one key per column), found an object',
  },
];

for (const bad of BAD_DATA) {
  test(`exact data error: ${bad.name}`, async () => {
    const result = await prepareData(bad.spec, hostWith(bad.files));
    assert.deepEqual(result, { ok: false, error: bad.error });
  });
}
