// Activation functions (chapters 1, 3, 4). Each backward multiplies the incoming gradient by the local
// derivative, written in terms of what forward already computed where the book does so (σ uses its output).

import { Tensor, allocate } from '../tensor/tensor.ts';
import { map, zip } from '../tensor/kernels/index.ts';
import { num } from './attributes.ts';
import { requireRank } from './shape-rules.ts';
import type { ForwardContext, OpDefinition, PortSpec } from './types.ts';
import type { Squash } from '../backend/types.ts';

const port: readonly PortSpec[] = [{ name: 'X', description: 'Input.' }];
const sameShape = (shapes: readonly (readonly (number | null)[])[]) => shapes[0]!;
const check = { inputShapes: [[4, 5]] };

/** σ or tanh of the input, through the backend (the fast one has float32 SIMD versions). */
function squash(ctx: ForwardContext, kind: Squash): Tensor {
  const x = ctx.inputs[0]!;
  const out = allocate(x.dtype, x.size);
  ctx.backend.activate(kind, x.data, out);
  return new Tensor(out, x.shape);
}


export const Sigmoid: OpDefinition = {
  type: 'Sigmoid', family: 'activation', role: 'compute', chapter: 1,
  description: 'Squashes every value into (0, 1).',
  formula: 'σ(x) = 1 / (1 + e⁻ˣ);  ∂σ/∂x = σ(x)(1 − σ(x))',
  inputs: port, params: [], attributes: {},
  inferShape: sameShape,
  forward: (ctx) => ({ output: squash(ctx, 'sigmoid') }),
  backward: (ctx) => ({ inputGrads: [zip(ctx.outputGrad, ctx.output, (g, s) => g * s * (1 - s))], paramGrads: [] }),
  gradientCheck: check,
};

export const Tanh: OpDefinition = {
  type: 'Tanh', family: 'activation', role: 'compute', chapter: 3,
  description: 'Squashes every value into (−1, 1).',
  formula: 'tanh(x);  ∂/∂x = 1 − tanh²(x)',
  inputs: port, params: [], attributes: {},
  inferShape: sameShape,
  forward: (ctx) => ({ output: squash(ctx, 'tanh') }),
  backward: (ctx) => ({ inputGrads: [zip(ctx.outputGrad, ctx.output, (g, t) => g * (1 - t * t))], paramGrads: [] }),
  gradientCheck: check,
};

export const ReLU: OpDefinition = {
  type: 'ReLU', family: 'activation', role: 'compute', chapter: 3,
  description: 'Keeps positive values, zeroes the rest.',
  // The book's ReLU masks with output >= 0, which is always true; this is the correct derivative.
  formula: 'max(0, x);  ∂/∂x = 1 if x > 0 else 0',
  inputs: port, params: [], attributes: {},
  inferShape: sameShape,
  forward: (ctx) => ({ output: map(ctx.inputs[0]!, (x) => (x > 0 ? x : 0)) }),
  backward: (ctx) => ({ inputGrads: [zip(ctx.outputGrad, ctx.inputs[0]!, (g, x) => (x > 0 ? g : 0))], paramGrads: [] }),
  gradientCheck: check,
};

export const LeakyReLU: OpDefinition = {
  type: 'LeakyReLU', family: 'activation', role: 'compute', chapter: 1,
  description: 'Like ReLU, but negative values keep a small slope.',
  formula: 'max(αx, x);  ∂/∂x = 1 if x > 0 else α',
  inputs: port, params: [],
  attributes: {
    slope: { kind: 'number', default: 0.2, min: 0, max: 1, description: 'α, the slope for negative inputs (the book uses 0.2).' },
  },
  inferShape: sameShape,
  forward: (ctx) => {
    const a = num(ctx.attrs, 'slope');
    return { output: map(ctx.inputs[0]!, (x) => (x > 0 ? x : a * x)) };
  },
  backward: (ctx) => {
    const a = num(ctx.attrs, 'slope');
    return { inputGrads: [zip(ctx.outputGrad, ctx.inputs[0]!, (g, x) => (x > 0 ? g : a * g))], paramGrads: [] };
  },
  gradientCheck: check,
};

export const Linear: OpDefinition = {
  type: 'Linear', family: 'activation', role: 'compute', chapter: 3,
  description: 'The identity: passes values through unchanged (a Dense layer "without activation").',
  formula: 'out = x;  ∂out/∂x = 1',
  inputs: port, params: [], attributes: {},
  inferShape: sameShape,
  forward: (ctx) => ({ output: ctx.inputs[0]! }),
  backward: (ctx) => ({ inputGrads: [ctx.outputGrad], paramGrads: [] }),
  gradientCheck: check,
};

/** Row-wise softmax over the last axis, shifted by the row max so large logits do not overflow. */
export function softmaxRows(x: Tensor): Tensor {
  const cols = x.shape[x.rank - 1] ?? 1;
  const rows = x.size / cols;
  const out = allocate(x.dtype, x.size);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, x.data[r * cols + c]!);
    let total = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(x.data[r * cols + c]! - max);
      out[r * cols + c] = e;
      total += e;
    }
    for (let c = 0; c < cols; c++) out[r * cols + c] = out[r * cols + c]! / total;
  }
  return new Tensor(out, x.shape);
}

export const Softmax: OpDefinition = {
  type: 'Softmax', family: 'activation', role: 'compute', chapter: 4,
  description: 'Turns each row of scores into probabilities that sum to 1.',
  formula: 'pᵢ = eˣⁱ / Σⱼ eˣʲ;  ∂L/∂x = p ⊙ (G − Σ G⊙p)',
  inputs: port, params: [], attributes: {},
  inferShape: (shapes) => {
    requireRank(shapes[0]!, 2, 'X', 'a batch of score rows (N, classes)', 'insert Flatten before Softmax');
    return shapes[0]!;
  },
  forward: (ctx) => ({ output: softmaxRows(ctx.inputs[0]!) }),
  backward: (ctx) => {
    const p = ctx.output;
    const g = ctx.outputGrad;
    const cols = p.shape[1]!;
    const dx = allocate(p.dtype, p.size);
    for (let r = 0; r < p.size / cols; r++) {
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += g.data[r * cols + c]! * p.data[r * cols + c]!;
      for (let c = 0; c < cols; c++) dx[r * cols + c] = p.data[r * cols + c]! * (g.data[r * cols + c]! - dot);
    }
    return { inputGrads: [new Tensor(dx, p.shape)], paramGrads: [] };
  },
  gradientCheck: check,
};
