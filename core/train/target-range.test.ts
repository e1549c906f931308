// Binary cross-entropy needs targets in [0, 1]: a class number or an unscaled value is refused when the run
// is prepared, with the loss node, the target column and how many rows named — not trained into nonsense.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareRun } from '../runtime/prepare-run.ts';
import type { DataHost } from '../data/prepare.ts';
import type { DataSource } from '../document/types.ts';
import { documentOf, edges, nodes } from '../../test/support/documents.ts';

const host: DataHost = {
  readFile: async (path) => { throw new Error(`no file ${path} in this test`); },
  readAsset: async (name) => { throw new Error(`no asset ${name} in this test`); },
};

function classifier(loss: 'BinaryCrossEntropy' | 'MeanSquaredError', labels: number[]) {
  const doc = documentOf(
    nodes(['x', 'Input', { shape: [1] }], ['y', 'Target', { shape: [1] }], ['w', 'WeightMultiply', { neurons: 1 }], ['p', 'Sigmoid'], ['loss', loss]),
    edges('x -> w.X', 'w -> p.X', 'p -> loss.prediction', 'y -> loss.target'),
    { epochs: 1, batchSize: 2 },
  );
  const data = { kind: 'inline', columns: ['a', 'is_spam'], rows: labels.map((label, k) => [k, label]), split: { method: 'none' } } as unknown as DataSource;
  return { ...doc, data };
}

test('0/1 labels and probabilities train with binary cross-entropy', async () => {
  assert.equal((await prepareRun(classifier('BinaryCrossEntropy', [0, 1, 1, 0]), host)).ok, true);
  assert.equal((await prepareRun(classifier('BinaryCrossEntropy', [0.25, 1, 0.5, 0]), host)).ok, true);
});

test('a target outside [0, 1] is refused, naming the loss, the column and the rows', async () => {
  const result = await prepareRun(classifier('BinaryCrossEntropy', [0, 2, 1, 2, -1]), host);
  assert.deepEqual(result, {
    ok: false,
    errors: ['BinaryCrossEntropy "loss" needs targets from 0 to 1 (0/1 labels or probabilities), but target column "is_spam" holds 2 in 3 of the 5 ' +
      'training rows; for class numbers use a categorical target with SoftmaxCrossEntropy, for other numbers MeanSquaredError'],
  });
});

test('the same targets are fine for a loss that takes any number', async () => {
  assert.equal((await prepareRun(classifier('MeanSquaredError', [0, 2, 1, 2, -1]), host)).ok, true);
});
