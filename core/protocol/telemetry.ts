// Telemetry: everything the engine tells a window, as one typed union (DESIGN.md §6). The worker throttles
// it (~30 Hz, latest wins per stream); full tensors travel only on request, in transferable buffers.

import type { MetricName, BackendName } from '../train/config.ts';
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

export type Telemetry =
  | { type: 'status'; status: EngineStatus; message?: string }
  | { type: 'loaded'; name: string; graph: GraphDescription; dataReport: string[]; backend: BackendName; rows: { train: number; validation: number; test: number } }
  | {
      type: 'progress'; epoch: number; epochs: number; batch: number; batches: number;
      /** Loss of the last batch, and the mean over the epoch so far. */
      batchLoss: number; trainLoss: number;
      validationLoss?: number; metrics?: Partial<Record<MetricName, number>>;
      samplesPerSecond: number; etaSeconds: number; learningRate: number;
      /** The engine's clock (ms since the Unix epoch) when the frame was posted: windows measure delivery latency with it. */
      sentAt?: number;
    }
  | { type: 'edges'; phase: 'forward' | 'backward' | 'both'; edges: EdgeTelemetry[] }
  | { type: 'parameters'; parameters: ParameterTelemetry[] }
  | { type: 'evaluation'; epoch: number; split: 'validation' | 'test'; loss: number; metrics: Partial<Record<MetricName, number>> }
  | { type: 'step'; direction: 'forward' | 'backward'; nodeId: string; index: number; total: number; edges: EdgeTelemetry[]; loss?: number }
  | { type: 'gradient-check'; nodeId: string; passed: boolean; tolerance: number; comparisons: { name: string; maxRelativeError: number }[] }
  | { type: 'tensor'; requestId: number; shape: number[]; data: Float32Array }
  /** The answer to export-parameters: what `parameters` and `runSummary` of the document should become. */
  | { type: 'trained-parameters'; requestId: number; parameters: Record<string, SavedParameter>; runSummary?: RunSummary }
  | { type: 'warning'; message: string; nodeId?: string }
  | { type: 'error'; message: string; nodeId?: string; requestId?: number };
