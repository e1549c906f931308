// Losses: nodes with a `prediction` and a `target` port that output one number (DESIGN.md §4). The
// gradient flows back into `prediction` only. Every loss averages over the batch (N = first dimension).

import { Tensor, allocate, allocateForOverwrite, formatShape, shapesEqual } from '../tensor/tensor.ts';
import { softmaxRows } from './activations.ts';
import { dimsMatch, requireRank } from './shape-rules.ts';
import { ShapeError, type OpDefinition, type PortSpec, type SymbolicShape } from './types.ts';

const lossPorts: readonly PortSpec[] = [
  { name: 'prediction', description: 'What the network predicts.' },
  { name: 'target', description: 'What it should have predicted.', isTarget: true },
];

function requireSameShape(prediction: SymbolicShape, target: SymbolicShape, hint?: string): void {
  const same = prediction.length === target.length && prediction.every((d, i) => dimsMatch(d, target[i]!));
  if (!same) {
    throw new ShapeError(
      `prediction ${formatShape(prediction)} and target ${formatShape(target)} must have the same shape`,
      hint ?? `make the last layer produce ${formatShape(target)}`,
      'prediction',
    );
  }
}

const batchSize = (t: Tensor): number => (t.rank === 0 ? 1 : t.shape[0]!);

/** Shapes were inferred before running, but batches arrive at run time: check the pair once more. */
function requireMatchingBatch(prediction: Tensor, target: Tensor): void {
  if (!shapesEqual(prediction.shape, target.shape)) {
    throw new RangeError(`prediction ${formatShape(prediction.shape)} and target ${formatShape(target.shape)} differ in shape`);
  }
}

export const MeanSquaredError: OpDefinition = {
  type: 'MeanSquaredError', family: 'loss', role: 'loss', chapter: 3,
  description: 'Mean squared error, summed over outputs and averaged over the batch.',
  formula: 'L = Σ(P − Y)² / N;  ∂L/∂P = 2(P − Y)/N',
  inputs: lossPorts, params: [], attributes: {},
  inferShape: ([p, y]) => {
    requireSameShape(p!, y!);
    return [];
  },
  forward: (ctx) => {
    const [p, y] = ctx.inputs as [Tensor, Tensor];
    requireMatchingBatch(p, y);
    return { output: Tensor.scalar(ctx.backend.squaredError.sum(p.data, y.data) / batchSize(p), p.dtype) };
  },
  backward: (ctx) => {
    const [p, y] = ctx.inputs as [Tensor, Tensor];
    const g = ctx.outputGrad.item() * 2 / batchSize(p);
    const dp = allocateForOverwrite(p.dtype, p.size);
    ctx.backend.squaredError.gradient(p.data, y.data, g, dp);
    return { inputGrads: [new Tensor(dp, p.shape), null], paramGrads: [] };
  },
  gradientCheck: { inputShapes: [[4, 3], [4, 3]] },
};

/** The book clips softmax probabilities to [ε, 1 − ε] before taking logs. */
const BOOK_EPSILON = 1e-9;

// Over sequences (N, T, classes) (chapter 6's character models) the softmax is taken at every time step and
// the loss is summed over time and averaged over the batch, as the book sums over time: still −Σ y·ln p / N.
export const SoftmaxCrossEntropy: OpDefinition = {
  type: 'SoftmaxCrossEntropy', family: 'loss', role: 'loss', chapter: 4,
  description: 'Softmax of the scores, then cross-entropy with one-hot labels, averaged over the batch (summed over time steps).',
  formula: 'p = softmax(x);  L = −Σ y·ln p / N;  ∂L/∂x = (p − y)/N',
  inputs: lossPorts, params: [], attributes: {},
  inferShape: ([p, y]) => {
    if (p!.length !== 3) {
      requireRank(p!, 2, 'prediction', 'a batch of class scores (N, classes) or of sequences (N, time steps, classes)',
        'insert Flatten, or end in a Dense layer with one neuron per class');
    }
    requireSameShape(p!, y!, `give the last layer as many neurons as the target has classes (${y![y!.length - 1] ?? '?'})`);
    return [];
  },
  forward: (ctx) => {
    const [x, y] = ctx.inputs as [Tensor, Tensor];
    requireMatchingBatch(x, y);
    const probabilities = softmaxRows(x);
    const n = batchSize(x);
    let total = 0;
    if (ctx.compat === 'book') {
      // The book's value: clipped p, and it also adds (1 − y)·ln(1 − p). Its gradient is still (p − y)/N.
      for (let i = 0; i < x.size; i++) {
        const p = Math.min(Math.max(probabilities.data[i]!, BOOK_EPSILON), 1 - BOOK_EPSILON);
        total -= y.data[i]! * Math.log(p) + (1 - y.data[i]!) * Math.log(1 - p);
      }
    } else {
      // ln softmax computed as x − max − ln Σ e^(x − max): exact even when a probability underflows to 0.
      const cols = x.shape[x.rank - 1]!;
      for (let r = 0; r < x.size / cols; r++) {
        let max = -Infinity;
        for (let c = 0; c < cols; c++) max = Math.max(max, x.data[r * cols + c]!);
        let sum = 0;
        for (let c = 0; c < cols; c++) sum += Math.exp(x.data[r * cols + c]! - max);
        const logSum = Math.log(sum) + max;
        for (let c = 0; c < cols; c++) total -= y.data[r * cols + c]! * (x.data[r * cols + c]! - logSum);
      }
    }
    return { output: Tensor.scalar(total / n, x.dtype), saved: probabilities };
  },
  backward: (ctx) => {
    const [x, y] = ctx.inputs as [Tensor, Tensor];
    const probabilities = ctx.saved as Tensor;
    const g = ctx.outputGrad.item() / batchSize(x);
    const book = ctx.compat === 'book';
    const dx = allocate(x.dtype, x.size);
    for (let i = 0; i < x.size; i++) {
      const p = book ? Math.min(Math.max(probabilities.data[i]!, BOOK_EPSILON), 1 - BOOK_EPSILON) : probabilities.data[i]!;
      dx[i] = g * (p - y.data[i]!);
    }
    return { inputGrads: [new Tensor(dx, x.shape), null], paramGrads: [] };
  },
  gradientCheck: { inputShapes: [[4, 3], [4, 3]], inputKinds: ['normal', 'onehot'] },
};

/** Probabilities are clipped away from 0 and 1 so a saturated sigmoid gives a large, finite loss. */
const BCE_EPSILON = 1e-7;

export const BinaryCrossEntropy: OpDefinition = {
  type: 'BinaryCrossEntropy', family: 'loss', role: 'loss', chapter: 4,
  description: 'Cross-entropy of probabilities (e.g. sigmoid outputs) against 0/1 labels, averaged over the batch.',
  formula: 'L = −Σ [y·ln p + (1 − y)·ln(1 − p)] / N;  ∂L/∂p = (p − y) / (p(1 − p)N)',
  inputs: lossPorts, params: [], attributes: {},
  inferShape: ([p, y]) => {
    requireSameShape(p!, y!);
    return [];
  },
  forward: (ctx) => {
    const [p, y] = ctx.inputs as [Tensor, Tensor];
    requireMatchingBatch(p, y);
    let total = 0;
    for (let i = 0; i < p.size; i++) {
      const q = Math.min(Math.max(p.data[i]!, BCE_EPSILON), 1 - BCE_EPSILON);
      total -= y.data[i]! * Math.log(q) + (1 - y.data[i]!) * Math.log(1 - q);
    }
    return { output: Tensor.scalar(total / batchSize(p), p.dtype) };
  },
  backward: (ctx) => {
    const [p, y] = ctx.inputs as [Tensor, Tensor];
    const g = ctx.outputGrad.item() / batchSize(p);
    const dp = allocate(p.dtype, p.size);
    for (let i = 0; i < p.size; i++) {
      const q = p.data[i]!;
      // Inside the clip range this is the exact derivative; outside it the clipped loss is flat.
      dp[i] = q < BCE_EPSILON || q > 1 - BCE_EPSILON ? 0 : g * (q - y.data[i]!) / (q * (1 - q));
    }
    return { inputGrads: [new Tensor(dp, p.shape), null], paramGrads: [] };
  },
  gradientCheck: { inputShapes: [[4, 2], [4, 2]], inputKinds: ['probability', 'binary'] },
};
