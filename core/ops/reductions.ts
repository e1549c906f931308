// Reductions (chapter 1's L = Σ S): sum or mean over every element or one axis. Backward spreads the
// gradient back over the reduced elements (divided by the count for Mean).

import { Tensor, formatShape } from '../tensor/tensor.ts';
import { broadcastTo, scale, sumAll, sumAxis } from '../tensor/kernels/index.ts';
import { str } from './attributes.ts';
import { ShapeError, type AttributeSpec, type OpDefinition, type ResolvedAttributes, type SymbolicShape } from './types.ts';

const axisAttribute: AttributeSpec = {
  kind: 'enum',
  options: ['all', '0', '1', '2', '3'],
  default: 'all',
  description: '"all" reduces to one number; a number reduces that axis only (0 is the batch).',
};

function reducedShape(shape: SymbolicShape, attrs: ResolvedAttributes): SymbolicShape {
  const axis = str(attrs, 'axis');
  if (axis === 'all') return [];
  const a = Number(axis);
  if (a >= shape.length) throw new ShapeError(`axis ${a} does not exist in ${formatShape(shape)}`, `choose an axis below ${shape.length}`, 'X');
  return shape.filter((_, i) => i !== a);
}

function countReduced(x: Tensor, attrs: ResolvedAttributes): number {
  const axis = str(attrs, 'axis');
  return axis === 'all' ? x.size : x.shape[Number(axis)]!;
}

function reduceSum(x: Tensor, attrs: ResolvedAttributes): Tensor {
  const axis = str(attrs, 'axis');
  return axis === 'all' ? sumAll(x) : sumAxis(x, Number(axis));
}

/** The gradient of a sum: G copied to every element that was summed. */
function spreadBack(x: Tensor, g: Tensor, attrs: ResolvedAttributes): Tensor {
  const axis = str(attrs, 'axis');
  const keepDimsShape = axis === 'all' ? x.shape.map(() => 1) : x.shape.map((d, i) => (i === Number(axis) ? 1 : d));
  return broadcastTo(g.reshape(keepDimsShape), x.shape);
}

export const Sum: OpDefinition = {
  type: 'Sum', family: 'reduction', role: 'compute', chapter: 1,
  description: 'Adds up all elements, or along one axis.',
  formula: 'L = Σᵢ xᵢ;  ∂L/∂xᵢ = 1',
  inputs: [{ name: 'X', description: 'Input.' }], params: [],
  attributes: { axis: axisAttribute },
  inferShape: (shapes, attrs) => reducedShape(shapes[0]!, attrs),
  forward: (ctx) => ({ output: reduceSum(ctx.inputs[0]!, ctx.attrs) }),
  backward: (ctx) => ({ inputGrads: [spreadBack(ctx.inputs[0]!, ctx.outputGrad, ctx.attrs)], paramGrads: [] }),
  gradientCheck: { inputShapes: [[3, 4]], attrs: { axis: '1' } },
};

export const Mean: OpDefinition = {
  type: 'Mean', family: 'reduction', role: 'compute', chapter: 1,
  description: 'Averages all elements, or along one axis.',
  formula: 'L = (1/n) Σᵢ xᵢ;  ∂L/∂xᵢ = 1/n',
  inputs: [{ name: 'X', description: 'Input.' }], params: [],
  attributes: { axis: axisAttribute },
  inferShape: (shapes, attrs) => reducedShape(shapes[0]!, attrs),
  forward: (ctx) => ({ output: scale(reduceSum(ctx.inputs[0]!, ctx.attrs), 1 / countReduced(ctx.inputs[0]!, ctx.attrs)) }),
  backward: (ctx) => {
    const x = ctx.inputs[0]!;
    return { inputGrads: [scale(spreadBack(x, ctx.outputGrad, ctx.attrs), 1 / countReduced(x, ctx.attrs))], paramGrads: [] };
  },
  gradientCheck: { inputShapes: [[3, 4]] },
};
