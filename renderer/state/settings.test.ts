// Settings: read defensively from storage, persisted on change, pushed to the engine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import { createSettingsStore, DEFAULT_SETTINGS, effectiveTheme, readSettings } from './settings.ts';

test('stored settings are taken field by field; anything invalid falls back to its default', () => {
  assert.deepEqual(readSettings(null), DEFAULT_SETTINGS);
  assert.deepEqual(readSettings('not json'), DEFAULT_SETTINGS);
  assert.deepEqual(readSettings('[1,2]'), DEFAULT_SETTINGS);
  assert.deepEqual(readSettings(JSON.stringify({ theme: 'dark', telemetryHz: 10, memoryBudgetMiB: 64, defaultBackend: 'fast' })),
    { theme: 'dark', telemetryHz: 10, memoryBudgetMiB: 64, defaultBackend: 'fast' });
  assert.deepEqual(readSettings(JSON.stringify({ theme: 'purple', telemetryHz: 1e9, memoryBudgetMiB: -1, defaultBackend: 'gpu' })), DEFAULT_SETTINGS);
  assert.equal(effectiveTheme('system', true), 'dark');
  assert.equal(effectiveTheme('light', true), 'light');
});

test('the store persists changes and tells the engine the rate and budget, at start and on change', () => {
  const kept = new Map<string, string>();
  const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => { kept.set(k, v); } };
  const sent: EngineCommand[] = [];
  const store = createSettingsStore(storage, (c) => sent.push(c));
  assert.deepEqual(sent, [{ type: 'set-telemetry-rate', hz: 30 }, { type: 'set-memory-budget', bytes: 1024 * 2 ** 20 }]);
  store.setState({ telemetryHz: 5 });
  assert.deepEqual(sent.at(-2), { type: 'set-telemetry-rate', hz: 5 });
  store.setState({ theme: 'dark' });
  assert.equal(sent.length, 4, 'a theme change does not bother the engine');
  const again = createSettingsStore(storage, () => {});
  assert.deepEqual(again.getState(), { ...DEFAULT_SETTINGS, telemetryHz: 5, theme: 'dark' });
  const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  const fallback = createSettingsStore(broken, () => {});
  fallback.setState({ theme: 'light' });
  assert.equal(fallback.getState().theme, 'light', 'storage failures do not lose the setting for the session');
});
