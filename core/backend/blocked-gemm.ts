// The last-resort matrix multiplication, in plain TypeScript, for runtimes without WebAssembly SIMD: the same
// signature as the wasm kernels (core/backend/wasm/index.ts). B is copied once into dense rows (which also
// resolves any strides), padded to a multiple of 4 rows; then, block by block of B, two rows of C at a time
// take four k at a time: the inner loop reads 4 floats of B and updates 2 of C for 8 multiply-adds, which
// is what V8 runs fastest (~3 GFLOP/s here, against ~1 for a plain i-k-j loop; the wasm kernels do ~40).
// Rounding: each group of four products is summed in float64 and added to C in float32, groups in k order,
// so the same shapes give the same bits.
import { checkGemmOperands, clearTarget } from './wasm/gemm-operands.ts';
import type { MatrixOperand, MatrixTarget } from './wasm/gemm-operands.ts';

// A (KC × NC) block of B, 128 KB, is reused by every row of A.
const KC = 128;
const NC = 256;

/** c = (accumulate ? c : 0) + a·b, float32. Throws RangeError naming shapes when a.cols !== b.rows. */
export function blockedGemm(a: MatrixOperand, b: MatrixOperand, c: MatrixTarget, accumulate: boolean): void {
  const { m, n, k } = checkGemmOperands(a, b, c);
  if (m === 0 || n === 0) return;
  if (!accumulate) clearTarget(c, m, n);
  if (k === 0) return;
  const denseB = denseRowsPaddedTo4(b);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) multiplyBlock(a, denseB, n, c, m, jc, nc, pc, Math.min(KC, k - pc));
  }
}

/** The operand as dense row-major floats, with zero rows appended up to a multiple of 4 rows. */
function denseRowsPaddedTo4(operand: MatrixOperand): Float32Array {
  const { data, offset, rows, cols, rowStride, colStride } = operand;
  const dense = new Float32Array(Math.ceil(rows / 4) * 4 * cols);
  for (let i = 0; i < rows; i++) copyRow(data, offset + i * rowStride, colStride, dense, i * cols, cols);
  return dense;
}

function copyRow(from: Float32Array, start: number, stride: number, to: Float32Array, at: number, count: number): void {
  for (let j = 0; j < count; j++) to[at + j] = from[start + j * stride];
}

/** a[i, p], and 0 past the last column (matching B's zero padding rows). */
function elementOrZero(a: MatrixOperand, i: number, p: number): number {
  return p < a.cols ? a.data[a.offset + i * a.rowStride + p * a.colStride] : 0;
}

/** C[:, jc:jc+nc] += A[:, pc:pc+kc] · B[pc:pc+kc, jc:jc+nc], two rows of A at a time, four k at a time. */
function multiplyBlock(
  a: MatrixOperand, denseB: Float32Array, ldb: number, c: MatrixTarget,
  m: number, jc: number, nc: number, pc: number, kc: number,
): void {
  for (let i = 0; i < m; i += 2) {
    const row0 = c.offset + i * c.rowStride + jc;
    for (let p = pc; p < pc + kc; p += 4) {
      const b0 = p * ldb + jc;
      const a00 = elementOrZero(a, i, p), a01 = elementOrZero(a, i, p + 1);
      const a02 = elementOrZero(a, i, p + 2), a03 = elementOrZero(a, i, p + 3);
      if (i + 1 < m) {
        const a10 = elementOrZero(a, i + 1, p), a11 = elementOrZero(a, i + 1, p + 1);
        const a12 = elementOrZero(a, i + 1, p + 2), a13 = elementOrZero(a, i + 1, p + 3);
        twoRowsFourK(a00, a01, a02, a03, a10, a11, a12, a13, denseB, b0, ldb, c.data, row0, c.rowStride, nc);
      } else {
        oneRowFourK(a00, a01, a02, a03, denseB, b0, ldb, c.data, row0, nc);
      }
    }
  }
}

/** y[row0 …] += Σ_q a0q·B[q], y[row0 + ldc …] += Σ_q a1q·B[q], over four rows q of B starting at `from`. */
function twoRowsFourK(
  a00: number, a01: number, a02: number, a03: number, a10: number, a11: number, a12: number, a13: number,
  x: Float32Array, from: number, ldb: number, y: Float32Array, row0: number, ldc: number, count: number,
): void {
  const from1 = from + ldb, from2 = from1 + ldb, from3 = from2 + ldb, row1 = row0 + ldc;
  for (let j = 0; j < count; j++) {
    const x0 = x[from + j], x1 = x[from1 + j], x2 = x[from2 + j], x3 = x[from3 + j];
    y[row0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
    y[row1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
  }
}

/** The last row when m is odd: twoRowsFourK for one row. */
function oneRowFourK(
  a00: number, a01: number, a02: number, a03: number,
  x: Float32Array, from: number, ldb: number, y: Float32Array, row0: number, count: number,
): void {
  const from1 = from + ldb, from2 = from1 + ldb, from3 = from2 + ldb;
  for (let j = 0; j < count; j++) y[row0 + j] += a00 * x[from + j] + a01 * x[from1 + j] + a02 * x[from2 + j] + a03 * x[from3 + j];
}
