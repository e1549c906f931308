// Tensor summaries for telemetry (DESIGN.md §6): a few numbers and a small histogram per tensor, cheap enough
// to compute for every edge 30 times a second.

import type { Tensor } from '../tensor/tensor.ts';
import type { TensorSummary } from '../protocol/telemetry.ts';

export const HISTOGRAM_BINS = 16;
/** Histograms of bigger tensors are drawn from an evenly strided sample this large (the statistics stay exact). */
export const HISTOGRAM_SAMPLE = 4096;
/** Tensors up to this size also carry every value (DESIGN.md §8: data-values on small edges). */
export const MAX_INLINE_VALUES = 64;

export function summarize(tensor: Tensor, bins = HISTOGRAM_BINS): TensorSummary {
  const data = tensor.data;
  let count = 0;
  // Welford's running mean and sum of squared deviations: exact enough even when the mean dwarfs the spread
  // (E[x²] − mean² would cancel catastrophically there).
  let running = 0;
  let deviations = 0;
  let sum = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  let nanCount = 0;
  let infCount = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) { nanCount++; continue; }
    if (v === Infinity || v === -Infinity) { infCount++; continue; }
    count++;
    sum += v;
    const delta = v - running;
    running += delta / count;
    deviations += delta * (v - running);
    sumSquares += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  const mean = count > 0 ? sum / count : 0;
  const histogram = new Array<number>(bins).fill(0);
  if (count > 0) {
    const width = (max - min) / bins;
    // A strided sample keeps the histogram's shape at a fraction of the cost; counts are scaled back up.
    const stride = Math.max(1, Math.floor(data.length / HISTOGRAM_SAMPLE));
    for (let i = 0; i < data.length; i += stride) {
      const v = data[i]!;
      if (v - v !== 0) continue;
      const bin = width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0;
      histogram[bin]! += stride;
    }
  }
  return {
    shape: [...tensor.shape],
    mean,
    std: count > 0 ? Math.sqrt(deviations / count) : 0,
    min: count > 0 ? min : 0,
    max: count > 0 ? max : 0,
    norm: Math.sqrt(sumSquares),
    zeroFraction: data.length > 0 ? zeros / data.length : 0,
    nanCount,
    infCount,
    histogram,
    ...(data.length <= MAX_INLINE_VALUES ? { values: Array.from(data) } : {}),
  };
}

/** True when every element is a finite number. */
export function allFinite(tensor: Tensor): boolean {
  const data = tensor.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) return false;
  }
  return true;
}
