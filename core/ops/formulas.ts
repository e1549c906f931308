// Step-through's formulas (DESIGN.md §7): each Operation's local math with the step's numbers plugged in,
// e.g. forward `σ(x) = 1/(1 + e^(−x)) = 1/(1 + e^(−1)) = 0.7311` and backward
// `∂σ/∂x = σ(x)(1 − σ(x)) = 0.7311 × (1 − 0.7311) = 0.1966; ∂L/∂x = ∂L/∂σ × ∂σ/∂x = 1 × 0.1966 = 0.1966`.
//
// A learner checks the numbers by hand, so a tensor with more than one element shows its first element and
// says so ("element [0, 0] of (4, 1)"). Every op without its own entry below falls back to the registry's
// formula and the first element of each result, so a new op is never left without one.
//
// The numbers are the executor's: the backward text recomputes the local derivative for display only and
// always ends on the gradient the executor actually produced.

import { formatShape, type Tensor } from '../tensor/tensor.ts';
import type { Compat } from '../train/config.ts';
import { bool, num, str } from './attributes.ts';
import { findOp } from './registry.ts';
import type { ResolvedAttributes } from './types.ts';

/** What one node saw and produced in the step's forward pass. */
export interface NodeValues {
  /** The node's id: sources (x, y, W) are called by it. */
  nodeId: string;
  op: string;
  attrs: ResolvedAttributes;
  /** The values on the input ports, in port order. */
  inputs: readonly { port: string; value: Tensor }[];
  /** The parameters the node owns (WeightMultiply's W, BiasAdd's B, …). */
  params: readonly { name: string; value: Tensor }[];
  output: Tensor;
  compat: Compat;
  /** Training mode (dropout draws masks); step-through runs in evaluation mode. */
  training: boolean;
}

/** The same node after its backward step. */
export interface BackwardValues extends NodeValues {
  /** ∂L/∂(this node's output), summed over its consumers. */
  outputGrad: Tensor;
  /** ∂L/∂(each input), undefined where no gradient flows (data, targets). */
  inputGrads: readonly (Tensor | undefined)[];
  /** ∂L/∂(each owned parameter), in `params` order. */
  paramGrads: readonly (Tensor | undefined)[];
  /**
   * The gradient each consumer sent back along its edge (chapter 6's autodiff: a value used twice accumulates
   * `+=` the gradient of each use). Given when the node feeds more than one consumer that sends one back.
   */
  contributions?: readonly { consumer: string; grad: Tensor }[];
}

// ---- numbers and element names ----

const MINUS = '−';

/** A number with 4 significant digits, trailing zeros dropped: 0.7311, 2, −0.5, 1.5e-5. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e-3 && a < 1e4
    ? trimZeros(a.toPrecision(4))
    : a.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return v < 0 ? `${MINUS}${text}` : text;
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A number as an operand: negatives in parentheses, so `2 × (−0.5)` reads right. */
const arg = (v: number): string => (v < 0 ? `(${formatNumber(v)})` : formatNumber(v));
const at = (t: Tensor, i: number): number => t.data[i]!;
const first = (t: Tensor): number => t.data[0]!;

/** "" for a one-element tensor, else " (element [0, 0] of (4, 1))". */
function elementNote(t: Tensor): string {
  if (t.size <= 1) return '';
  return ` (element [${t.shape.map(() => 0).join(', ')}] of ${formatShape(t.shape)})`;
}

/** "a + b + c + … (12 terms)" — the first few terms of a long sum. */
function sumTerms(terms: string[], count: number): string {
  const shown = terms.slice(0, 3).join(' + ');
  return count > 3 ? `${shown} + … (${count} terms)` : shown;
}

/** "∂L/∂x = ∂L/∂σ × ∂σ/∂x = g × d = r" — the chain rule for one input, ending on the executor's own gradient. */
function chain(wrt: string, outputName: string, g: number, local: number, result: Tensor | undefined, outputSize: number): string {
  if (!result) return `no gradient flows into ${wrt} (it is data)`;
  // An input broadcast to a bigger output (a bias row, a scalar weight) sums the gradients of its copies.
  const product = result.size < outputSize ? `Σ over its broadcast copies of ${arg(g)} × ${arg(local)} …` : `${arg(g)} × ${arg(local)}`;
  return `∂L/∂${wrt} = ∂L/∂${outputName} × ∂${outputName}/∂${wrt} = ${product} = ${formatNumber(first(result))}${elementNote(result)}`;
}

// ---- forward ----

type ForwardFormula = (v: NodeValues) => string;

const input = (v: NodeValues, i: number): Tensor => v.inputs[i]!.value;
const x0 = (v: NodeValues): number => first(input(v, 0));
const out0 = (v: NodeValues): string => `${formatNumber(first(v.output))}${elementNote(v.output)}`;

/** The terms of out[0] of a reduction: every element of X (axis "all") or those along the reduced axis. */
function reducedTerms(x: Tensor, attrs: ResolvedAttributes): { terms: number[]; count: number } {
  const axis = str(attrs, 'axis');
  if (axis === 'all') return { terms: Array.from(x.data.subarray(0, 3)), count: x.size };
  const a = Number(axis);
  const stride = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const count = x.shape[a]!;
  return { terms: Array.from({ length: Math.min(3, count) }, (_, j) => at(x, j * stride)), count };
}

/** Row 0 of a (N, k) matrix times column 0 of a (k, m) matrix: the sum that makes out[0, 0]. */
function matmulTerms(x: Tensor, w: Tensor): string {
  const k = x.shape[1]!;
  const m = w.shape[1]!;
  const terms = Array.from({ length: Math.min(3, k) }, (_, j) => `${arg(at(x, j))} × ${arg(at(w, j * m))}`);
  return sumTerms(terms, k);
}

const FORWARD: Record<string, ForwardFormula> = {
  Input: (v) => `${v.nodeId} = ${out0(v)}: the features of this batch`,
  Target: (v) => `${v.nodeId} = ${out0(v)}: the labels of this batch`,
  Parameter: (v) => `${v.nodeId} = ${out0(v)}`,
  Constant: (v) => `${v.nodeId} = ${out0(v)}`,
  Add: (v) => `A + B = ${arg(x0(v))} + ${arg(first(input(v, 1)))} = ${out0(v)}`,
  Subtract: (v) => `A ${MINUS} B = ${arg(x0(v))} ${MINUS} ${arg(first(input(v, 1)))} = ${out0(v)}`,
  Multiply: (v) => `A × B = ${arg(x0(v))} × ${arg(first(input(v, 1)))} = ${out0(v)}`,
  Square: (v) => `x² = ${arg(x0(v))}² = ${out0(v)}`,
  Exp: (v) => `eˣ = e^${arg(x0(v))} = ${out0(v)}`,
  Log: (v) => `ln x = ln ${arg(x0(v))} = ${out0(v)}`,
  Sum: (v) => {
    const { terms, count } = reducedTerms(input(v, 0), v.attrs);
    return `Σᵢ xᵢ = ${sumTerms(terms.map(arg), count)} = ${out0(v)}`;
  },
  Mean: (v) => {
    const { terms, count } = reducedTerms(input(v, 0), v.attrs);
    return `(1/n) Σᵢ xᵢ = (${sumTerms(terms.map(arg), count)}) / ${count} = ${out0(v)}`;
  },
  Sigmoid: (v) => `σ(x) = 1/(1 + e^(${MINUS}x)) = 1/(1 + e^${arg(-x0(v))}) = ${out0(v)}`,
  Tanh: (v) => `tanh(x) = tanh(${formatNumber(x0(v))}) = ${out0(v)}`,
  ReLU: (v) => `max(0, x) = max(0, ${formatNumber(x0(v))}) = ${out0(v)}`,
  LeakyReLU: (v) => `max(αx, x) = max(${formatNumber(num(v.attrs, 'slope'))} × ${arg(x0(v))}, ${formatNumber(x0(v))}) = ${out0(v)}`,
  Linear: (v) => `out = x = ${out0(v)}`,
  Softmax: (v) => {
    const x = input(v, 0);
    const cols = x.shape[x.rank - 1] ?? 1;
    const terms = Array.from({ length: Math.min(3, cols) }, (_, c) => `e^${arg(at(x, c))}`);
    return `p₀ = e^x₀ / Σⱼ e^xⱼ = e^${arg(at(x, 0))} / (${sumTerms(terms, cols)}) = ${out0(v)}`;
  },
  MatMul: (v) => `out[0, 0] = Σₖ X[0, k]·W[k, 0] = ${matmulTerms(input(v, 0), input(v, 1))} = ${out0(v)}`,
  WeightMultiply: (v) => `out[0, 0] = Σₖ X[0, k]·W[k, 0] = ${matmulTerms(input(v, 0), v.params[0]!.value)} = ${out0(v)}`,
  BiasAdd: (v) => `X + B = ${arg(x0(v))} + ${arg(first(v.params[0]!.value))} = ${out0(v)}`,
  Dropout: (v) => {
    const p = num(v.attrs, 'keepProbability');
    const inverted = v.compat !== 'book' && bool(v.attrs, 'inverted');
    if (!v.training) {
      return inverted
        ? `in evaluation Dropout passes values on: out = x = ${out0(v)}`
        : `in evaluation (book variant) out = p·x = ${formatNumber(p)} × ${arg(x0(v))} = ${out0(v)}`;
    }
    const kept = first(v.output) !== 0 || x0(v) === 0;
    return `out = x ⊙ mask${inverted ? ' / p' : ''}: element [0] is ${kept ? 'kept' : 'dropped'} (p = ${formatNumber(p)}), ${arg(x0(v))} → ${out0(v)}`;
  },
  Flatten: (v) => `(N, …) → ${formatShape(v.output.shape)}: the values are unchanged, out[0, 0] = ${out0(v)}`,
  MaxPool2D: (v) => {
    const s = num(v.attrs, 'size');
    const x = input(v, 0);
    const w = x.shape[3]!;
    const cells: number[] = [];
    for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) cells.push(at(x, i * w + j));
    const shown = cells.length <= 4 ? `max(${cells.map(formatNumber).join(', ')})` : `the largest of the first ${s}×${s} window`;
    return `out[0, 0, 0, 0] = ${shown} = ${out0(v)}`;
  },
  MeanSquaredError: (v) => {
    const [p, y] = [input(v, 0), input(v, 1)];
    const n = p.rank === 0 ? 1 : p.shape[0]!;
    const terms = Array.from({ length: Math.min(3, p.size) }, (_, i) => `(${formatNumber(at(p, i))} ${MINUS} ${arg(at(y, i))})²`);
    return `L = Σ(P ${MINUS} Y)² / N = (${sumTerms(terms, p.size)}) / ${n} = ${formatNumber(first(v.output))}`;
  },
  SoftmaxCrossEntropy: (v) => {
    const [x, y] = [input(v, 0), input(v, 1)];
    const n = x.shape[0]!;
    const cols = x.shape[1]!;
    const row = Array.from(x.data.subarray(0, cols));
    const max = Math.max(...row);
    const total = row.reduce((s, z) => s + Math.exp(z - max), 0);
    let label = 0;
    for (let c = 1; c < cols; c++) if (at(y, c) > at(y, label)) label = c;
    const p = Math.exp(row[label]! - max) / total;
    return `p = softmax(x); L = ${MINUS}Σ y·ln p / N. Row 0 is class ${label}: p = ${formatNumber(p)}, ${MINUS}ln p = ${formatNumber(-Math.log(p))}; the mean over N = ${n} rows: L = ${formatNumber(first(v.output))}`;
  },
  BinaryCrossEntropy: (v) => {
    const [p, y] = [input(v, 0), input(v, 1)];
    const n = p.rank === 0 ? 1 : p.shape[0]!;
    const [q, t] = [first(p), first(y)];
    return `L = ${MINUS}Σ [y ln p + (1 ${MINUS} y) ln(1 ${MINUS} p)] / N; element [0]: ${MINUS}[${formatNumber(t)} × ln ${formatNumber(q)} + ${formatNumber(1 - t)} × ln ${formatNumber(1 - q)}]; over N = ${n}: L = ${formatNumber(first(v.output))}`;
  },
};

/** The node's forward formula with the step's numbers plugged in. */
export function forwardFormula(v: NodeValues): string {
  const special = FORWARD[v.op];
  if (special) return special(v);
  const general = findOp(v.op)?.formula.split(';')[0]?.trim() ?? v.op;
  return `${general}; out = ${out0(v)}`;
}

// ---- backward ----

type BackwardFormula = (v: BackwardValues) => string;

const g0 = (v: BackwardValues): number => first(v.outputGrad);

/** The backward text of a one-input elementwise op: its local derivative, then the chain rule. */
function elementwise(name: string, localFormula: (v: BackwardValues) => { formula: string; plugged: string; value: number }): BackwardFormula {
  return (v) => {
    const { formula, plugged, value } = localFormula(v);
    const local = `∂${name}/∂x = ${formula} = ${plugged}${plugged ? ' = ' : ''}${formatNumber(value)}`;
    return `${local}; ${chain('x', name, g0(v), value, v.inputGrads[0], v.output.size)}`;
  };
}

/** Add, Subtract and Multiply: the local derivative of each operand, then the chain rule for each. */
function binary(locals: (v: BackwardValues) => [{ formula: string; value: number }, { formula: string; value: number }]): BackwardFormula {
  return (v) => {
    const both = locals(v);
    return (['A', 'B'] as const).map((port, i) => {
      const { formula, value } = both[i]!;
      return `∂out/∂${port} = ${formula}; ${chain(port, 'out', g0(v), value, v.inputGrads[i], v.output.size)}`;
    }).join('. ');
  };
}

const noGradient = (what: string): BackwardFormula => () => `${what}: no gradient flows into it`;

const BACKWARD: Record<string, BackwardFormula> = {
  Input: noGradient('data'),
  Target: noGradient('labels'),
  Constant: noGradient('a constant'),
  Parameter: (v) => {
    const grad = v.paramGrads[0];
    if (grad && v.contributions && v.contributions.length > 1) return accumulation(v.nodeId, v.contributions, grad);
    return grad ? `∂L/∂${v.nodeId} = the sum of the gradients its consumers send back = ${formatNumber(first(grad))}${elementNote(grad)}` : 'no gradient reached this parameter';
  },
  Add: binary(() => [{ formula: '1', value: 1 }, { formula: '1', value: 1 }]),
  Subtract: binary(() => [{ formula: '1', value: 1 }, { formula: `${MINUS}1`, value: -1 }]),
  Multiply: binary((v) => {
    const [a, b] = [x0(v), first(input(v, 1))];
    return [{ formula: `B = ${formatNumber(b)}`, value: b }, { formula: `A = ${formatNumber(a)}`, value: a }];
  }),
  Square: elementwise('(x²)', (v) => ({ formula: '2x', plugged: `2 × ${arg(x0(v))}`, value: 2 * x0(v) })),
  Exp: elementwise('eˣ', (v) => ({ formula: 'eˣ', plugged: '', value: first(v.output) })),
  Log: elementwise('ln x', (v) => ({ formula: '1/x', plugged: `1/${arg(x0(v))}`, value: 1 / x0(v) })),
  Sigmoid: elementwise('σ', (v) => {
    const s = first(v.output);
    return { formula: `σ(x)(1 ${MINUS} σ(x))`, plugged: `${formatNumber(s)} × (1 ${MINUS} ${formatNumber(s)})`, value: s * (1 - s) };
  }),
  Tanh: elementwise('tanh', (v) => {
    const t = first(v.output);
    return { formula: `1 ${MINUS} tanh²(x)`, plugged: `1 ${MINUS} ${arg(t)}²`, value: 1 - t * t };
  }),
  ReLU: elementwise('relu', (v) => ({ formula: `1 if x > 0 else 0 (x = ${formatNumber(x0(v))})`, plugged: '', value: x0(v) > 0 ? 1 : 0 })),
  LeakyReLU: elementwise('leaky', (v) => {
    const a = num(v.attrs, 'slope');
    return { formula: `1 if x > 0 else α (x = ${formatNumber(x0(v))}, α = ${formatNumber(a)})`, plugged: '', value: x0(v) > 0 ? 1 : a };
  }),
  Linear: elementwise('out', () => ({ formula: '1', plugged: '', value: 1 })),
  Sum: elementwise('Σ', () => ({ formula: '1 for every summed element', plugged: '', value: 1 })),
  Mean: (v) => {
    const { count } = reducedTerms(input(v, 0), v.attrs);
    return `∂mean/∂xᵢ = 1/n = 1/${count}; ${chain('x', 'mean', g0(v), 1 / count, v.inputGrads[0], v.output.size)}`;
  },
  Softmax: (v) => {
    const p = v.output;
    const g = v.outputGrad;
    const cols = p.shape[p.rank - 1] ?? 1;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += at(g, c) * at(p, c);
    const result = v.inputGrads[0];
    return `∂L/∂x₀ = p₀(G₀ ${MINUS} Σⱼ Gⱼpⱼ) = ${formatNumber(at(p, 0))} × (${formatNumber(at(g, 0))} ${MINUS} ${arg(dot)}) = ${result ? formatNumber(first(result)) : '?'}${elementNote(p)}`;
  },
  MatMul: (v) => matmulBackward(v, input(v, 1), v.inputGrads[1], 'W'),
  WeightMultiply: (v) => matmulBackward(v, v.params[0]!.value, v.paramGrads[0], 'W'),
  BiasAdd: (v) => {
    const gb = v.paramGrads[0];
    const n = v.outputGrad.shape[0]!;
    const cols = v.outputGrad.size / n;
    const terms = Array.from({ length: Math.min(3, n) }, (_, r) => arg(at(v.outputGrad, r * cols)));
    const dx = v.inputGrads[0];
    return `∂L/∂X = G${dx ? ` = ${formatNumber(first(dx))}${elementNote(dx)}` : ''}; ∂L/∂B[0, 0] = Σₙ G[n, 0] = ${sumTerms(terms, n)} = ${gb ? formatNumber(first(gb)) : '?'}`;
  },
  Dropout: (v) => {
    const dx = v.inputGrads[0];
    const local = dx && g0(v) !== 0 ? first(dx) / g0(v) : undefined;
    const why = v.training ? 'mask / p (kept units pass the gradient, dropped ones block it)'
      : v.compat !== 'book' && bool(v.attrs, 'inverted') ? '1 in evaluation' : 'p in evaluation (book variant)';
    return `∂out/∂x = ${why}${local !== undefined ? ` = ${formatNumber(local)}` : ''}; ∂L/∂x = ${dx ? formatNumber(first(dx)) : '?'}${dx ? elementNote(dx) : ''}`;
  },
  Flatten: (v) => {
    const dx = v.inputGrads[0];
    return `the gradient is reshaped back to ${dx ? formatShape(dx.shape) : 'the input'}: ∂L/∂x = ${dx ? `${formatNumber(first(dx))}${elementNote(dx)}` : '?'}`;
  },
  MaxPool2D: (v) => {
    const dx = v.inputGrads[0];
    return `each window's gradient goes to its largest value (the others get 0): ∂L/∂X = ${dx ? `${formatNumber(first(dx))}${elementNote(dx)}` : '?'}`;
  },
  MeanSquaredError: (v) => {
    const [p, y] = [input(v, 0), input(v, 1)];
    const n = p.rank === 0 ? 1 : p.shape[0]!;
    const dp = v.inputGrads[0];
    return `∂L/∂P = 2(P ${MINUS} Y)/N = 2 × (${formatNumber(first(p))} ${MINUS} ${arg(first(y))}) / ${n} = ${dp ? formatNumber(first(dp)) : '?'}${elementNote(p)}`;
  },
  SoftmaxCrossEntropy: (v) => {
    const [x, y] = [input(v, 0), input(v, 1)];
    const n = x.shape[0]!;
    const dx = v.inputGrads[0];
    // p₀ back out of the executor's gradient: dx₀ = (p₀ − y₀)/N (g = 1 at the loss).
    const p0 = dx ? (first(dx) / g0(v)) * n + first(y) : NaN;
    return `∂L/∂x = (p ${MINUS} y)/N = (${formatNumber(p0)} ${MINUS} ${arg(first(y))}) / ${n} = ${dx ? formatNumber(first(dx)) : '?'}${elementNote(x)}`;
  },
  BinaryCrossEntropy: (v) => {
    const [p, y] = [input(v, 0), input(v, 1)];
    const n = p.rank === 0 ? 1 : p.shape[0]!;
    const [q, t] = [first(p), first(y)];
    const dp = v.inputGrads[0];
    return `∂L/∂p = (p ${MINUS} y) / (p(1 ${MINUS} p)N) = (${formatNumber(q)} ${MINUS} ${arg(t)}) / (${formatNumber(q)} × ${arg(1 - q)} × ${n}) = ${dp ? formatNumber(first(dp)) : '?'}${elementNote(p)}`;
  },
};

/** MatMul and WeightMultiply: ∂L/∂X = G·Wᵀ and ∂L/∂W = Xᵀ·G, element [0, 0] of each written out. */
function matmulBackward(v: BackwardValues, w: Tensor, dW: Tensor | undefined, wName: string): string {
  const x = input(v, 0);
  const g = v.outputGrad;
  const [n, k] = [x.shape[0]!, x.shape[1]!];
  const m = w.shape[1]!;
  const parts: string[] = [];
  const dX = v.inputGrads[0];
  if (dX) {
    // (G·Wᵀ)[0, 0] = Σⱼ G[0, j]·W[0, j]
    const terms = Array.from({ length: Math.min(3, m) }, (_, j) => `${arg(at(g, j))} × ${arg(at(w, j))}`);
    parts.push(`∂L/∂X[0, 0] = Σⱼ G[0, j]·${wName}[0, j] = ${sumTerms(terms, m)} = ${formatNumber(first(dX))}`);
  }
  if (dW) {
    // (Xᵀ·G)[0, 0] = Σₙ X[n, 0]·G[n, 0]
    const terms = Array.from({ length: Math.min(3, n) }, (_, r) => `${arg(at(x, r * k))} × ${arg(at(g, r * m))}`);
    parts.push(`∂L/∂${wName}[0, 0] = Σₙ X[n, 0]·G[n, 0] = ${sumTerms(terms, n)} = ${formatNumber(first(dW))}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'no gradient flows through it';
}

/**
 * Fan-out (chapter 6's autodiff): a value used by several consumers accumulates their gradients with `+=`,
 * e.g. `∂L/∂a += 20 (from b); ∂L/∂a += 17 (from e); ∂L/∂a = 20 + 17 = 37`. The total is the executor's own sum.
 */
export function accumulation(name: string, contributions: readonly { consumer: string; grad: Tensor }[], total: Tensor): string {
  const steps = contributions.map((c) => `∂L/∂${name} += ${formatNumber(first(c.grad))} (from ${c.consumer})`);
  const terms = contributions.map((c) => arg(first(c.grad))).join(' + ');
  return `${name} feeds ${contributions.length} consumers, so its gradient accumulates: ${steps.join('; ')}; ∂L/∂${name} = ${terms} = ${formatNumber(first(total))}${elementNote(total)}`;
}

/** The node's backward formula: its local derivative and the chain rule, with the step's numbers. */
export function backwardFormula(v: BackwardValues): string {
  const own = backwardOwn(v);
  // A non-parameter node that feeds several consumers says first how its output gradient was summed.
  if (v.op !== 'Parameter' && v.contributions && v.contributions.length > 1) return `${accumulation(v.nodeId, v.contributions, v.outputGrad)}. ${own}`;
  return own;
}

function backwardOwn(v: BackwardValues): string {
  const special = BACKWARD[v.op];
  if (special) return special(v);
  const general = findOp(v.op)?.formula.split(';').slice(1).join(';').trim() || v.op;
  const results = [
    ...v.inputs.map((inp, i) => [inp.port, v.inputGrads[i]] as const),
    ...v.params.map((p, i) => [p.name, v.paramGrads[i]] as const),
  ].flatMap(([name, grad]) => (grad ? [`∂L/∂${name} = ${formatNumber(first(grad))}${elementNote(grad)}`] : []));
  return results.length > 0 ? `${general}; ${results.join('; ')}` : `${general}; no gradient flows through it`;
}
