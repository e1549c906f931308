// The flag parser and the help it generates, in-process: every spelling the CLI accepts, and the usage
// errors for what it refuses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandHelp, flag, parseArgs, type CommandSpec } from './args.ts';
import { UsageError } from './errors.ts';
import { formatCount, formatNumber, formatSeconds, formatTensor, table } from './format.ts';
import { progressLine } from './progress.ts';

const spec = {
  name: 'demo',
  summary: 'a command for tests',
  positionals: [{ name: 'FILE', help: 'a file', required: true }],
  flags: {
    epochs: flag.int('N', 'epochs', { min: 1 }),
    lr: flag.number('X', 'learning rate', { above: 0 }),
    save: flag.string('OUT', 'where to save'),
    input: flag.string('VALUES', 'rows'),
    json: flag.bool('json lines'),
  },
} satisfies CommandSpec;

const usage = (argv: string[], message: string) => assert.throws(() => parseArgs(spec, argv), (e: unknown) => e instanceof UsageError && e.message === message);

test('flags as --flag value and --flag=value, typed, with positionals anywhere', () => {
  const parsed = parseArgs(spec, ['--epochs', '3', 'model.gradflow', '--lr=0.5', '--json', '--save', 'out.gradflow']);
  assert.deepEqual(parsed.flags, { epochs: 3, lr: 0.5, json: true, save: 'out.gradflow' });
  assert.deepEqual(parsed.positionals, ['model.gradflow']);
  const epochs: number | undefined = parsed.flags.epochs; // the types follow the declarations
  assert.equal(epochs, 3);
  assert.equal(parsed.help, false);
});

test('values may start with "-" (negative numbers, predict rows); "--" ends the flags', () => {
  assert.deepEqual(parseArgs(spec, ['f', '--input', '-1,2;3,-4']).flags, { input: '-1,2;3,-4' });
  assert.deepEqual(parseArgs(spec, ['--', '--odd-name.gradflow']).positionals, ['--odd-name.gradflow']);
});

test('--help, -h and --debug are known to every command; help skips the positional check', () => {
  assert.equal(parseArgs(spec, ['-h']).help, true);
  assert.equal(parseArgs(spec, ['f', '--debug']).debug, true);
});

test('usage errors name the flag and what is wrong', () => {
  usage(['f', '--epoch', '2'], 'unknown flag --epoch; did you mean --epochs?');
  usage(['f', '--sav', 'x'], 'unknown flag --sav; did you mean --save?');
  usage(['f', '--xyzzy'], 'unknown flag --xyzzy (gradflow demo --help lists the flags)');
  usage(['f', '--epochs'], '--epochs needs a value (N)');
  usage(['f', '--epochs', '--json'], '--epochs needs a value (N)');
  usage(['f', '--epochs', 'many'], '--epochs expects a whole number, got "many"');
  usage(['f', '--epochs', '0x10'], '--epochs expects a whole number, got "0x10"');
  usage(['f', '--lr', 'Infinity'], '--lr expects a number, got "Infinity"');
  usage(['f', '--lr', '-1'], '--lr must be greater than 0, got -1');
  usage(['f', '--epochs', '0'], '--epochs must be at least 1, got 0');
  usage(['f', '--json', '--json'], '--json is given twice');
  usage(['f', '--json=1'], '--json takes no value');
  usage(['f', '--save='], '--save needs a value (OUT), got an empty one');
  usage(['f', '-x'], 'unknown option -x (flags are spelled --name)');
  usage([], 'missing FILE (a file)');
  usage(['a', 'b'], 'unexpected argument "b"');
});

test('help lists the arguments and every flag with its placeholder', () => {
  const help = commandHelp(spec);
  assert.match(help, /^usage: gradflow demo FILE \[flags\]/);
  for (const line of ['--epochs N', '--lr X', '--save OUT', '--json', '--help', '--debug']) assert.ok(help.includes(line), line);
});

test('number, duration, table, tensor and progress formatting', () => {
  assert.equal(formatNumber(0.012345), '0.01235');
  assert.equal(formatNumber(2.5), '2.5');
  assert.equal(formatNumber(1.5e-7), '1.5e-7');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(1e5), '1e+5'); // toPrecision's exponent form, without its padding zeros
  assert.equal(formatNumber(123456), '1.235e+5');
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(7.922816251426434e28), '7.92e+28');
  assert.equal(formatSeconds(1.8412), '1.84 s');
  assert.equal(formatSeconds(0.0042), '4.2 ms');
  assert.equal(formatSeconds(125), '2 min 05 s');
  assert.deepEqual(table(['a', 'bb'], [['1', '22'], ['333', '4']], ['right']), ['  a  bb', '───  ──', '  1  22', '333  4']);
  assert.equal(formatTensor([1, 2, 3, 4], [2, 2]), '[[1, 2],\n [3, 4]]');
  assert.equal(formatTensor([0.5], []), '0.5');
  const line = progressLine({ epoch: 2, epochs: 10, batch: 5, batches: 10, loss: 0.25, samplesPerSecond: 1234, etaSeconds: 65 }, 100);
  assert.equal(line, 'epoch 2/10 ━━━━━━━━━━━━──────────── batch 5/10 · loss 0.25 · 1,234 samples/s · ETA 1:05');
  assert.ok(progressLine({ epoch: 1, epochs: 1, batch: 1, batches: 1, loss: 1, samplesPerSecond: 1, etaSeconds: 0 }, 30).length < 30);
});
