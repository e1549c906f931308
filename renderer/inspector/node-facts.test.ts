import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GradflowDocument } from '../../core/document/types.ts';
import { inferView } from '../canvas/to-flow.ts';
import { layerPatch, nodeFacts } from './node-facts.ts';

const spiral = JSON.parse(readFileSync(join(import.meta.dirname, '../../assets/examples/spiral.gradflow'), 'utf8')) as GradflowDocument;

test('nodeFacts gives the op, the attributes in force, what feeds each port and the output shape', () => {
  const facts = nodeFacts(spiral, 'dense2_w', inferView(spiral).shapes);
  assert.ok(facts);
  assert.equal(facts.opType, 'WeightMultiply');
  assert.equal(facts.op?.type, 'WeightMultiply');
  assert.equal(facts.attributes.neurons, 16);
  assert.deepEqual(facts.ports.map((p) => [p.name, p.from, p.shape]), [['X', 'dense1_act', '(N, 16)']]);
  assert.equal(facts.outputShape, '(N, 16)');
  assert.equal(facts.layer?.group.id, 'dense2');
  assert.equal(facts.layer?.attributes.activation, 'tanh');
  assert.equal(facts.layer?.attributes.dropout, 1, 'defaults are filled in');
});

test('nodeFacts: an unconnected port, a node outside any layer, a missing node', () => {
  const doc = { ...spiral, edges: spiral.edges.filter((e) => e.id !== 'target->loss') };
  const facts = nodeFacts(doc, 'loss', inferView(doc).shapes);
  assert.ok(facts);
  assert.equal(facts.layer, null);
  const target = facts.ports.find((p) => p.isTarget);
  assert.ok(target);
  assert.equal(target.from, null);
  assert.equal(target.shape, '?');
  assert.equal(nodeFacts(spiral, 'nope', new Map()), null);
});

test('layerPatch keeps the other settings', () => {
  const facts = nodeFacts(spiral, 'dense1_b', new Map());
  assert.ok(facts?.layer);
  assert.deepEqual(layerPatch(facts.layer, 'neurons', 8), { neurons: 8, activation: 'tanh', init: 'glorot', dropout: 1 });
});
