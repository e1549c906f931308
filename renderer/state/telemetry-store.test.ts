// The telemetry store: what each message does to the picture, and one publication per animation frame.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Telemetry, TensorSummary } from '../../core/protocol/telemetry.ts';
import { createTelemetryStore, initialTelemetryState, MAX_WARNINGS, reduceTelemetry } from './telemetry-store.ts';

const summary = (mean: number, values?: number[]): TensorSummary => ({
  shape: [2, 1], mean, std: 0, min: mean, max: mean, norm: Math.abs(mean) * Math.SQRT2, zeroFraction: 0, nanCount: 0, infCount: 0, histogram: [2],
  ...(values ? { values } : {}),
});

const progress = (epoch: number, trainLoss: number): Telemetry => ({
  type: 'progress', epoch, epochs: 10, batch: 1, batches: 1, batchLoss: trainLoss, trainLoss, samplesPerSecond: 100, etaSeconds: 1, learningRate: 0.1,
});

const loaded: Telemetry = {
  type: 'loaded', name: 'g', dataReport: ['r'], backend: 'reference', rows: { train: 2, validation: 0, test: 0 },
  graph: { nodes: [], edges: [{ id: 'e1', from: 'a', to: 'b', port: 'X', carriesGradient: true }], order: [], parameterCount: 0 },
};

function frames() {
  const pending: (() => void)[] = [];
  return { request: (fn: () => void) => { pending.push(fn); }, run: () => pending.splice(0).forEach((fn) => fn()), get count() { return pending.length; } };
}

test('messages are folded in at once but published once per frame', () => {
  const frame = frames();
  const { store, ingest } = createTelemetryStore(frame.request);
  let publications = 0;
  store.subscribe(() => { publications += 1; });
  ingest({ type: 'status', status: 'running' });
  for (let epoch = 1; epoch <= 50; epoch++) ingest(progress(epoch, 1 / epoch));
  assert.equal(frame.count, 1, 'one frame requested however many messages arrive');
  assert.equal(store.getState().status, 'idle', 'nothing published before the frame');
  frame.run();
  assert.equal(publications, 1);
  assert.equal(store.getState().status, 'running');
  assert.equal(store.getState().progress?.epoch, 50, 'latest wins');
  assert.equal(store.getState().loss, 1 / 50);
  assert.equal(store.getState().received, 51);
  frame.run();
  assert.equal(publications, 1, 'no frame, no publication without news');
  ingest({ type: 'status', status: 'done' });
  frame.run();
  assert.equal(store.getState().status, 'done');
});

test('edge summaries merge: a forward pass keeps the last gradient, a backward pass the last value', () => {
  let s = reduceTelemetry(initialTelemetryState(), loaded);
  s = reduceTelemetry(s, { type: 'edges', phase: 'both', edges: [{ edgeId: 'e1', value: summary(1), gradient: summary(2) }] });
  s = reduceTelemetry(s, { type: 'edges', phase: 'forward', edges: [{ edgeId: 'e1', value: summary(3) }] });
  assert.equal(s.edges.e1?.value?.mean, 3);
  assert.equal(s.edges.e1?.gradient?.mean, 2);
  s = reduceTelemetry(s, { type: 'step', direction: 'backward', nodeId: 'b', index: 0, total: 2, edges: [{ edgeId: 'e1', gradient: summary(4, [4, 4]) }], loss: 0.5 });
  assert.deepEqual(s.edges.e1?.gradient?.values, [4, 4]);
  assert.equal(s.edges.e1?.value?.mean, 3);
  assert.deepEqual(s.step, { direction: 'backward', nodeId: 'b', index: 0, total: 2 });
  assert.equal(s.loss, 0.5);
});

test('a newly loaded graph starts from a clean picture', () => {
  let s = reduceTelemetry(initialTelemetryState(), progress(3, 0.2));
  s = reduceTelemetry(s, { type: 'edges', phase: 'both', edges: [{ edgeId: 'old', value: summary(1) }] });
  s = reduceTelemetry(s, { type: 'error', message: 'boom' });
  s = reduceTelemetry(s, loaded);
  assert.deepEqual(s.edges, {});
  assert.equal(s.progress, undefined);
  assert.equal(s.error, undefined);
  assert.equal(s.loaded?.graph.edges[0]?.id, 'e1');
});

test('errors stay until the next run; warnings and evaluations are bounded', () => {
  let s = reduceTelemetry(initialTelemetryState(), { type: 'status', status: 'error', message: 'NaN in node d1' });
  assert.equal(s.error?.message, 'NaN in node d1');
  s = reduceTelemetry(s, { type: 'status', status: 'ready' });
  assert.ok(s.error, 'still shown');
  s = reduceTelemetry(s, { type: 'status', status: 'running' });
  assert.equal(s.error, undefined);
  for (let i = 0; i < MAX_WARNINGS + 5; i++) s = reduceTelemetry(s, { type: 'warning', message: `w${i}`, nodeId: 'n' });
  assert.equal(s.warnings.length, MAX_WARNINGS);
  assert.equal(s.warnings.at(-1), `w${MAX_WARNINGS + 4} (node n)`);
  const same = reduceTelemetry(s, { type: 'tensor', requestId: 1, shape: [1], data: new Float32Array(1) });
  assert.equal(same.edges, s.edges, 'requested tensors are not part of the live picture');
});

test('reset keeps the runs history when asked (the same document reloaded after an edit), and only then', () => {
  const frame = frames();
  const t = createTelemetryStore(frame.request);
  t.ingest({ type: 'status', status: 'running' });
  t.ingest(progress(1, 0.5));
  t.ingest({ type: 'status', status: 'done' });
  t.reset({ keepRuns: true });
  assert.deepEqual(t.store.getState().runs.map((r) => [r.id, r.finished, r.lastEpoch]), [[1, true, 1]]);
  assert.equal(t.store.getState().status, 'idle', 'everything else starts over');
  t.ingest({ type: 'status', status: 'running' });
  frame.run();
  assert.deepEqual(t.store.getState().runs.map((r) => r.id), [1, 2], 'the next run is the second');
  t.reset();
  assert.deepEqual(t.store.getState().runs, [], 'another document starts without runs');
});

test('reset drops staged messages', () => {
  const frame = frames();
  const t = createTelemetryStore(frame.request);
  t.ingest({ type: 'status', status: 'running' });
  t.reset();
  frame.run();
  assert.equal(t.store.getState().status, 'idle');
});
