// Conv2D training step (issue 8): 1 → 16 channels, 5×5 "same", stride 1, batch 32 of 28×28 — forward,
// kernel gradient and input gradient, SGD on the kernel; ms per batch of our reference and fast backends, a
// float32 numpy im2col implementation and TensorFlow.js cpu / wasm (wasm has no Conv2DBackpropFilter kernel,
// so it is reported skipped with that message). Goal: fast ≥ 1.0× numpy.

import type { BenchmarkResult } from './harness.ts';
import { compareTraining } from './peers/compare.ts';
import { CONV_SIZE, convCase } from './peers/engine.ts';
import { enginePeer, numpyPeer, SharedPeerData, tfjsPeer } from './peers/training-peers.ts';

const SECONDS = 1;

export async function run(rounds = 5): Promise<BenchmarkResult[]> {
  const c = convCase();
  const shared = new SharedPeerData(c);
  try {
    const { channels, filters, kernel, batch, image, rows } = CONV_SIZE;
    return [await compareTraining({
      name: `Conv2D ${channels}→${filters}, ${kernel}×${kernel} same, batch ${batch} of ${image}×${image}: forward + backward (ms/batch)`,
      peers: {
        'reference': enginePeer(c, 'reference', SECONDS),
        'fast': enginePeer(c, 'fast', SECONDS),
        'numpy f32': numpyPeer(c, 'conv', shared, SECONDS),
        'tfjs cpu': tfjsPeer(c, 'conv', 'cpu', SECONDS),
        'tfjs wasm': tfjsPeer(c, 'conv', 'wasm', SECONDS),
      },
      baselines: ['numpy f32', 'reference'],
      unit: 'ms/batch', batch, rounds,
      goals: [{ peer: 'fast', of: 'numpy f32', atLeast: 1 }],
      notes: [
        'one step: conv forward, Flatten, squared error against a target, kernel and input gradients, SGD on the kernel',
        `${rows} synthetic images and targets (standard normal), shuffled every epoch; ${SECONDS} s per peer per round after a warm-up`,
      ],
    })];
  } finally {
    shared.remove();
  }
}
