import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { EngineStatus } from '../../core/protocol/telemetry.ts';
import type { Host } from '../host/host.ts';
import { RENDERER_COMMAND_IDS } from '../../electron/commands.ts';
import { DocumentController } from './document-controller.ts';
import { runCommand } from './commands.ts';

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

test('every command the desktop menu forwards is handled (or knowingly not yet)', () => {
  const t = targets('ready');
  const unhandled = RENDERER_COMMAND_IDS.filter((id) => !['save', 'save-as'].includes(id) && !runCommand(id, t.targets));
  assert.deepEqual(unhandled, ['undo', 'redo', 'zoom-to-fit', 'toggle-theme']);
});
