// From a document to what an exporter writes out: the built graph, the resolved run config, the weights
// (trained ones from the file, or the ones a run would start from, drawn from the seed exactly as the
// Trainer draws them) and the nodes that matter for training and prediction.

import type { GradflowDocument } from '../document/types.ts';
import { parametersFromDocument } from '../document/parameters.ts';
import { buildGraph } from '../graph/build.ts';
import { ancestorsOf, predictionNodeOf } from '../graph/queries.ts';
import { parameterKey, type Graph, type GraphNode, type ParameterStore } from '../graph/types.ts';
import { startingParameters } from '../runtime/predict.ts';
import { resolveRunConfig, type RunConfig } from '../train/config.ts';
import { prepareParameters } from '../train/parameters.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { npzBytes, type NpyArray } from './npz.ts';
import { ExportError } from './types.ts';

export interface ExportModel {
  name: string;
  description: string;
  graph: Graph;
  config: RunConfig;
  /** Every parameter of the graph, float32, keyed "<nodeId>.<param>". */
  params: ParameterStore;
  /** True when the weights were trained (saved in the file); false when drawn from the seed. */
  trained: boolean;
  inputs: GraphNode[];
  target: GraphNode;
  loss: GraphNode;
  prediction: GraphNode;
  /** Ids of the nodes the prediction needs (no Target, no loss). */
  predictionNodes: Set<string>;
}

/** Build the graph and gather the weights; a graph that cannot train cannot be exported either. */
export function exportModel(doc: GradflowDocument): ExportModel {
  const built = buildGraph(doc);
  if (!built.ok) {
    const first = built.problems[0]!;
    throw new ExportError(`the graph does not build: ${first.message}${built.problems.length > 1 ? ` (and ${built.problems.length - 1} more problems)` : ''}`, first.nodeId);
  }
  const graph = built.graph;
  const one = (nodes: GraphNode[], what: string): GraphNode => {
    if (nodes.length !== 1) throw new ExportError(`the graph has ${nodes.length} ${what}s; an export needs exactly one`);
    return nodes[0]!;
  };
  if (graph.inputs.length === 0) throw new ExportError('the graph has no Input node; an export needs one');
  const target = one(graph.targets, 'Target node');
  const loss = one(graph.losses, 'loss node');
  const prediction = predictionNodeOf(graph, loss);
  const config = resolveRunConfig(doc.training);
  const saved = parametersFromDocument(doc);
  if (!saved.ok) throw new ExportError(saved.error);
  const given = saved.store.size > 0 ? saved.store : undefined;
  const allGiven = graph.nodes.every((n) => n.op.params.every((p) => saved.store.has(parameterKey(n.id, p.name))));
  const params = given
    ? prepareParameters(graph, given, { dtype: 'float32', compat: config.compat, seed: config.seed, random: new NumpyRandom(config.seed) })
    : startingParameters(graph, config);
  return {
    name: doc.name ?? 'Gradflow model',
    description: doc.description ?? '',
    graph, config, params, trained: given !== undefined && allGiven,
    inputs: graph.inputs, target, loss, prediction,
    predictionNodes: ancestorsOf(graph, prediction.id),
  };
}

/** The weights as an .npz (float32, one array per "<nodeId>.<param>" key, in graph order). */
export function weightsNpz(model: ExportModel): Uint8Array {
  const arrays = new Map<string, NpyArray>();
  for (const [key, tensor] of model.params) arrays.set(key, { data: tensor.data, shape: tensor.shape, dtype: 'float32' });
  return npzBytes(arrays);
}

/** A file-name stem from a document's file name or title: letters, digits, "-" and "_" only. */
export function fileStem(name: string): string {
  const stem = name.replace(/\.gradflow$/i, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return stem.length > 0 ? stem : 'model';
}
