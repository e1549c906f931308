// The overlay's scales: RMS magnitudes, log positions, viridis, and the ink of an edge.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TensorSummary } from '../../core/protocol/telemetry.ts';
import { edgeInk, logPosition, rms, viridis, WIDTH } from './overlay-scale.ts';

const summary = (shape: number[], norm: number, extra: Partial<TensorSummary> = {}): TensorSummary =>
  ({ shape, mean: 0, std: 0, min: 0, max: 0, norm, zeroFraction: 0, nanCount: 0, infCount: 0, histogram: [], ...extra });

test('RMS is the norm over the square root of the size; positions are log-decades, clamped', () => {
  assert.equal(rms(summary([4, 25], 10)), 1);
  assert.equal(rms(summary([0, 3], 1)), undefined);
  assert.equal(rms(undefined), undefined);
  assert.equal(logPosition(1e-6, { min: -6, max: 1 }), 0);
  assert.equal(logPosition(10, { min: -6, max: 1 }), 1);
  assert.ok(Math.abs(logPosition(1e-3, { min: -6, max: 0 }) - 0.5) < 1e-12);
  assert.equal(logPosition(0, { min: -6, max: 1 }), 0);
  assert.equal(logPosition(1e9, { min: -6, max: 1 }), 1);
});

test('viridis runs from dark purple to yellow', () => {
  assert.equal(viridis(0), 'rgb(68, 1, 84)');
  assert.equal(viridis(1), 'rgb(253, 231, 37)');
  assert.equal(viridis(2), 'rgb(253, 231, 37)', 'clamped');
});

test('an edge\'s ink: gradient colour only where gradients flow, width from the activation, NaN flagged', () => {
  const value = summary([32, 16], Math.sqrt(32 * 16) * 10);
  const gradient = summary([32, 16], Math.sqrt(32 * 16) * 1e-6);
  const ink = edgeInk(value, gradient, true);
  assert.equal(ink.color, 'rgb(68, 1, 84)', 'a vanishing gradient is the dark end');
  assert.equal(ink.width, WIDTH.max, 'an activation RMS of 10 is the thickest');
  assert.equal(ink.broken, false);
  const data = edgeInk(value, undefined, false);
  assert.equal(data.color, undefined, 'a data edge shows activations only');
  assert.equal(edgeInk(value, summary([2], 1, { nanCount: 1 }), true).broken, true);
  assert.equal(edgeInk(undefined, undefined, true).width, WIDTH.min);
});
