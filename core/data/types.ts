// The shapes every data loader shares: a parsed table, its cells, and the Result every function returns.
//
// Data files come from users and the web, so nothing in core/data throws on bad input: each function
// returns `{ ok: false, error }` with a message a person can act on. Messages name the row the way a
// person counts lines in the file (1-based, the header is line 1) and the column by its name.

/** What went wrong, where: `row` is a file line (CSV) or a 1-based record index (JSON); `column` a name. */
export interface DataError {
  message: string;
  row?: number;
  column?: string;
}

/** One parsed value: a number, a string, or null for an empty or missing cell. */
export type Cell = number | string | null;

/** A parsed file: column names, rows of cells, and where each row came from (for messages). */
export interface Table {
  columns: string[];
  rows: Cell[][];
  /** rowNumbers[i] = the file line (CSV) or the 1-based record index (JSON) of rows[i]. */
  rowNumbers: number[];
}

/** Success with the fields of T, or failure with one DataError. */
export type Result<T> = ({ ok: true } & T) | { ok: false; error: DataError };

/** Bounds shared by the parsers: a file bigger than this is refused before it is fully built. */
export const MAX_CELLS = 10_000_000;

/** A failed Result; row and column are set only when given. */
export function fail(message: string, row?: number, column?: string): { ok: false; error: DataError } {
  const error: DataError = { message };
  if (row !== undefined) error.row = row;
  if (column !== undefined) error.column = column;
  return { ok: false, error };
}

/** Runs `body` and turns anything it throws into a failed Result, so callers' promise of "never throws" holds. */
export function guarded<T>(what: string, body: () => Result<T>): Result<T> {
  try {
    return body();
  } catch (error) {
    // Nothing in core/data is expected to throw; this keeps the promise if something does (e.g. out of memory).
    let detail = 'unknown error';
    try {
      detail = error instanceof Error ? error.message : String(error);
    } catch {
      // keep 'unknown error'
    }
    return fail(`${what} failed (internal error: ${detail})`);
  }
}

/** A cell's value quoted for a message, shortened so one huge cell cannot flood the screen. */
export function quoteValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short);
}

/** "1,234,567" for messages about sizes; "7.92e+28" beyond what digits can show (1e21 and up). */
export function formatCount(n: number): string {
  const text = String(n);
  if (!Number.isFinite(n) || text.includes('e')) return Number.isFinite(n) ? n.toPrecision(3) : text;
  return text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
