// gradflow export: the files it writes (named after the document, into -o OUT), --with-data, and every bad
// invocation with its exact message and exit code. What the files compute is proven in core/export's tests.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, gradflow, gradflowInProcess, tempFolder } from './testing.ts';

const temp = tempFolder();
after(() => temp.remove());
const spiral = join(EXAMPLES, 'spiral.gradflow');

test('export --to numpy -o OUT writes the script and the weights, named after the file, and says how to run it', async () => {
  const out = join(temp.path, 'numpy');
  mkdirSync(out);
  const run = await gradflowInProcess(['export', spiral, '--to', 'numpy', '-o', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(existsSync(join(out, 'spiral.py')) && existsSync(join(out, 'spiral.weights.npz')));
  assert.match(run.stdout, /^wrote .*spiral\.py \([\d.]+ KiB\): the NumPy script \(forward, backward, training loop\)$/m);
  assert.match(run.stdout, /^run it: python3 .*spiral\.py --data DATA\.npz {2}\(needs numpy\)$/m);
  assert.match(readFileSync(join(out, 'spiral.py'), 'utf8'), /^def forward\(P, batch, training, rng=None\):$/m);
});

test('export --to pytorch --with-data also writes the prepared data (a real process)', async () => {
  const out = join(temp.path, 'torch');
  mkdirSync(out);
  const run = await gradflow(['export', spiral, '--to', 'pytorch', '--out', out, '--with-data']);
  assert.equal(run.code, 0, run.stderr);
  for (const name of ['spiral_pytorch.py', 'spiral.weights.npz', 'spiral.data.npz']) assert.ok(existsSync(join(out, name)), name);
  assert.match(run.stdout, /^data: split with seed 4: 320 train \/ 80 validation \/ 0 test$/m);
  assert.match(run.stdout, /spiral\.data\.npz \([\d.]+ KiB\): the prepared data \(320 training rows, 80 validation\)/);
});

test('bad export invocations: one line naming the problem, the right exit code, nothing written', async () => {
  const file = join(temp.path, 'a-file');
  writeFileSync(file, '');
  const gru = join(temp.path, 'gru.gradflow');
  writeFileSync(gru, JSON.stringify({
    format: 'gradflow', version: 1,
    nodes: [
      { id: 'x', op: 'Input', attributes: { shape: [4, 3] }, position: { x: 0, y: 0 } },
      { id: 'rnn', op: 'GRU', attributes: { hiddenSize: 2 }, position: { x: 1, y: 0 } },
      { id: 'y', op: 'Target', attributes: { shape: [4, 2] }, position: { x: 2, y: 0 } },
      { id: 'sq', op: 'Square', attributes: {}, position: { x: 2, y: 1 } },
      { id: 'loss', op: 'MeanSquaredError', attributes: {}, position: { x: 3, y: 0 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'x', port: 'out' }, to: { node: 'rnn', port: 'X' } },
      { id: 'e2', from: { node: 'rnn', port: 'out' }, to: { node: 'loss', port: 'prediction' } },
      { id: 'e3', from: { node: 'y', port: 'out' }, to: { node: 'sq', port: 'X' } },
      { id: 'e4', from: { node: 'sq', port: 'out' }, to: { node: 'loss', port: 'target' } },
    ],
    groups: [],
    training: {},
  }));
  const cases: { args: string[]; code: number; stderr: string }[] = [
    { args: ['export', spiral], code: 2, stderr: 'gradflow: export: missing --to numpy|pytorch' },
    { args: ['export', spiral, '--to', 'torch'], code: 2, stderr: 'gradflow: export: --to must be numpy or pytorch, got "torch"' },
    { args: ['export', spiral, '--to', 'numpy', '--data', 'xor'], code: 2, stderr: 'gradflow: export: --data and --limit choose the rows of --with-data; add --with-data' },
    { args: ['export', spiral, '--to', 'numpy', '-o', join(temp.path, 'nowhere')], code: 1, stderr: `gradflow: cannot write to ${join(temp.path, 'nowhere')}: the folder does not exist` },
    { args: ['export', spiral, '--to', 'numpy', '-o', file], code: 1, stderr: `gradflow: cannot write to ${file}: it is not a folder (-o names the folder to write into)` },
    { args: ['export', gru, '--to', 'pytorch', '-o', temp.path], code: 1, stderr: `gradflow: cannot export ${gru}: Square "sq" lies between the data and the loss outside the prediction; the PyTorch export needs the Target wired straight into the loss` },
    { args: ['export', spiral, '-x'], code: 2, stderr: 'gradflow: export: unknown option -x (flags are spelled --name)' },
  ];
  for (const c of cases) {
    const run = await gradflowInProcess(c.args);
    assert.equal(run.stderr.trim(), c.stderr, c.args.join(' '));
    assert.equal(run.code, c.code, c.args.join(' '));
    assert.equal(run.stdout, '', c.args.join(' '));
  }
  assert.ok(!existsSync(join(temp.path, 'gru.py')), 'an export that failed wrote nothing');
});
