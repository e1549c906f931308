// The data source as editable fields: pure functions from a document's (untrusted, loosely typed) data source
// to the values the form shows, and from one edited field to the next data source. The form component only
// lays these out; the document's checker (core/data/source.ts) has the last word on every change.

import type { DataSource } from '../../core/document/types.ts';
import { BUILTIN_NAMES } from '../../core/data/source.ts';

export type SourceChoice = `builtin:${string}` | 'file' | 'inline';

export const SOURCE_CHOICES: readonly { value: SourceChoice; label: string }[] = [
  ...BUILTIN_NAMES.map((name) => ({ value: `builtin:${name}` as SourceChoice, label: `built-in: ${name}` })),
  { value: 'file', label: 'a file (CSV, JSON records, IDX)' },
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export function sourceChoice(data: DataSource | undefined): SourceChoice | '' {
  if (!data) return '';
  if (data.kind === 'builtin' && typeof data.name === 'string') return `builtin:${data.name}`;
  if (data.kind === 'file') return 'file';
  if (data.kind === 'inline') return 'inline';
  return '';
}

/** Switching the kind of source keeps what still applies (split, scaling, missing policy, limit). */
export function withSource(data: DataSource | undefined, choice: SourceChoice): DataSource {
  const common = Object.fromEntries(Object.entries(data ?? {}).filter(([k]) => ['split', 'scale', 'missing', 'limit'].includes(k)));
  if (choice.startsWith('builtin:')) return { ...common, kind: 'builtin', name: choice.slice('builtin:'.length) };
  if (choice === 'file') return { ...common, kind: 'file', path: typeof data?.path === 'string' ? data.path : '', format: 'csv' };
  return { ...(data ?? {}), kind: 'inline' } as DataSource;
}

/** A field of the source set (undefined removes it). */
export function withField(data: DataSource, field: string, value: unknown): DataSource {
  const next: DataSource = { ...data };
  if (value === undefined) delete next[field];
  else next[field] = value;
  return next;
}

/** A nested field (options.count, scale.method, split.validation) set; an emptied object is removed. */
export function withNested(data: DataSource, parent: 'options' | 'scale' | 'split', field: string, value: unknown): DataSource {
  const inner: Record<string, unknown> = { ...(isRecord(data[parent]) ? data[parent] : {}) };
  if (value === undefined) delete inner[field];
  else inner[field] = value;
  return withField(data, parent, Object.keys(inner).length > 0 ? inner : undefined);
}

/** A new split method with the fields it needs, at their usual values. */
export function withSplitMethod(data: DataSource, method: string): DataSource {
  if (method === 'random') return withField(data, 'split', { method: 'random', validation: 0.2, test: 0, seed: 0 });
  if (method === 'sklearn') return withField(data, 'split', { method: 'sklearn', testSize: 0.3, randomState: 80718 });
  if (method === 'none') return withField(data, 'split', { method: 'none' });
  return withField(data, 'split', undefined);
}

/** Tick or untick a column as a feature or a target (a column is one or the other, never both). */
export function toggleColumn(data: DataSource, column: string, role: 'features' | 'targets', on: boolean): DataSource {
  const other = role === 'features' ? 'targets' : 'features';
  const list = strings(data[role]).filter((c) => c !== column);
  const otherList = strings(data[other]).filter((c) => c !== column || !on);
  let next = withField(data, role, on ? [...list, column] : list);
  next = withField(next, other, otherList);
  return next;
}

export const columnsOf = (data: DataSource | undefined, role: 'features' | 'targets'): string[] => strings(data?.[role]);
export const nested = (data: DataSource | undefined, parent: string): Record<string, unknown> => (isRecord(data?.[parent]) ? data[parent] : {});
