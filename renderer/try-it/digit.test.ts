// A drawn digit made into MNIST's 784 values: painting strokes with a soft pen, and MNIST's own preprocessing
// (fit into 20×20 keeping the aspect ratio, centre of mass at the middle of 28×28).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centreOfMass, digitFromStrokes, inkBounds, mnistDigit, paintStrokes, DIGIT_SIDE } from './digit.ts';

const vertical = [{ x: 0.3, y: 0.15 }, { x: 0.3, y: 0.85 }];

test('a stroke is painted with full ink along it and a soft edge fading to nothing', () => {
  const side = 100;
  const ink = paintStrokes([vertical], { radius: 0.04, softness: 0.03 }, side);
  const at = (x: number, y: number) => ink[y * side + x]!;
  assert.equal(at(30, 50), 1, 'on the line');
  assert.equal(at(33, 50), 1, 'inside the radius');
  assert.ok(at(35, 50) > 0 && at(35, 50) < 1, `the soft edge: ${at(35, 50)}`);
  assert.equal(at(40, 50), 0, 'beyond the pen');
  assert.equal(at(30, 5), 0, 'past the end of the stroke');
  assert.ok(Math.max(...ink) <= 1 && Math.min(...ink) >= 0);
});

test('a dot (a one-point stroke) is painted too', () => {
  const ink = paintStrokes([[{ x: 0.5, y: 0.5 }]], { radius: 0.05, softness: 0.01 }, 40);
  assert.equal(ink[20 * 40 + 20], 1);
});

test('bounds and centre of mass of a grid', () => {
  const grid = new Float32Array(16);
  grid[1 * 4 + 2] = 1;
  grid[2 * 4 + 2] = 1;
  assert.deepEqual(inkBounds(grid, 4), { x0: 2, y0: 1, x1: 3, y1: 3 });
  assert.deepEqual(centreOfMass(grid, 4), { x: 2.5, y: 2 });
  assert.equal(inkBounds(new Float32Array(16), 4), null);
  assert.equal(centreOfMass(new Float32Array(16), 4), null);
});

test('nothing drawn is 784 zeros', () => {
  const digit = digitFromStrokes([]);
  assert.equal(digit.length, 784);
  assert.ok(digit.every((v) => v === 0));
});

test('a drawn "1" becomes an MNIST-like digit: 20 rows tall, narrow, centred by its centre of mass, values in [0, 1]', () => {
  const digit = digitFromStrokes([vertical]);
  assert.equal(digit.length, DIGIT_SIDE * DIGIT_SIDE);
  assert.ok(digit.every((v) => v >= 0 && v <= 1));
  const bounds = inkBounds(digit, DIGIT_SIDE, 0)!;
  assert.equal(bounds.y1 - bounds.y0, 20, 'the long side fits MNIST\'s 20-pixel box');
  assert.ok(bounds.x1 - bounds.x0 <= 5, `a narrow stroke: ${bounds.x1 - bounds.x0} columns`);
  const com = centreOfMass(digit, DIGIT_SIDE)!;
  // Within half a pixel (the shift is whole pixels; a symmetric 3-pixel stroke cannot centre exactly).
  assert.ok(Math.abs(com.x - 14) <= 0.51 && Math.abs(com.y - 14) <= 0.51, `centre of mass ${com.x}, ${com.y}`);
  // Where it was drawn does not matter: the same stroke further right gives the same digit, up to a one-pixel
  // shift and resampling.
  const moved = digitFromStrokes([vertical.map((p) => ({ x: p.x + 0.4, y: p.y }))]);
  const shifted = (by: number) => Math.max(...digit.map((_, i) => {
    const x = (i % DIGIT_SIDE) + by;
    return Math.abs((x >= 0 && x < DIGIT_SIDE ? digit[i - (i % DIGIT_SIDE) + x]! : 0) - moved[i]!);
  }));
  const difference = Math.min(shifted(-1), shifted(0), shifted(1));
  assert.ok(difference < 0.15, `position-independent: ${difference}`);
  // Soft grey edges, like MNIST's anti-aliased strokes.
  assert.ok(digit.some((v) => v > 0.05 && v < 0.95), 'some grey pixels');
  assert.ok(digit.filter((v) => v > 0.95).length >= 15, 'a solid core down the stroke');
});

test('a wide shape keeps its aspect ratio: its width becomes 20', () => {
  const ink = new Float32Array(100 * 100);
  for (let y = 40; y < 50; y++) for (let x = 10; x < 90; x++) ink[y * 100 + x] = 1;
  const digit = mnistDigit(ink, 100);
  const bounds = inkBounds(digit, DIGIT_SIDE, 0)!;
  assert.equal(bounds.x1 - bounds.x0, 20);
  assert.ok(bounds.y1 - bounds.y0 <= 4);
  // Area-averaging a solid box gives a solid box.
  for (let y = bounds.y0; y < bounds.y1; y++) for (let x = bounds.x0; x < bounds.x1; x++) assert.ok(Math.abs(digit[y * DIGIT_SIDE + x]! - 1) < 1e-6);
});
