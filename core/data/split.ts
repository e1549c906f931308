// Train / validation / test splits from one seeded numpy-compatible permutation.
//
// Two conventions live here. splitIndices is Gradflow's own three-way split (DESIGN.md §5: validation
// drives early stopping, test is only reported). sklearnTrainTestSplit reproduces scikit-learn's
// train_test_split index for index, so the book's examples (Boston housing: test_size=0.3,
// random_state=80718) train on exactly the rows the book trained on.

import { NumpyRandom } from '../tensor/random.ts';
import { fail, guarded } from './types.ts';
import type { DataError, Result } from './types.ts';

/** Fractions of the rows held out for validation and test, and the permutation's seed. */
export interface SplitOptions {
  validation: number;
  test: number;
  seed: number;
}

const isFraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < 1;
const isRowCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 0x7fffffff;
const isSeed = (s: unknown): s is number => Number.isInteger(s) && (s as number) >= 0 && (s as number) <= 0xffffffff;

/**
 * Splits row indices 0..n−1 into train, validation and test from one permutation of the seed.
 *
 * Convention: perm = new NumpyRandom(seed).permutation(n); test = perm[0 : round(test·n)],
 * validation = the next round(validation·n), train = the rest (Math.round: halves round up). Test comes
 * first so that changing the validation fraction never changes which rows are the test set.
 */
export function splitIndices(n: number, options: SplitOptions): Result<{ train: Int32Array; validation: Int32Array; test: Int32Array }> {
  return guarded('splitting the rows', () => {
    if (!isRowCount(n)) return fail(`the row count must be a non-negative integer, got ${String(n)}`);
    if (!options || !isFraction(options.validation)) return fail(`the validation fraction must be at least 0 and below 1, got ${String(options?.validation)}`);
    if (!isFraction(options.test)) return fail(`the test fraction must be at least 0 and below 1, got ${String(options.test)}`);
    if (options.validation + options.test >= 1) {
      return fail(`validation (${options.validation}) and test (${options.test}) together must leave rows to train on (their sum must be below 1)`);
    }
    if (!isSeed(options.seed)) return fail(`the seed must be an integer between 0 and 4294967295, got ${String(options.seed)}`);
    if (n === 0) return fail('there are no rows to split');
    const testCount = Math.round(options.test * n);
    const validationCount = Math.round(options.validation * n);
    if (testCount + validationCount >= n) {
      return fail(`with ${n} rows, ${validationCount} validation and ${testCount} test rows leave none to train on`);
    }
    const perm = new NumpyRandom(options.seed).permutation(n);
    return {
      ok: true,
      test: perm.slice(0, testCount),
      validation: perm.slice(testCount, testCount + validationCount),
      train: perm.slice(testCount + validationCount),
    };
  });
}

/**
 * sklearn's train_test_split(range(n), test_size=testSize, random_state=randomState), index for index.
 * On unusable arguments both sets are empty and `error` says why.
 */
export function sklearnTrainTestSplit(n: number, testSize: number, randomState: number): { train: Int32Array; test: Int32Array; error?: DataError } {
  // sklearn (model_selection/_split.py): _validate_shuffle_split gives n_test = ceil(test_size · n_samples)
  // for a float test_size and n_train = n_samples − n_test; ShuffleSplit._iter_indices then takes
  // permutation = check_random_state(random_state).permutation(n_samples), i.e. RandomState(seed), and
  // returns train = permutation[n_test : n_test + n_train], test = permutation[:n_test].
  // Only the float form of test_size is supported: in JavaScript 1 and 1.0 are the same number, so
  // sklearn's integer form (an absolute count) cannot be told apart.
  const split = guarded<{ train: Int32Array; test: Int32Array }>('splitting the rows like sklearn', () => {
    if (!isRowCount(n)) return fail(`the row count must be a non-negative integer, got ${String(n)}`);
    if (typeof testSize !== 'number' || !(testSize > 0 && testSize < 1)) return fail(`test_size must be a fraction between 0 and 1 (exclusive), got ${String(testSize)}`);
    if (!isSeed(randomState)) return fail(`random_state must be an integer between 0 and 4294967295, got ${String(randomState)}`);
    const testCount = Math.ceil(testSize * n);
    if (n - testCount <= 0) {
      return fail(`with ${n} ${n === 1 ? 'row' : 'rows'} and test_size=${testSize}, the training set would be empty (sklearn refuses this too)`);
    }
    const perm = new NumpyRandom(randomState).permutation(n);
    return { ok: true, test: perm.slice(0, testCount), train: perm.slice(testCount) };
  });
  return split.ok ? { train: split.train, test: split.test } : { train: new Int32Array(0), test: new Int32Array(0), error: split.error };
}
