// Where a recurrent cell's weight gradients go. One cell step adds dW += aᵀ·da at once; a sequence op over T
// steps collects the T pairs of each weight block and adds them after its loop as ONE product over the
// stacked rows, Σ_t a_tᵀ·da_t = [a_1; …; a_T]ᵀ·[da_1; …; da_T] — one large, efficient product per block
// instead of T small ones that each read and rewrite the whole block (the LSTM's (256, 256) blocks, 25 times).

import { allocate, type DType, type TensorData } from '../tensor/tensor.ts';
import { recycle } from '../tensor/buffer-pool.ts';
import type { Backend } from '../backend/types.ts';

type Gemm = Backend['gemm'];

export interface WeightGradientSink {
  /** dw[rows from..from+k) (k, m) += aᵀ (k, n) · g (n, m) */
  add(dw: TensorData, from: number, a: TensorData, n: number, k: number, g: TensorData, m: number): void;
}

function addTransposedProduct(gemm: Gemm, dw: TensorData, from: number, a: TensorData, n: number, k: number, g: TensorData, m: number): void {
  gemm(
    { data: a, offset: 0, rows: k, cols: n, rowStride: 1, colStride: k },
    { data: g, offset: 0, rows: n, cols: m, rowStride: m, colStride: 1 },
    { data: dw, offset: from * m, rowStride: m }, true);
}

/** Added as they come (one step). */
export const immediateWeightGradients = (gemm: Gemm): WeightGradientSink => ({
  add: (dw, from, a, n, k, g, m) => addTransposedProduct(gemm, dw, from, a, n, k, g, m),
});

interface Block { dw: TensorData; from: number; k: number; m: number; parts: { a: TensorData; g: TensorData; n: number }[] }

/** Collected over a sequence; `flush` adds each block's stacked product once. */
export class DeferredWeightGradients implements WeightGradientSink {
  private readonly blocks: Block[] = [];

  add(dw: TensorData, from: number, a: TensorData, n: number, k: number, g: TensorData, m: number): void {
    let block = this.blocks.find((b) => b.dw === dw && b.from === from);
    if (!block) this.blocks.push((block = { dw, from, k, m, parts: [] }));
    block.parts.push({ a, g, n });
  }

  /**
   * Add every block's product, then hand the gradient rows (`g`, the cell's temporaries, which often feed two
   * blocks) back to the pass's buffer pool; the `a` rows belong to the forward's caches and are left alone.
   */
  flush(gemm: Gemm, dtype: DType): void {
    const temporaries = new Set<TensorData>();
    for (const { dw, from, k, m, parts } of this.blocks) {
      const rows = parts.reduce((total, p) => total + p.n, 0);
      const a = allocate(dtype, rows * k);
      const g = allocate(dtype, rows * m);
      let row = 0;
      for (const part of parts) {
        a.set(part.a.subarray(0, part.n * k), row * k);
        g.set(part.g.subarray(0, part.n * m), row * m);
        temporaries.add(part.g);
        row += part.n;
      }
      addTransposedProduct(gemm, dw, from, a, rows, k, g, m);
      recycle(a);
      recycle(g);
    }
    for (const g of temporaries) recycle(g);
    this.blocks.length = 0;
  }
}
