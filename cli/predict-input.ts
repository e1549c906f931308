// The rows `gradflow predict --input` takes: numbers typed on the command line ("1,2,3" or "1,2,3;4,5,6")
// or a CSV file whose header names the model's feature columns. Either way every value must be a number:
// a prediction for a row that silently lost a value would be a wrong answer, not a dropped row.

import { parseCsv } from '../core/data/csv.ts';
import { UsageError, CliError } from './errors.ts';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** The largest float32: the model computes in float32, where anything beyond becomes Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Whether --input is a list of values rather than a file name: it holds a "," or ";" (a file name with
 * those is far less likely than a typo in a value), or it is one number. A name ending in .csv (or
 * .csv.gz) is always a file.
 */
export const looksLikeValues = (input: string): boolean =>
  !/\.csv(\.gz)?$/i.test(input.trim()) && (/[,;]/.test(input) || NUMBER.test(input.trim()));

/** "1,2,3;4,5,6" → [[1,2,3],[4,5,6]], each row as wide as the model's features. */
export function parseValues(input: string, featureNames: readonly string[]): number[][] {
  const rows = input.split(';').map((r) => r.trim()).filter((r) => r !== '');
  return rows.map((row, r) => {
    const cells = row.split(',').map((c) => c.trim());
    // A value that is not a number is the likelier mistake: name it before counting the values.
    const values = cells.map((cell, c) => {
      const where = `--input row ${r + 1}, value ${c + 1}`;
      if (!NUMBER.test(cell)) throw new UsageError(`${where}: ${JSON.stringify(cell)} is not a number`);
      const value = Number(cell);
      if (!Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) {
        throw new UsageError(`${where}: ${cell} is outside the range the model computes in (float32, ±3.4e38)`);
      }
      return value;
    });
    if (values.length !== featureNames.length) {
      throw new UsageError(`--input row ${r + 1} has ${cells.length} value${cells.length === 1 ? '' : 's'}, but the model takes ${featureNames.length} ` +
        `(${describeNames(featureNames)}); separate values with "," and rows with ";"`);
    }
    return values;
  });
}

/** A CSV's feature columns (chosen by the header's names) as rows of numbers. */
export function parseInputCsv(text: string, path: string, featureNames: readonly string[]): number[][] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new CliError(`${path}: ${parsed.error.message}`);
  const { columns, rows, rowNumbers } = parsed.table;
  const missing = featureNames.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new CliError(`${path} lacks the feature column${missing.length === 1 ? '' : 's'} ${describeNames(missing)} ` +
      `(the model takes ${describeNames(featureNames)}; the file has ${describeNames(columns)})`);
  }
  if (rows.length === 0) throw new CliError(`${path} has no data rows`);
  const indices = featureNames.map((name) => columns.indexOf(name));
  return rows.map((cells, r) => indices.map((k, c) => {
    const cell = cells[k];
    if (typeof cell !== 'number' || !Number.isFinite(cell) || Math.abs(cell) > FLOAT32_MAX) {
      const what = cell === null || cell === undefined ? 'is empty'
        : typeof cell === 'number' || NUMBER.test(cell.trim()) ? `${String(cell).trim()} is outside the range the model computes in (float32, ±3.4e38)`
          : `${JSON.stringify(cell)} is not a number`;
      throw new CliError(`${path}: row ${rowNumbers[r]}, column "${featureNames[c]}" ${what}`);
    }
    return cell;
  }));
}

function describeNames(names: readonly string[]): string {
  const shown = names.slice(0, 6).map((n) => JSON.stringify(n)).join(', ');
  return names.length > 6 ? `${shown}, … (${names.length} columns)` : shown;
}

const quote = (name: string): string => (/[",\r\n]/.test(name) || name.trim() !== name ? `"${name.replace(/"/g, '""')}"` : name);

/**
 * The rows as CSV text with the feature columns and `targetCount` placeholder target columns (0), so the
 * engine can prepare them as a separate test set — which scales them exactly like the training rows.
 */
export function rowsAsCsv(rows: readonly number[][], featureNames: readonly string[], targetNames: readonly string[]): string {
  const header = [...featureNames, ...targetNames].map(quote).join(',');
  const zeros = targetNames.map(() => '0').join(',');
  const lines = rows.map((row) => `${row.map((v) => String(v)).join(',')}${zeros ? `,${zeros}` : ''}`);
  return `${header}\n${lines.join('\n')}\n`;
}
