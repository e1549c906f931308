// Built-in toy datasets: 2-D classification sets (TensorFlow Playground style) and chapter 1's sampler
// of a chain of scalar functions.
//
// Every set is a pure function of its options: the same seed gives the same points on every machine
// (numpy-compatible RNG). Noise is Gaussian, added to the coordinates, standard deviation `noise`; its
// draws are made even when noise is 0, so changing the noise moves the same points rather than
// choosing new ones. Labels alternate 0, 1, 0, 1, … where the geometry allows, so classes are balanced
// and mixed without a shuffle.

import { NumpyRandom } from '../tensor/random.ts';
import { fail, formatCount, guarded } from './types.ts';
import type { DataError, Result } from './types.ts';

/** Options shared by the 2-D sets. */
export interface SyntheticOptions {
  count: number;
  noise: number;
  seed: number;
}

/** count points as rows (x0, x1), a class label per point, and the number of classes. */
export interface SyntheticSet {
  x: Float64Array;
  labels: Int32Array;
  classes: number;
  /** Set (and x, labels empty) when the options are unusable. */
  error?: DataError;
}

/** The most points a synthetic set or the sampler produces. */
export const MAX_SAMPLES = 1_000_000;
const MAX_NOISE = 100;
const MAX_CHAIN = 16;

function optionsProblem(options: SyntheticOptions): string | null {
  if (!options || typeof options !== 'object') return 'the options must be an object with count, noise and seed';
  const { count, noise, seed } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SAMPLES) return `count must be an integer from 1 to ${formatCount(MAX_SAMPLES)}, got ${String(count)}`;
  if (typeof noise !== 'number' || !(noise >= 0 && noise <= MAX_NOISE)) return `noise must be a number from 0 to ${MAX_NOISE}, got ${String(noise)}`;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) return `seed must be an integer between 0 and 4294967295, got ${String(seed)}`;
  return null;
}

/** Validates the options, then builds the set; bad options give an empty set with `error`, never a throw. */
function generate(options: SyntheticOptions, build: (rng: NumpyRandom, count: number, noise: number) => SyntheticSet): SyntheticSet {
  const problem = optionsProblem(options);
  const result = guarded<{ set: SyntheticSet }>('generating the dataset', () =>
    problem ? fail(problem) : { ok: true, set: build(new NumpyRandom(options.seed), options.count, options.noise) });
  return result.ok ? result.set : { x: new Float64Array(0), labels: new Int32Array(0), classes: 2, error: result.error };
}

/** Adds noise · N(0, 1) to every coordinate, from one block of draws. */
function addNoise(rng: NumpyRandom, x: Float64Array, noise: number): void {
  const z = rng.randn(x.length);
  for (let k = 0; k < x.length; k++) x[k] = x[k]! + noise * z[k]!;
}

/** Uniform points in [−1, 1]²; class 0 where x and y have the same sign, class 1 elsewhere. */
export function xor(options: SyntheticOptions): SyntheticSet {
  return generate(options, (rng, count, noise) => {
    const x = rng.uniform(-1, 1, 2 * count);
    const labels = new Int32Array(count);
    // Labelled before the noise, so noise blurs the boundary instead of moving it.
    for (let i = 0; i < count; i++) labels[i] = Math.sign(x[2 * i]!) * Math.sign(x[2 * i + 1]!) > 0 ? 0 : 1;
    addNoise(rng, x, noise);
    return { x, labels, classes: 2 };
  });
}

/** Two concentric circles: class 0 on radius 1, class 1 on radius 0.5 (sklearn's make_circles labels). */
export function circles(options: SyntheticOptions): SyntheticSet {
  return generate(options, (rng, count, noise) => {
    const angles = rng.uniform(0, 2 * Math.PI, count);
    const x = new Float64Array(2 * count);
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const label = i % 2;
      const radius = label === 0 ? 1 : 0.5;
      x[2 * i] = radius * Math.cos(angles[i]!);
      x[2 * i + 1] = radius * Math.sin(angles[i]!);
      labels[i] = label;
    }
    addNoise(rng, x, noise);
    return { x, labels, classes: 2 };
  });
}

/** Two interleaved spiral arms (TensorFlow Playground's, scaled to radius 1), one per class. */
export function spiral(options: SyntheticOptions): SyntheticSet {
  return generate(options, (rng, count, noise) => {
    const x = new Float64Array(2 * count);
    const labels = new Int32Array(count);
    const perClass = [Math.ceil(count / 2), Math.floor(count / 2)];
    for (let i = 0; i < count; i++) {
      const label = i % 2;
      const t = Math.floor(i / 2) / perClass[label]!; // 0 → 1 along the arm
      // 1.75 turns from the centre outwards; the second arm is the first rotated by half a turn.
      const angle = 1.75 * 2 * Math.PI * t + label * Math.PI;
      x[2 * i] = t * Math.sin(angle);
      x[2 * i + 1] = t * Math.cos(angle);
      labels[i] = label;
    }
    addNoise(rng, x, noise);
    return { x, labels, classes: 2 };
  });
}

/** Two Gaussian blobs: class 0 around (1, 1), class 1 around (−1, −1), each of spread 0.4 before noise. */
export function gaussians(options: SyntheticOptions): SyntheticSet {
  return generate(options, (rng, count, noise) => {
    // A blob of std 0.4 plus independent noise of std `noise` is one Gaussian of std √(0.4² + noise²).
    const spread = Math.sqrt(0.16 + noise * noise);
    const z = rng.randn(2 * count);
    const x = new Float64Array(2 * count);
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const label = i % 2;
      const centre = label === 0 ? 1 : -1;
      x[2 * i] = centre + spread * z[2 * i]!;
      x[2 * i + 1] = centre + spread * z[2 * i + 1]!;
      labels[i] = label;
    }
    return { x, labels, classes: 2 };
  });
}

/** The scalar functions of chapter 1, by name; the sampler evaluates nothing but these. */
export const SCALAR_FUNCTIONS = {
  square: (v: number) => v * v,
  sigmoid: (v: number) => 1 / (1 + Math.exp(-v)),
  leaky_relu: (v: number) => Math.max(0.2 * v, v), // the book's slope of 0.2
  tanh: Math.tanh,
  sin: Math.sin,
  exp: Math.exp,
  identity: (v: number) => v,
} as const satisfies Record<string, (v: number) => number>;

export type ScalarFunctionName = keyof typeof SCALAR_FUNCTIONS;

/** Options of the chapter 1 sampler: a chain f_1 … f_k applied in order to scale · x. */
export interface SampleFunctionOptions {
  functions: ScalarFunctionName[];
  from: number;
  to: number;
  count: number;
  scale?: number;
}

/** count evenly spaced x over [from, to] (like np.linspace) and y = f_k(…f_1(scale · x)). */
export function sampleFunction(options: SampleFunctionOptions): Result<{ x: Float64Array; y: Float64Array }> {
  return guarded('sampling the function', () => {
    if (!options || typeof options !== 'object') return fail('the options must be an object');
    const { functions, from, to, count } = options;
    const scale = options.scale ?? 1;
    if (!Array.isArray(functions)) return fail('functions must be a list of function names');
    if (functions.length > MAX_CHAIN) return fail(`a chain may have at most ${MAX_CHAIN} functions, got ${functions.length}`);
    const chain: ((v: number) => number)[] = [];
    for (const name of functions) {
      if (typeof name !== 'string' || !Object.hasOwn(SCALAR_FUNCTIONS, name)) {
        return fail(`unknown function ${JSON.stringify(String(name))}; choose from ${Object.keys(SCALAR_FUNCTIONS).join(', ')}`);
      }
      chain.push(SCALAR_FUNCTIONS[name]);
    }
    if (!Number.isInteger(count) || count < 1 || count > MAX_SAMPLES) return fail(`count must be an integer from 1 to ${formatCount(MAX_SAMPLES)}, got ${String(count)}`);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return fail(`the range must be finite numbers, got from ${String(from)} to ${String(to)}`);
    if (!(from < to)) return fail(`"from" (${from}) must be less than "to" (${to})`);
    if (!Number.isFinite(scale)) return fail(`scale must be a finite number, got ${String(scale)}`);

    // np.linspace: start + i · step, with the last point set to stop exactly.
    const x = new Float64Array(count);
    const step = count > 1 ? (to - from) / (count - 1) : 0;
    for (let i = 0; i < count; i++) x[i] = from + i * step;
    if (count > 1) x[count - 1] = to;

    const y = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      let v = scale * x[i]!;
      for (const f of chain) v = f(v);
      if (!Number.isFinite(v)) {
        const formula = functions.reduce((inner, name) => `${name}(${inner})`, scale === 1 ? 'x' : `${scale}·x`);
        return fail(`${formula} is not a finite number at x = ${x[i]} (it overflows); narrow the range or change the chain`);
      }
      y[i] = v;
    }
    return { ok: true, x, y };
  });
}
