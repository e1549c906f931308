// Table → Float64Arrays for training: pick feature and target columns by name, apply the data policy.
//
// DESIGN.md §5: a row with a missing or non-numeric value in a chosen column is dropped *with a report*
// (how many, which rows first) by default, or the load fails on the first such cell when the user chose
// "strict". Columns that cannot work at all (unknown, empty everywhere, no numbers anywhere) fail in
// either mode with a message about the column, not about row after row of it.

import { fail, guarded, quoteValue } from './types.ts';
import type { Cell, Result, Table } from './types.ts';
import { compareCodePoints } from './text.ts';
import { isDecimalText } from './csv.ts';

/** Which columns feed the network and what to do with rows that lack a usable value. */
export interface ColumnSpec {
  features: string[];
  targets: string[];
  /** One target column whose values are class names: y becomes one-hot over the sorted classes. */
  categoricalTargets?: boolean;
  /**
   * With categoricalTargets: encode over these classes, in this order, instead of the ones found (a test set
   * uses the training rows' classes so its one-hot columns line up). A label not in the list is an error;
   * classes the rows lack are fine.
   */
  classes?: readonly string[];
  missing: 'drop' | 'strict';
}

/** Rows left out under the 'drop' policy: how many, and the first few with the cell that caused it. */
export interface DropReport {
  droppedRows: number;
  /** Up to MAX_REPORTED_DROPS entries: row number, column name, the cell as written ('' when empty). */
  firstDropped: { row: number; column: string; value: string }[];
}

/** Row-major features and targets; targetCount is y's width (the class count for categorical targets). */
export interface TableArrays {
  x: Float64Array;
  y: Float64Array;
  rows: number;
  featureCount: number;
  targetCount: number;
  classes?: string[];
  report: DropReport;
}

/** How many dropped rows the report lists one by one (all are counted). */
export const MAX_REPORTED_DROPS = 10;
/** One-hot targets allocate rows × classes values; past this a column is not really categorical. */
const MAX_ONE_HOT_VALUES = 50_000_000;
const MAX_LISTED_COLUMNS = 20;

/** Extracts the chosen columns as Float64Arrays under the missing-value policy; never throws. */
export function tableToArrays(table: Table, spec: ColumnSpec): Result<TableArrays> {
  return guarded('preparing the data columns', () => extract(table, spec));
}

interface Problem {
  row: number;
  column: string;
  value: string;
  message: string;
  /** A value that is there but unusable (too large for float32): the load fails under either policy. */
  fatal?: boolean;
}

/** Why a cell cannot be used as a number, or null if it can (a number float32 rounds to Infinity cannot). */
function numericProblem(cell: Cell | undefined, row: number, column: string): Problem | null {
  if (typeof cell === 'number' && Number.isFinite(cell) && Number.isFinite(Math.fround(cell))) return null;
  if (cell === null || cell === undefined || cell === '' || (typeof cell === 'number' && Number.isNaN(cell))) {
    return { row, column, value: '', message: `row ${row}, column "${column}" is empty` };
  }
  if (typeof cell === 'number' || isDecimalText(cell)) {
    // 1e39 is a double but not a float32; "1e999" (CSV) and 1e400 (JSON) are not even doubles.
    const shown = typeof cell === 'string' ? cell.trim() : Number.isFinite(cell) ? String(cell) : `a number beyond ${cell > 0 ? '' : '-'}1.8e308`;
    return { row, column, value: String(cell), message: `row ${row}, column "${column}": ${shown} is outside the float32 range (±3.4e38)`, fatal: true };
  }
  return { row, column, value: String(cell), message: `row ${row}, column "${column}": ${quoteValue(cell)} is not a number` };
}

function extract(table: Table, spec: ColumnSpec): Result<TableArrays> {
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) return fail('the table is malformed (no columns or rows)');
  if (!spec || !isStringArray(spec.features) || !isStringArray(spec.targets)) {
    return fail('the column choice is malformed: features and targets must be lists of column names');
  }
  if (spec.missing !== 'drop' && spec.missing !== 'strict') {
    return fail(`the missing-value policy must be "drop" or "strict", got ${quoteValue(spec.missing)}`);
  }
  const categorical = spec.categoricalTargets === true;
  if (spec.features.length === 0) return fail('choose at least one feature column');
  if (categorical && spec.targets.length !== 1) {
    return fail(`a categorical target must be exactly one column; ${spec.targets.length} were chosen`);
  }
  const chosen = new Map<string, 'feature' | 'target'>();
  for (const [names, role] of [[spec.features, 'feature'], [spec.targets, 'target']] as const) {
    for (const name of names) {
      const earlier = chosen.get(name);
      if (earlier === role) return fail(`column "${name}" is chosen twice as a ${role}`, undefined, name);
      if (earlier) return fail(`column "${name}" is chosen both as a feature and as a target; a model would just copy it`, undefined, name);
      chosen.set(name, role);
    }
  }

  const featureIndex: number[] = [];
  const targetIndex: number[] = [];
  for (const [names, indices] of [[spec.features, featureIndex], [spec.targets, targetIndex]] as const) {
    for (const name of names) {
      const k = table.columns.indexOf(name);
      if (k < 0) return fail(unknownColumnMessage(name, table.columns), undefined, name);
      indices.push(k);
    }
  }

  const rowNumber = (r: number): number => {
    const n = table.rowNumbers?.[r];
    return typeof n === 'number' ? n : r + 1;
  };
  if (table.rows.length === 0) return fail('the table has no data rows');

  // Column-level failures first: one message about the column beats a report that drops every row.
  const numericColumns = [...spec.features, ...(categorical ? [] : spec.targets)];
  const numericIndex = [...featureIndex, ...(categorical ? [] : targetIndex)];
  for (let c = 0; c < numericColumns.length; c++) {
    const problem = columnProblem(table, numericIndex[c]!, numericColumns[c]!, true, rowNumber);
    if (problem) return fail(problem, undefined, numericColumns[c]);
  }
  if (categorical) {
    const problem = columnProblem(table, targetIndex[0]!, spec.targets[0]!, false, rowNumber);
    if (problem) return fail(problem, undefined, spec.targets[0]);
  }

  if (spec.classes !== undefined && (!categorical || !isStringArray(spec.classes) || spec.classes.length === 0)) {
    return fail('the class list is malformed: it must be a non-empty list of names, for a categorical target');
  }
  const knownClasses = spec.classes ? new Set(spec.classes) : undefined;

  // Row pass: keep a row only if every chosen cell is usable; otherwise drop it (reported) or fail.
  const kept: number[] = [];
  const report: DropReport = { droppedRows: 0, firstDropped: [] };
  let firstProblem: Problem | null = null;
  /** Rows dropped for each column (the first unusable cell of a row decides): named if every row goes. */
  const droppedBy = new Map<string, number>();
  for (let r = 0; r < table.rows.length; r++) {
    const cells = Array.isArray(table.rows[r]) ? table.rows[r]! : [];
    const row = rowNumber(r);
    let problem: Problem | null = null;
    for (let c = 0; c < numericIndex.length && !problem; c++) {
      problem = numericProblem(cells[numericIndex[c]!], row, numericColumns[c]!);
    }
    if (!problem && categorical) {
      const cell = cells[targetIndex[0]!];
      if (cell === null || cell === undefined || cell === '' || (typeof cell === 'number' && !Number.isFinite(cell))) {
        problem = { row, column: spec.targets[0]!, value: '', message: `row ${row}, column "${spec.targets[0]}" is empty` };
      } else if (knownClasses && !knownClasses.has(String(cell))) {
        problem = {
          row, column: spec.targets[0]!, value: String(cell), fatal: true,
          message: `row ${row}, column "${spec.targets[0]}": ${quoteValue(cell)} is not one of the training classes (${describeClasses(spec.classes!)})`,
        };
      }
    }
    if (!problem) {
      kept.push(r);
      continue;
    }
    if (spec.missing === 'strict' || problem.fatal) return fail(problem.message, problem.row, problem.column);
    firstProblem ??= problem;
    droppedBy.set(problem.column, (droppedBy.get(problem.column) ?? 0) + 1);
    report.droppedRows++;
    if (report.firstDropped.length < MAX_REPORTED_DROPS) {
      report.firstDropped.push({ row: problem.row, column: problem.column, value: problem.value });
    }
  }
  if (kept.length === 0) {
    const first = firstProblem!;
    const counts = [...droppedBy].sort((a, b) => b[1] - a[1]);
    const shown = counts.slice(0, 5).map(([column, rows]) => `column "${column}" in ${rows} ${rows === 1 ? 'row' : 'rows'}`).join(', ');
    const more = counts.length > 5 ? ` and ${counts.length - 5} more columns` : '';
    return fail(
      `no rows left: every one of the ${table.rows.length} rows has an empty or non-numeric value in a chosen column (${shown}${more}; the first: ${first.message})`,
      first.row, first.column,
    );
  }

  const featureCount = featureIndex.length;
  const x = new Float64Array(kept.length * featureCount);
  kept.forEach((r, i) => {
    for (let c = 0; c < featureCount; c++) x[i * featureCount + c] = table.rows[r]![featureIndex[c]!] as number;
  });

  if (!categorical) {
    const targetCount = targetIndex.length;
    const y = new Float64Array(kept.length * targetCount);
    kept.forEach((r, i) => {
      for (let c = 0; c < targetCount; c++) y[i * targetCount + c] = table.rows[r]![targetIndex[c]!] as number;
    });
    return { ok: true, x, y, rows: kept.length, featureCount, targetCount, report };
  }

  const labels = kept.map((r) => table.rows[r]![targetIndex[0]!] as number | string);
  const classes = spec.classes ? [...spec.classes] : sortedClasses(labels);
  if (kept.length * classes.length > MAX_ONE_HOT_VALUES) {
    return fail(`column "${spec.targets[0]}" has ${classes.length} distinct values; as a categorical target over ${kept.length} rows that is too many classes to one-hot encode`, undefined, spec.targets[0]);
  }
  const classIndex = new Map(classes.map((name, k) => [name, k]));
  const y = new Float64Array(kept.length * classes.length);
  labels.forEach((label, i) => {
    y[i * classes.length + classIndex.get(String(label))!] = 1;
  });
  return { ok: true, x, y, rows: kept.length, featureCount, targetCount: classes.length, classes, report };
}

/** "a", "b", "c" — or the first ten and how many more. */
function describeClasses(classes: readonly string[]): string {
  const shown = classes.slice(0, 10).map((c) => quoteValue(c)).join(', ');
  return classes.length > 10 ? `${shown} and ${classes.length - 10} more` : shown;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * A message if the column cannot be used at all: empty in every row, or (numeric) no number anywhere. It
 * names the column, so an all-missing column is not reported as "no rows left" after dropping every row.
 */
function columnProblem(table: Table, k: number, name: string, numeric: boolean, rowNumber: (r: number) => number): string | null {
  let firstText = -1;
  for (let r = 0; r < table.rows.length; r++) {
    const cell = Array.isArray(table.rows[r]) ? table.rows[r]![k] : undefined;
    // A number too large for float32 is still a number: the row pass names it.
    if (typeof cell === 'number' && !Number.isNaN(cell)) return null;
    if (typeof cell === 'string' && cell !== '') {
      if (!numeric || isDecimalText(cell)) return null;
      if (firstText < 0) firstText = r;
    }
  }
  if (firstText < 0) {
    const rows = `${table.rows.length} ${table.rows.length === 1 ? 'row' : 'rows'}`;
    return `column "${name}" has no ${numeric ? 'numeric ' : ''}value in any of the ${rows}: every one is empty`;
  }
  const example = table.rows[firstText]![k];
  return `column "${name}" holds no numbers (row ${rowNumber(firstText)}: ${quoteValue(example)}); choose numeric columns as features, or use it as a categorical target`;
}

/** Class names: numbers sorted numerically if every label is a number, else strings by code point. */
function sortedClasses(labels: (number | string)[]): string[] {
  if (labels.every((label) => typeof label === 'number')) {
    const numbers = [...new Set(labels as number[])].sort((a, b) => a - b);
    return [...new Set(numbers.map(String))];
  }
  return [...new Set(labels.map(String))].sort(compareCodePoints);
}

/** "no column named …", with a close match if there is one and the columns that exist. */
function unknownColumnMessage(name: string, columns: string[]): string {
  const match = closestName(name, columns);
  const listed = columns.slice(0, MAX_LISTED_COLUMNS).map((c) => `"${c}"`).join(', ');
  const more = columns.length > MAX_LISTED_COLUMNS ? ` and ${columns.length - MAX_LISTED_COLUMNS} more` : '';
  const suggestion = match !== null ? ` (did you mean "${match}"?)` : '';
  return `no column named "${name}"${suggestion}; the columns are ${listed}${more}`;
}

/** The column name closest to `name` (same letters ignoring case, or a small edit distance), or null. */
function closestName(name: string, columns: string[]): string | null {
  const folded = name.trim().toLowerCase();
  const sameIgnoringCase = columns.find((c) => c.trim().toLowerCase() === folded);
  if (sameIgnoringCase !== undefined) return sameIgnoringCase;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const column of columns) {
    const limit = Math.max(1, Math.floor(Math.max(column.length, name.length) / 3));
    const distance = editDistance(folded.slice(0, 64), column.toLowerCase().slice(0, 64));
    if (distance <= limit && distance < bestDistance) {
      best = column;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance (insert, delete, substitute), one row of the table at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitute, previous[j]! + 1, current[j - 1]! + 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
