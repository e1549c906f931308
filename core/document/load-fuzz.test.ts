// Fuzzing the full loader the app runs when it opens a file (loadDocument: structure, migration, graph
// build, shape inference, saved parameters) on EVERY example document, with seeded text and structural
// mutations. Each case must come back as a LoadResult — a document, or errors whose messages say what is
// wrong in a line a person can read — never a throw, never a hang, never a 10 MB echo of the input; and a
// document that loads must save and load again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocument, type CheckOptions } from './load.ts';
import { serializeDocument } from './serialize.ts';
import type { LoadResult } from './types.ts';
import {
  CASE_TIME_LIMIT_MS, FuzzRandom, STRUCTURAL_MUTATIONS, hugeString, jsonText, mutateJson, mutateText, timed,
  type StructuralMutation,
} from '../../test/support/fuzz.ts';

const examplesDir = join(import.meta.dirname, '..', '..', 'assets', 'examples');
const EXAMPLES = readdirSync(examplesDir).filter((f) => f.endsWith('.gradflow')).sort();

/** Per example: text mutations, and each structural kind this many times (a 10 MB string once: it is slow). */
const TEXT_CASES = 30;
const STRUCTURAL_REPEATS = 3;
/** Longest message a refusal may carry: the input is never echoed back whole. */
const MAX_MESSAGE_LENGTH = 2_000;

// The editor opens with shape problems as warnings; the CLI and a run refuse them: fuzz both.
const OPTIONS: CheckOptions[] = [{ shapeProblems: 'warning' }, {}];

const BIG = hugeString(10);

function checkResult(result: LoadResult, options: CheckOptions, where: string): void {
  assert.equal(typeof result.ok, 'boolean', where);
  if (!result.ok) {
    assert.ok(result.errors.length > 0, `${where}: refused without a reason`);
    for (const error of result.errors) {
      assert.equal(typeof error.path, 'string', where);
      assert.equal(typeof error.message, 'string', where);
      assert.ok(error.message.trim().length > 0, `${where}: an empty message`);
      assert.ok(error.message.length <= MAX_MESSAGE_LENGTH, `${where}: a ${error.message.length}-character message (${error.message.slice(0, 80)}…)`);
      assert.doesNotMatch(error.message, /internal error/, `${where}: ${error.message}`);
    }
    return;
  }
  assert.ok(Array.isArray(result.doc.nodes) && Array.isArray(result.doc.edges), where);
  for (const warning of result.warnings) assert.ok(typeof warning === 'string' && warning.length <= MAX_MESSAGE_LENGTH, `${where}: warning ${String(warning).slice(0, 80)}`);
  // What loads must save and load again (the editor's Save, then a later Open).
  const saved = serializeDocument(result.doc);
  const reloaded = loadDocument(saved, {}, options);
  assert.ok(reloaded.ok, `${where}: the loaded document does not reload after saving: ${JSON.stringify(!reloaded.ok && reloaded.errors.slice(0, 2))}`);
}

function runCase(text: string, options: CheckOptions, where: string): boolean {
  let outcome: { value: LoadResult; ms: number };
  try {
    outcome = timed(() => loadDocument(text, {}, options));
  } catch (error) {
    assert.fail(`${where}: loadDocument threw ${(error as Error)?.stack ?? String(error)}`);
  }
  assert.ok(outcome.ms < CASE_TIME_LIMIT_MS, `${where}: took ${outcome.ms.toFixed(0)} ms`);
  checkResult(outcome.value, options, where);
  return outcome.value.ok;
}

test('there are example documents to fuzz, and each loads unchanged', () => {
  assert.ok(EXAMPLES.length >= 20, `found ${EXAMPLES.length} examples`);
  for (const file of EXAMPLES) assert.equal(runCase(readFileSync(join(examplesDir, file), 'utf8'), {}, file), true, file);
});

for (const [index, file] of EXAMPLES.entries()) {
  test(`fuzz ${file}: text and structural mutations through loadDocument never throw or hang`, () => {
    const text = readFileSync(join(examplesDir, file), 'utf8');
    const doc: unknown = JSON.parse(text);
    const seed = 9_000 + index;
    const rng = new FuzzRandom(seed);
    let loaded = 0;
    let refused = 0;
    const count = (ok: boolean) => (ok ? loaded++ : refused++);

    for (let i = 0; i < TEXT_CASES; i++) {
      count(runCase(mutateText(text, rng), OPTIONS[i % 2]!, `${file} seed ${seed} text #${i}`));
    }
    const kinds: StructuralMutation[] = STRUCTURAL_MUTATIONS.flatMap((kind) => (kind === 'huge-string' ? [kind] : Array<StructuralMutation>(STRUCTURAL_REPEATS).fill(kind)));
    kinds.forEach((kind, i) => {
      count(runCase(jsonText(mutateJson(doc, kind, rng, BIG)), OPTIONS[i % 2]!, `${file} seed ${seed} ${kind} #${i}`));
    });
    // Truncation at every tenth of the file: the commonest damage of all (a copy cut short).
    for (let tenth = 1; tenth < 10; tenth++) count(runCase(text.slice(0, Math.floor((text.length * tenth) / 10)), {}, `${file} cut at ${tenth}/10`));
    // The mutations should exercise both outcomes, or they are testing nothing.
    assert.ok(refused > 0, `${file}: no mutation was refused`);
    assert.ok(loaded > 0, `${file}: no mutation loaded`);
  });
}

test('whole-file extremes: 10,000 nested lists, a 10 MB name, a file of NUL bytes, lone surrogates', () => {
  const base = JSON.parse(readFileSync(join(examplesDir, EXAMPLES[0]!), 'utf8'));
  const withName = (name: string) => JSON.stringify({ ...base, nodes: base.nodes.map((n: object, k: number) => (k === 0 ? { ...n, label: name } : n)) });
  const cases: Array<[string, string]> = [
    ['10,000 nested lists', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['10,000 nested objects', '{"a":'.repeat(10_000) + '0' + '}'.repeat(10_000)],
    ['nesting that never closes', '['.repeat(1_000_000)],
    ['a 10 MB label', withName(BIG)],
    ['a 10 MB file of NUL bytes', '\u0000'.repeat(10 * 1024 * 1024)],
    ['a lone surrogate in a label', withName('\ud800')],
    ['right-to-left override and emoji in a label', withName('\u202e😀 שלום')],
    ['a NUL inside a label', withName('a\u0000b')],
    ['1e308 everywhere a number is', JSON.stringify(base, (_, v) => (typeof v === 'number' ? 1e308 : v))],
    ['2^53+1 everywhere a number is', JSON.stringify(base, (_, v) => (typeof v === 'number' ? 2 ** 53 + 1 : v))],
  ];
  for (const [name, text] of cases) {
    for (const options of OPTIONS) runCase(text, options, name);
  }
});
