// The model summary the inspector shows, and the memory estimate training checks against a budget (one
// function, so the figure a person reads is the figure that refuses a run): per layer — or per node outside
// any layer — its output shape, parameter count and the memory a batch needs.
//
// Memory for a batch of N, float32: parameters and their gradients (and optimizer state, counted as one more
// copy for momentum-style optimizers), plus every node's output and its gradient for N examples. Only shapes
// are multiplied: nothing is allocated, so a graph far too big to train still gets its summary.

import type { Graph, GraphNode } from './types.ts';
import { formatShape, sizeOf } from '../tensor/tensor.ts';
import type { OptimizerKind } from '../train/config.ts';

export interface SummaryRow {
  /** The layer's group id, or the node id for a node outside any layer. */
  id: string;
  name: string;
  /** "Dense", "Conv2D", "Group", or the op type of a lone node. */
  kind: string;
  outputShape: string;
  parameters: number;
  /** Bytes for one batch: this row's activations, their gradients, its parameters, gradients and optimizer state. */
  bytes: number;
}

/** Where a node's (or a whole graph's) bytes for one batch go. */
export interface MemoryParts {
  parameters: number;
  /** The parameters' gradients. */
  gradients: number;
  optimizerState: number;
  /** Every output for the batch and its gradient. */
  activations: number;
}

/** One node's share of the estimate. */
export interface NodeMemory {
  node: GraphNode;
  parameters: number;
  parts: MemoryParts;
  bytes: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  totalParameters: number;
  totalBytes: number;
  batchSize: number;
  /** totalBytes by kind. */
  parts: MemoryParts;
  /** The node that needs the most memory (undefined for an empty graph). */
  largest: NodeMemory | undefined;
}

export const BYTES_PER_VALUE = 4;
/** Extra per-parameter copies an optimizer keeps: velocity, squared-gradient history, Adam's two moments. */
export const OPTIMIZER_COPIES: Record<OptimizerKind, number> = { SGD: 0, SGDMomentum: 1, AdaGrad: 1, Adam: 2 };

/** What one node needs for a batch of `batchSize` (a shape without the batch dimension, e.g. a Constant, counts once). */
export function nodeMemory(node: GraphNode, batchSize: number, optimizer: OptimizerKind): NodeMemory {
  const parameters = node.paramShapes.reduce((sum, shape) => sum + sizeOf(shape), 0);
  const perExample = node.shape ? sizeOf(node.shape.map((d) => (d === null ? 1 : d))) : 0;
  const batched = node.shape?.includes(null) ? perExample * batchSize : perExample;
  const parts: MemoryParts = {
    parameters: parameters * BYTES_PER_VALUE,
    gradients: parameters * BYTES_PER_VALUE,
    optimizerState: parameters * OPTIMIZER_COPIES[optimizer] * BYTES_PER_VALUE,
    // The output and its gradient.
    activations: 2 * batched * BYTES_PER_VALUE,
  };
  return { node, parameters, parts, bytes: parts.parameters + parts.gradients + parts.optimizerState + parts.activations };
}

/** One row per layer (in the order its first member runs) or per node outside a layer. */
export function modelSummary(graph: Graph, batchSize: number, optimizer: OptimizerKind = 'SGD'): ModelSummary {
  const groupOf = new Map<string, Graph['groups'][number]>();
  for (const group of graph.groups) for (const member of group.members) groupOf.set(member, group);
  const rows: SummaryRow[] = [];
  const rowOfGroup = new Map<string, SummaryRow>();
  const parts: MemoryParts = { parameters: 0, gradients: 0, optimizerState: 0, activations: 0 };
  let largest: NodeMemory | undefined;
  for (const node of graph.nodes) {
    const cost = nodeMemory(node, batchSize, optimizer);
    for (const key of Object.keys(parts) as (keyof MemoryParts)[]) parts[key] += cost.parts[key];
    if (!largest || cost.bytes > largest.bytes) largest = cost;
    const group = groupOf.get(node.id);
    const shape = node.shape ? formatShape(node.shape) : '?';
    if (!group) {
      rows.push({ id: node.id, name: node.id, kind: node.op.type, outputShape: shape, parameters: cost.parameters, bytes: cost.bytes });
      continue;
    }
    let row = rowOfGroup.get(group.id);
    if (!row) {
      row = { id: group.id, name: group.name, kind: group.kind, outputShape: shape, parameters: 0, bytes: 0 };
      rowOfGroup.set(group.id, row);
      rows.push(row);
    }
    row.parameters += cost.parameters;
    row.bytes += cost.bytes;
    // The layer's output is its last member's (members run in order).
    row.outputShape = shape;
  }
  return {
    rows,
    totalParameters: rows.reduce((s, r) => s + r.parameters, 0),
    totalBytes: rows.reduce((s, r) => s + r.bytes, 0),
    batchSize,
    parts,
    largest,
  };
}
