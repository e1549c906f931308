// The engine against a trusted implementation: numpy, computing what the book's library computes
// (scripts/make-engine-fixtures.py). Inputs come from our numpy-compatible RNG and must equal numpy's
// exactly; values and gradients must agree to float64 round-off.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph } from './build.ts';
import { Executor } from './executor.ts';
import type { Graph, ParameterStore } from './types.ts';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { sequentialDocument } from '../layers/sequential.ts';
import { createOptimizer } from '../train/optimizers.ts';
import { edges, nodes } from '../../test/support/documents.ts';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, 'reference.fixtures.json'), 'utf8'));

function assertClose(actual: ArrayLike<number>, expected: number[], what: string, tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]!));
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance * scale, `${what}[${i}]: ${actual[i]} vs numpy ${expected[i]}`);
  }
}

const t64 = (values: number[], shape: number[]) => Tensor.from(values, shape, 'float64');

function graphOf(source: Parameters<typeof buildGraph>[0]): Graph {
  const built = buildGraph(source);
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join('\n'));
  return built.graph;
}

test('chapter 1: the seeded X and W are numpy\'s, and L = Σσ(XW) with its gradients matches numpy', () => {
  const ref = reference.chapter1;
  const random = new NumpyRandom(ref.seed);
  const X = random.randn(9);
  const W = random.randn(6);
  assert.deepEqual([...X], ref.X, 'np.random.randn(3, 3) after seed(190204)');
  assert.deepEqual([...W], ref.W);
  const graph = graphOf({
    nodes: nodes(['X', 'Parameter', { shape: [3, 3] }], ['W', 'Parameter', { shape: [3, 2] }], ['N', 'MatMul'], ['S', 'Sigmoid'], ['L', 'Sum']),
    edges: edges('X -> N.X', 'W -> N.W', 'N -> S.X', 'S -> L.X'),
  });
  const params: ParameterStore = new Map([['X.value', t64([...X], [3, 3])], ['W.value', t64([...W], [3, 2])]]);
  const executor = new Executor(graph, params, { dtype: 'float64', random });
  executor.forward(new Map(), false);
  assertClose([executor.values.get('L')!.item()], [ref.L], 'L');
  executor.backward();
  assertClose(executor.paramGrads.get('X.value')!.data, ref.dLdX, 'dL/dX');
  assertClose(executor.paramGrads.get('W.value')!.data, ref.dLdW, 'dL/dW');
});

function loadNetwork(ref: Record<string, number[]>, spec: Parameters<typeof sequentialDocument>[0]) {
  const graph = graphOf(sequentialDocument(spec));
  const w1 = graph.byId.get('dense1_w')!.paramShapes[0]!;
  const w2 = graph.byId.get('dense2_w')!.paramShapes[0]!;
  const params: ParameterStore = new Map([
    ['dense1_w.W', t64(ref.W1!, w1)], ['dense1_b.B', t64(ref.B1!, [1, w1[1]!])],
    ['dense2_w.W', t64(ref.W2!, w2)], ['dense2_b.B', t64(ref.B2!, [1, w2[1]!])],
  ]);
  const rows = ref.X!.length / w1[0]!;
  const feeds = new Map([['input', t64(ref.X!, [rows, w1[0]!])], ['target', t64(ref.Y!, [rows, w2[1]!])]]);
  const executor = new Executor(graph, params, { dtype: 'float64', random: new NumpyRandom(0) });
  return { executor, params, feeds };
}

function assertGradients(executor: Executor, ref: Record<string, number[]>): void {
  assertClose(executor.paramGrads.get('dense1_w.W')!.data, ref.dW1!, 'dW1');
  assertClose(executor.paramGrads.get('dense1_b.B')!.data, ref.dB1!, 'dB1');
  assertClose(executor.paramGrads.get('dense2_w.W')!.data, ref.dW2!, 'dW2');
  assertClose(executor.paramGrads.get('dense2_b.B')!.data, ref.dB2!, 'dB2');
}

test('Dense(4, sigmoid) → Dense(1) with MSE: prediction, loss, gradients and a momentum step match numpy', () => {
  const ref = reference.mse_network;
  const { executor, params, feeds } = loadNetwork(ref, {
    inputShape: [3], targetShape: [1], loss: 'MeanSquaredError',
    layers: [{ kind: 'Dense', attributes: { neurons: 4, activation: 'sigmoid' } }, { kind: 'Dense', attributes: { neurons: 1 } }],
  });
  const values = executor.forward(feeds, true);
  assertClose(values.get('dense2_act')!.data, ref.prediction, 'prediction');
  assertClose([values.get('loss')!.item()], [ref.loss], 'loss');
  executor.backward();
  assertGradients(executor, ref);
  const optimizer = createOptimizer({ kind: 'SGDMomentum', learningRate: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  for (const [key, grad] of executor.paramGrads) optimizer.update(key, params.get(key)!, grad);
  assertClose([executor.forward(feeds, true).get('loss')!.item()], [ref.lossAfterMomentumStep], 'loss after one step');
});

test('Dense(5, tanh) → Dense(3) with softmax cross-entropy: loss and gradients match numpy', () => {
  const ref = reference.softmax_network;
  const { executor, feeds } = loadNetwork(ref, {
    inputShape: [4], targetShape: [3], loss: 'SoftmaxCrossEntropy',
    layers: [{ kind: 'Dense', attributes: { neurons: 5, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 3 } }],
  });
  assertClose([executor.forward(feeds, true).get('loss')!.item()], [ref.loss], 'loss');
  executor.backward();
  assertGradients(executor, ref);
});
