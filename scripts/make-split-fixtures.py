#!/usr/bin/env python3
"""Write core/data/split.fixtures.json: what sklearn's train_test_split returns, computed with numpy.

core/data/split.ts promises sklearnTrainTestSplit(n, test_size, random_state) returns exactly the rows
sklearn's train_test_split(range(n), test_size=..., random_state=...) would. sklearn is not a dependency,
so this script reproduces its semantics with numpy alone (sklearn/model_selection/_split.py):

    n_test = ceil(test_size * n_samples)                # _validate_shuffle_split, float test_size
    n_train = n_samples - n_test
    permutation = np.random.RandomState(random_state).permutation(n_samples)   # check_random_state
    test = permutation[:n_test]; train = permutation[n_test:n_test + n_train]  # ShuffleSplit._iter_indices

If sklearn happens to be installed, the script also checks itself against it. It records splitIndices'
permutations too (same RandomState), so the three-way split's convention is checked against numpy.

Usage: python3 scripts/make-split-fixtures.py   Needs numpy only.
"""

import json
import pathlib
from math import ceil

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "core" / "data" / "split.fixtures.json"

# The book's Boston housing split first; then small and awkward sizes (ceil of an inexact product).
SKLEARN_CASES = [(506, 0.3, 80718), (10, 0.25, 0), (150, 0.2, 42), (7, 0.5, 1), (100, 0.7, 3)]
# splitIndices(n, validation, test, seed): test = first round(test·n), validation = next round(validation·n).
THREE_WAY_CASES = [(100, 0.2, 0.1, 0), (506, 0.15, 0.15, 80718), (9, 0.25, 0.25, 7)]


def sklearn_split(n, test_size, random_state):
    n_test = ceil(test_size * n)
    n_train = n - n_test
    perm = np.random.RandomState(random_state).permutation(n)
    return perm[n_test:n_test + n_train], perm[:n_test]


def js_round(v):
    """Math.round: halves round up (Python's round() would round them to even)."""
    return int(np.floor(v + 0.5))


def main():
    sklearn_cases = []
    for n, test_size, random_state in SKLEARN_CASES:
        train, test = sklearn_split(n, test_size, random_state)
        try:
            from sklearn.model_selection import train_test_split  # optional cross-check
            ref_train, ref_test = train_test_split(np.arange(n), test_size=test_size, random_state=random_state)
            assert list(ref_train) == list(train) and list(ref_test) == list(test), (n, test_size, random_state)
        except ImportError:
            pass
        sklearn_cases.append({
            "n": n, "testSize": test_size, "randomState": random_state,
            "train": [int(i) for i in train], "test": [int(i) for i in test],
        })

    three_way = []
    for n, validation, test, seed in THREE_WAY_CASES:
        perm = np.random.RandomState(seed).permutation(n)
        n_test, n_val = js_round(test * n), js_round(validation * n)
        three_way.append({
            "n": n, "validation": validation, "test": test, "seed": seed,
            "testIndices": [int(i) for i in perm[:n_test]],
            "validationIndices": [int(i) for i in perm[n_test:n_test + n_val]],
            "trainIndices": [int(i) for i in perm[n_test + n_val:]],
        })

    OUT.write_text(json.dumps({
        "generator": "scripts/make-split-fixtures.py",
        "numpy": np.__version__,
        "sklearn": sklearn_cases,
        "threeWay": three_way,
    }, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
