// Sequence data for chapter 6: windows of T time steps, each paired with the same window one step later.
//
//   characters   text → vocabulary (sorted by code point, text.ts) → windows of T one-hot characters
//                x (rows, T·V) = chars[s … s+T),  y (rows, T·V) = chars[s+1 … s+T+1)     (V = vocabulary size)
//   series       table rows in file order → windows of T rows of the feature columns, targets one row later
//                x (rows, T·F) = features[s … s+T),  y (rows, T·K) = targets[s+1 … s+T+1)
//
// A window starts every `stride` steps (default T: windows that do not overlap). Rows stay flat so the rest
// of the data path (limit, split, scaling, batching) is unchanged; the trainer reshapes them to the Input's
// shape [T, V] or [T, F]. Sizes are checked before anything is allocated.

import { buildVocabulary, encodeCharacters } from './text.ts';
import { fail, formatCount, type Result } from './types.ts';

export interface SequenceSpec {
  /** T, the number of time steps in a window. */
  length: number;
  /** How many steps after one window the next starts; default `length` (no overlap). */
  stride?: number;
}

export interface Windows {
  x: Float64Array;
  y: Float64Array;
  rows: number;
}

/** One-hot windows of a text hold T·V values twice per row: refuse more than this many values. */
export const MAX_WINDOW_VALUES = 40_000_000;

/** Start positions of the windows over `steps` time steps, where each window needs T + 1 of them. */
function windowStarts(steps: number, spec: SequenceSpec, limit: number | undefined): number[] {
  const stride = spec.stride ?? spec.length;
  const starts: number[] = [];
  for (let s = 0; s + spec.length + 1 <= steps; s += stride) {
    if (limit !== undefined && starts.length >= limit) break;
    starts.push(s);
  }
  return starts;
}

function tooBig(rows: number, width: number, what: string): string | null {
  const values = 2 * rows * width;
  if (values <= MAX_WINDOW_VALUES) return null;
  return `${what} make ${formatCount(rows)} windows of ${formatCount(width)} values (${formatCount(values)} in all, more than ` +
    `${formatCount(MAX_WINDOW_VALUES)}): use fewer windows with "limit", a longer "stride", or a shorter text`;
}

/**
 * One-hot character windows of a text, with its vocabulary. `vocabulary`: encode with this one (a model
 * trained on other text); a character outside it is an error naming the character.
 */
export function characterWindows(
  text: string, spec: SequenceSpec, options: { limit?: number; vocabulary?: readonly string[] } = {},
): Result<Windows & { vocabulary: string[] }> {
  const vocabulary = options.vocabulary ? [...options.vocabulary] : buildVocabulary(text);
  const codes = encodeCharacters(text, vocabulary);
  const unknown = codes.indexOf(-1);
  if (unknown >= 0) {
    const character = [...text][unknown]!;
    return fail(`the character ${JSON.stringify(character)} (at character ${unknown + 1}) is not in the vocabulary the model was trained with`);
  }
  const starts = windowStarts(codes.length, spec, options.limit);
  if (starts.length === 0) {
    return fail(`the text has ${codes.length} characters; a window of ${spec.length} characters and its next character need at least ${spec.length + 1}`);
  }
  const v = vocabulary.length;
  const width = spec.length * v;
  const problem = tooBig(starts.length, width, `${formatCount(codes.length)} characters with a vocabulary of ${v}`);
  if (problem) return fail(problem);
  const x = new Float64Array(starts.length * width);
  const y = new Float64Array(starts.length * width);
  starts.forEach((start, row) => {
    for (let t = 0; t < spec.length; t++) {
      x[row * width + t * v + codes[start + t]!] = 1;
      y[row * width + t * v + codes[start + t + 1]!] = 1;
    }
  });
  return { ok: true, x, y, rows: starts.length, vocabulary };
}

/**
 * Sliding windows over the rows of a table (in file order): `features` (rows × f) and `targets` (rows × k),
 * the targets taken one row later than the features.
 */
export function seriesWindows(
  features: Float64Array, targets: Float64Array, rows: number, spec: SequenceSpec, limit?: number,
): Result<Windows> {
  const f = rows > 0 ? features.length / rows : 0;
  const k = rows > 0 ? targets.length / rows : 0;
  const starts = windowStarts(rows, spec, limit);
  if (starts.length === 0) {
    return fail(`the series has ${rows} rows; a window of ${spec.length} and the row after it need at least ${spec.length + 1}`);
  }
  const problem = tooBig(starts.length, spec.length * Math.max(f, k), `${formatCount(rows)} rows`);
  if (problem) return fail(problem);
  const x = new Float64Array(starts.length * spec.length * f);
  const y = new Float64Array(starts.length * spec.length * k);
  starts.forEach((start, row) => {
    x.set(features.subarray(start * f, (start + spec.length) * f), row * spec.length * f);
    y.set(targets.subarray((start + 1) * k, (start + 1 + spec.length) * k), row * spec.length * k);
  });
  return { ok: true, x, y, rows: starts.length };
}

/** Feature names of windows: "t3 temp_max" or "t3 'e'" (a character's one-hot column). */
export function windowColumnNames(length: number, names: readonly string[]): string[] {
  const out: string[] = [];
  for (let t = 0; t < length; t++) for (const name of names) out.push(`t${t} ${name}`);
  return out;
}
