// The memory check before training: it refuses with the model summary's own figure (so what the inspector
// shows is what refuses a run), names the parts, the budget and the biggest node, and allocates nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequentialDocument, type SequentialSpec } from '../layers/sequential.ts';
import { buildGraph } from '../graph/build.ts';
import type { Graph } from '../graph/types.ts';
import { modelSummary } from '../graph/model-summary.ts';
import { Tensor } from '../tensor/tensor.ts';
import { resolveRunConfig, type PartialRunConfig } from './config.ts';
import { Trainer, type Dataset } from './trainer.ts';
import { checkMemoryBudget, DEFAULT_MEMORY_BUDGET_BYTES, formatBytes, MemoryBudgetError } from './memory-budget.ts';

function graphOf(spec: Omit<SequentialSpec, 'training'>): Graph {
  const result = buildGraph(sequentialDocument(spec));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.graph;
}

const small = () => graphOf({
  inputShape: [2], targetShape: [1], loss: 'MeanSquaredError',
  layers: [{ kind: 'Dense', attributes: { neurons: 8, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 1 } }],
});
const smallData: Dataset = { x: Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]), y: Tensor.from([0, 1, 1, 0], [4, 1]) };

/** 2 → 100000 → 100000 → 1: the middle Dense holds 10^10 weights (37 GiB of float32). */
const runaway = () => graphOf({
  inputShape: [2], targetShape: [1], loss: 'MeanSquaredError',
  layers: [
    { kind: 'Dense', attributes: { neurons: 100000 } },
    { kind: 'Dense', attributes: { neurons: 100000 } },
    { kind: 'Dense', attributes: { neurons: 1 } },
  ],
});

function trainer(graph: Graph, config: PartialRunConfig, bytes?: number): Trainer {
  return new Trainer({ graph, config: resolveRunConfig(config), train: smallData, ...(bytes !== undefined ? { memoryBudget: { bytes } } : {}) });
}

test('the check is the model summary\'s figure: a budget of exactly the estimate trains, one byte less is refused', () => {
  for (const kind of ['SGD', 'Adam'] as const) {
    const config = { batchSize: 4, epochs: 1, optimizer: { kind } };
    const estimate = modelSummary(small(), 4, kind).totalBytes;
    assert.equal(checkMemoryBudget(small(), 4, kind, { bytes: estimate }).totalBytes, estimate);
    const result = trainer(small(), config, estimate).fit();
    assert.equal(result.epochsRun, 1);
    assert.throws(() => trainer(small(), config, estimate - 1), (error: unknown) => {
      assert.ok(error instanceof MemoryBudgetError);
      assert.equal(error.estimateBytes, estimate);
      assert.equal(error.budgetBytes, estimate - 1);
      return true;
    });
  }
  // Adam keeps two more copies of every parameter than SGD: the estimate says so.
  const params = modelSummary(small(), 4).totalParameters;
  assert.equal(modelSummary(small(), 4, 'Adam').totalBytes - modelSummary(small(), 4, 'SGD').totalBytes, 2 * 4 * params);
});

test('a runaway graph is refused with the estimate, its parts, the budget and the biggest node, before anything is allocated', () => {
  const graph = runaway();
  const before = process.memoryUsage().arrayBuffers;
  const started = performance.now();
  let refusal: MemoryBudgetError | undefined;
  try {
    trainer(graph, { batchSize: 32, optimizer: { kind: 'SGDMomentum' } });
  } catch (error) {
    refusal = error as MemoryBudgetError;
  }
  const seconds = (performance.now() - started) / 1000;
  assert.ok(refusal instanceof MemoryBudgetError, `refused (${String(refusal)})`);
  assert.equal(refusal.name, 'MemoryBudgetError');
  // 10,000,400,001 parameters: 37.3 GiB each for the values, their gradients and the momentum velocities;
  // the batch's outputs (six (32, 100000) tensors: W·X, +B and the activation of both wide layers) and
  // their gradients 146 MiB.
  assert.equal(refusal.message,
    'training needs about 112 GiB for a batch of 32 (parameters 37.3 GiB, their gradients 37.3 GiB, momentum velocities 37.3 GiB, ' +
    'outputs and their gradients 146 MiB), more than the memory budget of 1 GiB; the biggest part is WeightMultiply "dense2_w" ' +
    'in layer "Dense dense2" (112 GiB: W (100000, 100000)). Make it smaller, lower the batch size, or raise the memory budget');
  assert.equal(refusal.nodeId, 'dense2_w');
  assert.equal(refusal.budgetBytes, DEFAULT_MEMORY_BUDGET_BYTES);
  assert.equal(refusal.estimateBytes, modelSummary(graph, 32, 'SGDMomentum').totalBytes, 'the inspector\'s figure');
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 2 ** 20, 'no tensor of the graph was allocated');
  assert.ok(seconds < 1, `refused in ${seconds.toFixed(2)} s`);
});

test('the budget names how to raise it where the user is, and a bigger budget lets the same graph through the check', () => {
  const graph = runaway();
  assert.throws(() => checkMemoryBudget(graph, 32, 'SGD', { bytes: 2 ** 30, raise: 'raise the budget with --memory-budget MiB' }),
    /more than the memory budget of 1 GiB; .*or raise the budget with --memory-budget MiB$/);
  const estimate = modelSummary(graph, 32, 'SGD').totalBytes;
  assert.equal(checkMemoryBudget(graph, 32, 'SGD', { bytes: estimate }).totalBytes, estimate);
  // A smaller batch needs less: the outputs shrink, the parameters do not.
  assert.ok(modelSummary(graph, 1, 'SGD').parts.activations < modelSummary(graph, 32, 'SGD').parts.activations);
});

test('formatBytes: binary units with three significant digits', () => {
  assert.deepEqual([0, 512, 1536, 2 ** 20, 37.25 * 2 ** 30, 3 * 2 ** 40, 5000 * 2 ** 40].map(formatBytes),
    ['0 B', '512 B', '1.5 KiB', '1 MiB', '37.3 GiB', '3 TiB', '5,000 TiB']);
});

test('evaluating a whole split at once is checked too: a validation set too big for the budget is refused before training', () => {
  const wide = graphOf({
    inputShape: [2], targetShape: [1], loss: 'MeanSquaredError',
    layers: [{ kind: 'Dense', attributes: { neurons: 1000, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 1 } }],
  });
  const rows = (n: number): Dataset => ({ x: Tensor.zeros([n, 2]), y: Tensor.zeros([n, 1]) });
  const config = resolveRunConfig({ batchSize: 4, epochs: 1 });
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => new Trainer({ graph: wide, config, train: smallData, validation: rows(100_000) }), {
    name: 'MemoryBudgetError',
    message: 'evaluating the 100,000 validation rows at once needs about 1.12 GiB (every node\'s output for all of them), more than the memory ' +
      'budget of 1 GiB; the biggest output is WeightMultiply "dense1_w" (100000, 1000) (381 MiB). Use fewer rows, or raise the memory budget',
  });
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 2 ** 20, 'nothing of the pass was allocated');
  // Within a budget that holds it, training goes ahead; a larger set handed to evaluate or predict later is refused alone.
  const trainer = new Trainer({ graph: wide, config, train: smallData, validation: rows(1000), memoryBudget: { bytes: 64 * 2 ** 20 } });
  assert.equal(trainer.fit().epochsRun, 1);
  assert.throws(() => trainer.evaluate(rows(10_000)), { message: /^evaluating the 10,000 rows at once needs about 115 MiB .*budget of 64 MiB/ });
  assert.throws(() => trainer.predict(rows(10_000).x), { message: /^evaluating the 10,000 rows at once/ });
  assert.ok(Number.isFinite(trainer.evaluate(rows(1000)).loss));
});
