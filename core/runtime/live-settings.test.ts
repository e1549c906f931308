// Live edits (DESIGN.md §6): momentum, like the learning rate, reaches the running optimizer at its next
// batch and every later run; progress frames carry it for SGDMomentum and leave it out otherwise.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example } from '../../test/support/in-process-session.ts';
import type { GradflowDocument } from '../document/types.ts';

function spiralWith(optimizer: Record<string, unknown>): GradflowDocument {
  const doc = example('spiral');
  return { ...doc, training: { ...doc.training, optimizer: optimizer as never } };
}

test('set-momentum changes the running SGDMomentum optimizer at the next batch, and the next run', async () => {
  const session = new InProcessSession();
  await session.load(spiralWith({ kind: 'SGDMomentum', learningRate: 0.05, momentum: 0.9 }));
  session.send({ type: 'train', epochs: 50 });
  session.run(2);
  assert.equal(session.last('progress')?.momentum, 0.9);
  session.send({ type: 'set-momentum', momentum: 0.5 });
  session.send({ type: 'set-learning-rate', learningRate: 0.02 });
  const from = session.received.length;
  session.run(1);
  const next = session.all('progress', from)[0]!;
  assert.equal(next.momentum, 0.5);
  assert.equal(next.learningRate, 0.02);
  session.send({ type: 'stop' });
  // A new run (Train again) starts with the live values, not the file's.
  session.send({ type: 'train', epochs: 1 });
  session.run(1);
  assert.deepEqual([session.last('progress')?.momentum, session.last('progress')?.learningRate], [0.5, 0.02]);
});

test('a momentum change steers the updates: momentum 0 makes SGDMomentum plain SGD', async () => {
  const lossesWith = async (optimizer: Record<string, unknown>, momentum?: number) => {
    const session = new InProcessSession();
    await session.load(spiralWith(optimizer));
    if (momentum !== undefined) session.send({ type: 'set-momentum', momentum });
    session.send({ type: 'train', epochs: 2 });
    session.run();
    return session.all('progress').map((p) => p.batchLoss);
  };
  const sgd = await lossesWith({ kind: 'SGD', learningRate: 0.05 });
  const zeroMomentum = await lossesWith({ kind: 'SGDMomentum', learningRate: 0.05, momentum: 0.9 }, 0);
  const withMomentum = await lossesWith({ kind: 'SGDMomentum', learningRate: 0.05, momentum: 0.9 });
  assert.deepEqual(zeroMomentum, sgd);
  assert.notDeepEqual(withMomentum, sgd);
});

test('an optimizer without momentum says so, and its progress frames carry none', async () => {
  const session = new InProcessSession();
  await session.load(example('spiral')); // Adam
  const replies = session.ask({ type: 'set-momentum', momentum: 0.5 });
  assert.deepEqual(replies, [{ type: 'warning', message: 'the Adam optimizer has no momentum; the value is kept for a run with SGDMomentum' }]);
  session.send({ type: 'train', epochs: 1 });
  session.run(1);
  assert.equal('momentum' in session.last('progress')!, false);
});

test('a document loaded again (an edit of its training settings reloads it) brings its own rates back', async () => {
  const session = new InProcessSession();
  await session.load(spiralWith({ kind: 'SGDMomentum', learningRate: 0.05, momentum: 0.9 }));
  session.send({ type: 'set-learning-rate', learningRate: 0.5 });
  session.send({ type: 'set-momentum', momentum: 0.1 });
  await session.load(spiralWith({ kind: 'SGDMomentum', learningRate: 0.01, momentum: 0.8 }));
  session.send({ type: 'train', epochs: 1 });
  session.run(1);
  assert.deepEqual([session.last('progress')?.learningRate, session.last('progress')?.momentum], [0.01, 0.8]);
});
