// The optimizers' per-element updates (core/train/optimizers.ts says which optimizer does what), one small
// loop each so V8 optimises every one on its own. They update p and the optimizer's state arrays in place.

import type { TensorData } from '../tensor.ts';
import type { UpdateKernels } from '../../backend/types.ts';

export function sgdUpdate(p: TensorData, g: TensorData, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * g[i]!;
}

export function momentumUpdate(p: TensorData, g: TensorData, v: TensorData, lr: number, mu: number): void {
  for (let i = 0; i < p.length; i++) {
    v[i] = mu * v[i]! + lr * g[i]!;
    p[i] = p[i]! - v[i]!;
  }
}

export function adagradUpdate(p: TensorData, g: TensorData, h: TensorData, lr: number, eps: number): void {
  for (let i = 0; i < p.length; i++) {
    h[i] = h[i]! + g[i]! * g[i]!;
    p[i] = p[i]! - (lr * g[i]!) / (Math.sqrt(h[i]!) + eps);
  }
}

export function adamUpdate(
  p: TensorData, g: TensorData, m: TensorData, s: TensorData,
  lr: number, beta1: number, beta2: number, eps: number, step: number,
): void {
  const correction1 = 1 - beta1 ** step;
  const correction2 = 1 - beta2 ** step;
  for (let i = 0; i < p.length; i++) {
    m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
    s[i] = beta2 * s[i]! + (1 - beta2) * g[i]! * g[i]!;
    p[i] = p[i]! - (lr * (m[i]! / correction1)) / (Math.sqrt(s[i]! / correction2) + eps);
  }
}

export const referenceUpdates: UpdateKernels = { sgd: sgdUpdate, momentum: momentumUpdate, adagrad: adagradUpdate, adam: adamUpdate };
