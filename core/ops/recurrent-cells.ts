// The math of one time step of the chapter 6 cells, forward and backward, on flat row-major arrays.
// recurrent.ts wraps it twice: as cell ops (one step) and as sequence ops (a loop over time with
// backpropagation through time inside the op, so the graph stays a DAG).
//
// Dimension letters: N batch, F input features, H hidden units. Every cell reads Z = [x, h] (N, F+H); a
// weight W (F+H, H) is stored as one matrix, so Z·W = x·W[0:F] + h·W[F:F+H] is computed without
// concatenating (the two row blocks of a row-major W are contiguous).
//
//   RNN   h′ = tanh(Z·W_f + B_f)
//   LSTM  f, i, o = σ(Z·W_f + B_f), σ(Z·W_i + B_i), σ(Z·W_o + B_o);  c̄ = tanh(Z·W_c + B_c)
//         c′ = f⊙c + i⊙c̄;  h′ = o⊙tanh(c′)
//   GRU   r = σ(Z·W_r + B_r), u = σ(Z·W_u + B_u)   (each gate its own weights: the book's code reuses W_r for u)
//         h̄ = tanh(x·W_xh + (r⊙h)·W_hh + B_h);  h′ = u⊙h + (1 − u)⊙h̄
//
// A step's state is [h] for RNN and GRU and [h, c] for LSTM; backward takes ∂L/∂state′ and returns
// ∂L/∂x and ∂L/∂state, adding the parameter gradients into `paramGrads` (so a sequence accumulates them).

import { allocate, type DType, type TensorData } from '../tensor/tensor.ts';
import type { Backend } from '../backend/types.ts';
import { immediateWeightGradients, type WeightGradientSink } from './weight-gradients.ts';

type Gemm = Backend['gemm'];
/** What a cell step needs from the backend: products and the gate functions. */
type CellKernels = Pick<Backend, 'gemm' | 'activate'>;

export type CellKind = 'RNN' | 'GRU' | 'LSTM';

export interface CellSizes {
  n: number;
  f: number;
  h: number;
}

/** A parameter of a cell: its name and its shape from F and H. */
export interface CellParam {
  name: string;
  description: string;
  rows: (f: number, h: number) => number;
  isBias: boolean;
}

const gateWeight = (name: string, what: string): CellParam =>
  ({ name, description: `${what} weights (F+H, H), applied to Z = [x, h].`, rows: (f, h) => f + h, isBias: false });
const gateBias = (name: string, what: string): CellParam =>
  ({ name, description: `${what} bias (1, H).`, rows: () => 1, isBias: true });

/** Each cell's parameters, in the order ops list them (and the optimizer and exporters see them). */
export const CELL_PARAMS: Readonly<Record<CellKind, readonly CellParam[]>> = {
  RNN: [gateWeight('W_f', 'Hidden-state'), gateBias('B_f', 'Hidden-state')],
  LSTM: [
    gateWeight('W_f', 'Forget-gate'), gateBias('B_f', 'Forget-gate'),
    gateWeight('W_i', 'Input-gate'), gateBias('B_i', 'Input-gate'),
    gateWeight('W_o', 'Output-gate'), gateBias('B_o', 'Output-gate'),
    gateWeight('W_c', 'Candidate-cell'), gateBias('B_c', 'Candidate-cell'),
  ],
  GRU: [
    gateWeight('W_r', 'Reset-gate'), gateBias('B_r', 'Reset-gate'),
    gateWeight('W_u', 'Update-gate'), gateBias('B_u', 'Update-gate'),
    { name: 'W_xh', description: 'Candidate weights for x (F, H).', rows: (f) => f, isBias: false },
    { name: 'W_hh', description: 'Candidate weights for r⊙h (H, H).', rows: (_f, h) => h, isBias: false },
    gateBias('B_h', 'Candidate'),
  ],
};

/** How many state tensors (N, H) a cell carries: h, or h and c. */
export const stateCount = (kind: CellKind): number => (kind === 'LSTM' ? 2 : 1);

// ─── products on flat arrays, through the backend's gemm (row blocks of W are views, never copies) ───

/** out (n, m) += a (n, k) · w[rows from..from+k) (a block of rows of a (·, m) matrix). */
function addProduct(gemm: Gemm, out: TensorData, a: TensorData, n: number, k: number, w: TensorData, from: number, m: number): void {
  gemm(
    { data: a, offset: 0, rows: n, cols: k, rowStride: k, colStride: 1 },
    { data: w, offset: from * m, rows: k, cols: m, rowStride: m, colStride: 1 },
    { data: out, offset: 0, rowStride: m }, true);
}

/** da (n, k) += g (n, m) · w[rows from..from+k)ᵀ — the block read transposed, not copied. */
function addProductTransposed(gemm: Gemm, da: TensorData, g: TensorData, n: number, m: number, w: TensorData, from: number, k: number): void {
  gemm(
    { data: g, offset: 0, rows: n, cols: m, rowStride: m, colStride: 1 },
    { data: w, offset: from * m, rows: m, cols: k, rowStride: 1, colStride: m },
    { data: da, offset: 0, rowStride: k }, true);
}

/** db (1, m) += column sums of g (n, m) */
function addBiasGradient(db: TensorData, g: TensorData, n: number, m: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) db[j] = db[j]! + g[i * m + j]!;
}

/** Z·W + B for Z = [x, h]: the pre-activation of one gate, (N, H). */
function gateInput(gemm: Gemm, x: TensorData, h: TensorData, w: TensorData, b: TensorData, s: CellSizes, dtype: DType): TensorData {
  const out = allocate(dtype, s.n * s.h);
  for (let i = 0; i < s.n; i++) out.set(b.subarray(0, s.h), i * s.h);
  addProduct(gemm, out, x, s.n, s.f, w, 0, s.h);
  addProduct(gemm, out, h, s.n, s.h, w, s.f, s.h);
  return out;
}

/** The backward of gateInput: parameter gradients into dW, dB; ∂L/∂x and ∂L/∂h added into dx (if wanted), dh. */
function gateBackward(
  gemm: Gemm, weights: WeightGradientSink, da: TensorData, x: TensorData, h: TensorData, w: TensorData, dw: TensorData, db: TensorData,
  dx: TensorData | null, dh: TensorData, s: CellSizes,
): void {
  weights.add(dw, 0, x, s.n, s.f, da, s.h);
  weights.add(dw, s.f, h, s.n, s.h, da, s.h);
  addBiasGradient(db, da, s.n, s.h);
  if (dx) addProductTransposed(gemm, dx, da, s.n, s.h, w, 0, s.f);
  addProductTransposed(gemm, dh, da, s.n, s.h, w, s.f, s.h);
}

/** A gate's pre-activation turned into its activation, in place. */
function activateInPlace(kernels: CellKernels, kind: 'sigmoid' | 'tanh', a: TensorData): TensorData {
  kernels.activate(kind, a, a);
  return a;
}

// ─── one step of each cell ──────────────────────────────────────────────────────────────────────────

/** What a step keeps for its backward. */
type StepCache = Record<string, TensorData>;

export interface StepResult {
  /** The new state: [h′] or [h′, c′]. */
  state: TensorData[];
  cache: StepCache;
}

/** One time step forward: x (N, F), state [h] or [h, c] (each (N, H)), parameters in CELL_PARAMS order. */
export function cellForward(kernels: CellKernels, kind: CellKind, params: readonly TensorData[], x: TensorData, state: readonly TensorData[], s: CellSizes, dtype: DType): StepResult {
  const gemm = kernels.gemm;
  const h = state[0]!;
  switch (kind) {
    case 'RNN': {
      const [wf, bf] = params as [TensorData, TensorData];
      const next = activateInPlace(kernels, 'tanh', gateInput(gemm, x, h, wf, bf, s, dtype));
      return { state: [next], cache: { x, h, next } };
    }
    case 'LSTM': {
      const [wf, bf, wi, bi, wo, bo, wc, bc] = params as TensorData[];
      const c = state[1]!;
      const f = activateInPlace(kernels, 'sigmoid', gateInput(gemm, x, h, wf!, bf!, s, dtype));
      const i = activateInPlace(kernels, 'sigmoid', gateInput(gemm, x, h, wi!, bi!, s, dtype));
      const o = activateInPlace(kernels, 'sigmoid', gateInput(gemm, x, h, wo!, bo!, s, dtype));
      const cBar = activateInPlace(kernels, 'tanh', gateInput(gemm, x, h, wc!, bc!, s, dtype));
      const cNext = allocate(dtype, s.n * s.h);
      const tanhC = allocate(dtype, s.n * s.h);
      const hNext = allocate(dtype, s.n * s.h);
      for (let k = 0; k < cNext.length; k++) cNext[k] = f[k]! * c[k]! + i[k]! * cBar[k]!;
      kernels.activate('tanh', cNext, tanhC);
      for (let k = 0; k < hNext.length; k++) hNext[k] = o[k]! * tanhC[k]!;
      return { state: [hNext, cNext], cache: { x, h, c, f, i, o, cBar, tanhC } };
    }
    case 'GRU': {
      const [wr, br, wu, bu, wxh, whh, bh] = params as TensorData[];
      const r = activateInPlace(kernels, 'sigmoid', gateInput(gemm, x, h, wr!, br!, s, dtype));
      const u = activateInPlace(kernels, 'sigmoid', gateInput(gemm, x, h, wu!, bu!, s, dtype));
      const rh = allocate(dtype, s.n * s.h);
      for (let k = 0; k < rh.length; k++) rh[k] = r[k]! * h[k]!;
      const hBar = allocate(dtype, s.n * s.h);
      for (let n = 0; n < s.n; n++) hBar.set(bh!.subarray(0, s.h), n * s.h);
      addProduct(gemm, hBar, x, s.n, s.f, wxh!, 0, s.h);
      addProduct(gemm, hBar, rh, s.n, s.h, whh!, 0, s.h);
      activateInPlace(kernels, 'tanh', hBar);
      const hNext = allocate(dtype, s.n * s.h);
      for (let k = 0; k < hNext.length; k++) hNext[k] = u[k]! * h[k]! + (1 - u[k]!) * hBar[k]!;
      return { state: [hNext], cache: { x, h, r, u, rh, hBar } };
    }
  }
}

/**
 * One time step backward. `stateGrad`: ∂L/∂h′ (and ∂L/∂c′). Adds into `paramGrads` (CELL_PARAMS order) and
 * returns ∂L/∂x (N, F) — null unless `inputGrad` (x is usually data) — and ∂L/∂state ([∂L/∂h] or [∂L/∂h, ∂L/∂c]).
 * Weight gradients go to `weights` (a sequence collects them and adds them once after its loop).
 */
export function cellBackward(
  kernels: CellKernels, kind: CellKind, params: readonly TensorData[], cache: StepCache, stateGrad: readonly TensorData[],
  paramGrads: readonly TensorData[], s: CellSizes, dtype: DType, inputGrad = true,
  weights: WeightGradientSink = immediateWeightGradients(kernels.gemm),
): { dx: TensorData | null; dState: TensorData[] } {
  const gemm = kernels.gemm;
  const { x, h } = cache as { x: TensorData; h: TensorData };
  const dx = inputGrad ? allocate(dtype, s.n * s.f) : null;
  const dh = allocate(dtype, s.n * s.h);
  const dhNext = stateGrad[0]!;
  switch (kind) {
    case 'RNN': {
      const next = cache.next!;
      const da = allocate(dtype, s.n * s.h);
      for (let k = 0; k < da.length; k++) da[k] = dhNext[k]! * (1 - next[k]! * next[k]!);
      gateBackward(gemm, weights, da, x, h, params[0]!, paramGrads[0]!, paramGrads[1]!, dx, dh, s);
      return { dx, dState: [dh] };
    }
    case 'LSTM': {
      const { c, f, i, o, cBar, tanhC } = cache as Record<string, TensorData>;
      const dcNext = stateGrad[1]!;
      const size = s.n * s.h;
      const [daf, dai, dao, dac, dc] = [0, 0, 0, 0, 0].map(() => allocate(dtype, size)) as TensorData[];
      for (let k = 0; k < size; k++) {
        // c′ reaches the loss directly (dcNext) and through h′ = o⊙tanh(c′).
        const dcTotal = dcNext[k]! + dhNext[k]! * o![k]! * (1 - tanhC![k]! * tanhC![k]!);
        dao![k] = dhNext[k]! * tanhC![k]! * o![k]! * (1 - o![k]!);
        daf![k] = dcTotal * c![k]! * f![k]! * (1 - f![k]!);
        dai![k] = dcTotal * cBar![k]! * i![k]! * (1 - i![k]!);
        dac![k] = dcTotal * i![k]! * (1 - cBar![k]! * cBar![k]!);
        dc![k] = dcTotal * f![k]!;
      }
      [daf, dai, dao, dac].forEach((da, g) => gateBackward(gemm, weights, da!, x, h, params[2 * g]!, paramGrads[2 * g]!, paramGrads[2 * g + 1]!, dx, dh, s));
      return { dx, dState: [dh, dc!] };
    }
    case 'GRU': {
      const { r, u, rh, hBar } = cache as Record<string, TensorData>;
      const size = s.n * s.h;
      const dah = allocate(dtype, size);
      const dau = allocate(dtype, size);
      for (let k = 0; k < size; k++) {
        dah[k] = dhNext[k]! * (1 - u![k]!) * (1 - hBar![k]! * hBar![k]!);
        dau[k] = dhNext[k]! * (h[k]! - hBar![k]!) * u![k]! * (1 - u![k]!);
        dh[k] = dhNext[k]! * u![k]!;
      }
      // The candidate: h̄ = tanh(x·W_xh + (r⊙h)·W_hh + B_h).
      weights.add(paramGrads[4]!, 0, x, s.n, s.f, dah, s.h);
      weights.add(paramGrads[5]!, 0, rh!, s.n, s.h, dah, s.h);
      addBiasGradient(paramGrads[6]!, dah, s.n, s.h);
      if (dx) addProductTransposed(gemm, dx, dah, s.n, s.h, params[4]!, 0, s.f);
      const drh = allocate(dtype, size);
      addProductTransposed(gemm, drh, dah, s.n, s.h, params[5]!, 0, s.h);
      const dar = allocate(dtype, size);
      for (let k = 0; k < size; k++) {
        dar[k] = drh[k]! * h[k]! * r![k]! * (1 - r![k]!);
        dh[k] = dh[k]! + drh[k]! * r![k]!;
      }
      gateBackward(gemm, weights, dar, x, h, params[0]!, paramGrads[0]!, paramGrads[1]!, dx, dh, s);
      gateBackward(gemm, weights, dau, x, h, params[2]!, paramGrads[2]!, paramGrads[3]!, dx, dh, s);
      return { dx, dState: [dh] };
    }
  }
}
