// Chapter 6's opening, automatic differentiation, stepped through like chapter 1 (ch6-autodiff):
// a = 3; b = a·4; c = b + 5; e = a + 2; d = c·e. Forward gives d = 85; backward, a feeds two consumers and its
// gradient is the sum of both contributions, shown as `+=` steps: ∂d/∂a = 4·(a + 2) + (4a + 5)·1 = 20 + 17 = 37
// (the example's target makes ∂L/∂d = 1).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example, type Of } from '../../test/support/in-process-session.ts';
import { accumulation, backwardFormula } from '../ops/formulas.ts';
import { Tensor } from '../tensor/tensor.ts';
import { resolveAttributes } from '../ops/attributes.ts';
import { findOp } from '../ops/registry.ts';

function step(session: InProcessSession, direction: 'forward' | 'backward'): Of<'step'> {
  const [reply] = session.ask({ type: `step-${direction}` }).filter((t) => t.type === 'step' || t.type === 'error');
  assert.equal(reply?.type, 'step', JSON.stringify(reply));
  return reply as Of<'step'>;
}

test('ch6-autodiff: d = 85 forward; backward, a accumulates 20 + 17 = 37 from its two consumers', async () => {
  const doc = example('ch6-autodiff');
  const session = new InProcessSession();
  await session.load(doc);
  const forward = doc.nodes.map(() => step(session, 'forward'));
  const byNode = new Map(forward.map((s) => [s.nodeId, s]));
  const value = (node: string, to: string) => byNode.get(node)!.edges.find((e) => e.edgeId.startsWith(`${node}->${to}.`))!.value!.values!;
  assert.deepEqual(value('a', 'b'), [3]);
  assert.deepEqual(value('b', 'c'), [12]);
  assert.deepEqual(value('c', 'd'), [17]);
  assert.deepEqual(value('e', 'd'), [5]);
  assert.deepEqual(value('d', 'loss'), [85]);
  assert.equal(byNode.get('d')!.formula, 'A × B = 17 × 5 = 85');
  assert.equal(byNode.get('loss')!.loss, 0.25, '(85 − 84.5)²');

  const backward = doc.nodes.map(() => step(session, 'backward'));
  assert.deepEqual(backward.map((s) => s.index), doc.nodes.map((_, i) => doc.nodes.length - 1 - i), 'reverse topological order');
  const back = new Map(backward.map((s) => [s.nodeId, s]));
  const grad = (node: string, edgeId: string) => back.get(node)!.edges.find((e) => e.edgeId === edgeId)!.gradient!.values!;
  assert.deepEqual(grad('loss', 'd->loss.prediction'), [1], '∂L/∂d = 2 × (85 − 84.5) = 1');
  assert.deepEqual(grad('d', 'c->d.A'), [5]);
  assert.deepEqual(grad('d', 'e->d.B'), [17]);
  assert.deepEqual(grad('b', 'a->b.A'), [20], '4 × ∂L/∂b = 4 × 5');
  assert.deepEqual(grad('e', 'a->e.A'), [17], '1 × ∂L/∂e = 1 × 17');
  assert.equal(back.get('a')!.formula, 'a feeds 2 consumers, so its gradient accumulates: ∂L/∂a += 20 (from b); ∂L/∂a += 17 (from e); ∂L/∂a = 20 + 17 = 37');
  // A node with one consumer says nothing about accumulating.
  assert.doesNotMatch(back.get('c')!.formula!, /accumulates/);
});

test('ch6-autodiff trains: a moves against its gradient and the loss falls', async () => {
  const session = new InProcessSession();
  await session.load(example('ch6-autodiff'));
  session.send({ type: 'train', epochs: 5 });
  session.run();
  assert.equal(session.last('status')?.status, 'done');
  const losses = session.received.filter((t): t is Of<'progress'> => t.type === 'progress').map((t) => t.batchLoss);
  assert.equal(losses[0], 0.25, 'the first batch sees a = 3: (85 − 84.5)²');
  assert.ok(losses.at(-1)! < 0.01, `the loss falls: ${losses.join(', ')}`);
});

test('a non-parameter node that feeds several consumers shows the sum before its own chain rule', () => {
  const op = findOp('Sigmoid')!;
  const x = Tensor.from([0], [1]);
  const output = Tensor.from([0.5], [1]);
  const text = backwardFormula({
    nodeId: 's', op: 'Sigmoid', attrs: resolveAttributes(op, {}).attrs, compat: 'correct', training: false,
    inputs: [{ port: 'X', value: x }], params: [], output,
    outputGrad: Tensor.from([3], [1]), inputGrads: [Tensor.from([0.75], [1])], paramGrads: [],
    contributions: [{ consumer: 'p', grad: Tensor.from([1], [1]) }, { consumer: 'q', grad: Tensor.from([2], [1]) }],
  });
  assert.equal(text, 's feeds 2 consumers, so its gradient accumulates: ∂L/∂s += 1 (from p); ∂L/∂s += 2 (from q); ∂L/∂s = 1 + 2 = 3. '
    + '∂σ/∂x = σ(x)(1 − σ(x)) = 0.5 × (1 − 0.5) = 0.25; ∂L/∂x = ∂L/∂σ × ∂σ/∂x = 3 × 0.25 = 0.75');
  assert.equal(accumulation('w', [{ consumer: 'm.A', grad: Tensor.from([-1, 2], [2]) }, { consumer: 'm.B', grad: Tensor.from([0.5, 0], [2]) }], Tensor.from([-0.5, 2], [2])),
    'w feeds 2 consumers, so its gradient accumulates: ∂L/∂w += −1 (from m.A); ∂L/∂w += 0.5 (from m.B); ∂L/∂w = (−1) + 0.5 = −0.5 (element [0] of (2,))');
});
