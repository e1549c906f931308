// The --memory-budget flag of train, eval and predict: the most memory a run may need (the model summary's
// estimate for a batch; evaluation and prediction go in passes that fit beside it), and train's check made
// with it as soon as the document is open — before any data is read or any tensor allocated — so a graph too
// big for the machine is refused in a moment with the figure, not by the operating system's out-of-memory killer.

import { buildGraph } from '../core/graph/build.ts';
import { mergeRunConfig, resolveRunConfig, type PartialRunConfig } from '../core/train/config.ts';
import { checkMemoryBudget, DEFAULT_MEMORY_BUDGET_BYTES, type MemoryBudget } from '../core/train/memory-budget.ts';
import { flag } from './args.ts';
import { guardEngine, type OpenedDocument } from './document.ts';

const MIB = 2 ** 20;

export const MEMORY_BUDGET_FLAG = {
  'memory-budget': flag.int('MiB', `refuse to train a graph whose parameters, gradients, optimizer state and a batch's outputs need more than MiB; evaluation runs in passes that fit (default ${DEFAULT_MEMORY_BUDGET_BYTES / MIB})`,
    { min: 1, max: 1_048_576 }),
} as const;

export function memoryBudgetFromFlag(mebibytes: number | undefined): MemoryBudget {
  return { bytes: (mebibytes ?? DEFAULT_MEMORY_BUDGET_BYTES / MIB) * MIB, raise: 'raise the budget with --memory-budget MiB' };
}

/** Refuse now (a CliError naming the file) when the document's graph, with the flags' settings, does not fit. */
export function checkDocumentFits(opened: OpenedDocument, training: PartialRunConfig, budget: MemoryBudget): void {
  const built = buildGraph(opened.doc);
  // A graph that does not build is reported with its problems when the run is prepared.
  if (!built.ok) return;
  const config = resolveRunConfig(mergeRunConfig(opened.doc.training, training));
  guardEngine(opened, () => checkMemoryBudget(built.graph, config.batchSize, config.optimizer.kind, budget));
}
