// The session's memory budget: the settings' figure (set-memory-budget) with the app's way to raise it, and
// the warning a document gets when it opens needing more than that (it still opens, so it can be fixed).

import type { Graph } from '../graph/types.ts';
import type { RunConfig } from '../train/config.ts';
import { checkMemoryBudget, DEFAULT_MEMORY_BUDGET_BYTES, MemoryBudgetError, type MemoryBudget } from '../train/memory-budget.ts';

export function sessionBudget(bytes: number | undefined): MemoryBudget {
  return { bytes: bytes ?? DEFAULT_MEMORY_BUDGET_BYTES, raise: 'raise the memory budget in Settings' };
}

/** The refusal Train would give, as a warning at load time naming the biggest node; undefined when the graph fits. */
export function budgetWarning(graph: Graph, config: RunConfig, bytes: number | undefined): { message: string; nodeId?: string } | undefined {
  try {
    checkMemoryBudget(graph, config.batchSize, config.optimizer.kind, sessionBudget(bytes));
    return undefined;
  } catch (error) {
    if (!(error instanceof MemoryBudgetError)) throw error;
    const message = `${error.message} before training`;
    return error.nodeId ? { message, nodeId: error.nodeId } : { message };
  }
}
