// The stepped dash: it moves a fixed distance per step and wraps at the dash period.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DASH_PERIOD_PX, dashOffset } from './use-flow-dash.ts';

test('the dash advances a step at a time and wraps at its period', () => {
  const offsets = Array.from({ length: 12 }, (_, i) => dashOffset(i));
  assert.deepEqual(offsets.slice(0, 6), [0, 4, 8, 12, 0, 4]);
  assert.ok(offsets.every((o) => o >= 0 && o < DASH_PERIOD_PX));
  assert.equal(new Set(offsets).size, 4, 'it keeps moving (four places per period, a quarter each: the direction is unambiguous)');
});
