// im2col / col2im for the fast backend, float32: the same mapping as the reference kernels
// (core/tensor/kernels/conv.ts) with the padding bounds worked out per row segment instead of tested per
// element, and no callback per value. Both are memory-bound copies, so plain loops are as fast as wasm here.

import { Tensor, allocate, formatShape, sizeOf, type Shape } from '../tensor/tensor.ts';

function imageDims(shape: Shape): [number, number, number, number] {
  if (shape.length !== 4) throw new RangeError(`im2col: expected (N, C, H, W), got ${formatShape(shape)}`);
  return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

/** Copy each output position's k×k patch (zero outside the image) into its row of `cols`. */
function copyPatches(image: Float32Array, cols: Float32Array, n: number, c: number, h: number, w: number, k: number): void {
  const pad = k >> 1;
  const rowLength = c * k * k;
  for (let img = 0; img < n; img++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const row = ((img * h + y) * w + x) * rowLength;
        // dx in [first, last) keeps x + dx − pad inside the image.
        const first = Math.max(0, pad - x);
        const last = Math.min(k, w + pad - x);
        for (let ch = 0; ch < c; ch++) {
          for (let dy = 0; dy < k; dy++) {
            const sy = y + dy - pad;
            if (sy < 0 || sy >= h) continue;
            const source = ((img * c + ch) * h + sy) * w + x - pad;
            const target = row + (ch * k + dy) * k;
            for (let dx = first; dx < last; dx++) cols[target + dx] = image[source + dx]!;
          }
        }
      }
    }
  }
}

/**
 * The adjoint, as a gather: each pixel sums the k·k entries of `cols` that copied it, in registers, and is
 * written once (scattering `+=` into the image was 3–4× slower: every pixel was read and rewritten k·k times).
 * The pixel at (sy, sx) was copied by output position (y, x) = (sy − dy + p, sx − dx + p) into column
 * (c·k + dy)·k + dx of that position's row.
 */
function gatherPatches(cols: Float32Array, image: Float32Array, n: number, c: number, h: number, w: number, k: number): void {
  const pad = k >> 1;
  const rowLength = c * k * k;
  for (let img = 0; img < n; img++) {
    for (let ch = 0; ch < c; ch++) {
      for (let sy = 0; sy < h; sy++) {
        // dy in [firstY, lastY) keeps y = sy − dy + pad inside the image.
        const firstY = Math.max(0, sy + pad - h + 1);
        const lastY = Math.min(k, sy + pad + 1);
        for (let sx = 0; sx < w; sx++) {
          const firstX = Math.max(0, sx + pad - w + 1);
          const lastX = Math.min(k, sx + pad + 1);
          let sum = 0;
          for (let dy = firstY; dy < lastY; dy++) {
            const rowOfDx0 = (img * h + sy - dy + pad) * w + sx + pad;
            const column = (ch * k + dy) * k;
            for (let dx = firstX; dx < lastX; dx++) sum += cols[(rowOfDx0 - dx) * rowLength + column + dx]!;
          }
          image[((img * c + ch) * h + sy) * w + sx] = sum;
        }
      }
    }
  }
}

export function im2colFloat32(x: Tensor, kernelSize: number): Tensor {
  const [n, c, h, w] = imageDims(x.shape);
  const cols = allocate('float32', n * h * w * c * kernelSize * kernelSize) as Float32Array;
  copyPatches(x.data as Float32Array, cols, n, c, h, w, kernelSize);
  return new Tensor(cols, [n * h * w, c * kernelSize * kernelSize]);
}

export function col2imFloat32(cols: Tensor, imageShape: Shape, kernelSize: number): Tensor {
  const [n, c, h, w] = imageDims(imageShape);
  const image = allocate('float32', sizeOf(imageShape)) as Float32Array;
  gatherPatches(cols.data as Float32Array, image, n, c, h, w, kernelSize);
  return new Tensor(image, imageShape);
}
