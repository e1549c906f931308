// The data source stored in a `.gradflow` file (DESIGN.md §5): where the rows come from, which columns are
// features and targets, how missing values are handled, how features are scaled and how rows are split.
//
// It is data, never code: the chapter 1 function sampler takes names from a fixed list, not expressions.
// `checkDataSource` validates an untrusted spec with path-named errors; `prepareData` (prepare.ts) runs it.

import type { DocumentError } from '../document/types.ts';
import { SCALAR_FUNCTIONS, type ScalarFunctionName } from './synthetic.ts';
import type { SequenceSpec } from './sequences.ts';

export type BuiltinName = 'mnist' | 'auto-mpg' | 'xor' | 'circles' | 'spiral' | 'gaussians' | 'function' | 'sotu' | 'seattle-weather';
export const BUILTIN_NAMES: readonly BuiltinName[] = ['mnist', 'auto-mpg', 'xor', 'circles', 'spiral', 'gaussians', 'function', 'sotu', 'seattle-weather'];
export const SAMPLER_FUNCTIONS = Object.keys(SCALAR_FUNCTIONS) as ScalarFunctionName[];
export type SamplerFunction = ScalarFunctionName;

export interface BuiltinOptions {
  /** Synthetic sets and the function sampler: how many rows. */
  count?: number;
  noise?: number;
  /** Seed of a synthetic set (independent of the training seed). */
  seed?: number;
  /** The function sampler: y = fₖ(…f₁(scale·x)) for x evenly spaced over [from, to]. */
  functions?: SamplerFunction[];
  from?: number;
  to?: number;
  scale?: number;
}

export interface ScaleSpec {
  method: 'none' | 'standardize' | 'minmax';
  /** Fit the scaling on the training rows (default, no leak) or on all rows (what the book does). */
  fitOn?: 'train' | 'all';
  /** One mean/std per column, or one for all values (the book's MNIST pixels). */
  per?: 'column' | 'global';
}

export type SplitSpec =
  /** Shuffle with `seed`, then take `test` and `validation` fractions; the rest trains. */
  | { method: 'random'; validation: number; test?: number; seed?: number }
  /**
   * The book's two-way split, reproducing sklearn's train_test_split(test_size, random_state) exactly. The
   * held-out part drives early stopping, so it is the validation split (the book calls it "test").
   */
  | { method: 'sklearn'; testSize: number; randomState: number }
  | { method: 'none' };

export interface DataSourceCommon {
  /** Feature and target column names (CSV, JSON, inline); built-ins have their own defaults. */
  features?: string[];
  targets?: string[];
  /** The single target column holds class labels: one-hot encode them. */
  categorical?: boolean;
  missing?: 'drop' | 'strict';
  scale?: ScaleSpec;
  split?: SplitSpec;
  /** Use only the first N rows (before splitting): a quick look at a big set. */
  limit?: number;
  /**
   * The classes of a categorical target, in the order of the one-hot columns (a trained file records the
   * classes it was trained on, so other data is encoded the same way). A label outside the list is an error.
   */
  classes?: string[];
  /**
   * A separate test set: where its rows come from. It shares the columns, missing-value policy, scaling fit
   * and classes of this source; it is never split or truncated, and the split's test fraction then trains.
   */
  testData?: TestDataSpec;
  /**
   * Sequences (chapter 6): windows of `length` time steps, each with the same window one step later as its
   * target. Text (the built-in "sotu", a .txt file) becomes one-hot characters; a table (the built-in
   * "seattle-weather", CSV, JSON) becomes windows of its feature rows, the targets (default: the features)
   * one row later. `limit` then counts windows.
   */
  sequence?: SequenceSpec;
  /**
   * "features": the targets are the (scaled) features themselves — an autoencoder (chapter 7). The set's own
   * labels (e.g. MNIST's digits) are kept beside the rows as `labels`, to colour the codes by class.
   */
  target?: 'features';
}

/** Where a separate test set's rows come from (everything else is the main source's). */
export type TestDataSpec =
  | { kind: 'builtin'; name: BuiltinName; options?: BuiltinOptions }
  | { kind: 'file'; path: string; format?: 'csv' | 'json' | 'idx' | 'text'; labels?: string };

export type DataSourceSpec = DataSourceCommon & (
  | { kind: 'builtin'; name: BuiltinName; options?: BuiltinOptions }
  /** `path` is relative to the graph file; `labels` is the IDX labels file for IDX images. */
  | { kind: 'file'; path: string; format?: 'csv' | 'json' | 'idx' | 'text'; labels?: string }
  /** A few rows written into the document itself (chapter 1 examples). */
  | { kind: 'inline'; columns: string[]; rows: number[][] }
);

const MAX_INLINE_VALUES = 100_000;
const MAX_SYNTHETIC_ROWS = 1_000_000;

type Check = (value: unknown, path: string, errors: DocumentError[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (errors: DocumentError[], path: string, message: string) => errors.push({ path, message });

/** A value as JSON for a message, cut short: a 10 MB string or a deep list must not become a 10 MB message. */
function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function oneOf(options: readonly string[]): Check {
  return (value, path, errors) => {
    if (typeof value !== 'string' || !options.includes(value)) {
      fail(errors, path, `expected one of ${options.map((o) => `"${o}"`).join(', ')}, got ${shown(value)}`);
    }
  };
}

function number(min: number, max: number, integer = false, exclusiveMax = false): Check {
  return (value, path, errors) => {
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (exclusiveMax ? value < max : value <= max)
      && (!integer || Number.isInteger(value));
    if (!ok) fail(errors, path, `expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}${exclusiveMax ? ' (exclusive)' : ''}, got ${shown(value)}`);
  };
}

const names: Check = (value, path, errors) => {
  if (!Array.isArray(value) || value.length === 0 || value.length > 100_000 || !value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 500)) {
    fail(errors, path, 'expected a non-empty list of column names');
  }
};

function checkFields(spec: Record<string, unknown>, path: string, fields: Record<string, Check>, errors: DocumentError[]): void {
  for (const [key, value] of Object.entries(spec)) {
    const check = fields[key];
    if (!check) fail(errors, `${path}.${key}`, `unknown data setting "${key}" (known: ${Object.keys(fields).join(', ')})`);
    else if (value !== undefined) check(value, `${path}.${key}`, errors);
  }
}

const classList: Check = (value, path, errors) => {
  if (!Array.isArray(value) || value.length === 0 || value.length > 100_000 || !value.every((v) => typeof v === 'string' && v.length <= 500)) {
    return fail(errors, path, 'expected a non-empty list of class names');
  }
  const seen = new Set<string>();
  for (const name of value as string[]) {
    if (seen.has(name)) return fail(errors, path, `the class ${shown(name)} is listed twice`);
    seen.add(name);
  }
};

const COMMON: Record<string, Check> = {
  kind: () => {},
  features: names,
  targets: names,
  categorical: (v, p, e) => { if (typeof v !== 'boolean') fail(e, p, `expected true or false, got ${shown(v)}`); },
  missing: oneOf(['drop', 'strict']),
  limit: number(1, 100_000_000, true),
  scale: (v, p, e) => {
    if (!isObject(v)) return fail(e, p, 'expected an object like {"method": "standardize"}');
    checkFields(v, p, { method: oneOf(['none', 'standardize', 'minmax']), fitOn: oneOf(['train', 'all']), per: oneOf(['column', 'global']) }, e);
    if (v.method === undefined) fail(e, `${p}.method`, 'is required');
    if (v.per === 'global' && v.method !== 'standardize') {
      fail(e, `${p}.per`, `"per" applies to standardize only; ${v.method === 'minmax' ? 'min-max scaling is always per column' : `method "${String(v.method)}" does not scale`}`);
    }
  },
  split: (v, p, e) => {
    if (!isObject(v)) return fail(e, p, 'expected an object like {"method": "random", "validation": 0.2}');
    if (v.method === 'random') {
      checkFields(v, p, { method: () => {}, validation: number(0, 1, false, true), test: number(0, 1, false, true), seed: number(0, 2 ** 32 - 1, true) }, e);
      if (typeof v.validation === 'number' && typeof v.test === 'number' && v.validation + v.test >= 1) {
        fail(e, p, `validation (${v.validation}) and test (${v.test}) leave no rows to train on`);
      }
    } else if (v.method === 'sklearn') {
      checkFields(v, p, { method: () => {}, testSize: number(0, 1, false, true), randomState: number(0, 2 ** 32 - 1, true) }, e);
    } else if (v.method !== 'none') {
      fail(e, `${p}.method`, `expected "random", "sklearn" or "none", got ${shown(v.method)}`);
    }
  },
  classes: classList,
  target: oneOf(['features']),
  sequence: (v, p, e) => {
    if (!isObject(v)) return fail(e, p, 'expected an object like {"length": 25}');
    checkFields(v, p, { length: number(1, 10_000, true), stride: number(1, 1_000_000, true) }, e);
    if (v.length === undefined) fail(e, `${p}.length`, 'is required (the time steps of a window)');
  },
};

const OPTIONS: Record<string, Check> = {
  count: number(1, MAX_SYNTHETIC_ROWS, true),
  noise: number(0, 10),
  seed: number(0, 2 ** 32 - 1, true),
  from: number(-1e6, 1e6),
  to: number(-1e6, 1e6),
  scale: number(-1e6, 1e6),
  functions: (v, p, e) => {
    if (!Array.isArray(v) || v.length === 0 || v.length > 16) return fail(e, p, 'expected a list of 1 to 16 function names');
    v.forEach((f, i) => oneOf(SAMPLER_FUNCTIONS)(f, `${p}[${i}]`, e));
  },
};

/** Built-ins whose columns are fixed by the set itself: "features", "targets" and "classes" do not apply. */
export const FIXED_COLUMN_BUILTINS: readonly BuiltinName[] = ['mnist', 'xor', 'circles', 'spiral', 'gaussians', 'function', 'sotu'];

const FILE_FIELDS: Record<string, Check> = {
  path: (v, p, e) => { if (typeof v !== 'string' || v.length === 0 || v.length > 4096) fail(e, p, 'expected a file path'); },
  format: oneOf(['csv', 'json', 'idx', 'text']),
  labels: (v, p, e) => { if (typeof v !== 'string' || v.length === 0) fail(e, p, 'expected the path of an IDX labels file'); },
};

const builtinOptions: Check = (v, p, e) => (isObject(v) ? checkFields(v, p, OPTIONS, e) : fail(e, p, 'expected an object'));

/** A separate test set names only where its rows come from; the rest is shared with the main source. */
const testData: Check = (v, p, e) => {
  if (!isObject(v)) return fail(e, p, 'expected an object like {"kind": "file", "path": "test.csv"}');
  let fields: Record<string, Check>;
  if (v.kind === 'builtin') fields = { kind: () => {}, name: oneOf(BUILTIN_NAMES), options: builtinOptions };
  else if (v.kind === 'file') fields = { kind: () => {}, ...FILE_FIELDS };
  else return fail(e, `${p}.kind`, `expected "builtin" or "file", got ${shown(v.kind)}`);
  for (const key of Object.keys(v)) {
    if (!(key in fields)) {
      fail(e, `${p}.${key}`, `is not a setting of a separate test set (it has: ${Object.keys(fields).join(', ')}); ` +
        'it shares the columns, missing-value policy, scaling and classes of the main data');
    }
  }
  for (const [key, check] of Object.entries(fields)) if (v[key] !== undefined) check(v[key], `${p}.${key}`, e);
  if (v.kind === 'builtin' && v.name === undefined) fail(e, `${p}.name`, `is required (one of ${BUILTIN_NAMES.join(', ')})`);
  if (v.kind === 'file' && v.path === undefined) fail(e, `${p}.path`, 'is required');
};

/**
 * `base` with `override` applied; an override naming other rows (another kind, built-in set or file) keeps
 * only the fields every source shares (columns, policy, scaling, split, limit, classes, test data, sequence windows).
 */
export function mergeSources(base: DataSourceSpec, override: Partial<DataSourceSpec>): DataSourceSpec {
  const sameKind = !override.kind || override.kind === base.kind;
  // Another built-in set's options, or another file's format and labels, belong to the rows they came with.
  const sameRows = !('name' in override && override.name !== undefined && base.kind === 'builtin' && override.name !== base.name)
    && !('path' in override && override.path !== undefined && base.kind === 'file' && override.path !== base.path);
  if (sameKind && sameRows) return { ...base, ...override } as DataSourceSpec;
  const { features, targets, categorical, missing, scale, split, limit, classes, testData: test, sequence, target } = base;
  const common = { features, targets, categorical, missing, scale, split, limit, classes, testData: test, sequence, target };
  const kept = Object.fromEntries(Object.entries(common).filter(([, v]) => v !== undefined));
  return { ...kept, ...override } as DataSourceSpec;
}

/** The full spec of a separate test set: the main source's columns and policies, the test set's rows. */
export function testSourceFor(main: DataSourceSpec, test: Partial<DataSourceSpec>): DataSourceSpec {
  // Never split or truncated, and a test set has no test set of its own. Its classes are the training
  // rows' (prepareData passes them on), which are the file's list when it has one.
  const { split: _split, limit: _limit, testData: _test, classes: _classes, ...shared } = main;
  return mergeSources(shared as DataSourceSpec, test);
}

/** Problems with an untrusted data source, each with a path under `data`. */
export function checkDataSource(spec: unknown, path = 'data'): DocumentError[] {
  const errors: DocumentError[] = [];
  if (!isObject(spec)) return [{ path, message: 'expected an object describing the data' }];
  const common = { ...COMMON, testData };
  switch (spec.kind) {
    case 'builtin':
      checkFields(spec, path, { ...common, name: oneOf(BUILTIN_NAMES), options: builtinOptions }, errors);
      if (spec.name === undefined) fail(errors, `${path}.name`, `is required (one of ${BUILTIN_NAMES.join(', ')})`);
      break;
    case 'file':
      checkFields(spec, path, { ...common, ...FILE_FIELDS }, errors);
      if (spec.path === undefined) fail(errors, `${path}.path`, 'is required');
      break;
    case 'inline':
      checkFields(spec, path, {
        ...common,
        columns: names,
        rows: (v, p, e) => {
          if (!Array.isArray(v) || v.length === 0) return fail(e, p, 'expected a non-empty list of rows');
          const width = Array.isArray(spec.columns) ? spec.columns.length : -1;
          if (v.length * Math.max(width, 1) > MAX_INLINE_VALUES) return fail(e, p, `more than ${MAX_INLINE_VALUES} inline values; use a CSV file`);
          v.forEach((row, i) => {
            if (!Array.isArray(row) || row.length !== width || !row.every((x) => typeof x === 'number' && Number.isFinite(x))) {
              fail(e, `${p}[${i}]`, `expected ${width} numbers (one per column)`);
            }
          });
        },
      }, errors);
      break;
    default:
      errors.push({ path: `${path}.kind`, message: `expected "builtin", "file" or "inline", got ${shown(spec.kind)}` });
  }
  if (spec.classes !== undefined && spec.categorical !== true) {
    fail(errors, `${path}.classes`, 'applies to a categorical target only (set "categorical": true)');
  }
  if (spec.target === 'features') {
    if (spec.targets !== undefined) fail(errors, `${path}.target`, '"target": "features" makes the features the targets; leave out "targets"');
    if (spec.sequence !== undefined) fail(errors, `${path}.target`, '"target": "features" does not apply to sequence windows (their targets are the next step)');
  }
  return errors;
}
