// Conv2D (chapter 5): "same" zero padding (k // 2), stride 1, cross-correlation, computed as im2col + matmul.
//
// Shapes: X (N, C_in, H, W), kernel K (C_in, C_out, k, k) as in the book → out (N, C_out, H, W).
//   cols = im2col(X)                      (N, C_in·k·k, H·W); cols_n = image n's matrix
//   out_n = K_matᵀ · cols_n               (C_out, H·W): image n's output, already in (C_out, H, W) order
//   dK_mat = Σ_n cols_n · G_nᵀ;  dcols_n = K_mat · G_n;  dX = col2im(dcols)
// One product per image, on views of the same arrays, so no (N·H·W, C) ↔ (N, C, H, W) reshuffle is ever
// copied.
// Both gradients match finite differences (the book's version mixes examples in dK and misses the flip in dX).

import { Tensor, allocate, allocateForOverwrite } from '../tensor/tensor.ts';
import { recycle } from '../tensor/buffer-pool.ts';
import { num, str } from './attributes.ts';
import { knownDim, requireRank } from './shape-rules.ts';
import type { InitScheme, OpDefinition } from './types.ts';
import type { MatrixView } from '../backend/types.ts';

/** K (C_in, C_out, k, k) → K_mat (C_in·k·k, C_out), rows ordered like im2col's columns. */
function kernelToMatrix(kernel: Tensor): Tensor {
  const [cIn, cOut, k] = [kernel.shape[0]!, kernel.shape[1]!, kernel.shape[2]!];
  const out = allocate(kernel.dtype, kernel.size);
  for (let c = 0; c < cIn; c++) {
    for (let o = 0; o < cOut; o++) {
      for (let d = 0; d < k * k; d++) out[(c * k * k + d) * cOut + o] = kernel.data[(c * cOut + o) * k * k + d]!;
    }
  }
  return new Tensor(out, [cIn * k * k, cOut]);
}

/** The inverse of kernelToMatrix, for the kernel gradient. */
function matrixToKernel(matrix: Tensor, kernelShape: readonly number[]): Tensor {
  const [cIn, cOut, k] = [kernelShape[0]!, kernelShape[1]!, kernelShape[2]!];
  const out = allocate(matrix.dtype, matrix.size);
  for (let c = 0; c < cIn; c++) {
    for (let o = 0; o < cOut; o++) {
      for (let d = 0; d < k * k; d++) out[(c * cOut + o) * k * k + d] = matrix.data[(c * k * k + d) * cOut + o]!;
    }
  }
  return new Tensor(out, kernelShape);
}

/** Image `img`'s matrix of cols (C_in·k·k, H·W), a view (no copy). */
function colsOfImage(cols: Tensor, img: number): MatrixView {
  const [, ckk, hw] = cols.shape as [number, number, number];
  return { data: cols.data, offset: img * ckk * hw, rows: ckk, cols: hw, rowStride: hw, colStride: 1 };
}

/** K_matᵀ (C_out, C_in·k·k), a view. */
function kernelMatrixTransposed(kernelMatrix: Tensor): MatrixView {
  const [ckk, cOut] = kernelMatrix.shape as [number, number];
  return { data: kernelMatrix.data, offset: 0, rows: cOut, cols: ckk, rowStride: 1, colStride: cOut };
}

export const Conv2D: OpDefinition = {
  type: 'Conv2D', family: 'conv', role: 'compute', chapter: 5,
  description: 'Slides its own k×k filters over every channel ("same" padding, stride 1).',
  formula: 'out[n,o,y,x] = Σ_c,i,j X[n,c,y+i−p,x+j−p]·K[c,o,i,j]',
  inputs: [{ name: 'X', description: 'A batch of images (N, channels, height, width).' }],
  params: [
    {
      name: 'K',
      description: 'Filters (C_in, C_out, k, k).',
      shape: ([x], attrs) => {
        const k = num(attrs, 'kernelSize');
        return [knownDim(x!, 1, 'X'), num(attrs, 'filters'), k, k];
      },
      // Each output sees C_in·k·k inputs and each input reaches C_out·k·k outputs; the book uses the channel
      // counts alone, which overstates the scale by a factor k.
      init: (shape, attrs, compat) => {
        const receptive = compat === 'book' ? 1 : shape[2]! * shape[3]!;
        return { scheme: str(attrs, 'init') as InitScheme, fanIn: shape[0]! * receptive, fanOut: shape[1]! * receptive };
      },
    },
  ],
  attributes: {
    filters: { kind: 'number', integer: true, min: 1, max: 4096, default: 16, description: 'Number of output channels.' },
    kernelSize: { kind: 'number', integer: true, odd: true, min: 1, max: 31, default: 5, description: 'Filter size k (odd).' },
    init: {
      kind: 'enum', options: ['standard', 'glorot', 'he', 'zeros'], default: 'standard',
      description: 'standard: N(0, 1); glorot: variance 2/(fan_in+fan_out) with fans C·k² (the book uses channel counts).',
    },
  },
  inferShape: ([x], attrs) => {
    requireRank(x!, 4, 'X', 'a batch of images (N, channels, height, width)',
      'set the Input shape to [channels, height, width], e.g. [1, 28, 28]');
    knownDim(x!, 1, 'X');
    return [x![0]!, num(attrs, 'filters'), x![2]!, x![3]!];
  },
  forward: (ctx) => {
    const x = ctx.inputs[0]!;
    const kernel = ctx.params[0]!;
    const k = num(ctx.attrs, 'kernelSize');
    const cols = ctx.backend.im2col(x, k);
    const kernelMatrix = kernelToMatrix(kernel);
    const [n, , h, w] = x.shape as [number, number, number, number];
    const cOut = kernel.shape[1]!;
    const out = allocateForOverwrite(x.dtype, n * cOut * h * w);
    for (let img = 0; img < n; img++) {
      ctx.backend.gemm(kernelMatrixTransposed(kernelMatrix), colsOfImage(cols, img), { data: out, offset: img * cOut * h * w, rowStride: h * w }, false);
    }
    return { output: new Tensor(out, [n, cOut, h, w]), saved: { cols, kernelMatrix } };
  },
  backward: (ctx) => {
    const { cols, kernelMatrix } = ctx.saved as { cols: Tensor; kernelMatrix: Tensor };
    const x = ctx.inputs[0]!;
    const [n, , h, w] = x.shape as [number, number, number, number];
    const [ckk, cOut] = kernelMatrix.shape as [number, number];
    const hw = h * w;
    const g = ctx.outputGrad.data;
    // G_n (C_out, H·W): image n's output gradient; G_nᵀ the same numbers read transposed.
    const gradOfImage = (img: number): MatrixView => ({ data: g, offset: img * cOut * hw, rows: cOut, cols: hw, rowStride: hw, colStride: 1 });
    const gradOfImageTransposed = (img: number): MatrixView => ({ data: g, offset: img * cOut * hw, rows: hw, cols: cOut, rowStride: 1, colStride: hw });
    const kernelMatrixGrad = allocateForOverwrite(x.dtype, ckk * cOut);
    for (let img = 0; img < n; img++) {
      ctx.backend.gemm(colsOfImage(cols, img), gradOfImageTransposed(img), { data: kernelMatrixGrad, offset: 0, rowStride: cOut }, img > 0);
    }
    const kernelGrad = matrixToKernel(new Tensor(kernelMatrixGrad, [ckk, cOut]), ctx.params[0]!.shape);
    let inputGrad: Tensor | null = null;
    if (ctx.needsInputGrad[0]) {
      const colsGrad = allocateForOverwrite(x.dtype, n * ckk * hw);
      const kernelMatrixView: MatrixView = { data: kernelMatrix.data, offset: 0, rows: ckk, cols: cOut, rowStride: cOut, colStride: 1 };
      for (let img = 0; img < n; img++) {
        ctx.backend.gemm(kernelMatrixView, gradOfImage(img), { data: colsGrad, offset: img * ckk * hw, rowStride: hw }, false);
      }
      inputGrad = ctx.backend.col2im(new Tensor(colsGrad, [n, ckk, hw]), x.shape, num(ctx.attrs, 'kernelSize'));
      recycle(colsGrad);
    }
    return { inputGrads: [inputGrad], paramGrads: [kernelGrad] };
  },
  gradientCheck: { inputShapes: [[2, 2, 5, 5]], attrs: { filters: 3, kernelSize: 3 } },
};
