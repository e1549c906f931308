// The kernel contract (issue 8): the few heavy computations whose speed decides how long training takes,
// behind one interface with two implementations — the reference backend (plain TypeScript that reads like
// the math, float64-exact) and the fast backend (WebAssembly SIMD on float32). Ops reach them through
// `ctx.backend`, so a graph runs unchanged on either; everything light stays in the ops' own loops.
//
// Float64 passes (gradient checks, step-through, predictions a learner reads) always take the reference
// kernels: the fast backend hands them over, so its numbers differ only where float32 is asked for.

import type { BackendName } from '../train/config.ts';
import type { Shape, Tensor, TensorData } from '../tensor/tensor.ts';

/** How a backend's kernels actually run on this machine (what the app, the CLI and telemetry show). */
export type KernelImplementation = 'typescript' | 'wasm-relaxed-simd' | 'wasm-simd' | 'typescript-blocked';

/** A matrix inside a flat array: element (i, j) is data[offset + i·rowStride + j·colStride]. A transposed
 * operand is the same array with its strides swapped — nothing is copied to transpose. */
export interface MatrixView<T extends TensorData = TensorData> {
  data: T;
  offset: number;
  rows: number;
  cols: number;
  rowStride: number;
  colStride: number;
}

/** Where a product goes: a.rows × b.cols values, row-major from `offset`, rows `rowStride` apart. */
export interface MatrixTarget<T extends TensorData = TensorData> {
  data: T;
  offset: number;
  rowStride: number;
}

export interface MatmulOptions {
  /** Multiply by Aᵀ instead of A (a (k, n) tensor read as (n, k), without a copy). */
  transposeA?: boolean;
  transposeB?: boolean;
}

export interface BackendInfo {
  name: BackendName;
  kernels: KernelImplementation;
  /** Whether the matmul uses fused multiply-add (relaxed SIMD): results then differ in the last bits. */
  fma: boolean;
  /** How it runs, for people: e.g. "WebAssembly relaxed SIMD with FMA" (shown after the name). */
  description: string;
}

export interface Backend extends BackendInfo {
  /** op(A)·op(B) for 2-D tensors; the result has A's precision. */
  matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor;
  /** c = (accumulate ? c : 0) + a·b on views into flat arrays (the recurrent cells' row blocks of W). */
  gemm(a: MatrixView, b: MatrixView, c: MatrixTarget, accumulate: boolean): void;
  /** X (N, C, H, W) → cols (N, C·k·k, H·W) for a "same"-padded stride-1 k×k convolution: row (c, dy, dx) of image n is channel c shifted by the kernel offset (core/tensor/kernels/conv.ts). */
  im2col(x: Tensor, kernelSize: number): Tensor;
  /** The adjoint of im2col: cols back to X-shaped sums. */
  col2im(cols: Tensor, imageShape: Shape, kernelSize: number): Tensor;
  /** out[i] = f(x[i]) for the squashing functions (the activation ops and the recurrent gates); out may be x. */
  activate(kind: Squash, x: TensorData, out: TensorData): void;
  /** The optimizers' per-element updates, in place on p and the state arrays (core/tensor/kernels/updates.ts). */
  updates: UpdateKernels;
  /** The squared-error loss's loops (core/tensor/kernels/squared-error.ts). */
  squaredError: SquaredErrorKernels;
}

export interface SquaredErrorKernels {
  /** Σ (p − y)² */
  sum(p: TensorData, y: TensorData): number;
  /** out = g·(p − y): the loss's gradient, g = 2/N times the upstream gradient. */
  gradient(p: TensorData, y: TensorData, g: number, out: TensorData): void;
}

export type Squash = 'sigmoid' | 'tanh';

export interface UpdateKernels {
  /** p −= lr·g */
  sgd(p: TensorData, g: TensorData, lr: number): void;
  /** v = μ·v + lr·g;  p −= v */
  momentum(p: TensorData, g: TensorData, v: TensorData, lr: number, mu: number): void;
  /** h += g²;  p −= lr·g / (√h + ε) */
  adagrad(p: TensorData, g: TensorData, h: TensorData, lr: number, eps: number): void;
  /** Adam with bias correction for step `step` (1-based). */
  adam(p: TensorData, g: TensorData, m: TensorData, s: TensorData, lr: number, beta1: number, beta2: number, eps: number, step: number): void;
}

/** The view of a whole row-major 2-D tensor, optionally transposed. */
export function viewOf(t: Tensor, transposed = false): MatrixView {
  const [rows, cols] = [t.shape[0]!, t.shape[1]!];
  return transposed
    ? { data: t.data, offset: 0, rows: cols, cols: rows, rowStride: 1, colStride: cols }
    : { data: t.data, offset: 0, rows, cols, rowStride: cols, colStride: 1 };
}
