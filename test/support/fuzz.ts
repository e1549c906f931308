// Seeded mutation for fuzz tests: the same seed always yields the same cases, so a failure names its seed and
// iteration and can be replayed. Mutations come in the classes issue 9 §2 lists — truncation, random bytes,
// type swaps, huge numbers, deep nesting, huge strings, duplicated ids, hostile unicode — over text, bytes
// and JSON values. Platform-free (no node: imports) so any test, core or host, can use it.

import { NumpyRandom } from '../../core/tensor/random.ts';

/** A seeded stream with the few draws mutations need. */
export class FuzzRandom {
  private readonly random: NumpyRandom;
  constructor(seed: number) {
    this.random = new NumpyRandom(seed);
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.random.random() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random.random() < p;
  }
}

/** Numbers at the edges: overflow to ±Infinity in float32, lose integer precision, or are not numbers at all. */
export const EDGE_NUMBERS: readonly unknown[] = [
  1e308, -1e308, 2 ** 53 + 1, -(2 ** 53 + 1), 3.5e38, 1e-320, -0, 0, -1, 0.5, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER,
  'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '', ' 1 ',
];

/** Text a name or label might hold that breaks naive code: direction marks, emoji, NUL, lone surrogates. */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u202eevil\u202c', 'שלום', 'مرحبا', '😀👍🏽', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ufeff', '\u200b',
  '"quoted"', '\\', '__proto__', 'constructor', 'toString', ' ', '\n', '../../etc/passwd', '%s%s%n',
];

/** Megabytes of one character: a name or attribute no reader should choke on (or keep). */
export const hugeString = (megabytes = 10): string => 'x'.repeat(megabytes * 1024 * 1024);

/** `levels` arrays inside each other around `inner`, as JSON text (JSON.parse alone overflows on ~10,000). */
export const deepArraysText = (levels: number, inner = '0'): string => '['.repeat(levels) + inner + ']'.repeat(levels);

// ---- text ----------------------------------------------------------------------------------------------

const TEXT_INSERTS = ['{', '}', '[', ']', '"', ',', ':', '\\', 'null', 'true', '-', '1e999', '\u0000', '\ud800', '😀', '\n', ' '];

/** 1 to 4 character-level edits: insert, delete, overwrite with random bytes, duplicate a slice, or truncate. */
export function mutateText(text: string, rng: FuzzRandom): string {
  let out = text;
  for (let edit = 0, edits = 1 + rng.below(4); edit < edits; edit++) {
    const at = rng.below(out.length + 1);
    switch (rng.below(5)) {
      case 0: out = out.slice(0, at) + rng.pick(TEXT_INSERTS) + out.slice(at); break;
      case 1: out = out.slice(0, at) + out.slice(at + 1 + rng.below(8)); break;
      case 2: out = out.slice(0, at) + randomChars(rng, 1 + rng.below(6)) + out.slice(at + 1 + rng.below(6)); break;
      case 3: { const from = rng.below(out.length + 1); out = out.slice(0, at) + out.slice(from, from + rng.below(40)) + out.slice(at); break; }
      default: out = out.slice(0, at);
    }
  }
  return out;
}

function randomChars(rng: FuzzRandom, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += String.fromCharCode(rng.chance(0.8) ? rng.below(128) : rng.below(0x10000));
  return s;
}

// ---- bytes ---------------------------------------------------------------------------------------------

/** 1 to 3 byte-level edits: overwrite, insert, truncate, or set a header byte to an interesting value. */
export function mutateBytes(bytes: Uint8Array, rng: FuzzRandom, headerLength = 16): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (let edit = 0, edits = 1 + rng.below(3); edit < edits; edit++) {
    const at = rng.below(out.length + 1);
    switch (rng.below(5)) {
      case 0: if (at < out.length) out[at] = rng.below(256); break;
      case 1: if (at < Math.min(headerLength, out.length)) out[at] = rng.pick([0, 1, 2, 3, 8, 9, 0x0b, 0x0c, 0x0d, 0x0e, 0x7f, 0x80, 0xff]); break;
      case 2: out = out.slice(0, at); break;
      case 3: { const grown = new Uint8Array(out.length + 1); grown.set(out.subarray(0, at)); grown[at] = rng.below(256); grown.set(out.subarray(at), at + 1); out = grown; break; }
      default: { const run = new Uint8Array(1 + rng.below(64)).fill(rng.pick([0, 0xff])); const grown = new Uint8Array(out.length + run.length); grown.set(out); grown.set(run, out.length); out = grown; }
    }
  }
  return out;
}

// ---- JSON values ---------------------------------------------------------------------------------------

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** Every place in a JSON tree a value sits: its container and key (arrays by index). */
function slots(root: Json): Array<{ parent: Container; key: string | number }> {
  const found: Array<{ parent: Container; key: string | number }> = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) value.forEach((child, k) => { found.push({ parent: value, key: k }); stack.push(child); });
    else if (typeof value === 'object' && value !== null) {
      for (const [k, child] of Object.entries(value)) { found.push({ parent: value as Record<string, Json>, key: k }); stack.push(child); }
    }
  }
  return found;
}

const get = (parent: Container, key: string | number): Json => (parent as Record<string | number, Json>)[key];
const set = (parent: Container, key: string | number, value: Json): void => { (parent as Record<string | number, Json>)[key] = value; };

/** The value as another JSON type: number ↔ string ↔ list ↔ object ↔ null ↔ boolean. */
export function swapType(value: Json, rng: FuzzRandom): Json {
  const options: Json[] = [null, true, 0, -1, '', String(value).slice(0, 20), [], [value], {}, { value }];
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) options.push(Number(value));
  if (typeof value === 'number') options.push(String(value));
  return rng.pick(options);
}

export type StructuralMutation = 'type-swap' | 'huge-number' | 'deep-nesting' | 'huge-string' | 'duplicate-id' | 'hostile-unicode' | 'delete-key' | 'duplicate-item';
export const STRUCTURAL_MUTATIONS: readonly StructuralMutation[] = ['type-swap', 'huge-number', 'deep-nesting', 'huge-string', 'duplicate-id', 'hostile-unicode', 'delete-key', 'duplicate-item'];

/** Deep nesting as a value (a JSON tree, not text): `levels` lists inside each other. */
export function nested(levels: number): Json {
  let value: Json = 0;
  for (let k = 0; k < levels; k++) value = [value];
  return value;
}

// A deep value is kept as a marker until it is written: JSON.stringify recurses, and would overflow before
// the reader under test ever saw the text.
const DEEP_MARKER = '\u0000deep:';
const DEEP_IN_TEXT = /"\\u0000deep:(\d+)"/g;

/** The mutated tree as the text of a file, deep markers expanded to `[[[…0…]]]`. */
export function jsonText(value: Json): string {
  return JSON.stringify(value).replace(DEEP_IN_TEXT, (_, levels: string) => deepArraysText(Number(levels)));
}

/** The mutated tree as a value (what a message would carry), deep markers expanded to nested lists. */
export function jsonValue(value: Json): Json {
  if (typeof value === 'string' && value.startsWith(DEEP_MARKER)) return nested(Number(value.slice(DEEP_MARKER.length)));
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
}

/**
 * A deep copy of `doc` with one structural mutation at a random place (or at the ids, for duplicate-id); pass
 * it through jsonText or jsonValue. `bigString` is reused rather than rebuilt, as 10 MB per case adds up.
 */
export function mutateJson(doc: Json, kind: StructuralMutation, rng: FuzzRandom, bigString: string): Json {
  const copy = structuredClone(doc);
  const places = slots(copy);
  if (places.length === 0) return copy;
  const { parent, key } = rng.pick(places);
  switch (kind) {
    case 'type-swap': set(parent, key, swapType(get(parent, key), rng)); break;
    case 'huge-number': set(parent, key, rng.pick(EDGE_NUMBERS)); break;
    case 'deep-nesting': set(parent, key, `${DEEP_MARKER}${rng.pick([100, 1_000, 10_000])}`); break;
    case 'huge-string': set(parent, key, bigString); break;
    case 'hostile-unicode': {
      const strings = places.filter((p) => typeof get(p.parent, p.key) === 'string');
      const target = strings.length > 0 ? rng.pick(strings) : { parent, key };
      const old = get(target.parent, target.key);
      set(target.parent, target.key, rng.chance(0.5) ? rng.pick(HOSTILE_STRINGS) : `${typeof old === 'string' ? old : ''}${rng.pick(HOSTILE_STRINGS)}`);
      break;
    }
    case 'duplicate-id': {
      // Give one item of a list of {id} objects the id of another (nodes, edges, groups alike).
      const lists = places.map((p) => get(p.parent, p.key)).filter((v): v is Array<{ id: unknown }> =>
        Array.isArray(v) && v.length >= 2 && v.every((item) => typeof item === 'object' && item !== null && 'id' in item));
      if (lists.length === 0) break;
      const list = rng.pick(lists);
      const a = rng.below(list.length);
      let b = rng.below(list.length - 1);
      if (b >= a) b++;
      list[b]!.id = list[a]!.id;
      break;
    }
    case 'delete-key':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 'duplicate-item':
      if (Array.isArray(parent)) parent.push(structuredClone(get(parent, key)));
      else set(parent, `${key}2`, structuredClone(get(parent, key)));
      break;
  }
  return copy;
}

// ---- bounds --------------------------------------------------------------------------------------------

/** Generous: a case over this has hung or gone quadratic; it is not a speed target. */
export const CASE_TIME_LIMIT_MS = 2_000;

/** Runs one case and measures it; the caller asserts on the result and on `ms`. */
export function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}
