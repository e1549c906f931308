// Step-through with a chosen sample: one training row (by its index before shuffling) flows through the
// graph, the choice survives training (which rebuilds the stepper) until another document loads, and every
// step carries its formula.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example, exampleDataHost, type Of } from '../../test/support/in-process-session.ts';
import { prepareRun } from './prepare-run.ts';

async function trainingX(name: string): Promise<Float32Array | Float64Array> {
  const prepared = await prepareRun(example(name), exampleDataHost());
  assert.ok(prepared.ok);
  return prepared.run.data.train.x.data;
}

function stepForward(session: InProcessSession): Of<'step'> {
  const [reply] = session.ask({ type: 'step-forward' }).filter((t) => t.type === 'step' || t.type === 'error');
  assert.equal(reply?.type, 'step', JSON.stringify(reply));
  return reply as Of<'step'>;
}

/** The value the Input "x" sends out in a fresh forward pass. */
function inputValues(session: InProcessSession): number[] {
  const step = stepForward(session);
  assert.equal(step.nodeId, 'x');
  return step.edges[0]!.value!.values!;
}

test('step-select follows one training row; null goes back to the first batch', async () => {
  const x = await trainingX('ch1-chain');
  const session = new InProcessSession();
  await session.load(example('ch1-chain'));
  assert.deepEqual(session.ask({ type: 'step-select', sample: 3 }), [{ type: 'step-cleared', sample: 3, rows: 1 }]);
  assert.deepEqual(inputValues(session), [x[3]]);
  for (let i = 1; i < 8; i++) stepForward(session);
  const backward = session.ask({ type: 'step-backward' }).find((t): t is Of<'step'> => t.type === 'step')!;
  assert.equal(backward.nodeId, 'loss');
  assert.match(backward.formula!, /^∂L\/∂P = 2\(P − Y\)\/N = .* \/ 1 = /);
  assert.deepEqual(session.ask({ type: 'step-select', sample: null }), [{ type: 'step-cleared', sample: null, rows: 20 }]);
  assert.equal(inputValues(session).length, 20, 'the first batch of 20 rows');
});

test('the chosen row outlives training (which rebuilds the stepper) but not a new document', async () => {
  const x = await trainingX('ch1-chain');
  const session = new InProcessSession();
  await session.load(example('ch1-chain'));
  session.send({ type: 'step-select', sample: 42 });
  session.send({ type: 'train', epochs: 1 });
  session.run();
  assert.equal(session.last('status')?.status, 'done');
  assert.deepEqual(inputValues(session), [x[42]]);
  const reloaded = await session.load(example('ch1-chain'));
  // The window is told, so it does not keep showing the old row.
  const after = session.received.slice(session.received.indexOf(reloaded));
  assert.deepEqual(after.filter((t) => t.type === 'step-cleared'), [{ type: 'step-cleared', sample: null, rows: 20 }]);
  assert.equal(inputValues(session).length, 20);
});

test('a row past the end of the training split is refused and the selection is kept', async () => {
  const x = await trainingX('ch1-chain');
  const session = new InProcessSession();
  await session.load(example('ch1-chain'));
  session.send({ type: 'step-select', sample: 5 });
  assert.deepEqual(session.ask({ type: 'step-select', sample: 160 }), [
    { type: 'error', message: 'there is no training row 160: the training split has 160 rows (0 to 159)' },
  ]);
  assert.deepEqual(inputValues(session), [x[5]]);
});

test('every step forward and backward carries a formula with the numbers plugged in', async () => {
  const session = new InProcessSession();
  const { graph } = await session.load(example('spiral'));
  session.send({ type: 'step-select', sample: 0 });
  const steps = [
    ...graph.order.map(() => session.ask({ type: 'step-forward' })),
    ...graph.order.map(() => session.ask({ type: 'step-backward' })),
  ].flat().filter((t): t is Of<'step'> => t.type === 'step');
  assert.equal(steps.length, 2 * graph.order.length);
  for (const step of steps) assert.ok(step.formula && !step.formula.includes('undefined'), `${step.direction} ${step.nodeId}: ${step.formula}`);
  const tanh = steps.find((s) => s.direction === 'backward' && s.nodeId === 'dense1_act')!;
  assert.match(tanh.formula!, /^∂tanh\/∂x = 1 − tanh²\(x\) = 1 − .*; ∂L\/∂x = ∂L\/∂tanh × ∂tanh\/∂x = /);
});
