// What any gemm must do, as groups of checks that return failure messages instead of asserting, so the same
// checks run inside node:test (gemm.test.ts, blocked-gemm.test.ts) and inside the child process that tests
// the relaxed-simd flavour under a V8 flag (relaxed-simd-conformance.script.ts). Platform-free.
//
// The reference is a float64 triple loop. Tolerance: |c − reference| ≤ 1e-5 · (|c₀| + Σ_k |a||b|) per
// element — float32 summation error relative to the magnitudes summed, which holds for any summation
// order and for fused or unfused multiply-adds (observed errors are about 1e-7 of that scale).
import type { GemmFunction, MatrixOperand, MatrixTarget } from './gemm-operands.ts';

export const GEMM_TOLERANCE = 1e-5;

/** A gemm to test, and a way to make a fresh one (for "another instance gives the same bits"). */
export interface GemmUnderTest {
  gemm: GemmFunction;
  fresh: () => GemmFunction;
}

export interface ConformanceGroup {
  name: string;
  run(subject: GemmUnderTest): string[];
}

/** mulberry32: small, seeded, good enough for test data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How an operand sits in its array. */
type Layout = 'rows' | 'transposed' | 'padded' | 'strided' | 'reversed';

/**
 * A rows × cols operand laid out as asked, `offset` floats into its array; every float it does not cover
 * is NaN, so a kernel that reads outside the view poisons its result.
 */
function makeOperand(rows: number, cols: number, layout: Layout, offset: number, random: () => number): MatrixOperand {
  let rowStride = cols;
  let colStride = 1;
  let start = offset;
  if (layout === 'transposed') [rowStride, colStride] = [1, rows];
  if (layout === 'padded') rowStride = cols + 3;
  if (layout === 'strided') [rowStride, colStride] = [2 * cols + 1, 2];
  if (layout === 'reversed') {
    rowStride = -cols;
    start = offset + Math.max(0, rows - 1) * cols;
  }
  const operand: MatrixOperand = { data: new Float32Array(0), offset: start, rows, cols, rowStride, colStride };
  let last = offset;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) last = Math.max(last, start + i * rowStride + j * colStride);
  const data = new Float32Array(last + 1 + 2).fill(Number.NaN);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[start + i * rowStride + j * colStride] = random() * 2 - 1;
  return { ...operand, data };
}

function at(operand: MatrixOperand, i: number, j: number): number {
  return operand.data[operand.offset + i * operand.rowStride + j * operand.colStride];
}

/** A target with a gap between rows (and before the first) holding a sentinel that must survive. */
const SENTINEL = 7.25;

function makeTarget(m: number, n: number, gap: number, offset: number, random: () => number): MatrixTarget {
  const rowStride = n + gap;
  const data = new Float32Array(offset + Math.max(0, m - 1) * rowStride + n + 1).fill(SENTINEL);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[offset + i * rowStride + j] = random() * 2 - 1;
  return { data, offset, rowStride };
}

/** Every disagreement between c (after the gemm) and the float64 product, at most a few, as messages. */
function compareWithReference(
  label: string, a: MatrixOperand, b: MatrixOperand, before: MatrixTarget, after: MatrixTarget, accumulate: boolean,
): string[] {
  const failures: string[] = [];
  const m = a.rows;
  const n = b.cols;
  for (let i = 0; i < m && failures.length < 3; i++) {
    for (let j = 0; j < n && failures.length < 3; j++) {
      const initial = accumulate ? before.data[before.offset + i * before.rowStride + j] : 0;
      let sum = initial;
      let scale = Math.abs(initial);
      for (let p = 0; p < a.cols; p++) {
        sum += at(a, i, p) * at(b, p, j);
        scale += Math.abs(at(a, i, p) * at(b, p, j));
      }
      const got = after.data[after.offset + i * after.rowStride + j];
      if (!(Math.abs(got - sum) <= GEMM_TOLERANCE * scale + 1e-30)) {
        failures.push(`${label}: c[${i}, ${j}] = ${got}, float64 says ${sum} (scale ${scale.toExponential(2)})`);
      }
    }
  }
  for (let index = 0; index < after.data.length && failures.length < 3; index++) {
    const inside = index >= after.offset && (index - after.offset) % after.rowStride < n && index < after.offset + m * after.rowStride;
    if (!inside && after.data[index] !== before.data[index]) failures.push(`${label}: wrote outside the target, at ${index}`);
  }
  return failures;
}

function copyTarget(target: MatrixTarget): MatrixTarget {
  return { ...target, data: target.data.slice() };
}

interface Case {
  m: number;
  n: number;
  k: number;
  aLayout?: Layout;
  bLayout?: Layout;
  aOffset?: number;
  bOffset?: number;
  cGap?: number;
  cOffset?: number;
}

function runCase(gemm: GemmFunction, spec: Case, accumulate: boolean, seed: number): string[] {
  const random = seededRandom(seed);
  const a = makeOperand(spec.m, spec.k, spec.aLayout ?? 'rows', spec.aOffset ?? 0, random);
  const b = makeOperand(spec.k, spec.n, spec.bLayout ?? 'rows', spec.bOffset ?? 0, random);
  const c = makeTarget(spec.m, spec.n, spec.cGap ?? 0, spec.cOffset ?? 0, random);
  const before = copyTarget(c);
  const label = `(${spec.m}, ${spec.k}) ${spec.aLayout ?? 'rows'} · (${spec.k}, ${spec.n}) ${spec.bLayout ?? 'rows'}${accumulate ? ', accumulating' : ''}`;
  try {
    gemm(a, b, c, accumulate);
  } catch (error) {
    return [`${label}: threw ${String(error)}`];
  }
  return compareWithReference(label, a, b, before, c, accumulate);
}

/** Square, tile-edge, block-edge and degenerate shapes, and the products the engine's layers make. */
const SHAPES: Case[] = [
  { m: 1, n: 1, k: 1 }, { m: 1, n: 7, k: 5 }, { m: 6, n: 1, k: 9 }, { m: 9, n: 13, k: 1 },
  { m: 4, n: 8, k: 16 }, { m: 5, n: 9, k: 17 }, { m: 3, n: 7, k: 2 }, { m: 64, n: 64, k: 64 },
  { m: 13, n: 17, k: 300 }, { m: 70, n: 1030, k: 20 }, { m: 129, n: 33, k: 513 },
  { m: 60, n: 89, k: 784 }, { m: 60, n: 10, k: 89 }, { m: 32, n: 1024, k: 316 },
  { m: 2000, n: 16, k: 25 },
  { m: 0, n: 5, k: 3 }, { m: 5, n: 0, k: 3 }, { m: 5, n: 3, k: 0 }, { m: 0, n: 0, k: 0 },
];

/** Layouts: transposed views (the backward products), row blocks inside bigger arrays, strides, gaps in C. */
const LAYOUTS: Case[] = [
  { m: 784, n: 89, k: 60, aLayout: 'transposed' },
  { m: 60, n: 784, k: 89, bLayout: 'transposed' },
  { m: 25, n: 16, k: 3000, aLayout: 'transposed' },
  { m: 316, n: 1024, k: 32, aLayout: 'transposed' },
  { m: 32, n: 316, k: 1024, bLayout: 'transposed' },
  { m: 11, n: 19, k: 23, aLayout: 'transposed', bLayout: 'transposed' },
  { m: 10, n: 12, k: 12, aOffset: 10 * 12, bOffset: 37 },
  { m: 9, n: 10, k: 14, aLayout: 'padded', bLayout: 'padded', cGap: 5, cOffset: 3 },
  { m: 7, n: 11, k: 6, aLayout: 'strided', bLayout: 'strided', aOffset: 2, cGap: 1 },
  { m: 6, n: 9, k: 5, aLayout: 'reversed', bLayout: 'reversed', bOffset: 4 },
  { m: 1, n: 300, k: 40, bLayout: 'transposed', cGap: 4 },
  // Few rows of A: the wasm kernel reads B in place, past the end of B's rows into the NaNs between them.
  { m: 3, n: 13, k: 7, bLayout: 'padded' }, { m: 16, n: 21, k: 40, bLayout: 'padded' },
  { m: 1, n: 89, k: 784 }, { m: 8, n: 1024, k: 300, bLayout: 'strided' },
  // Strides that are multiples of 1 KiB, which the wasm kernel packs rather than reads in place.
  { m: 256, n: 9, k: 7, aLayout: 'transposed' }, { m: 12, n: 256, k: 5 }, { m: 9, n: 512, k: 20, bLayout: 'padded' },
  { m: 5, n: 3, k: 0, cGap: 2, cOffset: 1 },
];

function runCases(gemm: GemmFunction, cases: Case[], accumulate: boolean): string[] {
  return cases.flatMap((spec, index) => runCase(gemm, spec, accumulate, 1000 + index));
}

/** The products of one fixed set of inputs, as bits. */
function productBits(gemm: GemmFunction, spec: Case, seed: number): Uint32Array {
  const random = seededRandom(seed);
  const a = makeOperand(spec.m, spec.k, spec.aLayout ?? 'rows', 0, random);
  const b = makeOperand(spec.k, spec.n, spec.bLayout ?? 'rows', 0, random);
  const c = makeTarget(spec.m, spec.n, 0, 0, random);
  gemm(a, b, c, true);
  return new Uint32Array(c.data.buffer.slice(0));
}

function sameBits(x: Uint32Array, y: Uint32Array): boolean {
  return x.length === y.length && x.every((value, index) => value === y[index]);
}

function determinismFailures({ gemm, fresh }: GemmUnderTest): string[] {
  const failures: string[] = [];
  const probes: Case[] = [{ m: 37, n: 45, k: 600 }, { m: 60, n: 89, k: 784, bLayout: 'transposed' }];
  probes.forEach((probe, index) => {
    const label = `(${probe.m}, ${probe.k}) · (${probe.k}, ${probe.n})`;
    const first = productBits(gemm, probe, 7 + index);
    if (!sameBits(first, productBits(gemm, probe, 7 + index))) failures.push(`${label}: different bits the second time`);
    // A much bigger product grows the linear memory (and moves every buffer the gemm keeps).
    productBits(gemm, { m: 300, n: 1200, k: 700 }, 99);
    if (!sameBits(first, productBits(gemm, probe, 7 + index))) failures.push(`${label}: different bits after memory grew`);
    if (!sameBits(first, productBits(fresh(), probe, 7 + index))) failures.push(`${label}: a fresh instance gives different bits`);
  });
  return failures;
}

function shapeErrorFailures({ gemm }: GemmUnderTest): string[] {
  const random = seededRandom(5);
  const a = makeOperand(3, 4, 'rows', 0, random);
  const b = makeOperand(5, 2, 'rows', 0, random);
  const c = makeTarget(3, 2, 0, 0, random);
  try {
    gemm(a, b, c, false);
  } catch (error) {
    if (!(error instanceof RangeError)) return [`mismatched shapes threw ${String(error)}, not a RangeError`];
    if (!error.message.includes('(3, 4)') || !error.message.includes('(5, 2)')) {
      return [`the RangeError does not name both shapes: ${error.message}`];
    }
    return [];
  }
  return ['(3, 4) · (5, 2) did not throw'];
}

export const GEMM_CONFORMANCE: readonly ConformanceGroup[] = [
  { name: 'matches the float64 product on square, edge, degenerate and engine shapes', run: ({ gemm }) => runCases(gemm, SHAPES, false) },
  { name: 'transposed, strided, reversed and offset operands; targets with gaps between rows', run: ({ gemm }) => runCases(gemm, LAYOUTS, false) },
  { name: 'accumulate adds the product to what c holds', run: ({ gemm }) => runCases(gemm, [...SHAPES.slice(0, 12), ...LAYOUTS], true) },
  { name: 'same inputs give the same bits: twice, after memory grew, on a fresh instance', run: determinismFailures },
  { name: 'mismatched shapes throw a RangeError naming both', run: shapeErrorFailures },
];
