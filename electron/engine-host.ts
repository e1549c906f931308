// The engine of one window: a supervised worker thread (worker-supervisor.ts) running the engine bundle, and a
// MessagePort to the window that telemetry flows through. Thin Electron glue; the logic is in the supervisor.
//
// Why a MessagePort and not webContents.send: one port per page load is a direct pipe without a channel name
// to listen on, so only the page we handed it to receives the engine's telemetry. Commands come back over
// ordinary IPC (ipc-main.ts), where the sender and the payload are checked.

import { MessageChannelMain, type MessagePortMain, type WebContents } from 'electron';
import { MessageChannel, Worker } from 'node:worker_threads';
import { dirname } from 'node:path';
import type { EngineCommand } from '../core/protocol/commands.ts';
import type { Telemetry } from '../core/protocol/telemetry.ts';
import type { PushChannels } from './ipc-channels.ts';
import { answerDataReadQuestions, type DataAccessWorkerData } from './security-data-access.ts';
import type { EngineHostWorkerData } from './worker-data.ts';
import { WorkerSupervisor } from './worker-supervisor.ts';

export interface EngineHostOptions {
  workerPath: string;
  datasetsDir: string;
  /** The file the document came from (its folder resolves relative data paths); null for a new document. */
  documentPath: string | null;
  /**
   * Asks the user whether the engine may read `dataPath`, a data file outside the document's folder
   * (security-data-access.ts). Without it, such reads are refused.
   */
  confirmDataRead?: (documentPath: string | null, dataPath: string) => Promise<boolean>;
}

const PORT_CHANNEL: keyof PushChannels = 'engine:port';

export class EngineHost {
  private port: MessagePortMain | null = null;
  private documentPath: string | null;
  private readonly supervisor: WorkerSupervisor;

  constructor(private readonly contents: WebContents, private readonly options: EngineHostOptions) {
    this.documentPath = options.documentPath;
    this.supervisor = new WorkerSupervisor({
      createWorker: (heartbeat) => {
        // Each worker gets its own port for data-read questions; it closes with the worker.
        const dataAccess = new MessageChannel();
        answerDataReadQuestions(dataAccess.port1, (dataPath) => this.confirmDataRead(dataPath), (message) => console.warn(`gradflow: ${message}`));
        const workerData: EngineHostWorkerData & DataAccessWorkerData = { assetsDir: this.options.datasetsDir, heartbeat, dataAccess: dataAccess.port2 };
        if (this.documentPath !== null) workerData.documentPath = this.documentPath;
        return new Worker(this.options.workerPath, { workerData, transferList: [heartbeat, dataAccess.port2], name: 'gradflow-engine' });
      },
      onTelemetry: (telemetry) => this.forward(telemetry),
    });
  }

  /** Hands the page a fresh port; called on every page load (a reload drops the old one). */
  connect(): void {
    this.port?.close();
    const { port1, port2 } = new MessageChannelMain();
    this.port = port1;
    port1.start();
    this.contents.postMessage(PORT_CHANNEL, null, [port2]);
  }

  send(command: EngineCommand): void {
    this.supervisor.send(command);
  }

  /** An error for the window's error banner, in the engine's own format. */
  report(message: string): void {
    this.forward({ type: 'error', message });
  }

  /**
   * The document has a new file (Save As): relative data paths now resolve from its folder. The worker reads the
   * path once, at start, so a new folder means a fresh worker (once no run is in progress).
   */
  setDocumentPath(path: string | null): void {
    if (path === this.documentPath) return;
    const folderChanged = path === null || this.documentPath === null || dirname(path) !== dirname(this.documentPath);
    this.documentPath = path;
    if (folderChanged) this.supervisor.recycle();
  }

  async dispose(): Promise<void> {
    this.port?.close();
    this.port = null;
    await this.supervisor.dispose();
  }

  private confirmDataRead(dataPath: string): Promise<boolean> {
    return this.options.confirmDataRead?.(this.documentPath, dataPath) ?? Promise.resolve(false);
  }

  private forward(telemetry: Telemetry): void {
    // MessagePortMain copies (structured clone); tensors are small requests, so the copy is cheap enough.
    if (this.port !== null && !this.contents.isDestroyed()) this.port.postMessage(telemetry);
  }
}
