// A learning rate of 1e6: where the numbers overflow, training pauses and the error names the first node
// that produced NaN or Inf; where they cannot (tanh and softmax keep every value bounded), the health
// warnings say what went wrong instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example } from '../../test/support/in-process-session.ts';
import { buildGraph } from '../graph/build.ts';
import { Executor } from '../graph/executor.ts';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { documentOf, edges, nodes } from '../../test/support/documents.ts';
import { findNonFinite } from './non-finite.ts';

async function trainWithLearningRate(name: string, learningRate: number): Promise<InProcessSession> {
  const session = new InProcessSession();
  await session.load(example(name));
  session.send({ type: 'set-learning-rate', learningRate });
  session.send({ type: 'train', epochs: 3 });
  session.run();
  return session;
}

for (const name of ['ch2-linear-regression', 'ch3-deep-regression']) {
  test(`${name} at 1e6: the predictions grow until the squared error overflows; the loss node is named, with the likely cause`, async () => {
    const session = await trainWithLearningRate(name, 1e6);
    const [error] = session.all('error');
    assert.equal(error?.nodeId, 'loss');
    assert.match(error!.message, /^MeanSquaredError "loss" produced NaN or Inf in its output from finite inputs that grew too large \(is the learning rate too high\?\) at epoch 1, batch \d+; training paused$/);
    assert.equal(session.last('status')?.status, 'paused');
  });
}

test('the spiral at 1e6 stays finite (Adam steps are bounded, tanh and softmax saturate) and warns of saturation', async () => {
  const session = await trainWithLearningRate('spiral', 1e6);
  assert.deepEqual(session.all('error'), []);
  const warnings = session.last('health')!.warnings;
  assert.ok(warnings.some((w) => w.kind === 'saturated' && w.nodeId === 'dense1_act'), JSON.stringify(warnings.map((w) => [w.kind, w.nodeId])));
});

test('a parameter an earlier update left at Inf is named as the origin, not the node it poisoned', () => {
  const built = buildGraph(documentOf(
    nodes(['x', 'Input', { shape: [2] }], ['w', 'WeightMultiply', { neurons: 1 }], ['s', 'Sigmoid']),
    edges('x -> w.X', 'w -> s.X'),
  ));
  assert.ok(built.ok);
  const params = new Map([['w.W', Tensor.from([1, Infinity], [2, 1], 'float64')]]);
  const executor = new Executor(built.graph, params, { dtype: 'float64', random: new NumpyRandom(0) });
  executor.forward(new Map([['x', Tensor.from([1, -1], [1, 2], 'float64')]]), false);
  assert.deepEqual(findNonFinite(executor), {
    nodeId: 'w', phase: 'forward',
    message: 'the parameter W of WeightMultiply "w" became NaN or Inf in an update (is the learning rate too high?)',
  });
});
