#!/usr/bin/env python3
"""Write core/tensor/random.fixtures.json: reference draws from numpy's legacy generator.

core/tensor/random.ts promises to reproduce np.random.seed(s) / np.random.RandomState(s)
bit for bit, so that a network trained here starts from the same weights, dropout masks
and mini-batches as the book's Python code. This script records what numpy itself
produces; core/tensor/random.test.ts checks the TypeScript port against it with strict
equality.

Every case starts from a freshly seeded RandomState unless its name says it continues a
stream, so a failure points at a single function. Doubles are written with Python's repr,
which round-trips exactly through JSON.parse.

Usage: python3 scripts/make-rng-fixtures.py   (or: npm run fixtures). Needs numpy only.
"""

import json
import pathlib

import numpy as np

SEEDS = [0, 1, 42, 20190119, 2**32 - 1, 123456789]
CHOICE_P = [0.1, 0.2, 0.3, 0.25, 0.15]
OUT = pathlib.Path(__file__).resolve().parent.parent / "core" / "tensor" / "random.fixtures.json"


def floats(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def ints(values):
    return [int(v) for v in np.asarray(values).ravel()]


def state_summary(rs):
    """The parts of get_state() the TypeScript getState() must agree with."""
    _, key, pos, has_gauss, gauss = rs.get_state()
    return {
        "keyHead": ints(key[:8]),
        "keyTail": ints(key[-4:]),
        "pos": int(pos),
        "hasGauss": bool(has_gauss),
        "gauss": float(gauss),
    }


def seed_cases(seed):
    def fresh():
        return np.random.RandomState(seed)

    case = {"seed": seed}
    case["stateAfterSeed"] = state_summary(fresh())
    # random_raw on the RandomState's own MT19937 gives the untransformed 32-bit outputs.
    case["uint32"] = ints(fresh()._bit_generator.random_raw(10))
    case["rand7"] = floats(fresh().rand(7))

    # randn(9) leaves the second value of the 5th polar pair cached; randn(3) must start with it.
    rs = fresh()
    case["randn9"] = floats(rs.randn(9))
    case["stateAfterRandn9"] = state_summary(rs)
    case["randn3AfterRandn9"] = floats(rs.randn(3))

    case["normal_2.5_0.3_5"] = floats(fresh().normal(2.5, 0.3, 5))
    case["uniform_-1_1_4"] = floats(fresh().uniform(-1, 1, 4))
    case["permutation10"] = ints(fresh().permutation(10))
    case["permutation1000"] = ints(fresh().permutation(1000))
    arr = np.arange(13)
    fresh().shuffle(arr)
    case["shuffleArange13"] = ints(arr)
    case["binomial_1_0.8_50"] = ints(fresh().binomial(1, 0.8, 50))
    case["binomial_10_0.3_20"] = ints(fresh().binomial(10, 0.3, 20))
    case["binomial_100_0.5_20"] = ints(fresh().binomial(100, 0.5, 20))
    case["binomial_1000_0.9_10"] = ints(fresh().binomial(1000, 0.9, 10))
    case["randint_0_10_20"] = ints(fresh().randint(0, 10, 20))
    case["randint_0_2p40_5"] = ints(fresh().randint(0, 2**40, 5))
    rs = fresh()
    case["choice5x20"] = [int(rs.choice(5, p=CHOICE_P)) for _ in range(20)]
    return case


def mixed_sequence():
    """One stream consumed the way the book's trainer does: shuffle, init weights, dropout, ..."""
    rs = np.random.RandomState(20190119)
    return {
        "seed": 20190119,
        "permutation354": ints(rs.permutation(354)),
        "randn169": floats(rs.randn(13 * 13)),
        "normal_0_2over26_13": floats(rs.normal(0, 2 / (13 + 13), 13)),
        "binomial_1_0.8_26": ints(rs.binomial(1, 0.8, 26)),
        "rand3": floats(rs.rand(3)),
        "stateAfter": state_summary(rs),
    }


def edge_cases():
    """Paths that draw nothing, or draw without it showing in the result."""
    cases = {}
    rs = np.random.RandomState(7)
    # Legacy binomial has no shortcut for n == 0, p == 0 or p == 1: each still consumes a double.
    cases["binomial_0_0.5_3"] = ints(rs.binomial(0, 0.5, 3))
    cases["binomial_5_0_3"] = ints(rs.binomial(5, 0.0, 3))
    cases["binomial_5_1_3"] = ints(rs.binomial(5, 1.0, 3))
    cases["randAfterBinomialEdges"] = floats(rs.rand(2))
    rs = np.random.RandomState(7)
    cases["randint_5_6_3"] = ints(rs.randint(5, 6, 3))  # range of one value: no draw
    cases["randint_0_2p32_3"] = ints(rs.randint(0, 2**32, 3))  # full 32-bit range
    cases["randint_-3_4_8"] = ints(rs.randint(-3, 4, 8))
    cases["randAfterRandintEdges"] = floats(rs.rand(2))
    # Mean of 5000 and 0.3: BTPE with n*p far above 30, and the cache reused across calls.
    rs = np.random.RandomState(11)
    cases["binomial_5000_0.3_10"] = ints(rs.binomial(5000, 0.3, 10))
    cases["binomial_60_0.5_10"] = ints(rs.binomial(60, 0.5, 10))
    cases["binomial_5000_0.3_5_again"] = ints(rs.binomial(5000, 0.3, 5))
    # A longer Gaussian run so the libm-exact log is exercised on a few thousand inputs.
    cases["randn2000_seed3"] = floats(np.random.RandomState(3).randn(2000))
    return cases


def to_json(value, indent=0):
    """JSON with one line per key and arrays kept on a single line, so diffs stay readable."""
    if isinstance(value, dict):
        pad = "  " * (indent + 1)
        items = [f"{pad}{json.dumps(k)}: {to_json(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        pad = "  " * (indent + 1)
        items = [pad + to_json(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * indent + "]"
    return json.dumps(value, separators=(",", ":"), allow_nan=False)


def main():
    data = {
        "generator": "numpy.random.RandomState (legacy MT19937)",
        "numpyVersion": np.__version__,
        "choiceP": CHOICE_P,
        "seeds": [seed_cases(s) for s in SEEDS],
        "mixed": mixed_sequence(),
        "edges": edge_cases(),
    }
    text = to_json(data) + "\n"
    json.loads(text)  # fail here rather than in the tests if the writer above is wrong
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
