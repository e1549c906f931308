// The one message a page sends its engine worker that is not an EngineCommand: where the built-in datasets
// are served. The worker's own URL sits inside the bundle folder, so it cannot work this out by itself.

export const WORKER_INIT = 'gradflow-worker-init';

export interface WorkerInit {
  kind: typeof WORKER_INIT;
  /** Absolute URL of the folder holding the built-in dataset assets, ending in "/". */
  assetBase: string;
  /**
   * The page's heartbeat, a MessagePort: the worker echoes every message on it (engine-supervisor.ts finds a
   * hung engine so). Typed `unknown` because this file is also compiled without the DOM library, where
   * MessagePort is Node's value rather than a type; the worker, which has the DOM library, reads it as one.
   */
  heartbeat?: unknown;
}

export const isWorkerInit = (message: unknown): message is WorkerInit =>
  typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === WORKER_INIT &&
  typeof (message as { assetBase?: unknown }).assetBase === 'string';
