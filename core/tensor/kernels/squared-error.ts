// The squared-error loss's two loops (MeanSquaredError, core/ops/losses.ts), in either precision: the
// reference backend's kernels.

import type { TensorData } from '../tensor.ts';

/** Σ (p − y)² */
export function sumSquaredDifference(p: TensorData, y: TensorData): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const d = p[i]! - y[i]!;
    total += d * d;
  }
  return total;
}

/** out = g·(p − y) */
export function scaledDifference(p: TensorData, y: TensorData, g: number, out: TensorData): void {
  for (let i = 0; i < p.length; i++) out[i] = g * (p[i]! - y[i]!);
}
