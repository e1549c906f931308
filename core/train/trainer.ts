// The Trainer (the book's Trainer.fit, made resumable): epochs of seeded shuffles and sequential batches —
// forward, loss, backward, optimizer step — with evaluation every `evalEvery` epochs and early stopping.
//
// `run()` is a generator that yields an event after every batch and evaluation, so a host can pause or
// stop between any two batches and stream progress; `fit()` simply runs it to the end.

import { Tensor, type DType } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { Executor, type ExecutionTaps } from '../graph/executor.ts';
import { getBackend, type Backend } from '../backend/index.ts';
import { ancestorsOf, predictionNodeOf } from '../graph/queries.ts';
import type { Graph, GraphNode, ParameterStore } from '../graph/types.ts';
import type { MetricName, RunConfig } from './config.ts';
import { computeMetric } from './metrics.ts';
import { clipGradient, createOptimizer, type Optimizer } from './optimizers.ts';
import { decayLearningRate } from './schedules.ts';
import { initializeLayerOrNode } from './init.ts';
import { prepareParameters } from './parameters.ts';
import { checkMemoryBudget, DEFAULT_MEMORY_BUDGET_BYTES, rowsPerPass } from './memory-budget.ts';
import type { MemoryBudget } from './memory-budget.ts';
import { BYTES_PER_VALUE } from '../graph/model-summary.ts';
import { EarlyStopping } from './early-stopping.ts';
import { TrainingSetupError } from './errors.ts';
import { checkFeatureColumns, checkTargetColumns, featureFeeds, targetFeed } from './features.ts';

export interface Dataset {
  x: Tensor;
  y: Tensor;
}

export interface TrainerOptions {
  graph: Graph;
  config: RunConfig;
  train: Dataset;
  validation?: Dataset;
  /** Continue from these parameters (Train continues; Reset means: leave this out). */
  parameters?: ParameterStore;
  dtype?: DType;
  /** The kernels to run on (default: the one `config.backend` names). */
  backend?: Backend;
  taps?: ExecutionTaps;
  /** Refuse a graph whose estimated memory for a batch exceeds this (default DEFAULT_MEMORY_BUDGET_BYTES). */
  memoryBudget?: MemoryBudget;
}

export interface Evaluation {
  loss: number;
  metrics: Partial<Record<MetricName, number>>;
}

export type TrainEvent =
  | { type: 'batch'; epoch: number; batch: number; batches: number; loss: number; samples: number }
  | { type: 'epoch'; epoch: number; trainLoss: number; learningRate: number }
  | { type: 'evaluation'; epoch: number; validation: Evaluation; improved: boolean }
  | { type: 'early-stop'; epoch: number; restoredEpoch: number; bestLoss: number };

export interface TrainResult {
  epochsRun: number;
  stoppedEarly: boolean;
  trainLosses: number[];
  evaluations: { epoch: number; validation: Evaluation }[];
  /** The epoch whose parameters the model ends with (after any restore). */
  keptEpoch: number;
}

/** The one Input, Target and loss node a trainable graph must have, or a message saying what is missing. */
function trainingNodes(graph: Graph): { inputs: GraphNode[]; target: GraphNode; loss: GraphNode } {
  const one = (nodes: GraphNode[], what: string, fix: string): GraphNode => {
    if (nodes.length === 1) return nodes[0]!;
    const ids = nodes.map((n) => `"${n.id}"`).join(', ');
    throw new TrainingSetupError(nodes.length === 0 ? `the graph has no ${what}; ${fix}` : `the graph has ${nodes.length} ${what}s (${ids}); training needs exactly one`);
  };
  return {
    inputs: graph.inputs.length > 0 ? graph.inputs : [one(graph.inputs, 'Input node', 'add an Input for the features')],
    target: one(graph.targets, 'Target node', 'add a Target for the labels and wire it into the loss'),
    loss: one(graph.losses, 'loss node', 'add a loss (e.g. MeanSquaredError) fed by the prediction and the Target'),
  };
}

export class Trainer {
  readonly params: ParameterStore;
  /** The kernels this run uses (what the app, the CLI and telemetry report). */
  readonly backend: Backend;
  /** Runs training batches; after each, it holds that batch's values and gradients. */
  readonly executor: Executor;
  private readonly inference: Executor;
  readonly optimizer: Optimizer;
  readonly random: NumpyRandom;
  private readonly nodes: ReturnType<typeof trainingNodes>;
  private readonly predictionNodes: Set<string>;
  private readonly lazyBookInit: boolean;
  /** Rows one evaluation or prediction pass may take: what fits in the budget beside training's own estimate. */
  readonly rowsPerPass: number;
  /** The last batch run() gathered (the fast backend gathers the next one into the same arrays). */
  private gathered: Partial<Dataset> = {};

  constructor(private readonly options: TrainerOptions) {
    const { graph, config, train } = options;
    this.nodes = trainingNodes(graph);
    if (train.x.shape[0] !== train.y.shape[0]) {
      throw new TrainingSetupError(`the features have ${train.x.shape[0]} rows but the labels have ${train.y.shape[0]}`);
    }
    if (train.x.shape[0] === 0) throw new TrainingSetupError('the training set is empty');
    checkFeatureColumns(this.nodes.inputs, train.x.size / train.x.shape[0]!);
    checkTargetColumns(this.nodes.target, train.y.size / train.y.shape[0]!);
    const dtype = options.dtype ?? 'float32';
    // Shapes only: a graph too big for the budget is refused before a single tensor of it exists.
    const budget = options.memoryBudget ?? { bytes: DEFAULT_MEMORY_BUDGET_BYTES };
    const training = checkMemoryBudget(graph, config.batchSize, config.optimizer.kind, budget);
    this.rowsPerPass = rowsPerPass(graph, budget.bytes - training.totalBytes);
    // The book seeds once at the start of fit(); layers then draw their weights lazily on the first batch.
    this.random = new NumpyRandom(config.seed);
    this.lazyBookInit = config.compat === 'book';
    this.params = prepareParameters(graph, options.parameters, {
      dtype, compat: config.compat, seed: config.seed, random: this.random, lazy: this.lazyBookInit,
      maxParameterValues: Math.floor(budget.bytes / BYTES_PER_VALUE),
    });
    this.predictionNodes = ancestorsOf(graph, predictionNodeOf(graph, this.nodes.loss).id);
    const lazy = this.lazyBookInit ? { beforeForward: (node: GraphNode) => this.initializeIfNeeded(node) } : {};
    this.backend = options.backend ?? getBackend(config.backend);
    this.optimizer = createOptimizer(config.optimizer, this.backend.updates);
    this.executor = new Executor(graph, this.params, {
      dtype, backend: this.backend, compat: config.compat,
      // The fast backend also reuses each batch's buffers for the next (allocation dominated small batches).
      recycleBuffers: this.backend.name === 'fast' && dtype === 'float32', random: this.random, ...(options.taps ? { taps: options.taps } : {}), ...lazy,
    });
    // Evaluation and prediction run on their own executor, so the last training batch's values and
    // gradients stay in `executor` for the overlay and tensor requests.
    this.inference = new Executor(graph, this.params, { dtype, backend: this.backend, compat: config.compat, random: this.random, ...lazy });
  }

  /** Book semantics: a node's (or Dense layer's) parameters are drawn the first time a batch reaches it. */
  private initializeIfNeeded(node: GraphNode): void {
    if (node.op.params.every((spec) => this.params.has(`${node.id}.${spec.name}`))) return;
    const { compat, seed } = this.options.config;
    initializeLayerOrNode(this.options.graph, node, this.params, this.random, { compat, seed, dtype: this.executor.dtype });
  }

  /** Train on one batch: forward, loss, backward, update. Returns the batch loss. */
  trainBatch(x: Tensor, y: Tensor): number {
    const { inputs, target, loss } = this.nodes;
    const values = this.executor.forward(new Map([...featureFeeds(inputs, x), [target.id, targetFeed(target, y)]]), true);
    const lossValue = values.get(loss.id)!.item();
    this.executor.backward(loss.id);
    const clip = this.options.config.gradientClip;
    for (const [key, grad] of this.executor.paramGrads) {
      this.optimizer.update(key, this.params.get(key)!, clip === null ? grad : clipGradient(grad, clip));
    }
    this.optimizer.endStep();
    return lossValue;
  }

  /** The model's output for a batch of features, in inference mode (in passes of at most rowsPerPass rows). */
  predict(x: Tensor): Tensor {
    const prediction = predictionNodeOf(this.options.graph, this.nodes.loss);
    return this.inPasses(x.shape[0]!, (rows) => {
      const part = rows ? x.gatherRows(rows) : x;
      return { prediction: this.inference.forward(featureFeeds(this.nodes.inputs, part), false, this.predictionNodes).get(prediction.id)! };
    }).prediction;
  }

  /** Loss and metrics on a whole dataset, in inference mode (in passes of at most rowsPerPass rows). */
  evaluate(data: Dataset): Evaluation {
    const { inputs, target, loss } = this.nodes;
    const predictionId = predictionNodeOf(this.options.graph, loss).id;
    const { prediction, loss: lossValue } = this.inPasses(data.x.shape[0]!, (rows) => {
      const [x, y] = rows ? [data.x.gatherRows(rows), data.y.gatherRows(rows)] : [data.x, data.y];
      const values = this.inference.forward(new Map([...featureFeeds(inputs, x), [target.id, targetFeed(target, y)]]), false);
      return { prediction: values.get(predictionId)!, loss: values.get(loss.id)!.item() };
    });
    const metrics: Partial<Record<MetricName, number>> = {};
    // Metrics are computed on the whole prediction, so passes change nothing but the rounding of the loss.
    for (const name of this.options.config.metrics) metrics[name] = computeMetric(name, prediction, data.y.cast(prediction.dtype).reshape(prediction.shape));
    return { loss: lossValue!, metrics };
  }

  /**
   * Run `pass` over all `total` rows at once (rows undefined: the tensors as given) when they fit, else over
   * consecutive slices of at most rowsPerPass rows; the predictions are joined in order and the losses (each
   * a mean over its rows, as every loss is) averaged by rows.
   */
  private inPasses(total: number, pass: (rows?: Int32Array) => { prediction: Tensor; loss?: number }): { prediction: Tensor; loss?: number } {
    if (total <= this.rowsPerPass) return pass();
    const parts: Tensor[] = [];
    let lossSum = 0;
    for (let start = 0; start < total; start += this.rowsPerPass) {
      const rows = Int32Array.from({ length: Math.min(this.rowsPerPass, total - start) }, (_, i) => start + i);
      const result = pass(rows);
      parts.push(result.prediction);
      if (result.loss !== undefined) lossSum += result.loss * rows.length;
    }
    const first = parts[0]!;
    const joined = first.dtype === 'float64' ? new Float64Array(total * (first.size / first.shape[0]!)) : new Float32Array(total * (first.size / first.shape[0]!));
    let offset = 0;
    for (const part of parts) { joined.set(part.data, offset); offset += part.size; }
    return { prediction: new Tensor(joined, [total, ...first.shape.slice(1)]), loss: lossSum / total };
  }

  /** Train for the configured epochs, yielding after every batch and evaluation. */
  *run(): Generator<TrainEvent, TrainResult, void> {
    const { config, train, validation } = this.options;
    const rows = train.x.shape[0]!;
    const batches = Math.ceil(rows / config.batchSize);
    const book = config.compat === 'book';
    const stopping = new EarlyStopping(config, this.params);
    const result: TrainResult = { epochsRun: 0, stoppedEarly: false, trainLosses: [], evaluations: [], keptEpoch: 0 };
    const startRate = this.optimizer.learningRate;
    // Like the book's permute_data, each epoch shuffles the previous epoch's order (not the original one),
    // so a seeded run visits rows in exactly the book's order.
    let order = Int32Array.from({ length: rows }, (_, i) => i);

    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const evaluatesNow = validation !== undefined && (epoch + 1) % config.evalEvery === 0;
      if (evaluatesNow) stopping.beforeEvaluatedEpoch(epoch);
      if (config.shuffle) {
        const permutation = this.random.permutation(rows);
        order = permutation.map((i) => order[i]!);
      }
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const rowsOfBatch = order.subarray(b * config.batchSize, Math.min(rows, (b + 1) * config.batchSize));
        // The fast backend gathers each batch into the arrays of the last batch it gathered (its own arrays:
        // fresh ones cost more than the copy; a tensor a caller passed to trainBatch is never written).
        const reuse = this.executor.recyclesBuffers;
        const x = train.x.gatherRows(rowsOfBatch, reuse ? this.gathered.x : undefined);
        const y = train.y.gatherRows(rowsOfBatch, reuse ? this.gathered.y : undefined);
        this.gathered = { x, y };
        const loss = this.trainBatch(x, y);
        lossSum += loss * rowsOfBatch.length;
        yield { type: 'batch', epoch, batch: b, batches, loss, samples: rowsOfBatch.length };
      }
      result.epochsRun = epoch + 1;
      result.trainLosses.push(lossSum / rows);
      yield { type: 'epoch', epoch, trainLoss: lossSum / rows, learningRate: this.optimizer.learningRate };

      if (evaluatesNow) {
        const evaluation = this.evaluate(validation);
        result.evaluations.push({ epoch, validation: evaluation });
        const verdict = stopping.afterEvaluation(epoch, evaluation.loss);
        yield { type: 'evaluation', epoch, validation: evaluation, improved: verdict.improved };
        if (verdict.stop) {
          result.stoppedEarly = true;
          yield { type: 'early-stop', epoch, restoredEpoch: verdict.restoredEpoch, bestLoss: stopping.bestLoss };
          break;
        }
      }
      // Decay in place after the epoch, as the book does; a rate the user changed mid-run decays from there.
      this.optimizer.learningRate = decayLearningRate(config.schedule, this.optimizer.learningRate, startRate, config.epochs);
    }

    // Epochs trained after the last evaluation were never judged: judge them before choosing what to keep
    // (the book keeps whatever the last epoch left).
    const lastEpoch = result.epochsRun - 1;
    if (validation && !book && !result.stoppedEarly && result.epochsRun % config.evalEvery !== 0) {
      const evaluation = this.evaluate(validation);
      result.evaluations.push({ epoch: lastEpoch, validation: evaluation });
      const verdict = stopping.afterEvaluation(lastEpoch, evaluation.loss, { final: true });
      yield { type: 'evaluation', epoch: lastEpoch, validation: evaluation, improved: verdict.improved };
    }
    result.keptEpoch = stopping.finish(result.epochsRun);
    return result;
  }

  /** Run every epoch; `onEvent` sees the same events `run()` yields. */
  fit(onEvent?: (event: TrainEvent) => void): TrainResult {
    const iterator = this.run();
    for (;;) {
      const step = iterator.next();
      if (step.done) return step.value;
      onEvent?.(step.value);
    }
  }
}
