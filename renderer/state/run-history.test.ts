// Run and edge histories: bounded, thinned evenly, and comparable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import {
  addEdgeMoments, addEvaluation, addProgress, appendThinned, emptyThinned, describeRunSettings, differingSettings, finishRun, MAX_EDGE_MOMENTS, MAX_RUNS, runToCsv, startRun,
} from './run-history.ts';
import { initialTelemetryState, reduceTelemetry } from './telemetry-store.ts';

const progress = (epoch: number, batch: number, loss: number): Extract<Telemetry, { type: 'progress' }> => ({
  type: 'progress', epoch, epochs: 3, batch, batches: 4, batchLoss: loss, trainLoss: loss, samplesPerSecond: 1, etaSeconds: 1, learningRate: 0.1,
});

test('a full list drops every other point and keeps its whole span', () => {
  let series = emptyThinned<number>();
  for (let i = 0; i < 1000; i++) series = appendThinned(series, i, 100);
  const list = series.items;
  assert.ok(list.length <= 100 && list.length >= 50, `${list.length} points`);
  assert.equal(list[0], 0, 'the start is kept');
  const gaps = new Set(list.slice(1).map((v, i) => v - list[i]!));
  assert.deepEqual([...gaps], [series.stride], 'evenly spaced');
  assert.ok(list.at(-1)! > 1000 - series.stride - 1, `reaches the end (${list.at(-1)})`);
});

test('progress makes batch points and epoch points; validation lands on its epoch; a run finishes', () => {
  let runs = startRun([], 0);
  runs = addProgress(runs, progress(1, 2, 0.9));
  runs = addProgress(runs, progress(1, 4, 0.8));
  runs = addEvaluation(runs, { type: 'evaluation', epoch: 1, split: 'validation', loss: 0.85, metrics: { accuracy: 0.5 } });
  runs = addEvaluation(runs, { type: 'evaluation', epoch: 3, split: 'test', loss: 0.1, metrics: {} });
  const run = runs[0]!;
  assert.deepEqual(run.batches.items.map((b) => b.at), [0.5, 1]);
  assert.deepEqual(run.epochs, [{ epoch: 1, trainLoss: 0.8, validationLoss: 0.85, metrics: { accuracy: 0.5 } }]);
  assert.equal(runToCsv(run), 'epoch,train_loss,validation_loss,accuracy\n1,0.8,0.85,0.5\n');
  runs = finishRun(runs);
  assert.equal(runs[0]!.finished, true);
  assert.equal(addProgress(runs, progress(2, 1, 0.1))[0]!.batches.items.length, 2, 'a finished run takes no more points');
});

test('runs are numbered and bounded; edge moments are bounded per edge', () => {
  let runs = startRun([], 0);
  for (let i = 0; i < MAX_RUNS + 3; i++) runs = startRun(runs, i);
  assert.equal(runs.length, MAX_RUNS);
  assert.equal(runs.at(-1)!.id, MAX_RUNS + 4);
  assert.ok(runs.slice(0, -1).every((r) => r.finished));
  let history = {};
  for (let i = 0; i < 500; i++) history = addEdgeMoments(history, i, [{ edgeId: 'e' }]);
  assert.ok((history as Record<string, { items: unknown[] }>).e!.items.length <= MAX_EDGE_MOMENTS);
});

test('two runs differ by the settings that changed (sigmoid vs tanh)', () => {
  const base = { training: { epochs: 2, optimizer: { kind: 'SGD' as const, learningRate: 0.1 } }, groups: [], data: { kind: 'builtin', name: 'spiral' } };
  const a = describeRunSettings({ ...base, nodes: [{ id: 'act', op: 'Sigmoid', attributes: {}, position: { x: 0, y: 0 } }] });
  const b = describeRunSettings({ ...base, nodes: [{ id: 'act', op: 'Tanh', attributes: {}, position: { x: 0, y: 0 } }] });
  assert.equal(a['training.optimizer.learningRate'], '0.1');
  const runs = startRun(startRun([], 0), 1);
  const diff = differingSettings({ ...runs[0]!, settings: a }, { ...runs[1]!, settings: b });
  assert.deepEqual(diff, [{ name: 'node act', a: 'Sigmoid', b: 'Tanh' }]);
});

test('the store starts a run on Train, keeps runs across a reload of the document, and records edge history', () => {
  let s = reduceTelemetry(initialTelemetryState(), { type: 'status', status: 'running' });
  assert.equal(s.runs.length, 1);
  s = reduceTelemetry(s, progress(1, 1, 0.5));
  s = reduceTelemetry(s, { type: 'edges', phase: 'both', edges: [{ edgeId: 'e1' }] });
  s = reduceTelemetry(s, { type: 'status', status: 'paused' });
  s = reduceTelemetry(s, { type: 'status', status: 'running' });
  assert.equal(s.runs.length, 1, 'resuming is the same run');
  assert.equal(s.edgeHistory.e1?.items.length, 1);
  s = reduceTelemetry(s, { type: 'status', status: 'done' });
  assert.equal(s.runs[0]!.finished, true);
  s = reduceTelemetry(s, { type: 'loaded', name: 'g', dataReport: [], backend: 'reference', rows: { train: 1, validation: 0, test: 0 }, graph: { nodes: [], edges: [], order: [], parameterCount: 0 } });
  assert.equal(s.runs.length, 1, 'an edit reloads the engine; the runs stay');
  s = reduceTelemetry(s, { type: 'health', warnings: [{ kind: 'vanishing', nodeId: 'n', message: 'm', value: 1e-4 }] });
  assert.equal(s.health.length, 1);
  s = reduceTelemetry(s, { type: 'step', direction: 'forward', nodeId: 'n', index: 0, total: 1, edges: [], formula: 'σ(x) = 0.5' });
  assert.deepEqual(s.formulas.n, { forward: 'σ(x) = 0.5' });
  s = reduceTelemetry(s, { type: 'status', status: 'stepping' });
  assert.deepEqual(s.formulas, {}, 'entering step-through clears the training picture');
  s = reduceTelemetry(s, { type: 'step', direction: 'forward', nodeId: 'n', index: 0, total: 1, edges: [], formula: 'σ(x) = 0.5' });
  s = reduceTelemetry(s, { type: 'status', status: 'stepping' });
  assert.deepEqual(s.formulas.n, { forward: 'σ(x) = 0.5' }, 'but not between steps');
  s = reduceTelemetry(s, { type: 'step-cleared', sample: 3, rows: 1 });
  assert.deepEqual(s.formulas, {});
  assert.equal(s.stepSample, 3);
});

test('ended epochs carried by a frame give every epoch its final mean, in order', () => {
  let runs = startRun([], 0);
  runs = addProgress(runs, { ...progress(1, 2, 0.9) });
  // A frame late in epoch 4 brings the ends of epochs 1–3 (epoch 2 and 3 had no frame of their own).
  runs = addProgress(runs, { ...progress(4, 1, 0.3), endedEpochs: [{ epoch: 1, trainLoss: 0.8 }, { epoch: 2, trainLoss: 0.6 }, { epoch: 3, trainLoss: 0.4 }] });
  assert.deepEqual(runs[0]!.epochs.map((e) => [e.epoch, e.trainLoss]), [[1, 0.8], [2, 0.6], [3, 0.4], [4, 0.3]]);
});
