// Chapter 6 character models learn: at a fixed seed, a GRU, an LSTM and a vanilla RNN (one-hot windows of a
// small repetitive text → recurrent op → Dense at every step → softmax cross-entropy summed over time,
// AdaGrad with gradients clipped to [−2, 2] as in the book) lower their loss on the training windows by at
// least 30% within two epochs of 8 batches. Each takes well under a second.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequenceModelDocument, type SequenceModelSpec } from './sequence-model.ts';
import { buildGraph } from '../graph/build.ts';
import { Trainer, type Dataset } from '../train/trainer.ts';
import { resolveRunConfig } from '../train/config.ts';
import { characterWindows } from '../data/sequences.ts';
import { Tensor } from '../tensor/tensor.ts';

const T = 12;
const windows = characterWindows('the quick brown fox jumps over the lazy dog. '.repeat(8), { length: T, stride: 3 });
assert.ok(windows.ok);
const V = windows.vocabulary.length;
const text: Dataset = {
  x: new Tensor(Float32Array.from(windows.x), [windows.rows, T * V]),
  y: new Tensor(Float32Array.from(windows.y), [windows.rows, T * V]),
};

function trainCharacterModel(cell: SequenceModelSpec['cell']): { before: number; after: number; epochs: number } {
  const built = buildGraph(sequenceModelDocument({ inputShape: [T, V], cell, hiddenSize: 16, outputs: V, loss: 'SoftmaxCrossEntropy' }));
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join('\n'));
  const config = resolveRunConfig({
    seed: 20190119, epochs: 2, batchSize: 16, gradientClip: 2, metrics: ['accuracy'],
    optimizer: { kind: 'AdaGrad', learningRate: 0.05 },
  });
  const trainer = new Trainer({ graph: built.graph, config, train: text });
  const before = trainer.evaluate(text).loss;
  const result = trainer.fit();
  return { before, after: trainer.evaluate(text).loss, epochs: result.epochsRun };
}

for (const cell of ['GRU', 'LSTM', 'RNN'] as const) {
  test(`a ${cell} character model lowers its loss by at least 30% in 16 batches (seed 20190119)`, () => {
    const { before, after, epochs } = trainCharacterModel(cell);
    assert.equal(epochs, 2);
    // An untrained model scores about T·ln V = 12·ln 28 ≈ 40 per window.
    assert.ok(before > 30 && before < 50, `initial loss ${before}`);
    assert.ok(after <= 0.7 * before, `${cell}: loss ${before.toFixed(2)} → ${after.toFixed(2)} (${((1 - after / before) * 100).toFixed(1)}% lower)`);
  });
}

test('the sequence model document wires Input → recurrent op → Dense → loss with shapes (N, T, H) and (N, T, V)', () => {
  const built = buildGraph(sequenceModelDocument({ inputShape: [T, V], cell: 'LSTM', hiddenSize: 8, outputs: V, loss: 'SoftmaxCrossEntropy' }));
  assert.ok(built.ok);
  const shapes = Object.fromEntries(built.graph.nodes.map((n) => [n.id, n.shape]));
  assert.deepEqual(shapes.recurrent, [null, T, 8]);
  assert.deepEqual(shapes.dense1_b, [null, T, V]);
  assert.deepEqual(built.graph.byId.get('dense1_w')!.paramShapes[0], [8, V]);
});
