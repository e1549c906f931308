// Forward values of the ops whose definitions are easy to get subtly wrong: Conv2D against the textbook
// sum (cross-correlation, "same" padding), max pooling, softmax, the losses, and dropout's two variants.

import { referenceBackend } from '../backend/reference.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { Conv2D } from './conv.ts';
import { MaxPool2D } from './pooling.ts';
import { Softmax } from './activations.ts';
import { Dropout } from './dropout.ts';
import { BinaryCrossEntropy, MeanSquaredError, SoftmaxCrossEntropy } from './losses.ts';
import { resolveAttributes } from './attributes.ts';
import type { ForwardContext, OpDefinition } from './types.ts';
import type { AttributeValue } from '../document/types.ts';

function run(op: OpDefinition, inputs: Tensor[], params: Tensor[] = [], given: Record<string, AttributeValue> = {}, extra: Partial<ForwardContext> = {}) {
  const { attrs } = resolveAttributes(op, given);
  return op.forward({ inputs, params, attrs, training: false, random: new NumpyRandom(0), compat: 'correct', dtype: 'float64', backend: referenceBackend, ...extra });
}

test('Conv2D computes out[n,o,y,x] = Σ X[n,c,y+i−p,x+j−p]·K[c,o,i,j] with zero padding', () => {
  const random = new NumpyRandom(11);
  const [n, cIn, cOut, h, w, k] = [2, 3, 4, 5, 6, 3];
  const x = new Tensor(random.randn(n * cIn * h * w), [n, cIn, h, w]);
  const kernel = new Tensor(random.randn(cIn * cOut * k * k), [cIn, cOut, k, k]);
  const out = run(Conv2D, [x], [kernel], { filters: cOut, kernelSize: k }).output;
  assert.deepEqual(out.shape, [n, cOut, h, w]);
  const p = Math.floor(k / 2);
  const at = (t: Tensor, idx: number[]) => t.data[idx.reduce((off, v, i) => off * t.shape[i]! + v, 0)]!;
  for (let b = 0; b < n; b++) for (let o = 0; o < cOut; o++) for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) {
    let expected = 0;
    for (let c = 0; c < cIn; c++) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const sy = y + i - p;
      const sx = xx + j - p;
      if (sy >= 0 && sy < h && sx >= 0 && sx < w) expected += at(x, [b, c, sy, sx]) * at(kernel, [c, o, i, j]);
    }
    assert.ok(Math.abs(at(out, [b, o, y, xx]) - expected) < 1e-12);
  }
});

test('MaxPool2D keeps each window\'s maximum and drops a ragged edge', () => {
  const x = Tensor.from([1, 5, 2, 0, 3, 4, 8, 1, 6, 2, 9, 7, 0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 5, 4]);
  assert.deepEqual(run(MaxPool2D, [x], [], { size: 2 }).output.toNested(), [[[[5, 8], [6, 9]]]]);
});

test('Softmax rows sum to one and survive huge logits', () => {
  const p = run(Softmax, [Tensor.from([1000, 1001, 1002, -5, 0, 5], [2, 3], 'float64')]).output;
  for (let r = 0; r < 2; r++) assert.ok(Math.abs(p.data[r * 3]! + p.data[r * 3 + 1]! + p.data[r * 3 + 2]! - 1) < 1e-12);
  assert.ok(Math.abs(p.data[2]! - 1 / (1 + Math.exp(-1) + Math.exp(-2))) < 1e-12);
});

test('losses: MSE = Σ(P−Y)²/N; softmax cross-entropy = −Σ y·ln softmax / N (and the book\'s value under compat)', () => {
  const mse = run(MeanSquaredError, [Tensor.from([1, 2, 3, 4], [2, 2]), Tensor.from([1, 0, 0, 4], [2, 2])]).output.item();
  assert.equal(mse, (4 + 9) / 2);
  const logits = Tensor.from([2, 1, 0.1, 0, 3, -1], [2, 3], 'float64');
  const labels = Tensor.from([1, 0, 0, 0, 1, 0], [2, 3], 'float64');
  const p = [[2, 1, 0.1], [0, 3, -1]].map((row) => row.map((v) => Math.exp(v) / row.reduce((s, u) => s + Math.exp(u), 0)));
  const correct = -(Math.log(p[0]![0]!) + Math.log(p[1]![1]!)) / 2;
  assert.ok(Math.abs(run(SoftmaxCrossEntropy, [logits, labels]).output.item() - correct) < 1e-12);
  const bookValue = -p.flatMap((row, r) => row.map((q, c) => (labels.data[r * 3 + c]! ? Math.log(q) : Math.log(1 - q)))).reduce((a, b) => a + b) / 2;
  assert.ok(Math.abs(run(SoftmaxCrossEntropy, [logits, labels], [], {}, { compat: 'book' }).output.item() - bookValue) < 1e-12);
  const bce = run(BinaryCrossEntropy, [Tensor.from([0.9, 0.2], [2, 1], 'float64'), Tensor.from([1, 0], [2, 1], 'float64')]).output.item();
  assert.ok(Math.abs(bce - -(Math.log(0.9) + Math.log(0.8)) / 2) < 1e-12);
});

test('Dropout: inverted keeps the expected value in training; the book variant scales by p at inference', () => {
  const x = Tensor.full([1, 20000], 1, 'float64');
  const train = run(Dropout, [x], [], { keepProbability: 0.8 }, { training: true, random: new NumpyRandom(3) }).output;
  let total = 0;
  for (const v of train.data) total += v;
  const mean = total / train.size;
  assert.ok(Math.abs(mean - 1) < 0.02, `inverted training mean ${mean}`);
  assert.ok(train.data.every((v) => v === 0 || Math.abs(v - 1.25) < 1e-12));
  assert.equal(run(Dropout, [x], [], { keepProbability: 0.8 }).output.data[0], 1);
  const book = run(Dropout, [x], [], { keepProbability: 0.8, inverted: false }).output.data[0];
  assert.ok(Math.abs(book! - 0.8) < 1e-12);
  // The mask is numpy's binomial(1, p) stream: the same seed draws the same mask as the book's code.
  const mask = run(Dropout, [Tensor.full([1, 50], 1, 'float64')], [], { keepProbability: 0.8, inverted: false }, { training: true, random: new NumpyRandom(20190119) }).output;
  assert.deepEqual([...mask.data], [...new NumpyRandom(20190119).binomial(1, 0.8, 50)]);
});
