// The numpy peers (bench/peers/*.py) from TypeScript: find a python3 with numpy (test/support/python.ts's
// rules), hand a peer its arrays as an .npz file and its settings as JSON, and read the one JSON line it prints.
//
// Each call is one python process — one measurement round: start-up and `import numpy` happen before the
// peer starts its clock (see peer_common.py). numpy runs single-threaded: OPENBLAS_NUM_THREADS=1, and
// OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed from that process's environment (only there).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npzBytes, type NpyArray } from '../../core/export/npz.ts';
import { findPython } from '../../test/support/python.ts';

export type NumpyPeer = 'matmul' | 'mlp' | 'mlp-book' | 'conv' | 'lstm';

export const NUMPY_MISSING = 'python3 with numpy not found';
const RUNNER = join(import.meta.dirname, 'run_peer.py');

let cached: { python: string } | { skip: string } | undefined;

/** The python3 to run the peers with, or why the numpy peers are skipped (looked up once per process). */
export function numpyPython(): { python: string } | { skip: string } {
  if (!cached) {
    try {
      const found = findPython();
      cached = 'python' in found ? { python: realInterpreter(found.python) } : { skip: `${NUMPY_MISSING} (${found.skip})` };
    } catch (error) {
      cached = { skip: `${NUMPY_MISSING} (${(error as Error).message})` };
    }
  }
  return cached;
}

/**
 * The interpreter behind a launcher: a pyenv shim is a shell script that takes over a second to pick the
 * version each time it starts, so the peers start `sys.executable` itself (the same interpreter).
 */
function realInterpreter(python: string): string {
  const run = spawnSync(python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 30_000 });
  const path = run.status === 0 ? run.stdout.trim() : '';
  return path && existsSync(path) ? path : python;
}

/** For tests: act as if this were the lookup's answer (a machine without numpy); undefined looks again. */
export function setNumpyPythonForTesting(found: { python: string } | { skip: string } | undefined): void {
  cached = found;
}

/**
 * The environment of a peer process: ours, single-threaded BLAS, without the two OpenBLAS overrides — unless
 * `coretype` names the OpenBLAS kernel to force (e.g. "Haswell": AVX2 + FMA, the machine class issue 8's
 * anchors describe; left to itself, OpenBLAS picks its AVX-512 kernel on a CPU that has it).
 */
export function peerEnvironment(env: NodeJS.ProcessEnv = process.env, coretype?: string): NodeJS.ProcessEnv {
  // No __pycache__ folders in the checkout either.
  const copy: NodeJS.ProcessEnv = { ...env, OPENBLAS_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' };
  delete copy.OPENBLAS_CORETYPE;
  delete copy.OPENBLAS_L2_SIZE;
  if (coretype) copy.OPENBLAS_CORETYPE = coretype;
  return copy;
}

/** The OpenBLAS kernel numpy runs with that environment (e.g. "SkylakeX", "Haswell"), or "unknown". */
export function openblasKernel(python: string, coretype?: string): string {
  const script = [
    'import ctypes, numpy',
    "libs = sorted({p for p in open('/proc/self/maps').read().split() if 'openblas' in p.lower()})",
    'lib = ctypes.CDLL(libs[0]) if libs else None',
    "names = ['scipy_openblas_get_corename64_', 'scipy_openblas_get_corename', 'openblas_get_corename64_', 'openblas_get_corename']",
    'found = [getattr(lib, n) for n in names if lib is not None and hasattr(lib, n)]',
    'if found: found[0].restype = ctypes.c_char_p',
    "print(found[0]().decode() if found else 'unknown')",
  ].join('\n');
  const run = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 30_000, env: peerEnvironment(process.env, coretype) });
  return run.status === 0 ? run.stdout.trim() || 'unknown' : 'unknown';
}

/** A folder holding one .npz of arrays a peer reads; remove() when the benchmark is done. */
export class PeerData {
  readonly dir = mkdtempSync(join(tmpdir(), 'gradflow-bench-'));
  readonly file = join(this.dir, 'arrays.npz');
  constructor(arrays: ReadonlyMap<string, NpyArray>) {
    writeFileSync(this.file, npzBytes(arrays));
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface TimedRun { iterations: number; seconds: number }

interface RunOptions {
  meta?: Record<string, unknown>;
  /** Time steps for this long after the warm-up (default 1 s). */
  seconds?: number;
  warmup?: number;
  /** Force this OpenBLAS kernel (OPENBLAS_CORETYPE) for the round. */
  coretype?: string;
}

function runPeer(python: string, peer: NumpyPeer, data: PeerData, args: string[], meta: Record<string, unknown>, coretype?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [RUNNER, peer, '--data', data.file, '--meta', JSON.stringify(meta), ...args], {
      env: peerEnvironment(process.env, coretype), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        const why = stderr.trim().split('\n').pop() || `exit code ${code}`;
        reject(new Error(`numpy peer ${peer} failed: ${why}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      } catch {
        reject(new Error(`numpy peer ${peer} printed no JSON: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

/** One measurement round: warm up, then time steps for `seconds`. */
export async function timeNumpyPeer(python: string, peer: NumpyPeer, data: PeerData, options: RunOptions = {}): Promise<TimedRun> {
  const args = ['--seconds', String(options.seconds ?? 1), '--warmup', String(options.warmup ?? 2)];
  return await runPeer(python, peer, data, args, options.meta ?? {}, options.coretype) as TimedRun;
}

/** The loss on the first batch, and on the same batch after one training step; and numpy's version. */
export async function numpyLosses(python: string, peer: Exclude<NumpyPeer, 'matmul'>, data: PeerData, meta: Record<string, unknown>): Promise<{ losses: [number, number]; numpy: string }> {
  return await runPeer(python, peer, data, ['--check'], meta) as { losses: [number, number]; numpy: string };
}

/** The first `values` entries of A·B as numpy computes it (float32), to check our product against. */
export async function numpyProduct(python: string, data: PeerData, values: number): Promise<{ product: number[]; numpy: string }> {
  return await runPeer(python, 'matmul', data, ['--check'], { values }) as { product: number[]; numpy: string };
}
