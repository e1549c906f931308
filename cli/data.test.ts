// Data overrides and the train/eval/predict round trip on small CSV files written here, in-process through
// main() (the process boundary is covered by commands.test.ts): gzip, --target, --limit, --test-data,
// saving into another folder, early stopping, and predict scaling new rows like the training rows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXAMPLES, REPO, gradflowInProcess as gradflow, jsonLines, linearDocument, tempFolder } from './testing.ts';

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

  test('a file that asks for the fast backend trains on it, and the output says which kernels ran', async () => {
    const doc = JSON.parse(readFileSync(at('split.gradflow'), 'utf8'));
    doc.training.backend = 'fast';
    writeFileSync(at('fast.gradflow'), JSON.stringify(doc));
    const run = await gradflow(['train', 'fast.gradflow', '--epochs', '1'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    // The CLI turns relaxed SIMD on, so the FMA kernels run wherever WebAssembly SIMD exists.
    assert.match(run.stdout, /, fast backend \(WebAssembly relaxed SIMD with FMA\)$/m);
    const json = await gradflow(['train', 'split.gradflow', '--epochs', '1', '--backend', 'reference', '--json'], { cwd: dir });
    const done = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((r) => r.type === 'done');
    assert.deepEqual(done.backend, { name: 'reference', kernels: 'typescript', fma: false, description: 'readable TypeScript kernels' });
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

  test('--input that looks like values is parsed as values: a bad value is a usage error naming it and its position', async () => {
    const cases: [string, string][] = [
      ['1,abc', '--input row 1, value 2: "abc" is not a number'],
      ['NaN,1', '--input row 1, value 1: "NaN" is not a number'],
      ['3;1e400', '--input row 2, value 1: 1e400 is outside the range the model computes in (float32, ±3.4e38)'],
      ['-1e39', '--input row 1, value 1: -1e39 is outside the range the model computes in (float32, ±3.4e38)'],
    ];
    for (const [input, message] of cases) {
      const run = await gradflow(['predict', model, '--input', input], { cwd: dir });
      assert.equal(run.stderr, `gradflow: predict: ${message}\n`, input);
      assert.equal(run.code, 2);
    }
    writeFileSync(at('huge-rows.csv'), 'x\n1\n1e39\n');
    const huge = await gradflow(['predict', model, '--input', 'huge-rows.csv'], { cwd: dir });
    assert.equal(huge.stderr, 'gradflow: huge-rows.csv: row 3, column "x" 1e+39 is outside the range the model computes in (float32, ±3.4e38)\n');
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

describe('--save keeps the data settings the run used', () => {
  test('--target and --limit: eval reproduces the validation loss, predict names the target column', async () => {
    const saved = at('sub-target/tb.gradflow');
    mkdirSync(at('sub-target'), { recursive: true });
    const run = await gradflow(['train', 'split.gradflow', '--target', 'noise', '--limit', '80', '--save', saved, '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const done = jsonLines(run.stdout).at(-1)!;
    const doc = JSON.parse(readFileSync(saved, 'utf8'));
    assert.deepEqual([doc.data.path, doc.data.targets, doc.data.limit], ['../line.csv', ['noise'], 80]);
    const evaluated = await gradflow(['eval', saved, '--json'], { cwd: dir });
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const [validation, testSplit] = jsonLines(evaluated.stdout);
    assert.equal(validation!.loss, (done.metrics as Record<string, number>).loss);
    assert.equal(testSplit!.loss, (done.testMetrics as Record<string, number>).loss);
    const predicted = await gradflow(['predict', saved, '--input', '3,4'], { cwd: dir });
    assert.equal(predicted.code, 0, predicted.stderr);
    assert.match(predicted.stdout, /^row +noise$/m);
  });

  test('--data and --test-data are saved relative to the saved file; the file\'s test fraction trains, and says so', async () => {
    mkdirSync(at('sub-data'), { recursive: true });
    const saved = join('sub-data', 'td.gradflow');
    const run = await gradflow(['train', 'split.gradflow', '--data', 'line.csv.gz', '--test-data', 'reordered.csv', '--target', 'y', '--save', saved, '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^data: split with seed 3: 80 train \/ 20 validation \(the split's test fraction, 10 rows, trains too: a separate test set is given\)$/m);
    const done = jsonLines(run.stdout).at(-1)!;
    const doc = JSON.parse(readFileSync(at(saved), 'utf8'));
    assert.deepEqual(doc.data.path, '../line.csv.gz');
    assert.deepEqual(doc.data.testData, { format: 'csv', kind: 'file', path: '../reordered.csv' });
    const evaluated = await gradflow(['eval', saved, '--json'], { cwd: dir });
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const [validation, testSplit] = jsonLines(evaluated.stdout);
    assert.equal(validation!.loss, (done.metrics as Record<string, number>).loss);
    assert.deepEqual([testSplit!.rows, testSplit!.loss], [30, (done.testMetrics as Record<string, number>).loss]);
  });
});

describe('categorical targets: a separate test set uses the training classes', () => {
  const rows = Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 5},${'abc'[i % 3]}`);
  writeFileSync(at('classes.csv'), `u,v,label\n${rows.join('\n')}\n`);
  writeFileSync(at('classes-ab.csv'), 'u,v,label\n1,2,b\n3,4,a\n');
  writeFileSync(at('classes-z.csv'), 'u,v,label\n1,2,a\n3,4,z\n');
  const doc = JSON.parse(linearDocument({ kind: 'file', path: 'classes.csv', categorical: true, scale: { method: 'standardize' }, split: { method: 'random', validation: 0.2, seed: 1 } }));
  doc.nodes[1].attributes.neurons = 3;
  doc.nodes[3].attributes.shape = [3];
  writeFileSync(at('classes.gradflow'), JSON.stringify(doc));

  test('a test set lacking a class is fine; an unknown label is refused naming its row and value', async () => {
    const subset = await gradflow(['train', 'classes.gradflow', '--epochs', '1', '--test-data', 'classes-ab.csv'], { cwd: dir });
    assert.equal(subset.code, 0, subset.stderr);
    assert.match(subset.stdout, /^test \(2 rows\): loss /m);
    const unknown = await gradflow(['train', 'classes.gradflow', '--epochs', '1', '--test-data', 'classes-z.csv'], { cwd: dir });
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, `gradflow: classes.gradflow: test data: ${at('classes-z.csv')}: row 3, column "label": "z" is not one of the training classes ("a", "b", "c")\n`);
  });

  test('a saved file records its classes, so eval --data on other rows keeps the model\'s class columns', async () => {
    const saved = at('classes-trained.gradflow');
    const run = await gradflow(['train', 'classes.gradflow', '--epochs', '1', '--save', saved], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(readFileSync(saved, 'utf8')).data.classes, ['a', 'b', 'c']);
    writeFileSync(at('classes-bc.csv'), `u,v,label\n${Array.from({ length: 10 }, (_, i) => `${i},${i % 4},${'bc'[i % 2]}`).join('\n')}\n`);
    const evaluated = await gradflow(['eval', saved, '--data', 'classes-bc.csv', '--json'], { cwd: dir });
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stderr, /^data: 10 rows, 2 features, 3 target columns$/m);
  });
});

describe('runs and files the CLI refuses', () => {
  test('a run whose loss becomes non-finite stops, says it diverged, exits 1 and saves nothing', async () => {
    const target = at('diverged.gradflow');
    const run = await gradflow(['train', 'line.gradflow', '--lr', '1e5', '--epochs', '50', '--save', target], { cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^gradflow: training diverged at epoch \d+: the training loss became (NaN|Infinity|-Infinity) — try a smaller learning rate than 1e\+5 \(--lr\); \S+ was not saved\n$/);
    assert.doesNotMatch(run.stdout, /^epoch 50 took/m);
    assert.equal(existsSync(target), false);
  });

  test('--save into a folder that does not exist fails before any training', async () => {
    const run = await gradflow(['train', 'line.gradflow', '--save', join('no-such-folder', 'm.gradflow')], { cwd: dir });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `gradflow: cannot save ${at('no-such-folder/m.gradflow')}: the folder ${at('no-such-folder')} does not exist\n`);
    assert.equal(run.stdout, '');
  });

  test('eval and predict need every parameter of the graph; the message names the missing ones', async () => {
    const saved = at('partial.gradflow');
    const run = await gradflow(['train', 'line.gradflow', '--epochs', '1', '--save', saved], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(readFileSync(saved, 'utf8'));
    delete doc.parameters['b.B'];
    writeFileSync(saved, JSON.stringify(doc));
    for (const args of [['eval', saved], ['predict', saved, '--input', '1']]) {
      const refused = await gradflow(args, { cwd: dir });
      assert.equal(refused.code, 1);
      assert.equal(refused.stderr, `gradflow: ${saved} lacks trained values for the parameter "b.B"; train it again: gradflow train ${saved} --save ${saved}\n`);
    }
  });

  test('--target is refused for built-ins with fixed columns; Auto MPG drops the target from its features', async () => {
    const spiral = join(EXAMPLES, 'spiral.gradflow');
    const run = await gradflow(['train', spiral, '--target', 'x'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'gradflow: train: --target does not apply to the built-in set "spiral": its columns are fixed; --target chooses the target column of CSV or JSON data (or auto-mpg)\n');
    const viaData = await gradflow(['train', 'split.gradflow', '--data', 'mnist', '--target', 'label'], { cwd: dir });
    assert.equal(viaData.code, 2);
    assert.match(viaData.stderr, /--target does not apply to the built-in set "mnist"/);
    if (!existsSync(join(REPO, 'assets', 'data', 'auto-mpg.json'))) return;
    // Horsepower leaves the five default features (it used to clash: "chosen both as a feature and as a target").
    const retargeted = await gradflow(['train', join(EXAMPLES, 'ch2-linear-regression.gradflow'), '--target', 'Horsepower', '--epochs', '1'], { cwd: dir });
    assert.equal(retargeted.stderr, `gradflow: ${join(EXAMPLES, 'ch2-linear-regression.gradflow')}: the data has 4 feature columns but the Input "input" (5,) takes 5; ` +
      'change the Input shape or the feature columns of the data source\n');
  });

  test('files read outside the document\'s folder are named even when loading fails, with their full paths', async () => {
    mkdirSync(at('docs'), { recursive: true });
    writeFileSync(at('semicolons.csv'), 'x;y\n1;2\n');
    writeFileSync(at('docs/outside.gradflow'), linearDocument({ kind: 'file', path: '../semicolons.csv' }));
    const run = await gradflow(['train', join('docs', 'outside.gradflow')], { cwd: dir });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `gradflow: data: reading ${at('semicolons.csv')} (outside the document's folder)\n` +
      `gradflow: ${join('docs', 'outside.gradflow')}: ${at('semicolons.csv')} has one column "x;y" — is it separated by ';'? Gradflow reads comma-separated files\n`);
  });
});
