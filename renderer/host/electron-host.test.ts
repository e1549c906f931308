// The desktop Host translates between the renderer's Host and the preload's window.gradflow shapes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AutosaveRecord as DesktopAutosaveRecord, GradflowDesktopApi, WindowDocument } from '../../electron/preload-api.ts';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import { loadDocument } from '../../core/document/load.ts';
import { ElectronHost } from './electron-host.ts';
import { DocumentController } from '../state/document-controller.ts';

const loaded = loadDocument(readFileSync(join(import.meta.dirname, '..', '..', 'assets', 'examples', 'ch1-chain.gradflow'), 'utf8'));
assert.ok(loaded.ok);
const doc = loaded.doc;

function fakeApi(overrides: Partial<GradflowDesktopApi> = {}) {
  const sent: EngineCommand[] = [];
  const dirty: boolean[] = [];
  const autosaves: (DesktopAutosaveRecord | null)[] = [];
  let documentListener: ((d: WindowDocument) => void) | undefined;
  let unsubscribed = 0;
  const api: GradflowDesktopApi = {
    platform: 'linux',
    getDocument: async () => ({ path: '/home/u/a.gradflow', name: 'a.gradflow', document: doc, warnings: ['w'] }),
    onDocument: (listener) => { documentListener = listener; return () => { unsubscribed += 1; }; },
    openFile: async () => ({ status: 'opened', where: 'this-window' }),
    listExamples: async () => [{ file: 'ch1-chain.gradflow', title: 'Chapter 1 · a chain of functions' }],
    openExample: async () => ({ status: 'failed', message: 'no such example' }),
    saveFile: async () => ({ status: 'saved', path: '/home/u/b.gradflow', name: 'b.gradflow', warnings: [] }),
    writeAutosave: async (record) => { autosaves.push(record); return { status: 'done' }; },
    readAutosave: async () => null,
    setDirty: (d) => { dirty.push(d); },
    sendCommand: (c) => { sent.push(c); },
    onTelemetry: () => () => { unsubscribed += 1; },
    onMenuCommand: () => () => { unsubscribed += 1; },
    ...overrides,
  };
  return { api, sent, dirty, autosaves, push: (d: WindowDocument) => documentListener?.(d), unsubscribed: () => unsubscribed };
}

test('examples, documents and saves are translated both ways', async () => {
  const { api } = fakeApi();
  const host = new ElectronHost(api);
  assert.deepEqual(await host.listExamples(), [{ name: 'ch1-chain', title: 'Chapter 1 · a chain of functions' }]);
  const initial = await host.initialDocument();
  assert.ok(initial && 'document' in initial);
  assert.equal(initial.ref, '/home/u/a.gradflow');
  assert.deepEqual(initial.warnings, ['w']);
  assert.equal(await host.openDocument(), null, 'the document arrives through onDocument');
  await assert.rejects(host.openExample('nope'), /no such example/);
  assert.deepEqual(await host.saveDocument({ name: 'x', document: doc, text: '', saveAs: true }), { name: 'b.gradflow', ref: '/home/u/b.gradflow' });
});

test('a failed save is an error with main\'s message; a cancelled one is null', async () => {
  const failing = new ElectronHost(fakeApi({ saveFile: async () => ({ status: 'failed', message: 'disk full' }) }).api);
  await assert.rejects(failing.saveDocument({ name: 'x', document: doc, text: '' }), /disk full/);
  const cancelled = new ElectronHost(fakeApi({ saveFile: async () => ({ status: 'canceled' }) }).api);
  assert.equal(await cancelled.saveDocument({ name: 'x', document: doc, text: '' }), null);
});

test('commands, dirty state and pushed documents pass through; dispose unsubscribes', () => {
  const fake = fakeApi();
  const host = new ElectronHost(fake.api);
  host.send({ type: 'train' });
  host.setDirty(true);
  const received: string[] = [];
  host.onDocument((d) => received.push(d.name));
  host.onTelemetry(() => {});
  fake.push({ path: null, name: 'Untitled', document: doc, warnings: [] });
  assert.deepEqual(fake.sent, [{ type: 'train' }]);
  assert.deepEqual(fake.dirty, [true]);
  assert.deepEqual(received, ['Untitled']);
  host.dispose();
  assert.equal(fake.unsubscribed(), 2);
});

test('autosave goes to main as the record alone, or null; a failure rejects with main\'s message', async () => {
  const fake = fakeApi();
  const host = new ElectronHost(fake.api);
  await host.autosave({ name: 'draft', text: '{}', savedAt: 5 });
  await host.autosave({ name: 'draft', text: '{}', ref: '/home/u/a.gradflow', savedAt: 6 });
  // A caller's stray field would make main refuse the whole record: only the four fields cross.
  await host.autosave({ name: 'draft', text: '{}', savedAt: 7, extra: 'x' } as unknown as DesktopAutosaveRecord);
  await host.autosave(null);
  assert.deepEqual(fake.autosaves, [
    { name: 'draft', text: '{}', savedAt: 5 },
    { name: 'draft', text: '{}', ref: '/home/u/a.gradflow', savedAt: 6 },
    { name: 'draft', text: '{}', savedAt: 7 },
    null,
  ]);
  const full = new ElectronHost(fakeApi({ writeAutosave: async () => ({ status: 'failed', message: 'the disk is full (writing in /u/autosave); the previous recovery copy, if there was one, is unchanged' }) }).api);
  await assert.rejects(full.autosave({ name: 'x', text: '', savedAt: 1 }), /^Error: the disk is full \(writing in \/u\/autosave\)/);
});

test('readAutosave hands over what main found, or null', async () => {
  assert.equal(await new ElectronHost(fakeApi().api).readAutosave(), null);
  const found: DesktopAutosaveRecord = { name: 'draft', text: '{}', ref: '/home/u/a.gradflow', savedAt: 9 };
  assert.deepEqual(await new ElectronHost(fakeApi({ readAutosave: async () => found }).api).readAutosave(), found);
  const noRef = await new ElectronHost(fakeApi({ readAutosave: async () => ({ name: 'n', text: 't', savedAt: 1 }) }).api).readAutosave();
  assert.deepEqual(noRef, { name: 'n', text: 't', savedAt: 1 });
  assert.equal(noRef && 'ref' in noRef, false);
});

test('with the document controller: recovery is offered at start-up, restored as unsaved work, discarded through main', async () => {
  const chainText = readFileSync(join(import.meta.dirname, '..', '..', 'assets', 'examples', 'ch1-chain.gradflow'), 'utf8');
  const found: DesktopAutosaveRecord = { name: 'draft', text: chainText, savedAt: 9 };
  const fake = fakeApi({ getDocument: async () => null, readAutosave: async () => found });
  const controller = new DocumentController(new ElectronHost(fake.api), () => {}, 10);
  await controller.init();
  assert.deepEqual(controller.store.getState().recovered, found);
  controller.restoreAutosave();
  assert.equal(controller.store.getState().dirty, true);
  assert.equal(fake.sent.at(-1)?.type, 'load');
  await controller.autosaveNow();
  const kept = fake.autosaves.at(-1);
  assert.ok(kept && kept.name === doc.name && kept.text.includes('"format": "gradflow"'), 'the restored work is kept again, as this window\'s');
  await controller.discardAutosave();
  assert.equal(fake.autosaves.at(-1), null);
  controller.dispose();
});
