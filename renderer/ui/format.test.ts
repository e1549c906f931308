import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, formatShape, runStatusOf } from './format.ts';

test('the engine states map onto the five run-status words of the test contract', () => {
  assert.deepEqual((['idle', 'loading', 'ready', 'running', 'paused', 'stepping', 'done', 'error'] as const).map(runStatusOf),
    ['idle', 'idle', 'idle', 'running', 'paused', 'paused', 'done', 'error']);
});

test('numbers and shapes read well', () => {
  assert.equal(formatNumber(undefined), '—');
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(1.6e-6), '1.600e-6');
  assert.equal(formatNumber(NaN), 'NaN');
  assert.equal(formatShape([null, 64]), '(N, 64)');
  assert.equal(formatShape(null), '?');
});
