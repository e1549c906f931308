// The fast backend's matrix multiplication: WebAssembly SIMD kernels (gemm.wat, compiled by
// scripts/build-wasm.mjs into two flavours, relaxed-simd with fused multiply-add and plain simd) behind one
// synchronous call. Operands are copied into the module's linear memory (only the span each one covers),
// packed there by the kernel (which is where strides and transposes are resolved), multiplied, and the
// product is copied out. Platform-free: no node: imports, no fetch; the binaries are base64 strings.
//
// Not here: choosing a backend, elementwise kernels, threads. Use blocked-gemm.ts where this returns null.
//
// Speed: 128-bit wasm caps this machine class near 50 GFLOP/s; the relaxed flavour reaches ~45 on squares and
// 35-45 on the engine's shapes (copies included). Measure per shape with bench/gemm-shapes.script.ts and
// bench/peers/gemm_shapes.py; the README's performance table has the latest side-by-side run.
import { gemmRelaxedSimdBase64, gemmSimdBase64 } from './kernels.generated.ts';
import { checkGemmOperands, clearTarget, operandSpan } from './gemm-operands.ts';
import type { MatrixOperand, MatrixTarget } from './gemm-operands.ts';
import { decodeBase64, webAssemblyApi, WASM_PAGE_BYTES } from './webassembly-runtime.ts';
import type { WasmMemory } from './webassembly-runtime.ts';

export type { MatrixOperand, MatrixTarget, GemmFunction } from './gemm-operands.ts';

export type WasmFlavour = 'relaxed-simd' | 'simd';

export interface WasmGemm {
  readonly flavour: WasmFlavour;
  /** True for relaxed-simd: products are summed with fused multiply-adds (one rounding each). */
  readonly fma: boolean;
  /** c = (accumulate ? c : 0) + a·b, float32. Throws RangeError naming shapes when a.cols !== b.rows. */
  gemm(a: MatrixOperand, b: MatrixOperand, c: MatrixTarget, accumulate: boolean): void;
}

/** Fastest first: loadWasmGemm takes the first one this runtime validates. */
const FLAVOURS: readonly WasmFlavour[] = ['relaxed-simd', 'simd'];

const BINARIES: Record<WasmFlavour, string> = { 'relaxed-simd': gemmRelaxedSimdBase64, simd: gemmSimdBase64 };

const decoded = new Map<WasmFlavour, Uint8Array>();

function binary(flavour: WasmFlavour): Uint8Array {
  let bytes = decoded.get(flavour);
  if (!bytes) {
    bytes = decodeBase64(BINARIES[flavour]);
    decoded.set(flavour, bytes);
  }
  return bytes;
}

let support: { simd: boolean; relaxedSimd: boolean } | null = null;

/** Which flavours this runtime accepts (WebAssembly.validate on the built binaries; computed once). */
export function wasmSupport(): { simd: boolean; relaxedSimd: boolean } {
  if (!support) {
    const api = webAssemblyApi();
    support = {
      simd: api !== null && api.validate(binary('simd')),
      relaxedSimd: api !== null && api.validate(binary('relaxed-simd')),
    };
  }
  return { ...support };
}

function supports(flavour: WasmFlavour): boolean {
  const { simd, relaxedSimd } = wasmSupport();
  return flavour === 'simd' ? simd : relaxedSimd;
}

// Synchronous compilation is fine in workers and Node; on a browser page's main thread Chromium allows it only
// for modules up to 4 KB, which these are (~2.2 KB; gemm.test.ts keeps it so).

/**
 * The best flavour this runtime validates (or `prefer` if given and supported); null when wasm SIMD is
 * unavailable. Synchronous (new WebAssembly.Module): the engine runs in workers and Node, where sync compile
 * is allowed. Each call makes its own instance and memory.
 */
export function loadWasmGemm(prefer?: WasmFlavour): WasmGemm | null {
  const flavour = prefer && supports(prefer) ? prefer : FLAVOURS.find(supports);
  if (!flavour) return null;
  return new WasmGemmInstance(flavour);
}

// Block sizes of the loop nest (gemm.wat; the kernel evens them out per shape): a kc × 8 panel of B (8 KB)
// stays in L1 while the 4-row panels of an mc × kc block of A (64 KB) stream from L2; the kc × nc block of B
// (1 MB) is reused across all of A. Measured flat within noise from kc 256 to 512, mc 32 to 128, nc 512 to
// 2048. kc fixes the summation order: changing it changes the bits (never the determinism).
const MC = 64;
const KC = 256;
const NC = 1024;

/**
 * Rows of A (and C) per kernel call. Linear memory only grows, so one product over a whole split (an
 * evaluation of 60,000 MNIST rows: 190 MB of A) would otherwise stay allocated for the life of the worker.
 */
const MAX_ROWS_PER_CALL = 4096;

const EDGE_TILE_BYTES = 128;
const PACKED_A_BYTES = MC * KC * 4;
const PACKED_B_BYTES = KC * NC * 4;

type GemmExport = (
  m: number, n: number, k: number,
  a: number, aRowStride: number, aColStride: number,
  b: number, bRowStride: number, bColStride: number,
  c: number, ldc: number, accumulate: number,
  packedA: number, packedB: number, mcMax: number, kcMax: number, ncMax: number,
) => void;

/** Rounds a byte count up to a whole number of v128s. */
function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

class WasmGemmInstance implements WasmGemm {
  readonly fma: boolean;
  private readonly memory: WasmMemory;
  private readonly kernel: GemmExport;
  private floats: Float32Array;

  constructor(readonly flavour: WasmFlavour) {
    const api = webAssemblyApi();
    if (!api) throw new Error('WebAssembly is not available');
    const instance = new api.Instance(new api.Module(binary(flavour)));
    this.memory = instance.exports.memory as WasmMemory;
    this.kernel = instance.exports.gemm as GemmExport;
    this.floats = new Float32Array(this.memory.buffer);
    this.fma = flavour === 'relaxed-simd';
  }

  gemm(a: MatrixOperand, b: MatrixOperand, c: MatrixTarget, accumulate: boolean): void {
    const { m, n, k } = checkGemmOperands(a, b, c);
    if (m > MAX_ROWS_PER_CALL) {
      // Row blocks of A and C in turn: each row of C still sums over k in the same order (same bits).
      for (let row = 0; row < m; row += MAX_ROWS_PER_CALL) {
        const rows = Math.min(MAX_ROWS_PER_CALL, m - row);
        this.gemm({ ...a, offset: a.offset + row * a.rowStride, rows }, b, { ...c, offset: c.offset + row * c.rowStride }, accumulate);
      }
      return;
    }
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (!accumulate) clearTarget(c, m, n);
      return;
    }
    // Layout: edge tile | packed A block | packed B block | A's span | B's span, 32 spare bytes | C (m × n, dense).
    const aSpan = operandSpan(a);
    const bSpan = operandSpan(b);
    const aBase = EDGE_TILE_BYTES + PACKED_A_BYTES + PACKED_B_BYTES;
    const bBase = aBase + align16(aSpan.length * 4);
    // The kernel may read up to 28 bytes past B's last float (a B read in place, gemm.wat), hence the 32.
    const cBase = bBase + align16(bSpan.length * 4 + 32);
    const floats = this.floatsCovering(cBase + m * n * 4);

    floats.set(a.data.subarray(aSpan.start, aSpan.start + aSpan.length), aBase / 4);
    floats.set(b.data.subarray(bSpan.start, bSpan.start + bSpan.length), bBase / 4);
    if (accumulate) copyTargetIn(c, floats, cBase / 4, m, n);

    this.kernel(
      m, n, k,
      aBase + (a.offset - aSpan.start) * 4, a.rowStride * 4, a.colStride * 4,
      bBase + (b.offset - bSpan.start) * 4, b.rowStride * 4, b.colStride * 4,
      cBase, n * 4, accumulate ? 1 : 0,
      EDGE_TILE_BYTES, EDGE_TILE_BYTES + PACKED_A_BYTES, MC, KC, NC,
    );
    copyTargetOut(floats, cBase / 4, c, m, n);
  }

  /** A view of linear memory at least `bytes` long, growing the memory when needed. */
  private floatsCovering(bytes: number): Float32Array {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / WASM_PAGE_BYTES));
    // Growing detaches the old buffer, and so the cached view.
    if (this.floats.buffer !== this.memory.buffer) this.floats = new Float32Array(this.memory.buffer);
    return this.floats;
  }
}

/** The target's m × n values → dense rows at floats[at …]. */
function copyTargetIn(c: MatrixTarget, floats: Float32Array, at: number, m: number, n: number): void {
  if (c.rowStride === n) {
    floats.set(c.data.subarray(c.offset, c.offset + m * n), at);
    return;
  }
  for (let i = 0; i < m; i++) {
    const row = c.offset + i * c.rowStride;
    floats.set(c.data.subarray(row, row + n), at + i * n);
  }
}

/** Dense rows at floats[at …] → the target's m × n values, leaving whatever lies between its rows. */
function copyTargetOut(floats: Float32Array, at: number, c: MatrixTarget, m: number, n: number): void {
  if (c.rowStride === n) {
    c.data.set(floats.subarray(at, at + m * n), c.offset);
    return;
  }
  for (let i = 0; i < m; i++) c.data.set(floats.subarray(at + i * n, at + (i + 1) * n), c.offset + i * c.rowStride);
}
