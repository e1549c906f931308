import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracyOf, confusionMatrix } from './confusion.ts';

test('counts actual class (row) against predicted class (column)', () => {
  const matrix = confusionMatrix([0, 1, 1, 2, 2, 2, 0], [0, 1, 2, 2, 2, 0, 0], 3);
  assert.deepEqual(matrix, [
    [2, 0, 1],
    [0, 1, 0],
    [0, 1, 2],
  ]);
  assert.equal(accuracyOf(matrix), 5 / 7);
});

test('every row lands in exactly one cell; a class with no rows stays zero', () => {
  const predicted = [3, 3, 1, 0];
  const matrix = confusionMatrix(predicted, [3, 1, 1, 0], 5);
  assert.equal(matrix.flat().reduce((a, b) => a + b, 0), predicted.length);
  assert.deepEqual(matrix[2], [0, 0, 0, 0, 0]);
  assert.deepEqual(matrix[4], [0, 0, 0, 0, 0]);
  assert.equal(matrix[1]![3], 1, 'an actual 1 predicted as 3');
});

test('mismatched lengths and classes out of range are refused; an empty matrix has no accuracy', () => {
  assert.throws(() => confusionMatrix([0, 1], [0], 2), /2 predictions for 1 labels/);
  assert.throws(() => confusionMatrix([0, 2], [0, 1], 2), /row 1: class 1 predicted as 2/);
  assert.throws(() => confusionMatrix([0.5], [0], 2), /outside/);
  assert.ok(Number.isNaN(accuracyOf(confusionMatrix([], [], 3))));
});
