// Sources: where values enter the graph. Input (features) and Target (labels) are fed a batch by the
// trainer; Parameter is chapter 1's trainable tensor wired into a port; Constant is a fixed tensor.
// No gradient is ever computed for data or targets (DESIGN.md §4).

import { Tensor } from '../tensor/tensor.ts';
import { dims, num, str } from './attributes.ts';
import type { OpDefinition, ForwardContext, InitScheme } from './types.ts';

function requireFeed(ctx: ForwardContext, type: string): Tensor {
  if (!ctx.feed) throw new Error(`${type} node was not given any data`);
  return ctx.feed;
}

const noBackward = () => ({ inputGrads: [], paramGrads: [] });

export const Input: OpDefinition = {
  type: 'Input',
  family: 'source',
  role: 'input',
  chapter: 1,
  description: 'A batch of input features; the first dimension N is the batch.',
  formula: 'X (N, …shape)',
  inputs: [],
  params: [],
  attributes: {
    shape: { kind: 'shape', default: [1], minRank: 0, maxRank: 3, description: 'Shape of one example, e.g. [13] or [1, 28, 28].' },
  },
  inferShape: (_inputs, attrs) => [null, ...dims(attrs, 'shape')],
  forward: (ctx) => ({ output: requireFeed(ctx, 'Input') }),
  backward: noBackward,
  gradientCheck: { skip: 'data has no gradient' },
};

export const Target: OpDefinition = {
  type: 'Target',
  family: 'source',
  role: 'target',
  chapter: 2,
  description: 'The labels the loss compares predictions with.',
  formula: 'Y (N, …shape)',
  inputs: [],
  params: [],
  attributes: {
    shape: { kind: 'shape', default: [1], minRank: 0, maxRank: 3, description: 'Shape of one label, e.g. [1] or [10] (one-hot).' },
  },
  inferShape: (_inputs, attrs) => [null, ...dims(attrs, 'shape')],
  forward: (ctx) => ({ output: requireFeed(ctx, 'Target') }),
  backward: noBackward,
  gradientCheck: { skip: 'targets have no gradient' },
};

export const Parameter: OpDefinition = {
  type: 'Parameter',
  family: 'source',
  role: 'parameter',
  chapter: 1,
  description: 'A trainable tensor to wire into any port (chapter 1 style, e.g. W in MatMul(X, W)).',
  formula: 'W',
  inputs: [],
  params: [
    {
      name: 'value',
      description: 'The trainable values.',
      shape: (_inputs, attrs) => dims(attrs, 'shape'),
      init: (shape, attrs) => ({
        scheme: str(attrs, 'init') as InitScheme,
        fanIn: shape.length >= 2 ? shape[0]! : shape.reduce((p, d) => p * d, 1),
        fanOut: shape.length >= 2 ? shape[1]! : 1,
      }),
    },
  ],
  attributes: {
    shape: { kind: 'shape', default: [1, 1], minRank: 0, maxRank: 4, description: 'Shape of the parameter, e.g. [3, 1].' },
    init: { kind: 'enum', options: ['standard', 'glorot', 'he', 'zeros'], default: 'standard', description: 'How it is initialised: standard N(0, 1), Glorot, He, or zeros.' },
  },
  inferShape: (_inputs, attrs) => dims(attrs, 'shape'),
  forward: (ctx) => ({ output: ctx.params[0]! }),
  backward: (ctx) => ({ inputGrads: [], paramGrads: [ctx.outputGrad] }),
  gradientCheck: { inputShapes: [], attrs: { shape: [2, 3] } },
};

export const Constant: OpDefinition = {
  type: 'Constant',
  family: 'source',
  role: 'constant',
  chapter: 1,
  description: 'A fixed tensor filled with one value.',
  formula: 'c',
  inputs: [],
  params: [],
  attributes: {
    shape: { kind: 'shape', default: [], minRank: 0, maxRank: 4, description: 'Shape; [] is a single number.' },
    value: { kind: 'number', default: 1, description: 'The value of every element.' },
  },
  inferShape: (_inputs, attrs) => dims(attrs, 'shape'),
  forward: (ctx) => ({
    output: Tensor.full(dims(ctx.attrs, 'shape'), num(ctx.attrs, 'value'), ctx.dtype),
  }),
  backward: noBackward,
  gradientCheck: { skip: 'a constant has no inputs or parameters' },
};
