// What the window remembers of training over time (issue 6 §6–§7): each run's loss and metric curves, and
// per edge a short history of its summaries for the tensor viewer and the histograms-over-time plot. Pure
// functions over plain data, folded in by the telemetry store; every list is bounded, so a run of a week
// takes the same memory as a run of a minute (old points are thinned, not dropped from one end).

import type { TensorSummary, Telemetry } from '../../core/protocol/telemetry.ts';
import type { GradflowDocument } from '../../core/document/types.ts';

type Progress = Extract<Telemetry, { type: 'progress' }>;
type Evaluation = Extract<Telemetry, { type: 'evaluation' }>;

/** One point of the per-batch curve; `at` counts epochs (2.5 = halfway through the third epoch). */
export interface BatchPoint {
  at: number;
  batchLoss: number;
  trainLoss: number;
  learningRate: number;
}

/** The end of an epoch: the mean training loss over it and, when the run validates, the validation numbers. */
export interface EpochPoint {
  epoch: number;
  trainLoss?: number;
  validationLoss?: number;
  metrics: Record<string, number>;
}

export interface RunRecord {
  /** 1, 2, 3… in the order the runs of this document started. */
  id: number;
  startedAt: number;
  /** The run's settings as "name: value" pairs (filled in by the window when the run starts). */
  settings: Record<string, string>;
  batches: Thinned<BatchPoint>;
  epochs: EpochPoint[];
  /** The last epoch the engine reported (the run is over when the status leaves running/paused). */
  lastEpoch: number;
  finished: boolean;
}

/** One moment of an edge: its value and gradient summaries when the frame came. */
export interface EdgeMoment {
  at: number;
  value?: TensorSummary;
  gradient?: TensorSummary;
}

export const MAX_RUNS = 12;
export const MAX_BATCH_POINTS = 2000;
export const MAX_EDGE_MOMENTS = 120;

/**
 * A bounded series: once full, every other point is dropped and from then on only every `stride`-th new point
 * is kept, so the series keeps its whole span at an even (halved) resolution however long it runs.
 */
export interface Thinned<T> {
  items: T[];
  stride: number;
  /** Points offered so far (kept or not). */
  seen: number;
}

export const emptyThinned = <T>(): Thinned<T> => ({ items: [], stride: 1, seen: 0 });

export function appendThinned<T>(series: Thinned<T>, item: T, max: number): Thinned<T> {
  const seen = series.seen + 1;
  if ((seen - 1) % series.stride !== 0) return { ...series, seen };
  if (series.items.length < max) return { items: [...series.items, item], stride: series.stride, seen };
  // Kept points sit at multiples of the stride; keeping the even ones doubles it.
  return { items: [...series.items.filter((_, i) => i % 2 === 0), item], stride: series.stride * 2, seen };
}

export function startRun(runs: readonly RunRecord[], now: number): RunRecord[] {
  const id = (runs.at(-1)?.id ?? 0) + 1;
  const closed = runs.map((r) => (r.finished ? r : { ...r, finished: true }));
  return [...closed, { id, startedAt: now, settings: {}, batches: emptyThinned<BatchPoint>(), epochs: [], lastEpoch: 0, finished: false }].slice(-MAX_RUNS);
}

const replaceLast = (runs: readonly RunRecord[], update: (run: RunRecord) => RunRecord): RunRecord[] => {
  const last = runs.at(-1);
  return last && !last.finished ? [...runs.slice(0, -1), update(last)] : [...runs];
};

export const finishRun = (runs: readonly RunRecord[]): RunRecord[] => replaceLast(runs, (r) => ({ ...r, finished: true }));

export function setRunSettings(runs: readonly RunRecord[], id: number, settings: Record<string, string>): RunRecord[] {
  return runs.map((r) => (r.id === id ? { ...r, settings } : r));
}

function upsertEpoch(epochs: readonly EpochPoint[], epoch: number, patch: Partial<EpochPoint>): EpochPoint[] {
  const index = epochs.findIndex((e) => e.epoch === epoch);
  if (index < 0) return [...epochs, { epoch, metrics: {}, ...patch }].slice(-MAX_BATCH_POINTS);
  const next = [...epochs];
  next[index] = { ...next[index]!, ...patch, metrics: { ...next[index]!.metrics, ...patch.metrics } };
  return next;
}

/** A progress frame: a point on the batch curve; the epoch's running training loss becomes its epoch point. */
export function addProgress(runs: readonly RunRecord[], p: Progress): RunRecord[] {
  return replaceLast(runs, (run) => {
    const at = p.epoch - 1 + p.batch / Math.max(1, p.batches);
    const point: BatchPoint = { at, batchLoss: p.batchLoss, trainLoss: p.trainLoss, learningRate: p.learningRate };
    // The engine's epoch numbers restart with every run (Train continues the parameters, not the count).
    // An epoch's point holds the running mean until the epoch's end arrives with its final mean.
    let epochs = upsertEpoch(run.epochs, p.epoch, { trainLoss: p.trainLoss });
    for (const ended of p.endedEpochs ?? []) epochs = upsertEpoch(epochs, ended.epoch, { trainLoss: ended.trainLoss });
    if (p.endedEpochs) epochs.sort((a, b) => a.epoch - b.epoch);
    return { ...run, batches: appendThinned(run.batches, point, MAX_BATCH_POINTS), epochs, lastEpoch: p.epoch };
  });
}

/** A validation after an epoch lands on that epoch's point; a test evaluation is not a curve point. */
export function addEvaluation(runs: readonly RunRecord[], e: Evaluation): RunRecord[] {
  if (e.split !== 'validation' || e.epoch < 1) return [...runs];
  const metrics = Object.fromEntries(Object.entries(e.metrics).filter((kv): kv is [string, number] => typeof kv[1] === 'number'));
  return replaceLast(runs, (run) => ({ ...run, epochs: upsertEpoch(run.epochs, e.epoch, { validationLoss: e.loss, metrics }) }));
}

/** One frame of edge summaries appended to each edge's history. */
export function addEdgeMoments(
  history: Readonly<Record<string, Thinned<EdgeMoment>>>,
  at: number,
  edges: readonly { edgeId: string; value?: TensorSummary; gradient?: TensorSummary }[],
): Record<string, Thinned<EdgeMoment>> {
  const next = { ...history };
  for (const { edgeId, value, gradient } of edges) {
    const moment: EdgeMoment = { at, ...(value ? { value } : {}), ...(gradient ? { gradient } : {}) };
    next[edgeId] = appendThinned(next[edgeId] ?? emptyThinned(), moment, MAX_EDGE_MOMENTS);
  }
  return next;
}

/** The settings on which two runs differ, for the legend of an overlaid comparison. */
export function differingSettings(a: RunRecord, b: RunRecord): { name: string; a: string; b: string }[] {
  const names = [...new Set([...Object.keys(a.settings), ...Object.keys(b.settings)])].sort();
  return names.filter((n) => a.settings[n] !== b.settings[n]).map((n) => ({ name: n, a: a.settings[n] ?? '—', b: b.settings[n] ?? '—' }));
}

const csvCell = (v: number | string | undefined): string => {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** A run's metrics as CSV: one row per epoch (train and validation loss, each metric), for a report. */
export function runToCsv(run: RunRecord): string {
  const metricNames = [...new Set(run.epochs.flatMap((e) => Object.keys(e.metrics)))].sort();
  const header = ['epoch', 'train_loss', 'validation_loss', ...metricNames];
  const rows = run.epochs.map((e) => [e.epoch, e.trainLoss, e.validationLoss, ...metricNames.map((m) => e.metrics[m])].map(csvCell).join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

/** Leaves of a nested object as "a.b": "value" pairs. */
function flatten(prefix: string, value: unknown, into: Record<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, into);
  } else if (value !== undefined) {
    into[prefix] = typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/**
 * A run's settings as the document had them when it started: the training config, and what each node and
 * layer computes (so "sigmoid vs tanh" shows up as the differing setting of that node). Positions are left out.
 */
export function describeRunSettings(doc: Pick<GradflowDocument, 'training' | 'nodes' | 'groups' | 'data'>): Record<string, string> {
  // Never empty, so a run is described exactly once.
  const settings: Record<string, string> = { graph: `${doc.nodes.length} nodes` };
  flatten('training', doc.training, settings);
  flatten('data', doc.data, settings);
  for (const node of doc.nodes) {
    const attributes = Object.keys(node.attributes).length > 0 ? ` ${JSON.stringify(node.attributes)}` : '';
    settings[`node ${node.id}`] = `${node.op}${attributes}`;
  }
  for (const group of doc.groups) settings[`layer ${group.name}`] = `${group.kind} ${JSON.stringify(group.attributes)}`;
  return settings;
}
