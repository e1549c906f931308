// How a dataset's feature columns reach the graph's Input nodes.
//
// One Input takes every feature column, reshaped to its declared shape (784 MNIST pixels feed an Input of
// shape [1, 28, 28] for a convolution). Several Inputs (chapter 1's f(x, y)) take consecutive columns in
// the order the document lists them, each as many as its shape holds.

import { Tensor, formatShape, sizeOf } from '../tensor/tensor.ts';
import type { GraphNode } from '../graph/types.ts';
import { TrainingSetupError } from './errors.ts';

const inputShape = (node: GraphNode): number[] => (node.attrs.shape as number[] | undefined) ?? [];

/** Check once, before training, that the data's columns fit the Inputs; the message says how they differ. */
export function checkFeatureColumns(inputs: readonly GraphNode[], featureCount: number): void {
  const wanted = inputs.reduce((sum, node) => sum + sizeOf(inputShape(node)), 0);
  if (wanted === featureCount) return;
  const described = inputs.map((n) => `"${n.id}" ${formatShape(inputShape(n))}`).join(', ');
  throw new TrainingSetupError(
    `the data has ${featureCount} feature column${featureCount === 1 ? '' : 's'} but the Input${inputs.length === 1 ? '' : 's'} ${described} take${inputs.length === 1 ? 's' : ''} ${wanted}; ` +
    'change the Input shape or the feature columns of the data source',
  );
}

/** The batch for each Input node: its columns, shaped (rows, …Input shape). */
export function featureFeeds(inputs: readonly GraphNode[], x: Tensor): Map<string, Tensor> {
  const rows = x.shape[0]!;
  const width = x.size / Math.max(rows, 1);
  if (inputs.length === 1) {
    const node = inputs[0]!;
    return new Map([[node.id, x.reshape([rows, ...inputShape(node)])]]);
  }
  const feeds = new Map<string, Tensor>();
  let column = 0;
  for (const node of inputs) {
    const take = sizeOf(inputShape(node));
    const data = x.dtype === 'float64' ? new Float64Array(rows * take) : new Float32Array(rows * take);
    for (let r = 0; r < rows; r++) data.set(x.data.subarray(r * width + column, r * width + column + take), r * take);
    feeds.set(node.id, new Tensor(data, [rows, ...inputShape(node)]));
    column += take;
  }
  return feeds;
}

/** Check that the data's target columns fill the Target node's shape. */
export function checkTargetColumns(target: GraphNode, targetCount: number): void {
  const wanted = sizeOf(inputShape(target));
  if (wanted !== targetCount) {
    throw new TrainingSetupError(
      `the data has ${targetCount} target column${targetCount === 1 ? '' : 's'} but Target "${target.id}" ${formatShape(inputShape(target))} takes ${wanted}; ` +
      'change the Target shape (for one-hot classes: the number of classes) or the data source\'s targets',
    );
  }
}

/** The labels shaped (rows, …Target shape). */
export function targetFeed(target: GraphNode, y: Tensor): Tensor {
  return y.reshape([y.shape[0]!, ...inputShape(target)]);
}
