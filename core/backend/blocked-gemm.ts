// The last-resort matrix multiplication, in plain TypeScript, for runtimes without WebAssembly SIMD: the same
// signature as the wasm kernels (core/backend/wasm/index.ts), cache-blocked, i-k-j order so the innermost
// loop runs along contiguous rows of B and C. Summation is float32 in k order, block after block (the same
// order for the same shapes, so the same bits). Roughly 10× slower than the wasm kernels; it is not tuned.
import { checkGemmOperands, clearTarget } from './wasm/gemm-operands.ts';
import type { MatrixOperand, MatrixTarget } from './wasm/gemm-operands.ts';

// A (KC × NC) block of B, about 128 KB, is reused by every row of A.
const KC = 128;
const NC = 256;

/** c = (accumulate ? c : 0) + a·b, float32. Throws RangeError naming shapes when a.cols !== b.rows. */
export function blockedGemm(a: MatrixOperand, b: MatrixOperand, c: MatrixTarget, accumulate: boolean): void {
  const { m, n, k } = checkGemmOperands(a, b, c);
  if (m === 0 || n === 0) return;
  if (!accumulate) clearTarget(c, m, n);
  if (k === 0) return;
  // B is copied once into dense rows, so the inner loop has unit stride whatever B's strides are.
  const denseB = denseCopy(b);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      multiplyBlock(a, denseB, n, c, m, jc, nc, pc, Math.min(KC, k - pc));
    }
  }
}

/** The operand as a dense row-major Float32Array. */
function denseCopy(operand: MatrixOperand): Float32Array {
  const { data, offset, rows, cols, rowStride, colStride } = operand;
  const dense = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) copyRow(data, offset + i * rowStride, colStride, dense, i * cols, cols);
  return dense;
}

function copyRow(from: Float32Array, start: number, stride: number, to: Float32Array, at: number, count: number): void {
  for (let j = 0; j < count; j++) to[at + j] = from[start + j * stride];
}

/** C[:, jc:jc+nc] += A[:, pc:pc+kc] · B[pc:pc+kc, jc:jc+nc], row by row of A. */
function multiplyBlock(
  a: MatrixOperand, denseB: Float32Array, ldb: number, c: MatrixTarget,
  m: number, jc: number, nc: number, pc: number, kc: number,
): void {
  for (let i = 0; i < m; i++) {
    const cRow = c.offset + i * c.rowStride + jc;
    const aRow = a.offset + i * a.rowStride + pc * a.colStride;
    for (let p = 0; p < kc; p++) {
      const scale = a.data[aRow + p * a.colStride];
      axpyRow(scale, denseB, (pc + p) * ldb + jc, c.data, cRow, nc);
    }
  }
}

/** y[at …] += scale · x[from …], count values, rounded to float32 as it goes. */
function axpyRow(scale: number, x: Float32Array, from: number, y: Float32Array, at: number, count: number): void {
  for (let j = 0; j < count; j++) y[at + j] += Math.fround(scale * x[from + j]);
}
