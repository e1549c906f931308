// IPC: only our page in a window's top frame may send, and every payload is checked before it is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTOSAVE_LIMITS } from './autosave-format.ts';
import { INVOKE_CHANNELS, PUSH_CHANNELS, SEND_CHANNELS } from './ipc-channels.ts';
import { checkIncoming, senderProblem, validateDocumentShape, validators } from './ipc-validate.ts';

const app = { url: 'app://gradflow/index.html', isTopFrame: true };
const doc = { format: 'gradflow', version: 1, nodes: [], edges: [], groups: [], training: {} };

test('the sender must be the app page in a top frame', () => {
  assert.equal(senderProblem(app), null);
  assert.equal(senderProblem({ url: 'app://gradflow/', isTopFrame: true }), null);
  const refused: [typeof app | null | undefined, RegExp][] = [
    [null, /frame is gone/],
    [undefined, /frame is gone/],
    [{ ...app, isTopFrame: false }, /sub-frames/],
    [{ url: 'https://evil.example/', isTopFrame: true }, /https:\/\/evil.example is not the app/],
    [{ url: 'file:///home/ada/page.html', isTopFrame: true }, /file:\/\/ is not the app/],
    [{ url: 'app://gradflow.evil/index.html', isTopFrame: true }, /not the app/],
    [{ url: 'app://other/index.html', isTopFrame: true }, /not the app/],
    [{ url: 'about:blank', isTopFrame: true }, /not the app/],
    [{ url: 'not a url', isTopFrame: true }, /is not a URL/],
  ];
  for (const [frame, expected] of refused) assert.match(senderProblem(frame) ?? 'accepted', expected, JSON.stringify(frame));
});

test('a message from a foreign sender is refused before its payload is looked at', () => {
  const result = checkIncoming('engine:command', { url: 'https://evil.example/', isTopFrame: true }, { type: 'train' });
  assert.deepEqual(result, { ok: false, error: 'engine:command: refused: the sender https://evil.example is not the app (app://gradflow)' });
});

test('every incoming channel has a validator, and the channel lists are complete', () => {
  assert.deepEqual(Object.keys(validators).sort(), [...INVOKE_CHANNELS, ...SEND_CHANNELS].sort());
  assert.ok(INVOKE_CHANNELS.includes('autosave:write') && INVOKE_CHANNELS.includes('autosave:read'));
  assert.deepEqual(PUSH_CHANNELS.sort(), ['document:opened', 'engine:port', 'menu:command']);
});

test('engine commands go through the protocol parser, and a load must carry a document', () => {
  assert.deepEqual(checkIncoming('engine:command', app, { type: 'train', epochs: 3 }), { ok: true, value: { type: 'train', epochs: 3 } });
  assert.equal(checkIncoming('engine:command', app, { type: 'load', document: doc }).ok, true);
  const bad: [unknown, RegExp][] = [
    [null, /must be an object with a "type"/],
    ['train', /must be an object/],
    [{ type: 'format-disk' }, /unknown command "format-disk"/],
    [{ type: 'train', epochs: -1 }, /epochs must be a whole number/],
    [{ type: 'set-learning-rate', learningRate: Number.NaN }, /learningRate must be a positive number/],
    [{ type: 'load' }, /needs a document/],
    [{ type: 'load', document: { format: 'other' } }, /format "gradflow"/],
    [{ type: 'load', document: { ...doc, nodes: 'all' } }, /nodes must be a list/],
  ];
  for (const [payload, expected] of bad) {
    const result = checkIncoming('engine:command', app, payload);
    assert.equal(result.ok, false, JSON.stringify(payload));
    if (!result.ok) {
      assert.match(result.error, /^engine:command: refused: /);
      assert.match(result.error, expected);
    }
  }
});

test('save requests need a document outline and a saveAs flag', () => {
  assert.deepEqual(checkIncoming('file:save', app, { document: doc, saveAs: false }), { ok: true, value: { document: doc, saveAs: false } });
  for (const [payload, expected] of [
    [undefined, /needs \{document, saveAs\}/],
    [{ document: doc }, /saveAs must be true or false/],
    [{ document: null, saveAs: true }, /the document must be an object/],
    [{ document: { ...doc, version: '1' }, saveAs: true }, /integer version/],
    [{ document: { ...doc, training: [] }, saveAs: true }, /training must be an object/],
  ] as const) {
    const result = checkIncoming('file:save', app, payload);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error, expected);
  }
});

test('examples are named by a plain file name only', () => {
  assert.deepEqual(validators['examples:open']({ file: 'ch1-chain.gradflow' }), { ok: true, value: { file: 'ch1-chain.gradflow' } });
  for (const file of ['../../etc/passwd.gradflow', '/abs.gradflow', 'a/b.gradflow', 'a\\b.gradflow', '..gradflow', 'x.txt', '', 'x..y.gradflow']) {
    assert.equal(validators['examples:open']({ file }).ok, false, file);
  }
  assert.equal(validators['examples:open']('ch1-chain.gradflow').ok, false);
});

test('small channels: no payload where none is expected, a boolean dirty flag', () => {
  assert.deepEqual(validators['document:get'](undefined), { ok: true, value: null });
  assert.deepEqual(validators['file:open'](null), { ok: true, value: null });
  assert.match(JSON.stringify(validators['examples:list']({ sneaky: 1 })), /takes no payload/);
  assert.deepEqual(validators['window:set-dirty']({ dirty: true }), { ok: true, value: { dirty: true } });
  assert.equal(validators['window:set-dirty']({ dirty: 'yes' }).ok, false);
  assert.equal(validators['window:set-dirty'](true).ok, false);
  assert.equal(validateDocumentShape([]).ok, false);
});

test('autosave:write takes a strict record or null; autosave:read takes nothing', () => {
  const record = { name: 'draft', text: '{"format": "gradflow"}', savedAt: 1_700_000_000_000 };
  assert.deepEqual(checkIncoming('autosave:write', app, record), { ok: true, value: record });
  assert.deepEqual(checkIncoming('autosave:write', app, null), { ok: true, value: null });
  const withRef = { ...record, ref: '/home/ada/net.gradflow' };
  assert.deepEqual(validators['autosave:write'](withRef), { ok: true, value: withRef });
  assert.deepEqual(validators['autosave:write']({ ...record, ref: undefined }), { ok: true, value: record }, 'an undefined ref is no ref');
  assert.deepEqual(validators['autosave:write']({ ...record, name: '', text: '' }), { ok: true, value: { ...record, name: '', text: '' } });
  const atLimit = { ...record, text: 'x'.repeat(AUTOSAVE_LIMITS.maxTextLength) };
  assert.equal(validators['autosave:write'](atLimit).ok, true, 'text up to the document size limit');

  const refused: [unknown, RegExp][] = [
    [undefined, /needs \{name, text, ref\?, savedAt\} or null/],
    ['draft', /needs \{name, text, ref\?, savedAt\}/],
    [[record], /needs \{name, text, ref\?, savedAt\}/],
    [{ ...record, path: '/etc/passwd' }, /unknown field "path"/],
    [{ ...record, slot: 'x', file: 'y' }, /unknown fields "slot", "file"/],
    [{ text: 'x', savedAt: 1 }, /name must be a string/],
    [{ ...record, name: 7 }, /name must be a string/],
    [{ ...record, name: 'n'.repeat(AUTOSAVE_LIMITS.maxNameLength + 1) }, /name is longer than 1024 characters/],
    [{ ...record, text: { nodes: [] } }, /text must be a string/],
    [{ ...record, text: 'x'.repeat(AUTOSAVE_LIMITS.maxTextLength + 1) }, /text is longer than the document limit/],
    [{ ...record, ref: '' }, /ref must be a non-empty string/],
    [{ ...record, ref: null }, /ref must be a non-empty string/],
    [{ ...record, ref: 'r'.repeat(AUTOSAVE_LIMITS.maxRefLength + 1) }, /ref is longer than 8192 characters/],
    [{ name: 'x', text: 'x' }, /savedAt must be a finite time/],
    [{ ...record, savedAt: '1700000000000' }, /savedAt must be a finite time/],
    [{ ...record, savedAt: Number.NaN }, /savedAt must be a finite time/],
    [{ ...record, savedAt: Number.POSITIVE_INFINITY }, /savedAt must be a finite time/],
    [{ ...record, savedAt: -1 }, /savedAt must be a finite time/],
  ];
  for (const [payload, expected] of refused) {
    const result = checkIncoming('autosave:write', app, payload);
    assert.equal(result.ok, false, JSON.stringify(payload)?.slice(0, 80));
    if (!result.ok) {
      assert.match(result.error, /^autosave:write: refused: /);
      assert.match(result.error, expected);
    }
  }
  assert.equal(checkIncoming('autosave:write', { url: 'https://evil.example/', isTopFrame: true }, record).ok, false);
  assert.deepEqual(validators['autosave:read'](null), { ok: true, value: null });
  assert.match(JSON.stringify(validators['autosave:read']({ slot: '../x' })), /takes no payload/);
});
