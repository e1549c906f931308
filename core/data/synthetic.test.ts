// Built-in 2-D sets and the chapter 1 sampler: shapes, class balance, geometry, determinism per seed, and
// messages for unusable options.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { circles, gaussians, sampleFunction, spiral, xor } from './synthetic.ts';
import type { SyntheticOptions, SyntheticSet } from './synthetic.ts';

const generators = { xor, circles, spiral, gaussians };

function ok(set: SyntheticSet): SyntheticSet {
  assert.equal(set.error, undefined, set.error?.message);
  return set;
}

const count = (labels: Int32Array, label: number) => labels.filter((l) => l === label).length;

test('every set has count rows of 2 coordinates, labels 0/1 and 2 classes', () => {
  for (const [name, make] of Object.entries(generators)) {
    const set = ok(make({ count: 301, noise: 0.1, seed: 5 }));
    assert.ok(set.x instanceof Float64Array, name);
    assert.ok(set.labels instanceof Int32Array, name);
    assert.equal(set.x.length, 602, name);
    assert.equal(set.labels.length, 301, name);
    assert.equal(set.classes, 2, name);
    assert.ok(set.labels.every((l) => l === 0 || l === 1), name);
    assert.ok(set.x.every(Number.isFinite), name);
  }
});

test('classes are balanced: exactly for circles, spiral and gaussians, about half for xor', () => {
  for (const make of [circles, spiral, gaussians]) {
    const set = ok(make({ count: 301, noise: 0.1, seed: 1 }));
    assert.equal(count(set.labels, 0), 151);
    assert.equal(count(set.labels, 1), 150);
  }
  const set = ok(xor({ count: 2000, noise: 0.1, seed: 1 }));
  const zeros = count(set.labels, 0);
  assert.ok(zeros > 900 && zeros < 1100, `xor: ${zeros} of 2000 in class 0`);
});

test('the same seed gives the same set; another seed another set', () => {
  for (const [name, make] of Object.entries(generators)) {
    const options: SyntheticOptions = { count: 50, noise: 0.2, seed: 11 };
    assert.deepEqual(make(options), make(options), name);
    assert.notDeepEqual([...make({ ...options, seed: 12 }).x], [...make(options).x], name);
  }
});

test('noise moves the same points: x(noise) − x(0) scales linearly with the noise', () => {
  for (const [name, make] of Object.entries(generators)) {
    const clean = ok(make({ count: 20, noise: 0, seed: 3 })).x;
    const a = ok(make({ count: 20, noise: 0.1, seed: 3 })).x;
    const b = ok(make({ count: 20, noise: 0.2, seed: 3 })).x;
    if (name === 'gaussians') continue; // its spread is √(0.4² + noise²): not linear in the noise, checked below
    for (let k = 0; k < clean.length; k++) {
      assert.ok(Math.abs((b[k]! - clean[k]!) - 2 * (a[k]! - clean[k]!)) < 1e-12, `${name} x[${k}]`);
    }
  }
});

test('geometry without noise: xor quadrants, circle radii, spiral radius, blob centres', () => {
  const x = ok(xor({ count: 200, noise: 0, seed: 2 }));
  for (let i = 0; i < 200; i++) {
    const [a, b] = [x.x[2 * i]!, x.x[2 * i + 1]!];
    assert.ok(Math.abs(a) <= 1 && Math.abs(b) <= 1);
    assert.equal(x.labels[i], a * b > 0 ? 0 : 1);
  }
  const c = ok(circles({ count: 100, noise: 0, seed: 2 }));
  for (let i = 0; i < 100; i++) {
    const r = Math.hypot(c.x[2 * i]!, c.x[2 * i + 1]!);
    assert.ok(Math.abs(r - (c.labels[i] === 0 ? 1 : 0.5)) < 1e-12);
  }
  const s = ok(spiral({ count: 100, noise: 0, seed: 2 }));
  for (let i = 0; i < 100; i++) {
    const r = Math.hypot(s.x[2 * i]!, s.x[2 * i + 1]!);
    assert.ok(Math.abs(r - Math.floor(i / 2) / 50) < 1e-12); // radius grows from 0 towards 1 along each arm
  }
  // The arms are point reflections of each other: the second is the first turned by half a turn.
  assert.ok(Math.abs(s.x[2 * 21]! + s.x[2 * 20]!) < 1e-12 && Math.abs(s.x[2 * 21 + 1]! + s.x[2 * 20 + 1]!) < 1e-12);
  const g = ok(gaussians({ count: 4000, noise: 0, seed: 2 }));
  const mean = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) {
    mean[2 * g.labels[i]!] += g.x[2 * i]! / 2000;
    mean[2 * g.labels[i]! + 1] += g.x[2 * i + 1]! / 2000;
  }
  [1, 1, -1, -1].forEach((centre, k) => assert.ok(Math.abs(mean[k]! - centre) < 0.05, `mean ${k}: ${mean[k]}`));
});

test('unusable options give an empty set and a reason, never a throw', () => {
  const cases: [unknown, string][] = [
    [{ count: 0, noise: 0.1, seed: 1 }, 'count must be an integer from 1 to 1,000,000, got 0'],
    [{ count: 1_000_001, noise: 0.1, seed: 1 }, 'count must be an integer from 1 to 1,000,000, got 1000001'],
    [{ count: 10, noise: -1, seed: 1 }, 'noise must be a number from 0 to 100, got -1'],
    [{ count: 10, noise: NaN, seed: 1 }, 'noise must be a number from 0 to 100, got NaN'],
    [{ count: 10, noise: 0, seed: -1 }, 'seed must be an integer between 0 and 4294967295, got -1'],
    [null, 'the options must be an object with count, noise and seed'],
  ];
  for (const make of Object.values(generators)) {
    for (const [options, message] of cases) {
      assert.deepEqual(make(options as SyntheticOptions), { x: new Float64Array(0), labels: new Int32Array(0), classes: 2, error: { message } });
    }
  }
});

test('sampleFunction: evenly spaced x like np.linspace, the chain applied in order to scale · x', () => {
  const plain = sampleFunction({ functions: [], from: -1, to: 1, count: 5 });
  assert.ok(plain.ok);
  assert.deepEqual([...plain.x], [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual([...plain.y], [-1, -0.5, 0, 0.5, 1]);

  const chain = sampleFunction({ functions: ['square', 'sigmoid'], from: -2, to: 2, count: 3, scale: 0.5 });
  assert.ok(chain.ok);
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  assert.deepEqual([...chain.y], [sigmoid(1), sigmoid(0), sigmoid(1)]); // square first, then sigmoid

  const leaky = sampleFunction({ functions: ['leaky_relu'], from: -1, to: 1, count: 2 });
  assert.ok(leaky.ok);
  assert.deepEqual([...leaky.y], [-0.2, 1]);

  const each = sampleFunction({ functions: ['tanh', 'sin', 'exp', 'identity'], from: 0, to: 1, count: 1 });
  assert.ok(each.ok);
  assert.deepEqual([...each.x], [0]);
  assert.deepEqual([...each.y], [Math.exp(Math.sin(Math.tanh(0)))]);

  const many = sampleFunction({ functions: ['identity'], from: 0, to: 1, count: 10 });
  assert.ok(many.ok);
  assert.equal(many.x[9], 1); // the end point is exact, as in np.linspace
  assert.equal(many.x[3], 3 * (1 / 9));
});

test('sampleFunction refuses unknown functions, bad ranges and counts, and overflow', () => {
  const cases: [unknown, string][] = [
    [{ functions: ['cube'], from: 0, to: 1, count: 5 }, 'unknown function "cube"; choose from square, sigmoid, leaky_relu, tanh, sin, exp, identity'],
    [{ functions: ['constructor'], from: 0, to: 1, count: 5 }, 'unknown function "constructor"; choose from square, sigmoid, leaky_relu, tanh, sin, exp, identity'],
    [{ functions: 'square', from: 0, to: 1, count: 5 }, 'functions must be a list of function names'],
    [{ functions: [], from: 0, to: 1, count: 0 }, 'count must be an integer from 1 to 1,000,000, got 0'],
    [{ functions: [], from: 0, to: 1, count: 2.5 }, 'count must be an integer from 1 to 1,000,000, got 2.5'],
    [{ functions: [], from: 1, to: 1, count: 5 }, '"from" (1) must be less than "to" (1)'],
    [{ functions: [], from: 0, to: Infinity, count: 5 }, 'the range must be finite numbers, got from 0 to Infinity'],
    [{ functions: [], from: 0, to: 1, count: 5, scale: NaN }, 'scale must be a finite number, got NaN'],
    [{ functions: ['exp', 'exp'], from: 0, to: 10, count: 11 }, 'exp(exp(x)) is not a finite number at x = 7 (it overflows); narrow the range or change the chain'],
    [{ functions: ['square'], from: 0, to: 1, count: 2, scale: 1e200 }, 'square(1e+200·x) is not a finite number at x = 1 (it overflows); narrow the range or change the chain'],
    [{ functions: Array(17).fill('identity'), from: 0, to: 1, count: 2 }, 'a chain may have at most 16 functions, got 17'],
  ];
  for (const [options, message] of cases) {
    assert.deepEqual(sampleFunction(options as Parameters<typeof sampleFunction>[0]), { ok: false, error: { message } });
  }
});
