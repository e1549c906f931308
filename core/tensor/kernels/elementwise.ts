// Elementwise kernels, with numpy's broadcasting rules (shapes aligned from the right; a 1 stretches).
//
// Reference backend: plain loops that read like the math. Each loop sits in its own small function (V8
// optimises small monomorphic loops far better than one big function doing everything).

import { Tensor, allocate, formatShape, shapesEqual, sizeOf, type Shape } from '../tensor.ts';

/** The broadcast shape of a and b, or null when they cannot be broadcast together. */
export function broadcastShape(a: Shape, b: Shape): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** out[i] = f(a[i]) */
export function map(a: Tensor, f: (x: number) => number): Tensor {
  const out = allocate(a.dtype, a.size);
  const x = a.data;
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return new Tensor(out, a.shape);
}

/** out[i] = f(a[i], b[i]) for two tensors of the same shape. */
function zipSameShape(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const out = allocate(a.dtype, a.size);
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, y[i]!);
  return new Tensor(out, a.shape);
}

/** Strides of `shape` seen inside `target` (a broadcast dimension gets stride 0). */
function broadcastStrides(shape: Shape, target: Shape): number[] {
  const strides = new Array<number>(target.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const t = target.length - shape.length + i;
    strides[t] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  return strides;
}

/** b is one row (shape (1, m) or (m,)) stretched over every row of a (…, m): a bias added to a batch. */
function isRowBroadcast(a: Tensor, b: Tensor): boolean {
  const m = a.shape[a.rank - 1];
  return a.rank >= 2 && b.size === m && b.shape[b.rank - 1] === m && b.rank <= a.rank && b.shape.slice(0, -1).every((d) => d === 1);
}

/** out[r, j] = f(a[r, j], b[j]) — the common broadcast, without the general odometer below. */
function zipRows(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const out = allocate(a.dtype, a.size);
  const x = a.data;
  const y = b.data;
  const m = b.size;
  for (let row = 0; row < x.length; row += m) {
    for (let j = 0; j < m; j++) out[row + j] = f(x[row + j]!, y[j]!);
  }
  return new Tensor(out, a.shape);
}

/** out = f(a, b) elementwise with broadcasting; throws a RangeError naming both shapes if they don't fit. */
export function zip(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  if (shapesEqual(a.shape, b.shape)) return zipSameShape(a, b, f);
  if (isRowBroadcast(a, b)) return zipRows(a, b, f);
  const shape = broadcastShape(a.shape, b.shape);
  if (!shape) throw new RangeError(`shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be broadcast`);
  const out = allocate(a.dtype, sizeOf(shape));
  const stridesA = broadcastStrides(a.shape, shape);
  const stridesB = broadcastStrides(b.shape, shape);
  const index = new Array<number>(shape.length).fill(0);
  let offsetA = 0;
  let offsetB = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = f(a.data[offsetA]!, b.data[offsetB]!);
    // Advance the multi-index like an odometer, keeping both source offsets in step.
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis]!++;
      offsetA += stridesA[axis]!;
      offsetB += stridesB[axis]!;
      if (index[axis]! < shape[axis]!) break;
      offsetA -= stridesA[axis]! * shape[axis]!;
      offsetB -= stridesB[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return new Tensor(out, shape);
}

/**
 * Sum a gradient of a broadcast result back down to the shape of the operand that was broadcast
 * (the backward of broadcasting: a value used many times receives the sum of its gradients).
 */
export function sumToShape(grad: Tensor, shape: Shape): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const out = allocate(grad.dtype, sizeOf(shape));
  const strides = broadcastStrides(shape, grad.shape);
  const index = new Array<number>(grad.rank).fill(0);
  let offset = 0;
  for (let i = 0; i < grad.size; i++) {
    out[offset] = out[offset]! + grad.data[i]!;
    for (let axis = grad.rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      offset += strides[axis]!;
      if (index[axis]! < grad.shape[axis]!) break;
      offset -= strides[axis]! * grad.shape[axis]!;
      index[axis] = 0;
    }
  }
  return new Tensor(out, shape);
}

export const add = (a: Tensor, b: Tensor): Tensor => zip(a, b, (x, y) => x + y);
export const subtract = (a: Tensor, b: Tensor): Tensor => zip(a, b, (x, y) => x - y);
export const multiply = (a: Tensor, b: Tensor): Tensor => zip(a, b, (x, y) => x * y);
export const scale = (a: Tensor, factor: number): Tensor => map(a, (x) => x * factor);
export const negate = (a: Tensor): Tensor => map(a, (x) => -x);

/** a += b in place (same shape): how gradients from several consumers accumulate. */
export function addInPlace(a: Tensor, b: Tensor): void {
  if (!shapesEqual(a.shape, b.shape)) {
    throw new RangeError(`cannot accumulate ${formatShape(b.shape)} into ${formatShape(a.shape)}`);
  }
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + y[i]!;
}

/** `a` stretched to `shape` by broadcasting (the backward of a sum or mean over an axis). */
export function broadcastTo(a: Tensor, shape: Shape): Tensor {
  if (shapesEqual(a.shape, shape)) return a;
  return zip(Tensor.zeros(shape, a.dtype), a, (_, y) => y);
}
