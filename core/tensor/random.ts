// NumpyRandom: numpy's legacy global generator (np.random.seed / np.random.RandomState), bit for bit.
//
// Why reproduce numpy instead of using any good generator: the book's examples are seeded numpy runs.
// With the same seed, the same calls in the same order return the same numbers here, so a network
// built in Gradflow starts from the book's weights, drops the same units and sees the same
// mini-batches, and its printed losses can be compared digit by digit.
//
// The pieces, in stream order: MT19937 produces 32-bit words; random() glues two words into a 53-bit
// double; everything else is built on those two, exactly as numpy's C code builds it (see
// random-distributions.ts for the longer algorithms, libm-log.ts for the C library's log). A class
// rather than module state, so independent streams can exist side by side; the engine owns one per run.

import { libmLog } from './libm-log.ts';
import { BinomialSampler, choiceCdf, searchSortedRight } from './random-distributions.ts';

/** A plain-object snapshot of the generator, enough to checkpoint a run and resume the same stream. */
export interface NumpyRandomState {
  /** MT19937's 624 words of state. */
  key: number[];
  /** How many of those words have been used since they were last regenerated (0..624). */
  pos: number;
  /** Whether a second Gaussian from the last polar pair is waiting to be returned. */
  hasGauss: boolean;
  gauss: number;
}

const N = 624; // words of MT19937 state
const M = 397; // the "middle" word each new word is mixed with
const MATRIX_A = 0x9908b0df;
const TWO_POW_32 = 4294967296;

/** A numpy-compatible random stream: the same seed and calls give the same values as numpy's RandomState. */
export class NumpyRandom {
  private readonly key = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private cachedGauss = 0;
  private readonly binomialSampler = new BinomialSampler();

  /** A stream seeded like np.random.RandomState(seed); the default seed is 0. */
  constructor(seed = 0) {
    this.seed(seed);
  }

  /** np.random.seed(seed) for an integer seed in [0, 2^32 - 1]; also forgets any cached Gaussian. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    // Knuth's multiplier fills the state from one word (init_genrand / numpy's mt19937_seed).
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
    this.pos = N; // the first draw regenerates the whole block
    this.hasGauss = false;
    this.cachedGauss = 0;
  }

  /** The next raw 32-bit MT19937 output, as an unsigned integer. */
  nextUint32(): number {
    if (this.pos === N) this.regenerate();
    let y = this.key[this.pos++] as number;
    // Tempering: spreads the state's bits so every output bit is well distributed.
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  // The MT19937 recurrence: replaces all 624 words at once, as numpy's mt19937_gen does.
  private regenerate(): void {
    const key = this.key;
    for (let i = 0; i < N; i++) {
      const y = ((key[i] as number) & 0x80000000) | ((key[(i + 1) % N] as number) & 0x7fffffff);
      key[i] = (key[(i + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.pos = 0;
  }

  /** One double in [0, 1) from 27 + 26 bits of two words: numpy's random_sample(). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** np.random.rand(size): `size` uniform doubles in [0, 1), flat (callers reshape). */
  rand(size: number): Float64Array {
    checkSize(size);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.random();
    return out;
  }

  /** One standard normal value: numpy's legacy_gauss (polar Box–Muller, second value cached). */
  gauss(): number {
    if (this.hasGauss) {
      const cached = this.cachedGauss;
      this.hasGauss = false;
      this.cachedGauss = 0;
      return cached;
    }
    // Pick a point uniformly in the unit disc (rejecting the corners of the square and the origin);
    // its angle and radius give two independent normals.
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * libmLog(r2)) / r2);
    this.cachedGauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** np.random.randn(size): `size` standard normal values. */
  randn(size: number): Float64Array {
    checkSize(size);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.gauss();
    return out;
  }

  /** np.random.normal(loc, scale, size): loc + scale * gauss() for each value. */
  normal(loc: number, scale: number, size: number): Float64Array {
    checkSize(size);
    if (!(scale >= 0)) throw new RangeError(`normal: scale must be non-negative, got ${scale}`);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = loc + scale * this.gauss();
    return out;
  }

  /** np.random.uniform(low, high, size): low + (high - low) * random() for each value. */
  uniform(low: number, high: number, size: number): Float64Array {
    checkSize(size);
    const range = high - low;
    if (!Number.isFinite(range)) throw new RangeError('uniform: range exceeds valid bounds');
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = low + range * this.random();
    return out;
  }

  /** A uniform integer in [0, max] by numpy's random_interval: masked rejection on 32- or 64-bit draws. */
  randomInterval(max: number): number {
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(`randomInterval: max must be an integer in [0, 2**53 - 1], got ${max}`);
    }
    if (max === 0) return 0; // nothing to choose: numpy draws nothing either
    if (max <= 0xffffffff) {
      // Keep only as many low bits as max needs and retry until the value fits: unbiased, and what
      // numpy does, so the number of words consumed matches too.
      const mask = lowBitsMask(max);
      let value: number;
      do {
        value = (this.nextUint32() & mask) >>> 0;
      } while (value > max);
      return value;
    }
    // Wider ranges use 64-bit draws: the first word is the high half (numpy's mt19937_next64).
    const highMask = lowBitsMask(Math.floor(max / TWO_POW_32));
    let value: number;
    do {
      const high = (this.nextUint32() & highMask) >>> 0;
      value = high * TWO_POW_32 + this.nextUint32();
    } while (value > max);
    return value;
  }

  /** np.random.randint(low, high, size) with the default int64 dtype: integers in [low, high). */
  randint(low: number, high: number, size: number): Float64Array {
    checkSize(size);
    // Doubles hold every integer up to 2^53 exactly, so that is as far as bounds and results can go.
    if (!Number.isInteger(low) || !Number.isInteger(high) || Math.abs(low) > 2 ** 53 || Math.abs(high) > 2 ** 53) {
      throw new RangeError(`randint: bounds must be integers within ±2**53, got ${low}, ${high}`);
    }
    if (high <= low) throw new RangeError(`randint: high (${high}) must be greater than low (${low})`);
    // high - low itself may round once it passes 2^53, so test the width in a form that stays exact.
    const tooWide = low < 0 ? high > low + 2 ** 53 : high - low > 2 ** 53;
    if (tooWide) throw new RangeError('randint: high - low must not exceed 2**53');
    // Legacy randint uses the same masked rejection as random_interval (not Lemire's method).
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = low + this.randomInterval(high - low - 1);
    return out;
  }

  /** np.random.shuffle on a 1-D array, in place: Fisher–Yates from the last element down. */
  shuffle<T>(array: { length: number; [i: number]: T }): void {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const tmp = array[i] as T;
      array[i] = array[j] as T;
      array[j] = tmp;
    }
  }

  /** np.random.permutation(n): 0..n-1 in shuffled order. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new RangeError(`permutation: n must be a non-negative integer, got ${n}`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /** np.random.binomial(n, p, size): `size` counts of successes in n trials of probability p. */
  binomial(n: number, p: number, size: number): Float64Array {
    checkSize(size);
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`binomial: n must be a non-negative integer, got ${n}`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.binomialSampler.draw(this, n, p);
    return out;
  }

  /** np.random.choice(n, p=probabilities) for one draw: an index in [0, n) drawn with those weights. */
  choice(n: number, probabilities: ArrayLike<number>): number {
    const cdf = choiceCdf(n, probabilities);
    return searchSortedRight(cdf, this.random());
  }

  /** A copy of the full state (like numpy's get_state()), safe to serialise as JSON. */
  getState(): NumpyRandomState {
    return { key: Array.from(this.key), pos: this.pos, hasGauss: this.hasGauss, gauss: this.cachedGauss };
  }

  /** Restores a state from getState(); the stream continues exactly where that snapshot was taken. */
  setState(state: NumpyRandomState): void {
    const { key, pos, hasGauss, gauss } = state;
    const isWord = (w: unknown): boolean => Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 0xffffffff;
    if (!Array.isArray(key) || key.length !== N || !key.every(isWord)) {
      throw new RangeError(`setState: key must hold ${N} unsigned 32-bit integers`);
    }
    if (!Number.isInteger(pos) || pos < 0 || pos > N) throw new RangeError(`setState: pos must be in [0, ${N}]`);
    if (typeof hasGauss !== 'boolean' || typeof gauss !== 'number') {
      throw new RangeError('setState: hasGauss must be a boolean and gauss a number');
    }
    this.key.set(key);
    this.pos = pos;
    this.hasGauss = hasGauss;
    this.cachedGauss = gauss;
  }
}

// The smallest all-ones bit pattern covering x (numpy's gen_mask), for x < 2^32.
function lowBitsMask(x: number): number {
  let mask = x;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, got ${size}`);
}
