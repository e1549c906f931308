// The web build's engine: core/runtime's EngineSession in a module Web Worker, so training never blocks the
// page. The page sends one WorkerInit, then EngineCommands; everything the session posts goes back as-is.

import './csp-safe.ts';
import { EngineSession } from '../core/runtime/session.ts';
import type { Telemetry } from '../core/protocol/telemetry.ts';
import { createWorkerDataHost, type WorkerDataHost } from './worker-data-host.ts';
import { isWorkerInit } from './worker-messages.ts';

/** The worker global, typed here because the renderer compiles against the DOM library, not WebWorker's. */
interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}
const scope = self as unknown as WorkerScope;

/**
 * Run `fn` as a fresh task. setTimeout(fn, 0) is clamped to ≥ 4 ms once nested, which would cost a small
 * graph most of its training time between batches; a MessageChannel task is not clamped, and it queues
 * behind messages already posted by the page, so Pause and Stop still get in between two batches.
 */
function createScheduler(): (fn: () => void) => void {
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
}

let session: EngineSession | null = null;
let dataHost: WorkerDataHost | null = null;
const post = (telemetry: Telemetry, transfer?: ArrayBuffer[]) => scope.postMessage(telemetry, transfer ?? []);

scope.onmessage = (event) => {
  const message: unknown = event.data;
  if (isWorkerInit(message)) {
    // Answered between batches like any task: an engine that stops turning its event loop stops answering.
    const heartbeat = message.heartbeat as MessagePort | undefined;
    if (heartbeat) heartbeat.onmessage = (ping) => heartbeat.postMessage(ping.data);
    dataHost = createWorkerDataHost(message.assetBase);
    session = new EngineSession({ post, dataHost, platform: { schedule: createScheduler() } });
    return;
  }
  if (!session || !dataHost) {
    post({ type: 'error', message: 'the engine worker got a command before it was initialised' });
    return;
  }
  const m = message as { type?: unknown; files?: unknown } | null;
  // The session checks the command itself; the data host only needs to know which files came with it.
  if (m?.type === 'load') dataHost.setFiles(m.files);
  session.handle(message);
};
