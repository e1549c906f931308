// Loading complete documents: a table of bad documents, each with the one message it must produce (and
// never an exception), plus the semantic warnings and group reconciliation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocument } from './load.ts';
import { serializeDocument } from './serialize.ts';
import { parametersFromDocument, parametersToDocument } from './parameters.ts';
import type { GradflowDocument } from './types.ts';
import { Tensor } from '../tensor/tensor.ts';

const fixture = readFileSync(join(import.meta.dirname, '../../test/fixtures/documents/linear-regression.gradflow'), 'utf8');
const base = (): GradflowDocument => {
  const result = loadDocument(fixture);
  assert.ok(result.ok, 'the fixture loads');
  return structuredClone(result.doc);
};
const mutate = (change: (doc: GradflowDocument) => void): string => {
  const doc = base();
  change(doc);
  return JSON.stringify(doc);
};

const BAD_DOCUMENTS: { name: string; text: () => string; path: string; message: string }[] = [
  { name: 'malformed JSON', text: () => '{"format": "gradflow", "version": 1, "nodes": [', path: '', message: 'line 1, column 48: the file ends too early' },
  { name: 'not JSON at all', text: () => 'hello', path: '', message: 'line 1, column 1' },
  { name: 'missing header', text: () => mutate((d) => { delete (d as Partial<GradflowDocument>).format; }), path: 'format', message: 'not a Gradflow file (it has no "format": "gradflow" header)' },
  { name: 'newer version', text: () => mutate((d) => { (d as { version: number }).version = 7; }), path: 'version', message: 'this file was written by a newer Gradflow (version 7); this build reads up to version 1. Update Gradflow to open it.' },
  { name: 'unknown op', text: () => mutate((d) => { d.nodes[2]!.op = 'WeightMultiplY'; }), path: 'nodes[2].op', message: 'node "w" has unknown operation "WeightMultiplY" — did you mean "WeightMultiply"?' },
  { name: 'unknown op, nothing close', text: () => mutate((d) => { d.nodes[2]!.op = 'Transformer'; }), path: 'nodes[2].op', message: 'node "w" has unknown operation "Transformer"' },
  { name: 'dangling edge', text: () => mutate((d) => { d.edges[0]!.to.node = 'nowhere'; }), path: 'edges[0].to.node', message: 'dangling edge "x-w": its "to" node "nowhere" does not exist' },
  { name: 'wrong attribute type', text: () => mutate((d) => { d.nodes[2]!.attributes.neurons = 'ten'; }), path: 'nodes[2].attributes.neurons', message: 'node "w" (WeightMultiply): neurons expected a number, got "ten"' },
  { name: 'attribute out of range', text: () => mutate((d) => { d.nodes[2]!.attributes.neurons = 0; }), path: 'nodes[2].attributes.neurons', message: 'node "w" (WeightMultiply): neurons must be at least 1, got 0' },
  { name: 'fractional count', text: () => mutate((d) => { d.nodes[2]!.attributes.neurons = 2.5; }), path: 'nodes[2].attributes.neurons', message: 'node "w" (WeightMultiply): neurons expected a whole number, got 2.5' },
  { name: 'bad enum', text: () => mutate((d) => { d.nodes[2]!.attributes.init = 'xavier'; }), path: 'nodes[2].attributes.init', message: 'node "w" (WeightMultiply): init expected one of "standard", "glorot", "he", "zeros", got "xavier"' },
  { name: 'unknown port', text: () => mutate((d) => { d.edges[0]!.to.port = 'W'; }), path: 'edges[0]', message: 'edge "x-w": WeightMultiply "w" has no input port "W" (ports: X)' },
  {
    name: 'cycle',
    text: () => mutate((d) => {
      d.nodes.push({ id: 't', op: 'Tanh', attributes: {}, position: { x: 0, y: 0 } });
      d.edges.push({ id: 'b-t', from: { node: 'b', port: 'out' }, to: { node: 't', port: 'X' } });
      d.edges[0]!.from.node = 't';
    }),
    path: 'nodes[2]',
    message: 'the graph has a cycle: w → b → t → w; values must flow one way — remove one of the edges on that loop',
  },
  {
    name: 'shape mismatch',
    text: () => mutate((d) => { d.nodes[1]!.attributes.shape = [3]; }),
    path: 'edges[3]',
    message: 'MeanSquaredError "loss": prediction (N, 1) and target (N, 3) must have the same shape (inputs: prediction ← "act" (N, 1), target ← "y" (N, 3)) — make the last layer produce (N, 3)',
  },
  {
    name: 'saved parameter for a missing node',
    text: () => mutate((d) => { d.parameters = { 'ghost.W': { shape: [1], dtype: 'float32', data: 'AAAAAA==' } }; }),
    path: 'parameters["ghost.W"]',
    message: 'saved parameter "ghost.W" belongs to no node of this graph',
  },
  {
    name: 'saved parameter of the wrong shape',
    text: () => mutate((d) => { d.parameters = { 'w.W': { shape: [1], dtype: 'float32', data: 'AAAAAA==' } }; }),
    path: 'parameters["w.W"].shape',
    message: 'saved parameter "w.W" has shape (1,) but WeightMultiply "w" needs (13, 1)',
  },
];

for (const bad of BAD_DOCUMENTS) {
  test(`bad document: ${bad.name}`, () => {
    let result;
    assert.doesNotThrow(() => { result = loadDocument(bad.text()); });
    assert.ok(result, 'a result came back');
    const { ok } = result as ReturnType<typeof loadDocument>;
    assert.equal(ok, false);
    const errors = (result as { errors: { path: string; message: string }[] }).errors;
    const found = errors.find((e) => e.message.includes(bad.message));
    assert.ok(found, `expected a message containing:\n  ${bad.message}\ngot:\n  ${errors.map((e) => `${e.path}: ${e.message}`).join('\n  ')}`);
    assert.equal(found.path, bad.path);
  });
}

test('a half-wired graph loads, with a warning naming the unconnected port', () => {
  const result = loadDocument(mutate((d) => { d.edges = d.edges.filter((e) => e.id !== 'w-b'); }));
  assert.ok(result.ok);
  assert.ok(result.warnings.includes('input X of BiasAdd "b" is not connected'), result.warnings.join('\n'));
});

test('a layer edited so it no longer matches its template loads as a plain group, and says so', () => {
  const result = loadDocument(mutate((d) => { d.nodes[3]!.op = 'Tanh'; }));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  const group = result.doc.groups[0]!;
  assert.equal(group.kind, 'Group');
  assert.ok(result.warnings.some((w) => w.includes('is no longer a Dense layer')), result.warnings.join('\n'));
});

test('trained parameters survive save and load bit for bit', () => {
  const doc = base();
  const w = Tensor.from(Array.from({ length: 13 }, (_, i) => Math.fround(Math.sin(i) * 3)), [13, 1]);
  doc.parameters = parametersToDocument(new Map([['w.W', w], ['b.B', Tensor.from([0.25], [1, 1])]]));
  const reloaded = loadDocument(serializeDocument(doc));
  assert.ok(reloaded.ok, JSON.stringify(!reloaded.ok && reloaded.errors));
  const restored = parametersFromDocument(reloaded.doc);
  assert.ok(restored.ok);
  assert.deepEqual([...restored.store.get('w.W')!.data], [...w.data]);
  assert.deepEqual(restored.store.get('b.B')!.shape, [1, 1]);
});

test('a bad data source is refused with a path under data', () => {
  const result = loadDocument(mutate((d) => { d.data = { kind: 'builtin', name: 'imagenet', split: { method: 'random', validation: 0.7, test: 0.4 } }; }));
  assert.equal(result.ok, false);
  const errors = (result as { errors: { path: string; message: string }[] }).errors;
  assert.deepEqual(errors.map((e) => e.path).sort(), ['data.name', 'data.split']);
  assert.match(errors.find((e) => e.path === 'data.name')!.message, /expected one of "mnist", "auto-mpg"/);
  assert.equal(errors.find((e) => e.path === 'data.split')!.message, 'validation (0.7) and test (0.4) leave no rows to train on');
});

test('an editor may open a document with a shape mismatch: the mismatch comes back as a warning', () => {
  const text = mutate((d) => { d.nodes[1]!.attributes.shape = [3]; });
  assert.equal(loadDocument(text).ok, false, 'strict by default: a file must run as saved');
  const tolerant = loadDocument(text, {}, { shapeProblems: 'warning' });
  assert.ok(tolerant.ok);
  assert.ok(tolerant.warnings.some((w) => w.includes('prediction (N, 1) and target (N, 3) must have the same shape')), tolerant.warnings.join('\n'));
  assert.equal(loadDocument(mutate((d) => { d.nodes[2]!.op = 'Nope'; }), {}, { shapeProblems: 'warning' }).ok, false, 'other problems still refuse it');
});
