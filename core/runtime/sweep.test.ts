// Chapter 1's f(x) and f′(x) on the chain example: backpropagation, the product of the local derivatives and
// a central difference all agree; graphs that are not a chain of one number are refused with the reason.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example, type Of } from '../../test/support/in-process-session.ts';
import { linspace } from './sweep.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

async function chainSession(): Promise<InProcessSession> {
  const session = new InProcessSession();
  await session.load(example('ch1-chain'));
  return session;
}

function sweepOf(session: InProcessSession, from: number, to: number, points: number, requestId = 1): Of<'sweep'> {
  const [reply] = session.ask({ type: 'sweep', requestId, from, to, points });
  assert.equal(reply?.type, 'sweep', JSON.stringify(reply));
  return reply as Of<'sweep'>;
}

test('linspace includes both ends', () => {
  assert.deepEqual(linspace(-1, 1, 5), [-1, -0.5, 0, 0.5, 1]);
});

test('ch1-chain: the nodes from x to the prediction, in order, with their values and local derivatives', async () => {
  const session = await chainSession();
  const reply = sweepOf(session, -2, 2, 9, 7);
  assert.equal(reply.requestId, 7);
  assert.deepEqual(reply.x, linspace(-2, 2, 9));
  assert.deepEqual(reply.nodes.map((n) => [n.nodeId, n.op]), [['ax', 'Multiply'], ['square', 'Square'], ['sigmoid', 'Sigmoid'], ['leaky', 'LeakyReLU']]);
  // The chain by hand with the parameter a: a·x → (a·x)² → σ → leaky (σ > 0, so it passes σ on).
  const a = reply.nodes[0]!.values[8]! / 2;
  reply.x.forEach((x, i) => {
    const s = sigmoid((a * x) ** 2);
    assert.ok(Math.abs(reply.output[i]! - s) < 1e-12);
    assert.ok(Math.abs(reply.nodes[1]!.localDerivative[i]! - 2 * a * x) < 1e-12, 'd(u²)/du = 2u');
    assert.ok(Math.abs(reply.nodes[2]!.localDerivative[i]! - s * (1 - s)) < 1e-12, 'dσ/du = σ(1 − σ)');
    assert.equal(reply.nodes[3]!.localDerivative[i], 1);
    assert.equal(reply.nodes[0]!.localDerivative[i], a, 'd(a·x)/dx = a');
  });
  assert.deepEqual(reply.nodes[3]!.values, reply.output);
});

test('ch1-chain: f′ by backpropagation equals the product of the local derivatives and a central difference', async () => {
  const session = await chainSession();
  // Train a little first, so the parameter is not the one the seed drew.
  session.send({ type: 'train', epochs: 3 });
  session.run();
  const [from, to, points, h] = [-2, 2, 41, 1e-5];
  const reply = sweepOf(session, from, to, points);
  const plus = sweepOf(session, from + h, to + h, points);
  const minus = sweepOf(session, from - h, to - h, points);
  reply.x.forEach((_, i) => {
    const backprop = reply.derivative[i]!;
    assert.ok(Math.abs(backprop - reply.chainProduct[i]!) <= 1e-12 * Math.max(1, Math.abs(backprop)), `x=${reply.x[i]}: ${backprop} vs ${reply.chainProduct[i]}`);
    const numeric = (plus.output[i]! - minus.output[i]!) / (2 * h);
    assert.ok(Math.abs(backprop - numeric) < 1e-6, `x=${reply.x[i]}: ${backprop} vs finite difference ${numeric}`);
  });
  assert.ok(reply.derivative.some((d) => Math.abs(d) > 0.01), 'the derivative is not trivially 0');
});

test('graphs that are not a chain of one number are refused, with the reason and the requestId', async () => {
  const session = new InProcessSession();
  await session.load(example('spiral'));
  let [reply] = session.ask({ type: 'sweep', requestId: 3, from: 0, to: 1, points: 10 });
  assert.equal(reply?.type, 'error');
  assert.equal((reply as Of<'error'>).requestId, 3);
  assert.match((reply as Of<'error'>).message, /chain of functions of one number x .*Input "input" takes 2 numbers per sample/);
  await session.load(example('ch1-two-inputs'));
  [reply] = session.ask({ type: 'sweep', requestId: 4, from: 0, to: 1, points: 10 });
  assert.match((reply as Of<'error'>).message, /this graph has 2 Inputs/);
});
