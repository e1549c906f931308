// Chapter 6 LSTM character model (issue 8): hidden 256, 25 steps, batch 32, one-hot over ch6-char-lstm's 74
// characters, a Dense layer at every step, softmax cross-entropy summed over time, gradients clipped to ±2,
// AdaGrad — training iterations/s of our reference and fast backends and a float32 numpy implementation of
// the same cell. Goal: fast ≥ 1.0× numpy.

import type { BenchmarkResult } from './harness.ts';
import { compareTraining } from './peers/compare.ts';
import { LSTM_SIZE, lstmCase } from './peers/engine.ts';
import { enginePeer, numpyPeer, SharedPeerData } from './peers/training-peers.ts';

const SECONDS = 1;

export async function run(rounds = 5): Promise<BenchmarkResult[]> {
  const c = lstmCase();
  const shared = new SharedPeerData(c);
  try {
    const { hidden, steps, batch, vocabulary, rows } = LSTM_SIZE;
    return [await compareTraining({
      name: `LSTM character model, hidden ${hidden}, ${steps} steps, batch ${batch}, ${vocabulary} characters: training (iterations/s)`,
      peers: {
        'reference': enginePeer(c, 'reference', SECONDS),
        'fast': enginePeer(c, 'fast', SECONDS),
        'numpy f32': numpyPeer(c, 'lstm', shared, SECONDS),
      },
      baselines: ['numpy f32', 'reference'],
      unit: 'iterations/s', batch, rounds,
      goals: [{ peer: 'fast', of: 'numpy f32', atLeast: 1 }],
      notes: [
        'one iteration: forward over 25 steps, Dense + softmax cross-entropy at every step, backpropagation through time, clip ±2, AdaGrad',
        `${rows} windows of random characters, shuffled every epoch; at least ${SECONDS} s (and one iteration) per peer per round after a warm-up`,
      ],
    })];
  } finally {
    shared.remove();
  }
}
