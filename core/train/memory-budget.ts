// The memory check before training: the model summary's estimate (parameters, their gradients, optimizer
// state, and every output with its gradient for a batch) against a budget the user sets, so a graph too big
// for the machine is refused with the figure and the node to shrink instead of crashing out of memory.
//
// Evaluation and prediction keep every node's output for all the rows of a pass: rowsPerPass says how many
// rows fit beside training in the same budget, so a big split is evaluated in passes instead of at once.
// All of it multiplies shapes only and runs before any tensor is allocated.

import { formatShape } from '../tensor/tensor.ts';
import type { Graph } from '../graph/types.ts';
import { modelSummary, nodeMemory, type MemoryParts, type ModelSummary, type NodeMemory } from '../graph/model-summary.ts';
import type { OptimizerKind } from './config.ts';
import { TrainingSetupError } from './errors.ts';

/** The app's default (Settings: memory budget 1024 MiB) and the CLI's (--memory-budget). */
export const DEFAULT_MEMORY_BUDGET_BYTES = 2 ** 30;

export interface MemoryBudget {
  bytes: number;
  /** How the user raises it where they are, e.g. "raise the memory budget in Settings". */
  raise?: string;
}

/** A run that needs more memory than the budget: the estimate (bytes), the budget and the node that needs the most. */
export class MemoryBudgetError extends TrainingSetupError {
  constructor(message: string, readonly estimateBytes: number, readonly budgetBytes: number, readonly nodeId: string | undefined) {
    super(message);
    this.name = 'MemoryBudgetError';
  }
}

/** Bytes in binary units, as the inspector shows them: "512 B", "1.5 KiB", "37.3 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  if (unit === 0) return `${value} B`;
  return value >= 1000 ? `${Math.round(value).toLocaleString('en-US')} ${units[unit]}` : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

const OPTIMIZER_STATE: Record<OptimizerKind, string> = {
  SGD: 'SGD state', SGDMomentum: 'momentum velocities', AdaGrad: 'AdaGrad\'s gradient history', Adam: 'Adam\'s two moments',
};

function describeParts(parts: MemoryParts, optimizer: OptimizerKind): string {
  const named: [string, number][] = [
    ['parameters', parts.parameters], ['their gradients', parts.gradients],
    [OPTIMIZER_STATE[optimizer], parts.optimizerState], ['outputs and their gradients', parts.activations],
  ];
  return named.filter(([, bytes]) => bytes > 0).map(([what, bytes]) => `${what} ${formatBytes(bytes)}`).join(', ');
}

/** "WeightMultiply "dense2_w" in layer "Dense dense2" (74.5 GiB: W (100000, 100000))". */
function describeLargest(graph: Graph, largest: NodeMemory): string {
  const { node } = largest;
  const group = graph.groups.find((g) => g.members.includes(node.id));
  const params = node.op.params.map((spec, i) => `${spec.name} ${formatShape(node.paramShapes[i] ?? [])}`);
  const what = params.length > 0 ? params.join(', ') : `output ${node.shape ? formatShape(node.shape) : '?'}`;
  return `${node.op.type} "${node.id}"${group ? ` in layer "${group.name}"` : ''} (${formatBytes(largest.bytes)}: ${what})`;
}

/**
 * The estimate (the inspector's model summary for this batch size and optimizer), or a MemoryBudgetError
 * when it exceeds the budget (an estimate too large to be a finite number counts as exceeding it). Call it
 * before allocating anything for the run.
 */
export function checkMemoryBudget(graph: Graph, batchSize: number, optimizer: OptimizerKind, budget: MemoryBudget = { bytes: DEFAULT_MEMORY_BUDGET_BYTES }): ModelSummary {
  const summary = modelSummary(graph, batchSize, optimizer);
  if (Number.isFinite(summary.totalBytes) && summary.totalBytes <= budget.bytes) return summary;
  const largest = summary.largest!;
  const message = `training needs about ${formatBytes(summary.totalBytes)} for a batch of ${batchSize} ` +
    `(${describeParts(summary.parts, optimizer)}), more than the memory budget of ${formatBytes(budget.bytes)}; ` +
    `the biggest part is ${describeLargest(graph, largest)}. Make it smaller, lower the batch size, or ${budget.raise ?? 'raise the memory budget'}`;
  throw new MemoryBudgetError(message, summary.totalBytes, budget.bytes, largest.node.id);
}

/**
 * Bytes one inference pass over `rows` rows holds: every node's output for all of them (no gradients).
 * Evaluation and prediction split a set into passes of at most `rowsPerPass` rows so this stays in budget.
 */
export function inferenceBytes(graph: Graph, rows: number): number {
  // nodeMemory counts each output twice (with its gradient); an inference pass keeps one.
  return graph.nodes.reduce((sum, node) => sum + nodeMemory(node, rows, 'SGD').parts.activations / 2, 0);
}

/** The most rows one inference pass may take within `availableBytes` (at least 1: a run that trains can evaluate a row). */
export function rowsPerPass(graph: Graph, availableBytes: number): number {
  const perRow = inferenceBytes(graph, 2) - inferenceBytes(graph, 1);
  const fixed = inferenceBytes(graph, 1) - perRow;
  if (perRow <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.floor((availableBytes - fixed) / perRow));
}
