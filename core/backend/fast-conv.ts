// im2col / col2im for the fast backend, float32: the same layout as the reference kernels
// (core/tensor/kernels/conv.ts: row (c, dy, dx) of image n's (C·k·k, H·W) matrix is channel c shifted by the
// kernel offset), with the padding bounds worked out once per row of a plane instead of tested per element.
// These loops are the fallback where WebAssembly SIMD is unavailable: wasm/elementwise.wat runs the same walk
// several times faster (V8 runs a typed-array loop at ~1–1.5 ns per element).

import { Tensor, allocate, allocateForOverwrite, formatShape, sizeOf, type Shape } from '../tensor/tensor.ts';

function imageDims(shape: Shape): [number, number, number, number] {
  if (shape.length !== 4) throw new RangeError(`im2col: expected (N, C, H, W), got ${formatShape(shape)}`);
  return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

/**
 * Copy every channel once per kernel offset (dy, dx) into its plane of `cols`, shifted so that plane[y, x] =
 * channel[y + dy − p, x + dx − p]; positions whose source leaves the image are written as zeros, so every
 * entry of `cols` is written exactly once.
 */
function copyShiftedPlanes(image: Float32Array, cols: Float32Array, n: number, c: number, h: number, w: number, k: number): void {
  const pad = k >> 1;
  const hw = h * w;
  let plane = 0;
  for (let img = 0; img < n; img++) {
    for (let ch = 0; ch < c; ch++) {
      const channel = (img * c + ch) * hw;
      for (let dy = 0; dy < k; dy++) {
        for (let dx = 0; dx < k; dx++, plane += hw) {
          // x in [first, last) keeps x + dx − pad inside the image.
          const first = Math.max(0, pad - dx);
          const last = Math.min(w, w + pad - dx);
          const shift = dx - pad;
          for (let y = 0; y < h; y++) {
            const target = plane + y * w;
            const sy = y + dy - pad;
            if (sy < 0 || sy >= h) {
              cols.fill(0, target, target + w);
              continue;
            }
            const source = channel + sy * w + shift;
            for (let x = 0; x < first; x++) cols[target + x] = 0;
            for (let x = first; x < last; x++) cols[target + x] = image[source + x]!;
            for (let x = last; x < w; x++) cols[target + x] = 0;
          }
        }
      }
    }
  }
}

/**
 * The adjoint: every plane added back onto its channel, shifted the other way. Each image row sums its k·k
 * contributions in turn; all runs are contiguous, and one channel (a few KB) stays in cache throughout.
 */
function addShiftedPlanes(cols: Float32Array, image: Float32Array, n: number, c: number, h: number, w: number, k: number): void {
  const pad = k >> 1;
  const hw = h * w;
  for (let img = 0; img < n; img++) {
    for (let ch = 0; ch < c; ch++) {
      const channel = (img * c + ch) * hw;
      const planes = (img * c + ch) * k * k * hw;
      for (let dy = 0; dy < k; dy++) {
        // Plane row y lands on image row sy = y + dy − pad.
        const firstY = Math.max(0, pad - dy);
        const lastY = Math.min(h, h + pad - dy);
        for (let dx = 0; dx < k; dx++) {
          const plane = planes + (dy * k + dx) * hw;
          const first = Math.max(0, pad - dx);
          const last = Math.min(w, w + pad - dx);
          const shift = dx - pad;
          for (let y = firstY; y < lastY; y++) {
            const target = channel + (y + dy - pad) * w + shift;
            const source = plane + y * w;
            for (let x = first; x < last; x++) image[target + x] += cols[source + x]!;
          }
        }
      }
    }
  }
}

/** The planes kernels: the wasm ones (wasm/elementwise.ts) where WebAssembly SIMD runs, else these loops. */
export interface PlaneKernels {
  im2col(image: Float32Array, cols: Float32Array, n: number, c: number, h: number, w: number, k: number): void;
  col2im(cols: Float32Array, image: Float32Array, n: number, c: number, h: number, w: number, k: number): void;
}

export const typescriptPlanes: PlaneKernels = { im2col: copyShiftedPlanes, col2im: addShiftedPlanes };

export function im2colFloat32(x: Tensor, kernelSize: number, kernels: PlaneKernels = typescriptPlanes): Tensor {
  const [n, c, h, w] = imageDims(x.shape);
  const cols = allocateForOverwrite('float32', n * h * w * c * kernelSize * kernelSize) as Float32Array;
  kernels.im2col(x.data as Float32Array, cols, n, c, h, w, kernelSize);
  return new Tensor(cols, [n, c * kernelSize * kernelSize, h * w]);
}

export function col2imFloat32(cols: Tensor, imageShape: Shape, kernelSize: number, kernels: PlaneKernels = typescriptPlanes): Tensor {
  const [n, c, h, w] = imageDims(imageShape);
  const image = allocate('float32', sizeOf(imageShape)) as Float32Array;
  kernels.col2im(cols.data as Float32Array, image, n, c, h, w, kernelSize);
  return new Tensor(image, imageShape);
}
