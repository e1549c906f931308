// MaxPool2D (chapter 5): the largest value of each non-overlapping size×size window, per channel.
// Backward sends each window's gradient to the position that won (the first one on ties).

import { Tensor, allocate } from '../tensor/tensor.ts';
import { num } from './attributes.ts';
import { ShapeError, type OpDefinition } from './types.ts';
import { requireRank } from './shape-rules.ts';
import { formatShape } from '../tensor/tensor.ts';

export const MaxPool2D: OpDefinition = {
  type: 'MaxPool2D', family: 'pooling', role: 'compute', chapter: 5,
  description: 'Keeps the largest value of each size×size window (stride = size).',
  formula: 'out[n,c,y,x] = max_{i,j<s} X[n,c,s·y+i,s·x+j];  gradient goes to the max',
  inputs: [{ name: 'X', description: 'A batch of images (N, channels, height, width).' }],
  params: [],
  attributes: {
    size: { kind: 'number', integer: true, min: 1, max: 64, default: 2, description: 'Window size and stride.' },
  },
  inferShape: ([x], attrs) => {
    requireRank(x!, 4, 'X', 'a batch of images (N, channels, height, width)');
    const s = num(attrs, 'size');
    const [h, w] = [x![2]!, x![3]!];
    if (h !== null && w !== null && (h < s || w < s)) {
      throw new ShapeError(`a ${s}×${s} window does not fit in ${formatShape(x!)}`, `use a size of at most ${Math.min(h, w)}`, 'X');
    }
    return [x![0]!, x![1]!, h === null ? null : Math.floor(h / s), w === null ? null : Math.floor(w / s)];
  },
  forward: (ctx) => {
    const x = ctx.inputs[0]!;
    const s = num(ctx.attrs, 'size');
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const [oh, ow] = [Math.floor(h / s), Math.floor(w / s)];
    const out = allocate(x.dtype, n * c * oh * ow);
    const winners = new Int32Array(out.length);
    for (let plane = 0; plane < n * c; plane++) {
      for (let y = 0; y < oh; y++) {
        for (let xx = 0; xx < ow; xx++) {
          let best = plane * h * w + y * s * w + xx * s;
          for (let i = 0; i < s; i++) {
            for (let j = 0; j < s; j++) {
              const at = plane * h * w + (y * s + i) * w + xx * s + j;
              if (x.data[at]! > x.data[best]!) best = at;
            }
          }
          const o = (plane * oh + y) * ow + xx;
          out[o] = x.data[best]!;
          winners[o] = best;
        }
      }
    }
    return { output: new Tensor(out, [n, c, oh, ow]), saved: winners };
  },
  backward: (ctx) => {
    const winners = ctx.saved as Int32Array;
    const dx = allocate(ctx.outputGrad.dtype, ctx.inputs[0]!.size);
    for (let o = 0; o < winners.length; o++) dx[winners[o]!] = dx[winners[o]!]! + ctx.outputGrad.data[o]!;
    return { inputGrads: [new Tensor(dx, ctx.inputs[0]!.shape)], paramGrads: [] };
  },
  gradientCheck: { inputShapes: [[2, 2, 4, 5]] },
};
