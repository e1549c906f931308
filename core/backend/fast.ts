// The fast backend (issue 8): float32 kernels in WebAssembly SIMD — the relaxed-SIMD build with fused
// multiply-add where the runtime validates it (Electron's Chromium; Node 20 with
// --experimental-wasm-relaxed-simd), plain SIMD otherwise, and a cache-blocked TypeScript gemm as the last
// resort. Float64 work (gradient checks, step-through) is handed to the reference kernels unchanged.

import { Tensor, allocateForOverwrite, type Shape } from '../tensor/tensor.ts';
import { referenceBackend, requireInnerDimensions } from './reference.ts';
import { col2imFloat32, im2colFloat32, typescriptPlanes } from './fast-conv.ts';
import { activateFast, createFastSquaredError, createFastUpdates } from './fast-elementwise.ts';
import { loadWasmElementwise } from './wasm/elementwise.ts';
import { blockedGemm } from './blocked-gemm.ts';
import { loadWasmGemm, type WasmFlavour } from './wasm/index.ts';
import { viewOf, type Backend, type KernelImplementation, type MatrixTarget, type MatrixView, type MatmulOptions } from './types.ts';

type Float32Gemm = (a: MatrixView<Float32Array>, b: MatrixView<Float32Array>, c: MatrixTarget<Float32Array>, accumulate: boolean) => void;

const DESCRIPTIONS: Record<KernelImplementation, string> = {
  'wasm-relaxed-simd': 'WebAssembly relaxed SIMD with FMA',
  'wasm-simd': 'WebAssembly SIMD without FMA (relaxed SIMD is off here)',
  'typescript-blocked': 'blocked TypeScript (WebAssembly SIMD is unavailable here)',
  typescript: 'TypeScript kernels',
};

const isFloat32 = (view: { data: unknown }): boolean => view.data instanceof Float32Array;

/** Which kernels to build the fast backend from: the best available unless a test asks for one. */
export type FastKernelChoice = WasmFlavour | 'typescript-blocked';

export function createFastBackend(prefer?: FastKernelChoice): Backend {
  const wasm = prefer === 'typescript-blocked' ? null : loadWasmGemm(prefer);
  const gemm32: Float32Gemm = wasm ? (a, b, c, accumulate) => wasm.gemm(a, b, c, accumulate) : blockedGemm;
  const kernels: KernelImplementation = wasm ? (wasm.flavour === 'relaxed-simd' ? 'wasm-relaxed-simd' : 'wasm-simd') : 'typescript-blocked';
  // The memory-bound kernels (plain SIMD) go with the wasm gemm; the all-TypeScript flavour keeps its loops.
  const elementwise = wasm ? loadWasmElementwise() : null;
  const planes = elementwise ?? typescriptPlanes;

  const gemm: Backend['gemm'] = (a, b, c, accumulate) => {
    if (isFloat32(a) && isFloat32(b) && isFloat32(c)) {
      gemm32(a as MatrixView<Float32Array>, b as MatrixView<Float32Array>, c as MatrixTarget<Float32Array>, accumulate);
    } else {
      referenceBackend.gemm(a, b, c, accumulate);
    }
  };

  const matmul = (a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor => {
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return referenceBackend.matmul(a, b, options);
    if (a.rank !== 2 || b.rank !== 2) return referenceBackend.matmul(a, b, options); // the reference names the problem
    const left = viewOf(a, options.transposeA) as MatrixView<Float32Array>;
    const right = viewOf(b, options.transposeB) as MatrixView<Float32Array>;
    requireInnerDimensions(left.rows, left.cols, right.rows, right.cols);
    const out = allocateForOverwrite('float32', left.rows * right.cols) as Float32Array;
    gemm32(left, right, { data: out, offset: 0, rowStride: right.cols }, false);
    return new Tensor(out, [left.rows, right.cols]);
  };

  return {
    name: 'fast',
    kernels,
    fma: kernels === 'wasm-relaxed-simd',
    description: DESCRIPTIONS[kernels],
    matmul,
    gemm,
    im2col: (x: Tensor, k: number) => (x.dtype === 'float32' ? im2colFloat32(x, k, planes) : referenceBackend.im2col(x, k)),
    col2im: (cols: Tensor, shape: Shape, k: number) => (cols.dtype === 'float32' ? col2imFloat32(cols, shape, k, planes) : referenceBackend.col2im(cols, shape, k)),
    activate: activateFast,
    updates: createFastUpdates(elementwise),
    squaredError: createFastSquaredError(elementwise),
  };
}
