// The batch a training run would start with, in float64, for gradcheck and inspect: the same generator,
// the same parameter initialisation and the same first shuffle as `gradflow train`, so the numbers a
// learner sees here are the ones the first training step computes (DESIGN.md §4: exact, float64).

import type { Feeds } from '../core/graph/executor.ts';
import type { GraphNode } from '../core/graph/types.ts';
import type { PreparedRun } from '../core/runtime/prepare-run.ts';
import { seededFirstBatch } from '../core/runtime/first-batch.ts';
import type { Trainer } from '../core/train/trainer.ts';
import type { Tensor } from '../core/tensor/tensor.ts';
import { makeTrainer, type OpenedDocument } from './document.ts';

export interface FirstBatch {
  trainer: Trainer;
  /** Indices into the training split (0-based) of the batch's rows. */
  rows: Int32Array;
  x: Tensor;
  y: Tensor;
  feeds: Feeds;
  target: GraphNode;
  loss: GraphNode;
}

/**
 * A float64 trainer (parameters from the file, else drawn from the seed) and its first batch, at most
 * `maxRows`. With compat "book" the weights are drawn lazily by the first training forward pass
 * (trainer.executor.forward(feeds, true)), as in a real run.
 */
export function firstBatch(opened: OpenedDocument, run: PreparedRun, maxRows = Infinity): FirstBatch {
  const trainer = makeTrainer(opened, run, { dtype: 'float64', ...(run.parameters ? { parameters: run.parameters } : {}) });
  // Trainer.run() starts epoch 1 by drawing this permutation from the same generator, right after init.
  const { rows, x, y, feeds } = seededFirstBatch(run.graph, run.data.train, run.config, trainer.random, maxRows);
  return { trainer, rows, x, y, feeds, target: run.graph.targets[0]!, loss: run.graph.losses[0]! };
}

/** "rows 4, 17, 250, …" (1-based, as a person counts rows of the training split). */
export function describeRows(rows: Int32Array, shown = 8): string {
  const list = [...rows.slice(0, shown)].map((r) => String(r + 1)).join(', ');
  return `${rows.length === 1 ? 'row' : 'rows'} ${list}${rows.length > shown ? ', …' : ''} of the training split`;
}
