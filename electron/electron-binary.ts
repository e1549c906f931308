// Where the Electron executable is, without triggering a download: `require('electron')` in electron 45 tries
// to download a missing binary on the spot (and prints a stack trace when it cannot), so the launcher and the
// end-to-end test read the package's path.txt themselves. ELECTRON_OVERRIDE_DIST_PATH is honoured, as the
// package itself does.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; path: string | null; reason: string };

/** `packageDir` is node_modules/electron. */
export function findElectronBinary(packageDir: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  if (!existsSync(join(packageDir, 'package.json'))) return { found: false, path: null, reason: `the electron package is not installed (${packageDir})` };
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, relative ?? 'electron');
    return existsSync(path) ? { found: true, path } : { found: false, path, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${path}, which does not exist` };
  }
  if (relative === null) return { found: false, path: null, reason: `the Electron binary was never downloaded (no ${pathFile}; its install step needs the internet)` };
  const path = join(packageDir, 'dist', relative);
  return existsSync(path) ? { found: true, path } : { found: false, path, reason: `the Electron binary is missing (${path})` };
}
