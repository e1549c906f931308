// What every gemm (the wasm kernels and the TypeScript fallback) takes: matrices described by offset and
// strides inside a flat Float32Array, so a transposed operand or a row block of a bigger matrix is passed
// without copying. Also the shape and bounds checks they share.

/** A matrix inside a flat Float32Array: element (i, j) is data[offset + i*rowStride + j*colStride]. A transposed operand is just swapped strides — never copied by the caller. */
export interface MatrixOperand {
  data: Float32Array;
  offset: number;
  rows: number;
  cols: number;
  rowStride: number;
  colStride: number;
}

/** Where a product goes: rows × cols are implied by a.rows × b.cols; columns are contiguous. */
export interface MatrixTarget {
  data: Float32Array;
  offset: number;
  rowStride: number;
}

/** The signature every gemm shares: c = (accumulate ? c : 0) + a·b, float32. */
export type GemmFunction = (a: MatrixOperand, b: MatrixOperand, c: MatrixTarget, accumulate: boolean) => void;

/** The contiguous range of `data` an operand reads: [start, start + length). */
export interface OperandSpan {
  start: number;
  length: number;
}

/** The range an operand covers (strides may be negative or zero); empty for a zero-size operand. */
export function operandSpan(operand: MatrixOperand): OperandSpan {
  const { offset, rows, cols, rowStride, colStride } = operand;
  if (rows === 0 || cols === 0) return { start: offset, length: 0 };
  const rowReach = (rows - 1) * rowStride;
  const colReach = (cols - 1) * colStride;
  const start = offset + Math.min(0, rowReach) + Math.min(0, colReach);
  const end = offset + Math.max(0, rowReach) + Math.max(0, colReach);
  return { start, length: end - start + 1 };
}

function describe(operand: MatrixOperand): string {
  return `(${operand.rows}, ${operand.cols})`;
}

/**
 * Throws a RangeError naming the shapes when a·b is undefined, or when an operand or the target reaches
 * outside its array. Returns the product's shape.
 */
export function checkGemmOperands(a: MatrixOperand, b: MatrixOperand, c: MatrixTarget): { m: number; n: number; k: number } {
  if (a.cols !== b.rows) {
    throw new RangeError(`gemm: A ${describe(a)} · B ${describe(b)}: A has ${a.cols} columns but B has ${b.rows} rows`);
  }
  for (const [name, operand] of [['A', a], ['B', b]] as const) {
    const span = operandSpan(operand);
    if (span.length > 0 && (span.start < 0 || span.start + span.length > operand.data.length)) {
      throw new RangeError(
        `gemm: ${name} ${describe(operand)} at offset ${operand.offset}, strides (${operand.rowStride}, ${operand.colStride}) reaches outside its ${operand.data.length} floats`,
      );
    }
  }
  const m = a.rows;
  const n = b.cols;
  if (m > 0 && n > 0) {
    if (m > 1 && c.rowStride < n) {
      throw new RangeError(`gemm: the target's row stride ${c.rowStride} is less than its ${n} columns (rows would overlap)`);
    }
    const end = c.offset + (m - 1) * c.rowStride + n;
    if (c.offset < 0 || end > c.data.length) {
      throw new RangeError(`gemm: the (${m}, ${n}) target at offset ${c.offset}, row stride ${c.rowStride} reaches outside its ${c.data.length} floats`);
    }
  }
  return { m, n, k: a.cols };
}

/** c = 0 over the m × n target (the product when k = 0, unless accumulating). */
export function clearTarget(c: MatrixTarget, m: number, n: number): void {
  if (c.rowStride === n) {
    c.data.fill(0, c.offset, c.offset + m * n);
    return;
  }
  for (let i = 0; i < m; i++) c.data.fill(0, c.offset + i * c.rowStride, c.offset + i * c.rowStride + n);
}
