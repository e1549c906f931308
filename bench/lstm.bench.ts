// Chapter 6 LSTM character model (issue 8): hidden 256, 25 steps, batch 32, one-hot over ch6-char-lstm's 74
// characters, a Dense layer at every step, softmax cross-entropy summed over time, gradients clipped to ±2,
// AdaGrad — training iterations/s of our reference and fast backends and a float32 numpy implementation of
// the same cell. Goal: fast ≥ 1.0× numpy.

import type { BenchmarkResult } from './harness.ts';
import { compareTraining, type TrainingResult } from './peers/compare.ts';
import { LSTM_SIZE, lstmCase, type LstmSize } from './peers/engine.ts';
import { enginePeer, numpyPeer, SharedPeerData } from './peers/training-peers.ts';

const SECONDS = 1;

export async function run(rounds = 5): Promise<BenchmarkResult[]> {
  return [await lstmBenchmark(rounds)];
}

/** The benchmark at any size (the test's smoke runs it tiny) and time per peer per round. */
export async function lstmBenchmark(rounds: number, size: LstmSize = LSTM_SIZE, seconds = SECONDS): Promise<TrainingResult> {
  const c = lstmCase(size);
  const shared = new SharedPeerData(c);
  try {
    const { hidden, steps, batch, vocabulary, rows } = size;
    return await compareTraining({
      name: `LSTM character model, hidden ${hidden}, ${steps} steps, batch ${batch}, ${vocabulary} characters: training (iterations/s)`,
      peers: {
        'reference': enginePeer(c, 'reference', seconds),
        'fast': enginePeer(c, 'fast', seconds),
        'numpy f32': numpyPeer(c, 'lstm', shared, seconds),
      },
      baselines: ['numpy f32', 'reference'],
      unit: 'iterations/s', batch, rounds,
      goals: [{ peer: 'fast', of: 'numpy f32', atLeast: 1 }],
      notes: [
        `one iteration: forward over ${steps} steps, Dense + softmax cross-entropy at every step, backpropagation through time, clip ±2, AdaGrad`,
        `${rows} windows of random characters, shuffled every epoch; at least ${seconds} s (and one iteration) per peer per round after a warm-up`,
      ],
    });
  } finally {
    shared.remove();
  }
}
