// parseCsv: RFC 4180 quoting, line endings, number recognition, the exact messages for broken files, and a
// seeded fuzz loop that mutates a valid file hundreds of times to check the parser never throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { parseCsv, separatorHint, toCell } from './csv.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { MAX_CELLS } from './types.ts';

function table(text: string) {
  const result = parseCsv(text);
  if (!result.ok) assert.fail(`expected the CSV to parse, got: ${result.error.message}`);
  return result.table;
}

test('a plain file: header, numbers, strings, a quoted comma', () => {
  const t = table('x,y,name\n1,2.5,foo\n-3,1e3,"bar, baz"\n');
  assert.deepEqual(t.columns, ['x', 'y', 'name']);
  assert.deepEqual(t.rows, [[1, 2.5, 'foo'], [-3, 1000, 'bar, baz']]);
  assert.deepEqual(t.rowNumbers, [2, 3]);
});

test('CRLF, a UTF-8 BOM, no trailing newline, and trailing blank lines', () => {
  assert.deepEqual(table('\ufeffa,b\r\n1,2\r\n3,4'), { columns: ['a', 'b'], rows: [[1, 2], [3, 4]], rowNumbers: [2, 3] });
  assert.deepEqual(table('a,b\r\n1,2\r\n\r\n\r\n'), { columns: ['a', 'b'], rows: [[1, 2]], rowNumbers: [2] });
  assert.deepEqual(table('a,b\n1,2\n\n  \n'), { columns: ['a', 'b'], rows: [[1, 2]], rowNumbers: [2] });
  // Old Mac line endings (a lone CR) count as line breaks too.
  assert.deepEqual(table('a,b\r1,2\r3,4\r'), { columns: ['a', 'b'], rows: [[1, 2], [3, 4]], rowNumbers: [2, 3] });
});

test('a blank line in the middle is skipped and later rows keep their true line numbers', () => {
  assert.deepEqual(table('a\n1\n\n2\n'), { columns: ['a'], rows: [[1], [2]], rowNumbers: [2, 4] });
});

test('quoting: "" escapes a quote, line breaks inside quotes are data, row numbers follow the file lines', () => {
  const t = table('id,text\n1,"say ""hi"""\n2,"two\nlines"\n3,"crlf\r\ninside"\n4,after\n');
  assert.deepEqual(t.rows, [[1, 'say "hi"'], [2, 'two\nlines'], [3, 'crlf\r\ninside'], [4, 'after']]);
  assert.deepEqual(t.rowNumbers, [2, 3, 5, 7]);
});

test('quoted cells keep their inner whitespace; unquoted cells are trimmed; spaces around quotes are ignored', () => {
  const t = table('a,b,c\n" padded ", plain ,  "x"  \n');
  assert.deepEqual(t.rows, [[' padded ', 'plain', 'x']]);
  assert.deepEqual(table('a,b\n"",""\n').rows, [[null, null]]);
  assert.deepEqual(table('a,b\n"12"," 3.5 "\n').rows, [[12, 3.5]]);
});

test('empty cells are null; numeric-looking cells are numbers; codes like NA and ? stay strings', () => {
  const t = table('a,b,c,d,e,f,g,h,i,j\n,NA,?, 7 ,.5,5.,+3,-2e-3,0x10,Infinity\n');
  assert.deepEqual(t.rows, [[null, 'NA', '?', 7, 0.5, 5, 3, -0.002, '0x10', 'Infinity']]);
  assert.equal(toCell('  '), null);
  assert.equal(toCell('1e999'), '1e999'); // overflows to Infinity: not a usable number
  assert.equal(toCell('-'), '-');
  assert.equal(toCell('1,5'), '1,5');
});

test('header names stay strings even when they look like numbers; a header-only file has no rows', () => {
  assert.deepEqual(table('1,2\n3,4\n'), { columns: ['1', '2'], rows: [[3, 4]], rowNumbers: [2] });
  assert.deepEqual(table('a,b\n'), { columns: ['a', 'b'], rows: [], rowNumbers: [] });
  assert.deepEqual(table(' a , "b" \n'), { columns: ['a', 'b'], rows: [], rowNumbers: [] });
});

test('broken files fail with a message naming the line (and the column where there is one)', () => {
  const cases: [string, string, number | undefined][] = [
    ['', 'the file is empty; a CSV needs a header row naming its columns', undefined],
    ['\ufeff\n\n', 'the file is empty; a CSV needs a header row naming its columns', undefined],
    ['a,b\n1,2,3\n', 'line 2 has 3 cells but the header has 2', 2],
    ['a,b\n1,2\n3\n', 'line 3 has 1 cell but the header has 2', 3],
    ['a,b\n"x\ny",2\n3\n', 'line 4 has 1 cell but the header has 2', 4],
    ['a,,c\n1,2,3\n', 'line 1: column 2 of the header has no name', 1],
    ['a,b,\n', 'line 1: column 3 of the header has no name', 1],
    ['a,b,a\n', 'line 1: the header names two columns "a" (columns 1 and 3)', 1],
    ['a,b\n1,"never closed\n2,3\n', 'line 2: a quoted cell (column "b") starts here but its closing quote is missing', 2],
    ['"a,b\n', 'line 1: a quoted cell (column 1) starts here but its closing quote is missing', 1],
    ['a,b\n"x"y,2\n', 'line 2: unexpected text after the closing quote of a quoted cell (column "a"); a quote inside a quoted cell is written as ""', 2],
  ];
  for (const [text, message, row] of cases) {
    const result = parseCsv(text);
    assert.equal(result.ok, false, `expected ${JSON.stringify(text)} to fail`);
    if (result.ok) continue;
    assert.equal(result.error.message, message, JSON.stringify(text));
    assert.equal(result.error.row, row, JSON.stringify(text));
  }
});

test('non-text input fails instead of throwing', () => {
  const result = parseCsv(42 as unknown as string);
  assert.deepEqual(result, { ok: false, error: { message: 'the CSV must be text' } });
});

test(`a file with more than ${MAX_CELLS} cells is refused`, () => {
  // 1,000 columns × 10,001 rows: one cell over the bound when the last row is read.
  const header = Array.from({ length: 1000 }, (_, k) => `c${k}`).join(',');
  const row = '1,'.repeat(999) + '1\n';
  const result = parseCsv(`${header}\n${row.repeat(9_999)}${row}${row}`);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.message, 'the file has more than 10,000,000 cells (reached at line 10001); Gradflow reads at most 10,000,000');
});

test('fuzz: hundreds of random mutations of a valid file never throw, and successes are well-formed', () => {
  const base = 'id,"name, full",value\r\n1,"a ""quoted"" word",3.5\n2,,NA\n3,"multi\nline",-1e2\n';
  const alphabet = ['"', ',', '\n', '\r', ' ', 'x', '1', '.', 'e', '-', '\ufeff', '\ud800', '""', '\t'];
  const rng = new NumpyRandom(2024);
  const pick = (n: number) => Math.floor(rng.random() * n);
  let failures = 0;
  for (let iteration = 0; iteration < 600; iteration++) {
    let text = base;
    const edits = 1 + pick(5);
    for (let e = 0; e < edits; e++) {
      const at = pick(text.length + 1);
      switch (pick(4)) {
        case 0: text = text.slice(0, at) + alphabet[pick(alphabet.length)] + text.slice(at); break;
        case 1: text = text.slice(0, at) + text.slice(at + 1 + pick(3)); break;
        case 2: text = text.slice(0, at) + text.slice(pick(text.length), pick(text.length)) + text.slice(at); break;
        default: text = text.slice(0, at);
      }
    }
    const result = parseCsv(text);
    assert.equal(typeof result.ok, 'boolean');
    if (!result.ok) {
      failures++;
      assert.ok(result.error.message.length > 0);
      continue;
    }
    for (const cells of result.table.rows) assert.equal(cells.length, result.table.columns.length);
    for (let k = 1; k < result.table.rowNumbers.length; k++) assert.ok(result.table.rowNumbers[k]! > result.table.rowNumbers[k - 1]!);
  }
  assert.ok(failures > 0 && failures < 600, `the mutations should produce both good and bad files (${failures} failed)`);
});

test('a header read as one column says which separator it seems to use', () => {
  assert.equal(separatorHint('a;b;y'), "';'");
  assert.equal(separatorHint('a\tb\ty'), 'tabs');
  assert.equal(separatorHint('abc'), null);
});
