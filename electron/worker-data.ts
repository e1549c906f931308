// The contract between the engine host (engine-host.ts) and the engine worker entry (engine-worker.ts):
// what the worker finds in `workerData`, and the heartbeat it answers so a hung engine can be detected.
// The protocol (core/protocol) has no ping on purpose: liveness is the host's business, on a side channel, so
// the engine session stays the same in every host.

import type { MessagePort } from 'node:worker_threads';

export interface EngineHostWorkerData {
  /** The document's file: relative data paths in it are read from its folder. Absent for a new document. */
  documentPath?: string;
  /** The built-in dataset files (assets/data), outside any asar archive. */
  assetsDir?: string;
  /** The host pings on this port; the worker answers with answerHeartbeats(workerData.heartbeat). */
  heartbeat?: MessagePort;
}

/**
 * Echo every heartbeat ping back to the host. Call once at worker start-up. An engine that keeps its event
 * loop turning (yielding between batches) answers within milliseconds, even while training.
 */
export function answerHeartbeats(port: MessagePort | undefined): void {
  port?.on('message', (ping: unknown) => port.postMessage(ping));
}
