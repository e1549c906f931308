// Fuzzing the CSV reader with the mutation classes of issue 9 §2 — truncation, random bytes, hostile unicode,
// huge numbers, a 10 MB cell, never-closed quotes, swapped cells — through parseCsv and through the whole data
// pipeline a document's CSV source takes (bytes → text → table → columns → split → scaling). Every case
// answers ok or a message (never a throw, never an "internal error", never a hang past the per-case bound).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.ts';
import { prepareData, type DataHost } from './prepare.ts';
import type { DataSourceSpec } from './source.ts';
import { CASE_TIME_LIMIT_MS, EDGE_NUMBERS, FuzzRandom, HOSTILE_STRINGS, hugeString, mutateBytes, mutateText, timed } from '../../test/support/fuzz.ts';

const BASE = 'id,"name, full",x,y,label\r\n1,"a ""quoted"" word",3.5,1,cat\n2,,NA,0,dog\n3,"multi\nline",-1e2,1,cat\n4,plain,0.25,0,dog\n5,z,7,1,cat\n';
const BIG = hugeString(10);
const LONG = 'y'.repeat(100_000);

/** A mutation of the table's cells: an edge number, hostile text, a 10 MB cell, an unclosed quote, a swap. */
function mutateCells(text: string, rng: FuzzRandom): string {
  const lines = text.split('\n');
  const row = rng.below(lines.length);
  const cells = lines[row]!.split(',');
  const col = rng.below(cells.length);
  switch (rng.below(6)) {
    case 0: cells[col] = String(rng.pick(EDGE_NUMBERS)); break;
    case 1: cells[col] = rng.pick(HOSTILE_STRINGS); break;
    // Long cells; 10 MB ones now and then (each costs tens of milliseconds to build and read).
    case 2: { const long = rng.chance(0.15) ? BIG : LONG; cells[col] = rng.chance(0.5) ? long : `"${long}`; break; }
    case 3: cells[col] = `"${cells[col]}`; break;
    case 4: cells.push(...cells.slice(0, 1 + rng.below(3))); break;
    default: { const other = rng.below(lines.length); [lines[row], lines[other]] = [lines[other]!, lines[row]!]; return lines.join('\n'); }
  }
  lines[row] = cells.join(',');
  return lines.join('\n');
}

function checkParsed(text: string, where: string): boolean {
  let outcome: { value: ReturnType<typeof parseCsv>; ms: number };
  try {
    outcome = timed(() => parseCsv(text));
  } catch (error) {
    assert.fail(`${where}: parseCsv threw ${(error as Error)?.stack ?? String(error)}`);
  }
  assert.ok(outcome.ms < CASE_TIME_LIMIT_MS, `${where}: took ${outcome.ms.toFixed(0)} ms`);
  const result = outcome.value;
  if (!result.ok) {
    assert.ok(result.error.message.length > 0 && result.error.message.length <= 500, `${where}: message ${result.error.message.slice(0, 80)}`);
    assert.doesNotMatch(result.error.message, /internal error/, where);
    return false;
  }
  for (const cells of result.table.rows) assert.equal(cells.length, result.table.columns.length, where);
  return true;
}

test('fuzz parseCsv: text and cell mutations are read or refused with a message, each within the time bound', () => {
  const rng = new FuzzRandom(3_100);
  let parsed = 0;
  for (let i = 0; i < 400; i++) {
    const text = i % 2 === 0 ? mutateText(BASE, rng) : mutateCells(BASE, rng);
    if (checkParsed(text, `seed 3100 #${i}`)) parsed++;
  }
  // Truncation at every position: every prefix of a file is something a copy cut short could leave.
  for (let at = 0; at <= BASE.length; at++) checkParsed(BASE.slice(0, at), `cut at ${at}`);
  // 10 MB in a header name, a cell, a quote that never closes, and one line of ten million commas.
  checkParsed(`${BIG},b\n1,2\n`, 'a 10 MB column name');
  checkParsed(`a,b\n${BIG},2\n`, 'a 10 MB cell');
  checkParsed(`a,b\n"${BIG},2\n`, 'a 10 MB quoted cell never closed');
  checkParsed(`a\n${','.repeat(10_000_000)}\n`, 'ten million commas');
  checkParsed(`${','.repeat(10_000_000)}\n1\n`, 'a header of ten million commas');
  checkParsed(`a\n${'"x",'.repeat(2_500_000)}\n`, 'a row of 2.5 million quoted cells');
  assert.ok(parsed > 50 && parsed < 400, `${parsed} of 400 parsed`);
});

const encoder = new TextEncoder();
const hostOf = (bytes: Uint8Array): DataHost => ({
  readFile: async () => bytes,
  readAsset: async (name) => { throw new Error(`no asset ${name} in this test`); },
});

const SPECS: DataSourceSpec[] = [
  { kind: 'file', path: 'd.csv', features: ['x'], targets: ['y'] },
  { kind: 'file', path: 'd.csv', features: ['x', 'y'], targets: ['label'], categorical: true, scale: { method: 'standardize' } },
  { kind: 'file', path: 'd.csv', features: ['x'], targets: ['y'], missing: 'strict', split: { method: 'random', validation: 0.4, test: 0.2 } },
];

test('fuzz the CSV data pipeline: mutated bytes end in data or a message, never a throw', async () => {
  const rng = new FuzzRandom(3_200);
  const bytes = encoder.encode(BASE);
  let loaded = 0;
  for (let i = 0; i < 300; i++) {
    const mutated = i % 3 === 0 ? encoder.encode(mutateCells(BASE, rng)) : mutateBytes(bytes, rng, bytes.length);
    const spec = SPECS[i % SPECS.length]!;
    const where = `seed 3200 #${i} ${JSON.stringify(spec)}`;
    const start = performance.now();
    let result: Awaited<ReturnType<typeof prepareData>>;
    try {
      result = await prepareData(spec, hostOf(mutated));
    } catch (error) {
      assert.fail(`${where}: prepareData rejected ${(error as Error)?.stack ?? String(error)}`);
    }
    assert.ok(performance.now() - start < CASE_TIME_LIMIT_MS, `${where}: took too long`);
    if (result.ok) {
      loaded++;
      assert.ok(result.data.train.x.shape[0]! > 0, where);
      assert.ok(result.data.train.x.data.every(Number.isFinite), `${where}: a non-finite feature`);
    } else {
      assert.ok(result.error.length > 0 && result.error.length <= 800, `${where}: ${result.error.slice(0, 80)}`);
      assert.doesNotMatch(result.error, /internal error/, `${where}: ${result.error}`);
    }
  }
  assert.ok(loaded > 0, 'some mutations still load');
});
