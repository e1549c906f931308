// Learning-rate schedules (the book's chapter 4) and the RunConfig defaults.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decayLearningRate } from './schedules.ts';
import { DEFAULT_RUN_CONFIG, mergeRunConfig, resolveRunConfig } from './config.ts';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

/** The rate used in each epoch when the schedule decays after every epoch. */
function ratesOver(kind: 'linear' | 'exponential', start: number, final: number, epochs: number): number[] {
  const rates = [start];
  for (let e = 1; e < epochs; e++) rates.push(decayLearningRate({ kind, finalLearningRate: final }, rates[e - 1]!, start, epochs));
  return rates;
}

test('linear decay goes from lr to final_lr in equal steps over the epochs', () => {
  const rates = ratesOver('linear', 0.15, 0.05, 11);
  assert.ok(close(rates[0]!, 0.15) && close(rates[10]!, 0.05) && close(rates[5]!, 0.1), rates.join(', '));
});

test('exponential decay multiplies by a fixed factor and lands on final_lr', () => {
  const rates = ratesOver('exponential', 0.2, 0.05, 50);
  assert.ok(close(rates[49]!, 0.05));
  assert.ok(close(rates[1]! / rates[0]!, rates[30]! / rates[29]!));
});

test('decay continues from a rate the user changed mid-run, and linear never undershoots', () => {
  const schedule = { kind: 'exponential' as const, finalLearningRate: 0.05 };
  const factor = decayLearningRate(schedule, 1, 0.2, 50);
  assert.ok(close(decayLearningRate(schedule, 0.7, 0.2, 50), 0.7 * factor));
  const linear = { kind: 'linear' as const, finalLearningRate: 0.05 };
  assert.equal(decayLearningRate(linear, 0.051, 0.15, 11), 0.05);
  assert.equal(decayLearningRate(linear, 0.01, 0.15, 11), 0.01, 'a rate already below the target stays');
  assert.equal(decayLearningRate({ kind: 'none', finalLearningRate: 1 }, 0.3, 0.3, 10), 0.3);
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

test('mergeRunConfig lays an override over a file\'s settings field by field', () => {
  const merged = mergeRunConfig({ epochs: 5, optimizer: { kind: 'SGDMomentum', momentum: 0.8 } }, { optimizer: { learningRate: 0.3 } });
  assert.deepEqual(merged, { epochs: 5, optimizer: { kind: 'SGDMomentum', momentum: 0.8, learningRate: 0.3 } });
});
