// Which kernel backends this build can run. The run config knows two names ("reference", "fast"), but the
// fast WebAssembly backend arrives in a later issue: until then asking for it is a clear error on the
// command line, and a file that asks for it runs on the reference backend with a warning.

import { BACKEND_NAMES, type BackendName } from '../core/train/config.ts';
import { flag } from './args.ts';
import type { Output } from './context.ts';
import { UsageError } from './errors.ts';

export const AVAILABLE_BACKENDS: readonly BackendName[] = ['reference'];

export const BACKEND_FLAG = {
  backend: flag.string('NAME', `the kernel backend (available: ${AVAILABLE_BACKENDS.join(', ')})`),
} as const;

/** The backend a --backend flag names, or a UsageError listing the available ones. */
export function backendFromFlag(name: string | undefined): BackendName | undefined {
  if (name === undefined) return undefined;
  const available = `available: ${AVAILABLE_BACKENDS.join(', ')}`;
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) throw new UsageError(`unknown backend "${name}" (${available})`);
  if (!AVAILABLE_BACKENDS.includes(name as BackendName)) throw new UsageError(`the "${name}" backend is not available in this build yet (${available})`);
  return name as BackendName;
}

/** A file may name a backend this build lacks: say so, and run on the reference kernels. */
export function warnIfUnavailable(backend: BackendName, file: string, out: Output): void {
  if (!AVAILABLE_BACKENDS.includes(backend)) {
    out.warn(`${file} asks for the "${backend}" backend, which is not available in this build yet; running on "reference"`);
  }
}
