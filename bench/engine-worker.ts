// The engine worker as the benchmarks run it: the real EngineSession in a worker thread, with each telemetry
// message stamped with the absolute time it was posted, so the main thread can measure delivery latency.

import { parentPort, workerData } from 'node:worker_threads';
import { EngineSession } from '../core/runtime/session.ts';
import { CliHost, DEFAULT_ASSETS_DIR } from '../cli/host.ts';

const port = parentPort!;
const host = new CliHost(undefined, DEFAULT_ASSETS_DIR).dataHost((workerData as { documentPath: string }).documentPath);
const stamp = () => performance.timeOrigin + performance.now();
const session = new EngineSession({
  post: (telemetry, transfer) => port.postMessage({ telemetry, sentAt: stamp() }, transfer ?? []),
  dataHost: host,
  platform: { schedule: (fn) => setImmediate(fn) },
});
port.on('message', (message: unknown) => session.handle(message));
