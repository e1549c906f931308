// Writing a document as text, and the base64 Float32 encoding of saved parameters.
//
// The output is meant to live in git and be diffed, so it is canonical: a fixed key order (header first, then
// the sections in reading order; known fields in a fixed order; open records alphabetically), 2-space
// indent, a trailing newline. The layout is exactly JSON.stringify(…, null, 2)'s, but keys are emitted here
// rather than left to object order, because JS objects always enumerate integer-like keys ("2", "10")
// first, which would break alphabetical order. serialize(parse(serialize(doc))) is byte-identical.
// Only the format's own fields are written: whatever else an in-memory object carries is left out.

import type { GradflowDocument } from './types.ts';

/** How to order an object's keys, and the order of what is inside. */
type Order =
  /** Known fields in this order, then (only if `rest` is set) any other key alphabetically. */
  | { kind: 'fixed'; keys: readonly string[]; children?: Readonly<Record<string, Order>>; rest?: Order }
  /** An open record: every key alphabetically, each value by `each`. */
  | { kind: 'sorted'; each: Order }
  | { kind: 'items'; each: Order }
  /** Free-form JSON (inside `data`): objects sorted alphabetically all the way down. */
  | { kind: 'any' };

const ANY: Order = { kind: 'any' };
const fixed = (keys: readonly string[], children?: Record<string, Order>, rest?: Order): Order =>
  rest === undefined ? { kind: 'fixed', keys, children } : { kind: 'fixed', keys, children, rest };
const sorted = (each: Order = ANY): Order => ({ kind: 'sorted', each });
const items = (each: Order): Order => ({ kind: 'items', each });

const POINT = fixed(['x', 'y']);
const PORT_REF = fixed(['node', 'port']);

const DOCUMENT_ORDER: Order = fixed(
  ['format', 'version', 'name', 'description', 'nodes', 'edges', 'groups', 'data', 'training', 'view', 'parameters', 'runSummary'],
  {
    nodes: items(fixed(['id', 'op', 'label', 'attributes', 'position'], { attributes: sorted(), position: POINT })),
    edges: items(fixed(['id', 'from', 'to'], { from: PORT_REF, to: PORT_REF })),
    groups: items(fixed(['id', 'kind', 'name', 'attributes', 'members', 'collapsed'], { attributes: sorted() })),
    data: fixed(['kind'], {}, ANY),
    // The order of RunConfig in core/train/config.ts.
    training: fixed(
      ['seed', 'epochs', 'batchSize', 'evalEvery', 'earlyStopping', 'optimizer', 'schedule', 'gradientClip', 'shuffle', 'metrics', 'backend', 'compat'],
      {
        earlyStopping: fixed(['enabled', 'patience']),
        optimizer: fixed(['kind', 'learningRate', 'momentum', 'beta1', 'beta2', 'epsilon']),
        schedule: fixed(['kind', 'finalLearningRate']),
      },
    ),
    view: fixed(['viewport'], { viewport: fixed(['x', 'y', 'zoom']) }),
    parameters: sorted(fixed(['shape', 'dtype', 'data'])),
    runSummary: fixed(['epochs', 'trainLoss', 'validationLoss', 'metrics', 'finishedAt'], { metrics: sorted() }),
  },
);

/**
 * The document as canonical `.gradflow` text. Throws (naming the path) only on values JSON cannot hold —
 * NaN, Infinity, undefined inside a list — since writing them as `null` would produce a file that no
 * longer means what the document did.
 */
export function serializeDocument(doc: GradflowDocument): string {
  const out: string[] = [];
  write(doc, DOCUMENT_ORDER, '', '', out);
  out.push('\n');
  return out.join('');
}

// Code-unit order, not localeCompare: the same on every machine and locale.
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function write(value: unknown, order: Order, indent: string, path: string, out: string[]): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot save: ${path || 'the document'} is ${value}, which a .gradflow file cannot hold`);
    out.push(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    // Lists of numbers (shapes, sizes) stay on one line: `"shape": [1, 28, 28]` reads and diffs better.
    if (value.every((item) => typeof item === 'number')) {
      value.forEach((item, index) => {
        if (!Number.isFinite(item)) throw new Error(`cannot save: ${path}[${index}] is ${item}, which a .gradflow file cannot hold`);
      });
      out.push('[', value.map((item) => JSON.stringify(item)).join(', '), ']');
      return;
    }
    const inner = indent + '  ';
    const each = order.kind === 'items' ? order.each : ANY;
    out.push('[');
    value.forEach((item, index) => {
      if (item === undefined) throw new Error(`cannot save: ${path}[${index}] is undefined`);
      out.push(index === 0 ? '\n' : ',\n', inner);
      write(item, each, inner, `${path}[${index}]`, out);
    });
    out.push('\n', indent, ']');
    return;
  }
  if (typeof value === 'object') {
    writeObject(value as Record<string, unknown>, order, indent, path, out);
    return;
  }
  throw new Error(`cannot save: ${path || 'the document'} is a ${typeof value}, not a JSON value`);
}

function writeObject(object: Record<string, unknown>, order: Order, indent: string, path: string, out: string[]): void {
  const entries: Array<[string, Order]> = [];
  const present = (key: string) => Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;
  if (order.kind === 'fixed') {
    for (const key of order.keys) if (present(key)) entries.push([key, order.children?.[key] ?? ANY]);
    if (order.rest !== undefined) {
      const known = new Set(order.keys);
      for (const key of Object.keys(object).sort(byCodeUnit)) {
        if (!known.has(key) && present(key)) entries.push([key, order.rest]);
      }
    }
  } else {
    const each = order.kind === 'sorted' ? order.each : ANY;
    for (const key of Object.keys(object).sort(byCodeUnit)) if (present(key)) entries.push([key, each]);
  }
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  const inner = indent + '  ';
  out.push('{');
  entries.forEach(([key, childOrder], index) => {
    out.push(index === 0 ? '\n' : ',\n', inner, JSON.stringify(key), ': ');
    write(object[key], childOrder, inner, path === '' ? key : `${path}.${key}`, out);
  });
  out.push('\n', indent, '}');
}

// ---- base64 Float32 ------------------------------------------------------------------------------------
// Written by hand because core/ may use neither Node's Buffer nor DOM typings (btoa/atob are not in the
// ES2022 lib core compiles against). Byte order is little-endian explicitly, whatever the machine's is.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE_TABLE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DECODE_TABLE = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function encodeFloat32Base64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytesToBase64(bytes);
}

export function bytesToBase64(bytes: Uint8Array): string {
  // Character codes go into a byte buffer first and become a string in slices: an order of magnitude faster
  // than building a string per group for multi-megabyte parameters, and no slice exceeds argument limits.
  const codes = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const full = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const group = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    codes[o++] = ENCODE_TABLE[group >> 18]!;
    codes[o++] = ENCODE_TABLE[(group >> 12) & 63]!;
    codes[o++] = ENCODE_TABLE[(group >> 6) & 63]!;
    codes[o++] = ENCODE_TABLE[group & 63]!;
  }
  const left = bytes.length - full;
  if (left > 0) {
    const group = (bytes[full]! << 16) | (left === 2 ? bytes[full + 1]! << 8 : 0);
    codes[o++] = ENCODE_TABLE[group >> 18]!;
    codes[o++] = ENCODE_TABLE[(group >> 12) & 63]!;
    codes[o++] = left === 2 ? ENCODE_TABLE[(group >> 6) & 63]! : 61; // '='
    codes[o++] = 61;
  }
  const parts: string[] = [];
  for (let start = 0; start < codes.length; start += 8192) {
    // apply() takes the typed array as it is; spreading it first is several times slower.
    parts.push(String.fromCharCode.apply(null, codes.subarray(start, start + 8192) as unknown as number[]));
  }
  return parts.join('');
}

export type DecodeResult = { ok: true; value: Float32Array } | { ok: false; error: string };

/** Decode a parameter; `expectedLength` is the number of float32 values its shape needs. */
export function decodeFloat32Base64(text: string, expectedLength: number): DecodeResult {
  const bytes = base64ToBytes(text);
  if (!bytes.ok) return bytes;
  if (bytes.value.length !== expectedLength * 4) {
    return {
      ok: false,
      error: `holds ${bytes.value.length} bytes, but ${expectedLength} float32 values need ${expectedLength * 4}`,
    };
  }
  const view = new DataView(bytes.value.buffer);
  const values = new Float32Array(expectedLength);
  for (let i = 0; i < expectedLength; i++) values[i] = view.getFloat32(i * 4, true);
  return { ok: true, value: values };
}

export function base64ToBytes(text: string): { ok: true; value: Uint8Array } | { ok: false; error: string } {
  if (text.length % 4 !== 0) return { ok: false, error: `not valid base64: its length ${text.length} is not a multiple of 4` };
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let byteIndex = 0;
  for (let i = 0; i < text.length; i += 4) {
    let group = 0;
    for (let k = 0; k < 4; k++) {
      const position = i + k;
      const code = text.charCodeAt(position);
      const isPad = code === 61 && position >= text.length - padding;
      const digit = isPad ? 0 : code < 128 ? DECODE_TABLE[code]! : -1;
      if (digit < 0) {
        return { ok: false, error: `not valid base64: unexpected ${JSON.stringify(text[position])} at character ${position + 1}` };
      }
      group = (group << 6) | digit;
    }
    for (let shift = 16; shift >= 0 && byteIndex < bytes.length; shift -= 8) {
      // Only the last group can be short, so this never steals bytes from a later group.
      bytes[byteIndex++] = (group >> shift) & 255;
    }
  }
  return { ok: true, value: bytes };
}
