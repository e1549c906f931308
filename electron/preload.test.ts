// The real preload bundle (dist/electron/preload.cjs, built into a temp folder) run under Node with a recording
// stand-in for 'electron': it exposes exactly the functions electron/README.md documents for `window.gradflow`
// — no more (never ipcRenderer, never a channel the page names) — and each speaks on its fixed channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildElectron } from '../scripts/build-electron.mjs';
import type { GradflowDesktopApi } from './preload-api.ts';

const require = createRequire(import.meta.url);

/** The names in the README's table of the bridge: the rows of the section "The bridge". */
function documentedFunctions(): string[] {
  const readme = readFileSync(join(import.meta.dirname, 'README.md'), 'utf8');
  const section = /## The bridge[^\n]*\n([\s\S]*?)(?:\n## |$)/.exec(readme)?.[1];
  assert.ok(section, 'electron/README.md has a "The bridge" section');
  return [...section.matchAll(/^\| `(\w+)/gm)].map((m) => m[1]!).sort();
}

test('the preload exposes exactly the documented bridge, on fixed channels', { timeout: 60_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'gradflow-preload-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  await buildElectron({ quiet: true, outDir: out, only: ['preload.cjs'] });

  const exposed = new Map<string, unknown>();
  const invoked: [string, unknown][] = [];
  const sent: [string, unknown][] = [];
  const listening: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed.set(key, api); } },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => { invoked.push([channel, payload]); return channel === 'autosave:write' ? { status: 'done' } : null; },
      send: (channel: string, payload: unknown) => { sent.push([channel, payload]); },
      on: (channel: string) => { listening.push(channel); },
      removeListener: () => undefined,
    },
  };
  const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = Module._load;
  Module._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'electron' ? electron : load.call(this, request, ...rest);
  };
  try {
    require(join(out, 'preload.cjs'));
  } finally {
    Module._load = load;
  }

  assert.deepEqual([...exposed.keys()], ['gradflow'], 'one global');
  const api = exposed.get('gradflow') as GradflowDesktopApi;
  assert.deepEqual(Object.keys(api).sort(), documentedFunctions(), 'the bridge is what the README lists');
  assert.equal(typeof api.platform, 'string');

  await api.getDocument();
  await api.readAutosave();
  await api.writeAutosave(null);
  // A stray field is not passed on (main would refuse the record), and the page cannot name a file.
  await api.writeAutosave({ name: 'draft', text: '{}', savedAt: 3, path: '/etc/passwd' } as unknown as Parameters<GradflowDesktopApi['writeAutosave']>[0]);
  await api.writeAutosave({ name: 'draft', text: '{}', ref: '/home/u/a.gradflow', savedAt: 4 });
  await api.openExample('ch1-chain.gradflow');
  api.setDirty(true);
  assert.deepEqual(invoked, [
    ['document:get', null],
    ['autosave:read', null],
    ['autosave:write', null],
    ['autosave:write', { name: 'draft', text: '{}', savedAt: 3 }],
    ['autosave:write', { name: 'draft', text: '{}', ref: '/home/u/a.gradflow', savedAt: 4 }],
    ['examples:open', { file: 'ch1-chain.gradflow' }],
  ]);
  assert.deepEqual(sent, [['window:set-dirty', { dirty: true }]]);
  assert.deepEqual(listening, ['engine:port']);
});
