"""What every numpy peer shares: reading the arrays and settings Gradflow's bench hands it, the batch order,
the timing loop, and the one JSON line it prints.

Protocol (bench/peers/numpy.ts is the other side):
    python3 run_peer.py <peer> --data arrays.npz --meta '{"batch": 60, ...}' [--seconds S --warmup W | --check]
  --check  train on the first `batch` rows (unshuffled) twice and print {"losses": [before, after one step]}
  else     warm up W steps, then time steps until S seconds have passed; print {"iterations", "seconds"}
Interpreter start-up and numpy's import happen before the clock starts, so they are not measured.
"""

import json
import time

import numpy as np


class Batches:
    """The Trainer's order: a fresh permutation of the rows every epoch, sequential batches (the last may be
    smaller). Indices are drawn once per epoch; each batch is a fancy-indexed copy, as Gradflow gathers rows."""

    def __init__(self, x, y, batch, seed=0):
        self.x, self.y, self.batch = x, y, batch
        self.rng = np.random.default_rng(seed)
        self.order = None
        self.position = 0

    def next(self):
        rows = self.x.shape[0]
        if self.order is None or self.position >= rows:
            self.order = self.rng.permutation(rows)
            self.position = 0
        pick = self.order[self.position:self.position + self.batch]
        self.position += self.batch
        return self.x[pick], self.y[pick]


def timed(step, seconds, warmup):
    """Run `step` `warmup` times, then until `seconds` have passed (at least once); (iterations, seconds)."""
    for _ in range(warmup):
        step()
    iterations = 0
    start = time.perf_counter()
    while True:
        step()
        iterations += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return iterations, elapsed


def emit(result):
    print(json.dumps(result), flush=True)
