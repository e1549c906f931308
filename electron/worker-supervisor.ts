// Keeps one engine worker alive for a window. If the worker crashes (an 'error' or an unexpected 'exit') or
// hangs (no answer to a heartbeat ping in time — start-up included, so a load that hangs is caught), the window is told with an 'error' telemetry, a fresh worker
// starts, and the last document the window loaded is sent to it again. The document itself lives in the
// renderer and on disk, so a crash costs training progress, never the user's work.
//
// No Electron here: tests drive it with real worker_threads and tiny scripts that crash or hang on command.
// A crash loop (a document that kills the engine as soon as it loads) must not spin forever, so after
// `maxRestarts` failures within `restartWindowMs` it stops restarting until the window loads a document again.

import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { EngineCommand } from '../core/protocol/commands.ts';
import type { EngineStatus, Telemetry } from '../core/protocol/telemetry.ts';

export interface SupervisorOptions {
  /** Starts a worker; it must pass `heartbeat` on in its workerData (transferList) and answer its pings. */
  createWorker(heartbeat: MessagePort): Worker;
  onTelemetry(telemetry: Telemetry): void;
  /** How often to ping. */
  pingIntervalMs?: number;
  /** Silence that counts as a hang while nothing long is running. */
  idleTimeoutMs?: number;
  /** Silence that counts as a hang after a command that may hold the engine's thread for long (train, gradient check). */
  busyTimeoutMs?: number;
  /** Until its first answer a worker is still starting (loading its bundle): it gets at least this long. */
  startupTimeoutMs?: number;
  maxRestarts?: number;
  restartWindowMs?: number;
  now?: () => number;
}

type LoadCommand = Extract<EngineCommand, { type: 'load' }>;

/** Commands after which the engine may be busy for a while without turning its event loop. */
const LONG_COMMANDS = new Set<EngineCommand['type']>(['load', 'train', 'resume', 'gradient-check', 'evaluate', 'run-batch', 'step-forward', 'step-backward']);
/** Statuses after which the engine is between runs: a restart then loses nothing but the parameters' state. */
const AT_REST = new Set<EngineStatus>(['idle', 'ready', 'done', 'error']);

export class WorkerSupervisor {
  private worker: Worker | null = null;
  private heartbeat: MessagePort | null = null;
  private generation = 0;
  private lastAnswer = 0;
  private answered = false;
  private pingSequence = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastLoad: LoadCommand | null = null;
  private busy = false;
  private atRest = true;
  private recycleWhenAtRest = false;
  private failures: number[] = [];
  private gaveUp = false;
  private disposed = false;
  private restartCount = 0;
  private readonly opts: Required<Omit<SupervisorOptions, 'createWorker' | 'onTelemetry'>>;

  constructor(private readonly options: SupervisorOptions) {
    this.opts = {
      pingIntervalMs: options.pingIntervalMs ?? 1_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
      busyTimeoutMs: options.busyTimeoutMs ?? 120_000,
      startupTimeoutMs: options.startupTimeoutMs ?? 15_000,
      maxRestarts: options.maxRestarts ?? 3,
      restartWindowMs: options.restartWindowMs ?? 60_000,
      now: options.now ?? Date.now,
    };
  }

  /** How many times a failed worker was replaced. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Whether the current worker has answered a heartbeat yet (it is past start-up). */
  get answering(): boolean {
    return this.answered;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  start(): void {
    if (this.disposed || this.worker !== null) return;
    this.spawn();
    if (this.timer === null) {
      this.timer = setInterval(() => this.checkHeartbeat(), this.opts.pingIntervalMs);
      // The heartbeat must not keep the app (or a test) alive on its own.
      this.timer.unref();
    }
  }

  send(command: EngineCommand): void {
    if (this.disposed) return;
    if (command.type === 'load') {
      this.lastLoad = command;
      // Loading again is the user's way to retry after the supervisor gave up.
      if (this.gaveUp) {
        this.gaveUp = false;
        this.failures = [];
      }
    }
    if (this.gaveUp) {
      this.report('The engine is stopped after repeated failures; open or load the document again to restart it.');
      return;
    }
    this.start();
    if (LONG_COMMANDS.has(command.type)) this.busy = true;
    this.worker?.postMessage(command);
  }

  /**
   * Replace the worker without reporting an error (its workerData changed, e.g. the document's folder), as soon
   * as no run is in progress, so a training run is never cut short for it.
   */
  recycle(): void {
    if (this.worker === null) return;
    if (this.atRest && !this.busy) this.replace(null);
    else this.recycleWhenAtRest = true;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.stopWorker();
  }

  private spawn(): void {
    const generation = ++this.generation;
    const { port1, port2 } = new MessageChannel();
    const worker = this.options.createWorker(port2);
    this.worker = worker;
    this.heartbeat = port1;
    this.lastAnswer = this.opts.now();
    this.answered = false;
    this.busy = false;
    this.atRest = true;
    // Events of a worker that was already replaced are ignored (its 'exit' arrives after the replacement).
    const current = () => generation === this.generation && !this.disposed;
    port1.on('message', () => {
      if (!current()) return;
      this.lastAnswer = this.opts.now();
      this.answered = true;
    });
    port1.unref();
    worker.on('message', (message: unknown) => {
      if (current()) this.relay(message);
    });
    worker.on('error', (error: Error) => {
      if (current()) this.fail(`The engine crashed (${error.message})`);
    });
    worker.on('exit', (code: number) => {
      if (current()) this.fail(`The engine stopped unexpectedly (exit code ${code})`);
    });
  }

  private relay(message: unknown): void {
    if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string') return;
    const telemetry = message as Telemetry;
    // Any message proves the thread is alive, and results end a busy stretch.
    this.lastAnswer = this.opts.now();
    if (telemetry.type === 'status') {
      this.atRest = AT_REST.has(telemetry.status);
      if (telemetry.status !== 'running' && telemetry.status !== 'stepping' && telemetry.status !== 'loading') this.busy = false;
    } else if (telemetry.type === 'loaded' || telemetry.type === 'gradient-check' || telemetry.type === 'evaluation' || telemetry.type === 'step') {
      this.busy = false;
    }
    this.options.onTelemetry(telemetry);
    if (this.recycleWhenAtRest && this.atRest && !this.busy) {
      this.recycleWhenAtRest = false;
      this.replace(null);
    }
  }

  private checkHeartbeat(): void {
    if (this.worker === null || this.heartbeat === null || this.disposed) return;
    const silence = this.opts.now() - this.lastAnswer;
    const running = this.busy ? this.opts.busyTimeoutMs : this.opts.idleTimeoutMs;
    const limit = this.answered ? running : Math.max(running, this.opts.startupTimeoutMs);
    if (silence > limit) {
      this.fail(`The engine stopped responding (no answer for ${(silence / 1000).toFixed(1)} s)`);
      return;
    }
    this.heartbeat.postMessage(++this.pingSequence);
  }

  private fail(reason: string): void {
    const now = this.opts.now();
    this.failures = [...this.failures.filter((t) => now - t < this.opts.restartWindowMs), now];
    if (this.failures.length > this.opts.maxRestarts) {
      this.gaveUp = true;
      void this.stopWorker();
      this.report(`${reason}. It failed ${this.failures.length} times in a row, so it was not restarted; your document is unchanged — load it again to retry.`);
      return;
    }
    this.restartCount += 1;
    this.report(`${reason}. A fresh engine was started${this.lastLoad ? ' and your document loaded again' : ''}; the run's progress is lost, your document is unchanged.`);
    this.replace(this.lastLoad);
  }

  /** Stops the current worker and starts another, loading `load` (or the last document) into it. */
  private replace(load: LoadCommand | null): void {
    void this.stopWorker();
    this.spawn();
    const document = load ?? this.lastLoad;
    if (document !== null) {
      this.busy = true;
      this.worker?.postMessage(document);
    }
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.generation += 1;
    this.worker = null;
    this.heartbeat?.close();
    this.heartbeat = null;
    // terminate() also stops a thread stuck in a loop (V8 interrupts it).
    if (worker !== null) await worker.terminate().catch(() => undefined);
  }

  private report(message: string): void {
    this.options.onTelemetry({ type: 'error', message });
  }
}
