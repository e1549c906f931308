// Every op of the registry computes the same thing on the fast backend as on the reference one (issue 8,
// Build item 2): forward outputs, input gradients and parameter gradients in float32, for every fast-kernel
// flavour this runtime has (relaxed-SIMD with FMA, plain SIMD, the blocked TypeScript fallback), on each op's
// gradient-check case and on larger shapes that reach the blocked/SIMD paths and their edges. Float64 work
// is handed to the reference kernels, so there the fast backend must give the very same bits.
//
// Tolerance, per tensor:  max_i |fast_i − ref_i|  ≤  FLOAT32_TOLERANCE · max(max_i |ref_i|, 1e-30).
// Why this measure: both sides round every product and partial sum to float32 (ε = 2⁻²⁴ ≈ 6e-8), but in a
// different order (packed k-blocks, four-way SIMD lanes) and, with FMA, with one rounding per multiply-add
// instead of two. The error of a length-k dot product is then bounded by about k·ε·Σ|aᵢbᵢ|, typically
// √k·ε·Σ|aᵢbᵢ| — relative to the *scale* of the tensor, not to each element (an element that cancels to
// near 0 may differ wholly in relative terms, and that is no bug). The same measure as the gradient check
// (core/graph/gradient-check.ts). For k = 784 the typical bound is √784·6e-8 ≈ 1.7e-6 of the terms' size; a
// recurrent op chains 7 steps of such products through tanh/σ (which do not amplify), so 2e-5 leaves room
// for the largest shapes here while still catching a wrong index, a dropped edge column or a missing
// accumulate (those give errors of order 1). The observed maxima per op are in the test diagnostics
// (`# max error …` lines of the TAP output).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPS } from '../ops/registry.ts';
import { resolveAttributes } from '../ops/attributes.ts';
import type { AttributeValue } from '../document/types.ts';
import type { BackwardResult, ForwardResult, GradientCheckCase, OpDefinition } from '../ops/types.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { Tensor, allocate, type DType } from '../tensor/tensor.ts';
import { referenceBackend } from './reference.ts';
import { createFastBackend, type FastKernelChoice } from './fast.ts';
import { wasmSupport } from './wasm/index.ts';
import { fillInput } from '../graph/gradient-check.ts';
import type { Backend, KernelImplementation } from './types.ts';

const FLOAT32_TOLERANCE = 2e-5;
const SEED = 20190119;

// ─── the flavours of the fast backend this runtime can build ─────────────────────────────────────────

interface Flavour {
  choice: FastKernelChoice;
  kernels: KernelImplementation;
  /** Why this runtime cannot build it, or null when it can. */
  unavailable: string | null;
}

const support = wasmSupport();
const FLAVOURS: readonly Flavour[] = [
  { choice: 'relaxed-simd', kernels: 'wasm-relaxed-simd', unavailable: support.relaxedSimd ? null : 'this runtime does not validate relaxed SIMD (Node needs --experimental-wasm-relaxed-simd)' },
  { choice: 'simd', kernels: 'wasm-simd', unavailable: support.simd ? null : 'this runtime does not validate WebAssembly SIMD' },
  { choice: 'typescript-blocked', kernels: 'typescript-blocked', unavailable: null },
];

const backends = new Map<FastKernelChoice, Backend>();
function fastBackend(flavour: Flavour): Backend {
  let backend = backends.get(flavour.choice);
  if (!backend) {
    backend = createFastBackend(flavour.choice);
    backends.set(flavour.choice, backend);
  }
  return backend;
}

// ─── cases: every op's gradient-check case, then larger shapes ──────────────────────────────────────

interface AgreementCase {
  op: OpDefinition;
  label: string;
  check: GradientCheckCase;
  /** 'init': weights at the scale the op initialises them (Glorot, He); default N(0, 1) like the gradient check. */
  weights?: 'init';
}

const byType = (type: string): OpDefinition => {
  const op = OPS.find((o) => o.type === type);
  if (!op) throw new Error(`no op ${type} in the registry`);
  return op;
};

/** Shapes past one register tile / one SIMD vector / one k-block, with ragged edges in every dimension. */
const LARGE: readonly { type: string; check: GradientCheckCase; weights?: 'init' }[] = [
  { type: 'WeightMultiply', check: { inputShapes: [[60, 784]], attrs: { neurons: 89 } } },
  { type: 'WeightMultiply', check: { inputShapes: [[8, 7, 10]], attrs: { neurons: 13 } } },
  { type: 'MatMul', check: { inputShapes: [[37, 300], [300, 67]] } },
  // gemm.wat's paths: few rows of A read B in place (m ≤ 8, or ≤ 16 off 1 KiB strides), more than one block
  // of rows (MC = 64) and of columns (NC = 1024), a single row, and B rows exactly 1 KiB apart.
  { type: 'WeightMultiply', check: { inputShapes: [[4, 784]], attrs: { neurons: 89 } } },
  { type: 'WeightMultiply', check: { inputShapes: [[1, 784]], attrs: { neurons: 10 } } },
  { type: 'WeightMultiply', check: { inputShapes: [[130, 33]], attrs: { neurons: 1100 } } },
  { type: 'MatMul', check: { inputShapes: [[12, 256], [256, 256]] } },
  { type: 'MatMul', check: { inputShapes: [[16, 300], [300, 67]] } },
  { type: 'BiasAdd', check: { inputShapes: [[60, 89]] } },
  // Long enough for the wasm squared-error kernels (≥ 256 values), with an odd tail.
  { type: 'MeanSquaredError', check: { inputShapes: [[31, 37], [31, 37]] } },
  { type: 'Conv2D', check: { inputShapes: [[4, 3, 12, 12]], attrs: { filters: 8, kernelSize: 5 } } },
  { type: 'Conv2D', check: { inputShapes: [[2, 5, 7, 9]], attrs: { filters: 3, kernelSize: 3 } } },
  // im2col/col2im at their edges: a filter wider than the image (all padding at the borders), and 1×1.
  { type: 'Conv2D', check: { inputShapes: [[2, 3, 5, 4]], attrs: { filters: 4, kernelSize: 7 } } },
  { type: 'Conv2D', check: { inputShapes: [[3, 2, 6, 6]], attrs: { filters: 5, kernelSize: 1 } } },
  { type: 'MaxPool2D', check: { inputShapes: [[4, 8, 12, 12]] } },
  { type: 'Sigmoid', check: { inputShapes: [[61, 33]] } },
  { type: 'Tanh', check: { inputShapes: [[61, 33]] } },
  { type: 'Softmax', check: { inputShapes: [[60, 10]] } },
  { type: 'SoftmaxCrossEntropy', check: { inputShapes: [[60, 10], [60, 10]], inputKinds: ['normal', 'onehot'] } },
  { type: 'RNNCell', check: { inputShapes: [[8, 10], [8, 16]], attrs: { hiddenSize: 16 } } },
  { type: 'GRUCell', check: { inputShapes: [[8, 10], [8, 16]], attrs: { hiddenSize: 16 } } },
  { type: 'LSTMCell', check: { inputShapes: [[8, 10], [8, 32]], attrs: { hiddenSize: 16 } } },
  { type: 'RNN', check: { inputShapes: [[8, 7, 10]], attrs: { hiddenSize: 16 } } },
  { type: 'GRU', check: { inputShapes: [[8, 7, 10]], attrs: { hiddenSize: 16 } } },
  { type: 'LSTM', check: { inputShapes: [[8, 7, 10]], attrs: { hiddenSize: 16 } } },
  // The same sequences with weights as training starts them: N(0, 1) weights saturate tanh and σ, where
  // 1 − h² cancels and magnifies the last-bit differences of the products (the RNN's largest errors above).
  { type: 'RNN', check: { inputShapes: [[8, 7, 10]], attrs: { hiddenSize: 16 } }, weights: 'init' },
  { type: 'GRU', check: { inputShapes: [[8, 7, 10]], attrs: { hiddenSize: 16 } }, weights: 'init' },
  { type: 'LSTM', check: { inputShapes: [[8, 7, 10]], attrs: { hiddenSize: 16 } }, weights: 'init' },
];

const shapeLabel = (check: GradientCheckCase): string => check.inputShapes.map((s) => `(${s.join(', ')})`).join(' ') +
  (check.attrs ? ` ${JSON.stringify(check.attrs)}` : '');

const CASES: AgreementCase[] = [
  ...OPS.filter((op) => !('skip' in op.gradientCheck)).map((op) => {
    const check = op.gradientCheck as GradientCheckCase;
    return { op, label: `${op.type} ${shapeLabel(check)} (its gradient-check case)`, check };
  }),
  ...LARGE.map(({ type, check, weights }) => ({
    op: byType(type), label: `${type} ${shapeLabel(check)}${weights ? ' (weights at their init scale)' : ''}`, check, ...(weights ? { weights } : {}),
  })),
];

// ─── running one op on one backend ──────────────────────────────────────────────────────────────────


/** The standard deviation an init scheme draws with (zero-initialised biases get a small random 0.1 instead). */
function initScale({ scheme, fanIn, fanOut }: ReturnType<OpDefinition['params'][number]['init']>): number {
  if (scheme === 'glorot') return Math.sqrt(2 / (fanIn + fanOut));
  if (scheme === 'he') return Math.sqrt(2 / fanIn);
  return scheme === 'zeros' ? 0.1 : 1;
}

interface Problem {
  inputs: Tensor[];
  params: Tensor[];
  upstream: Tensor;
  maskSeed: number;
}

/** The case's inputs, parameters, upstream gradient and dropout seed, drawn once in float64. */
function drawProblem(c: AgreementCase): Problem {
  const random = new NumpyRandom(SEED);
  const { attrs } = resolveAttributes(c.op, c.check.attrs ?? {});
  const inputs = c.check.inputShapes.map((shape, i) => fillInput(shape, c.check.inputKinds?.[i] ?? 'normal', random));
  const params = c.op.params.map((spec) => {
    const shape = spec.shape(inputs.map((t) => t.shape), attrs);
    const values = fillInput(shape, 'normal', random);
    if (c.weights === 'init') values.data.forEach((v, i, data) => (data[i] = v * initScale(spec.init(shape, attrs, 'correct'))));
    return values;
  });
  const maskSeed = random.randomInterval(1_000_000);
  // The output's shape from a float64 reference pass; G is then drawn like the gradient check's.
  const probe = run(c, { inputs, params, upstream: Tensor.zeros([0]), maskSeed }, 'float64', referenceBackend, false);
  const upstream = fillInput(probe.forward.output.shape, 'normal', random);
  return { inputs, params, upstream, maskSeed };
}

interface Outcome {
  forward: ForwardResult;
  backward: BackwardResult;
}

function run(c: AgreementCase, problem: Problem, dtype: DType, backend: Backend, withBackward = true): Outcome {
  const { attrs } = resolveAttributes(c.op, c.check.attrs ?? {});
  // Fresh copies per run: a backend must not see (or leave) another run's arrays.
  const inputs = problem.inputs.map((t) => t.clone().cast(dtype));
  const params = problem.params.map((t) => t.clone().cast(dtype));
  const training = c.check.training ?? false;
  const context = { inputs, params, attrs, training, compat: 'correct' as const, dtype, backend };
  const forward = c.op.forward({ ...context, random: new NumpyRandom(problem.maskSeed) });
  if (!withBackward) return { forward, backward: { inputGrads: [], paramGrads: [] } };
  const backward = c.op.backward({
    ...context, random: new NumpyRandom(problem.maskSeed),
    output: forward.output, outputGrad: problem.upstream.clone().cast(dtype), saved: forward.saved,
    needsInputGrad: c.op.inputs.map((p) => !p.isTarget),
  });
  return { forward, backward };
}

/** Every tensor the op produced, named: the output, each input gradient it owes, each parameter gradient. */
function results(c: AgreementCase, outcome: Outcome): [string, Tensor][] {
  const named: [string, Tensor][] = [['output', outcome.forward.output]];
  c.op.inputs.forEach((port, i) => {
    if (port.isTarget) return;
    const grad = outcome.backward.inputGrads[i];
    assert.ok(grad, `${c.op.type}: no gradient for input ${port.name}`);
    named.push([`∂L/∂${port.name}`, grad]);
  });
  c.op.params.forEach((spec, i) => {
    const grad = outcome.backward.paramGrads[i];
    assert.ok(grad, `${c.op.type}: no gradient for parameter ${spec.name}`);
    named.push([`∂L/∂${spec.name}`, grad]);
  });
  return named;
}

/** max |a − b| / max(max |ref|, 1e-30), and whether a non-finite value appeared on either side. */
function scaledError(fast: Tensor, ref: Tensor): number {
  let diff = 0;
  let scale = 1e-30;
  for (let i = 0; i < ref.size; i++) {
    const a = fast.data[i]!;
    const b = ref.data[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isFinite(a) === Number.isFinite(b) && Object.is(a, b) ? 0 : Infinity;
    diff = Math.max(diff, Math.abs(a - b));
    scale = Math.max(scale, Math.abs(b));
  }
  return diff / scale;
}

function sameBits(a: Tensor, b: Tensor): boolean {
  const x = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const y = new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Each result's scaled error between `backend` and the reference, both in float32. */
function float32Errors(c: AgreementCase, backend: Backend): (readonly [string, number])[] {
  const problem = drawProblem(c);
  const reference = results(c, run(c, problem, 'float32', referenceBackend));
  const fast = results(c, run(c, problem, 'float32', backend));
  return reference.map(([name, ref], i) => {
    const [, got] = fast[i]!;
    assert.equal(got.dtype, 'float32', `${c.label} ${name}: the fast backend answered in ${got.dtype}`);
    assert.deepEqual(got.shape, ref.shape, `${c.label} ${name}: shapes differ`);
    return [name, scaledError(got, ref)] as const;
  });
}

// ─── the tests ───────────────────────────────────────────────────────────────────────────────────────

test('every op in the registry is compared, or has nothing to compute', () => {
  const compared = new Set(CASES.map((c) => c.op.type));
  for (const op of OPS) {
    if (compared.has(op.type)) continue;
    // Input and Target return the batch they are fed; Constant fills a value: no kernel is involved (their
    // outputs are still compared, below).
    assert.ok('skip' in op.gradientCheck && op.inputs.length === 0 && op.params.length === 0, `${op.type} is not compared between the backends`);
  }
});

test('sources without a gradient check (Input, Target, Constant) give the same float32 values on every backend', () => {
  const feed = Tensor.from(new NumpyRandom(SEED).randn(12), [3, 4]);
  const attrsFor: Record<string, Record<string, AttributeValue>> = { Input: { shape: [4] }, Target: { shape: [4] }, Constant: { shape: [2, 3], value: 0.3 } };
  const sources = OPS.filter((op) => 'skip' in op.gradientCheck);
  assert.deepEqual(sources.map((op) => op.type).sort(), Object.keys(attrsFor).sort());
  for (const op of sources) {
    const { attrs } = resolveAttributes(op, attrsFor[op.type]!);
    const outputOn = (backend: Backend): Tensor => op.forward({
      inputs: [], params: [], attrs, training: true, random: new NumpyRandom(1), compat: 'correct', dtype: 'float32', backend, feed: feed.clone(),
    }).output;
    const reference = outputOn(referenceBackend);
    for (const flavour of FLAVOURS.filter((f) => f.unavailable === null)) {
      assert.ok(sameBits(outputOn(fastBackend(flavour)), reference), `${op.type} on ${flavour.kernels}`);
    }
  }
});

test('the comparison catches a broken kernel: a gemm that drops its accumulate, a matmul off in its last column', () => {
  const good = createFastBackend('typescript-blocked');
  const noAccumulate: Backend = { ...good, gemm: (a, b, c, _accumulate) => good.gemm(a, b, c, false) };
  const lastColumnOff: Backend = {
    ...good,
    matmul: (a, b, options) => {
      const product = good.matmul(a, b, options);
      const cols = product.shape[1]!;
      // One column nudged by 1‰ of its value: far below what a glance at a loss curve would show.
      for (let i = cols - 1; i < product.size; i += cols) product.data[i] = product.data[i]! * 1.001;
      return product;
    },
  };
  const worst = (c: AgreementCase, backend: Backend) => Math.max(...float32Errors(c, backend).map(([, e]) => e));
  const lstm = CASES.find((c) => c.label.startsWith('LSTM (8, 7, 10)'))!;
  const dense = CASES.find((c) => c.label.startsWith('WeightMultiply (60, 784)'))!;
  assert.ok(worst(lstm, good) <= FLOAT32_TOLERANCE && worst(dense, good) <= FLOAT32_TOLERANCE);
  assert.ok(worst(lstm, noAccumulate) > FLOAT32_TOLERANCE, 'an LSTM whose gate products overwrite instead of accumulating');
  assert.ok(worst(dense, lastColumnOff) > FLOAT32_TOLERANCE, 'a WeightMultiply with one column 0.1% off');
});

for (const flavour of FLAVOURS) {
  test(`the fast backend built from '${flavour.choice}' runs ${flavour.kernels} kernels`, (t) => {
    if (flavour.unavailable) return t.skip(flavour.unavailable);
    const backend = fastBackend(flavour);
    assert.equal(backend.name, 'fast');
    assert.equal(backend.kernels, flavour.kernels);
    assert.equal(backend.fma, flavour.kernels === 'wasm-relaxed-simd');
  });

  test(`float32: every op agrees with the reference backend on ${flavour.kernels} (max error ≤ ${FLOAT32_TOLERANCE} of the tensor's scale)`, (t) => {
    if (flavour.unavailable) return t.skip(flavour.unavailable);
    const backend = fastBackend(flavour);
    const failures: string[] = [];
    for (const c of CASES) {
      const errors = float32Errors(c, backend);
      const worst = Math.max(...errors.map(([, e]) => e));
      t.diagnostic(`max error ${worst.toExponential(2)}  ${c.label}  [${errors.map(([n, e]) => `${n} ${e.toExponential(1)}`).join(', ')}]`);
      for (const [name, error] of errors) {
        if (!(error <= FLOAT32_TOLERANCE)) failures.push(`${c.label} ${name}: scaled error ${error.toExponential(2)}`);
      }
    }
    assert.deepEqual(failures, [], `ops disagree on ${flavour.kernels}`);
  });

  test(`float64: every op on ${flavour.kernels} gives the reference backend's bits (float64 work is handed over)`, (t) => {
    if (flavour.unavailable) return t.skip(flavour.unavailable);
    const backend = fastBackend(flavour);
    const failures: string[] = [];
    for (const c of CASES) {
      const problem = drawProblem(c);
      const reference = results(c, run(c, problem, 'float64', referenceBackend));
      const fast = results(c, run(c, problem, 'float64', backend));
      reference.forEach(([name, ref], i) => {
        const got = fast[i]![1];
        if (got.dtype !== 'float64' || !sameBits(got, ref)) failures.push(`${c.label} ${name}: ${got.dtype}, max |Δ| ${scaledError(got, ref).toExponential(2)} of scale`);
      });
    }
    assert.deepEqual(failures, []);
  });
}

test('im2col copies: the same bits as the reference on every flavour; col2im sums agree within the tolerance', () => {
  const random = new NumpyRandom(SEED);
  const cases: [number[], number][] = [[[4, 3, 12, 12], 5], [[2, 3, 5, 4], 7], [[3, 2, 6, 6], 1], [[1, 1, 28, 28], 5]];
  for (const [shape, k] of cases) {
    const x = Tensor.from(random.randn(shape.reduce((p, d) => p * d, 1)), shape);
    const cols = referenceBackend.im2col(x, k);
    const back = referenceBackend.col2im(cols, shape, k);
    for (const flavour of FLAVOURS.filter((f) => f.unavailable === null)) {
      const backend = fastBackend(flavour);
      const label = `${flavour.kernels} (${shape.join(', ')}) k = ${k}`;
      assert.ok(sameBits(backend.im2col(x, k), cols), `im2col ${label}`);
      const sums = backend.col2im(cols, shape, k);
      assert.deepEqual(sums.shape, shape);
      assert.ok(scaledError(sums, back) <= FLOAT32_TOLERANCE, `col2im ${label}: ${scaledError(sums, back)}`);
    }
  }
});

test('the optimizer update kernels agree: 10 steps of SGD, momentum, AdaGrad and Adam, float32 within the tolerance, float64 the same bits', (t) => {
  const size = 1037; // past any vector width, with a ragged tail
  const random = new NumpyRandom(SEED);
  const start = random.randn(size);
  const grads = Array.from({ length: 10 }, () => random.randn(size));
  type Kind = keyof Backend['updates'];
  const step = (updates: Backend['updates'], kind: Kind, p: Float32Array | Float64Array, g: Float32Array | Float64Array, state: (Float32Array | Float64Array)[], t: number): void => {
    if (kind === 'sgd') updates.sgd(p, g, 0.05);
    else if (kind === 'momentum') updates.momentum(p, g, state[0]!, 0.05, 0.9);
    else if (kind === 'adagrad') updates.adagrad(p, g, state[0]!, 0.05, 1e-7);
    else updates.adam(p, g, state[0]!, state[1]!, 0.01, 0.9, 0.999, 1e-8, t);
  };
  const runOn = (backend: Backend, kind: Kind, dtype: DType): Tensor[] => {
    const p = allocate(dtype, size);
    p.set(start);
    const state = [allocate(dtype, size), allocate(dtype, size)];
    grads.forEach((values, t) => {
      const g = allocate(dtype, size);
      g.set(values);
      step(backend.updates, kind, p, g, state, t + 1);
    });
    // p, then the state arrays this optimizer keeps (velocity; history; mean and square).
    const kept = { sgd: 0, momentum: 1, adagrad: 1, adam: 2 }[kind];
    return [p, ...state.slice(0, kept)].map((data) => new Tensor(data, [size]));
  };
  const failures: string[] = [];
  for (const kind of ['sgd', 'momentum', 'adagrad', 'adam'] as const) {
    const reference32 = runOn(referenceBackend, kind, 'float32');
    const reference64 = runOn(referenceBackend, kind, 'float64');
    for (const flavour of FLAVOURS.filter((f) => f.unavailable === null)) {
      const backend = fastBackend(flavour);
      runOn(backend, kind, 'float32').forEach((got, i) => {
        const error = scaledError(got, reference32[i]!);
        t.diagnostic(`max error ${error.toExponential(2)}  ${kind} ${i === 0 ? 'p' : `state ${i}`} on ${flavour.kernels}`);
        if (!(error <= FLOAT32_TOLERANCE)) failures.push(`${flavour.kernels} ${kind} ${i === 0 ? 'p' : `state ${i}`}: ${error.toExponential(2)}`);
      });
      runOn(backend, kind, 'float64').forEach((got, i) => {
        if (!sameBits(got, reference64[i]!)) failures.push(`${flavour.kernels} ${kind} ${i === 0 ? 'p' : `state ${i}`} (float64): not the reference's bits`);
      });
    }
  }
  assert.deepEqual(failures, []);
});

// Non-finite values must travel the same way on every backend, or a NaN would pause a run on one backend
// and not on the other (and the NaN check would name different nodes). IEEE 754 (and numpy, the book's
// library) make 0·NaN and 0·∞ NaN; the reference kernels skip A's zeros for speed, which once dropped those
// products ([[0, 1]]·[[NaN], [∞]] was ∞ there and NaN on the fast kernels; fixed in 389173d).
test('non-finite values: 0·NaN and 0·∞ give NaN on every backend, in matmul and gemm, float32 and float64', () => {
  const backendsHere: Backend[] = [referenceBackend, ...FLAVOURS.filter((f) => f.unavailable === null).map(fastBackend)];
  const failures: string[] = [];
  for (const dtype of ['float32', 'float64'] as const) {
    // A (2, 2) with zeros against B holding NaN and ∞ in the rows those zeros meet.
    const a = Tensor.from([0, 1, 2, 0], [2, 2], dtype);
    const b = Tensor.from([Number.NaN, 1, Number.POSITIVE_INFINITY, 3], [2, 2], dtype);
    // Row 0: 0·NaN + 1·∞ = NaN, 0·1 + 1·3 = 3;  row 1: 2·NaN + 0·∞ = NaN, 2·1 + 0·3 = 2.
    const expected = [Number.NaN, 3, Number.NaN, 2];
    for (const backend of backendsHere) {
      const viaMatmul = [...backend.matmul(a, b).data];
      const target = allocate(dtype, 4);
      backend.gemm(
        { data: a.data, offset: 0, rows: 2, cols: 2, rowStride: 2, colStride: 1 },
        { data: b.data, offset: 0, rows: 2, cols: 2, rowStride: 2, colStride: 1 },
        { data: target, offset: 0, rowStride: 2 }, false,
      );
      for (const [how, got] of [['matmul', viaMatmul], ['gemm', [...target]]] as const) {
        if (!got.every((v, i) => Object.is(v, expected[i]))) failures.push(`${backend.kernels} ${how} ${dtype}: [${got.join(', ')}]`);
      }
    }
  }
  assert.deepEqual(failures, [], 'IEEE 754: [NaN, 3, NaN, 2]');
});

// The squashing functions must reach their float32 asymptotes like the reference does: a unit that
// saturates is then exactly at ±1 (tanh) or 1 (σ), and σ of a very negative input is tiny, not a constant.
// (The first fast tanh clamped its input at ±7.9053, where float32 tanh is still 0.99999976, so it never
// reached ±1 and σ had a floor of 1.3e-7; this test caught it.)
test('σ and tanh reach their float32 asymptotes on every backend: tanh(±12) = ±1, σ(−20) ≈ 2.06e-9 (to 1e-3 relative), σ(−∞) = 0', () => {
  const x = Float32Array.from([-Infinity, -40, -20, -12, 12, 17, 40, Infinity]);
  const failures: string[] = [];
  for (const backend of [referenceBackend, ...FLAVOURS.filter((f) => f.unavailable === null).map(fastBackend)]) {
    const tanh = new Float32Array(x.length);
    const sigmoid = new Float32Array(x.length);
    backend.activate('tanh', x, tanh);
    backend.activate('sigmoid', x, sigmoid);
    x.forEach((v, i) => {
      if (tanh[i] !== Math.sign(v)) failures.push(`${backend.kernels} tanh(${v}) = ${tanh[i]}`);
      const exact = 1 / (1 + Math.exp(-v));
      // Relative 1e-3 where σ is tiny: the digits a log (a cross-entropy) reads.
      const close = exact < 1e-30 ? sigmoid[i]! < 1e-30 : Math.abs(sigmoid[i]! - Math.fround(exact)) <= 1e-3 * exact;
      if (!close) failures.push(`${backend.kernels} σ(${v}) = ${sigmoid[i]} (exact ${exact.toExponential(3)})`);
    });
  }
  assert.deepEqual(failures, []);
});
