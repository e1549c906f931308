// Which electron/ files may touch what. The pure modules are what the tests exercise without the Electron
// binary, so none may import 'electron' at run time (only `import type`, which is erased); the files the
// renderer may share (commands, CSP, the API and channel types) import neither Node nor Electron at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
/** Electron glue: the only files allowed a run-time import of 'electron'. */
const GLUE = new Set(['main.ts', 'preload.ts', 'document-window.ts', 'engine-host.ts', 'file-actions.ts', 'ipc-main.ts', 'menu.ts']);
/** Shared with renderer/ (which must not import Node or Electron). */
const SHARED = ['commands.ts', 'csp.ts', 'preload-api.ts', 'ipc-channels.ts', 'window-title.ts'];

const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'engine-worker.ts');
const importLines = (file: string) => readFileSync(join(here, file), 'utf8').split('\n').filter((l) => /^\s*(import|export)\b.*\bfrom\s+['"]/.test(l) || /^\s*import\s+['"]/.test(l));

test('every electron/ source is classified as glue or pure', () => {
  assert.ok(sources.length >= 15);
  for (const g of GLUE) assert.ok(sources.includes(g), `${g} exists`);
});

test("pure modules import 'electron' for types only", () => {
  for (const file of sources.filter((f) => !GLUE.has(f))) {
    for (const line of importLines(file)) {
      if (/from\s+['"]electron['"]/.test(line)) assert.match(line, /^\s*import\s+type\b/, `${file}: ${line}`);
    }
  }
});

test('modules shared with the renderer import neither Node nor Electron nor glue', () => {
  for (const file of SHARED) {
    for (const line of importLines(file)) {
      const specifier = /['"]([^'"]+)['"]/.exec(line)?.[1] ?? '';
      assert.ok(!specifier.startsWith('node:') && specifier !== 'electron', `${file}: ${line}`);
      if (specifier.startsWith('./')) assert.ok(SHARED.includes(specifier.slice(2)), `${file} imports ${specifier}, which is not shared`);
    }
  }
});
