// MNIST MLP training throughput (issue 8): 784-89-10 (Dense tanh → Dense linear), softmax cross-entropy,
// plain SGD, batch 60 — samples/s of our reference and fast backends, a float32 numpy implementation written
// to be fast, a float64 numpy one written the way the book's library is (per-op objects, caches, shape
// asserts), and TensorFlow.js on its cpu and wasm backends. Goals: fast ≥ 0.6× numpy f32, ≥ 2× the book-style
// numpy, ≥ 8× TensorFlow.js wasm.

import type { BenchmarkResult } from './harness.ts';
import { compareTraining, type TrainingResult } from './peers/compare.ts';
import { MLP_SIZE, mlpCase, type MlpSize } from './peers/engine.ts';
import { enginePeer, numpyPeer, SharedPeerData, tfjsPeer } from './peers/training-peers.ts';

const SECONDS = 1;

export async function run(rounds = 5): Promise<BenchmarkResult[]> {
  return [await mlpBenchmark(rounds)];
}

/** The benchmark at any size (the test's smoke runs it tiny) and time per peer per round. */
export async function mlpBenchmark(rounds: number, size: MlpSize = MLP_SIZE, seconds = SECONDS): Promise<TrainingResult> {
  const c = mlpCase(size);
  const shared = new SharedPeerData(c);
  try {
    const { inputs, hidden, classes, batch, rows } = size;
    return await compareTraining({
      name: `MNIST MLP ${inputs}-${hidden}-${classes}, batch ${batch}, SGD: training throughput (samples/s)`,
      peers: {
        'reference': enginePeer(c, 'reference', seconds),
        'fast': enginePeer(c, 'fast', seconds),
        'numpy f32': numpyPeer(c, 'mlp', shared, seconds),
        'numpy f64 book-style': numpyPeer(c, 'mlp-book', shared, seconds),
        'tfjs cpu': tfjsPeer(c, 'mlp', 'cpu', seconds),
        'tfjs wasm': tfjsPeer(c, 'mlp', 'wasm', seconds),
      },
      baselines: ['numpy f32', 'reference'],
      unit: 'samples/s', batch, rounds,
      goals: [
        { peer: 'fast', of: 'numpy f32', atLeast: 0.6 },
        { peer: 'fast', of: 'numpy f64 book-style', atLeast: 2 },
        { peer: 'fast', of: 'tfjs wasm', atLeast: 8 },
      ],
      ownLoss: { 'numpy f64 book-style': 'the book\'s loss value adds Σ(1−y)·log(1−p); same as our compat "book"' },
      notes: [
        `${rows} synthetic rows (standard normal pixels, random labels), shuffled every epoch; each peer trains for ${seconds} s per round after a warm-up`,
      ],
    });
  } finally {
    shared.remove();
  }
}
