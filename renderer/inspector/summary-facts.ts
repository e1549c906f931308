// The model summary and the data source as the inspector prints them. Pure, so it is unit-tested.

import type { GradflowDocument } from '../../core/document/types.ts';
import { buildGraph } from '../../core/graph/build.ts';
import { modelSummary, type ModelSummary } from '../../core/graph/model-summary.ts';
import { resolveRunConfig } from '../../core/train/config.ts';

/** The summary of the document's graph for its batch size and optimizer, or the first reason it does not build. */
export function summaryOf(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups' | 'training'>): { ok: true; summary: ModelSummary } | { ok: false; reason: string } {
  if (doc.nodes.length === 0) return { ok: false, reason: 'the graph is empty' };
  const built = buildGraph(doc);
  if (!built.ok) return { ok: false, reason: built.problems[0]?.message ?? 'the graph does not build' };
  const config = resolveRunConfig(doc.training);
  return { ok: true, summary: modelSummary(built.graph, config.batchSize, config.optimizer.kind) };
}

/** 1 234 567 → "1,234,567". */
// One formatter for the page: toLocaleString builds a new one per call, which a 300-row summary notices.
const COUNT_FORMAT = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => COUNT_FORMAT.format(n);

/** Bytes in binary units: "512 B", "1.5 KiB", "12.3 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return unit === 0 ? `${value} B` : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): string | undefined => (Array.isArray(v) ? v.join(', ') : undefined);

/** The data source as [term, description] lines, in reading order; fields it leaves out are not listed. */
export function describeDataSource(data: GradflowDocument['data']): [string, string][] {
  if (!data) return [];
  const lines: [string, string][] = [];
  const add = (term: string, value: string | undefined): void => { if (value) lines.push([term, value]); };
  add('kind', data.kind);
  if (data.kind === 'builtin') {
    add('name', typeof data.name === 'string' ? data.name : undefined);
    if (isRecord(data.options)) add('options', Object.entries(data.options).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('→') : String(v)}`).join(', '));
  }
  if (data.kind === 'file') add('path', typeof data.path === 'string' ? data.path : undefined);
  if (data.kind === 'inline' && Array.isArray(data.rows)) add('rows', `${data.rows.length} written in the document`);
  add('features', list(data.features));
  add('targets', `${list(data.targets) ?? ''}${data.categorical === true ? ' (classes, one-hot)' : ''}` || undefined);
  if (isRecord(data.scale)) {
    const s = data.scale;
    add('scale', `${String(s.method)}${s.per ? ` per ${String(s.per)}` : ''}${s.fitOn ? `, fitted on ${String(s.fitOn)} rows` : ''}`);
  }
  if (isRecord(data.split)) {
    const s = data.split;
    add('split', s.method === 'random' ? `random: ${String(s.validation)} validation${s.test !== undefined ? `, ${String(s.test)} test` : ''}${s.seed !== undefined ? `, seed ${String(s.seed)}` : ''}`
      : s.method === 'sklearn' ? `as the book (sklearn): test size ${String(s.testSize)}, random state ${String(s.randomState)}` : String(s.method));
  }
  if (typeof data.limit === 'number') add('limit', `first ${data.limit} rows`);
  return lines;
}
