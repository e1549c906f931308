// The one message a page sends its engine worker that is not an EngineCommand: where the built-in datasets
// are served. The worker's own URL sits inside the bundle folder, so it cannot work this out by itself.

export const WORKER_INIT = 'gradflow-worker-init';

export interface WorkerInit {
  kind: typeof WORKER_INIT;
  /** Absolute URL of the folder holding the built-in dataset assets, ending in "/". */
  assetBase: string;
  /** The page's heartbeat: the worker echoes every message on it (engine-supervisor.ts finds a hung engine so). */
  heartbeat?: MessagePort;
}

export const isWorkerInit = (message: unknown): message is WorkerInit =>
  typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === WORKER_INIT &&
  typeof (message as { assetBase?: unknown }).assetBase === 'string';
