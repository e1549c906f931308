// Crash recovery on the real disk (a temp folder): each window's copy written atomically, overwritten and
// removed; the claim rule across sessions and windows; corrupt, oversized and half-written files; and failures
// injected through the file-system adapter (ENOSPC, EACCES, EROFS) that leave the previous copy intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTOSAVE_LIMITS, decodeAutosave, encodeAutosave } from './autosave-format.ts';
import { AutosaveStore, nodeAutosaveFileSystem, type AutosaveFileSystem, type AutosaveStoreOptions } from './autosave-store.ts';
import type { AutosaveRecord } from './preload-api.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-autosave-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'autosave');
}

/** Predictable slot ids: 000…01, 000…02, … (a new store = a new session; ids must not repeat across them). */
let nextId = 1;
const ids = () => (nextId++).toString(16).padStart(16, '0');

function store(dir: string, options: AutosaveStoreOptions = {}) {
  const warnings: string[] = [];
  const s = new AutosaveStore(dir, { newSlotId: ids, warn: (line) => warnings.push(line), ...options });
  return { s, warnings };
}

const record = (name: string, text = `{"name": "${name}"}\n`, savedAt = 1_700_000_000_000): AutosaveRecord => ({ name, text, savedAt });
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
/** Makes a file look written `secondsAgo` (the claim order is by modification time). */
const age = (path: string, secondsAgo: number) => {
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, when, when);
};

test('the file format keeps the text byte for byte and refuses what is not a copy', () => {
  const text = '{\n  "name": "naïve \\"net\\" ✓ 🧠"\n}\n\n';
  const full: AutosaveRecord = { name: 'naïve\nnet', text, ref: '/home/ada/a b.gradflow', savedAt: 12.5 };
  assert.deepEqual(decodeAutosave(encodeAutosave(full)), { ok: true, value: full });
  assert.deepEqual(decodeAutosave(encodeAutosave(record('x', ''))), { ok: true, value: record('x', '') });
  const header = (h: object) => `${JSON.stringify(h)}\n{}`;
  const refused: [string, RegExp][] = [
    ['', /no header line/],
    ['{"format": "gradflow-autosave"', /no header line/],
    ['not json\n{}', /header is not JSON/],
    [header({ format: 'gradflow', version: 1, name: 'x', savedAt: 1 }), /not a Gradflow recovery copy/],
    [header({ format: 'gradflow-autosave', version: 2, name: 'x', savedAt: 1 }), /version 2; this app reads version 1/],
    [header({ format: 'gradflow-autosave', version: 1, name: 'x', savedAt: 1, extra: true }), /unknown field "extra"/],
    [header({ format: 'gradflow-autosave', version: 1, name: 'x', savedAt: 1, text: 'sneaky' }), /the text follows the header/],
    [header({ format: 'gradflow-autosave', version: 1, name: 'x' }), /savedAt must be a finite time/],
    [header({ format: 'gradflow-autosave', version: 1, name: 3, savedAt: 1 }), /name must be a string/],
  ];
  for (const [contents, expected] of refused) {
    const decoded = decodeAutosave(contents);
    assert.equal(decoded.ok, false, contents);
    if (!decoded.ok) assert.match(decoded.error, expected, contents);
  }
});

test('write keeps one private file per window, atomically; a new write replaces it and null removes it', async (t) => {
  const dir = tempDir(t);
  const { s, warnings } = store(dir);
  const a = s.attach();
  assert.deepEqual(await s.write(a, record('first')), { status: 'done' }, 'the folder is created on the first write');
  assert.deepEqual(files(dir), [`${a}.autosave`], 'one file, no temporary file left');
  if (process.platform !== 'win32') assert.equal(statSync(s.fileOf(a)).mode & 0o777, 0o600);
  assert.deepEqual(decodeAutosave(readFileSync(s.fileOf(a), 'utf8')), { ok: true, value: record('first') });

  const second = { ...record('second', 'x'.repeat(5000)), ref: '/home/ada/net.gradflow' };
  assert.deepEqual(await s.write(a, second), { status: 'done' });
  assert.deepEqual(files(dir), [`${a}.autosave`]);
  assert.deepEqual(decodeAutosave(readFileSync(s.fileOf(a), 'utf8')), { ok: true, value: second });

  assert.deepEqual(await s.write(a, null), { status: 'done' });
  assert.deepEqual(files(dir), []);
  assert.deepEqual(await s.write(a, null), { status: 'done' }, 'removing what is not there is fine');
  assert.deepEqual(warnings, []);
});

test('a window is offered its own copy (its page reloaded), never a copy of another live window', async (t) => {
  const dir = tempDir(t);
  const { s } = store(dir);
  const a = s.attach();
  const b = s.attach();
  assert.equal(await s.recover(a), null, 'nothing yet, and no folder');
  await s.write(a, record('work in a'));
  assert.equal(await s.recover(b), null, "a's copy belongs to a live window");
  assert.deepEqual(await s.recover(a), record('work in a'));
  assert.deepEqual(files(dir), [`${a}.autosave`], 'reading its own copy leaves it in place');
  // Offered and not answered (no restore, no discard): closing the window does not throw the work away.
  await s.detach(a);
  assert.deepEqual(files(dir), [`${a}.autosave`]);
  assert.deepEqual(await s.recover(b), record('work in a'), 'the next window is offered it');
});

test('the claim rule: each new window gets the newest copy a crashed session left, once; discard deletes it', async (t) => {
  const dir = tempDir(t);
  // Session 1 has two windows with unsaved work, then is killed (nothing is detached).
  const crashed = store(dir).s;
  const [old1, old2] = [crashed.attach(), crashed.attach()];
  await crashed.write(old1, record('older work'));
  await crashed.write(old2, record('newer work'));
  age(crashed.fileOf(old1), 120);
  age(crashed.fileOf(old2), 60);

  // Session 2: three windows ask at start-up.
  const { s, warnings } = store(dir);
  const [w1, w2, w3] = [s.attach(), s.attach(), s.attach()];
  assert.deepEqual(await s.recover(w1), record('newer work'));
  assert.deepEqual(files(dir), [`${old1}.autosave`, `${w1}.autosave`].sort(), 'claimed: renamed to the asking window');
  assert.deepEqual(await s.recover(w2), record('older work'), 'the second window gets the next one, not the same');
  assert.equal(await s.recover(w3), null);
  assert.deepEqual(await s.recover(w1), record('newer work'), 'asking again (a reload) gives the same copy');

  // w1 discards: its file (the claimed copy) goes. w2 closes without answering: the copy waits for the next window.
  await s.write(w1, null);
  await s.detach(w2);
  assert.deepEqual(files(dir), [`${w2}.autosave`]);
  const w4 = s.attach();
  assert.deepEqual(await s.recover(w4), record('older work'));
  // w4 restores it (the page writes it back as its own work), then closes cleanly: the copy is removed.
  await s.write(w4, record('older work, restored'));
  await s.detach(w4);
  assert.deepEqual(files(dir), []);
  assert.deepEqual(warnings, []);
});

test('two windows asking at once cannot claim the same copy', async (t) => {
  const dir = tempDir(t);
  const crashed = store(dir).s;
  await crashed.write(crashed.attach(), record('only one'));
  const { s } = store(dir);
  const results = await Promise.all([s.recover(s.attach()), s.recover(s.attach()), s.recover(s.attach())]);
  assert.deepEqual(results.filter((r) => r !== null), [record('only one')]);
});

test('a clean close removes the copy; a crashed page keeps it for the next window; a closed slot writes nothing', async (t) => {
  const dir = tempDir(t);
  const { s } = store(dir);
  const [clean, crashedPage] = [s.attach(), s.attach()];
  await s.write(clean, record('saved later'));
  await s.write(crashedPage, record('unsaved when the page died'));
  await s.detach(clean);
  await s.detach(crashedPage, { keepFile: true });
  assert.deepEqual(files(dir), [`${crashedPage}.autosave`]);
  assert.deepEqual(await s.write(clean, record('late')), { status: 'failed', message: 'this window is closed' });
  assert.equal(await s.recover(clean), null);
  const next = s.attach();
  assert.deepEqual(await s.recover(next), record('unsaved when the page died'));
});

test('quitting removes the copies of the windows still open and waits for every queued delete', async (t) => {
  const dir = tempDir(t);
  const { s } = store(dir);
  const [a, b] = [s.attach(), s.attach()];
  await s.write(a, record('a'));
  await s.write(b, record('b'));
  void s.detach(a);
  await s.detachAll();
  assert.deepEqual(files(dir), []);
  assert.deepEqual(s.liveSlots(), []);
});

test('a corrupt copy is nothing to recover plus a warning, set aside; an older good one is still offered', async (t) => {
  const dir = tempDir(t);
  const crashed = store(dir).s;
  const good = crashed.attach();
  await crashed.write(good, record('good'));
  age(crashed.fileOf(good), 300);
  const torn = join(dir, '00000000000000aa.autosave');
  writeFileSync(torn, encodeAutosave(record('torn')).slice(0, 20));
  const binary = join(dir, '00000000000000bb.autosave');
  writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0x80]));
  age(binary, 10);
  writeFileSync(join(dir, 'notes.txt'), 'not ours');
  mkdirSync(join(dir, '00000000000000cc.autosave'));

  const { s, warnings } = store(dir);
  const w = s.attach();
  assert.deepEqual(await s.recover(w), record('good'));
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings.join('\n'), /ignored the recovery copy .*00000000000000aa\.autosave: (it has no header line|its header is not JSON) \(kept as .*\.corrupt\)/);
  assert.match(warnings.join('\n'), /00000000000000bb\.autosave: it is not text \(not valid UTF-8\)/);
  assert.ok(existsSync(`${torn}.corrupt`) && existsSync(`${binary}.corrupt`), 'set aside, not deleted');

  // Only corrupt copies left: null, and no warning twice for the same file.
  const again = s.attach();
  assert.equal(await s.recover(again), null);
  assert.equal(warnings.length, 2);
});

test('a copy over the size limit is refused before it is read', async (t) => {
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  const maxTextBytes = 1000;
  const big = join(dir, '00000000000000dd.autosave');
  writeFileSync(big, encodeAutosave(record('big', 'x'.repeat(maxTextBytes + AUTOSAVE_LIMITS.maxHeaderBytes + 1))));
  const read: string[] = [];
  const fs: AutosaveFileSystem = { ...nodeAutosaveFileSystem, readFile: async (path) => { read.push(path); return nodeAutosaveFileSystem.readFile(path); } };
  const { s, warnings } = store(dir, { fs, maxTextBytes });
  assert.equal(await s.recover(s.attach()), null);
  assert.deepEqual(read, [], 'never read');
  assert.match(warnings.join('\n'), /00000000000000dd\.autosave: it is 0\.1 MB, over the 0\.1 MB limit/);

  // Writing refuses a text over the limit (in UTF-8 bytes) and keeps the previous copy.
  const w = s.attach();
  await s.write(w, record('small'));
  const outcome = await s.write(w, record('huge', 'é'.repeat(600)));
  assert.equal(outcome.status, 'failed');
  if (outcome.status === 'failed') assert.match(outcome.message, /too large to keep a recovery copy/);
  assert.deepEqual(decodeAutosave(readFileSync(s.fileOf(w), 'utf8')), { ok: true, value: record('small') });
});

test('temporary files a crash left mid-write are cleared when a window looks for copies', async (t) => {
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.00000000000000ee.autosave.abc123.tmp'), 'half a copy');
  const { s } = store(dir);
  assert.equal(await s.recover(s.attach()), null);
  assert.deepEqual(files(dir), []);
});

const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
type Step = 'mkdir' | 'open' | 'write' | 'sync' | 'rename' | 'unlink' | 'readdir' | 'readFile';

/** The real file system, failing with `code` at `step` (a write fails half-way, as a full disk does). */
function failingAt(step: Step, code: string): AutosaveFileSystem {
  const real = nodeAutosaveFileSystem;
  return {
    ...real,
    mkdir: async (path) => { if (step === 'mkdir') throw errno(code); await real.mkdir(path); },
    readdir: async (path) => { if (step === 'readdir') throw errno(code); return real.readdir(path); },
    readFile: async (path) => { if (step === 'readFile') throw errno(code); return real.readFile(path); },
    unlink: async (path) => { if (step === 'unlink') throw errno(code); await real.unlink(path); },
    rename: async (from, to) => { if (step === 'rename') throw errno(code); await real.rename(from, to); },
    open: async (path, flags, mode) => {
      if (step === 'open') throw errno(code);
      const handle = await real.open(path, flags, mode);
      return {
        writeFile: async (data) => {
          if (step === 'write') {
            await handle.writeFile(data.subarray(0, data.length >> 1));
            throw errno(code);
          }
          await handle.writeFile(data);
        },
        sync: async () => { if (step === 'sync') throw errno(code); await handle.sync(); },
        close: () => handle.close(),
      };
    },
  };
}

const writeFailures: [Step, string, RegExp][] = [
  ['write', 'ENOSPC', /^the disk is full \(writing in .*autosave\); the previous recovery copy, if there was one, is unchanged$/],
  ['open', 'EACCES', /^permission denied \(writing in .*autosave\)/],
  ['sync', 'EIO', /^the disk reported an input\/output error/],
  ['rename', 'EROFS', /^the disk or folder is read-only \(writing in .*autosave\)/],
  ['mkdir', 'EACCES', /^permission denied \(could not create .*autosave\); the previous recovery copy/],
];

for (const [step, code, expected] of writeFailures) {
  test(`${code} at ${step}: a clear message, the previous copy intact, no temporary file`, async (t) => {
    const dir = tempDir(t);
    const ok = store(dir).s;
    const slot = ok.attach();
    await ok.write(slot, record('previous'));
    const before = readFileSync(ok.fileOf(slot));
    // The same slot, through a failing file system (a store is a session; reuse the id by construction).
    const { s } = store(dir, { fs: failingAt(step, code), newSlotId: () => slot });
    s.attach();
    const outcome = await s.write(slot, record('next', 'y'.repeat(10_000)));
    assert.equal(outcome.status, 'failed');
    if (outcome.status === 'failed') assert.match(outcome.message, expected);
    assert.deepEqual(readFileSync(ok.fileOf(slot)), before, 'the previous copy is byte for byte the same');
    assert.deepEqual(files(dir), [`${slot}.autosave`], 'no temporary file left');
  });
}

test('a delete that fails says so and keeps the file; unreadable folders and files are warnings, not errors', async (t) => {
  const dir = tempDir(t);
  const ok = store(dir).s;
  const slot = ok.attach();
  await ok.write(slot, record('kept'));
  const { s, warnings } = store(dir, { fs: failingAt('unlink', 'EACCES'), newSlotId: () => slot });
  s.attach();
  assert.deepEqual(await s.write(slot, null), { status: 'failed', message: `could not remove the recovery copy in ${dir}: permission denied` });
  assert.ok(existsSync(ok.fileOf(slot)));
  await s.detach(slot);
  assert.match(warnings.join('\n'), /could not remove the recovery copy .*: permission denied/);

  const noList = store(dir, { fs: failingAt('readdir', 'EACCES') });
  assert.equal(await noList.s.recover(noList.s.attach()), null);
  assert.match(noList.warnings.join('\n'), /could not look for recovery copies in .*: permission denied/);

  const noRead = store(dir, { fs: failingAt('readFile', 'EIO') });
  assert.equal(await noRead.s.recover(noRead.s.attach()), null);
  assert.match(noRead.warnings.join('\n'), /could not read the recovery copy .*: the disk reported an input\/output error/);
  assert.ok(existsSync(ok.fileOf(slot)), 'a copy that could not be read is left alone (not set aside)');
});

test('a copy that cannot be claimed (read-only folder) is still offered', async (t) => {
  const dir = tempDir(t);
  const crashed = store(dir).s;
  await crashed.write(crashed.attach(), record('rescued'));
  const { s, warnings } = store(dir, { fs: failingAt('rename', 'EROFS') });
  assert.deepEqual(await s.recover(s.attach()), record('rescued'));
  assert.match(warnings.join('\n'), /could not take over the recovery copy .*: the disk or folder is read-only/);
});

test('operations run in order: a remove asked for after a slow write leaves no copy behind', async (t) => {
  const dir = tempDir(t);
  const slow: AutosaveFileSystem = {
    ...nodeAutosaveFileSystem,
    open: async (path, flags, mode) => {
      const handle = await nodeAutosaveFileSystem.open(path, flags, mode);
      return { ...handle, writeFile: async (data) => { await new Promise((r) => setTimeout(r, 50)); await handle.writeFile(data); }, sync: () => handle.sync(), close: () => handle.close() };
    },
  };
  const { s } = store(dir, { fs: slow });
  const w = s.attach();
  const writing = s.write(w, record('slow'));
  const removing = s.write(w, null);
  assert.deepEqual(await Promise.all([writing, removing]), [{ status: 'done' }, { status: 'done' }]);
  assert.deepEqual(files(dir), []);
});
