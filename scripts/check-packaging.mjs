// npm run check:packaging — checks electron-builder.yml offline. Real packaging (npm run dist) downloads
// Electron and the installer tools; this runs `electron-builder --dir` for Linux x64 against a stub Electron
// (a folder holding a fake `electron` executable: for an unpacked electronDist that is all electron-builder
// copies and renames), then checks that the unpacked app holds what the desktop app needs:
//   - app.asar with package.json (main = dist/electron/main.cjs), main.cjs, preload.cjs, the renderer, the examples
//   - app.asar.unpacked with the engine worker and the built-in datasets (worker threads cannot read asar)
//   - no node_modules (the bundles are self-contained)
//   - the Electron fuses (scripts/security-fuses.mjs): electron-builder.yml asks for the required ones, and the
//     packaged executable's fuse wire has them flipped — the stub carries a fuse wire laid out as Electron's, so
//     electron-builder's own fuse step runs on it; where the real Electron binary is installed, a copy of it is
//     flipped with the same settings and read back (otherwise that part says "skipped" and why)
// and finally starts the packaged worker bundle from app.asar.unpacked with plain Node and loads an example.
// Usage: node scripts/check-packaging.mjs [--keep]   (--keep leaves the temp folder for a look)
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { buildElectron } from './build-electron.mjs';
import { builderFuses, flipConfig, fuseConfigProblems, fuseWireProblems, stubFuseWire } from './security-fuses.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const fail = (message) => {
  console.error(`check:packaging: FAILED: ${message}`);
  process.exit(1);
};

if (!existsSync(join(root, 'dist', 'web', 'index.html'))) {
  console.log('check:packaging: building the renderer first (npm run build:web)');
  const web = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (web.status !== 0) fail('npm run build:web failed; the package needs the renderer');
}
if (!existsSync(join(root, 'assets', 'data', 'mnist-images.idx'))) fail('assets/data is not built; run npm run build:assets');
await buildElectron({ quiet: true }).catch((error) => fail(error.message));
const fuses = builderFuses();
const fuseProblems = fuseConfigProblems(fuses);
if (fuseProblems.length > 0) fail(`electron-builder.yml: ${fuseProblems.join('; ')}`);
const { flipFuses, getCurrentFuseWire } = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/fuses');

const temp = mkdtempSync(join(tmpdir(), 'gradflow-packaging-'));
const keep = process.argv.includes('--keep');
try {
  const electronVersion = require(join(root, 'node_modules', 'electron', 'package.json')).version;
  const stub = join(temp, 'electron-dist');
  mkdirSync(stub);
  // The script ends before the fuse wire, which is there for electron-builder to flip.
  writeFileSync(join(stub, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stub Electron for check:packaging"\nexit 0\n# '), stubFuseWire(), Buffer.from('\n')]));
  chmodSync(join(stub, 'electron'), 0o755);
  writeFileSync(join(stub, 'version'), `v${electronVersion}`);
  const output = join(temp, 'out');

  const cli = join(root, 'node_modules', 'electron-builder', 'cli.js');
  const args = [cli, '--dir', '--linux', '--x64', '--config', 'electron-builder.yml', '--publish', 'never',
    `-c.electronDist=${stub}`, `-c.directories.output=${output}`, `-c.electronVersion=${electronVersion}`];
  // CI would make electron-builder try to publish or sign; this is a local layout check.
  const env = { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' };
  delete env.CI;
  const builder = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env, timeout: 300_000 });
  if (builder.status !== 0) fail(`electron-builder exited with ${builder.status ?? builder.signal}:\n${builder.stdout}\n${builder.stderr}`);

  const app = join(output, 'linux-unpacked');
  const resources = join(app, 'resources');
  if (!existsSync(join(app, 'gradflow-desktop'))) fail('the executable was not named gradflow-desktop (linux.executableName)');
  const packagedWire = fuseWireProblems(await getCurrentFuseWire(join(app, 'gradflow-desktop')));
  if (packagedWire.length > 0) fail(`the packaged executable's fuses: ${packagedWire.join('; ')}`);
  const realFuses = await realElectronFuses(temp);
  const asar = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/asar');
  const archive = join(resources, 'app.asar');
  if (!existsSync(archive)) fail('resources/app.asar is missing');
  const listed = new Set(asar.listPackage(archive).map((p) => p.replaceAll('\\', '/')));
  const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  if (manifest.main !== 'dist/electron/main.cjs') fail(`the packaged package.json has main ${manifest.main}`);
  for (const file of ['/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/web/index.html', '/assets/examples/ch1-chain.gradflow']) {
    if (!listed.has(file)) fail(`app.asar lacks ${file}`);
  }
  const modules = [...listed].filter((p) => p.includes('/node_modules/'));
  if (modules.length > 0) fail(`app.asar holds node_modules (${modules.length} files, e.g. ${modules[0]})`);
  const unpacked = join(resources, 'app.asar.unpacked');
  const worker = join(unpacked, 'dist', 'electron', 'engine-worker.cjs');
  for (const file of [worker, join(unpacked, 'assets', 'data', 'mnist-images.idx'), join(unpacked, 'assets', 'data', 'auto-mpg.json')]) {
    if (!existsSync(file)) fail(`${file.slice(temp.length + 1)} is missing (asarUnpack)`);
  }

  // The packaged worker runs from app.asar.unpacked and reads its datasets there.
  const example = 'assets/examples/ch2-one-hidden-layer.gradflow';
  const document = JSON.parse(asar.extractFile(archive, example).toString('utf8'));
  const loaded = await new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    const thread = new Worker(worker, { workerData: { assetsDir: join(unpacked, 'assets', 'data'), heartbeat: port2 }, transferList: [port2] });
    const done = (result) => {
      clearTimeout(timer);
      port1.close();
      void thread.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => done('no "loaded" telemetry within 30 s'), 30_000);
    thread.on('message', (t) => {
      if (t?.type === 'loaded') done(`loaded "${t.name}" (${t.rows.train} training rows)`);
      else if (t?.type === 'error') done(`error: ${t.message}`);
    });
    thread.on('error', (error) => done(`crashed: ${error.message}`));
    thread.postMessage({ type: 'load', document });
  });
  if (!loaded.startsWith('loaded')) fail(`the packaged engine worker, given ${example}: ${loaded}`);

  console.log(`check:packaging: ok — ${app.slice(temp.length + 1)}: app.asar (${listed.size} entries, main ${manifest.main}), ` +
    `app.asar.unpacked/dist/electron/engine-worker.cjs + assets/data; the packaged worker ${loaded}`);
  console.log(`check:packaging: fuses ok — the packaged executable's fuse wire is flipped as electron-builder.yml says (${Object.entries(fuses).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  console.log(`check:packaging: fuses on the real Electron binary: ${realFuses}`);
} finally {
  if (keep) console.log(`check:packaging: kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}

/**
 * The fuses of a copy of the installed Electron binary after flipping them with electron-builder.yml's settings
 * (what electron-builder does to the packaged one): "ok", or "skipped: why" when the binary is not installed.
 */
async function realElectronFuses(temp) {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return 'skipped: the Electron binary was never downloaded (node_modules/electron has no path.txt; its install step needs the internet)';
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return `skipped: the Electron binary is missing (${binary})`;
  if (binary.includes('.app/')) return 'skipped: on macOS the fuses live in the framework inside Electron.app; the packaged app is checked by electron-builder itself';
  const copy = join(temp, 'electron-copy');
  copyFileSync(binary, copy);
  try {
    await flipFuses(copy, flipConfig(fuses));
  } catch (error) {
    fail(`the real Electron binary (${binary}) does not take electron-builder.yml's fuses: ${error.message}`);
  }
  const problems = fuseWireProblems(await getCurrentFuseWire(copy));
  if (problems.length > 0) fail(`the real Electron binary (${binary}) after flipping: ${problems.join('; ')}`);
  return `ok (${binary})`;
}
