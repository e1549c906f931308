// Getting a graph's parameters ready to run: one place that initialises what is missing, checks the shape
// of what was given (saved in a file, or kept from the last run), converts it to the run's precision, and
// refuses a graph whose parameters would not fit in memory before allocating anything.

import { formatShape, shapesEqual, sizeOf, type DType } from '../tensor/tensor.ts';
import type { NumpyRandom } from '../tensor/random.ts';
import { parameterKey, type Graph, type ParameterStore } from '../graph/types.ts';
import type { Compat } from './config.ts';
import { TrainingSetupError } from './errors.ts';
import { initializeLayerOrNode } from './init.ts';

/**
 * Parameters beyond this many values (1 GiB of float32) are refused: the cheap guard of everything that draws
 * parameters (step-through, predictions, the weights plot, export). Training checks its whole estimate first
 * (memory-budget.ts) and passes its budget on as this limit.
 */
export const DEFAULT_MAX_PARAMETER_VALUES = 2 ** 28;

export interface PrepareOptions {
  dtype: DType;
  compat: Compat;
  seed: number;
  random: NumpyRandom;
  /** Leave missing parameters for lazy initialisation (book semantics) instead of drawing them now. */
  lazy?: boolean;
  maxParameterValues?: number;
}

/** Total number of parameter values a graph needs. */
export function countParameterValues(graph: Graph): number {
  return graph.nodes.reduce((total, node) => total + node.paramShapes.reduce((sum, shape) => sum + sizeOf(shape), 0), 0);
}

/**
 * A store holding every parameter of the graph in `dtype`: given values are kept (cast copies when the
 * precision differs, so a float32 file can be stepped through in float64), missing ones are drawn.
 */
export function prepareParameters(graph: Graph, given: ParameterStore | undefined, options: PrepareOptions): ParameterStore {
  const total = countParameterValues(graph);
  const limit = options.maxParameterValues ?? DEFAULT_MAX_PARAMETER_VALUES;
  if (total > limit) {
    const biggest = graph.nodes
      .flatMap((node) => node.paramShapes.map((shape) => ({ node, shape })))
      .reduce((a, b) => (sizeOf(b.shape) > sizeOf(a.shape) ? b : a));
    throw new TrainingSetupError(
      `the parameters need ${total.toLocaleString('en-US')} values (${(total * 4 / 2 ** 30).toFixed(1)} GiB as float32), ` +
      `more than the limit of ${limit.toLocaleString('en-US')}; the largest is ${biggest.node.op.type} "${biggest.node.id}" ${formatShape(biggest.shape)}`,
    );
  }
  const store: ParameterStore = new Map();
  for (const node of graph.nodes) {
    node.op.params.forEach((spec, i) => {
      const key = parameterKey(node.id, spec.name);
      const value = given?.get(key);
      if (!value) return;
      const expected = node.paramShapes[i]!;
      if (!shapesEqual(value.shape, expected)) {
        throw new TrainingSetupError(
          `parameter ${spec.name} of ${node.op.type} "${node.id}" has shape ${formatShape(value.shape)} but the graph needs ${formatShape(expected)}; reset the parameters to re-initialise it`,
        );
      }
      store.set(key, value.dtype === options.dtype ? value : value.cast(options.dtype));
    });
  }
  if (options.lazy) return store;
  for (const node of graph.nodes) {
    const missing = node.op.params.some((spec) => !store.has(parameterKey(node.id, spec.name)));
    if (missing) initializeLayerOrNode(graph, node, store, options.random, options);
  }
  return store;
}
