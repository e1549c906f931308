// Learning-rate schedules (the book's chapter 4) and the RunConfig defaults.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decayOnce, scheduledLearningRate } from './schedules.ts';
import { DEFAULT_RUN_CONFIG, resolveRunConfig } from './config.ts';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test('linear decay goes from lr to final_lr in equal steps over the epochs', () => {
  const schedule = { kind: 'linear' as const, finalLearningRate: 0.05 };
  const rates = Array.from({ length: 11 }, (_, e) => scheduledLearningRate(schedule, 0.15, e, 11));
  assert.ok(close(rates[0]!, 0.15) && close(rates[10]!, 0.05) && close(rates[5]!, 0.1), rates.join(', '));
});

test('exponential decay multiplies by a fixed factor and lands on final_lr', () => {
  const schedule = { kind: 'exponential' as const, finalLearningRate: 0.05 };
  const rates = Array.from({ length: 50 }, (_, e) => scheduledLearningRate(schedule, 0.2, e, 50));
  assert.ok(close(rates[49]!, 0.05));
  assert.ok(close(rates[1]! / rates[0]!, rates[30]! / rates[29]!));
});

test('the book\'s in-place decay reaches the same place as the closed form', () => {
  for (const kind of ['linear', 'exponential'] as const) {
    const schedule = { kind, finalLearningRate: 0.05 };
    let rate = 0.2;
    for (let e = 0; e < 49; e++) rate = decayOnce(schedule, rate, 0.2, 50);
    assert.ok(Math.abs(rate - 0.05) < 1e-12, `${kind}: ${rate}`);
  }
  assert.equal(decayOnce({ kind: 'none', finalLearningRate: 1 }, 0.3, 0.3, 10), 0.3);
});

test('resolveRunConfig fills defaults, merges nested settings and never shares the defaults\' objects', () => {
  const config = resolveRunConfig({ epochs: 3, optimizer: { kind: 'Adam' } });
  assert.equal(config.epochs, 3);
  assert.equal(config.optimizer.kind, 'Adam');
  assert.equal(config.optimizer.learningRate, DEFAULT_RUN_CONFIG.optimizer.learningRate);
  assert.equal(config.compat, 'correct');
  config.metrics.push('accuracy');
  config.optimizer.learningRate = 5;
  assert.deepEqual(DEFAULT_RUN_CONFIG.metrics, ['mse']);
  assert.equal(DEFAULT_RUN_CONFIG.optimizer.learningRate, 0.01);
  assert.equal(resolveRunConfig({ gradientClip: 2 }).gradientClip, 2);
});
