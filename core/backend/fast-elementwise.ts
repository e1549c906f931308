// Float32 elementwise kernels of the fast backend: the squashing functions, the optimizer updates and the
// squared error (the last two hand their long arrays to wasm/elementwise.ts where WebAssembly SIMD runs).
//
// Why not Math.tanh / Math.exp: in V8 each costs 12–19 ns (an fdlibm call per value), which made the
// activations of an MNIST MLP batch cost as much as its matrix products. For |x| ≤ 7.905, tanh here is the
// rational approximation float32 libraries use (Eigen's ptanh_float: odd degree 13 over even degree 6), pure
// arithmetic at ~4 ns; outside that range — rare in a trained network — it falls back to exp, so the tails are
// exact (float32 tanh reaches ±1 only past |x| ≈ 9.01). σ(x) = ½ + ½·tanh(x/2) for |x| ≤ 8 and 1/(1 + e⁻ˣ)
// beyond, so tiny probabilities keep their digits. Measured on 4M points in [−20, 20] against Math.tanh and
// 1/(1 + e⁻ˣ) rounded to float32: tanh within 3 ulps (6e-8 absolute); σ within 6e-8 absolute (relative 3e-5 at
// worst, near x = −8); ±∞ give ±1 (0 and 1 for σ), NaN stays NaN.
// Each loop has its own small function on Float32Array only, so V8 keeps it monomorphic.

import type { TensorData } from '../tensor/tensor.ts';
import type { SquaredErrorKernels, Squash, UpdateKernels } from './types.ts';
import type { WasmElementwise } from './wasm/elementwise.ts';
import { referenceBackend } from './reference.ts';

const CLAMP = 7.90531110763549805;
const A1 = 4.89352455891786e-3, A3 = 6.37261928875436e-4, A5 = 1.48572235717979e-5, A7 = 5.12229709037114e-8;
const A9 = -8.60467152213735e-11, A11 = 2.00018790482477e-13, A13 = -2.76076847742355e-16;
const B0 = 4.89352518554385e-3, B2 = 2.26843463243900e-3, B4 = 1.18534705686654e-4, B6 = 1.19825839466702e-6;
/** Below this |x|, tanh(x) = x in float32 (and the rational form would lose the last bits). */
const TINY = 0.0004;

function rationalTanh(x: number): number {
  if (Math.abs(x) < TINY) return x;
  if (Math.abs(x) > CLAMP) return tailTanh(x);
  const v = x;
  const v2 = v * v;
  const p = v * (A1 + v2 * (A3 + v2 * (A5 + v2 * (A7 + v2 * (A9 + v2 * (A11 + v2 * A13))))));
  const q = B0 + v2 * (B2 + v2 * (B4 + v2 * B6));
  return p / q;
}

/** tanh where the rational form is not fitted: 1 − 2/(e^{2|x|} + 1), with the sign; ±1 for ±∞; NaN stays NaN. */
function tailTanh(x: number): number {
  const magnitude = 1 - 2 / (Math.exp(2 * Math.abs(x)) + 1);
  return x < 0 ? -magnitude : magnitude;
}

/** Below −8 or above 8, σ is computed outright so that e.g. σ(−20) ≈ 2e-9 keeps its digits. */
const SIGMOID_RATIONAL_LIMIT = 8;

function fastSigmoid(x: number): number {
  return Math.abs(x) <= SIGMOID_RATIONAL_LIMIT ? 0.5 + 0.5 * rationalTanh(0.5 * x) : 1 / (1 + Math.exp(-x));
}

function tanhFloat32(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = rationalTanh(x[i]!);
}

function sigmoidFloat32(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = fastSigmoid(x[i]!);
}

export function activateFast(kind: Squash, x: TensorData, out: TensorData): void {
  if (!(x instanceof Float32Array) || !(out instanceof Float32Array)) return referenceBackend.activate(kind, x, out);
  if (kind === 'tanh') tanhFloat32(x, out);
  else sigmoidFloat32(x, out);
}

function sgdFloat32(p: Float32Array, g: Float32Array, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * g[i]!;
}

function momentumFloat32(p: Float32Array, g: Float32Array, v: Float32Array, lr: number, mu: number): void {
  for (let i = 0; i < p.length; i++) {
    const velocity = mu * v[i]! + lr * g[i]!;
    v[i] = velocity;
    p[i] = p[i]! - velocity;
  }
}

function adagradFloat32(p: Float32Array, g: Float32Array, h: Float32Array, lr: number, eps: number): void {
  for (let i = 0; i < p.length; i++) {
    const history = h[i]! + g[i]! * g[i]!;
    h[i] = history;
    p[i] = p[i]! - (lr * g[i]!) / (Math.sqrt(history) + eps);
  }
}

function adamFloat32(p: Float32Array, g: Float32Array, m: Float32Array, s: Float32Array, lr: number, beta1: number, beta2: number, eps: number, step: number): void {
  const correction1 = 1 - beta1 ** step;
  const correction2 = 1 - beta2 ** step;
  for (let i = 0; i < p.length; i++) {
    const mean = beta1 * m[i]! + (1 - beta1) * g[i]!;
    const square = beta2 * s[i]! + (1 - beta2) * g[i]! * g[i]!;
    m[i] = mean;
    s[i] = square;
    p[i] = p[i]! - (lr * (mean / correction1)) / (Math.sqrt(square / correction2) + eps);
  }
}

const all32 = (...arrays: TensorData[]): boolean => arrays.every((a) => a instanceof Float32Array);
const ref = referenceBackend.updates;

/**
 * Arrays shorter than this stay in JavaScript: copying into wasm memory and calling out costs about as much
 * as a short loop (a bias of 10).
 */
const WASM_MIN_LENGTH = 256;

/** The optimizer updates; SGD, the one the benchmarks train with, runs in wasm when `wasm` is given. */
export function createFastUpdates(wasm: WasmElementwise | null): UpdateKernels {
  const sgd = (p: Float32Array, g: Float32Array, lr: number): void => {
    if (wasm && p.length >= WASM_MIN_LENGTH) wasm.sgd(p, g, lr);
    else sgdFloat32(p, g, lr);
  };
  return { ...fastUpdates, sgd: (p, g, lr) => (all32(p, g) ? sgd(p as Float32Array, g as Float32Array, lr) : ref.sgd(p, g, lr)) };
}

/** The squared-error loops: wasm when given and the arrays are float32, else the reference. */
export function createFastSquaredError(wasm: WasmElementwise | null): SquaredErrorKernels {
  const reference = referenceBackend.squaredError;
  if (!wasm) return reference;
  return {
    sum: (p, y) => (all32(p, y) && p.length >= WASM_MIN_LENGTH ? wasm.sumSquaredDifference(p as Float32Array, y as Float32Array) : reference.sum(p, y)),
    gradient: (p, y, g, out) => (all32(p, y, out) && p.length >= WASM_MIN_LENGTH
      ? wasm.scaledDifference(p as Float32Array, y as Float32Array, g, out as Float32Array)
      : reference.gradient(p, y, g, out)),
  };
}

const fastUpdates: UpdateKernels = {
  sgd: (p, g, lr) => (all32(p, g) ? sgdFloat32(p as Float32Array, g as Float32Array, lr) : ref.sgd(p, g, lr)),
  momentum: (p, g, v, lr, mu) => (all32(p, g, v) ? momentumFloat32(p as Float32Array, g as Float32Array, v as Float32Array, lr, mu) : ref.momentum(p, g, v, lr, mu)),
  adagrad: (p, g, h, lr, eps) => (all32(p, g, h) ? adagradFloat32(p as Float32Array, g as Float32Array, h as Float32Array, lr, eps) : ref.adagrad(p, g, h, lr, eps)),
  adam: (p, g, m, s, lr, b1, b2, eps, step) => (all32(p, g, m, s)
    ? adamFloat32(p as Float32Array, g as Float32Array, m as Float32Array, s as Float32Array, lr, b1, b2, eps, step)
    : ref.adam(p, g, m, s, lr, b1, b2, eps, step)),
};
