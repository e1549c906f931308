// Backends by name: what a run config's `backend` selects. The fast one is built once per thread (its
// WebAssembly module is compiled on first use) and shared by every run on that thread.

import type { BackendName } from '../train/config.ts';
import { createFastBackend } from './fast.ts';
import { referenceBackend } from './reference.ts';
import type { Backend, BackendInfo } from './types.ts';

export type { Backend, BackendInfo } from './types.ts';

let fast: Backend | undefined;

export function getBackend(name: BackendName): Backend {
  if (name === 'reference') return referenceBackend;
  fast ??= createFastBackend();
  return fast;
}

/** The plain facts about a backend (for telemetry and the CLI): no functions. */
export function backendInfo(backend: Backend): BackendInfo {
  return { name: backend.name, kernels: backend.kernels, fma: backend.fma, description: backend.description };
}
