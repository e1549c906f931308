// Another program changes a window's file: the real main bundle under Node with the recording stand-in for
// 'electron' (as main-process.test.ts), its message boxes answered by the test. Save does not overwrite the
// change silently (Overwrite / Save As… / Cancel), the window coming to the front offers to reload (and asks
// more carefully when it has unsaved changes), a touch is no change, a version already answered is not asked
// about again, and no answer loses the window's document: only Reload, chosen, replaces it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildElectron } from '../scripts/build-electron.mjs';
import { serializeDocument } from '../core/document/serialize.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import type { WindowDocument } from './preload-api.ts';
import type { Question } from './disk-change-questions.ts';
import { fakeElectron, runMainBundle, FakeBrowserWindow } from './fixtures/fake-electron.ts';

const repo = join(import.meta.dirname, '..');

const until = async (done: () => boolean, what: string, ms = 10_000) => {
  for (const deadline = Date.now() + ms; !done();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

test('a file changed on disk while open: asked before Save overwrites it and when the window comes back', { skip: process.platform === 'win32' ? 'uses symlinks' : false, timeout: 120_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'gradflow-disk-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  await buildElectron({ quiet: true, outDir: join(root, 'dist', 'electron'), only: ['main.cjs'] });
  mkdirSync(join(root, 'dist', 'web'));
  writeFileSync(join(root, 'dist', 'web', 'index.html'), '<!doctype html><title>Gradflow</title>');
  mkdirSync(join(root, 'assets'));
  symlinkSync(join(repo, 'assets', 'examples'), join(root, 'assets', 'examples'));
  mkdirSync(join(root, 'docs'));
  mkdirSync(join(root, 'user'));
  const docPath = join(root, 'docs', 'model.gradflow');
  copyFileSync(join(repo, 'assets', 'examples', 'ch2-one-hidden-layer.gradflow'), docPath);

  const { module: electron, state } = fakeElectron(join(root, 'user'));
  // The message boxes: each records its options and takes the next scripted answer (none left: Escape).
  const asked: Question[] = [];
  const answers: number[] = [];
  const errors: string[] = [];
  (electron.dialog as Record<string, unknown>).showMessageBox = async (_window: unknown, options: Question & { type: string }) => {
    if ((options.type as string) === 'error') {
      errors.push(`${options.message}\n${options.detail}`);
      return { response: 0 };
    }
    asked.push(options);
    return { response: answers.shift() ?? options.cancelId };
  };
  runMainBundle(t, electron, root, [docPath]);
  state.ready();
  await until(() => FakeBrowserWindow.all.length === 1 && FakeBrowserWindow.all[0]!.url !== '', 'the first window');
  const win = FakeBrowserWindow.all[0]!;
  const from = { sender: win.webContents, senderFrame: { url: 'app://gradflow/index.html', parent: null, isDestroyed: () => false } };
  const invoke = (channel: string, payload: unknown) => (state.invokeHandlers.get(channel) as (e: unknown, p: unknown) => Promise<unknown>)(from, payload);
  const send = (channel: string, payload: unknown) => (state.sendListeners.get(channel) as (e: unknown, p: unknown) => void)(from, payload);
  /**
   * The window comes to the front. Expecting a question, resolves once it was asked (what the answer does is
   * awaited by the caller); expecting none, gives main's check time to run (and ask, wrongly).
   */
  const focus = async (expect: 'question' | 'no question') => {
    const before = asked.length;
    win.emit('focus');
    if (expect === 'question') await until(() => asked.length > before, 'the question');
    else await settle();
  };
  const opened = (await invoke('document:get', null)) as WindowDocument;
  const mine: GradflowDocument = { ...opened.document, name: 'my version' };
  const theirs = (name: string) => serializeDocument({ ...opened.document, name });
  const anotherProgramWrites = (name: string, path = docPath) => writeFileSync(path, theirs(name));
  const pushed = () => win.webContents.sent.filter(([channel]) => channel === 'document:opened').map(([, d]) => (d as WindowDocument).document.name);

  await t.test('nothing changed, or only touched: no question', async () => {
    await focus('no question');
    utimesSync(docPath, new Date(Date.now() + 10_000), new Date(Date.now() + 10_000));
    await focus('no question');
    assert.deepEqual(asked, []);
    assert.deepEqual(await invoke('file:save', { document: mine, saveAs: false }), { status: 'saved', path: docPath, name: 'model.gradflow', warnings: [] });
    assert.deepEqual(asked, [], 'our own save is not a change by another program');
    await focus('no question');
    assert.deepEqual(asked, []);
  });

  await t.test('changed, no unsaved edits: the window offers to reload, and Reload shows the file as it is', async () => {
    anotherProgramWrites('their first version');
    answers.push(0);
    await focus('question');
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.message, 'model.gradflow was changed by another program.');
    assert.deepEqual(asked[0]!.buttons, ['Reload', 'Keep This Version']);
    assert.equal(asked[0]!.cancelId, 1, 'Escape keeps the window as it is');
    await until(() => pushed().length > 0, 'the reload');
    assert.deepEqual(pushed(), ['their first version'], 'the reloaded document goes to the window');
    await focus('no question');
    assert.equal(asked.length, 1, 'the reloaded version is not asked about again');
  });

  await t.test('changed while the window has unsaved edits: asked with Keep as the default; Keep is remembered', async () => {
    send('window:set-dirty', { dirty: true });
    anotherProgramWrites('their second version');
    await focus('question');
    assert.equal(asked.length, 2);
    assert.equal(asked[1]!.message, 'model.gradflow was changed by another program, and this window has unsaved changes.');
    assert.deepEqual(asked[1]!.buttons, ['Keep My Changes', 'Save My Changes As…', 'Reload and Discard My Changes']);
    assert.equal(asked[1]!.defaultId, 0);
    assert.equal(asked[1]!.cancelId, 0);
    assert.deepEqual(pushed(), ['their first version'], 'Escape kept the window\'s document');
    assert.equal(win.title, '● model.gradflow — Gradflow');
    await focus('no question');
    assert.equal(asked.length, 2, 'an answered version is not asked about again');
    // The user said to keep theirs: Save replaces the file without a second question.
    assert.equal((await invoke('file:save', { document: mine, saveAs: false }) as { status: string }).status, 'saved');
    assert.equal(asked.length, 2);
    assert.equal(readFileSync(docPath, 'utf8'), serializeDocument(mine));
  });

  await t.test('Save over a changed file asks; Cancel writes nothing and keeps the edits', async () => {
    send('window:set-dirty', { dirty: true });
    anotherProgramWrites('their third version');
    answers.push(2);
    assert.deepEqual(await invoke('file:save', { document: mine, saveAs: false }), { status: 'canceled' });
    assert.equal(asked.length, 3);
    assert.equal(asked[2]!.message, 'model.gradflow was changed by another program since you opened or saved it.');
    assert.deepEqual(asked[2]!.buttons, ['Overwrite', 'Save As…', 'Cancel']);
    assert.equal(asked[2]!.defaultId, 1, 'Enter keeps both versions');
    assert.equal(asked[2]!.cancelId, 2);
    assert.equal(readFileSync(docPath, 'utf8'), theirs('their third version'), 'their change is on disk');
    assert.equal(win.title, '● model.gradflow — Gradflow', 'still unsaved: the window keeps its document');
  });

  await t.test('Save As… keeps both versions; the window then belongs to the new file', async () => {
    const copy = join(root, 'docs', 'my copy.gradflow');
    state.saveDialogPath = copy;
    answers.push(1);
    assert.deepEqual(await invoke('file:save', { document: mine, saveAs: false }), { status: 'saved', path: copy, name: 'my copy.gradflow', warnings: [] });
    assert.equal(asked.length, 4);
    assert.equal(readFileSync(docPath, 'utf8'), theirs('their third version'));
    assert.equal(readFileSync(copy, 'utf8'), serializeDocument(mine));
    assert.equal(win.title, 'my copy.gradflow — Gradflow');
  });

  await t.test('Overwrite replaces the change; a Save As to a new file is never a conflict', async () => {
    const copy = join(root, 'docs', 'my copy.gradflow');
    anotherProgramWrites('their fourth version', copy);
    answers.push(0);
    const edited = { ...mine, name: 'mine, overwriting' };
    assert.equal((await invoke('file:save', { document: edited, saveAs: false }) as { status: string }).status, 'saved');
    assert.equal(asked.length, 5);
    assert.equal(readFileSync(copy, 'utf8'), serializeDocument(edited));
    state.saveDialogPath = join(root, 'docs', 'third.gradflow');
    assert.equal((await invoke('file:save', { document: edited, saveAs: true }) as { status: string }).status, 'saved');
    assert.equal(asked.length, 5);
  });

  await t.test('unsaved edits, changed file, "Save My Changes As…": the window is asked to Save As', async () => {
    send('window:set-dirty', { dirty: true });
    anotherProgramWrites('their fifth version', join(root, 'docs', 'third.gradflow'));
    answers.push(1);
    await focus('question');
    await until(() => win.webContents.sent.at(-1)?.[0] === 'menu:command', 'the command to the window');
    assert.equal(asked.length, 6);
    assert.deepEqual(win.webContents.sent.at(-1), ['menu:command', 'save-as']);
  });

  await t.test('a reload of a file that no longer opens is refused with a message; the window keeps its document', async () => {
    send('window:set-dirty', { dirty: false });
    const before = pushed().length;
    writeFileSync(join(root, 'docs', 'third.gradflow'), '{"format": "gradflow", "nodes": [');
    answers.push(0);
    await focus('question');
    await until(() => errors.length > 0, 'the error box');
    assert.equal(asked.length, 7);
    assert.equal(pushed().length, before, 'nothing replaced the window\'s document');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^third\.gradflow is not a valid Gradflow file:/);
    assert.match(errors[0]!, /This window keeps its own version of the document; saving it replaces the file\.$/);
    await focus('no question');
    assert.equal(asked.length, 7, 'not asked again about the same broken version');
  });
});
