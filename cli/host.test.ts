// The CLI's file I/O, in-process with injected failures: the atomic save leaves either the old file or
// the complete new one (never a partial file, never a stray temporary), gzip is decompressed, a missing
// built-in asset says how to build it, and a saved document's data path follows it to another folder.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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

test('only regular files are read: a device or a FIFO is refused by name instead of read forever', async () => {
  const host = new CliHost();
  assert.throws(() => host.readText('/dev/zero', 'document'), {
    message: 'cannot read document /dev/zero: it is not a regular file (a device, pipe or socket cannot be read as data)',
  });
  const fifo = join(temp.path, 'pipe.csv');
  try {
    execFileSync('mkfifo', [fifo]);
  } catch {
    return; // no mkfifo on this system: the device case above covers the check
  }
  await assert.rejects(host.dataHost(join(temp.path, 'm.gradflow')).readFile('pipe.csv'), {
    message: `cannot read data file ${fifo}: it is not a regular file (a device, pipe or socket cannot be read as data)`,
  });
});

test('reads are capped: the file size and what gzip decompresses to, each named with the limit', async () => {
  const host = new CliHost(nodeFileSystem, undefined, { maxFileBytes: 1000, maxDecompressedBytes: 10_000 });
  writeFileSync(join(temp.path, 'big.csv'), 'x'.repeat(1001));
  assert.throws(() => host.readBytes(join(temp.path, 'big.csv'), 'data file'), {
    message: `cannot read data file ${join(temp.path, 'big.csv')}: it is 1001 bytes, more than the 1000 bytes Gradflow reads`,
  });
  writeFileSync(join(temp.path, 'bomb.csv.gz'), gzipSync('0'.repeat(100_000)));
  assert.throws(() => host.readBytes(join(temp.path, 'bomb.csv.gz'), 'data file'), {
    message: `cannot read data file ${join(temp.path, 'bomb.csv.gz')}: it decompresses to more than 9.77 KiB, the most Gradflow reads`,
  });
  writeFileSync(join(temp.path, 'plain.csv.gz'), 'abc\n');
  assert.throws(() => host.readBytes(join(temp.path, 'plain.csv.gz'), 'data file'), {
    message: `cannot read data file ${join(temp.path, 'plain.csv.gz')}: its name ends in .gz but it is not gzip-compressed`,
  });
  writeFileSync(join(temp.path, 'utf16.gradflow'), Uint8Array.from([0xff, 0xfe, 0x7b, 0, 0x7d, 0]));
  assert.throws(() => host.readText(join(temp.path, 'utf16.gradflow'), 'document'), {
    message: `document ${join(temp.path, 'utf16.gradflow')} is UTF-16; save it as UTF-8`,
  });
});

test('a save that cannot succeed is refused up front: no folder, a folder in the way, a folder not writable', () => {
  const host = new CliHost();
  assert.throws(() => host.saveTarget(join(temp.path, 'no-folder', 'm.gradflow')), {
    message: `cannot save ${join(temp.path, 'no-folder', 'm.gradflow')}: the folder ${join(temp.path, 'no-folder')} does not exist`,
  });
  mkdirSync(join(temp.path, 'a-folder'), { recursive: true });
  assert.throws(() => host.saveTarget(join(temp.path, 'a-folder')), { message: `cannot save ${join(temp.path, 'a-folder')}: it is a folder` });
  const readOnly = new CliHost(failing('accessSync', errno('EACCES')));
  assert.throws(() => readOnly.saveTarget(join(temp.path, 'm.gradflow')), { message: `cannot save ${join(temp.path, 'm.gradflow')}: the folder ${temp.path} is not writable` });
});

test('saving keeps the file\'s permissions, writes through a symbolic link, and never reuses an existing temporary', () => {
  const host = new CliHost();
  const target = join(temp.path, 'private.gradflow');
  writeFileSync(target, 'old\n');
  chmodSync(target, 0o600);
  host.saveAtomically(target, 'new\n');
  assert.equal(statSync(target).mode & 0o777, 0o600);
  assert.equal(readFileSync(target, 'utf8'), 'new\n');

  const link = join(temp.path, 'link.gradflow');
  symlinkSync('private.gradflow', link);
  host.saveAtomically(link, 'through the link\n');
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
  assert.equal(readFileSync(target, 'utf8'), 'through the link\n');
  symlinkSync('missing.gradflow', join(temp.path, 'dangling.gradflow'));
  assert.throws(() => host.saveAtomically(join(temp.path, 'dangling.gradflow'), 'x'), {
    message: `cannot save ${join(temp.path, 'dangling.gradflow')}: it is a symbolic link to a file that does not exist`,
  });

  const leftover = `${target}.tmp-${process.pid}`;
  writeFileSync(leftover, 'not ours\n');
  assert.throws(() => host.saveAtomically(target, 'newer\n'), {
    message: `cannot save ${target}: the temporary file ${leftover} already exists (left by an earlier run?); remove it and save again (the file was not changed)`,
  });
  assert.equal(readFileSync(leftover, 'utf8'), 'not ours\n', 'a temporary that was already there is left alone');
  assert.equal(readFileSync(target, 'utf8'), 'through the link\n');
});

test('relocate writes command-line data paths relative to the saved file, the separate test set\'s too', () => {
  const doc = {
    format: 'gradflow', version: 1, nodes: [], edges: [], groups: [], training: {},
    data: { kind: 'file', path: '/work/data/rows.csv', testData: { kind: 'file', path: '/work/data/test.csv' } },
  } as unknown as GradflowDocument;
  const typed = new Set(['/work/data/rows.csv', '/work/data/test.csv']);
  assert.deepEqual(relocate(doc, '/work/a/m.gradflow', '/work/b/m.gradflow', typed).data,
    { kind: 'file', path: '../data/rows.csv', testData: { kind: 'file', path: '../data/test.csv' } });
  // Absolute paths the document itself holds stay absolute.
  assert.deepEqual(relocate(doc, '/work/a/m.gradflow', '/work/b/m.gradflow').data, doc.data);
});
