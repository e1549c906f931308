// Matrix products and biases. MatMul is chapter 1's two-input N = X·W; WeightMultiply and BiasAdd are
// chapter 3's ParamOperations, which own their parameter (shown inside the node).
//
// Shapes: X (N, in) · W (in, out) → (N, out);  dX = G·Wᵀ,  dW = Xᵀ·G;  B (1, out), dB = Σ_rows G.
// WeightMultiply and BiasAdd also take a sequence X (N, T, in) (chapter 6): the same W and B at every time
// step, computed on the (N·T, in) rows — numpy's X @ W and X + B on a 3-D X.

import { formatShape, type Tensor } from '../tensor/tensor.ts';
import { add, sumAxis } from '../tensor/kernels/index.ts';
import { num, str } from './attributes.ts';
import { dimsMatch, knownDim, requireRank } from './shape-rules.ts';
import { ShapeError, type AttributeSpec, type InitScheme, type OpDefinition, type SymbolicShape } from './types.ts';

const flattenHint = 'insert Flatten before it to turn each example into a vector';

/** A batch of vectors (N, in) or of sequences (N, T, in); the feature axis is the last. */
function requireVectorsOrSequences(x: SymbolicShape): number {
  if (x.length !== 2 && x.length !== 3) {
    throw new ShapeError(`X must be a batch of vectors (N, features), got ${formatShape(x)} (sequences (N, time steps, features) work too)`, flattenHint, 'X');
  }
  return knownDim(x, x.length - 1, 'X');
}

/** (N, T, in) → (N·T, in) rows, no copy; a 2-D tensor as it is. */
const asRows = (t: Tensor): Tensor => (t.rank === 3 ? t.reshape([t.shape[0]! * t.shape[1]!, t.shape[2]!]) : t);

const initAttribute: AttributeSpec = {
  kind: 'enum',
  options: ['standard', 'glorot', 'he', 'zeros'],
  default: 'standard',
  description: 'standard: N(0, 1) as in the book; glorot: variance 2/(in+out); he: variance 2/in; zeros.',
};

export const MatMul: OpDefinition = {
  type: 'MatMul', family: 'linear', role: 'compute', chapter: 1,
  description: 'Matrix product of two inputs (wire a Parameter into W to learn it).',
  formula: 'N = X·W;  ∂L/∂X = G·Wᵀ,  ∂L/∂W = Xᵀ·G',
  inputs: [
    { name: 'X', description: 'Left matrix (N, in).' },
    { name: 'W', description: 'Right matrix (in, out).' },
  ],
  params: [], attributes: {},
  inferShape: ([x, w]) => {
    requireRank(x!, 2, 'X', 'a matrix', flattenHint);
    requireRank(w!, 2, 'W', 'a matrix');
    if (!dimsMatch(x![1]!, w![0]!)) {
      throw new ShapeError(
        `X ${formatShape(x!)} and W ${formatShape(w!)} do not multiply: X has ${x![1]} columns, W has ${w![0]} rows`,
        `make W's first dimension ${x![1]}`,
        'W',
      );
    }
    return [x![0]!, w![1]!];
  },
  forward: (ctx) => ({ output: ctx.backend.matmul(ctx.inputs[0]!, ctx.inputs[1]!) }),
  backward: (ctx) => {
    const [x, w] = ctx.inputs;
    return {
      inputGrads: [
        ctx.needsInputGrad[0] ? ctx.backend.matmul(ctx.outputGrad, w!, { transposeB: true }) : null,
        ctx.needsInputGrad[1] ? ctx.backend.matmul(x!, ctx.outputGrad, { transposeA: true }) : null,
      ],
      paramGrads: [],
    };
  },
  gradientCheck: { inputShapes: [[3, 4], [4, 2]] },
};

export const WeightMultiply: OpDefinition = {
  type: 'WeightMultiply', family: 'linear', role: 'compute', chapter: 3,
  description: 'Multiplies the input by its own weight matrix W (in, neurons).',
  formula: 'out = X·W;  ∂L/∂X = G·Wᵀ,  ∂L/∂W = Xᵀ·G',
  inputs: [{ name: 'X', description: 'A batch of vectors (N, in), or of sequences (N, T, in).' }],
  params: [
    {
      name: 'W',
      description: 'Weights (in, neurons).',
      shape: ([x], attrs) => [knownDim(x!, x!.length - 1, 'X'), num(attrs, 'neurons')],
      init: (shape, attrs) => ({ scheme: str(attrs, 'init') as InitScheme, fanIn: shape[0]!, fanOut: shape[1]! }),
    },
  ],
  attributes: {
    neurons: { kind: 'number', integer: true, min: 1, max: 1_000_000, default: 1, description: 'Number of outputs per example.' },
    init: initAttribute,
  },
  inferShape: ([x], attrs) => {
    requireVectorsOrSequences(x!);
    return [...x!.slice(0, -1), num(attrs, 'neurons')];
  },
  forward: (ctx) => {
    const x = ctx.inputs[0]!;
    const out = ctx.backend.matmul(asRows(x), ctx.params[0]!);
    return { output: out.reshape([...x.shape.slice(0, -1), out.shape[1]!]) };
  },
  backward: (ctx) => {
    const x = ctx.inputs[0]!;
    const g = asRows(ctx.outputGrad);
    return {
      inputGrads: [ctx.needsInputGrad[0] ? ctx.backend.matmul(g, ctx.params[0]!, { transposeB: true }).reshape(x.shape) : null],
      paramGrads: [ctx.backend.matmul(asRows(x), g, { transposeA: true })],
    };
  },
  gradientCheck: { inputShapes: [[3, 4]], attrs: { neurons: 2 } },
};

export const BiasAdd: OpDefinition = {
  type: 'BiasAdd', family: 'linear', role: 'compute', chapter: 3,
  description: 'Adds its own bias row B (1, features) to every example.',
  formula: 'out = X + B;  ∂L/∂X = G,  ∂L/∂B = Σ_rows G',
  inputs: [{ name: 'X', description: 'A batch of vectors (N, features), or of sequences (N, T, features).' }],
  params: [
    {
      name: 'B',
      description: 'Bias (1, features).',
      shape: ([x]) => [1, knownDim(x!, x!.length - 1, 'X')],
      // A BiasAdd fed by a WeightMultiply takes that layer's fan-in; the initializer sees the graph and fills it in.
      init: (shape, attrs) => ({ scheme: str(attrs, 'init') as InitScheme, fanIn: shape[1]!, fanOut: shape[1]! }),
    },
  ],
  attributes: { init: initAttribute },
  inferShape: ([x]) => {
    requireVectorsOrSequences(x!);
    return x!;
  },
  forward: (ctx) => ({ output: add(ctx.inputs[0]!, ctx.params[0]!) }),
  backward: (ctx) => ({
    inputGrads: [ctx.outputGrad],
    paramGrads: [sumAxis(asRows(ctx.outputGrad), 0, true)],
  }),
  gradientCheck: { inputShapes: [[3, 4]] },
};
