// Elementwise operations of chapter 1, simplest first. Binary ops broadcast like numpy; their backward sums
// the gradient back down to each operand's shape (a value used many times gets the sum of its gradients).

import { add, map, multiply, negate, subtract, sumToShape, zip } from '../tensor/kernels/index.ts';
import { broadcastSymbolic } from './shape-rules.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { BackwardContext, OpDefinition, PortSpec } from './types.ts';

const binaryPorts: readonly PortSpec[] = [
  { name: 'A', description: 'First operand.' },
  { name: 'B', description: 'Second operand (broadcast like numpy).' },
];
const unaryPort: readonly PortSpec[] = [{ name: 'X', description: 'Input.' }];
const binaryShape = (shapes: readonly (readonly (number | null)[])[]) => broadcastSymbolic(shapes[0]!, shapes[1]!);
const unaryShape = (shapes: readonly (readonly (number | null)[])[]) => shapes[0]!;
const binaryCheck = { inputShapes: [[3, 4], [1, 4]] };

/** For a binary op: dA and dB from the local derivatives, each summed back to its operand's shape. */
function binaryGrads(ctx: BackwardContext, dA: () => Tensor, dB: () => Tensor) {
  const [a, b] = ctx.inputs;
  return {
    inputGrads: [
      ctx.needsInputGrad[0] ? sumToShape(dA(), a!.shape) : null,
      ctx.needsInputGrad[1] ? sumToShape(dB(), b!.shape) : null,
    ],
    paramGrads: [],
  };
}

export const Add: OpDefinition = {
  type: 'Add', family: 'elementwise', role: 'compute', chapter: 1,
  description: 'Adds two tensors elementwise.',
  formula: 'out = A + B;  ∂out/∂A = ∂out/∂B = 1',
  inputs: binaryPorts, params: [], attributes: {},
  inferShape: binaryShape,
  forward: (ctx) => ({ output: add(ctx.inputs[0]!, ctx.inputs[1]!) }),
  backward: (ctx) => binaryGrads(ctx, () => ctx.outputGrad, () => ctx.outputGrad),
  gradientCheck: binaryCheck,
};

export const Subtract: OpDefinition = {
  type: 'Subtract', family: 'elementwise', role: 'compute', chapter: 1,
  description: 'Subtracts B from A elementwise.',
  formula: 'out = A − B;  ∂out/∂A = 1, ∂out/∂B = −1',
  inputs: binaryPorts, params: [], attributes: {},
  inferShape: binaryShape,
  forward: (ctx) => ({ output: subtract(ctx.inputs[0]!, ctx.inputs[1]!) }),
  backward: (ctx) => binaryGrads(ctx, () => ctx.outputGrad, () => negate(ctx.outputGrad)),
  gradientCheck: binaryCheck,
};

export const Multiply: OpDefinition = {
  type: 'Multiply', family: 'elementwise', role: 'compute', chapter: 1,
  description: 'Multiplies two tensors elementwise.',
  formula: 'out = A ⊙ B;  ∂out/∂A = B, ∂out/∂B = A',
  inputs: binaryPorts, params: [], attributes: {},
  inferShape: binaryShape,
  forward: (ctx) => ({ output: multiply(ctx.inputs[0]!, ctx.inputs[1]!) }),
  backward: (ctx) => binaryGrads(
    ctx,
    () => multiply(ctx.outputGrad, ctx.inputs[1]!),
    () => multiply(ctx.outputGrad, ctx.inputs[0]!),
  ),
  gradientCheck: binaryCheck,
};

export const Square: OpDefinition = {
  type: 'Square', family: 'elementwise', role: 'compute', chapter: 1,
  description: 'Squares every element.',
  formula: 'out = x²;  ∂out/∂x = 2x',
  inputs: unaryPort, params: [], attributes: {},
  inferShape: unaryShape,
  forward: (ctx) => ({ output: map(ctx.inputs[0]!, (x) => x * x) }),
  backward: (ctx) => ({ inputGrads: [zip(ctx.outputGrad, ctx.inputs[0]!, (g, x) => g * 2 * x)], paramGrads: [] }),
  gradientCheck: { inputShapes: [[3, 4]] },
};

export const Exp: OpDefinition = {
  type: 'Exp', family: 'elementwise', role: 'compute', chapter: 1,
  description: 'e raised to every element.',
  formula: 'out = eˣ;  ∂out/∂x = eˣ',
  inputs: unaryPort, params: [], attributes: {},
  inferShape: unaryShape,
  forward: (ctx) => ({ output: map(ctx.inputs[0]!, Math.exp) }),
  backward: (ctx) => ({ inputGrads: [multiply(ctx.outputGrad, ctx.output)], paramGrads: [] }),
  gradientCheck: { inputShapes: [[3, 4]] },
};

export const Log: OpDefinition = {
  type: 'Log', family: 'elementwise', role: 'compute', chapter: 1,
  description: 'Natural logarithm of every element (inputs must be positive).',
  formula: 'out = ln x;  ∂out/∂x = 1/x',
  inputs: unaryPort, params: [], attributes: {},
  inferShape: unaryShape,
  forward: (ctx) => ({ output: map(ctx.inputs[0]!, Math.log) }),
  backward: (ctx) => ({ inputGrads: [zip(ctx.outputGrad, ctx.inputs[0]!, (g, x) => g / x)], paramGrads: [] }),
  gradientCheck: { inputShapes: [[3, 4]], inputKinds: ['positive'] },
};
