// Every command through the real child process (node bin/gradflow.mjs …) on the example files and on
// files written to a temp folder: the outputs a user and a script rely on.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { OPS } from '../core/ops/registry.ts';
import { EXAMPLES, REPO, gradflow, jsonLines, linearDocument, tempFolder } from './testing.ts';

const temp = tempFolder();
after(() => temp.remove());
const example = (name: string) => join(EXAMPLES, `${name}.gradflow`);
const finite = (record: unknown) => Object.values(record as Record<string, number>).every(Number.isFinite);

describe('the CLI as a process', { concurrency: 2 }, () => {
  test('--help lists the commands, CMD --help its flags, --version the version', async () => {
    const [help, trainHelp, version] = await Promise.all([gradflow(['--help']), gradflow(['train', '--help']), gradflow(['--version'])]);
    assert.equal(help.code, 0);
    for (const command of ['train', 'eval', 'predict', 'check', 'gradcheck', 'inspect', 'ops']) assert.match(help.stdout, new RegExp(`^  ${command} +\\S`, 'm'));
    assert.equal(trainHelp.code, 0);
    for (const name of ['--epochs N', '--seed N', '--batch-size N', '--lr X', '--backend NAME', '--save OUT', '--json', '--limit N', '--data SPEC', '--target COLUMN', '--labels PATH', '--test-data SPEC', '--test-labels PATH']) {
      assert.ok(trainHelp.stdout.includes(name), name);
    }
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout, `gradflow ${pkg.version}\n`);
  });

  test('train --json prints only JSON lines: an eval line per evaluation, then a done line with finite metrics', async () => {
    const run = await gradflow(['train', example('ch1-chain'), '--epochs', '5', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const lines = jsonLines(run.stdout);
    const evals = lines.filter((l) => l.type === 'eval');
    assert.deepEqual(evals.map((l) => l.epoch), [5]); // the file evaluates every 5 epochs
    assert.ok(Number.isFinite(evals[0]!.loss));
    const done = lines.at(-1)!;
    assert.equal(done.type, 'done');
    assert.equal(lines.length, evals.length + 1);
    assert.ok(finite(done.metrics));
    assert.equal(done.epochs, 5);
    assert.equal(done.testMetrics, null);
    assert.ok((done.seconds as number) > 0 && (done.samplesPerSecond as number) > 0);
    // People's lines went to stderr: the data report and the time of each epoch.
    assert.match(run.stderr, /^data: 200 rows, 1 feature, 1 target column$/m);
    assert.match(run.stderr, /^epoch 1 took [\d.]+ m?s \(train loss [\d.e-]+\)$/m);
  });

  test('train prints the report, the first, last and evaluated epochs\' times, evaluations and the final metrics', async () => {
    const run = await gradflow(['train', example('ch2-linear-regression'), '--epochs', '3', '--seed', '7', '--lr', '0.005']);
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /^data: 392 rows, 5 features, 1 target column$/m);
    assert.match(out, /SGD learning rate 0\.005, seed 7, reference backend/);
    for (const epoch of [1, 3]) assert.match(out, new RegExp(`^epoch ${epoch} took [\\d.]+ m?s`, 'm'));
    assert.doesNotMatch(out, /^epoch 2 took/m, 'an epoch that is neither first, last nor evaluated prints no line');
    assert.match(out, /^epoch 3: validation loss [\d.]+, mse [\d.]+, mae [\d.]+, rmse [\d.]+$/m);
    assert.match(out, /^final validation \(\d+ rows\): loss /m);
    assert.match(out, /^test \(\d+ rows\): loss /m); // this file holds out a test split
    assert.equal(run.stderr, '');
  });

  describe('train --save, then eval and predict on the saved file', () => {
    const saved = join(temp.path, 'spiral-trained.gradflow');
    let done: Record<string, unknown>;
    before(async () => {
      const run = await gradflow(['train', example('spiral'), '--epochs', '6', '--save', saved, '--json']);
      assert.equal(run.code, 0, run.stderr);
      done = jsonLines(run.stdout).at(-1)!;
    });

    test('the saved file holds parameters and a run summary, written without a temporary left over', () => {
      const doc = JSON.parse(readFileSync(saved, 'utf8'));
      assert.deepEqual(Object.keys(doc.parameters).sort(), ['dense1_b.B', 'dense1_w.W', 'dense2_b.B', 'dense2_w.W', 'dense3_b.B', 'dense3_w.W']);
      assert.equal(doc.runSummary.epochs, 6);
      assert.equal(doc.runSummary.validationLoss, (done.metrics as Record<string, number>).loss);
      assert.equal(done.saved, saved);
      assert.deepEqual(readdirSync(temp.path).filter((f) => f.includes('.tmp-')), []);
    });

    test('eval reproduces the validation loss of the run exactly', async () => {
      const run = await gradflow(['eval', saved, '--json']);
      assert.equal(run.code, 0, run.stderr);
      const [validation] = jsonLines(run.stdout);
      assert.equal(validation!.split, 'validation');
      assert.equal(validation!.loss, (done.metrics as Record<string, number>).loss);
      assert.equal((validation!.metrics as Record<string, number>).accuracy, (done.metrics as Record<string, number>).accuracy);
    });

    test('predict gives a class and softmax probabilities per row', async () => {
      const run = await gradflow(['predict', saved, '--input', '0.1,0.2;-1,0.5', '--json']);
      assert.equal(run.code, 0, run.stderr);
      const rows = jsonLines(run.stdout);
      assert.equal(rows.length, 2);
      for (const row of rows) {
        const p = row.probabilities as number[];
        assert.equal(p.length, 2);
        assert.ok(Math.abs(p[0]! + p[1]! - 1) < 1e-6);
        assert.equal(row.class, p[0]! > p[1]! ? '0' : '1');
      }
      const text = await gradflow(['predict', saved, '--input', '0.1,0.2']);
      assert.match(text.stdout, /^row +class +probability +p\(0\) +p\(1\)$/m);
    });
  });

  test('check: shapes of a good file; every problem of a broken one, naming the node', async () => {
    const good = await gradflow(['check', example('spiral')]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /^ok: 12 nodes, 11 edges, 354 parameter values; shapes \(N = batch\):$/m);
    assert.match(good.stdout, /^ {2}dense1_w +WeightMultiply +\(N, 16\) +W \(2, 16\)$/m);
    assert.match(good.stdout, /^ {2}loss +SoftmaxCrossEntropy +\(\)/m);
    const doc = JSON.parse(readFileSync(example('spiral'), 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'dense3_w').attributes.neurons = 3;
    writeFileSync(join(temp.path, 'broken.gradflow'), JSON.stringify(doc));
    const broken = await gradflow(['check', 'broken.gradflow'], { cwd: temp.path });
    assert.equal(broken.code, 1);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /^gradflow: broken\.gradflow: 1 problem:\n {2}edges\[\d+\]: SoftmaxCrossEntropy "loss": prediction \(N, 3\) and target \(N, 2\) must have the same shape \(inputs: prediction ← "dense3_act" \(N, 3\), target ← "target" \(N, 2\)\) — .+\n$/);
  });

  test('gradcheck passes on ch1-chain and spiral, stating the tolerance', async () => {
    const [chain, spiral] = await Promise.all([gradflow(['gradcheck', example('ch1-chain')]), gradflow(['gradcheck', example('spiral'), '--json'])]);
    assert.equal(chain.code, 0, chain.stdout + chain.stderr);
    assert.match(chain.stdout, /^ {2}square +Square +input X +8 +\S+ +✓$/m);
    assert.match(chain.stdout, /^ {2}a +Parameter +parameter value +1 +\S+ +✓$/m);
    assert.match(chain.stdout, /^ok: all \d+ checks pass \(largest relative error \S+, tolerance 1e-6\)$/m);
    assert.equal(spiral.code, 0, spiral.stderr);
    const lines = jsonLines(spiral.stdout);
    const done = lines.at(-1)!;
    assert.deepEqual([done.type, done.passed, done.tolerance, done.failed], ['done', true, 1e-6, 0]);
    const checks = lines.filter((l) => l.type === 'gradient');
    assert.ok(checks.some((c) => c.level === 'graph' && c.node === 'dense2_w' && c.elements === 64 && c.of === 256));
    assert.ok(checks.every((c) => (c.maxRelativeError as number) <= 1e-6));
  });

  test('inspect --json shows the book\'s X and W on ch1-matrix, and no gradient for data', async () => {
    const run = await gradflow(['inspect', example('ch1-matrix'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const lines = jsonLines(run.stdout);
    const x = lines.find((l) => l.type === 'edge' && l.from === 'X')!;
    const values = (x.value as { values: number[] }).values.map((v) => Number(v.toFixed(4)));
    assert.deepEqual(values, [0.4723, 0.6151, -1.7262]);
    assert.equal(x.gradient, null);
    assert.equal(x.noGradient, 'data');
    // Topological order: the edge out of X comes before the edge into the loss.
    const ids = lines.filter((l) => l.type === 'edge').map((l) => l.from);
    assert.ok(ids.indexOf('X') < ids.indexOf('L'));
    const w = lines.find((l) => l.type === 'parameter' && l.key === 'W.value')!;
    assert.equal((w.gradient as { shape: number[] }).shape.join(), '3,1');
    assert.ok(Number.isFinite(lines.at(-1)!.loss));
  });

  test('ops --json lists every op of the registry', async () => {
    const run = await gradflow(['ops', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const ops = jsonLines(run.stdout);
    assert.deepEqual(ops.map((o) => o.op), OPS.map((op) => op.type));
    const dropout = ops.find((o) => o.op === 'Dropout')!;
    assert.equal((dropout.attributes as Record<string, { default: number }>).keepProbability.default, 0.8);
    assert.ok(ops.every((o) => typeof o.formula === 'string' && typeof o.chapter === 'number'));
  });

  test('the data path of a file outside the document\'s folder is printed, and a CSV trains', async () => {
    writeFileSync(join(temp.path, 'rows.csv'), 'a,b,t\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${2 * i + 1}`).join('\n') + '\n');
    const folder = join(temp.path, 'models');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'outside.gradflow'), linearDocument({ kind: 'file', path: '../rows.csv', scale: { method: 'standardize' } }));
    const run = await gradflow(['train', join('models', 'outside.gradflow'), '--epochs', '2'], { cwd: temp.path });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^data: reading ${join(temp.path, 'rows.csv').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(outside the document's folder\\)$`, 'm'));
    assert.match(run.stdout, /^final training rows \(the data has no validation split\) \(20 rows\): loss /m);
  });
});

test('npx gradflow --help works from the repository root', { timeout: 60_000 }, async () => {
  const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'gradflow', '--help'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^usage: gradflow COMMAND/);
});
