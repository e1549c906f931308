// Metrics reported on the validation and test splits: MSE, MAE, RMSE (regression, as the book's chapter 2)
// and accuracy (classification: argmax of prediction = argmax of target; one column: threshold 0.5; sequences
// per time step).

import type { Tensor } from '../tensor/tensor.ts';
import { argmaxRows } from '../tensor/kernels/index.ts';
import type { MetricName } from './config.ts';

export function meanSquaredError(prediction: Tensor, target: Tensor): number {
  let total = 0;
  for (let i = 0; i < prediction.size; i++) total += (prediction.data[i]! - target.data[i]!) ** 2;
  return total / prediction.size;
}

export function meanAbsoluteError(prediction: Tensor, target: Tensor): number {
  let total = 0;
  for (let i = 0; i < prediction.size; i++) total += Math.abs(prediction.data[i]! - target.data[i]!);
  return total / prediction.size;
}

export function accuracy(prediction: Tensor, target: Tensor): number {
  // Sequences (N, T, classes) are scored at every time step: (N·T) rows of classes.
  if (prediction.rank === 3) {
    const rowsOf = (t: Tensor) => t.reshape([t.shape[0]! * t.shape[1]!, t.shape[2]!]);
    return accuracy(rowsOf(prediction), rowsOf(target));
  }
  const rows = prediction.shape[0] ?? 1;
  const cols = prediction.size / rows;
  let correct = 0;
  if (cols === 1) {
    for (let r = 0; r < rows; r++) correct += Number((prediction.data[r]! > 0.5) === (target.data[r]! > 0.5));
  } else {
    const predicted = argmaxRows(prediction);
    const actual = argmaxRows(target);
    for (let r = 0; r < rows; r++) correct += Number(predicted[r] === actual[r]);
  }
  return correct / rows;
}

export function computeMetric(name: MetricName, prediction: Tensor, target: Tensor): number {
  switch (name) {
    case 'mse':
      return meanSquaredError(prediction, target);
    case 'mae':
      return meanAbsoluteError(prediction, target);
    case 'rmse':
      return Math.sqrt(meanSquaredError(prediction, target));
    case 'accuracy':
      return accuracy(prediction, target);
  }
}
