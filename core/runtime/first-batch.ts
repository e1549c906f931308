// "The first batch": the rows a training run starts with — the first permutation drawn from the run's
// generator (after parameter initialisation, as Trainer.run() draws it), at most `maxRows` of them — in
// float64, fed to the graph's Inputs and Target. Step-through, `gradflow inspect` and `gradflow gradcheck`
// all show this batch, so the numbers a learner sees are the ones the first training step computes.
// Step-through can instead follow one training row the learner picked (trainingRow).

import type { Feeds } from '../graph/executor.ts';
import type { Graph } from '../graph/types.ts';
import type { NumpyRandom } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { RunConfig } from '../train/config.ts';
import { featureFeeds, targetFeed } from '../train/features.ts';
import type { Dataset } from '../train/trainer.ts';

export interface FirstBatchRows {
  /** Indices into the training split (0-based) of the batch's rows. */
  rows: Int32Array;
  x: Tensor;
  y: Tensor;
  feeds: Feeds;
}

export function seededFirstBatch(graph: Graph, train: Dataset, config: RunConfig, random: NumpyRandom, maxRows = Infinity): FirstBatchRows {
  const count = train.x.shape[0]!;
  const order = config.shuffle ? random.permutation(count) : Int32Array.from({ length: count }, (_, i) => i);
  return batchOfRows(graph, train, order.slice(0, Math.min(config.batchSize, maxRows, count)));
}

/**
 * One training row (its index in the training split as prepared, before any shuffle) as a batch of one:
 * what step-through shows when a learner picks a sample to follow through the graph.
 */
export function trainingRow(graph: Graph, train: Dataset, index: number): FirstBatchRows {
  return batchOfRows(graph, train, Int32Array.of(index));
}

/** The given rows of the training split, in float64, as feeds for the graph's Inputs and Target. */
function batchOfRows(graph: Graph, train: Dataset, rows: Int32Array): FirstBatchRows {
  const x = train.x.gatherRows(rows).cast('float64');
  const y = train.y.gatherRows(rows).cast('float64');
  const target = graph.targets[0];
  const feeds = new Map([...featureFeeds(graph.inputs, x), ...(target ? [[target.id, targetFeed(target, y)] as const] : [])]);
  return { rows, x, y, feeds };
}
