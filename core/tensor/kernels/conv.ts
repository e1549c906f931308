// im2col / col2im: turn a "same"-padded, stride-1 convolution into matrix multiplications (BOOK.md ch. 5).
//
// X is (N, C, H, W). For a k×k kernel (k odd, padding p = k // 2), image n becomes a (C·k·k, H·W) matrix
// `cols_n` whose row (c, dy, dx) is channel c shifted by (dy − p, dx − p), zero where it leaves the image:
//   cols[n, (c·k + dy)·k + dx, y·W + x] = X[n, c, y + dy − p, x + dx − p]
// so column y·W + x holds the C·k·k input values output position (y, x) sees. (The book lays the same numbers
// out transposed, one row per output position; rows of whole shifted planes copy and add back in long
// contiguous runs, and K_matᵀ · cols_n is already image n's output in (C_out, H, W) order.)
// col2im is its adjoint: it adds every entry back where it came from, which is exactly the backward of
// im2col (and why the input gradient needs no explicit kernel flip).

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
  for (let img = 0; img < n; img++) {
    for (let ch = 0; ch < c; ch++) {
      for (let dy = 0; dy < k; dy++) {
        for (let dx = 0; dx < k; dx++) {
          const plane = ((img * c + ch) * k * k + dy * k + dx) * h * w;
          for (let y = 0; y < h; y++) {
            const sy = y + dy - pad;
            if (sy < 0 || sy >= h) continue;
            for (let xx = 0; xx < w; xx++) {
              const sx = xx + dx - pad;
              if (sx < 0 || sx >= w) continue;
              visit(plane + y * w + xx, ((img * c + ch) * h + sy) * w + sx);
            }
          }
        }
      }
    }
  }
}

/** X (N, C, H, W) → cols (N, C·k·k, H·W) */
export function im2col(x: Tensor, kernelSize: number): Tensor {
  const [n, c, h, w] = requireImageBatch(x.shape, 'im2col');
  const cols = allocate(x.dtype, n * h * w * c * kernelSize * kernelSize);
  const X = x.data;
  forEachPatchElement(x.shape, kernelSize, (col, pixel) => {
    cols[col] = X[pixel]!;
  });
  return new Tensor(cols, [n, c * kernelSize * kernelSize, h * w]);
}

/** cols (N, C·k·k, H·W) → X-shaped sums (N, C, H, W): the adjoint of im2col. */
export function col2im(cols: Tensor, imageShape: Shape, kernelSize: number): Tensor {
  const out = allocate(cols.dtype, imageShape.reduce((p, d) => p * d, 1));
  const C = cols.data;
  forEachPatchElement(imageShape, kernelSize, (col, pixel) => {
    out[pixel] = out[pixel]! + C[col]!;
  });
  return new Tensor(out, imageShape);
}
