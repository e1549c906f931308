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
  const skippable = finiteRows(B, k, m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p]!;
      // A zero adds nothing (MNIST pixels are mostly 0) — unless B's row holds a NaN or ∞: 0·∞ is NaN.
      if (aip === 0 && skippable[p]) continue;
      const bRow = p * m;
      const outRow = i * m;
      for (let j = 0; j < m; j++) out[outRow + j] = out[outRow + j]! + aip * B[bRow + j]!;
    }
  }
  return new Tensor(out, [n, m]);
}

/** For each row of a (rows, cols) matrix: 1 when every value in it is finite. */
export function finiteRows(data: ArrayLike<number>, rows: number, cols: number, offset = 0, rowStride = cols, colStride = 1): Uint8Array {
  const finite = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += data[offset + r * rowStride + c * colStride]! * 0;
    finite[r] = sum === 0 ? 1 : 0;
  }
  return finite;
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
