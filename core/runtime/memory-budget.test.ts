// A runaway graph (a Dense of 100,000 × 100,000 weights) opens, is summarised, refuses to train with the
// estimate, and is fixed by editing it — all through the session, the path the app takes — and nothing of it
// is ever allocated. A test split too big to evaluate at once is evaluated in passes within the budget.
// Declared sizes in a file (an embedded tensor's shape, an Input's shape) are refused before anything is
// allocated.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example } from '../../test/support/in-process-session.ts';
import { applyChange } from '../document/changes.ts';
import type { GradflowDocument } from '../document/types.ts';
import { buildGraph } from '../graph/build.ts';
import { modelSummary } from '../graph/model-summary.ts';
import { formatBytes } from '../train/memory-budget.ts';
import { loadDocument } from '../document/load.ts';

/** The spiral with both hidden layers set to `neurons`, as the inspector's layer editor would do it. */
function spiralWith(neurons: number, doc: GradflowDocument = example('spiral')): GradflowDocument {
  let edited = doc;
  for (const id of ['dense1', 'dense2']) {
    const group = edited.groups.find((g) => g.id === id)!;
    const result = applyChange(edited, { kind: 'set-layer-attributes', group: id, attributes: { ...group.attributes, neurons } });
    assert.ok(result.ok, result.ok ? '' : result.error);
    edited = result.doc;
  }
  return edited;
}

const MIB = 2 ** 20;

/** Until the load ends (ready, or an error), at most 10 s: reading the built-in data takes a few turns of the event loop. */
async function settled(session: InProcessSession): Promise<void> {
  const until = performance.now() + 10_000;
  const over = () => session.all('error').length > 0 || session.all('status').some((t) => t.status === 'error' || t.status === 'ready');
  while (!over() && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
const allocated = () => process.memoryUsage().arrayBuffers;

test('a runaway graph opens with its huge estimate, refuses to train, and trains once its layer is edited down', async () => {
  const runaway = spiralWith(100_000);
  const session = new InProcessSession();
  const before = allocated();

  const loaded = await session.load(runaway);
  assert.equal(loaded.graph.parameterCount, 2 * 100_000 + 100_000 + 100_000 * 100_000 + 100_000 + 100_000 * 2 + 2);
  // The inspector's summary of the same document: the estimate, computed from shapes alone.
  const built = buildGraph(runaway);
  assert.ok(built.ok);
  const summary = modelSummary(built.graph, 32, 'Adam');
  assert.ok(summary.totalBytes > 100 * 2 ** 30, `the estimate is ${formatBytes(summary.totalBytes)}`);
  // Opening it already says it will not train, naming the layer to shrink.
  const warning = session.all('warning').find((w) => w.message.startsWith('training needs about'));
  assert.ok(warning, 'a warning at load');
  assert.ok(warning.message.includes(`training needs about ${formatBytes(summary.totalBytes)} for a batch of 32`), warning.message);
  assert.equal(warning.nodeId, 'dense2_w');

  // Train: refused with the same figure, the budget and the biggest node; the document stays loaded.
  const answer = session.ask({ type: 'train', epochs: 1 });
  const error = answer.find((t) => t.type === 'error');
  assert.ok(error && error.type === 'error');
  assert.match(error.message, new RegExp(`^training needs about ${formatBytes(summary.totalBytes).replace('.', '\\.')} for a batch of 32 \\(parameters 37\\.3 GiB, ` +
    'their gradients 37\\.3 GiB, Adam\'s two moments 74\\.5 GiB, outputs and their gradients [\\d.]+ MiB\\), more than the memory budget of 1 GiB; ' +
    'the biggest part is WeightMultiply "dense2_w" in layer "Dense dense2" \\(149 GiB: W \\(100000, 100000\\)\\)\\. ' +
    'Make it smaller, lower the batch size, or raise the memory budget in Settings$'));
  assert.equal(error.nodeId, 'dense2_w');
  // The weights plot asks for a parameter before any run: answered with an error, not 37 GiB.
  const weights = session.ask({ type: 'request-tensor', requestId: 7, tensor: { kind: 'parameter', key: 'dense2_w.W' } });
  assert.match((weights.find((t) => t.type === 'error') as { message: string }).message, /more than the limit/);
  assert.equal(session.run(), 0, 'no batch was scheduled');
  assert.ok(allocated() - before < 64 * MIB, `${((allocated() - before) / MIB).toFixed(1)} MiB allocated`);

  // The user edits the layers down (the window reloads the edited document): it opens without a warning and trains.
  const from = session.received.length;
  await session.load(spiralWith(16, runaway));
  assert.equal(session.all('warning', from).length, 0);
  session.send({ type: 'train', epochs: 2 });
  session.run();
  assert.equal(session.last('status')?.status, 'done');
  assert.ok(Number.isFinite(session.last('progress')!.trainLoss));
});

test('a lower budget from the settings warns at load and refuses; a higher one lets the same document train', async () => {
  const session = new InProcessSession();
  session.send({ type: 'set-memory-budget', bytes: 4096 });
  await session.load(example('spiral'));
  assert.match(session.last('warning')!.message, /more than the memory budget of 4 KiB/);
  assert.match((session.ask({ type: 'train', epochs: 1 }).find((t) => t.type === 'error') as { message: string }).message,
    /^training needs about [\d.]+ KiB .*more than the memory budget of 4 KiB/);
  session.send({ type: 'set-memory-budget', bytes: MIB });
  session.send({ type: 'train', epochs: 1 });
  session.run();
  assert.equal(session.last('status')?.status, 'done');
});

test('a test split too big to evaluate at once within the budget is evaluated in passes when the run ends', async () => {
  // Two layers of 600 (6.4 MiB to train a batch) on 4000 spiral points, half of them held out as the test set:
  // every output of the 2000 test rows at once is ~28 MiB.
  const base = spiralWith(600);
  const doc: GradflowDocument = { ...base, data: { ...base.data!, options: { count: 4000, noise: 0.05, seed: 3 }, split: { method: 'random', seed: 4, validation: 0.02, test: 0.5 } } };
  const testLoss = async (budget: number): Promise<number> => {
    const session = new InProcessSession();
    session.send({ type: 'set-memory-budget', bytes: budget });
    await session.load(doc);
    assert.equal(session.all('warning').length, 0, 'training itself fits');
    session.send({ type: 'train', epochs: 1 });
    session.run();
    assert.equal(session.last('status')?.status, 'done', session.last('error')?.message);
    const test = session.all('evaluation').find((e) => e.split === 'test');
    assert.ok(test, 'the test set was evaluated at the end');
    return test.loss;
  };
  const [inPasses, atOnce] = [await testLoss(8 * MIB), await testLoss(64 * MIB)];
  assert.ok(Math.abs(inPasses - atOnce) <= 1e-6 * Math.abs(atOnce), `${inPasses} vs ${atOnce}`);
});

test('declared sizes are checked before anything is allocated: an embedded tensor\'s shape, an Input\'s shape', async () => {
  const spiral = example('spiral');
  // The saved tensor's shape is the one the runaway graph needs, so only its length can give it away.
  const cases: { name: string; doc: GradflowDocument; file: RegExp; engine: RegExp }[] = [
    {
      name: 'a saved tensor declaring 100000 × 100000 values with 4 bytes of data',
      doc: { ...spiralWith(100_000), parameters: { 'dense2_w.W': { shape: [100000, 100000], dtype: 'float32', data: 'AAAAAA==' } } },
      file: /^parameters\["dense2_w\.W"\]\.data: holds 4 bytes, but shape \[100000, 100000\] needs 40000000000 \(10000000000 float32 values\)$/,
      // The engine checks a 'load' message's document as the loader checks a file.
      engine: /the document cannot be opened: parameters\["dense2_w\.W"\]\.data: holds 4 bytes, but shape \[100000, 100000\] needs 40000000000/,
    },
    {
      name: 'an Input of a billion features',
      doc: { ...spiral, nodes: spiral.nodes.map((n) => (n.id === 'input' ? { ...n, attributes: { shape: [1e9] } } : n)) },
      file: /^nodes\[0\]\.attributes\.shape: .*every size must be a whole number from 1 to 1000000, got 1000000000/,
      engine: /every size must be a whole number from 1 to 1000000, got 1000000000/,
    },
  ];
  for (const { name, doc, file, engine } of cases) {
    const before = allocated();
    const started = performance.now();
    // As a file (the loader every host opens files with)…
    const loaded = loadDocument(JSON.stringify(doc));
    assert.equal(loaded.ok, false, name);
    if (!loaded.ok) assert.match(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n'), file, name);
    // …and as the window hands a document to the engine.
    const session = new InProcessSession();
    session.send({ type: 'load', document: doc });
    await settled(session);
    assert.ok(!session.all('status').some((t) => t.status === 'ready'), `${name}: not opened`);
    assert.match(session.last('error')?.message ?? '(no error)', engine, name);
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `${name}: refused in ${ms.toFixed(0)} ms`);
    assert.ok(allocated() - before < 16 * MIB, `${name}: nothing big allocated`);
  }
});
