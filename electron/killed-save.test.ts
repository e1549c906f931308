// A save killed at any point: a real save runs in a child process that stops at one step of the atomic write
// (fixtures/save-and-freeze.ts) and is killed there with SIGKILL — no cleanup, no finally, as in a crash or a
// kill -9. For every step the document on disk must be byte for byte the old file (before the rename) or the
// new one (after it), never a mix or a truncated file; the temporary file the kill left is removed the next
// time the document is opened, and the document then opens. (A power cut is another matter: there the fsync
// before the rename and the folder sync after it are what keep the bytes; a kill only stops the process.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument } from '../core/document/load.ts';
import { serializeDocument } from '../core/document/serialize.ts';
import { FileStore, isTemporaryFileOf } from './file-store.ts';
import { SAVE_STEPS, SAVED_NAME, type SaveStep } from './fixtures/save-and-freeze.ts';

const repo = join(import.meta.dirname, '..');
const EXAMPLE = join(repo, 'assets', 'examples', 'ch2-one-hidden-layer.gradflow');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'save-and-freeze.ts');
const oldBytes = readFileSync(EXAMPLE);
const loaded = loadDocument(oldBytes.toString('utf8'));
if (!loaded.ok) throw new Error('the example must load');
const newBytes = Buffer.from(serializeDocument({ ...loaded.doc, name: SAVED_NAME }));

/** Runs the save in a child; kills it with SIGKILL once it reports `step` (or lets it finish for 'none'). */
function saveKilledAt(path: string, step: SaveStep | 'none'): Promise<{ signal: NodeJS.Signals | null; code: number | null; said: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, path, step], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child never reached ${step}: ${said} ${errors}`));
    }, 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      said += chunk;
      if (said.includes(`paused ${step}\n`)) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { errors += chunk; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (step === 'none' && code !== 0) reject(new Error(`the save failed: ${errors}`));
      resolve({ signal, code, said });
    });
  });
}

const BEFORE_RENAME: readonly SaveStep[] = ['after-open', 'mid-write', 'after-write', 'after-sync', 'after-close'];

for (const step of SAVE_STEPS) {
  test(`a save killed ${step.replace('-', ' ')} leaves the ${BEFORE_RENAME.includes(step) ? 'old' : 'new'} file whole; any leftover goes at the next open`, { timeout: 90_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'gradflow-killed-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'model.gradflow');
    copyFileSync(EXAMPLE, path);

    const { signal, said } = await saveKilledAt(path, step);
    assert.equal(signal, 'SIGKILL', 'killed mid-save, not finished');
    assert.doesNotMatch(said, /saved/);

    const onDisk = readFileSync(path);
    assert.ok(onDisk.equals(oldBytes) || onDisk.equals(newBytes), `after a kill ${step} the file is neither the old nor the new one (${onDisk.length} bytes)`);
    assert.ok(onDisk.equals(BEFORE_RENAME.includes(step) ? oldBytes : newBytes), BEFORE_RENAME.includes(step) ? 'not yet renamed: the old file' : 'renamed: the new file');

    const leftovers = readdirSync(dir).filter((name) => isTemporaryFileOf(name, 'model.gradflow'));
    assert.equal(leftovers.length, BEFORE_RENAME.includes(step) ? 1 : 0, `temporary files: ${readdirSync(dir).join(', ')}`);

    // Opened again (a minute later): the document is there, the leftover is not.
    const aMinuteAgo = (Date.now() - 61_000) / 1000;
    for (const name of leftovers) utimesSync(join(dir, name), aMinuteAgo, aMinuteAgo);
    const reopened = await new FileStore().open(path);
    assert.ok(reopened.ok, reopened.ok ? '' : reopened.message);
    assert.equal(reopened.document.name, BEFORE_RENAME.includes(step) ? loaded.doc.name : SAVED_NAME);
    assert.deepEqual(readdirSync(dir), ['model.gradflow']);
  });
}

test('the same save, not killed, completes (the child really saves)', { timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-killed-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'model.gradflow');
  copyFileSync(EXAMPLE, path);
  const { code, said } = await saveKilledAt(path, 'none');
  assert.equal(code, 0);
  assert.equal(said, 'saved\n');
  assert.ok(readFileSync(path).equals(newBytes));
  assert.deepEqual(readdirSync(dir), ['model.gradflow']);
});
