// Bad input of every kind: one line "gradflow: …" naming the problem on stderr, the right exit code (2: the
// command line is wrong, 1: the work failed), nothing on stdout, no stack trace. Every case runs through
// main() in this process (fast); the ones marked `spawn` also run as the real child process, which checks
// what only a process shows: the exit status, the streams, no trace from an unhandled rejection.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, gradflow, gradflowInProcess, linearDocument, tempFolder } from './testing.ts';

const temp = tempFolder();
after(() => temp.remove());
const dir = temp.path;
const spiral = join(EXAMPLES, 'spiral.gradflow');

writeFileSync(join(dir, 'invalid.gradflow'), '{"format": "gradflow",\n  "version": 1,\n');
writeFileSync(join(dir, 'not-a-doc.gradflow'), '[1, 2]');
// A CSV with a text cell in a numeric column, under the strict missing-value policy.
writeFileSync(join(dir, 'strict.csv'), 'a,b,t\n1,2,3\n2,oops,5\n3,1,4\n');
writeFileSync(join(dir, 'strict.gradflow'), linearDocument({ kind: 'file', path: 'strict.csv', missing: 'strict' }));
// Two document errors at once: both are printed, each with its path.
const twoErrors = JSON.parse(linearDocument({ kind: 'file', path: 'strict.csv' }));
twoErrors.nodes[1].attributes.neurons = 0;
twoErrors.nodes[2].attributes.bogus = 1;
writeFileSync(join(dir, 'two-errors.gradflow'), JSON.stringify(twoErrors));
writeFileSync(join(dir, 'missing-data.gradflow'), linearDocument({ kind: 'file', path: 'nowhere.csv' }));

const cases: { args: string[]; code: number; stderr: string; spawn?: true }[] = [
  { spawn: true, args: ['trian', spiral], code: 2, stderr: 'gradflow: unknown command "trian"; did you mean "train"?' },
  { args: ['frobnicate'], code: 2, stderr: 'gradflow: unknown command "frobnicate" (gradflow --help lists the commands)' },
  { spawn: true, args: ['help', 'nonsense'], code: 2, stderr: 'gradflow: unknown command "nonsense" (gradflow --help lists the commands)' },
  { args: ['--help', 'trian'], code: 2, stderr: 'gradflow: unknown command "trian"; did you mean "train"?' },
  { spawn: true, args: ['train', '/dev/zero'], code: 1, stderr: 'gradflow: cannot read document /dev/zero: it is not a regular file (a device, pipe or socket cannot be read as data)' },
  { args: ['train'], code: 2, stderr: 'gradflow: train: missing FILE (the .gradflow document to train)' },
  { spawn: true, args: ['train', spiral, '--epoch', '3'], code: 2, stderr: 'gradflow: train: unknown flag --epoch; did you mean --epochs?' },
  { args: ['train', spiral, '--frobnicate'], code: 2, stderr: 'gradflow: train: unknown flag --frobnicate (gradflow train --help lists the flags)' },
  { args: ['train', spiral, '--epochs'], code: 2, stderr: 'gradflow: train: --epochs needs a value (N)' },
  { args: ['train', spiral, '--epochs', '--json'], code: 2, stderr: 'gradflow: train: --epochs needs a value (N)' },
  { spawn: true, args: ['train', spiral, '--epochs', 'ten'], code: 2, stderr: 'gradflow: train: --epochs expects a whole number, got "ten"' },
  { args: ['train', spiral, '--epochs=2.5'], code: 2, stderr: 'gradflow: train: --epochs expects a whole number, got "2.5"' },
  { args: ['train', spiral, '--epochs', '0'], code: 2, stderr: 'gradflow: train: --epochs must be at least 1, got 0' },
  { args: ['train', spiral, '--lr', '0'], code: 2, stderr: 'gradflow: train: --lr must be greater than 0, got 0' },
  { args: ['train', spiral, '--epochs', '1', '--epochs=2'], code: 2, stderr: 'gradflow: train: --epochs is given twice' },
  { args: ['train', spiral, '--json=yes'], code: 2, stderr: 'gradflow: train: --json takes no value' },
  { args: ['train', spiral, 'extra'], code: 2, stderr: 'gradflow: train: unexpected argument "extra"' },
  { args: ['train', spiral, '--backend', 'gpu'], code: 2, stderr: 'gradflow: train: unknown backend "gpu" (choose reference or fast)' },
  { args: ['train', spiral, '--data', 'rows.dat'], code: 2, stderr: 'gradflow: train: cannot tell the format of rows.dat from its name; use a .csv, .json, .idx or .txt file (optionally .gz)' },
  { args: ['train', spiral, '--data', 'images.idx'], code: 2, stderr: 'gradflow: train: --data images.idx is IDX images: give their labels with --labels PATH' },
  { args: ['eval', spiral, '--epochs', '3'], code: 2, stderr: 'gradflow: eval: unknown flag --epochs (gradflow eval --help lists the flags)' },
  { args: ['predict', spiral], code: 2, stderr: 'gradflow: predict: missing --input VALUES|PATH (the rows to predict, e.g. --input "1.5,2")' },
  { spawn: true, args: ['train', 'no-such.gradflow'], code: 1, stderr: `gradflow: cannot read document ${join(dir, 'no-such.gradflow')}: no such file` },
  { args: ['train', dir], code: 1, stderr: `gradflow: cannot read document ${dir}: it is a folder, not a file` },
  {
    args: ['train', 'invalid.gradflow'], code: 1,
    stderr: 'gradflow: invalid.gradflow is not a valid .gradflow file: line 3, column 1: the file ends too early (unclosed bracket, string or missing value)',
  },
  {
    args: ['check', 'not-a-doc.gradflow'], code: 1,
    stderr: 'gradflow: not-a-doc.gradflow: 1 problem:\n  not a Gradflow file: expected a JSON object at the top level, got a list',
  },
  {
    args: ['train', 'two-errors.gradflow'], code: 1,
    stderr: 'gradflow: two-errors.gradflow is not a valid .gradflow file: 2 problems:\n' +
      '  nodes[1].attributes.neurons: node "w" (WeightMultiply): neurons must be at least 1, got 0\n' +
      '  nodes[2].attributes.bogus: node "b" (BiasAdd): bogus is not an attribute of BiasAdd (it has: init)',
  },
  {
    args: ['train', 'missing-data.gradflow'], code: 1,
    stderr: `gradflow: missing-data.gradflow: cannot read data file ${join(dir, 'nowhere.csv')}: no such file`,
  },
  {
    args: ['train', spiral, '--data', 'absent.csv'], code: 1,
    stderr: `gradflow: ${spiral}: cannot read data file ${join(dir, 'absent.csv')}: no such file`,
  },
  { spawn: true, args: ['train', 'strict.gradflow'], code: 1, stderr: `gradflow: strict.gradflow: ${join(dir, 'strict.csv')}: row 3, column "b": "oops" is not a number` },
  {
    args: ['eval', spiral], code: 1,
    stderr: `gradflow: ${spiral} has no trained parameters; train it first: gradflow train ${spiral} --save ${spiral}`,
  },
];

describe('bad invocations', () => {
  for (const { args, code, stderr } of cases) {
    test(`gradflow ${args.map((a) => a.replace(dir, '<tmp>').replace(EXAMPLES, '<examples>')).join(' ')}`, async () => {
      const run = await gradflowInProcess(args, { cwd: dir });
      assert.equal(run.stderr.trimEnd(), stderr);
      assert.equal(run.code, code);
      assert.equal(run.stdout, '');
    });
  }
});

describe('bad invocations, as a real process', { concurrency: 3 }, () => {
  for (const { args, code, stderr } of cases.filter((c) => c.spawn)) {
    test(`gradflow ${args.map((a) => a.replace(EXAMPLES, '<examples>')).join(' ')}`, async () => {
      const run = await gradflow(args, { cwd: dir });
      assert.equal(run.stderr.trimEnd(), stderr);
      assert.equal(run.code, code);
      assert.equal(run.stdout, '');
    });
  }
});

test('--debug adds the stack trace; without it there is none', async () => {
  const plain = await gradflow(['train', 'no-such.gradflow'], { cwd: dir });
  assert.doesNotMatch(plain.stderr, /\n\s+at /);
  const debug = await gradflow(['train', 'no-such.gradflow', '--debug'], { cwd: dir });
  assert.equal(debug.code, 1);
  assert.match(debug.stderr, /^gradflow: cannot read document .*: no such file\nCliError: .*\n\s+at /);
});
