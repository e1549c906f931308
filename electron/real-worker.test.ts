// The real engine worker under the supervisor, as the desktop app runs it: engine-worker.ts bundled the way
// scripts/build-electron.mjs ships it (into a temp folder), loading an example of the gallery and answering
// heartbeats — an entry that does not answer would be restarted as hung every few seconds in the app.
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

test('the bundled engine worker loads a document and answers heartbeats', async (t) => {
  const outDir = mkdtempSync(join(tmpdir(), 'gradflow-worker-'));
  t.after(() => rmSync(outDir, { recursive: true, force: true }));
  const [bundle] = await buildElectron({ quiet: true, outDir, only: ['engine-worker.cjs'] });
  const loaded = loadDocument(readFileSync(EXAMPLE, 'utf8'));
  assert.ok(loaded.ok);
  const telemetry: Telemetry[] = [];
  const supervisor = new WorkerSupervisor({
    createWorker: (heartbeat) => {
      const workerData: EngineHostWorkerData = { documentPath: EXAMPLE, assetsDir: DATASETS, heartbeat };
      return new Worker(bundle!, { workerData, transferList: [heartbeat] });
    },
    onTelemetry: (t) => telemetry.push(t),
    pingIntervalMs: 50,
    idleTimeoutMs: 2_000,
    startupTimeoutMs: 10_000,
  });
  try {
    supervisor.send({ type: 'load', document: loaded.doc });
    const waitFor = async (done: () => boolean, ms: number) => {
      for (const deadline = Date.now() + ms; Date.now() < deadline && !done();) await new Promise((resolve) => setTimeout(resolve, 25));
    };
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
