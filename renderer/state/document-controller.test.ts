// Opening, checking, loading and saving documents through a Host, with a fake host that records calls.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import type { AutosaveRecord, Host, OpenedDocument, SaveRequest } from '../host/host.ts';
import { DocumentController, dataFilesOf } from './document-controller.ts';
import { EditorController } from './editor.ts';
import { loadDocument } from '../../core/document/load.ts';

const examples = join(import.meta.dirname, '..', '..', 'assets', 'examples');
const chainText = readFileSync(join(examples, 'ch1-chain.gradflow'), 'utf8');

function fakeHost(overrides: Partial<Host> = {}) {
  const sent: EngineCommand[] = [];
  const saved: SaveRequest[] = [];
  const autosaves: (AutosaveRecord | null)[] = [];
  const host: Host = {
    kind: 'web',
    listExamples: async () => [{ name: 'ch1-chain', title: 'Chapter 1 · a chain of functions' }],
    openExample: async (name) => ({ name, text: chainText, ref: `example:${name}` }),
    openDocument: async () => null,
    saveDocument: async (request) => { saved.push(request); return { name: 'mine.gradflow', ref: 'file:1' }; },
    recentFiles: async () => [],
    openRecent: async () => null,
    autosave: async (record) => { autosaves.push(record); },
    readAutosave: async () => null,
    send: (command) => { sent.push(command); },
    onTelemetry: () => () => {},
    dispose: () => {},
    ...overrides,
  };
  return { host, sent, saved, autosaves };
}

test('an example opens under its title and goes to the engine', async () => {
  const { host, sent } = fakeHost();
  let resets = 0;
  const controller = new DocumentController(host, () => { resets += 1; });
  await controller.init();
  assert.equal(controller.store.getState().examples.length, 1);
  await controller.openExample('ch1-chain');
  const state = controller.store.getState();
  assert.equal(state.name, 'Chapter 1 · a chain of functions');
  assert.deepEqual(state.problems, []);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.type, 'load');
  assert.equal(resets, 1, 'the telemetry is reset before the engine loads');
});

test('the telemetry is told why the engine reloads: another document, or an edit of the same one', async () => {
  const { host, sent } = fakeHost();
  const reasons: string[] = [];
  const controller = new DocumentController(host, (reason) => { reasons.push(reason); });
  await controller.init();
  await controller.openExample('ch1-chain');
  const doc = controller.store.getState().doc!;
  controller.edit({ ...doc, training: { ...doc.training, epochs: 3 } }, { dirty: true, structural: true });
  assert.deepEqual(sent.map((c) => c.type), ['load', 'load']);
  assert.deepEqual(reasons, ['open', 'edit']);
  controller.newDocument();
  assert.deepEqual(reasons, ['open', 'edit', 'open']);
});

test('a broken document is reported with its JSON paths and never reaches the engine', async () => {
  const broken = chainText.replace('"op": "Square"', '"op": "Squared"');
  const { host, sent } = fakeHost({ openDocument: async (): Promise<OpenedDocument> => ({ name: 'bad.gradflow', text: broken }) });
  const controller = new DocumentController(host);
  await controller.openFile();
  const { problems } = controller.store.getState();
  assert.equal(sent.length, 0);
  assert.ok(problems.some((p) => p.startsWith('bad.gradflow: nodes[3].op')), problems.join('\n'));
});

test('a file that does not load is taken off the recent files the host listed it in; one that loads stays', async () => {
  const forgotten: string[] = [];
  let text = 'not json';
  const { host } = fakeHost({
    openDocument: async (): Promise<OpenedDocument> => ({ name: 'f.gradflow', text, ref: `upload:${text.length}` }),
    forgetRecent: async (ref) => { forgotten.push(ref); },
  });
  const controller = new DocumentController(host);
  await controller.openFile();
  assert.deepEqual(forgotten, ['upload:8']);
  assert.equal(controller.store.getState().doc, undefined);
  text = chainText;
  await controller.openFile();
  assert.deepEqual(forgotten, ['upload:8'], 'a document that opened is a recent file');
  assert.equal(controller.store.getState().ref, `upload:${chainText.length}`);
});

test('a failing host call becomes a problem, not an unhandled rejection', async () => {
  const { host } = fakeHost({ listExamples: async () => { throw new Error('HTTP 404'); } });
  const controller = new DocumentController(host);
  await controller.init();
  assert.match(controller.store.getState().problems[0] ?? '', /could not start: HTTP 404/);
});

test('a page asks for the data files a document names, then loads with their bytes', async () => {
  const doc = JSON.parse(chainText) as Record<string, unknown>;
  doc.data = { kind: 'file', path: 'data/points.csv', features: ['x'], targets: ['y'] };
  const bytes = new TextEncoder().encode('x,y\n1,2\n');
  const { host, sent } = fakeHost({
    openDocument: async () => ({ name: 'csv.gradflow', text: JSON.stringify(doc) }),
    pickDataFile: async () => bytes,
  });
  const controller = new DocumentController(host);
  await controller.openFile();
  assert.deepEqual(controller.store.getState().missingFiles, ['data/points.csv']);
  assert.equal(sent.length, 0, 'not loaded before its data is there');
  await controller.pickDataFile('data/points.csv');
  assert.deepEqual(controller.store.getState().missingFiles, []);
  const load = sent[0];
  assert.ok(load?.type === 'load' && load.files?.['data/points.csv'] === bytes);
});

test('save writes the canonical text; an example is saved as a new file', async () => {
  const { host, saved, autosaves } = fakeHost();
  const controller = new DocumentController(host);
  await controller.openExample('ch1-chain');
  await controller.save();
  assert.equal(saved.length, 1);
  assert.equal(saved[0]?.ref, undefined, 'examples are never overwritten');
  assert.ok(loadDocument(saved[0]!.text).ok);
  assert.equal(controller.store.getState().ref, 'file:1');
  assert.deepEqual(autosaves, [null], 'a saved document needs no autosaved copy');
  await controller.save();
  assert.equal(saved[1]?.ref, 'file:1', 'the next Save goes to the same file');
});

test('unsaved work found at start-up can be restored', async () => {
  const { host, sent } = fakeHost({ readAutosave: async () => ({ name: 'draft', text: chainText, savedAt: 1 }) });
  const controller = new DocumentController(host);
  await controller.init();
  assert.equal(controller.store.getState().recovered?.name, 'draft');
  controller.restoreAutosave();
  assert.equal(controller.store.getState().dirty, true);
  assert.equal(controller.store.getState().recovered, undefined);
  assert.equal(sent[0]?.type, 'load');
});

test('restored work is unsaved from its first state on, so an edit and its undo leave it unsaved', async () => {
  const { host } = fakeHost({ readAutosave: async () => ({ name: 'draft', text: chainText, savedAt: 1 }) });
  const controller = new DocumentController(host);
  const editor = new EditorController(controller);
  await controller.init();
  const seen: boolean[] = [];
  controller.store.subscribe((state, before) => { if (state.doc !== before.doc) seen.push(state.dirty); });
  controller.restoreAutosave();
  assert.deepEqual(seen, [true], 'the restored document never shows as clean, not even for one update');
  assert.equal(editor.apply({ kind: 'set-training', training: { epochs: 3 } }), null);
  assert.equal(editor.undo(), true);
  assert.equal(controller.store.getState().doc?.training.epochs, 40);
  assert.equal(controller.store.getState().dirty, true, 'back at the restored state, which was never saved');
  controller.dispose();
});

test('dataFilesOf lists a file source and its labels', () => {
  const doc = loadDocument(chainText);
  assert.ok(doc.ok);
  assert.deepEqual(dataFilesOf(doc.doc), []);
  assert.deepEqual(dataFilesOf({ ...doc.doc, data: { kind: 'file', path: 'i.idx', labels: 'l.idx' } as never }), ['i.idx', 'l.idx']);
});

test('documents a host parsed itself (desktop) open as they are, at start-up and when pushed', async () => {
  const parsed = loadDocument(chainText);
  assert.ok(parsed.ok);
  let push: ((d: OpenedDocument) => void) | undefined;
  const dirty: boolean[] = [];
  const { host, sent } = fakeHost({
    initialDocument: async () => ({ name: 'a.gradflow', ref: '/a.gradflow', document: parsed.doc, warnings: ['from main'] }),
    onDocument: (listener) => { push = listener; return () => {}; },
    setDirty: (d) => { dirty.push(d); },
  });
  const controller = new DocumentController(host);
  await controller.init();
  assert.equal(controller.store.getState().ref, '/a.gradflow');
  assert.deepEqual(controller.store.getState().warnings, ['from main']);
  push?.({ name: 'b', document: { ...parsed.doc, name: 'B' }, warnings: [] });
  assert.equal(controller.store.getState().name, 'B');
  assert.deepEqual(sent.map((c) => c.type), ['load', 'load']);
  controller.store.setState({ dirty: true });
  controller.store.setState({ dirty: true });
  controller.store.setState({ dirty: false });
  assert.deepEqual(dirty, [true, false], 'the host hears of each change once');
});

test('unsaved edits are copied for recovery within the interval, a failed copy becomes a warning', async () => {
  const { host, autosaves } = fakeHost();
  const controller = new DocumentController(host, () => {}, 20);
  await controller.openExample('ch1-chain');
  const doc = controller.store.getState().doc;
  assert.ok(doc);
  controller.edit({ ...doc, name: 'edited once' }, { dirty: true, structural: false });
  controller.edit({ ...doc, name: 'edited twice' }, { dirty: true, structural: false });
  assert.equal(autosaves.length, 0, 'throttled: nothing written at once');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(autosaves.length, 1, 'one copy for the burst of edits');
  const record = autosaves[0];
  assert.ok(record);
  assert.equal(record.name, 'edited twice');
  assert.equal(loadDocument(record.text).ok, true, 'the copy is a loadable document');

  const failing = fakeHost({ autosave: async () => { throw new Error('ENOSPC: no space left on device'); } });
  const second = new DocumentController(failing.host, () => {}, 5);
  await second.openExample('ch1-chain');
  const opened = second.store.getState().doc;
  assert.ok(opened);
  second.edit({ ...opened, name: 'x' }, { dirty: true, structural: false });
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.ok(second.store.getState().warnings.some((w) => w.includes('ENOSPC')));
  assert.equal(second.store.getState().doc?.name, 'x', 'the document stays');
  controller.dispose();
  second.dispose();
});

test('New, Open and the examples ask before unsaved changes are replaced; no means nothing changes', async () => {
  const { host } = fakeHost();
  const controller = new DocumentController(host);
  await controller.openExample('ch1-chain');
  const doc = controller.store.getState().doc!;
  controller.edit({ ...doc, name: 'mine' }, { dirty: true, structural: false });
  const asked: string[] = [];
  controller.confirmDiscard = (name) => { asked.push(name); return false; };
  assert.equal(controller.newDocument(), false);
  await controller.openExample('ch1-chain');
  assert.deepEqual(asked, ['mine', 'mine']);
  assert.equal(controller.store.getState().doc?.name, 'mine', 'the edited document stays');
  assert.equal(controller.store.getState().dirty, true);
  controller.confirmDiscard = () => true;
  assert.equal(controller.newDocument({ backend: 'fast' }), true);
  assert.deepEqual(controller.store.getState().doc?.training, { backend: 'fast' }, 'the settings\' default backend');
});

test('work in progress with a shape mismatch (the editor allows it) reopens, with the mismatch as a warning', async () => {
  const chain = JSON.parse(chainText) as { nodes: { id: string; op: string; attributes: Record<string, unknown> }[] };
  // The chain's Input made 3 wide while its Parameter stays (1, 1): the Multiply cannot broadcast them.
  const input = chain.nodes.find((n) => n.op === 'Input')!;
  input.attributes = { ...input.attributes, shape: [3] };
  const parameter = chain.nodes.find((n) => n.op === 'Parameter')!;
  parameter.attributes = { ...parameter.attributes, shape: [2, 5] };
  const text = JSON.stringify(chain);
  const strict = loadDocument(text);
  assert.equal(strict.ok, false, 'the CLI refuses to run it as saved');
  const { host, sent } = fakeHost({ openDocument: async (): Promise<OpenedDocument> => ({ name: 'wip.gradflow', text }) });
  const controller = new DocumentController(host);
  await controller.openFile();
  const state = controller.store.getState();
  assert.deepEqual(state.problems, []);
  assert.equal(state.doc?.nodes.length, chain.nodes.length, 'the editor opens it to be fixed');
  assert.ok(state.warnings.some((w) => /shape|broadcast/i.test(w)), state.warnings.join('\n'));
  assert.deepEqual(sent, [], 'the engine is not handed a graph that cannot build');
});

test('Export makes the NumPy script and its weights for the open document; a graph it cannot export is a problem', async () => {
  // An engine that has trained nothing yet: it answers export-parameters with none (the seed's weights go out).
  const listeners = new Set<(t: Telemetry) => void>();
  const { host } = fakeHost({
    onTelemetry: (listener) => { listeners.add(listener); return () => listeners.delete(listener); },
    send: (command) => {
      if (command.type === 'export-parameters') queueMicrotask(() => listeners.forEach((l) => l({ type: 'trained-parameters', requestId: command.requestId, parameters: {} })));
    },
  });
  const controller = new DocumentController(host);
  await controller.openExample('ch1-chain');
  const files: { name: string; contents: string | Uint8Array }[] = [];
  await controller.exportTo('numpy', (name, contents) => files.push({ name, contents }));
  assert.deepEqual(controller.store.getState().problems, []);
  assert.deepEqual(files.map((f) => f.name.replace(/^.*\./, '')), ['py', 'npz']);
  assert.match(files[0]!.contents as string, /import numpy as np/);
  assert.deepEqual([...(files[1]!.contents as Uint8Array).subarray(0, 2)], [0x50, 0x4b], 'a zip (.npz)');
  // A document whose graph has no loss cannot be trained, so not exported either: the reason is shown, nothing is offered.
  controller.store.setState({ doc: { ...controller.store.getState().doc!, nodes: [] } });
  files.length = 0;
  await controller.exportTo('pytorch', (name, contents) => files.push({ name, contents }));
  assert.equal(files.length, 0);
  assert.match(controller.store.getState().problems[0] ?? '', /^could not export to PyTorch: /);
});
