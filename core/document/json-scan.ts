// A hand-written JSON syntax and nesting-depth scanner, run over a `.gradflow` text before JSON.parse
// (parse.ts, DESIGN.md §2, §5).
//
// Why scan before JSON.parse: a document is untrusted input. JSON.parse (and zod after it) recurse, so a
// file of 10,000 '[' would overflow the stack; this scanner is a loop over an explicit stack and refuses
// nesting deeper than a limit before anything is built. And it reports where a syntax error is, as
// line:column, which Node 20's JSON.parse messages lack (it says only `Unexpected token '}', "..." is not
// valid JSON`).

export type ScanResult = { ok: true } | { ok: false; offset: number; message: string };

// What the scanner expects next.
const VALUE = 0; // any value
const VALUE_OR_CLOSE = 1; // right after '[': a value or ']'
const KEY = 2; // after ',' in an object
const KEY_OR_CLOSE = 3; // right after '{': a key or '}'
const COLON = 4;
const AFTER = 5; // after a value: ',' or a closing bracket, or the end at top level

const ARRAY = 0;
const OBJECT = 1;

/**
 * Checks RFC 8259 syntax exactly as JSON.parse accepts it, iteratively, refusing nesting deeper than
 * `maxDepth` before it is built. The fuzz test checks that it agrees with JSON.parse.
 */
export function scanJson(text: string, maxDepth: number): ScanResult {
  const stack: number[] = [];
  const n = text.length;
  let state = VALUE;
  let i = 0;
  const error = (offset: number, message: string): ScanResult => ({ ok: false, offset, message });
  const found = (offset: number) => (offset >= n ? 'the end of the file' : JSON.stringify(text[offset]));
  while (true) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    if (i >= n) {
      if (state === AFTER && stack.length === 0) return { ok: true };
      return error(n, 'the file ends too early (unclosed bracket, string or missing value)');
    }
    const ch = text[i]!;
    switch (state) {
      case VALUE:
      case VALUE_OR_CLOSE: {
        if (ch === ']' && state === VALUE_OR_CLOSE) {
          stack.pop();
          state = AFTER;
          i++;
        } else if (ch === '{' || ch === '[') {
          if (stack.length >= maxDepth) return error(i, `nested more than ${maxDepth} levels deep`);
          stack.push(ch === '{' ? OBJECT : ARRAY);
          state = ch === '{' ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
          i++;
        } else if (ch === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return error(end.offset, end.message);
          i = end;
          state = AFTER;
        } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
          const end = scanNumber(text, i);
          if (end < 0) return error(-end - 1, `malformed number, found ${found(-end - 1)}`);
          i = end;
          state = AFTER;
        } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
          i += 4;
          state = AFTER;
        } else if (text.startsWith('false', i)) {
          i += 5;
          state = AFTER;
        } else if (ch === ']' && stack[stack.length - 1] === ARRAY) {
          // VALUE inside an array is only reached after a comma.
          return error(i, 'a comma before "]" (trailing commas are not allowed in JSON)');
        } else {
          return error(i, `expected a value, found ${found(i)}`);
        }
        break;
      }
      case KEY:
      case KEY_OR_CLOSE: {
        if (ch === '}' && state === KEY_OR_CLOSE) {
          stack.pop();
          state = AFTER;
          i++;
        } else if (ch === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return error(end.offset, end.message);
          i = end;
          state = COLON;
        } else if (ch === '}') {
          return error(i, 'a comma before "}" (trailing commas are not allowed in JSON)');
        } else {
          return error(i, `expected a property name in double quotes, found ${found(i)}`);
        }
        break;
      }
      case COLON:
        if (ch !== ':') return error(i, `expected ":" after the property name, found ${found(i)}`);
        state = VALUE;
        i++;
        break;
      default: {
        // AFTER
        const top = stack[stack.length - 1];
        if (top === undefined) return error(i, `unexpected ${found(i)} after the end of the JSON value`);
        if (ch === ',') state = top === ARRAY ? VALUE : KEY;
        else if (ch === (top === ARRAY ? ']' : '}')) {
          stack.pop();
          state = AFTER;
        } else return error(i, `expected "," or "${top === ARRAY ? ']' : '}'}", found ${found(i)}`);
        i++;
      }
    }
  }
}

/** The index after the closing quote, or where and why the string is broken. */
function scanString(text: string, start: number): number | { offset: number; message: string } {
  let i = start + 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) {
      return { offset: i, message: 'a line break or control character inside a string (write it as \\n or \\u00XX)' };
    }
    if (c === 0x5c) {
      const e = text[i + 1];
      const valid = e === 'u' ? /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : e !== undefined && '"\\/bfnrt'.includes(e);
      if (!valid) return { offset: i, message: `invalid escape ${JSON.stringify(text.slice(i, e === 'u' ? i + 6 : i + 2))} in a string` };
      i += e === 'u' ? 6 : 2;
    } else i++;
  }
  // Pointing at the opening quote helps more than pointing at the end of the file.
  return { offset: start, message: 'this string is never closed (missing ")' };
}

/** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? — the index after it, or -(offset of the problem) - 1. */
function scanNumber(text: string, start: number): number {
  let i = start;
  const digit = (k: number) => {
    const c = text.charCodeAt(k);
    return c >= 0x30 && c <= 0x39;
  };
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else if (digit(i)) while (digit(i)) i++;
  else return -i - 1;
  if (text[i] === '.') {
    i++;
    if (!digit(i)) return -i - 1;
    while (digit(i)) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (!digit(i)) return -i - 1;
    while (digit(i)) i++;
  }
  return i;
}

/** 1-based "line L, column C" of an offset, for people opening the file in an editor. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
