// The model summary: one row per layer with its output shape, parameters and batch memory; totals.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from './build.ts';
import { modelSummary } from './model-summary.ts';
import { sequentialDocument } from '../layers/sequential.ts';

test('the book\'s MNIST MLP: rows per layer, 784·89 + 89 + 89·10 + 10 parameters, memory for a batch of 60', () => {
  const built = buildGraph(sequentialDocument({
    inputShape: [784], targetShape: [10], loss: 'SoftmaxCrossEntropy',
    layers: [{ kind: 'Dense', attributes: { neurons: 89, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 10 } }],
  }));
  assert.ok(built.ok);
  const summary = modelSummary(built.graph, 60, 'SGDMomentum');
  assert.deepEqual(summary.rows.map((r) => [r.kind, r.outputShape, r.parameters]), [
    ['Input', '(N, 784)', 0],
    ['Dense', '(N, 89)', 784 * 89 + 89],
    ['Dense', '(N, 10)', 89 * 10 + 10],
    ['Target', '(N, 10)', 0],
    ['SoftmaxCrossEntropy', '()', 0],
  ]);
  assert.equal(summary.totalParameters, 784 * 89 + 89 + 89 * 10 + 10);
  // Dense 1: three (N, 89) outputs (WeightMultiply, BiasAdd, Tanh) with gradients, and W, B with gradient and velocity.
  const dense1 = summary.rows[1]!;
  assert.equal(dense1.bytes, 4 * (3 * 2 * 60 * 89 + 3 * (784 * 89 + 89)));
  assert.equal(summary.totalBytes, summary.rows.reduce((s, r) => s + r.bytes, 0));
  assert.ok(modelSummary(built.graph, 120).totalBytes > modelSummary(built.graph, 60).totalBytes, 'memory grows with the batch');
});

test('the memory parts add up to the total, the optimizer\'s copies are their own part, and the largest node is named', () => {
  const built = buildGraph(sequentialDocument({
    inputShape: [784], targetShape: [10], loss: 'SoftmaxCrossEntropy',
    layers: [{ kind: 'Dense', attributes: { neurons: 89, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 10 } }],
  }));
  assert.ok(built.ok);
  const parameters = 784 * 89 + 89 + 89 * 10 + 10;
  const adam = modelSummary(built.graph, 60, 'Adam');
  assert.deepEqual(
    { parameters: adam.parts.parameters, gradients: adam.parts.gradients, optimizerState: adam.parts.optimizerState },
    { parameters: 4 * parameters, gradients: 4 * parameters, optimizerState: 2 * 4 * parameters },
  );
  assert.equal(adam.parts.parameters + adam.parts.gradients + adam.parts.optimizerState + adam.parts.activations, adam.totalBytes);
  assert.equal(modelSummary(built.graph, 60, 'SGD').parts.optimizerState, 0);
  assert.equal(adam.largest?.node.id, 'dense1_w');
  assert.equal(adam.largest?.bytes, 4 * (4 * 784 * 89 + 2 * 60 * 89));
  // The outputs and their gradients: the only part that grows with the batch.
  assert.equal(modelSummary(built.graph, 120, 'Adam').parts.activations - adam.parts.activations, adam.parts.activations - modelSummary(built.graph, 0, 'Adam').parts.activations);
});
