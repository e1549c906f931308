// The --backend flag: which kernels a run uses. "reference" is the readable TypeScript; "fast" is WebAssembly
// SIMD (with FMA where relaxed SIMD is on — bin/gradflow.mjs turns it on for Node 20), falling back to
// plain SIMD or blocked TypeScript on runtimes without it. What actually runs is printed before training.

import { BACKEND_NAMES, type BackendName } from '../core/train/config.ts';
import { flag } from './args.ts';
import { UsageError } from './errors.ts';

export const BACKEND_FLAG = {
  backend: flag.string('NAME', `the kernel backend: ${BACKEND_NAMES.join(' or ')} (default: the file's, else reference)`),
} as const;

/** The backend a --backend flag names, or a UsageError listing the known ones. */
export function backendFromFlag(name: string | undefined): BackendName | undefined {
  if (name === undefined) return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) throw new UsageError(`unknown backend "${name}" (choose ${BACKEND_NAMES.join(' or ')})`);
  return name as BackendName;
}
