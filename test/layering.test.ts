// DESIGN.md §3 layering rules, checked on every run: core/ is platform-free (no Node built-ins, no DOM,
// no Electron, no React) and imports nothing from the hosts; renderer/ never imports Node or Electron.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url', 'util', 'stream', 'zlib', 'http', 'https', 'net', 'events', 'buffer', 'process', 'module', 'readline', 'assert', 'v8', 'vm', 'perf_hooks', 'timers', 'tty', 'dns']);
const isNodeBuiltin = (s: string) => s.startsWith('node:') || NODE_BUILTINS.has(s.split('/')[0]!);
const PLATFORM_GLOBALS = /\b(window|document|navigator|localStorage|process|Buffer|globalThis\.process)\s*\.\s*[A-Za-z_]/;

test('the layering check sees the core sources', () => {
  assert.ok(sourceFiles(join(root, 'core')).length >= 20, 'expected the core sources to be found');
});

test('core/ imports no Node built-ins, Electron, React or host code, and touches no platform globals', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(join(root, 'core'))) {
    const source = readFileSync(file, 'utf8');
    const name = relative(root, file);
    for (const specifier of importsOf(source)) {
      if (isNodeBuiltin(specifier)) violations.push(`${name} imports Node built-in "${specifier}"`);
      if (/^(electron|react|react-dom|@xyflow)/.test(specifier)) violations.push(`${name} imports "${specifier}"`);
      if (/(^|\/)(electron|renderer|cli)\//.test(specifier) && specifier.startsWith('.')) violations.push(`${name} imports host code "${specifier}"`);
    }
    const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const global = PLATFORM_GLOBALS.exec(withoutComments);
    if (global) violations.push(`${name} uses the platform global "${global[1]}"`);
  }
  assert.deepEqual(violations, []);
});

test('renderer/ imports no Node built-ins or Electron', () => {
  const violations = sourceFiles(join(root, 'renderer')).flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .filter((s) => isNodeBuiltin(s) || s === 'electron' || s.startsWith('electron/'))
      .map((s) => `${relative(root, file)} imports "${s}"`));
  assert.deepEqual(violations, []);
});

test('the checker itself flags a Node import and a DOM global', () => {
  assert.ok(importsOf("import { readFileSync } from 'node:fs';").some(isNodeBuiltin));
  assert.ok(importsOf("const fs = await import('fs');").some(isNodeBuiltin));
  assert.ok(PLATFORM_GLOBALS.test('const el = document.getElementById("x")'));
  assert.ok(!PLATFORM_GLOBALS.test('const documentId = 3;'));
});
