// The real main-process bundle (dist/electron/main.cjs, built into a temp app folder) run under plain Node with
// a recording stand-in for 'electron' (fixtures/fake-electron.ts): start-up, the window it opens, the app://
// protocol and CSP header, the menu, the IPC handlers with their sender checks, the engine relay with the real
// worker bundle, saving, the unsaved-changes prompt and the single-instance hand-over. The Electron binary
// cannot be downloaded here; app.e2e.test.ts covers the same ground in real Electron where it exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildElectron } from '../scripts/build-electron.mjs';
import type { GradflowDocument } from '../core/document/types.ts';
import type { WindowDocument } from './preload-api.ts';
import { unsafeWebPreferences } from './window-options.ts';
import { encodeAutosave } from './autosave-format.ts';
import { fakeElectron, runMainBundle, FakeBrowserWindow, FakeWebContents } from './fixtures/fake-electron.ts';

const repo = join(import.meta.dirname, '..');

const until = async (done: () => boolean, what: string, ms = 10_000) => {
  for (const deadline = Date.now() + ms; !done();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const event = (win: FakeBrowserWindow, url = 'app://gradflow/index.html', top = true) => ({
  sender: win.webContents,
  senderFrame: { url, parent: top ? null : {}, isDestroyed: () => false },
});

test('the main process, end to end with a stand-in Electron', { skip: process.platform === 'win32' ? 'uses symlinks' : false, timeout: 120_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'gradflow-main-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  await buildElectron({ quiet: true, outDir: join(root, 'dist', 'electron') });
  mkdirSync(join(root, 'dist', 'web'));
  writeFileSync(join(root, 'dist', 'web', 'index.html'), '<!doctype html><title>Gradflow</title>');
  mkdirSync(join(root, 'assets'));
  symlinkSync(join(repo, 'assets', 'examples'), join(root, 'assets', 'examples'));
  symlinkSync(join(repo, 'assets', 'data'), join(root, 'assets', 'data'));
  mkdirSync(join(root, 'docs'));
  mkdirSync(join(root, 'user'));
  const docPath = join(root, 'docs', 'model.gradflow');
  copyFileSync(join(repo, 'assets', 'examples', 'ch2-one-hidden-layer.gradflow'), docPath);

  const { module: electron, state } = fakeElectron(join(root, 'user'));
  runMainBundle(t, electron, root, [docPath]);
  assert.deepEqual(state.privilegedSchemes, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  state.ready();
  await until(() => FakeBrowserWindow.all.length === 1 && FakeBrowserWindow.all[0]!.url !== '', 'the first window');
  const win = FakeBrowserWindow.all[0]!;

  await t.test('the document window: safe options, our page, the file name in the title', () => {
    assert.deepEqual(unsafeWebPreferences(win.options.webPreferences), []);
    assert.equal(win.options.webPreferences?.preload, join(root, 'dist', 'electron', 'preload.cjs'));
    assert.equal(win.url, 'app://gradflow/index.html');
    assert.equal(win.title, 'model.gradflow — Gradflow');
    assert.equal(state.errorBoxes.length, 0, state.errorBoxes.join('\n'));
    assert.deepEqual(win.webContents.windowOpenHandler?.({ url: 'https://example.com' }), { action: 'deny' });
    let prevented = false;
    win.webContents.emit('will-navigate', { preventDefault: () => { prevented = true; } }, 'https://example.com');
    assert.ok(prevented, 'navigation is denied');
  });

  await t.test('permissions: only a clipboard write from our page is granted; device choosers are cancelled', () => {
    const { request, check, device } = state.permissionHandlers;
    assert.ok(request && check && device, 'request, check and device handlers are installed');
    const ask = (permission: string, requestingUrl: string, isMainFrame = true) => {
      let granted: boolean | undefined;
      (request as (...a: unknown[]) => void)(win.webContents, permission, (g: boolean) => { granted = g; }, { requestingUrl, isMainFrame });
      return granted;
    };
    assert.equal(ask('clipboard-sanitized-write', 'app://gradflow/index.html'), true);
    assert.equal(ask('clipboard-sanitized-write', 'https://evil.example/'), false);
    assert.equal(ask('clipboard-sanitized-write', 'app://gradflow/index.html', false), false);
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'fullscreen']) {
      assert.equal(ask(permission, 'app://gradflow/index.html'), false, permission);
    }
    assert.equal((check as (...a: unknown[]) => boolean)(win.webContents, 'clipboard-read', 'app://gradflow', { isMainFrame: true }), false);
    assert.equal((device as (d: unknown) => boolean)({ deviceType: 'usb', origin: 'app://gradflow' }), false);
    assert.deepEqual([...state.sessionListeners.keys()].sort(), ['select-hid-device', 'select-serial-port', 'select-usb-device']);
  });

  await t.test('navigation: redirects and webviews are blocked, window.open opens nothing, any new web contents is hardened', () => {
    const blocked = (emitter: { emit(event: string, ...args: unknown[]): boolean }, event: string, ...args: unknown[]) => {
      let prevented = false;
      emitter.emit(event, { preventDefault: () => { prevented = true; } }, ...args);
      return prevented;
    };
    assert.ok(blocked(win.webContents, 'will-redirect', 'https://evil.example/'));
    assert.ok(blocked(win.webContents, 'will-attach-webview', {}, { src: 'https://evil.example/' }));
    assert.equal(win.webContents.listenerCount('will-navigate'), 1, 'hardened once');
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share']) {
      assert.deepEqual(win.webContents.windowOpenHandler?.({ url }), { action: 'deny' });
    }
    assert.deepEqual(state.openedExternal, [], 'the app makes no external links, so none opens');
    // Web contents main did not create itself (a devtools page, a future popup) get the same rules.
    const stray = new FakeWebContents();
    for (const listener of state.appListeners.get('web-contents-created') ?? []) (listener as (e: unknown, c: unknown) => void)({}, stray);
    assert.ok(blocked(stray, 'will-navigate', 'https://evil.example/'));
    assert.ok(blocked(stray, 'will-redirect', 'https://evil.example/'));
    assert.ok(blocked(stray, 'will-attach-webview', {}, {}));
    assert.deepEqual(stray.windowOpenHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
  });

  await t.test('app:// serves the renderer folder with the CSP header, and nothing outside it', async () => {
    const ok = await state.protocolHandler!({ url: 'app://gradflow/index.html' });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-security-policy') ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal((await state.protocolHandler!({ url: 'app://gradflow/..%2f..%2fdocs/model.gradflow' })).status, 404);
    assert.equal((await state.protocolHandler!({ url: 'app://gradflow/missing.js' })).status, 404);
    let headers: Record<string, string[]> = {};
    (state.headersListener as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'content-security-policy': ['script-src *'] } }, (r) => { headers = r.responseHeaders; });
    assert.deepEqual(Object.keys(headers), ['Content-Security-Policy']);
  });

  await t.test('the menu bar is installed, with the examples gallery', () => {
    const menus = state.menuTemplate as { label?: string; submenu?: { id?: string; submenu?: unknown[] }[] }[];
    assert.deepEqual(menus.map((m) => m.label).filter(Boolean), ['File', 'Edit', 'View', 'Run']);
    const examples = menus[0]!.submenu!.find((i) => i.id === 'examples')!.submenu!;
    assert.ok(examples.length >= 10, `${examples.length} examples`);
  });

  const invoke = (channel: string, payload: unknown, from = event(win)) => (state.invokeHandlers.get(channel) as (e: unknown, p: unknown) => Promise<unknown>)(from, payload);
  const send = (channel: string, payload: unknown, from = event(win)) => (state.sendListeners.get(channel) as (e: unknown, p: unknown) => void)(from, payload);
  let opened: WindowDocument;

  await t.test('IPC: the window gets its document; foreign senders and bad payloads are refused', async () => {
    opened = (await invoke('document:get', null)) as WindowDocument;
    assert.equal(opened.path, docPath);
    assert.equal(opened.document.name, 'Chapter 2 · one hidden layer');
    await assert.rejects(invoke('document:get', null, event(win, 'https://evil.example/')), /refused: the sender https:\/\/evil.example is not the app/);
    await assert.rejects(invoke('document:get', null, event(win, 'app://gradflow/index.html', false)), /sub-frames/);
    await assert.rejects(invoke('file:save', { document: 'nope', saveAs: false }), /refused: the document must be an object/);
    send('window:set-dirty', { dirty: true });
    assert.equal(win.title, '● model.gradflow — Gradflow');
    send('window:set-dirty', { dirty: 'very' });
    send('window:set-dirty', { dirty: false }, event(win, 'file:///tmp/x.html'));
    assert.equal(win.title, '● model.gradflow — Gradflow', 'refused messages change nothing');
  });

  await t.test('the engine: a port per page load, commands checked, telemetry from the real worker relayed', async () => {
    win.webContents.emit('did-finish-load');
    const posted = win.webContents.posted.at(-1)!;
    assert.equal(posted.channel, 'engine:port');
    const channel = state.channels.at(-1)!;
    assert.deepEqual(posted.ports, [channel.port2], 'the page gets one end');
    const telemetry = channel.port1.messages as { type: string; message?: string; name?: string }[];
    send('engine:command', { type: 'format-disk' });
    assert.deepEqual(telemetry.at(-1), { type: 'error', message: 'a command was refused: unknown command "format-disk"' });
    send('engine:command', { type: 'load', document: opened.document });
    await until(() => telemetry.some((m) => m.type === 'loaded' || (m.type === 'error' && !m.message?.includes('format-disk'))), 'the engine to load the document', 20_000);
    assert.equal(telemetry.find((m) => m.type === 'loaded')?.name, 'Chapter 2 · one hidden layer', JSON.stringify(telemetry));
    // A reload hands the page a fresh port and closes the old one.
    win.webContents.emit('did-finish-load');
    assert.equal(channel.port1.closed, true);
    assert.notEqual(state.channels.at(-1), channel);
  });

  await t.test('a data file outside the document\'s folder is read only after the user says so, asked once per file', async () => {
    const rows = 'x,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${2 * i}`).join('\n') + '\n';
    writeFileSync(join(root, 'outside.csv'), rows);
    writeFileSync(join(root, 'outside-too.csv'), rows);
    writeFileSync(join(root, 'docs', 'inside.csv'), rows);
    const node = (id: string, op: string, attributes: Record<string, unknown> = {}) => ({ id, op, attributes, position: { x: 0, y: 0 } });
    const edge = (from: string, to: string, port: string) => ({ id: `${from}->${to}`, from: { node: from, port: 'out' }, to: { node: to, port } });
    const reading = (path: string) => ({
      format: 'gradflow', version: 1, name: 'reads a file',
      nodes: [node('x', 'Input', { shape: [1] }), node('w', 'WeightMultiply', { neurons: 1 }), node('y', 'Target', { shape: [1] }), node('loss', 'MeanSquaredError')],
      edges: [edge('x', 'w', 'X'), edge('w', 'loss', 'prediction'), edge('y', 'loss', 'target')],
      groups: [], data: { kind: 'file', path, format: 'csv' }, training: {},
    });
    const titleBefore = win.title;
    const questions: { message: string; detail: string }[] = [];
    const answers: number[] = [];
    const dialogs = electron.dialog as Record<string, unknown>;
    const original = dialogs.showMessageBox;
    dialogs.showMessageBox = async (_window: unknown, options: { message: string; detail: string }) => {
      questions.push(options);
      return { response: answers.shift() ?? 0 };
    };
    try {
      const telemetry = state.channels.at(-1)!.port1.messages as { type: string; message?: string; name?: string }[];
      const next = async (what: string) => {
        const from = telemetry.length;
        await until(() => telemetry.slice(from).some((m) => m.type === 'loaded' || m.type === 'error'), what, 20_000);
        return telemetry.slice(from).find((m) => m.type === 'loaded' || m.type === 'error')!;
      };
      const load = async (path: string) => {
        const result = next(`the engine to load ${path}`);
        send('engine:command', { type: 'load', document: reading(path) });
        return result;
      };

      assert.equal((await load('inside.csv')).type, 'loaded', 'a file beside the document needs no question');
      assert.equal(questions.length, 0);

      answers.push(0); // Don't Read
      const refused = await load('../outside.csv');
      assert.equal(refused.type, 'error');
      const expected = `${join(root, 'outside.csv')} was not read: it is outside the document's folder (${join(root, 'docs')}) and reading it was declined.`;
      assert.ok(refused.message?.includes(expected), refused.message);
      assert.equal(questions.length, 1);
      assert.match(questions[0]!.message, /wants to read a file outside its folder/);
      assert.ok(questions[0]!.detail.startsWith(join(root, 'outside.csv')), questions[0]!.detail);
      assert.equal((await load('../outside.csv')).type, 'error', 'still refused');
      assert.equal(questions.length, 1, 'the answer is remembered: not asked again');

      answers.push(1); // Read File
      assert.equal((await load(join(root, 'outside-too.csv'))).type, 'loaded');
      assert.equal((await load('../outside-too.csv')).type, 'loaded', 'the same file by another spelling');
      assert.equal(questions.length, 2);
      assert.equal(win.title, titleBefore, 'the window and its document are untouched');
    } finally {
      dialogs.showMessageBox = original;
    }
  });

  await t.test('save writes the file, clears the marker and remembers the file', async () => {
    const edited: GradflowDocument = { ...opened.document, name: 'edited in the test' };
    const outcome = await invoke('file:save', { document: edited, saveAs: false });
    assert.deepEqual(outcome, { status: 'saved', path: docPath, name: 'model.gradflow', warnings: [] });
    assert.match(readFileSync(docPath, 'utf8'), /"name": "edited in the test"/);
    assert.equal(win.title, 'model.gradflow — Gradflow');
    const recent = () => { try { return JSON.parse(readFileSync(join(root, 'user', 'recent-files.json'), 'utf8')) as string[]; } catch { return null; } };
    await until(() => recent() !== null, 'the recent-files list to be written');
    assert.deepEqual(recent(), [docPath]);
  });

  const autosaveDir = join(root, 'user', 'autosave');
  const autosaveFiles = () => (existsSync(autosaveDir) ? readdirSync(autosaveDir).sort() : []);

  await t.test('crash recovery: the window keeps its copy in userData/autosave; payloads are checked; no live window is offered it', async () => {
    const draft = { name: 'draft', text: '{"format": "gradflow"}', ref: docPath, savedAt: 1_700_000_000_000 };
    assert.deepEqual(await invoke('autosave:write', draft), { status: 'done' });
    const [file, ...others] = autosaveFiles();
    assert.match(file ?? '', /^[0-9a-f]{16}\.autosave$/, 'a file named by main');
    assert.deepEqual(others, []);
    await assert.rejects(invoke('autosave:write', { ...draft, path: '/etc/passwd' }), /autosave:write: refused: unknown field "path"/);
    await assert.rejects(invoke('autosave:write', { ...draft, savedAt: Number.NaN }), /savedAt must be a finite time/);
    await assert.rejects(invoke('autosave:read', null, event(win, 'https://evil.example/')), /not the app/);
    assert.deepEqual(await invoke('autosave:read', null), draft, 'a reloaded page gets its own copy back');
    // The page restores it, and keeps copying it as its unsaved work.
    assert.deepEqual(await invoke('autosave:write', { ...draft, savedAt: draft.savedAt + 1 }), { status: 'done' });
    assert.deepEqual(autosaveFiles(), [file]);
  });

  await t.test('closing with unsaved changes asks; Cancel keeps the window, Save saves and then closes', async () => {
    send('window:set-dirty', { dirty: true });
    state.closeAnswer = 2;
    win.close();
    assert.ok(FakeBrowserWindow.all.includes(win), 'Cancel keeps the window');
    assert.match(state.messageBoxes.at(-1) ?? '', /save the changes you made to model\.gradflow/);
    state.closeAnswer = 0;
    win.close();
    assert.deepEqual(win.webContents.sent.at(-1), ['menu:command', 'save'], 'the window is asked to save');
    assert.ok(FakeBrowserWindow.all.includes(win));
    await invoke('file:save', { document: opened.document, saveAs: false });
    assert.equal(FakeBrowserWindow.all.includes(win), false, 'closed once saved');
    await until(() => autosaveFiles().length === 0, 'the closed window\'s recovery copy to be removed');
  });

  await t.test('a copy a crashed session left is offered to the next window, which then owns it; quitting removes it', async () => {
    const orphan = { name: 'lost work', text: '{"format": "gradflow", "name": "lost work"}\n', savedAt: 1_600_000_000_000 };
    writeFileSync(join(autosaveDir, 'abcdef0123456789.autosave'), encodeAutosave(orphan));
    for (const listener of state.appListeners.get('second-instance') ?? []) (listener as (...a: unknown[]) => void)({}, ['/opt/gradflow'], root);
    await until(() => FakeBrowserWindow.all.length === 1, 'a new window');
    const fresh = FakeBrowserWindow.all[0]!;
    assert.deepEqual(await invoke('autosave:read', null, event(fresh)), orphan);
    const [claimed, ...rest] = autosaveFiles();
    assert.deepEqual(rest, []);
    assert.notEqual(claimed, 'abcdef0123456789.autosave', 'renamed to the window\'s own slot');
    // The window restores it (writes it as its own work); quitting then removes it, after which main quits.
    assert.deepEqual(await invoke('autosave:write', { ...orphan, savedAt: orphan.savedAt + 1 }, event(fresh)), { status: 'done' });
    let prevented = false;
    for (const listener of state.appListeners.get('will-quit') ?? []) (listener as (e: unknown) => void)({ preventDefault: () => { prevented = true; } });
    assert.ok(prevented, 'the quit waits for the deletes');
    await until(() => state.quits > 0, 'main to quit again');
    assert.deepEqual(autosaveFiles(), []);
  });

  await t.test('a second launch with a file opens it in a new window', async () => {
    const second = join(root, 'docs', 'second.gradflow');
    copyFileSync(join(repo, 'assets', 'examples', 'ch1-chain.gradflow'), second);
    for (const listener of state.appListeners.get('second-instance') ?? []) (listener as (...a: unknown[]) => void)({}, ['/opt/gradflow', 'second.gradflow'], join(root, 'docs'));
    await until(() => FakeBrowserWindow.all.some((w) => w.title === 'second.gradflow — Gradflow'), 'the second window');
    assert.ok(existsSync(second));
  });
});
