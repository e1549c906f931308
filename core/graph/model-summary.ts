// The model summary the inspector shows (and the memory estimate training checks against a budget): per
// layer — or per node outside any layer — its output shape, parameter count and the memory a batch needs.
//
// Memory for a batch of N, float32: parameters and their gradients (and optimizer state, counted as one more
// copy for momentum-style optimizers), plus every node's output and its gradient for N examples.

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

export interface ModelSummary {
  rows: SummaryRow[];
  totalParameters: number;
  totalBytes: number;
  batchSize: number;
}

const BYTES = 4;
/** Extra per-parameter copies an optimizer keeps: velocity, squared-gradient history, Adam's two moments. */
const OPTIMIZER_COPIES: Record<OptimizerKind, number> = { SGD: 0, SGDMomentum: 1, AdaGrad: 1, Adam: 2 };

function nodeCost(node: GraphNode, batchSize: number, optimizer: OptimizerKind): { parameters: number; bytes: number } {
  const parameters = node.paramShapes.reduce((sum, shape) => sum + sizeOf(shape), 0);
  const perExample = node.shape ? sizeOf(node.shape.map((d) => (d === null ? 1 : d))) : 0;
  const batched = node.shape?.includes(null) ? perExample * batchSize : perExample;
  // The output and its gradient, the parameters, their gradients and the optimizer's copies.
  const values = 2 * batched + parameters * (2 + OPTIMIZER_COPIES[optimizer]);
  return { parameters, bytes: values * BYTES };
}

/** One row per layer (in the order its first member runs) or per node outside a layer. */
export function modelSummary(graph: Graph, batchSize: number, optimizer: OptimizerKind = 'SGD'): ModelSummary {
  const groupOf = new Map<string, Graph['groups'][number]>();
  for (const group of graph.groups) for (const member of group.members) groupOf.set(member, group);
  const rows: SummaryRow[] = [];
  const rowOfGroup = new Map<string, SummaryRow>();
  for (const node of graph.nodes) {
    const cost = nodeCost(node, batchSize, optimizer);
    const group = groupOf.get(node.id);
    const shape = node.shape ? formatShape(node.shape) : '?';
    if (!group) {
      rows.push({ id: node.id, name: node.id, kind: node.op.type, outputShape: shape, ...cost });
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
  };
}
