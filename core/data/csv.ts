// CSV text → Table: RFC 4180 quoting, CRLF or LF, numbers recognised, empty cells as null.
//
// One pass over the text, cell by cell. Line numbers are tracked as the scan goes (a quoted cell may span
// lines), so every message can point at the line an editor shows. The header row is required: columns are
// chosen by name later (columns.ts), and names make the messages readable.
//
// Lenient where RFC 4180 is strict but the intent is clear: spaces around a quoted cell are ignored, a
// quote in the middle of an unquoted cell is kept as a character, a lone CR ends a line, and blank lines
// are skipped (their line numbers still count).

import { MAX_CELLS, fail, formatCount, guarded } from './types.ts';
import type { Cell, Result, Table } from './types.ts';

// Decimal numbers only: Number() alone would also accept "0x1F", "0b1" and "Infinity", which in a data
// file are far more likely codes or typos than numbers.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True for text written as a decimal number, even one too large for a double ("1e999"). */
export const isDecimalText = (text: string): boolean => DECIMAL.test(text.trim());

/** A trimmed, non-empty cell as a number if it reads as a finite decimal number, else as the string itself. */
export function toCell(text: string): Cell {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (DECIMAL.test(trimmed)) {
    const value = Number(trimmed);
    if (Number.isFinite(value)) return value;
  }
  return trimmed;
}

/** A quoted cell: empty → null, a decimal number → number, anything else kept exactly as quoted. */
function quotedCell(value: string): Cell {
  if (value === '') return null;
  const trimmed = value.trim();
  if (DECIMAL.test(trimmed)) {
    const number = Number(trimmed);
    if (Number.isFinite(number)) return number;
  }
  return value;
}

/** Parses CSV text with a header row into a Table; never throws. */
export function parseCsv(text: string): Result<{ table: Table }> {
  return guarded('reading the CSV', () => parseUnguarded(text));
}

/** The names of a record after the header: never read, so one shared empty list instead of one per row. */
const NO_NAMES: string[] = [];

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09; // space, tab: trimmed around cells
}

/** Line breaks in text[from, to): CRLF counts once, a lone CR or LF once each. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) count++;
    else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) count++;
  }
  return count;
}

function parseUnguarded(input: unknown): Result<{ table: Table }> {
  if (typeof input !== 'string') return fail('the CSV must be text');
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // a UTF-8 BOM, as Excel writes
  const n = text.length;
  let i = 0;
  let line = 1;
  let header: string[] | null = null;
  const rows: Cell[][] = [];
  const rowNumbers: number[] = [];
  let cellCount = 0;
  /** The header's names so far and their columns: a bad name fails as soon as it is read. */
  const headerIndex = new Map<string, number>();

  const columnLabel = (index: number): string =>
    header && index < header.length ? `column "${header[index]}"` : `column ${index + 1}`;

  while (i < n) {
    const recordLine = line;
    const cells: Cell[] = [];
    const raw: string[] = header === null ? [] : NO_NAMES; // header names as written ("1" stays a name, not a number)
    let surplus = 0; // cells past the header's count, which are only counted
    let sawQuote = false;

    // One cell per iteration; the record ends at a line break or the end of the text.
    for (;;) {
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      if (i < n && text.charCodeAt(i) === 0x22) {
        // Quoted cell: "" is a literal quote; commas and line breaks inside are data.
        sawQuote = true;
        const openLine = line;
        let value = '';
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) {
            return fail(`line ${openLine}: a quoted cell (${columnLabel(cells.length)}) starts here but its closing quote is missing`, openLine);
          }
          line += countLineBreaks(text, i, close);
          if (text.charCodeAt(close + 1) === 0x22) {
            value += text.slice(i, close + 1);
            i = close + 2;
          } else {
            value += text.slice(i, close);
            i = close + 1;
            break;
          }
        }
        while (i < n && isSpace(text.charCodeAt(i))) i++;
        const next = text.charCodeAt(i);
        if (i < n && next !== 0x2c && next !== 0x0a && next !== 0x0d) {
          return fail(`line ${line}: unexpected text after the closing quote of a quoted cell (${columnLabel(cells.length)}); a quote inside a quoted cell is written as ""`, line, header?.[cells.length]);
        }
        // Whitespace inside the quotes is kept: quoting is how a file says it matters.
        if (header === null) {
          const problem = addHeaderName(raw, value.trim(), headerIndex);
          if (problem) return fail(`line ${recordLine}: ${problem}`, recordLine);
        }
        if (header !== null && cells.length >= header.length) surplus++;
        else cells.push(quotedCell(value));
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === 0x2c || c === 0x0a || c === 0x0d) break;
          end++;
        }
        // A row already longer than the header is refused below: its extra cells are counted, not converted
        // (a line of ten million commas would otherwise take seconds to build and then be thrown away).
        if (header !== null && cells.length >= header.length) surplus++;
        else {
          const value = text.slice(i, end).trim();
          // An empty first cell that ends its line is a blank line, skipped below, not a nameless column.
          const blankLine = value === '' && cells.length === 0 && !sawQuote && text.charCodeAt(end) !== 0x2c;
          if (header === null && !blankLine) {
            const problem = addHeaderName(raw, value, headerIndex);
            if (problem) return fail(`line ${recordLine}: ${problem}`, recordLine);
          }
          cells.push(toCell(value));
        }
        i = end;
      }
      cellCount++;
      if (cellCount > MAX_CELLS) {
        return fail(`the file has more than ${formatCount(MAX_CELLS)} cells (reached at line ${line}); Gradflow reads at most ${formatCount(MAX_CELLS)}`, line);
      }
      if (i < n && text.charCodeAt(i) === 0x2c) {
        i++;
        continue;
      }
      // End of the record: consume one line break (CRLF, LF or a lone CR).
      const lineEnd = text.charCodeAt(i);
      if (lineEnd === 0x0d) {
        i++;
        if (text.charCodeAt(i) === 0x0a) i++;
      } else if (lineEnd === 0x0a) {
        i++;
      }
      line++;
      break;
    }

    // A blank line (nothing but whitespace, no quotes) carries no data: skipped wherever it is.
    if (cells.length === 1 && cells[0] === null && !sawQuote) continue;

    if (header === null) {
      header = raw;
      headerIndex.clear(); // only the header row needs it
      continue;
    }
    const count = cells.length + surplus;
    if (count !== header.length) {
      return fail(`line ${recordLine} has ${count} ${count === 1 ? 'cell' : 'cells'} but the header has ${header.length}`, recordLine);
    }
    rows.push(cells);
    rowNumbers.push(recordLine);
  }

  if (header === null) return fail('the file is empty; a CSV needs a header row naming its columns');
  return { ok: true, table: { columns: header, rows, rowNumbers } };
}

/**
 * For a header read as one column: the separator it seems to use instead of commas ("';'" or "tabs"), or
 * null. A semicolon-separated file (Excel in many locales) or a tab-separated one parses as one column.
 */
export function separatorHint(header: string): string | null {
  if (header.includes(';')) return "';'";
  if (header.includes('\t')) return 'tabs';
  return null;
}

/**
 * Adds the next header name, or says why it cannot name a column (empty, or a name already used). Checked
 * name by name, so a header of ten million commas fails at its first empty name, not after reading them all.
 */
function addHeaderName(names: string[], name: string, seen: Map<string, number>): string | null {
  const k = names.length;
  if (name === '') return `column ${k + 1} of the header has no name`;
  const first = seen.get(name);
  if (first !== undefined) return `the header names two columns "${name}" (columns ${first + 1} and ${k + 1})`;
  seen.set(name, k);
  names.push(name);
  return null;
}
