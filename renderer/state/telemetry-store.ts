// What the engine last said, in a zustand store of its own (DESIGN.md §2: telemetry lives outside the canvas's
// node data, so 30 updates a second never re-render the graph). Messages are folded into a staged state as
// they arrive (constant memory, even in a hidden tab where frames stop) and published at most once per
// animation frame, so React renders once per frame however many messages came in.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EdgeTelemetry, EngineStatus, ParameterTelemetry, Telemetry, TensorSummary } from '../../core/protocol/telemetry.ts';

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
  progress?: ProgressTelemetry;
  /** The latest loss the engine reported: a training batch's running mean, or a step's forward pass. */
  loss?: number;
  edges: Record<string, EdgeStats>;
  parameters: Record<string, ParameterTelemetry>;
  /** The last few evaluations, oldest first. */
  evaluations: EvaluationTelemetry[];
  step?: StepState;
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

export const initialTelemetryState = (): TelemetryState => ({ status: 'idle', edges: {}, parameters: {}, evaluations: [], warnings: [], received: 0 });

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
      // A new run starts clean; an error stays visible until then.
      if (t.status === 'running' && state.status !== 'paused') next.error = undefined;
      // Training leaves step-through (the engine drops its stepper), so the step readout would be stale.
      if (t.status === 'running') next.step = undefined;
      if (t.status === 'error' && t.message && !next.error) next.error = { message: t.message };
      return next;
    }
    case 'loaded': {
      const { type: _type, ...loaded } = t;
      return { ...initialTelemetryState(), received: s.received, status: s.status, loaded };
    }
    case 'progress':
      return { ...s, progress: t, loss: t.trainLoss };
    case 'edges':
      return { ...s, edges: mergeEdges(s.edges, t.edges) };
    case 'parameters':
      return { ...s, parameters: { ...s.parameters, ...Object.fromEntries(t.parameters.map((p) => [p.key, p])) } };
    case 'evaluation':
      return { ...s, evaluations: keepLast(s.evaluations, t, MAX_EVALUATIONS) };
    case 'step': {
      const { direction, nodeId, index, total } = t;
      return { ...s, step: { direction, nodeId, index, total }, edges: mergeEdges(s.edges, t.edges), loss: t.loss ?? s.loss };
    }
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
  reset(): void;
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
    reset() {
      staged = null;
      store.setState(initialTelemetryState(), true);
    },
  };
}
