// Conv2D training step (issue 8): 1 → 16 channels, 5×5 "same", stride 1, batch 32 of 28×28 — forward,
// kernel gradient and input gradient, SGD on the kernel; ms per batch of our reference and fast backends, a
// float32 numpy im2col implementation and TensorFlow.js cpu / wasm (wasm has no Conv2DBackpropFilter kernel,
// so it is reported skipped with that message). Goal: fast ≥ 1.0× numpy.

import type { BenchmarkResult } from './harness.ts';
import { compareTraining, type TrainingResult } from './peers/compare.ts';
import { CONV_SIZE, convCase, type ConvSize } from './peers/engine.ts';
import { enginePeer, numpyPeer, SharedPeerData, tfjsPeer } from './peers/training-peers.ts';

const SECONDS = 1;

export async function run(rounds = 5): Promise<BenchmarkResult[]> {
  return [await convBenchmark(rounds)];
}

/** The benchmark at any size (the test's smoke runs it tiny) and time per peer per round. */
export async function convBenchmark(rounds: number, size: ConvSize = CONV_SIZE, seconds = SECONDS): Promise<TrainingResult> {
  const c = convCase(size);
  const shared = new SharedPeerData(c);
  try {
    const { channels, filters, kernel, batch, image, rows } = size;
    return await compareTraining({
      name: `Conv2D ${channels}→${filters}, ${kernel}×${kernel} same, batch ${batch} of ${image}×${image}: forward + backward (ms/batch)`,
      peers: {
        'reference': enginePeer(c, 'reference', seconds),
        'fast': enginePeer(c, 'fast', seconds),
        'numpy f32': numpyPeer(c, 'conv', shared, seconds),
        'tfjs cpu': tfjsPeer(c, 'conv', 'cpu', seconds),
        'tfjs wasm': tfjsPeer(c, 'conv', 'wasm', seconds),
      },
      baselines: ['numpy f32', 'reference'],
      unit: 'ms/batch', batch, rounds,
      goals: [{ peer: 'fast', of: 'numpy f32', atLeast: 1 }],
      notes: [
        'one step: conv forward, Flatten, squared error against a target, kernel and input gradients, SGD on the kernel',
        `${rows} synthetic images and targets (standard normal), shuffled every epoch; ${seconds} s per peer per round after a warm-up`,
      ],
    });
  } finally {
    shared.remove();
  }
}
