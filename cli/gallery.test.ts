// The gallery: every example in assets/examples trains for one short epoch from the real CLI and ends
// with finite metrics. MNIST and character-model examples use --limit so the suite stays fast; the rest use all their rows.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, gradflow, jsonLines } from './testing.ts';

const examples = readdirSync(EXAMPLES).filter((name) => name.endsWith('.gradflow')).sort();

test('the gallery is not empty', () => {
  assert.ok(examples.length >= 10, `found ${examples.length} examples`);
});

describe('every example trains for one epoch from the CLI', { concurrency: 2 }, () => {
  for (const name of examples) {
    test(name, async () => {
      const doc = JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as { data?: { name?: string } };
      // Character models (the built-in text) train on 200 windows of it: an epoch of all 1,200 takes seconds.
      const limit = doc.data?.name === 'mnist' ? ['--limit', '300'] : doc.data?.name === 'sotu' ? ['--limit', '200'] : [];
      const run = await gradflow(['train', join(EXAMPLES, name), '--epochs', '1', '--json', ...limit]);
      assert.equal(run.code, 0, run.stderr);
      const done = jsonLines(run.stdout).at(-1)!;
      assert.equal(done.type, 'done');
      assert.equal(done.epochs, 1);
      for (const [metric, value] of Object.entries(done.metrics as Record<string, number>)) {
        assert.ok(Number.isFinite(value), `${name}: ${metric} is ${value}`);
      }
      assert.match(run.stderr, /^epoch 1 took /m);
    });
  }
});
