// One PyTorch emitter per op type: the op's torch equivalent — a module built in `__init__` and called in
// `forward`, or an expression — and, for an op that owns parameters, where each one goes in the state_dict
// and how its layout differs from Gradflow's. Where torch's built-in differs from Gradflow's math (a bias
// without a weight, the book's non-inverted dropout), a small custom module is written into the script.

import { bool, num, str } from '../ops/attributes.ts';
import type { ResolvedAttributes, SymbolicShape } from '../ops/types.ts';
import type { Compat } from '../train/config.ts';
import { pyNumber, pyTuple } from './types.ts';
import { CELL_PARAMS, type CellKind } from '../ops/recurrent-cells.ts';

/** How a Gradflow parameter becomes a torch tensor: as it is, transposed (nn.Linear), or axes 0 and 1 swapped (nn.Conv2d). */
export type TorchLayout = 'same' | 'linear' | 'conv';

export interface TorchNode {
  /** The Python attribute / variable name of this node (an identifier made from its id). */
  name: string;
  attrs: ResolvedAttributes;
  compat: Compat;
  inputs: string[];
  inputShapes: SymbolicShape[];
  /** The node's parameter shapes, in the op's order. */
  paramShapes: number[][];
}

export interface TorchEmitter {
  /** The line that builds the module or parameter in __init__ (after `self.<name> = `), if any. */
  init?(n: TorchNode): string;
  /** The expression computing the output in forward. */
  call(n: TorchNode): string;
  /** For each parameter: its state_dict key below the node's name, and its layout. */
  params?: readonly { key: string; layout: TorchLayout }[];
  /** Custom module classes this op needs (see TORCH_MODULES in pytorch.ts). */
  modules?(n: TorchNode): readonly string[];
  /** A comment for the __init__ line (e.g. how keepProbability became p). */
  note?(n: TorchNode): string;
}

const module = (build: (n: TorchNode) => string): TorchEmitter => ({ init: build, call: (n) => `self.${n.name}(${n.inputs[0]})` });
const reduce = (fn: string) => (n: TorchNode) => {
  const axis = str(n.attrs, 'axis');
  return axis === 'all' ? `torch.${fn}(${n.inputs[0]})` : `torch.${fn}(${n.inputs[0]}, dim=${axis})`;
};
const inverted = (n: TorchNode) => n.compat !== 'book' && bool(n.attrs, 'inverted');

export const TORCH_EMITTERS: Readonly<Record<string, TorchEmitter>> = {
  Parameter: {
    init: (n) => `nn.Parameter(torch.zeros(${pyTuple(n.paramShapes[0]!)}))`,
    call: (n) => `self.${n.name}`,
    params: [{ key: '', layout: 'same' }],
  },
  Constant: {
    call: (n) => `self.${n.name}`,
  },
  Add: { call: (n) => `${n.inputs[0]} + ${n.inputs[1]}` },
  Subtract: { call: (n) => `${n.inputs[0]} - ${n.inputs[1]}` },
  Multiply: { call: (n) => `${n.inputs[0]} * ${n.inputs[1]}` },
  Square: { call: (n) => `${n.inputs[0]} ** 2` },
  Exp: { call: (n) => `torch.exp(${n.inputs[0]})` },
  Log: { call: (n) => `torch.log(${n.inputs[0]})` },
  Sum: { call: reduce('sum') },
  Mean: { call: reduce('mean') },
  Sigmoid: module(() => 'nn.Sigmoid()'),
  Tanh: module(() => 'nn.Tanh()'),
  ReLU: module(() => 'nn.ReLU()'),
  LeakyReLU: module((n) => `nn.LeakyReLU(${pyNumber(num(n.attrs, 'slope'))})`),
  Linear: module(() => 'nn.Identity()'),
  Softmax: module(() => 'nn.Softmax(dim=-1)'),
  MatMul: { call: (n) => `${n.inputs[0]} @ ${n.inputs[1]}` },
  WeightMultiply: {
    ...module((n) => `nn.Linear(${n.paramShapes[0]![0]}, ${n.paramShapes[0]![1]}, bias=False)`),
    params: [{ key: '.weight', layout: 'linear' }],
    note: () => 'WeightMultiply: X·W, W = weight.T',
  },
  BiasAdd: {
    ...module((n) => `BiasAdd(${n.paramShapes[0]![1]})`),
    params: [{ key: '.B', layout: 'same' }],
    modules: () => ['BiasAdd'],
  },
  Dropout: {
    ...module((n) => {
      const keep = num(n.attrs, 'keepProbability');
      return inverted(n) ? `nn.Dropout(p=${pyNumber(Number((1 - keep).toPrecision(12)))})` : `BookDropout(keep=${pyNumber(keep)})`;
    }),
    modules: (n) => (inverted(n) ? [] : ['BookDropout']),
    note: (n) => (inverted(n)
      ? `keepProbability ${pyNumber(num(n.attrs, 'keepProbability'))} → torch's drop probability p = 1 − keep`
      : 'the book\'s dropout: not inverted'),
  },
  Conv2D: {
    ...module((n) => {
      const [cIn, cOut, k] = n.paramShapes[0]!;
      return `nn.Conv2d(${cIn}, ${cOut}, ${k}, padding=${Math.floor(k! / 2)}, bias=False)`;
    }),
    params: [{ key: '.weight', layout: 'conv' }],
    note: () => '"same" padding, stride 1; Gradflow\'s K (C_in, C_out, k, k) is weight (C_out, C_in, k, k)',
  },
  // Recurrent ops: small modules with the book's equations and Gradflow's weight layout (nn.GRU / nn.LSTM
  // compute other gate equations — torch's GRU resets after the hidden product — and stack their weights).
  RNN: sequence('RNN'),
  GRU: sequence('GRU'),
  LSTM: sequence('LSTM'),
  RNNCell: cell('RNN'),
  GRUCell: cell('GRU'),
  LSTMCell: cell('LSTM'),
  MaxPool2D: module((n) => `nn.MaxPool2d(${num(n.attrs, 'size')})`),
  Flatten: module(() => 'nn.Flatten()'),
};

/** The loss as a function of prediction `p` and target `y` (every loss averages over the batch N). */
export const TORCH_LOSSES: Readonly<Record<string, (compat: Compat) => string[]>> = {
  MeanSquaredError: () => [
    '"""Σ(P − Y)² / N: summed over the outputs, averaged over the batch (nn.MSELoss would average over every element)."""',
    'return torch.sum((p - y) ** 2) / p.shape[0]',
  ],
  SoftmaxCrossEntropy: (compat) => [
    '"""−Σ y·ln softmax(p) / N (for (N, classes): F.cross_entropy(p, y, reduction="sum") / N; over sequences',
    '(N, T, classes) it sums over the time steps too)."""',
    ...(compat === 'book'
      ? ['# compat "book": the book reports a different loss value, but its gradient, (p − y)/N, is this one\'s.']
      : []),
    'return -torch.sum(y * F.log_softmax(p, dim=-1)) / p.shape[0]',
  ],
  BinaryCrossEntropy: () => [
    '"""−Σ [y·ln p + (1 − y)·ln(1 − p)] / N, with p clipped to [1e-7, 1 − 1e-7] as Gradflow clips it."""',
    'return F.binary_cross_entropy(p.clamp(1e-7, 1 - 1e-7), y, reduction="sum") / p.shape[0]',
  ],
};

/** `BookGRUCell(F, H)`: F and H from the first weight, (F+H, H) for every cell kind. */
function cellModule(kind: CellKind, n: TorchNode): string {
  const [rows, hidden] = n.paramShapes[0]!;
  return `Book${kind}Cell(${rows! - hidden!}, ${hidden})`;
}

function cell(kind: CellKind): TorchEmitter {
  return {
    init: (n) => cellModule(kind, n),
    call: (n) => `self.${n.name}(${n.inputs[0]}, ${n.inputs[1]})`,
    params: CELL_PARAMS[kind].map((p) => ({ key: `.${p.name}`, layout: 'same' as const })),
    modules: () => [`Book${kind}Cell`],
  };
}

function sequence(kind: CellKind): TorchEmitter {
  return {
    ...module((n) => `Sequence(${cellModule(kind, n)})`),
    params: CELL_PARAMS[kind].map((p) => ({ key: `.cell.${p.name}`, layout: 'same' as const })),
    modules: () => [`Book${kind}Cell`, 'Sequence'],
    note: () => 'the book\'s equations over (N, T, F) from a zero state, not nn.' + kind,
  };
}
