// gradflow train and the memory budget: a runaway graph is refused at once, with the estimate, the budget,
// the biggest node and the flag that raises it (exit 1, in a real child process); --memory-budget moves the
// line both ways; a split too big to evaluate at once is evaluated in passes; a nonsense budget is a usage error.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChange } from '../core/document/changes.ts';
import { loadDocument } from '../core/document/load.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import { BIN, EXAMPLES, gradflow, gradflowInProcess, tempFolder, type CliRun } from './testing.ts';

const GNU_TIME = '/usr/bin/time';

const temp = tempFolder();
after(() => temp.remove());

/** The spiral example with its second hidden layer widened to `neurons` (the first stays at 16, unless given). */
function spiralWith(second: number, first = 16, data: Record<string, unknown> = {}): string {
  const loaded = loadDocument(readFileSync(join(EXAMPLES, 'spiral.gradflow'), 'utf8'));
  assert.ok(loaded.ok);
  let doc: GradflowDocument = { ...loaded.doc, training: { ...loaded.doc.training, epochs: 1 } };
  for (const [id, neurons] of [['dense1', first], ['dense2', second]] as const) {
    const group = doc.groups.find((g) => g.id === id)!;
    const result = applyChange(doc, { kind: 'set-layer-attributes', group: id, attributes: { ...group.attributes, neurons } });
    assert.ok(result.ok);
    doc = result.doc;
  }
  return JSON.stringify({ ...doc, data: { ...doc.data, ...data } });
}

// The spiral's data is built in, so the documents can live in a temporary folder.
writeFileSync(join(temp.path, 'runaway.gradflow'), spiralWith(100_000, 100_000));
writeFileSync(join(temp.path, 'wide.gradflow'), spiralWith(600, 600));
// The runaway graph on a data file that does not exist: the memory check comes first, before any data is read.
writeFileSync(join(temp.path, 'runaway-no-data.gradflow'), spiralWith(100_000, 100_000, { kind: 'file', path: 'missing.csv', name: undefined, options: undefined, split: undefined }));
// The same on 1200 points and no split at all.
writeFileSync(join(temp.path, 'unsplit.gradflow'), spiralWith(600, 600, { options: { count: 1200, noise: 0.05, seed: 3 }, split: { method: 'none' } }));

/** `gradflow ARGS` under GNU time, which prints the child's peak resident memory on its last stderr line. */
function gradflowMeasured(args: readonly string[], cwd: string): Promise<CliRun & { peakKiB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(GNU_TIME, ['--quiet', '-f', 'peak-rss-kib %M', process.execPath, BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = /peak-rss-kib (\d+)\n$/.exec(stderr);
      resolve({ code, stdout, stderr: stderr.replace(/peak-rss-kib \d+\n$/, ''), peakKiB: peak ? Number(peak[1]) : NaN });
    });
  });
}

test('gradflow train refuses a runaway graph with the estimate and exit 1, fast, before reading data or allocating', async () => {
  const started = performance.now();
  const run: CliRun & { peakKiB?: number } = existsSync(GNU_TIME)
    ? await gradflowMeasured(['train', 'runaway.gradflow'], temp.path)
    : await gradflow(['train', 'runaway.gradflow'], { cwd: temp.path });
  const seconds = (performance.now() - started) / 1000;
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, '');
  // The whole process peaked at ~100 MiB here (tsx, zod, the engine's modules): 37 GiB of weights never existed.
  if (run.peakKiB !== undefined) assert.ok(run.peakKiB < 512 * 1024, `peak resident memory ${run.peakKiB} KiB`);
  assert.match(run.stderr, /^gradflow: runaway\.gradflow: training needs about 149 GiB for a batch of 32 \(parameters 37\.3 GiB, their gradients 37\.3 GiB, Adam's two moments 74\.5 GiB, outputs and their gradients [\d.]+ MiB\), more than the memory budget of 1 GiB; the biggest part is WeightMultiply "dense2_w" in layer "Dense dense2" \(149 GiB: W \(100000, 100000\)\)\. Make it smaller, lower the batch size, or raise the budget with --memory-budget MiB\n$/);
  // A child process costs about a second to start (tsx, zod); allocating 37 GiB would take far longer, or fail.
  assert.ok(seconds < 20, `refused in ${seconds.toFixed(1)} s`);
  const noData = await gradflowInProcess(['train', 'runaway-no-data.gradflow'], { cwd: temp.path });
  assert.equal(noData.code, 1);
  assert.match(noData.stderr, /^gradflow: runaway-no-data\.gradflow: training needs about 149 GiB/, 'refused before missing.csv is looked for');
});

test('--memory-budget moves the line: 1 MiB refuses a 6 MiB graph, 64 MiB trains it; nothing is allocated for a refusal', async () => {
  const before = process.memoryUsage().arrayBuffers;
  const refused = await gradflowInProcess(['train', 'wide.gradflow', '--memory-budget', '1'], { cwd: temp.path });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^gradflow: wide\.gradflow: training needs about [\d.]+ MiB for a batch of 32 .*more than the memory budget of 1 MiB; the biggest part is WeightMultiply "dense2_w" in layer "Dense dense2" .*--memory-budget MiB\n$/);
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 2 ** 20);
  const trained = await gradflowInProcess(['train', 'wide.gradflow', '--memory-budget', '64', '--epochs', '1', '--save', 'trained.gradflow'], { cwd: temp.path });
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /trained 1 epoch/);
  // eval and predict build the same trainer, under the same flag.
  const evaluated = await gradflowInProcess(['eval', 'trained.gradflow', '--memory-budget', '1'], { cwd: temp.path });
  assert.equal(evaluated.code, 1);
  assert.match(evaluated.stderr, /^gradflow: trained\.gradflow: training needs about [\d.]+ MiB .*--memory-budget MiB\n$/);
  assert.equal((await gradflowInProcess(['eval', 'trained.gradflow', '--memory-budget', '64'], { cwd: temp.path })).code, 0);
  assert.equal((await gradflowInProcess(['predict', 'trained.gradflow', '--input', '0.5,0.5', '--memory-budget', '64'], { cwd: temp.path })).code, 0);
  // The batch size the run uses is the one the estimate is for: a smaller batch fits a budget a larger one does not.
  const bigBatch = await gradflowInProcess(['train', 'wide.gradflow', '--memory-budget', '8', '--batch-size', '320'], { cwd: temp.path });
  assert.match(bigBatch.stderr, /for a batch of 320 .*more than the memory budget of 8 MiB/);
});

test('a memory budget that is not a positive whole number of MiB is a usage error', async () => {
  for (const [value, message] of [['0', '--memory-budget must be at least 1, got 0'], ['lots', '--memory-budget expects a whole number, got "lots"']]) {
    const run = await gradflowInProcess(['train', 'wide.gradflow', '--memory-budget', value!], { cwd: temp.path });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `gradflow: train: ${message}\n`);
  }
});

test('the final evaluation of a split too big to hold at once runs in passes within the budget: the same metrics', async () => {
  // Unsplit, the final evaluation is of all 1200 rows: ~17 MiB at once; a batch of 32 trains in 6.4 MiB of the 7.
  const final = async (budget: string): Promise<string> => {
    const run = await gradflowInProcess(['train', 'unsplit.gradflow', '--memory-budget', budget, '--epochs', '1'], { cwd: temp.path });
    assert.equal(run.code, 0, run.stderr);
    return /^final .*$/m.exec(run.stdout)?.[0] ?? '(no final line)';
  };
  const [inPasses, atOnce] = [await final('7'), await final('512')];
  assert.match(inPasses, /^final training rows \(the data has no validation split\) \(1,?200 rows\): loss /);
  assert.equal(inPasses, atOnce);
});
