// The small pure pieces of the desktop shell: the title, argv, recent files, packaged paths, app:// URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { windowTitle, fileNameOf } from './window-title.ts';
import { documentPathsFromArgv } from './launch-args.ts';
import { addRecent, parseRecentList, removeRecent, MAX_RECENT_FILES } from './recent-files.ts';
import { appPaths, unpackedPath } from './app-paths.ts';
import { appRequestPath } from './app-protocol.ts';

test('windowTitle shows the file name and an unsaved marker', () => {
  assert.equal(windowTitle('/home/ada/nets/xor.gradflow', false), 'xor.gradflow — Gradflow');
  assert.equal(windowTitle('/home/ada/nets/xor.gradflow', true), '● xor.gradflow — Gradflow');
  assert.equal(windowTitle('C:\\Users\\ada\\mnist.gradflow', true), '● mnist.gradflow — Gradflow');
  assert.equal(windowTitle(null, false), 'Untitled — Gradflow');
  assert.equal(windowTitle(null, true), '● Untitled — Gradflow');
  assert.equal(windowTitle(null, false, 'Two-class spiral'), 'Two-class spiral — Gradflow');
  assert.equal(windowTitle('', false), 'Untitled — Gradflow');
  assert.equal(fileNameOf('/a/b/'), 'b');
});

test('document paths come from argv in development and packaged launches', () => {
  const cwd = resolve('/home/ada');
  assert.deepEqual(documentPathsFromArgv(['/opt/Gradflow/gradflow', 'nets/xor.gradflow'], cwd), [join(cwd, 'nets/xor.gradflow')]);
  assert.deepEqual(documentPathsFromArgv(['electron', 'dist/electron/main.cjs', '/tmp/a.gradflow', '--no-sandbox', 'notes.txt', '/tmp/a.gradflow', 'B.GRADFLOW'], cwd),
    [resolve('/tmp/a.gradflow'), join(cwd, 'B.GRADFLOW')]);
  assert.deepEqual(documentPathsFromArgv(['/opt/Gradflow/gradflow'], cwd), []);
  assert.deepEqual(documentPathsFromArgv(['x', '--open=/tmp/a.gradflow'], cwd), []);
});

test('recent files: most recent first, no duplicates, bounded, tolerant of a bad store', () => {
  let list: string[] = [];
  for (let i = 0; i < 15; i += 1) list = addRecent(list, `/f${i}.gradflow`);
  assert.equal(list.length, MAX_RECENT_FILES);
  assert.equal(list[0], '/f14.gradflow');
  list = addRecent(list, '/f10.gradflow');
  assert.deepEqual(list.slice(0, 3), ['/f10.gradflow', '/f14.gradflow', '/f13.gradflow']);
  assert.equal(list.filter((p) => p === '/f10.gradflow').length, 1);
  assert.deepEqual(removeRecent(['/a', '/b'], '/a'), ['/b']);
  assert.deepEqual(parseRecentList(null), []);
  assert.deepEqual(parseRecentList('{not json'), []);
  assert.deepEqual(parseRecentList('{"a":1}'), []);
  assert.deepEqual(parseRecentList('["/a", 3, "", "/a", "/b"]'), ['/a', '/b']);
});

test('packaged paths: the worker and the datasets are read from app.asar.unpacked', () => {
  assert.equal(unpackedPath('/opt/G/resources/app.asar/dist/electron/engine-worker.cjs', '/'), '/opt/G/resources/app.asar.unpacked/dist/electron/engine-worker.cjs');
  assert.equal(unpackedPath('C:\\G\\resources\\app.asar\\assets\\data', '\\'), 'C:\\G\\resources\\app.asar.unpacked\\assets\\data');
  assert.equal(unpackedPath('/repo/dist/electron/engine-worker.cjs', '/'), '/repo/dist/electron/engine-worker.cjs');
  assert.equal(unpackedPath('/x/my.app.asar.backup/a', '/'), '/x/my.app.asar.backup/a');
  const dev = appPaths(resolve('/repo/dist/electron'));
  assert.equal(dev.root, resolve('/repo'));
  assert.equal(dev.preload, join(resolve('/repo/dist/electron'), 'preload.cjs'));
  assert.equal(dev.webRoot, join(resolve('/repo'), 'dist', 'web'));
  assert.equal(dev.examples, join(resolve('/repo'), 'assets', 'examples'));
  if (process.platform !== 'win32') {
    const packed = appPaths('/opt/Gradflow/resources/app.asar/dist/electron');
    assert.equal(packed.engineWorker, '/opt/Gradflow/resources/app.asar.unpacked/dist/electron/engine-worker.cjs');
    assert.equal(packed.datasets, '/opt/Gradflow/resources/app.asar.unpacked/assets/data');
    assert.equal(packed.preload, '/opt/Gradflow/resources/app.asar/dist/electron/preload.cjs', 'the preload is loaded by Electron, which reads asar');
  }
});

test('app:// URLs map into the renderer folder and nowhere else', () => {
  const root = resolve('/repo/dist/web');
  assert.equal(appRequestPath('app://gradflow/index.html', root), join(root, 'index.html'));
  assert.equal(appRequestPath('app://gradflow/', root), join(root, 'index.html'));
  assert.equal(appRequestPath('app://gradflow/assets/index-abc.js?v=1#x', root), join(root, 'assets', 'index-abc.js'));
  assert.equal(appRequestPath('app://gradflow/assets/my%20file.css', root), join(root, 'assets', 'my file.css'));
  for (const url of [
    'app://gradflow/../../etc/passwd', 'app://gradflow/%2e%2e/%2e%2e/etc/passwd', 'app://gradflow/assets/..%2f..%2f..%2fetc/passwd',
    'app://gradflow/..%5c..%5cwindows', 'app://gradflow/a%00b', 'app://other/index.html', 'file:///etc/passwd', 'app://gradflow/%E0%A4%A',
    'https://gradflow/index.html', 'nonsense',
  ]) {
    const path = appRequestPath(url, root);
    // Either refused, or (where the URL parser already removed the dot segments) inside the folder.
    assert.ok(path === null || path.startsWith(join(root, '/')), `${url} → ${path}`);
  }
  assert.equal(appRequestPath('app://gradflow/assets/..%2f..%2f..%2fetc/passwd', root), null);
  assert.equal(appRequestPath('app://gradflow/..%5c..%5cwindows', root), null);
  assert.equal(appRequestPath('app://other/index.html', root), null);
});
