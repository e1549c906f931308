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
