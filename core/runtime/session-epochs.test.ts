// Every epoch's final training loss reaches the window, however few frames are sent: the ended epochs ride
// along with the next progress frame.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example } from '../../test/support/in-process-session.ts';

test('progress frames carry the epochs that ended since the last one, each once, with its final mean loss', async () => {
  // 2 frames a second on a clock that moves 50 ms per batch: most epochs of the spiral end between frames.
  const session = new InProcessSession({ hz: 2 });
  await session.load(example('ch1-chain'));
  session.send({ type: 'train', epochs: 40 });
  session.run();
  const frames = session.all('progress');
  const ended = frames.flatMap((f) => f.endedEpochs ?? []);
  assert.ok(frames.length < 40, `fewer frames (${frames.length}) than epochs`);
  assert.deepEqual(ended.map((e) => e.epoch), Array.from({ length: 40 }, (_, i) => i + 1), 'every epoch once, in order');
  assert.ok(ended.every((e) => Number.isFinite(e.trainLoss)));
  assert.ok(ended.at(-1)!.trainLoss < ended[0]!.trainLoss, 'the chain learns');
});
