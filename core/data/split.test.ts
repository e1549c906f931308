// Splits: sizes, disjointness, determinism, and sklearn's train_test_split reproduced index for index.
// split.fixtures.json was written by scripts/make-split-fixtures.py with numpy (sklearn's semantics
// re-implemented there from its source); no Python is needed to run this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sklearnTrainTestSplit, splitIndices } from './split.ts';

interface Fixtures {
  sklearn: { n: number; testSize: number; randomState: number; train: number[]; test: number[] }[];
  threeWay: { n: number; validation: number; test: number; seed: number; trainIndices: number[]; validationIndices: number[]; testIndices: number[] }[];
}
const fixtures = JSON.parse(readFileSync(join(import.meta.dirname, 'split.fixtures.json'), 'utf8')) as Fixtures;

function assertPartition(n: number, parts: Int32Array[]): void {
  const all = parts.flatMap((p) => [...p]).sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: n }, (_, i) => i), 'every row in exactly one part');
}

test('the book\'s Boston split: test_size=0.3, random_state=80718 over 506 rows gives 152 test / 354 train', () => {
  const split = sklearnTrainTestSplit(506, 0.3, 80718);
  assert.equal(split.error, undefined);
  assert.equal(split.test.length, 152);
  assert.equal(split.train.length, 354);
  const boston = fixtures.sklearn.find((c) => c.n === 506 && c.randomState === 80718)!;
  assert.deepEqual([...split.test], boston.test);
  assert.deepEqual([...split.train], boston.train);
  assertPartition(506, [split.train, split.test]);
});

test('sklearnTrainTestSplit matches every numpy-computed fixture exactly', () => {
  assert.ok(fixtures.sklearn.length >= 5);
  for (const c of fixtures.sklearn) {
    const split = sklearnTrainTestSplit(c.n, c.testSize, c.randomState);
    assert.deepEqual([...split.test], c.test, `n=${c.n} test_size=${c.testSize}`);
    assert.deepEqual([...split.train], c.train, `n=${c.n} test_size=${c.testSize}`);
  }
});

test('sklearnTrainTestSplit refuses what sklearn refuses, with empty sets and a reason', () => {
  const cases: [number, number, number, string][] = [
    [10, 0, 1, 'test_size must be a fraction between 0 and 1 (exclusive), got 0'],
    [10, 1, 1, 'test_size must be a fraction between 0 and 1 (exclusive), got 1'],
    [10, NaN, 1, 'test_size must be a fraction between 0 and 1 (exclusive), got NaN'],
    [1, 0.5, 1, 'with 1 row and test_size=0.5, the training set would be empty (sklearn refuses this too)'],
    [-1, 0.5, 1, 'the row count must be a non-negative integer, got -1'],
    [10, 0.5, -3, 'random_state must be an integer between 0 and 4294967295, got -3'],
  ];
  for (const [n, testSize, seed, message] of cases) {
    assert.deepEqual(sklearnTrainTestSplit(n, testSize, seed), { train: new Int32Array(0), test: new Int32Array(0), error: { message } });
  }
});

test('splitIndices: test first, then validation, then train, from one seeded permutation (numpy fixtures)', () => {
  for (const c of fixtures.threeWay) {
    const split = splitIndices(c.n, { validation: c.validation, test: c.test, seed: c.seed });
    assert.ok(split.ok);
    assert.deepEqual([...split.test], c.testIndices);
    assert.deepEqual([...split.validation], c.validationIndices);
    assert.deepEqual([...split.train], c.trainIndices);
  }
});

test('splitIndices: sizes round half up, the parts are disjoint and cover every row, the seed decides', () => {
  const split = splitIndices(10, { validation: 0.25, test: 0.15, seed: 3 });
  assert.ok(split.ok);
  assert.equal(split.test.length, 2); // round(1.5) = 2
  assert.equal(split.validation.length, 3); // round(2.5) = 3
  assert.equal(split.train.length, 5);
  assertPartition(10, [split.train, split.validation, split.test]);

  const again = splitIndices(10, { validation: 0.25, test: 0.15, seed: 3 });
  assert.deepEqual(again, split);
  const other = splitIndices(10, { validation: 0.25, test: 0.15, seed: 4 });
  assert.ok(other.ok);
  assert.notDeepEqual([...other.train], [...split.train]);

  // Changing the validation fraction never changes which rows are the test set.
  const moreValidation = splitIndices(10, { validation: 0.4, test: 0.15, seed: 3 });
  assert.ok(moreValidation.ok);
  assert.deepEqual(moreValidation.test, split.test);

  const none = splitIndices(5, { validation: 0, test: 0, seed: 0 });
  assert.ok(none.ok);
  assert.equal(none.train.length, 5);
});

test('splitIndices refuses unusable fractions, counts and seeds with a message', () => {
  const cases: [number, { validation: number; test: number; seed: number }, string][] = [
    [10, { validation: 1, test: 0, seed: 0 }, 'the validation fraction must be at least 0 and below 1, got 1'],
    [10, { validation: 0.2, test: -0.1, seed: 0 }, 'the test fraction must be at least 0 and below 1, got -0.1'],
    [10, { validation: 0.5, test: 0.5, seed: 0 }, 'validation (0.5) and test (0.5) together must leave rows to train on (their sum must be below 1)'],
    [10, { validation: 0.2, test: 0.2, seed: 1.5 }, 'the seed must be an integer between 0 and 4294967295, got 1.5'],
    [2.5, { validation: 0.2, test: 0.2, seed: 1 }, 'the row count must be a non-negative integer, got 2.5'],
    [0, { validation: 0.2, test: 0.2, seed: 1 }, 'there are no rows to split'],
    [2, { validation: 0.3, test: 0.3, seed: 1 }, 'with 2 rows, 1 validation and 1 test rows leave none to train on'],
  ];
  for (const [n, options, message] of cases) {
    assert.deepEqual(splitIndices(n, options), { ok: false, error: { message } });
  }
  assert.ok(splitIndices(3, { validation: 0.45, test: 0.45, seed: 1 }).ok); // round(1.35) = 1 each: one row trains
  assert.deepEqual(splitIndices(10, null as unknown as { validation: number; test: number; seed: number }),
    { ok: false, error: { message: 'the validation fraction must be at least 0 and below 1, got undefined' } });
});
