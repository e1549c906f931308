// Saving asks the engine for its trained parameters first, and saves the loaded document when there are none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Host } from '../host/host.ts';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import type { GradflowDocument } from '../../core/document/types.ts';
import { withEngineParameters } from './trained-parameters.ts';

function fakeHost(answer: (command: EngineCommand) => Telemetry | null): Host {
  const listeners = new Set<(t: Telemetry) => void>();
  return {
    send: (command: EngineCommand) => {
      const reply = answer(command);
      if (reply) queueMicrotask(() => listeners.forEach((l) => l(reply)));
    },
    onTelemetry: (listener: (t: Telemetry) => void) => { listeners.add(listener); return () => listeners.delete(listener); },
  } as unknown as Host;
}

const doc: GradflowDocument = { format: 'gradflow', version: 1, nodes: [], edges: [], groups: [], training: {} };

test('the trained parameters and summary are merged into the saved document', async () => {
  const host = fakeHost((c) => (c.type === 'export-parameters'
    ? { type: 'trained-parameters', requestId: c.requestId, parameters: { 'w.W': { shape: [1, 1], dtype: 'float32', data: 'AACAPw==' } }, runSummary: { epochs: 3 } }
    : null));
  const saved = await withEngineParameters(host, doc);
  assert.deepEqual(Object.keys(saved.parameters ?? {}), ['w.W']);
  assert.equal(saved.runSummary?.epochs, 3);
});

test('after Reset (an empty answer) the saved document holds no parameters and no summary', async () => {
  const reset = fakeHost((c) => (c.type === 'export-parameters' ? { type: 'trained-parameters', requestId: c.requestId, parameters: {} } : null));
  const trained: GradflowDocument = { ...doc, parameters: { 'w.W': { shape: [1, 1], dtype: 'float32', data: 'AACAPw==' } }, runSummary: { epochs: 3 } };
  const saved = await withEngineParameters(reset, trained);
  assert.equal(saved.parameters, undefined);
  assert.equal(saved.runSummary, undefined);
});

test('with an error answer or no answer at all, the document is saved as loaded', async () => {
  const refusing = fakeHost((c) => (c.type === 'export-parameters' ? { type: 'error', message: 'no parameters', requestId: c.requestId } : null));
  assert.equal(await withEngineParameters(refusing, doc), doc);
  const silent = fakeHost(() => null);
  assert.equal(await withEngineParameters(silent, doc, 50), doc);
});
