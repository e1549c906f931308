// Keeps one engine worker alive for a window, in every host: the desktop's worker thread (electron/
// worker-supervisor.ts) and the browser's Web Worker (renderer/host/web-host.ts) differ only in how a worker is
// started, pinged and stopped, which they hand in as a SupervisedWorker. If the worker crashes (an uncaught
// error, an exit) or hangs (no answer to a heartbeat ping in time — start-up included, so a load that hangs is
// caught), a fresh worker starts, is told the session's settings and the last document again, and the window is
// told with an 'error' telemetry. The document itself lives in the window and on disk, so a crash costs training
// progress, never the user's work.
//
// A crash loop (a document that kills the engine as soon as it loads) must not spin forever, so after
// `maxRestarts` failures within `restartWindowMs` it stops restarting until the window loads a document again.
// Platform-free: no Worker type, no MessagePort; timers are the globals every host has.

import type { EngineCommand } from './commands.ts';
import type { EngineStatus, Telemetry } from './telemetry.ts';

declare function setInterval(callback: () => void, ms: number): unknown;
declare function clearInterval(handle: unknown): void;

/** What a worker reports to its supervisor; the host wires its platform's events to these. */
export interface WorkerEvents {
  /** Something the worker posted (telemetry). */
  message(message: unknown): void;
  /** The worker answered a heartbeat ping. */
  answer(): void;
  /** An uncaught error in the worker. */
  error(message: string): void;
  /** The worker ended by itself. (A browser's worker ends silently: the heartbeat finds it.) */
  exit(code: number): void;
}

/** One engine worker as the supervisor drives it. */
export interface SupervisedWorker {
  post(command: EngineCommand): void;
  /** Ask for a heartbeat answer (WorkerEvents.answer), on a channel of its own so it never waits behind commands. */
  ping(sequence: number): void;
  /** Stop it for good, stuck in a loop or not, and release what it holds (its heartbeat channel). */
  terminate(): Promise<void> | void;
}

export interface SupervisionTiming {
  /** How often to ping. */
  pingIntervalMs?: number;
  /** Silence that counts as a hang while nothing long is running. */
  idleTimeoutMs?: number;
  /** Silence that counts as a hang after a command that may hold the engine's thread for long (train, gradient check). */
  busyTimeoutMs?: number;
  /** Until its first answer a worker is still starting (loading its bundle): it gets at least this long. */
  startupTimeoutMs?: number;
  /** Failures within restartWindowMs that are still restarted; one more and the supervisor gives up. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

export interface EngineSupervisorOptions extends SupervisionTiming {
  /** Starts a worker whose events go to `events` (events of a worker that was since replaced are ignored). */
  createWorker(events: WorkerEvents): SupervisedWorker;
  onTelemetry(telemetry: Telemetry): void;
  now?: () => number;
}

export const DEFAULT_SUPERVISION: Required<SupervisionTiming> = {
  pingIntervalMs: 1_000,
  idleTimeoutMs: 10_000,
  busyTimeoutMs: 120_000,
  startupTimeoutMs: 15_000,
  maxRestarts: 3,
  restartWindowMs: 60_000,
};

type LoadCommand = Extract<EngineCommand, { type: 'load' }>;

/** Commands after which the engine may be busy for a while without turning its event loop. */
const LONG_COMMANDS = new Set<EngineCommand['type']>(['load', 'train', 'resume', 'gradient-check', 'evaluate', 'run-batch', 'step-forward', 'step-backward']);
/** Statuses after which the engine is between runs: a restart then loses nothing but the parameters' state. */
const AT_REST = new Set<EngineStatus>(['idle', 'ready', 'done', 'error']);
/** Settings of the whole session (the window's settings panel): a fresh engine is told them before the document. */
const SESSION_SETTINGS = new Set<EngineCommand['type']>(['set-telemetry-rate', 'set-memory-budget']);
/**
 * Choices a load resets (session.ts): the backend, the live learning rate and momentum, the training row
 * step-through follows. A fresh engine is told those made since the last load, after it.
 */
const DOCUMENT_SETTINGS = new Set<EngineCommand['type']>(['set-backend', 'set-learning-rate', 'set-momentum', 'step-select']);

export class EngineSupervisor {
  private worker: SupervisedWorker | null = null;
  private generation = 0;
  /**
   * Since when a ping (or, at start-up, the first sign of life) has gone unanswered; null while nothing is owed.
   * Counting from the unanswered ping, not from the last answer, keeps a throttled timer (a browser slows a hidden
   * tab's timers to one a minute) from taking its own long gap for the worker's silence.
   */
  private waitingSince: number | null = null;
  private answered = false;
  private pingSequence = 0;
  private timer: unknown = null;
  private lastLoad: LoadCommand | null = null;
  /** The latest command of each setting kind, replayed into a fresh worker. */
  private readonly sessionSettings = new Map<EngineCommand['type'], EngineCommand>();
  private readonly documentSettings = new Map<EngineCommand['type'], EngineCommand>();
  /** The fresh worker is told the document settings at its 'loaded': sent during its load, the load would reset them. */
  private replaySettingsAtLoaded = false;
  /** Questions (commands with a requestId) the current worker has not answered: a replacement never will. */
  private readonly unanswered = new Set<number>();
  private busy = false;
  private atRest = true;
  private recycleWhenAtRest = false;
  /** A restart's notice, held until the fresh worker has loaded the document: the window clears its error banner on 'loaded'. */
  private pendingNotice: string | null = null;
  private failures: number[] = [];
  private gaveUp = false;
  private disposed = false;
  private restartCount = 0;
  private readonly opts: Required<SupervisionTiming> & { now: () => number };

  constructor(private readonly options: EngineSupervisorOptions) {
    const timing = Object.fromEntries(Object.keys(DEFAULT_SUPERVISION).map((key) => [key, options[key as keyof SupervisionTiming] ?? DEFAULT_SUPERVISION[key as keyof SupervisionTiming]]));
    this.opts = { ...(timing as Required<SupervisionTiming>), now: options.now ?? Date.now };
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

  /** Starts the worker if none runs (at first, or after giving up), telling it the session's settings. */
  start(): void {
    if (this.disposed || this.worker !== null) return;
    const worker = this.spawn();
    for (const setting of this.sessionSettings.values()) worker.post(setting);
    if (this.timer === null) {
      this.timer = setInterval(() => this.checkHeartbeat(), this.opts.pingIntervalMs);
      // Node's timers keep the process alive; the heartbeat must not keep the app (or a test) alive on its own.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  send(command: EngineCommand): void {
    if (this.disposed) return;
    this.remember(command);
    if (command.type === 'load') {
      // Loading again is the user's way to retry after the supervisor gave up.
      if (this.gaveUp) {
        this.gaveUp = false;
        this.failures = [];
      }
    }
    if (this.gaveUp) {
      const message = 'The engine is stopped after repeated failures; open or load the document again to restart it.';
      // A question is answered to its asker; settings are remembered above, for the engine the next load starts.
      if ('requestId' in command) this.options.onTelemetry({ type: 'error', requestId: command.requestId, message });
      else if (!SESSION_SETTINGS.has(command.type)) this.report(message);
      return;
    }
    const starting = this.worker === null;
    this.start();
    // A starting worker was just told the session's settings, this one included.
    if (starting && SESSION_SETTINGS.has(command.type)) return;
    if (LONG_COMMANDS.has(command.type)) this.busy = true;
    if ('requestId' in command) this.unanswered.add(command.requestId);
    this.worker?.post(command);
  }

  /**
   * Replace the worker without reporting an error (what it was started with changed, e.g. the document's folder),
   * as soon as no run is in progress, so a training run is never cut short for it.
   */
  recycle(): void {
    if (this.worker === null) return;
    if (this.atRest && !this.busy) this.replace();
    else this.recycleWhenAtRest = true;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.stopWorker();
  }

  private remember(command: EngineCommand): void {
    if (command.type === 'load') {
      this.lastLoad = command;
      this.documentSettings.clear();
      this.replaySettingsAtLoaded = false;
    } else if (SESSION_SETTINGS.has(command.type)) {
      this.sessionSettings.set(command.type, command);
    } else if (DOCUMENT_SETTINGS.has(command.type)) {
      this.documentSettings.set(command.type, command);
    }
  }

  private spawn(): SupervisedWorker {
    const generation = ++this.generation;
    this.replaySettingsAtLoaded = false;
    this.waitingSince = this.opts.now();
    this.answered = false;
    this.busy = false;
    this.atRest = true;
    // Events of a worker that was already replaced are ignored (a thread's 'exit' arrives after the replacement).
    const current = () => generation === this.generation && !this.disposed;
    const events: WorkerEvents = {
      message: (message) => { if (current()) this.relay(message); },
      answer: () => {
        if (!current()) return;
        this.waitingSince = null;
        this.answered = true;
      },
      error: (message) => { if (current()) this.fail(`The engine crashed (${message})`); },
      exit: (code) => { if (current()) this.fail(`The engine stopped unexpectedly (exit code ${code})`); },
    };
    let worker: SupervisedWorker;
    try {
      worker = this.options.createWorker(events);
    } catch (error) {
      // A worker that cannot even be constructed (a browser refusing the script) fails like one that dies at once,
      // reported after this call returns so that the restart does not happen inside it.
      worker = { post: () => undefined, ping: () => undefined, terminate: () => undefined };
      const message = error instanceof Error ? error.message : String(error);
      void Promise.resolve().then(() => events.error(message));
    }
    this.worker = worker;
    return worker;
  }

  private relay(message: unknown): void {
    if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string') return;
    const telemetry = message as Telemetry;
    // Any message proves the thread is alive, and results end a busy stretch.
    this.waitingSince = null;
    if ('requestId' in telemetry && typeof telemetry.requestId === 'number') this.unanswered.delete(telemetry.requestId);
    if (telemetry.type === 'status') {
      this.atRest = AT_REST.has(telemetry.status);
      if (telemetry.status !== 'running' && telemetry.status !== 'stepping' && telemetry.status !== 'loading') this.busy = false;
    } else if (telemetry.type === 'loaded' || telemetry.type === 'gradient-check' || telemetry.type === 'evaluation' || telemetry.type === 'step') {
      this.busy = false;
    }
    // The notice goes out once the reload is answered: after 'loaded' (which clears the window's banner), before
    // an error of the reload (which it must not hide).
    if (telemetry.type === 'loaded') {
      if (this.replaySettingsAtLoaded) for (const setting of this.documentSettings.values()) this.worker?.post(setting);
      this.replaySettingsAtLoaded = false;
    }
    if (this.pendingNotice !== null && telemetry.type === 'error') this.flushNotice();
    this.options.onTelemetry(telemetry);
    if (this.pendingNotice !== null && (telemetry.type === 'loaded' || (telemetry.type === 'status' && telemetry.status !== 'loading'))) this.flushNotice();
    if (this.recycleWhenAtRest && this.atRest && !this.busy) {
      this.recycleWhenAtRest = false;
      this.replace();
    }
  }

  private checkHeartbeat(): void {
    if (this.worker === null || this.disposed) return;
    const now = this.opts.now();
    const silence = this.waitingSince === null ? 0 : now - this.waitingSince;
    const running = this.busy ? this.opts.busyTimeoutMs : this.opts.idleTimeoutMs;
    const limit = this.answered ? running : Math.max(running, this.opts.startupTimeoutMs);
    if (silence > limit) {
      this.fail(`The engine stopped responding (no answer for ${(silence / 1000).toFixed(1)} s)`);
      return;
    }
    this.waitingSince ??= now;
    this.worker.ping(++this.pingSequence);
  }

  private fail(reason: string): void {
    const now = this.opts.now();
    const interrupted = !this.atRest;
    this.failures = [...this.failures.filter((t) => now - t < this.opts.restartWindowMs), now];
    // An earlier restart whose reload never answered is still news: the window hears of both.
    this.flushNotice();
    if (this.failures.length > this.opts.maxRestarts) {
      this.gaveUp = true;
      this.abandonQuestions();
      void this.stopWorker();
      const message = `${reason}. It failed ${this.failures.length} times in a row, so it was not restarted; your document is unchanged — load it again to retry.`;
      this.report(message);
      // The window may still show a run in progress: nothing is running any more.
      this.options.onTelemetry({ type: 'status', status: 'error', message });
      return;
    }
    this.restartCount += 1;
    const lost = interrupted ? 'training was interrupted and the run\'s progress is lost' : 'the run\'s progress is lost';
    const notice = `${reason}. A fresh engine was started${this.lastLoad ? ' and your document loaded again' : ''}; ${lost}, your document is unchanged.`;
    this.replace();
    if (this.lastLoad === null) {
      this.report(notice);
    } else {
      this.pendingNotice = notice;
      // Until the reload answers, the window must not offer Pause on a run that no longer exists.
      this.options.onTelemetry({ type: 'status', status: 'loading', message: 'restarting the engine' });
    }
  }

  /** Stops the current worker and starts another, told the session's settings and the last document. */
  private replace(): void {
    this.abandonQuestions();
    void this.stopWorker();
    this.start();
    if (this.lastLoad !== null) {
      this.busy = true;
      this.worker?.post(this.lastLoad);
      this.replaySettingsAtLoaded = true;
    }
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.generation += 1;
    this.worker = null;
    if (worker === null) return;
    try {
      await worker.terminate();
    } catch {
      // It is gone either way; a worker that fails to stop cleanly is no reason to fail the restart.
    }
  }

  /** Whoever awaits an answer from the worker being stopped hears now, not at their timeout. */
  private abandonQuestions(): void {
    for (const requestId of this.unanswered) this.options.onTelemetry({ type: 'error', requestId, message: 'the engine stopped before answering; ask again once it has restarted' });
    this.unanswered.clear();
  }

  private flushNotice(): void {
    const notice = this.pendingNotice;
    this.pendingNotice = null;
    if (notice !== null) this.report(notice);
  }

  private report(message: string): void {
    this.options.onTelemetry({ type: 'error', message });
  }
}
