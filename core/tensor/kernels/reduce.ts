// Reductions: sums and means over everything or one axis, row-wise max and argmax.

import { Tensor, allocate, formatShape } from '../tensor.ts';

/** Σ of every element, as a scalar tensor. */
export function sumAll(a: Tensor): Tensor {
  let total = 0;
  const x = a.data;
  for (let i = 0; i < x.length; i++) total += x[i]!;
  return Tensor.scalar(total, a.dtype);
}

/** Sum along one axis; `keepDims` leaves that axis in place with size 1 (numpy's keepdims). */
export function sumAxis(a: Tensor, axis: number, keepDims = false): Tensor {
  if (axis < 0 || axis >= a.rank) throw new RangeError(`sum: axis ${axis} out of range for shape ${formatShape(a.shape)}`);
  const outer = a.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const length = a.shape[axis]!;
  const inner = a.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const out = allocate(a.dtype, outer * inner);
  const x = a.data;
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < length; l++) {
      const from = (o * length + l) * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] = out[o * inner + i]! + x[from + i]!;
    }
  }
  const shape = keepDims
    ? a.shape.map((d, i) => (i === axis ? 1 : d))
    : a.shape.filter((_, i) => i !== axis);
  return new Tensor(out, shape);
}

/** Index of the largest value in each row of a 2-D tensor (first one on ties, like numpy). */
export function argmaxRows(a: Tensor): Int32Array {
  const rows = a.shape[0] ?? 1;
  const cols = a.size / (rows || 1);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (a.data[r * cols + c]! > a.data[r * cols + best]!) best = c;
    out[r] = best;
  }
  return out;
}
