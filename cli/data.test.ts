// Data overrides and the train/eval/predict round trip on small CSV files written here, in-process through
// main() (the process boundary is covered by commands.test.ts): gzip, --target, --limit, --test-data,
// saving into another folder, early stopping, and predict scaling new rows like the training rows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gradflowInProcess as gradflow, jsonLines, linearDocument, tempFolder } from './testing.ts';

const temp = tempFolder();
after(() => temp.remove());
const dir = temp.path;
const at = (name: string) => join(dir, name);

// y = 2x + 1 for x = 0…99, with a second column that does not matter, and the same under other names.
const line = Array.from({ length: 100 }, (_, x) => `${x},${(x * 7) % 5},${2 * x + 1}`);
writeFileSync(at('line.csv'), `x,noise,y\n${line.join('\n')}\n`);
writeFileSync(at('line.csv.gz'), gzipSync(`x,noise,y\n${line.join('\n')}\n`));
writeFileSync(at('reordered.csv'), `x,y,noise\n${Array.from({ length: 30 }, (_, x) => `${x},${2 * x + 1},${x % 2}`).join('\n')}\n`);
const fit = { optimizer: { kind: 'Adam', learningRate: 0.1 }, earlyStopping: { enabled: false, patience: 1 }, batchSize: 20 };
writeFileSync(at('line.gradflow'), linearDocument(
  { kind: 'file', path: 'line.csv', features: ['x'], targets: ['y'], scale: { method: 'standardize' } },
  { ...fit, epochs: 200, optimizer: { kind: 'SGD', learningRate: 0.1 } },
));
writeFileSync(at('split.gradflow'), linearDocument(
  { kind: 'file', path: 'line.csv', scale: { method: 'standardize' }, split: { method: 'random', validation: 0.2, test: 0.1, seed: 3 } }, { epochs: 4, ...fit },
));

describe('train with data overrides', () => {
  test('--data FILE.csv.gz is decompressed; --target picks the target column', async () => {
    const run = await gradflow(['train', 'split.gradflow', '--data', 'line.csv.gz', '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^data: 100 rows, 2 features, 1 target column$/m);
    const retarget = await gradflow(['train', 'split.gradflow', '--data', 'reordered.csv', '--target', 'y', '--json'], { cwd: dir });
    assert.equal(retarget.code, 0, retarget.stderr);
    assert.match(retarget.stderr, /^data: 30 rows, 2 features, 1 target column$/m);
  });

  test('--limit uses the first N rows, and --test-data is reported as the test metrics', async () => {
    const run = await gradflow(['train', 'split.gradflow', '--limit', '40', '--test-data', 'reordered.csv', '--target', 'y', '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^data: using the first 40 of 100 rows$/m);
    assert.match(run.stderr, /^data: test: 30 rows from separate test data/m);
    const done = jsonLines(run.stdout).at(-1)!;
    assert.ok(Number.isFinite((done.testMetrics as Record<string, number>).loss));
  });

  test('a file split three ways reports validation and test; eval reproduces both', async () => {
    const saved = at('split-trained.gradflow');
    const run = await gradflow(['train', 'split.gradflow', '--save', saved, '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const done = jsonLines(run.stdout).at(-1)!;
    const evaluated = await gradflow(['eval', saved, '--json'], { cwd: dir });
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const [validation, testSplit] = jsonLines(evaluated.stdout);
    assert.equal(validation!.loss, (done.metrics as Record<string, number>).loss);
    assert.equal(testSplit!.split, 'test');
    assert.equal(testSplit!.loss, (done.testMetrics as Record<string, number>).loss);
  });

  test('saving into another folder keeps the data path pointing at the same file', async () => {
    mkdirSync(at('elsewhere'), { recursive: true });
    const run = await gradflow(['train', 'split.gradflow', '--epochs', '1', '--save', join('elsewhere', 'copy.gradflow'), '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const copy = JSON.parse(readFileSync(at('elsewhere/copy.gradflow'), 'utf8'));
    assert.equal(copy.data.path, '../line.csv');
    const evaluated = await gradflow(['eval', join('elsewhere', 'copy.gradflow'), '--json'], { cwd: dir });
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.equal(jsonLines(evaluated.stdout)[0]!.loss, (jsonLines(run.stdout).at(-1)!.metrics as Record<string, number>).loss);
  });

  test('early stopping says when it stopped and which epoch it kept', async () => {
    // Plain SGD with a far too large step diverges: the second evaluation is worse than the first.
    writeFileSync(at('diverge.gradflow'), linearDocument(
      { kind: 'file', path: 'line.csv', features: ['x'], targets: ['y'], scale: { method: 'standardize' }, split: { method: 'random', validation: 0.3 } },
      { epochs: 10, batchSize: 10, optimizer: { kind: 'SGD', learningRate: 1.5 }, earlyStopping: { enabled: true, patience: 1 } },
    ));
    const run = await gradflow(['train', 'diverge.gradflow'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^stopped early after epoch 2; kept the parameters of epoch 1 \(validation loss \S+\)$/m);
    assert.doesNotMatch(run.stdout, /^epoch 3 took/m);
  });

  test('a file that asks for the fast backend runs on reference, with a warning', async () => {
    const doc = JSON.parse(readFileSync(at('split.gradflow'), 'utf8'));
    doc.training.backend = 'fast';
    writeFileSync(at('fast.gradflow'), JSON.stringify(doc));
    const run = await gradflow(['train', 'fast.gradflow', '--epochs', '1'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, 'gradflow: warning: fast.gradflow asks for the "fast" backend, which is not available in this build yet; running on "reference"\n');
  });
});

describe('predict scales new rows like the training rows', () => {
  const model = at('line-trained.gradflow');
  before(async () => {
    const run = await gradflow(['train', 'line.gradflow', '--save', model, '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
  });

  test('values on the command line: y = 2x + 1 is recovered far from the standardized range', async () => {
    const run = await gradflow(['predict', model, '--input', '50; -10 ;150', '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const outputs = jsonLines(run.stdout).map((row) => (row.outputs as number[])[0]!);
    assert.equal(outputs.length, 3);
    [101, -19, 301].forEach((expected, i) => assert.ok(Math.abs(outputs[i]! - expected) < 1, `row ${i + 1}: ${outputs[i]} ≈ ${expected}`));
  });

  test('a CSV input picks the feature columns by name; text output is a table', async () => {
    writeFileSync(at('new-rows.csv'), 'note,x\n7,50\n8,-10\n');
    const run = await gradflow(['predict', model, '--input', 'new-rows.csv'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^row +y\n─+ +─+\n +1 +10[01](\.\d+)?\n +2 +-1[89](\.\d+)?\n$/);
  });

  test('bad input rows are refused with the row and column', async () => {
    const wide = await gradflow(['predict', model, '--input', '1,2'], { cwd: dir });
    assert.equal(wide.code, 2);
    assert.equal(wide.stderr, 'gradflow: predict: --input row 1 has 2 values, but the model takes 1 ("x"); separate values with "," and rows with ";"\n');
    writeFileSync(at('bad-rows.csv'), 'x\n1\nabc\n');
    const text = await gradflow(['predict', model, '--input', 'bad-rows.csv'], { cwd: dir });
    assert.equal(text.code, 1);
    assert.equal(text.stderr, 'gradflow: bad-rows.csv: row 3, column "x" "abc" is not a number\n');
    writeFileSync(at('no-x.csv'), 'z\n1\n');
    const missing = await gradflow(['predict', model, '--input', 'no-x.csv'], { cwd: dir });
    assert.equal(missing.stderr, 'gradflow: no-x.csv lacks the feature column "x" (the model takes "x"; the file has "z")\n');
  });
});

test('gradcheck fails (exit 1) where central differences straddle a kink: ReLU at exactly 0', async () => {
  const node = (id: string, op: string, attributes: Record<string, unknown> = {}) => ({ id, op, attributes, position: { x: 0, y: 0 } });
  const edge = (from: string, to: string, port: string) => ({ id: `${from}->${to}.${port}`, from: { node: from, port: 'out' }, to: { node: to, port } });
  writeFileSync(at('kink.gradflow'), JSON.stringify({
    format: 'gradflow', version: 1,
    nodes: [node('x', 'Input'), node('w', 'Parameter', { shape: [1, 1], init: 'zeros' }), node('xw', 'MatMul'), node('relu', 'ReLU'), node('t', 'Target'), node('loss', 'MeanSquaredError')],
    edges: [edge('x', 'xw', 'X'), edge('w', 'xw', 'W'), edge('xw', 'relu', 'X'), edge('relu', 'loss', 'prediction'), edge('t', 'loss', 'target')],
    groups: [],
    data: { kind: 'inline', columns: ['x', 't'], rows: [[1, 1], [2, 0], [3, 1]] },
    training: { batchSize: 3 },
  }));
  const run = await gradflow(['gradcheck', 'kink.gradflow'], { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^ {2}relu +ReLU +input X +3 +\S+ +✗$/m);
  assert.match(run.stdout, /^FAILED: \d+ of \d+ checks exceed the tolerance 1e-6: relu input X/m);
});
