// The model as a function, for "Try it" and the prediction plots: rows of features through the current
// parameters in evaluation mode (no dropout), on the float64 reference executor — a separate Executor on a
// float64 copy of the parameters, so an active run's state (its values, gradients and parameters) is never
// touched.
//
// The task follows from the loss node: SoftmaxCrossEntropy and BinaryCrossEntropy classify (outputs are
// class probabilities: the softmax of the scores, or the sigmoid probabilities BinaryCrossEntropy already
// takes); so does any loss trained on one-hot classes (e.g. MeanSquaredError after a sigmoid on MNIST, whose
// raw outputs are then shown). Everything else is regression, with the raw outputs.
//
// Rows are in the model's own feature space: the data after the file's scaling, exactly what the Input
// receives in training (the rows `predictions` sends back are in that space too).

import { Executor } from '../graph/executor.ts';
import { ancestorsOf, predictionNodeOf } from '../graph/queries.ts';
import type { Graph, GraphNode, ParameterStore } from '../graph/types.ts';
import { softmaxRows } from '../ops/activations.ts';
import type { PredictionTask, Telemetry } from '../protocol/telemetry.ts';
import { Tensor, formatShape, sizeOf } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import type { RunConfig } from '../train/config.ts';
import { featureFeeds } from '../train/features.ts';
import { prepareParameters } from '../train/parameters.ts';
import type { Dataset } from '../train/trainer.ts';
import type { PreparedRun } from './prepare-run.ts';
import { edgeTelemetry } from './describe.ts';

/** Rows evaluated at once: bounds the memory of a whole split (an MNIST batch of 1000 is 6 MB in float64). */
export const EVALUATION_BATCH = 1000;
/** How many misclassified rows `predictions` sends with their features. */
export const MAX_MISCLASSIFIED = 32;

type Answer = Extract<Telemetry, { type: 'prediction' | 'predictions' | 'error' }>;

const shapeOf = (node: GraphNode): number[] => (node.attrs.shape as number[] | undefined) ?? [];

/**
 * A float64 evaluation executor on a copy of `params`; with none (nothing trained or loaded yet), the
 * parameters a run would start from: drawn from the seed in float32 exactly as the Trainer draws them.
 */
export function evaluationExecutor(graph: Graph, config: RunConfig, params: ParameterStore | undefined): Executor {
  const options = { compat: config.compat, seed: config.seed };
  const start = params ?? startingParameters(graph, config);
  const store = prepareParameters(graph, start, { ...options, dtype: 'float64', random: new NumpyRandom(config.seed) });
  return new Executor(graph, store, { dtype: 'float64', compat: config.compat, random: new NumpyRandom(config.seed) });
}

/** The parameters a run starts from when nothing is trained or loaded: drawn from the seed as the Trainer draws them. */
export function startingParameters(graph: Graph, config: RunConfig): ParameterStore {
  return prepareParameters(graph, undefined, { compat: config.compat, seed: config.seed, dtype: 'float32', random: new NumpyRandom(config.seed) });
}

/** Classification or regression, as the loss node (and one-hot targets) imply. */
export function taskOf(run: PreparedRun): PredictionTask {
  const loss = run.graph.losses[0]?.op.type;
  return loss === 'SoftmaxCrossEntropy' || loss === 'BinaryCrossEntropy' || run.data.classes !== undefined ? 'classification' : 'regression';
}

const NO_LOSS = 'the graph has no loss node, so nothing marks its prediction: add a loss fed by the prediction and the Target';

/** The prediction for every row of `x` (rows, features), in batches: rows × `width` numbers. */
function predictRows(run: PreparedRun, loss: GraphNode, executor: Executor, x: Tensor): { outputs: Float64Array; width: number } {
  const prediction = predictionNodeOf(run.graph, loss);
  const needed = ancestorsOf(run.graph, prediction.id);
  const rows = x.shape[0]!;
  const softmax = loss.op.type === 'SoftmaxCrossEntropy';
  let outputs = new Float64Array(0);
  let width = 0;
  for (let start = 0; start < rows; start += EVALUATION_BATCH) {
    const batch = x.sliceRows(start, Math.min(rows, start + EVALUATION_BATCH)).cast('float64');
    const raw = executor.forward(featureFeeds(run.graph.inputs, batch), false, needed).get(prediction.id)!;
    const n = batch.shape[0]!;
    // Softmax over the classes, the last axis: per time step for a sequence model's (N, T, V).
    const classes = raw.shape[raw.shape.length - 1]!;
    const out = (softmax ? softmaxRows(raw.reshape([raw.size / classes, classes])) : raw).reshape([n, raw.size / n]);
    if (start === 0) {
      width = out.size / n;
      outputs = new Float64Array(rows * width);
    }
    outputs.set(out.data, start * width);
  }
  return { outputs, width };
}

/** Why the rows do not fit the Inputs (naming expected and given sizes), or null. */
function checkWidths(graph: Graph, inputs: readonly number[][]): string | null {
  const expected = graph.inputs.reduce((sum, node) => sum + sizeOf(shapeOf(node)), 0);
  const bad = inputs.findIndex((row) => row.length !== expected);
  if (bad < 0) return null;
  const described = graph.inputs.map((n) => `"${n.id}" ${formatShape(shapeOf(n))}`).join(', ');
  return `input row ${bad + 1} has ${inputs[bad]!.length} number${inputs[bad]!.length === 1 ? '' : 's'}, but the Input${graph.inputs.length === 1 ? '' : 's'} ${described} take${graph.inputs.length === 1 ? 's' : ''} ${expected} per sample`;
}

/** Answer `predict`: the model's outputs for the given rows; one row also gets every edge's value. */
export function predict(run: PreparedRun, params: ParameterStore | undefined, requestId: number, inputs: readonly number[][], raw = false): Answer {
  const loss = run.graph.losses[0];
  if (!loss) return { type: 'error', message: NO_LOSS, requestId };
  const problem = checkWidths(run.graph, inputs);
  if (problem) return { type: 'error', message: problem, requestId };
  const width = inputs[0]!.length;
  const features = Float64Array.from(inputs.flat());
  if (raw) run.data.scaleFeatures(features);
  const x = new Tensor(features, [inputs.length, width]);
  const executor = evaluationExecutor(run.graph, run.config, params);
  const { outputs, width: outWidth } = predictRows(run, loss, executor, x);
  const rows = inputs.map((_, r) => Array.from(outputs.subarray(r * outWidth, (r + 1) * outWidth)));
  // With one row, the executor still holds that row's pass: every edge's activation.
  const edges = inputs.length === 1 ? { edges: edgeTelemetry(executor) } : {};
  return { type: 'prediction', requestId, task: taskOf(run), outputs: rows, ...edges };
}

/** The index of the largest of `width` values at `offset` (first on ties), or for one value: above 0.5. */
function classOf(data: ArrayLike<number>, offset: number, width: number): number {
  if (width === 1) return data[offset]! > 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < width; c++) if (data[offset + c]! > data[offset + best]!) best = c;
  return best;
}

/** Answer `predictions`: predicted against actual for every row of a split. */
export function predictions(run: PreparedRun, params: ParameterStore | undefined, requestId: number, split: 'train' | 'validation' | 'test'): Answer {
  const data: Dataset | undefined = run.data[split];
  const count = data?.x.shape[0] ?? 0;
  if (!data || count === 0) return { type: 'error', message: `the ${split} split is empty: this file's data has no ${split} rows`, requestId };
  const loss = run.graph.losses[0];
  if (!loss) return { type: 'error', message: NO_LOSS, requestId };
  const task = taskOf(run);
  const executor = evaluationExecutor(run.graph, run.config, params);
  const { outputs, width } = predictRows(run, loss, executor, data.x);
  const targetWidth = data.y.size / count;
  const featureWidth = data.x.size / count;
  const inputShape = run.graph.inputs.length === 1 ? shapeOf(run.graph.inputs[0]!) : [featureWidth];
  const predicted = new Array<number>(count);
  const actual = new Array<number>(count);
  if (task === 'regression') {
    for (let r = 0; r < count; r++) {
      predicted[r] = outputs[r * width]!;
      actual[r] = data.y.data[r * targetWidth]!;
    }
    return { type: 'predictions', requestId, split, task, predicted, actual, inputShape };
  }
  const misclassified: { index: number; predicted: number; actual: number; input: number[] }[] = [];
  for (let r = 0; r < count; r++) {
    predicted[r] = classOf(outputs, r * width, width);
    // One-hot targets: the hot column; a single label column: the label itself (or above 0.5 for 0/1 labels).
    actual[r] = targetWidth > 1 ? classOf(data.y.data, r * targetWidth, targetWidth) : width > 1 ? Math.round(data.y.data[r]!) : classOf(data.y.data, r, 1);
    if (predicted[r] !== actual[r] && misclassified.length < MAX_MISCLASSIFIED) {
      misclassified.push({ index: r, predicted: predicted[r]!, actual: actual[r]!, input: Array.from(data.x.data.subarray(r * featureWidth, (r + 1) * featureWidth)) });
    }
  }
  return { type: 'predictions', requestId, split, task, predicted, actual, classes: width > 1 ? width : 2, inputShape, misclassified };
}
