// The engine worker of the desktop app: core/runtime's EngineSession inside a Node worker thread, one per
// document. The main process relays commands from the window and telemetry back (electron/engine-host.ts).
//
// workerData (EngineHostWorkerData): data paths inside the document are relative to documentPath's folder;
// built-in datasets are read from assetsDir (assets/data of the app); the host pings on `heartbeat`.

import { parentPort, workerData } from 'node:worker_threads';
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EngineSession } from '../core/runtime/session.ts';
import { CliHost, DEFAULT_ASSETS_DIR } from '../cli/host.ts';
import { askMainToRead, confirmingDataHost, type DataAccessWorkerData } from './security-data-access.ts';
import { answerHeartbeats, type EngineHostWorkerData } from './worker-data.ts';

if (!parentPort) throw new Error('engine-worker.ts runs as a worker thread');
const port = parentPort;
const options = (workerData ?? {}) as EngineHostWorkerData & DataAccessWorkerData;
// The host pings on a side port; answering it between batches is how it tells a busy worker from a hung one.
answerHeartbeats(options.heartbeat);
const files = new CliHost(undefined, options.assetsDir ?? DEFAULT_ASSETS_DIR);
// Without a document path, relative data paths resolve against the working directory.
const documentPath = options.documentPath ?? join(process.cwd(), 'untitled.gradflow');
// A data file outside the document's folder is read only once the user said yes in the window (DESIGN.md §5).
const realPath = (path: string): string => {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
};
const dataHost = confirmingDataHost(files.dataHost(documentPath), dirname(resolve(documentPath)), askMainToRead(options.dataAccess), realPath);

const session = new EngineSession({
  post: (telemetry, transfer) => port.postMessage(telemetry, transfer ?? []),
  dataHost,
  platform: { schedule: (fn) => setImmediate(fn) },
});
port.on('message', (message: unknown) => session.handle(message));
