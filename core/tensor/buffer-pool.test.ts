// The buffer pool (buffer-pool.ts): what it hands out, and that a fast-backend training pass really reuses
// the last pass's buffers — a miss means a fresh multi-KB Float32Array per pass (page faults, zeroing, GC),
// which once cost the LSTM benchmark a quarter of its time.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { BufferPool, recycle, withBufferPool } from './buffer-pool.ts';
import { allocate, allocateForOverwrite, Tensor } from './tensor.ts';
import { buildGraph } from '../graph/build.ts';
import { sequentialDocument } from '../layers/sequential.ts';
import { sequenceModelDocument } from '../layers/sequence-model.ts';
import type { GradflowDocument } from '../document/types.ts';
import { NumpyRandom } from './random.ts';
import { resolveRunConfig, type PartialRunConfig } from '../train/config.ts';
import { Trainer } from '../train/trainer.ts';

test('take: a given-back buffer of exactly that size, zero-filled unless asked not to; small arrays and views are not pooled', () => {
  const pool = new BufferPool();
  assert.equal(pool.take(1000), null, 'empty');
  const buffer = new Float32Array(1000).fill(3);
  pool.give(buffer);
  pool.give(buffer); // twice: still handed out once
  assert.equal(pool.take(999), null, 'another size');
  const taken = pool.take(1000);
  assert.equal(taken, buffer);
  assert.ok(taken!.every((v) => v === 0), 'zero-filled');
  assert.equal(pool.take(1000), null, 'given twice, handed out once');

  taken!.fill(5);
  pool.give(taken!);
  assert.ok(pool.take(1000, false)!.every((v) => v === 5), 'take(size, false) keeps the old values');

  pool.give(new Float32Array(10));
  assert.equal(pool.take(10), null, 'tiny arrays are left to the allocator');
  const whole = new Float32Array(2048);
  pool.give(whole.subarray(0, 1024));
  assert.equal(pool.take(1024), null, 'a view into a larger buffer is not whole');
});

test('allocate draws from the active pool only inside withBufferPool; recycle gives back to it', () => {
  const pool = new BufferPool();
  const buffer = new Float32Array(512);
  recycle(buffer); // no active pool: ignored
  assert.notEqual(allocate('float32', 512), buffer);
  withBufferPool(pool, () => {
    recycle(buffer);
    assert.equal(allocateForOverwrite('float32', 512), buffer);
    assert.ok(allocate('float64', 512) instanceof Float64Array, 'float64 is never pooled');
  });
});

function build(doc: GradflowDocument) {
  const built = buildGraph(doc);
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join('\n'));
  return built.graph;
}

/** Fresh float32 buffers (pool misses of pooled sizes) in each of `batches` training batches on the fast backend. */
function missesPerBatch(doc: GradflowDocument, features: number, targets: number, training: PartialRunConfig, batches: number): number[] {
  const random = new NumpyRandom(3);
  const rows = 16;
  const x = new Tensor(Float32Array.from(random.randn(rows * features)), [rows, features]);
  const y = new Tensor(new Float32Array(rows * targets), [rows, targets]);
  for (let r = 0; r < rows; r++) y.data[r * targets + (r % targets)] = 1;
  const trainer = new Trainer({
    graph: build(doc), train: { x, y },
    config: resolveRunConfig({ ...training, batchSize: 8, backend: 'fast', seed: 1, epochs: 100, earlyStopping: { enabled: false }, metrics: [] }),
  });
  const events = trainer.run();
  const take = BufferPool.prototype.take;
  const counts: number[] = [];
  let misses = 0;
  BufferPool.prototype.take = function (this: BufferPool, size: number, zero?: boolean) {
    const buffer = take.call(this, size, zero);
    if (!buffer && size >= 256) misses++;
    return buffer;
  };
  try {
    while (counts.length < batches) {
      const step = events.next();
      assert.ok(!step.done);
      if (step.value.type === 'batch') {
        counts.push(misses);
        misses = 0;
      }
    }
  } finally {
    BufferPool.prototype.take = take;
  }
  return counts;
}

test('a fast training pass reuses the last pass\'s buffers: after two batches an MLP, a conv net and an LSTM allocate nothing new', () => {
  const cases: [string, GradflowDocument, number, number, PartialRunConfig][] = [
    ['MLP', sequentialDocument({
      inputShape: [64], targetShape: [10], loss: 'SoftmaxCrossEntropy',
      layers: [{ kind: 'Dense', attributes: { neurons: 40, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 10, activation: 'linear' } }],
    }), 64, 10, { optimizer: { kind: 'SGD', learningRate: 0.1 } }],
    ['conv net', sequentialDocument({
      inputShape: [1, 12, 12], targetShape: [10], loss: 'SoftmaxCrossEntropy',
      layers: [
        { kind: 'Conv2D', attributes: { filters: 4, kernelSize: 3, activation: 'tanh' } },
        // A second conv computes its input gradient too (col2im).
        { kind: 'Conv2D', attributes: { filters: 4, kernelSize: 3, activation: 'tanh', flatten: true } },
        { kind: 'Dense', attributes: { neurons: 10, activation: 'linear' } },
      ],
    }), 144, 10, { optimizer: { kind: 'SGDMomentum', learningRate: 0.05, momentum: 0.9 } }],
    ['LSTM', sequenceModelDocument({ inputShape: [6, 10], cell: 'LSTM', hiddenSize: 32, outputs: 10, loss: 'SoftmaxCrossEntropy' }),
      60, 60, { optimizer: { kind: 'AdaGrad', learningRate: 0.05 }, gradientClip: 2 }],
  ];
  for (const [name, doc, features, targets, training] of cases) {
    const counts = missesPerBatch(doc, features, targets, training, 5);
    assert.ok(counts[0]! > 0, `${name}: the first batch allocates (the pool starts empty): ${counts}`);
    assert.deepEqual(counts.slice(2), [0, 0, 0], `${name}: fresh buffers per batch ${counts}`);
  }
});
