// im2col / col2im: turn a "same"-padded, stride-1 convolution into one matrix multiplication (BOOK.md ch. 5).
//
// X is (N, C, H, W). For a k×k kernel (k odd, padding p = k // 2) every output position (n, y, x) becomes
// one row of `cols` holding the C·k·k input values it sees, zero outside the image:
//   cols[(n·H + y)·W + x, (c·k + dy)·k + dx] = X[n, c, y + dy − p, x + dx − p]
// col2im is its adjoint: it adds every row's values back where they came from, which is exactly the
// backward of im2col (and why the input gradient needs no explicit kernel flip).

import { Tensor, allocate, formatShape, type Shape } from '../tensor.ts';

function requireImageBatch(shape: Shape, what: string): [number, number, number, number] {
  if (shape.length !== 4) throw new RangeError(`${what}: expected (N, C, H, W), got ${formatShape(shape)}`);
  return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

/**
 * Visit every (cols index, image index) pair that im2col copies — one walk shared by im2col and col2im, so
 * the two are each other's adjoint by construction. Padding positions (outside the image) are skipped.
 */
function forEachPatchElement(imageShape: Shape, k: number, visit: (colIndex: number, imageIndex: number) => void): void {
  const [n, c, h, w] = requireImageBatch(imageShape, 'im2col');
  const pad = Math.floor(k / 2);
  const rowLength = c * k * k;
  for (let img = 0; img < n; img++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        const row = ((img * h + y) * w + xx) * rowLength;
        for (let ch = 0; ch < c; ch++) {
          for (let dy = 0; dy < k; dy++) {
            const sy = y + dy - pad;
            if (sy < 0 || sy >= h) continue;
            for (let dx = 0; dx < k; dx++) {
              const sx = xx + dx - pad;
              if (sx < 0 || sx >= w) continue;
              visit(row + (ch * k + dy) * k + dx, ((img * c + ch) * h + sy) * w + sx);
            }
          }
        }
      }
    }
  }
}

/** X (N, C, H, W) → cols (N·H·W, C·k·k) */
export function im2col(x: Tensor, kernelSize: number): Tensor {
  const [n, c, h, w] = requireImageBatch(x.shape, 'im2col');
  const cols = allocate(x.dtype, n * h * w * c * kernelSize * kernelSize);
  const X = x.data;
  forEachPatchElement(x.shape, kernelSize, (col, pixel) => {
    cols[col] = X[pixel]!;
  });
  return new Tensor(cols, [n * h * w, c * kernelSize * kernelSize]);
}

/** cols (N·H·W, C·k·k) → X-shaped sums (N, C, H, W): the adjoint of im2col. */
export function col2im(cols: Tensor, imageShape: Shape, kernelSize: number): Tensor {
  const out = allocate(cols.dtype, imageShape.reduce((p, d) => p * d, 1));
  const C = cols.data;
  forEachPatchElement(imageShape, kernelSize, (col, pixel) => {
    out[pixel] = out[pixel]! + C[col]!;
  });
  return new Tensor(out, imageShape);
}
