// gradflow train prints text a character model generates while it trains (chapter 6): after every epoch by
// default, every N batches with --sample-every N; under --json as {"type":"sample"} records.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, REPO, gradflow, jsonLines } from './testing.ts';

const builtText = existsSync(join(REPO, 'assets', 'data', 'sotu.txt'));

test('a character model prints generated samples every N batches', { skip: !builtText && 'run npm run build:assets' }, async () => {
  const file = join(EXAMPLES, 'ch6-char-gru.gradflow');
  const run = await gradflow(['train', file, '--epochs', '1', '--limit', '96', '--batch-size', '16', '--sample-every', '2', '--sample-length', '30', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const samples = jsonLines(run.stdout).filter((r) => r.type === 'sample');
  // 96 windows, a tenth held out: 87 train → 6 batches → samples after batches 2, 4 and 6.
  assert.deepEqual(samples.map((s) => s.when), ['after batch 2', 'after batch 4', 'after batch 6']);
  const vocabulary = new Set(readFileSync(join(REPO, 'assets', 'data', 'sotu.txt'), 'utf8'));
  for (const sample of samples) {
    const text = [...(sample.text as string)];
    assert.equal(text.length, 30);
    assert.ok(text.every((c) => vocabulary.has(c)), `${sample.text} uses characters outside the text`);
  }
});

test('without --sample-every a character model samples once per epoch; other data warns about the flag', { skip: !builtText && 'run npm run build:assets' }, async () => {
  const run = await gradflow(['train', join(EXAMPLES, 'ch6-char-lstm.gradflow'), '--epochs', '1', '--limit', '40', '--sample-length', '10']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^sample after epoch 1: ".{10}"$/mu);
  const other = await gradflow(['train', join(EXAMPLES, 'spiral.gradflow'), '--epochs', '1', '--sample-every', '3']);
  assert.equal(other.code, 0, other.stderr);
  assert.match(other.stderr, /--sample-every and --sample-length apply to character models/);
});
