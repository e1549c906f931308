// Shape inference helpers over symbolic shapes (null = the batch dimension N).

import { formatShape } from '../tensor/tensor.ts';
import { ShapeError, type Dim, type SymbolicShape } from './types.ts';

/** The broadcast of two symbolic shapes (numpy rules; N only matches N or 1). */
export function broadcastSymbolic(a: SymbolicShape, b: SymbolicShape): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)]! : 1;
    const db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)]! : 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else {
      throw new ShapeError(
        `shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together (dimension ${i}: ${da ?? 'N'} vs ${db ?? 'N'})`,
      );
    }
  }
  return out;
}

/** Throw a ShapeError unless the shape has the given rank. */
export function requireRank(shape: SymbolicShape, rank: number, port: string, meaning: string, suggestion?: string): void {
  if (shape.length !== rank) {
    throw new ShapeError(`${port} must be ${meaning}, got ${formatShape(shape)}`, suggestion, port);
  }
}

/** Throw a ShapeError unless a dimension is known (not the batch dimension) and return it. */
export function knownDim(shape: SymbolicShape, axis: number, port: string): number {
  const dim = shape[axis];
  if (dim === null || dim === undefined) {
    throw new ShapeError(`${port} needs a known size on axis ${axis}, got ${formatShape(shape)}`, undefined, port);
  }
  return dim;
}

/** Two symbolic dims are compatible when equal, or when either is the batch dim. */
export function dimsMatch(a: Dim, b: Dim): boolean {
  return a === null || b === null || a === b;
}
