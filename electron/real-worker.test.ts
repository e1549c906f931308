// The real engine worker under the supervisor, as the desktop app runs it: engine-worker.ts bundled the way
// scripts/build-electron.mjs ships it (into a temp folder), loading an example of the gallery and answering
// heartbeats — an entry that does not answer would be restarted as hung every few seconds in the app; and a
// real engine thread killed under it (three times) is replaced, reloaded with the document, and trains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocument } from '../core/document/load.ts';
import type { Telemetry } from '../core/protocol/telemetry.ts';
import { WorkerSupervisor } from './worker-supervisor.ts';
import type { EngineHostWorkerData } from './worker-data.ts';
import { buildElectron } from '../scripts/build-electron.mjs';

const EXAMPLE = fileURLToPath(new URL('../assets/examples/ch1-chain.gradflow', import.meta.url));
const DATASETS = fileURLToPath(new URL('../assets/data', import.meta.url));

/** The engine bundle, built once for the file's tests into a temporary folder. */
let built: Promise<string> | undefined;
function engineBundle(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'gradflow-worker-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const [bundle] = await buildElectron({ quiet: true, outDir, only: ['engine-worker.cjs'] });
    return bundle!;
  })();
  return built;
}

const waitFor = async (done: () => boolean, ms: number) => {
  for (const deadline = Date.now() + ms; Date.now() < deadline && !done();) await new Promise((resolve) => setTimeout(resolve, 25));
};

test('the bundled engine worker loads a document and answers heartbeats', async () => {
  const bundle = await engineBundle();
  const loaded = loadDocument(readFileSync(EXAMPLE, 'utf8'));
  assert.ok(loaded.ok);
  const telemetry: Telemetry[] = [];
  const supervisor = new WorkerSupervisor({
    createWorker: (heartbeat) => {
      const workerData: EngineHostWorkerData = { documentPath: EXAMPLE, assetsDir: DATASETS, heartbeat };
      return new Worker(bundle, { workerData, transferList: [heartbeat] });
    },
    onTelemetry: (t) => telemetry.push(t),
    pingIntervalMs: 50,
    idleTimeoutMs: 2_000,
    startupTimeoutMs: 10_000,
  });
  try {
    supervisor.send({ type: 'load', document: loaded.doc });
    await waitFor(() => telemetry.some((t) => t.type === 'loaded' || t.type === 'error'), 15_000);
    // Pings go out every 50 ms: a worker that answers has done so well within a second.
    await waitFor(() => supervisor.answering, 1_000);
    assert.ok(telemetry.some((t) => t.type === "loaded"), `the document loads; got ${JSON.stringify(telemetry)}`);
    assert.ok(supervisor.answering, 'engine-worker.ts must answer heartbeats: call answerHeartbeats(workerData.heartbeat) from worker-data.ts');
    assert.deepEqual(telemetry.filter((t) => t.type === 'error'), []);
    assert.equal(supervisor.restarts, 0);
  } finally {
    await supervisor.dispose();
  }
});

test('a real engine thread killed under the supervisor, three times, is replaced each time; the last one trains and no thread is left over', { timeout: 120_000 }, async () => {
  const bundle = await engineBundle();
  const loaded = loadDocument(readFileSync(EXAMPLE, 'utf8'));
  assert.ok(loaded.ok);
  const telemetry: Telemetry[] = [];
  const threads: Worker[] = [];
  let alive = 0;
  const supervisor = new WorkerSupervisor({
    createWorker: (heartbeat) => {
      const workerData: EngineHostWorkerData = { documentPath: EXAMPLE, assetsDir: DATASETS, heartbeat };
      const worker = new Worker(bundle, { workerData, transferList: [heartbeat] });
      threads.push(worker);
      alive += 1;
      worker.once('exit', () => { alive -= 1; });
      return worker;
    },
    onTelemetry: (t) => telemetry.push(t),
    pingIntervalMs: 50,
    startupTimeoutMs: 10_000,
  });
  const count = (type: Telemetry['type']) => telemetry.filter((m) => m.type === type).length;
  try {
    supervisor.send({ type: 'load', document: loaded.doc });
    for (let kill = 1; kill <= 3; kill += 1) {
      await waitFor(() => count('loaded') === kill, 15_000);
      assert.equal(count('loaded'), kill, `load ${kill}: ${JSON.stringify(telemetry.filter((m) => m.type === 'error'))}`);
      // Killed from outside, as the OS or a fatal engine bug would: the thread exits with code 1.
      await threads.at(-1)!.terminate();
    }
    await waitFor(() => count('loaded') === 4, 15_000);
    const notices = telemetry.flatMap((m) => (m.type === 'error' ? [m.message] : []));
    assert.equal(notices.length, 3, JSON.stringify(notices));
    for (const notice of notices) assert.match(notice, /^The engine stopped unexpectedly \(exit code 1\)\. A fresh engine was started and your document loaded again/);
    supervisor.send({ type: 'train', epochs: 2 });
    await waitFor(() => telemetry.some((m) => m.type === 'status' && m.status === 'done'), 15_000);
    assert.ok(telemetry.some((m) => m.type === 'progress'), 'the fourth thread trains');
    assert.ok(telemetry.some((m) => m.type === 'status' && m.status === 'done'), 'the run ends');
    assert.equal(supervisor.restarts, 3);
    await waitFor(() => alive === 1, 2_000);
    assert.equal(alive, 1, 'only the current thread is alive');
  } finally {
    await supervisor.dispose();
  }
  await waitFor(() => alive === 0, 2_000);
  assert.equal(alive, 0);
});
