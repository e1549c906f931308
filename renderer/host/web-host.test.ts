// The web host's file flows over stand-ins for what a browser gives it: a window with File System Access
// pickers handing out in-memory file handles, a Worker that does nothing, and an in-memory store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileHandle } from './web-files.ts';
import { memoryStore, WebStorage } from './web-storage.ts';
import { WebHost } from './web-host.ts';

interface Browser {
  files: Map<string, string>;
  /** What the save dialog was asked to suggest, in order. */
  suggested: string[];
  /** What the user picks next in the open / save dialogs (a file name). */
  nextOpen: string[];
  nextSave: string[];
  window: EventTarget;
}

function handle(files: Map<string, string>, name: string): FileHandle {
  return {
    name,
    getFile: async () => new File([files.get(name) ?? ''], name),
    createWritable: async () => {
      let text = '';
      return { write: async (data) => { text += typeof data === 'string' ? data : await data.text(); }, close: async () => { files.set(name, text); } };
    },
  };
}

/** A host in a fake browser; the globals it reads are put back when the test ends. */
function webHost(t: { after(fn: () => void): void }): { host: WebHost; browser: Browser } {
  const files = new Map<string, string>();
  const browser: Browser = { files, suggested: [], nextOpen: [], nextSave: [], window: new EventTarget() };
  Object.assign(browser.window, {
    showOpenFilePicker: async () => [handle(files, browser.nextOpen.shift()!)],
    showSaveFilePicker: async (options: { suggestedName: string }) => {
      browser.suggested.push(options.suggestedName);
      return handle(files, browser.nextSave.shift()!);
    },
  });
  const globals = globalThis as Record<string, unknown>;
  const saved = { window: globals.window, Worker: globals.Worker };
  globals.window = browser.window;
  globals.Worker = class { postMessage() {} terminate() {} };
  t.after(() => Object.assign(globals, saved));
  const host = new WebHost({ baseUrl: 'http://localhost/', storage: new WebStorage(memoryStore()) });
  t.after(() => host.dispose());
  return { host, browser };
}

const request = (name: string, text: string, extra: { ref?: string; saveAs?: boolean } = {}) => ({ name, text, document: {} as never, ...extra });

test('Save As suggests the name of the file a document was read from; a document from no file suggests its own', async (t) => {
  const { host, browser } = webHost(t);
  browser.files.set('mine.gradflow', '{"from":"disk"}');
  browser.nextOpen.push('mine.gradflow');
  const opened = await host.openDocument();
  assert.equal(opened?.name, 'mine.gradflow');
  assert.ok(opened && 'text' in opened && opened.text === '{"from":"disk"}');

  browser.nextSave.push('copy.gradflow');
  const copy = await host.saveDocument(request('Chapter 1 · a chain', 'v2', { ref: opened.ref!, saveAs: true }));
  assert.deepEqual(browser.suggested, ['mine.gradflow'], 'the file\'s name, not the document\'s title');
  assert.equal(copy?.name, 'copy.gradflow');
  assert.equal(browser.files.get('copy.gradflow'), 'v2');

  browser.nextSave.push('new.gradflow');
  await host.saveDocument(request('My graph', 'v1'));
  assert.equal(browser.suggested.at(-1), 'My graph.gradflow');

  // Save (not Save As) writes through the handle it has, without a dialog.
  await host.saveDocument(request('Chapter 1 · a chain', 'v3', { ref: copy!.ref! }));
  assert.equal(browser.suggested.length, 2);
  assert.equal(browser.files.get('copy.gradflow'), 'v3');
  assert.deepEqual((await host.recentFiles()).map((r) => r.name), ['copy.gradflow', 'new.gradflow', 'mine.gradflow']);
});

test('a file the page could not open is taken off the recent files again', async (t) => {
  const { host, browser } = webHost(t);
  browser.files.set('good.gradflow', 'g');
  browser.files.set('bad.gradflow', 'b');
  browser.nextOpen.push('good.gradflow', 'bad.gradflow');
  await host.openDocument();
  const bad = await host.openDocument();
  assert.deepEqual((await host.recentFiles()).map((r) => r.name), ['bad.gradflow', 'good.gradflow']);
  await host.forgetRecent(bad!.ref!);
  assert.deepEqual((await host.recentFiles()).map((r) => r.name), ['good.gradflow']);
  assert.equal(await host.openRecent(bad!.ref!), null);
});

test('leaving the page asks while the document has unsaved changes', (t) => {
  const { host, browser } = webHost(t);
  const leave = () => {
    const event = new Event('beforeunload', { cancelable: true });
    browser.window.dispatchEvent(event);
    return event.defaultPrevented;
  };
  assert.equal(leave(), false);
  host.setDirty(true);
  assert.equal(leave(), true);
  host.setDirty(false);
  assert.equal(leave(), false);
  host.setDirty(true);
  host.dispose();
  assert.equal(leave(), false, 'a disposed host no longer asks');
});
