// The web build the end-to-end tests open: reused when dist/web is newer than everything it is built from,
// rebuilt otherwise (a stale build would test yesterday's code).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const WEB_DIR = join(ROOT, 'dist', 'web');

// Everything the renderer bundle imports or copies (it shares electron/commands.ts and the preload API types).
const SOURCES = ['renderer', 'core', 'electron', 'assets/examples', 'assets/data', 'vite.config.ts', 'package-lock.json'];

/** The newest modification time of any file under `path`. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((max, name) => (name === 'node_modules' ? max : Math.max(max, newest(join(path, name)))), info.mtimeMs);
}

export function buildIsFresh(): boolean {
  const index = join(WEB_DIR, 'index.html');
  if (!existsSync(index)) return false;
  const builtAt = statSync(index).mtimeMs;
  return SOURCES.every((source) => newest(join(ROOT, source)) <= builtAt);
}

/** Build dist/web unless it is fresh; throws with Vite's output if the build fails. */
export function ensureWebBuild(): { rebuilt: boolean } {
  if (buildIsFresh()) return { rebuilt: false };
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`vite build failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return { rebuilt: true };
}
