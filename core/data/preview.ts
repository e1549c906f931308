// A look at a data file before training on it: its columns, the first rows, how many cells of each column
// are missing, and which columns hold numbers — what the inspector shows beside the column pickers. Uses the
// same decoding and parsers as training, so the preview never disagrees with what the run will read.

import { parseCsv } from './csv.ts';
import { decodeText } from './decode.ts';
import { parseJsonRecords } from './json-records.ts';
import type { Cell, Result } from './types.ts';

export interface ColumnPreview {
  name: string;
  /** Empty or missing cells in the whole file. */
  missing: number;
  /** Every present cell is a number. */
  numeric: boolean;
  /** Distinct values, counted up to 21 (a hint that the column holds class labels). */
  distinct: number;
}

export interface TablePreview {
  columns: ColumnPreview[];
  /** The first rows, as parsed. */
  head: Cell[][];
  rowCount: number;
  /** Rows that `missing: "drop"` would drop. */
  rowsWithMissing: number;
}

/** The preview of a CSV or JSON-records file's bytes; never throws. */
export function previewTable(bytes: Uint8Array, format: 'csv' | 'json', name: string, headRows = 5): Result<{ preview: TablePreview }> {
  const decoded = decodeText(bytes, name);
  if (!decoded.ok) return decoded;
  const parsed = format === 'csv' ? parseCsv(decoded.text) : parseJsonRecords(decoded.text);
  if (!parsed.ok) return parsed;
  const { table } = parsed;
  const columns = table.columns.map((column, c): ColumnPreview => {
    let missing = 0;
    let numeric = true;
    const seen = new Set<Cell>();
    for (const row of table.rows) {
      const cell = row[c] ?? null;
      if (cell === null) { missing += 1; continue; }
      if (typeof cell !== 'number') numeric = false;
      if (seen.size <= 20) seen.add(cell);
    }
    return { name: column, missing, numeric, distinct: seen.size };
  });
  const rowsWithMissing = table.rows.filter((row) => table.columns.some((_, c) => (row[c] ?? null) === null)).length;
  return { ok: true, preview: { columns, head: table.rows.slice(0, headRows), rowCount: table.rows.length, rowsWithMissing } };
}

/** Sensible first picks for a new file: the last column is the target, the other numeric ones features. */
export function suggestColumns(preview: TablePreview): { features: string[]; targets: string[]; categorical: boolean } {
  const last = preview.columns.at(-1);
  if (!last) return { features: [], targets: [], categorical: false };
  const features = preview.columns.slice(0, -1).filter((c) => c.numeric).map((c) => c.name);
  // Text labels read as classes; so do numbers when a handful of values repeat over many rows (digits 0–9).
  const categorical = !last.numeric || (last.distinct <= 10 && preview.rowCount >= 10 * last.distinct);
  return { features, targets: [last.name], categorical };
}
