// Numeric gradient checks: analytic gradients (backward) against central differences (chapter 1's
// definition of the derivative), in float64.
//
// For an op with output `out`, we check the scalar L = Σ G ⊙ out with a random G, so every output element
// matters and a mistake cannot hide behind symmetric sums. Error measure per tensor:
//   relative error = max_i |analytic_i − numeric_i| / max(max_i |numeric_i|, max_i |analytic_i|, 1e-12)
// which stays meaningful where individual elements are 0 (ReLU, max pooling, dropout masks).

import { referenceBackend } from '../backend/reference.ts';
import { Tensor, allocate } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import type { GradientCheckCase, OpDefinition, RandomSource } from '../ops/types.ts';
import { resolveAttributes } from '../ops/attributes.ts';
import { Executor, type Feeds } from './executor.ts';
import type { Compat } from '../train/config.ts';
import type { Graph, GraphNode, ParameterStore } from './types.ts';

/** Step for central differences: small enough for truncation error, large enough for float64 round-off. */
export const FINITE_DIFFERENCE_STEP = 1e-5;
export const DEFAULT_MAX_RELATIVE_ERROR = 1e-6;

export interface GradientComparison {
  /** "input X", "parameter W", … */
  name: string;
  maxRelativeError: number;
  maxAbsoluteError: number;
}

export interface GradientCheckReport {
  op: string;
  comparisons: GradientComparison[];
  maxRelativeError: number;
  tolerance: number;
  passed: boolean;
}

/** Compare two gradients of the same shape with the measure described above. */
export function compareGradients(name: string, analytic: ArrayLike<number>, numeric: ArrayLike<number>): GradientComparison {
  let maxDiff = 0;
  let scale = 1e-12;
  for (let i = 0; i < numeric.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(analytic[i]! - numeric[i]!));
    scale = Math.max(scale, Math.abs(analytic[i]!), Math.abs(numeric[i]!));
  }
  return { name, maxRelativeError: maxDiff / scale, maxAbsoluteError: maxDiff };
}

/** Central difference of f with respect to every element of `values` (mutated and restored in place). */
export function numericGradient(values: Float64Array | Float32Array, f: () => number, step = FINITE_DIFFERENCE_STEP): Float64Array {
  const grad = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const original = values[i]!;
    values[i] = original + step;
    const plus = f();
    values[i] = original - step;
    const minus = f();
    values[i] = original;
    grad[i] = (plus - minus) / (2 * step);
  }
  return grad;
}

/** An input of a gradient-check case, filled by its kind (normal by default) from `random`. */
export function fillInput(shape: readonly number[], kind: string, random: NumpyRandom): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  const data = allocate('float64', size);
  if (kind === 'onehot') {
    const cols = shape[shape.length - 1]!;
    for (let r = 0; r < size / cols; r++) data[r * cols + random.randomInterval(cols - 1)] = 1;
  } else if (kind === 'binary') {
    random.binomial(1, 0.5, size).forEach((v, i) => (data[i] = v));
  } else if (kind === 'probability') {
    random.uniform(0.05, 0.95, size).forEach((v, i) => (data[i] = v));
  } else if (kind === 'positive') {
    random.uniform(0.5, 2, size).forEach((v, i) => (data[i] = v));
  } else {
    random.randn(size).forEach((v, i) => (data[i] = v));
  }
  return new Tensor(data, shape);
}

/** Run the gradient check an op declares (or a custom case) and report every input and parameter. */
export function checkOpGradient(op: OpDefinition, testCase: GradientCheckCase, seed = 20190119): GradientCheckReport {
  const random = new NumpyRandom(seed);
  const { attrs, problems } = resolveAttributes(op, testCase.attrs ?? {});
  if (problems.length > 0) throw new Error(`${op.type}: bad gradient-check attributes: ${problems.map((p) => p.message).join('; ')}`);

  const inputs = testCase.inputShapes.map((shape, i) => fillInput(shape, testCase.inputKinds?.[i] ?? 'normal', random));
  const symbolicInputs = inputs.map((t) => t.shape);
  const params = op.params.map((spec) => fillInput(spec.shape(symbolicInputs, attrs), 'normal', random));

  // A stochastic op (dropout) must see the same mask on every evaluation: each forward gets a fresh
  // generator with the same seed.
  const maskSeed = random.randomInterval(1_000_000);
  const freshRandom = (): RandomSource => new NumpyRandom(maskSeed);
  const training = testCase.training ?? false;
  const run = () => op.forward({ inputs, params, attrs, training, random: freshRandom(), compat: 'correct', dtype: 'float64', backend: referenceBackend });

  const first = run();
  const upstream = fillInput([...first.output.shape], 'normal', random);
  const lossOf = (): number => {
    const out = run().output.data;
    let total = 0;
    for (let i = 0; i < out.length; i++) total += out[i]! * upstream.data[i]!;
    return total;
  };

  const analytic = op.backward({
    inputs, params, attrs, training, random: freshRandom(), compat: 'correct', dtype: 'float64', backend: referenceBackend,
    output: first.output, outputGrad: upstream, saved: first.saved,
    needsInputGrad: op.inputs.map((p) => !p.isTarget),
  });

  const comparisons: GradientComparison[] = [];
  op.inputs.forEach((port, i) => {
    if (port.isTarget) return;
    const grad = analytic.inputGrads[i];
    if (!grad) throw new Error(`${op.type}: backward returned no gradient for input ${port.name}`);
    comparisons.push(compareGradients(`input ${port.name}`, grad.data, numericGradient(inputs[i]!.data, lossOf)));
  });
  op.params.forEach((spec, i) => {
    const grad = analytic.paramGrads[i];
    if (!grad) throw new Error(`${op.type}: backward returned no gradient for parameter ${spec.name}`);
    comparisons.push(compareGradients(`parameter ${spec.name}`, grad.data, numericGradient(params[i]!.data, lossOf)));
  });

  const tolerance = testCase.tolerance?.maxRelativeError ?? DEFAULT_MAX_RELATIVE_ERROR;
  const maxRelativeError = Math.max(0, ...comparisons.map((c) => c.maxRelativeError));
  return { op: op.type, comparisons, maxRelativeError, tolerance, passed: maxRelativeError <= tolerance };
}

/**
 * Check a whole graph: every parameter's gradient from the executor against central differences of the
 * chosen output (default: the loss; a non-scalar output is summed, as the book's chapter 1 does).
 * Parameters and feeds should be float64. Stochastic ops replay the same mask through `makeRandom`.
 */
export function checkGraphGradients(
  graph: Graph, params: ParameterStore, feeds: Feeds,
  options: { fromNode?: string; makeRandom?: () => RandomSource; training?: boolean; maxElementsPerParameter?: number } = {},
): GradientComparison[] {
  const makeRandom = options.makeRandom ?? (() => new NumpyRandom(1));
  const training = options.training ?? false;
  const from = options.fromNode ?? graph.losses[0]?.id ?? graph.nodes[graph.nodes.length - 1]!.id;
  const evaluate = (): Executor => {
    const executor = new Executor(graph, params, { dtype: 'float64', random: makeRandom() });
    executor.forward(feeds, training);
    return executor;
  };
  const lossOf = (): number => {
    const out = evaluate().values.get(from)!.data;
    let total = 0;
    for (let i = 0; i < out.length; i++) total += out[i]!;
    return total;
  };
  const analytic = evaluate();
  analytic.backward(from);
  const limit = options.maxElementsPerParameter ?? Infinity;
  return [...params].map(([key, tensor]) => {
    const grad = analytic.paramGrads.get(key);
    if (!grad) throw new Error(`no gradient reached parameter ${key}`);
    // Large parameters: check a prefix of elements (every element matters equally to the math).
    const count = Math.min(limit, tensor.size);
    const view = tensor.data.subarray(0, count);
    return compareGradients(`parameter ${key}`, grad.data.subarray(0, count), numericGradient(view, lossOf));
  });
}

export interface NodeGradientCheckOptions {
  /** The element indices to check in a tensor of `size` values (default: every element). */
  sample?: (size: number) => ArrayLike<number>;
  /** Training mode (dropout draws masks); each forward gets a fresh `makeRandom()` so masks replay. */
  training?: boolean;
  makeRandom?: () => RandomSource;
  compat?: Compat;
  /** Seed of the random upstream gradient G. */
  seed?: number;
}

/**
 * Check one node's op on the values it really received in a pass (`gradflow gradcheck`, a node's check
 * button): L = Σ G ⊙ out with a random G, backward's gradients against central differences, for every
 * input that carries a gradient (not data, not labels) and every parameter the node owns. Runs on float64
 * copies, so the caller's tensors are left as they were.
 */
export function checkNodeGradient(
  node: GraphNode, inputs: readonly Tensor[], params: readonly Tensor[], options: NodeGradientCheckOptions = {},
): GradientComparison[] {
  const copy = (t: Tensor): Tensor => (t.dtype === 'float64' ? t.clone() : t.cast('float64'));
  const x = inputs.map(copy);
  const p = params.map(copy);
  const makeRandom = options.makeRandom ?? (() => new NumpyRandom(1));
  const training = options.training ?? false;
  const compat = options.compat ?? 'correct';
  const context = { inputs: x, params: p, attrs: node.attrs, training, compat, dtype: 'float64' as const, backend: referenceBackend };
  const run = () => node.op.forward({ ...context, random: makeRandom() });
  const first = run();
  const upstream = fillInput([...first.output.shape], 'normal', new NumpyRandom(options.seed ?? 20190119));
  const lossOf = (): number => {
    const out = run().output.data;
    let total = 0;
    for (let i = 0; i < out.length; i++) total += out[i]! * upstream.data[i]!;
    return total;
  };
  const analytic = node.op.backward({
    ...context, random: makeRandom(), output: first.output, outputGrad: upstream, saved: first.saved,
    needsInputGrad: node.inputEdges.map((e) => e.carriesGradient),
  });
  const compare = (name: string, values: Tensor, grad: Tensor | null | undefined): GradientComparison => {
    if (!grad) throw new Error(`${node.op.type} "${node.id}": backward returned no gradient for ${name}`);
    const indices = options.sample ? options.sample(values.size) : Array.from({ length: values.size }, (_, i) => i);
    const numeric = new Float64Array(indices.length);
    const picked = new Float64Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const original = values.data[i]!;
      values.data[i] = original + FINITE_DIFFERENCE_STEP;
      const plus = lossOf();
      values.data[i] = original - FINITE_DIFFERENCE_STEP;
      const minus = lossOf();
      values.data[i] = original;
      numeric[k] = (plus - minus) / (2 * FINITE_DIFFERENCE_STEP);
      picked[k] = grad.data[i]!;
    }
    return compareGradients(name, picked, numeric);
  };
  const comparisons: GradientComparison[] = [];
  node.inputEdges.forEach((edge, i) => {
    if (edge.carriesGradient) comparisons.push(compare(`input ${edge.port}`, x[i]!, analytic.inputGrads[i]));
  });
  node.op.params.forEach((spec, i) => comparisons.push(compare(`parameter ${spec.name}`, p[i]!, analytic.paramGrads[i])));
  return comparisons;
}
