// The chapter 6 cells against the book's equations written out naively (concatenate, multiply, squash), the
// sequence ops against the cell ops stepped by hand, and the 3-D forms of WeightMultiply, BiasAdd and
// SoftmaxCrossEntropy a character model needs (numeric gradient checks; the 2-D forms are in gradients.test.ts).

import { referenceBackend } from '../backend/reference.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { resolveAttributes } from './attributes.ts';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from './recurrent.ts';
import { BiasAdd, WeightMultiply } from './linear.ts';
import { SoftmaxCrossEntropy } from './losses.ts';
import { checkOpGradient } from '../graph/gradient-check.ts';
import type { OpDefinition } from './types.ts';

const [N, F, H, T] = [2, 3, 4, 5];

function randomTensor(random: NumpyRandom, shape: number[]): Tensor {
  return new Tensor(Float64Array.from(random.randn(shape.reduce((a, b) => a * b, 1))), shape);
}

function paramsFor(op: OpDefinition, inputShapes: number[][], random: NumpyRandom): Tensor[] {
  const { attrs } = resolveAttributes(op, { hiddenSize: H });
  return op.params.map((p) => randomTensor(random, p.shape(inputShapes, attrs)));
}

function forward(op: OpDefinition, inputs: Tensor[], params: Tensor[]): Tensor {
  const { attrs } = resolveAttributes(op, { hiddenSize: H });
  return op.forward({ inputs, params, attrs, training: false, random: new NumpyRandom(0), compat: 'correct', dtype: 'float64', backend: referenceBackend }).output;
}

// ─── a naive reference: plain nested arrays, the book's formulas term by term ───────────────────────

type Matrix = number[][];
const rows = (t: Tensor): Matrix => t.toNested() as Matrix;
const dot = (a: Matrix, w: Matrix): Matrix => a.map((row) => w[0]!.map((_, j) => row.reduce((s, v, k) => s + v * w[k]![j]!, 0)));
const plus = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + (b[i] ?? b[0]!)[j]!));
const each = (a: Matrix, f: (v: number, i: number, j: number) => number): Matrix => a.map((row, i) => row.map((v, j) => f(v, i, j)));
const concat = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => [...row, ...b[i]!]);
const sigma = (v: number) => 1 / (1 + Math.exp(-v));
const affine = (z: Matrix, w: Tensor, b: Tensor) => plus(dot(z, rows(w)), rows(b));

function close(actual: Tensor, expected: Matrix, what: string): void {
  const flat = expected.flat();
  assert.equal(actual.size, flat.length, `${what}: size`);
  flat.forEach((v, i) => assert.ok(Math.abs(actual.data[i]! - v) < 1e-12, `${what}[${i}]: ${actual.data[i]} vs ${v}`));
}

test('RNNCell: h′ = tanh([x, h]·W_f + B_f)', () => {
  const random = new NumpyRandom(1);
  const x = randomTensor(random, [N, F]);
  const h = randomTensor(random, [N, H]);
  const [w, b] = paramsFor(RNNCell, [[N, F], [N, H]], random) as [Tensor, Tensor];
  close(forward(RNNCell, [x, h], [w, b]), each(affine(concat(rows(x), rows(h)), w, b), Math.tanh), 'h′');
});

test('LSTMCell: the book\'s gates, with the state carried as [h | c]', () => {
  const random = new NumpyRandom(2);
  const x = randomTensor(random, [N, F]);
  const state = randomTensor(random, [N, 2 * H]);
  const p = paramsFor(LSTMCell, [[N, F], [N, 2 * H]], random);
  const h = rows(state).map((r) => r.slice(0, H));
  const c = rows(state).map((r) => r.slice(H));
  const z = concat(rows(x), h);
  const f = each(affine(z, p[0]!, p[1]!), sigma);
  const i = each(affine(z, p[2]!, p[3]!), sigma);
  const o = each(affine(z, p[4]!, p[5]!), sigma);
  const cBar = each(affine(z, p[6]!, p[7]!), Math.tanh);
  const cNext = each(f, (fv, r, k) => fv * c[r]![k]! + i[r]![k]! * cBar[r]![k]!);
  const hNext = each(o, (ov, r, k) => ov * Math.tanh(cNext[r]![k]!));
  close(forward(LSTMCell, [x, state], p), concat(hNext, cNext), '[h′ | c′]');
});

test('GRUCell: reset and update gates each use their own weights (the book\'s code reuses W_r for u)', () => {
  const random = new NumpyRandom(3);
  const x = randomTensor(random, [N, F]);
  const h = randomTensor(random, [N, H]);
  const p = paramsFor(GRUCell, [[N, F], [N, H]], random);
  const z = concat(rows(x), rows(h));
  const r = each(affine(z, p[0]!, p[1]!), sigma);
  const u = each(affine(z, p[2]!, p[3]!), sigma);
  const rh = each(r, (rv, a, k) => rv * rows(h)[a]![k]!);
  const hBar = each(plus(plus(dot(rows(x), rows(p[4]!)), dot(rh, rows(p[5]!))), rows(p[6]!)), Math.tanh);
  const expected = each(u, (uv, a, k) => uv * rows(h)[a]![k]! + (1 - uv) * hBar[a]![k]!);
  close(forward(GRUCell, [x, h], p), expected, 'h′');
  // With the book's slip (u computed from W_r, B_r) the output differs: the test above would catch it.
  const slipped = each(r, (rv, a, k) => rv * rows(h)[a]![k]! + (1 - rv) * hBar[a]![k]!);
  assert.ok(Math.abs(slipped[0]![0]! - expected[0]![0]!) > 1e-6);
});

test('the sequence ops equal their cell stepped over time from a zero state, sharing one set of weights', () => {
  for (const [sequence, cell, states] of [[RNN, RNNCell, 1], [GRU, GRUCell, 1], [LSTM, LSTMCell, 2]] as const) {
    const random = new NumpyRandom(4);
    const x = randomTensor(random, [N, T, F]);
    const params = paramsFor(sequence, [[N, T, F]], random);
    const out = forward(sequence, [x], params);
    assert.deepEqual(out.shape, [N, T, H]);
    let state = Tensor.zeros([N, states * H], 'float64');
    for (let t = 0; t < T; t++) {
      const xt = new Tensor(Float64Array.from({ length: N * F }, (_, k) => x.data[(Math.floor(k / F) * T + t) * F + (k % F)]!), [N, F]);
      state = forward(cell, [xt, state], params);
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          assert.ok(Math.abs(out.data[(n * T + t) * H + j]! - state.data[n * states * H + j]!) < 1e-12, `${sequence.type} t=${t}`);
        }
      }
    }
  }
});

test('gradient checks of the time-distributed forms: WeightMultiply and BiasAdd on (N, T, in), SoftmaxCrossEntropy on (N, T, classes)', () => {
  const cases: [OpDefinition, Parameters<typeof checkOpGradient>[1]][] = [
    [WeightMultiply, { inputShapes: [[2, 3, 4]], attrs: { neurons: 5 } }],
    [BiasAdd, { inputShapes: [[2, 3, 4]] }],
    [SoftmaxCrossEntropy, { inputShapes: [[2, 3, 4], [2, 3, 4]], inputKinds: ['normal', 'onehot'] }],
  ];
  for (const [op, testCase] of cases) {
    const report = checkOpGradient(op, testCase);
    assert.ok(report.passed, `${op.type}: ${JSON.stringify(report.comparisons)}`);
  }
});

test('SoftmaxCrossEntropy over time sums the time steps and averages over the batch', () => {
  const random = new NumpyRandom(5);
  const logits = randomTensor(random, [2, 3, 4]);
  const labels = new Tensor(new Float64Array(24), [2, 3, 4]);
  for (let r = 0; r < 6; r++) labels.data[r * 4 + (r % 4)] = 1;
  let expected = 0;
  for (let r = 0; r < 6; r++) {
    const row = Array.from(logits.data.subarray(r * 4, r * 4 + 4));
    expected -= row[r % 4]! - Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
  }
  const { attrs } = resolveAttributes(SoftmaxCrossEntropy, {});
  const loss = SoftmaxCrossEntropy.forward({ inputs: [logits, labels], params: [], attrs, training: false, random: new NumpyRandom(0), compat: 'correct', dtype: 'float64', backend: referenceBackend });
  assert.ok(Math.abs(loss.output.item() - expected / 2) < 1e-12);
});

test('shape errors name the port and say what to change', () => {
  const { attrs } = resolveAttributes(LSTM, { hiddenSize: 8 });
  assert.deepEqual(LSTM.inferShape([[null, 25, 62]], attrs), [null, 25, 8]);
  assert.throws(() => LSTM.inferShape([[null, 62]], attrs), /sequences \(N, time steps, features\)/);
  const cell = resolveAttributes(LSTMCell, { hiddenSize: 8 }).attrs;
  assert.deepEqual(LSTMCell.inferShape([[null, 3], [null, 16]], cell), [null, 16]);
  assert.throws(() => LSTMCell.inferShape([[null, 3], [null, 8]], cell), /\[h \| c\] \(N, 2H\)/);
});
