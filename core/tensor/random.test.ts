// NumpyRandom against numpy itself: random.fixtures.json holds what numpy's legacy RandomState returned
// (written by scripts/make-rng-fixtures.py). Every double must match exactly, not approximately: the
// whole point of the port is that seeded runs reproduce the book's numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { NumpyRandom } from './random.ts';
import type { NumpyRandomState } from './random.ts';
import { fma, libmLog } from './libm-log.ts';

interface StateSummary {
  keyHead: number[];
  keyTail: number[];
  pos: number;
  hasGauss: boolean;
  gauss: number;
}

interface SeedCases {
  seed: number;
  stateAfterSeed: StateSummary;
  uint32: number[];
  rand7: number[];
  randn9: number[];
  stateAfterRandn9: StateSummary;
  randn3AfterRandn9: number[];
  'normal_2.5_0.3_5': number[];
  'uniform_-1_1_4': number[];
  permutation10: number[];
  permutation1000: number[];
  shuffleArange13: number[];
  'binomial_1_0.8_50': number[];
  'binomial_10_0.3_20': number[];
  'binomial_100_0.5_20': number[];
  'binomial_1000_0.9_10': number[];
  randint_0_10_20: number[];
  randint_0_2p40_5: number[];
  choice5x20: number[];
}

interface Fixtures {
  numpyVersion: string;
  choiceP: number[];
  seeds: SeedCases[];
  mixed: {
    seed: number;
    permutation354: number[];
    randn169: number[];
    normal_0_2over26_13: number[];
    'binomial_1_0.8_26': number[];
    rand3: number[];
    stateAfter: StateSummary;
  };
  edges: Record<string, number[]>;
}

const fixtures = JSON.parse(readFileSync(new URL('./random.fixtures.json', import.meta.url), 'utf8')) as Fixtures;

// deepStrictEqual compares numbers with Object.is, so this is bit-exact (it even tells 0 from -0).
function same(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.deepStrictEqual(Array.from(actual), expected, what);
}

function assertStateMatches(rng: NumpyRandom, expected: StateSummary, what: string): void {
  const state = rng.getState();
  assert.equal(state.key.length, 624, `${what}: key length`);
  same(state.key.slice(0, 8), expected.keyHead, `${what}: first key words`);
  same(state.key.slice(-4), expected.keyTail, `${what}: last key words`);
  assert.equal(state.pos, expected.pos, `${what}: pos`);
  assert.equal(state.hasGauss, expected.hasGauss, `${what}: hasGauss`);
  assert.ok(Object.is(state.gauss, expected.gauss), `${what}: cached gauss ${state.gauss} vs ${expected.gauss}`);
}

test('fixtures cover every seed the brief lists', () => {
  assert.deepStrictEqual(
    fixtures.seeds.map((c) => c.seed),
    [0, 1, 42, 20190119, 2 ** 32 - 1, 123456789],
  );
});

for (const c of fixtures.seeds) {
  const fresh = (): NumpyRandom => new NumpyRandom(c.seed);

  test(`seed ${c.seed}: state, raw words and uniforms`, () => {
    assertStateMatches(fresh(), c.stateAfterSeed, 'after seeding');
    const rng = fresh();
    same(Array.from({ length: 10 }, () => rng.nextUint32()), c.uint32, 'nextUint32');
    same(fresh().rand(7), c.rand7, 'rand(7)');
    const one = fresh();
    assert.ok(Object.is(one.random(), c.rand7[0]), 'random() is rand(1)[0]');
    same(fresh().uniform(-1, 1, 4), c['uniform_-1_1_4'], 'uniform(-1, 1, 4)');
  });

  test(`seed ${c.seed}: Gaussians, with the cached second value carried across calls`, () => {
    const rng = fresh();
    same(rng.randn(9), c.randn9, 'randn(9)');
    assertStateMatches(rng, c.stateAfterRandn9, 'after randn(9)');
    same(rng.randn(3), c.randn3AfterRandn9, 'randn(3) after randn(9)');
    same(fresh().normal(2.5, 0.3, 5), c['normal_2.5_0.3_5'], 'normal(2.5, 0.3, 5)');
  });

  test(`seed ${c.seed}: permutations and shuffle`, () => {
    same(fresh().permutation(10), c.permutation10, 'permutation(10)');
    same(fresh().permutation(1000), c.permutation1000, 'permutation(1000)');
    const arr = Array.from({ length: 13 }, (_, i) => i);
    fresh().shuffle(arr);
    same(arr, c.shuffleArange13, 'shuffle(arange(13))');
  });

  test(`seed ${c.seed}: binomial (inversion, BTPE and the p > 0.5 flip)`, () => {
    same(fresh().binomial(1, 0.8, 50), c['binomial_1_0.8_50'], 'binomial(1, 0.8, 50)');
    same(fresh().binomial(10, 0.3, 20), c['binomial_10_0.3_20'], 'binomial(10, 0.3, 20)');
    same(fresh().binomial(100, 0.5, 20), c['binomial_100_0.5_20'], 'binomial(100, 0.5, 20)');
    same(fresh().binomial(1000, 0.9, 10), c['binomial_1000_0.9_10'], 'binomial(1000, 0.9, 10)');
  });

  test(`seed ${c.seed}: randint and choice`, () => {
    same(fresh().randint(0, 10, 20), c.randint_0_10_20, 'randint(0, 10, 20)');
    same(fresh().randint(0, 2 ** 40, 5), c.randint_0_2p40_5, 'randint(0, 2**40, 5)');
    const rng = fresh();
    same(
      Array.from({ length: 20 }, () => rng.choice(5, fixtures.choiceP)),
      c.choice5x20,
      'choice(5, p) x 20',
    );
  });
}

test('mixed sequence in one stream, as the book trainer consumes it', () => {
  const m = fixtures.mixed;
  const rng = new NumpyRandom(m.seed);
  same(rng.permutation(354), m.permutation354, 'permutation(354)');
  same(rng.randn(13 * 13), m.randn169, 'randn(169)');
  same(rng.normal(0, 2 / (13 + 13), 13), m.normal_0_2over26_13, 'normal(0, 2/26, 13)');
  same(rng.binomial(1, 0.8, 26), m['binomial_1_0.8_26'], 'binomial(1, 0.8, 26)');
  same(rng.rand(3), m.rand3, 'rand(3)');
  assertStateMatches(rng, m.stateAfter, 'after the mixed sequence');
});

test('edge cases: draws that consume the stream without showing it', () => {
  const e = fixtures.edges;
  let rng = new NumpyRandom(7);
  same(rng.binomial(0, 0.5, 3), e['binomial_0_0.5_3'] as number[], 'binomial(0, 0.5, 3)');
  same(rng.binomial(5, 0, 3), e['binomial_5_0_3'] as number[], 'binomial(5, 0, 3)');
  same(rng.binomial(5, 1, 3), e['binomial_5_1_3'] as number[], 'binomial(5, 1, 3)');
  same(rng.rand(2), e['randAfterBinomialEdges'] as number[], 'rand(2) after the binomial edges');

  rng = new NumpyRandom(7);
  same(rng.randint(5, 6, 3), e['randint_5_6_3'] as number[], 'randint(5, 6, 3)');
  same(rng.randint(0, 2 ** 32, 3), e['randint_0_2p32_3'] as number[], 'randint(0, 2**32, 3)');
  same(rng.randint(-3, 4, 8), e['randint_-3_4_8'] as number[], 'randint(-3, 4, 8)');
  same(rng.rand(2), e['randAfterRandintEdges'] as number[], 'rand(2) after the randint edges');

  rng = new NumpyRandom(11);
  same(rng.binomial(5000, 0.3, 10), e['binomial_5000_0.3_10'] as number[], 'binomial(5000, 0.3, 10)');
  same(rng.binomial(60, 0.5, 10), e['binomial_60_0.5_10'] as number[], 'binomial(60, 0.5, 10)');
  same(rng.binomial(5000, 0.3, 5), e['binomial_5000_0.3_5_again'] as number[], 'binomial(5000, 0.3, 5) again');

  same(new NumpyRandom(3).randn(2000), e['randn2000_seed3'] as number[], 'randn(2000), seed 3');
});

test('seed() rejects what numpy rejects', () => {
  const rng = new NumpyRandom();
  for (const bad of [-1, 2 ** 32, 1.5, Number.NaN, Infinity]) {
    assert.throws(() => rng.seed(bad), RangeError, `seed(${bad})`);
  }
  assert.throws(() => new NumpyRandom(-1), RangeError);
  rng.seed(2 ** 32 - 1); // the largest allowed seed is fine
  assert.deepStrictEqual(new NumpyRandom().getState(), new NumpyRandom(0).getState(), 'default seed is 0');
});

test('seed() restarts the stream and drops a cached Gaussian', () => {
  const rng = new NumpyRandom(42);
  const first = rng.randn(3); // odd: leaves a Gaussian cached
  assert.equal(rng.getState().hasGauss, true);
  rng.seed(42);
  assert.equal(rng.getState().hasGauss, false);
  same(rng.randn(3), Array.from(first), 'same values after reseeding');
});

test('getState/setState round trip continues the same stream', () => {
  const rng = new NumpyRandom(20190119);
  rng.randn(5); // leave a cached Gaussian in the snapshot
  rng.permutation(700); // and cross a 624-word regeneration
  const snapshot = JSON.parse(JSON.stringify(rng.getState())) as NumpyRandomState;
  assert.equal(snapshot.hasGauss, true);
  const expected = [rng.randn(7), rng.rand(5), rng.binomial(1, 0.8, 9), rng.randint(0, 2 ** 40, 3)];

  const resumed = new NumpyRandom(1);
  resumed.setState(snapshot);
  const actual = [resumed.randn(7), resumed.rand(5), resumed.binomial(1, 0.8, 9), resumed.randint(0, 2 ** 40, 3)];
  actual.forEach((values, i) => same(values, Array.from(expected[i] as Float64Array), `part ${i} after setState`));
  assert.deepStrictEqual(resumed.getState(), rng.getState());

  // getState hands out a copy: changing it must not touch the generator.
  const copy = rng.getState();
  copy.key[0] = 12345;
  assert.notEqual(rng.getState().key[0], 12345);
});

test('setState rejects malformed snapshots', () => {
  const rng = new NumpyRandom(0);
  const good = rng.getState();
  assert.throws(() => rng.setState({ ...good, key: good.key.slice(1) }), RangeError);
  assert.throws(() => rng.setState({ ...good, key: [...good.key.slice(1), -1] }), RangeError);
  assert.throws(() => rng.setState({ ...good, pos: 625 }), RangeError);
  assert.deepStrictEqual(rng.getState(), good, 'a rejected snapshot leaves the state alone');
});

test('two instances are independent streams', () => {
  const a = new NumpyRandom(5);
  const b = new NumpyRandom(5);
  const reference = new NumpyRandom(5).rand(20);
  // Interleave draws from a with heavy use of b: a must not notice.
  const fromA: number[] = [];
  for (let i = 0; i < 20; i++) {
    fromA.push(a.random());
    b.randn(3);
    b.permutation(50);
  }
  same(fromA, Array.from(reference), 'a is unaffected by b');
  assert.notDeepEqual(a.getState(), b.getState());
});

test('argument validation', () => {
  const rng = new NumpyRandom(0);
  assert.throws(() => rng.rand(-1), RangeError);
  assert.throws(() => rng.rand(2.5), RangeError);
  assert.throws(() => rng.randint(3, 3, 1), RangeError);
  assert.throws(() => rng.randint(-1, 2 ** 53, 1), RangeError, 'a width of 2**53 + 1 is too wide');
  assert.equal(rng.randint(-(2 ** 52), 2 ** 52, 1).length, 1, 'a width of exactly 2**53 is allowed');
  assert.throws(() => rng.binomial(10, 1.5, 1), RangeError);
  assert.throws(() => rng.binomial(-1, 0.5, 1), RangeError);
  assert.throws(() => rng.normal(0, -1, 1), RangeError);
  assert.throws(() => rng.choice(3, [0.5, 0.5]), RangeError);
  assert.throws(() => rng.choice(2, [0.7, 0.7]), RangeError);
  assert.throws(() => rng.choice(2, [1.5, -0.5]), RangeError);
  assert.equal(rng.randomInterval(0), 0);
});

test('libmLog: exact where the answer is exact, and fma rounds once', () => {
  assert.equal(libmLog(1), 0);
  assert.equal(libmLog(0), -Infinity);
  assert.ok(Number.isNaN(libmLog(-1)));
  assert.equal(libmLog(Infinity), Infinity);
  assert.equal(libmLog(Math.E), 1);
  assert.ok(Math.abs(libmLog(5e-324) - Math.log(5e-324)) < 1e-12, 'subnormal input');
  // 1 + 2^-52 squared is 1 + 2^-51 + 2^-104: only a single rounding keeps the 2^-104 term.
  const a = 1 + 2 ** -52;
  assert.equal(fma(a, a, -(1 + 2 ** -51)), 2 ** -104);
  assert.equal(a * a - (1 + 2 ** -51), 0);
});
