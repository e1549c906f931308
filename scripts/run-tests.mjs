// Runs every *.test.ts under the project's source folders with node's built-in test runner (through tsx).
//
// Why a script and not `node --test` in package.json: on Node 20 a bare `--test` (or a quoted glob) with tsx
// finds nothing and exits 0, so a broken pattern would look like a green run. Here the file list is built
// explicitly, an empty list fails, a run whose TAP summary reports zero tests fails, and so does a file that
// registers no tests at all.
// Usage: node scripts/run-tests.mjs [folder-or-file ...]   (default: core cli electron renderer e2e test)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { relaxedSimdFlags } from './node-flags.mjs';
// The fast backend's kernels are compiled from WAT at install time; rebuild them here if a .wat changed since
// (hash-checked: a no-op when they are current), so tests never run a stale binary.
import './build-wasm.mjs';

const roots = process.argv.slice(2);
const searchRoots = roots.length > 0 ? roots : ['core', 'cli', 'electron', 'renderer', 'e2e', 'test'];

function collectTestFiles(path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules')
    .flatMap((entry) => collectTestFiles(join(path, entry.name)));
}

const files = searchRoots.flatMap(collectTestFiles).sort();
if (files.length === 0) {
  console.error(`run-tests: no *.test.ts files found under ${searchRoots.join(', ')}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  // Relaxed SIMD on, as the CLI and the bench have it, so the fast backend's FMA kernels are what is tested
  // (the plain-SIMD build is tested by asking for it explicitly).
  [...relaxedSimdFlags(), '--import', 'tsx', '--test', '--test-reporter=tap', ...files],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);

let testCount = null;
let pending = '';
// Node 20 reports a file that registers no test as one passing "test" named after the file; catch that.
const fileSet = new Set(files.map((f) => resolve(f)));
const filesWithoutTests = [];
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const match = /^# tests (\d+)/.exec(line);
    if (match) testCount = Number(match[1]);
    const wrapper = /^# Subtest: (.+\.test\.ts)$/.exec(line);
    if (wrapper && fileSet.has(resolve(wrapper[1]))) filesWithoutTests.push(wrapper[1]);
  }
});

child.on('close', (code) => {
  const summary = /^# tests (\d+)/.exec(pending);
  if (summary) testCount = Number(summary[1]);
  if (testCount === null || testCount === 0) {
    console.error(`run-tests: the runner reported ${testCount ?? 'no'} tests from ${files.length} files; failing.`);
    process.exit(1);
  }
  if (filesWithoutTests.length > 0) {
    // A file that crashed while loading is reported the same way, so say both possibilities.
    console.error(`run-tests: these files ran no tests (none defined, or they failed to load): ${filesWithoutTests.join(', ')}`);
    process.exit(1);
  }
  process.exit(code ?? 1);
});
