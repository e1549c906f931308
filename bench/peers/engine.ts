// The benchmark models as Gradflow graphs, their data and starting weights, and our engine as a peer.
//
// Every peer of a benchmark (our backends, numpy, TensorFlow.js) starts from the same parameters (drawn once
// by our engine's initialisers) and trains on the same rows. The rows are synthetic — standard normal
// "pixels" with random one-hot labels, random characters for the LSTM — in the real shapes: a training step
// costs the same whatever the values, and no peer needs a dataset download.

import type { GradflowDocument } from '../../core/document/types.ts';
import { buildGraph } from '../../core/graph/build.ts';
import type { Graph, ParameterStore } from '../../core/graph/types.ts';
import { sequentialDocument } from '../../core/layers/sequential.ts';
import { sequenceModelDocument } from '../../core/layers/sequence-model.ts';
import { NumpyRandom } from '../../core/tensor/random.ts';
import { Tensor, type DType } from '../../core/tensor/tensor.ts';
import { resolveRunConfig, type BackendName, type Compat, type PartialRunConfig, type RunConfig } from '../../core/train/config.ts';
import { prepareParameters } from '../../core/train/parameters.ts';
import { Trainer, type Dataset, type TrainEvent } from '../../core/train/trainer.ts';
import type { NpyArray } from '../../core/export/npz.ts';
import type { TimedRun } from './numpy.ts';

export const BENCH_SEED = 20190119;

export interface TrainingCase {
  graph: Graph;
  /** The run settings; each engine peer sets its own backend. */
  training: PartialRunConfig;
  data: Dataset;
  /** The starting parameters (float32); peers copy them. */
  initial: ParameterStore;
  batch: number;
  /** Settings the numpy peer needs besides the arrays. */
  meta: Record<string, unknown>;
}

const f32 = (values: ArrayLike<number>): Float32Array => Float32Array.from(values);

function build(doc: GradflowDocument): Graph {
  const built = buildGraph(doc);
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join('\n'));
  return built.graph;
}

function initialParameters(graph: Graph, seed: number): ParameterStore {
  return prepareParameters(graph, undefined, { dtype: 'float32', compat: 'correct', seed, random: new NumpyRandom(seed) });
}

function oneHot(classes: ArrayLike<number>, width: number): Float32Array {
  const out = new Float32Array(classes.length * width);
  for (let i = 0; i < classes.length; i++) out[i * width + classes[i]!] = 1;
  return out;
}

/** The arrays a numpy peer reads: x, y and every parameter under its key (e.g. "dense1_w.W"). */
export function peerArrays(c: TrainingCase): Map<string, NpyArray> {
  const arrays = new Map<string, NpyArray>([
    ['x', { data: c.data.x.data, shape: c.data.x.shape, dtype: 'float32' }],
    ['y', { data: c.data.y.data, shape: c.data.y.shape, dtype: 'float32' }],
  ]);
  for (const [key, value] of c.initial) arrays.set(key, { data: value.data, shape: value.shape, dtype: 'float32' });
  return arrays;
}

export interface MlpSize { inputs: number; hidden: number; classes: number; batch: number; rows: number }
export const MLP_SIZE: MlpSize = { inputs: 784, hidden: 89, classes: 10, batch: 60, rows: 1200 };
const MLP_LR = 0.1;

/** Chapter 4's MNIST MLP: Dense(89, tanh) → Dense(10, linear) → softmax cross-entropy, plain SGD 0.1. */
export function mlpCase(size: MlpSize = MLP_SIZE, seed = BENCH_SEED): TrainingCase {
  const graph = build(sequentialDocument({
    inputShape: [size.inputs], targetShape: [size.classes], loss: 'SoftmaxCrossEntropy',
    layers: [
      { kind: 'Dense', attributes: { neurons: size.hidden, activation: 'tanh', init: 'glorot' } },
      { kind: 'Dense', attributes: { neurons: size.classes, activation: 'linear', init: 'glorot' } },
    ],
  }));
  const random = new NumpyRandom(seed + 1);
  const x = new Tensor(f32(random.randn(size.rows * size.inputs)), [size.rows, size.inputs]);
  const y = new Tensor(oneHot(random.randint(0, size.classes, size.rows), size.classes), [size.rows, size.classes]);
  return {
    graph, data: { x, y }, initial: initialParameters(graph, seed), batch: size.batch,
    training: { batchSize: size.batch, optimizer: { kind: 'SGD', learningRate: MLP_LR } },
    meta: { batch: size.batch, lr: MLP_LR, seed },
  };
}

export interface ConvSize { channels: number; image: number; filters: number; kernel: number; batch: number; rows: number }
export const CONV_SIZE: ConvSize = { channels: 1, image: 28, filters: 16, kernel: 5, batch: 32, rows: 96 };
// Small enough that the squared error over 12,544 outputs does not diverge (0.01 reached NaN within 20 batches).
const CONV_LR = 1e-3;

/**
 * Conv2D on its own: Input (C, H, W) → Linear (identity) → Conv2D (filters, k×k, "same") → Flatten → mean
 * squared error against a target, SGD on the kernel. The identity in front makes the input edge carry a
 * gradient, so the conv computes its input gradient too — as it does anywhere but first in a network.
 */
export function convCase(size: ConvSize = CONV_SIZE, seed = BENCH_SEED): TrainingCase {
  const { channels, image, filters, kernel } = size;
  const outputs = filters * image * image;
  const at = (x: number) => ({ x, y: 0 });
  const graph = build({
    format: 'gradflow', version: 1, name: 'Conv2D benchmark', groups: [], training: {},
    nodes: [
      { id: 'input', op: 'Input', attributes: { shape: [channels, image, image] }, position: at(0) },
      { id: 'feed', op: 'Linear', attributes: {}, position: at(150) },
      { id: 'conv', op: 'Conv2D', attributes: { filters, kernelSize: kernel, init: 'glorot' }, position: at(300) },
      { id: 'flat', op: 'Flatten', attributes: {}, position: at(450) },
      { id: 'target', op: 'Target', attributes: { shape: [outputs] }, position: { x: 450, y: 160 } },
      { id: 'loss', op: 'MeanSquaredError', attributes: {}, position: at(600) },
    ],
    edges: [
      { id: 'e1', from: { node: 'input', port: 'out' }, to: { node: 'feed', port: 'X' } },
      { id: 'e2', from: { node: 'feed', port: 'out' }, to: { node: 'conv', port: 'X' } },
      { id: 'e3', from: { node: 'conv', port: 'out' }, to: { node: 'flat', port: 'X' } },
      { id: 'e4', from: { node: 'flat', port: 'out' }, to: { node: 'loss', port: 'prediction' } },
      { id: 'e5', from: { node: 'target', port: 'out' }, to: { node: 'loss', port: 'target' } },
    ],
  });
  const random = new NumpyRandom(seed + 2);
  const x = new Tensor(f32(random.randn(size.rows * channels * image * image)), [size.rows, channels * image * image]);
  const y = new Tensor(f32(random.randn(size.rows * outputs)), [size.rows, outputs]);
  return {
    graph, data: { x, y }, initial: initialParameters(graph, seed), batch: size.batch,
    training: { batchSize: size.batch, optimizer: { kind: 'SGD', learningRate: CONV_LR } },
    meta: { batch: size.batch, lr: CONV_LR, seed, image: [channels, image, image] },
  };
}

export interface LstmSize { vocabulary: number; hidden: number; steps: number; batch: number; rows: number }
/** Chapter 6's character model at the issue's size; the vocabulary is ch6-char-lstm's (74 characters). */
export const LSTM_SIZE: LstmSize = { vocabulary: 74, hidden: 256, steps: 25, batch: 32, rows: 96 };
const LSTM_TRAINING = { lr: 0.05, clip: 2, epsilon: 1e-8 };

/** One-hot characters (T, V) → LSTM (H) → Dense(V) at every step → softmax cross-entropy; AdaGrad, clip ±2. */
export function lstmCase(size: LstmSize = LSTM_SIZE, seed = BENCH_SEED): TrainingCase {
  const { vocabulary: v, steps: t } = size;
  const graph = build(sequenceModelDocument({ inputShape: [t, v], cell: 'LSTM', hiddenSize: size.hidden, outputs: v, loss: 'SoftmaxCrossEntropy' }));
  const random = new NumpyRandom(seed + 3);
  const text = random.randint(0, v, size.rows * (t + 1));
  const x = new Float32Array(size.rows * t * v);
  const y = new Float32Array(size.rows * t * v);
  for (let r = 0; r < size.rows; r++) {
    for (let s = 0; s < t; s++) {
      x[(r * t + s) * v + text[r * (t + 1) + s]!] = 1;
      y[(r * t + s) * v + text[r * (t + 1) + s + 1]!] = 1;
    }
  }
  return {
    graph, data: { x: new Tensor(x, [size.rows, t * v]), y: new Tensor(y, [size.rows, t * v]) },
    initial: initialParameters(graph, seed), batch: size.batch,
    training: {
      batchSize: size.batch, gradientClip: LSTM_TRAINING.clip,
      optimizer: { kind: 'AdaGrad', learningRate: LSTM_TRAINING.lr, epsilon: LSTM_TRAINING.epsilon },
    },
    meta: { batch: size.batch, lr: LSTM_TRAINING.lr, clip: LSTM_TRAINING.clip, epsilon: LSTM_TRAINING.epsilon, seed, steps: t, features: v },
  };
}

/** A copy of the starting parameters in the given precision (a Trainer updates its parameters in place). */
export function copyParameters(store: ParameterStore, dtype: DType = 'float32'): ParameterStore {
  return new Map([...store].map(([key, value]) => [key, value.dtype === dtype ? value.clone() : value.cast(dtype)]));
}

function runConfig(c: TrainingCase, backend: BackendName, compat: Compat = 'correct'): RunConfig {
  return resolveRunConfig({
    ...c.training, backend, compat, seed: BENCH_SEED, epochs: Number.MAX_SAFE_INTEGER,
    earlyStopping: { enabled: false }, metrics: [],
  });
}

/** Our engine's loss on the first batch, and on the same batch after one training step on it. */
export function engineLosses(c: TrainingCase, backend: BackendName, dtype: DType = 'float32', compat: Compat = 'correct'): [number, number] {
  const trainer = new Trainer({ graph: c.graph, config: runConfig(c, backend, compat), train: c.data, parameters: copyParameters(c.initial, dtype), dtype });
  const x = c.data.x.sliceRows(0, c.batch).cast(dtype);
  const y = c.data.y.sliceRows(0, c.batch).cast(dtype);
  return [trainer.trainBatch(x, y), trainer.trainBatch(x, y)];
}

/** Our engine training the case on one backend, through Trainer.run() (shuffled epochs, a batch per event). */
export class EnginePeer {
  private readonly trainer: Trainer;
  private readonly events: Generator<TrainEvent, unknown, void>;

  constructor(private readonly c: TrainingCase, backend: BackendName) {
    this.trainer = new Trainer({ graph: c.graph, config: runConfig(c, backend), train: c.data, parameters: copyParameters(c.initial) });
    this.events = this.trainer.run();
  }

  /** The kernels the Trainer actually runs on, e.g. "WebAssembly relaxed SIMD with FMA". */
  get description(): string {
    return this.trainer.backend.description;
  }

  /** Seconds the first batch took (firstBatchLoss): a peer slower than a round's budget skips per-round warm-ups. */
  firstBatchSeconds = 0;

  /** Train on the first batch (rows 0…batch, unshuffled) and return its loss: the same-start check, and a warm-up. */
  firstBatchLoss(): number {
    const start = performance.now();
    const loss = this.trainer.trainBatch(this.c.data.x.sliceRows(0, this.c.batch), this.c.data.y.sliceRows(0, this.c.batch));
    this.firstBatchSeconds = (performance.now() - start) / 1000;
    return loss;
  }

  /** Train one batch; returns its loss. */
  private nextBatch(): number {
    for (;;) {
      const step = this.events.next();
      if (step.done) throw new Error('the training run ended');
      if (step.value.type === 'batch') return step.value.loss;
    }
  }

  /**
   * One measurement round: `warmup` batches, then batches until `seconds` have passed (at least one). A peer
   * whose batch takes over a quarter of the budget (the reference LSTM: ~2 s) skips the warm-up: its first
   * batch already ran, and one more would only double the round's time.
   */
  time(seconds: number, warmup = this.firstBatchSeconds > seconds / 4 ? 0 : 1): TimedRun {
    for (let i = 0; i < warmup; i++) this.nextBatch();
    let iterations = 0;
    const start = performance.now();
    for (;;) {
      this.nextBatch();
      iterations++;
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= seconds) return { iterations, seconds: elapsed };
    }
  }
}
