// Generated text from a character model (the book's chapter 6 "sample every N iterations"): start from a
// window of T characters, ask the model for the scores of the next character at the last time step, draw
// one from their softmax (np.random.choice with p = softmax, as the book does), slide the window, repeat.
//
// The model sees fixed windows of T one-hot characters (its Input shape), so each new character costs one
// forward pass over a window; a few hundred characters take a fraction of a second at the sizes we train.

import { Tensor } from '../tensor/tensor.ts';
import type { NumpyRandom } from '../tensor/random.ts';

export interface SampleOptions {
  /** The model's output (1, T, V) for a batch of one window (1, T·V). */
  predict(windows: Tensor): Tensor;
  vocabulary: readonly string[];
  /** The first window: T vocabulary indices (e.g. a window of the training text). */
  start: ArrayLike<number>;
  /** How many characters to generate. */
  length: number;
  random: NumpyRandom;
  /** Divides the scores before the softmax: below 1 picks likelier characters, above 1 more surprising ones. */
  temperature?: number;
}

/** Vocabulary indices of the characters a one-hot window holds (row `row` of rows of T·V values). */
export function windowCharacters(oneHot: Tensor, row: number, vocabularySize: number): Int32Array {
  const width = oneHot.size / oneHot.shape[0]!;
  const steps = width / vocabularySize;
  const codes = new Int32Array(steps);
  for (let t = 0; t < steps; t++) {
    let best = 0;
    for (let k = 1; k < vocabularySize; k++) {
      if (oneHot.data[row * width + t * vocabularySize + k]! > oneHot.data[row * width + t * vocabularySize + best]!) best = k;
    }
    codes[t] = best;
  }
  return codes;
}

/** `length` characters generated after the start window. */
export function sampleText(options: SampleOptions): string {
  const v = options.vocabulary.length;
  const steps = options.start.length;
  const temperature = options.temperature ?? 1;
  const context = Array.from(options.start);
  const input = new Float32Array(steps * v);
  const probabilities = new Float64Array(v);
  let text = '';
  for (let n = 0; n < options.length; n++) {
    input.fill(0);
    context.forEach((code, t) => (input[t * v + code] = 1));
    const scores = options.predict(new Tensor(input, [1, steps * v])).data;
    const last = scores.length - v;
    let max = -Infinity;
    for (let k = 0; k < v; k++) max = Math.max(max, scores[last + k]! / temperature);
    let total = 0;
    for (let k = 0; k < v; k++) total += (probabilities[k] = Math.exp(scores[last + k]! / temperature - max));
    for (let k = 0; k < v; k++) probabilities[k] = probabilities[k]! / total;
    const next = options.random.choice(v, probabilities);
    text += options.vocabulary[next]!;
    context.shift();
    context.push(next);
  }
  return text;
}
