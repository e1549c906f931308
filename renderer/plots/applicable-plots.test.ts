import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphDescription } from '../../core/protocol/telemetry.ts';
import { applicablePlots, graphFacts, imageShapeOf, predictionSplit } from './applicable-plots.ts';

type Node = GraphDescription['nodes'][number];
const node = (id: string, op: string, shape: (number | null)[] | null, params: Node['params'] = []): Node => ({ id, op, shape, params });
const graph = (nodes: Node[], edges: GraphDescription['edges'] = []): GraphDescription => ({ nodes, edges, order: nodes.map((n) => n.id), parameterCount: 0 });
const rows = { train: 100, validation: 20, test: 0 };
const kinds = (g: GraphDescription, metrics: string[] = [], r = rows) => applicablePlots(g, metrics, r).map((p) => p.kind);

const spiral = graph([
  node('input', 'Input', [null, 2]), node('w', 'WeightMultiply', [null, 16], [{ key: 'w.W', shape: [2, 16] }]),
  node('b', 'BiasAdd', [null, 16], [{ key: 'b.B', shape: [1, 16] }]), node('target', 'Target', [null, 2]), node('loss', 'SoftmaxCrossEntropy', []),
]);
const chain = graph([node('x', 'Input', [null, 1]), node('a', 'Parameter', [1, 1], [{ key: 'a.value', shape: [1, 1] }]), node('sq', 'Square', [null, 1]), node('loss', 'MeanSquaredError', [])]);
const mnist = graph([node('input', 'Input', [null, 784]), node('w', 'WeightMultiply', [null, 89], [{ key: 'w.W', shape: [784, 89] }]), node('loss', 'SoftmaxCrossEntropy', [])]);
const regression = graph([node('input', 'Input', [null, 5]), node('w', 'WeightMultiply', [null, 1], [{ key: 'w.W', shape: [5, 1] }]), node('loss', 'MeanSquaredError', [])]);
const conv = graph(
  [node('input', 'Input', [null, 1, 8, 8]), node('conv', 'Conv2D', [null, 4, 8, 8], [{ key: 'conv.K', shape: [1, 4, 3, 3] }]), node('flat', 'Flatten', [null, 256]), node('loss', 'SoftmaxCrossEntropy', [])],
  [{ id: 'input->conv', from: 'input', to: 'conv', port: 'X', carriesGradient: false }, { id: 'conv->flat', from: 'conv', to: 'flat', port: 'X', carriesGradient: true }],
);

test('a 2-D classifier: curves, runs, histograms, weights, confusion matrix, decision boundary — no scatter, sweep or images', () => {
  assert.deepEqual(kinds(spiral, ['accuracy']), ['loss', 'metrics', 'runs', 'histograms', 'weights', 'confusion', 'boundary']);
});

test('a chain of scalar functions: f(x) sweep and predicted vs actual; a 1×1 parameter is no heatmap', () => {
  const k = kinds(chain, ['mse']);
  assert.ok(k.includes('sweep'));
  assert.ok(k.includes('scatter'));
  assert.ok(!k.includes('weights'));
  assert.ok(!k.includes('confusion') && !k.includes('boundary'));
});

test('MNIST: confusion matrix and the grid of mistakes (784 = 28×28); regression: predicted vs actual only', () => {
  const k = kinds(mnist, ['accuracy']);
  assert.ok(k.includes('confusion') && k.includes('mistakes') && k.includes('weights'));
  assert.ok(!k.includes('boundary') && !k.includes('sweep') && !k.includes('scatter'));
  assert.deepEqual(graphFacts(mnist, ['accuracy']).image, { height: 28, width: 28 });
  const r = kinds(regression, ['mse', 'mae']);
  assert.ok(r.includes('scatter'));
  assert.ok(!r.includes('confusion') && !r.includes('mistakes') && !r.includes('boundary') && !r.includes('sweep'));
});

test('MSE on one-hot targets with accuracy is still a classifier (the book\'s sigmoid/MSE MNIST)', () => {
  const mse = graph([node('input', 'Input', [null, 784]), node('loss', 'MeanSquaredError', [])]);
  assert.equal(graphFacts(mse, ['accuracy']).task, 'classification');
  assert.equal(graphFacts(mse, ['mse']).task, 'regression');
});

test('convolutions: filters for a rank-4 kernel, feature maps for an edge carrying (N, C, H, W)', () => {
  const k = kinds(conv, ['accuracy']);
  assert.ok(k.includes('filters') && k.includes('feature-maps'));
  const facts = graphFacts(conv, []);
  assert.deepEqual(facts.imageEdges, ['input->conv', 'conv->flat']);
  assert.deepEqual(facts.kernels.map((p) => p.key), ['conv.K']);
  assert.deepEqual(facts.image, { height: 8, width: 8 });
});

test('metrics only with validation rows to measure them on', () => {
  assert.ok(!kinds(spiral, ['accuracy'], { train: 100, validation: 0, test: 10 }).includes('metrics'));
  assert.ok(!kinds(spiral, [], rows).includes('metrics'));
});

test('every plot says what it shows', () => {
  for (const plot of applicablePlots(conv, ['accuracy'], rows)) assert.ok(plot.description.length > 30, plot.kind);
});

test('image shapes and the predictions split', () => {
  assert.deepEqual(imageShapeOf([1, 28, 28]), { height: 28, width: 28 });
  assert.deepEqual(imageShapeOf([28, 28]), { height: 28, width: 28 });
  assert.equal(imageShapeOf([2]), null);
  assert.equal(imageShapeOf([50]), null);
  assert.equal(imageShapeOf([16]), null, '4×4 is too small to be an image');
  assert.equal(predictionSplit({ validation: 5, test: 5 }), 'validation');
  assert.equal(predictionSplit({ validation: 0, test: 5 }), 'test');
  assert.equal(predictionSplit({ validation: 0, test: 0 }), 'train');
});
