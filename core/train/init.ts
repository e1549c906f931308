// Parameter initialisation: standard N(0, 1) (the book's default), Glorot, He, or zeros.
//
// Correct Glorot draws N(0, σ²) with variance σ² = 2/(fan_in + fan_out); the book's library passes
// 2/(in+out) as the standard deviation instead — replayed only under compat "book". Draws use the
// numpy-compatible generator with numpy's legacy `normal(0, σ, shape)`, so a seeded run starts from the
// same numbers as the book's code.

import { Tensor, allocate, sizeOf, type DType } from '../tensor/tensor.ts';
import type { NumpyRandom } from '../tensor/random.ts';
import type { InitScheme } from '../ops/types.ts';
import { parameterKey, type Graph, type GraphNode, type ParameterStore } from '../graph/types.ts';
import type { Compat } from './config.ts';

/** The standard deviation a scheme draws with, or 0 for zeros. */
export function initScale(scheme: InitScheme, fanIn: number, fanOut: number, compat: Compat): number {
  switch (scheme) {
    case 'standard':
      return 1;
    case 'glorot':
      return compat === 'book' ? 2 / (fanIn + fanOut) : Math.sqrt(2 / (fanIn + fanOut));
    case 'he':
      return Math.sqrt(2 / fanIn);
    case 'zeros':
      return 0;
  }
}

/** A BiasAdd right after a WeightMultiply belongs to that layer: it takes the layer's fan-in (as the book does). */
function layerFanIn(graph: Graph, node: GraphNode): number | undefined {
  if (node.op.type !== 'BiasAdd') return undefined;
  const producer = graph.byId.get(node.inputEdges[0]?.from ?? '');
  return producer?.op.type === 'WeightMultiply' ? producer.paramShapes[0]?.[0] : undefined;
}

/** Draw every parameter a node owns, in the op's parameter order, into `store`. */
export function initializeNodeParameters(
  graph: Graph, node: GraphNode, store: ParameterStore, random: NumpyRandom, compat: Compat, dtype: DType,
): void {
  node.op.params.forEach((spec, i) => {
    const shape = node.paramShapes[i]!;
    const { scheme, fanIn, fanOut } = spec.init(shape, node.attrs, compat);
    const scale = initScale(scheme, layerFanIn(graph, node) ?? fanIn, fanOut, compat);
    const data = allocate(dtype, sizeOf(shape));
    if (scheme !== 'zeros') data.set(random.normal(0, scale, data.length));
    store.set(parameterKey(node.id, spec.name), new Tensor(data, shape));
  });
}

/** The Dense layer whose first member this node is, when the book re-seeds before it. */
function denseLayerStartingAt(graph: Graph, nodeId: string) {
  return graph.groups.find((g) => g.kind === 'Dense' && g.members[0] === nodeId);
}

/**
 * Initialise one node's parameters — or, if it starts a Dense layer under book semantics, re-seed and draw
 * the whole layer's parameters in member order (weights, then bias), as the book's Layer setup does.
 */
export function initializeLayerOrNode(
  graph: Graph, node: GraphNode, store: ParameterStore, random: NumpyRandom,
  options: { compat: Compat; seed: number; dtype: DType },
): void {
  const layer = options.compat === 'book' ? denseLayerStartingAt(graph, node.id) : undefined;
  if (!layer) {
    initializeNodeParameters(graph, node, store, random, options.compat, options.dtype);
    return;
  }
  random.seed(options.seed);
  for (const memberId of layer.members) {
    const member = graph.byId.get(memberId);
    const drawn = member?.op.params.every((spec) => store.has(parameterKey(member.id, spec.name)));
    if (member && !drawn) initializeNodeParameters(graph, member, store, random, options.compat, options.dtype);
  }
}
