// Optimizers: SGDMomentum's momentum is live like the learning rate (read at every update), and reset()
// brings back the configured value; optimizers without momentum report none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.ts';
import { createOptimizer } from './optimizers.ts';
import { resolveRunConfig } from './config.ts';

const config = (kind: 'SGD' | 'SGDMomentum' | 'Adam') => resolveRunConfig({ optimizer: { kind, learningRate: 0.1, momentum: 0.9 } }).optimizer;

test('SGDMomentum: v = μ·v + lr·g with the μ in effect at each update', () => {
  const optimizer = createOptimizer(config('SGDMomentum'));
  assert.equal(optimizer.momentum, 0.9);
  const p = Tensor.from([1], [1], 'float64');
  const g = Tensor.from([1], [1], 'float64');
  optimizer.update('p', p, g); // v = 0.1, p = 0.9
  optimizer.momentum = 0.5;
  optimizer.update('p', p, g); // v = 0.5·0.1 + 0.1 = 0.15, p = 0.75
  assert.ok(Math.abs(p.data[0]! - 0.75) < 1e-15, String(p.data[0]));
  optimizer.reset();
  assert.equal(optimizer.momentum, 0.9);
});

test('SGD and Adam have no momentum to change', () => {
  assert.equal(createOptimizer(config('SGD')).momentum, undefined);
  assert.equal(createOptimizer(config('Adam')).momentum, undefined);
});
