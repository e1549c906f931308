// The engine worker of the soak run (soak.script.ts): the real EngineSession in a worker thread, as
// engine-worker.ts runs it, which also answers {soak: 'memory'} with this thread's own memory — the main
// thread cannot read a worker's heap on Node 20. The question is answered between two batches, like any
// command, so asking costs the run nothing but the answer.

import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { EngineSession } from '../core/runtime/session.ts';
import { CliHost, DEFAULT_ASSETS_DIR } from '../cli/host.ts';

export interface WorkerMemory {
  heapUsed: number;
  /** Memory of ArrayBuffers (tensors) and other off-heap objects this isolate holds. */
  external: number;
  /** Whether a full GC ran before measuring (the process was started with --expose-gc). */
  collected: boolean;
}

const port = parentPort!;
const { documentPath, telemetryShare } = workerData as { documentPath: string; telemetryShare?: number };
const host = new CliHost(undefined, DEFAULT_ASSETS_DIR).dataHost(documentPath);
const session = new EngineSession({
  post: (telemetry, transfer) => port.postMessage(telemetry, transfer ?? []),
  dataHost: host,
  platform: { schedule: (fn) => setImmediate(fn) },
  // The app lets telemetry take 2% of the loop (fewer frames for a model whose frames cost more); the soak
  // may lift that so every one of the 30 frames a second is really built and sent.
  ...(telemetryShare !== undefined ? { budget: telemetryShare } : {}),
});
const gc = (globalThis as { gc?: () => void }).gc;

port.on('message', (message: unknown) => {
  if ((message as { soak?: string }).soak !== 'memory') return session.handle(message);
  gc?.();
  const heap = getHeapStatistics();
  const memory: WorkerMemory = { heapUsed: heap.used_heap_size, external: heap.external_memory, collected: gc !== undefined };
  port.postMessage({ soakMemory: memory });
});
