// Finding and launching a Chromium for the end-to-end tests. Playwright's own browser builds cannot be
// downloaded on the team's machines, so the tests drive the system's Chromium (Debian: apt-get install
// chromium) through playwright-core.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The browser to use: CHROMIUM_PATH if set (it must exist: a wrong explicit path is a mistake to report, not
 * a reason to skip), else the first usual path that exists, else null.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string | null {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (!exists(explicit)) throw new Error(`CHROMIUM_PATH is set to ${explicit}, which does not exist`);
    return explicit;
  }
  return CHROMIUM_CANDIDATES.find((path) => exists(path)) ?? null;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', // the tests run as root in CI containers, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, removed again on close. */
export async function launchChromium(executablePath: string): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'gradflow-e2e-profile-'));
  // A persistent context is how playwright takes a user-data-dir; it is fresh, so nothing persists.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', ...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
