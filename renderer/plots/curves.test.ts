import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addEvaluation, addProgress, finishRun, setRunSettings, startRun, type RunRecord } from '../state/run-history.ts';
import { compareFigure, epochSeries, lossFigure, metricNames, metricsFigure } from './curves.ts';
import { hasPoints } from './figure.ts';
import { plotTheme } from './plot-theme.ts';

const theme = plotTheme('light');
const progress = (epoch: number, batch: number, loss: number) => ({
  type: 'progress' as const, epoch, epochs: 3, batch, batches: 2, batchLoss: loss, trainLoss: loss, samplesPerSecond: 1, etaSeconds: 0, learningRate: 0.1,
});

function run(losses: number[], validation: Record<number, number> = {}): RunRecord[] {
  let runs = startRun([], 0);
  losses.forEach((loss, i) => { runs = addProgress(runs, progress(Math.floor(i / 2) + 1, (i % 2) + 1, loss)); });
  for (const [epoch, loss] of Object.entries(validation)) runs = addEvaluation(runs, { type: 'evaluation', epoch: Number(epoch), split: 'validation', loss, metrics: { accuracy: 1 - loss } });
  return finishRun(runs);
}

test('the loss figure: every batch, each epoch\'s training loss, validation where measured', () => {
  const [record] = run([4, 3, 2, 1.5], { 2: 1.8 });
  const figure = lossFigure(record!, theme);
  assert.deepEqual(figure.data.map((t) => t.name), ['batch', 'train (epoch mean so far)', 'validation']);
  assert.deepEqual(figure.data[0]!.x, [0.5, 1, 1.5, 2], 'batches at fractions of epochs');
  assert.deepEqual(figure.data[0]!.y, [4, 3, 2, 1.5]);
  assert.deepEqual(figure.data[1]!.x, [1, 2]);
  assert.deepEqual(figure.data[1]!.y, [3, 1.5], 'an epoch\'s point is its last running mean');
  assert.deepEqual([figure.data[2]!.x, figure.data[2]!.y], [[2], [1.8]]);
  assert.equal((lossFigure(record!, theme, { logY: true }).layout.yaxis as { type: string }).type, 'log');
  const [bare] = run([4]);
  assert.equal(lossFigure(bare!, theme).data.length, 2, 'no validation trace without a validation');
  assert.ok(!hasPoints(lossFigure(startRun([], 0)[0]!, theme)), 'a run that has not started has nothing to draw');
});

test('metrics per validation', () => {
  const [record] = run([1, 1, 1, 1], { 1: 0.5, 2: 0.25 });
  assert.deepEqual(metricNames(record!), ['accuracy']);
  const figure = metricsFigure(record!, theme);
  assert.deepEqual([figure.data[0]!.name, figure.data[0]!.x, figure.data[0]!.y], ['validation accuracy', [1, 2], [0.5, 0.75]]);
});

test('two runs overlaid: a train trace each (and validation where there is one), in the runs\' colours', () => {
  let runs = run([4, 3, 2, 1], { 2: 1.2 });
  runs = startRun(runs, 5);
  runs = addProgress(runs, progress(1, 2, 2.5));
  runs = finishRun(setRunSettings(runs, 2, { lr: '0.1' }));
  const [a, b] = runs as [RunRecord, RunRecord];
  const figure = compareFigure(a, b, theme);
  assert.deepEqual(figure.data.map((t) => t.name), ['run 1 · train', 'run 1 · validation', 'run 2 · train']);
  assert.deepEqual(epochSeries(b).train, { x: [1], y: [2.5] });
  const colour = (i: number) => (figure.data[i]!.line as { color: string }).color;
  assert.equal(colour(0), colour(1));
  assert.notEqual(colour(0), colour(2));
});
