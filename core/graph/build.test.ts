// Building graphs: ordering, fan-out and multi-input wiring, and the messages for graphs that cannot be built.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from './build.ts';
import { edges, nodes } from '../../test/support/documents.ts';

function problemsOf(result: ReturnType<typeof buildGraph>) {
  assert.equal(result.ok, false, 'expected the build to fail');
  return result.ok ? [] : result.problems;
}

test('nodes come out in topological order whatever order the document lists them in', () => {
  const result = buildGraph({
    nodes: nodes(['loss', 'MeanSquaredError'], ['b', 'BiasAdd'], ['w', 'WeightMultiply', { neurons: 2 }], ['y', 'Target', { shape: [2] }], ['x', 'Input', { shape: [3] }]),
    edges: edges('b -> loss.prediction', 'w -> b.X', 'x -> w.X', 'y -> loss.target'),
  });
  assert.ok(result.ok);
  const order = result.graph.nodes.map((n) => n.id);
  for (const [before, after] of [['x', 'w'], ['w', 'b'], ['b', 'loss'], ['y', 'loss']] as const) {
    assert.ok(order.indexOf(before) < order.indexOf(after), `${before} must run before ${after}: ${order.join(', ')}`);
  }
  assert.deepEqual(result.graph.byId.get('w')!.shape, [null, 2]);
  assert.deepEqual(result.graph.byId.get('w')!.paramShapes, [[3, 2]]);
  assert.deepEqual(result.graph.byId.get('loss')!.shape, []);
});

test('fan-out and multi-input: one node feeding two consumers that meet again', () => {
  const result = buildGraph({
    nodes: nodes(['x', 'Parameter', { shape: [2, 3] }], ['sq', 'Square'], ['ex', 'Exp'], ['sum', 'Add'], ['L', 'Sum']),
    edges: edges('x -> sq.X', 'x -> ex.X', 'sq -> sum.A', 'ex -> sum.B', 'sum -> L.X'),
  });
  assert.ok(result.ok);
  assert.equal(result.graph.byId.get('x')!.outputEdges.length, 2);
  assert.deepEqual(result.graph.byId.get('sum')!.inputEdges.map((e) => e.from), ['sq', 'ex']);
});

test('edges from data and into a loss target carry no gradient', () => {
  const result = buildGraph({
    nodes: nodes(['x', 'Input', { shape: [3] }], ['w', 'WeightMultiply'], ['y', 'Target'], ['loss', 'MeanSquaredError']),
    edges: edges('x -> w.X', 'w -> loss.prediction', 'y -> loss.target'),
  });
  assert.ok(result.ok);
  const carries = Object.fromEntries(result.graph.edges.map((e) => [e.id, e.carriesGradient]));
  assert.deepEqual(carries, { 'x->w.X': false, 'w->loss.prediction': true, 'y->loss.target': false });
});

test('a cycle is rejected with the loop spelled out', () => {
  const [problem] = problemsOf(buildGraph({
    nodes: nodes(['a', 'Sigmoid'], ['b', 'Tanh'], ['c', 'Square']),
    edges: edges('a -> b.X', 'b -> c.X', 'c -> a.X'),
  }));
  assert.equal(problem!.kind, 'cycle');
  assert.match(problem!.message, /cycle: (a → b → c → a|b → c → a → b|c → a → b → c)/);
});

test('a shape mismatch names both nodes, the port and both shapes, with a fix', () => {
  const [problem] = problemsOf(buildGraph({
    nodes: nodes(['x', 'Input', { shape: [3] }], ['W', 'Parameter', { shape: [4, 2] }], ['mm', 'MatMul']),
    edges: edges('x -> mm.X', 'W -> mm.W'),
  }));
  assert.equal(problem!.kind, 'shape');
  assert.equal(problem!.nodeId, 'mm');
  assert.equal(problem!.port, 'W');
  assert.equal(problem!.edgeId, 'W->mm.W');
  assert.match(problem!.message, /MatMul "mm": X \(N, 3\) and W \(4, 2\) do not multiply/);
  assert.match(problem!.message, /X ← "x" \(N, 3\), W ← "W" \(4, 2\)/);
  assert.equal(problem!.suggestion, "make W's first dimension 3");
});

test('an image fed to a dense op suggests Flatten', () => {
  const [problem] = problemsOf(buildGraph({
    nodes: nodes(['x', 'Input', { shape: [1, 28, 28] }], ['w', 'WeightMultiply', { neurons: 10 }]),
    edges: edges('x -> w.X'),
  }));
  assert.match(problem!.message, /WeightMultiply "w": X must be a batch of vectors \(N, features\), got \(N, 1, 28, 28\)/);
  assert.match(problem!.suggestion!, /Flatten/);
});

test('a loss whose prediction and target differ in shape says so', () => {
  const [problem] = problemsOf(buildGraph({
    nodes: nodes(['x', 'Input', { shape: [4] }], ['w', 'WeightMultiply', { neurons: 3 }], ['y', 'Target', { shape: [10] }], ['loss', 'SoftmaxCrossEntropy']),
    edges: edges('x -> w.X', 'w -> loss.prediction', 'y -> loss.target'),
  }));
  assert.match(problem!.message, /prediction \(N, 3\) and target \(N, 10\) must have the same shape/);
  assert.match(problem!.suggestion!, /as many neurons as the target has classes \(10\)/);
});

test('unknown ops, bad attributes, dangling edges, unknown and doubly-fed ports are all reported', () => {
  const problems = problemsOf(buildGraph({
    nodes: nodes(['a', 'Sigmiod'], ['b', 'WeightMultiply', { neurons: 0, colour: 'red' }], ['c', 'Add'], ['d', 'Tanh'], ['e', 'Tanh']),
    edges: [...edges('d -> c.A', 'e -> c.A', 'd -> c.Q', 'ghost -> d.X')],
  }));
  const messages = problems.map((p) => p.message);
  assert.ok(messages.includes('node "a" has unknown operation "Sigmiod"'), messages.join('\n'));
  assert.equal(problems.find((p) => p.kind === 'unknown-op')!.suggestion, 'did you mean "Sigmoid"?');
  assert.ok(messages.includes('node "b" (WeightMultiply): neurons must be at least 1, got 0'));
  assert.ok(messages.includes('node "b" (WeightMultiply): colour is not an attribute of WeightMultiply (it has: neurons, init)'));
  assert.ok(messages.includes('edge "ghost->d.X" refers to node "ghost", which does not exist'));
  assert.ok(messages.includes('edge "d->c.Q": Add "c" has no input port "Q" (ports: A, B)'));
  assert.ok(messages.some((m) => m.startsWith('port A of "c" is fed by two edges')));
});

test('unconnected ports fail a runnable build but not an editor build', () => {
  const source = { nodes: nodes(['x', 'Input', { shape: [3] }], ['add', 'Add']), edges: edges('x -> add.A') };
  const strict = problemsOf(buildGraph(source));
  assert.deepEqual(strict.map((p) => p.message), ['input B of Add "add" is not connected']);
  const lenient = buildGraph(source, { requireConnected: false });
  assert.ok(lenient.ok);
  assert.equal(lenient.graph.byId.get('add')!.shape, null);
  assert.deepEqual(lenient.graph.byId.get('x')!.shape, [null, 3]);
});

test('a graph that cannot be built still reports every shape it could infer (the editor labels edges with them)', () => {
  const result = buildGraph({
    nodes: nodes(['x', 'Input', { shape: [3] }], ['w', 'WeightMultiply', { neurons: 2 }], ['bad', 'WeightMultiply', { neurons: 0 }], ['t', 'Tanh'], ['mm', 'MatMul'], ['W', 'Parameter', { shape: [5, 1] }]),
    edges: edges('x -> w.X', 'w -> bad.X', 'bad -> t.X', 'w -> mm.X', 'W -> mm.W'),
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(Object.fromEntries(result.shapes), { x: [null, 3], w: [null, 2], W: [5, 1] });
  assert.deepEqual(result.problems.map((p) => p.kind).sort(), ['attribute', 'shape']);
});
