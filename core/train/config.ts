// RunConfig: every setting of a training run, with its default, in one place.
//
// The `.gradflow` file stores a (possibly partial) RunConfig under `training`; `resolveRunConfig` fills in
// the defaults below, so a file never needs to spell out what it does not change. Defaults are the
// textbook-correct choices; `compat: "book"` replays the book library's semantics (see BOOK.md and
// `BOOK_COMPAT_NOTES`), so a reader can reproduce the book's printed runs.

export type OptimizerKind = 'SGD' | 'SGDMomentum' | 'AdaGrad' | 'Adam';
export type ScheduleKind = 'none' | 'linear' | 'exponential';
export type Compat = 'correct' | 'book';
export type MetricName = 'mse' | 'mae' | 'rmse' | 'accuracy';
export type BackendName = 'reference' | 'fast';

export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['SGD', 'SGDMomentum', 'AdaGrad', 'Adam'];
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['none', 'linear', 'exponential'];
export const METRIC_NAMES: readonly MetricName[] = ['mse', 'mae', 'rmse', 'accuracy'];
export const BACKEND_NAMES: readonly BackendName[] = ['reference', 'fast'];

export interface OptimizerConfig {
  kind: OptimizerKind;
  learningRate: number;
  /** SGDMomentum: v = momentum·v + lr·g. */
  momentum: number;
  /** Adam's moment decay rates. */
  beta1: number;
  beta2: number;
  /** AdaGrad / Adam: added to the denominator so a zero history does not divide by zero. */
  epsilon: number;
}

export interface ScheduleConfig {
  /** How the learning rate moves from `optimizer.learningRate` to `finalLearningRate`, once per epoch. */
  kind: ScheduleKind;
  finalLearningRate: number;
}

export interface EarlyStoppingConfig {
  enabled: boolean;
  /** How many evaluations in a row may fail to improve the validation loss before training stops. */
  patience: number;
}

export interface RunConfig {
  seed: number;
  epochs: number;
  batchSize: number;
  /** Evaluate on the validation split every N epochs (the book's `eval_every`). */
  evalEvery: number;
  earlyStopping: EarlyStoppingConfig;
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  /** Clip every gradient element to [-c, c] before the update (the book's chapter 6 uses 2); null = off. */
  gradientClip: number | null;
  /** Shuffle the training rows at the start of every epoch. */
  shuffle: boolean;
  metrics: MetricName[];
  backend: BackendName;
  compat: Compat;
}

/** A RunConfig with any field left out (nested objects may be partial too), as stored in a file. */
export type PartialRunConfig = {
  [K in keyof RunConfig]?: RunConfig[K] extends unknown[] | null | number | string | boolean
    ? RunConfig[K]
    : Partial<RunConfig[K]>;
};

export const DEFAULT_RUN_CONFIG: RunConfig = Object.freeze({
  seed: 20190119,
  epochs: 10,
  batchSize: 32,
  evalEvery: 1,
  earlyStopping: Object.freeze({ enabled: true, patience: 1 }),
  optimizer: Object.freeze({
    kind: 'SGD',
    learningRate: 0.01,
    momentum: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
  }),
  schedule: Object.freeze({ kind: 'none', finalLearningRate: 0.01 }),
  gradientClip: null,
  shuffle: true,
  metrics: Object.freeze(['mse']) as unknown as MetricName[],
  backend: 'reference',
  compat: 'correct',
}) as RunConfig;

/** Fill every field the partial config leaves out with its default. Returns a fresh, mutable object. */
export function resolveRunConfig(partial: PartialRunConfig = {}): RunConfig {
  const d = DEFAULT_RUN_CONFIG;
  return {
    seed: partial.seed ?? d.seed,
    epochs: partial.epochs ?? d.epochs,
    batchSize: partial.batchSize ?? d.batchSize,
    evalEvery: partial.evalEvery ?? d.evalEvery,
    earlyStopping: { ...d.earlyStopping, ...partial.earlyStopping },
    optimizer: { ...d.optimizer, ...partial.optimizer },
    schedule: { ...d.schedule, ...partial.schedule },
    gradientClip: partial.gradientClip === undefined ? d.gradientClip : partial.gradientClip,
    shuffle: partial.shuffle ?? d.shuffle,
    metrics: [...(partial.metrics ?? d.metrics)],
    backend: partial.backend ?? d.backend,
    compat: partial.compat ?? d.compat,
  };
}

/** `base` with `override` laid over it, nested settings (optimizer, schedule, early stopping) field by field. */
export function mergeRunConfig(base: PartialRunConfig = {}, override: PartialRunConfig = {}): PartialRunConfig {
  return {
    ...base,
    ...override,
    ...(base.optimizer || override.optimizer ? { optimizer: { ...base.optimizer, ...override.optimizer } } : {}),
    ...(base.schedule || override.schedule ? { schedule: { ...base.schedule, ...override.schedule } } : {}),
    ...(base.earlyStopping || override.earlyStopping ? { earlyStopping: { ...base.earlyStopping, ...override.earlyStopping } } : {}),
  };
}

/** What `compat: "book"` changes, for the docs, the inspector tooltip and `gradflow --help`. */
export const BOOK_COMPAT_NOTES: readonly string[] = [
  'Glorot init uses 2/(in+out) as the standard deviation (correct: as the variance), and Conv2D counts channels as its fans (correct: channels·k²).',
  'Each Dense layer re-seeds the random generator with the run seed before drawing its weights.',
  'Weights are drawn lazily on the first batch, after the first epoch shuffle, as the book\'s Layer does.',
  'Early stopping restores the model from the epoch before the failed evaluation (correct: the best one).',
  'Dropout is not inverted: training multiplies by the mask, inference scales by keepProbability.',
  'SoftmaxCrossEntropy reports the book\'s loss value, which adds Σ(1−y)·log(1−p) to the cross-entropy.',
];
