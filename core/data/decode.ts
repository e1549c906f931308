// Bytes → text for the CSV and JSON readers, with the failures a person can act on: a file saved as
// UTF-16 (Excel's "Unicode text", Windows Notepad), a binary file under a text name, and a file too large
// to become one JavaScript string. Invalid UTF-8 sequences decode to U+FFFD, as browsers do.

import { fail, formatCount } from './types.ts';
import type { Result } from './types.ts';

// TextDecoder exists in every host (browsers, Node, Electron) but not in the ES2022 library core compiles against.
declare const TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string };
const decoder = new TextDecoder('utf-8');

/**
 * The most UTF-8 bytes decoded into one string: V8's longest string is 2^29 − 24 UTF-16 units, and UTF-8
 * never takes fewer bytes than UTF-16 units, so a file up to this size always fits.
 */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

/** How many leading bytes are looked at to tell UTF-16 and binary files from text. */
const SNIFF_BYTES = 4096;

/** Why these bytes are not UTF-8 text, or null: a UTF-16 byte-order mark, or NUL bytes (UTF-16 without one, or binary). */
export function notUtf8Text(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return 'is UTF-16; save it as UTF-8';
  }
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  if (even + odd === 0) return null;
  // UTF-16 text of mostly ASCII has a NUL in every other byte (the high byte of each unit) and few elsewhere.
  const half = n / 2;
  if ((odd >= 0.3 * half && even <= 0.05 * half) || (even >= 0.3 * half && odd <= 0.05 * half)) {
    return 'is UTF-16; save it as UTF-8';
  }
  if (even + odd >= Math.max(1, 0.01 * n)) return 'holds NUL bytes: it is a binary file, not text';
  return null;
}

/** A data file's bytes as text; `what` names the file in the message. Never throws. */
export function decodeText(bytes: Uint8Array, what: string): Result<{ text: string }> {
  const problem = notUtf8Text(bytes);
  if (problem) return fail(`${what} ${problem}`);
  if (bytes.length > MAX_TEXT_BYTES) {
    return fail(`${what} is ${formatCount(bytes.length)} bytes; a text file (CSV or JSON) may have at most ${formatCount(MAX_TEXT_BYTES)} bytes (512 MiB)`);
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(`${what} cannot be read as text (${detail})`);
  }
}
