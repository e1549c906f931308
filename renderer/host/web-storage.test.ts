// Recent files and autosave of the web host, over an in-memory store (IndexedDB itself is the browser's).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RECENT, MAX_RECENT_TEXT, memoryStore, pushRecent, WebStorage, type StoredRecent } from './web-storage.ts';

const entry = (ref: string, at = 0, text = 't'): StoredRecent => ({ ref, name: `${ref}.gradflow`, at, text });

test('the recent list puts the latest first, once, and stays short', () => {
  let list: StoredRecent[] = [];
  for (let i = 0; i < MAX_RECENT + 3; i++) list = pushRecent(list, entry(`f${i}`, i));
  assert.equal(list.length, MAX_RECENT);
  assert.equal(list[0]?.ref, `f${MAX_RECENT + 2}`);
  list = pushRecent(list, entry('f5', 99));
  assert.equal(list[0]?.at, 99);
  assert.equal(list.filter((r) => r.ref === 'f5').length, 1);
});

test('a very large document is listed without its text copy', () => {
  const [big] = pushRecent([], entry('big', 0, 'x'.repeat(MAX_RECENT_TEXT + 1)));
  assert.equal(big?.text, undefined);
  assert.equal(big?.ref, 'big');
});

test('WebStorage keeps recent files and one autosave record', async () => {
  const storage = new WebStorage(memoryStore());
  assert.deepEqual(await storage.recent(), []);
  await storage.addRecent(entry('a', 1));
  await storage.addRecent(entry('b', 2));
  assert.deepEqual((await storage.recent()).map((r) => r.ref), ['b', 'a']);
  assert.equal((await storage.findRecent('a'))?.text, 't');
  await storage.removeRecent('b');
  await storage.removeRecent('gone');
  assert.deepEqual((await storage.recent()).map((r) => r.ref), ['a']);
  assert.equal(await storage.readAutosave(), null);
  await storage.autosave({ name: 'draft', text: '{}', savedAt: 5 });
  assert.equal((await storage.readAutosave())?.name, 'draft');
  await storage.autosave(null);
  assert.equal(await storage.readAutosave(), null);
});
