// The supervision policy every host shares, over stand-in workers the test crashes, ends or silences at will:
// what a fresh worker is told (settings, then the document, then the document's live settings after it loads),
// when the window hears of a restart, the crash-loop cap, and that no replaced worker is left alive.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GradflowDocument } from '../document/types.ts';
import type { EngineCommand } from './commands.ts';
import type { Telemetry } from './telemetry.ts';
import { EngineSupervisor, type EngineSupervisorOptions, type WorkerEvents } from './engine-supervisor.ts';

const doc = { format: 'gradflow', version: 1, name: 'my graph', nodes: [], edges: [], groups: [], training: {} } as unknown as GradflowDocument;
const load: EngineCommand = { type: 'load', document: doc };

interface FakeWorker {
  id: number;
  events: WorkerEvents;
  received: EngineCommand[];
  terminated: boolean;
  /** Whether it echoes pings (a hung or silently ended worker does not). */
  answers: boolean;
}

function harness(options: Partial<EngineSupervisorOptions> = {}) {
  const workers: FakeWorker[] = [];
  const telemetry: Telemetry[] = [];
  const supervisor = new EngineSupervisor({
    createWorker: (events) => {
      const worker: FakeWorker = { id: workers.length, events, received: [], terminated: false, answers: true };
      workers.push(worker);
      return {
        post: (command) => {
          assert.equal(worker.terminated, false, 'nothing is posted to a terminated worker');
          worker.received.push(command);
        },
        ping: () => { if (worker.answers) queueMicrotask(() => events.answer()); },
        terminate: () => { worker.terminated = true; },
      };
    },
    onTelemetry: (t) => telemetry.push(t),
    pingIntervalMs: 10,
    idleTimeoutMs: 100,
    busyTimeoutMs: 300,
    startupTimeoutMs: 100,
    ...options,
  });
  const current = () => workers.at(-1)!;
  const alive = () => workers.filter((w) => !w.terminated).length;
  const errors = () => telemetry.filter((t): t is Extract<Telemetry, { type: 'error' }> => t.type === 'error').map((t) => t.message);
  /** The current worker answers its load the way session.ts does. */
  const answerLoad = () => {
    current().events.message({ type: 'status', status: 'loading' });
    current().events.message({ type: 'loaded', name: 'my graph' });
    current().events.message({ type: 'status', status: 'ready' });
  };
  return { supervisor, workers, telemetry, current, alive, errors, answerLoad };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, what: string, ms = 3_000): Promise<void> {
  for (const deadline = Date.now() + ms; !done();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

test('a fresh worker is told the session settings, the last document, then the settings changed since that load', async () => {
  const h = harness();
  try {
    h.supervisor.send({ type: 'set-telemetry-rate', hz: 5 });
    h.supervisor.send({ type: 'set-memory-budget', bytes: 1024 });
    h.supervisor.send({ type: 'set-telemetry-rate', hz: 7 });
    h.supervisor.send({ type: 'set-learning-rate', learningRate: 0.9 }); // before the load: the load resets it
    h.supervisor.send(load);
    h.answerLoad();
    h.supervisor.send({ type: 'set-learning-rate', learningRate: 0.5 });
    h.supervisor.send({ type: 'set-backend', backend: 'fast' });
    h.supervisor.send({ type: 'step-select', sample: 4 });
    h.supervisor.send({ type: 'set-learning-rate', learningRate: 0.25 });
    h.supervisor.send({ type: 'train' });
    h.current().events.message({ type: 'status', status: 'running' });
    h.current().events.error('boom');

    assert.equal(h.workers.length, 2);
    assert.deepEqual(h.current().received, [{ type: 'set-telemetry-rate', hz: 7 }, { type: 'set-memory-budget', bytes: 1024 }, load]);
    assert.deepEqual(h.errors(), [], 'the notice waits for the reload: the window clears its banner on "loaded"');
    assert.deepEqual(h.telemetry.at(-1), { type: 'status', status: 'loading', message: 'restarting the engine' });
    h.answerLoad();
    // Sent during the load, the load would have reset them: they go once it has answered.
    assert.deepEqual(h.current().received.slice(3), [
      { type: 'set-learning-rate', learningRate: 0.25 }, { type: 'set-backend', backend: 'fast' }, { type: 'step-select', sample: 4 },
    ], 'the latest of each, once');
    assert.deepEqual(h.errors(), ['The engine crashed (boom). A fresh engine was started and your document loaded again; training was interrupted and the run\'s progress is lost, your document is unchanged.']);
    const loadedAt = h.telemetry.findIndex((t) => t.type === 'loaded' && h.telemetry.indexOf(t) > 3);
    assert.ok(h.telemetry.findIndex((t) => t.type === 'error') > loadedAt, 'the notice comes after the reload\'s "loaded"');
    assert.equal(h.supervisor.restarts, 1);
    assert.equal(h.alive(), 1);
  } finally {
    await h.supervisor.dispose();
  }
});

test('a reload that fails is reported after the restart notice, so the notice does not hide it', async () => {
  const h = harness();
  try {
    h.supervisor.send(load);
    h.answerLoad();
    h.current().events.exit(3);
    h.current().events.message({ type: 'status', status: 'loading' });
    h.current().events.message({ type: 'error', message: 'data file missing' });
    const errors = h.errors();
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /^The engine stopped unexpectedly \(exit code 3\)\. A fresh engine was started and your document loaded again; the run's progress is lost/);
    assert.equal(errors[1], 'data file missing');
  } finally {
    await h.supervisor.dispose();
  }
});

test('without a document a restart is reported at once', async () => {
  const h = harness();
  try {
    h.supervisor.start();
    h.current().events.error('boom');
    assert.deepEqual(h.errors(), ['The engine crashed (boom). A fresh engine was started; the run\'s progress is lost, your document is unchanged.']);
    assert.deepEqual(h.current().received, []);
  } finally {
    await h.supervisor.dispose();
  }
});

test('events of a replaced worker are ignored: its late exit does not restart the fresh one', async () => {
  const h = harness();
  try {
    h.supervisor.send(load);
    const first = h.workers[0]!;
    first.events.error('boom');
    first.events.exit(1);
    first.events.message({ type: 'status', status: 'running' });
    assert.equal(h.workers.length, 2);
    assert.equal(h.supervisor.restarts, 1);
    assert.equal(first.terminated, true);
  } finally {
    await h.supervisor.dispose();
  }
});

test('ten crashes in a row leave exactly one worker alive, and none after dispose', async () => {
  const h = harness({ maxRestarts: 10 });
  try {
    h.supervisor.send(load);
    h.answerLoad();
    for (let i = 0; i < 10; i += 1) {
      h.supervisor.send({ type: 'train' });
      h.current().events.message({ type: 'status', status: 'running' });
      if (i % 2 === 0) h.current().events.error(`bug ${i}`);
      else h.current().events.exit(i);
      h.answerLoad();
    }
    assert.equal(h.workers.length, 11);
    assert.equal(h.supervisor.restarts, 10);
    assert.equal(h.alive(), 1, 'every replaced worker was terminated');
    assert.equal(h.errors().length, 10);
    assert.ok(h.current().received.some((c) => c.type === 'load'));
  } finally {
    await h.supervisor.dispose();
  }
  assert.equal(h.alive(), 0);
});

test('a crash loop stops after maxRestarts with nothing left running, and loading again retries', async () => {
  const h = harness({ maxRestarts: 3 });
  try {
    h.supervisor.send(load);
    for (let i = 0; i < 4; i += 1) h.current().events.error('dies on load');
    assert.equal(h.workers.length, 4);
    assert.equal(h.alive(), 0);
    assert.equal(h.supervisor.running, false);
    assert.match(h.errors().at(-1)!, /^The engine crashed \(dies on load\)\. It failed 4 times in a row, so it was not restarted; your document is unchanged — load it again to retry\.$/);
    assert.deepEqual(h.telemetry.at(-1), { type: 'status', status: 'error', message: h.errors().at(-1) }, 'the window stops showing a run');
    h.supervisor.send({ type: 'train' });
    assert.match(h.errors().at(-1)!, /open or load the document again/);
    assert.equal(h.workers.length, 4, 'no worker starts for a command after giving up');
    h.supervisor.send({ type: 'request-tensor', requestId: 3, tensor: { kind: 'parameter', key: 'w' } });
    assert.deepEqual(h.telemetry.at(-1), { type: 'error', requestId: 3, message: 'The engine is stopped after repeated failures; open or load the document again to restart it.' }, 'a question gets its answer, not a timeout');
    h.supervisor.send({ type: 'set-telemetry-rate', hz: 3 });
    h.supervisor.send(load);
    assert.equal(h.alive(), 1);
    assert.deepEqual(h.current().received, [{ type: 'set-telemetry-rate', hz: 3 }, load], 'a setting changed while stopped reaches the engine the load starts');
  } finally {
    await h.supervisor.dispose();
  }
});

test('failures spread out beyond the restart window never add up to giving up', async () => {
  let clock = 0;
  const h = harness({ maxRestarts: 2, restartWindowMs: 1_000, now: () => clock });
  try {
    h.supervisor.send(load);
    for (let i = 0; i < 10; i += 1) {
      clock += 600;
      h.current().events.error('now and then');
    }
    assert.equal(h.supervisor.restarts, 10);
    assert.equal(h.supervisor.running, true);
    assert.equal(h.alive(), 1);
  } finally {
    await h.supervisor.dispose();
  }
});

test('a worker that goes silent is found by the heartbeat and replaced; a busy one gets the longer timeout', async () => {
  const h = harness();
  try {
    h.supervisor.send(load);
    h.answerLoad();
    await until(() => h.supervisor.answering, 'the first heartbeat answer');
    // Ended silently (a browser worker's self.close()): no event at all, only silence.
    let started = Date.now();
    h.current().answers = false;
    await until(() => h.workers.length === 2, 'the idle timeout');
    const idle = Date.now() - started;
    assert.ok(idle >= 90, `not before the idle timeout: ${idle} ms`);
    h.answerLoad();
    assert.match(h.errors().at(-1)!, /^The engine stopped responding \(no answer for 0\.\d s\)\. A fresh engine was started and your document loaded again/);
    await until(() => h.supervisor.answering, 'the fresh worker to answer');

    h.supervisor.send({ type: 'train' });
    h.current().events.message({ type: 'status', status: 'running' });
    started = Date.now();
    h.current().answers = false;
    await until(() => h.workers.length === 3, 'the busy timeout');
    const busy = Date.now() - started;
    assert.ok(busy >= 290, `a training engine gets the busy timeout: ${busy} ms`);
    assert.equal(h.alive(), 1);
  } finally {
    await h.supervisor.dispose();
  }
});

test('a worker that dies again before its reload answers: the window hears of both failures', async () => {
  const h = harness();
  try {
    h.supervisor.send(load);
    h.answerLoad();
    h.current().events.error('first');
    h.current().events.error('second');
    h.answerLoad();
    const errors = h.errors();
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /^The engine crashed \(first\)/);
    assert.match(errors[1]!, /^The engine crashed \(second\)/);
  } finally {
    await h.supervisor.dispose();
  }
});

test('questions the failed worker never answered are answered with an error at once, not left to time out', async () => {
  const h = harness();
  try {
    h.supervisor.send(load);
    h.answerLoad();
    h.supervisor.send({ type: 'predict', requestId: 7, inputs: [[1]] });
    h.supervisor.send({ type: 'export-parameters', requestId: 8 });
    h.current().events.message({ type: 'trained-parameters', requestId: 8 });
    h.current().events.error('boom');
    const abandoned = h.telemetry.filter((t) => t.type === 'error' && t.requestId !== undefined);
    assert.deepEqual(abandoned, [{ type: 'error', requestId: 7, message: 'the engine stopped before answering; ask again once it has restarted' }]);
    assert.ok(!h.current().received.some((c) => c.type === 'predict'), 'a question is not replayed');
  } finally {
    await h.supervisor.dispose();
  }
});

test('a heartbeat timer that fires late (a hidden tab\'s throttled timers) does not take its own gap for a hang', async () => {
  let clock = 0;
  const h = harness({ now: () => clock, pingIntervalMs: 5 });
  try {
    h.supervisor.send(load);
    h.answerLoad();
    await until(() => h.supervisor.answering, 'the first heartbeat answer');
    // A minute passes between two ticks, the worker having answered the last ping at once.
    clock += 60_000;
    await sleep(30);
    assert.equal(h.workers.length, 1, 'a gap in the pings is not silence of the worker');
    h.current().answers = false;
    await sleep(30);
    clock += 101;
    await until(() => h.workers.length === 2, 'an unanswered ping to count as a hang');
  } finally {
    await h.supervisor.dispose();
  }
});

test('a worker that cannot even be constructed counts as a crash, up to the cap, and never throws at the caller', async () => {
  let attempts = 0;
  const telemetry: Telemetry[] = [];
  const supervisor = new EngineSupervisor({
    createWorker: () => {
      attempts += 1;
      throw new Error('refused by the page\'s policy');
    },
    onTelemetry: (t) => telemetry.push(t),
    maxRestarts: 2,
  });
  try {
    assert.doesNotThrow(() => supervisor.send(load));
    await until(() => telemetry.some((t) => t.type === 'status' && t.status === 'error'), 'the supervisor to give up');
    assert.equal(attempts, 3);
    assert.equal(supervisor.running, false);
    const errors = telemetry.flatMap((t) => (t.type === 'error' ? [t.message] : []));
    assert.match(errors.at(-1)!, /^The engine crashed \(refused by the page's policy\)\. It failed 3 times in a row/);
  } finally {
    await supervisor.dispose();
  }
});
