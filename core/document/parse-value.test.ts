// parseDocumentValue: the structural checks for a document that arrives as a value (a 'load' message, a
// structured clone) instead of text — the same answers as for the file, plus what only a value can carry:
// non-JSON types, cycles, lists shared a billion times over, nesting no text scan bounded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocumentStructure, parseDocumentValue } from './parse.ts';
import { nested } from '../../test/support/fuzz.ts';

const fixture = readFileSync(join(import.meta.dirname, '../../test/fixtures/documents/linear-regression.gradflow'), 'utf8');
// Tests poke at arbitrary JSON.
type Json = any;
const value = (change: (doc: Json) => void = () => {}): Json => {
  const doc = JSON.parse(fixture);
  change(doc);
  return doc;
};
const errorsOf = (doc: unknown) => {
  const result = parseDocumentValue(doc);
  if (result.ok) assert.fail('expected the document to be refused');
  return result.errors;
};

test('a valid document value gives the same document as its text', () => {
  const fromValue = parseDocumentValue(value());
  const fromText = parseDocumentStructure(fixture);
  assert.ok(fromValue.ok && fromText.ok);
  assert.deepEqual(fromValue.doc, fromText.doc);
});

test('what a file would be refused for, a value is refused for with the same message', () => {
  assert.deepEqual(errorsOf(value((d) => { d.nodes.push({ ...d.nodes[2], position: { x: 1, y: 1 } }); })), [{ path: 'nodes[6].id', message: 'duplicate node id "w" (nodes[2] has it too)' }]);
  assert.deepEqual(errorsOf(value((d) => { d.version = 9; })), [{ path: 'version', message: 'this file was written by a newer Gradflow (version 9); this build reads up to version 1. Update Gradflow to open it.' }]);
  assert.deepEqual(errorsOf(value((d) => { d.nodes[0].attributes = 'x'.repeat(10 * 1024 * 1024); })), [{ path: 'nodes[0].attributes', message: 'expected an object, got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"' }]);
  assert.deepEqual(errorsOf(value((d) => { d.training.epochs = NaN; })), [{ path: 'training.epochs', message: 'is a number too large to represent (not finite)' }]);
});

test('values no file can hold are refused by path: undefined in a list, a Map, a Date, a BigInt, a function', () => {
  assert.deepEqual(errorsOf(value((d) => { d.nodes[1] = undefined; })), [{ path: 'nodes[1]', message: 'is undefined, which a document cannot hold' }]);
  assert.deepEqual(errorsOf(value((d) => { d.nodes[0].attributes = new Map([['shape', [13]]]); })), [{ path: 'nodes[0].attributes', message: 'is a Map, which a document cannot hold' }]);
  assert.deepEqual(errorsOf(value((d) => { d.view = new Date(0); })), [{ path: 'view', message: 'is a Date, which a document cannot hold' }]);
  assert.deepEqual(errorsOf(value((d) => { d.training.seed = 10n; })), [{ path: 'training.seed', message: 'is a BigInt, which a document cannot hold' }]);
  assert.deepEqual(errorsOf(value((d) => { d.name = () => 1; })), [{ path: 'name', message: 'is a function, which a document cannot hold' }]);
  // An object key holding undefined is absent, as JSON.stringify would write it.
  assert.equal(parseDocumentValue(value((d) => { d.nodes[0].label = undefined; })).ok, true);
});

test('deep nesting, a cycle and a shared-list bomb are refused without recursion or a hang', () => {
  assert.deepEqual(errorsOf(value((d) => { d.data = { kind: 'inline', x: nested(100_000) }; })), [{ path: 'data.x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]', message: 'is nested more than 64 levels deep' }]);
  const cyclic = value();
  cyclic.training.self = cyclic;
  assert.match(errorsOf(cyclic)[0]!.message, /^is nested more than 64 levels deep$/);
  // 40 levels of [same, same]: 2^40 values if written out; the size budget stops the walk early.
  let bomb: Json = [0];
  for (let k = 0; k < 40; k++) bomb = [bomb, bomb];
  const start = performance.now();
  assert.deepEqual(errorsOf(value((d) => { d.data = { kind: 'inline', x: bomb }; })), [{ path: '', message: 'the document is too large (more than a 64.0 MB file could hold)' }]);
  assert.ok(performance.now() - start < 10_000, 'the walk stops at the size budget');
});

test('a non-object and a document without a header get the file messages', () => {
  assert.deepEqual(errorsOf([]), [{ path: '', message: 'not a Gradflow file: expected a JSON object at the top level, got an empty list' }]);
  assert.deepEqual(errorsOf({ nodes: [] }), [{ path: 'format', message: 'not a Gradflow file (it has no "format": "gradflow" header)' }]);
});
