// The memory check before training: it refuses with the model summary's own figure (so what the inspector
// shows is what refuses a run), names the parts, the budget and the biggest node, and allocates nothing.
// Evaluation and prediction of a set too big for one pass go in passes that fit, with the same results.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequentialDocument, type SequentialSpec } from '../layers/sequential.ts';
import { buildGraph } from '../graph/build.ts';
import type { Graph } from '../graph/types.ts';
import { modelSummary } from '../graph/model-summary.ts';
import { Tensor } from '../tensor/tensor.ts';
import { resolveRunConfig, type PartialRunConfig } from './config.ts';
import { Trainer, type Dataset } from './trainer.ts';
import { checkMemoryBudget, DEFAULT_MEMORY_BUDGET_BYTES, formatBytes, inferenceBytes, MemoryBudgetError } from './memory-budget.ts';
import { NumpyRandom } from '../tensor/random.ts';

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

test('a split too big to evaluate at once within the budget is evaluated in passes, with the same results', () => {
  const wide = graphOf({
    inputShape: [2], targetShape: [3], loss: 'SoftmaxCrossEntropy',
    layers: [{ kind: 'Dense', attributes: { neurons: 1000, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 3 } }],
  });
  const random = new NumpyRandom(5);
  const n = 10_000;
  const labels = Float64Array.from({ length: n * 3 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
  const data: Dataset = { x: Tensor.from(random.randn(n * 2), [n, 2]), y: Tensor.from(labels, [n, 3]) };
  const config = resolveRunConfig({ batchSize: 4, epochs: 1, seed: 3, metrics: ['accuracy'] });
  // Every output of 10,000 rows is about 115 MiB: at once under 1 GiB, in passes under 32 MiB.
  assert.ok(inferenceBytes(wide, n) > 100 * 2 ** 20 && inferenceBytes(wide, n) < 128 * 2 ** 20);
  const atOnce = new Trainer({ graph: wide, config, train: smallThree() });
  const inPasses = new Trainer({ graph: wide, config, train: smallThree(), memoryBudget: { bytes: 32 * 2 ** 20 } });
  assert.ok(atOnce.rowsPerPass >= n);
  assert.ok(inPasses.rowsPerPass > 1 && inPasses.rowsPerPass < n / 3, `${inPasses.rowsPerPass} rows a pass`);
  const training = modelSummary(wide, 4, 'SGD').totalBytes;
  assert.ok(training + inferenceBytes(wide, inPasses.rowsPerPass) <= 32 * 2 ** 20, 'a pass and training fit the budget together');
  const [a, b] = [atOnce.evaluate(data), inPasses.evaluate(data)];
  assert.ok(Math.abs(a.loss - b.loss) <= 1e-6 * Math.abs(a.loss), `loss ${a.loss} vs ${b.loss}`);
  assert.equal(a.metrics.accuracy, b.metrics.accuracy);
  const [p, q] = [atOnce.predict(data.x), inPasses.predict(data.x)];
  assert.deepEqual(q.shape, [n, 3]);
  assert.deepEqual([...q.data], [...p.data], 'the same outputs, row for row');
});

/** Three rows of two features and one-hot labels of three classes. */
function smallThree(): Dataset {
  return { x: Tensor.from([0, 0, 0, 1, 1, 0], [3, 2]), y: Tensor.from([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3]) };
}
