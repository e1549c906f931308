// What the engine last said, in a zustand store of its own (DESIGN.md §2: telemetry lives outside the canvas's
// node data, so 30 updates a second never re-render the graph). Messages are folded into a staged state as
// they arrive (constant memory, even in a hidden tab where frames stop) and published at most once per
// animation frame, so React renders once per frame however many messages came in.

import type { BackendInfo } from '../../core/backend/types.ts';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EdgeTelemetry, EngineStatus, HealthWarning, ParameterTelemetry, Telemetry, TensorSummary } from '../../core/protocol/telemetry.ts';
import { addEdgeMoments, addEvaluation, addProgress, finishRun, setRunSettings, startRun, type EdgeMoment, type RunRecord, type Thinned } from './run-history.ts';

export type ProgressTelemetry = Extract<Telemetry, { type: 'progress' }>;
export type EvaluationTelemetry = Extract<Telemetry, { type: 'evaluation' }>;
export type LoadedTelemetry = Extract<Telemetry, { type: 'loaded' }>;

export interface EdgeStats {
  value?: TensorSummary;
  gradient?: TensorSummary;
}

export interface StepState {
  direction: 'forward' | 'backward';
  nodeId: string;
  index: number;
  total: number;
}

export interface TelemetryState {
  status: EngineStatus;
  statusMessage?: string;
  loaded?: Omit<LoadedTelemetry, 'type'>;
  /** The kernels runs use (fast or reference, and how: WebAssembly flavour, FMA). */
  backend?: BackendInfo;
  progress?: ProgressTelemetry;
  /** The latest loss the engine reported: a training batch's running mean, or a step's forward pass. */
  loss?: number;
  edges: Record<string, EdgeStats>;
  parameters: Record<string, ParameterTelemetry>;
  /** The last few evaluations, oldest first. */
  evaluations: EvaluationTelemetry[];
  step?: StepState;
  /** Step-through: each node's local formula with the numbers of its last step, per direction. */
  formulas: Record<string, { forward?: string; backward?: string }>;
  /** What step-through flows: one training row, or the first batch (null). */
  stepSample: number | null;
  /** The engine's current gradient-health findings (badges on the canvas). */
  health: HealthWarning[];
  /** The runs of the open document, oldest first; they outlive reloads of it (every edit reloads the engine). */
  runs: RunRecord[];
  /** Per edge, its summaries over the current run (the tensor viewer's history, histograms over time). */
  edgeHistory: Record<string, Thinned<EdgeMoment>>;
  /** A character model's generated text after each epoch of the current run (the last few, oldest first). */
  textSamples: { epoch: number; prompt: string; text: string }[];
  /** The last few warnings, oldest first. */
  warnings: string[];
  error?: { message: string; nodeId?: string };
  /** How many messages have been folded in (tests and debugging). */
  received: number;
}

/** A run is going on (training or paused in it): the graph's computation must not change under it. */
export const isRunLocked = (status: EngineStatus): boolean => status === 'running' || status === 'paused';

export const MAX_EVALUATIONS = 200;
export const MAX_WARNINGS = 20;
export const MAX_TEXT_SAMPLES = 10;

export const initialTelemetryState = (): TelemetryState => ({
  status: 'idle', edges: {}, parameters: {}, evaluations: [], warnings: [], received: 0,
  formulas: {}, stepSample: null, health: [], runs: [], edgeHistory: {}, textSamples: [],
});

/** Where in the run the latest frame is, in epochs (the x of histories). */
const progressAt = (s: TelemetryState): number => (s.progress ? s.progress.epoch - 1 + s.progress.batch / Math.max(1, s.progress.batches) : 0);

const keepLast = <T>(list: readonly T[], item: T, max: number): T[] => [...list, item].slice(-max);

function mergeEdges(edges: Record<string, EdgeStats>, updates: readonly EdgeTelemetry[]): Record<string, EdgeStats> {
  const next = { ...edges };
  for (const { edgeId, value, gradient } of updates) {
    const old = next[edgeId] ?? {};
    next[edgeId] = { value: value ?? old.value, gradient: gradient ?? old.gradient };
  }
  return next;
}

/** One message folded into the state; pure, so the store's behaviour is testable without frames. */
export function reduceTelemetry(state: TelemetryState, t: Telemetry): TelemetryState {
  const s = { ...state, received: state.received + 1 };
  switch (t.type) {
    case 'status': {
      const next: TelemetryState = { ...s, status: t.status, statusMessage: t.message };
      const newRun = t.status === 'running' && state.status !== 'paused' && state.status !== 'running';
      // A new run starts clean; an error stays visible until then.
      if (newRun) {
        next.error = undefined;
        next.health = [];
        next.edgeHistory = {};
        next.textSamples = [];
        next.runs = startRun(s.runs, Date.now());
      }
      if (isRunLocked(state.status) && !isRunLocked(t.status)) next.runs = finishRun(s.runs);
      // Step-through starts a fresh pass: the edges still show the last training batch until each is stepped.
      if (t.status === 'stepping' && state.status !== 'stepping') {
        next.edges = {};
        next.formulas = {};
      }
      // Training leaves step-through (the engine drops its stepper), so the step readout would be stale.
      if (t.status === 'running') {
        next.step = undefined;
        next.formulas = {};
      }
      if (t.status === 'error' && t.message && !next.error) next.error = { message: t.message };
      return next;
    }
    case 'loaded': {
      const { type: _type, ...loaded } = t;
      // The same document reloads after every edit: its runs stay, the rest belongs to the old graph.
      return { ...initialTelemetryState(), received: s.received, status: s.status, loaded, runs: s.runs, stepSample: s.stepSample, ...(s.backend ? { backend: s.backend } : {}) };
    }
    case 'progress':
      return { ...s, progress: t, loss: t.trainLoss, runs: addProgress(s.runs, t) };
    case 'edges':
      return {
        ...s, edges: mergeEdges(s.edges, t.edges),
        // Training frames make the history; a Try it sample's activations are a one-off picture.
        edgeHistory: t.phase === 'both' ? addEdgeMoments(s.edgeHistory, progressAt(s), t.edges) : s.edgeHistory,
      };
    case 'parameters':
      return { ...s, parameters: { ...s.parameters, ...Object.fromEntries(t.parameters.map((p) => [p.key, p])) } };
    case 'evaluation':
      return { ...s, evaluations: keepLast(s.evaluations, t, MAX_EVALUATIONS), runs: addEvaluation(s.runs, t) };
    case 'step': {
      const { direction, nodeId, index, total } = t;
      const formulas = t.formula === undefined ? s.formulas : { ...s.formulas, [nodeId]: { ...s.formulas[nodeId], [direction]: t.formula } };
      return { ...s, step: { direction, nodeId, index, total }, edges: mergeEdges(s.edges, t.edges), loss: t.loss ?? s.loss, formulas };
    }
    case 'step-cleared':
      return { ...s, step: undefined, formulas: {}, edges: {}, stepSample: t.sample };
    case 'health':
      return { ...s, health: t.warnings };
    case 'text-sample':
      return { ...s, textSamples: keepLast(s.textSamples, { epoch: t.epoch, prompt: t.prompt, text: t.text }, MAX_TEXT_SAMPLES) };
    case 'backend':
      return { ...s, backend: t.backend };
    case 'warning':
      return { ...s, warnings: keepLast(s.warnings, t.nodeId ? `${t.message} (node ${t.nodeId})` : t.message, MAX_WARNINGS) };
    case 'error':
      // An error answering one request (a tensor, an export) goes to that caller, not the banner.
      if (t.requestId !== undefined) return s;
      return { ...s, error: t.nodeId === undefined ? { message: t.message } : { message: t.message, nodeId: t.nodeId } };
    // Gradient checks and requested tensors answer a particular caller; they are not part of the live picture.
    case 'gradient-check':
    case 'tensor':
    case 'trained-parameters':
    case 'prediction':
    case 'predictions':
    case 'activations':
    case 'sweep':
      return s;
    default:
      return assertNever(t);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled telemetry ${JSON.stringify(value)}`);
}

export interface TelemetryStore {
  store: StoreApi<TelemetryState>;
  /** Fold in one message; it is published with the next frame. */
  ingest(telemetry: Telemetry): void;
  /** Publish now (tests, and before reading the state right after a user action). */
  flush(): void;
  /** Back to nothing; `keepRuns` keeps the runs history (the same document reloaded after an edit). */
  reset(options?: { keepRuns?: boolean }): void;
  /** Label a run with its settings (the window knows the document the run started from; the engine's messages do not say). */
  describeRun(id: number, settings: Record<string, string>): void;
}

export type RequestFrame = (callback: () => void) => void;

const defaultRequestFrame: RequestFrame = (callback) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => callback()) : setTimeout(callback, 16);

export function createTelemetryStore(requestFrame: RequestFrame = defaultRequestFrame): TelemetryStore {
  const store = createStore<TelemetryState>(() => initialTelemetryState());
  let staged: TelemetryState | null = null;
  let frameRequested = false;

  const flush = () => {
    frameRequested = false;
    if (staged === null) return;
    const next = staged;
    staged = null;
    store.setState(next, true);
  };

  return {
    store,
    ingest(telemetry) {
      staged = reduceTelemetry(staged ?? store.getState(), telemetry);
      if (!frameRequested) {
        frameRequested = true;
        requestFrame(flush);
      }
    },
    flush,
    reset(options = {}) {
      const runs = options.keepRuns ? (staged ?? store.getState()).runs : [];
      staged = null;
      store.setState({ ...initialTelemetryState(), runs }, true);
    },
    describeRun(id, settings) {
      const base = staged ?? store.getState();
      staged = { ...base, runs: setRunSettings(base.runs, id, settings) };
      flush();
    },
  };
}
