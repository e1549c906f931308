// A character model writes a line of generated text after each epoch; other models write none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example } from '../../test/support/in-process-session.ts';

test('after each epoch a character model continues its first training window with 80 characters of its vocabulary', async () => {
  const doc = example('ch6-char-gru');
  const session = new InProcessSession();
  const { dataReport } = await session.load({ ...doc, data: { ...doc.data!, limit: 64 } });
  assert.ok(dataReport.length > 0);
  session.send({ type: 'train', epochs: 2 });
  session.run();
  const samples = session.all('text-sample');
  assert.deepEqual(samples.map((s) => s.epoch), [1, 2]);
  for (const sample of samples) {
    assert.equal(sample.text.length, 80);
    assert.equal(sample.prompt.length, 25, 'the prompt is one window');
  }
  const vocabulary = new Set(samples[0]!.prompt + samples[0]!.text);
  assert.ok(vocabulary.size > 5, 'drawn from the softmax, not one repeated character');
  // Reproducible: the same run again writes the same text.
  const again = new InProcessSession();
  await again.load({ ...doc, data: { ...doc.data!, limit: 64 } });
  again.send({ type: 'train', epochs: 1 });
  again.run();
  assert.equal(again.all('text-sample')[0]!.text, samples[0]!.text);
});

test('a model whose data is not text writes no samples', async () => {
  const session = new InProcessSession();
  await session.load(example('spiral'));
  session.send({ type: 'train', epochs: 2 });
  session.run();
  assert.equal(session.all('text-sample').length, 0);
  assert.equal(session.last('status')?.status, 'done');
});
