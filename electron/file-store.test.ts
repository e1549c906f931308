// Saving and opening .gradflow files: atomic saves, and failures (injected EACCES, EROFS, ENOSPC at every step)
// that leave the original file intact, no temporary file behind, and a message a person can act on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, symlinkSync, statSync, chmodSync, utimesSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocument } from '../core/document/load.ts';
import { serializeDocument } from '../core/document/serialize.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import { FileStore, isTemporaryFileOf, nodeFileSystem, temporaryNameFor, type FileSystemAdapter } from './file-store.ts';

const EXAMPLE = fileURLToPath(new URL('../assets/examples/ch2-one-hidden-layer.gradflow', import.meta.url));
const exampleText = readFileSync(EXAMPLE, 'utf8');
const loaded = loadDocument(exampleText);
if (!loaded.ok) throw new Error('the example must load');
const original: GradflowDocument = loaded.doc;
const edited: GradflowDocument = { ...original, name: 'edited' };

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
type Step = 'open' | 'write' | 'sync' | 'close' | 'rename';

/** The real file system, failing with `code` at `step`. */
function failingAt(step: Step, code: string): FileSystemAdapter {
  return {
    ...nodeFileSystem,
    open: async (path, flags, mode) => {
      if (step === 'open') throw errno(code);
      const handle = await nodeFileSystem.open(path, flags, mode);
      return {
        writeFile: async (data) => {
          // A full disk fails part-way: write half, then fail, as a real ENOSPC does.
          if (step === 'write') {
            await handle.writeFile(data.subarray(0, data.length >> 1));
            throw errno(code);
          }
          await handle.writeFile(data);
        },
        sync: async () => { if (step === 'sync') throw errno(code); await handle.sync(); },
        close: async () => { await handle.close(); if (step === 'close') throw errno(code); },
      };
    },
    rename: async (from, to) => { if (step === 'rename') throw errno(code); await nodeFileSystem.rename(from, to); },
  };
}

test('save writes canonical text atomically and the file opens again', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'model.gradflow');
  writeFileSync(path, 'old contents');
  const result = await new FileStore().save(path, edited);
  assert.ok(result.ok);
  assert.deepEqual({ ...result, identity: undefined }, { ok: true, path, warnings: [], identity: undefined });
  assert.equal(readFileSync(path, 'utf8'), serializeDocument(edited));
  assert.deepEqual(readdirSync(dir), ['model.gradflow'], 'no temporary file left');
  const reopened = await new FileStore().open(path);
  assert.equal(reopened.ok && reopened.document.name, 'edited');
});

test('save keeps the permissions of the file it replaces and writes through a symlink', { skip: process.platform === 'win32' ? 'POSIX permissions and symlinks' : false }, async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'real.gradflow');
  writeFileSync(target, exampleText);
  chmodSync(target, 0o600);
  symlinkSync(target, join(dir, 'link.gradflow'));
  const result = await new FileStore().save(join(dir, 'link.gradflow'), edited);
  assert.equal(result.ok, true);
  assert.equal(statSync(target).mode & 0o777, 0o600);
  assert.equal(readFileSync(target, 'utf8'), serializeDocument(edited));
  assert.deepEqual(readdirSync(dir).sort(), ['link.gradflow', 'real.gradflow']);
});

const failures: [Step, string, RegExp][] = [
  ['open', 'EACCES', /Could not save model\.gradflow: permission denied\./],
  ['open', 'EROFS', /Could not save model\.gradflow: the disk or folder is read-only\./],
  ['write', 'ENOSPC', /Could not save model\.gradflow: the disk is full\./],
  ['sync', 'EIO', /input\/output error/],
  ['close', 'ENOSPC', /the disk is full/],
  ['rename', 'EACCES', /permission denied/],
  ['rename', 'EROFS', /read-only/],
];

for (const [step, code, expected] of failures) {
  test(`${code} at ${step}: a clear message, the original intact, no temporary file`, async (t) => {
    const dir = tempDir(t);
    const path = join(dir, 'model.gradflow');
    writeFileSync(path, exampleText);
    const result = await new FileStore(failingAt(step, code)).save(path, edited);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(result.message, expected);
      assert.match(result.message, /The file on disk was not changed and your document is still open; try Save As/);
    }
    assert.equal(readFileSync(path, 'utf8'), exampleText, 'the original file is untouched');
    assert.deepEqual(readdirSync(dir), ['model.gradflow'], 'no temporary file left');
  });
}

test('a new file that cannot be written leaves nothing behind', async (t) => {
  const dir = tempDir(t);
  const result = await new FileStore(failingAt('write', 'ENOSPC')).save(join(dir, 'new.gradflow'), edited);
  assert.equal(result.ok, false);
  assert.deepEqual(readdirSync(dir), []);
});

test('a document with a value JSON cannot hold is refused before anything is written', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'model.gradflow');
  writeFileSync(path, exampleText);
  const broken = { ...original, view: { viewport: { x: Number.NaN, y: 0, zoom: 1 } } };
  const result = await new FileStore().save(path, broken);
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.message, /a value a file cannot store/);
  assert.equal(readFileSync(path, 'utf8'), exampleText);
});

test('a document that would not open again is still saved, with a warning', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'model.gradflow');
  const unknownOp = { ...original, nodes: [...original.nodes, { id: 'mystery', op: 'NoSuchOp', attributes: {}, position: { x: 0, y: 0 } }] };
  const result = await new FileStore().save(path, unknownOp as GradflowDocument);
  assert.equal(result.ok, true);
  if (result.ok) assert.match(result.warnings.join('\n'), /was saved, but it will not open until this is fixed:\nnodes\[\d+\]\.op/);
});

test('open reports missing, oversized, binary and invalid files clearly', async (t) => {
  const dir = tempDir(t);
  const store = new FileStore(nodeFileSystem, { maxBytes: 1024 * 1024 });
  const missing = await store.open(join(dir, 'gone.gradflow'));
  assert.deepEqual(missing, { ok: false, message: 'Could not open gone.gradflow: the file or its folder does not exist.' });

  writeFileSync(join(dir, 'big.gradflow'), Buffer.alloc(2 * 1024 * 1024, 32));
  assert.match((await store.open(join(dir, 'big.gradflow')) as { message: string }).message, /it is 2 MB; the limit is 1 MB/);

  writeFileSync(join(dir, 'bin.gradflow'), Buffer.from([0xff, 0xfe, 0x00, 0x80]));
  assert.match((await store.open(join(dir, 'bin.gradflow')) as { message: string }).message, /not a text file/);

  writeFileSync(join(dir, 'bad.gradflow'), exampleText.replace('"neurons": 13', '"neurons": -4'));
  const bad = await store.open(join(dir, 'bad.gradflow'));
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.message, /^bad\.gradflow is not a valid Gradflow file:\nnodes\[\d+\]\.attributes\.neurons: /);

  assert.match((await store.open(dir) as { message: string }).message, /it is not a file/);
  const denied = await new FileStore({ ...nodeFileSystem, readFile: async () => { throw errno('EACCES'); } }).open(EXAMPLE);
  assert.deepEqual(denied, { ok: false, message: 'Could not open ch2-one-hidden-layer.gradflow: permission denied.' });
});

test('work in progress with a shape mismatch saves without a warning and opens again, the mismatch a warning', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'wip.gradflow');
  // The first WeightMultiply asks for a different width than its input gives downstream: a shape problem.
  const input = original.nodes.find((n) => n.op === 'Input')!;
  const wip = { ...original, nodes: original.nodes.map((n) => (n.id === input.id ? { ...n, attributes: { ...n.attributes, shape: [7, 3] } } : n)) };
  assert.equal(loadDocument(serializeDocument(wip)).ok, false, 'a run would refuse it as it is');
  const saved = await new FileStore().save(path, wip);
  assert.ok(saved.ok);
  if (saved.ok) assert.deepEqual(saved.warnings, []);
  const reopened = await new FileStore().open(path);
  assert.ok(reopened.ok, reopened.ok ? '' : reopened.message);
  if (reopened.ok) assert.ok(reopened.warnings.length > 0, 'the mismatch is reported');
});

test('the temporary-file pattern matches our saves of that document only', () => {
  assert.equal(temporaryNameFor('model.gradflow', '0123456789ab'), '.model.gradflow.0123456789ab.tmp');
  assert.ok(isTemporaryFileOf('.model.gradflow.0123456789ab.tmp', 'model.gradflow'));
  for (const other of ['.model.gradflow.0123456789AB.tmp', '.model.gradflow.0123456789a.tmp', '.model.gradflow.tmp', 'model.gradflow.0123456789ab.tmp',
    '.model.gradflow.0123456789ab.tmp.bak', '.other.gradflow.0123456789ab.tmp', '.x.model.gradflow.0123456789ab.tmp', '.model.gradflow.01234/6789ab.tmp']) {
    assert.equal(isTemporaryFileOf(other, 'model.gradflow'), false, other);
  }
});

test('opening or saving a document removes the temporary files killed saves of it left, and nothing else', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'model.gradflow');
  writeFileSync(path, exampleText);
  const old = (Date.now() - 5 * 60_000) / 1000;
  const make = (name: string, age: 'old' | 'fresh', folder = false) => {
    if (folder) mkdirSync(join(dir, name));
    else writeFileSync(join(dir, name), 'half a docu');
    if (age === 'old') utimesSync(join(dir, name), old, old);
  };
  make('.model.gradflow.0123456789ab.tmp', 'old');
  make('.model.gradflow.ba9876543210.tmp', 'fresh');
  make('.model.gradflow.aaaaaaaaaaaa.tmp', 'old', true);
  make('.other.gradflow.0123456789ab.tmp', 'old');
  make('.model.gradflow.mine.tmp', 'old');
  make('notes.tmp', 'old');
  const everythingBut = (...gone: string[]) => ['.model.gradflow.0123456789ab.tmp', '.model.gradflow.aaaaaaaaaaaa.tmp', '.model.gradflow.ba9876543210.tmp',
    '.model.gradflow.mine.tmp', '.other.gradflow.0123456789ab.tmp', 'model.gradflow', 'notes.tmp'].filter((n) => !gone.includes(n));

  const opened = await new FileStore().open(path);
  assert.ok(opened.ok);
  assert.deepEqual(readdirSync(dir).sort(), everythingBut('.model.gradflow.0123456789ab.tmp'), 'only the old temporary file of this document, not a folder');

  // A save still running elsewhere owns the fresh one; once it is a minute old it is a leftover too.
  utimesSync(join(dir, '.model.gradflow.ba9876543210.tmp'), old, old);
  const saved = await new FileStore().save(path, edited);
  assert.ok(saved.ok);
  assert.deepEqual(readdirSync(dir).sort(), everythingBut('.model.gradflow.0123456789ab.tmp', '.model.gradflow.ba9876543210.tmp'));
  assert.equal(readFileSync(path, 'utf8'), serializeDocument(edited));

  // Through a symlink, the leftovers are looked for next to the real file.
  const real = join(dir, 'real');
  mkdirSync(real);
  writeFileSync(join(real, 'target.gradflow'), exampleText);
  symlinkSync(join(real, 'target.gradflow'), join(dir, 'link.gradflow'));
  writeFileSync(join(real, '.target.gradflow.cccccccccccc.tmp'), 'x');
  utimesSync(join(real, '.target.gradflow.cccccccccccc.tmp'), old, old);
  assert.ok((await new FileStore().open(join(dir, 'link.gradflow'))).ok);
  assert.deepEqual(readdirSync(real), ['target.gradflow']);

  // A folder that cannot be listed or a file that cannot be removed costs nothing: the open goes on.
  make('.model.gradflow.dddddddddddd.tmp', 'old');
  const stubborn = new FileStore({ ...nodeFileSystem, unlink: async () => { throw errno('EACCES'); } });
  assert.ok((await stubborn.open(path)).ok);
  assert.ok(readdirSync(dir).includes('.model.gradflow.dddddddddddd.tmp'));
  assert.ok((await new FileStore({ ...nodeFileSystem, readdir: async () => { throw errno('EACCES'); } }).open(path)).ok);
});

test('open and save record what the file is; a change by another program is told from a touch', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'model.gradflow');
  writeFileSync(path, exampleText);
  const store = new FileStore();
  const opened = await store.open(path);
  assert.ok(opened.ok);
  const { identity } = opened;
  assert.deepEqual(identity, { size: Buffer.byteLength(exampleText), mtimeMs: statSync(path).mtimeMs, sha256: createHash('sha256').update(exampleText).digest('hex') });
  assert.deepEqual(await store.checkDisk(path, identity), { status: 'unchanged', identity });

  // Touched (a backup tool, `touch`, a checkout of the same bytes): same contents, the new time remembered.
  utimesSync(path, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
  const touched = await store.checkDisk(path, identity);
  assert.equal(touched.status, 'unchanged');
  assert.equal(touched.status === 'unchanged' && touched.identity.mtimeMs, statSync(path).mtimeMs);

  // Rewritten with other bytes of the same size within one tick of a coarse clock (the recorded time is the
  // file's time now — utimes cannot put a nanosecond time back exactly): only reading tells, so Save reads.
  const sameSize = exampleText.replace('"neurons": 13', '"neurons": 14');
  writeFileSync(path, sameSize);
  const sameTick = { ...identity, mtimeMs: statSync(path).mtimeMs };
  assert.equal((await store.checkDisk(path, sameTick)).status, 'unchanged', 'size and time alone cannot see it');
  const read = await store.checkDisk(path, sameTick, { readAlways: true });
  assert.equal(read.status, 'changed');
  assert.equal(read.status === 'changed' && read.identity.sha256, createHash('sha256').update(sameSize).digest('hex'));

  writeFileSync(path, `${exampleText}\n`);
  assert.equal((await store.checkDisk(path, identity)).status, 'changed');
  rmSync(path);
  assert.deepEqual(await store.checkDisk(path, identity), { status: 'missing' });
  mkdirSync(path);
  const folder = await store.checkDisk(path, identity);
  assert.equal(folder.status === 'changed' && folder.identity.sha256, '', 'a folder in its place is a change, with nothing to hash');
  const denied = new FileStore({ ...nodeFileSystem, stat: async () => { throw errno('EACCES'); } });
  assert.deepEqual(await denied.checkDisk(path, identity), { status: 'unknown', reason: 'permission denied' });
  rmSync(path, { recursive: true });

  // What a save records is what the file then is: checking right after finds it unchanged.
  const saved = await store.save(path, edited);
  assert.ok(saved.ok && saved.identity);
  const reopened = await store.open(path);
  assert.ok(reopened.ok);
  assert.deepEqual(saved.identity, reopened.identity);
  assert.equal((await store.checkDisk(path, saved.identity, { readAlways: true })).status, 'unchanged');
});
