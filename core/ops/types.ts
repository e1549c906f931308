// The Operation contract (DESIGN.md §4, the book's chapter 3 made explicit).
//
// An operation is a pair of pure functions: `forward` turns input tensors (and any parameters it owns) into
// one output and returns whatever backward will need as `saved`; `backward` turns the gradient of the
// output into one gradient per input and one per parameter. Ops hold no state — the executor keeps the
// saved values per node, so one definition serves every node of that type.
//
// Shapes are symbolic before data arrives: `null` stands for the batch dimension N.

import type { DType, Tensor } from '../tensor/tensor.ts';
import type { AttributeValue } from '../document/types.ts';
import type { Compat } from '../train/config.ts';
import type { Backend } from '../backend/types.ts';

export type Dim = number | null;
export type SymbolicShape = readonly Dim[];

/** Attribute values after defaults are filled in. */
export type ResolvedAttributes = Readonly<Record<string, AttributeValue>>;

export type AttributeSpec =
  | { kind: 'number'; default: number; min?: number; max?: number; integer?: boolean; odd?: boolean;
      /** min is exclusive (e.g. a probability that must be > 0). */
      exclusiveMin?: boolean; description: string }
  | { kind: 'enum'; options: readonly string[]; default: string; description: string }
  | { kind: 'boolean'; default: boolean; description: string }
  | { kind: 'shape'; default: readonly number[]; minRank: number; maxRank: number; description: string };

export interface PortSpec {
  name: string;
  description: string;
  /** A loss's `target`: labels, never differentiated. */
  isTarget?: boolean;
}

export type InitScheme = 'standard' | 'glorot' | 'he' | 'zeros';

export interface ParamSpec {
  name: string;
  description: string;
  /** The parameter's shape, from the op's input shapes (batch dim included) and attributes. */
  shape(inputShapes: readonly SymbolicShape[], attrs: ResolvedAttributes): number[];
  /** How the parameter is initialised and its fan-in / fan-out (for Glorot and He; `compat` may change them). */
  init(shape: readonly number[], attrs: ResolvedAttributes, compat: Compat): { scheme: InitScheme; fanIn: number; fanOut: number };
}

/** The random numbers an op may draw (dropout masks); the engine passes its numpy-compatible generator. */
export interface RandomSource {
  binomial(n: number, p: number, size: number): Float64Array;
}

export interface ForwardContext {
  inputs: readonly Tensor[];
  params: readonly Tensor[];
  attrs: ResolvedAttributes;
  /** Training mode: dropout draws masks. Inference mode: it does not. */
  training: boolean;
  random: RandomSource;
  compat: Compat;
  /** The precision the graph runs in (float64 for gradient checks and step-through). */
  dtype: DType;
  /** The kernels the heavy work goes through (matmul, im2col); float64 passes get the reference ones. */
  backend: Backend;
  /** For Input and Target nodes: the batch the caller feeds in. */
  feed?: Tensor;
}

export interface ForwardResult {
  output: Tensor;
  saved?: unknown;
}

export interface BackwardContext extends ForwardContext {
  output: Tensor;
  outputGrad: Tensor;
  saved: unknown;
  /** needsInputGrad[i] is false for inputs fed by data or targets: skip that work (and return null). */
  needsInputGrad: readonly boolean[];
}

export interface BackwardResult {
  inputGrads: readonly (Tensor | null)[];
  paramGrads: readonly Tensor[];
}

/** What the gradient check feeds an op: input shapes and how to fill them, plus attribute overrides. */
export interface GradientCheckCase {
  attrs?: Record<string, AttributeValue>;
  inputShapes: readonly number[][];
  /** How to fill input i: random normal by default; a one-hot or probabilities for loss targets. */
  inputKinds?: readonly ('normal' | 'positive' | 'probability' | 'onehot' | 'binary')[];
  /** Why a tolerance other than the default 1e-6 is needed, if it is. */
  tolerance?: { maxRelativeError: number; why: string };
  /** Stochastic ops are checked with a fixed mask: seed drawn once, replayed for every evaluation. */
  training?: boolean;
}

export type OpFamily =
  | 'source' | 'elementwise' | 'reduction' | 'activation' | 'linear' | 'conv' | 'pooling' | 'reshape'
  | 'dropout' | 'recurrent' | 'loss';

/** The role a node plays in a graph beyond computing: where data, targets and parameters come in. */
export type OpRole = 'input' | 'target' | 'parameter' | 'constant' | 'loss' | 'compute';

export interface OpDefinition {
  type: string;
  family: OpFamily;
  role: OpRole;
  /** The book chapter that introduces it (the palette groups by it). */
  chapter: number;
  /** One line for the palette and tooltips. */
  description: string;
  /** The math, e.g. "out = X·W". */
  formula: string;
  inputs: readonly PortSpec[];
  params: readonly ParamSpec[];
  attributes: Readonly<Record<string, AttributeSpec>>;
  /** Output shape from input shapes, or a thrown ShapeError naming the problem. */
  inferShape(inputShapes: readonly SymbolicShape[], attrs: ResolvedAttributes): SymbolicShape;
  forward(ctx: ForwardContext): ForwardResult;
  backward(ctx: BackwardContext): BackwardResult;
  /** The numeric gradient check every op must pass, or why it has nothing to check. */
  gradientCheck: GradientCheckCase | { skip: string };
}

/** A shape problem found by an op's inferShape; the graph builder adds node ids and ports. */
export class ShapeError extends Error {
  constructor(message: string, readonly suggestion?: string, readonly port?: string) {
    super(message);
    this.name = 'ShapeError';
  }
}
