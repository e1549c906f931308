// Sequence windows: one-hot character windows with a sorted vocabulary, sliding windows over a table's rows,
// and both through prepareData (a .txt file, the built-in State of the Union text and Seattle weather).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { characterWindows, seriesWindows } from './sequences.ts';
import { prepareData, type DataHost } from './prepare.ts';
import { checkDataSource } from './source.ts';

const assets = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'data');

/** The character at time step t of window `row` (one-hot row of width v). */
function charAt(values: Float64Array | Float32Array, row: number, t: number, length: number, vocabulary: readonly string[]): string {
  const v = vocabulary.length;
  const offset = (row * length + t) * v;
  const hot = [];
  for (let k = 0; k < v; k++) if (values[offset + k] === 1) hot.push(k);
  assert.equal(hot.length, 1, 'exactly one character is hot');
  return vocabulary[hot[0]!]!;
}

test('character windows: vocabulary sorted by code point, x the window and y the window one character later', () => {
  const text = 'hello world';
  const windows = characterWindows(text, { length: 4 });
  assert.ok(windows.ok);
  assert.deepEqual(windows.vocabulary, [' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
  // Starts 0 and 4 (stride = length); a start at 8 would need characters 8…12 and the text has 11.
  assert.equal(windows.rows, 2);
  assert.equal(windows.x.length, 2 * 4 * 8);
  const read = (values: Float64Array, row: number) => Array.from({ length: 4 }, (_, t) => charAt(values, row, t, 4, windows.vocabulary)).join('');
  assert.deepEqual([read(windows.x, 0), read(windows.y, 0), read(windows.x, 1), read(windows.y, 1)], ['hell', 'ello', 'o wo', ' wor']);
});

test('the vocabulary does not depend on the order characters first appear in', () => {
  const a = characterWindows('banana split', { length: 3 });
  const b = characterWindows('split banana', { length: 3 });
  assert.ok(a.ok && b.ok);
  assert.deepEqual(a.vocabulary, b.vocabulary);
  assert.deepEqual(a.vocabulary, [...new Set('banana split')].sort());
});

test('stride and limit choose the windows; too short a text and unknown characters are explained', () => {
  const overlapping = characterWindows('abcdefgh', { length: 3, stride: 1 });
  assert.ok(overlapping.ok);
  assert.equal(overlapping.rows, 5);
  const limited = characterWindows('abcdefgh', { length: 3, stride: 1 }, { limit: 2 });
  assert.ok(limited.ok);
  assert.equal(limited.rows, 2);
  const short = characterWindows('abc', { length: 3 });
  assert.ok(!short.ok);
  assert.match(short.error.message, /has 3 characters; a window of 3 characters and its next character need at least 4/);
  const unknown = characterWindows('abz', { length: 1 }, { vocabulary: ['a', 'b'] });
  assert.ok(!unknown.ok);
  assert.match(unknown.error.message, /"z" \(at character 3\) is not in the vocabulary/);
});

test('series windows: T rows of the features, the targets one row later', () => {
  // Two feature columns (value, 10·value) and one target column (−value), rows 0…5.
  const rows = 6;
  const features = Float64Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? i / 2 : 10 * ((i - 1) / 2)));
  const targets = Float64Array.from({ length: rows }, (_, r) => -r);
  const windows = seriesWindows(features, targets, rows, { length: 3, stride: 2 });
  assert.ok(windows.ok);
  assert.equal(windows.rows, 2);
  assert.deepEqual([...windows.x], [0, 0, 1, 10, 2, 20, 2, 20, 3, 30, 4, 40]);
  assert.deepEqual([...windows.y], [-1, -2, -3, -3, -4, -5]);
  assert.ok(!seriesWindows(features, targets, rows, { length: 6 }).ok);
});

test('the data source checks "sequence" and accepts the text format and the new built-ins', () => {
  assert.deepEqual(checkDataSource({ kind: 'builtin', name: 'sotu', sequence: { length: 25 } }), []);
  assert.deepEqual(checkDataSource({ kind: 'file', path: 'book.txt', format: 'text', sequence: { length: 25, stride: 5 } }), []);
  const problems = checkDataSource({ kind: 'builtin', name: 'seattle-weather', sequence: { stride: 0, step: 2 } });
  assert.deepEqual(problems.map((p) => p.path).sort(), ['data.sequence.length', 'data.sequence.step', 'data.sequence.stride']);
});

function hostWith(files: Record<string, string>): DataHost {
  return {
    readFile: async (path) => {
      if (!(path in files)) throw new Error(`no file ${path}`);
      return new TextEncoder().encode(files[path]!);
    },
    readAsset: async (name) => new Uint8Array(readFileSync(join(assets, name))),
  };
}

test('a .txt file becomes one-hot windows (N, T·V) with its vocabulary; without "sequence" the message says what to set', async () => {
  const host = hostWith({ 'poem.txt': 'the cat sat on the mat. the cat sat on the hat.' });
  const prepared = await prepareData({ kind: 'file', path: 'poem.txt', sequence: { length: 5 }, split: { method: 'random', validation: 0.25, seed: 1 } }, host);
  assert.ok(prepared.ok, prepared.ok ? '' : prepared.error);
  const { data } = prepared;
  assert.deepEqual(data.vocabulary, [' ', '.', 'a', 'c', 'e', 'h', 'm', 'n', 'o', 's', 't']);
  assert.equal(data.train.x.shape[1], 5 * 11);
  assert.equal(data.train.x.shape[0]! + data.validation!.x.shape[0]!, 9);
  assert.ok(data.report.some((line) => /vocabulary of 11 \(sorted by code point\)/.test(line)));
  const missing = await prepareData({ kind: 'file', path: 'poem.txt' }, host);
  assert.ok(!missing.ok);
  assert.match(missing.error, /poem\.txt is text: set "sequence"/);
});

test('the built-in State of the Union text and Seattle weather series load as windows', { skip: !existsSync(join(assets, 'sotu.txt')) && 'run npm run build:assets' }, async () => {
  const host = hostWith({});
  const text = await prepareData({ kind: 'builtin', name: 'sotu', sequence: { length: 20 }, limit: 100 }, host);
  assert.ok(text.ok, text.ok ? '' : text.error);
  const v = text.data.vocabulary!.length;
  assert.ok(v > 40 && v < 100, `vocabulary of ${v}`);
  assert.deepEqual(text.data.train.x.shape, [100, 20 * v]);
  assert.equal(text.data.vocabulary!.join(''), [...text.data.vocabulary!].sort().join(''));

  const weather = await prepareData({ kind: 'builtin', name: 'seattle-weather', sequence: { length: 14, stride: 7 } }, host);
  assert.ok(weather.ok, weather.ok ? '' : weather.error);
  // 1,461 days: starts 0, 7, … while start + 15 ≤ 1461.
  assert.deepEqual(weather.data.train.x.shape, [Math.floor((1461 - 15) / 7) + 1, 14]);
  assert.deepEqual(weather.data.train.y.shape, weather.data.train.x.shape);
  // The first window is days 1–14 of temp_max; its target is days 2–15 (2012-01-02 had 10.6 °C).
  assert.equal(weather.data.train.x.data[0], Math.fround(12.8));
  assert.equal(weather.data.train.y.data[0], Math.fround(10.6));
  assert.equal(weather.data.train.y.data[0], weather.data.train.x.data[1]);
});
