// Micro-benchmark for tuning the gemm kernels: GFLOP/s (copies in and out included) per shape for each wasm
// flavour this runtime validates and for the TypeScript fallback, best of a few repetitions.
//   node --experimental-wasm-relaxed-simd --import tsx bench/gemm-shapes.script.ts [--no-js] [filter]
// The shapes are the square sizes of issue 8 and the products the engine's layers make (forward and both
// backward products, with the transposed operand passed as a strided view). Not a test: no assertions.
// numpy on the same shapes: peers/gemm_shapes.py (run it in the same minutes; the machine is shared).
import { blockedGemm } from '../core/backend/blocked-gemm.ts';
import type { GemmFunction, MatrixOperand } from '../core/backend/wasm/gemm-operands.ts';
import { loadWasmGemm, wasmSupport } from '../core/backend/wasm/index.ts';
import type { WasmFlavour } from '../core/backend/wasm/index.ts';

// core/ compiles without the DOM or Node libraries; these are the globals a script run by Node has.
const host = globalThis as unknown as {
  console: { log(line: string): void };
  performance: { now(): number };
  process: { argv: string[] };
};

interface Shape {
  label: string;
  m: number;
  k: number;
  n: number;
  aTransposed?: boolean;
  bTransposed?: boolean;
}

const SHAPES: Shape[] = [
  { label: 'square 64', m: 64, k: 64, n: 64 },
  { label: 'square 256', m: 256, k: 256, n: 256 },
  { label: 'square 1024', m: 1024, k: 1024, n: 1024 },
  { label: 'mlp fwd (60,784)·(784,89)', m: 60, k: 784, n: 89 },
  { label: 'mlp dW (784,60)ᵀ·(60,89)', m: 784, k: 60, n: 89, aTransposed: true },
  { label: 'mlp dX (60,89)·(89,784)ᵀ', m: 60, k: 89, n: 784, bTransposed: true },
  { label: 'mlp out (60,89)·(89,10)', m: 60, k: 89, n: 10 },
  { label: 'conv fwd (25088,25)·(25,16)', m: 25088, k: 25, n: 16 },
  { label: 'conv dW (25,25088)ᵀ·(25088,16)', m: 25, k: 25088, n: 16, aTransposed: true },
  { label: 'lstm fwd (32,316)·(316,1024)', m: 32, k: 316, n: 1024 },
  { label: 'lstm dX (32,1024)·(1024,316)ᵀ', m: 32, k: 1024, n: 316, bTransposed: true },
  { label: 'lstm dW (316,32)ᵀ·(32,1024)', m: 316, k: 32, n: 1024, aTransposed: true },
];

function operand(rows: number, cols: number, transposed: boolean): MatrixOperand {
  const data = Float32Array.from({ length: rows * cols }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  return transposed
    ? { data, offset: 0, rows, cols, rowStride: 1, colStride: rows }
    : { data, offset: 0, rows, cols, rowStride: cols, colStride: 1 };
}

/** Best GFLOP/s over `repetitions` timed batches of ≥ 5 ms each (short batches, many of them: on a shared machine the best one ran uncontended). */
function measure(gemm: GemmFunction, shape: Shape, repetitions: number): number {
  const a = operand(shape.m, shape.k, shape.aTransposed ?? false);
  const b = operand(shape.k, shape.n, shape.bTransposed ?? false);
  const c = { data: new Float32Array(shape.m * shape.n), offset: 0, rowStride: shape.n };
  const flops = 2 * shape.m * shape.n * shape.k;
  gemm(a, b, c, false);
  const started = host.performance.now();
  gemm(a, b, c, false);
  const once = Math.max(host.performance.now() - started, 1e-3);
  const calls = Math.max(1, Math.ceil(5 / once));
  let best = 0;
  for (let r = 0; r < repetitions; r++) {
    const start = host.performance.now();
    for (let i = 0; i < calls; i++) gemm(a, b, c, false);
    const seconds = (host.performance.now() - start) / 1000;
    best = Math.max(best, (flops * calls) / seconds / 1e9);
  }
  return best;
}

const args = host.process.argv.slice(2);
const withJs = !args.includes('--no-js');
const filter = args.find((arg) => !arg.startsWith('--')) ?? '';

const peers: Array<{ name: string; gemm: GemmFunction }> = [];
const support = wasmSupport();
for (const flavour of ['relaxed-simd', 'simd'] as WasmFlavour[]) {
  if (flavour === 'relaxed-simd' && !support.relaxedSimd) continue;
  const instance = loadWasmGemm(flavour);
  if (instance) peers.push({ name: flavour, gemm: instance.gemm.bind(instance) });
}
if (withJs) peers.push({ name: 'blocked-js', gemm: blockedGemm });

// Wasm code starts on V8's baseline compiler and is tiered up once hot; time the optimized code.
for (const peer of peers.filter((p) => p.name !== 'blocked-js')) measure(peer.gemm, SHAPES[1], 3);

host.console.log(['shape'.padEnd(34), ...peers.map((p) => p.name.padStart(13))].join(''));
for (const shape of SHAPES.filter((s) => s.label.includes(filter))) {
  const cells = peers.map((peer) => {
    const slowPeer = peer.name === 'blocked-js';
    return measure(peer.gemm, shape, slowPeer ? 2 : 25).toFixed(1).padStart(13);
  });
  host.console.log([shape.label.padEnd(34), ...cells].join(''));
}
