// Finding a python3 with numpy for the export parity tests (the way e2e/support/chromium.ts finds Chromium):
// GRADFLOW_PYTHON if set (it must work: a wrong explicit path is a mistake to report, not a reason to skip),
// else the first python3 on PATH, then at the usual paths, that runs and imports numpy, else a reason to skip.

import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

export const PYTHON_CANDIDATES = ['/usr/bin/python3', '/usr/local/bin/python3', '/opt/homebrew/bin/python3', '/usr/bin/python'];

/** The python3 to run exported scripts with, or why there is none. */
export function findPython(env: NodeJS.ProcessEnv = process.env): { python: string } | { skip: string } {
  const explicit = env.GRADFLOW_PYTHON;
  if (explicit) {
    const problem = numpyProblem(explicit);
    if (problem) throw new Error(`GRADFLOW_PYTHON is set to ${explicit}, but ${problem}`);
    return { python: explicit };
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'python3'));
  const found = [...new Set([...onPath, ...PYTHON_CANDIDATES])].filter((path) => existsSync(path));
  for (const path of found) if (!numpyProblem(path)) return { python: path };
  return {
    skip: found.length === 0
      ? `no python3 found (looked on PATH and at ${PYTHON_CANDIDATES.join(', ')}; set GRADFLOW_PYTHON)`
      : `python3 at ${found.join(', ')} cannot import numpy (pip install numpy, or set GRADFLOW_PYTHON)`,
  };
}

function numpyProblem(python: string): string | null {
  const run = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8', timeout: 30_000 });
  if (run.error) return `it does not run (${run.error.message})`;
  if (run.status !== 0) return `it cannot import numpy: ${run.stderr.trim().split('\n').pop()}`;
  return null;
}
