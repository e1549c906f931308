// The executor on the book's chapter 1 graphs: exact values, fan-out gradient sums, multi-input nodes,
// taps on every edge, and whole-graph gradients against finite differences.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from './build.ts';
import { Executor } from './executor.ts';
import { checkGraphGradients } from './gradient-check.ts';
import { parameterKey, type Graph, type ParameterStore } from './types.ts';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { edges, nodes } from '../../test/support/documents.ts';
import type { GraphSource } from './build.ts';

function graphOf(source: GraphSource): Graph {
  const result = buildGraph(source);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.graph;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

test('chapter 1, f(x, y) = σ(x + y): ∂f/∂x = ∂f/∂y = σ(x+y)(1 − σ(x+y))', () => {
  const graph = graphOf({
    nodes: nodes(['x', 'Parameter', { shape: [] }], ['y', 'Parameter', { shape: [] }], ['a', 'Add'], ['s', 'Sigmoid']),
    edges: edges('x -> a.A', 'y -> a.B', 'a -> s.X'),
  });
  const params: ParameterStore = new Map([
    [parameterKey('x', 'value'), Tensor.scalar(0.5, 'float64')],
    [parameterKey('y', 'value'), Tensor.scalar(-1.5, 'float64')],
  ]);
  const executor = new Executor(graph, params, { dtype: 'float64', random: new NumpyRandom(0) });
  executor.forward(new Map(), false);
  assert.equal(executor.values.get('s')!.item(), sigmoid(-1));
  executor.backward('s');
  const expected = sigmoid(-1) * (1 - sigmoid(-1));
  assert.equal(executor.paramGrads.get('x.value')!.item(), expected);
  assert.equal(executor.paramGrads.get('y.value')!.item(), expected);
});

test('fan-out: a value used twice receives the sum of both gradients (d/dx [x² + eˣ] = 2x + eˣ)', () => {
  const graph = graphOf({
    nodes: nodes(['x', 'Parameter', { shape: [2, 2] }], ['sq', 'Square'], ['ex', 'Exp'], ['sum', 'Add'], ['L', 'Sum']),
    edges: edges('x -> sq.X', 'x -> ex.X', 'sq -> sum.A', 'ex -> sum.B', 'sum -> L.X'),
  });
  const x = Tensor.from([0.1, -0.7, 1.3, 2], [2, 2], 'float64');
  const executor = new Executor(graph, new Map([['x.value', x]]), { dtype: 'float64', random: new NumpyRandom(0) });
  executor.forward(new Map(), false);
  executor.backward();
  const grad = [...executor.paramGrads.get('x.value')!.data];
  assert.deepEqual(grad, [...x.data].map((v) => 2 * v + Math.exp(v)));
  // Each edge keeps its own share, so the overlay can show both paths.
  assert.deepEqual([...executor.edgeGrads.get('x->sq.X')!.data], [...x.data].map((v) => 2 * v));
  assert.deepEqual([...executor.edgeGrads.get('x->ex.X')!.data], [...x.data].map((v) => Math.exp(v)));
});

test('chapter 1, L = Σ σ(X·W) with the book\'s seeded X and W: whole-graph gradients match finite differences', () => {
  const graph = graphOf({
    nodes: nodes(['X', 'Parameter', { shape: [3, 3] }], ['W', 'Parameter', { shape: [3, 2] }], ['N', 'MatMul'], ['S', 'Sigmoid'], ['L', 'Sum']),
    edges: edges('X -> N.X', 'W -> N.W', 'N -> S.X', 'S -> L.X'),
  });
  const random = new NumpyRandom(190204);
  const params: ParameterStore = new Map([
    ['X.value', new Tensor(random.randn(9), [3, 3])],
    ['W.value', new Tensor(random.randn(6), [3, 2])],
  ]);
  for (const c of checkGraphGradients(graph, params, new Map())) {
    assert.ok(c.maxRelativeError < 1e-8, `${c.name}: ${c.maxRelativeError}`);
  }
});

test('a two-layer network with a loss: parameter gradients match finite differences', () => {
  const graph = graphOf({
    nodes: nodes(
      ['x', 'Input', { shape: [4] }], ['y', 'Target', { shape: [3] }],
      ['w1', 'WeightMultiply', { neurons: 5 }], ['b1', 'BiasAdd'], ['t', 'Tanh'],
      ['w2', 'WeightMultiply', { neurons: 3 }], ['b2', 'BiasAdd'], ['loss', 'SoftmaxCrossEntropy'],
    ),
    edges: edges('x -> w1.X', 'w1 -> b1.X', 'b1 -> t.X', 't -> w2.X', 'w2 -> b2.X', 'b2 -> loss.prediction', 'y -> loss.target'),
  });
  const random = new NumpyRandom(7);
  const params: ParameterStore = new Map();
  for (const node of graph.nodes) {
    node.op.params.forEach((spec, i) => {
      const shape = node.paramShapes[i]!;
      params.set(parameterKey(node.id, spec.name), new Tensor(random.randn(shape.reduce((a, b) => a * b, 1)), shape));
    });
  }
  const labels = new Float64Array(6 * 3);
  for (let r = 0; r < 6; r++) labels[r * 3 + (r % 3)] = 1;
  const feeds = new Map([['x', new Tensor(random.randn(24), [6, 4])], ['y', new Tensor(labels, [6, 3])]]);
  const comparisons = checkGraphGradients(graph, params, feeds);
  assert.equal(comparisons.length, 4);
  for (const c of comparisons) assert.ok(c.maxRelativeError < 1e-7, `${c.name}: ${c.maxRelativeError}`);
});

test('taps see every edge value forward and every gradient-carrying edge backward; none for data', () => {
  const graph = graphOf({
    nodes: nodes(['x', 'Input', { shape: [2] }], ['y', 'Target'], ['w', 'WeightMultiply'], ['s', 'Sigmoid'], ['loss', 'MeanSquaredError']),
    edges: edges('x -> w.X', 'w -> s.X', 's -> loss.prediction', 'y -> loss.target'),
  });
  const forwardSeen: string[] = [];
  const backwardSeen: string[] = [];
  const params: ParameterStore = new Map([['w.W', Tensor.from([0.5, -0.25], [2, 1])]]);
  const executor = new Executor(graph, params, {
    random: new NumpyRandom(0),
    taps: {
      onForward: (node) => forwardSeen.push(node.id),
      onEdgeGradient: (edge) => backwardSeen.push(edge.id),
      onParameterGradient: (key) => backwardSeen.push(key),
    },
  });
  executor.forward(new Map([['x', Tensor.from([1, 2, 3, 4], [2, 2])], ['y', Tensor.from([0, 1], [2, 1])]]), true);
  executor.backward();
  assert.deepEqual(forwardSeen.sort(), ['loss', 's', 'w', 'x', 'y']);
  assert.deepEqual(backwardSeen, ['s->loss.prediction', 'w->s.X', 'w.W']);
});

test('step-through: one Operation at a time gives the same numbers as a whole pass', () => {
  const graph = graphOf({
    nodes: nodes(['x', 'Parameter', { shape: [2, 2] }], ['s', 'Sigmoid'], ['q', 'Square'], ['L', 'Mean']),
    edges: edges('x -> s.X', 's -> q.X', 'q -> L.X'),
  });
  const params: ParameterStore = new Map([['x.value', Tensor.from([1, -2, 0.5, 3], [2, 2], 'float64')]]);
  const whole = new Executor(graph, params, { dtype: 'float64', random: new NumpyRandom(0) });
  whole.forward(new Map(), false);
  whole.backward();
  const stepped = new Executor(graph, params, { dtype: 'float64', random: new NumpyRandom(0) });
  stepped.startForward(new Map(), false);
  graph.nodes.forEach((_, i) => stepped.forwardNode(i));
  stepped.startBackward();
  for (let i = graph.nodes.length - 1; i >= 0; i--) stepped.backwardNode(i);
  assert.deepEqual([...stepped.paramGrads.get('x.value')!.data], [...whole.paramGrads.get('x.value')!.data]);
});

test('a batch of the wrong shape is refused with the node and both shapes', () => {
  const graph = graphOf({ nodes: nodes(['x', 'Input', { shape: [3] }], ['s', 'Sigmoid']), edges: edges('x -> s.X') });
  const executor = new Executor(graph, new Map(), { random: new NumpyRandom(0) });
  assert.throws(
    () => executor.forward(new Map([['x', Tensor.zeros([5, 4])]]), false),
    { name: 'EngineError', message: 'Input "x" expects batches shaped (N, 3), got (5, 4)', nodeId: 'x' } as object,
  );
});

test('an op whose backward returns a wrongly shaped gradient is caught, naming op, node and shapes', () => {
  const graph = graphOf({ nodes: nodes(['p', 'Parameter', { shape: [2, 3] }], ['t', 'Tanh']), edges: edges('p -> t.X') });
  const tanh = graph.byId.get('t')!;
  tanh.op = { ...tanh.op, backward: (ctx) => ({ inputGrads: [ctx.outputGrad.reshape([3, 2])], paramGrads: [] }) };
  const executor = new Executor(graph, new Map([['p.value', Tensor.zeros([2, 3])]]), { random: new NumpyRandom(0) });
  executor.forward(new Map(), false);
  assert.throws(() => executor.backward(), { message: 'Tanh "t": gradient for input X has shape (3, 2) but the value has (2, 3)' });
});

test('a float64 pass refuses float32 parameters instead of silently computing in float32', () => {
  const graph = graphOf({ nodes: nodes(['p', 'Parameter', { shape: [1, 1] }], ['s', 'Sigmoid']), edges: edges('p -> s.X') });
  const executor = new Executor(graph, new Map([['p.value', Tensor.from([0.3], [1, 1], 'float32')]]), { dtype: 'float64', random: new NumpyRandom(0) });
  assert.throws(() => executor.forward(new Map(), false), { message: 'parameter value of "p" is float32 but this pass runs in float64' });
});

test('inputGradient: a node\'s gradient into a data port (never computed in training), leaving the pass alone', () => {
  const graph = graphOf({
    nodes: nodes(['x', 'Input', { shape: [1] }], ['a', 'Parameter', { shape: [1, 1] }], ['ax', 'Multiply'], ['s', 'Sigmoid']),
    edges: edges('x -> ax.A', 'a -> ax.B', 'ax -> s.X'),
  });
  const executor = new Executor(graph, new Map([['a.value', Tensor.from([1.5], [1, 1], 'float64')]]), { dtype: 'float64', random: new NumpyRandom(0) });
  executor.forward(new Map([['x', Tensor.from([-1, 2], [2, 1], 'float64')]]), false);
  executor.backward('s', Tensor.full([2, 1], 1, 'float64'));
  assert.equal(executor.edgeGrads.has('x->ax.A'), false, 'training never differentiates data');
  const before = [...executor.paramGrads.get('a.value')!.data];
  // ds/dx = σ'(a·x)·a, carried from the sigmoid's gradient into the Multiply's data port.
  const dx = executor.inputGradient('ax', 0, executor.outputGrads.get('ax')!);
  const expected = [-1, 2].map((x) => sigmoid(1.5 * x) * (1 - sigmoid(1.5 * x)) * 1.5);
  dx.data.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-15));
  // Seeded with ones, it is the node's local derivative: d(a·x)/dx = a.
  assert.deepEqual([...executor.inputGradient('ax', 0, Tensor.full([2, 1], 1, 'float64')).data], [1.5, 1.5]);
  assert.deepEqual([...executor.paramGrads.get('a.value')!.data], before);
  assert.throws(() => executor.inputGradient('ax', 0, Tensor.full([3, 1], 1, 'float64')), /does not match "ax" \(2, 1\)/);
});
