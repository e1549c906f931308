// The engine session in a real worker thread (electron/engine-worker.ts, run through tsx): load an example,
// train, receive progress and per-edge telemetry for every edge, pause/resume/stop, step through every
// node in order, request a tensor, and survive bad messages and NaN.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Telemetry } from '../protocol/telemetry.ts';
import type { EngineCommand } from '../protocol/commands.ts';
import { loadDocument } from '../document/load.ts';
import type { GradflowDocument } from '../document/types.ts';

const root = join(import.meta.dirname, '..', '..');
const workerFile = pathToFileURL(join(root, 'electron', 'engine-worker.ts')).href;
const bootstrap = join(root, 'test', 'support', 'ts-worker.mjs');

function example(name: string): GradflowDocument {
  const loaded = loadDocument(readFileSync(join(root, 'assets', 'examples', `${name}.gradflow`), 'utf8'));
  assert.ok(loaded.ok);
  return loaded.doc;
}

/** A worker running the engine, with a log of everything it said and a way to wait for a message. */
class EngineWorker {
  readonly worker: Worker;
  readonly received: Telemetry[] = [];
  private waiters: { match: (t: Telemetry) => boolean; resolve: (t: Telemetry) => void }[] = [];

  constructor(documentPath?: string) {
    this.worker = new Worker(bootstrap, { workerData: { documentPath, tsEntry: workerFile } });
    this.worker.on('message', (t: Telemetry) => {
      this.received.push(t);
      this.waiters = this.waiters.filter((w) => (w.match(t) ? (w.resolve(t), false) : true));
    });
  }

  send(command: EngineCommand | Record<string, unknown>): void {
    this.worker.postMessage(command);
  }

  /** The first message (from now, or already received after `since`) that matches. */
  next<T extends Telemetry['type']>(type: T, where: (t: Extract<Telemetry, { type: T }>) => boolean = () => true, timeoutMs = 30_000): Promise<Extract<Telemetry, { type: T }>> {
    const match = (t: Telemetry) => t.type === type && where(t as Extract<Telemetry, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" telemetry within ${timeoutMs} ms; got ${this.received.slice(-5).map((t) => t.type).join(', ')}`)), timeoutMs);
      this.waiters.push({ match, resolve: (t) => { clearTimeout(timer); resolve(t as Extract<Telemetry, { type: T }>); } });
    });
  }

  status(status: string) {
    return this.next('status', (t) => t.status === status);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

test('a worker loads an example, trains it and streams progress and every edge', async () => {
  const engine = new EngineWorker();
  try {
    const loaded = engine.next('loaded');
    engine.send({ type: 'load', document: example('spiral') });
    const description = await loaded;
    assert.equal(description.rows.train, 320);
    await engine.status('ready');
    const done = engine.status('done');
    engine.send({ type: 'train', epochs: 3 });
    await done;
    const progress = engine.received.filter((t) => t.type === 'progress');
    assert.ok(progress.length > 0);
    const last = progress.at(-1) as Extract<Telemetry, { type: 'progress' }>;
    assert.equal(last.epoch, 3);
    assert.ok(Number.isFinite(last.trainLoss) && last.samplesPerSecond > 0);
    const frames = engine.received.filter((t): t is Extract<Telemetry, { type: 'edges' }> => t.type === 'edges');
    const edges = frames.at(-1)!.edges;
    assert.deepEqual(edges.map((e) => e.edgeId).sort(), description.graph.edges.map((e) => e.id).sort());
    for (const e of edges) {
      assert.ok(e.value && Number.isFinite(e.value.mean), `edge ${e.edgeId} has a value summary`);
      const carries = description.graph.edges.find((d) => d.id === e.edgeId)!.carriesGradient;
      assert.equal(Boolean(e.gradient), carries, `edge ${e.edgeId}: gradient summary only where gradients flow`);
    }
    const frames2 = engine.received.filter((t): t is Extract<Telemetry, { type: 'parameters' }> => t.type === 'parameters');
    assert.equal(frames2.at(-1)!.parameters.length, description.graph.nodes.reduce((n, node) => n + node.params.length, 0));
    // Frames sent while training measure the update they follow: ‖Δp‖ / ‖p‖.
    assert.ok(frames2.some((f) => f.parameters.some((p) => p.updateRatio !== undefined && p.updateRatio > 0)));
    const exported = engine.next('trained-parameters');
    engine.send({ type: 'export-parameters', requestId: 3 });
    const trained = await exported;
    assert.equal(trained.requestId, 3);
    assert.deepEqual(Object.keys(trained.parameters).sort(), frames2.at(-1)!.parameters.map((p) => p.key).sort());
    assert.equal(trained.runSummary?.epochs, 3);
    assert.ok(Number.isFinite(trained.runSummary?.trainLoss));
  } finally {
    await engine.close();
  }
});

test('pause, resume and stop take effect within a batch', async () => {
  const engine = new EngineWorker();
  try {
    engine.send({ type: 'load', document: example('spiral') });
    await engine.status('ready');
    engine.send({ type: 'set-telemetry-rate', hz: 1000 });
    engine.send({ type: 'train', epochs: 100_000 }); // far more than it can run before the test stops it
    await engine.next('progress');
    engine.send({ type: 'pause' });
    await engine.status('paused');
    const count = engine.received.filter((t) => t.type === 'progress').length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(engine.received.filter((t) => t.type === 'progress').length, count, 'no batches run while paused');
    engine.send({ type: 'resume' });
    await engine.status('running');
    await engine.next('progress');
    engine.send({ type: 'stop' });
    const stopped = await engine.status('done');
    assert.equal(stopped.message, 'stopped');
    const last = engine.received.filter((t) => t.type === 'progress').at(-1) as Extract<Telemetry, { type: 'progress' }>;
    assert.ok(last.epoch < 100_000, 'stopped long before the end');
  } finally {
    await engine.close();
  }
});

test('step forward through every node in order, then backward in reverse, with exact values on small edges', async () => {
  const engine = new EngineWorker();
  try {
    const loaded = engine.next('loaded');
    engine.send({ type: 'load', document: example('ch1-matrix') });
    const { graph } = await loaded;
    const forward: string[] = [];
    for (let i = 0; i < graph.order.length; i++) {
      const step = engine.next('step');
      engine.send({ type: 'step-forward' });
      forward.push((await step).nodeId);
    }
    assert.deepEqual(forward, graph.order);
    const x = engine.received.find((t) => t.type === 'step' && t.nodeId === 'X') as Extract<Telemetry, { type: 'step' }>;
    assert.deepEqual(x.edges[0]!.value!.values!.map((v) => v.toFixed(4)), ['0.4723', '0.6151', '-1.7262']);
    const backward: string[] = [];
    for (let i = 0; i < graph.order.length; i++) {
      const step = engine.next('step', (t) => t.direction === 'backward');
      engine.send({ type: 'step-backward' });
      backward.push((await step).nodeId);
    }
    assert.deepEqual(backward, [...graph.order].reverse());
    const tensor = engine.next('tensor');
    engine.send({ type: 'request-tensor', requestId: 7, tensor: { kind: 'parameter-gradient', key: 'W.value' } });
    const gradient = await tensor;
    assert.equal(gradient.requestId, 7);
    assert.deepEqual(gradient.shape, [3, 1]);
    assert.ok(gradient.data instanceof Float32Array && gradient.data.every(Number.isFinite));
  } finally {
    await engine.close();
  }
});

test('bad messages, unknown nodes and a NaN are reported; the session goes on', async () => {
  const engine = new EngineWorker();
  try {
    let error = engine.next('error');
    engine.send({ type: 'fly' });
    assert.equal((await error).message, 'unknown command "fly"');
    error = engine.next('error');
    engine.send({ type: 'train' });
    assert.equal((await error).message, 'no document is loaded');
    // ln of a negative number: the loss becomes NaN, training pauses and names the node that produced it.
    const position = { x: 0, y: 0 };
    const logOfData: GradflowDocument = {
      format: 'gradflow', version: 1, groups: [], training: { epochs: 5, batchSize: 4 },
      nodes: [
        { id: 'x', op: 'Input', attributes: { shape: [1] }, position },
        { id: 'w', op: 'WeightMultiply', attributes: { neurons: 1 }, position },
        { id: 'log', op: 'Log', attributes: {}, position },
        { id: 'y', op: 'Target', attributes: { shape: [1] }, position },
        { id: 'loss', op: 'MeanSquaredError', attributes: {}, position },
      ],
      edges: [
        { id: 'e1', from: { node: 'x', port: 'out' }, to: { node: 'w', port: 'X' } },
        { id: 'e2', from: { node: 'w', port: 'out' }, to: { node: 'log', port: 'X' } },
        { id: 'e3', from: { node: 'log', port: 'out' }, to: { node: 'loss', port: 'prediction' } },
        { id: 'e4', from: { node: 'y', port: 'out' }, to: { node: 'loss', port: 'target' } },
      ],
      data: { kind: 'inline', columns: ['x', 'y'], rows: [[1, 0], [-1, 0], [2, 0], [-2, 0]] },
    };
    engine.send({ type: 'load', document: logOfData });
    await engine.status('ready');
    error = engine.next('error');
    engine.send({ type: 'train' });
    const nan = await error;
    assert.match(nan.message, /^Log "log" produced NaN or Inf in its output at epoch 1, batch 1; training paused$/);
    assert.equal(nan.nodeId, 'log');
    await engine.status('paused');
    const check = engine.next('gradient-check');
    engine.send({ type: 'load', document: example('ch1-chain') });
    await engine.status('ready');
    engine.send({ type: 'gradient-check', nodeId: 'sigmoid' });
    const result = await check;
    assert.equal(result.passed, true);
  } finally {
    await engine.close();
  }
});

test('the memory budget from the settings refuses a graph that does not fit, with the estimate and the biggest node', async () => {
  const engine = new EngineWorker();
  try {
    engine.send({ type: 'load', document: example('spiral') });
    await engine.status('ready');
    engine.send({ type: 'set-memory-budget', bytes: 1024 }); // the spiral's 354 parameters alone need 1.4 KiB
    const refused = engine.next('error');
    engine.send({ type: 'train', epochs: 1 });
    const error = await refused;
    assert.match(error.message, /^training needs about [\d.]+ KiB for a batch of 32 \(parameters 1\.38 KiB, .*\), more than the memory budget of 1 KiB; the biggest part is .*raise the memory budget in Settings$/);
    assert.ok(error.nodeId, 'the biggest node is named for the canvas');
    engine.send({ type: 'set-memory-budget', bytes: 2 ** 20 });
    const done = engine.status('done');
    engine.send({ type: 'train', epochs: 1 });
    await done;
  } finally {
    await engine.close();
  }
});

test('a run summary belongs to its run: a document loaded with saved parameters does not inherit the last one', async () => {
  const engine = new EngineWorker();
  try {
    engine.send({ type: 'load', document: example('spiral') });
    await engine.status('ready');
    const done = engine.status('done');
    engine.send({ type: 'train', epochs: 1 });
    await done;
    const exported = engine.next('trained-parameters', (t) => t.requestId === 1);
    engine.send({ type: 'export-parameters', requestId: 1 });
    const trained = await exported;
    assert.equal(trained.runSummary?.epochs, 1);
    // The same graph reopened from a file that holds trained parameters (and no summary of this session's run).
    engine.send({ type: 'load', document: { ...example('spiral'), parameters: trained.parameters } });
    await engine.status('ready');
    const again = engine.next('trained-parameters', (t) => t.requestId === 2);
    engine.send({ type: 'export-parameters', requestId: 2 });
    const reply = await again;
    assert.deepEqual(Object.keys(reply.parameters).sort(), Object.keys(trained.parameters).sort());
    assert.equal(reply.runSummary, undefined, 'the earlier run\'s summary does not follow the next document');
    // A file saved with its summary keeps it; after Reset there is nothing to save (the file should hold none).
    engine.send({ type: 'load', document: { ...example('spiral'), parameters: trained.parameters, runSummary: { epochs: 1 } } });
    await engine.status('ready');
    const kept = engine.next('trained-parameters', (t) => t.requestId === 3);
    engine.send({ type: 'export-parameters', requestId: 3 });
    assert.deepEqual((await kept).runSummary, { epochs: 1 });
    engine.send({ type: 'reset' });
    const afterReset = engine.next('trained-parameters', (t) => t.requestId === 4);
    engine.send({ type: 'export-parameters', requestId: 4 });
    const empty = await afterReset;
    assert.deepEqual(empty.parameters, {});
    assert.equal(empty.runSummary, undefined);
  } finally {
    await engine.close();
  }
});
