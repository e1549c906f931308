// The NumPy export parity proof: the exported script, run by the machine's python3 + numpy, gives the same
// predictions, the same loss on a first batch, the same loss after one optimizer step on it and the same
// predictions after two steps as Gradflow's float64 reference engine — to 1e-5 relative (measured: about
// 1e-15, float64 rounding). Examples of the gallery run on their real first batch; two small synthetic graphs
// cover the ops the gallery does not use (convolution, pooling, Exp, Log, Sum, …), dropout masks included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument } from '../document/load.ts';
import type { GradflowDocument } from '../document/types.ts';
import { parametersToDocument } from '../document/parameters.ts';
import { prepareRun } from '../runtime/prepare-run.ts';
import { evaluationExecutor } from '../runtime/predict.ts';
import { softmaxRows } from '../ops/activations.ts';
import { featureFeeds } from '../train/features.ts';
import { Trainer } from '../train/trainer.ts';
import type { Executor } from '../graph/executor.ts';
import type { ParameterStore } from '../graph/types.ts';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { CliHost } from '../../cli/host.ts';
import { documentOf, edges, nodes } from '../../test/support/documents.ts';
import { findPython } from '../../test/support/python.ts';
import { exportModel, type ExportModel } from './model.ts';
import { exportNumpy } from './numpy.ts';
import { npzBytes } from './npz.ts';
import { dataFile } from './data.ts';
import { missingEmitter } from './emit.ts';
import { NUMPY_EMITTERS } from './numpy-ops.ts';
import { opTypes } from '../ops/registry.ts';

const TOLERANCE = 1e-5;
const EXAMPLES = join(import.meta.dirname, '..', '..', 'assets', 'examples');
const found = findPython();
const skip = 'skip' in found ? `skipped: ${found.skip}` : false;

interface Outcome {
  losses: number[];
  predictions: number[][];
  predictions_after: number[][];
}

function predictionsOf(model: ExportModel, executor: Executor, x: Tensor): number[][] {
  const rows = x.shape[0]!;
  const raw = executor.forward(featureFeeds(model.inputs, x.cast('float64')), false, model.predictionNodes).get(model.prediction.id)!;
  // Probabilities over the last axis (each time step of a sequence), then one row per example.
  const out = model.loss.op.type === 'SoftmaxCrossEntropy' ? softmaxRows(raw) : raw;
  const width = out.size / rows;
  return Array.from({ length: rows }, (_, r) => Array.from(out.data.subarray(r * width, (r + 1) * width)));
}

/** Gradflow's answer: the reference engine in float64 on the exported weights. */
function reference(model: ExportModel, xb: Tensor, yb: Tensor, xp: Tensor): Outcome {
  const predictions = predictionsOf(model, evaluationExecutor(model.graph, model.config, model.params), xp);
  const trainer = new Trainer({ graph: model.graph, config: model.config, train: { x: xb, y: yb }, parameters: model.params, dtype: 'float64' });
  const x64 = xb.cast('float64');
  const y64 = yb.cast('float64');
  const losses = [trainer.trainBatch(x64, y64), trainer.trainBatch(x64, y64)];
  const after = predictionsOf(model, evaluationExecutor(model.graph, model.config, trainer.params as ParameterStore), xp);
  return { losses, predictions, predictions_after: after };
}

/** The exported script's answer, from `python3 script --check`. */
function script(doc: GradflowDocument, stem: string, xb: Tensor, yb: Tensor, xp: Tensor): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-export-'));
  try {
    for (const file of exportNumpy(doc, stem)) writeFileSync(join(dir, file.name), file.contents);
    const array = (t: Tensor) => ({ data: t.data, shape: t.shape, dtype: 'float64' as const });
    writeFileSync(join(dir, 'check.npz'), npzBytes(new Map([['x_batch', array(xb)], ['y_batch', array(yb)], ['x_predict', array(xp)]])));
    const python = (found as { python: string }).python;
    const run = spawnSync(python, [join(dir, `${stem}.py`), '--check', join(dir, 'check.npz')], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, `the script failed:\n${run.stderr}`);
    return JSON.parse(run.stdout) as Outcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The largest |a − b| / max(|b|, 1e-8) over two nested lists of numbers. */
function maxRelativeError(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) / Math.max(Math.abs(b), 1e-8);
  assert.ok(Array.isArray(a) && Array.isArray(b) && a.length === b.length, 'outputs differ in shape');
  return (a as unknown[]).reduce<number>((m, v, i) => Math.max(m, maxRelativeError(v, (b as unknown[])[i])), 0);
}

function assertParity(doc: GradflowDocument, stem: string, xb: Tensor, yb: Tensor, xp: Tensor, t: { diagnostic(s: string): void }): void {
  const model = exportModel(doc);
  const expected = reference(model, xb, yb, xp);
  const actual = script(doc, stem, xb, yb, xp);
  const errors = {
    loss: maxRelativeError(actual.losses[0], expected.losses[0]),
    lossAfterStep: maxRelativeError(actual.losses[1], expected.losses[1]),
    predictions: maxRelativeError(actual.predictions, expected.predictions),
    predictionsAfter: maxRelativeError(actual.predictions_after, expected.predictions_after),
  };
  t.diagnostic(`${stem}: first-batch loss ${expected.losses[0]} (numpy ${actual.losses[0]}); max relative errors ${JSON.stringify(errors)}`);
  // The step must change something, or "after" proves nothing about backward and the optimizer.
  assert.notEqual(expected.losses[1], expected.losses[0], 'the training step changed nothing');
  for (const [what, error] of Object.entries(errors)) assert.ok(error <= TOLERANCE, `${what}: relative error ${error} > ${TOLERANCE}`);
}

function example(name: string): GradflowDocument {
  const loaded = loadDocument(readFileSync(join(EXAMPLES, `${name}.gradflow`), 'utf8'));
  assert.ok(loaded.ok);
  return loaded.doc;
}

/** A gallery example on its real first batch (the first batchSize training rows) and 5 rows to predict. */
async function exampleParity(name: string, t: { diagnostic(s: string): void }, adjust?: (doc: GradflowDocument) => GradflowDocument) {
  let doc = example(name);
  if (adjust) doc = adjust(doc);
  const prepared = await prepareRun(doc, new CliHost().dataHost(join(EXAMPLES, `${name}.gradflow`)), { training: {} });
  assert.ok(prepared.ok, prepared.ok ? '' : prepared.errors.join('\n'));
  const { data, config } = prepared.run;
  const rows = Math.min(config.batchSize, data.train.x.shape[0]!);
  const xb = data.train.x.sliceRows(0, rows);
  const yb = data.train.y.sliceRows(0, rows);
  const xp = (data.validation ?? data.train).x.sliceRows(0, 5);
  assertParity(doc, name, xb, yb, xp, t);
}

/** Random rows for a synthetic graph: normal features, and labels of the kind the loss expects. */
function randomBatch(seed: number, rows: number, features: number, labels: number, kind: 'onehot' | 'binary') {
  const random = new NumpyRandom(seed);
  const x = new Tensor(random.randn(rows * features), [rows, features]);
  const y = new Float64Array(rows * labels);
  const u = random.rand(rows * labels);
  for (let r = 0; r < rows; r++) {
    if (kind === 'onehot') y[r * labels + Math.floor(u[r]! * labels)] = 1;
    else for (let c = 0; c < labels; c++) y[r * labels + c] = u[r * labels + c]! > 0.5 ? 1 : 0;
  }
  return { x, y: new Tensor(y, [rows, labels]) };
}

test('NumPy export parity: ch1-chain (chapter 1 chain, a Parameter wired into Multiply)', { skip }, async (t) => {
  await exampleParity('ch1-chain', t);
});

test('NumPy export parity: ch1-two-inputs (two Inputs)', { skip }, async (t) => {
  await exampleParity('ch1-two-inputs', t);
});

test('NumPy export parity: ch2-linear-regression, also with AdaGrad', { skip }, async (t) => {
  await exampleParity('ch2-linear-regression', t);
  await exampleParity('ch2-linear-regression', t, (doc) => ({ ...doc, training: { ...doc.training, optimizer: { kind: 'AdaGrad', learningRate: 0.1 } } }));
});

test('NumPy export parity: spiral with trained weights (Adam)', { skip }, async (t) => {
  const doc = example('spiral');
  const prepared = await prepareRun(doc, new CliHost().dataHost(join(EXAMPLES, 'spiral.gradflow')), { training: { epochs: 3 } });
  assert.ok(prepared.ok);
  const trainer = new Trainer({ graph: prepared.run.graph, config: prepared.run.config, train: prepared.run.data.train });
  trainer.fit();
  const trained = { ...doc, parameters: parametersToDocument(trainer.params) };
  const { train, validation } = prepared.run.data;
  const xb = train.x.sliceRows(0, prepared.run.config.batchSize);
  const yb = train.y.sliceRows(0, prepared.run.config.batchSize);
  assertParity(trained, 'spiral', xb, yb, (validation ?? train).x.sliceRows(0, 5), t);
});

test('NumPy export parity: an MNIST MLP with dropout (softmax cross-entropy, momentum, the same dropout masks)', { skip }, async (t) => {
  await exampleParity('ch4-mnist-dropout', t);
});

test('NumPy export parity: the MNIST dropout network under compat "book" (non-inverted dropout, the book\'s loss)', { skip }, async (t) => {
  await exampleParity('ch4-mnist-dropout', t, (doc) => ({ ...doc, training: { ...doc.training, compat: 'book' } }));
});

test('NumPy export parity: a small conv net (Conv2D, Tanh, MaxPool2D, Flatten, Dropout, Dense, Softmax, MSE)', { skip }, (t) => {
  const doc = documentOf(
    nodes(
      ['x', 'Input', { shape: [2, 6, 6] }],
      ['conv', 'Conv2D', { filters: 3, kernelSize: 3, init: 'glorot' }],
      ['act', 'Tanh'],
      ['pool', 'MaxPool2D', { size: 2 }],
      ['flat', 'Flatten'],
      ['drop', 'Dropout', { keepProbability: 0.7 }],
      ['w', 'WeightMultiply', { neurons: 4, init: 'glorot' }],
      ['b', 'BiasAdd'],
      ['p', 'Softmax'],
      ['y', 'Target', { shape: [4] }],
      ['loss', 'MeanSquaredError'],
    ),
    edges('x -> conv.X', 'conv -> act.X', 'act -> pool.X', 'pool -> flat.X', 'flat -> drop.X', 'drop -> w.X', 'w -> b.X', 'b -> p.X',
      'p -> loss.prediction', 'y -> loss.target'),
    { seed: 7, optimizer: { kind: 'SGDMomentum', learningRate: 0.5, momentum: 0.9 } },
  );
  const { x, y } = randomBatch(3, 8, 72, 4, 'onehot');
  assertParity(doc, 'conv', x, y, x.sliceRows(0, 3), t);
});

test('NumPy export parity: the rest of the ops (MatMul, Parameter, Constant, Exp, Log, Subtract, ReLU, LeakyReLU, Square, Sum, Mean, BCE; Adam, clipping)', { skip }, (t) => {
  const doc = documentOf(
    nodes(
      ['x', 'Input', { shape: [4] }],
      ['W', 'Parameter', { shape: [4, 3] }],
      ['h', 'MatMul'],
      ['s', 'Sigmoid'],
      ['c', 'Parameter', { shape: [1, 3] }],
      ['m', 'Multiply'],
      ['e', 'Exp'],
      ['one', 'Constant', { value: 1 }],
      ['a', 'Add'],
      ['l', 'Log'],
      ['shift', 'Constant', { value: 0.3, shape: [1, 3] }],
      ['d', 'Subtract'],
      ['r', 'ReLU'],
      ['k', 'LeakyReLU', { slope: 0.1 }],
      ['q', 'Square'],
      ['sum', 'Sum', { axis: '1' }],
      ['mean', 'Mean', { axis: '1' }],
      ['both', 'Add'],
      ['z', 'Linear'],
      ['sig', 'Sigmoid'],
      ['y', 'Target', { shape: [] }],
      ['loss', 'BinaryCrossEntropy'],
    ),
    edges('x -> h.X', 'W -> h.W', 'h -> s.X', 's -> m.A', 'c -> m.B', 'm -> e.X', 'e -> a.A', 'one -> a.B', 'a -> l.X',
      'l -> d.A', 'shift -> d.B', 'd -> r.X', 'd -> k.X', 'k -> q.X', 'r -> sum.X', 'q -> mean.X', 'sum -> both.A', 'mean -> both.B',
      'both -> z.X', 'z -> sig.X', 'sig -> loss.prediction', 'y -> loss.target'),
    { seed: 11, optimizer: { kind: 'Adam', learningRate: 0.05 }, gradientClip: 0.05 },
  );
  const { x, y } = randomBatch(5, 10, 4, 1, 'binary');
  assertParity(doc, 'zoo', x, y.reshape([10]), x.sliceRows(0, 4), t);
});

test('NumPy export parity: Dense layers over sequences (N, T, features) and softmax cross-entropy summed over time', { skip }, (t) => {
  const doc = documentOf(
    nodes(
      ['x', 'Input', { shape: [5, 3] }],
      ['w1', 'WeightMultiply', { neurons: 4 }],
      ['b1', 'BiasAdd'],
      ['act', 'Tanh'],
      ['w2', 'WeightMultiply', { neurons: 3 }],
      ['b2', 'BiasAdd'],
      ['y', 'Target', { shape: [5, 3] }],
      ['loss', 'SoftmaxCrossEntropy'],
    ),
    edges('x -> w1.X', 'w1 -> b1.X', 'b1 -> act.X', 'act -> w2.X', 'w2 -> b2.X', 'b2 -> loss.prediction', 'y -> loss.target'),
    { seed: 4, optimizer: { kind: 'SGD', learningRate: 0.3 } },
  );
  const random = new NumpyRandom(9);
  const x = new Tensor(random.randn(6 * 15), [6, 15]);
  const y = new Float64Array(6 * 15);
  random.rand(6 * 5).forEach((u, step) => { y[step * 3 + Math.floor(u * 3)] = 1; });
  assertParity(doc, 'sequences', x, new Tensor(y, [6, 15]), x.sliceRows(0, 2), t);
});

/** A tiny batch of one-hot sequences (N, T, V) and, as targets, each window shifted by one character. */
function oneHotSequences(seed: number, rows: number, steps: number, vocabulary: number) {
  const random = new NumpyRandom(seed);
  const ids = random.rand(rows * (steps + 1)).map((u) => Math.floor(u * vocabulary));
  const x = new Float64Array(rows * steps * vocabulary);
  const y = new Float64Array(rows * steps * vocabulary);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < steps; t++) {
      x[(r * steps + t) * vocabulary + ids[r * (steps + 1) + t]!] = 1;
      y[(r * steps + t) * vocabulary + ids[r * (steps + 1) + t + 1]!] = 1;
    }
  }
  return { x: new Tensor(x, [rows, steps * vocabulary]), y: new Tensor(y, [rows, steps * vocabulary]) };
}

/** A chapter 6 example made small: hidden size 6, 7-step windows over 9 symbols, trained from its seed. */
function smallCharModel(name: string): GradflowDocument {
  const doc = example(name);
  const recurrent = doc.nodes.find((n) => ['RNN', 'GRU', 'LSTM'].includes(n.op))!;
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n === recurrent) return { ...n, attributes: { ...n.attributes, hiddenSize: 6 } };
      if (n.op === 'Input' || n.op === 'Target') return { ...n, attributes: { ...n.attributes, shape: [7, 9] } };
      if (n.op === 'WeightMultiply') return { ...n, attributes: { ...n.attributes, neurons: 9 } };
      return n;
    }),
  };
}

for (const name of ['ch6-char-gru', 'ch6-char-lstm']) {
  test(`NumPy export parity: ${name} (hidden size 6, 7-step windows over 9 symbols; backpropagation through time)`, { skip }, (t) => {
    const doc = smallCharModel(name);
    const { x, y } = oneHotSequences(21, 5, 7, 9);
    assertParity(doc, name, x, y, x.sliceRows(0, 3), t);
  });
}

test('NumPy export parity: RNN, then an LSTMCell and a GRUCell and an RNNCell fed its last states (Adam)', { skip }, (t) => {
  // The sequence RNN's hidden states feed a Dense layer and the loss; the cells take one time step of X
  // (a slice is not an op, so each cell reads the whole first window flattened) and a state from a Dense layer.
  const doc = documentOf(
    nodes(
      ['x', 'Input', { shape: [4, 3] }],
      ['rnn', 'RNN', { hiddenSize: 5 }],
      ['w', 'WeightMultiply', { neurons: 3 }],
      ['b', 'BiasAdd'],
      ['flat', 'Flatten'],
      ['s1', 'WeightMultiply', { neurons: 4 }],
      ['lstm', 'LSTMCell', { hiddenSize: 2 }],
      ['gru', 'GRUCell', { hiddenSize: 4 }],
      ['cell', 'RNNCell', { hiddenSize: 4 }],
      ['out', 'WeightMultiply', { neurons: 12 }],
      ['flat2', 'Flatten'],
      ['sum', 'Add'],
      ['y', 'Target', { shape: [12] }],
      ['loss', 'SoftmaxCrossEntropy'],
    ),
    edges('x -> rnn.X', 'rnn -> w.X', 'w -> b.X', 'x -> flat.X', 'flat -> s1.X', 'flat -> lstm.X', 's1 -> lstm.state',
      'flat -> gru.X', 'lstm -> gru.h', 'gru -> cell.X', 'lstm -> cell.h', 'cell -> out.X', 'b -> flat2.X', 'flat2 -> sum.A', 'out -> sum.B',
      'sum -> loss.prediction', 'y -> loss.target'),
    { seed: 5, optimizer: { kind: 'Adam', learningRate: 0.05 } },
  );
  const { x } = oneHotSequences(8, 6, 4, 3);
  const { y } = randomBatch(8, 6, 1, 12, 'onehot');
  assertParity(doc, 'cells', x, y, x.sliceRows(0, 2), t);
});

test('every op has a NumPy emitter; a missing one is named in a clear error', () => {
  assert.deepEqual(opTypes().filter((type) => !NUMPY_EMITTERS[type]), []);
  const doc = documentOf(
    nodes(['x', 'Input', { shape: [4, 3] }], ['gru', 'GRU', { hiddenSize: 2 }], ['y', 'Target', { shape: [4, 2] }], ['loss', 'MeanSquaredError']),
    edges('x -> gru.X', 'gru -> loss.prediction', 'y -> loss.target'),
  );
  const gru = exportModel(doc).graph.byId.get('gru')!;
  assert.equal(missingEmitter(gru, 'NumPy', 'core/export/numpy-ops.ts').message,
    'GRU "gru" cannot be exported to NumPy yet: no emitter for GRU in core/export/numpy-ops.ts (core/export/README.md says how to add one)');
});

test('the exported training loop trains like Gradflow: same shuffles, evaluations and weights after 3 epochs (ch2-one-hidden-layer)', { skip }, async (t) => {
  const name = 'ch2-one-hidden-layer';
  const doc = example(name);
  const prepared = await prepareRun(doc, new CliHost().dataHost(join(EXAMPLES, `${name}.gradflow`)), { training: { epochs: 3, evalEvery: 1 } });
  assert.ok(prepared.ok);
  const { run } = prepared;
  const model = exportModel(doc);
  const trainer = new Trainer({ graph: run.graph, config: run.config, train: run.data.train, validation: run.data.validation!, parameters: model.params, dtype: 'float64' });
  const evaluations: number[] = [];
  trainer.fit((event) => { if (event.type === 'evaluation') evaluations.push(event.validation.loss); });

  const dir = mkdtempSync(join(tmpdir(), 'gradflow-export-'));
  try {
    for (const file of [...exportNumpy({ ...doc, training: { ...doc.training, evalEvery: 1 } }, name), dataFile(name, run.data)]) {
      writeFileSync(join(dir, file.name), file.contents);
    }
    const python = (found as { python: string }).python;
    const out = join(dir, 'trained.npz');
    const script = spawnSync(python, [join(dir, `${name}.py`), '--data', join(dir, `${name}.data.npz`), '--epochs', '3', '--save', out], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(script.status, 0, script.stderr);
    const printed = [...script.stdout.matchAll(/Validation loss after \d+ epochs is ([\d.]+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(printed, evaluations.map((l) => Number(l.toFixed(3))));
    // The saved weights (float32) against the trainer's (float64).
    const dump = spawnSync(python, ['-c', 'import json,sys,numpy as np; f=np.load(sys.argv[1]); print(json.dumps({k: f[k].ravel().tolist() for k in f.files}))', out], { encoding: 'utf8' });
    const saved = JSON.parse(dump.stdout) as Record<string, number[]>;
    let worst = 0;
    for (const [key, tensor] of trainer.params) worst = Math.max(worst, maxRelativeError(saved[key], Array.from(tensor.data)));
    t.diagnostic(`${name}: validation losses ${printed.join(', ')}; weights after 3 epochs within ${worst} relative (float32 file)`);
    assert.ok(worst <= TOLERANCE, `weights differ by ${worst}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the exported training loop on sequences: ch6-char-lstm (200 windows, one epoch) gives the Trainer\'s validation loss and per-time-step accuracy', { skip }, async (t) => {
  const name = 'ch6-char-lstm';
  const loaded = example(name);
  const doc = { ...loaded, data: { ...loaded.data, limit: 200 } } as GradflowDocument;
  const prepared = await prepareRun(doc, new CliHost().dataHost(join(EXAMPLES, `${name}.gradflow`)), { training: { epochs: 1, evalEvery: 1 } });
  assert.ok(prepared.ok);
  const { run } = prepared;
  const trainer = new Trainer({ graph: run.graph, config: run.config, train: run.data.train, validation: run.data.validation!, parameters: exportModel(doc).params, dtype: 'float64' });
  const evaluations: { loss: number; accuracy: number }[] = [];
  trainer.fit((event) => {
    if (event.type === 'evaluation') evaluations.push({ loss: event.validation.loss, accuracy: event.validation.metrics.accuracy! });
  });
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-export-'));
  try {
    for (const file of [...exportNumpy(doc, name), dataFile(name, run.data)]) writeFileSync(join(dir, file.name), file.contents);
    const python = (found as { python: string }).python;
    const script = spawnSync(python, [join(dir, `${name}.py`), '--data', join(dir, `${name}.data.npz`), '--epochs', '1'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(script.status, 0, script.stderr);
    const printed = [...script.stdout.matchAll(/Validation loss after \d+ epochs is ([\d.]+) \(accuracy ([\d.]+)\)/g)].map((m) => ({ loss: Number(m[1]), accuracy: Number(m[2]) }));
    t.diagnostic(`${name}: script ${JSON.stringify(printed)}; Trainer ${JSON.stringify(evaluations)}`);
    assert.deepEqual(printed, evaluations.map((e) => ({ loss: Number(e.loss.toFixed(3)), accuracy: Number(e.accuracy.toFixed(3)) })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
