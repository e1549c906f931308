// Our backends by name for the matmul benchmark: core/backend's getBackend when it is there. Until the lead's
// backend module lands in a checkout (it is loaded by URL so this file type-checks either way), both names
// fall back to the reference backend — and its description says so, so the output never claims "fast".
// TODO(lead): import { getBackend } from '../../core/backend/index.ts' directly once it is committed.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../core/backend/types.ts';
import { referenceBackend } from '../../core/backend/reference.ts';
import type { BackendName } from '../../core/train/config.ts';

const INDEX = new URL('../../core/backend/index.ts', import.meta.url);

export async function loadBackend(name: BackendName): Promise<Backend> {
  if (!existsSync(fileURLToPath(INDEX))) {
    return { ...referenceBackend, description: `${name} requested; core/backend/index.ts is not there yet, so: ${referenceBackend.description}` };
  }
  const module = (await import(INDEX.href)) as { getBackend(name: BackendName): Backend };
  return module.getBackend(name);
}
