// WorkerSupervisor with real worker_threads: a stand-in engine (fixtures/fake-engine-worker.mjs) crashes,
// exits or hangs on command, and the supervisor must report it, start a fresh worker and load the document again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { GradflowDocument } from '../core/document/types.ts';
import type { Telemetry } from '../core/protocol/telemetry.ts';
import { WorkerSupervisor, type SupervisorOptions } from './worker-supervisor.ts';

const FAKE_WORKER = fileURLToPath(new URL('./fixtures/fake-engine-worker.mjs', import.meta.url));
const doc = { format: 'gradflow', version: 1, name: 'my graph', nodes: [], edges: [], groups: [], training: {} } as unknown as GradflowDocument;

function harness(options: Partial<SupervisorOptions> & { answerHeartbeats?: boolean } = {}) {
  const telemetry: Telemetry[] = [];
  const waiters: { match: (t: Telemetry) => boolean; resolve: (t: Telemetry) => void }[] = [];
  let created = 0;
  /** Threads started and not yet exited: a replaced worker that is never terminated stays counted. */
  let alive = 0;
  const supervisor = new WorkerSupervisor({
    createWorker: (heartbeat) => {
      created += 1;
      alive += 1;
      const worker = new Worker(FAKE_WORKER, { workerData: { heartbeat, answerHeartbeats: options.answerHeartbeats ?? true }, transferList: [heartbeat] });
      worker.once('exit', () => { alive -= 1; });
      return worker;
    },
    onTelemetry: (t) => {
      telemetry.push(t);
      for (const w of [...waiters]) if (w.match(t)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(t);
      }
    },
    pingIntervalMs: 25,
    idleTimeoutMs: 400,
    busyTimeoutMs: 400,
    // Workers start slowly here (each loads tsx, inherited from the test process's flags).
    startupTimeoutMs: 2_000,
    ...options,
  });
  /** The next telemetry that matches (or one already received), failing the test after a few seconds. */
  const next = (match: (t: Telemetry) => boolean, what: string) => {
    const seen = telemetry.find(match);
    if (seen) {
      telemetry.splice(telemetry.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise<Telemetry>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(telemetry)}`)), 5_000);
      waiters.push({ match, resolve: (t) => { clearTimeout(timer); telemetry.splice(telemetry.indexOf(t), 1); resolve(t); } });
    });
  };
  const loaded = () => next((t) => t.type === 'status' && t.status === 'ready', 'the document to load');
  const error = () => next((t) => t.type === 'error', 'an error report');
  /** Until the worker has answered a heartbeat, the start-up grace applies instead of the short timeouts. */
  const answering = async () => {
    for (let i = 0; i < 200 && !supervisor.answering; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(supervisor.answering, 'the worker answers heartbeats');
  };
  return { supervisor, telemetry, next, loaded, error, answering, created: () => created, alive: () => alive };
}

test('relays commands to the worker and telemetry back', async () => {
  const h = harness();
  try {
    h.supervisor.send({ type: 'load', document: doc });
    const ready = await h.loaded();
    assert.match(ready.type === 'status' ? ready.message ?? '' : '', /loaded my graph/);
    h.supervisor.send({ type: 'gradient-check', nodeId: 'w' });
    const check = await h.next((t) => t.type === 'gradient-check', 'the gradient check result');
    assert.equal(check.type === 'gradient-check' && check.passed, true);
    assert.equal(h.supervisor.restarts, 0);
  } finally {
    await h.supervisor.dispose();
  }
});

test('a crash (uncaught exception) is reported, the worker restarted and the document loaded again', async () => {
  const h = harness();
  try {
    h.supervisor.send({ type: 'load', document: doc });
    const first = await h.loaded();
    h.supervisor.send({ type: 'gradient-check', nodeId: 'crash' });
    const report = await h.error();
    assert.match(report.type === 'error' ? report.message : '', /The engine crashed \(simulated engine bug\)\. A fresh engine was started and your document loaded again/);
    const second = await h.loaded();
    // A different thread loaded the same document.
    assert.notEqual(first.type === 'status' && first.message, second.type === 'status' && second.message);
    assert.match(second.type === 'status' ? second.message ?? '' : '', /loaded my graph/);
    assert.equal(h.supervisor.restarts, 1);
    assert.equal(h.created(), 2);
    // The new worker works.
    h.supervisor.send({ type: 'gradient-check', nodeId: 'w' });
    await h.next((t) => t.type === 'gradient-check', 'a result from the new worker');
  } finally {
    await h.supervisor.dispose();
  }
});

test('an unexpected exit is reported and the worker restarted', async () => {
  const h = harness();
  try {
    h.supervisor.send({ type: 'load', document: doc });
    await h.loaded();
    h.supervisor.send({ type: 'gradient-check', nodeId: 'exit' });
    const report = await h.error();
    assert.match(report.type === 'error' ? report.message : '', /stopped unexpectedly \(exit code 3\)/);
    await h.loaded();
    assert.equal(h.supervisor.restarts, 1);
  } finally {
    await h.supervisor.dispose();
  }
});

test('a hang (no heartbeat answer) is detected, the stuck thread terminated and a fresh worker loads the document', async () => {
  const h = harness();
  try {
    h.supervisor.send({ type: 'load', document: doc });
    await h.loaded();
    await h.answering();
    const started = Date.now();
    h.supervisor.send({ type: 'gradient-check', nodeId: 'hang' });
    const report = await h.error();
    assert.match(report.type === 'error' ? report.message : '', /stopped responding/);
    assert.ok(Date.now() - started >= 300, 'not before the timeout');
    await h.loaded();
    assert.equal(h.supervisor.restarts, 1);
  } finally {
    await h.supervisor.dispose();
  }
});

test('a worker that never answers heartbeats counts as hung, even when idle', async () => {
  const h = harness({ answerHeartbeats: false, maxRestarts: 1 });
  try {
    h.supervisor.send({ type: 'load', document: doc });
    await h.loaded();
    const report = await h.error();
    assert.match(report.type === 'error' ? report.message : '', /stopped responding/);
    assert.equal(h.supervisor.restarts, 1);
  } finally {
    await h.supervisor.dispose();
  }
});

test('after a quick command the short idle timeout applies; after a long one, the busy timeout', async () => {
  const h = harness({ idleTimeoutMs: 300, busyTimeoutMs: 1_500 });
  try {
    h.supervisor.send({ type: 'load', document: doc });
    await h.loaded();
    await h.answering();
    let started = Date.now();
    h.supervisor.send({ type: 'pause' });
    await h.error();
    const quick = Date.now() - started;
    // Silence counts from the last answer, which came up to one ping interval before the command.
    assert.ok(quick >= 250 && quick < 1_500, `idle timeout: ${quick} ms`);
    await h.loaded();
    await h.answering();
    started = Date.now();
    h.supervisor.send({ type: 'gradient-check', nodeId: 'hang' });
    await h.error();
    assert.ok(Date.now() - started >= 1_400, `busy timeout: ${Date.now() - started} ms`);
  } finally {
    await h.supervisor.dispose();
  }
});

test('a crash loop stops after maxRestarts, and loading the document again retries', async () => {
  const h = harness({ maxRestarts: 2 });
  try {
    h.supervisor.send({ type: 'load', document: doc });
    await h.loaded();
    for (let i = 0; i < 2; i += 1) {
      h.supervisor.send({ type: 'gradient-check', nodeId: 'crash' });
      await h.error();
      await h.loaded();
    }
    h.supervisor.send({ type: 'gradient-check', nodeId: 'crash' });
    const gaveUp = await h.error();
    assert.match(gaveUp.type === 'error' ? gaveUp.message : '', /failed 3 times in a row, so it was not restarted/);
    assert.equal(h.supervisor.running, false);
    h.supervisor.send({ type: 'train' });
    const refused = await h.error();
    assert.match(refused.type === 'error' ? refused.message : '', /open or load the document again/);
    h.supervisor.send({ type: 'load', document: doc });
    await h.loaded();
    assert.equal(h.supervisor.running, true);
  } finally {
    await h.supervisor.dispose();
  }
});

test('recycle replaces the worker quietly and reloads the document', async () => {
  const h = harness();
  try {
    h.supervisor.send({ type: 'load', document: doc });
    await h.loaded();
    h.supervisor.recycle();
    await h.loaded();
    assert.equal(h.created(), 2);
    assert.equal(h.telemetry.filter((t) => t.type === 'error').length, 0);
    assert.equal(h.supervisor.restarts, 0);
  } finally {
    await h.supervisor.dispose();
  }
});

test('ten crashes in a row (thrown, exited, hung) leave one live thread, and none after dispose', { timeout: 60_000 }, async () => {
  const h = harness({ maxRestarts: 10 });
  // A thread that throws or exits ends by itself; a hung one only ends if the supervisor terminates it.
  const ways = ['crash', 'exit', 'hang', 'crash', 'hang', 'exit', 'crash', 'hang', 'exit', 'crash'];
  try {
    h.supervisor.send({ type: 'load', document: doc });
    await h.loaded();
    for (const way of ways) {
      if (way === 'hang') await h.answering();
      h.supervisor.send({ type: 'gradient-check', nodeId: way });
      await h.error();
      await h.loaded();
    }
    assert.equal(h.supervisor.restarts, 10);
    assert.equal(h.created(), 11);
    // terminate() resolves once a thread has exited, but its 'exit' event may come a turn later.
    for (let i = 0; i < 100 && h.alive() > 1; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(h.alive(), 1, 'every replaced thread exited');
    h.supervisor.send({ type: 'gradient-check', nodeId: 'w' });
    await h.next((t) => t.type === 'gradient-check', 'a result from the eleventh worker');
  } finally {
    await h.supervisor.dispose();
  }
  for (let i = 0; i < 100 && h.alive() > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(h.alive(), 0, 'dispose ends the last thread');
});
