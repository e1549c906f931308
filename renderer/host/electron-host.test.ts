// The desktop Host translates between the renderer's Host and the preload's window.gradflow shapes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GradflowDesktopApi, WindowDocument } from '../../electron/preload-api.ts';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import { loadDocument } from '../../core/document/load.ts';
import { ElectronHost } from './electron-host.ts';

const loaded = loadDocument(readFileSync(join(import.meta.dirname, '..', '..', 'assets', 'examples', 'ch1-chain.gradflow'), 'utf8'));
assert.ok(loaded.ok);
const doc = loaded.doc;

function fakeApi(overrides: Partial<GradflowDesktopApi> = {}) {
  const sent: EngineCommand[] = [];
  const dirty: boolean[] = [];
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
    setDirty: (d) => { dirty.push(d); },
    sendCommand: (c) => { sent.push(c); },
    onTelemetry: () => () => { unsubscribed += 1; },
    onMenuCommand: () => () => { unsubscribed += 1; },
    ...overrides,
  };
  return { api, sent, dirty, push: (d: WindowDocument) => documentListener?.(d), unsubscribed: () => unsubscribed };
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
