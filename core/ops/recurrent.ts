// Recurrent ops (chapter 6), two ways over the same cell math (recurrent-cells.ts):
//
//   RNNCell, GRUCell, LSTMCell   one time step: x (N, F) and the previous state → the next state.
//   RNN, GRU, LSTM               a whole sequence: X (N, T, F) → hidden states (N, T, H), starting from a zero
//                                state; backward runs backpropagation through time inside the op, so the graph
//                                stays a DAG and one set of weights is shared by every step.
//
// Ops have one output each, so LSTMCell carries its two states as one tensor: state = [h | c] (N, 2H) in,
// state′ = [h′ | c′] (N, 2H) out (h is the first H columns). The sequence LSTM outputs the hidden states h
// only, which is what the next layer reads.
//
// Every op owns its weights (a ParamOperation, like WeightMultiply): a cell node is one step to look at and
// step through; to share weights over time, use the sequence ops. Weights start Glorot-scaled by default
// (N(0, 1) saturates tanh at any useful width); biases start at zero.

import { Tensor, allocate, type TensorData } from '../tensor/tensor.ts';
import { recycle } from '../tensor/buffer-pool.ts';
import { num, str } from './attributes.ts';
import { knownDim, requireRank } from './shape-rules.ts';
import { ShapeError, type AttributeSpec, type InitScheme, type OpDefinition, type ParamSpec, type SymbolicShape } from './types.ts';
import { CELL_PARAMS, cellBackward, cellForward, stateCount, type CellKind, type CellSizes } from './recurrent-cells.ts';
import { DeferredWeightGradients } from './weight-gradients.ts';

const attributes: Readonly<Record<string, AttributeSpec>> = {
  hiddenSize: { kind: 'number', integer: true, min: 1, max: 4096, default: 32, description: 'H, the number of hidden units.' },
  init: {
    kind: 'enum', options: ['glorot', 'standard', 'he'], default: 'glorot',
    description: 'How the weights start: glorot (variance 2/(fan_in+fan_out)), standard N(0, 1), or he. Biases start at 0.',
  },
};

/** The ParamSpecs of a cell kind; `featureAxis` is where F sits in the op's first input. */
function paramSpecs(kind: CellKind, featureAxis: number): ParamSpec[] {
  return CELL_PARAMS[kind].map((p): ParamSpec => ({
    name: p.name,
    description: p.description,
    shape: (inputs, attrs) => {
      const h = num(attrs, 'hiddenSize');
      return [p.rows(knownDim(inputs[0]!, featureAxis, 'X'), h), h];
    },
    init: (shape, attrs) => p.isBias
      ? { scheme: 'zeros', fanIn: shape[1]!, fanOut: shape[1]! }
      : { scheme: str(attrs, 'init') as InitScheme, fanIn: shape[0]!, fanOut: shape[1]! },
  }));
}

const FORMULAS: Readonly<Record<CellKind, string>> = {
  RNN: 'Z = [x, h];  h′ = tanh(Z·W_f + B_f)',
  GRU: 'r = σ(Z·W_r + B_r), u = σ(Z·W_u + B_u);  h̄ = tanh(x·W_xh + (r⊙h)·W_hh + B_h);  h′ = u⊙h + (1 − u)⊙h̄',
  LSTM: 'f, i, o = σ(Z·W + B);  c̄ = tanh(Z·W_c + B_c);  c′ = f⊙c + i⊙c̄;  h′ = o⊙tanh(c′)',
};

// ─── one time step ──────────────────────────────────────────────────────────────────────────────────

function cellOp(kind: CellKind, description: string): OpDefinition {
  const states = stateCount(kind);
  const stateName = states === 1 ? 'h' : 'state';
  const stateMeaning = states === 1 ? 'the previous hidden state (N, H)' : 'the previous state [h | c] (N, 2H)';
  return {
    type: `${kind}Cell`, family: 'recurrent', role: 'compute', chapter: 6,
    description,
    formula: FORMULAS[kind],
    inputs: [
      { name: 'X', description: 'This time step\'s input (N, features).' },
      { name: stateName, description: `${stateMeaning[0]!.toUpperCase()}${stateMeaning.slice(1)}.` },
    ],
    params: paramSpecs(kind, 1),
    attributes,
    inferShape: ([x, state], attrs) => {
      requireRank(x!, 2, 'X', 'one time step of a batch (N, features)');
      knownDim(x!, 1, 'X');
      requireRank(state!, 2, stateName, stateMeaning);
      const width = states * num(attrs, 'hiddenSize');
      if (state![1] !== width) {
        throw new ShapeError(`${stateName} must be ${stateMeaning} with H = ${num(attrs, 'hiddenSize')}, got ${state![1] ?? 'N'} columns`,
          `set hiddenSize to ${state![1] === null ? '?' : state![1]! / states} or feed a state of ${width} columns`, stateName);
      }
      return [x![0]!, width];
    },
    forward: (ctx) => {
      const [x, state] = ctx.inputs as [Tensor, Tensor];
      const s: CellSizes = { n: x.shape[0]!, f: x.shape[1]!, h: num(ctx.attrs, 'hiddenSize') };
      const split = splitState(state.data, s, states, x.dtype);
      const step = cellForward(ctx.backend, kind, ctx.params.map((p) => p.data), x.data, split, s, x.dtype);
      return { output: new Tensor(joinState(step.state, s, x.dtype), [s.n, states * s.h]), saved: step.cache };
    },
    backward: (ctx) => {
      const [x, state] = ctx.inputs as [Tensor, Tensor];
      const s: CellSizes = { n: x.shape[0]!, f: x.shape[1]!, h: num(ctx.attrs, 'hiddenSize') };
      const paramGrads = ctx.params.map((p) => p.zerosLike());
      const { dx, dState } = cellBackward(ctx.backend, kind, ctx.params.map((p) => p.data), ctx.saved as Record<string, TensorData>,
        splitState(ctx.outputGrad.data, s, states, x.dtype), paramGrads.map((g) => g.data), s, x.dtype, ctx.needsInputGrad[0]);
      return {
        inputGrads: [
          dx ? new Tensor(dx, x.shape) : null,
          ctx.needsInputGrad[1] ? new Tensor(joinState(dState, s, x.dtype), state.shape) : null,
        ],
        paramGrads,
      };
    },
    gradientCheck: { inputShapes: [[2, 3], [2, 4 * states]], attrs: { hiddenSize: 4 } },
  };
}

/** [h | c] (N, 2H) → [h, c], each (N, H) (a copy); [h] when there is one state. */
function splitState(data: TensorData, s: CellSizes, states: number, dtype: Tensor['dtype']): TensorData[] {
  if (states === 1) return [data];
  const parts = [allocate(dtype, s.n * s.h), allocate(dtype, s.n * s.h)];
  for (let n = 0; n < s.n; n++) {
    parts.forEach((part, k) => part.set(data.subarray((n * states + k) * s.h, (n * states + k + 1) * s.h), n * s.h));
  }
  return parts;
}

/** The inverse of splitState. */
function joinState(parts: readonly TensorData[], s: CellSizes, dtype: Tensor['dtype']): TensorData {
  if (parts.length === 1) return parts[0]!;
  const out = allocate(dtype, s.n * parts.length * s.h);
  for (let n = 0; n < s.n; n++) {
    parts.forEach((part, k) => out.set(part.subarray(n * s.h, (n + 1) * s.h), (n * parts.length + k) * s.h));
  }
  return out;
}

export const RNNCell = cellOp('RNN', 'One time step of a vanilla RNN: the next hidden state from this input and the last state.');
export const GRUCell = cellOp('GRU', 'One time step of a GRU: reset and update gates (each with its own weights) blend the old state with a candidate.');
export const LSTMCell = cellOp('LSTM', 'One time step of an LSTM: forget, input and output gates update the cell c and hidden state h, carried as [h | c].');

// ─── a whole sequence, with backpropagation through time ────────────────────────────────────────────

interface SequenceSaved {
  caches: Record<string, TensorData>[];
}

/** x_t: the rows of time step t, (N, F), copied out of X (N, T, F). */
function timeStep(x: TensorData, n: number, t: number, steps: number, f: number, dtype: Tensor['dtype']): TensorData {
  const out = allocate(dtype, n * f);
  for (let i = 0; i < n; i++) out.set(x.subarray((i * steps + t) * f, (i * steps + t + 1) * f), i * f);
  return out;
}

function sequenceOp(kind: CellKind, description: string): OpDefinition {
  const states = stateCount(kind);
  return {
    type: kind, family: 'recurrent', role: 'compute', chapter: 6,
    description,
    formula: `for t = 1…T: ${FORMULAS[kind]}  (state starts at 0; backward through time)`,
    inputs: [{ name: 'X', description: 'A batch of sequences (N, time steps, features), e.g. one-hot characters.' }],
    params: paramSpecs(kind, 2),
    attributes,
    inferShape: ([x]: readonly SymbolicShape[], attrs) => {
      requireRank(x!, 3, 'X', 'a batch of sequences (N, time steps, features)',
        'set the Input shape to [time steps, features], e.g. [25, 62] for 25 one-hot characters');
      knownDim(x!, 2, 'X');
      return [x![0]!, x![1]!, num(attrs, 'hiddenSize')];
    },
    forward: (ctx) => {
      const x = ctx.inputs[0]!;
      const [n, steps, f] = x.shape as [number, number, number];
      const s: CellSizes = { n, f, h: num(ctx.attrs, 'hiddenSize') };
      const params = ctx.params.map((p) => p.data);
      const out = allocate(x.dtype, n * steps * s.h);
      let state: TensorData[] = Array.from({ length: states }, () => allocate(x.dtype, n * s.h));
      const caches: Record<string, TensorData>[] = [];
      for (let t = 0; t < steps; t++) {
        const step = cellForward(ctx.backend, kind, params, timeStep(x.data, n, t, steps, f, x.dtype), state, s, x.dtype);
        state = step.state;
        caches.push(step.cache);
        for (let i = 0; i < n; i++) out.set(state[0]!.subarray(i * s.h, (i + 1) * s.h), (i * steps + t) * s.h);
      }
      // The last step's state is in no cache (its h is copied into out): back to the pass's pool.
      state.forEach(recycle);
      return { output: new Tensor(out, [n, steps, s.h]), saved: { caches } satisfies SequenceSaved };
    },
    backward: (ctx) => {
      const x = ctx.inputs[0]!;
      const [n, steps, f] = x.shape as [number, number, number];
      const s: CellSizes = { n, f, h: num(ctx.attrs, 'hiddenSize') };
      const { caches } = ctx.saved as SequenceSaved;
      const params = ctx.params.map((p) => p.data);
      const paramGrads = ctx.params.map((p) => p.zerosLike());
      const grads = paramGrads.map((g) => g.data);
      // X is usually data: its gradient is computed only when something upstream needs it.
      const dx = ctx.needsInputGrad[0] ? allocate(x.dtype, x.size) : null;
      const g = ctx.outputGrad.data;
      // ∂L/∂state flowing back from step t+1; the output gradient of step t joins ∂L/∂h.
      let dState: TensorData[] = Array.from({ length: states }, () => allocate(x.dtype, n * s.h));
      const weights = new DeferredWeightGradients();
      for (let t = steps - 1; t >= 0; t--) {
        const dh = dState[0]!;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < s.h; j++) dh[i * s.h + j] = dh[i * s.h + j]! + g[(i * steps + t) * s.h + j]!;
        }
        const back = cellBackward(ctx.backend, kind, params, caches[t]!, dState, grads, s, x.dtype, dx !== null, weights);
        // Step t+1's state gradients and step t's input gradient are spent: back to the pass's buffer pool
        // (with the gate gradients `weights` recycles, an LSTM step backward allocates nothing new).
        dState.forEach(recycle);
        dState = back.dState;
        if (dx) for (let i = 0; i < n; i++) dx.set(back.dx!.subarray(i * f, (i + 1) * f), (i * steps + t) * f);
        recycle(back.dx);
      }
      dState.forEach(recycle);
      weights.flush(ctx.backend.gemm, x.dtype);
      return { inputGrads: [dx ? new Tensor(dx, x.shape) : null], paramGrads };
    },
    gradientCheck: { inputShapes: [[2, 4, 3]], attrs: { hiddenSize: 3 } },
  };
}

export const RNN = sequenceOp('RNN', 'A vanilla RNN over a sequence: one tanh cell applied at every time step, sharing its weights.');
export const GRU = sequenceOp('GRU', 'A GRU over a sequence (the book\'s equations, each gate with its own weights): hidden states for every step.');
export const LSTM = sequenceOp('LSTM', 'An LSTM over a sequence: forget, input and output gates at every time step; outputs the hidden states.');
