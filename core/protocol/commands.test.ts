// parseCommand on the newer commands: what an untrusted message must hold to be a step-select, set-momentum,
// predict, predictions or sweep, and the reason given when it does not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PREDICT_ROWS, parseCommand } from './commands.ts';

const ok = (message: unknown) => {
  const parsed = parseCommand(message);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.command;
};
const refused = (message: unknown) => {
  const parsed = parseCommand(message);
  assert.equal(parsed.ok, false, JSON.stringify(message));
  return (parsed as { error: string }).error;
};

test('step-select: a row index or null, nothing else', () => {
  assert.deepEqual(ok({ type: 'step-select', sample: 0 }), { type: 'step-select', sample: 0 });
  assert.deepEqual(ok({ type: 'step-select', sample: null, extra: 1 }), { type: 'step-select', sample: null });
  for (const sample of [-1, 1.5, '3', undefined]) {
    assert.equal(refused({ type: 'step-select', sample }), 'command "step-select": sample must be a row index (0 or more) or null for the first batch');
  }
});

test('set-momentum: from 0 up to, not including, 1', () => {
  assert.deepEqual(ok({ type: 'set-momentum', momentum: 0 }), { type: 'set-momentum', momentum: 0 });
  assert.deepEqual(ok({ type: 'set-momentum', momentum: 0.99 }), { type: 'set-momentum', momentum: 0.99 });
  for (const momentum of [1, -0.1, NaN, '0.9']) assert.match(refused({ type: 'set-momentum', momentum }), /momentum must be a number from 0 up to/);
});

test('predict: an integer requestId and 1 to MAX_PREDICT_ROWS rows of finite numbers', () => {
  assert.deepEqual(ok({ type: 'predict', requestId: 1, inputs: [[1, 2], [3, 4]] }), { type: 'predict', requestId: 1, inputs: [[1, 2], [3, 4]] });
  assert.match(refused({ type: 'predict', inputs: [[1]] }), /needs an integer requestId/);
  assert.match(refused({ type: 'predict', requestId: 1, inputs: [] }), /inputs must be 1 to 10000 rows/);
  assert.match(refused({ type: 'predict', requestId: 1, inputs: Array.from({ length: MAX_PREDICT_ROWS + 1 }, () => [1]) }), /inputs must be 1 to/);
  assert.match(refused({ type: 'predict', requestId: 1, inputs: [[]] }), /each input row must hold 1 to/);
  assert.match(refused({ type: 'predict', requestId: 1, inputs: [[1, Infinity]] }), /inputs must be finite numbers/);
  assert.match(refused({ type: 'predict', requestId: 1, inputs: [[1, '2']] }), /inputs must be finite numbers/);
});

test('predictions: a requestId and a split by name', () => {
  assert.deepEqual(ok({ type: 'predictions', requestId: 2, split: 'validation' }), { type: 'predictions', requestId: 2, split: 'validation' });
  assert.match(refused({ type: 'predictions', requestId: 2, split: 'holdout' }), /split must be "train", "validation" or "test"/);
  assert.match(refused({ type: 'predictions', requestId: 'a', split: 'test' }), /needs an integer requestId/);
});

test('sweep: finite from < to and 2 to 2000 points', () => {
  assert.deepEqual(ok({ type: 'sweep', requestId: 3, from: -1, to: 1, points: 2 }), { type: 'sweep', requestId: 3, from: -1, to: 1, points: 2 });
  assert.match(refused({ type: 'sweep', requestId: 3, from: 1, to: 1, points: 10 }), /from and to must be finite numbers with from < to/);
  assert.match(refused({ type: 'sweep', requestId: 3, from: -Infinity, to: 1, points: 10 }), /from and to must be finite/);
  assert.match(refused({ type: 'sweep', requestId: 3, from: 0, to: 1, points: 2001 }), /points must be a whole number from 2 to 2000/);
  assert.match(refused({ type: 'sweep', requestId: 3, from: 0, to: 1, points: 1.5 }), /points must be a whole number/);
});
