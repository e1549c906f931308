// decodeText: UTF-8 bytes to text, and the files that are not UTF-8 text named with what to do about them.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { decodeText, MAX_TEXT_BYTES } from './decode.ts';
import { formatCount } from './types.ts';

const utf16 = (text: string, bigEndian: boolean, bom: boolean): Uint8Array => {
  const bytes: number[] = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
  for (const c of text) bytes.push(...(bigEndian ? [0, c.charCodeAt(0)] : [c.charCodeAt(0), 0]));
  return Uint8Array.from(bytes);
};

test('UTF-8 text decodes; UTF-16 with or without a byte-order mark says to save as UTF-8', () => {
  assert.deepEqual(decodeText(new TextEncoder().encode('a,b\n1,é\n'), 'd.csv'), { ok: true, text: 'a,b\n1,é\n' });
  for (const [bigEndian, bom] of [[false, true], [true, true], [false, false], [true, false]] as const) {
    assert.deepEqual(decodeText(utf16('a,b,y\n1,2,3\n', bigEndian, bom), 'd.csv'), { ok: false, error: { message: 'd.csv is UTF-16; save it as UTF-8' } });
  }
  const binary = Uint8Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? 0 : 65 + (i % 20)));
  assert.deepEqual(decodeText(binary, 'd.csv'), { ok: false, error: { message: 'd.csv holds NUL bytes: it is a binary file, not text' } });
});

test('a file too large to become one string is refused by size, naming the file', () => {
  // Zero-filled pages are not touched: the size is checked before decoding (the first bytes are text).
  const huge = new Uint8Array(MAX_TEXT_BYTES + 1);
  huge.set(new TextEncoder().encode('a,b\n'.repeat(2000)));
  assert.deepEqual(decodeText(huge, 'big.csv'), {
    ok: false, error: { message: `big.csv is ${formatCount(MAX_TEXT_BYTES + 1)} bytes; a text file (CSV or JSON) may have at most ${formatCount(MAX_TEXT_BYTES)} bytes (512 MiB)` },
  });
});

test('formatCount groups digits, and switches to 3 significant digits where digits cannot show the number', () => {
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(18446744065119617000), '18,446,744,065,119,617,000');
  assert.equal(formatCount(7.922816251426434e28), '7.92e+28');
  assert.equal(formatCount(Infinity), 'Infinity');
});
