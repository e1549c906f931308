// Flatten (chapter 5): (N, C, H, W) → (N, C·H·W), so a Dense layer can follow a convolution.

import { sizeOf } from '../tensor/tensor.ts';
import { ShapeError, type OpDefinition } from './types.ts';

export const Flatten: OpDefinition = {
  type: 'Flatten', family: 'reshape', role: 'compute', chapter: 5,
  description: 'Turns each example into one vector.',
  formula: '(N, d₁, …, dₖ) → (N, d₁·…·dₖ)',
  inputs: [{ name: 'X', description: 'A batch of tensors (N, …).' }],
  params: [], attributes: {},
  inferShape: ([x]) => {
    const rest = x!.slice(1);
    if (x!.length < 1) throw new ShapeError('Flatten needs a batch dimension', undefined, 'X');
    if (rest.some((d) => d === null)) throw new ShapeError('Flatten needs every non-batch size known', undefined, 'X');
    return [x![0]!, sizeOf(rest as number[])];
  },
  forward: (ctx) => {
    const x = ctx.inputs[0]!;
    return { output: x.reshape([x.shape[0]!, x.size / (x.shape[0]! || 1)]) };
  },
  backward: (ctx) => ({ inputGrads: [ctx.outputGrad.reshape(ctx.inputs[0]!.shape)], paramGrads: [] }),
  gradientCheck: { inputShapes: [[2, 3, 2, 2]] },
};
