// The desktop app end to end, driven by Playwright's Electron support: launch on an example, see the graph, train,
// and check from inside the page that it has no Node and only the narrow bridge. Runs wherever the Electron
// binary exists (it is downloaded at install time, which needs the internet); elsewhere it reports itself
// skipped with the reason, never passes silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const root = join(import.meta.dirname, '..');
const binary = findElectronBinary(join(root, 'node_modules', 'electron'));
const EXAMPLE = join(root, 'assets', 'examples', 'ch1-chain.gradflow');

test('the desktop app opens a document, trains it, and keeps the page away from Node', { timeout: 180_000 }, async (t) => {
  if (!binary.found) {
    t.skip(`skipped: Electron binary not found at ${binary.path ?? join(root, 'node_modules', 'electron', 'dist')} (${binary.reason})`);
    return;
  }
  if (!existsSync(join(root, 'dist', 'web', 'index.html'))) {
    const web = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    assert.equal(web.status, 0, 'npm run build:web');
  }
  const { buildElectron, ELECTRON_OUT_DIR } = await import('../scripts/build-electron.mjs');
  await buildElectron({ quiet: true });
  const { _electron } = await import('playwright-core');
  const env = { ...process.env } as Record<string, string>;
  delete env.ELECTRON_RUN_AS_NODE;
  const app = await _electron.launch({ executablePath: binary.path, args: [join(ELECTRON_OUT_DIR, 'main.cjs'), EXAMPLE], env, timeout: 60_000 });
  try {
    const page = await app.firstWindow();
    await page.waitForSelector('[data-testid="canvas"]', { timeout: 30_000 });
    assert.match(await page.title(), /ch1-chain\.gradflow — Gradflow/);

    // The page sees the bridge, and nothing of Node or Electron.
    const exposure = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return { bridge: typeof w.gradflow, require: typeof w.require, process: typeof w.process, ipc: typeof (w.gradflow as Record<string, unknown>)?.ipcRenderer };
    });
    assert.deepEqual(exposure, { bridge: 'object', require: 'undefined', process: 'undefined', ipc: 'undefined' });

    // Served from the app:// origin the IPC sender check accepts, with one window open.
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));
    assert.deepEqual(windows, ['app://gradflow/index.html']);

    // Navigation away is refused: the page stays ours.
    await page.evaluate(() => { (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/'; }).catch(() => undefined);
    await page.waitForTimeout(500);
    assert.equal(page.url(), 'app://gradflow/index.html');

    // Train the example through the real engine worker, and see it finish.
    await page.click('[data-testid="run-train"]');
    await page.waitForFunction(() => {
      const status = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid="run-status"]');
      return /done|running/.test(status?.textContent ?? '');
    }, null, { timeout: 60_000 });
  } finally {
    await app.close();
  }
});
