// Telemetry: everything the engine tells a window, as one typed union (DESIGN.md §6). The worker throttles
// it (~30 Hz, latest wins per stream); full tensors travel only on request, in transferable buffers.

import type { MetricName, BackendName } from '../train/config.ts';
import type { BackendInfo } from '../backend/types.ts';
import type { RunSummary, SavedParameter } from '../document/types.ts';

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'running' | 'paused' | 'stepping' | 'done' | 'error';

/** A tensor in a few numbers (and a histogram), cheap to send 30 times a second. */
export interface TensorSummary {
  shape: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  /** L2 norm. */
  norm: number;
  /** Share of elements that are exactly 0 (dead ReLUs, dropout). */
  zeroFraction: number;
  nanCount: number;
  infCount: number;
  /** Counts over `bins` equal-width bins between min and max (finite values only). */
  histogram: number[];
  /** Every value, row-major, when the tensor has at most 64 elements (step mode, small graphs). */
  values?: number[];
}

export interface EdgeTelemetry {
  edgeId: string;
  /** The value the edge carries (the source node's output) from the last forward pass. */
  value?: TensorSummary;
  /** The gradient flowing back along the edge from the last backward pass (absent for data edges). */
  gradient?: TensorSummary;
}

export interface ParameterTelemetry {
  /** `<nodeId>.<paramName>` */
  key: string;
  value: TensorSummary;
  gradient?: TensorSummary;
  /** ‖Δp‖ / ‖p‖ of the last update; healthy training sits near 1e-3. */
  updateRatio?: number;
}

export interface GraphDescription {
  nodes: { id: string; op: string; shape: (number | null)[] | null; params: { key: string; shape: number[] }[] }[];
  edges: { id: string; from: string; to: string; port: string; carriesGradient: boolean }[];
  /** Node ids in the order forward runs them (step-through follows it). */
  order: string[];
  parameterCount: number;
}

/** A gradient-health finding about one node (DESIGN.md §6), shown as a badge on the canvas. */
export type HealthKind = 'vanishing' | 'exploding' | 'dead-relu' | 'saturated' | 'update-ratio';

export interface HealthWarning {
  kind: HealthKind;
  nodeId: string;
  /** A sentence a learner can act on, naming the node and the number. */
  message: string;
  /** The measured number behind it (a norm ratio, a share of units, an update ratio). */
  value: number;
}

/** The model's task as the loss node implies it: class probabilities, or raw regression outputs. */
export type PredictionTask = 'classification' | 'regression';

export interface SweepNode {
  nodeId: string;
  op: string;
  /** The node's output at each x. */
  values: number[];
  /** d(output)/d(its input on the chain) at each x: the local derivative the chain rule multiplies. */
  localDerivative: number[];
}

export type Telemetry =
  | { type: 'status'; status: EngineStatus; message?: string }
  | {
      type: 'loaded'; name: string; graph: GraphDescription; dataReport: string[]; backend: BackendName; rows: { train: number; validation: number; test: number };
      /** The data's feature names (Try it labels its fields with them), when there are at most 64. */
      featureNames?: string[];
    }
  | {
      type: 'progress'; epoch: number; epochs: number; batch: number; batches: number;
      /** Loss of the last batch, and the mean over the epoch so far. */
      batchLoss: number; trainLoss: number;
      validationLoss?: number; metrics?: Partial<Record<MetricName, number>>;
      samplesPerSecond: number; etaSeconds: number; learningRate: number;
      /** The optimizer's momentum, when it has one (SGDMomentum); changed live by set-momentum. */
      momentum?: number;
      /** Epochs that ended since the previous frame (1-based) with their mean training loss: every epoch's final number. */
      endedEpochs?: { epoch: number; trainLoss: number }[];
      /** The engine's clock (ms since the Unix epoch) when the frame was posted: windows measure delivery latency with it. */
      sentAt?: number;
    }
  | { type: 'edges'; phase: 'forward' | 'backward' | 'both'; edges: EdgeTelemetry[] }
  | { type: 'parameters'; parameters: ParameterTelemetry[] }
  | { type: 'evaluation'; epoch: number; split: 'validation' | 'test'; loss: number; metrics: Partial<Record<MetricName, number>> }
  | {
      type: 'step'; direction: 'forward' | 'backward'; nodeId: string; index: number; total: number; edges: EdgeTelemetry[]; loss?: number;
      /** The node's local formula with the step's numbers plugged in, e.g. `∂σ/∂x = σ(x)(1 − σ(x)) = 0.105`. */
      formula?: string;
    }
  /** Step-through starts over with a new sample (or the first batch): the step values on the edges are stale. */
  | { type: 'step-cleared'; sample: number | null; rows: number }
  /**
   * The current gradient-health findings (replaces the previous set; empty = healthy). Sent with every
   * telemetry frame while there are findings, and once, empty, when they clear.
   */
  | { type: 'health'; warnings: HealthWarning[] }
  | {
      type: 'prediction'; requestId: number; task: PredictionTask;
      /** One row per input row: class probabilities (classification) or the raw outputs (regression). */
      outputs: number[][];
      /** Only for a single input row: every edge's value for that sample. */
      edges?: EdgeTelemetry[];
    }
  | {
      type: 'predictions'; requestId: number; split: 'train' | 'validation' | 'test'; task: PredictionTask;
      /** Classification: predicted and actual class per row; regression: predicted and actual value (first output). */
      predicted: number[]; actual: number[];
      /** Number of classes (classification). */
      classes?: number;
      /** The Input's shape per sample (an image is [1, 28, 28] or [784]); lets the window draw misclassified rows. */
      inputShape: number[];
      /** Up to 32 misclassified rows with their features, for the grid of mistakes. */
      misclassified?: { index: number; predicted: number; actual: number; input: number[] }[];
    }
  | {
      type: 'activations'; requestId: number; nodeId: string; split: 'train' | 'validation' | 'test';
      /** The node's output shape per row (e.g. [28]); `values` holds each row flattened. */
      shape: number[]; values: number[][];
      /** Each row's class (an index into `classes`) when the data keeps labels (`"target": "features"`). */
      labels?: number[]; classes?: string[];
      /** The rows' features (as the Input receives them) and the Input's shape per row, when asked for. */
      inputs?: number[][]; inputShape?: number[];
    }
  | {
      type: 'sweep'; requestId: number; x: number[];
      /** The chain's nodes from the input to the loss's prediction, in order (the Input itself, x, is left out). */
      nodes: SweepNode[];
      /** f(x): the loss's prediction; f′(x) by backpropagation; and the product of the local derivatives. */
      output: number[]; derivative: number[]; chainProduct: number[];
    }
  | { type: 'gradient-check'; nodeId: string; passed: boolean; tolerance: number; comparisons: { name: string; maxRelativeError: number }[] }
  | { type: 'tensor'; requestId: number; shape: number[]; data: Float32Array }
  /**
   * The answer to export-parameters: what `parameters` and `runSummary` of the document should become
   * (an empty record and no summary: the document should hold none, e.g. after Reset).
   */
  | { type: 'trained-parameters'; requestId: number; parameters: Record<string, SavedParameter>; runSummary?: RunSummary }
  /** A character model's generated text after an epoch, continuing `prompt` (the first training window). */
  | { type: 'text-sample'; epoch: number; prompt: string; text: string }
  | { type: 'warning'; message: string; nodeId?: string }
  /** The kernels runs use on this engine, sent after loading and when set-backend changes them. */
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'error'; message: string; nodeId?: string; requestId?: number };
