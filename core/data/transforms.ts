// Feature scaling and one-hot encoding, fitted on chosen rows and applied in place.
//
// Fitting takes the indices of the rows to learn from, so the caller can fit on the training rows only and
// apply to every split: statistics of validation or test rows must never leak into the model's inputs.
// Standard deviations are population ones (ddof = 0), like numpy's x.std() and sklearn's StandardScaler.

import { fail, guarded } from './types.ts';
import type { DataError, Result } from './types.ts';

/** Per-feature mean and standard deviation (global mode repeats one pair for every feature). */
export interface StandardizerFit {
  mean: number[];
  std: number[];
}

/** Per-feature minimum and maximum of the fitted rows. */
export interface MinMaxFit {
  min: number[];
  max: number[];
}

/** Why x / rows / featureCount cannot be used together, or null; rows are 0-based indices into x's rows. */
function checkInputs(x: unknown, rows: unknown, featureCount: unknown): string | null {
  if (!(x instanceof Float64Array)) return 'the values must be a Float64Array';
  if (!Number.isInteger(featureCount) || (featureCount as number) < 1) return `featureCount must be a positive integer, got ${String(featureCount)}`;
  const f = featureCount as number;
  if (x.length % f !== 0) return `${x.length} values do not divide into rows of ${f} features`;
  if (rows == null || typeof (rows as { length?: unknown }).length !== 'number') return 'the rows to fit on must be a list of row indices';
  const list = rows as ArrayLike<unknown>;
  if (list.length === 0) return 'there are no rows to fit on';
  const rowCount = x.length / f;
  for (let k = 0; k < list.length; k++) {
    const r = list[k];
    if (!Number.isInteger(r) || (r as number) < 0 || (r as number) >= rowCount) {
      return `row index ${String(r)} is outside 0..${rowCount - 1}`;
    }
  }
  return null;
}

/** Mean and population std of the given rows, per column or over all values; a constant column is an error. */
export function fitStandardizer(
  x: Float64Array,
  rows: ArrayLike<number>,
  featureCount: number,
  mode: 'per-column' | 'global',
  columnNames?: readonly string[],
): Result<StandardizerFit> {
  return guarded('fitting the standardization', () => {
    const problem = checkInputs(x, rows, featureCount);
    if (problem) return fail(problem);
    if (mode !== 'per-column' && mode !== 'global') return fail(`the standardization mode must be "per-column" or "global", got ${String(mode)}`);
    const f = featureCount;
    const n = rows.length;
    const nonFinite = firstNonFinite(x, rows, f);
    if (nonFinite !== null) return fail(`${nameOf(nonFinite, columnNames)} holds a value that is not a finite number`, undefined, columnKey(nonFinite, columnNames));

    if (mode === 'global') {
      // One mean and one std over every value of every fitted row (the book's MNIST scaling).
      let sum = 0;
      for (let k = 0; k < n; k++) for (let j = 0; j < f; j++) sum += x[rows[k]! * f + j]!;
      const mean = sum / (n * f);
      let squares = 0;
      for (let k = 0; k < n; k++) for (let j = 0; j < f; j++) squares += (x[rows[k]! * f + j]! - mean) ** 2;
      const std = Math.sqrt(squares / (n * f));
      if (!Number.isFinite(mean) || !Number.isFinite(std)) {
        return fail(`the values are too large to standardize: their ${Number.isFinite(mean) ? 'standard deviation' : 'mean'} overflows to Infinity (largest magnitude ${largest(x, rows, f, -1)})`);
      }
      if (isConstant(mean, std)) return fail(`every value is the same (${mean}), so the data cannot be standardized`);
      return { ok: true, mean: new Array<number>(f).fill(mean), std: new Array<number>(f).fill(std) };
    }

    const mean: number[] = [];
    const std: number[] = [];
    for (let j = 0; j < f; j++) {
      // Two passes (mean, then squared deviations): the one-pass formula loses digits when |mean| ≫ std.
      let sum = 0;
      for (let k = 0; k < n; k++) sum += x[rows[k]! * f + j]!;
      const m = sum / n;
      let squares = 0;
      for (let k = 0; k < n; k++) squares += (x[rows[k]! * f + j]! - m) ** 2;
      const s = Math.sqrt(squares / n);
      if (!Number.isFinite(m) || !Number.isFinite(s)) {
        return fail(`${nameOf(j, columnNames)} has values too large to standardize: its ${Number.isFinite(m) ? 'standard deviation' : 'mean'} overflows to Infinity (largest magnitude ${largest(x, rows, f, j)})`, undefined, columnKey(j, columnNames));
      }
      if (isConstant(m, s)) {
        return fail(`${nameOf(j, columnNames)} has the same value (${m}) in every row used for fitting, so it cannot be standardized (its standard deviation is 0)`, undefined, columnKey(j, columnNames));
      }
      mean.push(m);
      std.push(s);
    }
    return { ok: true, mean, std };
  });
}

/** x ← (x − mean) / std for every row, in place. */
export function applyStandardizer(x: Float64Array, featureCount: number, fit: StandardizerFit): void {
  if (!(x instanceof Float64Array) || !Number.isInteger(featureCount) || featureCount < 1 || !fit) return;
  for (let i = 0; i + featureCount <= x.length; i += featureCount) {
    for (let j = 0; j < featureCount; j++) x[i + j] = (x[i + j]! - (fit.mean[j] ?? 0)) / (fit.std[j] ?? 1);
  }
}

/**
 * Per-column min and max of the given rows; `error` is set (and the fit is empty) if the inputs are unusable:
 * a value that is not a finite number, or a range (max − min) that overflows.
 */
export function fitMinMax(x: Float64Array, rows: ArrayLike<number>, featureCount: number, columnNames?: readonly string[]): MinMaxFit & { error?: DataError } {
  const fitted = guarded<MinMaxFit>('fitting the min-max scaling', () => {
    const problem = checkInputs(x, rows, featureCount);
    if (problem) return fail(problem);
    const nonFinite = firstNonFinite(x, rows, featureCount);
    if (nonFinite !== null) return fail(`${nameOf(nonFinite, columnNames)} holds a value that is not a finite number`, undefined, columnKey(nonFinite, columnNames));
    const min = new Array<number>(featureCount).fill(Infinity);
    const max = new Array<number>(featureCount).fill(-Infinity);
    for (let k = 0; k < rows.length; k++) {
      for (let j = 0; j < featureCount; j++) {
        const v = x[rows[k]! * featureCount + j]!;
        if (v < min[j]!) min[j] = v;
        if (v > max[j]!) max[j] = v;
      }
    }
    for (let j = 0; j < featureCount; j++) {
      if (!Number.isFinite(max[j]! - min[j]!)) {
        return fail(`${nameOf(j, columnNames)} has values too large to min-max scale: its range (${max[j]} − ${min[j]}) overflows to Infinity`, undefined, columnKey(j, columnNames));
      }
    }
    return { ok: true, min, max };
  });
  // The caller chains this straight into applyMinMax; an empty fit leaves x unchanged there.
  return fitted.ok ? { min: fitted.min, max: fitted.max } : { min: [], max: [], error: fitted.error };
}

/** x ← (x − min) / (max − min) in place; a constant column maps to 0 rather than dividing by zero. */
export function applyMinMax(x: Float64Array, featureCount: number, fit: MinMaxFit): void {
  if (!(x instanceof Float64Array) || !Number.isInteger(featureCount) || featureCount < 1 || !fit) return;
  if (fit.min.length < featureCount || fit.max.length < featureCount) return;
  for (let i = 0; i + featureCount <= x.length; i += featureCount) {
    for (let j = 0; j < featureCount; j++) {
      const range = fit.max[j]! - fit.min[j]!;
      x[i + j] = range > 0 ? (x[i + j]! - fit.min[j]!) / range : 0;
    }
  }
}

/** Labels 0..classCount−1 as one-hot rows (labels.length × classCount); an out-of-range label is an error. */
export function oneHot(labels: ArrayLike<number>, classCount: number): Result<{ values: Float64Array }> {
  return guarded('one-hot encoding', () => {
    if (!Number.isInteger(classCount) || classCount < 1) return fail(`the class count must be a positive integer, got ${String(classCount)}`);
    if (labels == null || typeof labels.length !== 'number') return fail('the labels must be a list of numbers');
    const values = new Float64Array(labels.length * classCount);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i];
      if (!Number.isInteger(label) || label! < 0 || label! >= classCount) {
        return fail(`row ${i + 1}: label ${String(label)} is not one of the classes 0..${classCount - 1}`, i + 1);
      }
      values[i * classCount + label!] = 1;
    }
    return { ok: true, values };
  });
}

/** Zero spread, allowing for the rounding a mean of identical values picks up (0.1 + 0.1 + 0.1 ≠ 0.3). */
function isConstant(mean: number, std: number): boolean {
  return std === 0 || std <= 1e-12 * Math.abs(mean);
}

/** The largest |value| of column j (all columns when j < 0) over the rows, for overflow messages. */
function largest(x: Float64Array, rows: ArrayLike<number>, f: number, j: number): number {
  let big = 0;
  for (let k = 0; k < rows.length; k++) {
    for (let c = j < 0 ? 0 : j; c < (j < 0 ? f : j + 1); c++) big = Math.max(big, Math.abs(x[rows[k]! * f + c]!));
  }
  return big;
}

function firstNonFinite(x: Float64Array, rows: ArrayLike<number>, f: number): number | null {
  for (let k = 0; k < rows.length; k++) {
    for (let j = 0; j < f; j++) if (!Number.isFinite(x[rows[k]! * f + j]!)) return j;
  }
  return null;
}

/** The column for a message: its name if the caller gave names, else its 0-based index. */
function nameOf(j: number, names?: readonly string[]): string {
  return names?.[j] !== undefined ? `column "${names[j]}"` : `feature column ${j} (0-based)`;
}

/** DataError.column: the name if known, else the 0-based index as a string for the caller to map. */
function columnKey(j: number, names?: readonly string[]): string {
  return names?.[j] ?? String(j);
}
