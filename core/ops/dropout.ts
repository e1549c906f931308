// Dropout (chapter 4), parameterised by the probability of KEEPING a unit, as the book does.
//
// Inverted (default): training multiplies by mask/p, inference passes values through — the expected value
// is the same in both modes. The book's variant (inverted = false, and always under compat "book"):
// training multiplies by the mask, inference scales by p. The mask is drawn with binomial(1, p), the
// same call as the book, so a seeded run draws the same masks as numpy.

import { Tensor, allocate } from '../tensor/tensor.ts';
import { map, zip } from '../tensor/kernels/index.ts';
import { bool, num } from './attributes.ts';
import type { ForwardContext, OpDefinition } from './types.ts';

function isInverted(ctx: ForwardContext): boolean {
  return ctx.compat !== 'book' && bool(ctx.attrs, 'inverted');
}

export const Dropout: OpDefinition = {
  type: 'Dropout', family: 'dropout', role: 'compute', chapter: 4,
  description: 'In training, keeps each unit with probability p and zeroes the rest.',
  formula: 'out = X ⊙ mask / p,  mask ~ Bernoulli(p)  (book variant: no /p; inference ×p)',
  inputs: [{ name: 'X', description: 'Input.' }],
  params: [],
  attributes: {
    keepProbability: { kind: 'number', min: 0, exclusiveMin: true, max: 1, default: 0.8, description: 'p: the probability that a unit is kept.' },
    inverted: { kind: 'boolean', default: true, description: 'Scale by 1/p in training (on) or by p at inference (the book, off).' },
  },
  inferShape: ([x]) => x!,
  forward: (ctx) => {
    const x = ctx.inputs[0]!;
    const p = num(ctx.attrs, 'keepProbability');
    const inverted = isInverted(ctx);
    if (!ctx.training) return { output: inverted ? x : map(x, (v) => v * p) };
    const drawn = ctx.random.binomial(1, p, x.size);
    const mask = allocate(x.dtype, x.size);
    const keepScale = inverted ? 1 / p : 1;
    for (let i = 0; i < mask.length; i++) mask[i] = drawn[i]! * keepScale;
    const maskTensor = new Tensor(mask, x.shape);
    return { output: zip(x, maskTensor, (v, m) => v * m), saved: maskTensor };
  },
  backward: (ctx) => {
    if (!ctx.training) {
      const scale = isInverted(ctx) ? 1 : num(ctx.attrs, 'keepProbability');
      return { inputGrads: [map(ctx.outputGrad, (g) => g * scale)], paramGrads: [] };
    }
    return { inputGrads: [zip(ctx.outputGrad, ctx.saved as Tensor, (g, m) => g * m)], paramGrads: [] };
  },
  gradientCheck: { inputShapes: [[4, 5]], training: true, attrs: { keepProbability: 0.6 } },
};
