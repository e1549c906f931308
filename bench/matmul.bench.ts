// Matrix multiplication (issue 8): GFLOP/s (2n³ per product) of n×n float32 products at n = 64, 256, 1024 —
// our reference and fast backends (getBackend(…).matmul) and numpy single-threaded. Goal at n ≥ 256: fast ≥
// 0.45× numpy. Every product is checked against numpy's first values before it is timed.

import { NumpyRandom } from '../core/tensor/random.ts';
import { Tensor } from '../core/tensor/tensor.ts';
import { BufferPool, recycle, withBufferPool } from '../core/tensor/buffer-pool.ts';
import type { BackendName } from '../core/train/config.ts';
import { checkSpeedGoals, interleave, machineLoad, summarizePeers, type BenchmarkResult } from './harness.ts';
import { getBackend, type Backend } from '../core/backend/index.ts';
import { numpyProduct, numpyPython, openblasKernel, PeerData, timeNumpyPeer, type TimedRun } from './peers/numpy.ts';

export const MATMUL_SIZES = [64, 256, 1024];
const SECONDS = 0.5;
const CHECKED_VALUES = 16;

function square(random: NumpyRandom, n: number): Tensor {
  return new Tensor(Float32Array.from(random.randn(n * n)), [n, n]);
}

/** Products until `seconds` have passed (at least one); the checked product before the rounds was the warm-up. */
function timeProduct(multiply: () => unknown, seconds: number): TimedRun {
  let iterations = 0;
  const start = performance.now();
  for (;;) {
    multiply();
    iterations++;
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= seconds) return { iterations, seconds: elapsed };
  }
}

export async function matmulResult(n: number, rounds: number, seconds = SECONDS): Promise<BenchmarkResult> {
  const random = new NumpyRandom(n);
  const a = square(random, n);
  const b = square(random, n);
  const gflops = (run: TimedRun) => (2 * n ** 3 * run.iterations) / run.seconds / 1e9;
  const skipped: Record<string, string> = {};
  const notes: string[] = [`${n}×${n} · ${n}×${n} float32, at least ${seconds} s (and one product) per peer per round; our outputs are recycled through the training buffer pool`, machineLoad()];
  const peers: Record<string, () => Promise<number>> = {};
  const products: Record<string, Float32Array | Float64Array> = {};
  for (const name of ['reference', 'fast'] as BackendName[]) {
    let backend: Backend;
    try {
      backend = getBackend(name);
    } catch (error) {
      skipped[name] = `the ${name} backend did not start: ${(error as Error).message.split('\n')[0]}`;
      continue;
    }
    products[name] = backend.matmul(a, b).data.subarray(0, CHECKED_VALUES);
    // Each product's output goes back to a buffer pool, as in training (core/tensor/buffer-pool.ts), the way
    // numpy's warm allocator reuses freed memory: a fresh typed array of this size costs V8 far more than malloc.
    const pool = new BufferPool();
    peers[name] = async () => gflops(timeProduct(() => withBufferPool(pool, () => recycle(backend.matmul(a, b).data)), seconds));
    notes.push(`${name}: ${backend.description}`);
  }
  const found = numpyPython();
  const data = new PeerData(new Map([
    ['a', { data: a.data, shape: a.shape, dtype: 'float32' as const }],
    ['b', { data: b.data, shape: b.shape, dtype: 'float32' as const }],
  ]));
  try {
    if ('skip' in found) {
      skipped['numpy f32'] = found.skip;
    } else {
      const check = await numpyProduct(found.python, data, CHECKED_VALUES);
      notes.push(`numpy f32: numpy ${check.numpy}, single-threaded (OPENBLAS_NUM_THREADS=1), one python process per round`);
      for (const [name, product] of Object.entries(products)) {
        const error = Math.max(...check.product.map((v, i) => Math.abs(product[i]! - v) / Math.max(Math.abs(v), 1)));
        notes.push(`${name}'s first ${CHECKED_VALUES} values vs numpy's: max relative difference ${error.toExponential(1)}`);
        if (error > 1e-4) throw new Error(`matmul n=${n}: ${name}'s product differs from numpy's (relative ${error})`);
      }
      peers['numpy f32'] = async () => gflops(await timeNumpyPeer(found.python, 'matmul', data, { seconds, warmup: 1 }));
      // The anchors (numpy ≈ 90 GFLOP/s) describe an AVX2 machine; on a CPU with AVX-512 OpenBLAS runs
      // a kernel twice as wide as WebAssembly's 128-bit SIMD can ever be. Its AVX2 kernel, forced, shows both.
      const kernel = openblasKernel(found.python);
      notes.push(`numpy f32 runs OpenBLAS's ${kernel} kernel here${kernel === 'SkylakeX' || kernel === 'Cooperlake' || kernel === 'SapphireRapids' ? ' (AVX-512)' : ''}`);
      if (kernel !== 'Haswell' && openblasKernel(found.python, 'Haswell') === 'Haswell') {
        peers['numpy f32 AVX2'] = async () => gflops(await timeNumpyPeer(found.python, 'matmul', data, { seconds, warmup: 1, coretype: 'Haswell' }));
        notes.push('numpy f32 AVX2: the same numpy with OPENBLAS_CORETYPE=Haswell (AVX2 + FMA, 256-bit), the machine class of the issue\'s anchors');
      }
    }
    const values = await interleave(peers, rounds);
    const baseline = ['numpy f32', 'reference', 'fast'].find((peer) => peers[peer]);
    if (!baseline) throw new Error(`matmul n=${n}: no peer could run: ${JSON.stringify(skipped)}`);
    notes.push(`ratio = × ${baseline} speed (GFLOP/s ÷ ${baseline}'s)`);
    const result = summarizePeers(`matmul n=${n}, float32 (GFLOP/s)`, baseline,
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { unit: 'GFLOP/s', higherIsBetter: true, values: v }])),
      notes, { speedRatios: true, skipped });
    return n >= 256 ? checkSpeedGoals(result, [{ peer: 'fast', of: 'numpy f32', atLeast: 0.45 }, ...(peers['numpy f32 AVX2'] ? [{ peer: 'fast', of: 'numpy f32 AVX2', atLeast: 0.45 }] : [])]) : result;
  } finally {
    data.remove();
  }
}

export async function run(rounds = 5): Promise<BenchmarkResult[]> {
  const results: BenchmarkResult[] = [];
  for (const n of MATMUL_SIZES) results.push(await matmulResult(n, rounds));
  return results;
}
