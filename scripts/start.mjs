// npm start: the desktop app. Builds the renderer (npm run build:web, when that script exists) and the
// Electron bundles, then launches Electron on a document (the arguments, or an example of the gallery).
// Where the Electron binary is missing (it is downloaded at install time, which needs the internet), says so in
// one line, points to the web build, and exits 1 — before building anything.
// Usage: npm start [-- FILE.gradflow ...]
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../electron/electron-binary.ts';
import { buildElectron, ELECTRON_OUT_DIR } from './build-electron.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const electron = findElectronBinary(join(root, 'node_modules', 'electron'));
if (!electron.found) {
  console.error(`npm start: cannot launch the desktop app: ${electron.reason}; run the same app in a browser with npm run web.`);
  process.exit(1);
}

const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
if (scripts['build:web']) {
  const web = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (web.status !== 0) process.exit(web.status ?? 1);
} else {
  console.log('npm start: no build:web script yet, so the renderer is not built (the window shows what dist/web holds).');
}
try {
  await buildElectron({ quiet: true });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const documents = process.argv.slice(2);
const files = documents.length > 0 ? documents : [join(root, 'assets', 'examples', 'ch2-one-hidden-layer.gradflow')];
const env = { ...process.env };
// Set by some tools (and VS Code's terminal); it would make Electron run as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.path, [join(ELECTRON_OUT_DIR, 'main.cjs'), ...files], { cwd: root, stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
