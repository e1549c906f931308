import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { EngineStatus } from '../../core/protocol/telemetry.ts';
import type { Host } from '../host/host.ts';
import { RENDERER_COMMAND_IDS } from '../../electron/commands.ts';
import { DocumentController } from './document-controller.ts';
import { runCommand } from './commands.ts';
import { EditorController } from './editor.ts';
import { createUiStore } from './ui-store.ts';
import { createSettingsStore } from './settings.ts';
import { PALETTE_ITEMS } from '../canvas/palette-items.ts';

function targets(status: EngineStatus, loaded = true) {
  const sent: EngineCommand[] = [];
  const host = { send: (c: EngineCommand) => sent.push(c) } as unknown as Host;
  const documents = new DocumentController(host);
  if (loaded) documents.store.setState({ doc: {} as never });
  return { sent, targets: { host, documents, status: () => status } };
}

test('Train resumes a paused run, Pause toggles, Stop stops', () => {
  let t = targets('paused');
  runCommand('train', t.targets);
  runCommand('pause', t.targets);
  assert.deepEqual(t.sent, [{ type: 'resume' }, { type: 'resume' }]);
  t = targets('running');
  runCommand('pause', t.targets);
  runCommand('stop', t.targets);
  assert.deepEqual(t.sent, [{ type: 'pause' }, { type: 'stop' }]);
  t = targets('idle', false);
  runCommand('train', t.targets);
  runCommand('step-forward', t.targets);
  assert.deepEqual(t.sent, [], 'nothing to run without a document');
});

test('every command the desktop menu forwards is handled', () => {
  const t = targets('ready');
  const documents = t.targets.documents;
  documents.newDocument();
  const editor = new EditorController(documents);
  editor.addItem(PALETTE_ITEMS.find((i) => i.type === 'Dense' && i.kind === 'layer')!, { x: 0, y: 0 });
  editor.store.setState({ selectedNodes: new Set(['dense1']) });
  const ui = createUiStore();
  let fitted = 0;
  ui.setState({ fitView: () => { fitted += 1; } });
  const settings = createSettingsStore(undefined, () => {});
  const full = { ...t.targets, editor, ui, settings, prefersDark: () => false };
  const unhandled = RENDERER_COMMAND_IDS.filter((id) => !['save', 'save-as'].includes(id) && !runCommand(id, full));
  assert.deepEqual(unhandled, []);
  assert.equal(fitted, 1);
  assert.equal(settings.getState().theme, 'dark', 'toggled away from the system\'s light');
  assert.equal(ui.getState().settingsOpen, true);
  assert.ok(ui.getState().quickAdd);
});

test('without an editor the editing commands do nothing and say so', () => {
  const t = targets('ready');
  for (const id of ['undo', 'redo', 'duplicate', 'group', 'ungroup', 'auto-layout', 'zoom-to-fit', 'toggle-theme', 'settings'] as const) {
    assert.equal(runCommand(id, t.targets), false, id);
  }
});
