// The reference backend: the readable kernels of core/tensor/kernels, in either precision. It is the one to
// read, to step through, and to check the fast backend against — it has no speed target.

import { formatShape } from '../tensor/tensor.ts';
import { col2im, finiteRows, im2col, matmul, transpose } from '../tensor/kernels/index.ts';
import { sigmoidInto, tanhInto } from '../tensor/kernels/squash.ts';
import { referenceUpdates } from '../tensor/kernels/updates.ts';
import { scaledDifference, sumSquaredDifference } from '../tensor/kernels/squared-error.ts';
import type { Backend, MatrixTarget, MatrixView } from './types.ts';

export function requireInnerDimensions(aRows: number, aCols: number, bRows: number, bCols: number): void {
  if (aCols !== bRows) {
    throw new RangeError(`matmul: inner dimensions differ, ${formatShape([aRows, aCols])} · ${formatShape([bRows, bCols])}`);
  }
}

/** c = (accumulate ? c : 0) + a·b, the textbook triple loop over strided views. */
function referenceGemm(a: MatrixView, b: MatrixView, c: MatrixTarget, accumulate: boolean): void {
  requireInnerDimensions(a.rows, a.cols, b.rows, b.cols);
  const skippable = finiteRows(b.data, b.rows, b.cols, b.offset, b.rowStride, b.colStride);
  for (let i = 0; i < a.rows; i++) {
    const row = c.offset + i * c.rowStride;
    if (!accumulate) c.data.fill(0, row, row + b.cols);
    for (let p = 0; p < a.cols; p++) {
      const aip = a.data[a.offset + i * a.rowStride + p * a.colStride]!;
      // Skipping a zero is only exact when B's row is finite (0·NaN and 0·∞ are NaN).
      if (aip === 0 && skippable[p]) continue;
      const bRow = b.offset + p * b.rowStride;
      for (let j = 0; j < b.cols; j++) c.data[row + j] = c.data[row + j]! + aip * b.data[bRow + j * b.colStride]!;
    }
  }
}

export const referenceBackend: Backend = {
  name: 'reference',
  kernels: 'typescript',
  fma: false,
  description: 'readable TypeScript kernels',
  matmul: (a, b, options = {}) => matmul(options.transposeA ? transpose(a) : a, options.transposeB ? transpose(b) : b),
  gemm: referenceGemm,
  im2col,
  col2im,
  activate: (kind, x, out) => (kind === 'sigmoid' ? sigmoidInto(x, out) : tanhInto(x, out)),
  updates: referenceUpdates,
  squaredError: { sum: sumSquaredDifference, gradient: scaledDifference },
};
