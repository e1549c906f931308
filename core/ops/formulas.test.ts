// Step-through formulas: the numbers plugged in are the ones a learner computes by hand, tensors show their
// first element and say so, and every op in the registry gets a formula in both directions.

import { referenceBackend } from '../backend/reference.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { OPS, findOp } from './registry.ts';
import { resolveAttributes } from './attributes.ts';
import { backwardFormula, forwardFormula, formatNumber, type BackwardValues, type NodeValues } from './formulas.ts';
import type { OpDefinition } from './types.ts';

/** Run an op forward and backward (outputGrad given or ones) and collect what the formulas are given. */
function stepOf(op: OpDefinition, inputs: Tensor[], options: { attrs?: Record<string, unknown>; params?: Tensor[]; outputGrad?: (out: Tensor) => Tensor } = {}): { forward: NodeValues; backward: BackwardValues } {
  const { attrs } = resolveAttributes(op, (options.attrs ?? {}) as never);
  const params = options.params ?? [];
  const ctx = { inputs, params, attrs, training: false, random: new NumpyRandom(1), compat: 'correct' as const, dtype: 'float64' as const, backend: referenceBackend };
  const { output, saved } = op.forward(ctx);
  const outputGrad = options.outputGrad?.(output) ?? Tensor.full(output.shape, 1, 'float64');
  const grads = op.backward({ ...ctx, output, outputGrad, saved, needsInputGrad: op.inputs.map((p) => !p.isTarget) });
  const forward: NodeValues = {
    nodeId: 'n', op: op.type, attrs, compat: 'correct', training: false, output,
    inputs: inputs.map((value, i) => ({ port: op.inputs[i]!.name, value })),
    params: params.map((value, i) => ({ name: op.params[i]!.name, value })),
  };
  return { forward, backward: { ...forward, outputGrad, inputGrads: grads.inputGrads.map((g) => g ?? undefined), paramGrads: [...grads.paramGrads] } };
}

const scalar = (v: number) => Tensor.from([v], [1, 1], 'float64');
const op = (type: string) => findOp(type)!;

test('numbers: 4 significant digits, trailing zeros dropped, a real minus sign, exponents for the tiny and huge', () => {
  assert.equal(formatNumber(0.7310585786), '0.7311');
  assert.equal(formatNumber(0.19661193), '0.1966');
  assert.equal(formatNumber(2), '2');
  assert.equal(formatNumber(-0.5), '−0.5');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(1.5e-5), '1.5e-5');
  assert.equal(formatNumber(123456), '1.235e5');
  assert.equal(formatNumber(NaN), 'NaN');
  assert.equal(formatNumber(-Infinity), '−∞');
});

test('sigmoid at x = 1: σ(1) = 0.7311 forward, σ(1)(1 − σ(1)) = 0.1966 backward (by hand)', () => {
  const { forward, backward } = stepOf(op('Sigmoid'), [scalar(1)], { outputGrad: () => scalar(0.5) });
  assert.equal(forwardFormula(forward), 'σ(x) = 1/(1 + e^(−x)) = 1/(1 + e^(−1)) = 0.7311');
  const text = backwardFormula(backward);
  assert.match(text, /^∂σ\/∂x = σ\(x\)\(1 − σ\(x\)\) = 0\.7311 × \(1 − 0\.7311\) = 0\.1966; /);
  // The chain rule ends on the executor's gradient: 0.5 × 0.1966 = 0.09831.
  assert.match(text, /∂L\/∂x = ∂L\/∂σ × ∂σ\/∂x = 0\.5 × 0\.1966 = 0\.09831$/);
});

test('tanh, square, log and leaky ReLU at hand-picked points', () => {
  let step = stepOf(op('Tanh'), [scalar(0.5)]);
  assert.equal(forwardFormula(step.forward), 'tanh(x) = tanh(0.5) = 0.4621');
  assert.match(backwardFormula(step.backward), /^∂tanh\/∂x = 1 − tanh²\(x\) = 1 − 0\.4621² = 0\.7864;/);
  step = stepOf(op('Square'), [scalar(-3)]);
  assert.equal(forwardFormula(step.forward), 'x² = (−3)² = 9');
  assert.match(backwardFormula(step.backward), /^∂\(x²\)\/∂x = 2x = 2 × \(−3\) = −6;/);
  step = stepOf(op('Log'), [scalar(2)]);
  assert.equal(forwardFormula(step.forward), 'ln x = ln 2 = 0.6931');
  assert.match(backwardFormula(step.backward), /= 1\/x = 1\/2 = 0\.5;/);
  step = stepOf(op('LeakyReLU'), [scalar(-1)], { attrs: { slope: 0.2 } });
  assert.equal(forwardFormula(step.forward), 'max(αx, x) = max(0.2 × (−1), −1) = −0.2');
  assert.match(backwardFormula(step.backward), /α = 0\.2\) = 0\.2; ∂L\/∂x = .* = 0\.2$/);
});

test('multiply names both local derivatives; a data input says it gets no gradient', () => {
  const { forward, backward } = stepOf(op('Multiply'), [scalar(2), scalar(-0.5)]);
  assert.equal(forwardFormula(forward), 'A × B = 2 × (−0.5) = −1');
  assert.equal(
    backwardFormula(backward),
    '∂out/∂A = B = −0.5; ∂L/∂A = ∂L/∂out × ∂out/∂A = 1 × (−0.5) = −0.5. ∂out/∂B = A = 2; ∂L/∂B = ∂L/∂out × ∂out/∂B = 1 × 2 = 2',
  );
  const asData = { ...backward, inputGrads: [undefined, backward.inputGrads[1]] };
  assert.match(backwardFormula(asData), /no gradient flows into A \(it is data\)/);
});

test('a tensor shows its first element and says which: element [0, 0] of (2, 3)', () => {
  const x = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3], 'float64');
  const w = Tensor.from([0.5, -1, 2, 0, 1, 1], [3, 2], 'float64');
  const { forward, backward } = stepOf(op('WeightMultiply'), [x], { attrs: { neurons: 2 }, params: [w] });
  // out[0, 0] = 1·0.5 + 2·2 + 3·1 = 7.5
  assert.equal(forwardFormula(forward), 'out[0, 0] = Σₖ X[0, k]·W[k, 0] = 1 × 0.5 + 2 × 2 + 3 × 1 = 7.5 (element [0, 0] of (2, 2))');
  // dX[0, 0] = G[0, :]·W[0, :] = 1·0.5 + 1·(−1) = −0.5;  dW[0, 0] = X[:, 0]·G[:, 0] = 1 + 4 = 5
  assert.equal(backwardFormula(backward), '∂L/∂X[0, 0] = Σⱼ G[0, j]·W[0, j] = 1 × 0.5 + 1 × (−1) = −0.5; ∂L/∂W[0, 0] = Σₙ X[n, 0]·G[n, 0] = 1 × 1 + 4 × 1 = 5');
});

test('losses: MSE and softmax cross-entropy with the batch mean written out', () => {
  const p = Tensor.from([0.5, 0.2], [2, 1], 'float64');
  const y = Tensor.from([0.2, 0.2], [2, 1], 'float64');
  let step = stepOf(op('MeanSquaredError'), [p, y]);
  assert.equal(forwardFormula(step.forward), 'L = Σ(P − Y)² / N = ((0.5 − 0.2)² + (0.2 − 0.2)²) / 2 = 0.045');
  assert.equal(backwardFormula(step.backward), '∂L/∂P = 2(P − Y)/N = 2 × (0.5 − 0.2) / 2 = 0.3 (element [0, 0] of (2, 1))');
  // Scores (0, ln 3) → p = (0.25, 0.75); label class 1: −ln 0.75 = 0.2877.
  const scores = Tensor.from([0, Math.log(3)], [1, 2], 'float64');
  const label = Tensor.from([0, 1], [1, 2], 'float64');
  step = stepOf(op('SoftmaxCrossEntropy'), [scores, label]);
  assert.match(forwardFormula(step.forward), /Row 0 is class 1: p = 0\.75, −ln p = 0\.2877; the mean over N = 1 rows: L = 0\.2877$/);
  assert.equal(backwardFormula(step.backward), '∂L/∂x = (p − y)/N = (0.25 − 0) / 1 = 0.25 (element [0, 0] of (1, 2))');
});

test('every op in the registry has a forward and a backward formula, with no undefined in it', () => {
  const random = new NumpyRandom(7);
  for (const definition of OPS) {
    const check = definition.gradientCheck;
    if ('skip' in check && definition.inputs.length > 0) continue;
    const shapes = 'skip' in check ? [] : check.inputShapes;
    const kinds = 'skip' in check ? [] : check.inputKinds ?? [];
    const attrs = 'skip' in check ? {} : check.attrs ?? {};
    const inputs = shapes.map((shape, i) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = kinds[i] === 'onehot' || kinds[i] === 'binary' ? Array.from({ length: size }, (_, j) => (j % shape.at(-1)! === 0 ? 1 : 0))
        : kinds[i] === 'probability' || kinds[i] === 'positive' ? random.uniform(0.1, 0.9, size) : random.randn(size);
      return Tensor.from(values, shape, 'float64');
    });
    const { attrs: resolved } = resolveAttributes(definition, attrs);
    const params = definition.params.map((spec) => {
      const shape = spec.shape(inputs.map((t) => t.shape), resolved);
      return Tensor.from(random.randn(shape.reduce((a, b) => a * b, 1)), shape, 'float64');
    });
    // Sources are fed, not computed: give Input and Target a batch as their "output".
    if (definition.role === 'input' || definition.role === 'target') {
      const fed = Tensor.from([0.25, 0.5], [2, 1], 'float64');
      const values: NodeValues = { nodeId: 'x', op: definition.type, attrs: resolved, compat: 'correct', training: false, inputs: [], params: [], output: fed };
      assert.match(forwardFormula(values), /^x = 0\.25 \(element \[0, 0\] of \(2, 1\)\)/);
      assert.match(backwardFormula({ ...values, outputGrad: fed, inputGrads: [], paramGrads: [] }), /no gradient/);
      continue;
    }
    const { forward, backward } = stepOf(definition, inputs, { attrs, params });
    for (const [direction, text] of [['forward', forwardFormula(forward)], ['backward', backwardFormula(backward)]] as const) {
      assert.ok(text.length >= 5, `${definition.type} ${direction}: "${text}"`);
      assert.doesNotMatch(text, /undefined|\?/, `${definition.type} ${direction}: "${text}"`);
    }
  }
});

test('an op without its own entry falls back to the registry formula and the first element', () => {
  const conv = op('Conv2D');
  const x = Tensor.from(Array.from({ length: 2 * 9 }, (_, i) => i / 10), [1, 2, 3, 3], 'float64');
  const k = Tensor.from(Array.from({ length: 2 * 1 * 9 }, (_, i) => (i % 3) - 1), [2, 1, 3, 3], 'float64');
  const { forward, backward } = stepOf(conv, [x], { attrs: { filters: 1, kernelSize: 3 }, params: [k] });
  assert.match(forwardFormula(forward), new RegExp(`^${conv.formula.split(';')[0]!.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; out = `));
  assert.match(backwardFormula(backward), /∂L\/∂X = .*\(element \[0, 0, 0, 0\] of \(1, 2, 3, 3\)\); ∂L\/∂K = /);
});
