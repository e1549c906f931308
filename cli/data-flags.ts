// The data overrides train, eval and predict share: --data SPEC [--target COLUMN] [--labels PATH],
// --test-data SPEC [--test-labels PATH], --limit N. They become RunOverrides.data / testData; everything
// the flags leave out (features, scaling, split) is kept from the document by prepareRun.
//
// SPEC is a built-in dataset name or a file path. Paths typed here are relative to the working directory
// (as in every command-line tool) and are made absolute now, so the DataHost — which resolves the
// document's own paths against the document's folder — passes them through unchanged.

import { resolve } from 'node:path';
import { BUILTIN_NAMES, FIXED_COLUMN_BUILTINS, type BuiltinName, type DataSourceSpec } from '../core/data/source.ts';
import type { RunOverrides } from '../core/runtime/prepare-run.ts';
import { flag, type ParsedFlags } from './args.ts';
import { UsageError } from './errors.ts';

export const DATA_FLAGS = {
  data: flag.string('SPEC', `train/evaluate on other data: a CSV, JSON, IDX or text file (.gz is fine), or a built-in set (${BUILTIN_NAMES.join(', ')})`),
  target: flag.string('COLUMN', 'the target column of --data (a CSV or JSON file)'),
  labels: flag.string('PATH', 'the IDX labels file that goes with --data IDX images'),
  'test-data': flag.string('SPEC', 'a separate test set, scaled like the training rows'),
  'test-labels': flag.string('PATH', 'the IDX labels file that goes with --test-data IDX images'),
} as const;

export const LIMIT_FLAG = {
  limit: flag.int('N', 'use only the first N rows of the data (before splitting): a quick run on a big set', { min: 1, max: 100_000_000 }),
} as const;

type DataFlags = ParsedFlags<typeof DATA_FLAGS & Partial<typeof LIMIT_FLAG>>;

export interface DataOverrides {
  overrides: Pick<RunOverrides, 'data' | 'testData'>;
  /** Absolute paths the user typed: read on purpose, so not flagged as "outside the document's folder". */
  paths: Set<string>;
}

function formatOf(path: string): 'csv' | 'json' | 'idx' | 'text' {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.txt')) return 'text';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.idx') || name.endsWith('.idx1') || name.endsWith('.idx3') || name.endsWith('-ubyte')) return 'idx';
  throw new UsageError(`cannot tell the format of ${path} from its name; use a .csv, .json, .idx or .txt file (optionally .gz)`);
}

function source(spec: string, labels: string | undefined, cwd: string, paths: Set<string>, flagName: string): Partial<DataSourceSpec> {
  if ((BUILTIN_NAMES as readonly string[]).includes(spec)) {
    if (labels !== undefined) throw new UsageError(`--${flagName === 'data' ? 'labels' : 'test-labels'} goes with IDX image files, not the built-in set "${spec}"`);
    return { kind: 'builtin', name: spec as BuiltinName };
  }
  const path = resolve(cwd, spec);
  const format = formatOf(spec);
  paths.add(path);
  if (format === 'idx') {
    if (labels === undefined) throw new UsageError(`--${flagName} ${spec} is IDX images: give their labels with --${flagName === 'data' ? 'labels' : 'test-labels'} PATH`);
    const labelPath = resolve(cwd, labels);
    paths.add(labelPath);
    return { kind: 'file', path, format, labels: labelPath };
  }
  if (labels !== undefined) throw new UsageError(`--${flagName === 'data' ? 'labels' : 'test-labels'} goes with IDX images; ${spec} is ${format.toUpperCase()}`);
  return { kind: 'file', path, format };
}

/** Why the rows of `data` have fixed columns (a built-in set or IDX images), or null when columns can be chosen. */
function fixedColumns(data: { kind?: unknown; name?: unknown; format?: unknown; path?: unknown } | undefined): string | null {
  if (!data) return null;
  if (data.kind === 'builtin' && (FIXED_COLUMN_BUILTINS as readonly unknown[]).includes(data.name)) return `the built-in set "${String(data.name)}"`;
  const idx = data.format === 'idx' || (data.format === undefined && typeof data.path === 'string' && /\.(idx\d?|[^.]*-ubyte)(\.gz)?$/i.test(data.path));
  if (data.kind === 'file' && idx) return `IDX images (${String(data.path)})`;
  return null;
}

/**
 * The overrides the data flags ask for. `documentData` is the file's own data source: --target is refused
 * up front when the rows it would apply to have fixed columns.
 */
export function dataOverrides(flags: DataFlags, cwd: string, documentData?: { kind?: unknown; name?: unknown; format?: unknown; path?: unknown }): DataOverrides {
  const paths = new Set<string>();
  const overrides: DataOverrides['overrides'] = {};
  if (flags.labels !== undefined && flags.data === undefined) throw new UsageError('--labels goes with --data (IDX images and their labels)');
  if (flags['test-labels'] !== undefined && flags['test-data'] === undefined) throw new UsageError('--test-labels goes with --test-data');
  const data: Partial<DataSourceSpec> = flags.data !== undefined ? source(flags.data, flags.labels, cwd, paths, 'data') : {};
  if (flags.target !== undefined) {
    const fixed = fixedColumns(flags.data !== undefined ? data : documentData);
    if (fixed) {
      throw new UsageError(`--target does not apply to ${fixed}: its columns are fixed; --target chooses the target column of CSV or JSON data (or auto-mpg)`);
    }
    data.targets = [flags.target];
  }
  if (flags.limit !== undefined) data.limit = flags.limit;
  if (Object.keys(data).length > 0) overrides.data = data;
  // A separate test set shares the training data's columns (--target included): it names only its rows.
  if (flags['test-data'] !== undefined) overrides.testData = source(flags['test-data'], flags['test-labels'], cwd, paths, 'test-data');
  return { overrides, paths };
}
