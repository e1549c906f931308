// The PyTorch export golden test. PyTorch cannot be installed on the team's machines, so the exported script
// is compiled (python3 -m py_compile) and its text pinned by golden files: a change to the generator shows
// up as a diff to review. UPDATE_GOLDEN=1 rewrites the golden files after a deliberate change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument } from '../document/load.ts';
import type { GradflowDocument } from '../document/types.ts';
import { documentOf, edges, nodes } from '../../test/support/documents.ts';
import { findPython } from '../../test/support/python.ts';
import { exportPytorch } from './pytorch.ts';
import { TORCH_EMITTERS, TORCH_LOSSES } from './pytorch-ops.ts';
import { exportModel } from './model.ts';
import { missingEmitter } from './emit.ts';
import { opTypes } from '../ops/registry.ts';
import { CELL_PARAMS } from '../ops/recurrent-cells.ts';
import { parameterKey } from '../graph/types.ts';
import { evaluationExecutor } from '../runtime/predict.ts';
import { featureFeeds } from '../train/features.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { Tensor } from '../tensor/tensor.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const found = findPython();

function example(name: string): GradflowDocument {
  const loaded = loadDocument(readFileSync(join(import.meta.dirname, '..', '..', 'assets', 'examples', `${name}.gradflow`), 'utf8'));
  assert.ok(loaded.ok);
  return loaded.doc;
}

/** Chapter 5's network, small: Conv2D → tanh → pool → flatten → dropout → Dense → softmax cross-entropy. */
const convNet = documentOf(
  nodes(
    ['x', 'Input', { shape: [1, 28, 28] }],
    ['conv', 'Conv2D', { filters: 16, kernelSize: 5, init: 'glorot' }],
    ['act', 'Tanh'],
    ['pool', 'MaxPool2D', { size: 2 }],
    ['flat', 'Flatten'],
    ['drop', 'Dropout', { keepProbability: 0.8 }],
    ['w', 'WeightMultiply', { neurons: 10, init: 'glorot' }],
    ['b', 'BiasAdd'],
    ['y', 'Target', { shape: [10] }],
    ['loss', 'SoftmaxCrossEntropy'],
  ),
  edges('x -> conv.X', 'conv -> act.X', 'act -> pool.X', 'pool -> flat.X', 'flat -> drop.X', 'drop -> w.X', 'w -> b.X',
    'b -> loss.prediction', 'y -> loss.target'),
  { seed: 20190119, batchSize: 60, epochs: 1, optimizer: { kind: 'SGDMomentum', learningRate: 0.1, momentum: 0.9 } },
);

/** Every recurrent op once: RNN and LSTM over the sequence, the three cells on its flattened first window. */
const recurrentCells = documentOf(
  nodes(
    ['x', 'Input', { shape: [4, 3] }],
    ['rnn', 'RNN', { hiddenSize: 5 }],
    ['lstm', 'LSTM', { hiddenSize: 3 }],
    ['flat', 'Flatten'],
    ['s1', 'WeightMultiply', { neurons: 4 }],
    ['lstmCell', 'LSTMCell', { hiddenSize: 2 }],
    ['gruCell', 'GRUCell', { hiddenSize: 4 }],
    ['rnnCell', 'RNNCell', { hiddenSize: 4 }],
    ['out', 'WeightMultiply', { neurons: 12 }],
    ['flat2', 'Flatten'],
    ['sum', 'Add'],
    ['y', 'Target', { shape: [12] }],
    ['loss', 'SoftmaxCrossEntropy'],
  ),
  edges('x -> rnn.X', 'rnn -> lstm.X', 'x -> flat.X', 'flat -> s1.X', 'flat -> lstmCell.X', 's1 -> lstmCell.state',
    'flat -> gruCell.X', 'lstmCell -> gruCell.h', 'gruCell -> rnnCell.X', 'lstmCell -> rnnCell.h', 'rnnCell -> out.X',
    'lstm -> flat2.X', 'flat2 -> sum.A', 'out -> sum.B', 'sum -> loss.prediction', 'y -> loss.target'),
  { seed: 5, optimizer: { kind: 'Adam', learningRate: 0.05 } },
);

const CASES: [string, () => GradflowDocument][] = [
  ['ch4-mnist-dropout', () => example('ch4-mnist-dropout')],
  ['ch1-two-inputs', () => example('ch1-two-inputs')],
  ['conv-net', () => ({ ...convNet, name: 'A small chapter 5 network' })],
  ['ch6-char-gru', () => example('ch6-char-gru')],
  ['recurrent-cells', () => ({ ...recurrentCells, name: 'An RNN, an LSTM and the three cells' })],
];

for (const [name, doc] of CASES) {
  test(`PyTorch export golden: ${name} matches core/export/golden/${name}_pytorch.py and compiles`, (t) => {
    const files = exportPytorch(doc(), name);
    assert.deepEqual(files.map((f) => f.name), [`${name}_pytorch.py`, `${name}.weights.npz`]);
    const script = files[0]!.contents as string;
    const golden = join(GOLDEN, `${name}_pytorch.py`);
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(golden, script);
      t.diagnostic(`wrote ${golden}`);
    }
    assert.ok(existsSync(golden), `${golden} is missing (UPDATE_GOLDEN=1 writes it)`);
    assert.equal(script, readFileSync(golden, 'utf8'), `the export differs from ${golden} (UPDATE_GOLDEN=1 rewrites it after a deliberate change)`);
    if ('skip' in found) {
      t.skip(`py_compile skipped: ${found.skip}`);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'gradflow-torch-'));
    try {
      const path = join(dir, `${name}_pytorch.py`);
      writeFileSync(path, script);
      const compiled = spawnSync(found.python, ['-m', 'py_compile', path], { encoding: 'utf8' });
      assert.equal(compiled.status, 0, compiled.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the PyTorch export maps keepProbability to p = 1 − keep, and the book\'s dropout to a custom module', () => {
  const script = exportPytorch(convNet, 'conv')[0]!.contents as string;
  assert.match(script, /self\.drop = nn\.Dropout\(p=0\.2\)  # keepProbability 0\.8 → torch's drop probability p = 1 − keep/);
  const book = exportPytorch({ ...convNet, training: { ...convNet.training, compat: 'book' } }, 'conv')[0]!.contents as string;
  assert.match(book, /self\.drop = BookDropout\(keep=0\.8\)/);
  assert.match(book, /class BookDropout\(nn\.Module\):/);
});

test('every op has a PyTorch emitter (or is a source or a loss); a missing one is named in a clear error', () => {
  const sources = new Set(['Input', 'Target']);
  assert.deepEqual(opTypes().filter((type) => !TORCH_EMITTERS[type] && !TORCH_LOSSES[type] && !sources.has(type)), []);
  const doc = documentOf(
    nodes(['x', 'Input', { shape: [4, 3] }], ['lstm', 'LSTM', { hiddenSize: 2 }], ['y', 'Target', { shape: [4, 2] }], ['loss', 'MeanSquaredError']),
    edges('x -> lstm.X', 'lstm -> loss.prediction', 'y -> loss.target'),
  );
  const lstm = exportModel(doc).graph.byId.get('lstm')!;
  assert.match(missingEmitter(lstm, 'PyTorch', 'core/export/pytorch-ops.ts').message,
    /^LSTM "lstm" cannot be exported to PyTorch yet: no emitter for LSTM in core\/export\/pytorch-ops\.ts/);
});

test('the PyTorch export of a GRU uses the book\'s equations, not nn.GRU, and loads the weights as Gradflow stores them', () => {
  const script = exportPytorch(example('ch6-char-gru'), 'gru')[0]!.contents as string;
  assert.match(script, /self\.recurrent = Sequence\(BookGRUCell\(74, 48\)\)/);
  assert.doesNotMatch(script, /nn\.GRU(Cell)?\(/);
  for (const p of ['W_r', 'B_r', 'W_u', 'B_u', 'W_xh', 'W_hh', 'B_h']) assert.match(script, new RegExp(`"recurrent\\.${p}": \\("recurrent\\.cell\\.${p}", "same"\\)`));
});

// PyTorch is not installable here, so the recurrent modules' math is run on a stand-in: a few lines of numpy
// playing torch.cat / sigmoid / tanh / stack / zeros and nn.Module / nn.Parameter — enough for the Book*Cell and
// Sequence classes exactly as the script writes them. Their output, on Gradflow's weights, must equal the
// float64 engine's. (This checks the modules' equations and weight layout, not torch itself.)
const FAKE_TORCH = `import json, sys, types, numpy as np
class T(np.ndarray):
    def new_zeros(self, *shape):
        return np.zeros(shape).view(T)
torch = types.SimpleNamespace(zeros=lambda *s: np.zeros(s).view(T), cat=lambda xs, dim: np.concatenate(xs, axis=dim).view(T),
    stack=lambda xs, dim: np.stack(xs, axis=dim).view(T), sigmoid=lambda x: 1 / (1 + np.exp(-x)), tanh=np.tanh)
class Module:
    def __call__(self, *args):
        return self.forward(*args)
nn = types.SimpleNamespace(Module=Module, Parameter=lambda x: x)
job = json.load(sys.stdin)
ns = {"torch": torch, "nn": nn, "np": np}
exec(job["classes"], ns)
cell = ns[job["cell"]](job["features"], job["hidden"])
for name, value in job["params"].items():
    setattr(cell, name, np.array(value["data"]).reshape(value["shape"]).view(T))
args = [np.array(a["data"]).reshape(a["shape"]).view(T) for a in job["inputs"]]
out = ns["Sequence"](cell)(*args) if job["sequence"] else cell(*args)
print(json.dumps(np.asarray(out).ravel().tolist()))`;

for (const kind of ['RNN', 'GRU', 'LSTM'] as const) {
  for (const sequence of [true, false]) {
    const op = sequence ? kind : `${kind}Cell`;
    test(`the PyTorch export's ${op} module computes what Gradflow's ${op} does (numpy stand-in for torch)`, { skip: 'skip' in found ? found.skip : false }, (t) => {
      const [f, h, steps, rows] = [3, 4, 5, 2];
      const width = kind === 'LSTM' ? 2 * h : h;
      const doc = sequence
        ? documentOf(
          nodes(['x', 'Input', { shape: [steps, f] }], ['r', op, { hiddenSize: h }], ['y', 'Target', { shape: [steps, h] }], ['loss', 'MeanSquaredError']),
          edges('x -> r.X', 'r -> loss.prediction', 'y -> loss.target'), { seed: 3 })
        : documentOf(
          nodes(['x', 'Input', { shape: [f] }], ['s', 'Input', { shape: [width] }], ['r', op, { hiddenSize: h }], ['y', 'Target', { shape: [width] }], ['loss', 'MeanSquaredError']),
          edges(`x -> r.X`, `s -> r.${kind === 'LSTM' ? 'state' : 'h'}`, 'r -> loss.prediction', 'y -> loss.target'), { seed: 3 });
      const model = exportModel(doc);
      const random = new NumpyRandom(17);
      const columns = sequence ? steps * f : f + width;
      const x = new Tensor(random.randn(rows * columns), [rows, columns]);
      const expected = evaluationExecutor(model.graph, model.config, model.params)
        .forward(featureFeeds(model.inputs, x), false, model.predictionNodes).get('r')!;
      const script = exportPytorch(doc, 'r')[0]!.contents as string;
      const classes = script.slice(script.indexOf('class '), script.indexOf('class Model('));
      const params = Object.fromEntries(CELL_PARAMS[kind].map((p) => {
        const t = model.params.get(parameterKey('r', p.name))!;
        return [p.name, { data: Array.from(t.data), shape: t.shape }];
      }));
      const column = (from: number, to: number) => Array.from({ length: rows }, (_, r) => Array.from(x.data.subarray(r * columns + from, r * columns + to))).flat();
      const inputs = sequence
        ? [{ data: Array.from(x.data), shape: [rows, steps, f] }]
        : [{ data: column(0, f), shape: [rows, f] }, { data: column(f, columns), shape: [rows, width] }];
      const run = spawnSync((found as { python: string }).python, ['-c', FAKE_TORCH], {
        input: JSON.stringify({ classes, cell: `Book${kind}Cell`, features: f, hidden: h, params, inputs, sequence }), encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      const actual = JSON.parse(run.stdout) as number[];
      assert.equal(actual.length, expected.size);
      const worst = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - expected.data[i]!) / Math.max(Math.abs(expected.data[i]!), 1e-8)), 0);
      t.diagnostic(`${op}: ${actual.length} outputs, max relative error ${worst}`);
      assert.ok(worst <= 1e-12, `max relative error ${worst}`);
    });
  }
}
