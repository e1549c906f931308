// Tensor: a flat typed array plus a shape, row-major. That is all a tensor is here; every computation lives
// in the kernels (kernels/*.ts), written to read like the math.
//
// Two precisions: float32 for training (what the app and the CLI use) and float64 for gradient checks and
// step-through mode, where the numbers a learner sees must be exact and the same on every machine.

import { activeBufferPool } from './buffer-pool.ts';

export type DType = 'float32' | 'float64';
export type TensorData = Float32Array | Float64Array;
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar, shape []). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** "(2, 3)" — the notation every error message and edge label uses. */
export function formatShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? 'N' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function assertValidShape(shape: Shape): void {
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) throw new RangeError(`invalid tensor shape ${formatShape(shape)}`);
  }
}

/** A zero-filled array (a training pass's float32 buffers may come from its BufferPool). */
export function allocate(dtype: DType, size: number): TensorData {
  if (dtype === 'float64') return new Float64Array(size);
  return activeBufferPool()?.take(size) ?? new Float32Array(size);
}

/**
 * Like allocate, for a buffer its caller writes in full before anything reads it (a product, an im2col): one
 * taken from the buffer pool keeps its old values instead of being zeroed first (0.2 ms of a 3.6 ms conv step).
 */
export function allocateForOverwrite(dtype: DType, size: number): TensorData {
  if (dtype === 'float64') return new Float64Array(size);
  return activeBufferPool()?.take(size, false) ?? new Float32Array(size);
}

export class Tensor {
  readonly data: TensorData;
  readonly shape: Shape;

  constructor(data: TensorData, shape: Shape) {
    assertValidShape(shape);
    if (data.length !== sizeOf(shape)) {
      throw new RangeError(`tensor of shape ${formatShape(shape)} needs ${sizeOf(shape)} values, got ${data.length}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
  }

  static zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
    assertValidShape(shape);
    return new Tensor(allocate(dtype, sizeOf(shape)), shape);
  }

  static full(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
    assertValidShape(shape);
    return new Tensor(allocate(dtype, sizeOf(shape)).fill(value), shape);
  }

  /** A tensor holding a copy of `values` (row-major) in the given shape (default: a vector). */
  static from(values: ArrayLike<number>, shape: Shape = [values.length], dtype: DType = 'float32'): Tensor {
    const data = allocate(dtype, values.length);
    data.set(values as ArrayLike<number>);
    return new Tensor(data, shape);
  }

  static scalar(value: number, dtype: DType = 'float32'): Tensor {
    return Tensor.from([value], [], dtype);
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The same values seen in another shape of the same size (no copy). */
  reshape(shape: Shape): Tensor {
    return new Tensor(this.data, shape);
  }

  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** A copy in the given precision (or this tensor when it already has it). */
  cast(dtype: DType): Tensor {
    if (dtype === this.dtype) return this;
    const data = allocate(dtype, this.size);
    data.set(this.data);
    return new Tensor(data, this.shape);
  }

  /** A tensor of zeros with this tensor's shape and precision. */
  zerosLike(): Tensor {
    return Tensor.zeros(this.shape, this.dtype);
  }

  /** The single value of a one-element tensor (a loss, a scalar parameter). */
  item(): number {
    if (this.size !== 1) throw new RangeError(`item() needs a one-element tensor, got shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /** Rows [start, end) along the first axis, copied. */
  sliceRows(start: number, end: number): Tensor {
    const rowSize = this.size / (this.shape[0] || 1);
    return new Tensor(this.data.slice(start * rowSize, end * rowSize), [end - start, ...this.shape.slice(1)]);
  }

  /**
   * Rows picked by index along the first axis (a shuffled batch), copied — into `reuse`'s array when it is
   * given and of the right size and precision (a training loop's batch buffer).
   */
  gatherRows(indices: ArrayLike<number>, reuse?: Tensor): Tensor {
    const rowSize = this.size / (this.shape[0] || 1);
    const fits = reuse !== undefined && reuse.dtype === this.dtype && reuse.size === indices.length * rowSize;
    const out = fits ? reuse.data : allocate(this.dtype, indices.length * rowSize);
    for (let i = 0; i < indices.length; i++) {
      const from = indices[i]! * rowSize;
      out.set(this.data.subarray(from, from + rowSize), i * rowSize);
    }
    return new Tensor(out, [indices.length, ...this.shape.slice(1)]);
  }

  /** Nested arrays, for tests and for showing small tensors. */
  toNested(): unknown {
    const build = (offset: number, axis: number): unknown => {
      if (axis === this.rank) return this.data[offset];
      const stride = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, i) => build(offset + i * stride, axis + 1));
    };
    return build(0, 0);
  }
}
