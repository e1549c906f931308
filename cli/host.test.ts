// The CLI's file I/O, in-process with injected failures: the atomic save leaves either the old file or
// the complete new one (never a partial file, never a stray temporary), gzip is decompressed, a missing
// built-in asset says how to build it, and a saved document's data path follows it to another folder.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GradflowDocument } from '../core/document/types.ts';
import { relocate } from './document.ts';
import { CliError } from './errors.ts';
import { CliHost, nodeFileSystem, type FileSystem } from './host.ts';
import { tempFolder } from './testing.ts';

const temp = tempFolder();
after(() => temp.remove());

/** The real file system, except that `fail` makes one operation throw. */
function failing(fail: keyof FileSystem, error: NodeJS.ErrnoException): FileSystem {
  return { ...nodeFileSystem, [fail]: () => { throw error; } };
}
const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

test('saveAtomically writes the whole file and leaves no temporary behind', () => {
  const target = join(temp.path, 'model.gradflow');
  new CliHost().saveAtomically(target, 'old contents\n');
  new CliHost().saveAtomically(target, 'new contents\n');
  assert.equal(readFileSync(target, 'utf8'), 'new contents\n');
  assert.deepEqual(readdirSync(temp.path).filter((f) => f.includes('.tmp-')), []);
});

for (const [operation, code, reason] of [
  ['writeSync', 'ENOSPC', 'the disk is full'],
  ['fsyncSync', 'EIO', 'EIO'],
  ['renameSync', 'EACCES', 'permission denied'],
] as const) {
  test(`a failing ${operation} keeps the old file and removes the temporary`, () => {
    const target = join(temp.path, `keep-${operation}.gradflow`);
    writeFileSync(target, 'the old file\n');
    const host = new CliHost(failing(operation, errno(code)));
    assert.throws(() => host.saveAtomically(target, 'x'.repeat(100_000)),
      (e: unknown) => e instanceof CliError && e.message === `cannot save ${target}: ${reason} (the file was not changed)`);
    assert.equal(readFileSync(target, 'utf8'), 'the old file\n');
    assert.deepEqual(readdirSync(temp.path).filter((f) => f.includes('.tmp-')), []);
  });
}

test('a short write is continued until every byte is written', () => {
  const target = join(temp.path, 'short-writes.gradflow');
  const files: FileSystem = { ...nodeFileSystem, writeSync: (fd, buffer, offset, length) => nodeFileSystem.writeSync(fd, buffer, offset, Math.min(length, 7)) };
  new CliHost(files).saveAtomically(target, 'a somewhat longer text\n');
  assert.equal(readFileSync(target, 'utf8'), 'a somewhat longer text\n');
});

test('data files: gzip is decompressed, paths resolve against the document, outside paths are reported once', async () => {
  const doc = join(temp.path, 'docs', 'model.gradflow');
  writeFileSync(join(temp.path, 'rows.csv.gz'), gzipSync('a,b\n1,2\n'));
  const host = new CliHost().dataHost(doc);
  const text = new TextDecoder().decode(await host.readFile('../rows.csv.gz'));
  assert.equal(text, 'a,b\n1,2\n');
  await host.readFile('../rows.csv.gz');
  assert.deepEqual(host.notices, [`reading ${join(temp.path, 'rows.csv.gz')} (outside the document's folder)`]);
  // A path the user typed is read on purpose: no notice.
  const typed = new CliHost().dataHost(doc, new Set([join(temp.path, 'rows.csv.gz')]));
  await typed.readFile(join(temp.path, 'rows.csv.gz'));
  assert.deepEqual(typed.notices, []);
  await assert.rejects(host.readFile('missing.csv'), { message: `cannot read data file ${join(temp.path, 'docs', 'missing.csv')}: no such file` });
  writeFileSync(join(temp.path, 'broken.gz'), Uint8Array.from([0x1f, 0x8b, 1, 2, 3]));
  await assert.rejects(host.readFile('../broken.gz'), /it looks gzip-compressed but does not decompress/);
});

test('a missing built-in asset says how to build the built-in datasets', async () => {
  const host = new CliHost(nodeFileSystem, join(temp.path, 'no-assets')).dataHost(join(temp.path, 'm.gradflow'));
  await assert.rejects(host.readAsset('mnist-images.idx'), {
    message: `the built-in dataset file ${join(temp.path, 'no-assets', 'mnist-images.idx')} cannot be read: no such file; run npm install (or npm run build:assets) to build the built-in datasets`,
  });
  assert.ok(existsSync(join(temp.path)));
});

test('saving into another folder rewrites a relative data path so it still points at the same file', () => {
  const doc = { format: 'gradflow', version: 1, nodes: [], edges: [], groups: [], training: {}, data: { kind: 'file', path: 'data/rows.csv' } } as GradflowDocument;
  assert.equal(relocate(doc, '/work/a/model.gradflow', '/work/a/copy.gradflow'), doc);
  assert.deepEqual(relocate(doc, '/work/a/model.gradflow', '/work/b/c/model.gradflow').data, { kind: 'file', path: '../../a/data/rows.csv' });
  const absolute = { ...doc, data: { kind: 'file', path: '/srv/rows.csv' } };
  assert.deepEqual(relocate(absolute, '/work/a/m.gradflow', '/tmp/m.gradflow').data, { kind: 'file', path: '/srv/rows.csv' });
});
