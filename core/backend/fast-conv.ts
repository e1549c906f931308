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

/** The adjoint walk: add every row's values back to the pixels they came from. */
function addPatches(cols: Float32Array, image: Float32Array, n: number, c: number, h: number, w: number, k: number): void {
  const pad = k >> 1;
  const rowLength = c * k * k;
  for (let img = 0; img < n; img++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const row = ((img * h + y) * w + x) * rowLength;
        const first = Math.max(0, pad - x);
        const last = Math.min(k, w + pad - x);
        for (let ch = 0; ch < c; ch++) {
          for (let dy = 0; dy < k; dy++) {
            const sy = y + dy - pad;
            if (sy < 0 || sy >= h) continue;
            const target = ((img * c + ch) * h + sy) * w + x - pad;
            const source = row + (ch * k + dy) * k;
            for (let dx = first; dx < last; dx++) image[target + dx] = image[target + dx]! + cols[source + dx]!;
          }
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
  addPatches(cols.data as Float32Array, image, n, c, h, w, kernelSize);
  return new Tensor(image, imageShape);
}
