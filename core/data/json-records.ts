// JSON records → Table: an array of flat objects, as vega-datasets and most web APIs publish tables.
//
// Columns are the union of the records' keys in first-seen order, so a key that only some records carry
// still becomes a column (missing elsewhere → null). Values keep their JSON type: a number stays a number,
// a string stays a string even if it looks numeric (the file said it is text). Row numbers are 1-based
// record indices: "row 17" is the 17th record.
//
// One caveat of JavaScript objects: keys that look like array indices ("1", "2") are listed before other
// keys whatever their order in the file, so such columns come first.

import { MAX_CELLS, fail, formatCount, guarded } from './types.ts';
import type { Cell, Result, Table } from './types.ts';

/** Parses a JSON array of flat objects into a Table; never throws. */
export function parseJsonRecords(text: string): Result<{ table: Table }> {
  return guarded('reading the JSON records', () => parseUnguarded(text));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

function parseUnguarded(text: unknown): Result<{ table: Table }> {
  if (typeof text !== 'string') return fail('the JSON must be text');
  let data: unknown;
  try {
    // A UTF-8 BOM is not JSON whitespace, but editors write one; drop it like the CSV reader does.
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'syntax error';
    return fail(`the file is not valid JSON: ${detail}`);
  }
  if (!Array.isArray(data)) {
    return fail(`expected a JSON array of records (objects with one key per column), found ${describe(data)}`);
  }
  if (data.length === 0) return fail('the file holds no records (an empty JSON array); expected one object per row');

  // First pass: the columns, and a check that every record is a flat object.
  const columnIndex = new Map<string, number>(); // a Map, so a key like "__proto__" is just a name
  const columns: string[] = [];
  for (let r = 0; r < data.length; r++) {
    const record: unknown = data[r];
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      return fail(`record ${r + 1} is ${describe(record)}, not an object with one key per column`, r + 1);
    }
    for (const key of Object.keys(record)) {
      const value: unknown = (record as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object') {
        return fail(`record ${r + 1}, key "${key}" holds ${describe(value)}; values must be numbers, strings, booleans or null (nested data is not supported)`, r + 1, key);
      }
      if (!columnIndex.has(key)) {
        columnIndex.set(key, columns.length);
        columns.push(key);
      }
    }
    if (data.length * columns.length > MAX_CELLS) {
      return fail(`the file has ${formatCount(data.length)} records × ${formatCount(columns.length)} columns, more than the ${formatCount(MAX_CELLS)} cells Gradflow reads`);
    }
  }

  // Second pass: the cells, in column order.
  const rows: Cell[][] = [];
  const rowNumbers: number[] = [];
  for (let r = 0; r < data.length; r++) {
    const record = data[r] as Record<string, unknown>;
    const cells: Cell[] = new Array<Cell>(columns.length).fill(null);
    for (const key of Object.keys(record)) {
      cells[columnIndex.get(key)!] = toCell(record[key]);
    }
    rows.push(cells);
    rowNumbers.push(r + 1);
  }
  return { ok: true, table: { columns, rows, rowNumbers } };
}

/**
 * A JSON scalar as a Cell: booleans become 1/0 so they can be used as numbers (e.g. a binary target). A
 * number too large for a double (1e400 parses as Infinity) stays Infinity, so it is reported as out of
 * range rather than as empty.
 */
function toCell(value: unknown): Cell {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}
