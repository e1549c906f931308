// Matrix multiplication and transpose for 2-D tensors, written as the textbook triple loop.
//
// The reference backend favours reading over speed; the loop order (i, k, j) walks both B and the output
// row-wise, which is the one cheap trick worth keeping. The fast backend lives elsewhere.

import { Tensor, allocate, formatShape } from '../tensor.ts';

function require2d(t: Tensor, name: string): [number, number] {
  if (t.rank !== 2) throw new RangeError(`matmul: ${name} must be 2-D, got shape ${formatShape(t.shape)}`);
  return [t.shape[0]!, t.shape[1]!];
}

/** A (n, k) · B (k, m) → (n, m) */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const [n, k] = require2d(a, 'A');
  const [k2, m] = require2d(b, 'B');
  if (k !== k2) {
    throw new RangeError(`matmul: inner dimensions differ, ${formatShape(a.shape)} · ${formatShape(b.shape)}`);
  }
  const out = allocate(a.dtype, n * m);
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p]!;
      if (aip === 0) continue;
      const bRow = p * m;
      const outRow = i * m;
      for (let j = 0; j < m; j++) out[outRow + j] = out[outRow + j]! + aip * B[bRow + j]!;
    }
  }
  return new Tensor(out, [n, m]);
}

/** Aᵀ for a 2-D tensor (a copy). */
export function transpose(a: Tensor): Tensor {
  const [rows, cols] = require2d(a, 'A');
  const out = allocate(a.dtype, a.size);
  const A = a.data;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = A[i * cols + j]!;
  }
  return new Tensor(out, [cols, rows]);
}
